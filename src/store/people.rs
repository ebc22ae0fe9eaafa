//! People: reads and writes.

use super::contact_points::{self, Owner};
use super::db;
use super::db::{Connection, OptionalExtension, Row, params, params_from_iter};
use super::filters::{Filters, limit_sql};
use super::{PageKey, Writer, codec, found, links, scan, tags};
use crate::calendar::occasion;
use crate::config::{Calendar, FieldEntity};
use crate::error::{Error, Result};
use crate::locale::collate::sort_key;
use crate::model::{Entity, Person, PersonData};
use crate::text::fold::fold;
use chrono::{Datelike, Days, NaiveDate};
use std::collections::HashMap;

const COLUMNS: &str = "p.id, p.name, p.company_id, p.title, p.address, p.birthday, p.lead_source,
    p.owner, p.notes, p.custom, p.created_at, p.updated_at, p.version, c.name, p.campaign_id";

fn from_row(row: &Row<'_>) -> db::Result<Person> {
    Ok(Person {
        id: row.get(0)?,
        data: PersonData {
            name: row.get(1)?,
            company_id: row.get(2)?,
            title: row.get(3)?,
            address: row.get(4)?,
            birthday: codec::get_opt_date(row, 5)?,
            lead_source: row.get(6)?,
            owner: row.get(7)?,
            notes: row.get(8)?,
            custom: codec::get_custom(row, 9)?,
            campaign_id: row.get(14)?,
            ..PersonData::default()
        },
        created_at: codec::get_ts(row, 10)?,
        updated_at: codec::get_ts(row, 11)?,
        version: row.get(12)?,
        company: row.get(13)?,
    })
}

/// Fills in phones, e-mails and tags.
fn complete(conn: &Connection, mut person: Person) -> Result<Person> {
    let (phones, emails) = contact_points::load(conn, Owner::Person(person.id))?;
    person.data.phones = phones;
    person.data.emails = emails;
    person.data.tags = tags::load(conn, Entity::Person, person.id)?;
    Ok(person)
}

/// One person, with their contact points and tags in the same statement
/// (one round trip on PostgreSQL, where a save reads the record it changes).
pub fn get(conn: &Connection, id: i64) -> Result<Person> {
    let person = conn.query_row(
        &with_parts_where("p.id = ?1"),
        params![id, codec::UNIT_SEPARATOR, codec::RECORD_SEPARATOR],
        from_row_with_parts,
    );
    found(person, Entity::Person, id)
}

/// The people of `ids` with phones, e-mails and tags, in one statement
/// (a search's hits: one read per hit was a third of `kariz search` at a
/// million people); those that do not exist are left out, order is not
/// kept.
pub fn get_many(conn: &Connection, ids: &[i64]) -> Result<Vec<Person>> {
    let sql = with_parts_where("p.id IN (SELECT value FROM json_each(?1))");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            codec::id_list(ids),
            codec::UNIT_SEPARATOR,
            codec::RECORD_SEPARATOR
        ],
        from_row_with_parts,
    )?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// People with their phones, e-mails and tags where `condition` holds
/// (on `?1`; `?2` and `?3` are the parts' separators), read by
/// [`from_row_with_parts`].
fn with_parts_where(condition: &str) -> String {
    format!(
        "SELECT {COLUMNS}, {}, {} FROM people p LEFT JOIN companies c ON c.id = p.company_id
         WHERE {condition}",
        contact_points::joined_column(2, 3),
        tags::joined_person_column(3)
    )
}

/// [`from_row`] followed by the joined contact points and tags
/// (`contact_points::joined_column`, `tags::joined_person_column`).
fn from_row_with_parts(row: &Row<'_>) -> db::Result<Person> {
    let mut person = from_row(row)?;
    let (phones, emails) = contact_points::from_joined(row.get_str(15)?);
    person.data.phones = phones;
    person.data.emails = emails;
    person.data.tags = tags::from_joined(row.get_str(16)?);
    Ok(person)
}

/// Which people to list.
#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    /// Only those owned by this user.
    pub owner: Option<String>,
    /// Only those carrying this tag.
    pub tag: Option<String>,
    /// Only those working for this company.
    pub company_id: Option<i64>,
    /// Only those with no owner: new leads nobody has taken yet.
    pub unassigned: bool,
    /// Only those a segment selects.
    pub segment: Option<super::Where>,
}

