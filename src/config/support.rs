//! `[support]`: the support desk's case workflow, categories, business
//! hours and SLA targets, as validated types.

use chrono::{NaiveDate, Weekday};
use serde::Serialize;

use super::types::Labels;
use crate::vocab::{CasePriority, CaseStatusKind};

/// The `[support]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportConfig {
    /// The team's time zone (IANA name), in which business hours and
    /// holidays are meant.
    #[serde(serialize_with = "tz_name")]
    pub time_zone: crate::calendar::zone::Zone,
    /// Working intervals per weekday, Monday first; an empty day is off.
    pub hours: [Vec<WorkInterval>; 7],
    /// Days off (Gregorian; Jalali dates in the file are converted).
    pub holidays: Vec<NaiveDate>,
    /// Percent of a target used from which a case counts as at risk.
    pub at_risk_percent: u8,
    /// SLA targets per priority.
    pub sla: SlaTargets,
    /// Case categories, in the order offered.
    pub categories: Vec<Category>,
    /// The workflow; the first status is where new cases start.
    pub statuses: Vec<CaseStatus>,
    /// The status `reopen` moves a resolved or closed case to.
    pub reopen_to: String,
    /// The status a reply moves a case to while it is still in the
    /// starting status (`new` → `open`); empty: replies move nothing.
    pub reply_to: String,
}

fn tz_name<S: serde::Serializer>(
    tz: &crate::calendar::zone::Zone,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

/// One working interval of a day in minutes after local midnight,
/// `start < end <= 1440` (1440: until midnight, written `24:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WorkInterval {
    /// When work starts.
    pub start: u16,
    /// When it ends.
    pub end: u16,
}

/// First-response and resolution targets, in business minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SlaTarget {
    /// Minutes of business time until the first reply is due.
    pub first_response_minutes: u32,
    /// Minutes of business time until the case must be resolved.
    pub resolution_minutes: u32,
}

/// The targets of every priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SlaTargets {
    /// For low-priority cases.
    pub low: SlaTarget,
    /// For normal cases.
    pub normal: SlaTarget,
    /// For high-priority cases.
    pub high: SlaTarget,
    /// For urgent cases.
    pub urgent: SlaTarget,
}

impl SlaTargets {
    /// The targets of `priority`.
    pub fn of(&self, priority: CasePriority) -> SlaTarget {
        match priority {
            CasePriority::Low => self.low,
            CasePriority::Normal => self.normal,
            CasePriority::High => self.high,
            CasePriority::Urgent => self.urgent,
        }
    }
}

/// A case category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The stored name.
    pub name: String,
    /// What the interface shows, per language.
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub label: Labels,
}

impl Category {
    /// The category as shown in `language`.
    pub fn display_name(&self, language: crate::vocab::Language) -> &str {
        self.label.shown(language, &self.name)
    }
}

/// One status of the case workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseStatus {
    /// The stored name, e.g. `waiting_on_customer`.
    pub name: String,
    /// Active, resolved or closed.
    pub kind: CaseStatusKind,
    /// Whether the SLA clocks stop while a case is in it.
    pub pauses: bool,
    /// The statuses a case may move to from here.
    pub next: Vec<String>,
    /// What the interface shows, per language.
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub label: Labels,
}

impl CaseStatus {
    /// The status as shown in `language`.
    pub fn display_name(&self, language: crate::vocab::Language) -> &str {
        self.label.shown(language, &self.name)
    }

    /// Whether the SLA clocks run in this status.
    pub fn clock_runs(&self) -> bool {
        self.kind == CaseStatusKind::Active && !self.pauses
    }
}

impl SupportConfig {
    /// The status called `name` (ignoring case), or else labelled `name`
    /// in any language (a status typed in the interface language).
    pub fn status(&self, name: &str) -> Option<&CaseStatus> {
        self.statuses
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
            .or_else(|| self.statuses.iter().find(|s| s.label.matches(name)))
    }

    /// Where a reply moves a case in `status`: `reply_to` when the case
    /// is still in the starting status and the workflow allows the move.
    pub fn after_reply(&self, status: &str) -> Option<&CaseStatus> {
        let start = self.initial_status()?;
        if !start.name.eq_ignore_ascii_case(status) || self.reply_to.is_empty() {
            return None;
        }
        let to = self.status(&self.reply_to)?;
        (to.name != start.name && start.next.iter().any(|n| n == &to.name)).then_some(to)
    }

    /// Whether the default `reply_to` names a move the workflow has.
    pub(crate) fn after_reply_default_fits(&self) -> bool {
        self.initial_status()
            .is_some_and(|start| self.after_reply(&start.name).is_some())
    }

    /// Where new cases start.
    pub fn initial_status(&self) -> Option<&CaseStatus> {
        self.statuses.first()
    }

    /// The first status of `kind` (e.g. the closed one `case close` uses).
    pub fn first_of_kind(&self, kind: CaseStatusKind) -> Option<&CaseStatus> {
        self.statuses.iter().find(|s| s.kind == kind)
    }

    /// The category called `name` (ignoring case), or else labelled
    /// `name` in any language: the store keeps the category's name.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name.trim()))
            .or_else(|| self.categories.iter().find(|c| c.label.matches(name)))
    }

    /// The working intervals of `day`.
    pub fn hours_of(&self, day: Weekday) -> &[WorkInterval] {
        self.hours
            .get(day.num_days_from_monday() as usize)
            .map_or(&[], Vec::as_slice)
    }
}

fn status(name: &str, kind: CaseStatusKind, pauses: bool, next: &[&str]) -> CaseStatus {
    CaseStatus {
        name: name.to_owned(),
        kind,
        pauses,
        next: next.iter().map(|s| (*s).to_owned()).collect(),
        label: Labels::default(),
    }
}

/// The default workflow: new → open → waiting_on_customer → resolved →
/// closed, reopen to open.
pub(crate) fn default_statuses() -> Vec<CaseStatus> {
    use CaseStatusKind::{Active, Closed, Resolved};
    vec![
        status(
            "new",
            Active,
            false,
            &["open", "waiting_on_customer", "resolved", "closed"],
        ),
        status(
            "open",
            Active,
            false,
            &["waiting_on_customer", "resolved", "closed"],
        ),
        status(
            "waiting_on_customer",
            Active,
            true,
            &["open", "resolved", "closed"],
        ),
        status("resolved", Resolved, false, &["closed", "open"]),
        status("closed", Closed, false, &["open"]),
    ]
}

impl Default for SupportConfig {
    /// Monday to Friday 09:00–17:00 UTC, no holidays; targets in business
    /// hours: urgent 1h/8h, high 4h/16h, normal 8h/40h, low 16h/80h.
    fn default() -> Self {
        let day = vec![WorkInterval {
            start: 9 * 60,
            end: 17 * 60,
        }];
        let target = |first: u32, resolve: u32| SlaTarget {
            first_response_minutes: first * 60,
            resolution_minutes: resolve * 60,
        };
        SupportConfig {
            time_zone: crate::calendar::zone::Zone::utc(),
            hours: [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                Vec::new(),
                Vec::new(),
            ],
            holidays: Vec::new(),
            at_risk_percent: 80,
            sla: SlaTargets {
                low: target(16, 80),
                normal: target(8, 40),
                high: target(4, 16),
                urgent: target(1, 8),
            },
            categories: ["question", "problem", "complaint", "billing"]
                .map(|name| Category {
                    name: name.to_owned(),
                    label: Labels::default(),
                })
                .to_vec(),
            statuses: default_statuses(),
            reopen_to: "open".to_owned(),
            reply_to: "open".to_owned(),
        }
    }
}
