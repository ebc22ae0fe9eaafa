//! The message outbox (migration 020): messages a rule's `send_message`
//! action queued inside the write transaction of the change that fired it,
//! sent later by `kariz remind` outside any transaction
//! (`crate::messages::outbox`). One row per (rule, event, action): a
//! second queueing of the same action for the same event does nothing.
//! A row is claimed (`queued` → `sending`) by one run before it is sent,
//! so two `remind` runs at once send it once, and only when it is due
//! (`next_attempt_at`, migration 022): a send that failed for a reason worth
//! trying again leaves the row queued with its next attempt time.

use super::db;
use super::db::{Connection, OptionalExtension, Row, params};
use super::{Store, Writer, codec};
use crate::error::Result;
use crate::model::Channel;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Where a queued message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxState {
    /// Waiting for `kariz remind`.
    Queued,
    /// Claimed by a `remind` run that is sending it (or was killed while
    /// sending it: such a row is not sent again).
    Sending,
    /// Sent: the message log has it.
    Sent,
    /// Not accepted, or could not be sent (the reason says why).
    Failed,
    /// Not sent on purpose: the person asked not to be contacted, or has
    /// no address for the channel.
    Skipped,
}

impl OutboxState {
    /// The stored and JSON name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
            OutboxState::Skipped => "skipped",
        }
    }

    fn parse(text: &str) -> Option<OutboxState> {
        [
            OutboxState::Queued,
            OutboxState::Sending,
            OutboxState::Sent,
            OutboxState::Failed,
            OutboxState::Skipped,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueuedMessage {
    /// Who it is for.
    pub person_id: i64,
    /// E-mail or SMS.
    pub channel: Channel,
    /// The template's name.
    pub template: String,
    /// The template language; the sender's interface language when unset.
    pub language: Option<String>,
    /// The rule that queued it.
    pub rule: String,
    /// The event it was queued for.
    pub event_key: String,
    /// The action's position in the rule.
    pub action: usize,
}

/// A row of the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxRow {
    /// Row id.
    pub id: i64,
    /// What was queued.
    #[serde(flatten)]
    pub message: QueuedMessage,
    /// The person's name.
    pub person: String,
    /// Where it is.
    pub state: OutboxState,
    /// Send attempts so far.
    pub attempts: u32,
    /// Why it failed or was skipped.
    pub last_error: Option<String>,
    /// The logged message, once sent or failed.
    pub message_id: Option<i64>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When its state last changed.
    pub updated_at: DateTime<Utc>,
    /// When a queued row may be sent next (unset: at once).
    pub next_attempt_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "o.id, o.person_id, o.channel, o.template, o.language, o.rule,
    o.event_key, o.action, o.state, o.attempts, o.last_error, o.message_id, o.created_at,
    o.updated_at, p.name, o.next_attempt_at";

fn from_row(row: &Row<'_>) -> db::Result<OutboxRow> {
    let action: i64 = row.get(7)?;
    Ok(OutboxRow {
        id: row.get(0)?,
        message: QueuedMessage {
            person_id: row.get(1)?,
            channel: codec::get_parsed(row, 2, Channel::parse)?,
            template: row.get(3)?,
            language: row.get(4)?,
            rule: row.get(5)?,
            event_key: row.get(6)?,
            action: usize::try_from(action).unwrap_or_default(),
        },
        state: codec::get_parsed(row, 8, OutboxState::parse)?,
        attempts: row.get(9)?,
        last_error: row.get(10)?,
        message_id: row.get(11)?,
        created_at: codec::get_ts(row, 12)?,
        updated_at: codec::get_ts(row, 13)?,
        person: row.get(14)?,
        next_attempt_at: codec::get_opt_ts(row, 15)?,
    })
}

fn rows(conn: &Connection, states: &[OutboxState]) -> Result<Vec<OutboxRow>> {
    // The names come from the enum, never from user text.
    let names: Vec<String> = states.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM message_outbox o JOIN people p ON p.id = o.person_id
         WHERE o.state IN ({}) ORDER BY o.id",
        names.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let found = stmt.query_map([], from_row)?;
    Ok(found.collect::<db::Result<Vec<_>>>()?)
}

/// The condition of a row `remind` may send at `?1`.
const DUE: &str = "o.state = 'queued' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?1)";

impl Store {
    /// Outbox rows in any of `states`, oldest first.
    pub fn outbox(&self, states: &[OutboxState]) -> Result<Vec<OutboxRow>> {
        rows(&self.conn, states)
    }

    /// Queued rows due at `now` (never tried, or their next attempt time
    /// has come), oldest first.
    pub fn outbox_due(&self, now: DateTime<Utc>) -> Result<Vec<OutboxRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM message_outbox o JOIN people p ON p.id = o.person_id
             WHERE {DUE} ORDER BY o.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let found = stmt.query_map([codec::ts(now)], from_row)?;
        Ok(found.collect::<db::Result<Vec<_>>>()?)
    }
}

impl Writer<'_> {
    /// Queues a message; returns its row id, or `None` when this action
    /// was queued for this event before.
    pub fn queue_message(&mut self, message: &QueuedMessage) -> Result<Option<i64>> {
        self.require(crate::model::Entity::Person, Some(message.person_id))?;
        let now = codec::ts(self.now);
        let id: Option<i64> = self
            .conn()
            .prepare_cached(
                "INSERT INTO message_outbox (person_id, channel, template, language, rule,
                    event_key, action, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
                 ON CONFLICT (rule, event_key, action) DO NOTHING RETURNING id",
            )?
            .query_row(
                params![
                    message.person_id,
                    message.channel.as_str(),
                    message.template,
                    message.language,
                    message.rule,
                    message.event_key,
                    i64::try_from(message.action).unwrap_or(i64::MAX),
                    now,
                ],
                |r| r.get(0),
            )
            .optional()?;
        Ok(id)
    }

    /// Claims a queued row that is due for sending; `false` when another
    /// run took it first (or it is no longer queued, or another run tried
    /// it and set a later attempt time).
    pub fn claim_outbox(&mut self, id: i64) -> Result<bool> {
        let sql = format!(
            "UPDATE message_outbox AS o SET state = 'sending', updated_at = ?1
             WHERE o.id = ?2 AND {DUE}"
        );
        let claimed = self
            .conn()
            .execute(&sql, params![codec::ts(self.now), id])?;
        Ok(claimed > 0)
    }

    /// Puts a claimed row back in the queue after a failure worth trying
    /// again: one more attempt counted, the reason kept, not sent before
    /// `next`.
    pub fn retry_outbox_later(&mut self, id: i64, reason: &str, next: DateTime<Utc>) -> Result<()> {
        self.conn().execute(
            "UPDATE message_outbox SET state = 'queued', attempts = attempts + 1,
                last_error = ?2, next_attempt_at = ?3, updated_at = ?4
             WHERE id = ?1",
            params![id, reason, codec::ts(next), codec::ts(self.now)],
        )?;
        Ok(())
    }

    /// Puts a failed row back in the queue by hand (`kariz message
    /// retry`): due at once, with its attempts counted from zero again.
    /// Refused, saying why, when there is no such row or it is not failed.
    pub fn requeue_outbox(&mut self, id: i64) -> Result<OutboxRow> {
        let missing = || crate::error::Error::invalid(format!("there is no outbox message {id}"));
        let Some(row) = self.outbox_row(id)? else {
            return Err(missing());
        };
        if row.state != OutboxState::Failed {
            return Err(crate::error::Error::invalid(format!(
                "outbox message {id} is {}, not failed: only a failed message goes back in the queue",
                row.state.as_str()
            )));
        }
        self.conn().execute(
            "UPDATE message_outbox SET state = 'queued', attempts = 0, next_attempt_at = NULL,
                updated_at = ?2
             WHERE id = ?1 AND state = 'failed'",
            params![id, codec::ts(self.now)],
        )?;
        self.outbox_row(id)?.ok_or_else(missing)
    }

    /// Records how sending a claimed row ended.
    pub fn finish_outbox(
        &mut self,
        id: i64,
        state: OutboxState,
        attempts: u32,
        reason: Option<&str>,
        message_id: Option<i64>,
    ) -> Result<()> {
        self.conn().execute(
            "UPDATE message_outbox SET state = ?2, attempts = attempts + ?3, last_error = ?4,
                message_id = ?5, updated_at = ?6
             WHERE id = ?1",
            params![
                id,
                state.as_str(),
                attempts,
                reason,
                message_id,
                codec::ts(self.now)
            ],
        )?;
        Ok(())
    }

    /// The outbox row with `id`, read in this transaction.
    pub fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM message_outbox o JOIN people p ON p.id = o.person_id
             WHERE o.id = ?1"
        );
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([id], from_row)
            .optional()?)
    }
}
