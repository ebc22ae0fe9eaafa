//! Which records point at which: delete rules and table names.

use super::db;
use super::db::Connection;
use crate::error::{Error, Result};
use crate::model::Entity;

/// The table holding an entity. A fixed list, so safe to put into SQL.
pub fn table(entity: Entity) -> &'static str {
    match entity {
        Entity::Person => "people",
        Entity::Company => "companies",
        Entity::Deal => "deals",
        Entity::Task => "tasks",
        Entity::Activity => "activities",
        Entity::Call => "calls",
        Entity::Rate => "exchange_rates",
        Entity::Goal => "goals",
        Entity::Message => "messages",
        Entity::Segment => "segments",
        Entity::Campaign => "campaigns",
        Entity::Case => "cases",
        Entity::Product => "products",
        Entity::Quote => "quotes",
        Entity::Order => "orders",
        Entity::Invoice => "invoices",
        Entity::Payment => "payments",
        Entity::Notification => "notifications",
    }
}

/// The link column other tables use to point at `entity`.
fn link_column(entity: Entity) -> Option<&'static str> {
    match entity {
        Entity::Person => Some("person_id"),
        Entity::Company => Some("company_id"),
        Entity::Deal => Some("deal_id"),
        Entity::Campaign => Some("campaign_id"),
        Entity::Task
        | Entity::Activity
        | Entity::Call
        | Entity::Rate
        | Entity::Goal
        | Entity::Notification
        | Entity::Message
        | Entity::Segment => None,
        Entity::Case => None,
        Entity::Product | Entity::Quote | Entity::Order | Entity::Invoice | Entity::Payment => None,
    }
}

/// The kinds of record that may link to `entity`.
fn dependants(entity: Entity) -> &'static [Entity] {
    match entity {
        // A call's links are set to NULL with the record they name.
        Entity::Task
        | Entity::Activity
        | Entity::Call
        | Entity::Rate
        | Entity::Goal
        | Entity::Notification
        | Entity::Message
        | Entity::Segment => &[],
        Entity::Company => &[
            Entity::Person,
            Entity::Deal,
            Entity::Task,
            Entity::Activity,
            Entity::Case,
            Entity::Quote,
            Entity::Order,
            Entity::Invoice,
        ],
        Entity::Person => &[
            Entity::Deal,
            Entity::Task,
            Entity::Activity,
            Entity::Case,
            Entity::Quote,
            Entity::Order,
            Entity::Invoice,
        ],
        Entity::Deal => &[
            Entity::Task,
            Entity::Activity,
            Entity::Case,
            Entity::Quote,
            Entity::Order,
            Entity::Invoice,
        ],
        Entity::Campaign => &[Entity::Person, Entity::Deal],
        Entity::Case => &[],
        Entity::Product | Entity::Quote | Entity::Order | Entity::Invoice | Entity::Payment => &[],
    }
}

/// Records still linked to one record: kind and ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Dependants {
    /// Per kind, the ids pointing at the record.
    pub groups: Vec<(Entity, Vec<i64>)>,
}

impl Dependants {
    /// No record points at it.
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|(_, ids)| ids.is_empty())
    }

    /// "2 deals (#4, #9), 1 task (#3)".
    pub fn describe(&self) -> String {
        self.groups
            .iter()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(entity, ids)| {
                let shown: Vec<String> = ids.iter().take(10).map(|i| format!("#{i}")).collect();
                let more = if ids.len() > 10 { ", …" } else { "" };
                let noun = plural(*entity, ids.len());
                format!("{} {noun} ({}{more})", ids.len(), shown.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn plural(entity: Entity, n: usize) -> &'static str {
    match (entity, n == 1) {
        (Entity::Person, true) => "person",
        (Entity::Person, false) => "people",
        (Entity::Company, true) => "company",
        (Entity::Company, false) => "companies",
        (Entity::Deal, true) => "deal",
        (Entity::Deal, false) => "deals",
        (Entity::Task, true) => "task",
        (Entity::Task, false) => "tasks",
        (Entity::Activity, true) => "activity",
        (Entity::Activity, false) => "activities",
        (Entity::Call, true) => "call",
        (Entity::Call, false) => "calls",
        (Entity::Rate, true) => "rate",
        (Entity::Rate, false) => "rates",
        (Entity::Goal, true) => "goal",
        (Entity::Goal, false) => "goals",
        (Entity::Message, true) => "message",
        (Entity::Message, false) => "messages",
        (Entity::Segment, true) => "segment",
        (Entity::Segment, false) => "segments",
        (Entity::Campaign, true) => "campaign",
        (Entity::Campaign, false) => "campaigns",
        (Entity::Case, true) => "case",
        (Entity::Case, false) => "cases",
        (Entity::Product, true) => "product",
        (Entity::Product, false) => "products",
        (Entity::Quote, true) => "quote",
        (Entity::Quote, false) => "quotes",
        (Entity::Order, true) => "order",
        (Entity::Order, false) => "orders",
        (Entity::Invoice, true) => "invoice",
        (Entity::Invoice, false) => "invoices",
        (Entity::Payment, true) => "payment",
        (Entity::Payment, false) => "payments",
        (Entity::Notification, true) => "notification",
        (Entity::Notification, false) => "notifications",
    }
}

/// Lists the records that point at `entity` `id`.
pub fn dependants_of(conn: &Connection, entity: Entity, id: i64) -> Result<Dependants> {
    let Some(column) = link_column(entity) else {
        return Ok(Dependants { groups: vec![] });
    };
    let mut groups = Vec::new();
    for &dep in dependants(entity) {
        let sql = format!(
            "SELECT id FROM {} WHERE {column} = ?1 ORDER BY id",
            table(dep)
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let ids = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<db::Result<Vec<i64>>>()?;
        groups.push((dep, ids));
    }
    Ok(Dependants { groups })
}

/// The refusal message for a delete that would orphan records.
pub fn in_use(entity: Entity, id: i64, label: &str, deps: &Dependants) -> Error {
    Error::InUse {
        message: format!(
            "{entity} {id} ({}) is still linked to {}; nothing was deleted. Delete or relink those first",
            crate::text::sanitize::visible(label),
            deps.describe()
        ),
        entity,
        id,
        label: label.to_owned(),
        links: deps
            .groups
            .iter()
            .filter(|(_, ids)| !ids.is_empty())
            .cloned()
            .collect(),
    }
}

/// The column that links `dependant` records to `entity`.
pub fn column_for(entity: Entity) -> Option<&'static str> {
    link_column(entity)
}

/// Number of records of a kind.
pub fn count(conn: &Connection, entity: Entity) -> Result<i64> {
    let sql = format!("SELECT count(*) FROM {}", table(entity));
    Ok(conn.query_row(&sql, [], |r| r.get(0))?)
}
