//! Keeping stored deals and the config's pipelines in step.
//!
//! The config owns the stage names; deals store them as text. When the
//! config renames or drops a stage that deals still use, kariz refuses to
//! run until the config is fixed or the deals are explicitly remapped.

use super::db;
use super::db::{Connection, params};
use super::{Writer, codec};
use crate::config::{Config, Stage, StageKind};
use crate::error::{Error, Remedy, Result};
use crate::model::Entity;
use crate::text::sanitize::quoted;
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
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// The distinct stored (pipeline, stage) pairs, in order.
///
/// Every command and the interface's first frame ask this (the drift
/// check), so it must not read every deal: a loose index scan seeks the
/// next pair after the last one in `deals_by_stage`, a handful of index
/// seeks however many deals there are, where `GROUP BY` walked the whole
/// index (8–12 ms at 100k deals, issue 17).
pub fn stored_stages(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        // Each step is one seek in `deals_by_stage`: the next pipeline
        // after the last, then the next stage within it (`min` over an
        // indexed prefix is answered by one seek, where a row-value `>`
        // was not). Both engines accept this SQL.
        "WITH RECURSIVE
             pipelines(pipeline) AS (
                 SELECT min(pipeline) FROM deals
                 UNION ALL
                 SELECT (SELECT min(d.pipeline) FROM deals d WHERE d.pipeline > p.pipeline)
                 FROM pipelines p WHERE p.pipeline IS NOT NULL),
             pairs(pipeline, stage) AS (
                 SELECT p.pipeline, (SELECT min(d.stage) FROM deals d WHERE d.pipeline = p.pipeline)
                 FROM pipelines p WHERE p.pipeline IS NOT NULL
                 UNION ALL
                 SELECT s.pipeline,
                        (SELECT min(d.stage) FROM deals d
                         WHERE d.pipeline = s.pipeline AND d.stage > s.stage)
                 FROM pairs s WHERE s.stage IS NOT NULL)
         SELECT pipeline, stage FROM pairs WHERE stage IS NOT NULL ORDER BY pipeline, stage",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// Deals in a pipeline or stage that the config does not have (names must
/// match exactly, as stored names are canonical).
pub fn orphaned(conn: &Connection, config: &Config) -> Result<Vec<OrphanedDeal>> {
    let mut out = Vec::new();
    for (pipeline, stage) in stored_stages(conn)? {
        let known = config
            .pipelines
            .iter()
            .find(|p| p.name == pipeline)
            .is_some_and(|p| p.stages.iter().any(|s| s.name == stage));
        if known {
            continue;
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, title FROM deals WHERE pipeline = ?1 AND stage = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![pipeline, stage], |r| {
            Ok(OrphanedDeal {
                id: r.get(0)?,
                title: r.get(1)?,
                pipeline: pipeline.clone(),
                stage: stage.clone(),
            })
        })?;
        out.extend(rows.collect::<db::Result<Vec<_>>>()?);
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
    let pipeline_known = config.pipelines.iter().any(|p| p.name == first.pipeline);
    lines.push(if pipeline_known {
        format!(
            "Fix: put the stage back in the config, or move these deals explicitly with\n  kariz stage remap --pipeline {} {} NEW_STAGE",
            quoted(&first.pipeline),
            quoted(&first.stage)
        )
    } else {
        format!(
            "Fix: put pipeline {} back in the config, or move these deals to a pipeline it has with\n  kariz stage remap --pipeline {} --to-pipeline NEW_PIPELINE {} NEW_STAGE",
            quoted(&first.pipeline),
            quoted(&first.pipeline),
            quoted(&first.stage)
        )
    });
    Err(Error::Schema(lines.join("\n")))
}

/// Where a remap takes deals from and to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remap {
    /// Stored pipeline name of the deals.
    pub from_pipeline: String,
    /// Stored stage name of the deals.
    pub from_stage: String,
    /// Config pipeline to move them to (often the same).
    pub to_pipeline: String,
    /// Config stage to move them to.
    pub to_stage: String,
}

impl Writer<'_> {
    /// Moves every deal in `from_pipeline`/`from_stage` (stored names, which
    /// the config may no longer have) to a stage of the config, recording
    /// each in the stage history and change log. Only a rename is allowed:
    /// a deal keeps its status (open, won or lost), its close time, lost
    /// reason and days in stage; moving deals between open and closed stages
    /// is what `deal move`, `won` and `lost` are for. Returns how many moved.
    pub fn remap_stage(&mut self, remap: &Remap) -> Result<usize> {
        let (to_pipeline, target) = self.remap_target(remap)?;
        let status = match target.kind {
            StageKind::Open => "open",
            StageKind::Won => "won",
            StageKind::Lost => "lost",
        };
        let deals: Vec<(i64, String)> = self
            .conn()
            .prepare_cached(
                "SELECT id, status FROM deals WHERE pipeline = ?1 AND stage = ?2 ORDER BY id",
            )?
            .query_map(params![remap.from_pipeline, remap.from_stage], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<db::Result<_>>()?;
        let mismatched: Vec<String> = deals
            .iter()
            .filter(|(_, s)| s != status)
            .map(|(id, s)| format!("#{id} ({s})"))
            .collect();
        if !mismatched.is_empty() {
            return Err(Error::invalid(format!(
                "stage {} is {status}, but these deals are not: {}; a remap only renames, so move them with `kariz deal move`, `won` or `lost` first",
                quoted(&target.name),
                mismatched.join(", ")
            )));
        }
        for (id, _) in &deals {
            self.rename_deal_stage(*id, remap, &to_pipeline, &target.name)?;
        }
        Ok(deals.len())
    }

    /// The config's pipeline name and stage a remap moves deals to.
    fn remap_target(&self, remap: &Remap) -> Result<(String, Stage)> {
        let pipeline = self.config.pipeline(&remap.to_pipeline).ok_or_else(|| {
            let names: Vec<&str> = self.config.pipelines.iter().map(|p| p.name.as_str()).collect();
            Error::rejected(
                format!(
                    "pipeline {} is not in the config (pipelines: {}); to move deals of a renamed pipeline, name the pipeline they move to",
                    quoted(&remap.to_pipeline),
                    names.join(", ")
                ),
                Remedy::TargetPipeline,
            )
        })?;
        let target = pipeline.stage(&remap.to_stage).ok_or_else(|| {
            Error::invalid(format!(
                "stage {} is not in pipeline {} of the config; stages: {}",
                quoted(&remap.to_stage),
                quoted(&pipeline.name),
                pipeline.stage_names().join(", ")
            ))
        })?;
        Ok((pipeline.name.clone(), target.clone()))
    }

    /// One deal of a remap under its new pipeline and stage name, in the
    /// stage history (when the stage changed) and the change log.
    fn rename_deal_stage(
        &mut self,
        id: i64,
        remap: &Remap,
        to_pipeline: &str,
        to_stage: &str,
    ) -> Result<()> {
        let now = codec::ts(self.now);
        self.conn().execute(
            "UPDATE deals SET pipeline = ?1, stage = ?2, version = version + 1, updated_at = ?3
             WHERE id = ?4",
            params![to_pipeline, to_stage, now, id],
        )?;
        // The stage history records stage changes; a pipeline rename alone
        // is in the change log only.
        if to_stage != remap.from_stage {
            self.conn().execute(
                "INSERT INTO deal_stage_history (deal_id, from_stage, to_stage, at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, remap.from_stage, to_stage, now, self.actor()],
            )?;
        }
        if to_pipeline != remap.from_pipeline {
            self.log_field(
                Entity::Deal,
                id,
                "pipeline",
                Some(&remap.from_pipeline),
                Some(to_pipeline),
            )?;
        }
        if to_stage != remap.from_stage {
            self.log_field(
                Entity::Deal,
                id,
                "stage",
                Some(&remap.from_stage),
                Some(to_stage),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations;

    fn deal(conn: &Connection, pipeline: &str, stage: &str) {
        conn.execute(
            "INSERT INTO deals (title, pipeline, stage, value_minor, currency, status,
                                stage_entered_at, created_at, updated_at)
             VALUES ('d', ?1, ?2, 0, 'IRR', 'open', 'x', 'x', 'x')",
            params![pipeline, stage],
        )
        .unwrap();
    }

    #[test]
    fn the_loose_index_scan_finds_exactly_the_grouped_pairs() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::all().to_latest(&mut conn).unwrap();
        assert!(stored_stages(&conn).unwrap().is_empty());
        for (pipeline, stage) in [
            ("Sales", "Won"),
            ("Sales", "Lead"),
            ("Sales", "Lead"),
            ("Support", "New"),
            ("فروش", "پیشنهاد"),
            ("Sales", "Proposal"),
            ("Sales", "Lead"),
        ] {
            deal(&conn, pipeline, stage);
        }
        let grouped: Vec<(String, String)> = counts(&conn)
            .unwrap()
            .into_iter()
            .map(|c| (c.pipeline, c.stage))
            .collect();
        assert_eq!(stored_stages(&conn).unwrap(), grouped);
        assert_eq!(grouped.len(), 5);
    }

    #[test]
    fn the_drift_check_reads_the_index_not_the_table() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::all().to_latest(&mut conn).unwrap();
        let plan: Vec<String> = conn
            .prepare(
                "EXPLAIN QUERY PLAN SELECT min(d.stage) FROM deals d
                 WHERE d.pipeline = 'a' AND d.stage > 'b'",
            )
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<db::Result<_>>()
            .unwrap();
        let plan = plan.join(" | ");
        assert!(
            plan.contains("SEARCH") && plan.contains("deals_by_stage"),
            "{plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
}
