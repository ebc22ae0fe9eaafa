//! Per lead source: people, deals, wins and won value (docs/reports.md#sources).

use super::{Ratio, Scope, Sum, Totals, label, winrate::closed_in};
use crate::error::Result;
use crate::model::DealStatus;
use crate::model::exchange::RateAt;
use crate::store::{ReportDeal, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// One source's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRow {
    /// The lead source, `(none)` when unset.
    pub source: String,
    /// People created in the period.
    pub people: i64,
    /// Deals created in the period.
    pub deals: i64,
    /// Deals won in the period.
    pub won: i64,
    /// Deals lost in the period.
    pub lost: i64,
    /// Value of the deals won, converted at each close date.
    pub won_value: Totals,
    /// won / (won + lost).
    pub win_rate: Ratio,
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// The sources report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sources {
    /// By source name.
    pub sources: Vec<SourceRow>,
}

#[derive(Default)]
struct Acc {
    people: i64,
    deals: i64,
    won: i64,
    lost: i64,
    value: Option<Sum>,
    deal_ids: Vec<i64>,
}

/// The report over `people` (source, count created in the period) and `deals`.
pub fn compute(people: &[(Option<String>, i64)], deals: &[ReportDeal], scope: &Scope) -> Sources {
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for (source, n) in people {
        acc.entry(label(source.as_deref())).or_default().people += n;
    }
    for deal in deals {
        let slot = acc.entry(label(deal.source.as_deref())).or_default();
        let closed = closed_in(deal, scope);
        if scope.in_period(deal.created_at) {
            slot.deals += 1;
        }
        if scope.in_period(deal.created_at) || closed.is_some() {
            slot.deal_ids.push(deal.id);
        }
        match (closed, deal.closed_at) {
            (Some(DealStatus::Won), Some(at)) => {
                slot.won += 1;
                slot.value.get_or_insert_with(|| scope.sum()).add(
                    deal.value_minor,
                    &deal.currency,
                    RateAt::Day(scope.local_day(at)),
                    &scope.rates,
                );
            }
            (Some(DealStatus::Lost), _) => slot.lost += 1,
            _ => {}
        }
    }
    Sources {
        sources: acc
            .into_iter()
            .filter(|(_, a)| a.people + a.deals + a.won + a.lost > 0)
            .map(|(source, a)| SourceRow {
                source,
                people: a.people,
                deals: a.deals,
                won: a.won,
                lost: a.lost,
                won_value: a.value.unwrap_or_else(|| scope.sum()).totals(),
                win_rate: Ratio::of(a.won, a.won + a.lost),
                deal_ids: a.deal_ids,
            })
            .collect(),
    }
}

/// The report for a scope.
pub fn run(store: &Store, scope: &Scope) -> Result<Sources> {
    let (from, to) = scope.utc_bounds();
    let people = store.people_by_source(
        from,
        to,
        scope.filter.owner.as_deref(),
        scope.filter.source.as_deref(),
    )?;
    Ok(compute(
        &people,
        &store.report_deals(&scope.filter, scope.touched())?,
        scope,
    ))
}
