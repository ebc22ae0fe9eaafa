//! Two people on one database file (two `Store` handles): field-level
//! edits and tag operations keep both people's work.

use super::*;
use kariz::Error;
use kariz::model::Entity;
use kariz::model::patch::FieldConflict;

#[test]
fn edits_of_different_fields_by_two_writers_both_survive() {
    let db = TempDb::new();
    let mut alice = db.open("alice");
    let mut bob = db.open("bob");
    let id = alice
        .write(now(), |w| w.add_person(person("Sara")))
        .unwrap();
    let seen_by_alice = alice.person(id).unwrap().data;
    let seen_by_bob = bob.person(id).unwrap().data;

    let mut a = seen_by_alice.clone();
    a.title = Some("Buyer".into());
    alice
        .write(now(), |w| w.patch_person(id, &seen_by_alice, &a))
        .unwrap();
    // Bob's form opened before Alice saved; he changes only the notes.
    let mut b = seen_by_bob.clone();
    b.notes = Some("called twice".into());
    bob.write(now(), |w| w.patch_person(id, &seen_by_bob, &b))
        .unwrap();

    let stored = alice.person(id).unwrap();
    assert_eq!(stored.data.title.as_deref(), Some("Buyer"));
    assert_eq!(stored.data.notes.as_deref(), Some("called twice"));
    assert_eq!(stored.version, 3);
}

#[test]
fn the_same_field_changed_by_both_is_a_conflict_with_three_values() {
    let db = TempDb::new();
    let mut alice = db.open("alice");
    let mut bob = db.open("bob");
    let id = alice
        .write(now(), |w| w.add_deal(deal("Pumps", "Lead")))
        .unwrap();
    let seen = bob.deal(id).unwrap().data;
    let mut a = seen.clone();
    a.notes = Some("Alice's notes".into());
    alice.write(now(), |w| w.patch_deal(id, &seen, &a)).unwrap();

    let mut b = seen.clone();
    b.notes = Some("Bob's notes".into());
    b.title = "Pumps x2".into();
    let err = bob
        .write(now(), |w| w.patch_deal(id, &seen, &b))
        .unwrap_err();
    match &err {
        Error::FieldConflict {
            entity,
            id: cid,
            fields,
        } => {
            assert_eq!((*entity, *cid), (Entity::Deal, id));
            assert_eq!(
                fields,
                &vec![FieldConflict {
                    field: "notes".into(),
                    original: None,
                    theirs: Some("Alice's notes".into()),
                    mine: Some("Bob's notes".into()),
                }]
            );
        }
        other => panic!("expected a field conflict, got {other:?}"),
    }
    assert!(err.is_conflict());
    // Nothing of Bob's was written, not even the title he also changed.
    let stored = alice.deal(id).unwrap();
    assert_eq!(stored.data.title, "Pumps");
    assert_eq!(stored.data.notes.as_deref(), Some("Alice's notes"));
}

#[test]
fn tags_added_by_both_writers_survive() {
    let db = TempDb::new();
    let mut alice = db.open("alice");
    let mut bob = db.open("bob");
    let id = alice
        .write(now(), |w| w.add_company(company("Acme")))
        .unwrap();
    alice
        .write(now(), |w| {
            w.change_tags(Entity::Company, id, &["vip".into()], &[])
        })
        .unwrap();
    let tags = bob
        .write(now(), |w| {
            w.change_tags(Entity::Company, id, &["export".into()], &[])
        })
        .unwrap();
    assert_eq!(tags, vec!["export", "vip"]);
    let tags = alice
        .write(now(), |w| {
            w.change_tags(Entity::Company, id, &[], &["VIP".into()])
        })
        .unwrap();
    assert_eq!(tags, vec!["export"]);
}

#[test]
fn a_form_edit_of_tags_adds_and_removes_without_dropping_others() {
    let db = TempDb::new();
    let mut alice = db.open("alice");
    let mut bob = db.open("bob");
    let mut sara = person("Sara");
    sara.tags = vec!["lead".into()];
    let id = alice.write(now(), |w| w.add_person(sara)).unwrap();
    let seen_by_bob = bob.person(id).unwrap().data;
    alice
        .write(now(), |w| {
            w.change_tags(Entity::Person, id, &["vip".into()], &[])
        })
        .unwrap();
    // Bob's form replaced "lead" by "customer"; Alice's "vip" stays.
    let mut b = seen_by_bob.clone();
    b.tags = vec!["customer".into()];
    bob.write(now(), |w| w.patch_person(id, &seen_by_bob, &b))
        .unwrap();
    assert_eq!(alice.person(id).unwrap().data.tags, vec!["customer", "vip"]);
}

