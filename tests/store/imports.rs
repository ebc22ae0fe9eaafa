//! The import's write session (`Store::bulk_import`) on either engine: on
//! PostgreSQL it holds people back and writes them a batch at a time, and
//! what it reports and stores must not differ from SQLite's row-by-row
//! inserts.

use super::*;
use kariz::model::{ContactPoint, Entity};
use kariz::store::ImportSize;

fn tagged(name: &str, external: &str) -> (PersonData, Option<String>) {
    let mut data = person(name);
    data.tags = vec!["vip".into(), "VIP".into(), "مشتری".into()];
    data.emails = vec![ContactPoint {
        label: "work".into(),
        value: format!("{external}@example.com"),
    }];
    (data, Some(external.to_string()))
}

#[test]
fn ids_come_back_at_once_in_order_and_the_people_are_there_after_the_commit() {
    let db = TempDb::new();
    let mut store = db.open("t");
    let stored = store
        .write(now(), |w| w.add_person(person("Stored")))
        .unwrap();
    let ids = store
        .bulk_import(now(), ImportSize::Known(3), |s| {
            s.expect_people(3)?;
            let mut ids = Vec::new();
            for name in ["Sara", "Ali", "Nika"] {
                let (data, external) = tagged(name, &name.to_lowercase());
                ids.push(s.add_person(data, None, external.as_deref())?);
            }
            // What is held back is written before the writer is handed out.
            let writer = s.writer()?;
            let sara = writer.person(ids[0])?;
            assert_eq!(sara.data.tags, ["vip", "مشتری"]);
            Ok(ids)
        })
        .unwrap();
    assert_eq!(ids, [stored + 1, stored + 2, stored + 3]);
    let nika = store.person(ids[2]).unwrap();
    assert_eq!(nika.data.name, "Nika");
    assert_eq!(nika.data.emails[0].value, "nika@example.com");
    let history = store
        .changes(&kariz::store::ChangeFilter {
            entity: Some(Entity::Person.into()),
            ..Default::default()
        })
        .unwrap();
    let created: Vec<i64> = history
        .iter()
        .filter(|c| c.op == "create")
        .map(|c| c.entity_id)
        .collect();
    assert_eq!(created.len(), 4, "{history:?}");
    assert_eq!(db.count("SELECT count(*) FROM changes WHERE id < 0"), 0);
}

#[test]
fn a_duplicate_external_id_in_one_import_names_the_id_and_leaves_nothing() {
    let db = TempDb::new();
    let mut store = db.open("t");
    let failed = store.bulk_import(now(), ImportSize::Known(3), |s| {
        s.expect_people(3)?;
        for (name, external) in [("Sara", "e1"), ("Ali", "e2"), ("Nika", "e1")] {
            let (data, external) = tagged(name, external);
            s.add_person(data, None, external.as_deref())?;
        }
        s.flush()
    });
    let message = failed.unwrap_err().to_string();
    assert!(
        message.contains(r#"another person already has the external id "e1""#),
        "{message}"
    );
    assert_eq!(store.count(Entity::Person).unwrap(), 0);
    assert_eq!(db.count("SELECT count(*) FROM contact_points"), 0);
    assert_eq!(db.count("SELECT count(*) FROM person_tags"), 0);
    assert_eq!(db.count("SELECT count(*) FROM changes"), 0);
}
