//! The store tests of tests/store, the same code, on PostgreSQL: every
//! `TempDb` is a fresh database in a throwaway cluster this process starts
//! (tests/support/pg_cluster.rs). Left out: `files` and `ops`, which test
//! SQLite's file handling (side files, permissions, VACUUM INTO backups).
//!
//! Without PostgreSQL binaries the cluster is skipped loudly and the tests
//! run on SQLite; CI sets KARIZ_TEST_POSTGRES=require, which makes that a
//! failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/pg_cluster.rs"]
mod pg_cluster;

#[path = "../store/birthdays.rs"]
mod birthdays;
#[path = "../store/callerid.rs"]
mod callerid;
#[path = "../store/campaigns.rs"]
mod campaigns;
#[path = "../store/cases.rs"]
mod cases;
#[path = "../store/changelog.rs"]
mod changelog;
#[path = "../store/concurrency.rs"]
mod concurrency;
#[path = "../store/conflicts.rs"]
mod conflicts;
#[path = "../store/custom_fields.rs"]
mod custom_fields;
#[path = "../store/deals.rs"]
mod deals;
#[path = "../store/deletes.rs"]
mod deletes;
#[path = "../store/feed.rs"]
mod feed;
mod import_batches;
#[path = "../store/imports.rs"]
mod imports;
#[path = "../store/locale_order.rs"]
mod locale_order;
#[path = "../store/pages.rs"]
mod pages;
#[path = "../store/paging.rs"]
mod paging;
#[path = "../store/patches.rs"]
mod patches;
#[path = "../store/repeating.rs"]
mod repeating;
#[path = "../store/reports.rs"]
mod reports;
#[path = "../store/rules.rs"]
mod rules;
#[path = "../store/sales.rs"]
mod sales;
#[path = "../store/search_forms.rs"]
mod search_forms;
#[path = "../store/segments.rs"]
mod segments;
mod side_by_side;
#[path = "../store/stages.rs"]
mod stages;
#[path = "../store/tasks.rs"]
mod tasks;
#[path = "../store/team.rs"]
mod team;

/// A fresh PostgreSQL database for each `TempDb`, when a cluster runs.
fn server_database() -> Option<String> {
    pg_cluster::cluster().map(|c| c.new_database().url)
}

/// A count read with psql from the PostgreSQL database (or the SQLite
/// file, when no cluster runs).
fn count_rows(path: &std::path::Path, sql: &str) -> i64 {
    let location = path.to_str().unwrap();
    let Some(cluster) = pg_cluster::cluster() else {
        let conn = rusqlite::Connection::open(path).unwrap();
        return conn.query_row(sql, [], |r| r.get(0)).unwrap();
    };
    // postgresql:///NAME?host=…
    let name = location
        .trim_start_matches("postgresql:///")
        .split('?')
        .next()
        .unwrap();
    cluster.psql(name, sql).trim().parse().unwrap()
}

include!("../store/helpers.rs");
