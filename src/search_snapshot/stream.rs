//! `kariz search` straight off a current snapshot file, without loading it.
//!
//! Loading a million records' texts (about 90 MB) into memory before a
//! search cost more than the search: the kernel handed over, zeroed and
//! later took back every page of the buffer, then copied the file into
//! it. Reading it a megabyte at a time into one reused buffer still had
//! the kernel copy every byte (a fifth of the search). So the file is
//! mapped read-only, and a search reads as little of it as it can: the
//! record table (checked by its own checksum), and the text of only those
//! records whose character set holds the query's ([`letters`]), each
//! checked by its CRC before the prefilter and the ranking see it. At a
//! million people that is one text in twenty-five for a Latin name and
//! fewer for a Persian one, where the whole file's checksum and a
//! prefilter over every text were two thirds of a search. From
//! [`PARALLEL_FROM`] records the table is worked through on both cores, a
//! half each. Only the records that pass are kept (borrowed from the map),
//! so what a search holds is its candidates, not the database. The hits
//! are the loaded snapshot's: the same records in the same order, ranked
//! the same way; a file whose table or a read text fails its check gives
//! no hits and is left to the loading path, which rebuilds it.

use super::{Checksum, Head, PARALLEL_FROM, ROW_BYTES, Record, order_key, parse_row, row_check};
use crate::error::Result;
use crate::model::Entity;
use crate::search::{self, Hit, Query, letters};
use std::fs::File;
use std::path::Path;

/// The hits for `query` in the snapshot file at `path`, if the file is
/// whole and `current` says its head matches the database as it is now;
/// `None` otherwise (missing, another state, torn or corrupt), for the
/// caller to load, refresh or rebuild it.
pub(super) fn search(
    path: &Path,
    query: &Query,
    limit: usize,
    current: impl FnOnce(&Head) -> Result<bool>,
) -> Result<Option<Vec<Hit>>> {
    search_split(path, query, limit, current, PARALLEL_FROM)
}

/// [`search`], on both cores from `parallel_from` records.
fn search_split(
    path: &Path,
    query: &Query,
    limit: usize,
    current: impl FnOnce(&Head) -> Result<bool>,
    parallel_from: usize,
) -> Result<Option<Vec<Hit>>> {
    let Some(map) = mapped(path) else {
        return Ok(None);
    };
    let mut rest: &[u8] = &map;
    let Some(head) = Head::decode(&mut rest, map.len() as u64) else {
        return Ok(None);
    };
    if !current(&head)? {
        return Ok(None);
    }
    Ok(scan(rest, &head, query, parallel_from).map(|found| {
        let records: Vec<Record<'_>> = found
            .iter()
            .filter_map(|&(entity, id, text)| {
                Some(Record {
                    entity,
                    id,
                    text: std::str::from_utf8(text).ok()?,
                })
            })
            .collect();
        search::rank(query, &records, limit)
    }))
}

/// The file at `path` mapped read-only; `None` when it cannot be opened or
/// mapped. Its pages are mapped as the two halves' scans reach them (each
/// fault maps the pages around it too): asking for all of them at once
/// (`MAP_POPULATE`) did that work on one core before the scans started,
/// and made a search at a million people slower than reading the file.
///
/// A mapped file must not change under the map. kariz never writes a
/// snapshot in place: a new one is written under a temporary name and
/// renamed over it ([`super::write`]), and `kariz forget` unlinks it, so
/// a search keeps reading the file it mapped, whole, whatever another
/// kariz does meanwhile. Anything that did change it in place (another
/// program of the same user, in the private cache folder) could only make
/// this search give no hits or wrong ones, as a corrupt file could.
fn mapped(path: &Path) -> Option<memmap2::Mmap> {
    let file = File::open(path).ok()?;
    // SAFETY: see above: kariz replaces snapshot files, never changes them.
    unsafe { memmap2::MmapOptions::new().map(&file) }.ok()
}

/// A record that passed the prefilter, with its text as stored.
type Found<'a> = (Entity, i64, &'a [u8]);

