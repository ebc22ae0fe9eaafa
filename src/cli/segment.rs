//! `kariz segment`: saved filter expressions, and the `--where` /
//! `--segment` flags every list, export and bulk command shares.

use super::context::Context;
use super::output::{self, Render};
use crate::store::{SavedSegment, Store, Target, Where};
use anyhow::{Context as _, Result, anyhow, bail};
use clap::Subcommand;
use serde::Serialize;

/// `--where EXPR` and `--segment NAME`, flattened into list, export and
/// bulk commands.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Select {
    /// Only records matching a filter, e.g. "tag:vip -tag:lost city:مشهد" (see docs/segments.md)
    #[arg(long = "where", value_name = "EXPR")]
    pub where_: Option<String>,
    /// Only records of a saved segment (name or id; see `kariz segment list`)
    #[arg(long, value_name = "NAME")]
    pub segment: Option<String>,
}

impl Select {
    /// Whether either flag was given.
    pub fn is_set(&self) -> bool {
        self.where_.is_some() || self.segment.is_some()
    }

    /// The parsed filter, or `None` when neither flag was given. Both
    /// given: the records matching both.
    pub fn resolve(&self, ctx: &Context, store: &Store) -> Result<Option<Where>> {
        let mut text = Vec::new();
        if let Some(name) = &self.segment {
            let saved = store.saved_segment(name)?.ok_or_else(|| {
                anyhow!("--segment {name:?}: no such segment; see `kariz segment list`")
            })?;
            let parsed = store
                .where_of(&saved.expression, ctx.clock.today())
                .with_context(|| format!("saved segment {:?}", saved.name))?;
            text.push(parsed);
        }
        if let Some(expr) = &self.where_ {
            let parsed = store
                .where_of(expr, ctx.clock.today())
                .map_err(|e| anyhow!("--where: {e}"))?;
            text.push(parsed);
        }
        Ok(text.into_iter().reduce(both))
    }
}

/// The records matching `a` and `b`: every group of one ANDed with every
/// group of the other.
fn both(a: Where, b: Where) -> Where {
    let mut any = Vec::new();
    for ga in &a.query.any {
        for gb in &b.query.any {
            any.push(ga.iter().chain(gb).cloned().collect());
        }
    }
    Where {
        query: crate::segment::Query { any },
        me: a.me,
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Save a filter under a name (saving an existing name replaces its filter)
    Add {
        /// The segment's name, e.g. vip-mashhad
        name: String,
        /// The filter, e.g. "tag:vip city:مشهد -tag:lost"
        #[arg(long = "where", value_name = "EXPR")]
        where_: String,
        /// Print the saved segment as JSON
        #[arg(long)]
        json: bool,
    },
    /// List saved segments
    List {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show a segment: its filter, how many people, companies and deals match, and the first people
    Show {
        /// Name or id
        name: String,
        /// How many people to show
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove a saved segment
    Rm {
        /// Name or id
        name: String,
        /// Print the removed segment as JSON
        #[arg(long)]
        json: bool,
    },
}

/// A segment with its counts, for `segment show`.
#[derive(Debug, Serialize)]
struct Shown {
    #[serde(flatten)]
    segment: SavedSegment,
    people: usize,
    companies: usize,
    deals: usize,
    first_people: Vec<crate::model::Person>,
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let now = ctx.clock.now_utc();
    match command {
        Command::Add { name, where_, json } => {
            store
                .where_of(&where_, ctx.clock.today())
                .map_err(|e| anyhow!("--where: {e}"))?;
            let id = store.write(now, |w| w.save_segment(&name, where_.trim()))?;
            let saved = store
                .saved_segment(&id.to_string())?
                .ok_or_else(|| anyhow!("segment {id} vanished"))?;
            if json {
                return output::json(&saved);
            }
            out.sentence(&format!("Saved segment {} ({}).", saved.id, saved.name))
        }
        Command::List { json } => {
            let all = store.saved_segments()?;
            if json {
                return output::json(&all);
            }
            let mut table = out.table(&["id", "name", "where"]).align_right("id");
            for s in &all {
                table.row(vec![s.id.to_string(), s.name.clone(), s.expression.clone()]);
            }
            table.print(
                "No saved segments; save one with `kariz segment add NAME --where \"tag:vip\"`.",
            )
        }
        Command::Show { name, limit, json } => show(ctx, &store, &out, &name, limit, json),
        Command::Rm { name, json } => {
            let Some(old) = store.write(now, |w| w.remove_segment(&name))? else {
                bail!("no segment {name:?}; see `kariz segment list`");
            };
            if json {
                return output::json(&old);
            }
            out.sentence(&format!("Removed segment {} ({}).", old.id, old.name))
        }
    }
}

fn show(
    ctx: &Context,
    store: &Store,
    out: &Render,
    name: &str,
    limit: usize,
    json: bool,
) -> Result<()> {
    let segment = store
        .saved_segment(name)?
        .ok_or_else(|| anyhow!("no segment {name:?}; see `kariz segment list`"))?;
    let filter = store.where_of(&segment.expression, ctx.clock.today())?;
    // A key that does not apply to a kind of record (status: on people)
    // shows no count for it rather than failing the whole command.
    let count = |target| {
        store
            .matching_ids(&filter, target)
            .map(|ids| ids.len())
            .unwrap_or(0)
    };
    let people_ids = store
        .matching_ids(&filter, Target::Person)
        .unwrap_or_default();
    let first_people = people_ids
        .iter()
        .take(limit)
        .map(|id| store.person(*id))
        .collect::<crate::error::Result<Vec<_>>>()?;
    let shown = Shown {
        people: people_ids.len(),
        companies: count(Target::Company),
        deals: count(Target::Deal),
        first_people,
        segment,
    };
    if json {
        return output::json(&shown);
    }
    let mut details = out.details();
    details
        .field("name", Some(shown.segment.name.clone()))
        .field("where", Some(shown.segment.expression.clone()))
        .field("people", Some(out.count(shown.people as i64)))
        .field("companies", Some(out.count(shown.companies as i64)))
        .field("deals", Some(out.count(shown.deals as i64)));
    output::lines(&details.render())?;
    let mut table = out.table(&["id", "name", "owner"]).align_right("id");
    for p in &shown.first_people {
        table.row(vec![
            p.id.to_string(),
            p.data.name.clone(),
            p.data.owner.clone().unwrap_or_default(),
        ]);
    }
    table.print("No people match.")
}
