//! `kariz search`: fuzzy search over people, companies and deals.

use super::context::Context;
use super::output;
use crate::model::{Entity, Person};
use crate::search::{self, Hit, MatchedField};
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

/// What a hit shows; `person`: the hit's person, when already read.
fn describe(store: &crate::store::Store, hit: &Hit, person: Option<Person>) -> Result<Found> {
    let found = match hit.entity {
        Entity::Company => {
            let c = store.company(hit.id)?;
            Found {
                entity: hit.entity,
                id: hit.id,
                name: c.data.name,
                company: c.data.domain,
                email: c.data.emails.first().map(|e| e.value.clone()),
                phone: c.data.phones.first().map(|p| p.value.clone()),
                matched: hit.matched,
                score: hit.score,
            }
        }
        Entity::Deal => {
            // Title as the name, customer (company, else contact person)
            // in the company column.
            let s = store
                .summary(Entity::Deal, hit.id)?
                .ok_or(crate::error::Error::NotFound {
                    entity: Entity::Deal,
                    id: hit.id,
                })?;
            Found {
                entity: hit.entity,
                id: hit.id,
                name: s.name,
                company: s.detail,
                email: None,
                phone: None,
                matched: hit.matched,
                score: hit.score,
            }
        }
        _ => {
            let p = match person {
                Some(p) => p,
                None => store.person(hit.id)?,
            };
            Found {
                entity: hit.entity,
                id: hit.id,
                name: p.data.name,
                company: p.company,
                email: p.data.emails.first().map(|e| e.value.clone()),
                phone: p.data.phones.first().map(|x| x.value.clone()),
                matched: hit.matched,
                score: hit.score,
            }
        }
    };
    Ok(found)
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
    // The people among the hits read together (most hits are people).
    let person_ids: Vec<i64> = hits
        .iter()
        .filter(|h| h.entity == Entity::Person)
        .map(|h| h.id)
        .collect();
    let mut people: HashMap<i64, Person> = store
        .people_with_ids(&person_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let found = hits
        .iter()
        .map(|h| {
            describe(
                &store,
                h,
                if h.entity == Entity::Person {
                    people.remove(&h.id)
                } else {
                    None
                },
            )
        })
        .collect::<Result<Vec<_>>>()?;
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
