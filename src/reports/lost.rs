//! Lost deals by reason (docs/reports.md#lost).

use super::{Scope, Sum, Totals, label, winrate::closed_in};
use crate::error::Result;
use crate::model::DealStatus;
use crate::model::exchange::RateAt;
use crate::store::{ReportDeal, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// The group of reasons outside a pipeline's configured list.
pub const OTHER: &str = "other";

/// One reason's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LostReason {
    /// The stored reason, trimmed; `(none)` or `other`.
    pub reason: String,
    /// Deals lost for it in the period.
    pub count: i64,
    /// Their value, converted at each close date.
    pub value: Totals,
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// The lost report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lost {
    /// Reasons, most deals first.
    pub reasons: Vec<LostReason>,
    /// Deals lost in the period.
    pub count: i64,
    /// Their value.
    pub value: Totals,
}

/// The report over `deals`. `allowed(pipeline)` gives a pipeline's
/// configured reasons, when it has a list: other reasons group as `other`.
pub fn compute<'a>(
    deals: &[ReportDeal],
    allowed: impl Fn(&str) -> Option<&'a [String]>,
    scope: &Scope,
) -> Lost {
    let mut groups: BTreeMap<String, (i64, Sum, Vec<i64>)> = BTreeMap::new();
    let mut total = scope.sum();
    let mut count = 0;
    for deal in deals {
        let (Some(DealStatus::Lost), Some(at)) = (closed_in(deal, scope), deal.closed_at) else {
            continue;
        };
        let mut reason = label(deal.lost_reason.as_deref());
        if let Some(list) = allowed(&deal.pipeline)
            && reason != super::NONE
            && !list.iter().any(|r| r.trim().eq_ignore_ascii_case(&reason))
        {
            reason = OTHER.to_string();
        }
        let rate_at = RateAt::Day(scope.local_day(at));
        let slot = groups
            .entry(reason)
            .or_insert_with(|| (0, scope.sum(), Vec::new()));
        slot.0 += 1;
        slot.2.push(deal.id);
        slot.1
            .add(deal.value_minor, &deal.currency, rate_at, &scope.rates);
        total.add(deal.value_minor, &deal.currency, rate_at, &scope.rates);
        count += 1;
    }
    let mut rows: Vec<(String, i64, Sum, Vec<i64>)> = groups
        .into_iter()
        .map(|(r, (n, s, ids))| (r, n, s, ids))
        .collect();
    rows.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.2.converted_minor().cmp(&a.2.converted_minor()))
            .then(a.0.cmp(&b.0))
    });
    Lost {
        reasons: rows
            .into_iter()
            .map(|(reason, count, sum, deal_ids)| LostReason {
                reason,
                count,
                value: sum.totals(),
                deal_ids,
            })
            .collect(),
        count,
        value: total.totals(),
    }
}

/// The report for a scope: every stored reason is its own group. A reason
/// given by a listed reason's label (in any language) is stored by that
/// reason's name (`Pipeline::canonical_lost_reason`, in the store), so it
/// groups with it; front-ends show the name by its label.
pub fn run(store: &Store, scope: &Scope) -> Result<Lost> {
    Ok(compute(
        &store.report_deals(&scope.filter, scope.touched())?,
        |_| None,
        scope,
    ))
}
