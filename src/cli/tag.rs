//! `kariz tag`: tag people, companies and deals.

use super::args;
use super::context::Context;
use super::output;
use super::resolve;
use crate::model::Entity;
use crate::store::Store;
use anyhow::{Result, bail};
use clap::{ArgGroup, Subcommand};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add tags to a person, company or deal
    Add {
        /// Tag names
        #[arg(required = true)]
        tags: Vec<String>,
        #[command(flatten)]
        target: Target,
    },
    /// Remove tags from a person, company or deal
    Rm {
        /// Tag names
        #[arg(required = true)]
        tags: Vec<String>,
        #[command(flatten)]
        target: Target,
    },
    /// List every tag with how many people, companies and deals carry it
    List {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
}

/// The one record to tag.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("target").required(true).args(["person", "company", "deal"])))]
pub struct Target {
    /// Person id
    #[arg(long)]
    person: Option<String>,
    /// Company id or exact name
    #[arg(long)]
    company: Option<String>,
    /// Deal id
    #[arg(long)]
    deal: Option<String>,
}

impl Target {
    fn resolve(&self, store: &Store) -> Result<(Entity, i64)> {
        if let Some(p) = &self.person {
            return Ok((Entity::Person, args::id(p)?));
        }
        if let Some(c) = &self.company {
            return Ok((Entity::Company, resolve::company(store, c)?));
        }
        if let Some(d) = &self.deal {
            return Ok((Entity::Deal, args::id(d)?));
        }
        bail!("name the record to tag with --person, --company or --deal")
    }
}

fn retag(
    ctx: &Context,
    store: &mut Store,
    target: &Target,
    names: &[String],
    add: bool,
) -> Result<()> {
    let (entity, id) = target.resolve(store)?;
    let names: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
    let (added, removed) = if add {
        (names, Vec::new())
    } else {
        (Vec::new(), names)
    };
    // Add/remove inside one transaction on the stored list, so a tag
    // someone else added meanwhile is kept.
    let tags = store.write(ctx.clock.now_utc(), |w| {
        w.change_tags(entity, id, &added, &removed)
    })?;
    output::line(&format!(
        "{entity} {id} tags: {}",
        if tags.is_empty() {
            "(none)".into()
        } else {
            tags.join(", ")
        }
    ))
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    match command {
        Command::Add { tags, target } => retag(ctx, &mut store, &target, &tags, true),
        Command::Rm { tags, target } => retag(ctx, &mut store, &target, &tags, false),
        Command::List { json } => {
            let tags = store.tags()?;
            if json {
                return output::json(&tags);
            }
            let mut table = out
                .table(&["id", "tag", "people", "companies", "deals"])
                .align_right("id")
                .align_right("people")
                .align_right("companies")
                .align_right("deals");
            for t in &tags {
                table.row(vec![
                    t.id.to_string(),
                    t.name.clone(),
                    out.count(t.people),
                    out.count(t.companies),
                    out.count(t.deals),
                ]);
            }
            table.print("No tags yet.")
        }
    }
}
