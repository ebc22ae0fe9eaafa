//! Support cases: opened and resolved per week, median first-response and
//! resolution times in business hours, SLA breach rate and satisfaction,
//! overall, by assignee and by category (docs/reports.md#cases).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::Scope;
use super::activity::week_of;
use super::sum::{Ratio, median};
use crate::error::Result;
use crate::model::Case;
use crate::sla::{self, CaseSla, SlaState};
use crate::store::{CaseFilter, Store};

/// One case as the report needs it.
#[derive(Debug, Clone)]
pub struct CaseRow {
    /// The case.
    pub case: Case,
    /// Its clocks at the report's "now".
    pub sla: CaseSla,
}

/// The figures of one group of cases.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Assignee or category name (`""` overall, `(none)` when unset).
    pub name: String,
    /// Cases opened in the period.
    pub opened: i64,
    /// Cases resolved in the period.
    pub resolved: i64,
    /// Median business hours to the first reply, over cases opened in the
    /// period that had one.
    pub median_first_response_hours: Option<f64>,
    /// Median business hours to resolution, over cases resolved in the period.
    pub median_resolution_hours: Option<f64>,
    /// Of the cases opened in the period, the share with a breached clock.
    pub breached: i64,
    /// `breached / opened`.
    pub breach_rate: Ratio,
    /// Average satisfaction of cases closed in the period with a score.
    pub satisfaction_avg: Option<f64>,
    /// How many scores that average is over.
    pub scored: i64,
}

/// One week's counts.
#[derive(Debug, Clone, Serialize)]
pub struct Week {
    /// First day of the week.
    pub week: NaiveDate,
    /// Cases opened that week.
    pub opened: i64,
    /// Cases resolved that week.
    pub resolved: i64,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct CasesReport {
    /// Every case in scope.
    pub overall: Figures,
    /// Per week of the period.
    pub weeks: Vec<Week>,
    /// Per assignee.
    pub by_assignee: Vec<Figures>,
    /// Per category.
    pub by_category: Vec<Figures>,
}

fn hours(seconds: i64) -> f64 {
    (seconds as f64 / 360.0).round() / 10.0
}

fn breached(sla: &CaseSla) -> bool {
    [sla.first_response, sla.resolution]
        .iter()
        .any(|c| c.state == SlaState::Breached)
}

fn figures(name: &str, rows: &[&CaseRow], scope: &Scope) -> Figures {
    let opened: Vec<&&CaseRow> = rows
        .iter()
        .filter(|r| scope.in_period(r.case.created_at))
        .collect();
    let resolved: Vec<&&CaseRow> = rows
        .iter()
        .filter(|r| r.case.resolved_at.is_some_and(|t| scope.in_period(t)))
        .collect();
    let mut first: Vec<i64> = opened
        .iter()
        .filter(|r| r.case.first_response_at.is_some())
        .map(|r| r.sla.first_response.used_seconds)
        .collect();
    let mut resolution: Vec<i64> = resolved
        .iter()
        .map(|r| r.sla.resolution.used_seconds)
        .collect();
    let scores: Vec<i64> = rows
        .iter()
        .filter(|r| r.case.closed_at.is_some_and(|t| scope.in_period(t)))
        .filter_map(|r| r.case.data.satisfaction.map(i64::from))
        .collect();
    let breached_count = opened.iter().filter(|r| breached(&r.sla)).count() as i64;
    let opened_count = opened.len() as i64;
    Figures {
        name: name.to_string(),
        opened: opened_count,
        resolved: resolved.len() as i64,
        median_first_response_hours: median(&mut first).map(|s| hours(s as i64)),
        median_resolution_hours: median(&mut resolution).map(|s| hours(s as i64)),
        breached: breached_count,
        breach_rate: Ratio::of(breached_count, opened_count),
        satisfaction_avg: (!scores.is_empty()).then(|| {
            let avg = scores.iter().sum::<i64>() as f64 / scores.len() as f64;
            (avg * 100.0).round() / 100.0
        }),
        scored: scores.len() as i64,
    }
}

fn grouped(rows: &[CaseRow], scope: &Scope, key: impl Fn(&Case) -> Option<String>) -> Vec<Figures> {
    let mut groups: BTreeMap<String, Vec<&CaseRow>> = BTreeMap::new();
    for row in rows {
        let name = key(&row.case).unwrap_or_else(|| "(none)".to_string());
        groups.entry(name).or_default().push(row);
    }
    groups
        .iter()
        .map(|(name, rows)| figures(name, rows, scope))
        .filter(|f| f.opened > 0 || f.resolved > 0 || f.scored > 0)
        .collect()
}

/// The report over `rows` (cases opened, resolved or closed in the period).
pub fn compute(rows: &[CaseRow], scope: &Scope) -> CasesReport {
    let all: Vec<&CaseRow> = rows.iter().collect();
    let mut opened_days = Vec::new();
    let mut resolved_days = Vec::new();
    for r in rows {
        if scope.in_period(r.case.created_at) {
            opened_days.push(scope.local_day(r.case.created_at));
        }
        if let Some(t) = r.case.resolved_at.filter(|t| scope.in_period(*t)) {
            resolved_days.push(scope.local_day(t));
        }
    }
    let mut weeks: BTreeMap<NaiveDate, Week> = BTreeMap::new();
    for (days, opened) in [(&opened_days, true), (&resolved_days, false)] {
        for day in days {
            let start = week_of(*day, scope);
            let w = weeks.entry(start).or_insert(Week {
                week: start,
                opened: 0,
                resolved: 0,
            });
            if opened {
                w.opened += 1;
            } else {
                w.resolved += 1;
            }
        }
    }
    CasesReport {
        overall: figures("", &all, scope),
        weeks: weeks.into_values().collect(),
        by_assignee: grouped(rows, scope, |c| c.data.assignee.clone()),
        by_category: grouped(rows, scope, |c| c.data.category.clone()),
    }
}

/// Reads the cases that can count in the period and computes the report.
/// The SLA clocks are assessed at the report's "now".
pub fn run(store: &Store, scope: &Scope) -> Result<CasesReport> {
    let cases = store.cases(&CaseFilter {
        include_closed: true,
        assignee: scope.filter.owner.clone(),
        ..CaseFilter::default()
    })?;
    let support = &store.config().support;
    let mut rows = Vec::new();
    for case in cases {
        let touches = [Some(case.created_at), case.resolved_at, case.closed_at]
            .into_iter()
            .flatten()
            .any(|t| scope.in_period(t));
        if !touches {
            continue;
        }
        let history = store.case_history(case.id)?;
        let sla = sla::assess(&case, &history, support, scope.now);
        rows.push(CaseRow { case, sla });
    }
    Ok(compute(&rows, scope))
}
