//! Writers on PostgreSQL run side by side (src/store/pg_turns.rs): one
//! does not wait for another's open transaction, the change log still
//! becomes visible in id order, and two edits of one record merge as on
//! SQLite. Channels order the steps; waiting on the server is a condition
//! polled with a deadline.

use super::*;
use kariz::model::Entity;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The database name in a `postgresql:///NAME?host=…` location.
fn database_name(db: &TempDb) -> String {
    let location = db.path().to_str().unwrap().to_owned();
    let rest = location.trim_start_matches("postgresql:///");
    rest.split('?').next().unwrap().to_owned()
}

/// True when the tests run on PostgreSQL (else they have nothing to show:
/// SQLite's side is tests/store/sqlite_only.rs).
fn on_server(db: &TempDb) -> bool {
    db.path().to_str().is_some_and(kariz::store::is_server_url)
}

#[test]
fn a_second_writer_commits_while_the_first_transaction_is_open_and_the_log_stays_in_order() {
    let db = TempDb::new();
    if !on_server(&db) {
        return;
    }
    drop(db.open("setup"));
    let watcher = db.open("watcher");
    let start = watcher.last_change_id().unwrap();
    let path = db.path();
    let (alice_holds_tx, alice_holds) = mpsc::channel::<()>();
    let (bob_done_tx, bob_done) = mpsc::channel::<i64>();

    let mut alice = db.open("alice");
    let bob = std::thread::spawn(move || {
        let mut s = Store::open(&path, Config::default_config(), "bob").unwrap();
        alice_holds.recv().unwrap();
        let id = s.write(now(), |w| w.add_person(person("bob's"))).unwrap();
        bob_done_tx.send(id).unwrap();
        s.last_write().unwrap()
    });

    let mut seen_inside = Vec::new();
    alice
        .write(now(), |w| {
            let id = w.add_person(person("alice's"))?;
            alice_holds_tx.send(()).unwrap();
            bob_done
                .recv_timeout(Duration::from_secs(30))
                .expect("bob's write finished while alice's transaction was open");
            // Bob's change is in the log; alice's is not visible yet.
            seen_inside = watcher.changes_since(start, 100).unwrap();
            Ok(id)
        })
        .unwrap();
    let (bob_before, bob_last) = bob.join().unwrap();
    let (alice_before, alice_last) = alice.last_write().unwrap();

    assert_eq!(seen_inside.len(), 1, "{seen_inside:?}");
    assert_eq!(seen_inside[0].actor, "bob");
    assert_eq!((bob_before, bob_last), (start, start + 1));
    // Alice committed second, so her row comes after bob's: a reader that
    // has seen bob's id misses nothing by reading on from it.
    assert_eq!((alice_before, alice_last), (bob_last, bob_last + 1));
    let after_bob = watcher.changes_since(bob_last, 100).unwrap();
    assert_eq!(after_bob.len(), 1);
    assert_eq!(after_bob[0].actor, "alice");
    assert_eq!(db.count("SELECT count(*) FROM changes WHERE id < 0"), 0);
}

#[test]
fn two_edits_of_one_person_at_once_merge_instead_of_conflicting() {
    let db = TempDb::new();
    if !on_server(&db) {
        return;
    }
    let mut setup = db.open("setup");
    let id = setup
        .write(now(), |w| w.add_person(person("Sara")))
        .unwrap();
    let original = setup.person(id).unwrap().data;
    let cluster = pg_cluster::cluster().unwrap();
    let name = database_name(&db);
    let path = db.path();

    let (alice_holds_tx, alice_holds) = mpsc::channel::<()>();
    let bob_original = original.clone();
    let bob = std::thread::spawn(move || {
        let mut s = Store::open(&path, Config::default_config(), "bob").unwrap();
        alice_holds.recv().unwrap();
        let mut mine = bob_original.clone();
        mine.notes = Some("called back".into());
        s.write(now(), |w| w.patch_person(id, &bob_original, &mine))
    });

    let mut alice = db.open("alice");
    alice
        .write(now(), |w| {
            let mut mine = original.clone();
            mine.name = "Sara Ahmadi".into();
            w.patch_person(id, &original, &mine)?;
            alice_holds_tx.send(()).unwrap();
            // Commit only once bob's patch waits for this row.
            let deadline = Instant::now() + Duration::from_secs(30);
            let waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()";
            while cluster.psql(&name, waiting).trim() == "0" {
                assert!(Instant::now() < deadline, "bob's patch never waited");
                std::thread::yield_now();
            }
            Ok(())
        })
        .unwrap();
    bob.join()
        .unwrap()
        .expect("bob's patch merges after alice's");

    let stored = setup.person(id).unwrap();
    assert_eq!(stored.data.name, "Sara Ahmadi");
    assert_eq!(stored.data.notes.as_deref(), Some("called back"));
    assert_eq!(stored.version, 3);
    assert_eq!(setup.count(Entity::Person).unwrap(), 1);
}
