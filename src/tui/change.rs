//! Changes the TUI makes to the database, each with the change that takes
//! it back (for `u`). Applying goes through the store's writer, so version
//! checks and the change log are the same as for the CLI.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::patch::{FieldConflict, Patch, rebase};
use crate::model::{ActivityData, CompanyData, DealData, Entity, PersonData, TaskData};
use crate::store::{Removed, Store};

/// One write. `version` is the version the user saw (`None`: whatever is
/// current); a mismatch is a conflict the user resolves.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Mark a task done (`true`) or open again.
    TaskDone {
        /// Task id.
        id: i64,
        /// Version seen.
        version: Option<i64>,
        /// Done or not.
        done: bool,
    },
    /// Set a task's due date (snooze).
    TaskDue {
        /// Task id.
        id: i64,
        /// Version seen.
        version: Option<i64>,
        /// New due date.
        due: Option<NaiveDate>,
    },
    /// Move a deal to a stage of its pipeline.
    MoveDeal {
        /// Deal id.
        id: i64,
        /// Version seen.
        version: Option<i64>,
        /// Target stage.
        stage: String,
        /// Reason, when the target is a lost stage.
        lost_reason: Option<String>,
    },
    /// Add (`id` None) or replace a person.
    Person {
        /// Existing id and version seen, or `None` to add.
        target: Option<(i64, Option<i64>)>,
        /// The record as the form opened it: when set, only the fields
        /// that differ from it are written (field-level, see
        /// `model::patch`) and the version seen is not checked.
        original: Option<Box<PersonData>>,
        /// The fields.
        data: Box<PersonData>,
        /// A company typed but not picked: found by name or created.
        new_company: Option<String>,
    },
    /// Add or replace a company.
    Company {
        /// Existing id and version seen, or `None` to add.
        target: Option<(i64, Option<i64>)>,
        /// The record as the form opened it: when set, only the fields
        /// that differ from it are written (field-level, see
        /// `model::patch`) and the version seen is not checked.
        original: Option<Box<CompanyData>>,
        /// The fields.
        data: Box<CompanyData>,
    },
    /// Add or replace a deal.
    Deal {
        /// Existing id and version seen, or `None` to add.
        target: Option<(i64, Option<i64>)>,
        /// The record as the form opened it: when set, only the fields
        /// that differ from it are written (field-level, see
        /// `model::patch`) and the version seen is not checked.
        original: Option<Box<DealData>>,
        /// The fields.
        data: Box<DealData>,
    },
    /// Add or replace a task.
    Task {
        /// Existing id and version seen, or `None` to add.
        target: Option<(i64, Option<i64>)>,
        /// The record as the form opened it: when set, only the fields
        /// that differ from it are written (field-level, see
        /// `model::patch`) and the version seen is not checked.
        original: Option<Box<TaskData>>,
        /// The fields.
        data: Box<TaskData>,
        /// A repeating task edited "this one only": the next occurrence
        /// keeps the series' values.
        only_this: bool,
    },
    /// Add or replace an activity.
    Activity {
        /// Existing id and version seen, or `None` to add.
        target: Option<(i64, Option<i64>)>,
        /// The record as the form opened it: when set, only the fields
        /// that differ from it are written (field-level, see
        /// `model::patch`) and the version seen is not checked.
        original: Option<Box<ActivityData>>,
        /// The fields.
        data: Box<ActivityData>,
    },
    /// Add and remove tags of a person, company or deal (never replaces
    /// the list: tags someone else added meanwhile stay).
    Tags {
        /// Person, company or deal.
        entity: Entity,
        /// Id.
        id: i64,
        /// Tags to add.
        add: Vec<String>,
        /// Tags to remove.
        remove: Vec<String>,
    },
    /// Merge `other` into `keep` (likely duplicates).
    Merge {
        /// Person or company.
        entity: Entity,
        /// The record that stays.
        keep: i64,
        /// The record merged into it and removed.
        other: i64,
    },
    /// Bring a deleted record back under its own id, with its phones,
    /// e-mails, tags and stage history (the undo of a delete).
    Restore(Box<Removed>),
    /// A support case written (see `tui::cases`).
    Case(Box<super::cases::CaseChange>),
    /// A quote written (see `tui::quotes`).
    Quote(Box<super::quotes::QuoteChange>),
    /// Several changes in one transaction, undone as one step (bulk
    /// actions on marked rows).
    Batch(Vec<Change>),
    /// Give a person, company or deal an owner (`None`: nobody), changing
    /// only that field of the record as stored when the write runs.
    SetOwner {
        /// Person, company or deal.
        entity: Entity,
        /// Id.
        id: i64,
        /// The new owner's login.
        owner: Option<String>,
    },
    /// Delete a record (refused while others link to it).
    Delete {
        /// Kind.
        entity: Entity,
        /// Id.
        id: i64,
        /// Version seen.
        version: Option<i64>,
    },
}

