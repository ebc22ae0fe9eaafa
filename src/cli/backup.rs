//! `kariz backup [FILE]`: a consistent copy of the database while others
//! keep working.

use super::context::Context;
use super::output;
use crate::store::BackupSummary;
use anyhow::{Context as _, Result};
use std::path::PathBuf;

/// Write a consistent copy of the database to FILE
///
/// Safe while colleagues and cron jobs write: the copy holds every change
/// committed before the backup began (SQLite's VACUUM INTO, then synced to
/// disk). The file is created readable by you only (mode 0600) and must not
/// exist yet. Put it back with `kariz restore FILE`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write it [default: kariz-backup-YYYY-MM-DDTHHMMSSZ.db in
    /// the current folder, stamped with the current UTC time]
    file: Option<PathBuf>,
    /// Print what was written as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let store = ctx.open_unchecked()?;
    let target = match args.file {
        Some(file) => file,
        None => PathBuf::from(default_name(ctx)),
    };
    let summary = store
        .backup(&target)
        .with_context(|| format!("backing up {} to {}", ctx.db_shown(), target.display()))?;
    if args.json {
        return output::json(&summary);
    }
    output::lines(&format!(
        "Backed up {} to {}.",
        ctx.db_shown(),
        target.display()
    ))?;
    print_summary(&summary)
}

/// `kariz-backup-2026-11-22T063000Z.db`: sorts by time, no colons (which
/// some file systems and `scp` treat specially).
pub fn default_name(ctx: &Context) -> String {
    format!(
        "kariz-backup-{}.db",
        ctx.clock.now_utc().format("%Y-%m-%dT%H%M%SZ")
    )
}

/// The lines that say what a backup (or a restored database) holds.
pub fn print_summary(summary: &BackupSummary) -> Result<()> {
    let counts: Vec<String> = summary
        .counts
        .iter()
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
    output::lines(&format!(
        "It holds {}; schema version {}; {} bytes.",
        counts.join(", "),
        summary.schema_version,
        summary.bytes
    ))
}
