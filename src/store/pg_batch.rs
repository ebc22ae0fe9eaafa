//! The people an import creates on PostgreSQL, written a batch at a time.
//!
//! On a server every statement is a round trip, and inserting one person
//! took six to twelve of them (the row, its id, contact points, tags, the
//! change-log row). Here a person only fills in rows in memory, under an id
//! drawn beforehand from the table's sequence (other writers may insert
//! people at the same time, so ids are never guessed from `max(id)`), and
//! [`PeopleBatch::flush`] writes each table's rows with one statement.
//! Companies whose ids the import already drew (a streamed import names
//! them as it meets them) are held the same way. The
//! rows, ids and change-log rows are the ones the row-by-row inserts make,
//! in the same order: SQLite's path (`bulk_rows.rs`) stays as it is.

use super::Writer;
use super::bulk::TagIds;
use super::bulk_rows::PreparedPerson;
use super::db::{self, ColumnType, Connection, ToSql, Value};
use super::{codec, scan};
use crate::config::FieldEntity;
use crate::error::{Error, Result};
use crate::locale::collate::sort_key;
use crate::model::{CompanyData, ContactPoint, Entity, Snapshot};
use crate::text::fold::fold;
use std::collections::VecDeque;

use ColumnType::{Blob, Integer, Text};

/// People held before the batch is written even if the importer has not
/// asked for it: bounds the memory of a caller that never flushes.
const MOST_HELD: usize = 4096;

/// One table's columns as the batch insert names them.
struct Table {
    name: &'static str,
    columns: &'static [(&'static str, ColumnType)],
    tail: &'static str,
}

const PEOPLE: Table = Table {
    name: "people",
    columns: &[
        ("id", Integer),
        ("name", Text),
        ("name_folded", Text),
        ("company_id", Integer),
        ("title", Text),
        ("address", Text),
        ("birthday", Text),
        ("lead_source", Text),
        ("owner", Text),
        ("notes", Text),
        ("custom", Text),
        ("search_text", Text),
        ("created_at", Text),
        ("updated_at", Text),
        ("external_id", Text),
        ("sort_key", Blob),
        ("campaign_id", Integer),
    ],
    tail: "",
};

/// Companies with ids drawn beforehand (`BulkImport::add_company_as`).
const COMPANIES: Table = Table {
    name: "companies",
    columns: &[
        ("id", Integer),
        ("name", Text),
        ("name_folded", Text),
        ("domain", Text),
        ("industry", Text),
        ("address", Text),
        ("owner", Text),
        ("notes", Text),
        ("custom", Text),
        ("search_text", Text),
        ("created_at", Text),
        ("updated_at", Text),
        ("sort_key", Blob),
    ],
    tail: "",
};

/// Contact points take their ids from the column's default, in the order
/// the rows are given: the order the row-by-row inserts gave them.
const POINTS: Table = Table {
    name: "contact_points",
    columns: &[
        ("person_id", Integer),
        ("kind", Text),
        ("label", Text),
        ("value", Text),
        ("position", Integer),
        ("phone_key", Text),
    ],
    tail: "",
};

/// No `ON CONFLICT`: the people are new and their tags are deduplicated
/// as they are added, and the check would cost every row a speculative
/// insertion.
const TAGS: Table = Table {
    name: "person_tags",
    columns: &[("person_id", Integer), ("tag_id", Integer)],
    tail: "",
};

/// `id` is given as NULL, not left out: the insert trigger then gives the
/// row a provisional id, placed at commit (`pg_turns.rs`), exactly as for
/// a row logged on its own. (Left out, the column's default would take a
/// placed id from the log's sequence out of turn.)
const CHANGES: Table = Table {
    name: "changes",
    columns: &[
        ("id", Integer),
        ("at", Text),
        ("actor", Text),
        ("entity", Text),
        ("entity_id", Integer),
        ("op", Text),
        ("new", Text),
    ],
    tail: "",
};

/// One table's rows not yet written, column by column.
struct Rows {
    table: &'static Table,
    columns: Vec<Vec<Value>>,
}

impl Rows {
    fn new(table: &'static Table) -> Rows {
        Rows {
            table,
            columns: vec![Vec::new(); table.columns.len()],
        }
    }

    fn push<const N: usize>(&mut self, row: [Value; N]) {
        debug_assert_eq!(N, self.columns.len(), "{}", self.table.name);
        for (column, value) in self.columns.iter_mut().zip(row) {
            column.push(value);
        }
    }