/// What a successful write did.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The record written (a new id for an add).
    pub entity: Entity,
    /// Its id.
    pub id: i64,
    /// The change that reverses this one, based on the version just written.
    pub inverse: Option<Change>,
}

impl Change {
    /// The record this change is about (`None` for an add).
    pub fn target(&self) -> Option<(Entity, i64)> {
        match self {
            Change::TaskDone { id, .. } | Change::TaskDue { id, .. } => Some((Entity::Task, *id)),
            Change::MoveDeal { id, .. } => Some((Entity::Deal, *id)),
            Change::Person { target, .. } => target.map(|(id, _)| (Entity::Person, id)),
            Change::Company { target, .. } => target.map(|(id, _)| (Entity::Company, id)),
            Change::Deal { target, .. } => target.map(|(id, _)| (Entity::Deal, id)),
            Change::Task { target, .. } => target.map(|(id, _)| (Entity::Task, id)),
            Change::Activity { target, .. } => target.map(|(id, _)| (Entity::Activity, id)),
            Change::Delete { entity, id, .. }
            | Change::Tags { entity, id, .. }
            | Change::SetOwner { entity, id, .. } => Some((*entity, *id)),
            Change::Restore(record) => Some(record.target()),
            Change::Merge { entity, keep, .. } => Some((*entity, *keep)),
            Change::Case(change) => change.target(),
            Change::Quote(change) => change.target(),
            Change::Batch(changes) => changes.first().and_then(Change::target),
        }
    }

    /// The same change based on `version` (to overwrite after a
    /// whole-record conflict).
    pub fn with_version(mut self, new: i64) -> Change {
        match &mut self {
            Change::TaskDone { version, .. }
            | Change::TaskDue { version, .. }
            | Change::MoveDeal { version, .. }
            | Change::Delete { version, .. } => *version = Some(new),
            Change::Tags { .. }
            | Change::SetOwner { .. }
            | Change::Merge { .. }
            | Change::Restore(_)
            | Change::Batch(_) => {}
            Change::Case(change) => change.set_version(new),
            Change::Quote(change) => change.set_version(new),
            Change::Person { target, .. }
            | Change::Company { target, .. }
            | Change::Deal { target, .. }
            | Change::Task { target, .. }
            | Change::Activity { target, .. } => {
                if let Some((_, version)) = target {
                    *version = Some(new);
                }
            }
        }
        self
    }

    /// The fields this change would write, as JSON, to compare with what is
    /// stored when a whole-record conflict happens.
    pub fn fields(&self) -> Value {
        match self {
            Change::TaskDone { done, .. } => serde_json::json!({ "done": done }),
            Change::TaskDue { due, .. } => serde_json::json!({ "due_date": due }),
            Change::MoveDeal {
                stage, lost_reason, ..
            } => serde_json::json!({ "stage": stage, "lost_reason": lost_reason }),
            Change::Person { data, .. } => serde_json::to_value(data).unwrap_or_default(),
            Change::Company { data, .. } => serde_json::to_value(data).unwrap_or_default(),
            Change::Deal { data, .. } => serde_json::to_value(data).unwrap_or_default(),
            Change::Task { data, .. } => serde_json::to_value(data).unwrap_or_default(),
            Change::Activity { data, .. } => serde_json::to_value(data).unwrap_or_default(),
            Change::Delete { .. } => serde_json::json!({ "deleted": true }),
            Change::SetOwner { owner, .. } => serde_json::json!({ "owner": owner }),
            Change::Restore(_) => serde_json::json!({ "deleted": false }),
            Change::Tags { add, remove, .. } => serde_json::json!({ "add": add, "remove": remove }),
            Change::Merge { other, .. } => serde_json::json!({ "merged_from": other }),
            Change::Case(change) => change.fields(),
            Change::Quote(change) => change.fields(),
            Change::Batch(changes) => Value::Array(changes.iter().map(Change::fields).collect()),
        }
    }

