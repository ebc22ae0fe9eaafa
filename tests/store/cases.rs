//! Support cases in the store: numbers per year, the workflow, the status
//! history, first response from a reply, satisfaction, conflicts and the
//! change log.

use super::*;
use chrono::Duration;
use kariz::error::Error;
use kariz::model::{ActivityData, ActivityKind, CaseData, CaseNumber, Entity};
use kariz::store::CaseFilter;

fn a_case(subject: &str, person_id: i64) -> CaseData {
    CaseData {
        subject: subject.into(),
        person_id: Some(person_id),
        ..CaseData::default()
    }
}

fn jalali_config() -> Config {
    Config::parse("[display]\ncalendar = \"jalali\"\n", "test").unwrap()
}

#[test]
fn cases_are_numbered_per_year_in_the_configured_calendar() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let p = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let (_, first) = s
        .write(now(), |w| w.add_case(a_case("No power", p)))
        .unwrap();
    let (_, second) = s.write(now(), |w| w.add_case(a_case("Beeps", p))).unwrap();
    assert_eq!(first.to_string(), "2026-0001");
    assert_eq!(second.to_string(), "2026-0002");
    let next_year = now() + Duration::days(50);
    let (_, third) = s
        .write(next_year, |w| w.add_case(a_case("Again", p)))
        .unwrap();
    assert_eq!(third.to_string(), "2027-0001");
    drop(s);
    let mut s = db.open_with(jalali_config(), "sara");
    let (_, jalali) = s.write(now(), |w| w.add_case(a_case("Jalali", p))).unwrap();
    assert_eq!(jalali.to_string(), "1405-0001");
    let found = s
        .case_by_number(CaseNumber::parse("1405-1").unwrap())
        .unwrap();
    assert_eq!(found.data.subject, "Jalali");
}

#[test]
fn two_connections_adding_cases_at_once_get_distinct_consecutive_numbers() {
    let db = TempDb::new();
    let p = db
        .open("setup")
        .write(now(), |w| w.add_person(person("Reza")))
        .unwrap();
    let path = db.path();
    let handles: Vec<_> = ["alice", "bob"]
        .into_iter()
        .map(|actor| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path, Config::default_config(), actor).unwrap();
                (0..40)
                    .map(|i| {
                        s.write(now(), |w| w.add_case(a_case(&format!("{actor} {i}"), p)))
                            .unwrap()
                            .1
                            .seq
                    })
                    .collect::<Vec<i64>>()
            })
        })
        .collect();
    let mut seqs: Vec<i64> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=80).collect::<Vec<i64>>());
}

#[test]
fn the_workflow_is_enforced_and_recorded() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let p = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let (id, _) = s
        .write(now(), |w| w.add_case(a_case("No power", p)))
        .unwrap();
    assert_eq!(s.case(id).unwrap().data.status, "new");
    let later = now() + Duration::hours(1);
    s.write(later, |w| w.move_case(id, None, "waiting_on_customer"))
        .unwrap();
    s.write(later, |w| w.move_case(id, None, "resolved"))
        .unwrap();
    let resolved = s.case(id).unwrap();
    assert_eq!(resolved.resolved_at, Some(later));
    // resolved -> waiting_on_customer is not in the default workflow.
    let err = s
        .write(later, |w| w.move_case(id, None, "waiting_on_customer"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("from resolved it can go to: closed, open"),
        "{err}"
    );
    let err = s
        .write(later, |w| w.move_case(id, None, "escalated"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("statuses: new, open"), "{err}");
    // A score only when closing, 1 to 5.
    let err = s
        .write(later, |w| w.close_case(id, None, Some(9), None))
        .unwrap_err()
        .to_string();
    assert!(err.contains("1 to 5"), "{err}");
    s.write(later, |w| {
        w.close_case(id, None, Some(4), Some("quick".into()))
    })
    .unwrap();
    let closed = s.case(id).unwrap();
    assert_eq!(closed.data.satisfaction, Some(4));
    assert_eq!(closed.closed_at, Some(later));
    s.write(later, |w| w.reopen_case(id, None)).unwrap();
    let reopened = s.case(id).unwrap();
    assert_eq!(reopened.data.status, "open");
    assert_eq!((reopened.resolved_at, reopened.closed_at), (None, None));
    assert_eq!(reopened.data.satisfaction, None);
    let moves: Vec<String> = s
        .case_history(id)
        .unwrap()
        .into_iter()
        .map(|m| m.to_status)
        .collect();
    assert_eq!(
        moves,
        ["new", "waiting_on_customer", "resolved", "closed", "open"]
    );
    let logged = s
        .changes(&kariz::store::ChangeFilter {
            entity: Some(kariz::model::LoggedKind::Record(Entity::Case)),
            entity_id: Some(id),
            ..Default::default()
        })
        .unwrap();
    assert!(
        logged
            .iter()
            .any(|c| c.field.as_deref() == Some("satisfaction")),
        "{logged:?}"
    );
}

#[test]
fn the_first_reply_on_a_case_is_its_first_response() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let p = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let (id, _) = s
        .write(now(), |w| w.add_case(a_case("No power", p)))
        .unwrap();
    let activity = |kind, at| ActivityData {
        kind,
        subject: "about the inverter".into(),
        body: None,
        occurred_at: at,
        author: "sara".into(),
        person_id: None,
        company_id: None,
        deal_id: None,
    };
    let t1 = now() + Duration::minutes(10);
    let t2 = now() + Duration::minutes(30);
    let t3 = now() + Duration::minutes(50);
    s.write(t1, |w| {
        w.add_case_activity(id, activity(ActivityKind::IncomingCall, t1))
    })
    .unwrap();
    assert_eq!(s.case(id).unwrap().first_response_at, None);
    // The customer's own call is no reply: still new.
    assert_eq!(s.case(id).unwrap().data.status, "new");
    let reply = s
        .write(t2, |w| {
            w.add_case_activity(id, activity(ActivityKind::OutgoingCall, t2))
        })
        .unwrap();
    s.write(t3, |w| {
        w.add_case_activity(id, activity(ActivityKind::Email, t3))
    })
    .unwrap();
    assert_eq!(s.case(id).unwrap().first_response_at, Some(t2));
    // The reply took it out of `new`, once, with a status move on record.
    assert_eq!(s.case(id).unwrap().data.status, "open");
    let moves: Vec<String> = s
        .case_history(id)
        .unwrap()
        .into_iter()
        .map(|m| m.to_status)
        .collect();
    assert_eq!(moves, ["new", "open"]);
    let timeline = s.case_activities(id).unwrap();
    assert_eq!(timeline.len(), 3);
    // Linked to the case's customer.
    assert_eq!(s.activity(reply).unwrap().data.person_id, Some(p));
    assert_eq!(s.case_of_activity(reply).unwrap(), Some(id));
}

