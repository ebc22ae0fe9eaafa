//! A few support cases for the demo, in different states of the workflow:
//! new and untouched, waiting on the customer, resolved, closed with a
//! score, and one nobody has picked up. Times are relative to "now", so
//! the queue always shows something breached and something on track.

use chrono::{DateTime, Duration, Utc};

use crate::error::Result;
use crate::model::{ActivityData, ActivityKind, CaseData};
use crate::store::Writer;
use crate::vocab::{CaseChannel, CasePriority};

struct DemoCase {
    subject: &'static str,
    priority: CasePriority,
    channel: CaseChannel,
    category: &'static str,
    /// Hours before now it was opened.
    opened: i64,
    /// Hours after opening of the first reply, if any.
    reply: Option<i64>,
    /// Statuses entered after the reply, hours after opening.
    moves: &'static [(&'static str, i64)],
    /// Closed with this score.
    score: Option<u8>,
    assigned: bool,
}

const CASES: [DemoCase; 5] = [
    DemoCase {
        subject: "Inverter shows error E04",
        priority: CasePriority::Urgent,
        channel: CaseChannel::Call,
        category: "problem",
        opened: 30,
        reply: None,
        moves: &[],
        score: None,
        assigned: true,
    },
    DemoCase {
        subject: "Invoice amount does not match the quote",
        priority: CasePriority::Normal,
        channel: CaseChannel::Email,
        category: "billing",
        opened: 50,
        reply: Some(1),
        moves: &[("waiting_on_customer", 2)],
        score: None,
        assigned: true,
    },
    DemoCase {
        subject: "Panel cracked on delivery",
        priority: CasePriority::High,
        channel: CaseChannel::WalkIn,
        category: "complaint",
        opened: 120,
        reply: Some(2),
        // The reply moved it to open.
        moves: &[("resolved", 30)],
        score: None,
        assigned: true,
    },
    DemoCase {
        subject: "How do I export my readings?",
        priority: CasePriority::Low,
        channel: CaseChannel::Web,
        category: "question",
        opened: 240,
        reply: Some(3),
        moves: &[("resolved", 4)],
        score: Some(5),
        assigned: true,
    },
    DemoCase {
        subject: "Humming noise from the battery cabinet",
        priority: CasePriority::Normal,
        channel: CaseChannel::Sms,
        category: "problem",
        opened: 1,
        reply: None,
        moves: &[],
        score: None,
        assigned: false,
    },
];

/// Adds the demo cases for `people` (customers, in order) handled by
/// `team` (logins); returns how many.
pub(crate) fn add(
    w: &mut Writer<'_>,
    now: DateTime<Utc>,
    people: &[i64],
    team: &[String],
) -> Result<usize> {
    let mut added = 0;
    for (i, demo) in CASES.iter().enumerate() {
        let Some(&person) = people.get(i) else {
            break;
        };
        let opened = now - Duration::hours(demo.opened);
        let after = |h: i64| opened + Duration::hours(h);
        w.stamp(opened);
        let assignee = demo
            .assigned
            .then(|| team.get(i % team.len().max(1)).cloned())
            .flatten();
        let (id, _) = w.add_case(CaseData {
            subject: demo.subject.into(),
            person_id: Some(person),
            channel: demo.channel,
            category: Some(demo.category.into()),
            priority: demo.priority,
            assignee: assignee.clone(),
            ..CaseData::default()
        })?;
        if let Some(h) = demo.reply {
            w.stamp(after(h));
            w.add_case_activity(
                id,
                ActivityData {
                    kind: ActivityKind::OutgoingCall,
                    subject: "Called the customer back".into(),
                    body: None,
                    occurred_at: after(h),
                    author: assignee.clone().unwrap_or_else(|| w.actor().to_string()),
                    person_id: None,
                    company_id: None,
                    deal_id: None,
                },
            )?;
        }
        for (status, h) in demo.moves {
            w.stamp(after(*h));
            w.move_case(id, None, status)?;
        }
        if let Some(score) = demo.score {
            w.stamp(after(6));
            w.close_case(
                id,
                None,
                Some(score),
                Some("Clear answer, thank you".into()),
            )?;
        }
        added += 1;
    }
    w.stamp(now);
    Ok(added)
}
