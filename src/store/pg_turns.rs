//! How writers on PostgreSQL share the database without waiting for each
//! other longer than they must.
//!
//! SQLite lets one writer in at a time, which also makes the change log's
//! ids commit in order: a reader that has seen id N has seen everything
//! before it. On PostgreSQL writers run side by side; what they still do in
//! turn is small:
//!
//! - **Placing the change log** ([`seal_and_commit`]): a change row gets a
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

use super::db::{Connection, Transaction};
use crate::error::{Error, Result};

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
/// committed one, in the order they were written, and commits; returns the
/// ids `(before, last]` they took (`before == last`: none). See
/// [`SEAL_AND_COMMIT`].
pub(super) fn seal_and_commit(tx: Transaction<'_>) -> Result<(i64, i64)> {
    let row = tx.commit_after(&SEAL_AND_COMMIT)?;
    let id = |n: usize| -> Result<i64> {
        let text = row
            .as_ref()
            .and_then(|r| r.get(n))
            .and_then(Option::as_deref);
        text.and_then(|t| t.parse().ok()).ok_or_else(|| {
            Error::Database(format!(
                "placing the change log returned {row:?}, not two ids"
            ))
        })
    };
    Ok((id(0)?, id(1)?))
}

/// The statements [`seal_and_commit`] runs before the COMMIT, all in the
/// commit's round trip, so [`Turn::ChangeLog`] is held for the server's
/// work alone: it was held across three round trips more, which across a
/// network every other writer's commit waited for.
///
/// The turn is taken only when there are rows to place. The provisional
/// ids count down (-1 written first, -2 next, with other transactions' in
/// between), so `first + (newest - id)` keeps the writing order in one
/// UPDATE over the primary key's negative range; the numbers other
/// transactions held are gaps, as ids of rolled-back rows are. Only a
/// sealing writer moves the sequence, and it holds the turn: the next value
/// and the last one taken come from one `setval`. With nothing to place,
/// both ids are the newest committed one.
static SEAL_AND_COMMIT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT pg_advisory_xact_lock({turn}) {PENDING} LIMIT 1;
         WITH pending AS (
             SELECT max(id) AS newest, max(id) - min(id) AS spread {PENDING} HAVING count(*) > 0),
         placed AS (
             SELECT setval(pg_get_serial_sequence('changes', 'id'),
                           nextval(pg_get_serial_sequence('changes', 'id')) + spread) AS last,
                    newest, spread
             FROM pending),
         moved AS (
             UPDATE changes SET id = placed.last - placed.spread + (placed.newest - changes.id)
             FROM placed WHERE changes.id < 0)
         SELECT coalesce((SELECT last - spread - 1 FROM placed), newest_committed),
                coalesce((SELECT last FROM placed), newest_committed)
         FROM ({newest}) AS committed(newest_committed)",
        turn = Turn::ChangeLog.key(),
        newest = super::feed::NEWEST_CHANGE
    )
});