impl PersonFilter {
    /// Whether this filter lets everyone through.
    pub fn is_everyone(&self) -> bool {
        let PersonFilter {
            owner,
            tag,
            company_id,
            unassigned,
            segment,
        } = self;
        owner.is_none() && tag.is_none() && company_id.is_none() && !unassigned && segment.is_none()
    }
}

/// A page of people ordered by name (`locale::collate` order), after `after` (keyset paging).
pub fn list(
    conn: &Connection,
    filter: &PersonFilter,
    after: Option<&PageKey>,
    limit: usize,
) -> Result<Vec<Person>> {
    read(conn, filter, after, limit, true)
}

/// Every person `filter` lets through, in [`list`]'s order, in one
/// statement rather than page by page. Unfiltered, everyone's contact
/// points and tags are read in one pass over their tables instead of
/// seeking each person's (`contact_points::load_all`).
pub fn list_all(conn: &Connection, filter: &PersonFilter) -> Result<Vec<Person>> {
    if !filter.is_everyone() {
        return read(conn, filter, None, usize::MAX, true);
    }
    let people = read(conn, filter, None, usize::MAX, false)?;
    let points = contact_points::load_all(conn, false)?;
    let tags = tags::load_all(conn, Entity::Person)?;
    Ok(attach(people, points, tags))
}

