//! The change feed: rows after an id, the watcher's wake-up, and telling a
//! store's own writes from others'.

use super::*;
use kariz::model::Entity;
use kariz::store::{ChangeWatcher, Poll};

#[test]
fn changes_since_returns_rows_after_the_id_oldest_first() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let before = s.last_change_id().unwrap();
    assert_eq!(before, 0, "a new database has an empty change log");
    let id = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let mut data = s.person(id).unwrap().data;
    data.title = Some("Buyer".into());
    s.write(now(), |w| w.update_person(id, 1, data)).unwrap();
    let company = s
        .write(now(), |w| w.add_company(company("Zagros")))
        .unwrap();

    let rows = s.changes_since(before, 100).unwrap();
    let seen: Vec<(Entity, i64, &str, Option<&str>)> = rows
        .iter()
        .map(|r| (r.entity, r.entity_id, r.op.as_str(), r.field.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (Entity::Person, id, "create", None),
            (Entity::Person, id, "update", Some("title")),
            (Entity::Company, company, "create", None),
        ]
    );
    assert!(rows.iter().all(|r| r.actor == "sara"));
    // After the second row only the third comes; the limit caps the count.
    let after_two = s.changes_since(rows[1].id, 100).unwrap();
    assert_eq!(after_two.len(), 1);
    assert_eq!(after_two[0].entity, Entity::Company);
    assert_eq!(s.changes_since(before, 2).unwrap().len(), 2);
    assert_eq!(s.last_change_id().unwrap(), rows[2].id);
}

#[test]
fn last_write_is_exactly_the_rows_that_write_logged() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let mut other = db.open("omid");
    other
        .write(now(), |w| w.add_person(person("First")))
        .unwrap();
    let id = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    other
        .write(now(), |w| w.add_person(person("Later")))
        .unwrap();

    let (after, last) = s.last_write().expect("a write happened");
    let mine = s.changes_since(after, 100).unwrap();
    let mine: Vec<_> = mine.into_iter().filter(|r| r.id <= last).collect();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!((mine[0].entity_id, mine[0].actor.as_str()), (id, "sara"));
}

#[test]
fn a_write_that_logs_nothing_reports_no_rows_at_the_newest_id() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let newest = s.last_change_id().unwrap();
    assert!(newest > 0);
    s.write(now(), |_| Ok(())).unwrap();
    assert_eq!(s.last_write(), Some((newest, newest)));
    s.write(now(), |w| w.add_person(person("Sara"))).unwrap();
    let (after, last) = s.last_write().unwrap();
    assert_eq!(after, newest, "the next write's rows follow on");
    assert!(last > after);
}

#[test]
fn watcher_is_quiet_until_another_connection_commits_then_reads_the_rows() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    s.write(now(), |w| w.add_person(person("Before"))).unwrap();
    let mut watcher = ChangeWatcher::open(&db.path()).unwrap();
    assert_eq!(watcher.poll().unwrap(), Poll::Quiet);
    assert_eq!(watcher.poll().unwrap(), Poll::Quiet);

    let id = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let Poll::Changes(rows) = watcher.poll().unwrap() else {
        panic!("a commit should be noticed");
    };
    assert_eq!(
        rows.len(),
        1,
        "only rows after the watcher opened: {rows:?}"
    );
    assert_eq!((rows[0].entity, rows[0].entity_id), (Entity::Person, id));
    assert_eq!(watcher.last_seen(), rows[0].id);
    assert_eq!(
        watcher.poll().unwrap(),
        Poll::Quiet,
        "each row is reported once"
    );
}

#[test]
fn watcher_opened_after_an_id_reports_what_was_committed_before_it_opened() {
    // The interface reads the newest id before its first view loads and
    // opens the watcher later on another thread: a commit in between must
    // still be reported, and only once.
    let db = TempDb::new();
    let mut s = db.open("sara");
    s.write(now(), |w| w.add_person(person("Before"))).unwrap();
    let last = s.last_change_id().unwrap();
    let id = s.write(now(), |w| w.add_person(person("Between"))).unwrap();
    let mut watcher = ChangeWatcher::open_after(&db.path(), last).unwrap();
    let Poll::Changes(rows) = watcher.poll().unwrap() else {
        panic!("the commit before the watcher opened should be reported");
    };
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].entity, rows[0].entity_id), (Entity::Person, id));
    assert_eq!(watcher.poll().unwrap(), Poll::Quiet);

    // Opened after the newest id with nothing committed since: quiet.
    let last = s.last_change_id().unwrap();
    let mut watcher = ChangeWatcher::open_after(&db.path(), last).unwrap();
    assert_eq!(watcher.poll().unwrap(), Poll::Quiet);
}

#[test]
fn watcher_reports_a_flood_instead_of_reading_every_row() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let mut watcher = ChangeWatcher::open(&db.path()).unwrap().with_flood(3);
    s.write(now(), |w| {
        for n in 0..5 {
            w.add_person(person(&format!("P{n}")))?;
        }
        Ok(())
    })
    .unwrap();
    let last = s.last_change_id().unwrap();
    assert_eq!(watcher.poll().unwrap(), Poll::Flood { last });
    assert_eq!(watcher.poll().unwrap(), Poll::Quiet);
}

#[test]
fn an_import_row_reaches_the_feed_with_its_id_range() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let before = s.last_change_id().unwrap();
    s.write(now(), |w| w.log_import(Entity::Person, 10, 19, "{}"))
        .unwrap();
    let rows = s.changes_since(before, 10).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].op, "import");
    assert_eq!((rows[0].entity_id, rows[0].last_id), (10, Some(19)));
}

#[test]
fn a_team_list_change_does_not_break_the_feed_for_the_records_after_it() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let before = s.last_change_id().unwrap();
    s.write(now(), |w| w.add_user("reza", Some("Reza Karimi")))
        .unwrap();
    let id = s.write(now(), |w| w.add_person(person("Zahra"))).unwrap();
    // The team-list row is not a record a view shows: it is skipped, and
    // the person after it still arrives.
    let rows = s.changes_since(before, 100).unwrap();
    let seen: Vec<(Entity, i64)> = rows.iter().map(|r| (r.entity, r.entity_id)).collect();
    assert_eq!(seen, [(Entity::Person, id)]);

    // Another process's watcher: a team-list change alone is quiet, and the
    // record written after it is reported.
    let mut watcher = ChangeWatcher::open(&db.path()).unwrap();
    s.write(now(), |w| w.add_user("layla", None)).unwrap();
    assert_eq!(watcher.poll().unwrap(), Poll::Quiet);
    let next = s.write(now(), |w| w.add_person(person("Omid"))).unwrap();
    let Poll::Changes(rows) = watcher.poll().unwrap() else {
        panic!("the person after the team-list change is reported");
    };
    assert_eq!((rows[0].entity, rows[0].entity_id), (Entity::Person, next));
}
