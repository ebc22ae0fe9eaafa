//! Backups and restores of a database file that others may be using.
//!
//! A backup is `VACUUM INTO`: it reads one consistent snapshot (a read
//! transaction, so writers carry on and every commit made before it began
//! is in the copy), writes a compact file without a WAL, and is then
//! fsynced. A plain `cp` of a live database can copy the main file and the
//! `-wal` at different moments and is then corrupt.

use super::{lock, migrations, open};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a backup file holds.
#[derive(Debug, Clone, Serialize)]
pub struct BackupSummary {
    /// The backup file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its schema version (`PRAGMA user_version`).
    pub schema_version: i64,
    /// Records per kind, in a fixed order.
    pub counts: Vec<(String, i64)>,
}

/// The tables counted in a summary, with the words shown for them.
const COUNTED: [(&str, &str); 6] = [
    ("people", "people"),
    ("companies", "companies"),
    ("deals", "deals"),
    ("tasks", "tasks"),
    ("activities", "activities"),
    ("changes", "change-log rows"),
];

/// Writes a consistent copy of the open database `conn` to `target`,
/// which must not exist yet; the file is created with mode 0600 before
/// anything is written to it, and synced to disk.
pub fn backup(conn: &Connection, target: &Path) -> Result<BackupSummary> {
    let Some(text) = target.to_str() else {
        return Err(Error::invalid(format!(
            "backup file name {} is not valid UTF-8; choose another name",
            target.display()
        )));
    };
    create_empty_private(target)?;
    // VACUUM INTO accepts an existing empty file, so the mode set above
    // holds from the first byte.
    if let Err(e) = conn.execute("VACUUM INTO ?1", [text]) {
        let _ = std::fs::remove_file(target);
        return Err(e.into());
    }
    sync(target)?;
    summarize(target)
}

fn create_empty_private(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::invalid(format!(
            "{} already exists; nothing was written. Choose another file name (or leave it out for a dated one)",
            path.display()
        ))),
        Err(e) => Err(Error::io(format!("cannot create {}", path.display()), e)),
    }
}

/// Flushes a file and its folder entry to disk.
fn sync(path: &Path) -> Result<()> {
    let io = |e| Error::io(format!("cannot sync {} to disk", path.display()), e);
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io)?;
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
    }
    Ok(())
}

/// Opens a backup read-only and says what it holds; fails unless it is a
/// kariz database this build can use.
pub fn summarize(path: &Path) -> Result<BackupSummary> {
    let conn = open_checked(path)?;
    let mut counts = Vec::new();
    for (table, word) in COUNTED {
        // Table names come from the fixed list above, never from input.
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        counts.push((word.to_string(), n));
    }
    let schema_version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let bytes = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?
        .len();
    Ok(BackupSummary {
        path: path.to_path_buf(),
        bytes,
        schema_version,
        counts,
    })
}

