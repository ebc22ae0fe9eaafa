//! Every report as rows of typed cells, each row with the deals behind it:
//! the one layout the CLI's tables and CSV and the TUI's Reports view
//! share, so a figure is laid out (and traced to its deals) in one place.
//! Formatting cells (digits, money, dates) is each front-end's business.

use super::{
    Period, Ratio, Scope, Totals, activity, cycle, dashboard, forecast, funnel, lost, revenue,
    sources, winrate,
};
use crate::config::Named;
use crate::error::Result;
use crate::store::Store;
use chrono::NaiveDate;

/// The reports, in the order of `kariz report` and the view's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// This period against the previous one, and goals.
    #[default]
    Dashboard,
    /// Stage conversion.
    Funnel,
    /// Won / (won + lost).
    Winrate,
    /// Days to win.
    Cycle,
    /// Open deals by expected close.
    Forecast,
    /// Value won per month.
    Revenue,
    /// Lost deals by reason.
    Lost,
    /// Per lead source.
    Sources,
    /// Activities per owner and week.
    Activity,
}

impl Kind {
    /// Every report, in order.
    pub const ALL: [Kind; 9] = [
        Kind::Dashboard,
        Kind::Funnel,
        Kind::Winrate,
        Kind::Cycle,
        Kind::Forecast,
        Kind::Revenue,
        Kind::Lost,
        Kind::Sources,
        Kind::Activity,
    ];

    /// The name typed after `kariz report` (and the docs' heading).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Dashboard => "dashboard",
            Kind::Funnel => "funnel",
            Kind::Winrate => "winrate",
            Kind::Cycle => "cycle",
            Kind::Forecast => "forecast",
            Kind::Revenue => "revenue",
            Kind::Lost => "lost",
            Kind::Sources => "sources",
            Kind::Activity => "activity",
        }
    }

    /// The next (`delta` 1) or previous (-1) report, wrapping.
    pub fn step(self, delta: isize) -> Kind {
        let n = Kind::ALL.len() as isize;
        let i = Kind::ALL.iter().position(|k| *k == self).unwrap_or(0) as isize;
        let j = (i + delta).rem_euclid(n) as usize;
        Kind::ALL.get(j).copied().unwrap_or_default()
    }
}

/// One computed report.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// See [`dashboard`] (boxed: twice the size of any other).
    Dashboard(Box<dashboard::Dashboard>),
    /// See [`funnel`].
    Funnel(funnel::Funnel),
    /// See [`winrate`].
    Winrate(winrate::WinRate),
    /// See [`cycle`].
    Cycle(cycle::Cycle),
    /// See [`forecast`].
    Forecast(forecast::Forecast),
    /// See [`revenue`].
    Revenue(revenue::Revenue),
    /// See [`lost`].
    Lost(lost::Lost),
    /// See [`sources`].
    Sources(sources::Sources),
    /// See [`activity`].
    Activity(activity::ActivityReport),
}

/// Runs one report for a scope (each report's own `run`).
pub fn run(kind: Kind, store: &Store, scope: &Scope) -> Result<Report> {
    Ok(match kind {
        Kind::Dashboard => Report::Dashboard(Box::new(dashboard::run(store, scope)?)),
        Kind::Funnel => Report::Funnel(funnel::run(store, scope)?),
        Kind::Winrate => Report::Winrate(winrate::run(store, scope)?),
        Kind::Cycle => Report::Cycle(cycle::run(store, scope)?),
        Kind::Forecast => Report::Forecast(forecast::run(store, scope)?),
        Kind::Revenue => Report::Revenue(revenue::run(store, scope)?),
        Kind::Lost => Report::Lost(lost::run(store, scope)?),
        Kind::Sources => Report::Sources(sources::run(store, scope)?),
        Kind::Activity => Report::Activity(activity::run(store, scope)?),
    })
}

/// One cell, typed so each front-end formats it its way.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A name, stage, reason, month key or label.
    Text(String),
    /// A count.
    Count(i64),
    /// A ratio (percent for people).
    Ratio(Ratio),
    /// Days, one decimal; `None` shown as "–".
    Days(Option<f64>),
    /// Converted money with the currencies left out.
    Money(Totals),
    /// A day (a week's first day).
    Date(NaiveDate),
    /// A period (the dashboard's columns).
    Period(Period),
    /// Goal progress: actual of target, money when `currency` is set.
    Goal {
        /// Reached.
        actual: i64,
        /// Aimed at.
        target: i64,
        /// Currency of won_value goals.
        currency: Option<String>,
    },
    /// Nothing (a snapshot figure has no "previous").
    Empty,
}

impl Cell {
    /// The number a bar of this cell is as long as (money: converted
    /// minor units; ratio: per mille), `None` for text.
    pub fn magnitude(&self) -> Option<u64> {
        let n = match self {
            Cell::Count(n) => *n,
            Cell::Money(t) => t.converted.minor,
            Cell::Ratio(r) => r.0.map_or(0, |r| (r * 1000.0).round() as i64),
            Cell::Days(d) => d.map_or(0, |d| d.round() as i64),
            _ => return None,
        };
        Some(u64::try_from(n).unwrap_or(0))
    }
}

