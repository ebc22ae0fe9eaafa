//! The people list snapshot: every person's listing line (the cells
//! `kariz person list` prints, with the key the list is ordered by) in one
//! file in the cache folder, so printing the whole list reads one file
//! instead of three tables.
//!
//! Like the search snapshot, the file is a cache, never trusted blindly: it
//! names the database it copies and the last change-log row it covers, the
//! same checks decide whether it is current, behind or of something else
//! (`search_snapshot::missed`), and a checksum covers everything. A
//! file that is behind is brought up to date from the change log: the
//! people changed since are read again and merged back at their places; a
//! company change (its name is on its people's lines), an import, or more
//! than [`search_snapshot::MAX_CHANGES`] rows rebuild it. Anything else is
//! rebuilt from the database. Writing is best effort, as for the search
//! snapshot.
//!
//! Layout (integers little-endian): magic, format version (u32), identity
//! and change mark (u32 length + UTF-8 each), change id (i64), line count
//! (u64), the rows' and the texts' lengths (u64 each); the rows: per line
//! in list order its id (i64), sort key (u32 length + bytes) and the byte
//! lengths (u32 each) of its six texts (name, company, phone, e-mail,
//! owner, tags joined by U+001E); every line's texts one after another
//! (UTF-8, checked once as a whole); then a checksum (u64 holding the
//! CRC-32 of everything before it).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::model::Entity;
use crate::search_snapshot::{self, Freshness, Missed};
use crate::store::{FeedChange, PersonLine, SearchSource, Store};

/// The file's first bytes.
const MAGIC: &[u8; 8] = b"KARIZPL\x01";
/// The layout version; a file of another version is rebuilt.
const FORMAT: u32 = 1;
/// Between a line's tag names in the file (a control character, which
/// tag names cannot hold: every input path refuses controls in names).
const TAG_SEPARATOR: char = '\u{1e}';
/// Longest identity or change mark accepted.
const MAX_LABEL: usize = 64 * 1024;

/// Every person's listing line of one database as of one change-log row.
#[derive(Debug, Clone, PartialEq)]
pub struct PeopleList {
    identity: String,
    change_id: i64,
    mark: String,
    count: u64,
    /// Per line, in list order (sort key, then id): its id, sort key and
    /// the byte lengths of its texts (see the layout above).
    rows: Vec<u8>,
    /// Every line's texts one after another, checked as UTF-8 once.
    text: String,
}

/// A line's texts, in the order they are stored.
const TEXTS: usize = 6;

/// One line of a [`PeopleList`], borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRef<'a> {
    pub id: i64,
    pub sort_key: &'a [u8],
    pub name: &'a str,
    pub company: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub owner: &'a str,
    /// Tag names joined by U+001E.
    tags: &'a str,
    /// The line's bytes in `rows`, and its texts together.
    row: &'a [u8],
    texts: &'a str,
}

impl<'a> LineRef<'a> {
    /// The place of this line in the list.
    pub fn order(&self) -> (&'a [u8], i64) {
        (self.sort_key, self.id)
    }

    /// The tag names, in tag order.
    pub fn tags(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let tags = self.tags;
        tags.split(TAG_SEPARATOR).filter(move |_| !tags.is_empty())
    }
}

impl PeopleList {
    /// An empty list as of change `change_id`: [`PeopleList::push`] adds
    /// lines in list order.
    fn new(identity: String, change_id: i64, mark: String) -> Self {
        PeopleList {
            identity,
            change_id,
            mark,
            count: 0,
            rows: Vec::new(),
            text: String::new(),
        }
    }

