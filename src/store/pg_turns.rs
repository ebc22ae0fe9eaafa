//! How writers on PostgreSQL share the database without waiting for each
//! other longer than they must.
//!
//! SQLite lets one writer in at a time, which also makes the change log's
//! ids commit in order: a reader that has seen id N has seen everything
//! before it. On PostgreSQL writers run side by side; what they still do in
//! turn is small:
//!
//! - **Placing the change log** ([`seal_changes`]): a change row gets a
//!   provisional negative id while its transaction works (`pg_open.rs`),
//!   and just before the commit the writer takes [`Turn::ChangeLog`] and
//!   renumbers its rows after the last committed one. The lock is released
//!   only after the commit is visible, so ids still become visible in
//!   order and the change feed (`feed.rs`) misses nothing.
//! - **Numbering** ([`Turn::Numbers`]): a case's, quote's or invoice's
//!   next number of the year is read and taken in turn.
//! - **Everything** ([`Turn::ChangeLog`] for the whole transaction): an
//!   import names its new companies' ids before inserting them.
//! - **A record read to be changed** ([`hold_row`]): the writer's reads
//!   "as stored now" lock the row first, so a field-level merge is made
//!   onto the newest committed version and cannot be overtaken before its
//!   write, as on SQLite.

use super::db::Connection;
use crate::error::Result;

/// What a writer waits its turn for (an advisory lock per kind, held to
/// the end of the transaction).
#[derive(Debug, Clone, Copy)]
pub(super) enum Turn {
    /// The change log's order; held from the placing of a transaction's
    /// change rows to its commit, or for a whole import or copy.
    ChangeLog,
    /// The per-year numbers of cases, quotes, orders and invoices.
    Numbers,
}

impl Turn {
    fn key(self) -> i64 {
        match self {
            Turn::ChangeLog => 7_151_001,
            Turn::Numbers => 7_151_002,
        }
    }
}

/// Waits for `turn` (PostgreSQL; SQLite's writer already has the file).
pub(super) fn take(conn: &Connection, turn: Turn) -> Result<()> {
    if conn.is_postgres() {
        conn.execute_batch(&format!("SELECT pg_advisory_xact_lock({})", turn.key()))?;
    }
    Ok(())
}

/// Locks row `id` of `table` until the transaction ends (PostgreSQL), so
/// what is read of it next is the newest committed version and stays so.
pub(super) fn hold_row(conn: &Connection, table: &str, id: i64) -> Result<()> {
    if conn.is_postgres() {
        conn.prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1 FOR UPDATE"))?
            .query_map([id], |_| Ok(()))?
            .for_each(drop);
    }
    Ok(())
}

/// This transaction's provisional change rows: another's are not visible
/// before it commits, and a committed one is never negative unless written
/// by hand at a prompt. (Not filtered on `xmin`: the rows a rule's action
/// wrote under a savepoint carry the savepoint's transaction id.) Under
/// roles, the row policy lets a writer place only rows under its own name
/// (`roles.sql`); one it may not is left out and its number is a gap.
const PENDING: &str = "FROM changes WHERE id < 0";

/// Gives this transaction's change rows their places after the last
/// committed one, in the order they were written, and returns the ids
/// `(before, last]` they took (`before == last`: none). Call last before
/// the commit: the turn is held until it.
///
/// The provisional ids count down (-1 written first, -2 next, with other
/// transactions' in between), so `first + (newest - id)` keeps the writing
/// order in one UPDATE over the primary key's negative range; the numbers
/// other transactions held are gaps, as ids of rolled-back rows are.
pub(super) fn seal_changes(conn: &Connection) -> Result<(i64, i64)> {
    let (count, newest, oldest): (i64, Option<i64>, Option<i64>) = conn.query_row(
        &format!("SELECT count(*), max(id), min(id) {PENDING}"),
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (Some(newest), Some(oldest)) = (newest, oldest) else {
        let last = super::feed::last_change_id(conn)?;
        return Ok((last, last));
    };
    debug_assert!(count > 0);
    take(conn, Turn::ChangeLog)?;
    // Only a sealing writer moves this sequence, and it holds the turn:
    // the next value and the last one taken, in one round trip.
    let spread = newest - oldest;
    let last: i64 = conn.query_row(
        "SELECT setval(pg_get_serial_sequence('changes', 'id'),
                       nextval(pg_get_serial_sequence('changes', 'id')) + ?1)",
        [spread],
        |r| r.get(0),
    )?;
    let first = last - spread;
    conn.execute(
        "UPDATE changes SET id = ?1 + (?2 - id) WHERE id < 0",
        [first, newest],
    )?;
    Ok((first - 1, last))
}