/// A row and the deals behind it (Enter in the view lists them).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// One cell per header.
    pub cells: Vec<Cell>,
    /// The deals counted in the row (empty when it counts no deals).
    pub deals: Vec<i64>,
}

/// A report as a table: header names (the JSON field names) and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column names, as in the JSON and CSV.
    pub headers: Vec<&'static str>,
    /// The rows.
    pub rows: Vec<Row>,
    /// The column the view draws as bars (the report's main figure).
    pub bar: usize,
}

impl Table {
    fn new(headers: &[&'static str], bar: usize) -> Table {
        Table {
            headers: headers.to_vec(),
            rows: Vec::new(),
            bar,
        }
    }

    fn row(&mut self, cells: Vec<Cell>, deals: &[i64]) {
        self.rows.push(Row {
            cells,
            deals: deals.to_vec(),
        });
    }
}

/// Which kind of name from the config the text in `column` of `row`
/// holds (a stage, a lost reason, a category…), so front-ends show it by
/// its label: the column's own header, or for a `name` column the row's
/// `group` (`category` in the cases report). `None` for other text.
pub fn named_column(headers: &[&str], row: &[Cell], column: usize) -> Option<Named<'static>> {
    match headers.get(column).copied()? {
        "name" => match (headers.first(), row.first()) {
            (Some(&"group"), Some(Cell::Text(group))) => Named::of_column(group),
            _ => None,
        },
        header => Named::of_column(header),
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

impl Report {
    /// Which report this is.
    pub fn kind(&self) -> Kind {
        match self {
            Report::Dashboard(_) => Kind::Dashboard,
            Report::Funnel(_) => Kind::Funnel,
            Report::Winrate(_) => Kind::Winrate,
            Report::Cycle(_) => Kind::Cycle,
            Report::Forecast(_) => Kind::Forecast,
            Report::Revenue(_) => Kind::Revenue,
            Report::Lost(_) => Kind::Lost,
            Report::Sources(_) => Kind::Sources,
            Report::Activity(_) => Kind::Activity,
        }
    }

    /// The report as a table.
    pub fn table(&self) -> Table {
        match self {
            Report::Dashboard(d) => dashboard_table(d),
            Report::Funnel(f) => funnel_table(f),
            Report::Winrate(w) => winrate_table(w),
            Report::Cycle(c) => cycle_table(c),
            Report::Forecast(f) => forecast_table(f),
            Report::Revenue(r) => revenue_table(r),
            Report::Lost(l) => lost_table(l),
            Report::Sources(r) => sources_table(r),
            Report::Activity(a) => activity_table(a),
        }
    }
}

fn funnel_table(f: &funnel::Funnel) -> Table {
    let mut s = Table::new(&["stage", "entered", "advanced", "conversion"], 1);
    for st in &f.stages {
        s.row(
            vec![
                text(&st.stage),
                Cell::Count(st.entered),
                Cell::Count(st.advanced),
                Cell::Ratio(st.conversion),
            ],
            &st.deal_ids,
        );
    }
    s.row(
        vec![
            text("lead → won"),
            Cell::Count(f.created),
            Cell::Count(f.won),
            Cell::Ratio(f.lead_to_won),
        ],
        &[],
    );
    s
}

fn winrate_table(w: &winrate::WinRate) -> Table {
    let mut s = Table::new(&["group", "name", "won", "lost", "win_rate"], 4);
    s.row(
        vec![
            text("all"),
            text(""),
            Cell::Count(w.won),
            Cell::Count(w.lost),
            Cell::Ratio(w.win_rate),
        ],
        &w.deal_ids,
    );
    for (group, rows) in [("owner", &w.by_owner), ("source", &w.by_source)] {
        for r in rows {
            s.row(
                vec![
                    text(group),
                    text(&r.name),
                    Cell::Count(r.won),
                    Cell::Count(r.lost),
                    Cell::Ratio(r.win_rate),
                ],
                &r.deal_ids,
            );
        }
    }
    s
}

fn cycle_table(c: &cycle::Cycle) -> Table {
    let mut s = Table::new(&["stage", "deals", "median_days", "mean_days"], 2);
    s.row(
        vec![
            text("created → won"),
            Cell::Count(c.deals),
            Cell::Days(c.median_days),
            Cell::Days(c.mean_days),
        ],
        &c.deal_ids,
    );
    for st in &c.stages {
        s.row(
            vec![
                text(&st.stage),
                Cell::Count(st.deals),
                Cell::Days(st.median_days),
                Cell::Empty,
            ],
            &st.deal_ids,
        );
    }
    s
}

fn forecast_table(f: &forecast::Forecast) -> Table {
    let mut s = Table::new(&["month", "count", "value", "weighted"], 3);
    for m in &f.months {
        s.row(
            vec![
                text(&m.month),
                Cell::Count(m.count),
                Cell::Money(m.value.clone()),
                Cell::Money(m.weighted.clone()),
            ],
            &m.deal_ids,
        );
    }
    s.row(
        vec![
            text("total"),
            Cell::Count(f.count),
            Cell::Money(f.value.clone()),
            Cell::Money(f.weighted.clone()),
        ],
        &f.deal_ids,
    );
    s
}

fn revenue_table(r: &revenue::Revenue) -> Table {
    let mut s = Table::new(&["month", "count", "value"], 2);
    for m in &r.months {
        s.row(
            vec![
                text(&m.month),
                Cell::Count(m.count),
                Cell::Money(m.value.clone()),
            ],
            &m.deal_ids,
        );
    }
    s.row(
        vec![
            text("total"),
            Cell::Count(r.count),
            Cell::Money(r.value.clone()),
        ],
        &r.deal_ids,
    );
    s
}

fn lost_table(l: &lost::Lost) -> Table {
    let mut s = Table::new(&["reason", "count", "value"], 1);
    for r in &l.reasons {
        s.row(
            vec![
                text(&r.reason),
                Cell::Count(r.count),
                Cell::Money(r.value.clone()),
            ],
            &r.deal_ids,
        );
    }
    s
}

fn sources_table(r: &sources::Sources) -> Table {
    let mut s = Table::new(
        &[
            "source",
            "people",
            "deals",
            "won",
            "lost",
            "won_value",
            "win_rate",
        ],
        5,
    );
    for r in &r.sources {
        s.row(
            vec![
                text(&r.source),
                Cell::Count(r.people),
                Cell::Count(r.deals),
                Cell::Count(r.won),
                Cell::Count(r.lost),
                Cell::Money(r.won_value.clone()),
                Cell::Ratio(r.win_rate),
            ],
            &r.deal_ids,
        );
    }
    s
}

fn activity_table(a: &activity::ActivityReport) -> Table {
    let mut s = Table::new(
        &[
            "owner",
            "week",
            "in",
            "out",
            "missed",
            "emails",
            "meetings",
            "notes",
            "complaints",
            "sms",
            "on_time",
            "late",
        ],
        5,
    );
    for w in &a.weeks {
        s.row(
            vec![
                text(&w.owner),
                Cell::Date(w.week),
                Cell::Count(w.calls_in),
                Cell::Count(w.calls_out),
                Cell::Count(w.calls_missed),
                Cell::Count(w.emails),
                Cell::Count(w.meetings),
                Cell::Count(w.notes),
                Cell::Count(w.complaints),
                Cell::Count(w.sms),
                Cell::Count(w.tasks_on_time),
                Cell::Count(w.tasks_late),
            ],
            &[],
        );
    }
    s
}

/// The activity report's second table: tasks overdue now, per owner.
pub fn overdue_table(a: &activity::ActivityReport) -> Table {
    let mut o = Table::new(&["owner", "tasks_overdue"], 1);
    for r in &a.overdue {
        o.row(vec![text(&r.owner), Cell::Count(r.tasks_overdue)], &[]);
    }
    o
}

fn dashboard_table(d: &dashboard::Dashboard) -> Table {
    let mut s = Table::new(&["figure", "this period", "previous"], 1);
    let (c, p) = (&d.current, &d.previous);
    let ids = &c.deal_ids;
    s.row(
        vec![
            text("period"),
            Cell::Period(c.period),
            Cell::Period(p.period),
        ],
        &[],
    );
    s.row(
        vec![
            text("won_value"),
            Cell::Money(c.won_value.clone()),
            Cell::Money(p.won_value.clone()),
        ],
        &ids.won,
    );
    s.row(
        vec![text("won"), Cell::Count(c.won), Cell::Count(p.won)],
        &ids.won,
    );
    s.row(
        vec![text("lost"), Cell::Count(c.lost), Cell::Count(p.lost)],
        &ids.lost,
    );
    let closed: Vec<i64> = ids.won.iter().chain(&ids.lost).copied().collect();
    s.row(
        vec![
            text("win_rate"),
            Cell::Ratio(c.win_rate),
            Cell::Ratio(p.win_rate),
        ],
        &closed,
    );
    s.row(
        vec![
            text("new_people"),
            Cell::Count(c.new_people),
            Cell::Count(p.new_people),
        ],
        &[],
    );
    s.row(
        vec![
            text("new_deals"),
            Cell::Count(c.new_deals),
            Cell::Count(p.new_deals),
        ],
        &ids.created,
    );
    now_and_goal_rows(&mut s, d);
    s
}

/// The dashboard's figures of right now (no previous period to compare)
/// and its goals with their progress.
fn now_and_goal_rows(s: &mut Table, d: &dashboard::Dashboard) {
    s.row(
        vec![
            text("open_weighted (now)"),
            Cell::Money(d.open_weighted.clone()),
            Cell::Empty,
        ],
        &d.open_ids,
    );
    s.row(
        vec![
            text("overdue_tasks (now)"),
            Cell::Count(d.overdue_tasks),
            Cell::Empty,
        ],
        &[],
    );
    for g in &d.goals {
        s.row(
            vec![
                text(format!("goal {} {}", g.owner, g.metric.as_str())),
                Cell::Goal {
                    actual: g.actual,
                    target: g.target,
                    currency: g.currency.clone(),
                },
                Cell::Ratio(g.progress),
            ],
            &[],
        );
    }
}