/// The records passing `query`'s prefilter, in scan order, once the
/// record table's checksum and each read text's CRC have matched; `file`
/// is the file after the head.
fn scan<'a>(
    file: &'a [u8],
    head: &Head,
    query: &Query,
    parallel_from: usize,
) -> Option<Vec<Found<'a>>> {
    let (rows, file) = split(file, head.rows_len)?;
    let (stored, file) = split(file, 8)?;
    let (text, _) = split(file, head.text_len)?;
    let split = split_point(rows, head.text_len, parallel_from)?;
    let (left_rows, right_rows) = rows.split_at(split.0 * ROW_BYTES);
    let (left_text, right_text) = text.split_at(split.1);
    let left = Part {
        rows: left_rows,
        text: left_text,
    };
    let right = Part {
        rows: right_rows,
        text: right_text,
    };
    let (left, right) = if right.rows.is_empty() {
        (left.scan(query), right.scan(query))
    } else {
        std::thread::scope(|s| {
            let other = s.spawn(|| right.scan(query));
            // A panicking scan is a bug; that half is scanned again here.
            let mine = left.scan(query);
            (mine, other.join().unwrap_or_else(|_| right.scan(query)))
        })
    };
    let (mut left, right) = (left?, right?);
    if let (Some((_, left_last)), Some((right_first, _))) = (left.ends, right.ends)
        && left_last >= right_first
    {
        return None;
    }
    let mut sum = Checksum::new();
    sum.add(&head.bytes);
    sum.combine(&left.sum);
    sum.combine(&right.sum);
    if u64::from_le_bytes(stored.try_into().ok()?) != sum.value() {
        return None;
    }
    left.found.extend(right.found);
    Some(left.found)
}

/// `bytes` cut after `len` bytes; `None` when it is shorter.
fn split(bytes: &[u8], len: usize) -> Option<(&[u8], &[u8])> {
    (len <= bytes.len()).then(|| bytes.split_at(len))
}

/// Where the record table's second half starts: the record and its
/// text's offset (the table's end below `parallel_from` records: one core
/// does all). Only the first half's text lengths are added up here, on one
/// core; each half's scan checks its own rows as loading does
/// ([`super::walk_rows`]), on both cores at once. Walking the whole table here
/// first was a quarter of a search with no hits at a million records.
fn split_point(rows: &[u8], text_len: usize, parallel_from: usize) -> Option<(usize, usize)> {
    let count = rows.len() / ROW_BYTES;
    if count < parallel_from {
        return Some((count, text_len));
    }
    let half = count / 2;
    let mut start = 0usize;
    for row in rows.chunks_exact(ROW_BYTES).take(half) {
        let (_, _, len) = parse_row(row)?;
        start = start.checked_add(len)?;
    }
    (start <= text_len).then_some((half, start))
}

/// A run of consecutive records: their rows and their texts.
struct Part<'a> {
    rows: &'a [u8],
    text: &'a [u8],
}

impl<'a> Part<'a> {
    /// The part's records passing the prefilter, the checksum of its rows
    /// and its first and last records' places in scan order; `None` when
    /// the rows do not describe the texts (a kind unknown, records out of
    /// scan order or repeated, lengths not adding up) or a text read fails
    /// its CRC.
    fn scan(&self, query: &Query) -> Option<Scanned<'a>> {
        let mut sum = Checksum::new();
        sum.add(self.rows);
        let wanted = query.letters();
        let mut found = Vec::new();
        let mut end = 0usize;
        let mut first = None;
        let mut previous: Option<(u8, i64)> = None;
        for row in self.rows.chunks_exact(ROW_BYTES) {
            let (entity, id, len) = parse_row(row)?;
            let key = order_key(entity, id);
            if previous.is_some_and(|p| p >= key) {
                return None;
            }
            first = first.or(Some(key));
            previous = Some(key);
            let start = end;
            end = start.checked_add(len)?;
            let check = row_check(row)?;
            if !letters::may_hold(check.letters, wanted) {
                continue;
            }
            let text = self.text.get(start..end)?;
            if crc32fast::hash(text) != check.crc {
                return None;
            }
            if query.prefilter_bytes(text) {
                found.push((entity, id, text));
            }
        }
        (end == self.text.len()).then_some(Scanned {
            found,
            sum,
            ends: first.zip(previous),
        })
    }
}

