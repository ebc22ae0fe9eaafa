//! Who has the database open: a presence lock every kariz holds, so that
//! `kariz restore` can refuse while a colleague's kariz is still running,
//! and a plain "busy" message when a writer waits too long.
//!
//! Every kariz process that opens a database takes a *shared* `flock(2)`
//! on the database file and keeps it until it exits. `restore` asks for an
//! *exclusive* one without waiting: if it cannot get it, another kariz has
//! the file open. flock locks are separate from the POSIX record locks
//! SQLite uses, so they never get in SQLite's way, and they work across
//! accounts (any process that can open the file can hold one). They do not
//! see other programs (the `sqlite3` shell); stop those yourself.

use crate::error::{Error, Result};
use std::fs::File;
use std::path::Path;

/// A shared presence lock on a database file, released when dropped.
#[derive(Debug)]
pub struct Presence {
    _file: File,
}

/// Takes the shared presence lock on `path`. Waits (briefly: a restore
/// holds the exclusive lock only while it swaps files), then checks that
/// the file locked is still the one at `path`, since a restore may have
/// renamed it while we waited.
pub fn presence(path: &Path) -> Result<Presence> {
    for _ in 0..5 {
        let file = File::open(path)
            .map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
        file.lock_shared()
            .map_err(|e| Error::io(format!("cannot lock {}", path.display()), e))?;
        if same_file(&file, path) {
            return Ok(Presence { _file: file });
        }
    }
    Err(Error::Schema(format!(
        "{} keeps being replaced while kariz opens it (a restore in progress?); try again",
        path.display()
    )))
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

/// An exclusive hold on a database: no other kariz has it open.
#[derive(Debug)]
pub struct Exclusive {
    _file: File,
}

/// Tries to take the exclusive lock without waiting; `Ok(None)` when
/// another kariz holds its presence lock.
pub fn exclusive(path: &Path) -> Result<Option<Exclusive>> {
    let file =
        File::open(path).map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(Exclusive { _file: file })),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(Error::io(format!("cannot lock {}", path.display()), e))
        }
    }
}

/// The error for a writer that waited the whole busy timeout: what holds
/// the database, in plain words, and what to do.
pub fn busy(path: &Path) -> Error {
    let waited = super::open::BUSY_TIMEOUT.as_secs();
    let holders = holders(path);
    let open_by = if holders.is_empty() {
        String::new()
    } else {
        format!(" (open in {})", holders.join(", "))
    };
    Error::Busy(format!(
        "{} is busy: another program (another kariz, perhaps a long import or a script from cron) has been writing to it for more than {waited} s{open_by}, so nothing was saved; try again when it has finished",
        path.display()
    ))
}

/// Processes of this account that have the database open, as
/// "pid 123 (kariz import csv …)". Reads /proc, so it is Linux only and
/// sees only processes whose open files this account may read; empty
/// elsewhere.
fn holders(path: &Path) -> Vec<String> {
    let Ok(target) = std::fs::canonicalize(path) else {
        return Vec::new();
    };
    let me = std::process::id().to_string();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in procs.flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if pid == me || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        let open = fds
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|p| p == target));
        if open {
            let command = std::fs::read(entry.path().join("cmdline"))
                .map(|raw| {
                    raw.split(|b| *b == 0)
                        .filter(|part| !part.is_empty())
                        .map(|part| String::from_utf8_lossy(part).into_owned())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            found.push(format!(
                "process {pid} ({})",
                crate::text::sanitize::visible(&command)
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_is_refused_while_a_presence_lock_is_held() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        std::fs::write(&path, b"x").unwrap();
        let held = presence(&path).unwrap();
        assert!(exclusive(&path).unwrap().is_none());
        drop(held);
        assert!(exclusive(&path).unwrap().is_some());
    }

    #[test]
    fn busy_names_the_process_holding_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        std::fs::write(&path, b"x").unwrap();
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .stdin(std::fs::File::open(&path).unwrap())
            .spawn()
            .unwrap();
        // Until the child has exec'd, /proc shows it with an empty command
        // line: poll with a deadline rather than read once.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut message = busy(&path).to_string();
        while !message.contains("(sleep 30)") && std::time::Instant::now() < deadline {
            std::thread::yield_now();
            message = busy(&path).to_string();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        if std::path::Path::new("/proc/self/fd").exists() {
            assert!(
                message.contains(&format!("process {} (sleep 30)", child.id())),
                "{message}"
            );
        }
        assert!(message.contains("nothing was saved"), "{message}");
        assert!(!message.contains("Error code"), "{message}");
    }
}
