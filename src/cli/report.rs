//! `kariz report`: dashboard, funnel, win rate, cycle, forecast, revenue,
//! lost reasons, sources and activity. Definitions: docs/reports.md.

use super::args;
use super::context::Context;
use super::output::{self, Render};
use crate::config::Config;
use crate::reports::{self, Period, Ratio, Scope, Totals};
use crate::store::ReportFilter;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;

/// The period and filters every report takes.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// First day (either calendar: 2026-12-01, 1405/09/01, -30d); default:
    /// the first day of this month in the configured calendar
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last day, included; default: the last day of --from's month, or today
    /// when --from is given
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only deals (people, activities, tasks) of this owner
    #[arg(long)]
    owner: Option<String>,
    /// Only deals of this pipeline
    #[arg(long)]
    pipeline: Option<String>,
    /// Only deals whose person has this lead source
    #[arg(long)]
    source: Option<String>,
    /// Print JSON (money as {"minor": int, "currency": "IRR"})
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV (amounts as decimals in the report currency)
    #[arg(long)]
    csv: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// This period against the previous one, and goals
    Dashboard(Common),
    /// Deals entering each stage and how many moved on
    Funnel(Common),
    /// Won / (won + lost), by owner and by source
    Winrate(Common),
    /// Days from creation to won, and days in each stage
    Cycle(Common),
    /// Open deals by expected-close month, value and weighted value
    Forecast(Common),
    /// Value won per month
    Revenue(Common),
    /// Lost deals by reason
    Lost(Common),
    /// People, deals and wins per lead source
    Sources(Common),
    /// Calls, e-mails, meetings, notes, complaints and tasks per owner and week
    Activity(Common),
    /// Support cases: opened and resolved per week, median reply and
    /// resolution times in business hours, SLA breach rate, satisfaction,
    /// by assignee (--owner: only that assignee) and category
    Cases(Common),
}

/// The period from the flags (docs/reports.md#the-period-and-the-filters).
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
    config: &Config,
) -> Result<Period> {
    let calendar = config.display.calendar;
    let from = from.map(|t| args::date("from", t, today)).transpose()?;
    let to = to.map(|t| args::date("to", t, today)).transpose()?;
    let (from, to) = match (from, to) {
        (None, None) => {
            let m = Period::month_of(today, calendar);
            (m.from, m.to)
        }
        (Some(f), None) => (f, today.max(f)),
        (None, Some(t)) => (Period::month_of(t, calendar).from, t),
        (Some(f), Some(t)) => (f, t),
    };
    match Period::new(from, to) {
        Some(p) => Ok(p),
        None => bail!("--to {to} is before --from {from}; give a --to on or after --from"),
    }
}

/// What every JSON report carries besides its figures.
#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    report: &'static str,
    period: Period,
    currency: &'a str,
    #[serde(flatten)]
    data: &'a T,
}

/// One cell, rendered for people (locale) or for CSV (plain).
enum Cell {
    Text(String),
    Count(i64),
    Ratio(Ratio),
    Days(Option<f64>),
    Money(Totals),
}

impl Cell {
    fn human(&self, out: &Render) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => out.count(*n),
            Cell::Ratio(r) => out.digits(&r.percent()),
            Cell::Days(d) => d.map_or("–".into(), |d| out.digits(&format!("{d:.1}"))),
            Cell::Money(t) => {
                let shown = out.money(t.converted.minor, &t.converted.currency);
                if t.missing_rates.is_empty() {
                    shown
                } else {
                    format!("{shown} {}", missing_note(t))
                }
            }
        }
    }

    fn plain(&self) -> String {
        match self {
            // Controls made visible (as in every output), then formula
            // protection for spreadsheets.
            Cell::Text(t) => {
                crate::interchange::csv_safety::protect(&crate::text::sanitize::visible(t))
                    .into_owned()
            }
            Cell::Count(n) => n.to_string(),
            Cell::Ratio(r) => r.0.map_or(String::new(), |r| r.to_string()),
            Cell::Days(d) => d.map_or(String::new(), |d| format!("{d:.1}")),
            Cell::Money(t) => {
                crate::model::money::decimal_string(t.converted.minor, &t.converted.currency)
            }
        }
    }
}

/// "(+ AED, IRR)": the currencies a converted figure leaves out; the
/// note under the table says why.
fn missing_note(t: &Totals) -> String {
    format!("(+ {})", t.missing_rates.join(", "))
}