#[test]
fn a_removed_record_comes_back_under_its_id_as_it_was() {
    use kariz::model::{ContactPoint, TaskData};
    let db = TempDb::new();
    let mut s = db.open("alice");
    let mut acme = company("Acme");
    acme.emails = vec![ContactPoint {
        label: "work".into(),
        value: "sales@acme.example".into(),
    }];
    acme.tags = vec!["export".into()];
    let cid = s.write(now(), |w| w.add_company(acme)).unwrap();
    let tid = s
        .write(now(), |w| {
            let id = w.add_task(TaskData {
                title: "Send the catalogue".into(),
                company_id: Some(cid),
                ..TaskData::default()
            })?;
            w.complete_task(id, None)?;
            Ok(id)
        })
        .unwrap();
    let task = s.task(tid).unwrap();
    let later = now() + chrono::Duration::days(3);
    let removed = s
        .write(later, |w| {
            let removed = w.removed(Entity::Task, tid)?;
            w.delete_task(tid, Some(task.version))?;
            Ok(removed)
        })
        .unwrap();
    assert!(s.task(tid).is_err());
    s.write(later, |w| w.restore(&removed)).unwrap();
    let back = s.task(tid).unwrap();
    assert_eq!(back.data, task.data);
    assert_eq!(back.done_at, task.done_at, "still done, at the same time");
    assert_eq!(back.created_at, task.created_at);
    assert_eq!(back.version, task.version + 1);
    // Restoring twice is refused, not duplicated.
    let err = s.write(later, |w| w.restore(&removed)).unwrap_err();
    assert!(err.to_string().contains("exists again"), "{err}");

    // A company with its e-mails and tags (its task was deleted first).
    s.write(later, |w| w.delete_task(tid, None)).unwrap();
    let before = s.company(cid).unwrap();
    let removed = s
        .write(later, |w| {
            let removed = w.removed(Entity::Company, cid)?;
            w.delete_company(cid, None, false)?;
            Ok(removed)
        })
        .unwrap();
    s.write(later, |w| w.restore(&removed)).unwrap();
    let back = s.company(cid).unwrap();
    assert_eq!(back.data, before.data);
    assert_eq!(back.data.tags, vec!["export"]);
}

/// An edit of one field leaves the phones, e-mails and tags it did not
/// touch as stored (the same rows), so a save writes only what changed;
/// a changed phone list is written anew.
#[test]
fn an_edit_of_one_field_leaves_the_contact_points_rows_alone() {
    let db = TempDb::new();
    let mut alice = db.open("alice");
    let mut data = person("Sara");
    data.phones = vec![kariz::model::ContactPoint {
        label: "mobile".into(),
        value: "+98 912 345 6789".into(),
    }];
    data.tags = vec!["vip".into()];
    let id = alice.write(now(), |w| w.add_person(data.clone())).unwrap();
    // Someone else's phone after it, so a rewritten row gets a new id on
    // SQLite too (it reuses the largest id).
    alice.write(now(), |w| w.add_person(data)).unwrap();
    let sql = format!("SELECT id FROM contact_points WHERE person_id = {id}");
    let point_ids = || count_rows(&db.path(), &sql);
    let first = point_ids();

    let seen = alice.person(id).unwrap().data;
    let mut edited = seen.clone();
    edited.title = Some("Buyer".into());
    alice
        .write(now(), |w| w.patch_person(id, &seen, &edited))
        .unwrap();
    assert_eq!(point_ids(), first, "the phone was rewritten");
    let stored = alice.person(id).unwrap().data;
    assert_eq!(stored.title.as_deref(), Some("Buyer"));
    assert_eq!(stored.phones, seen.phones);
    assert_eq!(stored.tags, vec!["vip".to_string()]);

    let mut edited = stored.clone();
    edited.phones[0].value = "+98 912 000 0000".into();
    alice
        .write(now(), |w| w.patch_person(id, &stored, &edited))
        .unwrap();
    assert_ne!(point_ids(), first, "the new phone was not written");
    assert_eq!(
        alice.person(id).unwrap().data.phones[0].value,
        "+98 912 000 0000"
    );
}
