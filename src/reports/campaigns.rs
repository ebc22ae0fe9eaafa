//! Per campaign: people reached, leads, deals, wins, won value, cost, cost
//! per lead and return (docs/reports.md#campaigns).

use super::{Ratio, Scope, Totals};
use crate::error::Result;
use crate::model::exchange::{RateAt, div_round_half_away};
use crate::model::money::Money;
use crate::model::{Campaign, DealStatus};
use crate::store::{CampaignCounts, CampaignDeal, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// One campaign's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignRow {
    /// Campaign id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its channel.
    pub channel: String,
    /// Distinct people sent a message for it in the period.
    pub reached: i64,
    /// People attributed to it, created in the period.
    pub leads: i64,
    /// Deals attributed to it, created in the period.
    pub deals: i64,
    /// Of its deals, those won in the period.
    pub won: i64,
    /// Value of those won deals, converted at each close date.
    pub won_value: Totals,
    /// Its whole cost, converted at its first day (the latest rate when it
    /// has none).
    pub cost: Totals,
    /// cost / leads in the report currency; null without leads or rate.
    pub cost_per_lead: Option<Money>,
    /// (won value − cost) / cost; null when the cost is 0 or a rate is missing.
    #[serde(rename = "return")]
    pub return_ratio: Ratio,
}

/// The campaigns report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campaigns {
    /// By campaign name.
    pub campaigns: Vec<CampaignRow>,
}

/// Whether a campaign's dates overlap the period (a missing end is open).
fn overlaps(c: &Campaign, scope: &Scope) -> bool {
    c.data.starts_on.is_none_or(|s| s <= scope.period.to)
        && c.data.ends_on.is_none_or(|e| e >= scope.period.from)
}

/// The report over the campaigns, their counts and their deals.
pub fn compute(
    campaigns: &[Campaign],
    counts: &BTreeMap<i64, CampaignCounts>,
    deals: &[CampaignDeal],
    scope: &Scope,
) -> Campaigns {
    let mut rows = Vec::new();
    for c in campaigns {
        let n = counts.get(&c.id).cloned().unwrap_or_default();
        let mine = deals.iter().filter(|d| d.campaign_id == c.id);
        let (mut created, mut won) = (0, 0);
        let mut value = scope.sum();
        for d in mine {
            if scope.in_period(d.created_at) {
                created += 1;
            }
            if d.status == DealStatus::Won
                && let Some(at) = d.closed_at.filter(|at| scope.in_period(*at))
            {
                won += 1;
                value.add(
                    d.value_minor,
                    &d.currency,
                    RateAt::Day(scope.local_day(at)),
                    &scope.rates,
                );
            }
        }
        if !overlaps(c, scope) && n.reached + n.leads + created + won == 0 {
            continue;
        }
        let mut cost = scope.sum();
        let at = c.data.starts_on.map_or(RateAt::Latest, RateAt::Day);
        cost.add(c.data.cost_minor, &c.data.currency, at, &scope.rates);
        let (won_value, cost) = (value.totals(), cost.totals());
        let cost_known = cost.missing_rates.is_empty();
        let cost_per_lead = (cost_known && n.leads > 0)
            .then(|| {
                div_round_half_away(i128::from(cost.converted.minor), i128::from(n.leads))
                    .and_then(|m| i64::try_from(m).ok())
            })
            .flatten()
            .map(|minor| Money {
                minor,
                currency: scope.currency.clone(),
            });
        let return_ratio = if cost_known && won_value.missing_rates.is_empty() {
            let gain = won_value
                .converted
                .minor
                .saturating_sub(cost.converted.minor);
            Ratio::of(gain, cost.converted.minor)
        } else {
            Ratio(None)
        };
        rows.push(CampaignRow {
            id: c.id,
            name: c.data.name.clone(),
            channel: c.data.channel.as_str().to_string(),
            reached: n.reached,
            leads: n.leads,
            deals: created,
            won,
            won_value,
            cost,
            cost_per_lead,
            return_ratio,
        });
    }
    Campaigns { campaigns: rows }
}

/// The report for a scope: the owner filter applies to leads and deals,
/// the pipeline filter to deals.
pub fn run(store: &Store, scope: &Scope) -> Result<Campaigns> {
    let (from, to) = scope.utc_bounds();
    let owner = scope.filter.owner.as_deref();
    let counts = store.campaign_counts(from, to, owner)?;
    let deals = store.campaign_deals(from, to, scope.filter.pipeline.as_deref(), owner)?;
    Ok(compute(&store.campaigns()?, &counts, &deals, scope))
}
