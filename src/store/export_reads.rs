//! Whole-table reads for export and duplicate detection: ids in id order,
//! a page at a time, and the few fields duplicate detection compares.
//!
//! Exports read by id (not by name) so a file re-imported into an empty
//! database gets the same ids back and exports again byte for byte.

use super::db;
use super::db::params;
use super::{Store, codec, links};
use crate::error::{Error, Remedy, Result};
use crate::model::{ContactPoint, Entity};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// A local calendar day and the UTC instant it starts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayStart {
    /// The local day.
    pub day: NaiveDate,
    /// Its first instant, in UTC.
    pub at: DateTime<Utc>,
}

/// Which records a bulk read returns. The date range applies to the due
/// date of tasks, the time of activities and the creation time of people,
/// companies and deals.
#[derive(Debug, Clone, Default)]
pub struct RecordFilter {
    /// Only those owned by this user (activities: recorded by).
    pub owner: Option<String>,
    /// Only those carrying this tag (people, companies, deals).
    pub tag: Option<String>,
    /// Only deals in this stage.
    pub stage: Option<String>,
    /// From the start of this day on.
    pub from: Option<DayStart>,
    /// Before the start of this day.
    pub before: Option<DayStart>,
    /// Only those a segment selects.
    pub segment: Option<super::Where>,
}

impl RecordFilter {
    /// Fails when a filter does not apply to `entity`, naming the filter.
    pub fn check(&self, entity: Entity) -> Result<()> {
        if self.tag.is_some() && tag_link(entity).is_none() {
            return Err(Error::rejected(
                format!(
                    "a tag filter does not apply to {entity} records; tags are on people, companies and deals"
                ),
                Remedy::DropFilter("tag"),
            ));
        }
        if self.stage.is_some() && entity != Entity::Deal {
            return Err(Error::rejected(
                format!(
                    "a stage filter does not apply to {entity} records; only deals have a stage"
                ),
                Remedy::DropFilter("stage"),
            ));
        }
        Ok(())
    }
}

fn tag_link(entity: Entity) -> Option<(&'static str, &'static str)> {
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

/// The owner column and the date-range column of an entity's table.
fn columns(entity: Entity) -> (&'static str, &'static str) {
    match entity {
        Entity::Person | Entity::Company | Entity::Deal => ("owner", "created_at"),
        Entity::Task => ("owner", "due_date"),
        Entity::Activity => ("author", "occurred_at"),
        Entity::Call => ("agent", "at"),
        Entity::Rate | Entity::Goal | Entity::Segment => ("actor", "set_at"),
        Entity::Campaign => ("actor", "created_at"),
        Entity::Notification => ("login", "at"),
        Entity::Message => ("actor", "sent_at"),
        Entity::Case => ("assignee", "created_at"),
        // Not exported as records; the columns exist on every one.
        Entity::Product | Entity::Quote | Entity::Order | Entity::Invoice | Entity::Payment => {
            ("version", "created_at")
        }
    }
}

/// The stored text a range bound compares against.
fn bound_text(entity: Entity, bound: Option<&DayStart>) -> Option<String> {
    bound.map(|b| match entity {
        Entity::Task => codec::date(b.day),
        _ => codec::ts(b.at),
    })
}

/// `WHERE` clauses over alias `r` with parameters ?2 owner, ?3 tag,
/// ?4 stage, ?5 from, ?6 before. Built only from fixed names.
fn where_clause(entity: Entity) -> String {
    let (owner, range) = columns(entity);
    let tag = match tag_link(entity) {
        Some((table, column)) => format!(
            "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM {table} l JOIN tags t ON t.id = l.tag_id
                                        WHERE l.{column} = r.id AND lower(t.name) = lower(?3)))"
        ),
        None => "AND ?3 IS NULL".to_string(),
    };
    let stage = if entity == Entity::Deal {
        "AND (?4 IS NULL OR r.stage = ?4)"
    } else {
        "AND ?4 IS NULL"
    };
    format!(
        "(?2 IS NULL OR r.{owner} = ?2) {tag} {stage}
         AND (?5 IS NULL OR r.{range} >= ?5) AND (?6 IS NULL OR r.{range} < ?6)"
    )
}

/// The few fields duplicate detection compares, for one person or company.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DuplicateKeys {
    /// Record id.
    pub id: i64,
    /// Name as stored.
    pub name: String,
    /// The folded name (`text::fold::fold`), as stored beside it.
    pub name_folded: String,
    /// The company's domain (always `None` for people).
    pub domain: Option<String>,
    /// E-mail addresses as stored.
    pub emails: Vec<String>,
    /// Phone numbers as stored, with their labels.
    pub phones: Vec<ContactPoint>,
}

