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
mod stages;
mod tasks;
mod team;

use chrono::{DateTime, TimeZone, Utc};
use kariz::config::Config;
use kariz::model::{CompanyData, DealData, PersonData};
use kariz::store::Store;
use std::path::PathBuf;
use tempfile::TempDir;

/// A fixed "now" for every write.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .unwrap()
}

/// A temp directory with a database path inside it.
pub struct TempDb {
    pub dir: TempDir,
}

impl Default for TempDb {
    fn default() -> Self {
        Self::new()
    }
}

impl TempDb {
    pub fn new() -> TempDb {
        TempDb {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("kariz.db")
    }

    pub fn open(&self, actor: &str) -> Store {
        Store::open(&self.path(), Config::default_config(), actor).unwrap()
    }

    pub fn open_with(&self, config: Config, actor: &str) -> Store {
        Store::open(&self.path(), config, actor).unwrap()
    }
}

pub fn person(name: &str) -> PersonData {
    PersonData {
        name: name.to_string(),
        ..PersonData::default()
    }
}

pub fn company(name: &str) -> CompanyData {
    CompanyData {
        name: name.to_string(),
        ..CompanyData::default()
    }
}

pub fn deal(title: &str, stage: &str) -> DealData {
    DealData {
        title: title.to_string(),
        pipeline: "sales".into(),
        stage: stage.into(),
        value_minor: 10_000,
        currency: "USD".into(),
        ..DealData::default()
    }
}
