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
use crate::search::{Hit, Query, rank};
use crate::store::scan::{self, Candidate};
use rusqlite::Connection;

/// Results kept per query.
pub const LIMIT: usize = 50;

/// Every person's and company's folded search text.
#[derive(Debug, Default)]
pub struct SearchIndex {
    candidates: Vec<Candidate>,
    /// The last query's folded text and the indexes that passed its
    /// prefilter, to narrow the next query that extends it.
    last: Option<(String, Vec<u32>)>,
}

impl SearchIndex {
    /// Loads the index from a connection.
    pub fn load(conn: &Connection) -> Result<SearchIndex> {
        Ok(SearchIndex {
            candidates: scan::scan(conn, &|_| true)?,
            last: None,
        })
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.candidates.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty()
    }

    /// The best hits for `text`.
    pub fn search(&mut self, text: &str) -> Vec<Hit> {
        let Some(query) = Query::new(text) else {
            self.last = None;
            return Vec::new();
        };
        let folded = crate::text::fold::fold(text);
        let pool: Vec<u32> = match &self.last {
            // A longer query can only match a subset of what the shorter one
            // matched (the prefilter is a subsequence test).
            Some((previous, survivors)) if folded.starts_with(previous.as_str()) => survivors
                .iter()
                .copied()
                .filter(|i| {
                    self.candidates
                        .get(*i as usize)
                        .is_some_and(|c| query.prefilter(&c.search_text))
                })
                .collect(),
            _ => self
                .candidates
                .iter()
                .enumerate()
                .filter(|(_, c)| query.prefilter(&c.search_text))
                .filter_map(|(i, _)| u32::try_from(i).ok())
                .collect(),
        };
        let survivors: Vec<&Candidate> = pool
            .iter()
            .filter_map(|i| self.candidates.get(*i as usize))
            .collect();
        self.last = Some((folded, pool));
        rank(&query, &survivors, LIMIT)
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
    /// Reload after a write changed people or companies.
    Reload,
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
/// closes. `open` makes the thread's own read-only connection.
pub fn serve(
    open: impl Fn() -> Result<Connection>,
    requests: Receiver<Request>,
    replies: Sender<Reply>,
    wake: impl Fn(),
) {
    let load = |replies: &Sender<Reply>| -> Option<SearchIndex> {
        match open().and_then(|conn| SearchIndex::load(&conn)) {
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
        // Typing fast queues several queries: answer only the newest.
        let mut request = first;
        let mut reload = false;
        while let Ok(next) = requests.try_recv() {
            if matches!(next, Request::Reload) {
                reload = true;
            } else {
                request = next;
            }
        }
        if reload || matches!(request, Request::Reload) {
            index = load(&replies);
            wake();
        }
        if let Request::Query { seq, target, text } = request
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
