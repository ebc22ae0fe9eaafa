//! The search snapshot: every person's, company's and deal's folded search
//! text in one file in the cache folder, so `kariz search` reads one file
//! instead of scanning SQLite for each query.
//!
//! The file is a cache, never trusted blindly. It names the database it
//! copies (canonical path, schema version, kariz version) and the last
//! change-log row it covers, with what identifies that row; a checksum
//! covers everything. A file that does not match, reads short, fails its
//! checksum, or covers a change the database does not have (a restored
//! backup) is ignored and rebuilt from the scan. A good file is brought up
//! to date from the change log by the same rules the interface's index
//! follows ([`search::reindex_plan`]): people, companies and deals one by
//! one (a company with its people and deals), a full rebuild for an import
//! or more than [`MAX_CHANGES`] rows. Writing is best effort (a temporary file renamed
//! over the old one, mode 0600): a cache folder that cannot be written just
//! means no snapshot.
//!
//! Layout (integers little-endian): magic, format version (u32), identity
//! and change mark (u32 length + UTF-8 each), change id (i64), record count
//! (u64), text length (u64), then per record its kind (u8), id (i64), text
//! length (u32), the set of its text's characters (u64,
//! [`search::letters`]) and its text's CRC-32 (u32), then the table's
//! checksum (u64 holding the CRC-32 of the head and the table), then all
//! texts one after another, then the records' numbers in name order (u32
//! each; see `search_snapshot/order.rs`), then a checksum (u64 holding the
//! CRC-32 of everything before it; format 1 had a 64-bit hash). Records are
//! in scan order (people, companies, deals, each by id), so ranking sees
//! them as the scan gives them.
//!
//! Loading checks the whole file's checksum. A search checks only what it
//! reads ([`stream`]): the table by its checksum, and the texts of the
//! records whose character sets hold the query's, each by its own CRC; the
//! other texts are never read (format 4 added the sets and the CRCs).

mod order;
mod stream;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::model::Entity;
use crate::search::{self, Hit, Item, Query, Reindex, letters};
use crate::store::SearchSource;

/// The file's first bytes.
const MAGIC: &[u8; 8] = b"KARIZSS\x01";
/// The layout version; a file of another version is rebuilt (format 3
/// added the name order, format 4 each record's character set and CRC).
pub const FORMAT: u32 = 4;
/// More change-log rows than this since the snapshot: rebuild rather than
/// refresh one by one (the change feed's flood threshold).
pub const MAX_CHANGES: usize = crate::store::ChangeWatcher::FLOOD;
/// Bytes per record in the record table: kind, id, text length, the
/// text's character set and CRC-32.
const ROW_BYTES: usize = 1 + 8 + 4 + 8 + 4;
/// Records whose rows are written (and summed) at a time.
const ROWS_PER_CHUNK: usize = 4096;
/// Records from which a search prefilters on both cores.
const PARALLEL_FROM: usize = 100_000;
/// Longest identity or change mark accepted (a corrupt length must not
/// allocate gigabytes).
const MAX_LABEL: usize = 64 * 1024;

/// One record: its kind, id, its text's byte range in the buffer (`None`
/// once deleted) and what the file keeps to check it.
#[derive(Debug, Clone, PartialEq)]
struct Slot {
    entity: Entity,
    id: i64,
    span: Option<(usize, usize)>,
    check: TextCheck,
}

/// What the record table keeps of a text for a search to test before
/// reading it and to check after ([`stream`]): its character set
/// ([`letters`]) and its CRC-32. Worked out when a text is set, and read
/// back with the file, so saving a refreshed snapshot does not go over a
/// million texts again.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct TextCheck {
    letters: u64,
    crc: u32,
}

impl TextCheck {
    fn of(text: &str) -> TextCheck {
        TextCheck {
            letters: letters::of(text),
            crc: crc32fast::hash(text.as_bytes()),
        }
    }
}

/// The search texts of one database as of one change-log row.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    identity: String,
    change_id: i64,
    mark: String,
    /// Every record's text, one after another: UTF-8 as written, checked
    /// record by record when read (see [`Snapshot::records`]).
    text: Vec<u8>,
    slots: Vec<Slot>,
    /// How many of `slots` are in scan order (the rest were just added).
    sorted: usize,
    /// Whether the slots' texts lie in `text` in the slots' order (as read
    /// or built; a refresh appends a record's new text at the end), so a
    /// search can run its prefilter over the buffer ([`Query::prefilter_run`]).
    laid_in_order: bool,
    /// Slot numbers of the live records in name order
    /// ([`crate::search::names`]), kept in the file so that the interface
    /// does not sort a million names each time it starts.
    by_name: Vec<u32>,
    /// Records whose text changed (or that are new or gone) since the last
    /// settle: [`Snapshot::settle`] moves them to their place in `by_name`.
    unplaced: Vec<(u8, i64)>,
}

/// A record's kind, id, and its text's start and end in a buffer.
pub type Range = (Entity, i64, usize, usize);

/// A snapshot's texts handed over whole (see [`Snapshot::into_buffer`]).
#[derive(Debug)]
pub struct Buffer {
    /// Every record's text, one after another.
    pub text: String,
    /// Each record's kind, id and byte range in `text`, in scan order.
    pub ranges: Vec<Range>,
    /// Record numbers (places in `ranges`) in name order.
    pub by_name: Vec<u32>,
}

/// One record, borrowed, as search ranks it.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    entity: Entity,
    id: i64,
    text: &'a str,
}

impl<'a> Record<'a> {
    /// Its kind, id and text.
    pub fn parts(self) -> (Entity, i64, &'a str) {
        (self.entity, self.id, self.text)
    }
}

impl Item for Record<'_> {
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

