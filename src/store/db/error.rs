//! The errors of the SQL layer, before the store turns them into kariz's
//! (`engine_error.rs`), and `.optional()` for "no row is not an error".

use super::value::FromSqlError;
use std::fmt;

/// What went wrong talking to an engine.
#[derive(Debug)]
pub enum Error {
    /// `query_row` found no row.
    QueryReturnedNoRows,
    /// A column could not be read as the type asked for.
    FromSql { column: usize, source: FromSqlError },
    /// SQLite refused or failed.
    Sqlite(rusqlite::Error),
    /// PostgreSQL refused or failed.
    Postgres(postgres::Error),
    /// What this engine cannot do (said in words).
    Unsupported(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A column value that did not convert, in words.
    pub fn conversion(column: usize, message: impl Into<String>) -> Error {
        Error::FromSql {
            column,
            source: FromSqlError::Other(message.into()),
        }
    }

    /// Whether a UNIQUE, CHECK, NOT NULL or foreign-key rule refused the
    /// statement.
    pub fn is_constraint_violation(&self) -> bool {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
                f.code == rusqlite::ErrorCode::ConstraintViolation
            }
            Error::Postgres(e) => e.code().is_some_and(|code| code.code().starts_with("23")),
            _ => false,
        }
    }

    /// The value that broke the unique index on `column` (PostgreSQL's
    /// detail "Key (column)=(value) already exists."), for a statement that
    /// inserted many rows and so cannot tell which one by itself.
    pub fn duplicate_key(&self, column: &str) -> Option<String> {
        let Error::Postgres(e) = self else {
            return None;
        };
        let detail = e.as_db_error()?.detail()?;
        detail
            .strip_prefix(&format!("Key ({column})=("))?
            .strip_suffix(") already exists.")
            .map(str::to_string)
    }

    /// For PostgreSQL's refusal to delete a row other rows still point at
    /// (foreign_key_violation, `update or delete on table "people" …
    /// on table "deals"`): the table of those rows.
    pub fn referencing_table(&self) -> Option<&str> {
        let Error::Postgres(e) = self else {
            return None;
        };
        let db = e.as_db_error()?;
        if db.code().code() != "23503" || !db.message().starts_with("update or delete") {
            return None;
        }
        db.message().rsplit('"').nth(1)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::QueryReturnedNoRows => f.write_str("query returned no rows"),
            Error::FromSql { column, source } => write!(f, "column {column}: {source}"),
            Error::Sqlite(e) => write!(f, "{e}"),
            Error::Postgres(e) => match e.as_db_error() {
                // The server's own sentence, without the crate's "db error:".
                Some(db) => write!(f, "{}", db.message()),
                None => write!(f, "{e}"),
            },
            Error::Unsupported(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::QueryReturnedNoRows,
            other => Error::Sqlite(other),
        }
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

/// `query_row(…).optional()`: no row becomes `None`.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
