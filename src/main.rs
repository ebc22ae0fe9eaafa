//! The `kariz` binary: parses the command line and hands over to the library.

fn main() -> std::process::ExitCode {
    kariz::cli::main()
}
