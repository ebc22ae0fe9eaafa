//! Open deals by expected-close month, with value and weighted value
//! (docs/reports.md#forecast).

use super::period::month_key;
use super::{Scope, Sum, Totals};
use crate::config::Config;
use crate::error::Result;
use crate::model::DealStatus;
use crate::model::exchange::RateAt;
use crate::model::pipeline::{effective_probability, weighted_value};
use crate::store::{ReportDeal, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// The bucket of deals whose expected close has passed.
pub const OVERDUE: &str = "overdue";
/// The bucket of deals without an expected close.
pub const NO_DATE: &str = "none";

/// One bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastMonth {
    /// "overdue", a month ("1405-09", "2026-12") or "none".
    pub month: String,
    /// Open deals in it.
    pub count: i64,
    /// Their value, per currency and converted at the latest rate.
    pub value: Totals,
    /// Their value × probability, likewise.
    pub weighted: Totals,
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// The forecast report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// Buckets: overdue, then months in order, then none.
    pub months: Vec<ForecastMonth>,
    /// Every open deal.
    pub count: i64,
    /// Their value.
    pub value: Totals,
    /// Their weighted value.
    pub weighted: Totals,
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// A stage's configured probability, by pipeline and stage name.
pub fn stage_probability(config: &Config, pipeline: &str, stage: &str) -> Option<u8> {
    config
        .pipelines
        .iter()
        .find(|p| p.name == pipeline)?
        .stages
        .iter()
        .find(|s| s.name == stage)
        .map(|s| s.probability)
}

/// The weighted value of one open deal (its probability or its stage's).
pub fn weighted(config: &Config, deal: &ReportDeal) -> i64 {
    let p = effective_probability(
        deal.probability,
        stage_probability(config, &deal.pipeline, &deal.stage),
    );
    weighted_value(deal.value_minor, p)
}

/// Count, value, weighted value and deal ids of one bucket.
type Bucket = (i64, Sum, Sum, Vec<i64>);

/// The report over `deals`.
pub fn compute(config: &Config, deals: &[ReportDeal], scope: &Scope) -> Forecast {
    // Sort key: 0 overdue, 1 months (by key), 2 no date.
    let mut buckets: BTreeMap<(u8, String), Bucket> = BTreeMap::new();
    let mut deal_ids = Vec::new();
    let (mut count, mut value, mut weight) = (0, scope.sum(), scope.sum());
    for deal in deals.iter().filter(|d| d.status == DealStatus::Open) {
        let key = match deal.expected_close {
            Some(day) if day < scope.today => (0, OVERDUE.to_string()),
            Some(day) => (1, month_key(day, scope.calendar)),
            None => (2, NO_DATE.to_string()),
        };
        let w = weighted(config, deal);
        let slot = buckets
            .entry(key)
            .or_insert_with(|| (0, scope.sum(), scope.sum(), Vec::new()));
        slot.0 += 1;
        slot.3.push(deal.id);
        deal_ids.push(deal.id);
        slot.1.add(
            deal.value_minor,
            &deal.currency,
            RateAt::Latest,
            &scope.rates,
        );
        slot.2.add(w, &deal.currency, RateAt::Latest, &scope.rates);
        count += 1;
        value.add(
            deal.value_minor,
            &deal.currency,
            RateAt::Latest,
            &scope.rates,
        );
        weight.add(w, &deal.currency, RateAt::Latest, &scope.rates);
    }
    Forecast {
        months: buckets
            .into_iter()
            .map(
                |((_, month), (count, value, weighted, deal_ids))| ForecastMonth {
                    month,
                    count,
                    value: value.totals(),
                    weighted: weighted.totals(),
                    deal_ids,
                },
            )
            .collect(),
        count,
        value: value.totals(),
        weighted: weight.totals(),
        deal_ids,
    }
}

/// The report for a scope (the period does not apply).
pub fn run(store: &Store, scope: &Scope) -> Result<Forecast> {
    Ok(compute(
        store.config(),
        &store.report_deals(&scope.filter, crate::store::DealRows::Open)?,
        scope,
    ))
}
