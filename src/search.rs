//! Fuzzy search over people and companies by name, company, e-mail and phone.
//!
//! The stored search text is already folded (see `text::fold`), so a query is
//! folded once and compared with stored strings. A cheap subsequence test
//! drops most rows inside the SQLite scan; only survivors are scored with
//! fuzzy-matcher, per field, and only the best `limit` are kept.

pub mod letters;
pub mod names;
mod run;

use crate::error::Result;

use crate::model::Entity;
use crate::store::scan::{Candidate, FIELD_SEPARATOR, SearchSource};
use crate::text::fold::fold;
use crate::text::phone;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

/// Which part of a record matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedField {
    /// The person's or company's name.
    Name,
    /// The person's company, or the company's domain.
    Company,
    /// An e-mail address or phone number.
    Contact,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Person or company.
    pub entity: Entity,
    /// Its id.
    pub id: i64,
    /// Higher is better.
    pub score: i64,
    /// What matched best.
    pub matched: MatchedField,
}

/// A prepared query.
#[derive(Debug, Clone)]
pub struct Query {
    folded: String,
    /// The folded query without spaces, as UTF-8 bytes. Word parts may be
    /// joined by a space, a ZWNJ (which folding drops) or nothing
    /// (`نیک نام`, `نیک‌نام`, `نیکنام`): all matching compares compact
    /// forms, so the three find the same records.
    compact: String,
    /// For a query that looks like a phone number: the digit runs to look
    /// for (as typed, and the national number); empty otherwise.
    phone: Vec<String>,
    /// The query is one letter: match word starts only.
    single_letter: bool,
    /// Finds the compact query as one piece (the quick scorer).
    whole: memchr::memmem::Finder<'static>,
    /// Finds each phone form.
    phone_finders: Vec<memchr::memmem::Finder<'static>>,
    /// The characters a record must hold to match ([`letters`]); none for
    /// a phone query, whose digit forms differ from what was typed.
    letters: u64,
}

impl Query {
    /// Folds the query; `None` when nothing searchable is left.
    pub fn new(text: &str) -> Option<Query> {
        let folded = fold(text);
        if folded.is_empty() {
            return None;
        }
        let looks_like_phone = text.chars().all(|c| c.is_numeric() || " +-().".contains(c));
        let phone = if looks_like_phone {
            phone::query_forms(text, 3)
        } else {
            Vec::new()
        };
        let compact = folded
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>();
        let single_letter = phone.is_empty() && folded.chars().count() == 1;
        let whole = memchr::memmem::Finder::new(compact.as_bytes()).into_owned();
        let phone_finders = phone
            .iter()
            .map(|d| memchr::memmem::Finder::new(d.as_bytes()).into_owned())
            .collect();
        let letters = if phone.is_empty() {
            letters::of(&compact)
        } else {
            0
        };
        Some(Query {
            folded,
            compact,
            phone,
            single_letter,
            whole,
            phone_finders,
            letters,
        })
    }

    /// The folded query.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Whether every record this query's prefilter keeps is also kept by
    /// `previous`'s, so a search may re-check only `previous`'s survivors
    /// (the TUI narrows as the user types). True when both are text
    /// queries and this one extends the other; never for phone queries,
    /// whose digit forms change as digits are typed (`+9` is text, `+98 9`
    /// a phone), so they always scan afresh.
    pub fn narrows(&self, previous: &Query) -> bool {
        self.phone.is_empty()
            && previous.phone.is_empty()
            && self.compact.starts_with(previous.compact.as_str())
    }

    /// The set of characters every matching record holds ([`letters`]).
    pub fn letters(&self) -> u64 {
        self.letters
    }

    /// Whether the query looks like a phone number.
    pub fn is_phone(&self) -> bool {
        !self.phone.is_empty()
    }

    /// Whether the query is a single letter (not a phone number).
    pub fn is_single_letter(&self) -> bool {
        self.single_letter
    }

    /// The cheap test run on every row: all query characters appear in
    /// order (or, for a phone query, the digits appear as a run).
    pub fn prefilter(&self, text: &str) -> bool {
        self.prefilter_bytes(text.as_bytes())
    }

