//! Embedded, ordered schema migrations tracked in `PRAGMA user_version`.
//!
//! rusqlite_migration does exactly this bookkeeping (and refuses a database
//! that is ahead of the binary), so we do not hand-roll it.

use rusqlite_migration::{M, Migrations};

/// Every migration, oldest first. Append only: never edit a released one.
pub fn all() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_initial.sql")),
        // 002 lands from another branch; 003 must stay after it.
        M::up(include_str!("migrations/003_external_ids.sql")),
    ])
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    2
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
