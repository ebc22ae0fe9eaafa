//! Campaigns (migration 021): the records, change-logged as `campaign`,
//! and the rows behind `kariz report campaigns`. People and deals point at
//! a campaign through `campaign_id` (written with the rest of their
//! fields in people.rs and deals.rs); messages through theirs.

use super::db;
use super::db::{Connection, OptionalExtension, Row, params};
use super::{Writer, codec, found};
use crate::error::{Error, Result};
use crate::model::money;
use crate::model::{Campaign, CampaignChannel, CampaignData, DealStatus, Entity};
use crate::text::sanitize::quoted;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

const COLUMNS: &str = "id, name, channel, cost_minor, currency, starts_on, ends_on, segment, notes,
    actor, created_at, updated_at, version";

fn from_row(r: &Row<'_>) -> db::Result<Campaign> {
    let data = CampaignData {
        name: r.get(1)?,
        channel: codec::get_parsed(r, 2, CampaignChannel::parse)?,
        cost_minor: r.get(3)?,
        currency: r.get(4)?,
        starts_on: codec::get_opt_date(r, 5)?,
        ends_on: codec::get_opt_date(r, 6)?,
        segment: r.get(7)?,
        notes: r.get(8)?,
    };
    Ok(Campaign {
        id: r.get(0)?,
        cost: money::decimal_string(data.cost_minor, &data.currency),
        data,
        actor: r.get(9)?,
        created_at: codec::get_ts(r, 10)?,
        updated_at: codec::get_ts(r, 11)?,
        version: r.get(12)?,
    })
}

/// Every campaign, by name.
pub fn all(conn: &Connection) -> Result<Vec<Campaign>> {
    let sql = format!("SELECT {COLUMNS} FROM campaigns ORDER BY lower(name), id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// One campaign by id.
pub fn get(conn: &Connection, id: i64) -> Result<Campaign> {
    let sql = format!("SELECT {COLUMNS} FROM campaigns WHERE id = ?1");
    found(conn.query_row(&sql, [id], from_row), Entity::Campaign, id)
}

/// The campaign with this name (ignoring case), or this id when `key` is
/// a number and no campaign has it as its name.
pub fn find(conn: &Connection, key: &str) -> Result<Option<Campaign>> {
    let key = key.trim();
    let sql = format!("SELECT {COLUMNS} FROM campaigns WHERE lower(name) = lower(?1)");
    if let Some(c) = conn
        .prepare_cached(&sql)?
        .query_row([key], from_row)
        .optional()?
    {
        return Ok(Some(c));
    }
    match key.parse::<i64>() {
        Ok(id) => {
            let sql = format!("SELECT {COLUMNS} FROM campaigns WHERE id = ?1");
            Ok(conn
                .prepare_cached(&sql)?
                .query_row([id], from_row)
                .optional()?)
        }
        Err(_) => Ok(None),
    }
}

/// The campaign of this name or id, or an error naming it and the
/// campaigns there are.
pub fn resolve(conn: &Connection, key: &str) -> Result<Campaign> {
    if let Some(c) = find(conn, key)? {
        return Ok(c);
    }
    let names: Vec<String> = all(conn)?.into_iter().map(|c| c.data.name).collect();
    let known = if names.is_empty() {
        "there are no campaigns yet".to_string()
    } else {
        format!("campaigns: {}", names.join(", "))
    };
    Err(Error::invalid(format!(
        "no campaign {}; {known}",
        quoted(key)
    )))
}

/// How many people and deals name each campaign, by campaign id.
pub fn link_counts(conn: &Connection) -> Result<BTreeMap<i64, (i64, i64)>> {
    let mut out: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for (sql, deals) in [
        (
            "SELECT campaign_id, count(*) FROM people WHERE campaign_id IS NOT NULL GROUP BY campaign_id",
            false,
        ),
        (
            "SELECT campaign_id, count(*) FROM deals WHERE campaign_id IS NOT NULL GROUP BY campaign_id",
            true,
        ),
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (id, n) = row?;
            let slot = out.entry(id).or_default();
            if deals {
                slot.1 = n;
            } else {
                slot.0 = n;
            }
        }
    }
    Ok(out)
}

/// The figures of one campaign the report counts in a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignCounts {
    /// Distinct people sent a message for it in the period.
    pub reached: i64,
    /// People attributed to it created in the period.
    pub leads: i64,
}

/// One deal attributed to a campaign, as the campaigns report sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignDeal {
    /// The campaign.
    pub campaign_id: i64,
    /// The deal.
    pub id: i64,
    /// Open, won or lost.
    pub status: DealStatus,
    /// Value in minor units.
    pub value_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Last won or lost (UTC).
    pub closed_at: Option<DateTime<Utc>>,
}

