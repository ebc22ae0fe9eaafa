//! Store tests that are about SQLite itself: upgrading files written by
//! older kariz versions (PostgreSQL databases start at the current
//! schema) and SQLite's query plans. Not in tests/store_pg.

use super::*;
use crate::locale_order::{PERSIAN_ORDER, all_people_by_pages};

/// Phones stored before migration 012 get their caller key on upgrade.
#[test]
fn upgrading_fills_the_caller_key_of_existing_phones() {
    let db = TempDb::new();
    {
        kariz::store::create_at_schema_version(&db.path(), 8).unwrap();
        let conn = rusqlite::Connection::open(db.path()).unwrap();
        conn.execute(
            "INSERT INTO people (name, name_folded, search_text, sort_key, created_at, updated_at)
             VALUES ('Sara', 'sara', 'sara', X'00', '2026-11-22T09:00:00Z', '2026-11-22T09:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO contact_points (person_id, kind, label, value, position)
             VALUES (1, 'phone', 'mobile', '۰۹۱۲ ۳۴۵ ۶۷۸۹', 0),
                    (1, 'email', 'work', 'sara@example.com', 0)",
            [],
        )
        .unwrap();
    }
    let s = db.open("sara");
    let found = s.callers("+98 912 345 6789").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "Sara");
}

/// The lookup is an index search, not a scan of every phone.
#[test]
fn the_lookup_uses_the_caller_key_index() {
    let db = TempDb::new();
    drop(db.open("sara"));
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT person_id FROM contact_points
             WHERE phone_key = ?1 AND kind = 'phone'",
        )
        .unwrap()
        .query_map(["9123456789"], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.iter()
            .any(|p| p.contains("contact_points_by_phone_key")),
        "{plan:?}"
    );
}

/// The partial indexes (version 22: no NULL company, caller key or
/// birthday in them) still serve the lookups that name a value.
#[test]
fn the_partial_indexes_serve_their_lookups() {
    let db = TempDb::new();
    drop(db.open("sara"));
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let plan = |sql: &str| -> String {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .join("; ")
    };
    let company = plan(
        "SELECT kind, label, value FROM contact_points WHERE company_id = 7 ORDER BY kind, position",
    );
    assert!(company.contains("contact_points_by_company"), "{company}");
    let all_companies = plan(
        "SELECT company_id, kind, label, value FROM contact_points
         WHERE company_id IS NOT NULL ORDER BY company_id, kind, position",
    );
    assert!(
        all_companies.contains("contact_points_by_company"),
        "{all_companies}"
    );
    // The shape of `people::birthdays_on`.
    let birthdays = plan(
        "SELECT p.id FROM people p
         WHERE p.birthday IS NOT NULL AND substr(p.birthday, 6) IN ('12-06', '12-07')
         ORDER BY p.sort_key, p.id",
    );
    assert!(birthdays.contains("people_by_birthday"), "{birthdays}");
    let sizes: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE name IN ('contact_points_by_company', 'contact_points_by_phone_key', 'people_by_birthday')")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sizes.len(), 3);
    assert!(
        sizes.iter().all(|sql| sql.contains("IS NOT NULL")),
        "{sizes:?}"
    );
}

/// A version-1 database (no sort key, phones indexed as bare digits) gets
/// keys and new search texts when opened.
#[test]
fn upgrading_a_version_1_database_fills_sort_keys_and_search_texts() {
    let db = TempDb::new();
    {
        kariz::store::create_at_schema_version(&db.path(), 1).unwrap();
        let conn = rusqlite::Connection::open(db.path()).unwrap();
        for (i, name) in PERSIAN_ORDER.iter().rev().enumerate() {
            conn.execute(
                "INSERT INTO people (name, name_folded, search_text, created_at, updated_at)
                 VALUES (?1, ?1, ?1, '2026-11-22T09:00:00Z', '2026-11-22T09:00:00Z')",
                [name],
            )
            .unwrap();
            let id = conn.last_insert_rowid();
            conn.execute(
                "INSERT INTO contact_points (person_id, kind, value, position)
                 VALUES (?1, 'phone', ?2, 0)",
                rusqlite::params![id, format!("+98 912 000 {i:04}")],
            )
            .unwrap();
        }
    }
    let s = db.open("sara");
    assert_eq!(all_people_by_pages(&s, 3), PERSIAN_ORDER);
    // The phone was stored with +98; searching its national form finds it.
    let hits = kariz::search::search(&s, "0912 000 0000", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let person = s.person(hits[0].id).unwrap();
    assert_eq!(person.data.name, PERSIAN_ORDER[PERSIAN_ORDER.len() - 1]);
}

/// The second writer really runs into the first one's open transaction
/// (SQLite has one writer at a time; on PostgreSQL writers run side by
/// side, tests/store_pg/side_by_side.rs):
/// bob's write starts while alice's transaction holds the write lock, waits
/// for it (busy timeout), and commits after it. Channels order the steps,
/// so this proves the overlap on every run instead of hoping for it.
#[test]
fn a_second_writer_waits_for_an_open_transaction_and_then_commits() {
    use std::sync::mpsc;
    use std::time::Instant;

    let db = TempDb::new();
    drop(db.open("setup"));
    let path = db.path();
    let (alice_holds_tx, alice_holds) = mpsc::channel::<()>();
    let (bob_starting_tx, bob_starting) = mpsc::channel::<Instant>();
    let (bob_done_tx, bob_done) = mpsc::channel::<(Instant, i64)>();

    let mut alice = Store::open(&path, Config::default_config(), "alice").unwrap();
    let bob = std::thread::spawn(move || {
        let mut s = Store::open(&path, Config::default_config(), "bob").unwrap();
        alice_holds.recv().unwrap();
        bob_starting_tx.send(Instant::now()).unwrap();
        let id = s
            .write(now(), |w| w.add_person(person("bob's")))
            .expect("bob's write waits for alice's and then succeeds");
        bob_done_tx.send((Instant::now(), id)).unwrap();
    });

    let mut bob_started = None;
    let mut alice_last_in_transaction = None;
    let alice_id = alice
        .write(now(), |w| {
            let id = w.add_person(person("alice's"))?;
            // Alice holds the write lock (BEGIN IMMEDIATE) from here until
            // bob's write has begun.
            alice_holds_tx.send(()).unwrap();
            bob_started = Some(bob_starting.recv().unwrap());
            assert!(
                bob_done.try_recv().is_err(),
                "bob wrote while alice's transaction was open"
            );
            // Taken before the commit: bob cannot finish before it.
            alice_last_in_transaction = Some(Instant::now());
            Ok(id)
        })
        .unwrap();
    let alice_holding = alice_last_in_transaction.unwrap();
    let (bob_finished, bob_id) = bob_done.recv().unwrap();
    bob.join().unwrap();

    let bob_started = bob_started.unwrap();
    assert!(
        bob_started < alice_holding,
        "bob began inside alice's transaction"
    );
    assert!(bob_finished > alice_holding, "bob committed after alice");
    assert!(
        bob_id > alice_id,
        "bob's row came second: {alice_id} then {bob_id}"
    );
    let s = db.open("check");
    assert_eq!(s.count(kariz::model::Entity::Person).unwrap(), 2);
}
