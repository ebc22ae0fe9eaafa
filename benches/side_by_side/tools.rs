//! Which peers are on PATH, their versions, and the machine the bench runs
//! on (cores, CPU model, load average).

use std::path::Path;
use std::process::{Command, Stdio};

/// The peers the bench knows, with the command that prints each one's
/// version and the Debian package that installs it.
const PEERS: &[(&str, &[&str], &str)] = &[
    ("abook", &["--help"], "abook"),
    ("khard", &["--version"], "khard"),
    ("task", &["--version"], "taskwarrior"),
    ("fzf", &["--version"], "fzf"),
    ("sqlite3", &["--version"], "sqlite3"),
    ("grep", &["--version"], "grep"),
    ("tmux", &["-V"], "tmux"),
];

/// The peers found on PATH.
pub struct Installed {
    found: Vec<&'static str>,
}

impl Installed {
    /// Looks each peer up on PATH and prints one line for it: its version,
    /// or "not installed" with the package to install.
    pub fn find() -> Installed {
        let mut found = Vec::new();
        for (name, version_args, package) in PEERS {
            if on_path(name) {
                println!("  {name:8} {}", version(name, version_args));
                found.push(*name);
            } else {
                println!(
                    "  {name:8} not installed (apt-get install {package}): its rows are skipped"
                );
            }
        }
        Installed { found }
    }

    pub fn has(&self, name: &str) -> bool {
        self.found.contains(&name)
    }
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| is_executable(&dir.join(name)))
    })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn version(name: &str, args: &[&str]) -> String {
    Command::new(name)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            let text = [o.stdout, o.stderr].concat();
            String::from_utf8_lossy(&text)
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "(version unknown)".into())
}

/// The 1, 5 and 15-minute load averages, from /proc/loadavg.
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}
