//! Writing a plan: everything in one transaction, so an import is either
//! all there or not at all (a killed process included).

use super::plan::{Action, Step};
use super::record::Record;
use crate::error::Result;
use crate::model::{CompanyData, Entity, PersonData};
use crate::store::{BulkImport, ImportSize, PreparedPerson, Store, Writer, prepare_person};
use crate::text::fold::fold;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::mpsc;

/// People prepared per message from the preparing thread to the writer.
const BATCH: usize = 512;

/// Writes the creates and updates of `steps` (rejects and skips are left
/// out), filling in the ids of new records. `tick` is called after each
/// written row, for progress.
///
/// New people are validated and their derived columns (folded name, sort
/// key, search text, change-log JSON) computed on a second thread while
/// this one inserts the previous ones: that work is about as long as the
/// inserts themselves.
pub fn apply(
    store: &mut Store,
    now: DateTime<Utc>,
    steps: &mut [Step],
    tick: &mut dyn FnMut(),
) -> Result<()> {
    let mut companies = store.match_index(Entity::Company)?.by_name;
    let creates = steps.iter().filter(|s| s.action == Action::Create).count();
    let owner = store.actor().to_string();
    let mut ctx = Ctx {
        companies: &mut companies,
        by_written_name: HashMap::new(),
        owner: &owner,
    };
    // The session drops the indexes before the first insert when the
    // import is big next to what is stored, and builds them at the end.
    store.bulk_import(now, ImportSize::Known(creates), |w| {
        for step in steps.iter_mut().filter(|s| s.action == Action::Update) {
            update(w, step, &mut ctx)?;
            tick();
        }
        // Companies named by new people first, in the order they are met,
        // so the people can be prepared on another thread with their
        // company ids known.
        for step in steps.iter_mut().filter(|s| s.action == Action::Create) {
            if let Some(Record::Person {
                data,
                company: Some(name),
            }) = step.record.as_deref_mut()
            {
                data.company_id = Some(with_line(step.line, company_id(w, &mut ctx, name))?);
            }
        }
        for step in steps.iter_mut().filter(|s| s.action == Action::Create) {
            if !matches!(step.record.as_deref(), Some(Record::Person { .. })) {
                step.id = Some(create(w, step, &mut ctx)?);
                tick();
            }
        }
        create_people(w, steps, tick)
    })
}

/// One person to prepare: its step's index and line, the record, its
/// company's name and its external id.
type PersonJob = (usize, usize, PersonData, Option<String>, Option<String>);

/// Creates the new people of `steps` (companies already resolved): a
/// thread prepares them in batches while this one inserts.
fn create_people(
    w: &mut BulkImport<'_, '_>,
    steps: &mut [Step],
    tick: &mut dyn FnMut(),
) -> Result<()> {
    let mut jobs: Vec<PersonJob> = Vec::new();
    for (index, step) in steps.iter_mut().enumerate() {
        if step.action != Action::Create {
            continue;
        }
        if let Some(Record::Person { data, company }) = step.record.take().map(|r| *r) {
            jobs.push((index, step.line, data, company, step.external_id.clone()));
        }
    }
    if jobs.is_empty() {
        return Ok(());
    }
    w.trust_inserts(true)?;
    std::thread::scope(|scope| -> Result<()> {
        let (sender, batches) =
            mpsc::sync_channel::<Vec<(usize, usize, Result<PreparedPerson>)>>(8);
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for (index, line, data, company, external) in jobs {
                batch.push((
                    index,
                    line,
                    prepare_person(data, company.as_deref(), external, true),
                ));
                if batch.len() == BATCH {
                    // A closed channel means the writer stopped on an error.
                    if sender.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    batch.reserve(BATCH);
                }
            }
            if !batch.is_empty() {
                let _ = sender.send(batch);
            }
        });
        for batch in batches {
            // PostgreSQL draws the batch's ids at once and writes its rows
            // at the end; SQLite inserts each person as it comes.
            w.expect_people(batch.len())?;
            for (index, line, prepared) in batch {
                let id = with_line(line, prepared.and_then(|p| w.insert_person(p)))?;
                if let Some(step) = steps.get_mut(index) {
                    step.id = Some(id);
                }
                tick();
            }
            w.flush()?;
        }
        Ok(())
    })?;
    w.trust_inserts(false)
}

