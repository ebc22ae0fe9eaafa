//! Activities: the customer timeline.

use super::db;
use super::db::{Connection, Row, params};
use super::{Writer, codec, found};
use crate::error::{Error, Result};
use crate::model::{Activity, ActivityData, ActivityKind, Entity};

const COLUMNS: &str = "a.id, a.kind, a.subject, a.body, a.occurred_at, a.author, a.person_id,
    a.company_id, a.deal_id, a.created_at, a.updated_at, a.version, p.name, c.name, d.title";

const FROM: &str = "FROM activities a LEFT JOIN people p ON p.id = a.person_id
    LEFT JOIN companies c ON c.id = a.company_id LEFT JOIN deals d ON d.id = a.deal_id";

fn from_row(row: &Row<'_>) -> db::Result<Activity> {
    Ok(Activity {
        id: row.get(0)?,
        data: ActivityData {
            kind: codec::get_parsed(row, 1, |s| ActivityKind::parse(s).ok())?,
            subject: row.get(2)?,
            body: row.get(3)?,
            occurred_at: codec::get_ts(row, 4)?,
            author: row.get(5)?,
            person_id: row.get(6)?,
            company_id: row.get(7)?,
            deal_id: row.get(8)?,
        },
        created_at: codec::get_ts(row, 9)?,
        updated_at: codec::get_ts(row, 10)?,
        version: row.get(11)?,
        person: row.get(12)?,
        company: row.get(13)?,
        deal: row.get(14)?,
    })
}

/// One activity.
pub fn get(conn: &Connection, id: i64) -> Result<Activity> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE a.id = ?1");
    found(conn.query_row(&sql, [id], from_row), Entity::Activity, id)
}

/// Which activities to list.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Only this kind.
    pub kind: Option<ActivityKind>,
    /// Only those linked to this person.
    pub person_id: Option<i64>,
    /// Only those linked to this company (directly or through its people).
    pub company_id: Option<i64>,
    /// Only those linked to this deal.
    pub deal_id: Option<i64>,
    /// Only those recorded by this author.
    pub author: Option<String>,
    /// At most this many (0 = all).
    pub limit: usize,
}

/// Activities matching `filter`, newest first.
pub fn list(conn: &Connection, filter: &ActivityFilter) -> Result<Vec<Activity>> {
    let sql = format!(
        "SELECT {COLUMNS} {FROM}
         WHERE (?1 IS NULL OR a.kind = ?1) AND (?2 IS NULL OR a.person_id = ?2)
           AND (?3 IS NULL OR a.company_id = ?3 OR p.company_id = ?3)
           AND (?4 IS NULL OR a.deal_id = ?4) AND (?5 IS NULL OR a.author = ?5)
         ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?6"
    );
    let limit = if filter.limit == 0 {
        -1
    } else {
        i64::try_from(filter.limit).unwrap_or(-1)
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            filter.kind.map(ActivityKind::as_str),
            filter.person_id,
            filter.company_id,
            filter.deal_id,
            filter.author,
            limit
        ],
        from_row,
    )?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

impl Writer<'_> {
    fn check_activity(&self, data: &mut ActivityData) -> Result<()> {
        data.validate().map_err(Error::Invalid)?;
        self.require(Entity::Person, data.person_id)?;
        self.require(Entity::Company, data.company_id)?;
        self.require(Entity::Deal, data.deal_id)
    }

    /// Records an activity; returns the new id.
    pub fn add_activity(&mut self, mut data: ActivityData) -> Result<i64> {
        data.require_link()
            .map_err(|e| Error::rejected(e, crate::error::Remedy::Link))?;
        self.check_activity(&mut data)?;
        let id: i64 = self.conn().insert_id(
            "INSERT INTO activities (id, kind, subject, body, occurred_at, author, person_id,
                    company_id, deal_id, created_at, updated_at)
                 VALUES (?10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![
                data.kind.as_str(),
                data.subject,
                data.body,
                codec::ts(data.occurred_at),
                data.author,
                data.person_id,
                data.company_id,
                data.deal_id,
                codec::ts(self.now),
                self.take_restore_id(),
            ],
        )?;
        self.log_create(Entity::Activity, id, &data)?;
        Ok(id)
    }

    /// Replaces an activity's fields if nobody saved since `expected_version`.
    pub fn update_activity(
        &mut self,
        id: i64,
        expected_version: i64,
        mut data: ActivityData,
    ) -> Result<()> {
        let before = get(self.conn(), id)?.data;
        self.check_activity(&mut data)?;
        if self.unchanged(Entity::Activity, id, expected_version, &before, &data)? {
            return Ok(());
        }
        self.claim_version(Entity::Activity, id, expected_version)?;
        self.conn()
            .prepare_cached(
                "UPDATE activities SET kind = ?1, subject = ?2, body = ?3, occurred_at = ?4,
                    author = ?5, person_id = ?6, company_id = ?7, deal_id = ?8
                 WHERE id = ?9",
            )?
            .execute(params![
                data.kind.as_str(),
                data.subject,
                data.body,
                codec::ts(data.occurred_at),
                data.author,
                data.person_id,
                data.company_id,
                data.deal_id,
                id
            ])?;
        self.log_update(Entity::Activity, id, &before, &data)?;
        Ok(())
    }

    /// Deletes an activity.
    pub fn delete_activity(&mut self, id: i64, expected_version: Option<i64>) -> Result<()> {
        let before = get(self.conn(), id)?;
        if let Some(v) = expected_version {
            self.claim_version(Entity::Activity, id, v)?;
        }
        self.conn()
            .execute("DELETE FROM activities WHERE id = ?1", [id])?;
        self.log_delete(Entity::Activity, id, &before.data)?;
        Ok(())
    }
}
