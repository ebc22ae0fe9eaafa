//! What the store knows about its files beyond opening them: the files
//! SQLite keeps next to a database, and a look inside one without opening
//! it as a store (no creating, no migrating). `kariz demo` uses both to
//! decide whether it may replace a file and to clean up after itself.

use super::open::describe;
use crate::error::Result;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};

/// The files SQLite keeps beside the database at `path` while it is open
/// (write-ahead log and shared memory), which go with it when it is
/// removed or replaced.
pub fn side_files(path: &Path) -> [PathBuf; 2] {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    [with("-wal"), with("-shm")]
}

/// The meta value `key` of the existing file at `path`, read without
/// changing the file; `None` when the file is not a kariz database (not
/// SQLite, or no meta table) or has no such key. Other failures (locked,
/// unreadable) are errors.
pub fn peek_meta(path: &Path, key: &str) -> Result<Option<String>> {
    if let Some(url) = path.to_str().filter(|p| super::is_server_url(p)) {
        return super::pg_peek::peek_meta(url, key);
    }
    // Read-write (without create) although it only reads: a read-only
    // connection cannot remove the -wal/-shm files it makes on closing.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe(path, e))?;
    let tables = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
        [],
        |r| r.get::<_, i64>(0),
    );
    match tables {
        Ok(0) => return Ok(None),
        Ok(_) => {}
        // Some other kind of file: certainly not a kariz database.
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => return Ok(None),
        Err(e) => return Err(describe(path, e)),
    }
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .map_err(|e| describe(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn meta_is_read_from_kariz_files_and_absent_from_others() {
        let dir = tempfile::tempdir().unwrap();
        let kariz = dir.path().join("k.db");
        let mut store = super::super::Store::open(&kariz, Config::default_config(), "t").unwrap();
        store
            .write(chrono::Utc::now(), |w| w.set_meta("demo", "1"))
            .unwrap();
        drop(store);
        assert_eq!(peek_meta(&kariz, "demo").unwrap().as_deref(), Some("1"));
        assert_eq!(peek_meta(&kariz, "other").unwrap(), None);

        let text = dir.path().join("notes.txt");
        std::fs::write(
            &text,
            "not a database, just long enough to have a header line",
        )
        .unwrap();
        assert_eq!(peek_meta(&text, "demo").unwrap(), None);
        assert_eq!(
            std::fs::read_to_string(&text).unwrap(),
            "not a database, just long enough to have a header line",
            "left as it was"
        );

        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute("CREATE TABLE t (x)", [])
            .unwrap();
        assert_eq!(peek_meta(&other, "demo").unwrap(), None);
    }
}
