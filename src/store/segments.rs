//! Saved segments: named filter expressions (`kariz segment add|list|show|rm`),
//! change-logged as `segment` records.

use super::Writer;
use super::codec;
use super::db;
use super::db::{Connection, OptionalExtension, Row, params};
use crate::error::{Error, Result};
use crate::model::Entity;
use crate::model::snapshot::Snapshot;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A saved segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedSegment {
    /// Its id.
    pub id: i64,
    /// Its name, unique ignoring case.
    pub name: String,
    /// The filter expression as typed.
    pub expression: String,
    /// Who saved it last.
    pub actor: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version.
    pub version: i64,
}

const COLUMNS: &str = "id, name, expression, actor, created_at, updated_at, version";

fn from_row(r: &Row<'_>) -> db::Result<SavedSegment> {
    Ok(SavedSegment {
        id: r.get(0)?,
        name: r.get(1)?,
        expression: r.get(2)?,
        actor: r.get(3)?,
        created_at: codec::get_ts(r, 4)?,
        updated_at: codec::get_ts(r, 5)?,
        version: r.get(6)?,
    })
}

/// Every saved segment, by name.
pub fn all(conn: &Connection) -> Result<Vec<SavedSegment>> {
    let sql = format!("SELECT {COLUMNS} FROM segments ORDER BY lower(name), id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// The segment with this name (ignoring case), or this id when `key` is a number.
pub fn find(conn: &Connection, key: &str) -> Result<Option<SavedSegment>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM segments WHERE lower(name) = lower(?1) OR CAST(id AS TEXT) = ?1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([key.trim()], from_row)
        .optional()?)
}

fn by_name(conn: &Connection, name: &str) -> Result<Option<SavedSegment>> {
    let sql = format!("SELECT {COLUMNS} FROM segments WHERE lower(name) = lower(?1)");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([name], from_row)
        .optional()?)
}

/// A segment's logged fields.
struct Fields<'a> {
    name: &'a str,
    expression: &'a str,
}

impl Snapshot for Fields<'_> {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("name", Some(self.name.to_owned())),
            ("expression", Some(self.expression.to_owned())),
        ]
    }
}

impl Writer<'_> {
    /// Saves a segment: a new one, or a new expression for the one of
    /// that name (ignoring case). The caller has parsed the expression.
    pub fn save_segment(&mut self, name: &str, expression: &str) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("a segment needs a name, e.g. vip-mashhad"));
        }
        let after = Fields { name, expression };
        let at = codec::ts(self.now);
        match by_name(self.conn(), name)? {
            None => {
                let id: i64 = self.conn().insert_id(
                    "INSERT INTO segments (name, expression, created_at, updated_at, actor)
                     VALUES (?1, ?2, ?3, ?3, ?4)",
                    params![name, expression, at, self.actor],
                )?;
                self.log_create(Entity::Segment, id, &after)?;
                Ok(id)
            }
            Some(old) if old.expression == expression => Ok(old.id),
            Some(old) => {
                self.conn().execute(
                    "UPDATE segments SET expression = ?1, updated_at = ?2, actor = ?3,
                                         version = version + 1
                     WHERE id = ?4",
                    params![expression, at, self.actor, old.id],
                )?;
                let before = Fields {
                    name: &old.name,
                    expression: &old.expression,
                };
                self.log_update(Entity::Segment, old.id, &before, &after)?;
                Ok(old.id)
            }
        }
    }

    /// Removes a saved segment; `None` when there is none by that name or id.
    pub fn remove_segment(&mut self, key: &str) -> Result<Option<SavedSegment>> {
        let Some(old) = find(self.conn(), key)? else {
            return Ok(None);
        };
        self.conn()
            .execute("DELETE FROM segments WHERE id = ?1", params![old.id])?;
        self.log_delete(
            Entity::Segment,
            old.id,
            &Fields {
                name: &old.name,
                expression: &old.expression,
            },
        )?;
        Ok(Some(old))
    }
}
