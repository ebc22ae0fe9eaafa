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
