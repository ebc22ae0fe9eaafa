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
}

/// Whether a deal is won or lost now and closed inside the period: the one
/// test every "closed in the period" figure uses.
pub fn closed_in(deal: &ReportDeal, scope: &Scope) -> Option<DealStatus> {
    let at = deal.closed_at?;
    (deal.status != DealStatus::Open && scope.in_period(at)).then_some(deal.status)
}

fn rows(counts: BTreeMap<String, (i64, i64)>) -> Vec<WinRow> {
    counts
        .into_iter()
        .map(|(name, (won, lost))| WinRow {
            name,
            won,
            lost,
            win_rate: Ratio::of(won, won + lost),
        })
        .collect()
}

/// The report over `deals`.
pub fn compute(deals: &[ReportDeal], scope: &Scope) -> WinRate {
    let (mut won, mut lost) = (0, 0);
    let mut owners: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut sources: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for deal in deals {
        let Some(status) = closed_in(deal, scope) else {
            continue;
        };
        let is_won = status == DealStatus::Won;
        let bump = |slot: &mut (i64, i64)| {
            if is_won { slot.0 += 1 } else { slot.1 += 1 }
        };
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
    }
}

/// The report for a scope.
pub fn run(store: &Store, scope: &Scope) -> Result<WinRate> {
    Ok(compute(
        &store.report_deals(&scope.filter, scope.touched())?,
        scope,
    ))
}
