//! Repeating tasks: the next occurrence when one is done, its removal when
//! that is undone, and edits of "this one only".
//!
//! When a repeating task is completed, the next occurrence is created in the
//! same transaction: the task's title, time, priority, owner, notes and
//! links, due on the rule's next date. It falls after both the completed
//! occurrence's due date and yesterday (UTC), so a task completed late comes
//! back once, in the future, instead of piling up missed occurrences.

use super::db::{OptionalExtension, params};
use super::{Writer, tasks};
use crate::calendar::recurrence::Recurrence;
use crate::error::{Error, Result};
use crate::model::{Entity, Priority, Task, TaskData};
use crate::vocab::Calendar;
use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// Checks a task's repeat rule and stores it in canonical form, anchored to
/// the due date (a monthly task first due on the 31st stays on the 31st).
pub(super) fn canonicalize(data: &mut TaskData, calendar: Calendar) -> Result<()> {
    let (Some(text), Some(due)) = (data.repeat.as_deref(), data.due_date) else {
        return Ok(());
    };
    let rule = Recurrence::parse(text, calendar).map_err(Error::Invalid)?;
    data.repeat = Some(rule.anchored(due).to_string());
    Ok(())
}

/// The fields the next occurrence takes when this one was edited "this one
/// only": the series' values from before that edit.
/// They are [`TaskData::changes_series`]'s fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct NextTemplate {
    title: String,
    due_time: Option<NaiveTime>,
    priority: String,
    owner: Option<String>,
    notes: Option<String>,
}

impl NextTemplate {
    fn of(data: &TaskData) -> NextTemplate {
        NextTemplate {
            title: data.title.clone(),
            due_time: data.due_time,
            priority: data.priority.as_str().to_string(),
            owner: data.owner.clone(),
            notes: data.notes.clone(),
        }
    }

    fn apply(&self, data: &mut TaskData) {
        data.title.clone_from(&self.title);
        data.due_time = self.due_time;
        data.priority = Priority::parse(&self.priority).unwrap_or_default();
        data.owner.clone_from(&self.owner);
        data.notes.clone_from(&self.notes);
    }
}

/// The date a repeating occurrence due on `due` comes round next, done at
/// `now_day` (UTC).
pub fn next_due(rule: &Recurrence, due: NaiveDate, now_day: NaiveDate) -> Option<NaiveDate> {
    let yesterday = now_day.checked_sub_days(Days::new(1)).unwrap_or(now_day);
    rule.next_after(due, due.max(yesterday))
}

impl Writer<'_> {
    /// After `task` was marked done: creates its next occurrence when it
    /// repeats. Returns the new task's id.
    pub(super) fn create_next_occurrence(&mut self, task: &Task) -> Result<Option<i64>> {
        let (Some(text), Some(due)) = (task.data.repeat.as_deref(), task.data.due_date) else {
            return Ok(None);
        };
        let rule = Recurrence::parse(text, self.config.display.calendar).map_err(Error::Invalid)?;
        let Some(next) = next_due(&rule, due, self.now.date_naive()) else {
            return Ok(None);
        };
        let mut data = task.data.clone();
        data.due_date = Some(next);
        if let Some(template) = self.next_template(task.id)? {
            template.apply(&mut data);
        }
        let id = self.add_task(data)?;
        let (series, _) = self.series_of(task.id)?;
        self.conn().execute(
            "UPDATE tasks SET series_id = ?1, follows_id = ?2 WHERE id = ?3",
            params![series.unwrap_or(task.id), task.id, id],
        )?;
        Ok(Some(id))
    }

    /// After `id` was reopened: removes the occurrence its completion
    /// created, unless someone has changed or completed it since.
    pub(super) fn drop_untouched_next(&mut self, id: i64) -> Result<()> {
        let next: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM tasks
                 WHERE follows_id = ?1 AND version = 1 AND done_at IS NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(next) = next {
            self.delete_task(next, Some(1))?;
        }
        Ok(())
    }

    /// Runs `edit` on occurrence `id` as a change of this occurrence only:
    /// the next occurrence keeps the values from before the edit (or from
    /// before an earlier "this one only" edit). A change to the rule itself
    /// still applies to the series.
    pub fn edit_only_this<F>(&mut self, id: i64, edit: F) -> Result<()>
    where
        F: FnOnce(&mut Self) -> Result<()>,
    {
        let before = tasks::get(self.conn(), id)?;
        let earlier = self.next_template(id)?;
        // An edit clears the template (it is an edit of the series).
        edit(self)?;
        if before.data.repeat.is_some() {
            let template = earlier.unwrap_or_else(|| NextTemplate::of(&before.data));
            let json = serde_json::to_string(&template)
                .map_err(|e| Error::invalid(format!("task {id}: {e}")))?;
            self.conn().execute(
                "UPDATE tasks SET next_template = ?1 WHERE id = ?2",
                params![json, id],
            )?;
        }
        Ok(())
    }

    /// The fields the next occurrence of `id` takes, when it was edited
    /// "this one only".
    fn next_template(&self, id: i64) -> Result<Option<NextTemplate>> {
        let text: Option<String> =
            self.conn()
                .query_row("SELECT next_template FROM tasks WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// The series and predecessor of a task.
    fn series_of(&self, id: i64) -> Result<(Option<i64>, Option<i64>)> {
        super::found(
            self.conn().query_row(
                "SELECT series_id, follows_id FROM tasks WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            ),
            Entity::Task,
            id,
        )
    }
}
