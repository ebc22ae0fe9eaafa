//! Repository tests: the store on real SQLite files in temp directories.

// Test helpers (fixtures, tmux drivers) stop a test loudly on a failed step,
// as `#[test]` functions may: clippy.toml exempts only the latter by itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod birthdays;
mod callerid;
mod campaigns;
mod cases;
mod changelog;
mod concurrency;
mod conflicts;
mod custom_fields;
mod deals;
mod deletes;
mod feed;
mod files;
mod imports;
mod locale_order;
mod ops;
mod pages;
mod paging;
mod patches;
mod repeating;
mod reports;
mod rules;
mod sales;
mod search_forms;
mod segments;
mod sqlite_only;
mod stages;
mod tasks;
mod team;
mod transfer;

#[path = "../support/pg_cluster.rs"]
mod pg_cluster;

/// The tests here run on SQLite files; tests/store_pg runs them again on
/// PostgreSQL.
fn server_database() -> Option<String> {
    None
}

/// A count read from the SQLite file.
fn count_rows(path: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

include!("helpers.rs");
