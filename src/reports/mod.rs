//! Reports: pure aggregation of the rows `store::reports` reads, one file
//! per report. Definitions of every figure: docs/reports.md.
//!
//! Each report file has a pure `compute` over rows (tested with hand-built
//! data) and a `run` that reads the rows from the store for a [`Scope`].

pub mod activity;
pub mod campaigns;
pub mod cases;
pub mod cycle;
pub mod dashboard;
pub mod forecast;
pub mod funnel;
pub mod lost;
pub mod period;
pub mod revenue;
pub mod sales;
pub mod sources;
pub mod sum;
pub mod table;
pub mod winrate;

pub use period::{Period, Span};
pub use sum::{Ratio, Sum, Totals};

use crate::config::{Calendar, Config};
use crate::model::exchange::Rates;
use crate::store::{ReportFilter, Store};
use chrono::{DateTime, NaiveDate, Utc, Weekday};

/// Everything a report needs besides the rows: the period, the filters,
/// the calendar, "now" and the money settings.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The period reported on.
    pub period: Period,
    /// Pipeline, owner and source filters.
    pub filter: ReportFilter,
    /// The configured calendar (month buckets).
    pub calendar: Calendar,
    /// First day of the week (activity buckets).
    pub week_start: Weekday,
    /// Today, local.
    pub today: NaiveDate,
    /// Now (UTC).
    pub now: DateTime<Utc>,
    /// The clock's UTC offset in seconds (local days of stored UTC times).
    pub offset_seconds: i32,
    /// Currency every total is converted to.
    pub currency: String,
    /// Known exchange rates.
    pub rates: Rates,
}

impl Scope {
    /// A scope over `period` with the config's calendar, week start and
    /// report currency, and the store's rates.
    pub fn new(
        store: &Store,
        config: &Config,
        period: Period,
        filter: ReportFilter,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> crate::Result<Scope> {
        let locale = crate::locale::Locale::from_config(config);
        Ok(Scope {
            period,
            filter,
            calendar: config.display.calendar,
            week_start: locale.week_start(),
            today: now.date_naive(),
            now: now.with_timezone(&Utc),
            offset_seconds: now.offset().local_minus_utc(),
            currency: config.money.report_currency.clone(),
            rates: Rates::new(store.rates()?),
        })
    }

    /// Whether a stored UTC time falls in the period (by its local day).
    pub fn in_period(&self, at: DateTime<Utc>) -> bool {
        self.period.contains(self.local_day(at))
    }

    /// The local date of a stored UTC time.
    pub fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        (at + chrono::Duration::seconds(i64::from(self.offset_seconds))).date_naive()
    }

    /// The period's bounds in UTC, end exclusive, for queries.
    pub fn utc_bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        self.period.utc_bounds(self.offset_seconds)
    }

    /// The deals a period report can count: created or closed in the period.
    pub fn touched(&self) -> crate::store::DealRows {
        let (from, to) = self.utc_bounds();
        crate::store::DealRows::Touched(from, to)
    }

    /// A new empty money sum in the report currency.
    pub fn sum(&self) -> Sum {
        Sum::new(&self.currency)
    }
}

/// The label of an unset owner, source or reason.
pub const NONE: &str = "(none)";

/// Owner, source or reason text as grouped: trimmed, `(none)` when unset.
pub fn label(text: Option<&str>) -> String {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(NONE)
        .to_string()
}
