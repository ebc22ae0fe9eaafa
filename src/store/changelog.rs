//! The change log: rows written with every change, in its transaction.

use super::Writer;
use super::codec;
use super::db;
use super::db::{Connection, params};
use crate::error::Result;
use crate::model::snapshot::{self, Snapshot};
use crate::model::{ChangeEntry, Entity, LoggedKind};

impl Writer<'_> {
    fn log(
        &self,
        entity: Entity,
        id: i64,
        op: &str,
        field: Option<&str>,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        self.log_at(&codec::ts(self.now), entity, id, op, field, old, new)
    }

    /// [`Writer::log`] with the time already formatted (imports format it
    /// once, not once per record).
    #[allow(clippy::too_many_arguments)]
    fn log_at(
        &self,
        at: &str,
        entity: Entity,
        id: i64,
        op: &str,
        field: Option<&str>,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        // id NULL, not left out: on PostgreSQL the insert trigger then
        // gives the row a provisional id, placed at commit (`pg_turns.rs`);
        // SQLite takes NULL as "the next rowid".
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO changes (id, at, actor, entity, entity_id, op, field, old, new)
             VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        stmt.execute(params![
            at,
            self.actor(),
            entity.as_str(),
            id,
            op,
            field,
            old,
            new
        ])?;
        Ok(())
    }

    /// Records a change to the team list (`entity` = `user`), in the same
    /// form as a record's: one row for a create, one per changed field.
    pub(super) fn log_user(
        &self,
        id: i64,
        op: &str,
        field: Option<&str>,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO changes (id, at, actor, entity, entity_id, op, field, old, new)
             VALUES (NULL, ?1, ?2, 'user', ?3, ?4, ?5, ?6, ?7)",
        )?;
        stmt.execute(params![
            codec::ts(self.now),
            self.actor(),
            id,
            op,
            field,
            old,
            new
        ])?;
        Ok(())
    }

    /// Records a new record as one row holding all its fields.
    pub(super) fn log_create(&self, entity: Entity, id: i64, data: &impl Snapshot) -> Result<()> {
        self.log(entity, id, "create", None, None, Some(&data.to_json()))
    }

    /// [`Writer::log_create`] with the record's JSON already made (imports
    /// make it on another thread) and `at`, the stored form of `self.now`.
    pub(super) fn log_create_json(
        &self,
        entity: Entity,
        id: i64,
        json: &str,
        at: &str,
    ) -> Result<()> {
        self.log_at(at, entity, id, "create", None, None, Some(json))
    }

    /// Records the `entity` records with ids `first..=last`, all created
    /// by one import, as one `import` row; `json` says where they came from.
    pub fn log_import(&self, entity: Entity, first: i64, last: i64, json: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO changes (id, at, actor, entity, entity_id, op, new, last_id)
             VALUES (NULL, ?1, ?2, ?3, ?4, 'import', ?5, ?6)",
            params![
                codec::ts(self.now),
                self.actor(),
                entity.as_str(),
                first,
                json,
                last
            ],
        )?;
        Ok(())
    }

    /// Records one row per changed field.
    pub(super) fn log_update(
        &self,
        entity: Entity,
        id: i64,
        before: &impl Snapshot,
        after: &impl Snapshot,
    ) -> Result<()> {
        for (field, old, new) in snapshot::diff(&before.fields(), &after.fields()) {
            self.log(
                entity,
                id,
                "update",
                Some(field),
                old.as_deref(),
                new.as_deref(),
            )?;
        }
        Ok(())
    }

    /// Records a single field change made outside a full update (unlinks).
    pub(super) fn log_field(
        &self,
        entity: Entity,
        id: i64,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        self.log(entity, id, "update", Some(field), old, new)
    }

    /// Records a deleted record as one row holding all its fields.
    pub(super) fn log_delete(&self, entity: Entity, id: i64, data: &impl Snapshot) -> Result<()> {
        self.log(entity, id, "delete", None, Some(&data.to_json()), None)
    }
}

/// Which change-log rows to read.
#[derive(Debug, Clone, Default)]
pub struct ChangeFilter {
    /// Only this kind of record (or the team list).
    pub entity: Option<LoggedKind>,
    /// Only this record (with `entity`).
    pub entity_id: Option<i64>,
    /// Only changes by this actor.
    pub actor: Option<String>,
    /// At most this many rows, newest first (0 = all).
    pub limit: usize,
}

/// Reads the change log, newest first.
pub fn list(conn: &Connection, filter: &ChangeFilter) -> Result<Vec<ChangeEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, entity, entity_id, op, field, old, new, last_id FROM changes
         WHERE (?1 IS NULL OR entity = ?1)
           AND (?2 IS NULL OR entity_id = ?2
                OR (op = 'import' AND entity_id <= ?2 AND last_id >= ?2))
           AND (?3 IS NULL OR actor = ?3)
         ORDER BY id DESC LIMIT ?4",
    )?;
    // 0 means no limit, as in the other lists.
    let limit = match filter.limit {
        0 => -1,
        n => i64::try_from(n).unwrap_or(-1),
    };
    let rows = stmt.query_map(
        params![
            filter.entity.map(LoggedKind::as_str),
            filter.entity_id,
            filter.actor,
            limit
        ],
        |r| {
            Ok(ChangeEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                entity: codec::get_parsed(r, 3, LoggedKind::parse)?,
                entity_id: r.get(4)?,
                op: r.get(5)?,
                field: r.get(6)?,
                old: r.get(7)?,
                new: r.get(8)?,
                last_id: r.get(9)?,
            })
        },
    )?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}
