//! Deals: reads, writes and the stage history.

use super::db;
use super::db::{Connection, Row, params};
use super::filters::{Filters, limit_sql};
use super::{Writer, codec, found, tags};
use crate::config::{FieldEntity, Pipeline, StageKind};
use crate::error::{Error, Result};
use crate::model::money;
use crate::model::{Deal, DealData, DealStatus, Entity, StageMove};

const COLUMNS: &str =
    "d.id, d.title, d.pipeline, d.stage, d.value_minor, d.currency, d.probability,
    d.expected_close, d.person_id, d.company_id, d.owner, d.status, d.lost_reason, d.notes,
    d.custom, d.stage_entered_at, d.closed_at, d.created_at, d.updated_at, d.version,
    p.name, c.name, d.campaign_id";

const FROM: &str = "FROM deals d LEFT JOIN people p ON p.id = d.person_id
    LEFT JOIN companies c ON c.id = d.company_id";

fn from_row(row: &Row<'_>) -> db::Result<Deal> {
    let data = DealData {
        title: row.get(1)?,
        pipeline: row.get(2)?,
        stage: row.get(3)?,
        value_minor: row.get(4)?,
        currency: row.get(5)?,
        probability: row.get(6)?,
        expected_close: codec::get_opt_date(row, 7)?,
        person_id: row.get(8)?,
        company_id: row.get(9)?,
        owner: row.get(10)?,
        lost_reason: row.get(12)?,
        notes: row.get(13)?,
        custom: codec::get_custom(row, 14)?,
        campaign_id: row.get(22)?,
        tags: Vec::new(),
    };
    Ok(Deal {
        id: row.get(0)?,
        value: money::decimal_string(data.value_minor, &data.currency),
        status: codec::get_parsed(row, 11, DealStatus::parse)?,
        stage_entered_at: codec::get_ts(row, 15)?,
        closed_at: codec::get_opt_ts(row, 16)?,
        created_at: codec::get_ts(row, 17)?,
        updated_at: codec::get_ts(row, 18)?,
        version: row.get(19)?,
        person: row.get(20)?,
        company: row.get(21)?,
        data,
    })
}

/// One deal with its tags.
pub fn get(conn: &Connection, id: i64) -> Result<Deal> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE d.id = ?1");
    let mut deal = found(conn.query_row(&sql, [id], from_row), Entity::Deal, id)?;
    deal.data.tags = tags::load(conn, Entity::Deal, id)?;
    Ok(deal)
}

/// Which deals to list.
#[derive(Debug, Clone, Default)]
pub struct DealFilter {
    /// Only this pipeline.
    pub pipeline: Option<String>,
    /// Only this stage.
    pub stage: Option<String>,
    /// Only open, won or lost deals.
    pub status: Option<DealStatus>,
    /// Only those owned by this user.
    pub owner: Option<String>,
    /// Only those of this person.
    pub person_id: Option<i64>,
    /// Only those of this company (directly or through its people).
    pub company_id: Option<i64>,
    /// Only those carrying this tag.
    pub tag: Option<String>,
    /// At most this many (0 = all).
    pub limit: usize,
    /// Only those a segment selects.
    pub segment: Option<super::Where>,
}

