//! The Reports view's state: which report, period, owner and pipeline, the
//! computed report (by the same `reports::…::run` as `kariz report`), the
//! selected row and the deals listed behind it.

use crate::model::Deal;
use crate::reports::table::{Kind, Report, Table};
use crate::reports::{Period, Span, revenue};

/// What a report is computed for: everything the view lets the user pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportQuery {
    /// Which report.
    pub kind: Kind,
    /// The period.
    pub period: Period,
    /// Only this owner's deals (`None`: everyone's).
    pub owner: Option<String>,
    /// Only this pipeline's deals (`None`: all; the funnel takes the first).
    pub pipeline: Option<String>,
}

/// The dashboard's charts besides its figures, each from its own report.
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    /// Value won per month over the last six months of the calendar.
    pub revenue: revenue::Revenue,
    /// The period's funnel.
    pub funnel: crate::reports::funnel::Funnel,
    /// The period's activities, per owner and week.
    pub activity: crate::reports::activity::ActivityReport,
}

/// A computed report as the view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// What it was computed for.
    pub query: ReportQuery,
    /// The report.
    pub report: Report,
    /// Its rows (with the deals behind each).
    pub table: Table,
    /// The dashboard's charts (only with the dashboard).
    pub charts: Option<Box<Charts>>,
}

/// The deals behind a row, listed for Enter.
#[derive(Debug, Clone, PartialEq)]
pub struct Drill {
    /// The row's label (its first cell), for the title.
    pub label: String,
    /// The deals, as stored now.
    pub deals: Vec<Deal>,
    /// Selected deal.
    pub selected: usize,
}

/// The Reports view.
#[derive(Debug, Clone, Default)]
pub struct ReportsState {
    /// The report shown (the dashboard first).
    pub kind: Kind,
    /// Month, quarter or year.
    pub span: Span,
    /// The period; `None` until first shown (then the span holding today).
    pub period: Option<Period>,
    /// Only this owner (`None`: everyone).
    pub owner: Option<String>,
    /// Only this pipeline (`None`: all).
    pub pipeline: Option<String>,
    /// The last computed report.
    pub loaded: Option<Loaded>,
    /// Selected row of the table.
    pub selected: usize,
    /// The deals behind the selected row, while listed.
    pub drill: Option<Drill>,
    /// Others changed deals, activities, rates or goals since the report
    /// was computed: it is recomputed on the next quiet moment (debounce).
    pub stale: bool,
    /// How many feeds made it stale (the debounce restarts on each).
    pub stale_changes: u64,
}

impl ReportsState {
    /// The rows of the shown table.
    pub fn rows(&self) -> usize {
        self.loaded.as_ref().map_or(0, |l| l.table.rows.len())
    }
}
