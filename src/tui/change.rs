//! Changes the TUI makes to the database, each with the change that takes
//! it back (for `u`). Applying goes through the store's writer, so version
//! checks and the change log are the same as for the CLI.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{ActivityData, CompanyData, DealData, Entity, PersonData, TaskData};
use crate::store::Store;

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
        /// The fields.
        data: Box<PersonData>,
        /// A company typed but not picked: found by name or created.
        new_company: Option<String>,
    },
    /// Add or replace a company.
    Company {
        /// Existing id and version seen, or `None` to add.
        target: Option<(i64, Option<i64>)>,
        /// The fields.
        data: Box<CompanyData>,
    },
    /// Add or replace a deal.
    Deal {
        /// Existing id and version seen, or `None` to add.
        target: Option<(i64, Option<i64>)>,
        /// The fields.
        data: Box<DealData>,
    },
    /// Add or replace a task.
    Task {
        /// Existing id and version seen, or `None` to add.
        target: Option<(i64, Option<i64>)>,
        /// The fields.
        data: Box<TaskData>,
    },
    /// Add or replace an activity.
    Activity {
        /// Existing id and version seen, or `None` to add.
        target: Option<(i64, Option<i64>)>,
        /// The fields.
        data: Box<ActivityData>,
    },
    /// Replace the tags of a person or company.
    Tags {
        /// Person or company.
        entity: Entity,
        /// Id.
        id: i64,
        /// The new tags.
        tags: Vec<String>,
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
            Change::Delete { entity, id, .. } | Change::Tags { entity, id, .. } => {
                Some((*entity, *id))
            }
            Change::Merge { entity, keep, .. } => Some((*entity, *keep)),
        }
    }

    /// The same change based on `version` (to overwrite after a conflict).
    pub fn with_version(mut self, new: i64) -> Change {
        match &mut self {
            Change::TaskDone { version, .. }
            | Change::TaskDue { version, .. }
            | Change::MoveDeal { version, .. }
            | Change::Delete { version, .. } => *version = Some(new),
            Change::Tags { .. } | Change::Merge { .. } => {}
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
    /// stored when a conflict happens.
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
            Change::Tags { tags, .. } => serde_json::json!({ "tags": tags }),
            Change::Merge { other, .. } => serde_json::json!({ "merged_from": other }),
        }
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
    };
    let (value, version) = pair;
    Ok((value.unwrap_or_default(), version))
}

fn version_of(store: &Store, entity: Entity, id: i64) -> Option<i64> {
    stored_fields(store, entity, id).ok().map(|(_, v)| v)
}

