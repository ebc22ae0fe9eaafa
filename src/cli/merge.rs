//! `kariz merge`: merge a duplicate person or company into another.

use super::args;
use super::context::Context;
use super::output;
use crate::model::Entity;
use crate::store::{MergePlan, MergeVersions};
use anyhow::Result;

/// People or companies.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    Person,
    Company,
}

/// Merge OTHER into KEEP, then delete OTHER
///
/// KEEP's values win and OTHER's fill KEEP's empty fields; phones, e-mails,
/// tags and custom fields are united; every deal, task and activity (and,
/// for companies, every person) linked to OTHER moves to KEEP. One
/// transaction; the change log records the merge, each changed field and
/// OTHER's full record. Find candidates with `kariz duplicates`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Id of the record to keep
    keep: String,
    /// Id of the record merged into it and deleted
    other: String,
    /// Which kind of record the ids are
    #[arg(long, value_enum, default_value = "person")]
    entity: Kind,
    /// Show what would change, write nothing
    #[arg(long)]
    dry_run: bool,
    /// Fail with a conflict (exit 4) unless KEEP is still at this version
    #[arg(long)]
    version: Option<i64>,
    /// Print the merge as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let mut store = ctx.open()?;
    let entity = match args.entity {
        Kind::Person => Entity::Person,
        Kind::Company => Entity::Company,
    };
    let keep = args::id(&args.keep)?;
    let other = args::id(&args.other)?;
    let (keep_version, other_version) = match entity {
        Entity::Person => (store.person(keep)?.version, store.person(other)?.version),
        _ => (store.company(keep)?.version, store.company(other)?.version),
    };
    if args.dry_run {
        let plan = store.merge_plan(entity, keep, other)?;
        if let Some(expected) = args.version
            && expected != keep_version
        {
            return Err(crate::Error::Conflict {
                entity,
                id: keep,
                expected,
                actual: keep_version,
            }
            .into());
        }
        return report(&plan, args.json, true);
    }
    let versions = MergeVersions {
        keep: args.version.unwrap_or(keep_version),
        other: other_version,
    };
    let plan = store.write(ctx.clock.now_utc(), |w| {
        w.merge(entity, keep, other, versions)
    })?;
    report(&plan, args.json, false)
}

fn report(plan: &MergePlan, json: bool, dry_run: bool) -> Result<()> {
    if json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            dry_run: bool,
            #[serde(flatten)]
            plan: &'a MergePlan,
        }
        return output::json(&Out { dry_run, plan });
    }
    let entity = plan.entity;
    output::line(&format!(
        "{} {entity} {} ({}) into {entity} {} ({}).",
        if dry_run { "Would merge" } else { "Merged" },
        plan.other,
        plan.other_name,
        plan.keep,
        plan.keep_name
    ))?;
    for change in &plan.changes {
        output::line(&format!(
            "  {}: {} → {}",
            change.field,
            change.old.as_deref().unwrap_or("(empty)"),
            change.new.as_deref().unwrap_or("(empty)")
        ))?;
    }
    for group in &plan.moved {
        let ids: Vec<String> = group.ids.iter().map(|i| format!("#{i}")).collect();
        output::line(&format!(
            "  moved to {} {}: {} {}",
            entity,
            plan.keep,
            group.entity,
            ids.join(", ")
        ))?;
    }
    if dry_run {
        output::line("Nothing was written (--dry-run).")?;
    } else {
        output::line(&format!("{entity} {} was deleted.", plan.other))?;
    }
    Ok(())
}
