use super::*;
use kariz::Error;
use kariz::model::Entity;
use kariz::store::ChangeFilter;

fn all_changes(s: &Store) -> Vec<kariz::model::ChangeEntry> {
    s.changes(&ChangeFilter {
        limit: 1000,
        ..ChangeFilter::default()
    })
    .unwrap()
}

#[test]
fn create_update_delete_write_log_rows_with_actor_and_values() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let mut data = s.person(id).unwrap().data;
    data.title = Some("Buyer".into());
    s.write(now(), |w| w.update_person(id, 1, data)).unwrap();
    s.write(now(), |w| w.delete_person(id, None, false))
        .unwrap();

    let rows = all_changes(&s);
    // Newest first: delete, update (title), create.
    let ops: Vec<(&str, Option<&str>)> = rows
        .iter()
        .map(|r| (r.op.as_str(), r.field.as_deref()))
        .collect();
    assert_eq!(
        ops,
        vec![
            ("delete", None),
            ("update", Some("title")),
            ("create", None)
        ]
    );
    let update = &rows[1];
    assert_eq!(update.old, None);
    assert_eq!(update.new.as_deref(), Some("Buyer"));
    assert!(
        rows.iter()
            .all(|r| r.actor == "sara" && r.entity == Entity::Person && r.entity_id == id)
    );
    let created: serde_json::Value = serde_json::from_str(rows[2].new.as_deref().unwrap()).unwrap();
    assert_eq!(created["name"], "Reza");
    let deleted: serde_json::Value = serde_json::from_str(rows[0].old.as_deref().unwrap()).unwrap();
    assert_eq!(deleted["title"], "Buyer");
}

#[test]
fn a_failed_transaction_leaves_neither_record_nor_log_row() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let result: Result<(), Error> = s.write(now(), |w| {
        w.add_person(person("Ghost"))?;
        Err(Error::invalid("stop here"))
    });
    assert!(result.is_err());
    assert_eq!(s.count(Entity::Person).unwrap(), 0);
    assert!(all_changes(&s).is_empty());
}

#[test]
fn a_rejected_update_writes_no_log_row() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let mut data = s.person(id).unwrap().data;
    data.name = "   ".into();
    assert!(s.write(now(), |w| w.update_person(id, 1, data)).is_err());
    assert_eq!(all_changes(&s).len(), 1, "only the create row");
    assert_eq!(s.person(id).unwrap().version, 1);
}
