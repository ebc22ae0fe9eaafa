//! `kariz restore FILE`: put a backup back in place of the database.

use super::context::Context;
use super::output;
use anyhow::{Context as _, Result};
use std::path::PathBuf;

/// Replace the database with a backup
///
/// Checks the backup first (SQLite's integrity check, and that it is a
/// kariz database this version can read). The current database is kept
/// beside it, renamed NAME.before-restore-STAMP, with everything it had
/// committed. Refuses while another kariz has the database open (each
/// kariz holds a shared lock on the file while it runs), unless --force.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup to restore (made by `kariz backup`)
    file: PathBuf,
    /// Restore even though another kariz has the database open. Their
    /// unsaved work, and anything they save before they restart, is lost
    #[arg(long)]
    force: bool,
    /// Print what was done as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let stamp = ctx.clock.now_utc().format("%Y-%m-%dT%H%M%SZ").to_string();
    let outcome = crate::store::restore(&ctx.db_path, &args.file, &stamp, args.force)
        .with_context(|| format!("restoring {} from {}", ctx.db_shown(), args.file.display()))?;
    if args.json {
        return output::json(&outcome);
    }
    output::lines(&format!(
        "Restored {} from {}.",
        ctx.db_shown(),
        args.file.display()
    ))?;
    super::backup::print_summary(&outcome.restored)?;
    if let Some(kept) = &outcome.kept {
        output::lines(&format!(
            "The database it replaced is kept as {}.",
            kept.display()
        ))?;
    }
    if outcome.forced {
        output::lines(
            "Another kariz had the database open: ask its users to quit and start kariz again now.",
        )?;
    }
    Ok(())
}
