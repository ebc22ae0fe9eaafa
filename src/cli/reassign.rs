//! `kariz reassign`: hand a leaver's records to a colleague.

use super::context::Context;
use super::output;
use crate::store::Reassigned;
use anyhow::Result;
use serde::Serialize;

/// Give every person, company and deal owned by one login, and their open
/// tasks, to another, in one transaction
///
/// Each record's owner change is logged under your login, so `kariz history`
/// shows who moved what. Done tasks keep their owner (who did them). The
/// new owner must be on the team list (unless the list is empty).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The login whose records move
    #[arg(long, value_name = "LOGIN")]
    from: String,
    /// The login that receives them
    #[arg(long, value_name = "LOGIN")]
    to: String,
    /// Only count what would move; change nothing
    #[arg(long)]
    dry_run: bool,
    /// Print the counts as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    from: &'a str,
    to: &'a str,
    dry_run: bool,
    #[serde(flatten)]
    moved: Reassigned,
}

pub fn run(ctx: &Context, a: Args) -> Result<()> {
    let mut store = ctx.open()?;
    let moved = if a.dry_run {
        // The same refusal as the real run, so a dry run that passes means
        // the real one will.
        if let Some(problem) = store.owner_problem(&a.to)? {
            return Err(crate::Error::Invalid(problem).into());
        }
        if a.from == a.to {
            return Err(crate::Error::invalid(
                "--from and --to are the same login; nothing to move",
            )
            .into());
        }
        store.reassign_counts(&a.from)?
    } else {
        store.write(ctx.clock.now_utc(), |w| w.reassign(&a.from, &a.to))?
    };
    if a.json {
        return output::json(&Report {
            from: &a.from,
            to: &a.to,
            dry_run: a.dry_run,
            moved,
        });
    }
    let verb = if a.dry_run { "would move" } else { "moved" };
    output::line(&format!(
        "{verb} from {} to {}: {} people, {} companies, {} deals, {} open tasks",
        a.from, a.to, moved.people, moved.companies, moved.deals, moved.tasks
    ))
}
