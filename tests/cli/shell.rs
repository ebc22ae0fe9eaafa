//! `kariz completions` and `kariz man`: generated from the command line
//! definition, working without a config or database.

use super::common::*;
use std::process::Command;

/// What bash completes for the words typed so far, using the script
/// `kariz completions bash` wrote, sourced into a real bash.
fn bash_complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let cword = words.len() - 1;
    let program = format!(
        r#"source "$1" || exit 3
COMP_WORDS=({line})
COMP_CWORD={cword}
COMP_LINE="{line}"
COMP_POINT=${{#COMP_LINE}}
_kariz kariz "${{COMP_WORDS[$COMP_CWORD]}}" "${{COMP_WORDS[$COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program, "bash"])
        .arg(script)
        .output()
        .expect("bash is needed for this test (it is on every CI machine kariz targets)");
    assert!(
        out.status.success(),
        "bash failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut got: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    got.sort();
    got
}

#[test]
fn bash_completes_subcommands_and_flags() {
    let env = Env::new();
    // A broken config must not stop completions (they never read it).
    std::fs::create_dir_all(env.config_file().parent().unwrap()).unwrap();
    std::fs::write(env.config_file(), "this is not toml [").unwrap();
    let script = env.path("kariz.bash");
    std::fs::write(&script, env.ok(["completions", "bash"])).unwrap();

    assert_eq!(bash_complete(&script, &["kariz", "dea"]), ["deal"]);
    assert_eq!(bash_complete(&script, &["kariz", "de"]), ["deal", "demo"]);
    let deal = bash_complete(&script, &["kariz", "deal", ""]);
    for sub in ["add", "list", "lost", "move", "show", "won"] {
        assert!(deal.iter().any(|w| w == sub), "{sub} in {deal:?}");
    }
    assert_eq!(
        bash_complete(&script, &["kariz", "person", "list", "--js"]),
        ["--json"]
    );
    // clap's `help` subcommand knows the whole tree too (a command's own
    // subcommands are built only when it runs, but not for completions).
    assert_eq!(
        bash_complete(&script, &["kariz", "help", "person", "li"]),
        ["list"]
    );
    assert_eq!(
        bash_complete(&script, &["kariz", "agenda", "--js"]),
        ["--json"]
    );
}

#[test]
fn each_command_is_described_by_its_own_line_in_help_and_the_manual() {
    let env = Env::new();
    // Commands whose arguments are built only when they run keep the
    // description the command list gives them, not their struct's.
    let top = env.ok(["--help"]);
    let agenda = env.ok(["agenda", "--help"]);
    let first = agenda.lines().next().unwrap_or_default();
    assert!(first.starts_with("My day: "), "{first}");
    assert!(top.contains(first), "{top}");
    let forget = env.ok(["forget", "--help"]);
    let first = forget.lines().next().unwrap_or_default();
    assert!(first.starts_with("Erase a person for good"), "{first}");
    let page = env.ok(["man"]);
    assert!(page.contains("Erase a person for good"), "{page}");
}

#[test]
fn every_shell_gets_a_script_naming_kariz() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = env.ok(["completions", shell]);
        assert!(script.contains("kariz"), "{shell}");
        assert!(script.contains("deal"), "{shell}: subcommands listed");
    }
    let err = env.fails(2, ["completions", "tcsh"]);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn man_page_is_roff_for_kariz_1() {
    let env = Env::new();
    let page = env.ok(["man"]);
    assert!(page.contains(".TH kariz 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"), "{page}");
    assert!(page.contains("completions"), "lists the subcommands");
}

#[test]
fn demo_help_names_the_demo_database() {
    let env = Env::new();
    let help = env.ok(["demo", "--help"]);
    assert!(help.contains("kariz/demo.db"), "{help}");
}