/// What a part's scan gives: its records passing the prefilter, its rows'
/// checksum, and its first and last records' places in scan order (`None`
/// for no rows), so that the halves can be checked to follow each other.
struct Scanned<'a> {
    found: Vec<Found<'a>>,
    sum: Checksum,
    ends: Option<((u8, i64), (u8, i64))>,
}

#[cfg(test)]
mod tests {
    use super::super::{Snapshot, write};
    use super::*;

    /// A snapshot of `count` people (every thousandth, from the fourth,
    /// with `long` more bytes of text) in a file, and the file.
    fn filed(count: i64, long: usize) -> (tempfile::TempDir, std::path::PathBuf, Snapshot) {
        let names = ["sara ahmadi", "سارا احمدی", "sam rahimi", "ahmad sarrafi"];
        let records = (0..count).map(|i| {
            let name = names[i as usize % names.len()];
            let notes = if i % 1000 == 3 {
                "x".repeat(long)
            } else {
                String::new()
            };
            (
                Entity::Person,
                i,
                format!("{name} {i}\nacme\n0912{i:07}{notes}"),
            )
        });
        let snapshot = Snapshot::from_records("db".into(), 1, "m".into(), records);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.snapshot");
        write(&path, &snapshot).unwrap();
        (dir, path, snapshot)
    }

    fn streamed(path: &Path, query: &str, limit: usize, parallel_from: usize) -> Option<Vec<Hit>> {
        let query = Query::new(query).unwrap();
        search_split(path, &query, limit, |_| Ok(true), parallel_from).unwrap()
    }

    #[test]
    fn the_mapped_file_gives_the_loaded_snapshots_hits() {
        // Twelve texts of a megabyte among ordinary ones. A limit of 0
        // asks for no hits (the CLI turns `--limit 0` into no limit), so
        // every hit is compared with `ALL`.
        let (_dir, path, snapshot) = filed(12_295, (1 << 20) + 5);
        for query in ["sara", "سارا", "0912 000 01", "a", "zzqx", "x"] {
            for limit in [20, ALL] {
                let loaded = snapshot.search(query, limit);
                for parallel_from in [1, usize::MAX] {
                    let found = streamed(&path, query, limit, parallel_from);
                    assert_eq!(
                        found.as_ref(),
                        Some(&loaded),
                        "{query} {limit} {parallel_from}"
                    );
                }
            }
        }
        assert_eq!(snapshot.search("sara", 20).len(), 20);
        // Above 3,000 candidates only texts holding "sara" in one piece
        // rank, and a sample of the rest: every "sara ahmadi" (one in four).
        assert!(snapshot.search("sara", ALL).len() >= 12_295 / 4);
        assert_eq!(snapshot.search("zzqx", ALL), []);
    }

    /// No limit on the hits.
    const ALL: usize = usize::MAX;

    #[test]
    fn a_refreshed_snapshot_read_back_and_saved_checks_its_new_texts() {
        let (_dir, path, _) = filed(40, 0);
        let mut snapshot = super::super::read(&path).unwrap();
        let zahra = format!("{}\n\n09120000000", crate::text::fold::fold("زهرا کریمی"));
        snapshot.upsert(Entity::Person, 0, Some(&zahra));
        snapshot.upsert(Entity::Person, 4, None);
        snapshot.upsert(Entity::Person, 99, Some("zahra karimi\nacme\n"));
        snapshot.settle();
        write(&path, &snapshot).unwrap();
        for query in ["زهرا", "zahra", "sara", "ahmad"] {
            let found = streamed(&path, query, ALL, 1);
            assert_eq!(found, Some(snapshot.search(query, ALL)), "{query}");
        }
        let ids = |query| -> Vec<i64> {
            let found = streamed(&path, query, ALL, 1).unwrap();
            found.iter().map(|hit| hit.id).collect()
        };
        assert_eq!(ids("زهرا"), [0]);
        assert_eq!(ids("zahra"), [99]);
        assert!(!ids("sara").contains(&0) && !ids("sara").contains(&4));
    }

