//! Activities and tasks per owner and week (docs/reports.md#activity).

use super::{Scope, label};
use crate::error::Result;
use crate::store::{DoneTask, Store};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// One owner's week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActivityWeek {
    /// The owner (activity author, task owner).
    pub owner: String,
    /// First day of the week.
    pub week: NaiveDate,
    /// Incoming calls.
    pub calls_in: i64,
    /// Outgoing calls.
    pub calls_out: i64,
    /// Missed calls.
    pub calls_missed: i64,
    /// E-mails.
    pub emails: i64,
    /// Meetings.
    pub meetings: i64,
    /// Notes.
    pub notes: i64,
    /// Complaints.
    pub complaints: i64,
    /// Text messages.
    pub sms: i64,
    /// Tasks done by their due date (or with none).
    pub tasks_on_time: i64,
    /// Tasks done after their due date.
    pub tasks_late: i64,
}

/// Tasks still overdue per owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overdue {
    /// The owner.
    pub owner: String,
    /// Open tasks due before today.
    pub tasks_overdue: i64,
}

/// The activity report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityReport {
    /// By owner, then week.
    pub weeks: Vec<ActivityWeek>,
    /// By owner.
    pub overdue: Vec<Overdue>,
}

/// The first day of the week holding `day`.
pub fn week_of(day: NaiveDate, scope: &Scope) -> NaiveDate {
    let back =
        (7 + day.weekday().num_days_from_monday() - scope.week_start.num_days_from_monday()) % 7;
    day.checked_sub_days(chrono::Days::new(u64::from(back)))
        .unwrap_or(day)
}

/// The report over activity counts (author, local day, kind, n), tasks
/// done in the period and overdue counts per owner.
pub fn compute(
    counts: &[(String, NaiveDate, String, i64)],
    done: &[DoneTask],
    overdue: &[(Option<String>, i64)],
    scope: &Scope,
) -> ActivityReport {
    let mut weeks: BTreeMap<(String, NaiveDate), ActivityWeek> = BTreeMap::new();
    fn slot(
        weeks: &mut BTreeMap<(String, NaiveDate), ActivityWeek>,
        owner: String,
        week: NaiveDate,
    ) -> &mut ActivityWeek {
        weeks
            .entry((owner.clone(), week))
            .or_insert_with(|| ActivityWeek {
                owner,
                week,
                ..ActivityWeek::default()
            })
    }
    for (author, day, kind, n) in counts {
        let row = slot(&mut weeks, label(Some(author)), week_of(*day, scope));
        let field = match kind.as_str() {
            "incoming_call" => &mut row.calls_in,
            "outgoing_call" => &mut row.calls_out,
            "missed_call" => &mut row.calls_missed,
            "email" => &mut row.emails,
            "meeting" => &mut row.meetings,
            "note" => &mut row.notes,
            "complaint" => &mut row.complaints,
            _ => &mut row.sms,
        };
        *field += n;
    }
    for task in done {
        let day = scope.local_day(task.done_at);
        let row = slot(
            &mut weeks,
            label(task.owner.as_deref()),
            week_of(day, scope),
        );
        if task.due_date.is_some_and(|due| day > due) {
            row.tasks_late += 1;
        } else {
            row.tasks_on_time += 1;
        }
    }
    ActivityReport {
        weeks: weeks.into_values().collect(),
        overdue: overdue
            .iter()
            .map(|(owner, n)| Overdue {
                owner: label(owner.as_deref()),
                tasks_overdue: *n,
            })
            .collect(),
    }
}

/// The report for a scope.
pub fn run(store: &Store, scope: &Scope) -> Result<ActivityReport> {
    let (from, to) = scope.utc_bounds();
    let owner = scope.filter.owner.as_deref();
    let counts = store.activity_counts(from, to, scope.offset_seconds, owner)?;
    let done = store.tasks_done(from, to, owner)?;
    let overdue = store.overdue_tasks(scope.today, owner)?;
    Ok(compute(&counts, &done, &overdue, scope))
}
