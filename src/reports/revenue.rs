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
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
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
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// The report over `deals`.
pub fn compute(deals: &[ReportDeal], scope: &Scope) -> Revenue {
    let mut months: BTreeMap<String, (i64, Sum, Vec<i64>)> = BTreeMap::new();
    let mut deal_ids = Vec::new();
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
            .or_insert_with(|| (0, scope.sum(), Vec::new()));
        slot.0 += 1;
        slot.2.push(deal.id);
        deal_ids.push(deal.id);
        slot.1
            .add(deal.value_minor, &deal.currency, rate_at, &scope.rates);
        total.add(deal.value_minor, &deal.currency, rate_at, &scope.rates);
        count += 1;
    }
    Revenue {
        months: months
            .into_iter()
            .map(|(month, (count, sum, deal_ids))| RevenueMonth {
                month,
                count,
                value: sum.totals(),
                deal_ids,
            })
            .collect(),
        count,
        value: total.totals(),
        deal_ids,
    }
}

/// The report for a scope.
pub fn run(store: &Store, scope: &Scope) -> Result<Revenue> {
    Ok(compute(
        &store.report_deals(&scope.filter, scope.touched())?,
        scope,
    ))
}
