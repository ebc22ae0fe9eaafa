//! The in-memory search index behind the search box and the pickers.
//!
//! The CLI scans SQLite for each search; the TUI loads every folded search
//! text once, on a background thread so the first frame does not wait, and
//! then answers each keystroke from memory: a cheap subsequence prefilter,
//! then fuzzy scoring of survivors on both cores, keeping only the best.
//! When the query grows by typing, only the previous survivors are
//! re-checked.

use std::sync::mpsc::{Receiver, Sender};

use crate::error::Result;
use crate::model::Entity;
use crate::search::names;
use crate::search::{Hit, Item, MatchedField, Query, rank};
use crate::search_snapshot;
use crate::store::Reader;
use crate::store::scan::SearchSource;

/// Results kept per query.
pub const LIMIT: usize = 50;

/// Above this many records the prefilter runs on both cores.
const PARALLEL_FROM: usize = 50_000;

/// At most this many prefilter survivors are ranked per keystroke.
const RANK_MAX: usize = 60_000;

/// Every person's, company's and deal's folded search text, in one contiguous
/// buffer (a million separate strings would scatter the scan over memory).
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// All search texts, one after another.
    text: String,
    /// Each record's byte range in `text`.
    spans: Vec<(u32, u32)>,
    /// Each record's kind and id.
    keys: Vec<(Entity, i64)>,
    /// Record indexes ordered by their name field, for one-letter queries.
    by_name: Vec<u32>,
    /// The last query and the indexes that passed its prefilter, to
    /// narrow the next query when [`Query::narrows`] allows it.
    /// (Boxed: a prepared query is large, and the index sits in an enum.)
    last: Option<(Box<Query>, Vec<u32>)>,
}

/// One record of the index, borrowed.
struct Row<'a> {
    entity: Entity,
    id: i64,
    text: &'a str,
}

impl Item for Row<'_> {
    fn entity(&self) -> Entity {
        self.entity
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn text(&self) -> &str {
        self.text
    }
}

impl SearchIndex {
    /// Loads the index from the store or a reader.
    pub fn load(conn: &dyn SearchSource) -> Result<SearchIndex> {
        let records = conn.scan_search_texts(&|_| true)?;
        Ok(SearchIndex::from_records(
            records
                .iter()
                .map(|c| (c.entity, c.id, c.search_text.as_str())),
        ))
    }

    /// Loads the index from the search snapshot of the database at `db`
    /// in `cache_dir` (brought up to date from the change log, rebuilt
    /// from a scan when it cannot be used, and saved; see
    /// `search_snapshot`): the same texts as [`SearchIndex::load`], without
    /// reading every row of the database.
    pub fn load_snapshot(
        conn: &dyn SearchSource,
        db: &std::path::Path,
        cache_dir: &std::path::Path,
    ) -> Result<SearchIndex> {
        let snapshot = search_snapshot::current(conn, db, cache_dir)?;
        // The snapshot's buffer becomes the index's: no copy of 112 MB at
        // a million records, and one UTF-8 check of the whole.
        match snapshot.into_buffer() {
            Ok(buffer) => {
                let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                let ranges = &buffer.ranges;
                Ok(SearchIndex {
                    spans: ranges.iter().map(|r| (to_u32(r.2), to_u32(r.3))).collect(),
                    keys: ranges.iter().map(|r| (r.0, r.1)).collect(),
                    // Sorted when the snapshot was written, not each start.
                    by_name: buffer.by_name,
                    text: buffer.text,
                    last: None,
                })
            }
            Err(snapshot) => Ok(SearchIndex::from_records(
                snapshot.records().map(search_snapshot::Record::parts),
            )),
        }
    }