    /// [`Query::prefilter`] over a text's UTF-8 bytes, not yet checked to
    /// be UTF-8 (the search snapshot checks only the rows that pass).
    pub fn prefilter_bytes(&self, bytes: &[u8]) -> bool {
        if !self.phone_finders.is_empty() {
            return self.phone_finders.iter().any(|f| f.find(bytes).is_some());
        }
        // Byte-wise: if the query's characters appear in order, so do their
        // UTF-8 bytes. A byte match across character boundaries only lets a
        // few extra rows through to the scorer, which rejects them.
        let mut rest = bytes;
        for &wanted in self.compact.as_bytes() {
            match memchr::memchr(wanted, rest) {
                Some(at) => rest = &rest[at + 1..],
                None => return false,
            }
        }
        true
    }

    /// A cheap score for when too many rows pass the prefilter to run the
    /// fuzzy scorer on each: the query must appear as one piece in a field;
    /// a whole field beats a field start, which beats a word start.
    pub fn quick_score(&self, text: &str) -> Option<(i64, MatchedField)> {
        let mut best: Option<(i64, MatchedField)> = None;
        for (index, field) in text.split(FIELD_SEPARATOR).enumerate() {
            let which = match index {
                0 => MatchedField::Name,
                1 => MatchedField::Company,
                _ => MatchedField::Contact,
            };
            let bytes = field.as_bytes();
            let found = if self.phone_finders.is_empty() {
                self.whole
                    .find(bytes)
                    .map(|at| (at, at + self.compact.len()))
                    .or_else(|| find_ignoring_spaces(bytes, self.compact.as_bytes()))
            } else {
                self.phone_finders
                    .iter()
                    .find_map(|f| f.find(bytes))
                    .map(|at| (at, bytes.len()))
            };
            let Some((at, end)) = found else { continue };
            let place = if at == 0 && end == bytes.len() {
                200
            } else if at == 0 {
                150
            } else if bytes.get(at - 1).is_some_and(|b| b.is_ascii_whitespace()) {
                100
            } else {
                50
            };
            let score = place + if which == MatchedField::Name { 10 } else { 0 };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, which));
            }
        }
        best
    }

    /// Scores one candidate: the best field, with a bonus for a name that
    /// equals or starts with the query.
    pub fn score(&self, matcher: &SkimMatcherV2, text: &str) -> Option<(i64, MatchedField)> {
        let mut best: Option<(i64, MatchedField)> = None;
        for (index, field) in text.split(FIELD_SEPARATOR).enumerate() {
            let which = match index {
                0 => MatchedField::Name,
                1 => MatchedField::Company,
                _ => MatchedField::Contact,
            };
            let score = if self.single_letter {
                // One letter matches nearly everything as a subsequence;
                // fuzzy scores would be noise. Words starting with it win.
                let starts = field.starts_with(self.folded.as_str());
                let word = starts
                    || field
                        .split(|c: char| c.is_whitespace() || c == '@' || c == '.')
                        .any(|w| w.starts_with(self.folded.as_str()));
                word.then_some(
                    if starts { 60 } else { 30 } + if which == MatchedField::Name { 10 } else { 0 },
                )
            } else if !self.phone.is_empty() {
                self.phone_finders
                    .iter()
                    .any(|f| f.find(field.as_bytes()).is_some())
                    .then_some(100)
            } else if !self.prefilter(field) {
                // Skim scoring is the expensive step: skip fields that
                // cannot match on their own.
                None
            } else {
                let compact = self.compact.as_bytes();
                matcher.fuzzy_match(field, &self.compact).map(|s| {
                    let bonus = if compact_eq(field, compact) {
                        100
                    } else if find_ignoring_spaces(field.as_bytes(), compact)
                        .is_some_and(|(at, _)| at == 0)
                    {
                        50
                    } else {
                        0
                    };
                    // Names outrank the same match in a company or e-mail.
                    s + bonus + if which == MatchedField::Name { 10 } else { 0 }
                })
            };
            if let Some(score) = score
                && best.is_none_or(|(b, _)| score > b)
            {
                best = Some((score, which));
            }
        }
        best
    }
}

/// Where `needle` (which holds no spaces) occurs in `field` when the
/// field's spaces are skipped: its first and one-past-last byte offsets in
/// `field`. Folded text separates words with single ASCII spaces, which
/// never fall inside a multi-byte character, so a match still starts and
/// ends on character boundaries.
fn find_ignoring_spaces(field: &[u8], needle: &[u8]) -> Option<(usize, usize)> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(offset) = field
        .get(from..)
        .and_then(|rest| memchr::memchr(first, rest))
    {
        let start = from + offset;
        let mut at = start;
        let mut matched = 0;
        while matched < needle.len() {
            match field.get(at) {
                Some(b' ') if matched > 0 => at += 1,
                Some(b) if Some(b) == needle.get(matched) => {
                    at += 1;
                    matched += 1;
                }
                _ => break,
            }
        }
        if matched == needle.len() {
            return Some((start, at));
        }
        from = start + 1;
    }
    None
}