/// Writes the change in one transaction and works out its inverse.
pub fn apply(store: &mut Store, now: DateTime<Utc>, change: &Change) -> Result<Applied> {
    let (entity, id, inverse) = store.write(now, |w| -> Result<(Entity, i64, Option<Change>)> {
        Ok(match change {
            Change::TaskDone { id, version, done } => {
                if *done {
                    w.complete_task(*id, *version)?;
                } else {
                    w.reopen_task(*id, *version)?;
                }
                let undo = Change::TaskDone {
                    id: *id,
                    version: None,
                    done: !done,
                };
                (Entity::Task, *id, Some(undo))
            }
            Change::TaskDue { id, version, due } => {
                let task = w.task(*id)?;
                let old = task.data.due_date;
                let mut data = task.data;
                data.due_date = *due;
                w.update_task(*id, version.unwrap_or(task.version), data)?;
                let undo = Change::TaskDue {
                    id: *id,
                    version: None,
                    due: old,
                };
                (Entity::Task, *id, Some(undo))
            }
            Change::MoveDeal {
                id,
                version,
                stage,
                lost_reason,
            } => {
                let deal = w.deal(*id)?;
                w.move_deal(*id, *version, stage, lost_reason.clone())?;
                let undo = Change::MoveDeal {
                    id: *id,
                    version: None,
                    stage: deal.data.stage,
                    lost_reason: deal.data.lost_reason,
                };
                (Entity::Deal, *id, Some(undo))
            }
            Change::Person {
                target,
                data,
                new_company,
            } => match target {
                None => {
                    let mut data = (**data).clone();
                    if let Some(name) = new_company {
                        data.company_id = Some(w.find_or_create_company(name)?);
                    }
                    let id = w.add_person(data)?;
                    (Entity::Person, id, Some(delete(Entity::Person, id)))
                }
                Some((id, version)) => {
                    let before = w.person(*id)?;
                    let mut data = (**data).clone();
                    if let Some(name) = new_company {
                        data.company_id = Some(w.find_or_create_company(name)?);
                    }
                    w.update_person(*id, version.unwrap_or(before.version), data)?;
                    let undo = Change::Person {
                        target: Some((*id, None)),
                        data: Box::new(before.data),
                        new_company: None,
                    };
                    (Entity::Person, *id, Some(undo))
                }
            },
            Change::Company { target, data } => match target {
                None => {
                    let id = w.add_company((**data).clone())?;
                    (Entity::Company, id, Some(delete(Entity::Company, id)))
                }
                Some((id, version)) => {
                    let before = w.company(*id)?;
                    w.update_company(*id, version.unwrap_or(before.version), (**data).clone())?;
                    let undo = Change::Company {
                        target: Some((*id, None)),
                        data: Box::new(before.data),
                    };
                    (Entity::Company, *id, Some(undo))
                }
            },
            Change::Deal { target, data } => match target {
                None => {
                    let id = w.add_deal((**data).clone())?;
                    (Entity::Deal, id, Some(delete(Entity::Deal, id)))
                }
                Some((id, version)) => {
                    let before = w.deal(*id)?;
                    w.update_deal(*id, version.unwrap_or(before.version), (**data).clone())?;
                    let undo = Change::Deal {
                        target: Some((*id, None)),
                        data: Box::new(before.data),
                    };
                    (Entity::Deal, *id, Some(undo))
                }
            },
            Change::Task { target, data } => match target {
                None => {
                    let id = w.add_task((**data).clone())?;
                    (Entity::Task, id, Some(delete(Entity::Task, id)))
                }
                Some((id, version)) => {
                    let before = w.task(*id)?;
                    w.update_task(*id, version.unwrap_or(before.version), (**data).clone())?;
                    let undo = Change::Task {
                        target: Some((*id, None)),
                        data: Box::new(before.data),
                    };
                    (Entity::Task, *id, Some(undo))
                }
            },
            Change::Activity { target, data } => match target {
                None => {
                    let id = w.add_activity((**data).clone())?;
                    (Entity::Activity, id, Some(delete(Entity::Activity, id)))
                }
                Some((id, version)) => {
                    let before = w.activity(*id)?;
                    w.update_activity(*id, version.unwrap_or(before.version), (**data).clone())?;
                    let undo = Change::Activity {
                        target: Some((*id, None)),
                        data: Box::new(before.data),
                    };
                    (Entity::Activity, *id, Some(undo))
                }
            },
            Change::Tags { entity, id, tags } => {
                let old = match entity {
                    Entity::Company => {
                        let c = w.company(*id)?;
                        let mut data = c.data.clone();
                        data.tags.clone_from(tags);
                        w.update_company(*id, c.version, data)?;
                        c.data.tags
                    }
                    _ => {
                        let p = w.person(*id)?;
                        let mut data = p.data.clone();
                        data.tags.clone_from(tags);
                        w.update_person(*id, p.version, data)?;
                        p.data.tags
                    }
                };
                let undo = Change::Tags {
                    entity: *entity,
                    id: *id,
                    tags: old,
                };
                (*entity, *id, Some(undo))
            }
            Change::Merge {
                entity,
                keep,
                other,
            } => {
                merge(w, *entity, *keep, *other)?;
                (*entity, *keep, None)
            }
            Change::Delete {
                entity,
                id,
                version,
            } => {
                let undo = deleted_record(w, *entity, *id)?;
                match entity {
                    Entity::Person => w.delete_person(*id, *version, false)?,
                    Entity::Company => w.delete_company(*id, *version, false)?,
                    Entity::Deal => w.delete_deal(*id, *version, false)?,
                    Entity::Task => w.delete_task(*id, *version)?,
                    Entity::Activity => w.delete_activity(*id, *version)?,
                }
                (*entity, *id, Some(undo))
            }
        })
    })?;
    // Base the inverse on the version just written, so undoing after
    // someone else changed the record is a conflict, not an overwrite.
    let inverse = inverse.map(|undo| match undo.target() {
        Some((e, i)) => match version_of(store, e, i) {
            Some(v) => undo.with_version(v),
            None => undo,
        },
        None => undo,
    });
    Ok(Applied {
        entity,
        id,
        inverse,
    })
}

fn delete(entity: Entity, id: i64) -> Change {
    Change::Delete {
        entity,
        id,
        version: None,
    }
}

/// The add that brings a deleted record back (with a new id).
fn deleted_record(w: &crate::store::Writer<'_>, entity: Entity, id: i64) -> Result<Change> {
    Ok(match entity {
        Entity::Person => Change::Person {
            target: None,
            data: Box::new(w.person(id)?.data),
            new_company: None,
        },
        Entity::Company => Change::Company {
            target: None,
            data: Box::new(w.company(id)?.data),
        },
        Entity::Deal => Change::Deal {
            target: None,
            data: Box::new(w.deal(id)?.data),
        },
        Entity::Task => Change::Task {
            target: None,
            data: Box::new(w.task(id)?.data),
        },
        Entity::Activity => Change::Activity {
            target: None,
            data: Box::new(w.activity(id)?.data),
        },
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

/// Whether an error is a version conflict.
pub fn is_conflict(err: &Error) -> bool {
    matches!(err, Error::Conflict { .. })
}