    /// Appends `line`; a line with a text too long for the layout (over
    /// 4 GiB) is left out.
    fn push(&mut self, line: &PersonLine) {
        let tags = line.tags.join(&TAG_SEPARATOR.to_string());
        let texts = [
            &line.name,
            &line.company,
            &line.phone,
            &line.email,
            &line.owner,
            &tags,
        ];
        let Some(lens) = texts
            .iter()
            .map(|t| u32::try_from(t.len()).ok())
            .collect::<Option<Vec<u32>>>()
        else {
            return;
        };
        let Ok(key_len) = u32::try_from(line.sort_key.len()) else {
            return;
        };
        self.rows.extend_from_slice(&line.id.to_le_bytes());
        self.rows.extend_from_slice(&key_len.to_le_bytes());
        self.rows.extend_from_slice(&line.sort_key);
        for (text, len) in texts.iter().zip(lens) {
            self.rows.extend_from_slice(&len.to_le_bytes());
            self.text.push_str(text);
        }
        self.count += 1;
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        usize::try_from(self.count).unwrap_or(usize::MAX)
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The lines, in list order.
    pub fn lines(&self) -> impl Iterator<Item = LineRef<'_>> {
        let mut walk = Walk {
            rows: &self.rows,
            text: &self.text,
        };
        std::iter::from_fn(move || walk.line())
    }

    /// Writes the file's bytes to `out`.
    fn encode_to<W: Write>(&self, out: W) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
        let mut sum = crc32fast::Hasher::new();
        let mut head = Vec::new();
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&FORMAT.to_le_bytes());
        for label in [&self.identity, &self.mark] {
            let len = u32::try_from(label.len()).map_err(std::io::Error::other)?;
            head.extend_from_slice(&len.to_le_bytes());
            head.extend_from_slice(label.as_bytes());
        }
        head.extend_from_slice(&self.change_id.to_le_bytes());
        head.extend_from_slice(&self.count.to_le_bytes());
        head.extend_from_slice(&(self.rows.len() as u64).to_le_bytes());
        head.extend_from_slice(&(self.text.len() as u64).to_le_bytes());
        for part in [&head, &self.rows, self.text.as_bytes()] {
            sum.update(part);
            out.write_all(part)?;
        }
        out.write_all(&u64::from(sum.finalize()).to_le_bytes())?;
        out.flush()
    }

    /// The file's bytes.
    #[cfg(test)]
    fn encode(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        let _ = self.encode_to(&mut bytes);
        bytes
    }

    /// Reads a file of `file_len` bytes; `None` unless it is whole,
    /// checked, in this layout, and every line is well formed and in list
    /// order. The rows and texts are read straight into their buffers.
    fn decode(reader: &mut impl Read, file_len: u64) -> Option<PeopleList> {
        let mut sum = crc32fast::Hasher::new();
        let mut read = |len: usize| -> Option<Vec<u8>> {
            let mut buf = Vec::new();
            buf.try_reserve_exact(len).ok()?;
            reader.take(len as u64).read_to_end(&mut buf).ok()?;
            sum.update(&buf);
            (buf.len() == len).then_some(buf)
        };
        let fixed = read(MAGIC.len() + 4)?;
        if fixed.get(..MAGIC.len())? != MAGIC || fixed.get(MAGIC.len()..)? != FORMAT.to_le_bytes() {
            return None;
        }
        let mut label = || -> Option<String> {
            let len = u32::from_le_bytes(read(4)?.try_into().ok()?) as usize;
            if len > MAX_LABEL {
                return None;
            }
            String::from_utf8(read(len)?).ok()
        };
        let identity = label()?;
        let mark = label()?;
        let numbers = read(32)?;
        let number = |at: usize| -> Option<u64> {
            Some(u64::from_le_bytes(
                numbers.get(at..at + 8)?.try_into().ok()?,
            ))
        };
        let change_id = i64::from_le_bytes(number(0)?.to_le_bytes());
        let count = number(8)?;
        let (rows_len, text_len) = (number(16)?, number(24)?);
        // The lengths must add up to the file: a corrupt length must not
        // allocate gigabytes, and nothing may follow the checksum.
        let head_len = (fixed.len() + 8 + identity.len() + mark.len() + numbers.len()) as u64;
        let declared = head_len
            .checked_add(rows_len)?
            .checked_add(text_len)?
            .checked_add(8)?;
        if declared != file_len {
            return None;
        }
        let rows = read(usize::try_from(rows_len).ok()?)?;
        let text = read(usize::try_from(text_len).ok()?)?;
        let mut stored = [0u8; 8];
        reader.read_exact(&mut stored).ok()?;
        if u64::from(sum.finalize()) != u64::from_le_bytes(stored) {
            return None;
        }
        let list = PeopleList {
            identity,
            change_id,
            mark,
            count,
            rows,
            text: String::from_utf8(text).ok()?,
        };
        list.is_whole().then_some(list)
    }

    /// [`PeopleList::decode`] of bytes in memory.
    #[cfg(test)]
    fn decode_bytes(bytes: &[u8]) -> Option<PeopleList> {
        PeopleList::decode(&mut &bytes[..], bytes.len() as u64)
    }

    /// Whether the rows describe exactly `count` lines, in list order,
    /// whose texts are the whole text and start on character boundaries.
    fn is_whole(&self) -> bool {
        let mut walk = Walk {
            rows: &self.rows,
            text: &self.text,
        };
        let mut seen = 0u64;
        let mut last: Option<(&[u8], i64)> = None;
        while let Some(line) = walk.line() {
            if last.is_some_and(|l| l >= line.order()) {
                return false;
            }
            last = Some(line.order());
            seen += 1;
        }
        seen == self.count && walk.rows.is_empty() && walk.text.is_empty()
    }

    /// Brings the lines of the people of `ids` up to date: each is taken
    /// out and, unless gone, read again and merged back at its place; the
    /// other lines are copied as they are.
    fn refresh(&mut self, store: &Store, ids: &mut Vec<i64>) -> Result<()> {
        ids.sort_unstable();
        ids.dedup();
        let mut fresh = store.person_lines_with_ids(ids)?;
        fresh.sort_unstable_by(|a, b| a.order().cmp(&b.order()));
        let mut next = PeopleList {
            identity: std::mem::take(&mut self.identity),
            change_id: self.change_id,
            mark: std::mem::take(&mut self.mark),
            count: 0,
            rows: Vec::with_capacity(self.rows.len()),
            text: String::with_capacity(self.text.len()),
        };
        let mut fresh = fresh.into_iter().peekable();
        for line in self.lines() {
            if ids.binary_search(&line.id).is_ok() {
                continue;
            }
            while let Some(changed) = fresh.next_if(|f| f.order() < line.order()) {
                next.push(&changed);
            }
            next.rows.extend_from_slice(line.row);
            next.text.push_str(line.texts);
            next.count += 1;
        }
        for changed in fresh {
            next.push(&changed);
        }
        *self = next;
        Ok(())
    }
}

