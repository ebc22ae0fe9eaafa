//! `kariz stage`: the config's pipelines, and remapping deals after a rename.

use super::context::Context;
use super::output;
use crate::store::Remap;
use crate::text::sanitize::quoted;
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List pipelines and stages from the config with their deal counts
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Rename the stage (or pipeline) of deals after the config renamed it: every deal in FROM moves to TO, keeping its status
    Remap {
        /// Pipeline of the deals, as stored [default: the config's first pipeline]
        #[arg(long)]
        pipeline: Option<String>,
        /// Config pipeline to move them to [default: the same as --pipeline]
        #[arg(long)]
        to_pipeline: Option<String>,
        /// The stage name the deals have now (exactly as stored)
        from: String,
        /// The config stage to move them to
        to: String,
    },
}

#[derive(Serialize)]
struct StageRow {
    /// "pipeline/stage": stages have no numeric id, but every listing's
    /// objects carry an `id` scripts can key on.
    id: String,
    pipeline: String,
    stage: String,
    kind: String,
    probability: u8,
    rot_days: Option<u32>,
    deals: i64,
    in_config: bool,
}

/// Runs one subcommand.
// Long but flat: on purpose, one match arm per subcommand, each a few lines
// that parse flags and call the store; splitting it would only add jumps.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    match command {
        Command::List { json } => {
            let store = ctx.open_unchecked()?;
            let counts = store.stage_counts()?;
            let count = |p: &str, s: &str| {
                counts
                    .iter()
                    .find(|c| c.pipeline == p && c.stage == s)
                    .map(|c| c.deals)
                    .unwrap_or(0)
            };
            let mut rows = Vec::new();
            for p in &store.config().pipelines {
                for s in &p.stages {
                    rows.push(StageRow {
                        id: format!("{}/{}", p.name, s.name),
                        pipeline: p.name.clone(),
                        stage: s.name.clone(),
                        kind: s.kind.as_str().to_string(),
                        probability: s.probability,
                        rot_days: s.rot_days,
                        deals: count(&p.name, &s.name),
                        in_config: true,
                    });
                }
            }
            for orphan in store.stage_counts()? {
                let known = rows
                    .iter()
                    .any(|r| r.pipeline == orphan.pipeline && r.stage == orphan.stage);
                if !known {
                    rows.push(StageRow {
                        id: format!("{}/{}", orphan.pipeline, orphan.stage),
                        pipeline: orphan.pipeline,
                        stage: orphan.stage,
                        kind: "?".into(),
                        probability: 0,
                        rot_days: None,
                        deals: orphan.deals,
                        in_config: false,
                    });
                }
            }
            if json {
                return output::json(&rows);
            }
            let out = ctx.render(store.config());
            let mut table = out
                .table(&[
                    "pipeline",
                    "stage",
                    "kind",
                    "probability",
                    "rot days",
                    "deals",
                    "",
                ])
                .align_right("probability")
                .align_right("rot days")
                .align_right("deals");
            for r in &rows {
                table.row(vec![
                    r.pipeline.clone(),
                    r.stage.clone(),
                    r.kind.clone(),
                    out.digits(&format!("{}%", r.probability)),
                    r.rot_days.map(|n| out.count(n)).unwrap_or_default(),
                    out.count(r.deals),
                    if r.in_config {
                        String::new()
                    } else {
                        "NOT IN CONFIG".into()
                    },
                ]);
            }
            table.print("No pipelines.")
        }
        Command::Remap {
            pipeline,
            to_pipeline,
            from,
            to,
        } => {
            let mut store = ctx.open_unchecked()?;
            let from_pipeline =
                pipeline.unwrap_or_else(|| store.config().default_pipeline().name.clone());
            let remap = Remap {
                to_pipeline: to_pipeline.unwrap_or_else(|| from_pipeline.clone()),
                from_pipeline,
                from_stage: from,
                to_stage: to,
            };
            let moved = store.write(ctx.clock.now_utc(), |w| w.remap_stage(&remap))?;
            // Report the config's spelling, not what was typed.
            let pipeline = store.config().pipeline(&remap.to_pipeline);
            let to_pipeline = pipeline.map_or(remap.to_pipeline.clone(), |p| p.name.clone());
            let to_stage = pipeline
                .and_then(|p| p.stage(&remap.to_stage))
                .map_or(remap.to_stage.clone(), |s| s.name.clone());
            output::line(&format!(
                "Moved {moved} deal(s) from {} {} to {} {}.",
                quoted(&remap.from_pipeline),
                quoted(&remap.from_stage),
                quoted(&to_pipeline),
                quoted(&to_stage)
            ))?;
            if let Err(e) = store.check_stages() {
                output::lines(&format!("Still to fix:\n{e}"))?;
            }
            Ok(())
        }
    }
}
