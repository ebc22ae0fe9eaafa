//! `kariz duplicates`: likely duplicate people or companies.

use super::context::Context;
use super::output;
use crate::dedupe::{self, Pair};
use crate::model::Entity;
use anyhow::Result;

/// People or companies.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    Person,
    Company,
}

/// List likely duplicates with a score and the reason
///
/// Pairs share an e-mail (any case), a phone number (its last ten digits,
/// so +98 912…, 0098 912… and 0912… agree), a domain (companies) or a name
/// that is the same or alike once folded (Arabic and Persian letters, digits
/// and harakat do not matter). Merge one with `kariz merge KEEP OTHER`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which records to compare
    #[arg(long, value_enum, default_value = "person")]
    entity: Kind,
    /// Print a JSON array
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let store = ctx.open()?;
    let out = ctx.render(store.config());
    let entity = match args.entity {
        Kind::Person => Entity::Person,
        Kind::Company => Entity::Company,
    };
    let pairs = dedupe::find_all(&store, entity)?;
    if args.json {
        return output::json(&pairs);
    }
    let mut table = out
        .table(&["score", "keep", "name", "other", "name", "reason"])
        .align_right("score")
        .align_right("keep")
        .align_right("other");
    for p in &pairs {
        table.row(row(p));
    }
    table.print("No likely duplicates.")?;
    if let Some(first) = pairs.first() {
        output::line(&format!(
            "Merge a pair with `kariz merge {} {}{}` (add --dry-run to see the result first).",
            first.keep,
            first.other,
            if entity == Entity::Company {
                " --entity company"
            } else {
                ""
            }
        ))?;
    }
    Ok(())
}

fn row(p: &Pair) -> Vec<String> {
    let reasons: Vec<String> = p.reasons.iter().map(|r| r.describe()).collect();
    vec![
        format!("{}%", p.score),
        p.keep.to_string(),
        p.keep_name.clone(),
        p.other.to_string(),
        p.other_name.clone(),
        reasons.join(", "),
    ]
}
