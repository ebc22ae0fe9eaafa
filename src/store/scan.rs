//! The folded search text stored per person and company, and a scan over it.
//!
//! The text is folded when a record is written (see `text::fold`), so a
//! search only compares folded strings and never folds a million names.

use crate::error::Result;
use crate::model::{CompanyData, ContactPoint, Entity, PersonData};
use crate::text::fold::fold;
use crate::text::phone;
use rusqlite::Connection;
use rusqlite::OptionalExtension;

/// Separates the fields (name, company, e-mails, phones) in a search text,
/// so matches can be scored per field.
pub const FIELD_SEPARATOR: char = '\n';

/// Joins the fields, keeping empty ones: the scorer reads a field's
/// meaning from its position (0 name, 1 company or domain, then contacts).
fn join(parts: impl IntoIterator<Item = String>) -> String {
    parts
        .into_iter()
        .collect::<Vec<_>>()
        .join(&FIELD_SEPARATOR.to_string())
}

fn points(emails: &[ContactPoint], phones: &[ContactPoint]) -> Vec<String> {
    emails
        .iter()
        .map(|e| fold(&e.value))
        // Digits as written plus the national number, so a number is found
        // with or without its country prefix (see `text::phone`).
        .chain(phones.iter().map(|p| phone::index_form(&p.value)))
        .collect()
}

/// A person's search text: name first, then company, e-mails and phones.
pub fn person_search_text(data: &PersonData, company: Option<&str>) -> String {
    let mut parts = vec![fold(&data.name), company.map(fold).unwrap_or_default()];
    parts.extend(points(&data.emails, &data.phones));
    join(parts)
}

/// A company's search text: name first, then domain, e-mails and phones.
pub fn company_search_text(data: &CompanyData) -> String {
    let mut parts = vec![
        fold(&data.name),
        data.domain.as_deref().map(fold).unwrap_or_default(),
    ];
    parts.extend(points(&data.emails, &data.phones));
    join(parts)
}

/// A record whose search text passed the caller's prefilter.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Person or company.
    pub entity: Entity,
    /// Its id.
    pub id: i64,
    /// Its stored folded search text.
    pub search_text: String,
}

/// Where the search texts are read from: the [`Store`](super::Store) itself
/// (the CLI) or a [`Reader`](super::Reader) on another thread (the TUI's
/// search index). A second backend implements the same two reads.
pub trait SearchSource {
    /// Walks every person and company, keeping those whose search text
    /// passes `keep` (see [`scan`]).
    fn scan_search_texts(&self, keep: &dyn Fn(&str) -> bool) -> Result<Vec<Candidate>>;

    /// One person's or company's stored search text; `None` when it is gone.
    fn search_text(&self, entity: Entity, id: i64) -> Result<Option<String>>;
}

/// One person's or company's stored search text; `None` when it is gone.
pub(super) fn search_text(conn: &Connection, entity: Entity, id: i64) -> Result<Option<String>> {
    let sql = match entity {
        Entity::Company => "SELECT search_text FROM companies WHERE id = ?1",
        _ => "SELECT search_text FROM people WHERE id = ?1",
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Walks every person and company, keeping those whose search text passes
/// `keep`. Rows that fail are never copied out of SQLite's buffer.
pub(super) fn scan(conn: &Connection, keep: &dyn Fn(&str) -> bool) -> Result<Vec<Candidate>> {
    let mut out = Vec::new();
    for (entity, sql) in [
        (Entity::Person, "SELECT id, search_text FROM people"),
        (Entity::Company, "SELECT id, search_text FROM companies"),
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let text = row.get_ref(1)?.as_str().unwrap_or("");
            if keep(text) {
                out.push(Candidate {
                    entity,
                    id: row.get(0)?,
                    search_text: text.to_string(),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_positions_hold_when_the_company_is_missing() {
        let data = PersonData {
            name: "Sara".into(),
            emails: vec![ContactPoint {
                label: "work".into(),
                value: "s@yahoo.com".into(),
            }],
            ..PersonData::default()
        };
        let text = person_search_text(&data, None);
        let fields: Vec<&str> = text.split(FIELD_SEPARATOR).collect();
        assert_eq!(fields, ["sara", "", "s@yahoo.com"]);
    }
}
