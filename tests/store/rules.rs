//! Rules in the store: two handles moving the same deal at once fire the
//! rule once; a rule's run for an event is claimed once (`rule_runs`), its
//! actions logged under `rule:NAME`; a failing action does not block the
//! change that fired it.

use super::*;
use kariz::model::Entity;
use kariz::store::TaskFilter;

const RULES: &str = r#"
[[rules]]
name = "follow-up"
on = "stage_entered"
stage = "Proposal"
[[rules.actions]]
do = "create_task"
title = "Follow up {title}"
due = "+1d"
[[rules.actions]]
do = "create_task"
title = "For a stranger"
owner = "nobody-here"
"#;

fn config() -> Config {
    Config::parse(RULES, "rules.toml").unwrap()
}

#[test]
fn two_handles_moving_one_deal_at_once_fire_the_rule_once() {
    let db = TempDb::new();
    let id = {
        let mut s = db.open_with(config(), "alice");
        s.write(now(), |w| w.add_deal(deal("Acme", "Lead")))
            .unwrap()
    };
    let path = db.path();
    let handles: Vec<_> = ["alice", "bob"]
        .into_iter()
        .map(|actor| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path, config(), actor).unwrap();
                s.write(now(), |w| w.move_deal(id, None, "Proposal", None))
                    .is_ok()
            })
        })
        .collect();
    let moved = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|ok| *ok)
        .count();
    assert_eq!(moved, 1);
    let s = db.open_with(config(), "check");
    let tasks = s.tasks(&TaskFilter::default()).unwrap();
    let titles: Vec<&str> = tasks.iter().map(|t| t.data.title.as_str()).collect();
    // The second action failed on its owner (not on the team list once
    // there is one) or went through; the first ran exactly once.
    assert_eq!(
        titles.iter().filter(|t| **t == "Follow up Acme").count(),
        1,
        "{titles:?}"
    );
    let log = s
        .changes(&kariz::store::ChangeFilter {
            entity: Some(kariz::model::LoggedKind::Record(Entity::Task)),
            ..Default::default()
        })
        .unwrap();
    assert!(log.iter().all(|c| c.actor == "rule:follow-up"), "{log:?}");
}

const SEND: &str = r#"
[[rules]]
name = "proposal-sms"
on = "stage_entered"
stage = "Proposal"
[[rules.actions]]
do = "send_message"
template = "proposal"
[[rules.actions]]
do = "send_message"
template = "proposal-mail"
channel = "email"
"#;

#[test]
fn two_handles_moving_one_deal_at_once_queue_each_message_once() {
    use kariz::store::OutboxState;
    let config = || Config::parse(SEND, "rules.toml").unwrap();
    for round in 0..5 {
        let db = TempDb::new();
        let id = {
            let mut s = db.open_with(config(), "alice");
            s.write(now(), |w| {
                let p = w.add_person(person("Sara"))?;
                w.add_deal(DealData {
                    person_id: Some(p),
                    ..deal("Acme", "Lead")
                })
            })
            .unwrap()
        };
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let handles: Vec<_> = ["alice", "bob"]
            .into_iter()
            .map(|actor| {
                let (path, barrier) = (db.path(), barrier.clone());
                std::thread::spawn(move || {
                    let mut s = Store::open(&path, config(), actor).unwrap();
                    barrier.wait();
                    s.write(now(), |w| w.move_deal(id, None, "Proposal", None))
                        .is_ok()
                })
            })
            .collect();
        let moved = handles.into_iter().map(|h| h.join().unwrap());
        assert_eq!(moved.filter(|ok| *ok).count(), 1, "round {round}");
        let s = db.open_with(config(), "check");
        let queued = s.outbox(&[OutboxState::Queued]).unwrap();
        let mut what: Vec<(&str, &str, usize)> = queued
            .iter()
            .map(|r| {
                (
                    r.message.template.as_str(),
                    r.message.channel.as_str(),
                    r.message.action,
                )
            })
            .collect();
        what.sort_unstable();
        assert_eq!(
            what,
            vec![("proposal", "sms", 0), ("proposal-mail", "email", 1)],
            "round {round}"
        );
    }
}