    /// "Keep mine" after a field conflict: the same edit based on what is
    /// stored now for the conflicting fields, so a retry writes only this
    /// edit's own fields (and still conflicts if they change yet again).
    fn rebased(mut self, store: &Store, fields: &[String]) -> Result<Change> {
        fn on<T: Patch>(original: &mut Option<Box<T>>, theirs: &T, fields: &[String]) {
            if let Some(o) = original {
                **o = rebase(o, theirs, fields);
            }
        }
        match &mut self {
            Change::Person {
                target: Some((id, _)),
                original,
                ..
            } => on(original, &store.person(*id)?.data, fields),
            Change::Company {
                target: Some((id, _)),
                original,
                ..
            } => on(original, &store.company(*id)?.data, fields),
            Change::Deal {
                target: Some((id, _)),
                original,
                ..
            } => on(original, &store.deal(*id)?.data, fields),
            Change::Task {
                target: Some((id, _)),
                original,
                ..
            } => on(original, &store.task(*id)?.data, fields),
            Change::Activity {
                target: Some((id, _)),
                original,
                ..
            } => on(original, &store.activity(*id)?.data, fields),
            _ => {}
        }
        Ok(self)
    }
}

/// The stored fields of a record, in the shape `Change::fields` uses.
pub fn stored_fields(store: &Store, entity: Entity, id: i64) -> Result<(Value, i64)> {
    let pair = match entity {
        Entity::Person => {
            let p = store.person(id)?;
            (serde_json::to_value(&p.data), p.version)
        }
        Entity::Company => {
            let c = store.company(id)?;
            (serde_json::to_value(&c.data), c.version)
        }
        Entity::Deal => {
            let d = store.deal(id)?;
            (serde_json::to_value(&d.data), d.version)
        }
        Entity::Task => {
            let t = store.task(id)?;
            let mut value = serde_json::to_value(&t.data);
            if let Ok(Value::Object(map)) = &mut value {
                map.insert("done".into(), Value::Bool(t.done_at.is_some()));
            }
            (value, t.version)
        }
        Entity::Activity => {
            let a = store.activity(id)?;
            (serde_json::to_value(&a.data), a.version)
        }
        Entity::Call => {
            let c = store.call(id)?;
            (serde_json::to_value(&c.data), c.version)
        }
        Entity::Rate
        | Entity::Goal
        | Entity::Notification
        | Entity::Message
        | Entity::Segment
        | Entity::Campaign => {
            return Err(crate::error::Error::invalid(format!(
                "{entity} is not a customer record; see `kariz rate list` and `kariz goal list`"
            )));
        }
        Entity::Case => {
            let k = store.case(id)?;
            (serde_json::to_value(&k.data), k.version)
        }
        Entity::Product | Entity::Quote | Entity::Order | Entity::Invoice | Entity::Payment => {
            return Err(crate::error::Error::invalid(format!(
                "{entity} is not a customer record; see docs/quotes.md"
            )));
        }
    };
    let (value, version) = pair;
    Ok((value.unwrap_or_default(), version))
}

/// One row of the conflict dialog: a field with the value the user
/// started from, the value someone else saved and the user's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    /// Field name.
    pub field: String,
    /// When the form opened (empty when not known).
    pub original: String,
    /// Stored now.
    pub theirs: String,
    /// This session's value.
    pub mine: String,
}

