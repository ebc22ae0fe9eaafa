//! `kariz doctor`: is the database whole, current, reachable by the team
//! and in step with the config? Opens the file read-only and changes
//! nothing, so it is safe on a damaged database and while others work.

use super::{backup, migrations, open, stages};
use crate::config::Config;
use crate::error::Error;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fine.
    Ok,
    /// Works, but should be looked at.
    Warn,
    /// Broken, or unsafe to use as it is.
    Fail,
}

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// What was checked (stable, for scripts).
    pub name: &'static str,
    /// The outcome.
    pub status: Status,
    /// What was found and, when not ok, what to do.
    pub detail: String,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// The database file checked.
    pub path: PathBuf,
    /// Every check, in the order run.
    pub checks: Vec<Check>,
}

impl Health {
    /// The worst status of all checks.
    pub fn worst(&self) -> Status {
        let mut worst = Status::Ok;
        for check in &self.checks {
            match check.status {
                Status::Fail => return Status::Fail,
                Status::Warn => worst = Status::Warn,
                Status::Ok => {}
            }
        }
        worst
    }

    pub(super) fn push(&mut self, name: &'static str, status: Status, detail: impl Into<String>) {
        self.checks.push(Check {
            name,
            status,
            detail: detail.into(),
        });
    }
}

/// A WAL larger than this means checkpoints are not keeping up (a reader
/// held a transaction open for long, or a huge import just ran).
const WAL_WARN_BYTES: u64 = 64 * 1024 * 1024;

/// Runs every check on the database at `path` against `config`.
pub fn check_health(path: &Path, config: &Config) -> Health {
    let shown = match path.to_str().filter(|p| super::is_server_url(p)) {
        Some(url) => PathBuf::from(super::url_without_password(url)),
        None => path.to_path_buf(),
    };
    let mut health = Health {
        path: shown,
        checks: Vec::new(),
    };
    if let Some(url) = path.to_str().filter(|p| super::is_server_url(p)) {
        super::health_pg::check(&mut health, url, config);
        return health;
    }
    let Some(conn) = check_file(&mut health, path) else {
        return health;
    };
    check_schema(&mut health, &conn);
    check_integrity(&mut health, &conn);
    check_drift(&mut health, &conn, config);
    check_wal(&mut health, path);
    check_access(&mut health, path);
    health
}

fn check_file(health: &mut Health, path: &Path) -> Option<Connection> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            health.push("file", Status::Fail, format!("cannot read it: {e}"));
            return None;
        }
    };
    if meta.len() == 0 {
        health.push(
            "file",
            Status::Fail,
            "it is empty (0 bytes), not a database; restore it with `kariz restore BACKUP`",
        );
        return None;
    }
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok();
    if !read || &head != b"SQLite format 3\0" {
        health.push(
            "file",
            Status::Fail,
            "it is not an SQLite file (wrong header); check the path, or restore it with `kariz restore BACKUP`",
        );
        return None;
    }
    let conn = match Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(c) => c,
        Err(e) => {
            health.push("file", Status::Fail, open::describe(path, e).to_string());
            return None;
        }
    };
    let _ = conn.busy_timeout(open::BUSY_TIMEOUT);
    health.push("file", Status::Ok, format!("{} bytes", meta.len()));
    Some(conn)
}

fn check_schema(health: &mut Health, conn: &Connection) {
    let latest = migrations::latest_version() as i64;
    match conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) {
        Ok(v) if v == latest => health.push("schema", Status::Ok, format!("version {v}")),
        Ok(0) => health.push(
            "schema",
            Status::Fail,
            "version 0: not a kariz database (or never opened by kariz)",
        ),
        Ok(v) if v > latest => health.push(
            "schema",
            Status::Fail,
            format!("version {v}, newer than this kariz knows ({latest}); upgrade kariz"),
        ),
        Ok(v) => health.push(
            "schema",
            Status::Warn,
            format!("version {v}; the next kariz that writes will upgrade it to {latest}"),
        ),
        Err(e) => health.push("schema", Status::Fail, Error::from(e).to_string()),
    }
}

fn check_integrity(health: &mut Health, conn: &Connection) {
    match backup::integrity(conn) {
        Ok(found) if found.is_empty() => health.push("integrity", Status::Ok, "ok"),
        Ok(found) => {
            let shown: Vec<String> = found
                .iter()
                .take(5)
                .map(|l| crate::text::sanitize::visible(l).into_owned())
                .collect();
            health.push(
                "integrity",
                Status::Fail,
                format!(
                    "damaged: {} problem(s), e.g. {}; restore the last good backup with `kariz restore BACKUP`",
                    found.len(),
                    shown.join("; ")
                ),
            );
        }
        Err(e) => health.push(
            "integrity",
            Status::Fail,
            format!(
                "damaged: the check itself failed ({}); restore the last good backup with `kariz restore BACKUP`",
                crate::text::sanitize::visible(&e.to_string())
            ),
        ),
    }
    let fk = conn
        .prepare("PRAGMA foreign_key_check")
        .and_then(|mut stmt| stmt.query_map([], |_| Ok(()))?.count_ok());
    match fk {
        Ok(0) => health.push("foreign_keys", Status::Ok, "every link points at a record"),
        Ok(n) => health.push(
            "foreign_keys",
            Status::Fail,
            format!("{n} link(s) point at records that do not exist"),
        ),
        Err(e) => health.push("foreign_keys", Status::Fail, Error::from(e).to_string()),
    }
}

