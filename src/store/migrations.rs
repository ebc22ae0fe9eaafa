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
        M::up(include_str!("migrations/005_open_deals_by_age.sql")),
        M::up(include_str!("migrations/006_team.sql")),
        M::up(include_str!("migrations/007_rates_goals.sql")),
        M::up(include_str!("migrations/008_open_change_entities.sql")),
        M::up(include_str!("migrations/009_cases.sql")),
        M::up_with_hook(
            include_str!("migrations/012_caller_id.sql"),
            fill_caller_keys,
        ),
        M::up(include_str!("migrations/013_rates_goals_logged.sql")),
        M::up(include_str!("migrations/014_repeating_tasks.sql")),
        M::up(include_str!("migrations/015_tasks_in_order.sql")),
        M::up(include_str!("migrations/016_sales.sql")),
        M::up(include_str!("migrations/017_rules_reminders.sql")),
        M::up(include_str!("migrations/018_messages_campaigns.sql")),
        M::up(include_str!("migrations/019_segments.sql")),
        M::up(include_str!("migrations/020_message_outbox.sql")),
        M::up(include_str!("migrations/021_campaigns.sql")),
        M::up(include_str!("migrations/022_outbox_retries.sql")),
    ])
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    20
}

/// Fills the new sort keys and recomputes search texts of existing rows
/// (version 2), inside the migration's transaction.
fn refresh_derived_columns(tx: &Transaction) -> HookResult {
    // The store's errors carry no engine type; their message is enough.
    super::derived::refresh_all(tx).map_err(|e| HookError::Hook(e.to_string()))
}

/// Writes the caller key of every stored phone (migration 012).
fn fill_caller_keys(tx: &Transaction) -> HookResult {
    super::contact_points::fill_caller_keys(tx).map_err(|e| HookError::Hook(e.to_string()))
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

    #[test]
    fn version_4_keeps_the_change_log_and_allows_import_rows() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        all().to_version(&mut conn, 3).unwrap();
        conn.execute(
            "INSERT INTO changes (at, actor, entity, entity_id, op, new)
             VALUES ('2026-11-22T09:00:00Z', 'sara', 'person', 7, 'create', '{}')",
            [],
        )
        .unwrap();
        all().to_latest(&mut conn).unwrap();
        let kept: (i64, String, Option<i64>) = conn
            .query_row("SELECT entity_id, op, last_id FROM changes", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(kept, (7, "create".to_string(), None));
        let insert = |op: &str, last: Option<i64>| {
            conn.execute(
                "INSERT INTO changes (at, actor, entity, entity_id, op, last_id)
                 VALUES ('2026-11-22T09:00:00Z', 'sara', 'person', 8, ?1, ?2)",
                rusqlite::params![op, last],
            )
        };
        assert!(insert("import", Some(9)).is_ok());
        // The range end is there exactly on import rows.
        assert!(insert("import", None).is_err());
        assert!(insert("create", Some(9)).is_err());
    }

    #[test]
    fn version_6_keeps_the_change_log_and_allows_team_rows() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        all().to_version(&mut conn, 5).unwrap();
        conn.execute(
            "INSERT INTO changes (at, actor, entity, entity_id, op, new, last_id)
             VALUES ('2026-11-22T09:00:00Z', 'sara', 'person', 7, 'import', '{}', 9)",
            [],
        )
        .unwrap();
        all().to_version(&mut conn, 6).unwrap();
        let kept: (i64, String, Option<i64>) = conn
            .query_row("SELECT entity_id, op, last_id FROM changes", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(kept, (7, "import".to_string(), Some(9)));
        let insert = |entity: &str| {
            conn.execute(
                "INSERT INTO changes (at, actor, entity, entity_id, op)
                 VALUES ('2026-11-22T09:00:00Z', 'sara', ?1, 1, 'create')",
                [entity],
            )
        };
        assert!(insert("user").is_ok());
        assert!(insert("widget").is_err());
        // A login is unique.
        let add = || {
            conn.execute(
                "INSERT INTO users (login, created_at, updated_at)
                 VALUES ('sara', 'x', 'x')",
                [],
            )
        };
        assert!(add().is_ok());
        assert!(add().is_err());
    }

    #[test]
    fn version_8_keeps_the_change_log_and_accepts_any_named_entity() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        all().to_version(&mut conn, 7).unwrap();
        conn.execute(
            "INSERT INTO changes (at, actor, entity, entity_id, op, new)
             VALUES ('2026-11-22T09:00:00Z', 'sara', 'user', 3, 'create', '{}')",
            [],
        )
        .unwrap();
        all().to_latest(&mut conn).unwrap();
        let kept: (String, i64) = conn
            .query_row("SELECT entity, entity_id FROM changes", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(kept, ("user".to_string(), 3));
        let insert = |entity: &str| {
            conn.execute(
                "INSERT INTO changes (at, actor, entity, entity_id, op)
                 VALUES ('2026-11-22T09:00:00Z', 'sara', ?1, 1, 'create')",
                [entity],
            )
        };
        assert!(insert("case").is_ok());
        assert!(insert("").is_err());
    }
}