/// What the conflict dialog needs after `change` was refused with `err`:
/// the rows to show and the change that "keep mine" applies (only the
/// user's own fields, based on what is stored now).
pub fn conflict_details(
    store: &Store,
    change: Change,
    err: &Error,
) -> Result<(Change, Vec<ConflictRow>)> {
    if let Error::FieldConflict { fields, .. } = err {
        let names: Vec<String> = fields.iter().map(|f| f.field.clone()).collect();
        let rows = fields.iter().map(row).collect();
        return Ok((change.rebased(store, &names)?, rows));
    }
    let Some((entity, id)) = change.target() else {
        return Err(Error::invalid(err.to_string()));
    };
    let (theirs, actual) = stored_fields(store, entity, id)?;
    let mine = change.fields();
    let mut rows = Vec::new();
    if let (Some(mine), Some(theirs)) = (mine.as_object(), theirs.as_object()) {
        for (field, value) in mine {
            let stored = theirs.get(field).cloned().unwrap_or_default();
            if *value != stored {
                rows.push(ConflictRow {
                    field: field.clone(),
                    original: String::new(),
                    theirs: show(&stored),
                    mine: show(value),
                });
            }
        }
    }
    Ok((change.with_version(actual), rows))
}

fn row(f: &FieldConflict) -> ConflictRow {
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
    ConflictRow {
        field: f.field.clone(),
        original: text(&f.original),
        theirs: text(&f.theirs),
        mine: text(&f.mine),
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        Value::Object(map) if map.contains_key("value") => {
            map.get("value").map(show).unwrap_or_default()
        }
        other => other.to_string(),
    }
}

/// An edit's undo: the fields as they were, written field-level against
/// the record as this edit left it, so undoing twice, or after someone
/// else changed other fields, works, and undoing over someone else's
/// change of the same field is a conflict.
fn undo_edit<T: Clone>(
    id: i64,
    before: T,
    after: T,
    make: impl FnOnce(Option<(i64, Option<i64>)>, Option<Box<T>>, Box<T>) -> Change,
) -> Change {
    make(Some((id, None)), Some(Box::new(after)), Box::new(before))
}

/// Writes an edit: field-level when the original is known, else checked
/// against the version seen (or whatever is current).
macro_rules! edit {
    ($w:ident, $id:expr, $version:expr, $original:expr, $data:expr, $get:ident, $patch:ident, $update:ident) => {{
        let before = $w.$get($id)?;
        match $original {
            Some(original) => $w.$patch($id, original, &$data)?,
            None => $w.$update($id, $version.unwrap_or(before.version), $data)?,
        }
        (before.data, $w.$get($id)?.data)
    }};
}

/// What a written change touched, and how to undo it (none for a merge).
type Written = (Entity, i64, Option<Change>);

/// The writer every step below writes through.
type W<'a, 'c> = &'a mut crate::store::Writer<'c>;

/// Writes the change in one transaction and works out its inverse there,
/// from the record as this transaction left it (not read again after the
/// commit, when someone else may already have changed it).
pub fn apply(store: &mut Store, now: DateTime<Utc>, change: &Change) -> Result<Applied> {
    let (entity, id, inverse) = store.write(now, |w| write(w, change))?;
    Ok(Applied {
        entity,
        id,
        inverse,
    })
}

/// Writes every change of a batch in this transaction; its inverse is
/// the batch of their inverses, newest first.
fn batch(w: W<'_, '_>, changes: &[Change]) -> Result<Written> {
    let mut inverses = Vec::new();
    let mut first = None;
    for change in changes {
        let (entity, id, inverse) = write(w, change)?;
        first.get_or_insert((entity, id));
        inverses.extend(inverse);
    }
    inverses.reverse();
    let (entity, id) = first.unwrap_or((Entity::Person, 0));
    Ok((entity, id, Some(Change::Batch(inverses))))
}