#[test]
fn an_action_queued_twice_for_one_event_is_one_row_and_one_claim_wins() {
    use kariz::model::Channel;
    use kariz::store::{OutboxState, QueuedMessage};
    let db = TempDb::new();
    let mut a = db.open("alice");
    let message = |p| QueuedMessage {
        person_id: p,
        channel: Channel::Sms,
        template: "hi".into(),
        language: None,
        rule: "r".into(),
        event_key: "deal:1:move:1".into(),
        action: 0,
    };
    let (first, second) = a
        .write(now(), |w| {
            let p = w.add_person(person("Sara"))?;
            Ok((w.queue_message(&message(p))?, w.queue_message(&message(p))?))
        })
        .unwrap();
    assert!(first.is_some());
    assert_eq!(second, None);
    let row = first.unwrap();
    // Two remind runs (two handles) claim the row: one gets it.
    let mut b = db.open("bob");
    let claims = [
        a.write(now(), |w| w.claim_outbox(row)).unwrap(),
        b.write(now(), |w| w.claim_outbox(row)).unwrap(),
    ];
    assert_eq!(claims, [true, false]);
    assert!(a.outbox(&[OutboxState::Queued]).unwrap().is_empty());
    b.write(now(), |w| {
        w.finish_outbox(row, OutboxState::Failed, 2, Some("no credit"), None)
    })
    .unwrap();
    let failed = a.outbox(&[OutboxState::Failed]).unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attempts, 2);
    assert_eq!(failed[0].last_error.as_deref(), Some("no credit"));
    assert_eq!(failed[0].person, "Sara");
}

#[test]
fn only_queued_rows_whose_next_attempt_has_come_are_due_and_claimable() {
    use kariz::model::Channel;
    use kariz::store::{OutboxState, QueuedMessage};
    let db = TempDb::new();
    let mut a = db.open("alice");
    let message = |p, action| QueuedMessage {
        person_id: p,
        channel: Channel::Sms,
        template: "hi".into(),
        language: None,
        rule: "r".into(),
        event_key: "deal:1:move:1".into(),
        action,
    };
    let minute = chrono::Duration::minutes(1);
    let ids = a
        .write(now(), |w| {
            let p = w.add_person(person("Sara"))?;
            let mut ids = Vec::new();
            for action in 0..4 {
                ids.extend(w.queue_message(&message(p, action))?);
            }
            Ok(ids)
        })
        .unwrap();
    let [fresh, later, failed, sent] = ids[..] else {
        panic!("four rows: {ids:?}")
    };
    let due_ids = |s: &kariz::store::Store, at| {
        s.outbox_due(at)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(due_ids(&a, now()), [fresh, later, failed, sent]);
    a.write(now(), |w| {
        for id in [later, failed, sent] {
            assert!(w.claim_outbox(id)?);
        }
        w.retry_outbox_later(later, "HTTP 503", now() + minute * 5)?;
        w.finish_outbox(failed, OutboxState::Failed, 1, Some("HTTP 401"), None)?;
        w.finish_outbox(sent, OutboxState::Sent, 1, None, None)
    })
    .unwrap();
    // Not due before its time, due from it on; failed and sent never.
    assert_eq!(due_ids(&a, now() + minute * 4), [fresh]);
    assert_eq!(due_ids(&a, now() + minute * 5), [fresh, later]);
    let row = a
        .outbox(&[OutboxState::Queued])
        .unwrap()
        .into_iter()
        .find(|r| r.id == later)
        .unwrap();
    assert_eq!(row.attempts, 1);
    assert_eq!(row.last_error.as_deref(), Some("HTTP 503"));
    assert_eq!(row.next_attempt_at, Some(now() + minute * 5));
    // A claim before the time is refused (another run put it back with a
    // later time between this run's read and its claim); at the time, one
    // of two handles wins.
    let mut b = db.open("bob");
    assert!(!a.write(now(), |w| w.claim_outbox(later)).unwrap());
    let at = now() + minute * 5;
    let claims = [
        a.write(at, |w| w.claim_outbox(later)).unwrap(),
        b.write(at, |w| w.claim_outbox(later)).unwrap(),
    ];
    assert_eq!(claims, [true, false]);
    // Put back by hand: only a failed row, due at once, attempts afresh.
    let requeued = a.write(at, |w| w.requeue_outbox(failed)).unwrap();
    assert_eq!(requeued.state, OutboxState::Queued);
    assert_eq!(requeued.attempts, 0);
    assert_eq!(requeued.next_attempt_at, None);
    assert_eq!(due_ids(&a, now()), [fresh, failed]);
    let err = a.write(at, |w| w.requeue_outbox(sent)).unwrap_err();
    assert!(err.to_string().contains("is sent, not failed"), "{err}");
    let err = a.write(at, |w| w.requeue_outbox(999)).unwrap_err();
    assert!(err.to_string().contains("no outbox message 999"), "{err}");
}
