//! Computing what the Reports view shows, between frames: each report by
//! its own `run` (the same as `kariz report`), the dashboard's charts, and
//! the deals behind a row.

use chrono::{DateTime, FixedOffset};

use super::reports::{Charts, Drill, Loaded, ReportQuery};
use crate::error::{Error, Result};
use crate::reports::table::{self, Kind};
use crate::reports::{Period, Scope, Span, activity, funnel, revenue};
use crate::store::{ReportFilter, Store};

/// Months of revenue the dashboard's chart shows (ending with the period).
pub const REVENUE_MONTHS: usize = 6;

/// At most this many deals are listed behind a row (the title says how
/// many there are).
pub const DRILL_LIMIT: usize = 500;

/// Computes `query`'s report (and, for the dashboard, its charts).
pub fn report(store: &Store, query: &ReportQuery, now: DateTime<FixedOffset>) -> Result<Loaded> {
    let config = store.config().clone();
    let filter = ReportFilter {
        pipeline: query.pipeline.clone(),
        owner: query.owner.clone(),
        source: None,
    };
    let scope = Scope::new(store, &config, query.period, filter, now)?;
    let report = table::run(query.kind, store, &scope)?;
    let charts = if query.kind == Kind::Dashboard {
        let mut months = scope.clone();
        let mut first = Period::month_of(query.period.to, scope.calendar);
        for _ in 1..REVENUE_MONTHS {
            first = first.step(Span::Month, scope.calendar, false);
        }
        months.period = Period {
            from: first.from,
            to: query.period.to,
        };
        Some(Box::new(Charts {
            revenue: revenue::run(store, &months)?,
            funnel: funnel::run(store, &scope)?,
            activity: activity::run(store, &scope)?,
        }))
    } else {
        None
    };
    Ok(Loaded {
        query: query.clone(),
        table: report.table(),
        report,
        charts,
    })
}

/// The deals behind a row, as stored now (deleted ones left out).
pub fn deals(store: &Store, label: &str, ids: &[i64]) -> Result<Drill> {
    let mut deals = Vec::new();
    for &id in ids.iter().take(DRILL_LIMIT) {
        match store.deal(id) {
            Ok(deal) => deals.push(deal),
            Err(Error::NotFound { .. }) => {}
            Err(err) => return Err(err),
        }
    }
    Ok(Drill {
        label: label.to_string(),
        deals,
        selected: 0,
    })
}