/// Writes one change inside the open transaction: one step per kind.
fn write(w: W<'_, '_>, change: &Change) -> Result<Written> {
    match change {
        Change::Batch(changes) => batch(w, changes),
        Change::TaskDone { id, version, done } => task_done(w, *id, *version, *done),
        Change::TaskDue { id, version, due } => task_due(w, *id, *version, *due),
        Change::MoveDeal {
            id,
            version,
            stage,
            lost_reason,
        } => move_deal(w, *id, *version, stage, lost_reason.clone()),
        Change::Person {
            target,
            original,
            data,
            new_company,
        } => person(
            w,
            *target,
            original.as_deref(),
            data,
            new_company.as_deref(),
        ),
        Change::Company {
            target,
            original,
            data,
        } => company(w, *target, original.as_deref(), data),
        Change::Deal {
            target,
            original,
            data,
        } => deal(w, *target, original.as_deref(), data),
        Change::Task {
            target,
            original,
            data,
            only_this,
        } => task(w, *target, original.as_deref(), data, *only_this),
        Change::Activity {
            target,
            original,
            data,
        } => activity(w, *target, original.as_deref(), data),
        Change::Tags {
            entity,
            id,
            add,
            remove,
        } => tags(w, *entity, *id, add, remove),
        Change::Merge {
            entity,
            keep,
            other,
        } => {
            merge(w, *entity, *keep, *other)?;
            Ok((*entity, *keep, None))
        }
        Change::Restore(record) => {
            w.restore(record)?;
            let (entity, id) = record.target();
            Ok((entity, id, Some(delete(w, entity, id)?)))
        }
        Change::Delete {
            entity,
            id,
            version,
        } => delete_record(w, *entity, *id, *version),
        Change::SetOwner { entity, id, owner } => set_owner(w, *entity, *id, owner.clone()),
        Change::Case(change) => super::cases::write(w, change),
        Change::Quote(change) => super::quotes::write(w, change),
    }
}

/// Gives a record an owner field-level: the record is read inside this
/// transaction and only its owner changes, so whatever someone else saved
/// in its other fields meanwhile stays. The undo puts the old owner back
/// field-level too.
fn set_owner(w: W<'_, '_>, entity: Entity, id: i64, owner: Option<String>) -> Result<Written> {
    let undo = match entity {
        Entity::Person => {
            let before = w.person(id)?.data;
            let mine = PersonData {
                owner,
                ..before.clone()
            };
            w.patch_person(id, &before, &mine)?;
            let after = w.person(id)?.data;
            undo_edit(id, before, after, |target, original, data| Change::Person {
                target,
                original,
                data,
                new_company: None,
            })
        }
        Entity::Company => {
            let before = w.company(id)?.data;
            let mine = CompanyData {
                owner,
                ..before.clone()
            };
            w.patch_company(id, &before, &mine)?;
            let after = w.company(id)?.data;
            undo_edit(id, before, after, |target, original, data| {
                Change::Company {
                    target,
                    original,
                    data,
                }
            })
        }
        Entity::Deal => {
            let before = w.deal(id)?.data;
            let mine = DealData {
                owner,
                ..before.clone()
            };
            w.patch_deal(id, &before, &mine)?;
            let after = w.deal(id)?.data;
            undo_edit(id, before, after, |target, original, data| Change::Deal {
                target,
                original,
                data,
            })
        }
        other => {
            return Err(Error::invalid(format!(
                "{other} records have no owner to give"
            )));
        }
    };
    Ok((entity, id, Some(undo)))
}

fn task_done(w: W<'_, '_>, id: i64, version: Option<i64>, done: bool) -> Result<Written> {
    if done {
        w.complete_task(id, version)?;
    } else {
        w.reopen_task(id, version)?;
    }
    // No version: marking done/open again checks the state itself
    // ("already done"), so later edits of other fields do not block this
    // undo.
    let undo = Change::TaskDone {
        id,
        version: None,
        done: !done,
    };
    Ok((Entity::Task, id, Some(undo)))
}

fn task_due(
    w: W<'_, '_>,
    id: i64,
    version: Option<i64>,
    due: Option<NaiveDate>,
) -> Result<Written> {
    let task = w.task(id)?;
    let mut data = task.data.clone();
    data.due_date = due;
    w.update_task(id, version.unwrap_or(task.version), data)?;
    let after = w.task(id)?.data;
    let undo = undo_edit(id, task.data, after, |target, original, data| {
        Change::Task {
            target,
            original,
            data,
            only_this: false,
        }
    });
    Ok((Entity::Task, id, Some(undo)))
}

