//! Read-only handles for threads other than the writer's (the TUI's search
//! thread), owned by the store so that no caller holds an engine connection.

use super::Store;
use super::db::Connection;
use super::feed::{self, FeedChange};
use super::open;
use super::scan::{self, Candidate, SearchSource};
use crate::error::{Error, Result};
use crate::model::Entity;
use std::path::Path;

/// A read-only handle on a database that a [`Store`] has already created
/// and migrated. It may be moved to another thread; it never writes.
pub struct Reader {
    conn: Connection,
}

/// Opens a read-only handle on the existing database at `path`.
pub fn open_reader(path: &Path) -> Result<Reader> {
    Ok(Reader {
        conn: open::open_read_only(path)?,
    })
}

impl Store {
    /// A read-only handle on the same database, for another thread. An
    /// in-memory store has no second handle: its data lives in this one.
    pub fn open_reader(&self) -> Result<Reader> {
        match self.path() {
            Some(path) => open_reader(path),
            None => Err(Error::invalid(
                "an in-memory database cannot be read from another connection; open a file",
            )),
        }
    }
}

impl SearchSource for Reader {
    fn scan_search_texts(&self, keep: &dyn Fn(&str) -> bool) -> Result<Vec<Candidate>> {
        scan::scan(&self.conn, keep)
    }

    fn newest_change(&self) -> Result<i64> {
        feed::last_change_id(&self.conn)
    }

    fn changes_after(&self, after: i64, limit: usize) -> Result<Vec<FeedChange>> {
        feed::changes_since(&self.conn, after, limit)
    }

    fn change_mark(&self, id: i64) -> Result<Option<String>> {
        feed::change_mark(&self.conn, id)
    }

    fn schema_version(&self) -> Result<i64> {
        feed::schema_version(&self.conn)
    }

    fn search_text(&self, entity: Entity, id: i64) -> Result<Option<String>> {
        scan::search_text(&self.conn, entity, id)
    }

    fn texts_holding_name_of(&self, entity: Entity, id: i64) -> Result<Vec<Candidate>> {
        scan::texts_holding_name_of(&self.conn, entity, id)
    }
}

impl SearchSource for Store {
    fn scan_search_texts(&self, keep: &dyn Fn(&str) -> bool) -> Result<Vec<Candidate>> {
        scan::scan(&self.conn, keep)
    }

    fn newest_change(&self) -> Result<i64> {
        feed::last_change_id(&self.conn)
    }

    fn changes_after(&self, after: i64, limit: usize) -> Result<Vec<FeedChange>> {
        feed::changes_since(&self.conn, after, limit)
    }

    fn change_mark(&self, id: i64) -> Result<Option<String>> {
        feed::change_mark(&self.conn, id)
    }

    fn schema_version(&self) -> Result<i64> {
        feed::schema_version(&self.conn)
    }

    fn search_text(&self, entity: Entity, id: i64) -> Result<Option<String>> {
        scan::search_text(&self.conn, entity, id)
    }

    fn texts_holding_name_of(&self, entity: Entity, id: i64) -> Result<Vec<Candidate>> {
        scan::texts_holding_name_of(&self.conn, entity, id)
    }
}

/// The database engine and its version, for benchmark headers and
/// diagnostics.
pub fn engine_version() -> String {
    format!("SQLite {} (bundled)", rusqlite::version())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::PersonData;

    #[test]
    fn a_reader_sees_what_the_store_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let mut store = Store::open(&path, Config::default_config(), "t").unwrap();
        let reader = store.open_reader().unwrap();
        let id = store
            .write(chrono::Utc::now(), |w| {
                w.add_person(PersonData {
                    name: "Sara".into(),
                    ..PersonData::default()
                })
            })
            .unwrap();
        let text = reader.search_text(Entity::Person, id).unwrap();
        assert_eq!(text.as_deref().map(|t| t.starts_with("sara")), Some(true));
        assert_eq!(reader.scan_search_texts(&|_| true).unwrap().len(), 1);
    }

    #[test]
    fn an_in_memory_store_has_no_reader() {
        let store = Store::open_in_memory(Config::default_config(), "t").unwrap();
        assert!(store.open_reader().is_err());
    }
}
