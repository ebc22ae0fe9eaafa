//! Win rate among deals closed in the period, overall and by owner and
//! source (docs/reports.md#winrate).

use super::{Ratio, Scope, label};
use crate::error::Result;
use crate::model::DealStatus;
use crate::store::{ReportDeal, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// Won, lost and their ratio for one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WinRow {
    /// The owner or source (`(none)` when unset); empty for the total.
    pub name: String,
    /// Deals won in the period.
    pub won: i64,
    /// Deals lost in the period.
    pub lost: i64,
    /// won / (won + lost).
    pub win_rate: Ratio,
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// The win-rate report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WinRate {
    /// Deals won in the period.
    pub won: i64,
    /// Deals lost in the period.
    pub lost: i64,
    /// won / (won + lost).
    pub win_rate: Ratio,
    /// Per owner, by name.
    pub by_owner: Vec<WinRow>,
    /// Per lead source, by name.
    pub by_source: Vec<WinRow>,
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// Whether a deal is won or lost now and closed inside the period: the one
/// test every "closed in the period" figure uses.
pub fn closed_in(deal: &ReportDeal, scope: &Scope) -> Option<DealStatus> {
    let at = deal.closed_at?;
    (deal.status != DealStatus::Open && scope.in_period(at)).then_some(deal.status)
}

/// Won, lost and the deals, per group.
type Counts = BTreeMap<String, (i64, i64, Vec<i64>)>;

fn rows(counts: Counts) -> Vec<WinRow> {
    counts
        .into_iter()
        .map(|(name, (won, lost, deal_ids))| WinRow {
            name,
            won,
            lost,
            win_rate: Ratio::of(won, won + lost),
            deal_ids,
        })
        .collect()
}

/// The report over `deals`.
pub fn compute(deals: &[ReportDeal], scope: &Scope) -> WinRate {
    let (mut won, mut lost) = (0, 0);
    let mut owners: Counts = BTreeMap::new();
    let mut sources: Counts = BTreeMap::new();
    let mut deal_ids = Vec::new();
    for deal in deals {
        let Some(status) = closed_in(deal, scope) else {
            continue;
        };
        let is_won = status == DealStatus::Won;
        let bump = |slot: &mut (i64, i64, Vec<i64>)| {
            if is_won {
                slot.0 += 1
            } else {
                slot.1 += 1
            }
            slot.2.push(deal.id);
        };
        deal_ids.push(deal.id);
        if is_won {
            won += 1
        } else {
            lost += 1
        }
        bump(owners.entry(label(deal.owner.as_deref())).or_default());
        bump(sources.entry(label(deal.source.as_deref())).or_default());
    }
    WinRate {
        won,
        lost,
        win_rate: Ratio::of(won, won + lost),
        by_owner: rows(owners),
        by_source: rows(sources),
        deal_ids,
    }
}

/// The report for a scope.
pub fn run(store: &Store, scope: &Scope) -> Result<WinRate> {
    Ok(compute(
        &store.report_deals(&scope.filter, scope.touched())?,
        scope,
    ))
}