fn move_deal(
    w: W<'_, '_>,
    id: i64,
    version: Option<i64>,
    stage: &str,
    lost_reason: Option<String>,
) -> Result<Written> {
    let deal = w.deal(id)?;
    w.move_deal(id, version, stage, lost_reason)?;
    let after = w.deal(id)?.data;
    let undo = undo_edit(id, deal.data, after, |target, original, data| {
        Change::Deal {
            target,
            original,
            data,
        }
    });
    Ok((Entity::Deal, id, Some(undo)))
}

/// Where an add or edit goes: `None` adds, else (id, version seen).
type Target = Option<(i64, Option<i64>)>;

fn person(
    w: W<'_, '_>,
    target: Target,
    original: Option<&PersonData>,
    data: &PersonData,
    new_company: Option<&str>,
) -> Result<Written> {
    let mut data = data.clone();
    if let Some(name) = new_company {
        data.company_id = Some(w.find_or_create_company(name)?);
    }
    let Some((id, version)) = target else {
        let id = w.add_person(data)?;
        return Ok((Entity::Person, id, Some(delete(w, Entity::Person, id)?)));
    };
    let (before, after) = edit!(
        w,
        id,
        version,
        original,
        data,
        person,
        patch_person,
        update_person
    );
    let undo = undo_edit(id, before, after, |target, original, data| Change::Person {
        target,
        original,
        data,
        new_company: None,
    });
    Ok((Entity::Person, id, Some(undo)))
}

fn company(
    w: W<'_, '_>,
    target: Target,
    original: Option<&CompanyData>,
    data: &CompanyData,
) -> Result<Written> {
    let data = data.clone();
    let Some((id, version)) = target else {
        let id = w.add_company(data)?;
        return Ok((Entity::Company, id, Some(delete(w, Entity::Company, id)?)));
    };
    let (before, after) = edit!(
        w,
        id,
        version,
        original,
        data,
        company,
        patch_company,
        update_company
    );
    let undo = undo_edit(id, before, after, |target, original, data| {
        Change::Company {
            target,
            original,
            data,
        }
    });
    Ok((Entity::Company, id, Some(undo)))
}

fn deal(
    w: W<'_, '_>,
    target: Target,
    original: Option<&DealData>,
    data: &DealData,
) -> Result<Written> {
    let data = data.clone();
    let Some((id, version)) = target else {
        let id = w.add_deal(data)?;
        return Ok((Entity::Deal, id, Some(delete(w, Entity::Deal, id)?)));
    };
    let (before, after) = edit!(
        w,
        id,
        version,
        original,
        data,
        deal,
        patch_deal,
        update_deal
    );
    let undo = undo_edit(id, before, after, |target, original, data| Change::Deal {
        target,
        original,
        data,
    });
    Ok((Entity::Deal, id, Some(undo)))
}

fn task(
    w: W<'_, '_>,
    target: Target,
    original: Option<&TaskData>,
    data: &TaskData,
    only_this: bool,
) -> Result<Written> {
    let data = data.clone();
    let Some((id, version)) = target else {
        let id = w.add_task(data)?;
        return Ok((Entity::Task, id, Some(delete(w, Entity::Task, id)?)));
    };
    let mut edited = None;
    let save = |w: &mut crate::store::Writer| -> Result<()> {
        edited = Some(edit!(
            w,
            id,
            version,
            original,
            data,
            task,
            patch_task,
            update_task
        ));
        Ok(())
    };
    if only_this {
        w.edit_only_this(id, save)?;
    } else {
        save(w)?;
    }
    let Some((before, after)) = edited else {
        return Err(crate::error::Error::invalid(format!(
            "task {id} was not saved"
        )));
    };
    let undo = undo_edit(id, before, after, |target, original, data| Change::Task {
        target,
        original,
        data,
        only_this: false,
    });
    Ok((Entity::Task, id, Some(undo)))
}

fn activity(
    w: W<'_, '_>,
    target: Target,
    original: Option<&ActivityData>,
    data: &ActivityData,
) -> Result<Written> {
    let data = data.clone();
    let Some((id, version)) = target else {
        let id = w.add_activity(data)?;
        return Ok((Entity::Activity, id, Some(delete(w, Entity::Activity, id)?)));
    };
    let (before, after) = edit!(
        w,
        id,
        version,
        original,
        data,
        activity,
        patch_activity,
        update_activity
    );
    let undo = undo_edit(id, before, after, |target, original, data| {
        Change::Activity {
            target,
            original,
            data,
        }
    });
    Ok((Entity::Activity, id, Some(undo)))
}