/// The scan's order: people, companies, deals.
fn kind_code(entity: Entity) -> Option<u8> {
    match entity {
        Entity::Person => Some(0),
        Entity::Company => Some(1),
        Entity::Deal => Some(2),
        _ => None,
    }
}

fn kind_of(code: u8) -> Option<Entity> {
    match code {
        0 => Some(Entity::Person),
        1 => Some(Entity::Company),
        2 => Some(Entity::Deal),
        _ => None,
    }
}

fn order_key(entity: Entity, id: i64) -> (u8, i64) {
    (kind_code(entity).unwrap_or(u8::MAX), id)
}

/// What a snapshot must match to be used for the database at `db`: the
/// database's canonical path, its schema version, this build's version and
/// the layout version.
pub fn identity_of(db: &Path, schema_version: i64) -> String {
    let path = location(db);
    format!(
        "kariz {} format {FORMAT} schema {schema_version} db {}",
        env!("CARGO_PKG_VERSION"),
        path.display()
    )
}

/// The database's location as snapshots name it: a file's canonical path,
/// or a server URL without its password, which must end up neither in the
/// cache file nor in its name.
pub(crate) fn location(db: &Path) -> PathBuf {
    match db.to_str().filter(|d| crate::store::is_server_url(d)) {
        Some(url) => PathBuf::from(crate::store::url_without_password(url)),
        None => db.canonicalize().unwrap_or_else(|_| db.to_path_buf()),
    }
}

/// The snapshot file for the database at `db` in `cache_dir`: named by a
/// hash of the database's canonical path.
pub fn file_for(cache_dir: &Path, db: &Path) -> PathBuf {
    let path = location(db);
    let hash = fnv1a(path.as_os_str().as_encoded_bytes());
    cache_dir.join(format!("search-{hash:016x}.snapshot"))
}

/// FNV-1a: a hash that stays the same from one build to the next.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The file's checksum, CRC-32 (crc32fast: the CPU's carry-less multiply,
/// several bytes a cycle): it catches a corrupt or torn file, not tampering
/// (the file is the user's own, mode 0600). The hand-written 64-bit hash of
/// format 1 ran eight bytes a step through one multiply chain: a sixth of
/// loading a million records.
struct Checksum(crc32fast::Hasher);

impl Checksum {
    fn new() -> Checksum {
        Checksum(crc32fast::Hasher::new())
    }

    fn add(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Adds what `other` summed, as if its bytes came after these.
    fn combine(&mut self, other: &Checksum) {
        self.0.combine(&other.0);
    }

    /// The value stored in the file's last eight bytes.
    fn value(self) -> u64 {
        u64::from(self.0.finalize())
    }
}

/// A writer that sums every byte that passes through it.
struct Summing<W> {
    inner: W,
    sum: Checksum,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.sum.add(buf.get(..written).unwrap_or_default());
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Snapshot {
    /// A snapshot of `records` (in scan order) as of change `change_id`.
    fn from_records(
        identity: String,
        change_id: i64,
        mark: String,
        records: impl IntoIterator<Item = (Entity, i64, String)>,
    ) -> Snapshot {
        let mut text = Vec::new();
        let mut slots = Vec::new();
        for (entity, id, t) in records {
            let start = text.len();
            text.extend_from_slice(t.as_bytes());
            slots.push(Slot {
                entity,
                id,
                span: Some((start, text.len())),
                check: TextCheck::of(&t),
            });
        }
        let sorted = slots.len();
        let mut snapshot = Snapshot {
            identity,
            change_id,
            mark,
            text,
            slots,
            sorted,
            laid_in_order: true,
            by_name: Vec::new(),
            unplaced: Vec::new(),
        };
        snapshot.by_name = snapshot.order_afresh();
        snapshot
    }

    /// The last change-log row it covers.
    pub fn change_id(&self) -> i64 {
        self.change_id
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.span.is_some()).count()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every record, in scan order.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        self.slots.iter().filter_map(|slot| self.record(slot))
    }

    /// Its whole text buffer as one string (checked once, whole), each
    /// record's kind, id and byte range in it, in scan order, and the
    /// records (numbered as the ranges) in name order: what the interface's
    /// index keeps, handed over without a copy. The snapshot back when the
    /// buffer is not UTF-8 or a range splits a character (then
    /// [`Snapshot::records`] leaves out the bad records).
    pub fn into_buffer(self) -> Result<Buffer, Box<Snapshot>> {
        let by_name = self.live_order();
        let ranges: Vec<Range> = self
            .slots
            .iter()
            .filter_map(|slot| {
                let (start, end) = slot.span?;
                Some((slot.entity, slot.id, start, end))
            })
            .collect();
        match String::from_utf8(self.text) {
            Ok(text) if ranges_on_boundaries(&text, &ranges) => Ok(Buffer {
                text,
                ranges,
                by_name,
            }),
            Ok(text) => Err(Box::new(Snapshot {
                text: text.into_bytes(),
                ..self
            })),
            Err(e) => Err(Box::new(Snapshot {
                text: e.into_bytes(),
                ..self
            })),
        }
    }

    /// A slot's record. Its text is checked to be UTF-8 here, one record
    /// at a time, rather than the whole buffer at load: checking 112 MB of
    /// mostly Persian text took longer than reading it, and a search needs
    /// only the rows that pass its prefilter. The file's checksum makes a
    /// bad record one nobody wrote; it is left out.
    fn record(&self, slot: &Slot) -> Option<Record<'_>> {
        let text = std::str::from_utf8(self.bytes(slot)?).ok()?;
        Some(Record {
            entity: slot.entity,
            id: slot.id,
            text,
        })
    }

    /// A slot's text as stored (`None` once deleted).
    fn bytes(&self, slot: &Slot) -> Option<&[u8]> {
        let (start, end) = slot.span?;
        self.text.get(start..end)
    }

