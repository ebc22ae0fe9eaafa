//! The WHERE clause of a listing whose filters are optional, written with
//! only the filters that are set.
//!
//! A statement of `(?N IS NULL OR col = ?N)` tests, with its LIMIT bound as
//! a value, cannot be planned once for every run: PostgreSQL planned each
//! page afresh (about a third of a first page's time there), and SQLite
//! evaluated every test for every row. Here each set filter adds its
//! condition and its value, numbered as it is added, and the page size is
//! written into the text, so each combination of filters is its own
//! statement, prepared once and planned once.

use super::db::Value;
use super::{PageKey, Target, Where};
use crate::error::Result;
use crate::model::Entity;

/// Conditions ANDed together and the values they bind, in order.
#[derive(Debug, Default)]
pub(super) struct Filters {
    conditions: Vec<String>,
    /// The values, `?1` first.
    pub values: Vec<Value>,
}

impl Filters {
    /// Adds a value; returns the number its parameter binds as.
    pub fn bind(&mut self, value: Value) -> usize {
        self.values.push(value);
        self.values.len()
    }

    /// Adds a condition that binds nothing.
    pub fn add(&mut self, condition: impl Into<String>) {
        self.conditions.push(condition.into());
    }

    /// Adds a condition on `value`, given the parameter's number.
    pub fn add_on(&mut self, value: impl Into<Value>, condition: impl FnOnce(usize) -> String) {
        let n = self.bind(value.into());
        self.conditions.push(condition(n));
    }

    /// Adds "after `after` in (sort_key, id) order" for the table `alias`:
    /// a keyset, so that the (sort_key, id) index is sought to the page
    /// start instead of scanned.
    pub fn add_after(&mut self, alias: &str, after: &PageKey) {
        let key = self.bind(after.key.clone().into());
        let id = self.bind(after.id.into());
        self.add(format!("({alias}.sort_key, {alias}.id) > (?{key}, ?{id})"));
    }

    /// Adds "the record `record_id` of kind `entity` carries `tag`"
    /// ([`super::tags::tagged_sql`]).
    pub fn add_tag(&mut self, entity: Entity, record_id: &str, tag: &str) {
        let n = self.bind(tag.into());
        let condition = super::tags::tagged_sql(entity, record_id, &format!("?{n}"));
        self.add(condition.unwrap_or_else(|| "FALSE".to_owned()));
    }

    /// Adds a segment's conditions, when there is a segment.
    pub fn add_segment(&mut self, segment: Option<&Where>, target: Target) -> Result<()> {
        if let Some(segment) = segment {
            let clause = super::segment_sql::compile(segment, target, self.values.len() + 1)?;
            self.add(clause.sql);
            self.values.extend(clause.params);
        }
        Ok(())
    }

    /// `WHERE …` with every condition (empty when there is none).
    pub fn where_sql(&self) -> String {
        if self.conditions.is_empty() {
            return String::new();
        }
        format!("WHERE {}", self.conditions.join(" AND "))
    }
}

/// ` LIMIT n` for a page of `limit`; nothing for a whole list
/// (`usize::MAX`).
pub(super) fn limit_sql(limit: usize) -> String {
    i64::try_from(limit)
        .map(|n| format!(" LIMIT {n}"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_filters_set_are_written_numbered_as_added() {
        let mut f = Filters::default();
        assert_eq!(f.where_sql(), "");
        f.add_on("sara", |n| format!("p.owner = ?{n}"));
        f.add("p.owner IS NOT NULL");
        f.add_after("p", &PageKey::START);
        assert_eq!(
            f.where_sql(),
            "WHERE p.owner = ?1 AND p.owner IS NOT NULL AND (p.sort_key, p.id) > (?2, ?3)"
        );
        assert_eq!(f.values.len(), 3);
        assert_eq!(f.values[0], Value::Text("sara".into()));
        assert_eq!(f.values[2], Value::Integer(i64::MIN));
    }

    #[test]
    fn a_whole_list_has_no_limit() {
        assert_eq!(limit_sql(50), " LIMIT 50");
        assert_eq!(limit_sql(0), " LIMIT 0");
        assert_eq!(limit_sql(usize::MAX), "");
    }
}
