//! Exchange rates and goals: small reference tables the reports read.
//!
//! Neither is a record with a history page, so they are not in the change
//! log's entity list; each row keeps who set it and when (`actor`,
//! `set_at`).

use super::Writer;
use super::codec;
use crate::error::{Error, Result};
use crate::model::exchange::{Rate, RateValue};
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::Serialize;

/// Every stored rate, by pair and day.
pub fn all(conn: &Connection) -> Result<Vec<Rate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_currency, to_currency, day, rate FROM exchange_rates
         ORDER BY from_currency, to_currency, day",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (from, to, day, rate) = row?;
        let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .map_err(|e| Error::Database(format!("exchange rate day {day:?}: {e}")))?;
        let rate = RateValue::parse(&rate)
            .map_err(|e| Error::Database(format!("exchange rate {from}→{to} on {day}: {e}")))?;
        out.push(Rate {
            from,
            to,
            day,
            rate,
        });
    }
    Ok(out)
}

/// What a goal measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalMetric {
    /// Value of deals won, converted to the goal's currency.
    WonValue,
    /// Number of deals won.
    DealsWon,
    /// Number of activities authored.
    Activities,
}

impl GoalMetric {
    /// The stored and typed name.
    pub fn as_str(self) -> &'static str {
        match self {
            GoalMetric::WonValue => "won_value",
            GoalMetric::DealsWon => "deals_won",
            GoalMetric::Activities => "activities",
        }
    }

    /// Parses the stored or typed name.
    pub fn parse(text: &str) -> Option<GoalMetric> {
        match text {
            "won_value" => Some(GoalMetric::WonValue),
            "deals_won" => Some(GoalMetric::DealsWon),
            "activities" => Some(GoalMetric::Activities),
            _ => None,
        }
    }
}

/// A stored goal: `owner` aims at `target` of `metric` per `period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    /// Row id (for `goal rm`).
    pub id: i64,
    /// The owner, as stored on deals.
    pub owner: String,
    /// What is measured.
    pub metric: GoalMetric,
    /// The period length; only "month" today.
    pub period: String,
    /// The target: minor units of `currency` for won_value, else a count.
    pub target: i64,
    /// The currency of a won_value target.
    pub currency: Option<String>,
}

/// Every goal, by owner and metric.
pub fn goals(conn: &Connection) -> Result<Vec<Goal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, owner, metric, period, target, currency FROM goals ORDER BY owner, metric",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, owner, metric, period, target, currency) = row?;
        let metric = GoalMetric::parse(&metric)
            .ok_or_else(|| Error::Database(format!("goal {id}: unknown metric {metric:?}")))?;
        out.push(Goal {
            id,
            owner,
            metric,
            period,
            target,
            currency,
        });
    }
    Ok(out)
}

impl Writer<'_> {
    /// Sets the rate of a pair on a day, replacing one set that day.
    pub fn set_rate(&mut self, rate: &Rate) -> Result<()> {
        self.conn().execute(
            "INSERT INTO exchange_rates (from_currency, to_currency, day, rate, set_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (from_currency, to_currency, day)
             DO UPDATE SET rate = excluded.rate, set_at = excluded.set_at, actor = excluded.actor",
            params![
                rate.from,
                rate.to,
                codec::date(rate.day),
                rate.rate.to_text(),
                codec::ts(self.now),
                self.actor
            ],
        )?;
        Ok(())
    }

    /// Sets an owner's goal for a metric and period, replacing the old one.
    /// Returns its id.
    pub fn set_goal(
        &mut self,
        owner: &str,
        metric: GoalMetric,
        period: &str,
        target: i64,
        currency: Option<&str>,
    ) -> Result<i64> {
        let id = self.conn().query_row(
            "INSERT INTO goals (owner, metric, period, target, currency, set_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (owner, metric, period)
             DO UPDATE SET target = excluded.target, currency = excluded.currency,
                           set_at = excluded.set_at, actor = excluded.actor
             RETURNING id",
            params![
                owner,
                metric.as_str(),
                period,
                target,
                currency,
                codec::ts(self.now),
                self.actor
            ],
            |r| r.get(0),
        )?;
        Ok(id)
    }

    /// Removes a goal; `false` when there was none with that id.
    pub fn remove_goal(&mut self, id: i64) -> Result<bool> {
        let n = self
            .conn()
            .execute("DELETE FROM goals WHERE id = ?1", params![id])?;
        Ok(n > 0)
    }
}
