//! This period against the previous one, and goals (docs/reports.md#dashboard).

use super::{Period, Ratio, Scope, Sum, Totals, forecast, winrate};
use crate::config::Config;
use crate::error::Result;
use crate::model::DealStatus;
use crate::model::exchange::RateAt;
use crate::model::money::Money;
use crate::store::{DealRows, Goal, GoalMetric, ReportDeal, Store};
use serde::Serialize;

/// The flow figures of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodFigures {
    /// The period.
    pub period: Period,
    /// Value won, converted at each close date.
    pub won_value: Totals,
    /// Deals won.
    pub won: i64,
    /// Deals lost.
    pub lost: i64,
    /// won / (won + lost).
    pub win_rate: Ratio,
    /// People created.
    pub new_people: i64,
    /// Deals created.
    pub new_deals: i64,
    /// The deals won, lost and created (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub deal_ids: DealIds,
}

/// The deals behind a period's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealIds {
    /// Won in the period.
    pub won: Vec<i64>,
    /// Lost in the period.
    pub lost: Vec<i64>,
    /// Created in the period.
    pub created: Vec<i64>,
}

/// Progress of one goal in the current period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalProgress {
    /// The goal's owner.
    pub owner: String,
    /// What is measured.
    pub metric: GoalMetric,
    /// The target (minor units of `currency` for won_value).
    pub target: i64,
    /// What was reached.
    pub actual: i64,
    /// The currency of won_value goals.
    pub currency: Option<String>,
    /// actual / target.
    pub progress: Ratio,
    /// Currencies left out of a won_value actual for want of a rate.
    pub missing_rates: Vec<String>,
}

/// The dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    /// This period.
    pub current: PeriodFigures,
    /// The one before.
    pub previous: PeriodFigures,
    /// Weighted value of every open deal now, converted at the latest rate.
    pub open_weighted: Totals,
    /// Open tasks due before today.
    pub overdue_tasks: i64,
    /// Goals with their progress this period.
    pub goals: Vec<GoalProgress>,
    /// The open deals (the view's drill-down; not in JSON).
    #[serde(skip)]
    pub open_ids: Vec<i64>,
}

/// The flow figures of `scope`'s period; `new_people` comes from the store.
pub fn figures(deals: &[ReportDeal], new_people: i64, scope: &Scope) -> PeriodFigures {
    let rates = winrate::compute(deals, scope);
    let mut won_value = scope.sum();
    let mut ids = DealIds::default();
    for deal in deals {
        match winrate::closed_in(deal, scope) {
            Some(DealStatus::Won) => ids.won.push(deal.id),
            Some(DealStatus::Lost) => ids.lost.push(deal.id),
            _ => {}
        }
        if scope.in_period(deal.created_at) {
            ids.created.push(deal.id);
        }
        if let (Some(DealStatus::Won), Some(at)) = (winrate::closed_in(deal, scope), deal.closed_at)
        {
            won_value.add(
                deal.value_minor,
                &deal.currency,
                RateAt::Day(scope.local_day(at)),
                &scope.rates,
            );
        }
    }
    PeriodFigures {
        period: scope.period,
        won_value: won_value.totals(),
        won: rates.won,
        lost: rates.lost,
        win_rate: rates.win_rate,
        new_people,
        new_deals: ids.created.len() as i64,
        deal_ids: ids,
    }
}

/// Progress of each goal: `activities(owner)` counts what the owner
/// authored in the period.
pub fn goals(
    goals: &[Goal],
    deals: &[ReportDeal],
    activities: impl Fn(&str) -> i64,
    scope: &Scope,
) -> Vec<GoalProgress> {
    goals
        .iter()
        .filter(|g| scope.filter.owner.as_ref().is_none_or(|o| *o == g.owner))
        .map(|g| {
            let won = || {
                deals.iter().filter(|d| {
                    d.owner.as_deref() == Some(g.owner.as_str())
                        && winrate::closed_in(d, scope) == Some(DealStatus::Won)
                })
            };
            let mut missing = Vec::new();
            let actual = match g.metric {
                GoalMetric::DealsWon => won().count() as i64,
                GoalMetric::Activities => activities(&g.owner),
                GoalMetric::WonValue => {
                    let currency = g.currency.as_deref().unwrap_or(&scope.currency);
                    let mut sum = Sum::new(currency);
                    for d in won() {
                        if let Some(at) = d.closed_at {
                            sum.add(
                                d.value_minor,
                                &d.currency,
                                RateAt::Day(scope.local_day(at)),
                                &scope.rates,
                            );
                        }
                    }
                    missing = sum.totals().missing_rates;
                    sum.converted_minor()
                }
            };
            GoalProgress {
                owner: g.owner.clone(),
                metric: g.metric,
                target: g.target,
                actual,
                currency: g.currency.clone(),
                progress: Ratio::of(actual, g.target),
                missing_rates: missing,
            }
        })
        .collect()
}

/// The open pipeline's weighted value now.
pub fn open_weighted(config: &Config, deals: &[ReportDeal], scope: &Scope) -> Totals {
    let mut sum = scope.sum();
    for deal in deals.iter().filter(|d| d.status == DealStatus::Open) {
        sum.add(
            forecast::weighted(config, deal),
            &deal.currency,
            RateAt::Latest,
            &scope.rates,
        );
    }
    sum.totals()
}

fn new_people(store: &Store, scope: &Scope) -> Result<i64> {
    let (from, to) = scope.utc_bounds();
    Ok(store
        .people_by_source(
            from,
            to,
            scope.filter.owner.as_deref(),
            scope.filter.source.as_deref(),
        )?
        .iter()
        .map(|(_, n)| n)
        .sum())
}

/// The dashboard for a scope.
pub fn run(store: &Store, scope: &Scope) -> Result<Dashboard> {
    let mut before = scope.clone();
    before.period = scope.period.previous(scope.calendar);
    // Both periods' flows from one read of the deals touched in either.
    let both = (before.utc_bounds().0, scope.utc_bounds().1);
    let deals = store.report_deals(&scope.filter, DealRows::OpenOrTouched(both.0, both.1))?;
    let current = figures(&deals, new_people(store, scope)?, scope);
    let previous = figures(&deals, new_people(store, &before)?, &before);
    let goal_list = store.goals()?;
    // Counting a month of activities is the dashboard's dearest read; only
    // activity goals need it.
    let counts = if goal_list.iter().any(|g| g.metric == GoalMetric::Activities) {
        let (from, to) = scope.utc_bounds();
        store.activity_counts(from, to, scope.offset_seconds, None)?
    } else {
        Vec::new()
    };
    let activities = |owner: &str| {
        counts
            .iter()
            .filter(|(a, ..)| a == owner)
            .map(|(.., n)| n)
            .sum()
    };
    let owner = scope.filter.owner.as_deref();
    Ok(Dashboard {
        current,
        previous,
        open_weighted: open_weighted(store.config(), &deals, scope),
        overdue_tasks: store
            .overdue_tasks(scope.today, owner)?
            .iter()
            .map(|(_, n)| n)
            .sum(),
        goals: goals(&goal_list, &deals, activities, scope),
        open_ids: deals
            .iter()
            .filter(|d| d.status == DealStatus::Open)
            .map(|d| d.id)
            .collect(),
    })
}

/// A money figure for tables and JSON.
pub fn money(minor: i64, currency: &str) -> Money {
    Money {
        minor,
        currency: currency.to_string(),
    }
}
