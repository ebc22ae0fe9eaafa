use super::*;
use kariz::Error;
use kariz::model::{ActivityData, ActivityKind, Entity, TaskData};

#[test]
fn deleting_a_person_with_links_is_refused_and_names_them() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let pid = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let mut d = deal("Pumps", "Lead");
    d.person_id = Some(pid);
    let did = s.write(now(), |w| w.add_deal(d)).unwrap();
    let tid = s
        .write(now(), |w| {
            w.add_task(TaskData {
                title: "Call".into(),
                person_id: Some(pid),
                ..TaskData::default()
            })
        })
        .unwrap();

    let err = s
        .write(now(), |w| w.delete_person(pid, None, false))
        .unwrap_err();
    let Error::InUse { message, links, .. } = &err else {
        panic!("expected InUse, got {err:?}")
    };
    assert_eq!(
        links,
        &vec![
            (kariz::model::Entity::Deal, vec![did]),
            (kariz::model::Entity::Task, vec![tid])
        ]
    );
    assert!(message.contains(&format!("1 deal (#{did})")), "{message}");
    assert!(message.contains(&format!("1 task (#{tid})")), "{message}");
    assert!(message.contains("Delete or relink"), "{message}");
    assert!(
        !message.contains("--"),
        "no CLI flags in library errors: {message}"
    );
    assert!(s.person(pid).is_ok());
}

#[test]
fn unlink_keeps_the_linked_records_and_logs_the_change() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let cid = s
        .write(now(), |w| w.add_company(company("Parsian Steel")))
        .unwrap();
    let mut p = person("Reza");
    p.company_id = Some(cid);
    let pid = s.write(now(), |w| w.add_person(p)).unwrap();
    let aid = s
        .write(now(), |w| {
            w.add_activity(ActivityData {
                kind: ActivityKind::Note,
                subject: "Met at expo".into(),
                body: None,
                occurred_at: now(),
                author: "sara".into(),
                person_id: None,
                company_id: Some(cid),
                deal_id: None,
            })
        })
        .unwrap();

    s.write(now(), |w| w.delete_company(cid, None, true))
        .unwrap();
    assert!(matches!(
        s.company(cid),
        Err(Error::NotFound {
            entity: Entity::Company,
            ..
        })
    ));
    let reza = s.person(pid).unwrap();
    assert_eq!(reza.data.company_id, None);
    assert_eq!(reza.version, 2);
    assert_eq!(s.activity(aid).unwrap().data.company_id, None);
    let log = s
        .changes(&kariz::store::ChangeFilter {
            entity: Some(Entity::Person.into()),
            entity_id: Some(pid),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log[0].field.as_deref(), Some("company_id"));
    assert_eq!(log[0].old.as_deref(), Some(cid.to_string().as_str()));
}

#[test]
fn phones_emails_tags_and_history_go_with_their_record() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let mut p = person("Reza");
    p.phones = vec![kariz::model::ContactPoint::parse(
        "mobile:0912 345 6789",
        "work",
    )];
    p.tags = vec!["vip".into()];
    let pid = s.write(now(), |w| w.add_person(p)).unwrap();
    let did = s
        .write(now(), |w| w.add_deal(deal("Pumps", "Lead")))
        .unwrap();
    s.write(now(), |w| w.delete_person(pid, None, false))
        .unwrap();
    s.write(now(), |w| w.delete_deal(did, None, false)).unwrap();
    // The store hands out no connection; read the file as it was committed.
    let count = |sql: &str| db.count(sql);
    assert_eq!(count("SELECT count(*) FROM contact_points"), 0);
    assert_eq!(count("SELECT count(*) FROM person_tags"), 0);
    assert_eq!(count("SELECT count(*) FROM deal_stage_history"), 0);
    // The tag name itself stays for reuse.
    assert_eq!(s.tags().unwrap()[0].name, "vip");
}