    fn is_empty(&self) -> bool {
        self.columns.first().is_none_or(Vec::is_empty)
    }

    fn write(&mut self, conn: &Connection) -> db::Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        let pg = conn.postgres().ok_or_else(|| {
            db::Error::Unsupported("a PostgreSQL batch was written to SQLite".into())
        })?;
        pg.insert_columns(
            self.table.name,
            self.table.columns,
            &self.columns,
            self.table.tail,
        )?;
        self.columns.iter_mut().for_each(Vec::clear);
        Ok(())
    }
}

/// The people of an import not yet written, and ids drawn for the next.
pub(super) struct PeopleBatch {
    ids: VecDeque<i64>,
    companies: Rows,
    people: Rows,
    points: Rows,
    tags: Rows,
    changes: Rows,
}

impl PeopleBatch {
    pub(super) fn new() -> PeopleBatch {
        PeopleBatch {
            ids: VecDeque::new(),
            companies: Rows::new(&COMPANIES),
            people: Rows::new(&PEOPLE),
            points: Rows::new(&POINTS),
            tags: Rows::new(&TAGS),
            changes: Rows::new(&CHANGES),
        }
    }

    /// Draws ids for the next `count` people in one round trip. Drawn ids
    /// are used up whatever happens (a sequence never gives one back), so
    /// the importer asks for exactly as many as it is about to insert.
    pub(super) fn reserve(&mut self, conn: &Connection, count: usize) -> Result<()> {
        let wanted = count.saturating_sub(self.ids.len());
        if wanted == 0 {
            return Ok(());
        }
        let mut drawn: Vec<i64> = conn
            .prepare_cached(
                "SELECT nextval(pg_get_serial_sequence('people', 'id'))
                 FROM generate_series(1, ?1::bigint)",
            )?
            .query_map([i64::try_from(wanted).unwrap_or(i64::MAX)], |r| r.get(0))?
            .collect::<db::Result<_>>()?;
        // Handed out in the order drawn, so people's ids rise in file order.
        drawn.sort_unstable();
        self.ids.extend(drawn);
        Ok(())
    }

    /// Whether rows are waiting to be written.
    pub(super) fn is_empty(&self) -> bool {
        self.people.is_empty() && self.companies.is_empty()
    }

    /// Whether change-log rows are waiting: anything else logged now would
    /// take its place in the log before them.
    pub(super) fn holds_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Adds a person made by [`super::prepare_person`], with its contact
    /// points, tags and change-log `create` row (if it was prepared with
    /// one), checked as the row-by-row insert checks it; returns its id.
    pub(super) fn push(
        &mut self,
        w: &Writer<'_>,
        person: PreparedPerson,
        tag_ids: &mut TagIds,
    ) -> Result<i64> {
        self.make_room(w)?;
        let PreparedPerson {
            data,
            external_id,
            name_folded,
            sort_key,
            search_text,
            custom,
            change_log,
        } = person;
        tag_ids.check_new(w, FieldEntity::Person, &data.custom, data.owner.as_deref())?;
        // Tags first: a new tag is inserted at once, as on SQLite, so tags
        // get the same ids in the same order.
        let tags = distinct_tag_ids(w, &data.tags, tag_ids)?;
        if self.ids.is_empty() {
            self.reserve(w.conn(), 1)?;
        }
        let id = self.ids.pop_front().ok_or_else(|| {
            Error::invalid("no person id was drawn for an import; this is a bug in kariz")
        })?;
        let now = tag_ids.stamp(w.now);
        self.people.push([
            Value::Integer(id),
            data.name.to_sql(),
            Value::Text(name_folded),
            data.company_id.to_sql(),
            data.title.to_sql(),
            data.address.to_sql(),
            data.birthday.map(codec::date).to_sql(),
            data.lead_source.to_sql(),
            data.owner.to_sql(),
            data.notes.to_sql(),
            Value::Text(custom),
            Value::Text(search_text),
            now.to_sql(),
            now.to_sql(),
            external_id.to_sql(),
            Value::Blob(sort_key),
            data.campaign_id.to_sql(),
        ]);
        self.push_points(id, &data.phones, &data.emails);
        for tag_id in tags {
            self.tags.push([Value::Integer(id), Value::Integer(tag_id)]);
        }
        if let Some(json) = change_log {
            self.changes.push([
                Value::Null,
                Value::Text(now),
                w.actor().to_sql(),
                Entity::Person.as_str().to_sql(),
                Value::Integer(id),
                "create".to_sql(),
                Value::Text(json),
            ]);
        }
        Ok(id)
    }

