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
