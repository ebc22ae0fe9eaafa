//! TUI tests: update-level, snapshots, the RTL oracle and end-to-end runs
//! in tmux, gathered in one test binary.

// Test helpers (fixtures, tmux drivers) stop a test loudly on a failed step,
// as `#[test]` functions may: clippy.toml exempts only the latter by itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod board;
mod bulk;
mod calls;
mod cases;
mod closing;
mod e2e;
mod effects;
mod filter_bar;
mod input_errors;
mod live;
mod notifications;
mod quotes;
mod reports;
mod rtl_oracle;
mod rtl_screens;
mod snapshots;
mod team;
mod teamwork;
mod timeline;
mod update;

/// Where a test's database lives: a file in its temp folder here; a fresh
/// PostgreSQL database in tests/tui_pg, which runs the update tests again.
pub fn db_location(dir: &std::path::Path) -> std::path::PathBuf {
    dir.join("kariz.db")
}