    /// A person's phones and e-mails, in the order and positions the
    /// row-by-row insert gives them.
    fn push_points(&mut self, id: i64, phones: &[ContactPoint], emails: &[ContactPoint]) {
        for (kind, points) in [("phone", phones), ("email", emails)] {
            for (position, p) in points.iter().enumerate() {
                let key = super::contact_points::caller_key_of(kind, &p.value);
                self.points.push([
                    Value::Integer(id),
                    kind.to_sql(),
                    p.label.to_sql(),
                    p.value.to_sql(),
                    Value::Integer(i64::try_from(position).unwrap_or(i64::MAX)),
                    key.to_sql(),
                ]);
            }
        }
    }

    /// Adds a company under `id`, drawn by the import beforehand, with its
    /// change-log `create` row, checked as the row-by-row insert checks
    /// it. Only for a company without contact points or tags (what a
    /// streamed import creates for people's company names): the caller
    /// inserts any other one at once.
    pub(super) fn push_company(
        &mut self,
        w: &Writer<'_>,
        id: i64,
        mut data: CompanyData,
        tag_ids: &mut TagIds,
    ) -> Result<()> {
        debug_assert!(Self::holds(&data));
        self.make_room(w)?;
        data.validate().map_err(Error::Invalid)?;
        tag_ids.check_new(w, FieldEntity::Company, &data.custom, data.owner.as_deref())?;
        let now = tag_ids.stamp(w.now);
        let json = data.to_json();
        self.companies.push([
            Value::Integer(id),
            data.name.to_sql(),
            Value::Text(fold(&data.name)),
            data.domain.to_sql(),
            data.industry.to_sql(),
            data.address.to_sql(),
            data.owner.to_sql(),
            data.notes.to_sql(),
            Value::Text(codec::custom(&data.custom)?),
            Value::Text(scan::company_search_text(&data)),
            now.to_sql(),
            now.to_sql(),
            Value::Blob(sort_key(&data.name)),
        ]);
        self.changes.push([
            Value::Null,
            Value::Text(now),
            w.actor().to_sql(),
            Entity::Company.as_str().to_sql(),
            Value::Integer(id),
            "create".to_sql(),
            Value::Text(json),
        ]);
        Ok(())
    }

    /// Whether [`PeopleBatch::push_company`] takes this company.
    pub(super) fn holds(data: &CompanyData) -> bool {
        data.phones.is_empty() && data.emails.is_empty() && data.tags.is_empty()
    }

    fn make_room(&mut self, w: &Writer<'_>) -> Result<()> {
        let held = |rows: &Rows| rows.columns.first().map_or(0, Vec::len);
        if held(&self.people) + held(&self.companies) >= MOST_HELD {
            self.flush(w)?;
        }
        Ok(())
    }

    /// Writes the rows held, one statement per table (companies first,
    /// people refer to them; then people, which the rest refer to).
    pub(super) fn flush(&mut self, w: &Writer<'_>) -> Result<()> {
        let conn = w.conn();
        self.companies.write(conn)?;
        self.people.write(conn).map_err(duplicate_external_id)?;
        self.points.write(conn)?;
        self.tags.write(conn)?;
        self.changes.write(conn)?;
        Ok(())
    }
}

/// The ids of tags `names` (created when new), each once: names that
/// differ only in case are one tag.
fn distinct_tag_ids(w: &Writer<'_>, names: &[String], tag_ids: &mut TagIds) -> Result<Vec<i64>> {
    let mut ids: Vec<i64> = Vec::with_capacity(names.len());
    for name in names {
        let tag_id = w.tag_id(name, tag_ids)?;
        if !ids.contains(&tag_id) {
            ids.push(tag_id);
        }
    }
    Ok(ids)
}

/// A batch that broke the unique index on external ids names the id, as
/// the row-by-row insert does (the server says which value clashed).
fn duplicate_external_id(err: db::Error) -> Error {
    match err.duplicate_key("external_id") {
        Some(key) => Error::invalid(format!(
            "another {} already has the external id {key:?}",
            Entity::Person.as_str()
        )),
        None => err.into(),
    }
}