fn tags(
    w: W<'_, '_>,
    entity: Entity,
    id: i64,
    add: &[String],
    remove: &[String],
) -> Result<Written> {
    let before = tags_of(w, entity, id)?;
    let after = w.change_tags(entity, id, add, remove)?;
    // Undo takes back only what this change really did.
    let undo = Change::Tags {
        entity,
        id,
        add: crate::model::patch::added(&after, &before),
        remove: crate::model::patch::added(&before, &after),
    };
    Ok((entity, id, Some(undo)))
}

/// A delete, whose undo restores the record as it was removed.
fn delete_record(w: W<'_, '_>, entity: Entity, id: i64, version: Option<i64>) -> Result<Written> {
    let removed = w.removed(entity, id)?;
    match entity {
        Entity::Person => w.delete_person(id, version, false)?,
        Entity::Company => w.delete_company(id, version, false)?,
        Entity::Deal => w.delete_deal(id, version, false)?,
        Entity::Task => w.delete_task(id, version)?,
        Entity::Activity => w.delete_activity(id, version)?,
        // `removed` above refuses cases: they are closed, not deleted.
        Entity::Case => {}
        // `removed` above already refused: calls are kept.
        Entity::Call => {}
        // `removed` above refused these too.
        Entity::Product | Entity::Quote | Entity::Order | Entity::Invoice | Entity::Payment => {}
        Entity::Rate
        | Entity::Goal
        | Entity::Notification
        | Entity::Message
        | Entity::Segment
        | Entity::Campaign => {
            return Err(crate::error::Error::invalid(format!(
                "{entity} is not a customer record; see `kariz rate list` and `kariz goal list`"
            )));
        }
    }
    Ok((entity, id, Some(Change::Restore(Box::new(removed)))))
}

/// The undo of an add: delete at the version just written, read inside
/// the adding transaction, so a later edit by anyone makes the undo ask.
pub(super) fn delete(w: &crate::store::Writer<'_>, entity: Entity, id: i64) -> Result<Change> {
    let version = match w.removed(entity, id)? {
        Removed::Person(p) => p.version,
        Removed::Company(c) => c.version,
        Removed::Deal(d, _) => d.version,
        Removed::Task(t) => t.version,
        Removed::Activity(a) => a.version,
    };
    Ok(Change::Delete {
        entity,
        id,
        version: Some(version),
    })
}

fn tags_of(w: &crate::store::Writer<'_>, entity: Entity, id: i64) -> Result<Vec<String>> {
    Ok(match entity {
        Entity::Person => w.person(id)?.data.tags,
        Entity::Company => w.company(id)?.data.tags,
        Entity::Deal => w.deal(id)?.data.tags,
        Entity::Case => w.case(id)?.data.tags,
        Entity::Task
        | Entity::Activity
        | Entity::Rate
        | Entity::Goal
        | Entity::Notification
        | Entity::Message
        | Entity::Segment
        | Entity::Campaign
        | Entity::Call => Vec::new(),
        Entity::Product | Entity::Quote | Entity::Order | Entity::Invoice | Entity::Payment => {
            Vec::new()
        }
    })
}

/// Merges `other` into `keep` at their current versions (the user just
/// confirmed looking at both), keeping every link; see `kariz merge`.
fn merge(w: &mut crate::store::Writer<'_>, entity: Entity, keep: i64, other: i64) -> Result<()> {
    let versions = match entity {
        Entity::Company => crate::store::MergeVersions {
            keep: w.company(keep)?.version,
            other: w.company(other)?.version,
        },
        _ => crate::store::MergeVersions {
            keep: w.person(keep)?.version,
            other: w.person(other)?.version,
        },
    };
    w.merge(entity, keep, other, versions).map(|_| ())
}

/// Whether an error is a version or field conflict.
pub fn is_conflict(err: &Error) -> bool {
    err.is_conflict()
}
