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
