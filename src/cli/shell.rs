//! `kariz completions SHELL` and `kariz man`: the shell conventions. Both
//! are generated from the clap definition, so they always match the
//! commands; neither opens the database or reads the config.

use anyhow::{Context as _, Result};
use clap::CommandFactory;
use std::io::Write;

/// Options of `kariz completions` (its help text is on the command).
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Writes the completion script for `args.shell` to standard output.
pub fn completions(args: &CompletionsArgs) -> Result<()> {
    super::deferred::build_whole_tree();
    let mut command = super::Cli::command();
    // Into memory first: clap_complete panics on a failed write (such as
    // `kariz completions bash | head`), and kariz does not panic.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "kariz", &mut script);
    write_out(&script).context("writing the completion script")
}

/// Writes `bytes` to standard output; a broken pipe reaches `cli::main`,
/// which treats it as the reader having had enough.
fn write_out(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Writes the kariz(1) manual page (roff) to standard output.
pub fn man() -> Result<()> {
    super::deferred::build_whole_tree();
    let mut page = Vec::new();
    clap_mangen::Man::new(super::Cli::command())
        .render(&mut page)
        .context("rendering the manual page")?;
    write_out(&page).context("writing the manual page")
}
