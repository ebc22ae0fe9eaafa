//! Phones and e-mails of people and companies.

use super::db;
use super::db::{Connection, params};
use crate::error::Result;
use crate::model::ContactPoint;

/// Whose contact points: a person or a company.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// A person's.
    Person(i64),
    /// A company's.
    Company(i64),
}

impl Owner {
    fn ids(self) -> (Option<i64>, Option<i64>) {
        match self {
            Owner::Person(id) => (Some(id), None),
            Owner::Company(id) => (None, Some(id)),
        }
    }
}

/// Phones and e-mails of one owner, in their stored order.
pub type Points = (Vec<ContactPoint>, Vec<ContactPoint>);

/// [`load`] for many people or companies at once (`company` picks which):
/// one query for a whole page instead of one per record, which was most
/// of a long listing's time. Owners without any are absent from the map.
pub fn load_many(
    conn: &Connection,
    company: bool,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Points>> {
    let sql = if company {
        "SELECT company_id, kind, label, value FROM contact_points
         WHERE company_id IN (SELECT value FROM json_each(?1)) ORDER BY company_id, kind, position"
    } else {
        "SELECT person_id, kind, label, value FROM contact_points
         WHERE person_id IN (SELECT value FROM json_each(?1)) ORDER BY person_id, kind, position"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([super::codec::id_list(ids)])?;
    let mut all: std::collections::HashMap<i64, Points> = std::collections::HashMap::new();
    while let Some(row) = rows.next()? {
        let owner: i64 = row.get(0)?;
        let kind: String = row.get(1)?;
        let point = ContactPoint {
            label: row.get(2)?,
            value: row.get(3)?,
        };
        let entry = all.entry(owner).or_default();
        if kind == "phone" {
            entry.0.push(point);
        } else {
            entry.1.push(point);
        }
    }
    Ok(all)
}

/// Loads (phones, e-mails) in their stored order.
pub fn load(conn: &Connection, owner: Owner) -> Result<(Vec<ContactPoint>, Vec<ContactPoint>)> {
    let sql = match owner {
        Owner::Person(_) => {
            "SELECT kind, label, value FROM contact_points WHERE person_id = ?1 ORDER BY kind, position"
        }
        Owner::Company(_) => {
            "SELECT kind, label, value FROM contact_points WHERE company_id = ?1 ORDER BY kind, position"
        }
    };
    let id = match owner {
        Owner::Person(id) | Owner::Company(id) => id,
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut phones = Vec::new();
    let mut emails = Vec::new();
    let mut rows = stmt.query([id])?;
    while let Some(row) = rows.next()? {
        let kind: String = row.get(0)?;
        let point = ContactPoint {
            label: row.get(1)?,
            value: row.get(2)?,
        };
        if kind == "phone" {
            phones.push(point);
        } else {
            emails.push(point);
        }
    }
    Ok((phones, emails))
}

/// Replaces all contact points of an owner.
pub fn replace(
    conn: &Connection,
    owner: Owner,
    phones: &[ContactPoint],
    emails: &[ContactPoint],
) -> Result<()> {
    let (person_id, company_id) = owner.ids();
    // One statement per owner kind: `col = ?` uses the index, while
    // `col IS ?` made every save scan the whole table.
    let (delete, id) = match owner {
        Owner::Person(id) => ("DELETE FROM contact_points WHERE person_id = ?1", id),
        Owner::Company(id) => ("DELETE FROM contact_points WHERE company_id = ?1", id),
    };
    conn.prepare_cached(delete)?.execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO contact_points (person_id, company_id, kind, label, value, position, phone_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (kind, points) in [("phone", phones), ("email", emails)] {
        for (position, p) in points.iter().enumerate() {
            insert.execute(params![
                person_id,
                company_id,
                kind,
                p.label,
                p.value,
                position as i64,
                caller_key_of(kind, &p.value),
            ])?;
        }
    }
    Ok(())
}

/// The caller key stored beside a phone (`None` for e-mails and numbers
/// too short to identify a line): the one rule is `text::phone::caller_key`.
pub(super) fn caller_key_of(kind: &str, value: &str) -> Option<String> {
    (kind == "phone")
        .then(|| crate::text::phone::caller_key(value))
        .flatten()
}

/// Writes the caller key of every stored phone (migration 012's hook).
pub(super) fn fill_caller_keys(conn: &Connection) -> Result<()> {
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT id, value FROM contact_points WHERE kind = 'phone'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<db::Result<_>>()?;
    let mut update = conn.prepare("UPDATE contact_points SET phone_key = ?1 WHERE id = ?2")?;
    for (id, value) in rows {
        update.execute(params![caller_key_of("phone", &value), id])?;
    }
    Ok(())
}
