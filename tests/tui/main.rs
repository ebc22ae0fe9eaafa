//! TUI tests: update-level, snapshots, the RTL oracle and end-to-end runs
//! in tmux, gathered in one test binary.

mod closing;
mod e2e;
mod rtl_oracle;
mod snapshots;
mod teamwork;
mod timeline;
mod update;