/// People reached and leads per campaign in `[from, to)`; leads only of
/// `owner` when given.
pub fn counts(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    owner: Option<&str>,
) -> Result<BTreeMap<i64, CampaignCounts>> {
    let (from, to) = (codec::ts(from), codec::ts(to));
    let mut out: BTreeMap<i64, CampaignCounts> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT campaign_id, count(DISTINCT person_id) FROM messages
         WHERE campaign_id IS NOT NULL AND status = 'sent' AND sent_at >= ?1 AND sent_at < ?2
         GROUP BY campaign_id",
    )?;
    let rows = stmt.query_map(params![from, to], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
    for row in rows {
        let (id, n) = row?;
        out.entry(id).or_default().reached = n;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT campaign_id, count(*) FROM people
         WHERE campaign_id IS NOT NULL AND created_at >= ?1 AND created_at < ?2
           AND (?3 IS NULL OR owner = ?3)
         GROUP BY campaign_id",
    )?;
    let rows = stmt.query_map(params![from, to, owner], |r| {
        Ok((r.get::<_, i64>(0)?, r.get(1)?))
    })?;
    for row in rows {
        let (id, n) = row?;
        out.entry(id).or_default().leads = n;
    }
    Ok(out)
}

/// Deals attributed to a campaign, created or closed in `[from, to)`, of
/// `pipeline` and `owner` when given.
pub fn deals(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    pipeline: Option<&str>,
    owner: Option<&str>,
) -> Result<Vec<CampaignDeal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT campaign_id, id, status, value_minor, currency, created_at, closed_at FROM deals
         WHERE campaign_id IS NOT NULL
           AND ((created_at >= ?1 AND created_at < ?2) OR (closed_at >= ?1 AND closed_at < ?2))
           AND (?3 IS NULL OR pipeline = ?3) AND (?4 IS NULL OR owner = ?4)
         ORDER BY id",
    )?;
    let rows = stmt.query_map(
        params![codec::ts(from), codec::ts(to), pipeline, owner],
        |r| {
            Ok(CampaignDeal {
                campaign_id: r.get(0)?,
                id: r.get(1)?,
                status: codec::get_parsed(r, 2, DealStatus::parse)?,
                value_minor: r.get(3)?,
                currency: r.get(4)?,
                created_at: codec::get_ts(r, 5)?,
                closed_at: codec::get_opt_ts(r, 6)?,
            })
        },
    )?;
    Ok(rows.collect::<db::Result<_>>()?)
}

impl Writer<'_> {
    fn check_campaign(&self, data: &mut CampaignData, id: Option<i64>) -> Result<()> {
        data.validate().map_err(Error::Invalid)?;
        let money = &self.config.money;
        if !money.currencies.contains(&data.currency) {
            return Err(Error::invalid(format!(
                "currency {} is not in use; the config allows: {} (add it under [money] currencies)",
                quoted(&data.currency),
                money.currencies.join(", ")
            )));
        }
        let sql = format!("SELECT {COLUMNS} FROM campaigns WHERE lower(name) = lower(?1)");
        let same = self
            .conn()
            .prepare_cached(&sql)?
            .query_row([&data.name], from_row)
            .optional()?;
        if let Some(other) = same
            && Some(other.id) != id
        {
            return Err(Error::invalid(format!(
                "a campaign named {} already exists (campaign {}); choose another name",
                quoted(&other.data.name),
                other.id
            )));
        }
        Ok(())
    }

    /// Creates a campaign; returns its id.
    pub fn add_campaign(&mut self, mut data: CampaignData) -> Result<i64> {
        self.check_campaign(&mut data, None)?;
        let at = codec::ts(self.now);
        let id: i64 = self.conn().insert_id(
            "INSERT INTO campaigns (name, channel, cost_minor, currency, starts_on, ends_on,
                 segment, notes, created_at, updated_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            params![
                data.name,
                data.channel.as_str(),
                data.cost_minor,
                data.currency,
                data.starts_on.map(codec::date),
                data.ends_on.map(codec::date),
                data.segment,
                data.notes,
                at,
                self.actor
            ],
        )?;
        self.log_create(Entity::Campaign, id, &data)?;
        Ok(id)
    }

    /// Replaces a campaign's fields if nobody saved since `expected_version`.
    pub fn update_campaign(
        &mut self,
        id: i64,
        expected_version: i64,
        mut data: CampaignData,
    ) -> Result<()> {
        let before = get(self.conn(), id)?.data;
        self.check_campaign(&mut data, Some(id))?;
        if self.unchanged(Entity::Campaign, id, expected_version, &before, &data)? {
            return Ok(());
        }
        self.claim_version(Entity::Campaign, id, expected_version)?;
        self.conn().execute(
            "UPDATE campaigns SET name = ?1, channel = ?2, cost_minor = ?3, currency = ?4,
                 starts_on = ?5, ends_on = ?6, segment = ?7, notes = ?8, actor = ?9
             WHERE id = ?10",
            params![
                data.name,
                data.channel.as_str(),
                data.cost_minor,
                data.currency,
                data.starts_on.map(codec::date),
                data.ends_on.map(codec::date),
                data.segment,
                data.notes,
                self.actor,
                id
            ],
        )?;
        self.log_update(Entity::Campaign, id, &before, &data)?;
        Ok(())
    }

    /// Deletes a campaign. Refuses while people or deals name it, unless
    /// `unlink` is set (their `campaign_id` is cleared, each logged).
    /// Messages sent for it keep its name as text.
    pub fn delete_campaign(&mut self, id: i64, unlink: bool) -> Result<Campaign> {
        let before = get(self.conn(), id)?;
        self.unlink_or_refuse(Entity::Campaign, id, &before.data.name, unlink)?;
        self.conn()
            .execute("DELETE FROM campaigns WHERE id = ?1", [id])?;
        self.log_delete(Entity::Campaign, id, &before.data)?;
        Ok(before)
    }
}
