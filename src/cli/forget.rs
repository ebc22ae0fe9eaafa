//! `kariz forget person ID`: erase a person on request.

use super::context::Context;
use super::output;
use anyhow::Result;

/// Erase a record for good (the right to be forgotten)
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Erase a person, their phones and e-mails, and their values in the
    /// change log
    ///
    /// The person and their contact points are deleted; deals, tasks and
    /// activities that named them stay, without the link. Their rows in the
    /// change log stay (who changed what, when, and that they were erased)
    /// but every value in them is replaced by "[erased]". Freed space in the
    /// file is overwritten (SQLite's secure_delete) and the write-ahead log
    /// is emptied. Backups made before are separate files and still hold
    /// the person: delete or replace them.
    Person(PersonArgs),
}

#[derive(Debug, clap::Args)]
pub struct PersonArgs {
    /// The person's id
    id: String,
    /// Print what was done as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, cmd: Command) -> Result<()> {
    let Command::Person(args) = cmd;
    let id = super::args::id(&args.id)?;
    let mut store = ctx.open()?;
    let done = store.forget_person(ctx.clock.now_utc(), id)?;
    // The search and people list snapshots hold the person's name,
    // e-mails and phones: remove them (the next use rebuilds them
    // without).
    if let Ok(cache) = ctx.env.cache_dir() {
        let _ = crate::search_snapshot::remove(&cache, &ctx.db_path);
        let _ = crate::people_list::remove(&cache, &ctx.db_path);
    }
    if args.json {
        return output::json(&done);
    }
    output::lines(&format!(
        "Erased person {} with {} phone(s) and e-mail(s); {} change-log row(s) now read \"[erased]\".",
        done.id, done.contact_points, done.redacted_changes
    ))?;
    if !done.unlinked.is_empty() {
        output::lines(&format!(
            "These records named them and are kept without the link (their own text was not changed; review it): {}.",
            done.unlinked.join(", ")
        ))?;
    }
    if done.wal_truncated {
        output::lines("The write-ahead log was emptied and freed space overwritten.")?;
    } else {
        output::lines(
            "Freed space was overwritten; another kariz is reading, so the write-ahead log still holds old pages until every kariz has closed.",
        )?;
    }
    output::lines(
        "Backups made before now still hold this person: delete them, or replace them with a new `kariz backup`.",
    )
}
