//! `[[pipelines]]`: the board structure deals move through. The rules make
//! every pipeline usable: a start stage, an unambiguous won/lost stage and
//! names that can be typed back at the command line.

use std::collections::HashMap;

use toml::Spanned;

use super::Ctx;
use crate::config::error::ConfigError;
use crate::config::label::{self, Labels};
use crate::config::raw::{RawLostReason, RawPipeline, RawStage, SpannedList};
use crate::config::types::{LostReason, Pipeline, Stage, builtin_sales_pipeline};
use crate::vocab::StageKind;

/// All pipelines; an absent `pipelines` key means the built-in sales one.
pub(super) fn pipelines(
    raw: Option<SpannedList<RawPipeline>>,
    ctx: &Ctx<'_>,
) -> Result<Vec<Pipeline>, ConfigError> {
    let Some(raw) = raw else {
        return Ok(vec![builtin_sales_pipeline()]);
    };
    if raw.get_ref().is_empty() {
        return Err(ctx.error(
            raw.span(),
            "pipelines",
            "at least one pipeline is required; add a [[pipelines]] table, or remove `pipelines` to use the built-in sales pipeline",
        ));
    }
    // Lower-cased name -> index, to point at the earlier duplicate.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut result = Vec::new();
    for (index, pipeline) in raw.get_ref().iter().enumerate() {
        let built = one_pipeline(pipeline, index, ctx)?;
        if let Some(first) = seen.insert(built.name.to_lowercase(), index) {
            return Err(ctx.error(
                pipeline.get_ref().name.span(),
                &format!("pipelines[{index}].name"),
                format!(
                    "pipeline name {:?} is already used by pipelines[{first}]; allowed: a name not used by another pipeline (ignoring case)",
                    built.name
                ),
            ));
        }
        result.push(built);
    }
    Ok(result)
}

fn one_pipeline(
    spanned: &Spanned<RawPipeline>,
    index: usize,
    ctx: &Ctx<'_>,
) -> Result<Pipeline, ConfigError> {
    let raw = spanned.get_ref();
    let path = format!("pipelines[{index}]");
    let name = ctx.plain_name(&raw.name, &format!("{path}.name"), "pipeline name")?;
    let label = label::optional_label(ctx, raw.label.as_ref(), &format!("{path}.label"))?;
    let stages_key = format!("{path}.stages");
    let (stages_span, raw_stages) = match &raw.stages {
        Some(list) if !list.get_ref().is_empty() => (list.span(), list.get_ref()),
        other => {
            let span = other.as_ref().map_or(spanned.span(), |list| list.span());
            return Err(ctx.error(
                span,
                &stages_key,
                format!("pipeline {name:?} has no stages; add at least one [[pipelines.stages]] with kind = \"open\""),
            ));
        }
    };
    let mut stages: Vec<Stage> = Vec::new();
    for (stage_index, raw_stage) in raw_stages.iter().enumerate() {
        let stage_path = format!("{stages_key}[{stage_index}]");
        let stage = one_stage(raw_stage.get_ref(), &stage_path, ctx)?;
        check_against_earlier(&stages, &stage, raw_stage.get_ref(), &stage_path, ctx)?;
        stages.push(stage);
    }
    if !stages.iter().any(|stage| stage.kind == StageKind::Open) {
        return Err(ctx.error(
            stages_span,
            &stages_key,
            format!("pipeline {name:?} has no open stage; new deals need one: set kind = \"open\" on at least one stage"),
        ));
    }
    let lost_reasons = lost_reasons(raw, &name, &stages, &path, ctx)?;
    Ok(Pipeline {
        name,
        label,
        stages,
        lost_reasons,
    })
}

/// Longest lost reason accepted (it is stored on every deal lost with it).
const MAX_REASON_CHARS: usize = 200;