    /// The best hits for `query`, ranked exactly as the scan's: the same
    /// prefilter over the same records in the same order, then the same
    /// ranking.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_split(query, limit, PARALLEL_FROM)
    }

    /// [`Snapshot::search`], on both cores from `parallel_from` records.
    fn search_split(&self, query: &str, limit: usize, parallel_from: usize) -> Vec<Hit> {
        let Some(query) = Query::new(query) else {
            return Vec::new();
        };
        let candidates = |slots: &[Slot]| -> Vec<Record<'_>> {
            if self.laid_in_order {
                return query
                    .prefilter_run(&self.text, slots, |slot| slot.span)
                    .into_iter()
                    .filter_map(|i| self.record(slots.get(i)?))
                    .collect();
            }
            slots
                .iter()
                .filter(|slot| {
                    self.bytes(slot)
                        .is_some_and(|bytes| query.prefilter_bytes(bytes))
                })
                .filter_map(|slot| self.record(slot))
                .collect()
        };
        // A million rows take tens of milliseconds to prefilter: on both
        // cores, in two halves whose candidates keep the scan's order.
        let found = if self.slots.len() >= parallel_from {
            let (left, right) = self.slots.split_at(self.slots.len() / 2);
            std::thread::scope(|s| {
                let other = s.spawn(|| candidates(right));
                let mut mine = candidates(left);
                match other.join() {
                    Ok(theirs) => mine.extend(theirs),
                    // A panicking prefilter is a bug; do that half here.
                    Err(_) => mine.extend(candidates(right)),
                }
                mine
            })
        } else {
            candidates(&self.slots)
        };
        search::rank(&query, &found, limit)
    }

    /// Sets one record's text (`None`: it is gone). A new record goes to
    /// the end, out of order, until [`Snapshot::settle`] sorts it in (one
    /// sort, not a move of a million slots per record).
    fn upsert(&mut self, entity: Entity, id: i64, text: Option<&str>) {
        let key = order_key(entity, id);
        let (sorted, added) = self.slots.split_at(self.sorted.min(self.slots.len()));
        let at = match sorted.binary_search_by_key(&key, |s| order_key(s.entity, s.id)) {
            Ok(i) => Some(i),
            Err(_) => added
                .iter()
                .position(|s| order_key(s.entity, s.id) == key)
                .map(|i| i + sorted.len()),
        };
        self.laid_in_order = false;
        self.unplace(key);
        let span = text.map(|t| {
            let start = self.text.len();
            self.text.extend_from_slice(t.as_bytes());
            (start, self.text.len())
        });
        let check = text.map(TextCheck::of).unwrap_or_default();
        match at.and_then(|i| self.slots.get_mut(i)) {
            Some(slot) => {
                slot.span = span;
                slot.check = check;
            }
            None if span.is_some() => self.slots.push(Slot {
                entity,
                id,
                span,
                check,
            }),
            None => {}
        }
    }

    /// Puts records added since the last settle in scan order, and records
    /// whose text changed in name order.
    fn settle(&mut self) {
        if self.sorted < self.slots.len() {
            // Mostly sorted already: the stable sort merges the two runs.
            let mut moved: Vec<(usize, Slot)> = self.slots.drain(..).enumerate().collect();
            moved.sort_by_key(|(_, s)| order_key(s.entity, s.id));
            let mut now_at = vec![0u32; moved.len()];
            for (new, (old, _)) in moved.iter().enumerate() {
                if let Some(at) = now_at.get_mut(*old) {
                    *at = u32::try_from(new).unwrap_or(u32::MAX);
                }
            }
            self.slots = moved.into_iter().map(|(_, slot)| slot).collect();
            self.renumber_order(&now_at);
        }
        self.sorted = self.slots.len();
        self.place_unplaced();
    }

    /// Reads one record's text afresh, and the other texts holding its
    /// name (its deals; a company's people), as the interface's index does.
    fn refresh(&mut self, source: &dyn SearchSource, entity: Entity, id: i64) -> Result<()> {
        let text = source.search_text(entity, id)?;
        self.upsert(entity, id, text.as_deref());
        for held in source.texts_holding_name_of(entity, id)? {
            self.upsert(held.entity, held.id, Some(&held.search_text));
        }
        Ok(())
    }

    /// The file's bytes.
    pub fn encode(&self) -> Vec<u8> {
        // Writing into memory cannot fail.
        self.encode_to(Vec::new()).unwrap_or_default()
    }

    /// Writes the file's bytes to `out` as they are laid out, summing them
    /// on the way, and hands `out` back: a million records' 100 MB are never
    /// held a second time in memory (which cost the first search after a
    /// change a third of its time in page faults).
    pub fn encode_to<W: Write>(&self, out: W) -> std::io::Result<W> {
        let (count, text_len) = self.live().fold((0usize, 0usize), |(n, len), (_, text)| {
            (n + 1, len + text.len())
        });
        let summing = Summing {
            inner: out,
            sum: Checksum::new(),
        };
        // The checksum sees the buffer's large writes, not a call per record.
        let mut out = std::io::BufWriter::with_capacity(1 << 20, summing);
        let mut head = Vec::new();
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&FORMAT.to_le_bytes());
        for label in [&self.identity, &self.mark] {
            head.extend_from_slice(&(label.len() as u32).to_le_bytes());
            head.extend_from_slice(label.as_bytes());
        }
        head.extend_from_slice(&self.change_id.to_le_bytes());
        head.extend_from_slice(&(count as u64).to_le_bytes());
        head.extend_from_slice(&(text_len as u64).to_le_bytes());
        out.write_all(&head)?;
        self.write_table(&head, &mut out)?;
        for (_, text) in self.live() {
            out.write_all(text)?;
        }
        for i in self.live_order() {
            out.write_all(&i.to_le_bytes())?;
        }
        let Summing { mut inner, sum } = out.into_inner().map_err(|e| e.into_error())?;
        inner.write_all(&sum.value().to_le_bytes())?;
        Ok(inner)
    }

    /// The records that are not deleted, with their texts, in slot order.
    fn live(&self) -> impl Iterator<Item = (&Slot, &[u8])> {
        self.slots
            .iter()
            .filter_map(|slot| Some((slot, self.bytes(slot)?)))
    }

    /// Writes the record table and its checksum, which covers `head` too
    /// (summed a chunk of rows at a time, not a call per record).
    fn write_table(&self, head: &[u8], out: &mut impl Write) -> std::io::Result<()> {
        let mut table = Checksum::new();
        table.add(head);
        let mut chunk = Vec::with_capacity(ROWS_PER_CHUNK * ROW_BYTES);
        let mut records = self.live().peekable();
        while records.peek().is_some() {
            chunk.clear();
            for (slot, text) in records.by_ref().take(ROWS_PER_CHUNK) {
                chunk.push(kind_code(slot.entity).unwrap_or(u8::MAX));
                chunk.extend_from_slice(&slot.id.to_le_bytes());
                chunk.extend_from_slice(&(text.len() as u32).to_le_bytes());
                chunk.extend_from_slice(&slot.check.letters.to_le_bytes());
                chunk.extend_from_slice(&slot.check.crc.to_le_bytes());
            }
            table.add(&chunk);
            out.write_all(&chunk)?;
        }
        out.write_all(&table.value().to_le_bytes())
    }

    /// Reads a snapshot; `None` for anything but a whole, intact file of
    /// this format (never a panic, whatever the bytes).
    pub fn decode(reader: &mut impl Read, file_len: u64) -> Option<Snapshot> {
        let Head {
            identity,
            mark,
            change_id,
            rows_len,
            text_len,
            order_len,
            bytes: head,
        } = Head::decode(reader, file_len)?;
        let mut sum = Checksum::new();
        sum.add(&head);
        let rows = read_exact(reader, rows_len)?;
        sum.add(&rows);
        let table_sum: [u8; 8] = read_array(reader, &mut Vec::new())?;
        sum.add(&table_sum);
        let text = read_exact(reader, text_len)?;
        sum.add(&text);
        let order = read_exact(reader, order_len)?;
        sum.add(&order);
        let stored = u64::from_le_bytes(read_array(reader, &mut Vec::new())?);
        if stored != sum.value() {
            return None;
        }
        let slots = decode_slots(&rows, &text)?;
        let by_name = order::decode(&order, slots.len())?;
        Some(Snapshot {
            identity,
            change_id,
            mark,
            text,
            sorted: slots.len(),
            slots,
            laid_in_order: true,
            by_name,
            unplaced: Vec::new(),
        })
    }
}

