//! An import's write session: [`Store::bulk_import`] runs the whole import
//! in one transaction and owns everything that depends on the engine: the
//! connection settings for a big load, dropping and rebuilding secondary
//! indexes, switching off the re-evaluation of CHECK constraints for rows
//! validated in Rust, and handing out the ids of companies before they are
//! inserted. The importer (`interchange::import`) only decides what to
//! write. On PostgreSQL the session holds new people back and writes them
//! a batch at a time (`pg_batch.rs`): every statement there is a round
//! trip to the server.

use super::bulk::{DeferredIndexes, TagIds};
use super::bulk_rows::{PreparedPerson, prepare_person};
use super::pg_batch::PeopleBatch;
use super::{Store, Writer, links};
use crate::error::Result;
use crate::model::{CompanyData, Entity, PersonData};
use chrono::{DateTime, Utc};
use std::time::{Duration, Instant};

/// Below this many new records, indexes are kept and updated row by row:
/// rebuilding them costs a sort of the whole table. Above it (and above
/// the number of people already stored), they are dropped and rebuilt.
pub const DEFER_INDEXES_FROM: usize = 50_000;

/// How many records an import creates, as far as it knows when it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportSize {
    /// A planned import: this many records will be created.
    Known(usize),
    /// A streamed import, whose size is known only at the end: the session
    /// drops the indexes once it has inserted as many people as were
    /// stored (and at least [`DEFER_INDEXES_FROM`]).
    Streamed,
}

/// How long each phase of an import's transaction took, for benchmarks
/// and profiling ([`Store::last_import_phases`]). A streamed import reads
/// and plans on another thread meanwhile, so `rows` is the overlapped
/// part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportPhases {
    /// Writing the rows (and, when streamed, waiting for them).
    pub rows: Duration,
    /// Building the secondary indexes dropped for the load (about zero
    /// when none were), after writing the rows still held back
    /// (PostgreSQL's last batch).
    pub indexes: Duration,
    /// The commit: the write-ahead log's sync (SQLite) or the server's.
    pub commit: Duration,
}

/// Ids for companies an import creates, known before they are inserted,
/// so that a thread preparing people can fill in their company's id while
/// the writer inserts the rows before them. Only valid for the session
/// that reserved them (its transaction holds the write lock).
#[derive(Debug)]
pub struct CompanyIds {
    next: i64,
}

impl CompanyIds {
    /// The next reserved id.
    pub fn allocate(&mut self) -> i64 {
        let id = self.next;
        self.next += 1;
        id
    }
}

/// The writes of one import, inside [`Store::bulk_import`]'s transaction.
pub struct BulkImport<'s, 'c> {
    writer: &'s mut Writer<'c>,
    tags: TagIds,
    deferred: Option<DeferredIndexes>,
    /// Drop the indexes before the first bulk insert.
    defer_first: bool,
    /// Or once this many people have been inserted.
    defer_at: Option<usize>,
    people: usize,
    trusted: bool,
    /// PostgreSQL: the people not yet written.
    batch: Option<PeopleBatch>,
}

