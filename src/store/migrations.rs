//! Embedded, ordered schema migrations, the version kept in `PRAGMA
//! user_version` (SQLite) or in `meta` (PostgreSQL).
//!
//! One version number for both engines. PostgreSQL's schema starts at
//! [`PG_BASE_VERSION`] (`migrations/pg/001_schema.sql` and the functions
//! `pg_open.rs` adds, the schema of every step up to it); each later step
//! carries its SQL for both engines, where either may change nothing, and
//! a new PostgreSQL database is made by the same steps as an old one is
//! upgraded, so the two cannot differ.
//!
//! Each step is SQL plus, where the new columns are computed in Rust (sort
//! keys, caller keys), a hook that fills them in the same transaction. The
//! runner is ours rather than rusqlite_migration's because the hooks work
//! on the store's engine-neutral connection (`db.rs`), which that crate's
//! hooks (given a rusqlite transaction) cannot reach.

use super::db::{self, Connection};
use crate::error::{Error, Result};

/// The version PostgreSQL's base schema stands for. Never change it, nor
/// the base: a new version is a step in [`all`] with its PostgreSQL SQL.
pub const PG_BASE_VERSION: usize = 20;

/// One schema step: its SQL and, if any, the Rust that completes it.
pub struct M {
    sql: &'static str,
    hook: Option<fn(&Connection) -> Result<()>>,
    /// PostgreSQL's SQL for the step; `None` for the steps the base schema
    /// already holds.
    pg: Option<&'static str>,
}

impl M {
    fn up(sql: &'static str) -> M {
        M {
            sql,
            hook: None,
            pg: None,
        }
    }

    fn up_with_hook(sql: &'static str, hook: fn(&Connection) -> Result<()>) -> M {
        M {
            sql,
            hook: Some(hook),
            pg: None,
        }
    }

    /// A step after [`PG_BASE_VERSION`]: SQLite's SQL and PostgreSQL's.
    fn both(sql: &'static str, pg: &'static str) -> M {
        M {
            sql,
            hook: None,
            pg: Some(pg),
        }
    }
}

/// The ordered list of steps.
pub struct Migrations(Vec<M>);

/// Every migration, oldest first. Append only: never edit a released one.
pub fn all() -> Migrations {
    Migrations(vec![
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
        M::both(
            include_str!("migrations/023_id_triggers.sql"),
            include_str!("migrations/pg/023_id_triggers.sql"),
        ),
        // One SQL text that both engines read alike.
        M::both(
            include_str!("migrations/024_partial_indexes.sql"),
            include_str!("migrations/024_partial_indexes.sql"),
        ),
    ])
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    22
}

/// The schema version (SQLite: `PRAGMA user_version`; PostgreSQL: meta).
pub fn current_version(conn: &Connection) -> Result<usize> {
    if conn.is_postgres() {
        return super::pg_open::schema_version(conn);
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(usize::try_from(version).unwrap_or(0))
}

impl Migrations {
    /// Brings the schema to the newest version.
    pub fn to_latest(&self, conn: &mut Connection) -> Result<()> {
        self.to_version(conn, self.0.len())
    }

    /// Brings the schema up to `target`, all pending steps in one
    /// transaction (a failed upgrade leaves the old schema as it was).
    pub fn to_version(&self, conn: &mut Connection, target: usize) -> Result<()> {
        if conn.is_postgres() {
            return Err(Error::Schema(
                "a PostgreSQL schema is upgraded when it is opened (pg_open.rs)".into(),
            ));
        }
        let current = current_version(conn)?;
        if current > self.0.len() || target > self.0.len() {
            return Err(Error::Schema(format!(
                "schema version {current} is newer than this kariz knows ({}); upgrade kariz",
                self.0.len()
            )));
        }
        if current >= target {
            return Ok(());
        }
        let tx = conn.transaction()?;
        for step in &self.0[current..target] {
            tx.execute_batch(step.sql)?;
            if let Some(hook) = step.hook {
                hook(&tx)?;
            }
        }
        tx.execute_batch(&format!("PRAGMA user_version = {target}"))?;
        // A step that rebuilt a table must not leave a dangling reference.
        let dangling: Option<String> = tx
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .map(Some)
            .or_else(|e| match e {
                db::Error::QueryReturnedNoRows => Ok(None),
                other => Err(other),
            })?;
        if let Some(table) = dangling {
            return Err(Error::Schema(format!(
                "the schema upgrade left rows in {table} pointing at missing records; nothing was changed"
            )));
        }
        tx.commit()?;
        Ok(())
    }
}

impl Migrations {
    /// Brings a PostgreSQL schema from `current` (at least
    /// [`PG_BASE_VERSION`]) up to `target`, inside the caller's
    /// transaction, and records the version.
    pub(super) fn upgrade_postgres(
        &self,
        tx: &Connection,
        current: usize,
        target: usize,
    ) -> Result<()> {
        if current < PG_BASE_VERSION || target > self.0.len() {
            return Err(Error::Schema(format!(
                "no PostgreSQL schema step from version {current} to {target}"
            )));
        }
        for (index, step) in self.0.iter().enumerate().take(target).skip(current) {
            let Some(sql) = step.pg else {
                return Err(Error::Schema(format!(
                    "schema version {} has no PostgreSQL step",
                    index + 1
                )));
            };
            tx.execute_batch(sql)?;
            if let Some(hook) = step.hook {
                hook(tx)?;
            }
        }
        tx.execute(
            "UPDATE meta SET value = ?2 WHERE key = ?1",
            db::params![super::pg_open::VERSION_KEY, target.to_string()],
        )?;
        Ok(())
    }
}

/// Fills the new sort keys and recomputes search texts of existing rows
/// (version 2), inside the migration's transaction.
fn refresh_derived_columns(conn: &Connection) -> Result<()> {
    super::derived::refresh_all(conn)
}

/// Writes the caller key of every stored phone (migration 012).
fn fill_caller_keys(conn: &Connection) -> Result<()> {
    super::contact_points::fill_caller_keys(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_applies_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        for version in 1..=all().0.len() {
            all().to_version(&mut conn, version).unwrap();
            assert_eq!(current_version(&conn).unwrap(), version);
        }
    }

    /// The base holds every step up to its version; every later one says
    /// what it does on PostgreSQL.
    #[test]
    fn steps_after_the_postgres_base_have_postgres_sql() {
        for (index, step) in all().0.iter().enumerate() {
            let version = index + 1;
            assert_eq!(
                step.pg.is_some(),
                version > PG_BASE_VERSION,
                "version {version}"
            );
        }
    }

    #[test]
    fn latest_version_matches_the_list() {
        let mut conn = Connection::open_in_memory().unwrap();
        all().to_latest(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());
    }

    #[test]
    fn version_4_keeps_the_change_log_and_allows_import_rows() {
        let mut conn = Connection::open_in_memory().unwrap();
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
                db::params![op, last],
            )
        };
        assert!(insert("import", Some(9)).is_ok());
        // The range end is there exactly on import rows.
        assert!(insert("import", None).is_err());
        assert!(insert("create", Some(9)).is_err());
    }

    #[test]
    fn version_6_keeps_the_change_log_and_allows_team_rows() {
        let mut conn = Connection::open_in_memory().unwrap();
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
        let mut conn = Connection::open_in_memory().unwrap();
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
