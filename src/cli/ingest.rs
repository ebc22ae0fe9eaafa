//! `kariz ingest json|maildir`: web-form submissions and e-mails become
//! new, unassigned people (see `interchange::ingest`, docs/campaigns.md).

use super::context::Context;
use super::output::{self, Render};
use crate::interchange::ingest::{self, Options, Report, Status, maildir};
use anyhow::{Context as _, Result, anyhow};
use clap::Subcommand;
use std::path::{Path, PathBuf};

/// Flags both sources share.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Lead source of submissions that name none [default: web-form for json, e-mail for maildir]
    #[arg(long)]
    source: Option<String>,
    /// Campaign of submissions that name none (name or id; see `kariz campaign list`)
    #[arg(long, value_name = "NAME")]
    campaign: Option<String>,
    /// Show what would happen; write nothing and move no message
    #[arg(long)]
    dry_run: bool,
    /// Print the report as JSON (created, matched, failed with reasons)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Web-form submissions: a JSON object, an array of them, or one object per line (- reads standard input)
    Json {
        /// The file, or - for standard input
        path: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// E-mails in a Maildir folder: each message in new/ is read, and moved to cur/ once stored
    Maildir {
        /// The Maildir folder (with new/ and cur/ inside)
        path: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let now = ctx.clock.now_utc();
    let (common, default_source) = match &command {
        Command::Json { common, .. } => (common, "web-form"),
        Command::Maildir { common, .. } => (common, "e-mail"),
    };
    let options = Options {
        source: common
            .source
            .clone()
            .unwrap_or_else(|| default_source.to_string()),
        campaign: common.campaign.clone(),
        dry_run: common.dry_run,
    };
    if let Some(c) = &options.campaign {
        store.campaign(c).map_err(|e| anyhow!("--campaign: {e}"))?;
    }
    let report = match &command {
        Command::Json { path, .. } => {
            let text = read_text(path)?;
            let subs = ingest::json::read(&text, store.config())
                .map_err(|e| anyhow!("{}: {e}", path.display()))?;
            ingest::ingest(&mut store, now, &subs, &options, &mut |_| Ok(()))?
        }
        Command::Maildir { path, .. } => {
            let mails = maildir::read(path, store.config()).map_err(|e| anyhow!(e))?;
            let subs: Vec<_> = mails.iter().map(|m| m.submission.clone()).collect();
            let mut done = |sub: &ingest::Submission| match mails
                .iter()
                .find(|m| m.submission.origin == sub.origin)
            {
                Some(mail) => maildir::mark_done(mail).map_err(|e| {
                    crate::Error::invalid(format!(
                        "{} was stored but could not be moved to cur/: {e}",
                        mail.path.display()
                    ))
                }),
                None => Ok(()),
            };
            ingest::ingest(&mut store, now, &subs, &options, &mut done)?
        }
    };
    if common.json {
        return output::json(&report);
    }
    print(&out, &report)
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("reading standard input")?;
        bytes
    } else {
        std::fs::read(path).with_context(|| format!("reading {}", path.display()))?
    };
    String::from_utf8(bytes).map_err(|_| anyhow!("{}: not UTF-8 text", path.display()))
}

fn print(out: &Render, report: &Report) -> Result<()> {
    let mut table = out
        .table(&["from", "result", "person", "name", "why"])
        .align_right("person");
    for o in &report.submissions {
        let result = match (o.status, o.matched_by) {
            (Status::Created, _) => "created".to_string(),
            (Status::Matched, Some(how)) => format!("matched by {how}, logged"),
            (Status::Matched, None) => "matched, logged".to_string(),
            (Status::Failed, _) => "failed".to_string(),
        };
        table.row(vec![
            o.origin.clone(),
            result,
            o.person_id.map(|i| i.to_string()).unwrap_or_default(),
            o.name.clone(),
            o.reason.clone().unwrap_or_default(),
        ]);
    }
    if !table.is_empty() {
        output::raw(&table.render(""))?;
    }
    let verb = if report.dry_run {
        "Would create"
    } else {
        "Created"
    };
    out.sentence(&format!(
        "{verb} {} new people, {} matched existing people (logged on their timeline), {} failed.",
        out.count(report.created as i64),
        out.count(report.matched as i64),
        out.count(report.failed as i64)
    ))
}