/// A snapshot file's head: what it copies and how big its parts are.
struct Head {
    identity: String,
    mark: String,
    change_id: i64,
    /// Bytes of the record table, of the texts and of the name order.
    rows_len: usize,
    text_len: usize,
    order_len: usize,
    /// The head as read, for the checksum.
    bytes: Vec<u8>,
}

impl Head {
    /// Reads the head of a file of `file_len` bytes; `None` unless it is
    /// this format and its sizes add up to the file's (checked before
    /// anything is allocated for them).
    fn decode(reader: &mut impl Read, file_len: u64) -> Option<Head> {
        let mut bytes = Vec::new();
        let magic: [u8; 8] = read_array(reader, &mut bytes)?;
        let format = u32::from_le_bytes(read_array(reader, &mut bytes)?);
        if &magic != MAGIC || format != FORMAT {
            return None;
        }
        let identity = read_label(reader, &mut bytes)?;
        let mark = read_label(reader, &mut bytes)?;
        let change_id = i64::from_le_bytes(read_array(reader, &mut bytes)?);
        let count = u64::from_le_bytes(read_array(reader, &mut bytes)?);
        let text_len = u64::from_le_bytes(read_array(reader, &mut bytes)?);
        let rows_len = count.checked_mul(ROW_BYTES as u64)?;
        let order_len = count.checked_mul(order::ENTRY_BYTES as u64)?;
        let expected = (bytes.len() as u64)
            .checked_add(rows_len)?
            .checked_add(8)?
            .checked_add(text_len)?
            .checked_add(order_len)?
            .checked_add(8)?;
        if expected != file_len {
            return None;
        }
        Some(Head {
            identity,
            mark,
            change_id,
            rows_len: usize::try_from(rows_len).ok()?,
            text_len: usize::try_from(text_len).ok()?,
            order_len: usize::try_from(order_len).ok()?,
            bytes,
        })
    }
}

/// Whether every range starts and ends on a character boundary of `text`.
fn ranges_on_boundaries(text: &str, ranges: &[Range]) -> bool {
    ranges
        .iter()
        .all(|&(_, _, start, end)| text.is_char_boundary(start) && text.is_char_boundary(end))
}

/// The record table as slots, if it is one a file may hold (see
/// [`walk_rows`]).
fn decode_slots(rows: &[u8], text: &[u8]) -> Option<Vec<Slot>> {
    let mut slots = Vec::with_capacity(rows.len() / ROW_BYTES);
    walk_rows(rows, text.len(), |_, entity, id, span, check| {
        slots.push(Slot {
            entity,
            id,
            span: Some(span),
            check,
        });
    })?;
    Some(slots)
}

