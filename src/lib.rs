//! kariz: a customer-relationship manager for the terminal.
//!
//! The library holds everything; `main.rs` and the CLI are thin front-ends.
//! Layers, from the bottom: `model`, `text`, `config` (plain types, no I/O
//! beyond reading the config file); `store` (the only place with SQL);
//! services such as `search` and `demo`; then `cli`.

pub mod cli;
pub mod clock;
pub mod config;
pub mod dedupe;
pub mod demo;
pub mod error;
pub mod interchange;
pub mod keys;
pub mod locale;
pub mod model;
pub mod paths;
pub mod reports;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;

pub use error::{Error, Result};