    /// An index of these records, in this order.
    fn from_records<'a>(records: impl Iterator<Item = (Entity, i64, &'a str)>) -> SearchIndex {
        let mut index = SearchIndex::default();
        for (entity, id, text) in records {
            let start = u32::try_from(index.text.len()).unwrap_or(u32::MAX);
            index.text.push_str(text);
            let end = u32::try_from(index.text.len()).unwrap_or(u32::MAX);
            index.spans.push((start, end));
            index.keys.push((entity, id));
        }
        index.order_names();
        index
    }

    /// Orders the records by name (ties in record order) for
    /// [`SearchIndex::by_prefix`] (see [`names::order`]).
    fn order_names(&mut self) {
        let count = self.spans.len();
        self.by_name = names::order((0..count).map(|i| {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            self.name(i)
        }));
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    fn text_of(&self, i: u32) -> &str {
        let (start, end) = self.spans.get(i as usize).copied().unwrap_or((0, 0));
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    fn name(&self, i: u32) -> &str {
        crate::store::scan::name_field(self.text_of(i))
    }

    fn row(&self, i: u32) -> Option<Row<'_>> {
        let (entity, id) = *self.keys.get(i as usize)?;
        Some(Row {
            entity,
            id,
            text: self.text_of(i),
        })
    }

    /// Indexes among `from` (or all) that pass the prefilter, on both
    /// cores when there are many.
    fn prefilter(&self, query: &Query, from: Option<&[u32]>) -> Vec<u32> {
        let check = |range: &[u32]| -> Vec<u32> {
            range
                .iter()
                .copied()
                .filter(|i| query.prefilter(self.text_of(*i)))
                .collect()
        };
        let all: Vec<u32>;
        let pool: &[u32] = match from {
            Some(pool) => pool,
            None => {
                all = (0..self.spans.len())
                    .filter_map(|i| u32::try_from(i).ok())
                    .collect();
                &all
            }
        };
        if pool.len() < PARALLEL_FROM {
            return check(pool);
        }
        let (left, right) = pool.split_at(pool.len() / 2);
        std::thread::scope(|s| {
            let other = s.spawn(|| check(right));
            let mut mine = check(left);
            mine.extend(other.join().unwrap_or_default());
            mine
        })
    }

    /// Names starting with `prefix`, alphabetically, found by binary search
    /// instead of a scan: the answer to a one-letter query (the letter is in
    /// most records) and the first answer to a short one.
    fn by_prefix(&self, prefix: &str) -> Vec<Hit> {
        let start = self.by_name.partition_point(|i| self.name(*i) < prefix);
        self.by_name[start..]
            .iter()
            .take_while(|i| self.name(**i).starts_with(prefix))
            .take(LIMIT)
            .enumerate()
            .filter_map(|(rank, i)| {
                let (entity, id) = *self.keys.get(*i as usize)?;
                Some(Hit {
                    entity,
                    id,
                    score: i64::try_from(LIMIT - rank).unwrap_or(0),
                    matched: MatchedField::Name,
                })
            })
            .collect()
    }

    /// Brings one record up to date after a write (its new search text, or
    /// `None` when it was deleted), instead of reloading a million records.
    /// The old text stays in the buffer unused until the next full load.
    pub fn upsert(&mut self, entity: Entity, id: i64, text: Option<&str>) {
        self.last = None;
        let at = self.keys.iter().position(|k| *k == (entity, id));
        if let Some(i) = at.and_then(|i| u32::try_from(i).ok())
            && let Some(pos) = self.by_name.iter().position(|n| *n == i)
        {
            self.by_name.remove(pos);
        }
        let Some(text) = text else {
            if let Some(span) = at.and_then(|i| self.spans.get_mut(i)) {
                *span = (0, 0);
            }
            return;
        };
        let start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.text.push_str(text);
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        let i = match at {
            Some(i) => {
                self.spans[i] = (start, end);
                i
            }
            None => {
                self.spans.push((start, end));
                self.keys.push((entity, id));
                self.spans.len() - 1
            }
        };
        let Ok(i) = u32::try_from(i) else { return };
        let name = self.name(i).to_owned();
        let pos = self.by_name.partition_point(|n| {
            names::compare(self.name(*n), *n, &name, i) == std::cmp::Ordering::Less
        });
        self.by_name.insert(pos, i);
    }

    /// Reads one record's search text from `conn` and applies it, and the
    /// other texts holding its name (its deals; a company's people).
    pub fn refresh(&mut self, conn: &dyn SearchSource, entity: Entity, id: i64) -> Result<()> {
        let text = conn.search_text(entity, id)?;
        self.upsert(entity, id, text.as_deref());
        for held in conn.texts_holding_name_of(entity, id)? {
            self.upsert(held.entity, held.id, Some(&held.search_text));
        }
        Ok(())
    }

    /// The best hits for `text`.
    pub fn search(&mut self, text: &str) -> Vec<Hit> {
        let Some(query) = Query::new(text) else {
            self.last = None;
            return Vec::new();
        };
        if query.is_single_letter() {
            let hits = self.by_prefix(query.folded());
            if !hits.is_empty() {
                self.last = None;
                return hits;
            }
        }
        let pool = match self.last.take() {
            // A longer text query can only match a subset of what the
            // shorter one matched; the query decides (a phone query never
            // narrows, so the index matches exactly what the CLI's scan does).
            Some((previous, survivors)) if query.narrows(&previous) => {
                self.prefilter(&query, Some(&survivors))
            }
            _ => self.prefilter(&query, None),
        };
        // A short query can leave hundreds of thousands of survivors; ranking
        // them all would cost a frame's worth of time many times over. Then
        // names starting with the query come first, and only a bounded
        // share of the rest is ranked (phone matches are all equally good).
        let hits = if pool.len() > RANK_MAX {
            let mut hits = if query.is_phone() {
                Vec::new()
            } else {
                self.by_prefix(query.folded())
            };
            if hits.len() < LIMIT {
                let rows: Vec<Row<'_>> = pool
                    .iter()
                    .take(RANK_MAX)
                    .filter_map(|i| self.row(*i))
                    .collect();
                let seen: std::collections::HashSet<(Entity, i64)> =
                    hits.iter().map(|h| (h.entity, h.id)).collect();
                let more = rank(&query, &rows, LIMIT)
                    .into_iter()
                    .filter(|h| !seen.contains(&(h.entity, h.id)))
                    .map(|mut h| {
                        // Below every name-prefix hit.
                        h.score = h.score.saturating_sub(1_000_000);
                        h
                    });
                hits.extend(more);
                hits.truncate(LIMIT);
            }
            hits
        } else {
            let rows: Vec<Row<'_>> = pool.iter().filter_map(|i| self.row(*i)).collect();
            rank(&query, &rows, LIMIT)
        };
        self.last = Some((Box::new(query), pool));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::PersonData;
    use crate::store::Store;

    fn index_of(names: &[&str]) -> SearchIndex {
        let mut store = Store::open_in_memory(Config::default_config(), "t").unwrap();
        store
            .write(chrono::Utc::now(), |w| {
                for name in names {
                    w.add_person(PersonData {
                        name: (*name).to_owned(),
                        ..PersonData::default()
                    })?;
                }
                Ok(())
            })
            .unwrap();
        SearchIndex::load(&store).unwrap()
    }

    #[test]
    fn one_letter_lists_names_starting_with_it_alphabetically() {
        let mut index = index_of(&["Sara", "Babak", "Sam", "Anil", "Omid Sadeghi"]);
        let ids: Vec<i64> = index.search("s").iter().map(|h| h.id).collect();
        assert_eq!(ids, [3, 1], "Sam, Sara (not Omid Sadeghi's last name)");
    }

    #[test]
    fn a_changed_or_added_record_takes_its_place_in_name_order() {
        let mut index = index_of(&["Sara", "Babak", "Sam", "Sara", "Anil"]);
        let at = |index: &SearchIndex, id: i64| {
            let key = (Entity::Person, id);
            index.keys.iter().position(|k| *k == key).unwrap() as u32
        };
        // Babak becomes a second "sara" between the two; a new Aaron.
        index.upsert(Entity::Person, 2, Some("sara\nx"));
        index.upsert(Entity::Person, 9, Some("aaron"));
        let expected = names::order((0..index.len()).map(|i| index.name(i as u32)));
        assert_eq!(index.by_name, expected);
        let sara: Vec<u32> = [1, 2, 4].iter().map(|id| at(&index, *id)).collect();
        assert_eq!(
            &index.by_name[3..6],
            &sara[..],
            "equal names in record order"
        );
        let ids: Vec<i64> = index.search("s").iter().map(|h| h.id).collect();
        assert_eq!(ids, [3, 1, 2, 4]);
    }

    #[test]
    fn typing_on_narrows_and_backspacing_widens_again() {
        let mut index = index_of(&["Sara Ahmadi", "Sarah Smith", "Reza Karimi"]);
        assert_eq!(index.search("sar").len(), 2);
        assert_eq!(index.search("sara a").len(), 1);
        // Not a continuation: a fresh scan, not the narrowed pool.
        assert_eq!(index.search("rez").len(), 1);
        assert_eq!(index.search("sar").len(), 2);
    }

    #[test]
    fn one_record_is_added_renamed_and_removed_without_a_reload() {
        let mut store = Store::open_in_memory(Config::default_config(), "t").unwrap();
        let add = |store: &mut Store, name: &str| {
            store
                .write(chrono::Utc::now(), |w| {
                    w.add_person(PersonData {
                        name: name.to_owned(),
                        ..PersonData::default()
                    })
                })
                .unwrap()
        };
        add(&mut store, "Sara Ahmadi");
        let mut index = SearchIndex::load(&store).unwrap();
        let reza = add(&mut store, "Reza Karimi");
        assert!(
            index.search("reza").is_empty(),
            "not seen before the refresh"
        );
        index.refresh(&store, Entity::Person, reza).unwrap();
        assert_eq!(index.search("reza").first().map(|h| h.id), Some(reza));
        assert_eq!(
            index.search("r").first().map(|h| h.id),
            Some(reza),
            "name order"
        );
        store
            .write(chrono::Utc::now(), |w| {
                let p = w.person(reza)?;
                let mut data = p.data.clone();
                data.name = "Omid Rahimi".into();
                w.update_person(reza, p.version, data)
            })
            .unwrap();
        index.refresh(&store, Entity::Person, reza).unwrap();
        assert!(index.search("reza").is_empty(), "the old name is gone");
        assert_eq!(
            index.search("o").first().map(|h| h.id),
            Some(reza),
            "moved in the name order"
        );
        assert_eq!(index.search("omid").first().map(|h| h.id), Some(reza));
        assert_eq!(index.len(), 2, "renamed in place, not added");
        store
            .write(chrono::Utc::now(), |w| w.delete_person(reza, None, false))
            .unwrap();
        index.refresh(&store, Entity::Person, reza).unwrap();
        assert!(index.search("omid").is_empty());
        assert!(index.search("o").is_empty());
        assert_eq!(index.search("sara").len(), 1);
    }

    #[test]
    fn the_index_from_the_snapshot_answers_as_the_scanned_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        let cache = dir.path().join("cache");
        let mut store = Store::open(&db, Config::default_config(), "t").unwrap();
        store
            .write(chrono::Utc::now(), |w| {
                for name in ["Sara Ahmadi", "Sam", "زهرا نیک‌نام", "Reza Karimi"] {
                    w.add_person(PersonData {
                        name: name.to_owned(),
                        ..PersonData::default()
                    })?;
                }
                Ok(())
            })
            .unwrap();
        let file = crate::search_snapshot::file_for(&cache, &db);
        for round in ["written", "read back", "refreshed", "refreshed, read back"] {
            if round == "refreshed" {
                // Sam becomes Aaron (first), a second Sara Ahmadi, Reza gone.
                store
                    .write(chrono::Utc::now(), |w| {
                        let sam = w.person(2)?;
                        let mut data = sam.data.clone();
                        data.name = "Aaron".into();
                        w.update_person(2, sam.version, data)?;
                        w.add_person(PersonData {
                            name: "Sara Ahmadi".into(),
                            ..PersonData::default()
                        })?;
                        w.delete_person(4, None, false)
                    })
                    .unwrap();
            }
            let mut scanned = SearchIndex::load(&store).unwrap();
            let mut snapped = SearchIndex::load_snapshot(&store, &db, &cache).unwrap();
            assert!(file.exists(), "{round}");
            assert_eq!(snapped.len(), scanned.len());
            assert_eq!(snapped.by_name, scanned.by_name, "{round}: name order");
            for query in ["s", "sa", "sara", "نیکنام", "karimi", "r", "a"] {
                assert_eq!(
                    snapped.search(query),
                    scanned.search(query),
                    "{round} {query}"
                );
            }
        }
    }

    #[test]
    fn persian_letters_fold_in_the_index() {
        let mut index = index_of(&["علي رضايي", "زهرا نیک‌نام"]);
        assert_eq!(index.search("علی").first().map(|h| h.id), Some(1));
        assert_eq!(index.search("نیکنام").first().map(|h| h.id), Some(2));
    }
}

