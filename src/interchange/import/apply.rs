//! Writing a plan: everything in one transaction, so an import is either
//! all there or not at all (a killed process included).

use super::plan::{Action, Step};
use super::record::Record;
use crate::error::Result;
use crate::model::{CompanyData, Entity};
use crate::store::{Store, TagIds, Writer};
use crate::text::fold::fold;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Below this many new rows, indexes are kept and updated row by row:
/// rebuilding them costs a sort of the whole table.
const DEFER_INDEXES_FROM: usize = 50_000;

/// Writes the creates and updates of `steps` (rejects and skips are left
/// out), filling in the ids of new records. `tick` is called after each
/// written row, for progress.
pub fn apply(
    store: &mut Store,
    now: DateTime<Utc>,
    steps: &mut [Step],
    tick: &mut dyn FnMut(),
) -> Result<()> {
    let mut companies = store.match_index(Entity::Company)?.by_name;
    let creates = steps.iter().filter(|s| s.action == Action::Create).count();
    let stored = store.count(Entity::Person)? as usize;
    let defer = creates >= DEFER_INDEXES_FROM && creates >= stored;
    let owner = store.actor().to_string();
    let mut ctx = Ctx {
        companies: &mut companies,
        by_written_name: HashMap::new(),
        owner: &owner,
        tags: TagIds::default(),
    };
    store.write(now, |w| {
        for step in steps.iter_mut().filter(|s| s.action == Action::Update) {
            update(w, step, &mut ctx)?;
            tick();
        }
        let deferred = if defer {
            Some(w.defer_indexes()?)
        } else {
            None
        };
        for step in steps.iter_mut().filter(|s| s.action == Action::Create) {
            step.id = Some(create(w, step, &mut ctx)?);
            tick();
        }
        if let Some(deferred) = deferred {
            w.restore_indexes(deferred)?;
        }
        Ok(())
    })
}

/// What the writes of one import share.
struct Ctx<'a> {
    /// Folded company name → id, stored and created so far.
    companies: &'a mut HashMap<String, i64>,
    /// The same by the name as written, to fold each name only once.
    by_written_name: HashMap<String, i64>,
    /// Owner of companies created for people's company names.
    owner: &'a str,
    /// Tag ids looked up so far.
    tags: TagIds,
}

/// The id of the company named `name`, created (owned by the importer)
/// when there is none.
fn company_id(w: &mut Writer<'_>, ctx: &mut Ctx<'_>, name: &str) -> Result<i64> {
    if let Some(id) = ctx.by_written_name.get(name) {
        return Ok(*id);
    }
    let key = fold(name);
    if let Some(id) = ctx.companies.get(&key) {
        ctx.by_written_name.insert(name.to_string(), *id);
        return Ok(*id);
    }
    let id = w.bulk_add_company(
        CompanyData {
            name: name.to_string(),
            owner: Some(ctx.owner.to_string()),
            ..CompanyData::default()
        },
        None,
        &mut ctx.tags,
    )?;
    ctx.companies.insert(key, id);
    ctx.by_written_name.insert(name.to_string(), id);
    Ok(id)
}

fn with_line<T>(line: usize, result: Result<T>) -> Result<T> {
    result.map_err(|e| crate::Error::invalid(format!("line {line}: {e}")))
}

fn create(w: &mut Writer<'_>, step: &mut Step, ctx: &mut Ctx<'_>) -> Result<i64> {
    let line = step.line;
    let external = step.external_id.as_deref();
    match step.record.take() {
        Some(Record::Person { mut data, company }) => {
            if let Some(name) = &company {
                data.company_id = Some(with_line(line, company_id(w, ctx, name))?);
            }
            with_line(
                line,
                w.bulk_add_person(data, company.as_deref(), external, &mut ctx.tags),
            )
        }
        Some(Record::Work {
            deal,
            task,
            company,
            ..
        }) => {
            let company_id = match &company {
                Some(name) => Some(with_line(line, company_id(w, ctx, name))?),
                None => None,
            };
            let (entity, id) = match (deal, task) {
                (Some(mut d), _) => {
                    d.company_id = company_id;
                    (Entity::Deal, with_line(line, w.add_deal(d))?)
                }
                (None, Some(mut t)) => {
                    t.company_id = company_id;
                    (Entity::Task, with_line(line, w.add_task(t))?)
                }
                (None, None) => {
                    return Err(crate::Error::invalid(format!("line {line}: empty record")));
                }
            };
            set_external(w, entity, id, external, line)?;
            Ok(id)
        }
        Some(Record::Company(data)) => {
            let key = fold(&data.name);
            let id = with_line(line, w.bulk_add_company(data, external, &mut ctx.tags))?;
            ctx.companies.entry(key).or_insert(id);
            Ok(id)
        }
        None => Err(crate::Error::invalid(format!(
            "line {line}: nothing to create; this is a bug in kariz"
        ))),
    }
}

fn update(w: &mut Writer<'_>, step: &mut Step, ctx: &mut Ctx<'_>) -> Result<()> {
    let line = step.line;
    let Some(id) = step.id else {
        return Ok(());
    };
    match step.record.take() {
        Some(Record::Person { mut data, company }) => {
            data.company_id = match &company {
                Some(name) => Some(with_line(line, company_id(w, ctx, name))?),
                None => None,
            };
            with_line(line, w.update_person(id, step.version, data))?;
            set_external(w, Entity::Person, id, step.external_id.as_deref(), line)
        }
        Some(Record::Company(data)) => {
            with_line(line, w.update_company(id, step.version, data))?;
            set_external(w, Entity::Company, id, step.external_id.as_deref(), line)
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
