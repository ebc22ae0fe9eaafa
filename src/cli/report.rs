//! `kariz report`: dashboard, funnel, win rate, cycle, forecast, revenue,
//! lost reasons, sources and activity. Definitions: docs/reports.md.

use super::args;
use super::context::Context;
use super::output::{self, Render};
use crate::config::{Config, Named};
use crate::reports::table::{self, Cell, Kind, Report};
use crate::reports::{Period, Scope, Totals};
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
    /// Quotes sent and accepted per month with the acceptance rate, and
    /// invoiced and collected per month and currency
    Quotes(Common),
    /// What customers owe now by how long it is overdue (0–30, 31–60,
    /// 61–90, over 90 days), per currency
    Receivables(Common),
    /// Per campaign: people reached, leads, deals, wins, won value, cost,
    /// cost per lead and return
    Campaigns(Common),
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
trait Shown {
    fn human(&self, out: &Render) -> String;
    fn plain(&self) -> String;
}

fn period_text(p: &Period, out: &Render) -> String {
    format!("{} – {}", out.date(p.from), out.date(p.to))
}

impl Shown for Cell {
    fn human(&self, out: &Render) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => out.count(*n),
            Cell::Ratio(r) => out.decimal(&r.percent()),
            Cell::Days(d) => d.map_or("–".into(), |d| out.digits(&format!("{d:.1}"))),
            Cell::Money(t) => {
                let shown = out.money(t.converted.minor, &t.converted.currency);
                if t.missing_rates.is_empty() {
                    shown
                } else {
                    format!("{shown} {}", missing_note(t))
                }
            }
            Cell::Date(d) => out.date(*d),
            Cell::Period(p) => period_text(p, out),
            Cell::Goal {
                actual,
                target,
                currency,
            } => match currency {
                Some(cur) => format!("{} / {}", out.money(*actual, cur), out.money(*target, cur)),
                None => format!("{} / {}", out.count(*actual), out.count(*target)),
            },
            Cell::Empty => String::new(),
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
            Cell::Date(d) => d.to_string(),
            Cell::Period(p) => format!("{} – {}", p.from, p.to),
            Cell::Goal {
                actual,
                target,
                currency,
            } => match currency {
                Some(cur) => format!(
                    "{} / {}",
                    crate::model::money::decimal_string(*actual, cur),
                    crate::model::money::decimal_string(*target, cur)
                ),
                None => format!("{actual} / {target}"),
            },
            Cell::Empty => String::new(),
        }
    }
}

/// "(+ AED, IRR)": the currencies a converted figure leaves out; the
/// note under the table says why.
fn missing_note(t: &Totals) -> String {
    format!("(+ {})", t.missing_rates.join(", "))
}