/// Requests to the search thread.
#[derive(Debug)]
pub enum Request {
    /// Search; only the newest pending query is answered.
    Query {
        /// Sequence number, echoed back.
        seq: u64,
        /// Who asked (echoed back).
        target: super::action::SearchTarget,
        /// The text typed.
        text: String,
    },
    /// Reload after a write changed people, companies or deals in bulk.
    Reload,
    /// One person, company or deal changed: refresh just that record.
    Update {
        /// Person or company.
        entity: Entity,
        /// Its id.
        id: i64,
    },
}

/// Answers from the search thread.
#[derive(Debug)]
pub enum Reply {
    /// The index is loaded (or reloaded).
    Ready(usize),
    /// Hits for a query.
    Hits {
        /// Sequence number of the query.
        seq: u64,
        /// Who asked.
        target: super::action::SearchTarget,
        /// Best first.
        hits: Vec<Hit>,
    },
    /// Loading failed.
    Failed(String),
}

/// Runs the search thread: load, then answer queries until the channel
/// closes. `open` makes the thread's own read-only handle.
pub fn serve(
    open: impl Fn() -> Result<Reader>,
    snapshot: Option<(std::path::PathBuf, std::path::PathBuf)>,
    requests: Receiver<Request>,
    replies: Sender<Reply>,
    wake: impl Fn(),
) {
    // One read-only connection for the thread's life: a full load and each
    // single-record refresh read through it.
    let conn = match open() {
        Ok(conn) => conn,
        Err(err) => {
            let _ = replies.send(Reply::Failed(err.to_string()));
            wake();
            return;
        }
    };
    // The first load starts from the search snapshot when there is a
    // cache folder; a reload (a company changed, an import) scans.
    let first = std::cell::Cell::new(snapshot);
    let load = |replies: &Sender<Reply>| -> Option<SearchIndex> {
        let loaded = match first.take() {
            Some((db, cache)) => SearchIndex::load_snapshot(&conn, &db, &cache),
            None => SearchIndex::load(&conn),
        };
        match loaded {
            Ok(index) => {
                let _ = replies.send(Reply::Ready(index.len()));
                Some(index)
            }
            Err(err) => {
                let _ = replies.send(Reply::Failed(err.to_string()));
                None
            }
        }
    };
    let mut index = load(&replies);
    wake();
    while let Ok(first) = requests.recv() {
        // Typing fast queues several queries: answer only the newest, after
        // applying every reload and update queued with them.
        let mut query = None;
        let mut reload = false;
        let mut updates = Vec::new();
        for request in std::iter::once(first).chain(requests.try_iter()) {
            match request {
                Request::Reload => reload = true,
                Request::Update { entity, id } => updates.push((entity, id)),
                Request::Query { seq, target, text } => query = Some((seq, target, text)),
            }
        }
        if reload {
            index = load(&replies);
            wake();
        } else if let Some(index) = index.as_mut() {
            for (entity, id) in updates {
                if let Err(err) = index.refresh(&conn, entity, id) {
                    let _ = replies.send(Reply::Failed(err.to_string()));
                }
            }
        }
        if let Some((seq, target, text)) = query
            && let Some(index) = index.as_mut()
        {
            let hits = index.search(&text);
            if replies.send(Reply::Hits { seq, target, hits }).is_err() {
                return;
            }
            wake();
        }
    }
}
