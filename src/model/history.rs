//! The change log: who changed what, when.

use super::Entity;
use serde::Serialize;

/// One row of the change log.
///
/// Updates write one row per changed field with its old and new value.
/// Creates and deletes write one row with `field` empty and the whole record
/// as a JSON object in `new` (create) or `old` (delete). A CSV import of
/// people writes one `import` row for all the people it created, ids
/// `entity_id` to `last_id`, with the file, count and ids in `new`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeEntry {
    /// Row id (increasing).
    pub id: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who made the change.
    pub actor: String,
    /// Kind of record.
    pub entity: Entity,
    /// Its id.
    pub entity_id: i64,
    /// The last id of an `import` row's range (absent on other rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_id: Option<i64>,
    /// `create`, `update`, `delete` or `import`.
    pub op: String,
    /// Changed field (updates only).
    pub field: Option<String>,
    /// Value before.
    pub old: Option<String>,
    /// Value after.
    pub new: Option<String>,
}
