//! Sending what rules queued (`message_outbox`, docs/automation.md):
//! `kariz remind` calls [`drain`] after its own write, outside any
//! transaction. Each queued row is claimed in a short write (so two runs at
//! once send it once), sent through the one send path ([`super::send`]:
//! do-not-contact, address, template, rate limit, retries, the message log
//! and the timeline activity, recorded as done by `rule:NAME`), and marked
//! sent, failed or skipped with the reason.

use serde::Serialize;

use super::{Outcome, Pace, Request, Settings, Status};
use crate::error::Result;
use crate::store::{OutboxRow, OutboxState, Store};

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
    /// Sent, failed or skipped.
    pub state: OutboxState,
    /// Why it failed or was skipped.
    pub reason: Option<String>,
    /// The logged message (sent or failed).
    pub message_id: Option<i64>,
}

/// Sends every queued message once; returns what this run did (rows other
/// runs took are not in it).
pub fn drain(store: &mut Store, settings: &Settings<'_>) -> Result<Vec<Drained>> {
    let queued = store.outbox(&[OutboxState::Queued])?;
    let mut pace = Pace::new(store.config().messages.per_second);
    let mut done = Vec::new();
    for row in queued {
        let now = settings.clock.now_utc();
        if !store.write(now, |w| w.claim_outbox(row.id))? {
            continue;
        }
        let (state, attempts, reason, message_id) = send_one(store, settings, &row, &mut pace);
        let now = settings.clock.now_utc();
        store.write(now, |w| {
            w.finish_outbox(row.id, state, attempts, reason.as_deref(), message_id)
        })?;
        done.push(Drained {
            id: row.id,
            rule: row.message.rule.clone(),
            template: row.message.template.clone(),
            channel: row.message.channel,
            person_id: row.message.person_id,
            person: row.person.clone(),
            state,
            reason,
            message_id,
        });
    }
    Ok(done)
}

/// The end state, attempts, reason and logged message of one row.
fn send_one(
    store: &mut Store,
    settings: &Settings<'_>,
    row: &OutboxRow,
    pace: &mut Pace,
) -> (OutboxState, u32, Option<String>, Option<i64>) {
    let request = Request {
        people: vec![row.message.person_id],
        channel: row.message.channel,
        template: row.message.template.clone(),
        language: row.message.language.clone(),
        campaign: None,
        dry_run: false,
        rule: Some(row.message.rule.clone()),
    };
    match super::send_paced(store, settings, &request, pace) {
        Ok(outcomes) => match outcomes.into_iter().next() {
            Some(outcome) => settle(outcome, row.message.channel),
            None => (
                OutboxState::Failed,
                0,
                Some("nobody to send to".into()),
                None,
            ),
        },
        // The channel is not set up, the template is missing, the secret
        // cannot be read: nothing was sent.
        Err(e) => (OutboxState::Failed, 0, Some(e.to_string()), None),
    }
}

fn settle(
    outcome: Outcome,
    channel: crate::model::Channel,
) -> (OutboxState, u32, Option<String>, Option<i64>) {
    let (state, reason) = match outcome.status {
        Status::Sent => (OutboxState::Sent, None),
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
    (state, outcome.attempts, reason, outcome.message_id)
}
