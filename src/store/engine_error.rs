//! SQLite's errors turned into kariz's: the engine's types stop here, so
//! `crate::Error` names no rusqlite type and a second backend can map its
//! own errors onto the same variants.

use super::db;
use super::open::BUSY_TIMEOUT;
use crate::error::Error;
use rusqlite::ErrorCode;
use std::path::Path;

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        classify(err, None)
    }
}

impl From<db::Error> for Error {
    fn from(err: db::Error) -> Error {
        classify_any(err, None)
    }
}

/// Maps an error of either engine (see [`classify`] and
/// [`super::pg_error::classify`]).
pub(super) fn classify_any(err: db::Error, path: Option<&Path>) -> Error {
    match err {
        db::Error::Sqlite(e) => classify(e, path),
        db::Error::Postgres(e) => super::pg_error::classify(e),
        other => Error::Database(other.to_string()),
    }
}

/// Maps an SQLite error to the variant a caller can act on, with a message
/// that says what to do; `path` names the file when it is known.
pub(super) fn classify(err: rusqlite::Error, path: Option<&Path>) -> Error {
    let shown = match path {
        Some(p) => p.display().to_string(),
        None => "the database".to_string(),
    };
    match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => match path {
            // With the file known, the message also lists who holds it.
            Some(p) => super::lock::busy(p),
            None => Error::Busy(format!(
                "the database is busy: another program (another kariz, perhaps a long import) has been writing to it for more than {} s, so nothing was saved; try again when it has finished",
                BUSY_TIMEOUT.as_secs()
            )),
        },
        Some(ErrorCode::ReadOnly) => Error::ReadOnly(format!(
            "{shown} is read-only for you, so nothing was saved; check the permissions of the file and its folder (`kariz doctor` shows them) or open a copy"
        )),
        Some(ErrorCode::DatabaseCorrupt) => Error::Damaged(format!(
            "{shown} is damaged (SQLite reports corruption); run `kariz doctor`, and restore it from a backup with `kariz restore BACKUP`"
        )),
        Some(ErrorCode::NotADatabase) => match path {
            Some(_) => Error::Schema(format!(
                "{shown} is not a kariz database (not an SQLite file, or it is damaged); check the path, or restore it from a backup with `kariz restore BACKUP`"
            )),
            None => Error::Damaged(
                "the database file is damaged (SQLite no longer recognises it); run `kariz doctor`, and restore it from a backup with `kariz restore BACKUP`"
                    .to_string(),
            ),
        },
        Some(ErrorCode::DiskFull) => Error::Full(format!(
            "the disk holding {shown} is full, so nothing was saved; free some space and try again (what was saved before is intact)"
        )),
        Some(ErrorCode::CannotOpen) if path.is_some() => Error::Schema(format!(
            "cannot open {shown}; check that the folder exists and you may write to it"
        )),
        _ => Error::Database(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: std::ffi::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn engine_codes_become_variants_with_plain_messages() {
        let busy = Error::from(failure(rusqlite::ffi::SQLITE_BUSY));
        assert!(matches!(busy, Error::Busy(_)), "{busy:?}");
        assert!(busy.to_string().contains("try again"), "{busy}");
        let locked = Error::from(failure(rusqlite::ffi::SQLITE_LOCKED));
        assert!(matches!(locked, Error::Busy(_)), "{locked:?}");
        let full = Error::from(failure(rusqlite::ffi::SQLITE_FULL));
        assert!(matches!(full, Error::Full(_)), "{full:?}");
        assert!(full.to_string().contains("free some space"), "{full}");
        let read_only = Error::from(failure(rusqlite::ffi::SQLITE_READONLY));
        assert!(matches!(read_only, Error::ReadOnly(_)), "{read_only:?}");
        let corrupt = Error::from(failure(rusqlite::ffi::SQLITE_CORRUPT));
        assert!(matches!(corrupt, Error::Damaged(_)), "{corrupt:?}");
        assert!(corrupt.to_string().contains("backup"), "{corrupt}");
        let other = Error::from(rusqlite::Error::QueryReturnedNoRows);
        assert!(matches!(other, Error::Database(_)), "{other:?}");
    }

    #[test]
    fn a_known_file_is_named() {
        let err = classify(
            failure(rusqlite::ffi::SQLITE_READONLY),
            Some(Path::new("/srv/crm.db")),
        );
        assert!(
            err.to_string().starts_with("/srv/crm.db is read-only"),
            "{err}"
        );
    }
}