/// Walks the record table, checking it as a file must hold it: kinds
/// known, ids in scan order without repeats, and the texts' lengths adding
/// up to `text_len`. `each` gets every record's place in the table, kind,
/// id, text range and check; `None` at the first fault.
fn walk_rows(
    rows: &[u8],
    text_len: usize,
    mut each: impl FnMut(usize, Entity, i64, (usize, usize), TextCheck),
) -> Option<()> {
    let mut start = 0usize;
    let mut previous: Option<(u8, i64)> = None;
    for (i, row) in rows.chunks_exact(ROW_BYTES).enumerate() {
        let (entity, id, len) = parse_row(row)?;
        let end = start.checked_add(len)?;
        if end > text_len {
            return None;
        }
        let key = order_key(entity, id);
        if previous.is_some_and(|p| p >= key) {
            return None;
        }
        previous = Some(key);
        each(i, entity, id, (start, end), row_check(row)?);
        start = end;
    }
    (start == text_len).then_some(())
}

/// One row of the record table: the record's kind, id and text length.
fn parse_row(row: &[u8]) -> Option<(Entity, i64, usize)> {
    let (&code, rest) = row.split_first()?;
    let entity = kind_of(code)?;
    let id = i64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
    let len = u32::from_le_bytes(rest.get(8..12)?.try_into().ok()?) as usize;
    Some((entity, id, len))
}

/// The check one row of the record table holds of its text.
fn row_check(row: &[u8]) -> Option<TextCheck> {
    Some(TextCheck {
        letters: u64::from_le_bytes(row.get(13..21)?.try_into().ok()?),
        crc: u32::from_le_bytes(row.get(21..25)?.try_into().ok()?),
    })
}

fn read_exact(reader: &mut impl Read, len: usize) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(len);
    reader.take(len as u64).read_to_end(&mut buf).ok()?;
    (buf.len() == len).then_some(buf)
}

fn read_array<const N: usize>(reader: &mut impl Read, head: &mut Vec<u8>) -> Option<[u8; N]> {
    let mut buf = [0u8; N];
    reader.read_exact(&mut buf).ok()?;
    head.extend_from_slice(&buf);
    Some(buf)
}

fn read_label(reader: &mut impl Read, head: &mut Vec<u8>) -> Option<String> {
    let len = u32::from_le_bytes(read_array(reader, head)?) as usize;
    if len > MAX_LABEL {
        return None;
    }
    let bytes = read_exact(reader, len)?;
    head.extend_from_slice(&bytes);
    String::from_utf8(bytes).ok()
}

/// Reads the snapshot at `path`; `None` when it is missing or unreadable.
pub fn read(path: &Path) -> Option<Snapshot> {
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    Snapshot::decode(&mut std::io::BufReader::new(file), len)
}

/// Writes `snapshot` to `path` atomically (a temporary file beside it,
/// renamed over it), mode 0600, the folder 0700 if it is made.
pub fn write(path: &Path, snapshot: &Snapshot) -> std::io::Result<()> {
    write_with(path, |file| snapshot.encode_to(file).map(|_| ()))
}