#[test]
fn a_stale_version_is_refused_and_a_field_edit_merges() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let p = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let (id, _) = s
        .write(now(), |w| w.add_case(a_case("No power", p)))
        .unwrap();
    let read = s.case(id).unwrap();
    let mut theirs = read.data.clone();
    theirs.description = Some("since Monday".into());
    s.write(now(), |w| w.update_case(id, read.version, theirs))
        .unwrap();
    let mut mine = read.data.clone();
    mine.subject = "No power at all".into();
    let stale = s.write(now(), |w| w.update_case(id, read.version, mine.clone()));
    assert!(matches!(stale, Err(Error::Conflict { .. })), "{stale:?}");
    s.write(now(), |w| w.patch_case(id, &read.data, &mine))
        .unwrap();
    let merged = s.case(id).unwrap();
    assert_eq!(merged.data.subject, "No power at all");
    assert_eq!(merged.data.description.as_deref(), Some("since Monday"));
}

#[test]
fn lists_filter_by_assignee_status_and_closed() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let p = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let mut mine = a_case("Mine", p);
    mine.assignee = Some("sara".into());
    s.write(now(), |w| w.add_case(mine)).unwrap();
    let (other, _) = s
        .write(now(), |w| w.add_case(a_case("Nobody's", p)))
        .unwrap();
    s.write(now(), |w| w.close_case(other, None, None, None))
        .unwrap();
    let open = s.cases(&CaseFilter::default()).unwrap();
    assert_eq!(open.len(), 1);
    let all = s
        .cases(&CaseFilter {
            include_closed: true,
            ..CaseFilter::default()
        })
        .unwrap();
    assert_eq!(all.len(), 2);
    let unassigned = s
        .cases(&CaseFilter {
            unassigned: true,
            include_closed: true,
            ..CaseFilter::default()
        })
        .unwrap();
    assert_eq!(unassigned.len(), 1);
    assert_eq!(unassigned[0].data.subject, "Nobody's");
    // A person with a case cannot be deleted without --unlink.
    let err = s
        .write(now(), |w| w.delete_person(p, None, false))
        .unwrap_err()
        .to_string();
    assert!(err.contains("2 cases"), "{err}");
}

/// A reply moves only a case still in the starting status; `reply_to = ""`
/// turns that off, and a workflow without the default move keeps its
/// cases where they are.
#[test]
fn reply_to_moves_only_new_cases_and_can_be_turned_off() {
    let reply = |at| ActivityData {
        kind: ActivityKind::OutgoingCall,
        subject: "called back".into(),
        body: None,
        occurred_at: at,
        author: "sara".into(),
        person_id: None,
        company_id: None,
        deal_id: None,
    };
    let t = now() + Duration::minutes(5);
    // Waiting on the customer: a reply does not move it back to open.
    let db = TempDb::new();
    let mut s = db.open("sara");
    let p = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let (id, _) = s.write(now(), |w| w.add_case(a_case("Beeps", p))).unwrap();
    s.write(now(), |w| w.move_case(id, None, "waiting_on_customer"))
        .unwrap();
    s.write(t, |w| w.add_case_activity(id, reply(t))).unwrap();
    assert_eq!(s.case(id).unwrap().data.status, "waiting_on_customer");
    drop(s);
    // Turned off.
    let off = Config::parse("[support]\nreply_to = \"\"\n", "test").unwrap();
    let db = TempDb::new();
    let mut s = db.open_with(off, "sara");
    let p = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let (id, _) = s.write(now(), |w| w.add_case(a_case("Beeps", p))).unwrap();
    s.write(t, |w| w.add_case_activity(id, reply(t))).unwrap();
    assert_eq!(s.case(id).unwrap().data.status, "new");
}