/// A report ready to print: headers, right-aligned columns and rows (the
/// layout shared with the TUI, see `reports::table`).
struct Sheet {
    headers: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn of(table: table::Table) -> Sheet {
        Sheet {
            headers: table.headers,
            rows: table.rows.into_iter().map(|r| r.cells).collect(),
        }
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

    fn print(
        &self,
        config: &Config,
        out: &Render,
        csv: bool,
        title: &str,
        currency: &str,
    ) -> Result<()> {
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
                let mut cells: Vec<String> = row.iter().map(Shown::plain).collect();
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
        // Names from the config (stages, lost reasons, categories) by their
        // labels in the output's language; CSV and JSON keep the names.
        for row in &self.rows {
            let cells = row.iter().enumerate().map(|(i, c)| {
                match (c, table::named_column(&self.headers, row, i)) {
                    (Cell::Text(t), Some(named)) => out.locale().named(config, named, t),
                    _ => c.human(out),
                }
            });
            table.row(cells.collect());
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

fn title(
    name: &str,
    period: &Period,
    filter: &ReportFilter,
    out: &Render,
    config: &Config,
) -> String {
    let mut t = format!(
        "{name}: {} – {}",
        out.date(period.from),
        out.date(period.to)
    );
    // The pipeline by its label in the output's language.
    let pipeline = filter.pipeline.as_deref().map(|p| {
        config
            .shown(Named::Pipeline, p, out.locale().language)
            .to_owned()
    });
    for (label, value) in [
        ("owner", &filter.owner),
        ("pipeline", &pipeline),
        ("source", &filter.source),
    ] {
        if let Some(v) = value {
            t.push_str(&format!(", {label} {v}"));
        }
    }
    t
}

/// The report a subcommand names, and its flags.
fn named(command: &Command) -> (&'static str, &Common) {
    match command {
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
        Command::Quotes(c) => ("quotes", c),
        Command::Receivables(c) => ("receivables", c),
        Command::Campaigns(c) => ("campaigns", c),
    }
}

/// The period, filter and currency the flags ask for; an unknown
/// `--pipeline` is refused naming the defined ones.
fn scope_of(
    ctx: &Context,
    store: &crate::store::Store,
    common: &Common,
) -> Result<(Scope, ReportFilter, Period)> {
    let config = store.config().clone();
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
    let scope = Scope::new(
        store,
        &config,
        period,
        filter.clone(),
        ctx.clock.now_local(),
    )?;
    Ok((scope, filter, period))
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let store = ctx.open()?;
    let out = ctx.render(store.config());
    let (name, common) = named(&command);
    let (scope, filter, period) = scope_of(ctx, &store, common)?;
    let currency = scope.currency.clone();
    let heading = title(name, &period, &filter, &out, store.config());
    let print = |sheet: Sheet, json: &dyn erased::Json| {
        if common.json {
            return json.print(name, period, &currency);
        }
        sheet.print(store.config(), &out, common.csv, &heading, &currency)
    };
    if let Command::Cases(_) = command {
        let r = crate::reports::cases::run(&store, &scope)?;
        return print(cases_sheet(&r, &out), &r);
    }
    if let Command::Campaigns(_) = command {
        let r = crate::reports::campaigns::run(&store, &scope)?;
        return print(campaigns_sheet(&r), &r);
    }
    if let Some((sheet, json)) = sales_sheet(&command, &store, &scope, &out)? {
        return print(sheet, json.as_ref());
    }
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.name() == name)
        .unwrap_or_default();
    let report = table::run(kind, &store, &scope)?;
    if common.json {
        let json = |data: &dyn erased::Json| data.print(name, period, &currency);
        return match &report {
            Report::Dashboard(d) => json(d),
            Report::Funnel(f) => json(f),
            Report::Winrate(w) => json(w),
            Report::Cycle(c) => json(c),
            Report::Forecast(f) => json(f),
            Report::Revenue(r) => json(r),
            Report::Lost(l) => json(l),
            Report::Sources(s) => json(s),
            Report::Activity(a) => json(a),
        };
    }
    let sheet = Sheet::of(report.table());
    if let Report::Activity(a) = &report
        && !common.csv
    {
        sheet.print(store.config(), &out, false, &heading, &currency)?;
        let overdue = Sheet::of(table::overdue_table(a));
        return overdue.print(store.config(), &out, false, "Overdue tasks now:", &currency);
    }
    sheet.print(store.config(), &out, common.csv, &heading, &currency)
}

/// The campaigns report as a sheet, one row per campaign.
fn campaigns_sheet(r: &crate::reports::campaigns::Campaigns) -> Sheet {
    let rows = r
        .campaigns
        .iter()
        .map(|c| {
            vec![
                Cell::Text(c.name.clone()),
                Cell::Text(c.channel.clone()),
                Cell::Count(c.reached),
                Cell::Count(c.leads),
                Cell::Count(c.deals),
                Cell::Count(c.won),
                Cell::Money(c.won_value.clone()),
                Cell::Money(c.cost.clone()),
                match &c.cost_per_lead {
                    Some(m) => Cell::Money(Totals {
                        by_currency: vec![],
                        converted: m.clone(),
                        missing_rates: vec![],
                    }),
                    None => Cell::Text("–".to_string()),
                },
                Cell::Ratio(c.return_ratio),
            ]
        })
        .collect();
    Sheet {
        headers: vec![
            "campaign",
            "channel",
            "reached",
            "leads",
            "deals",
            "won",
            "won_value",
            "cost",
            "cost_per_lead",
            "return",
        ],
        rows,
    }
}

/// The cases report as a sheet: the whole team, each assignee and each
/// category, then the weeks.
fn cases_sheet(r: &crate::reports::cases::CasesReport, out: &Render) -> Sheet {
    let text = |s: &str| Cell::Text(s.to_string());
    let hours =
        |h: Option<f64>| Cell::Text(h.map_or("–".into(), |h| out.digits(&format!("{h:.1}"))));
    let mut rows = Vec::new();
    let groups = std::iter::once(("all", &r.overall))
        .chain(r.by_assignee.iter().map(|f| ("assignee", f)))
        .chain(r.by_category.iter().map(|f| ("category", f)));
    for (group, f) in groups {
        rows.push(vec![
            text(group),
            text(&f.name),
            Cell::Count(f.opened),
            Cell::Count(f.resolved),
            hours(f.median_first_response_hours),
            hours(f.median_resolution_hours),
            Cell::Ratio(f.breach_rate),
            Cell::Text(
                f.satisfaction_avg
                    .map_or("–".into(), |a| out.digits(&format!("{a:.2}"))),
            ),
        ]);
    }
    for w in &r.weeks {
        rows.push(vec![
            text("week"),
            Cell::Date(w.week),
            Cell::Count(w.opened),
            Cell::Count(w.resolved),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    Sheet {
        headers: vec![
            "group",
            "name",
            "opened",
            "resolved",
            "median_first_response_hours",
            "median_resolution_hours",
            "breach_rate",
            "satisfaction_avg",
        ],
        rows,
    }
}

/// The quotes and receivables reports as a sheet and as JSON; `None` for
/// the other reports.
fn sales_sheet(
    command: &Command,
    store: &crate::store::Store,
    scope: &Scope,
    out: &Render,
) -> Result<Option<(Sheet, Box<dyn erased::Json>)>> {
    use crate::model::money::decimal_string;
    use crate::reports::sales;
    let text = |s: &str| Cell::Text(s.to_string());
    match command {
        Command::Quotes(_) => {
            let r = sales::run_quotes(store, scope)?;
            let mut rows = Vec::new();
            for m in &r.months {
                rows.push(vec![
                    text("quotes"),
                    text(&out.digits(&m.month)),
                    Cell::Count(m.sent),
                    Cell::Count(m.accepted),
                    Cell::Ratio(m.acceptance_rate),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ]);
            }
            for m in &r.money {
                rows.push(vec![
                    text("money"),
                    text(&out.digits(&m.month)),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    text(&m.currency),
                    text(&decimal_string(m.invoiced, &m.currency)),
                    text(&decimal_string(m.collected, &m.currency)),
                ]);
            }
            let headers = vec![
                "group",
                "month",
                "sent",
                "accepted",
                "acceptance_rate",
                "currency",
                "invoiced",
                "collected",
            ];
            Ok(Some((Sheet { headers, rows }, Box::new(r))))
        }
        Command::Receivables(_) => {
            let r = sales::run_receivables(store, scope)?;
            let rows = r
                .rows
                .iter()
                .map(|row| {
                    let mut cells = vec![text(&row.currency), Cell::Count(row.invoices)];
                    cells.extend(
                        row.buckets
                            .iter()
                            .map(|b| text(&decimal_string(*b, &row.currency))),
                    );
                    cells.push(text(&decimal_string(row.total, &row.currency)));
                    cells
                })
                .collect();
            let headers = vec![
                "currency", "invoices", "not_due", "0-30", "31-60", "61-90", "over_90", "total",
            ];
            Ok(Some((Sheet { headers, rows }, Box::new(r))))
        }
        _ => Ok(None),
    }
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