/// Walks a list's rows and texts line by line.
struct Walk<'a> {
    rows: &'a [u8],
    text: &'a str,
}

impl<'a> Walk<'a> {
    /// The next line; `None` at the end, or where the rows are not whole
    /// or a text would not start or end on a character boundary.
    fn line(&mut self) -> Option<LineRef<'a>> {
        let mut reader = Reader { bytes: self.rows };
        let id = i64::from_le_bytes(reader.array()?);
        let sort_key = reader.field()?;
        let mut texts = [""; TEXTS];
        let mut at: usize = 0;
        for slot in &mut texts {
            let len = reader.u32()? as usize;
            *slot = self.text.get(at..at.checked_add(len)?)?;
            at += len;
        }
        let used = self.rows.len() - reader.bytes.len();
        let row = self.rows.get(..used)?;
        let (all, rest) = (self.text.get(..at)?, self.text.get(at..)?);
        self.rows = reader.bytes;
        self.text = rest;
        let [name, company, phone, email, owner, tags] = texts;
        Some(LineRef {
            id,
            sort_key,
            name,
            company,
            phone,
            email,
            owner,
            tags,
            row,
            texts: all,
        })
    }
}

/// Reads a file's fields in turn.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.bytes.len() {
            return None;
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(taken)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }

    fn field(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        self.take(len)
    }
}

/// What the change log since the file asks of it: the people to read
/// again, or `None` to rebuild (people or companies were imported, a range
/// of ids). A company's name is on its people's lines, so a changed
/// company's people are read again too. Other records do not show on a
/// person's line.
fn refresh_plan(store: &Store, changes: &[FeedChange]) -> Result<Option<Vec<i64>>> {
    let mut ids = Vec::new();
    for change in changes {
        match change.entity {
            _ if change.op == "import"
                && matches!(change.entity, Entity::Person | Entity::Company) =>
            {
                return Ok(None);
            }
            Entity::Person => ids.push(change.entity_id),
            Entity::Company => ids.extend(
                store
                    .texts_holding_name_of(Entity::Company, change.entity_id)?
                    .into_iter()
                    .filter(|held| held.entity == Entity::Person)
                    .map(|held| held.id),
            ),
            _ => {}
        }
    }
    Ok(Some(ids))
}

