//! Opening a database file: permissions, pragmas, schema checks, migrations.

use super::migrations;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's transaction to finish.
/// A long import holds the write lock for its whole transaction, so
/// colleagues' saves wait up to this long (it was 5 s, which a big import
/// always outlasted) before they are told who holds it.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Opens or creates the database file at `path`.
pub fn open_file(path: &Path) -> Result<Connection> {
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
pub fn open_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    prepare(conn, Path::new(":memory:"))
}

fn prepare(mut conn: Connection, path: &Path) -> Result<Connection> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
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
            return Err(Error::Schema(format!(
                "{} is an SQLite database but not a kariz one; nothing was changed. Check the path (--db or KARIZ_DB)",
                path.display()
            )));
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

fn migration_error(path: &Path, err: rusqlite_migration::Error) -> Error {
    match err {
        rusqlite_migration::Error::RusqliteError { err, .. } => describe(path, err),
        other => Error::Schema(format!(
            "could not bring {} up to date: {other}",
            path.display()
        )),
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

/// Turns SQLite's terse open errors into messages that say what to do.
pub fn describe(path: &Path, err: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let shown = path.display();
    let message = match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => format!(
            "{shown} is not a kariz database (not an SQLite file, or it is damaged); check the path, or restore it with `kariz restore BACKUP`"
        ),
        Some(ErrorCode::DatabaseCorrupt) => {
            format!(
                "{shown} is damaged (SQLite reports corruption); run `kariz doctor`, and restore it with `kariz restore BACKUP`"
            )
        }
        Some(ErrorCode::ReadOnly) => format!(
            "{shown} is read-only; check its permissions (and those of its folder) or open a copy"
        ),
        Some(ErrorCode::CannotOpen) => {
            format!("cannot open {shown}; check that the folder exists and you may write to it")
        }
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            return super::lock::busy(path);
        }
        _ => return Error::Sqlite(err),
    };
    Error::Schema(message)
}

/// A write's SQLite error with the database's path, for the errors a
/// person can act on: busy (who holds it), read-only, disk full, damaged.
pub fn explain(path: &Path, err: Error) -> Error {
    let Error::Sqlite(e) = &err else {
        return err;
    };
    use rusqlite::ErrorCode;
    let shown = path.display();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => super::lock::busy(path),
        Some(ErrorCode::ReadOnly) => Error::Schema(format!(
            "{shown} is read-only for you, so nothing was saved; you need write permission on the file and on its folder (`kariz doctor` shows both; a shared setup is in docs/team.md)"
        )),
        Some(ErrorCode::DiskFull) => Error::Schema(format!(
            "the disk holding {shown} is full, so nothing was saved; free some space and try again (what was saved before is intact)"
        )),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::Schema(format!(
            "{shown} is damaged (SQLite reports corruption), so nothing was saved; run `kariz doctor`, and restore it with `kariz restore BACKUP`"
        )),
        _ => err,
    }
}

/// SQLite's error in plain words for the errors a person can act on;
/// others keep SQLite's text after "database error:".
pub fn sqlite_message(err: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => format!(
            "the database is busy: another program (another kariz, perhaps a long import) has been writing to it for more than {} s, so nothing was saved. Try again when it has finished",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ErrorCode::ReadOnly) => "the database is read-only for you, so nothing was saved; check the permissions of the file and its folder (kariz doctor shows them)".to_string(),
        Some(ErrorCode::DiskFull) => "the disk holding the database is full, so nothing was saved; free some space and try again (what was saved before is intact)".to_string(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => "the database is damaged (SQLite reports corruption); run `kariz doctor`, and restore it with `kariz restore BACKUP`".to_string(),
        _ => format!("database error: {err}"),
    }
}

/// Creates the file (mode 0600) and any missing folder (mode 0700) so that
/// SQLite never creates them with the process umask.
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
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
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
pub fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Opens an existing database for reading only (the TUI's search thread).
/// The main connection has already created and migrated it.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}