/// A report ready to print: headers, right-aligned columns and rows.
struct Sheet {
    headers: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn new(headers: &[&'static str]) -> Sheet {
        Sheet {
            headers: headers.to_vec(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    fn missing(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .rows
            .iter()
            .flatten()
            .filter_map(|c| match c {
                Cell::Money(t) => Some(t.missing_rates.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        all.sort();
        all.dedup();
        all
    }

    fn print(&self, out: &Render, csv: bool, title: &str, currency: &str) -> Result<()> {
        if csv {
            // Converted amounts leave out currencies without a rate; a last
            // column names them so a script cannot mistake a partial sum.
            let has_money = self
                .rows
                .iter()
                .flatten()
                .any(|c| matches!(c, Cell::Money(_)));
            let mut writer = csv::Writer::from_writer(std::io::stdout().lock());
            let mut headers = self.headers.clone();
            if has_money {
                headers.push("missing_rates");
            }
            writer.write_record(&headers)?;
            for row in &self.rows {
                let mut cells: Vec<String> = row.iter().map(Cell::plain).collect();
                if has_money {
                    let mut missing: Vec<&str> = row
                        .iter()
                        .filter_map(|c| match c {
                            Cell::Money(t) => Some(t.missing_rates.iter().map(String::as_str)),
                            _ => None,
                        })
                        .flatten()
                        .collect();
                    missing.sort_unstable();
                    missing.dedup();
                    cells.push(missing.join(" "));
                }
                writer.write_record(&cells)?;
            }
            writer.flush()?;
            return Ok(());
        }
        let mut table = out.table(&self.headers);
        for (i, h) in self.headers.iter().enumerate() {
            if self
                .rows
                .iter()
                .any(|r| r.get(i).is_some_and(|c| !matches!(c, Cell::Text(_))))
            {
                table = table.align_right(h);
            }
        }
        for row in &self.rows {
            table.row(row.iter().map(|c| c.human(out)).collect());
        }
        output::line(title)?;
        table.print("Nothing in this period.")?;
        let missing = self.missing();
        if !missing.is_empty() {
            output::line(&format!(
                "(+ {}): amounts in these currencies have no exchange rate to {currency} and are not in the converted totals (see --json for them); set one with `kariz rate set {} {currency} RATE`.",
                missing.join(", "),
                missing.first().map_or("USD", String::as_str),
            ))?;
        }
        Ok(())
    }
}

fn title(name: &str, period: &Period, filter: &ReportFilter, out: &Render) -> String {
    let mut t = format!(
        "{name}: {} – {}",
        out.date(period.from),
        out.date(period.to)
    );
    for (label, value) in [
        ("owner", &filter.owner),
        ("pipeline", &filter.pipeline),
        ("source", &filter.source),
    ] {
        if let Some(v) = value {
            t.push_str(&format!(", {label} {v}"));
        }
    }
    t
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let store = ctx.open()?;
    let out = ctx.render(store.config());
    let (name, common) = match &command {
        Command::Dashboard(c) => ("dashboard", c),
        Command::Funnel(c) => ("funnel", c),
        Command::Winrate(c) => ("winrate", c),
        Command::Cycle(c) => ("cycle", c),
        Command::Forecast(c) => ("forecast", c),
        Command::Revenue(c) => ("revenue", c),
        Command::Lost(c) => ("lost", c),
        Command::Sources(c) => ("sources", c),
        Command::Activity(c) => ("activity", c),
        Command::Cases(c) => ("cases", c),
    };
    let config = store.config().clone();
    let now = ctx.clock.now_local();
    let period = period(
        common.from.as_deref(),
        common.to.as_deref(),
        ctx.clock.today(),
        &config,
    )?;
    if let Some(name) = &common.pipeline
        && !config.pipelines.iter().any(|p| p.name == *name)
    {
        let defined: Vec<&str> = config.pipelines.iter().map(|p| p.name.as_str()).collect();
        bail!(
            "--pipeline {}: no such pipeline in the config; defined: {}",
            crate::text::sanitize::quoted(name),
            defined.join(", ")
        );
    }
    let filter = ReportFilter {
        pipeline: common.pipeline.clone(),
        owner: common.owner.clone(),
        source: common.source.clone(),
    };
    let scope = Scope::new(&store, &config, period, filter.clone(), now)?;
    let currency = scope.currency.clone();
    let json = |data: &dyn erased::Json| data.print(name, period, &currency);
    let heading = title(name, &period, &filter, &out);
    let sheet = match command {
        Command::Dashboard(_) => {
            let d = reports::dashboard::run(&store, &scope)?;
            if common.json {
                return json(&d);
            }
            dashboard_sheet(&d, &out)
        }
        Command::Funnel(_) => {
            let f = reports::funnel::run(&store, &scope)?;
            if common.json {
                return json(&f);
            }
            let mut s = Sheet::new(&["stage", "entered", "advanced", "conversion"]);
            for st in &f.stages {
                s.row(vec![
                    text(&st.stage),
                    Cell::Count(st.entered),
                    Cell::Count(st.advanced),
                    Cell::Ratio(st.conversion),
                ]);
            }
            s.row(vec![
                text("lead → won"),
                Cell::Count(f.created),
                Cell::Count(f.won),
                Cell::Ratio(f.lead_to_won),
            ]);
            s
        }
        Command::Winrate(_) => {
            let w = reports::winrate::run(&store, &scope)?;
            if common.json {
                return json(&w);
            }
            let mut s = Sheet::new(&["group", "name", "won", "lost", "win_rate"]);
            s.row(vec![
                text("all"),
                text(""),
                Cell::Count(w.won),
                Cell::Count(w.lost),
                Cell::Ratio(w.win_rate),
            ]);
            for (group, rows) in [("owner", &w.by_owner), ("source", &w.by_source)] {
                for r in rows {
                    s.row(vec![
                        text(group),
                        text(&r.name),
                        Cell::Count(r.won),
                        Cell::Count(r.lost),
                        Cell::Ratio(r.win_rate),
                    ]);
                }
            }
            s
        }
        Command::Cycle(_) => {
            let c = reports::cycle::run(&store, &scope)?;
            if common.json {
                return json(&c);
            }
            let mut s = Sheet::new(&["stage", "deals", "median_days", "mean_days"]);
            s.row(vec![
                text("created → won"),
                Cell::Count(c.deals),
                Cell::Days(c.median_days),
                Cell::Days(c.mean_days),
            ]);
            for st in &c.stages {
                s.row(vec![
                    text(&st.stage),
                    Cell::Count(st.deals),
                    Cell::Days(st.median_days),
                    text(""),
                ]);
            }
            s
        }
        Command::Forecast(_) => {
            let f = reports::forecast::run(&store, &scope)?;
            if common.json {
                return json(&f);
            }
            let mut s = Sheet::new(&["month", "count", "value", "weighted"]);
            for m in &f.months {
                s.row(vec![
                    text(&m.month),
                    Cell::Count(m.count),
                    Cell::Money(m.value.clone()),
                    Cell::Money(m.weighted.clone()),
                ]);
            }
            s.row(vec![
                text("total"),
                Cell::Count(f.count),
                Cell::Money(f.value.clone()),
                Cell::Money(f.weighted.clone()),
            ]);
            s
        }
        Command::Revenue(_) => {
            let r = reports::revenue::run(&store, &scope)?;
            if common.json {
                return json(&r);
            }
            let mut s = Sheet::new(&["month", "count", "value"]);
            for m in &r.months {
                s.row(vec![
                    text(&m.month),
                    Cell::Count(m.count),
                    Cell::Money(m.value.clone()),
                ]);
            }
            s.row(vec![
                text("total"),
                Cell::Count(r.count),
                Cell::Money(r.value.clone()),
            ]);
            s
        }
        Command::Lost(_) => {
            let l = reports::lost::run(&store, &scope)?;
            if common.json {
                return json(&l);
            }
            let mut s = Sheet::new(&["reason", "count", "value"]);
            for r in &l.reasons {
                s.row(vec![
                    text(&r.reason),
                    Cell::Count(r.count),
                    Cell::Money(r.value.clone()),
                ]);
            }
            s
        }
        Command::Sources(_) => {
            let r = reports::sources::run(&store, &scope)?;
            if common.json {
                return json(&r);
            }
            let mut s = Sheet::new(&[
                "source",
                "people",
                "deals",
                "won",
                "lost",
                "won_value",
                "win_rate",
            ]);
            for r in &r.sources {
                s.row(vec![
                    text(&r.source),
                    Cell::Count(r.people),
                    Cell::Count(r.deals),
                    Cell::Count(r.won),
                    Cell::Count(r.lost),
                    Cell::Money(r.won_value.clone()),
                    Cell::Ratio(r.win_rate),
                ]);
            }
            s
        }
        Command::Cases(_) => {
            let r = reports::cases::run(&store, &scope)?;
            if common.json {
                return json(&r);
            }
            cases_sheet(&r, &out)
        }
        Command::Activity(_) => {
            let a = reports::activity::run(&store, &scope)?;
            if common.json {
                return json(&a);
            }
            let mut s = Sheet::new(&[
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
            ]);
            for w in &a.weeks {
                s.row(vec![
                    text(&w.owner),
                    text(out.date(w.week)),
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
                ]);
            }
            if !common.csv {
                s.print(&out, false, &heading, &currency)?;
                let mut o = Sheet::new(&["owner", "tasks_overdue"]);
                for r in &a.overdue {
                    o.row(vec![text(&r.owner), Cell::Count(r.tasks_overdue)]);
                }
                return o.print(&out, false, "Overdue tasks now:", &currency);
            }
            s
        }
    };
    sheet.print(&out, common.csv, &heading, &currency)
}

fn cases_sheet(r: &reports::cases::CasesReport, out: &Render) -> Sheet {
    let mut s = Sheet::new(&[
        "group",
        "name",
        "opened",
        "resolved",
        "median_first_response_hours",
        "median_resolution_hours",
        "breach_rate",
        "satisfaction_avg",
    ]);
    let hours = |h: Option<f64>| text(h.map_or("–".into(), |h| out.digits(&format!("{h:.1}"))));
    let rows = std::iter::once(("all", &r.overall))
        .chain(r.by_assignee.iter().map(|f| ("assignee", f)))
        .chain(r.by_category.iter().map(|f| ("category", f)));
    for (group, f) in rows {
        s.row(vec![
            text(group),
            text(&f.name),
            Cell::Count(f.opened),
            Cell::Count(f.resolved),
            hours(f.median_first_response_hours),
            hours(f.median_resolution_hours),
            Cell::Ratio(f.breach_rate),
            text(
                f.satisfaction_avg
                    .map_or("–".into(), |a| out.digits(&format!("{a:.2}"))),
            ),
        ]);
    }
    for w in &r.weeks {
        s.row(vec![
            text("week"),
            text(out.date(w.week)),
            Cell::Count(w.opened),
            Cell::Count(w.resolved),
            text(""),
            text(""),
            text(""),
            text(""),
        ]);
    }
    s
}

fn dashboard_sheet(d: &reports::dashboard::Dashboard, out: &Render) -> Sheet {
    let mut s = Sheet::new(&["figure", "this period", "previous"]);
    let (c, p) = (&d.current, &d.previous);
    s.row(vec![
        text("period"),
        text(format!(
            "{} – {}",
            out.date(c.period.from),
            out.date(c.period.to)
        )),
        text(format!(
            "{} – {}",
            out.date(p.period.from),
            out.date(p.period.to)
        )),
    ]);
    s.row(vec![
        text("won_value"),
        Cell::Money(c.won_value.clone()),
        Cell::Money(p.won_value.clone()),
    ]);
    s.row(vec![text("won"), Cell::Count(c.won), Cell::Count(p.won)]);
    s.row(vec![text("lost"), Cell::Count(c.lost), Cell::Count(p.lost)]);
    s.row(vec![
        text("win_rate"),
        Cell::Ratio(c.win_rate),
        Cell::Ratio(p.win_rate),
    ]);
    s.row(vec![
        text("new_people"),
        Cell::Count(c.new_people),
        Cell::Count(p.new_people),
    ]);
    s.row(vec![
        text("new_deals"),
        Cell::Count(c.new_deals),
        Cell::Count(p.new_deals),
    ]);
    s.row(vec![
        text("open_weighted (now)"),
        Cell::Money(d.open_weighted.clone()),
        text(""),
    ]);
    s.row(vec![
        text("overdue_tasks (now)"),
        Cell::Count(d.overdue_tasks),
        text(""),
    ]);
    for g in &d.goals {
        let (actual, target) = match &g.currency {
            Some(cur) => (out.money(g.actual, cur), out.money(g.target, cur)),
            None => (out.count(g.actual), out.count(g.target)),
        };
        s.row(vec![
            text(format!("goal {} {}", g.owner, g.metric.as_str())),
            text(format!("{actual} / {target}")),
            Cell::Ratio(g.progress),
        ]);
    }
    s
}

/// Printing any report as JSON without naming its type at each call.
mod erased {
    use super::*;

    pub trait Json {
        fn print(&self, report: &'static str, period: Period, currency: &str) -> Result<()>;
    }

    impl<T: Serialize> Json for T {
        fn print(&self, report: &'static str, period: Period, currency: &str) -> Result<()> {
            output::json(&Envelope {
                report,
                period,
                currency,
                data: self,
            })
        }
    }
}
