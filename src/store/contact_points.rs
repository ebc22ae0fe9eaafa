//! Phones and e-mails of people and companies.

use super::db;
use super::db::{Connection, params};
use crate::error::Result;
use crate::model::ContactPoint;
use std::collections::HashMap;

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
pub fn load_many(conn: &Connection, company: bool, ids: &[i64]) -> Result<HashMap<i64, Points>> {
    let sql = if company {
        "SELECT company_id, kind, label, value, position FROM contact_points
         WHERE company_id IN (SELECT value FROM json_each(?1)) ORDER BY company_id, kind, position"
    } else {
        "SELECT person_id, kind, label, value, position FROM contact_points
         WHERE person_id IN (SELECT value FROM json_each(?1)) ORDER BY person_id, kind, position"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query([super::codec::id_list(ids)])?;
    by_owner(rows)
}

/// The SQL of one column holding the contact points of the person in
/// `p` (kind, label and value joined by `?unit`, points by `?record`, in
/// stored order), so a page of people comes in one statement, not one per
/// part: on PostgreSQL each statement is a round trip. [`from_joined`]
/// reads it back.
pub(super) fn joined_column(unit: usize, record: usize) -> String {
    format!(
        "(SELECT string_agg(cp.kind || ?{unit} || cp.label || ?{unit} || cp.value, ?{record}
                            ORDER BY cp.kind, cp.position)
            FROM contact_points cp WHERE cp.person_id = p.id)"
    )
}

/// The phones and e-mails in a [`joined_column`].
pub(super) fn from_joined(joined: Option<&str>) -> Points {
    let mut points = Points::default();
    let Some(joined) = joined else {
        return points;
    };
    for part in joined.split(super::codec::RECORD_SEPARATOR) {
        let mut fields = part.splitn(3, super::codec::UNIT_SEPARATOR);
        let (Some(kind), Some(label), Some(value)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let point = ContactPoint {
            label: label.to_string(),
            value: value.to_string(),
        };
        if kind == "phone" {
            points.0.push(point);
        } else {
            points.1.push(point);
        }
    }
    points
}

/// [`load_many`] for every person or every company: one pass over the
/// table in its own order. For a whole list this beats seeking each
/// owner's points through the index (an index step and a table lookup per
/// point: at 10,000 people, most of `kariz person list`'s time).
pub fn load_all(conn: &Connection, company: bool) -> Result<HashMap<i64, Points>> {
    let sql = if company {
        "SELECT company_id, kind, label, value, position FROM contact_points
         WHERE company_id IS NOT NULL"
    } else {
        "SELECT person_id, kind, label, value, position FROM contact_points
         WHERE person_id IS NOT NULL"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query([])?;
    by_owner(rows)
}

/// Groups rows of (owner, kind, label, value, position) into each owner's
/// phones and e-mails in stored order, whatever order the rows come in:
/// sorting them here is cheaper than making the engine sort the table.
fn by_owner(mut rows: db::Rows<'_>) -> Result<HashMap<i64, Points>> {
    let mut read = Vec::new();
    while let Some(row) = rows.next()? {
        let owner: i64 = row.get(0)?;
        let email = row.get_str(1)? != Some("phone");
        let position: i64 = row.get(4)?;
        let point = ContactPoint {
            label: row.get(2)?,
            value: row.get(3)?,
        };
        read.push((owner, email, position, point));
    }
    read.sort_unstable_by_key(|&(owner, email, position, _)| (owner, email, position));
    let mut all: HashMap<i64, Points> = HashMap::new();
    for (owner, email, _, point) in read {
        let points = all.entry(owner).or_default();
        if email { &mut points.1 } else { &mut points.0 }.push(point);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations;

    /// Rows lying in the table out of their stored order (as after edits
    /// that rewrite some owners' points) come out in order from the
    /// whole-table read and the per-page read alike, each owner's own.
    #[test]
    fn points_come_out_in_stored_order_whatever_the_table_order() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::all().to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO people (id, name, name_folded, created_at, updated_at) VALUES
                (1, 'Ali', 'ali', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                (2, 'Bita', 'bita', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                (3, 'Cyrus', 'cyrus', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO companies (id, name, name_folded, created_at, updated_at) VALUES
                (1, 'Zagros', 'zagros', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO contact_points (person_id, company_id, kind, label, value, position) VALUES
                (1, NULL, 'email', 'work', 'a1@example.com', 1),
                (2, NULL, 'phone', 'mobile', 'b0', 0),
                (1, NULL, 'phone', 'home', 'a-p2', 2),
                (NULL, 1, 'phone', 'office', 'z0', 0),
                (1, NULL, 'email', 'home', 'a0@example.com', 0),
                (1, NULL, 'phone', 'work', 'a-p0', 0),
                (1, NULL, 'phone', 'mobile', 'a-p1', 1);",
        )
        .unwrap();
        let everyone = load_all(&conn, false).unwrap();
        assert_eq!(everyone, load_many(&conn, false, &[1, 2, 3]).unwrap());
        let values = |points: &[ContactPoint]| -> Vec<String> {
            points.iter().map(|p| p.value.clone()).collect()
        };
        let (phones, emails) = &everyone[&1];
        assert_eq!(values(phones), ["a-p0", "a-p1", "a-p2"]);
        assert_eq!(values(emails), ["a0@example.com", "a1@example.com"]);
        assert_eq!(everyone[&1], load(&conn, Owner::Person(1)).unwrap());
        assert_eq!(everyone[&2], load(&conn, Owner::Person(2)).unwrap());
        // Cyrus has none, and the company's phone is nobody's here.
        assert_eq!(everyone.len(), 2);
        // The same points joined into one column of a people query.
        let sql = format!(
            "SELECT p.id, {} FROM people p ORDER BY p.id",
            joined_column(1, 2)
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let mut rows = stmt
            .query(params![
                crate::store::codec::UNIT_SEPARATOR,
                crate::store::codec::RECORD_SEPARATOR
            ])
            .unwrap();
        while let Some(row) = rows.next().unwrap() {
            let id: i64 = row.get(0).unwrap();
            let joined = from_joined(row.get_str(1).unwrap());
            assert_eq!(
                joined,
                everyone.get(&id).cloned().unwrap_or_default(),
                "{id}"
            );
        }
        let companies = load_all(&conn, true).unwrap();
        assert_eq!(companies.len(), 1);
        assert_eq!(values(&companies[&1].0), ["z0"]);
    }
}