    #[test]
    fn a_file_not_current_or_not_whole_gives_no_answer() {
        let (_dir, path, _) = filed(50, 10);
        let query = Query::new("sara").unwrap();
        assert_eq!(search(&path, &query, 5, |_| Ok(false)).unwrap(), None);
        assert_eq!(
            search(&path.with_extension("gone"), &query, 5, |_| Ok(true)).unwrap(),
            None
        );
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        assert_eq!(streamed(&path, "sara", 5, 1), None, "short");
    }

    /// A table out of scan order (whole, its checksums right: no byte was
    /// changed, kariz wrote it wrong) gives no answer, whether the fault
    /// is inside a half or where the second half starts.
    #[test]
    fn records_out_of_scan_order_give_no_answer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.snapshot");
        let laid = |ids: &[i64]| {
            let records = ids
                .iter()
                .map(|&id| (Entity::Person, id, format!("sara {id}")));
            let snapshot = Snapshot::from_records("db".into(), 1, "m".into(), records);
            write(&path, &snapshot).unwrap();
        };
        laid(&[0, 1, 2, 3, 4, 5, 6, 7]);
        for parallel_from in [1, usize::MAX] {
            assert_eq!(
                streamed(&path, "sara", ALL, parallel_from).map(|h| h.len()),
                Some(8)
            );
        }
        for ids in [
            [0, 1, 2, 9, 4, 5, 6, 7],
            [0, 1, 2, 4, 4, 5, 6, 7],
            [0, 2, 1, 3, 4, 5, 6, 7],
            [0, 1, 2, 3, 4, 5, 7, 6],
        ] {
            laid(&ids);
            for parallel_from in [1, usize::MAX] {
                assert_eq!(
                    streamed(&path, "sara", ALL, parallel_from),
                    None,
                    "{ids:?} {parallel_from}"
                );
            }
        }
    }

    /// Where the parts of the file `filed(count, 0)` wrote begin: the
    /// record table, the texts, the name order.
    fn parts(whole: &[u8], count: usize) -> (usize, usize, usize) {
        let mut rest = whole;
        let head = Head::decode(&mut rest, whole.len() as u64).unwrap();
        let table = head.bytes.len();
        let texts = table + count * ROW_BYTES + 8;
        (table, texts, texts + head.text_len)
    }

    #[test]
    fn what_a_search_reads_is_checked_and_what_it_skips_is_not_read() {
        let (_dir, path, snapshot) = filed(50, 0);
        let whole = std::fs::read(&path).unwrap();
        let (table, texts, order) = parts(&whole, 50);
        assert_eq!(snapshot.search("sara", ALL).len(), 37, "three in four");
        let with_flipped = |at: usize| {
            let mut flipped = whole.clone();
            flipped[at] ^= 0x20;
            std::fs::write(&path, &flipped).unwrap();
        };
        // Any byte of the table or its checksum, or of a text the query
        // reads (record 0, "sara ahmadi 0"): no answer, for the loading
        // path to rebuild.
        for at in [table, table + 30, texts - 8, texts - 1, texts + 2] {
            with_flipped(at);
            for parallel_from in [1, usize::MAX] {
                assert_eq!(
                    streamed(&path, "sara", ALL, parallel_from),
                    None,
                    "byte {at}"
                );
            }
        }
        // A text no "sara" record holds (record 1, Persian), the name order
        // and the file's checksum are not read: the written hits. Loading
        // reads them all, and refuses the file.
        let persian = texts + "sara ahmadi 0\nacme\n09120000000".len() + 1;
        for at in [persian, order + 1, whole.len() - 3] {
            with_flipped(at);
            assert_eq!(
                streamed(&path, "sara", ALL, 1),
                Some(snapshot.search("sara", ALL)),
                "byte {at}"
            );
            assert_eq!(super::super::read(&path), None, "byte {at}");
        }
    }
}
