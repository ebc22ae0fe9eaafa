//! The change feed: an open kariz learns what other processes committed by
//! reading the change log after the last row it saw.
//!
//! A [`ChangeWatcher`] owns a connection of its own and polls SQLite's
//! `PRAGMA data_version`, which changes only when another connection has
//! committed (a few microseconds per poll, no table read); only then does
//! it read the new change-log rows. The same two calls (wake-up, rows since
//! an id) are what another backend would provide (PostgreSQL: LISTEN/NOTIFY
//! and the same query).

use super::db;
use std::path::Path;

use super::db::{Connection, params};

use crate::error::Result;
use crate::model::Entity;

/// One change-log row as the feed needs it (no old/new values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedChange {
    /// Change-log row id (increasing).
    pub id: i64,
    /// Who made it.
    pub actor: String,
    /// Kind of record.
    pub entity: Entity,
    /// Its id (the first of the range for an `import` row).
    pub entity_id: i64,
    /// `create`, `update`, `delete` or `import`.
    pub op: String,
    /// The changed field (updates only).
    pub field: Option<String>,
    /// The last id of an `import` row's range.
    pub last_id: Option<i64>,
}

/// The id of the newest change-log row (0 when there is none).
pub fn last_change_id(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(NEWEST_CHANGE, [], |r| r.get(0))?)
}

/// The query for [`last_change_id`] (PostgreSQL's commit also runs it
/// when its transaction logged nothing: `pg_turns.rs`).
pub(super) const NEWEST_CHANGE: &str = "SELECT coalesce(max(id), 0) FROM changes";

/// What identifies change-log row `id` (its time, actor, record,
/// operation, field and values), `None` when there is no such row: a copy
/// of the database's texts taken after that row (the search snapshot)
/// checks it still reads the same, so a database restored or replaced
/// under the same name is noticed.
pub fn change_mark(conn: &Connection, id: i64) -> Result<Option<String>> {
    use super::db::OptionalExtension;
    Ok(conn
        .prepare_cached(
            "SELECT at, actor, entity, entity_id, op, coalesce(field, ''),
                    coalesce(old, ''), coalesce(new, '')
             FROM changes WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let mut mark = id.to_string();
            for i in 0..8 {
                mark.push('\u{1f}');
                match r.get_value(i)? {
                    db::Value::Text(text) => mark.push_str(&text),
                    db::Value::Integer(n) => mark.push_str(&n.to_string()),
                    _ => mark.push('0'),
                }
            }
            Ok(mark)
        })
        .optional()?)
}

/// The schema version (`PRAGMA user_version`).
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(i64::try_from(super::migrations::current_version(conn)?).unwrap_or(0))
}

/// Change-log rows with an id above `after`, oldest first, at most `limit`.
pub fn changes_since(conn: &Connection, after: i64, limit: usize) -> Result<Vec<FeedChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, actor, entity, entity_id, op, field, last_id FROM changes
         WHERE id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = stmt.query_map(params![after, limit], |r| {
        // Rows of the team list (`user`) are not records a view shows;
        // skipped here, they used to fail the whole read (and with it every
        // later change) as an unknown kind of record.
        let Some(entity) = Entity::parse(&r.get::<_, String>(2)?) else {
            return Ok(None);
        };
        Ok(Some(FeedChange {
            id: r.get(0)?,
            actor: r.get(1)?,
            entity,
            entity_id: r.get(3)?,
            op: r.get(4)?,
            field: r.get(5)?,
            last_id: r.get(6)?,
        }))
    })?;
    let rows = rows.collect::<db::Result<Vec<_>>>()?;
    Ok(rows.into_iter().flatten().collect())
}

/// What a poll found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poll {
    /// Nobody committed since the last poll.
    Quiet,
    /// These rows are new, oldest first.
    Changes(Vec<FeedChange>),
    /// More rows than are worth reading one by one (a big import, a long
    /// absence): reload everything; the feed has moved on to `last`.
    Flood {
        /// The newest change-log id now.
        last: i64,
    },
}

/// Watches a database file for commits by other connections.
pub struct ChangeWatcher {
    conn: Connection,
    data_version: i64,
    last_seen: i64,
    flood: usize,
}

impl ChangeWatcher {
    /// Rows read one by one per poll before the watcher reports a flood.
    pub const FLOOD: usize = 2_000;

    /// Opens its own read-only connection to `path`; rows after the
    /// current newest one are reported.
    pub fn open(path: &Path) -> Result<ChangeWatcher> {
        let conn = Self::connect(path)?;
        let data_version = data_version(&conn)?;
        let last_seen = last_change_id(&conn)?;
        Ok(ChangeWatcher {
            conn,
            data_version,
            last_seen,
            flood: Self::FLOOD,
        })
    }

    /// Opens its own read-only connection to `path`; rows after
    /// `last_seen` (the newest id the caller read before loading what it
    /// shows) are reported. So the connection may open later, on another
    /// thread: the first poll reads whatever was committed meanwhile.
    pub fn open_after(path: &Path, last_seen: i64) -> Result<ChangeWatcher> {
        Ok(ChangeWatcher {
            conn: Self::connect(path)?,
            // No commit counter matches this: the first poll reads the log.
            data_version: i64::MIN,
            last_seen,
            flood: Self::FLOOD,
        })
    }

    fn connect(path: &Path) -> Result<Connection> {
        let conn = super::open::open_read_only(path)?;
        if let Some(pg) = conn.postgres() {
            // Subscribed before the newest id is read, so nothing
            // committed in between goes unnoticed.
            pg.listen(super::pg_open::CHANGES_CHANNEL)?;
        }
        Ok(conn)
    }

    /// Waits up to `timeout` before the next [`ChangeWatcher::poll`]. On
    /// PostgreSQL it returns as soon as a commit that logged changes is
    /// announced (LISTEN/NOTIFY), so others' changes show at once; on
    /// SQLite, which announces nothing, it sleeps.
    pub fn wait(&self, timeout: std::time::Duration) -> Result<()> {
        match self.conn.postgres() {
            Some(pg) => Ok(pg.wait_for_notification(timeout)?),
            None => {
                std::thread::sleep(timeout);
                Ok(())
            }
        }
    }

    /// Sets how many rows one poll reads before calling it a flood.
    pub fn with_flood(mut self, rows: usize) -> ChangeWatcher {
        self.flood = rows.max(1);
        self
    }

    /// The newest change-log id this watcher has reported.
    pub fn last_seen(&self) -> i64 {
        self.last_seen
    }

    /// Checks for commits since the last poll: one pragma when nothing
    /// happened, the new change-log rows when something did.
    pub fn poll(&mut self) -> Result<Poll> {
        let version = data_version(&self.conn)?;
        if version == self.data_version {
            return Ok(Poll::Quiet);
        }
        self.data_version = version;
        let rows = changes_since(&self.conn, self.last_seen, self.flood)?;
        if rows.len() >= self.flood {
            let last = last_change_id(&self.conn)?;
            self.last_seen = last;
            return Ok(Poll::Flood { last });
        }
        match rows.last() {
            Some(row) => {
                self.last_seen = row.id;
                Ok(Poll::Changes(rows))
            }
            // A commit that logged nothing (a pragma, a batch of an import
            // that logs at its end).
            None => Ok(Poll::Quiet),
        }
    }
}

fn data_version(conn: &Connection) -> Result<i64> {
    // PostgreSQL has no commit counter; the newest change-log id (one
    // index probe) moves with every commit that logs, in order, since
    // writers take turns (Store::write).
    if conn.is_postgres() {
        return last_change_id(conn);
    }
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}
