//! Reads of records scattered over the file: a search's hits, by id.

use super::db;
use super::open::{MMAP_SIZE, open_read_only};
use crate::error::Result;
use std::path::Path;

/// From this many ids a scattered read is split over two connections.
/// Opening the second one and its thread costs about a millisecond; a
/// hit's row costs SQLite three page reads, about 8 µs.
const SPLIT_FROM: usize = 256;

/// Runs `read`, a read of records scattered over the file (a search's
/// hits by id), with SQLite copying pages through `pread` instead of its
/// memory map; the map comes back afterwards. Mapped, every page such a
/// read touches costs a page fault that also maps its neighbours, and
/// tearing the mapping down at exit costs again: at a million people,
/// reading 2,100 hits' rows took 56 ms mapped and 30–35 ms copied. The
/// map stays for everything else, where reads walk the file in order.
/// PostgreSQL has no such choice to make.
pub(super) fn scattered<T>(conn: &db::Connection, read: impl FnOnce() -> Result<T>) -> Result<T> {
    let Some(sqlite) = conn.sqlite() else {
        return read();
    };
    sqlite.pragma_update(None, "mmap_size", 0)?;
    let result = read();
    sqlite.pragma_update(None, "mmap_size", MMAP_SIZE)?;
    result
}

/// `read` of the records of `ids` ([`scattered`]), on both cores when
/// they are many and the database is an SQLite file: the second half on
/// a read-only connection of its own, in a thread. Each record costs a
/// few page reads from anywhere in the file, so the work splits evenly;
/// at a million people a search's 2,110 hits were two fifths of it, all
/// on one core while the other waited. On PostgreSQL one statement is
/// already one round trip, and a second connection a new server process,
/// so it stays one read. If the second connection cannot be opened, this
/// one reads everything.
pub(super) fn on_both_cores<T: Send>(
    conn: &db::Connection,
    path: Option<&Path>,
    ids: &[i64],
    read: impl Fn(&db::Connection, &[i64]) -> Result<Vec<T>> + Sync,
) -> Result<Vec<T>> {
    let whole = || scattered(conn, || read(conn, ids));
    let Some(path) = path.filter(|_| ids.len() >= SPLIT_FROM && conn.sqlite().is_some()) else {
        return whole();
    };
    let Ok(second) = open_read_only(path) else {
        return whole();
    };
    let (mine, theirs) = ids.split_at(ids.len() / 2);
    let read = &read;
    std::thread::scope(|s| {
        let other = s.spawn(move || scattered(&second, || read(&second, theirs)));
        let mut found = scattered(conn, || read(conn, mine))?;
        // A panicking read is a bug; that half is read again here.
        let other = other
            .join()
            .unwrap_or_else(|_| scattered(conn, || read(conn, theirs)));
        found.extend(other?);
        Ok(found)
    })
}