/// `lost_reasons`: offered when a deal is marked lost. Each is plain text
/// (no controls, no padding), unique ignoring case, and the pipeline must
/// have a lost stage for them to mean anything.
fn lost_reasons(
    raw: &RawPipeline,
    name: &str,
    stages: &[Stage],
    path: &str,
    ctx: &Ctx<'_>,
) -> Result<Vec<LostReason>, ConfigError> {
    let Some(list) = &raw.lost_reasons else {
        return Ok(Vec::new());
    };
    let key = format!("{path}.lost_reasons");
    if !list.get_ref().is_empty() && !stages.iter().any(|s| s.kind == StageKind::Lost) {
        return Err(ctx.error(
            list.span(),
            &key,
            format!("pipeline {name:?} has no lost stage, so its lost_reasons would never be offered; add a stage with kind = \"lost\" or remove lost_reasons"),
        ));
    }
    let mut reasons: Vec<LostReason> = Vec::new();
    for (i, value) in list.get_ref().iter().enumerate() {
        let item_key = format!("{key}[{i}]");
        let (text, raw_label) = match value.get_ref() {
            RawLostReason::Plain(text) => (text.clone(), None),
            RawLostReason::Labelled(table) => (table.name.clone(), table.label.clone()),
        };
        let name_key = match raw_label {
            None => item_key.clone(),
            Some(_) => format!("{item_key}.name"),
        };
        let reason = ctx.plain_name(&Spanned::new(value.span(), text), &name_key, "lost reason")?;
        if reason.chars().any(char::is_control) {
            return Err(ctx.error(
                value.span(),
                &name_key,
                "lost reason contains a control character (such as a newline or tab); allowed: one line of plain text",
            ));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(ctx.error(
                value.span(),
                &name_key,
                format!("lost reason is longer than {MAX_REASON_CHARS} characters; shorten it"),
            ));
        }
        if let Some(first) = reasons
            .iter()
            .position(|r| r.name.to_lowercase() == reason.to_lowercase())
        {
            return Err(ctx.error(
                value.span(),
                &name_key,
                format!("lost reason {reason:?} is already listed as {key}[{first}]; allowed: each reason once (ignoring case)"),
            ));
        }
        let label = match raw_label {
            None => Labels::default(),
            Some(raw) => label::label(
                ctx,
                &Spanned::new(value.span(), raw),
                &format!("{item_key}.label"),
            )?,
        };
        let candidate = LostReason {
            name: reason,
            label,
        };
        if let Some(first) = label_clash(&reasons, &candidate) {
            return Err(ctx.error(
                value.span(),
                &format!("{item_key}.label"),
                format!("a label of lost reason {:?} is also the name or a label of {key}[{first}], so a reason given by it could be either; allowed: labels that name one reason only", candidate.name),
            ));
        }
        reasons.push(candidate);
    }
    Ok(reasons)
}

/// The earlier reason that `candidate`'s name or labels would also name
/// (a reason typed or picked by a label is stored by the one it names).
fn label_clash(earlier: &[LostReason], candidate: &LostReason) -> Option<usize> {
    earlier.iter().position(|other| {
        candidate.label.matches(&other.name)
            || other.label.matches(&candidate.name)
            || candidate
                .label
                .0
                .values()
                .any(|text| other.label.matches(text))
    })
}

/// Uniqueness rules that need the stages before this one.
fn check_against_earlier(
    earlier: &[Stage],
    stage: &Stage,
    raw: &RawStage,
    path: &str,
    ctx: &Ctx<'_>,
) -> Result<(), ConfigError> {
    let folded = stage.name.to_lowercase();
    if let Some(first) = earlier.iter().position(|s| s.name.to_lowercase() == folded) {
        return Err(ctx.error(
            raw.name.span(),
            &format!("{path}.name"),
            format!(
                "stage name {:?} is already used by stages[{first}]; allowed: a name not used by another stage of this pipeline (ignoring case)",
                stage.name
            ),
        ));
    }
    if stage.kind != StageKind::Open
        && let Some(first) = earlier.iter().position(|s| s.kind == stage.kind)
    {
        let kind = stage.kind.as_str();
        return Err(ctx.error(
            raw.kind.span(),
            &format!("{path}.kind"),
            format!("a pipeline can have only one {kind} stage and stages[{first}] is already {kind}; use open or remove one"),
        ));
    }
    Ok(())
}

fn one_stage(raw: &RawStage, path: &str, ctx: &Ctx<'_>) -> Result<Stage, ConfigError> {
    let name = ctx.plain_name(&raw.name, &format!("{path}.name"), "stage name")?;
    let probability = *raw.probability.get_ref();
    let probability = u8::try_from(probability)
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| {
            ctx.error(
                raw.probability.span(),
                &format!("{path}.probability"),
                format!("probability {probability} is out of range; allowed: 0 to 100"),
            )
        })?;
    let kind: StageKind = ctx.keyword(&raw.kind, &format!("{path}.kind"), "kind")?;
    let rot_days = match &raw.rot_days {
        None => None,
        Some(value) => Some(rot_days(value, kind, &format!("{path}.rot_days"), ctx)?),
    };
    let label = label::optional_label(ctx, raw.label.as_ref(), &format!("{path}.label"))?;
    Ok(Stage {
        name,
        probability,
        kind,
        rot_days,
        label,
    })
}

/// Rotting is about deals left waiting, so it is meaningless on stages that
/// close a deal; setting it there is most likely a copy-paste slip.
fn rot_days(
    value: &Spanned<i64>,
    kind: StageKind,
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<u32, ConfigError> {
    let days = *value.get_ref();
    if kind != StageKind::Open {
        return Err(ctx.error(
            value.span(),
            key,
            format!("rot_days is only allowed on open stages, and this stage is {kind}; remove rot_days or use kind = \"open\""),
        ));
    }
    u32::try_from(days).ok().filter(|d| *d >= 1).ok_or_else(|| {
        ctx.error(
            value.span(),
            key,
            format!(
                "rot_days {days} is out of range; allowed: a whole number of days from 1 to {}",
                u32::MAX
            ),
        )
    })
}
