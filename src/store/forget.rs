//! Erasing a person on request (the right to be forgotten).
//!
//! Deleting is not enough: the change log keeps every value the person
//! ever had, SQLite leaves freed pages with the old bytes in the file, and
//! the WAL keeps old page images until a checkpoint. So `forget` deletes
//! the person and their contact points (linked deals, tasks and activities
//! stay, without the link, each unlink logged), replaces every value in the
//! person's change-log rows with a marker while keeping the rows (who did
//! what, when, stays on record, and that the person was erased), turns on
//! `secure_delete` so freed space is overwritten with zeros (the number of
//! every call from them is erased too, in the call and its log row), and
//! checkpoints the WAL with TRUNCATE. Backups are separate files: they are
//! not touched, and the report says so.

use super::db;
use super::{Store, links};
use crate::error::Result;
use crate::model::Entity;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The marker written over erased change-log values.
pub const ERASED: &str = "[erased]";

/// What `forget` did.
#[derive(Debug, Clone, Serialize)]
pub struct Forgotten {
    /// The person's id.
    pub id: i64,
    /// Phone numbers and e-mail addresses erased with them.
    pub contact_points: i64,
    /// Change-log rows whose values were erased (the rows remain).
    pub redacted_changes: i64,
    /// Records that pointed at the person and now do not, as "deal 3".
    pub unlinked: Vec<String>,
    /// Whether the WAL was emptied; `false` when another kariz was reading
    /// at that moment (its pages then leave at the next checkpoint).
    pub wal_truncated: bool,
}

impl Store {
    /// Erases person `id` as described in this module's documentation.
    pub fn forget_person(&mut self, now: DateTime<Utc>, id: i64) -> Result<Forgotten> {
        // SQLite's freed pages keep old text unless overwritten; a
        // PostgreSQL server reclaims dead rows with VACUUM (its admin's).
        if let Some(conn) = self.conn.sqlite() {
            conn.pragma_update(None, "secure_delete", "ON")?;
        }
        let deps = links::dependants_of(&self.conn, Entity::Person, id)?;
        let forgotten = self.write(now, |w| {
            let contact_points: i64 = w.conn().query_row(
                "SELECT count(*) FROM contact_points WHERE person_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            // Their calls (caller ID) keep when they happened, not the
            // number; read before the delete sets the link to NULL.
            let call_rows = w.conn().execute(
                "UPDATE changes SET new = '{\"erased\":true}'
                 WHERE entity = 'call' AND entity_id IN (SELECT id FROM calls WHERE person_id = ?1)",
                [id],
            )?;
            w.conn().execute(
                "UPDATE calls SET number = ?2, phone_key = NULL WHERE person_id = ?1",
                db::params![id, ERASED],
            )?;
            // Messages sent to them name their address and text: their
            // change-log rows are erased, the rows go with the person.
            let message_rows = w.conn().execute(
                "UPDATE changes SET new = '{\"erased\":true}'
                 WHERE entity = 'message' AND entity_id IN (SELECT id FROM messages WHERE person_id = ?1)",
                [id],
            )?;
            w.delete_person(id, None, true)?;
            // Field rows hold plain values; create and delete rows hold the
            // whole record as JSON, which stays JSON.
            let redacted = w.conn().execute(
                "UPDATE changes SET
                   old = CASE WHEN old IS NULL THEN NULL
                              WHEN op = 'update' THEN ?2 ELSE '{\"erased\":true}' END,
                   new = CASE WHEN new IS NULL THEN NULL
                              WHEN op = 'update' THEN ?2 ELSE '{\"erased\":true}' END
                 WHERE entity = 'person' AND entity_id = ?1 AND op <> 'import'",
                db::params![id, ERASED],
            )?;
            Ok(Forgotten {
                id,
                contact_points,
                redacted_changes: (redacted + call_rows + message_rows) as i64,
                unlinked: deps
                    .groups
                    .iter()
                    .flat_map(|(entity, ids)| ids.iter().map(move |i| format!("{entity} {i}")))
                    .collect(),
                wal_truncated: false,
            })
        })?;
        // Only SQLite keeps old pages in a WAL file beside the database.
        let Some(conn) = self.conn.sqlite() else {
            return Ok(forgotten);
        };
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(Forgotten {
            wal_truncated: busy == 0,
            ..forgotten
        })
    }
}
