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
use crate::search::{Hit, Item, MatchedField, Query, rank};
use crate::search_snapshot;
use crate::store::Reader;
use crate::store::scan::{FIELD_SEPARATOR, SearchSource};

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
            Ok((text, ranges)) => {
                let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                let mut index = SearchIndex {
                    text,
                    spans: ranges.iter().map(|r| (to_u32(r.2), to_u32(r.3))).collect(),
                    keys: ranges.iter().map(|r| (r.0, r.1)).collect(),
                    ..SearchIndex::default()
                };
                index.order_names();
                Ok(index)
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
    /// [`SearchIndex::by_prefix`]. Each name is found once, not once per
    /// comparison, and its first eight bytes are compared as one number
    /// before the names themselves.
    fn order_names(&mut self) {
        self.order_names_split(PARALLEL_FROM);
    }

    /// [`SearchIndex::order_names`], sorting two halves on both cores from
    /// `parallel_from` records and merging them (at a million records the
    /// sort was a third of the interface's index load).
    fn order_names_split(&mut self, parallel_from: usize) {
        let prefix = |name: &str| {
            let mut bytes = [0u8; 8];
            for (slot, b) in bytes.iter_mut().zip(name.bytes()) {
                *slot = b;
            }
            u64::from_be_bytes(bytes)
        };
        let mut named: Vec<(u64, &str, u32)> = (0..self.spans.len())
            .filter_map(|i| u32::try_from(i).ok())
            .map(|i| {
                let name = self.name(i);
                (prefix(name), name, i)
            })
            .collect();
        // Every tuple differs (the record number is in it), so sorting the
        // halves and merging them gives the one order a whole sort gives.
        if named.len() < parallel_from {
            named.sort_unstable();
            self.by_name = named.into_iter().map(|(_, _, i)| i).collect();
            return;
        }
        let count = named.len();
        let (left, right) = named.split_at_mut(count / 2);
        std::thread::scope(|s| {
            s.spawn(|| left.sort_unstable());
            right.sort_unstable();
        });
        let mut by_name = Vec::with_capacity(count);
        let (mut left, mut right) = (left.iter().peekable(), right.iter().peekable());
        loop {
            let next = match (left.peek(), right.peek()) {
                (Some(l), Some(r)) if l <= r => left.next(),
                (Some(_), Some(_)) => right.next(),
                (Some(_), None) => left.next(),
                (None, _) => right.next(),
            };
            let Some(&(_, _, i)) = next else { break };
            by_name.push(i);
        }
        self.by_name = by_name;
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
        let text = self.text_of(i);
        text.split(FIELD_SEPARATOR).next().unwrap_or(text)
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
        let pos = self
            .by_name
            .partition_point(|n| self.name(*n) < name.as_str());
        self.by_name.insert(pos, i);
    }

    /// Reads one record's search text from `conn` and applies it; for a
    /// person or company, also the texts of its deals (they hold its name).
    pub fn refresh(&mut self, conn: &dyn SearchSource, entity: Entity, id: i64) -> Result<()> {
        let text = conn.search_text(entity, id)?;
        self.upsert(entity, id, text.as_deref());
        for deal in conn.deal_search_texts_of(entity, id)? {
            self.upsert(deal.entity, deal.id, Some(&deal.search_text));
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
    fn names_sorted_in_two_halves_and_merged_are_in_the_whole_sorts_order() {
        let names: Vec<String> = (0..300)
            .map(|i| match i % 4 {
                0 => format!("sara {}", 300 - i),
                1 => format!("سارا {}", i % 7),
                2 => "sara".to_owned(),
                _ => format!("b{}", i * 7919 % 101),
            })
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut whole = index_of(&refs);
        let mut halves = index_of(&refs);
        whole.order_names_split(usize::MAX);
        halves.order_names_split(1);
        assert_eq!(whole.by_name, halves.by_name);
        assert_eq!(whole.by_name.len(), 300);
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
        for round in ["written", "read back"] {
            let mut scanned = SearchIndex::load(&store).unwrap();
            let mut snapped = SearchIndex::load_snapshot(&store, &db, &cache).unwrap();
            assert!(file.exists(), "{round}");
            assert_eq!(snapped.len(), scanned.len());
            for query in ["s", "sa", "sara", "نیکنام", "karimi", "r"] {
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
