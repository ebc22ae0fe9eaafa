//! The support desk as front-ends see it: the queue (cases with their SLA
//! clocks, filtered and in the one queue order) and a case page (the case,
//! its clocks, status history and timeline). `kariz case` uses these; the
//! TUI's Cases view is meant to as well, so both show the same order.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::Result;
use crate::model::{Activity, Case, StatusMove};
use crate::sla::{self, CaseSla};
use crate::store::{CaseFilter, Store};

/// Which cases the queue shows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Only this status.
    pub status: Option<String>,
    /// Only those assigned to this login.
    pub assignee: Option<String>,
    /// Only those nobody is assigned to.
    pub unassigned: bool,
    /// Closed cases too.
    pub include_closed: bool,
    /// Only those with an open clock past its target.
    pub breached: bool,
    /// Only those not breached with a running clock that has at most this
    /// many business minutes left (breached ones are `breached`'s).
    pub due_within_minutes: Option<u32>,
}

/// One case in the queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    /// The case.
    #[serde(flatten)]
    pub case: Case,
    /// Its clocks at the time of reading.
    pub sla: CaseSla,
}

/// The queue at `now`: breached first, then least business time left,
/// paused cases after running ones, finished ones last.
pub fn queue(store: &Store, filter: &QueueFilter, now: DateTime<Utc>) -> Result<Vec<QueueItem>> {
    let cases = store.cases(&CaseFilter {
        status: filter.status.clone(),
        assignee: filter.assignee.clone(),
        unassigned: filter.unassigned,
        include_closed: filter.include_closed,
        ..CaseFilter::default()
    })?;
    let support = &store.config().support;
    let mut items = Vec::with_capacity(cases.len());
    for case in cases {
        let history = store.case_history(case.id)?;
        let sla = sla::assess(&case, &history, support, now);
        if filter.breached && !sla.breached() {
            continue;
        }
        if let Some(minutes) = filter.due_within_minutes
            && !due_within(&sla, minutes)
        {
            continue;
        }
        items.push(QueueItem { case, sla });
    }
    sla::sort_queue(&mut items, |item| &item.sla);
    Ok(items)
}

fn due_within(sla: &CaseSla, minutes: u32) -> bool {
    !sla.breached()
        && [sla.first_response, sla.resolution].iter().any(|c| {
            c.is_open()
                && !c.paused
                && c.left_seconds > 0
                && c.left_seconds <= i64::from(minutes) * 60
        })
}

/// Everything a case page shows.
#[derive(Debug, Clone, Serialize)]
pub struct CasePage {
    /// The case.
    pub case: Case,
    /// Its clocks at the time of reading.
    pub sla: CaseSla,
    /// Every status it entered, oldest first.
    pub history: Vec<StatusMove>,
    /// The activities logged on it, newest first.
    pub timeline: Vec<Activity>,
}

/// The page of case `id` at `now`.
pub fn case_page(store: &Store, id: i64, now: DateTime<Utc>) -> Result<CasePage> {
    let case = store.case(id)?;
    let history = store.case_history(id)?;
    let sla = sla::assess(&case, &history, &store.config().support, now);
    let timeline = store.case_activities(id)?;
    Ok(CasePage {
        case,
        sla,
        history,
        timeline,
    })
}