/// The file for the database at `db` in `cache_dir`, named like its search
/// snapshot.
pub fn file_for(cache_dir: &Path, db: &Path) -> PathBuf {
    let path = search_snapshot::location(db);
    let hash = search_snapshot::fnv1a(path.as_os_str().as_encoded_bytes());
    cache_dir.join(format!("people-{hash:016x}.list"))
}

/// What a file must match to be used for the database at `db`.
fn identity_of(db: &Path, schema_version: i64) -> String {
    format!(
        "{} people list {FORMAT}",
        search_snapshot::identity_of(db, schema_version)
    )
}

fn read(path: &Path) -> Option<PeopleList> {
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    // Unbuffered: the head is a handful of small reads, and the rows and
    // texts go straight from the kernel into their buffers.
    PeopleList::decode(&mut file, len)
}

/// Every person's line of `store` (the database at `db`) up to date: the
/// file at `file` if it is good, refreshed from the change log, else read
/// afresh. Only errors of the database itself are returned.
pub fn load(store: &Store, db: &Path, file: &Path) -> Result<(PeopleList, Freshness)> {
    let identity = identity_of(db, store.schema_version()?);
    let newest = store.newest_change()?;
    if let Some(mut list) = read(file) {
        let file_state = (list.identity.as_str(), list.change_id, list.mark.as_str());
        let plan = match search_snapshot::missed(store, (&identity, newest), file_state)? {
            Missed::Nothing => return Ok((list, Freshness::Current)),
            Missed::Rows(rows) => refresh_plan(store, &rows)?,
            Missed::Unknown => None,
        };
        if let Some(mut ids) = plan {
            // Rows committed after `newest` may be applied too: a refresh
            // reads the person as they are now.
            list.refresh(store, &mut ids)?;
            list.mark = search_snapshot::mark_of(store, newest)?.unwrap_or_default();
            list.change_id = newest;
            return Ok((list, Freshness::Refreshed));
        }
    }
    // Read the mark first: changes committed during the read are covered
    // by it, and applying them again next time changes nothing.
    let mark = search_snapshot::mark_of(store, newest)?.unwrap_or_default();
    Ok((afresh(store, identity, newest, mark)?, Freshness::Rebuilt))
}

/// Every person's line read from `store`, labelled as given.
fn afresh(store: &Store, identity: String, change_id: i64, mark: String) -> Result<PeopleList> {
    let mut list = PeopleList::new(identity, change_id, mark);
    store.each_person_line(&mut |line| list.push(&line))?;
    Ok(list)
}

/// Every person's line read from `store`, without a file (no cache folder,
/// or `--no-cache`).
pub fn read_afresh(store: &Store) -> Result<PeopleList> {
    afresh(store, String::new(), 0, String::new())
}

/// The lines of `lines` as a list to print (a filtered listing).
pub fn of_lines(lines: impl IntoIterator<Item = PersonLine>) -> PeopleList {
    let mut list = PeopleList::new(String::new(), 0, String::new());
    for line in lines {
        list.push(&line);
    }
    list
}

/// Every person's line of the database at `db`, through its file in
/// `cache_dir` (see [`load`]), saved when it changed: best effort.
pub fn current(store: &Store, db: &Path, cache_dir: &Path) -> Result<PeopleList> {
    let file = file_for(cache_dir, db);
    let (list, freshness) = load(store, db, &file)?;
    // Change id 0: nothing identifies the database's state; not kept.
    if freshness != Freshness::Current && list.change_id > 0 {
        let _ = search_snapshot::write_with(&file, |f| list.encode_to(f));
    }
    Ok(list)
}

/// Removes the file of the database at `db` (after `forget`, so no copy of
/// an erased person's name stays in the cache). Missing is fine.
pub fn remove(cache_dir: &Path, db: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(file_for(cache_dir, db)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
