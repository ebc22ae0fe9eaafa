//! The folded search text stored per person and company, the search text of
//! a deal (made when read), and a scan over both.
//!
//! A person's or company's text is folded when the record is written (see
//! `text::fold`), so a search only compares folded strings and never folds
//! a million names. A deal's text is its folded title, then its customer
//! company's and contact person's names (taken from their stored search
//! texts, already folded): made while scanning, so renaming a customer
//! needs no rewrite of its deals and no schema change. Only the title is
//! folded per scan; deals are far fewer than people (the demo has one per
//! several people), and ASCII titles take the cheap path of `fold`.

use super::db::Connection;
use super::db::OptionalExtension;
use crate::error::Result;
use crate::model::{CompanyData, ContactPoint, Entity, PersonData};
use crate::text::fold::fold;
use crate::text::phone;

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

/// The name field of a stored search text (its first field, folded).
pub fn name_field(text: &str) -> &str {
    text.split(FIELD_SEPARATOR).next().unwrap_or(text)
}

/// A deal's search text: folded title, customer company name, contact
/// person name (positions 0, 1, 2: the scorer reads them as name, company
/// and contact). `company_text` and `person_text` are those records' stored
/// search texts, whose first field is the folded name.
fn deal_search_text(title: &str, company_text: Option<&str>, person_text: Option<&str>) -> String {
    let name = |text: Option<&str>| text.map(name_field).unwrap_or_default().to_owned();
    join([fold(title), name(company_text), name(person_text)])
}

/// A deal's title and its customers' stored search texts.
const DEAL_TEXT_SQL: &str = "SELECT d.id, d.title, c.search_text, p.search_text FROM deals d
     LEFT JOIN companies c ON c.id = d.company_id
     LEFT JOIN people p ON p.id = d.person_id";

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
    /// Walks every person, company and deal, keeping those whose search
    /// text passes `keep` (see [`scan`]).
    fn scan_search_texts(&self, keep: &dyn Fn(&str) -> bool) -> Result<Vec<Candidate>>;

    /// One person's, company's or deal's search text; `None` when it is gone.
    fn search_text(&self, entity: Entity, id: i64) -> Result<Option<String>>;

    /// The other search texts that hold this person's or company's name,
    /// and so change with it ([`texts_holding_name_of`]).
    fn texts_holding_name_of(&self, entity: Entity, id: i64) -> Result<Vec<Candidate>>;

    /// The newest change-log id (0 when there is none), so a copy of the
    /// texts (the search snapshot) knows what it covers.
    fn newest_change(&self) -> Result<i64>;

    /// Change-log rows after `after`, oldest first, at most `limit`.
    fn changes_after(&self, after: i64, limit: usize) -> Result<Vec<super::FeedChange>>;

    /// What identifies change-log row `id` (see `feed::change_mark`).
    fn change_mark(&self, id: i64) -> Result<Option<String>>;

    /// The schema version: a migration may rewrite every search text.
    fn schema_version(&self) -> Result<i64>;
}

/// One person's, company's or deal's search text; `None` when it is gone.
pub(super) fn search_text(conn: &Connection, entity: Entity, id: i64) -> Result<Option<String>> {
    if entity == Entity::Deal {
        let sql = format!("{DEAL_TEXT_SQL} WHERE d.id = ?1");
        return Ok(conn
            .prepare_cached(&sql)?
            .query_row([id], |r| {
                let title: String = r.get(1)?;
                let company: Option<String> = r.get(2)?;
                let person: Option<String> = r.get(3)?;
                Ok(deal_search_text(
                    &title,
                    company.as_deref(),
                    person.as_deref(),
                ))
            })
            .optional()?);
    }
    let sql = match entity {
        Entity::Company => "SELECT search_text FROM companies WHERE id = ?1",
        _ => "SELECT search_text FROM people WHERE id = ?1",
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The other search texts that hold the name of person or company `id`:
/// the one home of what a copy of the texts (the interface's index, the
/// search snapshot) reads again when a record changes. The deals whose
/// customer it is (a deal's text is made from its customers' names), and a
/// company's people, whose stored texts a rename rewrites without a
/// change-log row of their own. None for other entities.
pub(super) fn texts_holding_name_of(
    conn: &Connection,
    entity: Entity,
    id: i64,
) -> Result<Vec<Candidate>> {
    let mut texts = deal_search_texts_of(conn, entity, id)?;
    if entity == Entity::Company {
        let mut stmt =
            conn.prepare_cached("SELECT id, search_text FROM people WHERE company_id = ?1")?;
        let mut rows = stmt.query([id])?;
        while let Some(row) = rows.next()? {
            texts.push(Candidate {
                entity: Entity::Person,
                id: row.get(0)?,
                search_text: row.get_str(1)?.unwrap_or("").to_owned(),
            });
        }
    }
    Ok(texts)
}

/// The search texts of the deals whose company (or contact person) is
/// `id`; none for other entities.
fn deal_search_texts_of(conn: &Connection, entity: Entity, id: i64) -> Result<Vec<Candidate>> {
    let column = match entity {
        Entity::Company => "d.company_id",
        Entity::Person => "d.person_id",
        _ => return Ok(Vec::new()),
    };
    let sql = format!("{DEAL_TEXT_SQL} WHERE {column} = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let company: Option<String> = row.get(2)?;
        let person: Option<String> = row.get(3)?;
        out.push(Candidate {
            entity: Entity::Deal,
            id: row.get(0)?,
            search_text: deal_search_text(
                row.get_str(1)?.unwrap_or(""),
                company.as_deref(),
                person.as_deref(),
            ),
        });
    }
    Ok(out)
}

/// Walks every person, company and deal, keeping those whose search text
/// passes `keep`. People's and companies' rows that fail are never copied
/// out of SQLite's buffer.
pub(super) fn scan(conn: &Connection, keep: &dyn Fn(&str) -> bool) -> Result<Vec<Candidate>> {
    let mut out = Vec::new();
    for (entity, sql) in [
        (Entity::Person, "SELECT id, search_text FROM people"),
        (Entity::Company, "SELECT id, search_text FROM companies"),
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let text = row.get_str(1)?.unwrap_or("");
            if keep(text) {
                out.push(Candidate {
                    entity,
                    id: row.get(0)?,
                    search_text: text.to_string(),
                });
            }
        }
    }
    let mut stmt = conn.prepare_cached(DEAL_TEXT_SQL)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let text = deal_search_text(
            row.get_str(1)?.unwrap_or(""),
            row.get_str(2).ok().flatten(),
            row.get_str(3).ok().flatten(),
        );
        if keep(&text) {
            out.push(Candidate {
                entity: Entity::Deal,
                id: row.get(0)?,
                search_text: text,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_the_first_field() {
        assert_eq!(name_field("sara ahmadi\nzagros\ns@x.io"), "sara ahmadi");
        assert_eq!(name_field("solo"), "solo");
        assert_eq!(name_field(""), "");
    }

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