/// Opens `path` read-only after checking that it is a whole kariz database
/// of a schema this build knows: integrity check, then version and tables.
fn open_checked(path: &Path) -> Result<Connection> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if meta.len() == 0 {
        return Err(Error::Schema(format!(
            "{} is empty (0 bytes); it is not a backup",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open::describe(path, e))?;
    let problems = integrity(&conn).map_err(|e| open::describe(path, e))?;
    if let Some(first) = problems.first() {
        return Err(Error::Schema(format!(
            "{} is damaged: SQLite's integrity check reports {} problem(s), the first: {}; nothing was changed",
            path.display(),
            problems.len(),
            crate::text::sanitize::visible(first)
        )));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let latest = migrations::latest_version() as i64;
    let has_people: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('people', 'changes')",
        [],
        |r| r.get(0),
    )?;
    if version < 1 || has_people < 2 {
        return Err(Error::Schema(format!(
            "{} is an SQLite file but not a kariz database; nothing was changed",
            path.display()
        )));
    }
    if version > latest {
        return Err(Error::Schema(format!(
            "{} was written by a newer kariz (schema version {version}; this kariz knows up to {latest}); upgrade kariz first",
            path.display()
        )));
    }
    Ok(conn)
}

/// `PRAGMA integrity_check`'s findings; empty when the file is whole.
pub(super) fn integrity(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let found: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(found.into_iter().filter(|line| line != "ok").collect())
}

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreOutcome {
    /// What the restored database holds.
    pub restored: BackupSummary,
    /// Where the database that was replaced now is (`None`: there was none).
    pub kept: Option<PathBuf>,
    /// Whether other kariz processes had it open and --force went on anyway.
    pub forced: bool,
}

/// Replaces the database at `db` with a copy of `backup`.
///
/// Checks the backup first (integrity, schema); refuses while another kariz
/// has `db` open (its presence lock, see `lock.rs`) unless `force`; folds
/// the current WAL into the current file and keeps that file beside it as
/// `NAME.before-restore-STAMP`; removes the old `-wal` and `-shm` so no
/// stale log is replayed into the restored file; copies the backup in
/// under a temporary name with the current file's mode and group, syncs it,
/// and renames it into place (a crash leaves either the old or the new
/// database at `db`, never half of one).
pub fn restore(db: &Path, backup: &Path, stamp: &str, force: bool) -> Result<RestoreOutcome> {
    // A server URL is no file to swap: it would be taken for a relative
    // path and a file written under a folder named `postgresql:`.
    if db.to_str().is_some_and(super::is_server_url) {
        return Err(Error::invalid(
            "`kariz restore` swaps SQLite files; restore a PostgreSQL database with pg_restore (docs/postgresql.md)",
        ));
    }
    drop(open_checked(backup)?);
    let exists = db.exists();
    let mut forced = false;
    let _hold = if exists {
        match lock::exclusive(db)? {
            Some(hold) => Some(hold),
            None if force => {
                forced = true;
                None
            }
            None => {
                return Err(Error::rejected(
                    format!(
                        "{} is open in another kariz (a colleague's window, a running import or a cron job); nothing was changed. Ask them to quit: going ahead while it is open loses their unsaved and later changes",
                        db.display()
                    ),
                    crate::error::Remedy::Force,
                ));
            }
        }
    } else {
        None
    };
    let file_name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kariz.db".into());
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let incoming = dir.join(format!(".{file_name}.restoring-{stamp}"));
    let _ = std::fs::remove_file(&incoming);
    std::fs::copy(backup, &incoming).map_err(|e| {
        Error::io(
            format!("cannot copy {} to {}", backup.display(), incoming.display()),
            e,
        )
    })?;
    let result = install(db, &incoming, &dir, &file_name, stamp, exists);
    if result.is_err() {
        let _ = std::fs::remove_file(&incoming);
    }
    let kept = result?;
    let restored = summarize(db)?;
    Ok(RestoreOutcome {
        restored,
        kept,
        forced,
    })
}

fn install(
    db: &Path,
    incoming: &Path,
    dir: &Path,
    file_name: &str,
    stamp: &str,
    exists: bool,
) -> Result<Option<PathBuf>> {
    copy_access(db, incoming, exists)?;
    sync(incoming)?;
    let mut kept = None;
    if exists {
        // A damaged database may refuse the checkpoint: then its WAL moves
        // aside with it below instead, where SQLite will find it again.
        let _ = checkpoint(db);
        let aside = dir.join(format!("{file_name}.before-restore-{stamp}"));
        std::fs::rename(db, &aside).map_err(|e| {
            Error::io(
                format!("cannot move {} aside to {}", db.display(), aside.display()),
                e,
            )
        })?;
        for suffix in ["-wal", "-shm"] {
            let side = dir.join(format!("{file_name}{suffix}"));
            let pending = suffix == "-wal" && std::fs::metadata(&side).is_ok_and(|m| m.len() > 0);
            let done = if pending {
                let mut kept_log = aside.clone().into_os_string();
                kept_log.push(suffix);
                std::fs::rename(&side, PathBuf::from(kept_log))
            } else {
                std::fs::remove_file(&side)
            };
            match done {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Error::io(
                        format!("cannot move {} out of the way", side.display()),
                        e,
                    ));
                }
            }
        }
        kept = Some(aside);
    }
    std::fs::rename(incoming, db).map_err(|e| {
        Error::io(
            format!("cannot move {} to {}", incoming.display(), db.display()),
            e,
        )
    })?;
    sync(db)?;
    Ok(kept)
}

/// Gives the incoming file the current database's mode and group (a shared
/// setup stays shared), or 0600 when there is no current database.
fn copy_access(db: &Path, incoming: &Path, exists: bool) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let io = |e| Error::io(format!("cannot set the mode of {}", incoming.display()), e);
        if exists {
            let current = std::fs::metadata(db)
                .map_err(|e| Error::io(format!("cannot read {}", db.display()), e))?;
            // Only the group is copied: the owner stays whoever restores.
            let _ = std::os::unix::fs::chown(incoming, None, Some(current.gid()));
            std::fs::set_permissions(
                incoming,
                std::fs::Permissions::from_mode(current.mode() & 0o7777),
            )
            .map_err(io)?;
        } else {
            std::fs::set_permissions(incoming, std::fs::Permissions::from_mode(0o600))
                .map_err(io)?;
        }
    }
    let _ = (db, incoming, exists);
    Ok(())
}

/// Moves everything committed in the WAL into the main file, so the file
/// kept aside is complete on its own.
fn checkpoint(db: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open::describe(db, e))?;
    conn.busy_timeout(open::BUSY_TIMEOUT)?;
    let _: (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(|e| open::describe(db, e))?;
    drop(conn);
    Ok(())
}