/// Counts the rows of a query, stopping at the first error.
trait CountOk {
    fn count_ok(self) -> rusqlite::Result<usize>;
}

impl<I: Iterator<Item = rusqlite::Result<()>>> CountOk for I {
    fn count_ok(self) -> rusqlite::Result<usize> {
        let mut n = 0;
        for row in self {
            row?;
            n += 1;
        }
        Ok(n)
    }
}

fn check_drift(health: &mut Health, conn: &Connection, config: &Config) {
    // The store's reads take the engine-neutral connection; doctor opened
    // the file itself (read-only), so it lends it for this one read.
    let Ok(copy) = Connection::open_with_flags(
        conn.path().unwrap_or_default(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return;
    };
    check_stages(health, &super::db::Connection::from(copy), config);
}

/// Whether every deal's pipeline and stage is in the config.
pub(super) fn check_stages(health: &mut Health, conn: &super::db::Connection, config: &Config) {
    match stages::orphaned(conn, config) {
        Ok(list) if list.is_empty() => health.push(
            "config",
            Status::Ok,
            "every deal's pipeline and stage is in the config",
        ),
        Ok(list) => health.push(
            "config",
            Status::Warn,
            format!(
                "{} deal(s) sit in pipelines or stages the config does not define; see `kariz stage list` and move them with `kariz stage remap`",
                list.len()
            ),
        ),
        Err(e) => health.push("config", Status::Fail, e.to_string()),
    }
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn check_wal(health: &mut Health, path: &Path) {
    match std::fs::metadata(side(path, "-wal")) {
        Ok(m) if m.len() > WAL_WARN_BYTES => health.push(
            "wal",
            Status::Warn,
            format!(
                "{} bytes: checkpoints are not keeping up (a window left open in a long transaction?); it shrinks when every kariz has closed",
                m.len()
            ),
        ),
        Ok(m) => health.push("wal", Status::Ok, format!("{} bytes", m.len())),
        Err(_) => health.push("wal", Status::Ok, "none (no kariz has it open)"),
    }
}

/// File modes against the two supported setups, as `shared.rs` (and so
/// `kariz init`) lays them out: a shared setgid folder (2770, files 0660
/// in the folder's group) or a single user (files 0600).
#[cfg(unix)]
fn check_access(health: &mut Health, path: &Path) {
    use super::shared::{self, SHARED_DIR_MODE, SHARED_FILE_MODE};
    use std::os::unix::fs::MetadataExt;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(dir_meta) = std::fs::metadata(dir) else {
        health.push("permissions", Status::Warn, "cannot read the folder");
        return;
    };
    let shared = shared::is_shared_dir(dir);
    let mut problems = Vec::new();
    if shared && dir_meta.mode() & 0o7777 != SHARED_DIR_MODE {
        problems.push(format!(
            "folder {} is {:o}, expected {SHARED_DIR_MODE:o} (setgid, group rwx, others nothing; `kariz init --shared --group GROUP` sets it)",
            dir.display(),
            dir_meta.mode() & 0o7777
        ));
    }
    for file in shared::database_files(path) {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = meta.mode() & 0o777;
        if shared {
            if mode != SHARED_FILE_MODE {
                problems.push(format!(
                    "{} is {mode:o}, expected {SHARED_FILE_MODE:o} (owner and group read-write; `kariz init --shared --group GROUP` sets it)",
                    file.display()
                ));
            }
            if meta.gid() != dir_meta.gid() {
                problems.push(format!(
                    "{} is in group {}, not the folder's group {}; colleagues may not open it",
                    file.display(),
                    meta.gid(),
                    dir_meta.gid()
                ));
            }
        } else if mode & 0o077 != 0 {
            problems.push(format!(
                "{} is {mode:o}: others can read it; a single-user database should be 600 (chmod 600), or set up a shared folder (docs/team.md)",
                file.display()
            ));
        }
    }
    let setup = if shared {
        "shared folder (setgid)"
    } else {
        "single user"
    };
    if problems.is_empty() {
        health.push("permissions", Status::Ok, format!("{setup}: as expected"));
    } else {
        health.push(
            "permissions",
            Status::Warn,
            format!("{setup}: {}", problems.join("; ")),
        );
    }
}

#[cfg(not(unix))]
fn check_access(_health: &mut Health, _path: &Path) {}