/// What the writes of one import share.
struct Ctx<'a> {
    /// Folded company name → id, stored and created so far.
    companies: &'a mut HashMap<String, i64>,
    /// The same by the name as written, to fold each name only once.
    by_written_name: HashMap<String, i64>,
    /// Owner of companies created for people's company names.
    owner: &'a str,
}

/// The id of the company named `name`, created (owned by the importer)
/// when there is none.
fn company_id(w: &mut BulkImport<'_, '_>, ctx: &mut Ctx<'_>, name: &str) -> Result<i64> {
    if let Some(id) = ctx.by_written_name.get(name) {
        return Ok(*id);
    }
    let key = fold(name);
    if let Some(id) = ctx.companies.get(&key) {
        ctx.by_written_name.insert(name.to_string(), *id);
        return Ok(*id);
    }
    let id = w.add_company(
        CompanyData {
            name: name.to_string(),
            owner: Some(ctx.owner.to_string()),
            ..CompanyData::default()
        },
        None,
    )?;
    ctx.companies.insert(key, id);
    ctx.by_written_name.insert(name.to_string(), id);
    Ok(id)
}

pub(super) fn with_line<T>(line: usize, result: Result<T>) -> Result<T> {
    result.map_err(|e| crate::Error::invalid(format!("line {line}: {e}")))
}

fn create(w: &mut BulkImport<'_, '_>, step: &mut Step, ctx: &mut Ctx<'_>) -> Result<i64> {
    let line = step.line;
    let external = step.external_id.as_deref();
    match step.record.take().map(|r| *r) {
        Some(Record::Person { mut data, company }) => {
            if let Some(name) = &company {
                data.company_id = Some(with_line(line, company_id(w, ctx, name))?);
            }
            with_line(line, w.add_person(data, company.as_deref(), external))
        }
        Some(Record::Work {
            deal,
            task,
            company,
            done,
            ..
        }) => {
            let company_id = match &company {
                Some(name) => Some(with_line(line, company_id(w, ctx, name))?),
                None => None,
            };
            let (entity, id) = match (deal, task) {
                (Some(mut d), _) => {
                    d.company_id = company_id;
                    (Entity::Deal, with_line(line, w.writer()?.add_deal(*d))?)
                }
                (None, Some(mut t)) => {
                    t.company_id = company_id;
                    let id = with_line(line, w.writer()?.add_task(t))?;
                    match done {
                        Some(Some(at)) => with_line(line, w.writer()?.complete_task_at(id, at))?,
                        Some(None) => with_line(line, w.writer()?.complete_task(id, None))?,
                        None => {}
                    }
                    (Entity::Task, id)
                }
                (None, None) => {
                    return Err(crate::Error::invalid(format!("line {line}: empty record")));
                }
            };
            set_external(w.writer()?, entity, id, external, line)?;
            Ok(id)
        }
        Some(Record::Company(data)) => {
            let key = fold(&data.name);
            let id = with_line(line, w.add_company(data, external))?;
            ctx.companies.entry(key).or_insert(id);
            Ok(id)
        }
        None => Err(crate::Error::invalid(format!(
            "line {line}: nothing to create; this is a bug in kariz"
        ))),
    }
}

fn update(w: &mut BulkImport<'_, '_>, step: &mut Step, ctx: &mut Ctx<'_>) -> Result<()> {
    let line = step.line;
    let Some(id) = step.id else {
        return Ok(());
    };
    match step.record.take().map(|r| *r) {
        Some(Record::Person { mut data, company }) => {
            data.company_id = match &company {
                Some(name) => Some(with_line(line, company_id(w, ctx, name))?),
                None => None,
            };
            with_line(line, w.writer()?.update_person(id, step.version, data))?;
            set_external(
                w.writer()?,
                Entity::Person,
                id,
                step.external_id.as_deref(),
                line,
            )
        }
        Some(Record::Company(data)) => {
            with_line(line, w.writer()?.update_company(id, step.version, data))?;
            set_external(
                w.writer()?,
                Entity::Company,
                id,
                step.external_id.as_deref(),
                line,
            )
        }
        Some(Record::Work { .. }) | None => Ok(()),
    }
}

fn set_external(
    w: &mut Writer<'_>,
    entity: Entity,
    id: i64,
    external: Option<&str>,
    line: usize,
) -> Result<()> {
    match external {
        Some(e) => with_line(line, w.set_external_id(entity, id, e)),
        None => Ok(()),
    }
}
