//! People as a whole listing shows them: the cells `kariz person list`
//! prints and the key it is ordered by, read without the rest of each
//! record (notes, address, custom fields, dates, labels). A listing of
//! every person reads three tables once each, not each person's record.

use std::collections::HashMap;

use super::db::{self, Connection};
use super::tags;
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

/// Hands every person's line to `each`, in listing order (sort key, then
/// id), one at a time: a million lines are never held here.
pub fn each(conn: &Connection, each: &mut dyn FnMut(PersonLine)) -> Result<()> {
    // One state of the database for all four reads: a person another
    // kariz adds meanwhile is listed with their phones and tags or not at
    // all.
    let _read = conn.snapshot()?;
    let (max_id, count): (i64, i64) = conn.query_row(
        "SELECT coalesce(max(id), 0), count(*) FROM people",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut firsts = ById::new(max_id, count);
    first_points(conn, &mut firsts)?;
    let mut tags: ById<Vec<String>> = ById::new(max_id, count);
    tags::each_of_all(conn, Entity::Person, &mut |id, name| tags.at(id).push(name))?;
    let sql = format!("{LINE_SQL} ORDER BY p.sort_key, p.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let mut line = line_from_row(&row)?;
        let (phone, email) = firsts.take(line.id);
        line.phone = phone.map(|(_, v)| v).unwrap_or_default();
        line.email = email.map(|(_, v)| v).unwrap_or_default();
        line.tags = tags.take(line.id);
        each(line);
    }
    Ok(())
}

/// Values by person id: a vector indexed by id when the ids are dense, as
/// both engines hand them out, else a map. Looking a million people up in
/// a hash map was a fifth of a whole listing (each lookup a cache miss).
enum ById<T> {
    Dense(Vec<T>),
    Sparse(HashMap<i64, T>),
}

impl<T: Default> ById<T> {
    /// For people of ids up to `max_id`, `count` of them.
    fn new(max_id: i64, count: i64) -> ById<T> {
        const MOST: i64 = 64 * 1024 * 1024;
        if (0..MOST).contains(&max_id) && max_id <= count.saturating_mul(4).saturating_add(1024) {
            let len = usize::try_from(max_id).unwrap_or(0) + 1;
            ById::Dense(std::iter::repeat_with(T::default).take(len).collect())
        } else {
            ById::Sparse(HashMap::new())
        }
    }

    /// The value of `id`, made when missing. An id past a dense vector's
    /// end (a person added since it was sized) turns it into a map.
    fn at(&mut self, id: i64) -> &mut T {
        if let ById::Dense(values) = self
            && usize::try_from(id).ok().is_none_or(|i| i >= values.len())
        {
            let values = std::mem::take(values);
            *self = ById::Sparse((0i64..).zip(values).collect());
        }
        match self {
            ById::Dense(values) => {
                let at = usize::try_from(id).unwrap_or(0);
                // In range: checked above.
                &mut values[at]
            }
            ById::Sparse(map) => map.entry(id).or_default(),
        }
    }

    /// Takes the value of `id` out (the default when there is none).
    fn take(&mut self, id: i64) -> T {
        match self {
            ById::Dense(values) => usize::try_from(id)
                .ok()
                .and_then(|i| values.get_mut(i))
                .map(std::mem::take)
                .unwrap_or_default(),
            ById::Sparse(map) => map.remove(&id).unwrap_or_default(),
        }
    }
}

/// The lines of the people of `ids` that exist, in no particular order:
/// their records read together ([`super::people::get_many`]), each with
/// the sort key its pages are ordered by ([`super::people::page_key`]).
pub fn with_ids(conn: &Connection, ids: &[i64]) -> Result<Vec<PersonLine>> {
    Ok(super::people::get_many(conn, ids)?
        .into_iter()
        .map(|person| {
            let sort_key = super::people::page_key(&person).key;
            PersonLine {
                sort_key,
                ..PersonLine::from(person)
            }
        })
        .collect())
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
fn first_points(conn: &Connection, firsts: &mut ById<Firsts>) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, kind, position, value FROM contact_points WHERE person_id IS NOT NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let person: i64 = row.get(0)?;
        let phone = row.get_str(1)? == Some("phone");
        let position: i64 = row.get(2)?;
        let entry = firsts.at(person);
        let slot = if phone { &mut entry.0 } else { &mut entry.1 };
        if slot.as_ref().is_none_or(|(at, _)| position < *at) {
            *slot = Some((position, row.get(3)?));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ById;

    #[test]
    fn values_by_id_stay_put_when_a_far_id_turns_the_vector_into_a_map() {
        let mut by_id: ById<Vec<&str>> = ById::new(3, 3);
        assert!(matches!(by_id, ById::Dense(_)));
        by_id.at(2).push("vip");
        by_id.at(3).push("lost");
        by_id.at(9_000_000_000).push("far");
        assert!(matches!(by_id, ById::Sparse(_)));
        by_id.at(2).push("won");
        assert_eq!(by_id.take(2), ["vip", "won"]);
        assert_eq!(by_id.take(3), ["lost"]);
        assert_eq!(by_id.take(9_000_000_000), ["far"]);
        assert!(by_id.take(2).is_empty(), "taken once");
        assert!(by_id.take(-1).is_empty());
        // Sparse from the start: ids far apart.
        let mut sparse: ById<u8> = ById::new(1_000_000, 2);
        assert!(matches!(sparse, ById::Sparse(_)));
        *sparse.at(1_000_000) = 7;
        assert_eq!(sparse.take(1_000_000), 7);
    }
}