/// Deals matching `filter`, oldest in their stage first.
pub fn list(conn: &Connection, filter: &DealFilter) -> Result<Vec<Deal>> {
    let mut f = Filters::default();
    if let Some(pipeline) = &filter.pipeline {
        f.add_on(pipeline.as_str(), |n| format!("d.pipeline = ?{n}"));
    }
    if let Some(stage) = &filter.stage {
        f.add_on(stage.as_str(), |n| format!("d.stage = ?{n}"));
    }
    if let Some(status) = filter.status {
        f.add_on(status.as_str(), |n| format!("d.status = ?{n}"));
    }
    if let Some(owner) = &filter.owner {
        f.add_on(owner.as_str(), |n| format!("d.owner = ?{n}"));
    }
    if let Some(person) = filter.person_id {
        f.add_on(person, |n| format!("d.person_id = ?{n}"));
    }
    if let Some(company) = filter.company_id {
        f.add_on(company, |n| {
            format!("(d.company_id = ?{n} OR p.company_id = ?{n})")
        });
    }
    if let Some(tag) = &filter.tag {
        f.add_tag(Entity::Deal, "d.id", tag);
    }
    f.add_segment(filter.segment.as_ref(), super::Target::Deal)?;
    // 0 is "every deal": no LIMIT at all.
    let limit = match filter.limit {
        0 => usize::MAX,
        n => n,
    };
    let sql = format!(
        "SELECT {COLUMNS} {FROM} {} ORDER BY d.pipeline, d.stage_entered_at, d.id{}",
        f.where_sql(),
        limit_sql(limit)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(db::params_from_iter(f.values), from_row)?;
    let mut deals = rows.collect::<db::Result<Vec<_>>>()?;
    // One query for all the tags, not one per deal: on PostgreSQL each is
    // a round trip, and a board loads every open deal.
    let ids: Vec<i64> = deals.iter().map(|d| d.id).collect();
    let mut tags = tags::load_many(conn, Entity::Deal, &ids)?;
    for deal in &mut deals {
        deal.data.tags = tags.remove(&deal.id).unwrap_or_default();
    }
    Ok(deals)
}

/// A deal's stage history, oldest first.
pub fn history(conn: &Connection, deal_id: i64) -> Result<Vec<StageMove>> {
    let mut stmt = conn.prepare_cached(
        "SELECT deal_id, from_stage, to_stage, at, actor FROM deal_stage_history
         WHERE deal_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([deal_id], |r| {
        Ok(StageMove {
            deal_id: r.get(0)?,
            from_stage: r.get(1)?,
            to_stage: r.get(2)?,
            at: codec::get_ts(r, 3)?,
            actor: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

fn status_of(kind: StageKind) -> DealStatus {
    match kind {
        StageKind::Open => DealStatus::Open,
        StageKind::Won => DealStatus::Won,
        StageKind::Lost => DealStatus::Lost,
    }
}

impl Writer<'_> {
    fn pipeline_named(&self, name: &str) -> Result<&Pipeline> {
        self.config.pipeline(name).ok_or_else(|| {
            let names: Vec<&str> = self
                .config
                .pipelines
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            Error::invalid(format!(
                "pipeline {} is not in the config; pipelines: {}",
                crate::text::sanitize::quoted(name),
                names.join(", ")
            ))
        })
    }

    /// Checks a deal against the config and fills in canonical names;
    /// returns the status its stage implies.
    fn check_deal(&self, data: &mut DealData, before: Option<&DealData>) -> Result<DealStatus> {
        data.validate().map_err(Error::Invalid)?;
        self.check_owner(
            data.owner.as_deref(),
            before.and_then(|b| b.owner.as_deref()),
        )?;
        let pipeline = self.pipeline_named(&data.pipeline)?;
        data.pipeline = pipeline.name.clone();
        let stage = if data.stage.trim().is_empty() {
            pipeline.first_open_stage()
        } else {
            pipeline.stage(&data.stage).ok_or_else(|| {
                Error::invalid(format!(
                    "stage {} is not in pipeline {}; stages: {}",
                    crate::text::sanitize::quoted(&data.stage),
                    crate::text::sanitize::quoted(&pipeline.name),
                    pipeline.stage_names().join(", ")
                ))
            })?
        };
        data.stage = stage.name.clone();
        let money = &self.config.money;
        if !money.currencies.contains(&data.currency) {
            return Err(Error::invalid(format!(
                "currency {} is not in use; the config allows: {} (add it under [money] currencies)",
                crate::text::sanitize::quoted(&data.currency),
                money.currencies.join(", ")
            )));
        }
        if stage.kind == StageKind::Lost {
            if data
                .lost_reason
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
            {
                return Err(Error::LostReasonRequired {
                    stage: stage.name.clone(),
                });
            }
            // A new reason given as a listed one's label, in any language,
            // is stored by that reason's name (the lost report groups by it).
            if data.lost_reason != before.and_then(|b| b.lost_reason.clone()) {
                data.lost_reason = data
                    .lost_reason
                    .as_deref()
                    .map(|r| pipeline.canonical_lost_reason(r));
            }
        } else {
            // Only a lost deal has a lost reason; when a deal is reopened the
            // change log keeps the old one.
            data.lost_reason = None;
        }
        self.require(Entity::Person, data.person_id)?;
        self.require(Entity::Company, data.company_id)?;
        self.require(Entity::Campaign, data.campaign_id)?;
        self.check_custom(FieldEntity::Deal, before.map(|b| &b.custom), &data.custom)?;
        Ok(status_of(stage.kind))
    }

    fn record_move(&self, deal_id: i64, from: Option<&str>, to: &str) -> Result<i64> {
        let id: i64 = self.conn().insert_id(
            "INSERT INTO deal_stage_history (deal_id, from_stage, to_stage, at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            params![deal_id, from, to, codec::ts(self.now), self.actor()],
        )?;
        Ok(id)
    }

    fn closed_at(&self, status: DealStatus) -> Option<String> {
        (status != DealStatus::Open).then(|| codec::ts(self.now))
    }

    /// Creates a deal in its stage (the pipeline's first open stage when
    /// empty) and starts its stage history; returns the new id.
    pub fn add_deal(&mut self, mut data: DealData) -> Result<i64> {
        let status = self.check_deal(&mut data, None)?;
        let now = codec::ts(self.now);
        let id: i64 = self.conn()
            .insert_id("INSERT INTO deals (id, title, pipeline, stage, value_minor, currency, probability,
                    expected_close, person_id, company_id, owner, status, lost_reason, notes,
                    custom, stage_entered_at, closed_at, created_at, updated_at, campaign_id)
                 VALUES (?17, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?15, ?15, ?18)", params![
                data.title,
                data.pipeline,
                data.stage,
                data.value_minor,
                data.currency,
                data.probability,
                data.expected_close.map(codec::date),
                data.person_id,
                data.company_id,
                data.owner,
                status.as_str(),
                data.lost_reason,
                data.notes,
                codec::custom(&data.custom)?,
                now,
                self.closed_at(status),
                self.take_restore_id(),
                data.campaign_id,
            ])?;
        tags::replace(self.conn(), Entity::Deal, id, &data.tags)?;
        let entered = self.record_move(id, None, &data.stage)?;
        self.log_create(Entity::Deal, id, &data)?;
        self.deal_entered(id, entered)?;
        Ok(id)
    }

    /// Replaces a deal's fields if nobody saved since `expected_version`.
    /// A stage change is a move: it lands in the stage history.
    pub fn update_deal(&mut self, id: i64, expected_version: i64, data: DealData) -> Result<()> {
        let before = get(self.conn(), id)?;
        self.update_deal_over(id, expected_version, before, data)
    }

    /// [`Writer::update_deal`] over the stored record `before`, already read
    /// in this transaction (a patch reads it to merge onto).
    pub(super) fn update_deal_over(
        &mut self,
        id: i64,
        expected_version: i64,
        before: Deal,
        mut data: DealData,
    ) -> Result<()> {
        let status = self.check_deal(&mut data, Some(&before.data))?;
        if self.unchanged(Entity::Deal, id, expected_version, &before.data, &data)? {
            return Ok(());
        }
        self.claim_version(Entity::Deal, id, expected_version)?;
        let moved = before.data.stage != data.stage || before.data.pipeline != data.pipeline;
        let (entered, closed) = if moved {
            (codec::ts(self.now), self.closed_at(status))
        } else {
            (
                codec::ts(before.stage_entered_at),
                before.closed_at.map(codec::ts),
            )
        };
        self.conn()
            .prepare_cached(
                "UPDATE deals SET title = ?1, pipeline = ?2, stage = ?3, value_minor = ?4,
                    currency = ?5, probability = ?6, expected_close = ?7, person_id = ?8,
                    company_id = ?9, owner = ?10, status = ?11, lost_reason = ?12, notes = ?13,
                    custom = ?14, stage_entered_at = ?15, closed_at = ?16, campaign_id = ?18
                 WHERE id = ?17",
            )?
            .execute(params![
                data.title,
                data.pipeline,
                data.stage,
                data.value_minor,
                data.currency,
                data.probability,
                data.expected_close.map(codec::date),
                data.person_id,
                data.company_id,
                data.owner,
                status.as_str(),
                data.lost_reason,
                data.notes,
                codec::custom(&data.custom)?,
                entered,
                closed,
                id,
                data.campaign_id
            ])?;
        if before.data.tags != data.tags {
            tags::replace(self.conn(), Entity::Deal, id, &data.tags)?;
        }
        let entered = if moved {
            Some(self.record_move(id, Some(&before.data.stage), &data.stage)?)
        } else {
            None
        };
        self.log_update(Entity::Deal, id, &before.data, &data)?;
        if let Some(entered) = entered {
            self.deal_entered(id, entered)?;
        }
        Ok(())
    }

    /// Moves a deal to `stage` of its pipeline. `expected_version` `None`
    /// means "whatever is current" (scripts that did not read it first).
    pub fn move_deal(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        stage: &str,
        lost_reason: Option<String>,
    ) -> Result<()> {
        self.hold(Entity::Deal, id)?;
        let deal = get(self.conn(), id)?;
        let expected = expected_version.unwrap_or(deal.version);
        let mut data = deal.data.clone();
        data.stage = stage.to_string();
        data.lost_reason = lost_reason;
        let pipeline = self.pipeline_named(&data.pipeline)?;
        if let Some(target) = pipeline.stage(stage)
            && target.name == deal.data.stage
        {
            return Err(Error::invalid(format!(
                "deal {id} is already in stage {:?}",
                target.name
            )));
        }
        self.update_deal(id, expected, data)
    }

    /// The name of the pipeline's won or lost stage for a deal.
    fn closing_stage(&self, deal: &Deal, kind: StageKind) -> Result<String> {
        let pipeline = self.pipeline_named(&deal.data.pipeline)?;
        let stage = match kind {
            StageKind::Won => pipeline.won_stage(),
            _ => pipeline.lost_stage(),
        };
        stage.map(|s| s.name.clone()).ok_or_else(|| {
            Error::invalid(format!(
                "pipeline {} has no {} stage; move the deal with `kariz deal move` instead",
                crate::text::sanitize::quoted(&deal.data.pipeline),
                kind.as_str()
            ))
        })
    }

    /// Moves a deal to its pipeline's won stage.
    pub fn win_deal(&mut self, id: i64, expected_version: Option<i64>) -> Result<()> {
        let deal = get(self.conn(), id)?;
        let won = self.closing_stage(&deal, StageKind::Won)?;
        self.move_deal(id, expected_version, &won, None)
    }

    /// Moves a deal to its pipeline's lost stage with a reason.
    pub fn lose_deal(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        reason: &str,
    ) -> Result<()> {
        let deal = get(self.conn(), id)?;
        let lost = self.closing_stage(&deal, StageKind::Lost)?;
        self.move_deal(id, expected_version, &lost, Some(reason.to_string()))
    }

    /// Deletes a deal and its stage history. Refuses while tasks or
    /// activities point at it, unless `unlink` is set.
    pub fn delete_deal(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        unlink: bool,
    ) -> Result<()> {
        // Locked first, so no record links to it between the read of its
        // links and the delete (PostgreSQL).
        self.hold(Entity::Deal, id)?;
        let before = get(self.conn(), id)?;
        self.unlink_or_refuse(Entity::Deal, id, &before.data.title, unlink)?;
        if let Some(v) = expected_version {
            self.claim_version(Entity::Deal, id, v)?;
        }
        let deleted = self.delete_unlinked(Entity::Deal, id, &before.data.title)?;
        self.check_changed(Entity::Deal, id, deleted)?;
        self.log_delete(Entity::Deal, id, &before.data)?;
        Ok(())
    }
}