/// Whether `field` with its spaces removed equals `compact`.
fn compact_eq(field: &str, compact: &[u8]) -> bool {
    field
        .bytes()
        .filter(|b| *b != b' ')
        .eq(compact.iter().copied())
}

/// Something search can rank: a record's kind, id and folded search text.
pub trait Item: Sync {
    /// Person or company.
    fn entity(&self) -> Entity;
    /// Its id.
    fn id(&self) -> i64;
    /// Its stored folded search text.
    fn text(&self) -> &str;
}

impl Item for Candidate {
    fn entity(&self) -> Entity {
        self.entity
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn text(&self) -> &str {
        &self.search_text
    }
}

impl<T: Item> Item for &T {
    fn entity(&self) -> Entity {
        (**self).entity()
    }
    fn id(&self) -> i64 {
        (**self).id()
    }
    fn text(&self) -> &str {
        (**self).text()
    }
}

/// What a run of others' change-log rows means for a copy of the search
/// texts (the interface's index, the search snapshot): the one home of
/// these rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reindex {
    /// Nothing searched changed.
    Nothing,
    /// Refresh these people, companies and deals one by one, each with the
    /// texts that hold its name (a person's deals; a company's people and
    /// deals: `SearchSource::texts_holding_name_of`).
    Records(Vec<(Entity, i64)>),
    /// Reload everything: records were imported (a range of ids).
    Everything,
}

/// Maps change-log rows to what must be refreshed (see [`Reindex`]).
pub fn reindex_plan(changes: &[crate::store::FeedChange]) -> Reindex {
    let mut records: Vec<(Entity, i64)> = Vec::new();
    for change in changes {
        let import = change.op == "import";
        match change.entity {
            Entity::Person | Entity::Company | Entity::Deal if !import => {
                records.push((change.entity, change.entity_id));
            }
            Entity::Person | Entity::Company | Entity::Deal => return Reindex::Everything,
            _ => {}
        }
    }
    records.sort_unstable_by_key(|(entity, id)| (entity.as_str(), *id));
    records.dedup();
    if records.is_empty() {
        Reindex::Nothing
    } else {
        Reindex::Records(records)
    }
}

/// Searches people and companies; best first, at most `limit` hits.
pub fn search(source: &dyn SearchSource, text: &str, limit: usize) -> Result<Vec<Hit>> {
    let Some(query) = Query::new(text) else {
        return Ok(Vec::new());
    };
    let candidates = source.scan_search_texts(&|t| query.prefilter(t))?;
    Ok(rank(&query, &candidates, limit))
}

/// Scores candidates (on both cores when there are many) and keeps the best.
pub fn rank<C: Item>(query: &Query, candidates: &[C], limit: usize) -> Vec<Hit> {
    // The fuzzy scorer takes about 1.7 µs a text and a thread about 50 µs
    // to start: from a thousand candidates (2,500 for "sarah smith" among a
    // million people, 4 ms on one core) the second core pays for itself.
    const PARALLEL_FROM: usize = 1_000;
    // Fuzzy-scoring tens of thousands of rows takes tens of milliseconds:
    // above this many survivors (a one- or two-letter query), only rows
    // holding the query as one piece are ranked, with the cheap scorer.
    const FUZZY_MAX: usize = 3_000;
    let quick = candidates.len() > FUZZY_MAX;
    let score_all = |part: &[C]| -> Vec<Hit> {
        let matcher = SkimMatcherV2::default();
        let mut hits: Vec<Hit> = part
            .iter()
            .filter_map(|c| {
                let scored = if quick {
                    query.quick_score(c.text())
                } else {
                    query.score(&matcher, c.text())
                };
                scored.map(|(score, matched)| Hit {
                    entity: c.entity(),
                    id: c.id(),
                    score,
                    matched,
                })
            })
            .collect();
        keep_best(&mut hits, limit);
        hits
    };
    let mut hits = if candidates.len() >= PARALLEL_FROM {
        let (left, right) = candidates.split_at(candidates.len() / 2);
        std::thread::scope(|s| {
            let other = s.spawn(|| score_all(right));
            let mut mine = score_all(left);
            // A panicking scorer is a bug; fall back to one half rather than abort.
            mine.extend(other.join().unwrap_or_default());
            mine
        })
    } else {
        score_all(candidates)
    };
    keep_best(&mut hits, limit);
    if quick && hits.len() < limit {
        // Few rows hold the query as one piece: rank a bounded sample of
        // the rest with the fuzzy scorer rather than returning nothing.
        let matcher = SkimMatcherV2::default();
        let seen: std::collections::HashSet<(Entity, i64)> =
            hits.iter().map(|h| (h.entity, h.id)).collect();
        let extra = candidates
            .iter()
            .filter(|c| !seen.contains(&(c.entity(), c.id())))
            .take(FUZZY_MAX)
            .filter_map(|c| {
                query.score(&matcher, c.text()).map(|(score, matched)| Hit {
                    entity: c.entity(),
                    id: c.id(),
                    score: score.min(49),
                    matched,
                })
            });
        hits.extend(extra);
        keep_best(&mut hits, limit);
    }
    hits
}

