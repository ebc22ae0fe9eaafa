//! Embedded, ordered schema migrations tracked in `PRAGMA user_version`.
//!
//! rusqlite_migration does exactly this bookkeeping (and refuses a database
//! that is ahead of the binary), so we do not hand-roll it.

use rusqlite::Transaction;
use rusqlite_migration::{HookError, HookResult, M, Migrations};

/// Every migration, oldest first. Append only: never edit a released one.
pub fn all() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_initial.sql")),
        M::up_with_hook(
            include_str!("migrations/002_locale_order.sql"),
            refresh_derived_columns,
        ),
        M::up(include_str!("migrations/003_external_ids.sql")),
        M::up(include_str!("migrations/004_import_changes.sql")),
    ])
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    4
}

/// Fills the new sort keys and recomputes search texts of existing rows
/// (version 2), inside the migration's transaction.
fn refresh_derived_columns(tx: &Transaction) -> HookResult {
    super::derived::refresh_all(tx).map_err(|e| match e {
        crate::error::Error::Sqlite(e) => HookError::RusqliteError(e),
        other => HookError::Hook(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() {
        assert!(all().validate().is_ok());
    }

    #[test]
    fn latest_version_matches_the_list() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        all().to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest_version());
    }
}
