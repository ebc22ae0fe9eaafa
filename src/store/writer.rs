//! The write transaction handed to callers of [`super::Store::write`].

use super::db::{Connection, OptionalExtension, Transaction, params};
use super::links;
use crate::config::{Config, FieldEntity};
use crate::error::{Error, Result};
use crate::model::{CustomValues, Entity, Snapshot};
use chrono::{DateTime, Utc};

/// One open write transaction, stamped with a time and an actor.
///
/// Entity files add their `add_*`, `update_*` and `delete_*` methods to it;
/// each records its change-log rows through the same transaction.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    pub(super) actor: &'a str,
    pub(super) now: DateTime<Utc>,
    pub(super) config: &'a Config,
    /// The id the next `add_*` inserts under (undo of a delete brings a
    /// record back with its own id); `None`: SQLite picks a new one.
    restore_id: std::cell::Cell<Option<i64>>,
    /// While a rule's actions run: `rule:NAME`, recorded instead of `actor`.
    pub(super) rule_actor: Option<String>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(
        tx: Transaction<'a>,
        actor: &'a str,
        now: DateTime<Utc>,
        config: &'a Config,
    ) -> Self {
        Writer {
            tx,
            actor,
            now,
            config,
            restore_id: std::cell::Cell::new(None),
            rule_actor: None,
        }
    }

    /// Makes the next `add_*` insert under `id` (see [`Writer::restore`]).
    pub(super) fn set_restore_id(&mut self, id: i64) {
        self.restore_id.set(Some(id));
    }

    /// The id for the insert being made, cleared for the next one.
    pub(super) fn take_restore_id(&self) -> Option<i64> {
        self.restore_id.take()
    }

    /// Commits; on PostgreSQL first gives this transaction's change rows
    /// their places in the log (`pg_turns.rs`). Returns the change-log ids
    /// `(before, last]` it wrote, given `before`, the newest id before the
    /// work began on SQLite (its writer has the file to itself: its rows are
    /// the ones logged since); PostgreSQL's does not use it.
    pub(super) fn commit(self, before: i64) -> Result<(i64, i64)> {
        if self.tx.is_postgres() {
            return super::pg_turns::seal_and_commit(self.tx);
        }
        let written = (before, super::feed::last_change_id(&self.tx)?);
        self.tx.commit()?;
        Ok(written)
    }

    /// Waits for `turn` (PostgreSQL: see `pg_turns.rs`).
    pub(super) fn take_turn(&self, turn: super::pg_turns::Turn) -> Result<()> {
        super::pg_turns::take(&self.tx, turn)
    }

    /// Locks record `id` until the commit (PostgreSQL), so the next read of
    /// it is the newest committed version and no one changes it meanwhile:
    /// called before reading a record to write it back.
    pub(super) fn hold(&self, entity: Entity, id: i64) -> Result<()> {
        super::pg_turns::hold_row(&self.tx, links::table(entity), id)
    }

    /// The transaction, for SQL in the store's entity files.
    pub(super) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// Who this transaction's changes are recorded under.
    pub fn actor(&self) -> &str {
        self.rule_actor.as_deref().unwrap_or(self.actor)
    }

    /// Records the rest of this transaction's changes as done by the rule
    /// `name` (`rule:NAME`), as its actions are: for what a rule queued and
    /// `kariz remind` completes later, such as its messages.
    pub fn act_as_rule(&mut self, name: &str) {
        self.rule_actor = Some(format!("rule:{name}"));
    }

    /// The time every row of this transaction is stamped with.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Changes the time stamped on the rest of this transaction's writes.
    /// For replaying history (demo data, imports), never for normal edits.
    pub fn stamp(&mut self, at: DateTime<Utc>) {
        self.now = at;
    }

    /// Today in the team's time zone (`[support] time_zone`): the day a
    /// quote's validity, an invoice's dates and the rules' dates are taken
    /// from.
    pub(super) fn team_today(&self) -> chrono::NaiveDate {
        self.config.support.time_zone.local_date(self.now)
    }

    /// The config this transaction validates against.
    pub fn config(&self) -> &Config {
        self.config
    }

    /// Sets a meta value (e.g. the demo marker).
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Bumps a record's version if it still is `expected`; otherwise reports
    /// a conflict (someone saved first) or not-found. Returns the new version.
    pub(super) fn claim_version(&self, entity: Entity, id: i64, expected: i64) -> Result<i64> {
        let table = links::table(entity);
        // The table name comes from a fixed list, never from user text.
        let sql = format!(
            "UPDATE {table} SET version = version + 1, updated_at = ?1 WHERE id = ?2 AND version = ?3"
        );
        let changed = self
            .tx
            .execute(&sql, params![super::codec::ts(self.now), id, expected])?;
        if changed == 1 {
            return Ok(expected + 1);
        }
        let actual: Option<i64> = self
            .tx
            .query_row(
                &format!("SELECT version FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        Err(match actual {
            // PostgreSQL's row policies hide a row from an UPDATE without
            // an error: it is there, at the expected version, and was not
            // changed, so the rules refused this role.
            Some(actual) if actual == expected && self.tx.is_postgres() => refused(entity, id),
            Some(actual) => Error::Conflict {
                entity,
                id,
                expected,
                actual,
            },
            None => Error::NotFound { entity, id },
        })
    }

    /// Fails with the refusal when a statement that must change the row
    /// `id` changed none: on PostgreSQL a row policy filters rows out of an
    /// UPDATE or DELETE silently (the caller read the row first, so it
    /// exists).
    pub(super) fn check_changed(&self, entity: Entity, id: i64, changed: usize) -> Result<()> {
        if changed == 0 && self.tx.is_postgres() {
            return Err(refused(entity, id));
        }
        Ok(())
    }

    /// For an update that changes nothing: checks the version as a real
    /// update would (so a stale edit still reports the conflict) and tells
    /// the caller to skip the write, so a no-op neither bumps the version
    /// nor causes other people's saves to conflict.
    pub(super) fn unchanged(
        &self,
        entity: Entity,
        id: i64,
        expected: i64,
        before: &impl Snapshot,
        after: &impl Snapshot,
    ) -> Result<bool> {
        if before.fields() != after.fields() {
            return Ok(false);
        }
        let actual = self.current_version(entity, id)?;
        if actual != expected {
            return Err(Error::Conflict {
                entity,
                id,
                expected,
                actual,
            });
        }
        Ok(true)
    }

    /// The current version of a record (for callers that did not read it).
    pub(super) fn current_version(&self, entity: Entity, id: i64) -> Result<i64> {
        let sql = format!("SELECT version FROM {} WHERE id = ?1", links::table(entity));
        super::found(self.tx.query_row(&sql, [id], |r| r.get(0)), entity, id)
    }

    /// Fails unless the linked record exists.
    pub(super) fn require(&self, entity: Entity, id: Option<i64>) -> Result<()> {
        match id {
            Some(id) => self.current_version(entity, id).map(|_| ()),
            None => Ok(()),
        }
    }

    /// Checks custom values against the config; values unchanged since
    /// `before` pass even if the config dropped their field, so an old value
    /// never blocks an unrelated edit.
    pub(super) fn check_custom(
        &self,
        entity: FieldEntity,
        before: Option<&CustomValues>,
        after: &CustomValues,
    ) -> Result<()> {
        for (name, value) in after {
            if before.and_then(|b| b.get(name)) == Some(value) {
                continue;
            }
            let Some(field) = self.config.custom_field(entity, name) else {
                let known: Vec<&str> = self
                    .config
                    .custom_fields_for(entity)
                    .map(|f| f.name.as_str())
                    .collect();
                return Err(Error::invalid(format!(
                    "custom field {name:?} is not declared for {} in the config; declared: {}",
                    entity.as_str(),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )));
            };
            if !field.accepts_stored(value) {
                return Err(Error::invalid(format!(
                    "custom field {name:?} does not accept {value}; {}",
                    field
                        .validate_value("")
                        .err()
                        .unwrap_or_else(|| "check its type in the config".into())
                )));
            }
        }
        Ok(())
    }
}

/// What a row policy's silent refusal of a change to `entity` `id` means.
fn refused(entity: Entity, id: i64) -> Error {
    let what = entity.as_str();
    Error::Denied(match entity {
        Entity::Deal | Entity::Task => format!(
            "only the {what}'s owner or a manager can change {what} {id}; your role lets you change only the {what}s you own"
        ),
        _ => format!("your role does not allow changing {what} {id}; ask a kariz admin"),
    })
}