fn keep_best(hits: &mut Vec<Hit>, limit: usize) {
    let order = |a: &Hit, b: &Hit| {
        b.score
            .cmp(&a.score)
            .then(a.entity.as_str().cmp(b.entity.as_str()))
            .then(a.id.cmp(&b.id))
    };
    // A short query can match most rows: pick the best `limit` in linear
    // time, then sort only those.
    if limit > 0 && hits.len() > limit {
        hits.select_nth_unstable_by(limit - 1, order);
        hits.truncate(limit);
    }
    hits.sort_by(order);
    hits.truncate(limit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_needs_every_character_in_order() {
        let q = Query::new("sra").unwrap();
        assert!(q.prefilter("sara ahmadi"));
        assert!(!q.prefilter("ars"));
    }

    #[test]
    fn phone_queries_match_digit_runs_across_formats() {
        let q = Query::new("0912-345").unwrap();
        assert!(q.prefilter("name\n\n09123456789"));
        assert!(!q.prefilter("name\n\n09129999999"));
    }

    #[test]
    fn one_letter_finds_word_starts_and_ranks_name_starts_first() {
        let q = Query::new("k").unwrap();
        let matcher = SkimMatcherV2::default();
        let starts = q.score(&matcher, "kadri saar\nbaltic spice").unwrap();
        let word = q.score(&matcher, "anil kumar\nvertex").unwrap();
        assert!(starts.0 > word.0, "{starts:?} {word:?}");
        assert_eq!(
            q.score(&matcher, "sara ahmadi\nzagros trading"),
            None,
            "k inside a word only"
        );
        assert_eq!(
            q.score(&matcher, "sara\nacme\nkala@example.com")
                .map(|s| s.1),
            Some(MatchedField::Contact)
        );
    }

    #[test]
    fn the_best_are_kept_in_order_when_many_match() {
        let candidates: Vec<Candidate> = (0..5000)
            .map(|i| Candidate {
                entity: Entity::Person,
                id: i,
                search_text: if i % 997 == 0 {
                    "sara".to_owned()
                } else {
                    format!("sara smith {i}")
                },
            })
            .collect();
        let q = Query::new("sara").unwrap();
        let hits = rank(&q, &candidates, 3);
        let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, [0, 997, 1994], "exact names first, ties by id");
    }

    #[test]
    fn persian_query_matches_arabic_spelling() {
        // The stored text is folded on write; the query is folded here.
        let q = Query::new("علی").unwrap();
        let stored = fold("علي رضايي");
        assert!(q.prefilter(&stored));
        let matcher = SkimMatcherV2::default();
        assert_eq!(
            q.score(&matcher, &stored).map(|s| s.1),
            Some(MatchedField::Name)
        );
    }

    proptest::proptest! {
        /// Whatever is typed into the search box, preparing, filtering and
        /// scoring never panic, and a record whose name is the query matches.
        #[test]
        fn any_query_is_safe_and_finds_its_own_text(query in "\\PC{0,40}", other in "\\PC{0,60}") {
            if let Some(q) = Query::new(&query) {
                let matcher = SkimMatcherV2::default();
                let _ = q.prefilter(&other);
                let _ = q.score(&matcher, &other);
                let own = fold(&query);
                if q.phone.is_empty() {
                    proptest::prop_assert!(q.prefilter(&own));
                }
            }
        }
    }

    #[test]
    fn exact_name_outranks_partial() {
        let q = Query::new("sara").unwrap();
        let matcher = SkimMatcherV2::default();
        let exact = q.score(&matcher, "sara").unwrap().0;
        let partial = q.score(&matcher, "samira ahmadi").unwrap().0;
        assert!(exact > partial);
    }
}
