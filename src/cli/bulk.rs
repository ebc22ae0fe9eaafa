//! Bulk changes from the command line: `person edit --where … --add-tag`,
//! `deal move --where … --to STAGE`, `task done --where …`. Each runs in
//! one transaction over the records matching when it commits; every
//! record's change is logged as if edited alone. `--dry-run` prints the
//! count and the records and changes nothing.

use super::context::Context;
use super::output::{self, Render};
use crate::model::PersonData;
use crate::store::{Store, Target, Where};
use anyhow::{Result, bail};
use serde::Serialize;

/// What a bulk command reports (`--json`).
#[derive(Debug, Serialize)]
struct Outcome<'a> {
    dry_run: bool,
    count: usize,
    records: &'a [(i64, String)],
}

/// Prints the records a bulk command matched (dry run) or changed.
fn report(
    out: &Render,
    records: &[(i64, String)],
    noun: (&str, &str),
    done: &str,
    dry_run: bool,
    json: bool,
) -> Result<()> {
    if json {
        return output::json(&Outcome {
            dry_run,
            count: records.len(),
            records,
        });
    }
    let n = records.len();
    let noun = if n == 1 { noun.0 } else { noun.1 };
    let count = out.count(n as i64);
    if dry_run {
        out.sentence(&format!("Would change {count} {noun} (dry run):"))?;
        let mut table = out.table(&["id", "name"]).align_right("id");
        for (id, name) in records {
            table.row(vec![id.to_string(), name.clone()]);
        }
        return table.print("No records match.");
    }
    out.sentence(&format!("{done} {count} {noun}."))
}

/// Tags to add and remove, ignoring case.
pub fn retag(tags: &mut Vec<String>, add: &[String], remove: &[String]) {
    tags.retain(|t| !remove.iter().any(|r| r.trim().eq_ignore_ascii_case(t)));
    for tag in add {
        let tag = tag.trim();
        if !tag.is_empty() && !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            tags.push(tag.to_owned());
        }
    }
}

/// `kariz person edit --where/--segment …`.
pub fn people(
    ctx: &Context,
    store: &mut Store,
    filter: &Where,
    edit: &dyn Fn(&Store, &mut PersonData) -> Result<()>,
    tags: (&[String], &[String]),
    flags: (bool, bool),
) -> Result<()> {
    let (dry_run, json) = flags;
    let out = ctx.render(store.config());
    let ids = store.matching_ids(filter, Target::Person)?;
    let mut planned = Vec::new();
    let mut records = Vec::new();
    for id in &ids {
        let person = store.person(*id)?;
        let mut data = person.data.clone();
        edit(store, &mut data)?;
        retag(&mut data.tags, tags.0, tags.1);
        records.push((*id, person.data.name.clone()));
        if data != person.data {
            planned.push((*id, person.data, data));
        }
    }
    if !dry_run && !planned.is_empty() {
        store.write(ctx.clock.now_utc(), |w| {
            for (id, before, after) in &planned {
                w.patch_person(*id, before, after)?;
            }
            Ok(())
        })?;
    }
    let changed: Vec<(i64, String)> = if dry_run {
        records
    } else {
        records
            .into_iter()
            .filter(|(id, _)| planned.iter().any(|(p, ..)| p == id))
            .collect()
    };
    report(
        &out,
        &changed,
        ("person", "people"),
        "Changed",
        dry_run,
        json,
    )
}

/// `kariz deal move --where/--segment … --to STAGE`: deals already in
/// the stage are left alone.
pub fn move_deals(
    ctx: &Context,
    store: &mut Store,
    filter: &Where,
    stage: &str,
    reason: Option<String>,
    flags: (bool, bool),
) -> Result<()> {
    let (dry_run, json) = flags;
    let out = ctx.render(store.config());
    let mut records = Vec::new();
    for id in store.matching_ids(filter, Target::Deal)? {
        let deal = store.deal(id)?;
        if !deal.data.stage.eq_ignore_ascii_case(stage.trim()) {
            records.push((id, deal.data.title));
        }
    }
    if !dry_run && !records.is_empty() {
        store.write(ctx.clock.now_utc(), |w| {
            for (id, _) in &records {
                w.move_deal(*id, None, stage.trim(), reason.clone())?;
            }
            Ok(())
        })?;
    }
    report(&out, &records, ("deal", "deals"), "Moved", dry_run, json)
}

/// `kariz task done --where/--segment …`: open tasks only.
pub fn complete_tasks(
    ctx: &Context,
    store: &mut Store,
    filter: &Where,
    flags: (bool, bool),
) -> Result<()> {
    let (dry_run, json) = flags;
    let out = ctx.render(store.config());
    let mut records = Vec::new();
    for id in store.matching_ids(filter, Target::Task)? {
        let task = store.task(id)?;
        if task.done_at.is_none() {
            records.push((id, task.data.title));
        }
    }
    if !dry_run && !records.is_empty() {
        store.write(ctx.clock.now_utc(), |w| {
            for (id, _) in &records {
                w.complete_task(*id, None)?;
            }
            Ok(())
        })?;
    }
    report(&out, &records, ("task", "tasks"), "Done:", dry_run, json)
}

/// Refuses a record id together with `--where`/`--segment`, and neither.
pub fn one_or_many(id: &Option<String>, select: &super::segment::Select, what: &str) -> Result<()> {
    match (id.is_some(), select.is_set()) {
        (true, true) => bail!("give either a {what} id or --where/--segment, not both"),
        (false, false) => {
            bail!("name the {what}: an id, or --where EXPR / --segment NAME for many")
        }
        _ => Ok(()),
    }
}
