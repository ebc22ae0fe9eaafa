//! Value won per month of the configured calendar (docs/reports.md#revenue).

use super::period::month_key;
use super::{Scope, Sum, Totals, winrate::closed_in};
use crate::error::Result;
use crate::model::DealStatus;
use crate::model::exchange::RateAt;
use crate::store::{ReportDeal, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// One month's revenue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevenueMonth {
    /// "1405-09" or "2026-12".
    pub month: String,
    /// Deals won.
    pub count: i64,
    /// Their value, per currency and converted at each close date.
    pub value: Totals,
}

/// The revenue report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revenue {
    /// Months with revenue, oldest first.
    pub months: Vec<RevenueMonth>,
    /// All months together.
    pub count: i64,
    /// All months together.
    pub value: Totals,
}

/// The report over `deals`.
pub fn compute(deals: &[ReportDeal], scope: &Scope) -> Revenue {
    let mut months: BTreeMap<String, (i64, Sum)> = BTreeMap::new();
    let mut total = scope.sum();
    let mut count = 0;
    for deal in deals {
        let (Some(DealStatus::Won), Some(at)) = (closed_in(deal, scope), deal.closed_at) else {
            continue;
        };
        let day = scope.local_day(at);
        let rate_at = RateAt::Day(day);
        let slot = months
            .entry(month_key(day, scope.calendar))
            .or_insert_with(|| (0, scope.sum()));
        slot.0 += 1;
        slot.1
            .add(deal.value_minor, &deal.currency, rate_at, &scope.rates);
        total.add(deal.value_minor, &deal.currency, rate_at, &scope.rates);
        count += 1;
    }
    Revenue {
        months: months
            .into_iter()
            .map(|(month, (count, sum))| RevenueMonth {
                month,
                count,
                value: sum.totals(),
            })
            .collect(),
        count,
        value: total.totals(),
    }
}

/// The report for a scope.
pub fn run(store: &Store, scope: &Scope) -> Result<Revenue> {
    Ok(compute(
        &store.report_deals(&scope.filter, scope.touched())?,
        scope,
    ))
}
