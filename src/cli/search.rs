//! `kariz search`: fuzzy search over people, companies and deals.

use super::context::Context;
use super::output;
use crate::model::Entity;
use crate::search::{self, Hit, MatchedField};
use crate::store::recent::Summary;
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;

/// Fuzzy search over people and companies (names, companies, e-mails,
/// phones) and deals (title, customer). Persian and Arabic spellings
/// (ي/ی, ك/ک), diacritics, digit sets and a space, ZWNJ or nothing between
/// word parts match each other.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to look for (several words are joined with spaces)
    #[arg(required = true)]
    query: Vec<String>,
    /// At most this many results (0 = all)
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print a JSON array
    #[arg(long)]
    json: bool,
    /// Scan the database instead of reading the search snapshot in the
    /// cache folder (same hits, slower at many records); also
    /// KARIZ_NO_SEARCH_CACHE=1
    #[arg(
        long,
        env = "KARIZ_NO_SEARCH_CACHE",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    no_cache: bool,
}

/// One result as printed.
#[derive(Serialize)]
struct Found {
    entity: Entity,
    id: i64,
    name: String,
    company: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    matched: MatchedField,
    score: i64,
}

impl Found {
    /// What `hit` shows of its record's list-row summary (a deal: its
    /// title as the name, its customer in the company column).
    fn of(hit: &Hit, summary: Summary) -> Found {
        Found {
            entity: hit.entity,
            id: hit.id,
            name: summary.name,
            company: summary.detail,
            email: summary.email,
            phone: summary.phone,
            matched: hit.matched,
            score: hit.score,
        }
    }
}

/// The hits as printed, in the hits' order: each kind's records read
/// together, one statement per kind, not one per hit.
fn describe(store: &crate::store::Store, hits: &[Hit]) -> Result<Vec<Found>> {
    let mut summaries: HashMap<(Entity, i64), Summary> = HashMap::with_capacity(hits.len());
    for entity in [Entity::Person, Entity::Company, Entity::Deal] {
        let ids: Vec<i64> = hits
            .iter()
            .filter(|h| h.entity == entity)
            .map(|h| h.id)
            .collect();
        if ids.is_empty() {
            continue;
        }
        for summary in store.summaries(entity, &ids)? {
            summaries.insert((entity, summary.id), summary);
        }
    }
    hits.iter()
        .map(|hit| {
            let summary =
                summaries
                    .remove(&(hit.entity, hit.id))
                    .ok_or(crate::error::Error::NotFound {
                        entity: hit.entity,
                        id: hit.id,
                    })?;
            Ok(Found::of(hit, summary))
        })
        .collect()
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let store = ctx.open()?;
    let out = ctx.render(store.config());
    let query = args.query.join(" ");
    let limit = if args.limit == 0 {
        usize::MAX
    } else {
        args.limit
    };
    // The snapshot answers exactly as the scan; without a cache folder
    // (no HOME) or with --no-cache, scan.
    let cache = ctx.env.cache_dir().ok().filter(|_| !args.no_cache);
    let hits = match (cache, store.path()) {
        (Some(cache), Some(db)) => {
            crate::search_snapshot::search(&store, db, &cache, &query, limit)?
        }
        _ => search::search(&store, &query, limit)?,
    };
    let found = describe(&store, &hits)?;
    if args.json {
        return output::json(&found);
    }
    let mut table = out
        .table(&["kind", "id", "name", "company", "email", "phone"])
        .align_right("id");
    for f in &found {
        table.row(vec![
            f.entity.as_str().to_string(),
            f.id.to_string(),
            f.name.clone(),
            f.company.clone().unwrap_or_default(),
            f.email.clone().unwrap_or_default(),
            f.phone.clone().unwrap_or_default(),
        ]);
    }
    table.print(&format!("Nothing matches {query:?}."))
}
