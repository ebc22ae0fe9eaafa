//! `kariz history`: the change log.

use super::args;
use super::context::Context;
use super::output::{self, Table};
use crate::model::Entity;
use crate::store::ChangeFilter;
use anyhow::{Result, anyhow};

/// Who changed what, when — newest first.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this kind of record: person, company, deal, task, activity
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

pub fn run(ctx: &Context, a: Args) -> Result<()> {
    let store = ctx.open()?;
    let entity = a
        .entity
        .as_deref()
        .map(|e| {
            Entity::parse(e).ok_or_else(|| {
                anyhow!(
                    "{e:?} is not a kind of record; use person, company, deal, task or activity"
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
        return output::json(&changes);
    }
    let mut table = Table::new(&["at", "by", "record", "op", "field", "old", "new"]);
    for c in &changes {
        let at = crate::store::parse_time(&c.at)
            .map(|t| output::local_time(&ctx.clock, t))
            .unwrap_or_else(|_| c.at.clone());
        table.row(vec![
            at,
            c.actor.clone(),
            match c.last_id {
                // An import row stands for a range of records.
                Some(last) => format!("{} {}–{last}", c.entity, c.entity_id),
                None => format!("{} {}", c.entity, c.entity_id),
            },
            c.op.clone(),
            c.field.clone().unwrap_or_default(),
            c.old.clone().unwrap_or_default(),
            c.new.clone().unwrap_or_default(),
        ]);
    }
    table.print("No changes recorded.")
}
