//! Tags and their links to people, companies and deals.

use super::db;
use super::db::{Connection, params};
use crate::error::Result;
use crate::model::Entity;
use serde::Serialize;
use std::collections::HashMap;

/// The link table and its record column for a taggable entity.
fn link(entity: Entity) -> Option<(&'static str, &'static str)> {
    match entity {
        Entity::Person => Some(("person_tags", "person_id")),
        Entity::Company => Some(("company_tags", "company_id")),
        Entity::Deal => Some(("deal_tags", "deal_id")),
        Entity::Task
        | Entity::Activity
        | Entity::Call
        | Entity::Rate
        | Entity::Goal
        | Entity::Notification
        | Entity::Message
        | Entity::Segment
        | Entity::Campaign => None,
        Entity::Case => Some(("case_tags", "case_id")),
        Entity::Product | Entity::Quote | Entity::Order | Entity::Invoice | Entity::Payment => None,
    }
}

/// "The record `record_id` (`p.id`) of kind `entity` carries the tag named
/// by the parameter `param` (`?3`), ignoring case": the one form of a tag
/// filter, for listings and segments alike. `None` for a kind without tags.
pub(super) fn tagged_sql(entity: Entity, record_id: &str, param: &str) -> Option<String> {
    let (table, column) = link(entity)?;
    Some(format!(
        "EXISTS (SELECT 1 FROM {table} x JOIN tags tg ON tg.id = x.tag_id
                 WHERE x.{column} = {record_id} AND lower(tg.name) = lower({param}))"
    ))
}

/// The order of one record's tags: alphabetical, ignoring case.
const TAG_ORDER: &str = "lower(t.name), t.name";

/// The SQL of one column holding the tags of the person in `p`, joined
/// by `?record` in [`TAG_ORDER`] (see `contact_points::joined_column`);
/// [`from_joined`] reads it back.
pub(super) fn joined_person_column(record: usize) -> String {
    format!(
        "(SELECT string_agg(t.name, ?{record} ORDER BY {TAG_ORDER})
            FROM person_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.person_id = p.id)"
    )
}

/// The tag names in a [`joined_person_column`].
pub(super) fn from_joined(joined: Option<&str>) -> Vec<String> {
    joined
        .map(|j| {
            j.split(super::codec::RECORD_SEPARATOR)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A record's tags, alphabetically.
pub fn load(conn: &Connection, entity: Entity, id: i64) -> Result<Vec<String>> {
    let Some((table, column)) = link(entity) else {
        return Ok(vec![]);
    };
    let sql = format!(
        "SELECT t.name FROM {table} l JOIN tags t ON t.id = l.tag_id WHERE l.{column} = ?1 ORDER BY {TAG_ORDER}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let names = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<db::Result<Vec<String>>>()?;
    Ok(names)
}

/// [`load`] for many records of one entity at once (one query per page).
/// Records without tags are absent from the map.
pub fn load_many(
    conn: &Connection,
    entity: Entity,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<String>>> {
    let Some((table, column)) = link(entity) else {
        return Ok(HashMap::new());
    };
    let sql = format!(
        "SELECT l.{column}, t.name FROM {table} l JOIN tags t ON t.id = l.tag_id
         WHERE l.{column} IN (SELECT value FROM json_each(?1))
         ORDER BY l.{column}, {TAG_ORDER}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query([super::codec::id_list(ids)])?;
    by_record(rows)
}

/// [`load_many`] for every record of the entity: one pass over its links
/// (for a whole list, instead of a seek per record).
pub fn load_all(conn: &Connection, entity: Entity) -> Result<HashMap<i64, Vec<String>>> {
    let mut all: HashMap<i64, Vec<String>> = HashMap::new();
    each_of_all(conn, entity, &mut |record, name| {
        all.entry(record).or_default().push(name)
    })?;
    Ok(all)
}

/// Hands every (record, tag name) of `entity`'s records to `each`, by
/// record, in tag order.
pub fn each_of_all(
    conn: &Connection,
    entity: Entity,
    each: &mut dyn FnMut(i64, String),
) -> Result<()> {
    let Some((table, column)) = link(entity) else {
        return Ok(());
    };
    let sql = format!(
        "SELECT l.{column}, t.name FROM {table} l JOIN tags t ON t.id = l.tag_id
         ORDER BY l.{column}, {TAG_ORDER}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(row.get(0)?, row.get(1)?);
    }
    Ok(())
}

/// Groups rows of (record, tag name), in tag order, by record.
fn by_record(mut rows: db::Rows<'_>) -> Result<HashMap<i64, Vec<String>>> {
    let mut all: HashMap<i64, Vec<String>> = HashMap::new();
    while let Some(row) = rows.next()? {
        all.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    Ok(all)
}

/// Replaces a record's tags, creating tag names on first use.
pub fn replace(conn: &Connection, entity: Entity, id: i64, names: &[String]) -> Result<()> {
    let Some((table, column)) = link(entity) else {
        return Ok(());
    };
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE {column} = ?1"))?
        .execute([id])?;
    let mut create =
        conn.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT DO NOTHING")?;
    let mut attach = conn.prepare_cached(&format!(
        "INSERT INTO {table} ({column}, tag_id) SELECT ?1, id FROM tags WHERE lower(name) = lower(?2)
         ON CONFLICT DO NOTHING"
    ))?;
    for name in names {
        create.execute([name])?;
        attach.execute(params![id, name])?;
    }
    Ok(())
}

/// A tag and how many records carry it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagCount {
    /// Tag id.
    pub id: i64,
    /// Tag name.
    pub name: String,
    /// People tagged.
    pub people: i64,
    /// Companies tagged.
    pub companies: i64,
    /// Deals tagged.
    pub deals: i64,
}

/// Every tag, by name, including tags no record carries any more.
pub fn counts(conn: &Connection) -> Result<Vec<TagCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.name,
            (SELECT count(*) FROM person_tags WHERE tag_id = t.id),
            (SELECT count(*) FROM company_tags WHERE tag_id = t.id),
            (SELECT count(*) FROM deal_tags WHERE tag_id = t.id)
         FROM tags t ORDER BY lower(t.name), t.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TagCount {
            id: r.get(0)?,
            name: r.get(1)?,
            people: r.get(2)?,
            companies: r.get(3)?,
            deals: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}
