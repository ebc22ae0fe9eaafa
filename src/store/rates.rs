//! Exchange rates and goals: small reference tables the reports read.
//!
//! Both are change-logged records (`Entity::Rate`, `Entity::Goal`, shown
//! by `kariz history rate|goal`), versioned where edited (migration 13);
//! each row also keeps who set it last and when (`actor`, `set_at`).

use super::Writer;
use super::codec;
use super::db::{Connection, OptionalExtension, params};
use crate::error::{Error, Result};
use crate::model::Entity;
use crate::model::exchange::{Rate, RateValue};
use crate::model::snapshot::Snapshot;
use chrono::NaiveDate;
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

/// A rate's logged fields (the change log's create, update and delete rows).
struct RateFields<'a> {
    from: &'a str,
    to: &'a str,
    day: String,
    rate: String,
}

impl Snapshot for RateFields<'_> {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("from", Some(self.from.to_string())),
            ("to", Some(self.to.to_string())),
            ("day", Some(self.day.clone())),
            ("rate", Some(self.rate.clone())),
        ]
    }
}

/// A goal's logged fields.
struct GoalFields<'a> {
    owner: &'a str,
    metric: GoalMetric,
    period: &'a str,
    target: i64,
    currency: Option<&'a str>,
}

impl Snapshot for GoalFields<'_> {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("owner", Some(self.owner.to_string())),
            ("metric", Some(self.metric.as_str().to_string())),
            ("period", Some(self.period.to_string())),
            ("target", Some(self.target.to_string())),
            ("currency", self.currency.map(str::to_string)),
        ]
    }
}

impl Writer<'_> {
    /// Sets the rate of a pair on a day. A new pair and day is a created
    /// `rate` record; setting it again to another value is an update of
    /// its `rate` field at the version read (the same value changes and
    /// logs nothing). All in the caller's transaction, log rows included.
    pub fn set_rate(&mut self, rate: &Rate) -> Result<()> {
        let day = codec::date(rate.day);
        let text = rate.rate.to_text();
        let fields = RateFields {
            from: &rate.from,
            to: &rate.to,
            day: day.clone(),
            rate: text.clone(),
        };
        let stored: Option<(i64, String, i64)> = self
            .conn()
            .query_row(
                "SELECT id, rate, version FROM exchange_rates
                 WHERE from_currency = ?1 AND to_currency = ?2 AND day = ?3",
                params![rate.from, rate.to, day],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match stored {
            None => {
                let id: i64 = self.conn().insert_id("INSERT INTO exchange_rates (from_currency, to_currency, day, rate, set_at, actor)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)", params![rate.from, rate.to, day, text, codec::ts(self.now), self.actor()])?;
                self.log_create(Entity::Rate, id, &fields)
            }
            Some((_, old, _)) if old == text => Ok(()),
            Some((id, old, version)) => {
                let n = self.conn().execute(
                    "UPDATE exchange_rates SET rate = ?1, version = version + 1, set_at = ?2, actor = ?3
                     WHERE id = ?4 AND version = ?5",
                    params![text, codec::ts(self.now), self.actor(), id, version],
                )?;
                if n == 0 {
                    let actual = self.current_version(Entity::Rate, id)?;
                    return Err(Error::Conflict {
                        entity: Entity::Rate,
                        id,
                        expected: version,
                        actual,
                    });
                }
                let before = RateFields {
                    rate: old,
                    ..fields
                };
                let after = RateFields {
                    from: &rate.from,
                    to: &rate.to,
                    day,
                    rate: text,
                };
                self.log_update(Entity::Rate, id, &before, &after)
            }
        }
    }

    /// Sets an owner's goal for a metric and period: a created `goal`
    /// record, or an update of its target and currency at the version
    /// read. Returns its id.
    pub fn set_goal(
        &mut self,
        owner: &str,
        metric: GoalMetric,
        period: &str,
        target: i64,
        currency: Option<&str>,
    ) -> Result<i64> {
        let after = GoalFields {
            owner,
            metric,
            period,
            target,
            currency,
        };
        let stored: Option<(i64, i64, Option<String>, i64)> = self
            .conn()
            .query_row(
                "SELECT id, target, currency, version FROM goals
                 WHERE owner = ?1 AND metric = ?2 AND period = ?3",
                params![owner, metric.as_str(), period],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((id, old_target, old_currency, version)) = stored else {
            return self.insert_goal(&after);
        };
        if old_target == target && old_currency.as_deref() == currency {
            return Ok(id);
        }
        let before = GoalFields {
            owner,
            metric,
            period,
            target: old_target,
            currency: old_currency.as_deref(),
        };
        self.update_goal(id, version, &before, &after)?;
        Ok(id)
    }

    /// A new goal row, logged as created.
    fn insert_goal(&mut self, goal: &GoalFields<'_>) -> Result<i64> {
        let id = self.conn().insert_id(
            "INSERT INTO goals (owner, metric, period, target, currency, set_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                goal.owner,
                goal.metric.as_str(),
                goal.period,
                goal.target,
                goal.currency,
                codec::ts(self.now),
                self.actor()
            ],
        )?;
        self.log_create(Entity::Goal, id, goal)?;
        Ok(id)
    }

    /// A goal's new target and currency at the version read, logged.
    fn update_goal(
        &mut self,
        id: i64,
        version: i64,
        before: &GoalFields<'_>,
        after: &GoalFields<'_>,
    ) -> Result<()> {
        let n = self.conn().execute(
            "UPDATE goals SET target = ?1, currency = ?2, version = version + 1,
                              set_at = ?3, actor = ?4
             WHERE id = ?5 AND version = ?6",
            params![
                after.target,
                after.currency,
                codec::ts(self.now),
                self.actor(),
                id,
                version
            ],
        )?;
        if n == 0 {
            let actual = self.current_version(Entity::Goal, id)?;
            return Err(Error::Conflict {
                entity: Entity::Goal,
                id,
                expected: version,
                actual,
            });
        }
        self.log_update(Entity::Goal, id, before, after)
    }

    /// Removes a goal (logged with its fields); `false` when there was
    /// none with that id.
    pub fn remove_goal(&mut self, id: i64) -> Result<bool> {
        let Some(goal) = goals(self.conn())?.into_iter().find(|g| g.id == id) else {
            return Ok(false);
        };
        self.conn()
            .execute("DELETE FROM goals WHERE id = ?1", params![id])?;
        self.log_delete(
            Entity::Goal,
            id,
            &GoalFields {
                owner: &goal.owner,
                metric: goal.metric,
                period: &goal.period,
                target: goal.target,
                currency: goal.currency.as_deref(),
            },
        )?;
        Ok(true)
    }
}
