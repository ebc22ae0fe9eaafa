//! People as a whole listing shows them: the cells `kariz person list`
//! prints and the key it is ordered by, read without the rest of each
//! record (notes, address, custom fields, dates, labels). A listing of
//! every person reads three tables once each, not each person's record.

use std::collections::HashMap;

use super::db::{self, Connection};
use super::{contact_points, tags};
use crate::error::Result;
use crate::model::{Entity, Person};

/// One person's line in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonLine {
    pub id: i64,
    /// The stored collation key of the name: listings are ordered by it,
    /// then by id (empty when the line was made from a record).
    pub sort_key: Vec<u8>,
    pub name: String,
    /// The company's name, empty when none.
    pub company: String,
    /// The first phone, empty when none.
    pub phone: String,
    /// The first e-mail, empty when none.
    pub email: String,
    /// The owner's user name, empty when nobody owns the person.
    pub owner: String,
    /// Tag names in tag order.
    pub tags: Vec<String>,
}

impl PersonLine {
    /// The place of this line in a listing.
    pub fn order(&self) -> (&[u8], i64) {
        (&self.sort_key, self.id)
    }
}

impl From<Person> for PersonLine {
    /// A record's line, its strings moved rather than copied.
    fn from(p: Person) -> PersonLine {
        let first = |points: Vec<crate::model::ContactPoint>| {
            points
                .into_iter()
                .next()
                .map(|c| c.value)
                .unwrap_or_default()
        };
        PersonLine {
            id: p.id,
            sort_key: Vec::new(),
            name: p.data.name,
            company: p.company.unwrap_or_default(),
            phone: first(p.data.phones),
            email: first(p.data.emails),
            owner: p.data.owner.unwrap_or_default(),
            tags: p.data.tags,
        }
    }
}

/// A person's columns in a line, before any condition.
const LINE_SQL: &str = "SELECT p.id, p.sort_key, p.name, c.name, p.owner
     FROM people p LEFT JOIN companies c ON c.id = p.company_id";

/// Every person's line, in listing order (sort key, then id).
pub fn all(conn: &Connection) -> Result<Vec<PersonLine>> {
    // Read in table order and sorted here: walking the sort-key index
    // fetches each row from a different page of the table.
    let mut stmt = conn.prepare_cached(LINE_SQL)?;
    let rows = stmt.query_map([], line_from_row)?;
    let mut lines = rows.collect::<db::Result<Vec<_>>>()?;
    lines.sort_unstable_by(|a, b| a.order().cmp(&b.order()));
    let mut firsts = first_points(conn)?;
    let mut tags = tags::load_all(conn, Entity::Person)?;
    for line in &mut lines {
        if let Some((phone, email)) = firsts.remove(&line.id) {
            line.phone = phone.map(|(_, v)| v).unwrap_or_default();
            line.email = email.map(|(_, v)| v).unwrap_or_default();
        }
        line.tags = tags.remove(&line.id).unwrap_or_default();
    }
    Ok(lines)
}

/// The lines of the people of `ids` that exist, in the order of `ids`.
pub fn with_ids(conn: &Connection, ids: &[i64]) -> Result<Vec<PersonLine>> {
    let sql = format!("{LINE_SQL} WHERE p.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut lines = Vec::with_capacity(ids.len());
    for id in ids {
        let mut rows = stmt.query_map([id], line_from_row)?;
        let Some(line) = rows.next().transpose()? else {
            continue;
        };
        let mut line = line;
        let (phones, emails) = contact_points::load(conn, contact_points::Owner::Person(*id))?;
        line.phone = phones
            .into_iter()
            .next()
            .map(|c| c.value)
            .unwrap_or_default();
        line.email = emails
            .into_iter()
            .next()
            .map(|c| c.value)
            .unwrap_or_default();
        line.tags = tags::load(conn, Entity::Person, *id)?;
        lines.push(line);
    }
    Ok(lines)
}

fn line_from_row(row: &db::Row<'_>) -> db::Result<PersonLine> {
    Ok(PersonLine {
        id: row.get(0)?,
        sort_key: row.get::<_, Option<Vec<u8>>>(1)?.unwrap_or_default(),
        name: row.get(2)?,
        company: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
        owner: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
        ..PersonLine::default()
    })
}

/// A person's first phone and first e-mail, each with its position.
type Firsts = (Option<(i64, String)>, Option<(i64, String)>);

/// Every person's first phone and e-mail (lowest position), from one pass
/// over the contact points in whatever order the engine reads them.
fn first_points(conn: &Connection) -> Result<HashMap<i64, Firsts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, kind, position, value FROM contact_points WHERE person_id IS NOT NULL",
    )?;
    let mut rows = stmt.query([])?;
    let mut firsts: HashMap<i64, Firsts> = HashMap::new();
    while let Some(row) = rows.next()? {
        let person: i64 = row.get(0)?;
        let phone = row.get_str(1)? == Some("phone");
        let position: i64 = row.get(2)?;
        let entry = firsts.entry(person).or_default();
        let slot = if phone { &mut entry.0 } else { &mut entry.1 };
        if slot.as_ref().is_none_or(|(at, _)| position < *at) {
            *slot = Some((position, row.get(3)?));
        }
    }
    Ok(firsts)
}
