//! The TUI's update tests of tests/tui, the same code, on PostgreSQL: the
//! app and a colleague's store on one database, the change watcher woken
//! by LISTEN/NOTIFY. Each test's database is a fresh one in a throwaway
//! cluster this process starts (tests/support/pg_cluster.rs). The other
//! TUI tests (snapshots, RTL, tmux runs) do not depend on the engine.
//!
//! Without PostgreSQL binaries the cluster is skipped loudly and the tests
//! run on SQLite; CI sets KARIZ_TEST_POSTGRES=require, which makes that a
//! failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/pg_cluster.rs"]
mod pg_cluster;

#[path = "../tui/live.rs"]
mod live;
#[path = "../tui/notifications.rs"]
mod notifications;
#[path = "../tui/teamwork.rs"]
mod teamwork;
#[path = "../tui/update.rs"]
mod update;

/// A fresh PostgreSQL database (its URL) when a cluster runs, else a file
/// in the test's folder.
pub fn db_location(dir: &std::path::Path) -> std::path::PathBuf {
    match pg_cluster::cluster() {
        Some(cluster) => std::path::PathBuf::from(cluster.new_database().url),
        None => dir.join("kariz.db"),
    }
}
