//! Keeping stored deals and the config's pipelines in step.
//!
//! The config owns the stage names; deals store them as text. When the
//! config renames or drops a stage that deals still use, kariz refuses to
//! run until the config is fixed or the deals are explicitly remapped.

use super::{Writer, codec};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::Entity;
use crate::text::sanitize::quoted;
use rusqlite::{Connection, params};
use serde::Serialize;

/// A deal whose pipeline or stage the config does not define.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrphanedDeal {
    /// Deal id.
    pub id: i64,
    /// Deal title.
    pub title: String,
    /// Its stored pipeline.
    pub pipeline: String,
    /// Its stored stage.
    pub stage: String,
}

/// How many deals sit in a stored pipeline and stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageCount {
    /// Pipeline name as stored.
    pub pipeline: String,
    /// Stage name as stored.
    pub stage: String,
    /// Number of deals.
    pub deals: i64,
}

/// Deal counts per stored pipeline and stage.
pub fn counts(conn: &Connection) -> Result<Vec<StageCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pipeline, stage, count(*) FROM deals GROUP BY pipeline, stage ORDER BY pipeline, stage",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(StageCount {
            pipeline: r.get(0)?,
            stage: r.get(1)?,
            deals: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Deals in a pipeline or stage that the config does not have (names must
/// match exactly, as stored names are canonical).
pub fn orphaned(conn: &Connection, config: &Config) -> Result<Vec<OrphanedDeal>> {
    let mut out = Vec::new();
    for count in counts(conn)? {
        let known = config
            .pipelines
            .iter()
            .find(|p| p.name == count.pipeline)
            .is_some_and(|p| p.stages.iter().any(|s| s.name == count.stage));
        if known {
            continue;
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, title FROM deals WHERE pipeline = ?1 AND stage = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![count.pipeline, count.stage], |r| {
            Ok(OrphanedDeal {
                id: r.get(0)?,
                title: r.get(1)?,
                pipeline: count.pipeline.clone(),
                stage: count.stage.clone(),
            })
        })?;
        out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    Ok(out)
}

/// Fails with a list of orphaned deals and the ways out.
pub fn check(conn: &Connection, config: &Config) -> Result<()> {
    let orphans = orphaned(conn, config)?;
    if orphans.is_empty() {
        return Ok(());
    }
    let mut lines = vec![format!(
        "{} deal(s) are in a pipeline or stage that the config no longer has:",
        orphans.len()
    )];
    for deal in orphans.iter().take(20) {
        lines.push(format!(
            "  deal {} {}: pipeline {}, stage {}",
            deal.id,
            quoted(&deal.title),
            quoted(&deal.pipeline),
            quoted(&deal.stage)
        ));
    }
    if orphans.len() > 20 {
        lines.push(format!("  … and {} more", orphans.len() - 20));
    }
    let first = &orphans[0];
    lines.push(format!(
        "Fix: put the stage back in the config, or move these deals explicitly with\n  kariz stage remap --pipeline {} {} NEW_STAGE",
        quoted(&first.pipeline),
        quoted(&first.stage)
    ));
    Err(Error::Schema(lines.join("\n")))
}

impl Writer<'_> {
    /// Moves every deal in `pipeline`/`from` (stored names) to the config's
    /// stage `to`, recording each in the stage history and change log.
    /// Returns how many deals moved.
    pub fn remap_stage(&mut self, pipeline: &str, from: &str, to: &str) -> Result<usize> {
        let target = self
            .config
            .pipeline(pipeline)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "pipeline {} is not in the config",
                    quoted(pipeline)
                ))
            })?
            .stage(to)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "stage {} is not in pipeline {} of the config",
                    quoted(to),
                    quoted(pipeline)
                ))
            })?
            .clone();
        let ids: Vec<i64> = self
            .conn()
            .prepare_cached("SELECT id FROM deals WHERE pipeline = ?1 AND stage = ?2 ORDER BY id")?
            .query_map(params![pipeline, from], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let status = match target.kind {
            crate::config::StageKind::Open => "open",
            crate::config::StageKind::Won => "won",
            crate::config::StageKind::Lost => "lost",
        };
        let now = codec::ts(self.now);
        for id in &ids {
            self.conn().execute(
                "UPDATE deals SET stage = ?1, status = ?2, version = version + 1, updated_at = ?3
                 WHERE id = ?4",
                params![target.name, status, now, id],
            )?;
            self.conn().execute(
                "INSERT INTO deal_stage_history (deal_id, from_stage, to_stage, at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, from, target.name, now, self.actor],
            )?;
            self.log_field(Entity::Deal, *id, "stage", Some(from), Some(&target.name))?;
        }
        Ok(ids.len())
    }
}
