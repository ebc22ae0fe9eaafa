//! Opening a database file: permissions, pragmas, schema checks, migrations.

use super::db::{self, OptionalExtension};
use super::migrations;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's transaction to finish.
/// A long import holds the write lock for its whole transaction, so
/// colleagues' saves wait up to this long (it was 5 s, which a big import
/// always outlasted) before they are told who holds it.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// How much of the file SQLite reads through a memory map (1 GiB: a
/// million people and their tasks). Nothing in kariz shrinks a database
/// in place (backups are `VACUUM INTO` another file; a restore renames the
/// old file aside), so a mapped file is never cut short under a reader.
pub(super) const MMAP_SIZE: i64 = 1 << 30;

/// Opens or creates the database file at `path`.
pub fn open_file(path: &Path) -> Result<db::Connection> {
    refuse_empty(path)?;
    create_private(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe(path, e))?;
    prepare(conn, path)
}

/// Opens a private in-memory database.
pub fn open_memory() -> Result<db::Connection> {
    let conn = Connection::open_in_memory()?;
    prepare(conn, Path::new(":memory:"))
}

fn prepare(mut conn: Connection, path: &Path) -> Result<db::Connection> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    super::segment_sql::register_fold(&conn)?;
    // A deferred transaction that later writes fails at once under
    // concurrency, whatever the busy timeout; migrations use this default too.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    // Checked before anything writes: switching a foreign file to WAL
    // would already change it.
    check_version(&conn, path)?;
    // In memory the answer is "memory"; on read-only media the old mode
    // stays and reads still work, so the answer is not checked.
    let _mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(|e| describe(path, e))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Reads map the file instead of copying each page out of the kernel:
    // a list read in index order visits table pages out of order, and with
    // copies it read the same pages again and again through `pread`.
    conn.pragma_update(None, "mmap_size", MMAP_SIZE)?;
    let mut conn = db::Connection::from(conn);
    migrations::all()
        .to_latest(&mut conn)
        .map_err(|e| migration_error(path, e))?;
    Ok(conn)
}

/// Refuses a database written by a newer kariz before touching it.
fn check_version(conn: &Connection, path: &Path) -> Result<()> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| describe(path, e))?;
    let latest = migrations::latest_version() as i64;
    if version == 0 {
        // Schema version 0 with tables in it is someone else's SQLite file:
        // migrating it would add our tables to their data.
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| describe(path, e))?;
        if tables > 0 {
            return Err(Error::rejected(
                format!(
                    "{} is an SQLite database but not a kariz one; nothing was changed. Check the path",
                    path.display()
                ),
                crate::error::Remedy::DatabasePath,
            ));
        }
    }
    if version > latest {
        return Err(Error::Schema(format!(
            "{} was written by a newer kariz (schema version {version}; this kariz knows up to {latest}); upgrade kariz to open it",
            path.display()
        )));
    }
    Ok(())
}

fn migration_error(path: &Path, err: Error) -> Error {
    match err {
        Error::Schema(why) => Error::Schema(format!(
            "could not bring {} up to date: {why}",
            path.display()
        )),
        other => explain(path, other),
    }
}

/// A 0-byte file is not a new database: SQLite would happily treat it as
/// one, and a truncated copy would then quietly become an empty CRM.
/// (kariz creates a new database itself, and writes its schema at once.)
fn refuse_empty(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == 0 => Err(Error::Schema(format!(
            "{} is an empty file (0 bytes), not a kariz database; nothing was changed. Check the path, restore it with `kariz restore BACKUP`, or delete the file to start a new database",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// Turns SQLite's terse open errors into messages that name the file and
/// say what to do.
pub fn describe(path: &Path, err: impl Into<db::Error>) -> Error {
    super::engine_error::classify_any(err.into(), Some(path))
}

/// A write's error with the database's path, for the errors a person can
/// act on: busy (who holds it), read-only, disk full, damaged. The engine
/// error was already classified (engine_error.rs) without knowing the file.
pub fn explain(path: &Path, err: Error) -> Error {
    let shown = path.display();
    match err {
        Error::Busy(_) => super::lock::busy(path),
        Error::ReadOnly(_) => Error::ReadOnly(format!(
            "{shown} is read-only for you, so nothing was saved; you need write permission on the file and on its folder (`kariz doctor` shows both; a shared setup is in docs/team.md)"
        )),
        Error::Full(_) => Error::Full(format!(
            "the disk holding {shown} is full, so nothing was saved; free some space and try again (what was saved before is intact)"
        )),
        Error::Damaged(_) => Error::Damaged(format!(
            "{shown} is damaged (SQLite reports corruption), so nothing was saved; run `kariz doctor`, and restore it with `kariz restore BACKUP`"
        )),
        other => other,
    }
}

/// Creates the file (mode 0600) and any missing folder (mode 0700) so that
/// SQLite never creates them with the process umask. In a folder set up
/// for a team (setgid, see `shared.rs`) the new file is 0660 instead, so a
/// colleague can open it too. An existing file's mode is never changed:
/// a shared database stays 0660, and SQLite gives `-wal` and `-shm` the
/// database file's mode.
fn create_private(path: &Path) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|e| Error::io(format!("cannot create folder {}", dir.display()), e))?;
    }
    let shared = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .is_some_and(super::shared::is_shared_dir);
    let mode = if shared {
        super::shared::SHARED_FILE_MODE
    } else {
        super::shared::PRIVATE_FILE_MODE
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    match options.open(path) {
        // The umask may have taken the group bits off.
        Ok(_) if shared => super::shared::set_mode(path, mode),
        Ok(_) => Ok(()),
        // Another process created it between our check and now: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(
            format!("cannot create database {}", path.display()),
            e,
        )),
    }
}

/// Reads a value from the meta table.
pub fn meta(conn: &db::Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Opens an existing database for reading only (the TUI's search thread).
/// The main connection has already created and migrated it.
pub(super) fn open_read_only(path: &Path) -> Result<db::Connection> {
    if let Some(url) = path.to_str().filter(|p| super::pg_open::is_server_url(p)) {
        return super::pg_open::open(url);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "mmap_size", MMAP_SIZE)?;
    super::segment_sql::register_fold(&conn)?;
    Ok(conn.into())
}

/// Creates a new database at `path` with the schema as of `version`, as an
/// older kariz left it, for tests that check the upgrade of old files. Not
/// for anything else: opening it with [`super::Store::open`] migrates it.
#[doc(hidden)]
pub fn create_at_schema_version(path: &Path, version: usize) -> Result<()> {
    if let Some(url) = path.to_str().filter(|p| super::pg_open::is_server_url(p)) {
        return super::pg_open::create_at_schema_version(url, version);
    }
    let mut conn = db::Connection::from(Connection::open(path).map_err(|e| describe(path, e))?);
    migrations::all()
        .to_version(&mut conn, version)
        .map_err(|e| migration_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The connection settings every opened database gets (moved here from
    /// tests/store: they are per-connection, so only the store can see them).
    #[test]
    fn pragmas_are_set_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_file(&dir.path().join("k.db")).unwrap();
        let text = |p: &str| -> String {
            conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
                .unwrap()
        };
        let num = |p: &str| -> i64 {
            conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(text("journal_mode"), "wal");
        assert_eq!(num("foreign_keys"), 1);
        assert_eq!(num("synchronous"), 2, "FULL");
        assert!(num("busy_timeout") >= 1000);
        assert_eq!(num("mmap_size"), MMAP_SIZE);
    }
}
