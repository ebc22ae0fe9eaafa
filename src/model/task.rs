//! Tasks and reminders: what someone has to do, and when.

use super::snapshot::{self, Snapshot};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

/// How urgent a task is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Can wait.
    Low,
    /// The default.
    #[default]
    Normal,
    /// Do first.
    High,
}

impl Priority {
    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
        }
    }

    /// Parses `low`, `normal` or `high`.
    pub fn parse(text: &str) -> Result<Priority, crate::model::input_error::InputError> {
        match text.trim().to_lowercase().as_str() {
            "low" => Ok(Priority::Low),
            "normal" | "" => Ok(Priority::Normal),
            "high" => Ok(Priority::High),
            other => Err(crate::model::input_error::InputError::Priority {
                input: other.to_owned(),
            }),
        }
    }
}

/// The editable fields of a task.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TaskData {
    /// What to do.
    pub title: String,
    /// The day it is due.
    pub due_date: Option<NaiveDate>,
    /// Optional time of day (local).
    pub due_time: Option<NaiveTime>,
    /// How urgent.
    pub priority: Priority,
    /// Linked person.
    pub person_id: Option<i64>,
    /// Linked company.
    pub company_id: Option<i64>,
    /// Linked deal.
    pub deal_id: Option<i64>,
    /// Who has to do it.
    pub owner: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// The repeat rule (calendar/recurrence.rs), stored anchored to the due
    /// date in its canonical text; completing the task creates the next.
    pub repeat: Option<String>,
    /// Minutes before it is due that `kariz remind` reminds its owner
    /// (`None`: when it is due).
    pub remind: Option<u32>,
}

impl TaskData {
    /// Whether going from `self` to `after` changes what the next
    /// occurrence of a repeating task copies (title, time, priority, owner,
    /// notes): the edits for which "this one or all" must be asked.
    #[must_use]
    pub fn changes_series(&self, after: &TaskData) -> bool {
        self.repeat.is_some() && self.series_fields() != after.series_fields()
    }

    #[allow(clippy::type_complexity)]
    fn series_fields(
        &self,
    ) -> (
        &str,
        Option<NaiveTime>,
        Priority,
        Option<&str>,
        Option<&str>,
    ) {
        (
            &self.title,
            self.due_time,
            self.priority,
            self.owner.as_deref(),
            self.notes.as_deref(),
        )
    }

    /// Checks and normalises the fields.
    pub fn validate(&mut self) -> Result<(), String> {
        self.title = self.title.trim().to_string();
        if self.title.is_empty() {
            return Err("a task needs a title".into());
        }
        use super::limits::{
            MAX_LINE, MAX_NAME, MAX_TEXT, check_line, check_opt_line, check_opt_text,
        };
        check_line("the title", &self.title, MAX_NAME)?;
        check_opt_line("the owner", &self.owner, MAX_LINE)?;
        check_opt_text("the notes", &self.notes, MAX_TEXT)?;
        if self.due_time.is_some() && self.due_date.is_none() {
            return Err("a due time needs a due date".into());
        }
        if self.repeat.is_some() && self.due_date.is_none() {
            return Err("a repeating task needs a due date to count from".into());
        }
        Ok(())
    }
}

impl Snapshot for TaskData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("title", Some(self.title.clone())),
            ("due_date", snapshot::opt(&self.due_date)),
            (
                "due_time",
                self.due_time.map(|t| t.format("%H:%M").to_string()),
            ),
            ("priority", Some(self.priority.as_str().to_string())),
            ("person_id", snapshot::opt(&self.person_id)),
            ("company_id", snapshot::opt(&self.company_id)),
            ("deal_id", snapshot::opt(&self.deal_id)),
            ("owner", self.owner.clone()),
            ("notes", self.notes.clone()),
            ("repeat", self.repeat.clone()),
            ("remind", snapshot::opt(&self.remind)),
        ]
    }
}

/// A stored task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    /// Database id.
    pub id: i64,
    /// Editable fields.
    #[serde(flatten)]
    pub data: TaskData,
    /// When it was marked done (UTC); `None` while open.
    pub done_at: Option<DateTime<Utc>>,
    /// Name of the linked person, for display.
    pub person: Option<String>,
    /// Name of the linked company, for display.
    pub company: Option<String>,
    /// Title of the linked deal, for display.
    pub deal: Option<String>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version; bumps on every change.
    pub version: i64,
}

impl Task {
    /// Open and due before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.done_at.is_none() && self.data.due_date.is_some_and(|d| d < today)
    }
}