impl Store {
    /// Runs an import in one transaction stamped `now`: commits if `work`
    /// returns `Ok`, rolls everything back otherwise (the dropped indexes
    /// included). Connection settings changed for a big load are put back
    /// in either case.
    pub fn bulk_import<T>(
        &mut self,
        now: DateTime<Utc>,
        size: ImportSize,
        work: impl FnOnce(&mut BulkImport<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        let stored = usize::try_from(links::count(&self.conn, Entity::Person)?).unwrap_or(0);
        let threshold = stored.max(DEFER_INDEXES_FROM);
        let (big, defer_first, defer_at) = match size {
            ImportSize::Known(n) => (n >= threshold, n >= threshold, None),
            ImportSize::Streamed => (true, false, Some(threshold)),
        };
        let settings = self.begin_bulk_load(big)?;
        let started = Instant::now();
        let mut marks = None;
        let written = self.write(now, |w| {
            // An import names its new companies' ids before inserting them
            // (`next_company_id`): no other writer may take ids meanwhile.
            w.take_turn(super::pg_turns::Turn::ChangeLog)?;
            let batch = w.conn().is_postgres().then(PeopleBatch::new);
            let mut session = BulkImport {
                writer: w,
                tags: TagIds::default(),
                deferred: None,
                defer_first,
                defer_at,
                people: 0,
                trusted: false,
                batch,
            };
            let value = work(&mut session)?;
            let rows_done = Instant::now();
            session.finish()?;
            marks = Some((rows_done, Instant::now()));
            Ok(value)
        });
        if let (Ok(_), Some((rows_done, indexed))) = (&written, marks) {
            self.last_import = Some(ImportPhases {
                rows: rows_done - started,
                indexes: indexed - rows_done,
                commit: indexed.elapsed(),
            });
        }
        let restored = self.end_bulk_load(settings);
        // The import's own error, if any, is the one worth reporting.
        let value = written?;
        restored?;
        Ok(value)
    }
}

impl Store {
    /// How long the phases of the last import that committed took.
    pub fn last_import_phases(&self) -> Option<ImportPhases> {
        self.last_import
    }
}

impl<'c> BulkImport<'_, 'c> {
    /// The transaction's writer, for what an import does one record at a
    /// time: updates, deals, tasks, external ids, reads. The people held
    /// back are written first: what is done next may refer to them, read
    /// them or log changes that must come after theirs.
    pub fn writer(&mut self) -> Result<&mut Writer<'c>> {
        self.flush()?;
        Ok(self.writer)
    }

    /// Says that the next `count` inserts are people, so that on
    /// PostgreSQL their ids are drawn in one round trip. Ask for no more
    /// than will be inserted: a drawn id is never handed out again.
    pub fn expect_people(&mut self, count: usize) -> Result<()> {
        match &mut self.batch {
            Some(batch) => batch.reserve(self.writer.conn(), count),
            None => Ok(()),
        }
    }

    /// Writes the people held back (PostgreSQL; SQLite inserts each at
    /// once). Called by the importer after each batch it inserts, so that
    /// an error is not reported against the row that happened to fill a
    /// batch; the session also writes them whenever it must.
    pub fn flush(&mut self) -> Result<()> {
        match &mut self.batch {
            Some(batch) if !batch.is_empty() => batch.flush(self.writer),
            _ => Ok(()),
        }
    }

    /// Whether the rows inserted next were all validated in Rust (prepared
    /// by [`super::prepare_person`] or checked by the bulk inserts), so the
    /// engine need not check them again. SQLite evaluates an `IN (...)`
    /// CHECK by building a temporary B-tree for every row, which cost a
    /// fifth of each change-log insert. Turned off again at the end.
    pub fn trust_inserts(&mut self, trusted: bool) -> Result<()> {
        self.writer.check_constraints(!trusted)?;
        self.trusted = trusted;
        Ok(())
    }

    /// Reserves ids for the companies this import will create with
    /// [`BulkImport::add_company_as`].
    pub fn reserve_company_ids(&mut self) -> Result<CompanyIds> {
        Ok(CompanyIds {
            next: self.writer.next_company_id()?,
        })
    }

    /// Creates a company (validated, logged); returns its id.
    pub fn add_company(&mut self, data: CompanyData, external_id: Option<&str>) -> Result<i64> {
        self.before_insert()?;
        self.before_company(&data)?;
        self.writer
            .bulk_add_company(None, data, external_id, &mut self.tags)
    }

    /// Creates a company with an id from [`BulkImport::reserve_company_ids`].
    pub fn add_company_as(&mut self, id: i64, data: CompanyData) -> Result<()> {
        self.before_insert()?;
        if let Some(batch) = &mut self.batch
            && PeopleBatch::holds(&data)
        {
            return batch.push_company(self.writer, id, data, &mut self.tags);
        }
        self.before_company(&data)?;
        self.writer
            .bulk_add_company(Some(id), data, None, &mut self.tags)?;
        Ok(())
    }

    /// Creates a person (validated, logged). `company` is the name of the
    /// company already resolved into `data.company_id`, for the search text.
    pub fn add_person(
        &mut self,
        data: PersonData,
        company: Option<&str>,
        external_id: Option<&str>,
    ) -> Result<i64> {
        let prepared = prepare_person(data, company, external_id.map(str::to_string), true)?;
        self.insert_person(prepared)
    }

    /// Inserts a person made by [`super::prepare_person`]; returns its id.
    pub fn insert_person(&mut self, person: PreparedPerson) -> Result<i64> {
        self.before_insert()?;
        let id = match &mut self.batch {
            Some(batch) => batch.push(self.writer, person, &mut self.tags)?,
            None => self.writer.insert_prepared_person(person, &mut self.tags)?,
        };
        self.after_person()?;
        Ok(id)
    }

    fn before_insert(&mut self) -> Result<()> {
        if self.defer_first && self.deferred.is_none() {
            self.deferred = Some(self.writer.defer_indexes()?);
        }
        Ok(())
    }

    /// A company is inserted at once, while people may be held back
    /// (PostgreSQL). People refer to companies, not the other way round,
    /// so the held people wait unless the order would show: their
    /// change-log rows, or contact points, which take ids in insert order.
    fn before_company(&mut self, data: &CompanyData) -> Result<()> {
        let must_flush = self.batch.as_ref().is_some_and(|b| {
            b.holds_changes() || !data.phones.is_empty() || !data.emails.is_empty()
        });
        if must_flush { self.flush() } else { Ok(()) }
    }

    fn after_person(&mut self) -> Result<()> {
        self.people += 1;
        if self.deferred.is_none() && self.defer_at == Some(self.people) {
            self.deferred = Some(self.writer.defer_indexes()?);
        }
        Ok(())
    }

    /// Builds the dropped indexes again (a unique index that no longer
    /// holds fails here, and the import rolls back) and checks constraints
    /// again.
    fn finish(mut self) -> Result<()> {
        self.flush()?;
        if let Some(deferred) = self.deferred.take() {
            self.writer.restore_indexes(deferred)?;
        }
        if self.trusted {
            self.writer.check_constraints(true)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn company(name: &str) -> CompanyData {
        CompanyData {
            name: name.into(),
            ..CompanyData::default()
        }
    }

    #[test]
    fn reserved_company_ids_are_the_ids_the_companies_get() {
        let mut store = Store::open_in_memory(Config::default_config(), "t").unwrap();
        let now = chrono::Utc::now();
        store
            .bulk_import(now, ImportSize::Known(1), |s| {
                s.add_company(company("Old"), None)
            })
            .unwrap();
        let (a, b, c) = store
            .bulk_import(now, ImportSize::Streamed, |s| {
                let mut ids = s.reserve_company_ids()?;
                let (a, b) = (ids.allocate(), ids.allocate());
                s.add_company_as(a, company("Alborz"))?;
                s.add_company_as(b, company("Bam"))?;
                Ok((a, b, s.add_company(company("Caspian"), None)?))
            })
            .unwrap();
        assert_eq!((a, b, c), (2, 3, 4));
        assert_eq!(store.company(2).unwrap().data.name, "Alborz");
        assert_eq!(store.company(3).unwrap().data.name, "Bam");
    }

    #[test]
    fn the_phases_of_the_last_committed_import_are_kept() {
        let mut store = Store::open_in_memory(Config::default_config(), "t").unwrap();
        assert_eq!(store.last_import_phases(), None);
        store
            .bulk_import(
                chrono::Utc::now(),
                ImportSize::Known(DEFER_INDEXES_FROM),
                |s| s.add_company(company("Alborz"), None),
            )
            .unwrap();
        let first = store.last_import_phases();
        assert!(first.is_some());
        // A failed import leaves the last committed one's figures.
        let failed = store.bulk_import(chrono::Utc::now(), ImportSize::Known(1), |s| {
            s.add_company(company("Bam"), None)?;
            Err::<(), _>(crate::Error::invalid("stop"))
        });
        assert!(failed.is_err());
        assert_eq!(store.last_import_phases(), first);
    }

    /// The connection settings a big import changes, as they are now.
    fn load_settings(conn: &crate::store::db::Connection) -> (i64, i64) {
        let read = |name: &str| -> i64 {
            conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .unwrap()
        };
        (read("cache_size"), read("mmap_size"))
    }

    #[test]
    fn a_big_import_gives_back_the_page_cache_and_the_memory_map() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("k.db"), Config::default_config(), "t").unwrap();
        let before = load_settings(&store.conn);
        assert!(before.1 > 0, "reads are mapped: {before:?}");
        let mut during = (0, 0);
        store
            .bulk_import(
                chrono::Utc::now(),
                ImportSize::Known(DEFER_INDEXES_FROM),
                |s| {
                    during = load_settings(s.writer()?.conn());
                    s.add_company(company("Alborz"), None).map(|_| ())
                },
            )
            .unwrap();
        assert_eq!(during.1, 0, "the load copies pages: {during:?}");
        assert_eq!(load_settings(&store.conn), before);
    }

    #[test]
    fn a_failed_big_import_leaves_nothing_and_keeps_the_indexes() {
        let mut store = Store::open_in_memory(Config::default_config(), "t").unwrap();
        let before = store.index_names().unwrap();
        let failed = store.bulk_import(
            chrono::Utc::now(),
            ImportSize::Known(DEFER_INDEXES_FROM),
            |s| {
                s.add_company(company("Alborz"), None)?;
                s.trust_inserts(true)?;
                Err::<(), _>(crate::Error::invalid("stop"))
            },
        );
        assert!(failed.is_err());
        assert_eq!(store.count(Entity::Company).unwrap(), 0);
        assert_eq!(store.index_names().unwrap(), before);
        // CHECK constraints are evaluated again after the session.
        let ignored: bool = store
            .conn
            .query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))
            .unwrap();
        assert!(!ignored);
    }
}
