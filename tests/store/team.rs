//! The team list, the owner rule and reassignment at the store level.

use super::*;
use kariz::Error;
use kariz::model::{LoggedKind, TaskData};
use kariz::store::{ChangeFilter, Reassigned};

#[test]
fn a_failed_reassignment_changes_nothing() {
    let db = TempDb::new();
    let mut s = db.open("admin");
    let pid = s
        .write(now(), |w| {
            w.add_user("admin", None)?;
            w.add_user("reza", None)?;
            let mut p = person("A");
            p.owner = Some("reza".into());
            w.add_person(p)
        })
        .unwrap();
    // The move itself succeeds, then something later in the same
    // transaction fails: the owner change and its log row roll back.
    let err = s
        .write(now(), |w| {
            w.reassign("reza", "admin")?;
            Err::<(), _>(Error::invalid("stop"))
        })
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)));
    assert_eq!(s.person(pid).unwrap().data.owner.as_deref(), Some("reza"));
    assert_eq!(s.person(pid).unwrap().version, 1);
    let updates = s
        .changes(&ChangeFilter {
            entity: Some(kariz::model::Entity::Person.into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(updates.len(), 1, "only the create: {updates:?}");
}

#[test]
fn reassign_counts_match_what_moves() {
    let db = TempDb::new();
    let mut s = db.open("admin");
    s.write(now(), |w| {
        for name in ["A", "B"] {
            let mut p = person(name);
            p.owner = Some("reza".into());
            w.add_person(p)?;
        }
        let mut c = company("Acme");
        c.owner = Some("reza".into());
        w.add_company(c)?;
        w.add_task(TaskData {
            title: "Call".into(),
            owner: Some("reza".into()),
            ..TaskData::default()
        })
    })
    .unwrap();
    let expected = Reassigned {
        people: 2,
        companies: 1,
        deals: 0,
        tasks: 1,
    };
    assert_eq!(s.reassign_counts("reza").unwrap(), expected);
    // Empty team list: single-user mode, any login may receive them.
    let moved = s.write(now(), |w| w.reassign("reza", "sara")).unwrap();
    assert_eq!(moved, expected);
    assert_eq!(s.reassign_counts("reza").unwrap(), Reassigned::default());
}

#[test]
fn team_changes_are_logged_as_user_rows() {
    let db = TempDb::new();
    let mut s = db.open("admin");
    s.write(now(), |w| w.add_user("sara", Some("Sara Ahmadi")))
        .unwrap();
    s.write(now(), |w| w.add_user("sara", Some("Sara A.")))
        .unwrap();
    // Adding again with nothing new writes nothing.
    s.write(now(), |w| w.add_user("sara", None)).unwrap();
    let rows = s
        .changes(&ChangeFilter {
            entity: Some(LoggedKind::User),
            ..Default::default()
        })
        .unwrap();
    let ops: Vec<(&str, Option<&str>, Option<&str>)> = rows
        .iter()
        .map(|r| (r.op.as_str(), r.field.as_deref(), r.new.as_deref()))
        .collect();
    assert_eq!(
        ops,
        [
            ("update", Some("display_name"), Some("Sara A.")),
            (
                "create",
                None,
                Some(r#"{"active":"yes","display_name":"Sara Ahmadi","login":"sara"}"#)
            ),
        ]
    );
    // The whole log still reads with user rows in it.
    assert_eq!(s.changes(&ChangeFilter::default()).unwrap().len(), 2);
    let sara = s.team_user("sara").unwrap().unwrap();
    assert_eq!((sara.version, sara.active), (2, true));
}

#[test]
fn an_unchanged_owner_off_the_team_is_kept_on_edit() {
    let db = TempDb::new();
    let mut s = db.open("admin");
    let pid = s
        .write(now(), |w| {
            let mut p = person("A");
            p.owner = Some("old-timer".into());
            w.add_person(p)
        })
        .unwrap();
    s.write(now(), |w| w.add_user("admin", None)).unwrap();
    let before = s.person(pid).unwrap();
    let mut data = before.data.clone();
    data.title = Some("Buyer".into());
    s.write(now(), |w| w.update_person(pid, before.version, data))
        .unwrap();
    let mut data = s.person(pid).unwrap().data;
    data.owner = Some("old-timr".into());
    let err = s
        .write(now(), |w| w.update_person(pid, 2, data))
        .unwrap_err();
    assert!(err.to_string().contains("not on the team"), "{err}");
}
