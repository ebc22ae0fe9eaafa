//! The SLA clocks of one case: how much business time each target has
//! used, when it is due, and whether it is on track, at risk, breached or
//! met. Pure: everything comes in as arguments.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::business_hours::BusinessCalendar;
use crate::config::SupportConfig;
use crate::model::StatusMove;

/// A stretch of time in one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// When the case entered the status.
    pub start: DateTime<Utc>,
    /// When it left; `None`: it is still there.
    pub end: Option<DateTime<Utc>>,
    /// Whether the SLA clocks run in it.
    pub runs: bool,
}

/// The spans of a status history (oldest first). A status the config no
/// longer has counts as running: a removed status must not hide a breach.
pub fn spans(history: &[StatusMove], support: &SupportConfig) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::with_capacity(history.len());
    for step in history {
        if let Some(last) = spans.last_mut() {
            last.end = Some(step.at);
        }
        let runs = support
            .status(&step.to_status)
            .is_none_or(|s| s.clock_runs());
        spans.push(Span {
            start: step.at,
            end: None,
            runs,
        });
    }
    spans
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    /// Less than the at-risk share of the target used.
    OnTrack,
    /// At least the at-risk share used, not yet all of it.
    AtRisk,
    /// The target has passed (or was missed).
    Breached,
    /// Done within the target.
    Met,
}

impl SlaState {
    /// The JSON and CLI name.
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::OnTrack => "on_track",
            SlaState::AtRisk => "at_risk",
            SlaState::Breached => "breached",
            SlaState::Met => "met",
        }
    }
}

/// One SLA clock (first response or resolution).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Clock {
    /// The target in business minutes.
    pub target_minutes: u32,
    /// Business seconds used so far (up to `done_at` when done).
    pub used_seconds: i64,
    /// Business seconds left; negative once breached.
    pub left_seconds: i64,
    /// When the target is (or was) reached; `None` while paused or when
    /// it was stopped before.
    pub due_at: Option<DateTime<Utc>>,
    /// When the clock stopped (the reply, the resolution).
    pub done_at: Option<DateTime<Utc>>,
    /// On track, at risk, breached or met.
    pub state: SlaState,
    /// Stopped for now by a pausing status.
    pub paused: bool,
}

impl Clock {
    /// Still running or paused (not done).
    pub fn is_open(&self) -> bool {
        self.done_at.is_none()
    }
}

/// Both clocks of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CaseSla {
    /// Until the first reply.
    pub first_response: Clock,
    /// Until the case is resolved.
    pub resolution: Clock,
}

impl CaseSla {
    /// Whether either open clock has breached.
    pub fn breached(&self) -> bool {
        [self.first_response, self.resolution]
            .iter()
            .any(|c| c.is_open() && c.state == SlaState::Breached)
    }

    /// The earliest due time of the open, running clocks.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        [self.first_response, self.resolution]
            .iter()
            .filter(|c| c.is_open())
            .filter_map(|c| c.due_at)
            .min()
    }
}

/// What a clock is measured with.
#[derive(Debug, Clone, Copy)]
pub struct Measure<'a> {
    /// Business hours and holidays.
    pub calendar: BusinessCalendar<'a>,
    /// The target in business minutes (for the current priority: raising
    /// the priority shortens the target counted from the opening).
    pub target_minutes: u32,
    /// Percent of the target from which the clock is at risk.
    pub at_risk_percent: u8,
}

/// Evaluates one clock over `spans` at `now`, stopped at `done_at`.
pub fn clock(
    measure: &Measure<'_>,
    spans: &[Span],
    done_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Clock {
    let end = done_at.unwrap_or(now);
    let target = i64::from(measure.target_minutes) * 60;
    let cal = &measure.calendar;
    let mut used = 0;
    // Business seconds of the earlier running spans, not cut at `end`:
    // the due time is where the target is used up, done or not.
    let mut earlier = 0;
    let mut due_at = None;
    for span in spans.iter().filter(|s| s.runs) {
        if due_at.is_none()
            && let Some(at) = cal.add(span.start, target - earlier)
            && span.end.is_none_or(|e| at <= e)
        {
            due_at = Some(at);
        }
        used += cal.seconds_between(span.start, span.end.unwrap_or(end).min(end));
        earlier += span.end.map_or(0, |e| cal.seconds_between(span.start, e));
    }
    let paused = done_at.is_none() && spans.last().is_some_and(|s| !s.runs);
    if paused && used < target {
        due_at = None;
    }
    let state = if used > target || (done_at.is_none() && used >= target) {
        SlaState::Breached
    } else if done_at.is_some() {
        SlaState::Met
    } else if used * 100 >= target * i64::from(measure.at_risk_percent) {
        SlaState::AtRisk
    } else {
        SlaState::OnTrack
    };
    Clock {
        target_minutes: measure.target_minutes,
        used_seconds: used,
        left_seconds: target - used,
        due_at,
        done_at,
        state,
        paused,
    }
}
