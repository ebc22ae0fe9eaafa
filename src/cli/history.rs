//! `kariz history`: the change log.

use super::args;
use super::context::Context;
use super::output;
use crate::config::Named;
use crate::model::LoggedKind;
use crate::store::ChangeFilter;
use anyhow::{Result, anyhow};

/// Who changed what, when — newest first.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this kind of record: person, company, deal, task, activity,
    /// rate, goal, or user (the team list)
    entity: Option<String>,
    /// Only this record id (with ENTITY)
    id: Option<String>,
    /// Only changes by this user
    #[arg(long)]
    actor: Option<String>,
    /// At most this many rows (0 = all)
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Print a JSON array
    #[arg(long)]
    json: bool,
}

/// A change-log row with the actor's display name beside the login.
#[derive(serde::Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    change: &'a crate::model::ChangeEntry,
    /// The actor's display name (own config or team list), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    actor_name: Option<String>,
}

pub fn run(ctx: &Context, a: Args) -> Result<()> {
    let store = ctx.open()?;
    let out = ctx.render(store.config());
    let entity = a
        .entity
        .as_deref()
        .map(|e| {
            LoggedKind::parse(e).ok_or_else(|| {
                anyhow!(
                    "{e:?} is not a kind of record; use person, company, deal, task, activity, rate, goal or user"
                )
            })
        })
        .transpose()?;
    let filter = ChangeFilter {
        entity,
        entity_id: a.id.as_deref().map(args::id).transpose()?,
        actor: a.actor,
        limit: a.limit,
    };
    let changes = store.changes(&filter)?;
    if a.json {
        let names = super::user::DisplayNames::load(ctx, &store)?;
        let rows: Vec<Row<'_>> = changes
            .iter()
            .map(|change| Row {
                actor_name: names.name(&change.actor),
                change,
            })
            .collect();
        return output::json(&rows);
    }
    let names = super::user::DisplayNames::load(ctx, &store)?;
    let config = store.config();
    // A deal's stage, pipeline and lost reason, a case's status and
    // category, by their labels (the deal's own pipeline when it still
    // exists); --json keeps the names.
    let shown = |c: &crate::model::ChangeEntry, value: &Option<String>| -> String {
        let value = value.clone().unwrap_or_default();
        match (c.entity.as_str(), c.field.as_deref()) {
            ("deal", Some(field)) if !value.is_empty() => {
                let pipeline = store.deal(c.entity_id).ok().map(|d| d.data.pipeline);
                super::render::deal_value_shown(config, pipeline.as_deref(), field, &value)
            }
            // A case's status and category likewise.
            ("case", Some("status")) if !value.is_empty() => {
                out.locale().named(config, Named::CaseStatus, &value)
            }
            ("case", Some("category")) if !value.is_empty() => {
                out.locale().named(config, Named::Category, &value)
            }
            _ => value,
        }
    };
    let mut table = out.table(&["at", "by", "record", "op", "field", "old", "new"]);
    for c in &changes {
        let at = crate::store::parse_time(&c.at)
            .map(|t| out.local_time(&ctx.clock, t))
            .unwrap_or_else(|_| c.at.clone());
        table.row(vec![
            at,
            names.label(&c.actor),
            match c.last_id {
                // An import row stands for a range of records.
                Some(last) => format!("{} {}–{last}", c.entity, c.entity_id),
                None => format!("{} {}", c.entity, c.entity_id),
            },
            c.op.clone(),
            c.field.clone().unwrap_or_default(),
            shown(c, &c.old),
            shown(c, &c.new),
        ]);
    }
    table.print("No changes recorded.")
}