/// Writes a cache file at `path` through `encode` atomically (a temporary
/// file beside it, renamed over it), mode 0600, the folder 0700 if it is
/// made: the snapshots' one way of saving.
pub(crate) fn write_with(
    path: &Path,
    encode: impl FnOnce(std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per write, not only per process: two threads of one kariz
    // (the interface's search thread and a listing) may save at once.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(&temp)
        .and_then(encode)
        .and_then(|_| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// How a snapshot was brought up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// The file covered every change.
    Current,
    /// The file was refreshed from the change log.
    Refreshed,
    /// No usable file: built from the scan.
    Rebuilt,
}

/// The search texts of `source` (the database at `db`) up to date: the
/// snapshot file at `file` if it is good, refreshed from the change log,
/// else a fresh scan. Only errors of the database itself are returned.
pub fn load(source: &dyn SearchSource, db: &Path, file: &Path) -> Result<(Snapshot, Freshness)> {
    let identity = identity_of(db, source.schema_version()?);
    let newest = source.newest_change()?;
    if let Some(mut snapshot) = read(file) {
        let file_state = (
            snapshot.identity.as_str(),
            snapshot.change_id,
            snapshot.mark.as_str(),
        );
        let records = match missed(source, (&identity, newest), file_state)? {
            Missed::Nothing => return Ok((snapshot, Freshness::Current)),
            Missed::Rows(rows) => match search::reindex_plan(&rows) {
                Reindex::Everything => None,
                Reindex::Nothing => Some(Vec::new()),
                Reindex::Records(records) => Some(records),
            },
            Missed::Unknown => None,
        };
        if let Some(records) = records {
            // Rows committed after `newest` may be applied too: a refresh
            // reads the record as it is now, so applying it again later
            // changes nothing.
            for (entity, id) in records {
                snapshot.refresh(source, entity, id)?;
            }
            snapshot.settle();
            snapshot.mark = mark_of(source, newest)?.unwrap_or_default();
            snapshot.change_id = newest;
            return Ok((snapshot, Freshness::Refreshed));
        }
    }
    Ok((rebuild(source, identity)?, Freshness::Rebuilt))
}

/// What a cache file (a snapshot, the people list) missed of the change
/// log: the one home of deciding whether such a file can be brought up to
/// date.
pub(crate) enum Missed {
    /// It covers every change.
    Nothing,
    /// These rows, oldest first, fewer than [`MAX_CHANGES`].
    Rows(Vec<crate::store::FeedChange>),
    /// Too many rows, or it is a copy of something else ([`standing`]):
    /// rebuild.
    Unknown,
}

/// What a file copying `(identity, change id, mark)` missed of the
/// database `(identity, newest change)`.
pub(crate) fn missed(
    source: &dyn SearchSource,
    database: (&str, i64),
    file: (&str, i64, &str),
) -> Result<Missed> {
    let change_id = file.1;
    Ok(match standing(source, database, file)? {
        None => Missed::Unknown,
        Some(true) => Missed::Nothing,
        Some(false) => {
            let rows = source.changes_after(change_id, MAX_CHANGES)?;
            if rows.len() >= MAX_CHANGES {
                Missed::Unknown
            } else {
                Missed::Rows(rows)
            }
        }
    })
}

/// How a file copying `(identity, change id, mark)` stands against the
/// database `(identity, newest change)`: `Some(true)` current,
/// `Some(false)` behind (to be refreshed from the change log), `None` a
/// copy of something else (another database, a newer state of a restored
/// one, or no state at all: change id 0).
fn standing(
    source: &dyn SearchSource,
    (identity, newest): (&str, i64),
    (file_identity, change_id, mark): (&str, i64, &str),
) -> Result<Option<bool>> {
    if file_identity != identity
        || change_id <= 0
        || change_id > newest
        || mark_of(source, change_id)?.as_deref() != Some(mark)
    {
        return Ok(None);
    }
    Ok(Some(change_id == newest))
}

/// The change mark of row `id`, hashed (a row's values may be long).
pub(crate) fn mark_of(source: &dyn SearchSource, id: i64) -> Result<Option<String>> {
    Ok(source
        .change_mark(id)?
        .map(|mark| format!("{id}:{:016x}", fnv1a(mark.as_bytes()))))
}

/// A snapshot from a full scan, as of the newest change before it.
fn rebuild(source: &dyn SearchSource, identity: String) -> Result<Snapshot> {
    // Read first: changes committed during the scan are covered by the
    // scan, and applying them again next time changes nothing.
    let newest = source.newest_change()?;
    let mark = mark_of(source, newest)?.unwrap_or_default();
    let mut records = source.scan_search_texts(&|_| true)?;
    records.sort_by_key(|c| order_key(c.entity, c.id));
    Ok(Snapshot::from_records(
        identity,
        newest,
        mark,
        records.into_iter().map(|c| (c.entity, c.id, c.search_text)),
    ))
}

/// The snapshot of the database at `db` in `cache_dir`, up to date (see
/// [`load`]), saved when it changed: best effort, a snapshot that cannot
/// be written is only slower next time. The CLI's search and the
/// interface's index start from it.
pub fn current(source: &dyn SearchSource, db: &Path, cache_dir: &Path) -> Result<Snapshot> {
    let file = file_for(cache_dir, db);
    let (snapshot, freshness) = load(source, db, &file)?;
    // Change id 0: nothing identifies the database's state; not kept.
    if freshness != Freshness::Current && snapshot.change_id > 0 {
        let _ = write(&file, &snapshot);
    }
    Ok(snapshot)
}

/// Searches the database at `db` through its snapshot in `cache_dir`
/// (see [`current`]). Hits are the scan's.
pub fn search(
    source: &dyn SearchSource,
    db: &Path,
    cache_dir: &Path,
    query: &str,
    limit: usize,
) -> Result<Vec<Hit>> {
    let Some(parsed) = Query::new(query) else {
        return Ok(Vec::new());
    };
    let file = file_for(cache_dir, db);
    let identity = identity_of(db, source.schema_version()?);
    let newest = source.newest_change()?;
    if let Some(hits) = stream::search(&file, &parsed, limit, |head| {
        Ok(standing(
            source,
            (&identity, newest),
            (&head.identity, head.change_id, &head.mark),
        )? == Some(true))
    })? {
        return Ok(hits);
    }
    Ok(current(source, db, cache_dir)?.search(query, limit))
}

/// Removes the snapshot of the database at `db` (after `forget`, so no
/// copy of an erased person's name stays in the cache). Missing is fine.
pub fn remove(cache_dir: &Path, db: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(file_for(cache_dir, db)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{CompanyData, PersonData};
    use crate::store::Store;

    fn sample() -> Snapshot {
        Snapshot::from_records(
            "kariz test db /x".into(),
            7,
            "7|mark".into(),
            [
                (Entity::Person, 1, "sara ahmadi\nzagros\ns@x.io".to_owned()),
                (Entity::Person, 4, "زهرا نیکنام\n\n09123456789".to_owned()),
                (Entity::Company, 2, "zagros\nzagros.ir".to_owned()),
                (Entity::Deal, 3, "renewal\nzagros\nsara ahmadi".to_owned()),
            ],
        )
    }

    fn decode(bytes: &[u8]) -> Option<Snapshot> {
        Snapshot::decode(&mut &bytes[..], bytes.len() as u64)
    }

    #[test]
    fn a_search_on_both_cores_finds_what_one_finds_in_the_same_order() {
        let names = ["sara ahmadi", "سارا احمدی", "sam rahimi", "ahmad sarrafi"];
        let records = (0..2_000i64).map(|i| {
            let name = names[i as usize % names.len()];
            (Entity::Person, i, format!("{name} {i}\nacme\n0912{i:07}"))
        });
        let snapshot = Snapshot::from_records("db".into(), 1, "m".into(), records);
        for query in ["sara", "سارا", "0912 000 01", "a", "zzqx"] {
            for limit in [1, 20, 0] {
                let one = snapshot.search_split(query, limit, usize::MAX);
                let both = snapshot.search_split(query, limit, 1);
                assert_eq!(one, both, "{query} {limit}");
            }
        }
        assert!(!snapshot.search_split("sara", 20, 1).is_empty());
    }

    #[test]
    fn a_record_that_is_not_utf8_is_left_out_and_the_buffer_is_not_handed_over() {
        let records = ["sara", "omid", "نیما"]
            .iter()
            .zip(1i64..)
            .map(|(name, id)| (Entity::Person, id, (*name).to_owned()));
        let snapshot = Snapshot::from_records("db".into(), 1, "m".into(), records);
        let buffer = snapshot.clone().into_buffer().unwrap();
        assert_eq!(buffer.text, "saraomidنیما");
        assert_eq!(buffer.ranges.len(), 3);
        assert_eq!(buffer.by_name, [1, 0, 2], "omid, sara, نیما");
        // Half of a Persian letter where "omid" was: only that record is bad.
        let mut bad = snapshot;
        bad.text[4] = 0xd9;
        assert_eq!(bad.records().count(), 2);
        assert!(bad.search("omid", 20).is_empty());
        assert_eq!(bad.search("sara", 20).len(), 1);
        let back = bad.into_buffer().unwrap_err();
        assert_eq!(back.records().count(), 2, "the snapshot comes back whole");
    }

    #[test]
    fn a_snapshot_reads_back_as_written() {
        let snapshot = sample();
        let back = decode(&snapshot.encode()).unwrap();
        assert_eq!(back, snapshot);
        assert_eq!(back.change_id(), 7);
        assert_eq!(back.len(), 4);
        assert_eq!(back.search("نیک نام", 5).first().map(|h| h.id), Some(4));
        assert_eq!(back.search("0912 345", 5).first().map(|h| h.id), Some(4));
    }

    #[test]
    fn the_name_order_follows_changes_and_equal_names_stay_in_record_order() {
        let mut snapshot = sample();
        // Person 9 and person 0 are more "sara ahmadi"s, after and before
        // person 1; person 4 is renamed to come first; the company is gone.
        snapshot.upsert(Entity::Person, 9, Some("sara ahmadi\n\n"));
        snapshot.upsert(Entity::Person, 0, Some("sara ahmadi"));
        snapshot.upsert(Entity::Person, 4, Some("aaron\n"));
        snapshot.upsert(Entity::Company, 2, None);
        snapshot.settle();
        assert_eq!(snapshot.by_name, snapshot.order_afresh());
        let at = |i: &u32| &snapshot.slots[*i as usize];
        let names: Vec<&str> = snapshot
            .by_name
            .iter()
            .map(|i| snapshot.name_at(*i as usize).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "aaron",
                "renewal",
                "sara ahmadi",
                "sara ahmadi",
                "sara ahmadi"
            ]
        );
        let ids: Vec<i64> = snapshot.by_name.iter().map(|i| at(i).id).collect();
        assert_eq!(ids, [4, 3, 0, 1, 9]);
        // Stored by live record: the gone company leaves no gap.
        let back = decode(&snapshot.encode()).unwrap();
        assert_eq!(back.by_name, back.order_afresh());
        assert_eq!(back.by_name, [2, 4, 0, 1, 3]);
    }

    #[test]
    fn an_order_that_is_not_one_place_per_record_is_refused() {
        let good = sample().encode();
        // The order sits just before the checksum: swap two of its entries
        // for a repeat, with the checksum made right again.
        let order_at = good.len() - 8 - 4 * 4;
        let mut bad = good[..good.len() - 8].to_vec();
        bad.copy_within(order_at + 4..order_at + 8, order_at);
        let mut sum = Checksum::new();
        sum.add(&bad);
        bad.extend_from_slice(&sum.value().to_le_bytes());
        assert!(decode(&bad).is_none());
        assert!(decode(&good).is_some());
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_refused() {
        let bytes = sample().encode();
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_none(), "cut at {len}");
            // A short file that claims the full length reads short too.
            let short = bytes.get(..len).unwrap();
            assert!(Snapshot::decode(&mut &short[..], bytes.len() as u64).is_none());
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            assert!(decode(&bad).is_none(), "flipped byte {at}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none(), "trailing bytes");
    }

    proptest::proptest! {
        /// However many records a refresh renames, adds or deletes at once,
        /// the order it keeps is the one a fresh sort gives.
        #[test]
        fn a_refreshed_order_is_a_fresh_sorts(
            names in proptest::collection::vec(0u8..6, 0..40),
            changes in proptest::collection::vec((0i64..50, proptest::option::of(0u8..6)), 0..30),
        ) {
            let text = |n: u8| format!("{}\nx", ["sara", "sam", "زهرا", "a", "", "sara a"][n as usize]);
            let records = names.iter().zip(0i64..).map(|(n, id)| (Entity::Person, id * 2, text(*n)));
            let mut snapshot = Snapshot::from_records("db".into(), 1, "m".into(), records);
            for (id, name) in &changes {
                snapshot.upsert(Entity::Person, *id, name.map(text).as_deref());
            }
            snapshot.settle();
            proptest::prop_assert_eq!(&snapshot.by_name, &snapshot.order_afresh());
            let back = decode(&snapshot.encode()).unwrap();
            proptest::prop_assert_eq!(&back.by_name, &back.order_afresh());
        }

        /// Whatever the file holds, reading it never panics.
        #[test]
        fn any_bytes_are_read_safely(mut bytes in proptest::collection::vec(0u8..=255, 0..200), keep in 0usize..100) {
            let good = sample().encode();
            let _ = decode(&bytes);
            // A good head with a random tail.
            let mut mixed = good.get(..keep.min(good.len())).unwrap_or_default().to_vec();
            mixed.append(&mut bytes);
            let _ = decode(&mixed);
        }
    }

    fn person(w: &mut crate::store::Writer<'_>, name: &str, company: Option<i64>) -> i64 {
        w.add_person(PersonData {
            name: name.into(),
            company_id: company,
            ..PersonData::default()
        })
        .unwrap()
    }

    fn rename_person(store: &mut Store, id: i64, name: &str) {
        store
            .write(chrono::Utc::now(), |w| {
                let p = w.person(id)?;
                let mut data = p.data.clone();
                data.name = name.into();
                w.update_person(id, p.version, data)
            })
            .unwrap();
    }

    /// The snapshot's hits equal the scan's for these queries, and its name
    /// order is the one a fresh sort gives, in memory and read back.
    fn same_as_scan(store: &Store, snapshot: &Snapshot) {
        assert_eq!(snapshot.by_name, snapshot.order_afresh(), "name order");
        let back = decode(&snapshot.encode()).unwrap();
        assert_eq!(back.by_name, back.order_afresh(), "name order read back");
        for query in ["sara", "s", "zagros", "omid", "reza", "acme", "ra", "a"] {
            assert_eq!(
                snapshot.search(query, 20),
                search::search(store, query, 20).unwrap(),
                "{query}"
            );
        }
    }

    #[test]
    fn the_file_follows_the_change_log_and_is_rebuilt_when_it_cannot() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        let file = dir.path().join("cache").join("s.snapshot");
        let mut store = Store::open(&db, Config::default_config(), "t").unwrap();
        let (sara, company) = store
            .write(chrono::Utc::now(), |w| {
                let company = w.add_company(CompanyData {
                    name: "Zagros".into(),
                    ..CompanyData::default()
                })?;
                let sara = person(w, "Sara Ahmadi", Some(company));
                person(w, "Reza Karimi", None);
                Ok((sara, company))
            })
            .unwrap();
        let (first, how) = load(&store, &db, &file).unwrap();
        assert_eq!(how, Freshness::Rebuilt, "no file yet");
        write(&file, &first).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(load(&store, &db, &file).unwrap().1, Freshness::Current);

        // A person renamed, one added, one deleted: refreshed one by one.
        rename_person(&mut store, sara, "Omid Sara");
        let added = store
            .write(chrono::Utc::now(), |w| Ok(person(w, "Acme Buyer", None)))
            .unwrap();
        let (snapshot, how) = load(&store, &db, &file).unwrap();
        assert_eq!(how, Freshness::Refreshed);
        assert_eq!(snapshot.change_id(), store.last_change_id().unwrap());
        same_as_scan(&store, &snapshot);
        write(&file, &snapshot).unwrap();
        store
            .write(chrono::Utc::now(), |w| w.delete_person(added, None, false))
            .unwrap();
        let (snapshot, how) = load(&store, &db, &file).unwrap();
        assert_eq!(how, Freshness::Refreshed);
        assert!(snapshot.search("acme", 5).is_empty());
        same_as_scan(&store, &snapshot);
        write(&file, &snapshot).unwrap();

        // A company renamed reaches its people's texts (and its deals'):
        // they are read again with it, not the whole database.
        store
            .write(chrono::Utc::now(), |w| {
                w.add_deal(crate::model::DealData {
                    title: "Renewal".into(),
                    company_id: Some(company),
                    pipeline: "sales".into(),
                    stage: "Lead".into(),
                    currency: "USD".into(),
                    ..crate::model::DealData::default()
                })?;
                let c = w.company(company)?;
                let mut data = c.data.clone();
                data.name = "Acme".into();
                w.update_company(company, c.version, data)
            })
            .unwrap();
        let (snapshot, how) = load(&store, &db, &file).unwrap();
        assert_eq!(how, Freshness::Refreshed);
        same_as_scan(&store, &snapshot);
        let found = |query: &str| -> Vec<(Entity, i64)> {
            let mut hits: Vec<_> = snapshot
                .search(query, 20)
                .iter()
                .map(|h| (h.entity, h.id))
                .collect();
            hits.sort_by_key(|&(entity, id)| order_key(entity, id));
            hits
        };
        assert_eq!(found("zagros"), []);
        let acme = found("acme");
        assert!(acme.contains(&(Entity::Company, company)), "{acme:?}");
        assert!(acme.contains(&(Entity::Person, sara)), "{acme:?}");
        assert!(acme.iter().any(|(e, _)| *e == Entity::Deal), "{acme:?}");
    }

    #[test]
    fn a_file_of_another_database_or_from_its_future_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        let file = dir.path().join("s.snapshot");
        let mut store = Store::open(&db, Config::default_config(), "t").unwrap();
        store
            .write(chrono::Utc::now(), |w| Ok(person(w, "Sara", None)))
            .unwrap();
        let (good, _) = load(&store, &db, &file).unwrap();

        let mut other = good.clone();
        other.identity = identity_of(&dir.path().join("other.db"), 1);
        other.slots.clear();
        write(&file, &other).unwrap();
        let (snapshot, how) = load(&store, &db, &file).unwrap();
        assert_eq!(how, Freshness::Rebuilt, "another database's file");
        assert_eq!(snapshot.len(), 1);

        let mut future = good.clone();
        future.change_id += 5;
        future.slots.clear();
        write(&file, &future).unwrap();
        assert_eq!(load(&store, &db, &file).unwrap().1, Freshness::Rebuilt);

        // Same id, but the row there is not the one it covered (a
        // database replaced under the same name).
        let mut replaced = good.clone();
        replaced.mark = "1|someone else".into();
        replaced.slots.clear();
        write(&file, &replaced).unwrap();
        assert_eq!(load(&store, &db, &file).unwrap().1, Freshness::Rebuilt);

        std::fs::write(&file, b"KARIZSS\x01 torn").unwrap();
        let (snapshot, how) = load(&store, &db, &file).unwrap();
        assert_eq!(how, Freshness::Rebuilt, "a torn file");
        assert_eq!(snapshot.search("sara", 5).len(), 1);
    }

    #[test]
    fn an_unwritable_cache_folder_still_answers() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        let mut store = Store::open(&db, Config::default_config(), "t").unwrap();
        store
            .write(chrono::Utc::now(), |w| Ok(person(w, "Sara", None)))
            .unwrap();
        // A file where the folder should be: nothing can be written there.
        let blocked = dir.path().join("blocked");
        std::fs::write(&blocked, b"").unwrap();
        let hits = search(&store, &db, &blocked.join("kariz"), "sara", 5).unwrap();
        assert_eq!(hits.len(), 1);
    }
}
