//! Sending what rules queued (`message_outbox`, docs/automation.md):
//! `kariz remind` calls [`drain`] after its own write, outside any
//! transaction. Each queued row that is due is claimed in a short write (so
//! two runs at once send it once), sent through the one send path
//! ([`super::send`]: do-not-contact, address, template, rate limit, the
//! message log and the timeline activity, recorded as done by
//! `rule:NAME`), and marked sent, failed or skipped with the reason.
//!
//! A failure worth trying again ([`super::Failure::temporary`]: a dropped
//! connection, a busy gateway, a temporary SMTP code) is tried once per run
//! and leaves the row queued for a later run after a wait ([`backoff`]:
//! 1 min, 5 min, 30 min, then 2 h), logging nothing yet; after
//! `[messages] retries` such retries the last failure is logged and the row
//! is failed for good. A permanent refusal fails the row at once.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Outcome, Pace, Request, Retry, Settings, Status};
use crate::error::Result;
use crate::store::{OutboxRow, OutboxState, Store};

/// The waits before the 1st, 2nd, 3rd and each later retry, in minutes.
const BACKOFF_MINUTES: [i64; 4] = [1, 5, 30, 120];

/// What happened to one queued message in this run.
#[derive(Debug, Clone, Serialize)]
pub struct Drained {
    /// The outbox row.
    pub id: i64,
    /// The rule that queued it.
    pub rule: String,
    /// The template.
    pub template: String,
    /// `email` or `sms`.
    pub channel: crate::model::Channel,
    /// The person.
    pub person_id: i64,
    /// Their name.
    pub person: String,
    /// Sent, failed or skipped; queued when it will be tried again.
    pub state: OutboxState,
    /// Why it failed or was skipped.
    pub reason: Option<String>,
    /// The logged message (sent or failed for good).
    pub message_id: Option<i64>,
    /// Attempts so far, this run's included.
    pub attempts: u32,
    /// When a later run tries it again (state queued).
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// How one attempt ended.
struct Settled {
    state: OutboxState,
    attempts: u32,
    reason: Option<String>,
    message_id: Option<i64>,
    /// Set when the row goes back in the queue until then.
    next_attempt_at: Option<DateTime<Utc>>,
}

/// The wait after the `failed`-th failed attempt worth trying again:
/// 1 min, 5 min, 30 min, then 2 h each time.
#[must_use]
pub fn backoff(failed: u32) -> chrono::Duration {
    let at = usize::try_from(failed.saturating_sub(1)).unwrap_or(usize::MAX);
    let minutes = BACKOFF_MINUTES
        .get(at)
        .or(BACKOFF_MINUTES.last())
        .copied()
        .unwrap_or(120);
    chrono::Duration::minutes(minutes)
}

/// Sends every queued message that is due once; returns what this run did
/// (rows other runs took, and rows not due yet, are not in it).
pub fn drain(store: &mut Store, settings: &Settings<'_>) -> Result<Vec<Drained>> {
    let due = store.outbox_due(settings.clock.now_utc())?;
    let retries = store.config().messages.retries;
    let mut pace = Pace::new(store.config().messages.per_second);
    let mut done = Vec::new();
    for row in due {
        let now = settings.clock.now_utc();
        if !store.write(now, |w| w.claim_outbox(row.id))? {
            continue;
        }
        // Attempts before this one are retries; the last one is logged
        // whatever it is.
        let retry = if row.attempts < retries {
            Retry::Later
        } else {
            Retry::Last
        };
        let settled = send_one(store, settings, &row, retry, &mut pace);
        let now = settings.clock.now_utc();
        store.write(now, |w| match (&settled.next_attempt_at, &settled.reason) {
            (Some(next), reason) => {
                w.retry_outbox_later(row.id, reason.as_deref().unwrap_or_default(), *next)
            }
            (None, reason) => w.finish_outbox(
                row.id,
                settled.state,
                settled.attempts,
                reason.as_deref(),
                settled.message_id,
            ),
        })?;
        done.push(Drained {
            id: row.id,
            rule: row.message.rule.clone(),
            template: row.message.template.clone(),
            channel: row.message.channel,
            person_id: row.message.person_id,
            person: row.person.clone(),
            state: settled.state,
            reason: settled.reason,
            message_id: settled.message_id,
            attempts: row.attempts + settled.attempts.max(1),
            next_attempt_at: settled.next_attempt_at,
        });
    }
    Ok(done)
}

/// Sends one row once and says how it ended.
fn send_one(
    store: &mut Store,
    settings: &Settings<'_>,
    row: &OutboxRow,
    retry: Retry,
    pace: &mut Pace,
) -> Settled {
    let request = Request {
        people: vec![row.message.person_id],
        channel: row.message.channel,
        template: row.message.template.clone(),
        language: row.message.language.clone(),
        campaign: None,
        dry_run: false,
        rule: Some(row.message.rule.clone()),
        retry,
    };
    let failed = |reason: String| Settled {
        state: OutboxState::Failed,
        attempts: 0,
        reason: Some(reason),
        message_id: None,
        next_attempt_at: None,
    };
    match super::send_paced(store, settings, &request, pace) {
        Ok(outcomes) => match outcomes.into_iter().next() {
            Some(outcome) => {
                let later = (retry == Retry::Later)
                    .then(|| settings.clock.now_utc() + backoff(row.attempts + 1));
                settle(outcome, row.message.channel, later)
            }
            None => failed("nobody to send to".into()),
        },
        // The channel is not set up, the template is missing, the secret
        // cannot be read: nothing was sent, and trying again will not
        // help until someone fixes it (then `kariz message retry`).
        Err(e) => failed(e.to_string()),
    }
}

/// The row's end of this run; `later` is when a temporary failure is tried
/// again (`None` on the last attempt).
fn settle(
    outcome: Outcome,
    channel: crate::model::Channel,
    later: Option<DateTime<Utc>>,
) -> Settled {
    let mut next_attempt_at = None;
    let (state, reason) = match outcome.status {
        Status::Sent => (OutboxState::Sent, None),
        Status::Failed if outcome.temporary && later.is_some() => {
            next_attempt_at = later;
            (OutboxState::Queued, outcome.reason)
        }
        Status::Failed => (OutboxState::Failed, outcome.reason),
        Status::DoNotContact => (
            OutboxState::Skipped,
            Some("the person asked not to be contacted".into()),
        ),
        Status::NoAddress => (
            OutboxState::Skipped,
            Some(match channel {
                crate::model::Channel::Email => "the person has no e-mail address".into(),
                crate::model::Channel::Sms => "the person has no phone number".into(),
            }),
        ),
        Status::DryRun => (OutboxState::Queued, None),
    };
    Settled {
        state,
        attempts: outcome.attempts,
        reason,
        message_id: outcome.message_id,
        next_attempt_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_then_stays_at_two_hours() {
        let minutes: Vec<i64> = (1..=6).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(minutes, [1, 5, 30, 120, 120, 120]);
        assert_eq!(backoff(0).num_minutes(), 1);
        assert_eq!(backoff(u32::MAX).num_minutes(), 120);
    }
}
