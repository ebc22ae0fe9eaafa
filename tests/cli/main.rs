//! CLI tests: the real `kariz` binary with a temporary HOME, config and
//! database. One test binary (one link of the crate) for every subcommand.

// Test helpers (fixtures, tmux drivers) stop a test loudly on a failed step,
// as `#[test]` functions may: clippy.toml exempts only the latter by itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod activities_tags;
mod automation;
mod calls;
mod campaigns;
mod cases;
mod common;
mod companies;
mod config;
mod crash;
mod deals;
mod demo;
mod docs;
mod duplicates;
mod export;
mod import;
mod import_crash;
mod import_real;
mod init;
mod locale;
mod merge;
mod messages;
mod migrate;
mod ops;
mod outbox;
mod outbox_retry;
mod people;
mod people_list;
#[path = "../support/pg_cluster.rs"]
mod pg_cluster;
mod pipes;
mod print;
mod report;
mod roundtrip;
mod safety;
mod sales;
mod search_history;
mod search_snapshot;
mod segments;
mod shell;
mod sqlite_only;
mod tasks;
mod team;

/// The tests here run on SQLite files; tests/cli_pg runs them again on
/// PostgreSQL.
fn server_database() -> Option<String> {
    None
}

/// One number read from the SQLite file behind kariz's back.
fn query_i64(db: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row(sql, [], |r| r.get(0))
        .expect("run the query")
}

/// Runs one statement on the SQLite file behind kariz's back and returns
/// the number of rows it changed.
fn execute_sql(db: &std::path::Path, sql: &str) -> usize {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.execute(sql, []).expect("run the statement")
}
