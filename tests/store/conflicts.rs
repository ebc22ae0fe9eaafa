use super::*;
use kariz::Error;
use kariz::model::Entity;

#[test]
fn stale_update_is_a_typed_conflict_and_keeps_the_first_save() {
    let db = TempDb::new();
    let mut alice = db.open("alice");
    let mut bob = db.open("bob");
    let id = alice
        .write(now(), |w| w.add_person(person("Sara")))
        .unwrap();

    // Both read version 1.
    let seen_by_alice = alice.person(id).unwrap();
    let seen_by_bob = bob.person(id).unwrap();
    assert_eq!(seen_by_alice.version, 1);

    let mut a = seen_by_alice.data.clone();
    a.title = Some("Buyer".into());
    alice.write(now(), |w| w.update_person(id, 1, a)).unwrap();

    let mut b = seen_by_bob.data.clone();
    b.title = Some("CEO".into());
    let err = bob
        .write(now(), |w| w.update_person(id, seen_by_bob.version, b))
        .unwrap_err();
    match err {
        Error::Conflict {
            entity,
            id: cid,
            expected,
            actual,
        } => {
            assert_eq!((entity, cid, expected, actual), (Entity::Person, id, 1, 2));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let stored = bob.person(id).unwrap();
    assert_eq!(stored.data.title.as_deref(), Some("Buyer"));
    assert_eq!(stored.version, 2);
}

#[test]
fn conflicts_cover_deals_tasks_and_deletes() {
    let db = TempDb::new();
    let mut s = db.open("alice");
    let deal_id = s
        .write(now(), |w| w.add_deal(deal("Pumps", "Lead")))
        .unwrap();
    s.write(now(), |w| w.move_deal(deal_id, Some(1), "Qualified", None))
        .unwrap();
    let err = s
        .write(now(), |w| w.move_deal(deal_id, Some(1), "Proposal", None))
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { actual: 2, .. }), "{err:?}");
    assert_eq!(s.deal(deal_id).unwrap().data.stage, "Qualified");

    let err = s
        .write(now(), |w| w.delete_deal(deal_id, Some(1), false))
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert!(s.deal(deal_id).is_ok(), "a stale delete must not delete");
}

#[test]
fn updating_a_missing_record_is_not_found() {
    let db = TempDb::new();
    let mut s = db.open("alice");
    let err = s
        .write(now(), |w| w.update_person(42, 1, person("Nobody")))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                entity: Entity::Person,
                id: 42
            }
        ),
        "{err:?}"
    );
}

#[test]
fn an_edit_that_changes_nothing_keeps_the_version_and_logs_nothing() {
    let db = TempDb::new();
    let mut s = db.open("alice");
    let id = s.write(now(), |w| w.add_person(person("Sara"))).unwrap();
    let data = s.person(id).unwrap().data;
    s.write(now(), |w| w.update_person(id, 1, data.clone()))
        .unwrap();
    assert_eq!(s.person(id).unwrap().version, 1);
    let log = s
        .changes(&kariz::store::ChangeFilter {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1, "only the create row");
    // A stale no-op still reports the conflict.
    let mut changed = data.clone();
    changed.title = Some("CEO".into());
    s.write(now(), |w| w.update_person(id, 1, changed)).unwrap();
    let err = s
        .write(now(), |w| w.update_person(id, 1, data))
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
}

#[test]
fn deleted_ids_are_never_reused() {
    let db = TempDb::new();
    let mut s = db.open("alice");
    let first = s.write(now(), |w| w.add_person(person("Sara"))).unwrap();
    s.write(now(), |w| w.delete_person(first, None, false))
        .unwrap();
    let second = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    assert!(second > first, "{second} reused {first}");
}