impl Store {
    /// Up to `limit` ids of `entity` above `after` that match `filter`, in
    /// id order. Pass the last id of a page to get the next one.
    pub fn ids_after(
        &self,
        entity: Entity,
        filter: &RecordFilter,
        after: i64,
        limit: usize,
    ) -> Result<Vec<i64>> {
        filter.check(entity)?;
        let segment = super::segment_sql::id_in(filter.segment.as_ref(), entity, "r.id", 8)?;
        let sql = format!(
            "SELECT r.id FROM {} r WHERE r.id > ?1 AND {} AND {} ORDER BY r.id LIMIT ?7",
            links::table(entity),
            where_clause(entity),
            segment.sql
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let base = params![
            after,
            filter.owner,
            filter.tag,
            filter.stage,
            bound_text(entity, filter.from.as_ref()),
            bound_text(entity, filter.before.as_ref()),
            i64::try_from(limit).unwrap_or(i64::MAX)
        ];
        let all = base
            .iter()
            .copied()
            .chain(segment.params.iter().map(|v| v as &dyn db::ToSql));
        let rows = stmt.query_map(db::params_from_iter(all), |r| r.get(0))?;
        Ok(rows.collect::<db::Result<Vec<i64>>>()?)
    }

    /// How many records of `entity` match `filter` (for progress bars).
    pub fn count_matching(&self, entity: Entity, filter: &RecordFilter) -> Result<u64> {
        filter.check(entity)?;
        let segment = super::segment_sql::id_in(filter.segment.as_ref(), entity, "r.id", 7)?;
        let sql = format!(
            "SELECT count(*) FROM {} r WHERE ?1 IS NULL AND {} AND {}",
            links::table(entity),
            where_clause(entity),
            segment.sql
        );
        let base = params![
            None::<i64>,
            filter.owner,
            filter.tag,
            filter.stage,
            bound_text(entity, filter.from.as_ref()),
            bound_text(entity, filter.before.as_ref())
        ];
        let all = base
            .iter()
            .copied()
            .chain(segment.params.iter().map(|v| v as &dyn db::ToSql));
        let n: i64 = self
            .conn
            .query_row(&sql, db::params_from_iter(all), |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Names, domains, e-mails and phones of every person (or company), in
    /// id order: two table scans, whatever the number of records.
    pub fn duplicate_keys(&self, entity: Entity) -> Result<Vec<DuplicateKeys>> {
        let (records, points) = match entity {
            Entity::Person => (
                "SELECT id, name, name_folded, NULL FROM people ORDER BY id",
                "SELECT person_id, kind, label, value FROM contact_points
                 WHERE person_id IS NOT NULL ORDER BY person_id, kind, position",
            ),
            Entity::Company => (
                "SELECT id, name, name_folded, domain FROM companies ORDER BY id",
                "SELECT company_id, kind, label, value FROM contact_points
                 WHERE company_id IS NOT NULL ORDER BY company_id, kind, position",
            ),
            other => {
                return Err(Error::invalid(format!(
                    "duplicates are looked for among people and companies, not {other} records"
                )));
            }
        };
        let mut stmt = self.conn.prepare(records)?;
        let mut all = stmt
            .query_map([], |r| {
                Ok(DuplicateKeys {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    name_folded: r.get(2)?,
                    domain: r.get(3)?,
                    ..DuplicateKeys::default()
                })
            })?
            .collect::<db::Result<Vec<_>>>()?;
        let index: HashMap<i64, usize> = all.iter().enumerate().map(|(i, k)| (k.id, i)).collect();
        let mut stmt = self.conn.prepare(points)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let owner: i64 = row.get(0)?;
            let kind: String = row.get(1)?;
            let label: String = row.get(2)?;
            let value: String = row.get(3)?;
            if let Some(&i) = index.get(&owner) {
                if kind == "phone" {
                    all[i].phones.push(ContactPoint { label, value });
                } else {
                    all[i].emails.push(value);
                }
            }
        }
        Ok(all)
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    /// The duplicate keys of one person or company.
    pub fn duplicate_keys_of(&self, entity: Entity, id: i64) -> Result<DuplicateKeys> {
        Ok(match entity {
            Entity::Person => {
                let p = self.person(id)?;
                DuplicateKeys {
                    id,
                    name_folded: crate::text::fold::fold(&p.data.name),
                    name: p.data.name,
                    domain: None,
                    emails: p.data.emails.into_iter().map(|e| e.value).collect(),
                    phones: p.data.phones,
                }
            }
            Entity::Company => {
                let c = self.company(id)?;
                DuplicateKeys {
                    id,
                    name_folded: crate::text::fold::fold(&c.data.name),
                    name: c.data.name,
                    domain: c.data.domain,
                    emails: c.data.emails.into_iter().map(|e| e.value).collect(),
                    phones: c.data.phones,
                }
            }
            other => {
                return Err(Error::invalid(format!(
                    "duplicates are looked for among people and companies, not {other} records"
                )));
            }
        })
    }

    /// Every person (or company) whose stored search text (folded name,
    /// e-mails, phone digits) contains one of `needles`, as id, folded name
    /// and search text: one scan of one table, no record loaded whole.
    pub fn search_texts_containing(
        &self,
        entity: Entity,
        needles: &[String],
    ) -> Result<Vec<SearchTextRow>> {
        let table = match entity {
            Entity::Person | Entity::Company => links::table(entity),
            other => {
                return Err(Error::invalid(format!(
                    "duplicates are looked for among people and companies, not {other} records"
                )));
            }
        };
        if needles.is_empty() {
            return Ok(Vec::new());
        }
        // Only placeholders are formatted in, one per needle.
        let clauses: Vec<String> = (1..=needles.len())
            .map(|i| format!("search_text LIKE ?{i} ESCAPE '\\'"))
            .collect();
        let sql = format!(
            "SELECT id, name_folded, search_text FROM {table} WHERE {} ORDER BY id",
            clauses.join(" OR ")
        );
        let patterns: Vec<String> = needles
            .iter()
            .map(|n| format!("%{}%", like_escape(n)))
            .collect();
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(db::params_from_iter(patterns.iter()), |r| {
            Ok(SearchTextRow {
                id: r.get(0)?,
                name_folded: r.get(1)?,
                search_text: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<db::Result<Vec<_>>>()?)
    }
}

/// A record's id with its stored folded name and search text.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchTextRow {
    /// Record id.
    pub id: i64,
    /// The folded name.
    pub name_folded: String,
    /// Folded name, company or domain, e-mails and phone digits, one per line.
    pub search_text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_escape("a_b%c\\d"), "a\\_b\\%c\\\\d");
        assert_eq!(like_escape("سارا"), "سارا");
    }
}
