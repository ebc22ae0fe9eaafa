//! `kariz doctor`: a health check with a plain verdict and exit code.

use super::context::Context;
use super::exit;
use super::output;
use crate::store::{Health, Status};
use anyhow::Result;

/// Check the database: integrity, schema, permissions, WAL and config
///
/// Runs SQLite's integrity and foreign-key checks, compares the schema
/// version with this kariz, the file modes and group with the setup
/// (a shared setgid folder with files 0660 in its group, or a single user
/// with files 0600), looks at the size of the write-ahead log, and checks
/// that every deal's stage is in the config. Reads only; safe while others
/// work. Exit 0 when healthy (warnings may be listed), 7 when something is
/// damaged or unusable.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the report as JSON
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct Report<'a> {
    verdict: &'static str,
    #[serde(flatten)]
    health: &'a Health,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    ctx.require_db()?;
    let config = ctx.config()?;
    let health = crate::store::check_health(&ctx.db_path, &config);
    let worst = health.worst();
    let verdict = match worst {
        Status::Ok => "healthy",
        Status::Warn => "healthy, with warnings",
        Status::Fail => "needs attention",
    };
    if args.json {
        output::json(&Report {
            verdict,
            health: &health,
        })?;
    } else {
        let out = ctx.render(&config);
        let mut table = out.table(&["check", "status", "detail"]);
        for check in &health.checks {
            let status = match check.status {
                Status::Ok => "ok",
                Status::Warn => "warning",
                Status::Fail => "FAILED",
            };
            table.row(vec![
                check.name.to_string(),
                status.to_string(),
                check.detail.clone(),
            ]);
        }
        output::lines(&format!("Database {}", ctx.db_shown()))?;
        table.print("")?;
        output::lines(&format!("Verdict: {verdict}."))?;
    }
    if worst == Status::Fail {
        return Err(exit::Coded {
            code: exit::UNHEALTHY,
            message: format!(
                "{} needs attention; see the failed checks above",
                ctx.db_shown()
            ),
        }
        .into());
    }
    Ok(())
}
