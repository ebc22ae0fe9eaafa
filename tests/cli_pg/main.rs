//! The CLI tests of tests/cli, the same code, on PostgreSQL: every `Env`
//! runs kariz with `KARIZ_DB` set to a fresh database in a throwaway
//! cluster this process starts (tests/support/pg_cluster.rs).
//!
//! Left out, as they test SQLite files by nature:
//! - `crash`, `import_crash`: kill kariz mid-write and inspect the file and
//!   its WAL with rusqlite (PostgreSQL's own transactions are its answer).
//! - `sqlite_only`: the single tests of generic files that are about
//!   files (default path, a mistyped file name, backup/restore of files,
//!   doctor's page and file-mode checks, read-only files, new files' modes).
//! - `init`: file and folder modes of a private or group-shared database
//!   file and its WAL (a server's access is its roles, docs/postgresql.md).
//!
//! Added: `server`, what only a server location has (backup and restore
//! refused naming pg_dump/pg_restore, no password in the snapshot cache).
//!
//! Without PostgreSQL binaries the cluster is skipped loudly and the tests
//! run on SQLite; CI sets KARIZ_TEST_POSTGRES=require, which makes that a
//! failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/pg_cluster.rs"]
mod pg_cluster;

#[path = "../cli/activities_tags.rs"]
mod activities_tags;
#[path = "../cli/automation.rs"]
mod automation;
#[path = "../cli/calls.rs"]
mod calls;
#[path = "../cli/campaigns.rs"]
mod campaigns;
#[path = "../cli/cases.rs"]
mod cases;
#[path = "../cli/common.rs"]
mod common;
#[path = "../cli/companies.rs"]
mod companies;
#[path = "../cli/config.rs"]
mod config;
#[path = "../cli/deals.rs"]
mod deals;
#[path = "../cli/demo.rs"]
mod demo;
#[path = "../cli/docs.rs"]
mod docs;
#[path = "../cli/duplicates.rs"]
mod duplicates;
#[path = "../cli/export.rs"]
mod export;
#[path = "../cli/import.rs"]
mod import;
#[path = "../cli/import_real.rs"]
mod import_real;
#[path = "../cli/locale.rs"]
mod locale;
#[path = "../cli/merge.rs"]
mod merge;
#[path = "../cli/messages.rs"]
mod messages;
#[path = "../cli/ops.rs"]
mod ops;
#[path = "../cli/outbox.rs"]
mod outbox;
#[path = "../cli/outbox_retry.rs"]
mod outbox_retry;
#[path = "../cli/people.rs"]
mod people;
#[path = "../cli/people_list.rs"]
mod people_list;
#[path = "../cli/pipes.rs"]
mod pipes;
#[path = "../cli/print.rs"]
mod print;
#[path = "../cli/report.rs"]
mod report;
#[path = "../cli/roundtrip.rs"]
mod roundtrip;
#[path = "../cli/safety.rs"]
mod safety;
#[path = "../cli/sales.rs"]
mod sales;
#[path = "../cli/search_history.rs"]
mod search_history;
#[path = "../cli/search_snapshot.rs"]
mod search_snapshot;
#[path = "../cli/segments.rs"]
mod segments;
mod server;
#[path = "../cli/shell.rs"]
mod shell;
#[path = "../cli/tasks.rs"]
mod tasks;
#[path = "../cli/team.rs"]
mod team;

/// A fresh PostgreSQL database for each `Env`, when a cluster runs.
fn server_database() -> Option<String> {
    pg_cluster::cluster().map(|c| c.new_database().url)
}

/// The database name in a cluster URL (`postgresql:///NAME?host=…`).
fn database_name(db: &std::path::Path) -> &str {
    let location = db.to_str().unwrap();
    location
        .trim_start_matches("postgresql:///")
        .split('?')
        .next()
        .unwrap()
}

/// Runs one statement behind kariz's back and returns the number of rows
/// it changed: with psql on PostgreSQL, else on the SQLite file.
fn execute_sql(db: &std::path::Path, sql: &str) -> usize {
    let Some(cluster) = pg_cluster::cluster() else {
        let conn = rusqlite::Connection::open(db).expect("open the database");
        return conn.execute(sql, []).expect("run the statement");
    };
    // One "1" per changed row; psql adds the command tag (UPDATE n).
    cluster
        .psql(database_name(db), &format!("{sql} RETURNING 1"))
        .lines()
        .filter(|l| *l == "1")
        .count()
}

/// One number read behind kariz's back: with psql on PostgreSQL, else
/// from the SQLite file.
fn query_i64(db: &std::path::Path, sql: &str) -> i64 {
    let Some(cluster) = pg_cluster::cluster() else {
        let conn = rusqlite::Connection::open(db).expect("open the database");
        return conn
            .query_row(sql, [], |r| r.get(0))
            .expect("run the query");
    };
    let out = cluster.psql(database_name(db), sql);
    out.lines()
        .next()
        .unwrap_or_default()
        .trim()
        .parse()
        .unwrap()
}