/// [`list`]'s people; with `parts`, their contact points and tags too, in
/// the same statement (one round trip on PostgreSQL for a page, not three).
fn read(
    conn: &Connection,
    filter: &PersonFilter,
    after: Option<&PageKey>,
    limit: usize,
    parts: bool,
) -> Result<Vec<Person>> {
    let start = PageKey::START;
    let page = PageQuery::new(filter, after.unwrap_or(&start), limit, parts)?;
    let mut stmt = conn.prepare_cached(&page.sql)?;
    let rows = stmt.query_map(params_from_iter(page.values), |row| {
        if parts {
            from_row_with_parts(row)
        } else {
            from_row(row)
        }
    })?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// [`read`]'s statement and its values: only the filters that are set,
/// the page size in the text (see [`Filters`]).
struct PageQuery {
    sql: String,
    values: Vec<db::Value>,
}

impl PageQuery {
    fn new(filter: &PersonFilter, after: &PageKey, limit: usize, parts: bool) -> Result<PageQuery> {
        let mut f = Filters::default();
        let parts_columns = if parts {
            let unit = f.bind(codec::UNIT_SEPARATOR.into());
            let record = f.bind(codec::RECORD_SEPARATOR.into());
            format!(
                ", {}, {}",
                contact_points::joined_column(unit, record),
                tags::joined_person_column(record)
            )
        } else {
            String::new()
        };
        if let Some(owner) = &filter.owner {
            f.add_on(owner.as_str(), |n| format!("p.owner = ?{n}"));
        }
        if let Some(tag) = &filter.tag {
            f.add_tag(Entity::Person, "p.id", tag);
        }
        if let Some(company) = filter.company_id {
            f.add_on(company, |n| format!("p.company_id = ?{n}"));
        }
        if filter.unassigned {
            f.add("p.owner IS NULL");
        }
        f.add_after("p", after);
        f.add_segment(filter.segment.as_ref(), super::Target::Person)?;
        let sql = format!(
            "SELECT {COLUMNS}{parts_columns} FROM people p LEFT JOIN companies c ON c.id = p.company_id
             {} ORDER BY p.sort_key, p.id{}",
            f.where_sql(),
            limit_sql(limit)
        );
        Ok(PageQuery {
            sql,
            values: f.values,
        })
    }
}

/// Gives each person their phones, e-mails and tags from maps by person id.
fn attach(
    mut people: Vec<Person>,
    mut points: HashMap<i64, contact_points::Points>,
    mut tags: HashMap<i64, Vec<String>>,
) -> Vec<Person> {
    for person in &mut people {
        let (phones, emails) = points.remove(&person.id).unwrap_or_default();
        person.data.phones = phones;
        person.data.emails = emails;
        person.data.tags = tags.remove(&person.id).unwrap_or_default();
    }
    people
}

/// The key to pass as `after` to continue listing after this person.
pub fn page_key(person: &Person) -> PageKey {
    PageKey {
        key: sort_key(&person.data.name),
        id: person.id,
    }
}

/// People whose birthday comes round on `day` in `calendar`
/// (`calendar::occasion`): SQLite narrows by the Gregorian month and
/// day within the rule's window, the rule decides.
pub fn birthdays_on(conn: &Connection, day: NaiveDate, calendar: Calendar) -> Result<Vec<Person>> {
    let window = occasion::GREGORIAN_WINDOW_DAYS;
    // Count the window's days in a leap year, so 29 February is among the
    // candidates around 28 February of a common year.
    let in_leap_year = day.with_year(2000).unwrap_or(day);
    let first = in_leap_year
        .checked_sub_days(Days::new(window))
        .unwrap_or(in_leap_year);
    let month_days: Vec<String> = first
        .iter_days()
        .take(usize::try_from(window * 2 + 1).unwrap_or(1))
        .map(|d| d.format("%m-%d").to_string())
        .collect();
    // One placeholder per day of the window (a fixed count, not user text).
    let placeholders = vec!["?"; month_days.len()].join(", ");
    let sql = format!(
        "SELECT {COLUMNS} FROM people p LEFT JOIN companies c ON c.id = p.company_id
         WHERE p.birthday IS NOT NULL AND substr(p.birthday, 6) IN ({placeholders})
         ORDER BY p.sort_key, p.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(&month_days), from_row)?;
    let people = rows.collect::<db::Result<Vec<_>>>()?;
    people
        .into_iter()
        .filter(|p| {
            p.data
                .birthday
                .is_some_and(|b| occasion::recurs_on(b, day, calendar))
        })
        .map(|p| complete(conn, p))
        .collect()
}

fn company_name(conn: &Connection, company_id: Option<i64>) -> Result<Option<String>> {
    match company_id {
        None => Ok(None),
        Some(id) => Ok(conn
            .query_row("SELECT name FROM companies WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?),
    }
}

/// Recomputes the stored search text of one person (after a company rename).
pub(super) fn refresh_search_text(conn: &Connection, id: i64) -> Result<()> {
    let person = get(conn, id)?;
    let text = scan::person_search_text(&person.data, person.company.as_deref());
    conn.prepare_cached("UPDATE people SET search_text = ?1 WHERE id = ?2")?
        .execute(params![text, id])?;
    Ok(())
}

impl Writer<'_> {
    fn check_person(&self, data: &mut PersonData, before: Option<&PersonData>) -> Result<()> {
        data.check().map_err(Error::from)?;
        self.check_owner(
            data.owner.as_deref(),
            before.and_then(|b| b.owner.as_deref()),
        )?;
        self.require(Entity::Company, data.company_id)?;
        self.require(Entity::Campaign, data.campaign_id)?;
        self.check_custom(FieldEntity::Person, before.map(|b| &b.custom), &data.custom)
    }

    /// Writes the phones, e-mails and tags, leaving alone those an update
    /// did not change (`before`: the stored record), so an edit of one
    /// field does not rewrite the rest.
    fn store_person_parts(
        &self,
        id: i64,
        data: &PersonData,
        before: Option<&PersonData>,
    ) -> Result<()> {
        if before.is_none_or(|b| b.phones != data.phones || b.emails != data.emails) {
            contact_points::replace(self.conn(), Owner::Person(id), &data.phones, &data.emails)?;
        }
        if before.is_none_or(|b| b.tags != data.tags) {
            tags::replace(self.conn(), Entity::Person, id, &data.tags)?;
        }
        Ok(())
    }

    /// Creates a person; returns the new id.
    pub fn add_person(&mut self, mut data: PersonData) -> Result<i64> {
        self.check_person(&mut data, None)?;
        let company = company_name(self.conn(), data.company_id)?;
        let now = codec::ts(self.now);
        let id: i64 = self.conn().insert_id(
            "INSERT INTO people (id, name, name_folded, company_id, title, address, birthday,
                    lead_source, owner, notes, custom, search_text, created_at, updated_at,
                    sort_key, campaign_id)
                 VALUES (?14, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?15)",
            params![
                data.name,
                fold(&data.name),
                data.company_id,
                data.title,
                data.address,
                data.birthday.map(codec::date),
                data.lead_source,
                data.owner,
                data.notes,
                codec::custom(&data.custom)?,
                scan::person_search_text(&data, company.as_deref()),
                now,
                sort_key(&data.name),
                self.take_restore_id(),
                data.campaign_id,
            ],
        )?;
        self.store_person_parts(id, &data, None)?;
        self.log_create(Entity::Person, id, &data)?;
        Ok(id)
    }

    /// Replaces a person's fields if nobody saved since `expected_version`.
    pub fn update_person(
        &mut self,
        id: i64,
        expected_version: i64,
        data: PersonData,
    ) -> Result<()> {
        let before = get(self.conn(), id)?.data;
        self.update_person_over(id, expected_version, before, data)
    }

    /// [`Writer::update_person`] over the stored record `before`, already read
    /// in this transaction (a patch reads it to merge onto).
    pub(super) fn update_person_over(
        &mut self,
        id: i64,
        expected_version: i64,
        before: PersonData,
        mut data: PersonData,
    ) -> Result<()> {
        self.check_person(&mut data, Some(&before))?;
        if self.unchanged(Entity::Person, id, expected_version, &before, &data)? {
            return Ok(());
        }
        self.claim_version(Entity::Person, id, expected_version)?;
        let company = company_name(self.conn(), data.company_id)?;
        self.conn()
            .prepare_cached(
                "UPDATE people SET name = ?1, name_folded = ?2, company_id = ?3, title = ?4,
                    address = ?5, birthday = ?6, lead_source = ?7, owner = ?8, notes = ?9,
                    custom = ?10, search_text = ?11, sort_key = ?13, campaign_id = ?14
                 WHERE id = ?12",
            )?
            .execute(params![
                data.name,
                fold(&data.name),
                data.company_id,
                data.title,
                data.address,
                data.birthday.map(codec::date),
                data.lead_source,
                data.owner,
                data.notes,
                codec::custom(&data.custom)?,
                scan::person_search_text(&data, company.as_deref()),
                id,
                sort_key(&data.name),
                data.campaign_id
            ])?;
        self.store_person_parts(id, &data, Some(&before))?;
        self.log_update(Entity::Person, id, &before, &data)?;
        Ok(())
    }

    /// Deletes a person. Refuses while deals, tasks or activities point at
    /// them, unless `unlink` is set (then those keep existing without the link).
    pub fn delete_person(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        unlink: bool,
    ) -> Result<()> {
        // Locked first, so no record links to it between the read of its
        // links and the delete (PostgreSQL).
        self.hold(Entity::Person, id)?;
        let before = get(self.conn(), id)?;
        self.unlink_or_refuse(Entity::Person, id, &before.data.name, unlink)?;
        if let Some(v) = expected_version {
            self.claim_version(Entity::Person, id, v)?;
        }
        self.delete_unlinked(Entity::Person, id, &before.data.name)?;
        self.log_delete(Entity::Person, id, &before.data)?;
        Ok(())
    }

    /// Either refuses a delete that would leave records pointing nowhere, or
    /// clears those links (logging each), as the user chose.
    pub(super) fn unlink_or_refuse(
        &mut self,
        entity: Entity,
        id: i64,
        label: &str,
        unlink: bool,
    ) -> Result<()> {
        let deps = links::dependants_of(self.conn(), entity, id)?;
        if deps.is_empty() {
            return Ok(());
        }
        if !unlink {
            return Err(links::in_use(entity, id, label, &deps));
        }
        self.refuse_out_of_reach(entity, id, label, &deps)?;
        let Some(column) = links::column_for(entity) else {
            return Ok(());
        };
        let now = codec::ts(self.now);
        for (dep, ids) in &deps.groups {
            let sql = format!(
                "UPDATE {} SET {column} = NULL, version = version + 1, updated_at = ?1 WHERE id = ?2",
                links::table(*dep)
            );
            for dep_id in ids {
                let changed = self.conn().execute(&sql, params![now, dep_id])?;
                self.check_relinked((entity, id, label), *dep, *dep_id, changed)?;
                self.log_field(*dep, *dep_id, column, Some(&id.to_string()), None)?;
                if *dep == Entity::Person {
                    refresh_search_text(self.conn(), *dep_id)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations;

    /// The first page and the pages after it are one statement, and it
    /// reads the page off the (sort_key, id) index from the key on: no
    /// scan of everyone, no sort of the page.
    #[test]
    fn a_page_is_read_off_the_sort_key_index_from_its_key() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::all().to_latest(&mut conn).unwrap();
        for parts in [true, false] {
            let page =
                PageQuery::new(&PersonFilter::default(), &PageKey::START, 50, parts).unwrap();
            let sql = format!("EXPLAIN QUERY PLAN {}", page.sql);
            let plan = conn
                .prepare(&sql)
                .unwrap()
                .query_map(params_from_iter(page.values), |r| r.get::<_, String>(3))
                .unwrap()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                plan.contains("SEARCH p USING INDEX people_by_sort_key (sort_key>?)"),
                "{plan}"
            );
            // (Each person's few phones are ordered for `string_agg`.)
            assert!(!plan.contains("TEMP B-TREE FOR ORDER BY"), "{plan}");
        }
    }
}
