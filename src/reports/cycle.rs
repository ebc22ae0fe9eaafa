//! Sales cycle of deals won in the period: days from creation to won, and
//! days spent in each stage (docs/reports.md#cycle).

use super::sum::{days, median};
use super::{Scope, winrate::closed_in};
use crate::error::Result;
use crate::model::DealStatus;
use crate::store::{Move, MoveWindow, ReportDeal, Store};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// Time spent in one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageTime {
    /// Stage name.
    pub stage: String,
    /// Won deals that spent time in it.
    pub deals: i64,
    /// Median days among them.
    pub median_days: Option<f64>,
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// The cycle report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cycle {
    /// Deals won in the period.
    pub deals: i64,
    /// Median days from creation to won.
    pub median_days: Option<f64>,
    /// Mean days from creation to won.
    pub mean_days: Option<f64>,
    /// Per stage, in the order of the config (stages of no pipeline last).
    pub stages: Vec<StageTime>,
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// The report over `deals` and their `moves` (by deal, then time);
/// `stage_order` lists stage names in the order rows should appear.
pub fn compute(
    deals: &[ReportDeal],
    moves: &[Move],
    stage_order: &[String],
    scope: &Scope,
) -> Cycle {
    let won: Vec<&ReportDeal> = deals
        .iter()
        .filter(|d| closed_in(d, scope) == Some(DealStatus::Won))
        .collect();
    let ids: HashSet<i64> = won.iter().map(|d| d.id).collect();
    let mut totals: Vec<i64> = won
        .iter()
        .filter_map(|d| Some((d.closed_at? - d.created_at).num_seconds()))
        .collect();
    let mean = (!totals.is_empty())
        .then(|| days(totals.iter().map(|&s| s as f64).sum::<f64>() / totals.len() as f64));
    let median_total = median(&mut totals).map(days);
    // Seconds per stage per deal: each stay runs from a move in to the next move.
    let mut per_stage: BTreeMap<String, (Vec<i64>, Vec<i64>)> = BTreeMap::new();
    for deal_moves in moves.chunk_by(|a, b| a.deal_id == b.deal_id) {
        if !deal_moves.first().is_some_and(|m| ids.contains(&m.deal_id)) {
            continue;
        }
        let mut stays: BTreeMap<&str, i64> = BTreeMap::new();
        for pair in deal_moves.windows(2) {
            if let [this, next] = pair {
                *stays.entry(this.stage.as_str()).or_default() += (next.at - this.at).num_seconds();
            }
        }
        for (stage, secs) in stays {
            let slot = per_stage.entry(stage.to_string()).or_default();
            slot.0.push(secs);
            if let Some(m) = deal_moves.first() {
                slot.1.push(m.deal_id);
            }
        }
    }
    let position = |s: &str| {
        stage_order
            .iter()
            .position(|o| o == s)
            .unwrap_or(usize::MAX)
    };
    let mut stages: Vec<StageTime> = per_stage
        .into_iter()
        .map(|(stage, (mut secs, deal_ids))| StageTime {
            deals: secs.len() as i64,
            median_days: median(&mut secs).map(days),
            stage,
            deal_ids,
        })
        .collect();
    stages.sort_by_key(|s| position(&s.stage));
    Cycle {
        deals: won.len() as i64,
        median_days: median_total,
        mean_days: mean,
        stages,
        deal_ids: won.iter().map(|d| d.id).collect(),
    }
}

/// The report for a scope.
pub fn run(store: &Store, scope: &Scope) -> Result<Cycle> {
    let order: Vec<String> = store
        .config()
        .pipelines
        .iter()
        .flat_map(|p| p.stages.iter().map(|s| s.name.clone()))
        .collect();
    let deals = store.report_deals(&scope.filter, scope.touched())?;
    let won_in_period = MoveWindow {
        since: None,
        closed: Some(scope.utc_bounds()),
    };
    let moves = store.report_moves(&scope.filter, won_in_period)?;
    Ok(compute(&deals, &moves, &order, scope))
}
