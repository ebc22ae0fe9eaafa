//! Funnel: for each open stage, deals that entered it in the period and how
//! many of those went on to a later stage (docs/reports.md#funnel).

use super::{Ratio, Scope};
use crate::config::{Pipeline, StageKind};
use crate::error::{Error, Result};
use crate::store::{Move, MoveWindow, ReportDeal, Store};
use serde::Serialize;
use std::collections::HashMap;

/// One open stage's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelStage {
    /// Stage name.
    pub stage: String,
    /// Deals that entered it in the period.
    pub entered: i64,
    /// Of those, deals that later reached a later stage.
    pub advanced: i64,
    /// advanced / entered.
    pub conversion: Ratio,
    /// The deals behind the row (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<i64>,
}

/// The funnel of one pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    /// The pipeline.
    pub pipeline: String,
    /// Open stages in board order.
    pub stages: Vec<FunnelStage>,
    /// Deals created in the period.
    pub created: i64,
    /// Of those, deals now won.
    pub won: i64,
    /// won / created.
    pub lead_to_won: Ratio,
}

/// The funnel over `deals` (at least those of `pipeline` created in the
/// period) and `moves` (those of `pipeline`'s deals from the period's
/// start on, by deal, then time).
pub fn compute(pipeline: &Pipeline, deals: &[ReportDeal], moves: &[Move], scope: &Scope) -> Funnel {
    // Rank of every stage a move can enter: open stages by position, won
    // after them all; lost (and unknown stages) never count as an advance.
    let open: Vec<&str> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| s.name.as_str())
        .collect();
    let rank = |stage: &str| -> Option<usize> {
        if let Some(i) = open.iter().position(|s| *s == stage) {
            return Some(i);
        }
        pipeline
            .stages
            .iter()
            .any(|s| s.kind == StageKind::Won && s.name == stage)
            .then_some(open.len())
    };
    let mut entered = vec![0i64; open.len()];
    let mut advanced = vec![0i64; open.len()];
    let mut entered_ids: Vec<Vec<i64>> = vec![Vec::new(); open.len()];
    let in_pipeline: HashMap<i64, &ReportDeal> = deals
        .iter()
        .filter(|d| d.pipeline == pipeline.name)
        .map(|d| (d.id, d))
        .collect();
    for deal_moves in moves.chunk_by(|a, b| a.deal_id == b.deal_id) {
        for (i, stage) in open.iter().enumerate() {
            // The first entry into this stage inside the period.
            let Some(pos) = deal_moves
                .iter()
                .position(|m| m.stage == *stage && scope.in_period(m.at))
            else {
                continue;
            };
            if let Some(slot) = entered.get_mut(i) {
                *slot += 1;
            }
            if let (Some(ids), Some(m)) = (entered_ids.get_mut(i), deal_moves.get(pos)) {
                ids.push(m.deal_id);
            }
            let later = deal_moves
                .iter()
                .skip(pos + 1)
                .any(|m| rank(&m.stage).is_some_and(|r| r > i));
            if later && let Some(slot) = advanced.get_mut(i) {
                *slot += 1;
            }
        }
    }
    let created: Vec<&&ReportDeal> = in_pipeline
        .values()
        .filter(|d| scope.in_period(d.created_at))
        .collect();
    let won = created
        .iter()
        .filter(|d| d.status == crate::model::DealStatus::Won)
        .count() as i64;
    let created = created.len() as i64;
    Funnel {
        pipeline: pipeline.name.clone(),
        stages: open
            .iter()
            .zip(entered.iter().zip(advanced.iter()))
            .zip(entered_ids)
            .map(|((stage, (&e, &a)), deal_ids)| FunnelStage {
                stage: stage.to_string(),
                entered: e,
                advanced: a,
                conversion: Ratio::of(a, e),
                deal_ids,
            })
            .collect(),
        created,
        won,
        lead_to_won: Ratio::of(won, created),
    }
}

/// The funnel of the scope's pipeline (the config's first when unset).
pub fn run(store: &Store, scope: &Scope) -> Result<Funnel> {
    let config = store.config();
    let pipeline = match &scope.filter.pipeline {
        Some(name) => config
            .pipelines
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "no pipeline {name:?} in the config; defined: {}",
                    config
                        .pipelines
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?,
        None => config
            .pipelines
            .first()
            .ok_or_else(|| Error::Invalid("the config defines no pipeline".into()))?,
    };
    let mut filter = scope.filter.clone();
    filter.pipeline = Some(pipeline.name.clone());
    let deals = store.report_deals(&filter, scope.touched())?;
    let since = MoveWindow {
        since: Some(scope.utc_bounds().0),
        closed: None,
    };
    let moves = store.report_moves(&filter, since)?;
    Ok(compute(pipeline, &deals, &moves, scope))
}
