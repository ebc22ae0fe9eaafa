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
    /// Kind of record (or a member of the team list).
    pub entity: LoggedKind,
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

/// What a change-log row is about: a record, or a member of the team list
/// (which is not a customer record, so it is not an [`Entity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoggedKind {
    /// A person, company, deal, task or activity.
    Record(Entity),
    /// A row of the team list (`kariz user`).
    User,
}

impl LoggedKind {
    /// The name stored in `changes.entity` and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            LoggedKind::Record(entity) => entity.as_str(),
            LoggedKind::User => "user",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Option<LoggedKind> {
        if text.trim().eq_ignore_ascii_case("user") {
            return Some(LoggedKind::User);
        }
        Entity::parse(text).map(LoggedKind::Record)
    }
}

impl From<Entity> for LoggedKind {
    fn from(entity: Entity) -> LoggedKind {
        LoggedKind::Record(entity)
    }
}

impl PartialEq<Entity> for LoggedKind {
    fn eq(&self, other: &Entity) -> bool {
        *self == LoggedKind::Record(*other)
    }
}

impl std::fmt::Display for LoggedKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for LoggedKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
