// Shared by tests/store (SQLite) and tests/store_pg (PostgreSQL), which
// `include!` it: the same fixtures over either engine.

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
    url: Option<String>,
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
            url: crate::server_database(),
        }
    }

    /// The database's location: a file in the temp directory, or the
    /// URL of a fresh PostgreSQL database when this crate runs the tests
    /// on PostgreSQL (tests/store_pg).
    pub fn path(&self) -> PathBuf {
        match &self.url {
            Some(url) => PathBuf::from(url),
            None => self.dir.path().join("kariz.db"),
        }
    }

    /// A count read straight from the database, as committed, not
    /// through the store (which hands out no connection).
    pub fn count(&self, sql: &str) -> i64 {
        crate::count_rows(&self.path(), sql)
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
