//! `kariz search` straight off a current snapshot file, without loading it.
//!
//! Loading a million records' texts (about 90 MB) into memory before a
//! search cost more than the search: the kernel handed over, zeroed and
//! later took back every page of the buffer (over a third of the time),
//! then copied the file into it. A search needs only the records that pass
//! its prefilter, so the file's texts are read a megabyte at a time into
//! one reused buffer (it stays in the CPU's cache), the prefilter runs over
//! each piece ([`Query::prefilter_run`]) and the checksum over each piece as
//! it arrives, on both cores from [`PARALLEL_FROM`] records, each core with
//! its own half of the file. Only the records that pass are kept, so what
//! a search holds is its candidates, not the database. The hits are the
//! loaded snapshot's: the same records in the same order, ranked the same
//! way; a file that fails its checksum gives no hits and is left to the
//! loading path, which rebuilds it.

use super::{Checksum, Head, PARALLEL_FROM, ROW_BYTES, Record, parse_row, read_exact, walk_rows};
use crate::error::Result;
use crate::model::Entity;
use crate::search::{self, Hit, Query};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// Bytes of text read at a time (a record longer than this is read whole).
const CHUNK: usize = 1 << 20;

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
    let Ok(file) = File::open(path) else {
        return Ok(None);
    };
    let Ok(file_len) = file.metadata().map(|m| m.len()) else {
        return Ok(None);
    };
    let mut reader = BufReader::new(file);
    let Some(head) = Head::decode(&mut reader, file_len) else {
        return Ok(None);
    };
    if !current(&head)? {
        return Ok(None);
    }
    Ok(
        scan(path, &mut reader, &head, query, parallel_from).map(|found| {
            let records: Vec<Record<'_>> = found
                .iter()
                .filter_map(|(entity, id, text)| {
                    Some(Record {
                        entity: *entity,
                        id: *id,
                        text: std::str::from_utf8(text).ok()?,
                    })
                })
                .collect();
            search::rank(query, &records, limit)
        }),
    )
}

/// A record that passed the prefilter, with its text as stored.
type Found = (Entity, i64, Vec<u8>);

/// The records passing `query`'s prefilter, in scan order, once the whole
/// file has been read and its checksum matched; `reader` is just past the
/// head.
fn scan(
    path: &Path,
    reader: &mut BufReader<File>,
    head: &Head,
    query: &Query,
    parallel_from: usize,
) -> Option<Vec<Found>> {
    let rows = read_exact(reader, head.rows_len)?;
    let split = split_point(&rows, head.text_len, parallel_from)?;
    let text_at = (head.bytes.len() + head.rows_len) as u64;
    let (left_rows, right_rows) = rows.split_at(split.0 * ROW_BYTES);
    let left = Part {
        at: text_at,
        len: split.1,
        rows: left_rows,
    };
    let right = Part {
        at: text_at + split.1 as u64,
        len: head.text_len - split.1,
        rows: right_rows,
    };
    let (left, right) = if right.rows.is_empty() {
        (left.scan(path, query), right.scan(path, query))
    } else {
        std::thread::scope(|s| {
            let other = s.spawn(|| right.scan(path, query));
            // A panicking scan is a bug; that half is read again here.
            let mine = left.scan(path, query);
            (
                mine,
                other.join().unwrap_or_else(|_| right.scan(path, query)),
            )
        })
    };
    let ((mut found, left_sum), (theirs, right_sum)) = (left?, right?);
    let mut sum = Checksum::new();
    sum.add(&head.bytes);
    sum.add(&rows);
    sum.combine(&left_sum);
    sum.combine(&right_sum);
    // The name order after the texts is not searched, only summed.
    reader
        .seek(SeekFrom::Start(text_at + head.text_len as u64))
        .ok()?;
    sum.add(&read_exact(reader, head.order_len)?);
    let mut stored = [0u8; 8];
    reader.read_exact(&mut stored).ok()?;
    if u64::from_le_bytes(stored) != sum.value() {
        return None;
    }
    found.extend(theirs);
    Some(found)
}

/// Checks the record table as loading does ([`walk_rows`]) and returns
/// where its second half starts: the record and its text's offset (the
/// table's end below `parallel_from` records: one core does all).
fn split_point(rows: &[u8], text_len: usize, parallel_from: usize) -> Option<(usize, usize)> {
    let count = rows.len() / ROW_BYTES;
    let half = if count >= parallel_from {
        count / 2
    } else {
        count
    };
    let mut split = (count, text_len);
    walk_rows(rows, text_len, |i, _, _, (start, _)| {
        if i == half {
            split = (i, start);
        }
    })?;
    Some(split)
}

/// A run of consecutive records: their rows and where their texts lie in
/// the file.
struct Part<'a> {
    at: u64,
    len: usize,
    rows: &'a [u8],
}

impl Part<'_> {
    /// The part's records passing the prefilter, and the checksum of its
    /// texts; `None` when the file reads short.
    fn scan(&self, path: &Path, query: &Query) -> Option<(Vec<Found>, Checksum)> {
        let mut file = File::open(path).ok()?;
        file.seek(SeekFrom::Start(self.at)).ok()?;
        let mut sum = Checksum::new();
        let mut found = Vec::new();
        let mut buffer = vec![0u8; CHUNK.min(self.len)];
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let (mut filled, mut unread, mut next) = (0usize, self.len, 0usize);
        let count = self.rows.len() / ROW_BYTES;
        while next < count {
            let want = (buffer.len() - filled).min(unread);
            let piece = buffer.get_mut(filled..filled + want)?;
            file.read_exact(piece).ok()?;
            sum.add(piece);
            filled += want;
            unread -= want;
            // The records whose texts are whole in the buffer.
            spans.clear();
            let mut end = 0;
            for row in self.rows.chunks_exact(ROW_BYTES).skip(next) {
                let (_, _, len) = parse_row(row)?;
                if end + len > filled {
                    break;
                }
                spans.push((end, end + len));
                end += len;
            }
            if spans.is_empty() {
                // A record longer than the buffer: make room for it whole.
                let (_, _, len) = parse_row(self.rows.get(next * ROW_BYTES..)?)?;
                if unread == 0 {
                    return None;
                }
                buffer.resize(len.max(buffer.len() * 2).min(self.len), 0);
                continue;
            }
            for i in query.prefilter_run(&buffer[..filled], &spans, |s| Some(*s)) {
                let (entity, id, _) = parse_row(self.rows.get((next + i) * ROW_BYTES..)?)?;
                let (start, stop) = *spans.get(i)?;
                found.push((entity, id, buffer.get(start..stop)?.to_vec()));
            }
            buffer.copy_within(end..filled, 0);
            filled -= end;
            next += spans.len();
        }
        Some((found, sum))
    }
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
    fn the_file_read_piece_by_piece_gives_the_loaded_snapshots_hits() {
        // Texts longer than a piece, and a piece boundary inside records.
        let (_dir, path, snapshot) = filed(3_000, CHUNK + 5);
        for query in ["sara", "سارا", "0912 000 01", "a", "zzqx", "x"] {
            for limit in [20, 0] {
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
        assert!(!snapshot.search("sara", 20).is_empty());
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
        for at in [whole.len() / 2, whole.len() - 3] {
            let mut flipped = whole.clone();
            flipped[at] ^= 0x20;
            std::fs::write(&path, &flipped).unwrap();
            assert_eq!(streamed(&path, "sara", 5, 1), None, "byte {at}");
        }
        std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        assert_eq!(streamed(&path, "sara", 5, 1), None, "short");
    }
}
