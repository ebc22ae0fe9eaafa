//! Notifications (migration 017): written once per key, change-logged as
//! entity `notification` so the owner's open kariz wakes and shows it on
//! its message line, then marks it seen.

use super::db;
use super::db::{Connection, OptionalExtension, Row, params};
use super::{Store, Writer, codec};
use crate::error::{Error, Result};
use crate::model::{Entity, Notification, NotificationData};
use chrono::{DateTime, Utc};

const COLUMNS: &str = "id, login, key, text, at, seen_at";

fn from_row(row: &Row<'_>) -> db::Result<Notification> {
    Ok(Notification {
        id: row.get(0)?,
        data: NotificationData {
            login: row.get(1)?,
            key: row.get(2)?,
            text: row.get(3)?,
        },
        at: codec::get_ts(row, 4)?,
        seen_at: codec::get_opt_ts(row, 5)?,
    })
}

fn unseen(conn: &Connection, login: &str) -> Result<Vec<Notification>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications WHERE login = ?1 AND seen_at IS NULL ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([login], from_row)?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

fn delivered(conn: &Connection, key: &str) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM notifications WHERE key = ?1",
        [key],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

impl Writer<'_> {
    /// Delivers `data` unless a notification with its key was delivered
    /// before (by anyone, in any process): returns the new id, or `None`.
    pub fn notify(&mut self, data: NotificationData) -> Result<Option<i64>> {
        data.validate().map_err(Error::Invalid)?;
        let now = codec::ts(self.now);
        let id: Option<i64> = self
            .conn()
            .prepare_cached(
                "INSERT INTO notifications (login, key, text, at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?4) ON CONFLICT (key) DO NOTHING RETURNING id",
            )?
            .query_row(params![data.login, data.key, data.text, now], |r| r.get(0))
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        self.log_create(Entity::Notification, id, &data)?;
        Ok(Some(id))
    }

    /// Marks notifications as shown. Not change-logged: seeing one changes
    /// nothing another kariz shows.
    pub fn mark_seen(&mut self, ids: &[i64]) -> Result<()> {
        let now = codec::ts(self.now);
        let mut stmt = self.conn().prepare_cached(
            "UPDATE notifications SET seen_at = ?1 WHERE id = ?2 AND seen_at IS NULL",
        )?;
        for id in ids {
            stmt.execute(params![now, id])?;
        }
        Ok(())
    }
}

impl Store {
    /// `login`'s notifications not shown yet, oldest first.
    pub fn unseen_notifications(&self, login: &str) -> Result<Vec<Notification>> {
        unseen(&self.conn, login)
    }

    /// Whether a notification with `key` was delivered.
    pub fn notification_delivered(&self, key: &str) -> Result<bool> {
        delivered(&self.conn, key)
    }

    /// Notifications delivered at or after `since`, oldest first.
    pub fn notifications_since(&self, since: DateTime<Utc>) -> Result<Vec<Notification>> {
        let sql = format!("SELECT {COLUMNS} FROM notifications WHERE at >= ?1 ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([codec::ts(since)], from_row)?;
        Ok(rows.collect::<db::Result<Vec<_>>>()?)
    }
}
