//! `kariz migrate --to TARGET`: copies the whole database into a new, empty
//! one, SQLite or PostgreSQL (the copy itself is `Store::copy_into`).

use super::context::Context;
use super::output;
use crate::store::{CopiedTable, is_server_url};
use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

/// Copy the whole database into a new, empty one (PostgreSQL or SQLite)
///
/// Every record and all history (the change log, stage and status
/// history, messages, every table) is copied with the same ids, read as
/// one consistent snapshot and written in one transaction; then the row
/// count of every table is compared. The current database (--db) is only
/// read. A target that holds any data is refused and left unchanged.
///
/// TARGET is `postgresql://USER@HOST/DATABASE` naming an empty database
/// (created with LC_COLLATE 'C', see docs/postgresql.md) or `sqlite:PATH`
/// for a new SQLite file. Afterwards point --db or KARIZ_DB at it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to copy to: postgresql://… (or postgres://…) or sqlite:PATH
    #[arg(long, value_name = "TARGET")]
    to: String,
    /// Print what was copied as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Summary<'a> {
    source: String,
    target: String,
    rows: i64,
    seconds: f64,
    tables: &'a [CopiedTable],
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let target = target_location(&args.to)?;
    // A server URL is not a file: only a file path can be missing.
    let source_is_server = ctx.db_path.to_str().is_some_and(is_server_url);
    if !source_is_server {
        ctx.require_db()?;
    }
    let source = ctx.open_at(&ctx.db_path)?;
    let mut copy = ctx.open_at(&target)?;
    let (from, to) = (source.location(), copy.location());
    let started = Instant::now();
    let tables = source
        .copy_into(&mut copy)
        .with_context(|| format!("migrating {from} to {to}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let rows: i64 = tables.iter().map(|t| t.rows).sum();
    if args.json {
        return output::json(&Summary {
            source: from,
            target: to,
            rows,
            seconds,
            tables: &tables,
        });
    }
    let width = tables.iter().map(|t| t.table.len()).max().unwrap_or(0);
    let mut text = format!("Copied {from} to {to}: {rows} rows in {seconds:.2} s.\n");
    for t in &tables {
        text.push_str(&format!("  {:<width$}  {:>8}\n", t.table, t.rows));
    }
    text.push_str("Row counts match in every table. Point --db or KARIZ_DB at the copy to use it.");
    output::lines(&text)
}

/// The database location `--to` names: a server URL as given, or the
/// file of `sqlite:PATH`.
fn target_location(to: &str) -> Result<PathBuf> {
    if is_server_url(to) {
        return Ok(PathBuf::from(to));
    }
    match to.strip_prefix("sqlite:") {
        Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        _ => bail!(
            "--to {to:?} names no database; give postgresql://USER@HOST/DATABASE or sqlite:PATH"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_urls_or_sqlite_paths() {
        assert_eq!(
            target_location("postgresql:///k?host=/tmp").unwrap(),
            PathBuf::from("postgresql:///k?host=/tmp")
        );
        assert_eq!(
            target_location("sqlite:/tmp/new.db").unwrap(),
            PathBuf::from("/tmp/new.db")
        );
        assert!(target_location("/tmp/new.db").is_err());
        assert!(target_location("sqlite:").is_err());
    }
}
