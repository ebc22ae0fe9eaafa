//! Rendering shared by several subcommands: the deal, task and timeline
//! tables and the sections of a customer or deal page. Here, not in one
//! subcommand's file, so `person`, `company` and `deal` need not import
//! each other (the files under cli/ form no cycle).

use super::context::Context;
use super::output::{self, Render, Table};
use crate::config::{Config, Named};
use crate::model::{Activity, Deal, DealStatus, Task};
use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A deal as listed: the record plus figures computed at the run's clock.
#[derive(Serialize)]
pub struct DealRow {
    #[serde(flatten)]
    pub(super) deal: Deal,
    /// Probability used for weighting: the deal's override or its stage's.
    pub(super) effective_probability: u8,
    /// Whole days in the current stage.
    pub(super) days_in_stage: i64,
    /// Open and longer in its stage than the stage's rot days.
    pub(super) rotting: bool,
    /// The stage as shown in the interface language (its config label);
    /// display only, never in `--json`.
    #[serde(skip)]
    pub(super) stage_label: String,
    /// The lost reason as shown (its config label); display only.
    #[serde(skip)]
    pub(super) lost_reason_label: Option<String>,
    /// The pipeline as shown (its config label); display only.
    #[serde(skip)]
    pub(super) pipeline_label: String,
}

impl DealRow {
    /// Computes the derived figures.
    pub fn new(deal: Deal, config: &Config, now: DateTime<Utc>) -> DealRow {
        let stage = config
            .pipeline(&deal.data.pipeline)
            .and_then(|p| p.stage(&deal.data.stage));
        let days = deal.days_in_stage(now);
        let rotting = deal.is_rotting(now, stage.and_then(|s| s.rot_days));
        let effective_probability = deal.effective_probability(stage.map(|s| s.probability));
        let stage_label = config
            .stage_label(
                &deal.data.pipeline,
                &deal.data.stage,
                config.display.language,
            )
            .to_owned();
        let pipeline = Some(deal.data.pipeline.as_str());
        let lost_reason_label = deal
            .data
            .lost_reason
            .as_deref()
            .map(|r| deal_value_shown(config, pipeline, "lost_reason", r));
        let pipeline_label = deal_value_shown(config, None, "pipeline", &deal.data.pipeline);
        DealRow {
            stage_label,
            lost_reason_label,
            pipeline_label,
            deal,
            effective_probability,
            days_in_stage: days,
            rotting,
        }
    }
}

/// A deal's stored `value` of `field` as shown to people: a stage, the
/// pipeline and a listed lost reason by their config labels in the output's
/// language (`pipeline`: the deal's, when known). Other fields as stored.
pub fn deal_value_shown(
    config: &Config,
    pipeline: Option<&str>,
    field: &str,
    value: &str,
) -> String {
    // The output's language is the config's (`Context::render`).
    let language = config.display.language;
    let named = match field {
        "stage" => Named::Stage(pipeline),
        "pipeline" => Named::Pipeline,
        "lost_reason" => Named::LostReason(pipeline),
        _ => return value.to_owned(),
    };
    config.shown(named, value, language).to_owned()
}

fn customer(deal: &Deal) -> String {
    match (&deal.company, &deal.person) {
        (Some(c), Some(p)) => format!("{p} · {c}"),
        (Some(c), None) => c.clone(),
        (None, Some(p)) => p.clone(),
        (None, None) => String::new(),
    }
}

pub fn deal_table(rows: &[DealRow], out: &Render) -> Table {
    let mut table = out
        .table(&[
            "id", "title", "customer", "stage", "value", "close", "owner", "days",
        ])
        .align_right("id")
        .align_right("value")
        .align_right("days");
    for r in rows {
        let d = &r.deal;
        let stage = match d.status {
            // The reason cut short: a long one widened the column for
            // every row; `deal show` has it whole.
            DealStatus::Lost => format!(
                "{} ({})",
                r.stage_label,
                super::output::cut(r.lost_reason_label.as_deref().unwrap_or_default(), 20)
            ),
            _ => r.stage_label.clone(),
        };
        table.row(vec![
            d.id.to_string(),
            d.data.title.clone(),
            customer(d),
            stage,
            out.money(d.data.value_minor, &d.data.currency),
            d.data
                .expected_close
                .map(|c| out.date(c))
                .unwrap_or_default(),
            d.data.owner.clone().unwrap_or_default(),
            format!(
                "{}{}",
                out.count(r.days_in_stage),
                if r.rotting { " !" } else { "" }
            ),
        ]);
    }
    table
}

/// The deals part of a person's or company's page. Takes the config the
/// store was opened with rather than reading the file a second time.
pub fn print_deals_section(
    deals: &[Deal],
    config: &Config,
    ctx: &Context,
    out: &Render,
) -> Result<()> {
    let now = ctx.clock.now_utc();
    let rows: Vec<DealRow> = deals
        .iter()
        .cloned()
        .map(|d| DealRow::new(d, config, now))
        .collect();
    output::raw(&format!("\nDeals ({})\n", out.count(rows.len())))?;
    output::raw(&deal_table(&rows, out).render("  none"))?;
    Ok(())
}

pub fn due_text(task: &Task, out: &Render) -> String {
    task.data
        .due_date
        .map(|d| out.date_and_time(d, task.data.due_time))
        .unwrap_or_default()
}

fn linked(task: &Task) -> String {
    [
        task.person.as_deref(),
        task.company.as_deref(),
        task.deal.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// A table of tasks, their texts moved into the cells rather than copied
/// (a whole `task list` is one table).
pub fn task_table(tasks: impl IntoIterator<Item = Task>, ctx: &Context, out: &Render) -> Table {
    let today = ctx.clock.today();
    let mut table = out
        .table(&["id", "due", "", "title", "for", "priority", "owner"])
        .align_right("id");
    for t in tasks {
        let mark = if t.done_at.is_some() {
            "done"
        } else if t.is_overdue(today) {
            "overdue"
        } else if t.data.due_date == Some(today) {
            "today"
        } else {
            ""
        };
        let (due, linked) = (due_text(&t, out), linked(&t));
        let repeating = t.data.repeat.is_some() && t.done_at.is_none();
        let mut title = t.data.title;
        if repeating {
            // ↻ marks a repeating task (the rule is in `task show`).
            title.push_str(" ↻");
        }
        table.row(vec![
            t.id.to_string(),
            due,
            mark.to_string(),
            title,
            linked,
            t.data.priority.as_str().to_string(),
            t.data.owner.unwrap_or_default(),
        ]);
    }
    table
}

/// A repeating task's rule in words, in the interface language.
pub fn repeat_text(task: &Task, config: &crate::config::Config, out: &Render) -> Option<String> {
    let text = task.data.repeat.as_deref()?;
    let display = &config.display;
    Some(
        match crate::calendar::recurrence::Recurrence::parse(text, display.calendar) {
            Ok(rule) => out.digits(&rule.describe(display.language)),
            Err(_) => text.to_string(),
        },
    )
}

/// A titled task list on a customer or deal page.
pub fn print_tasks_section(title: &str, tasks: &[Task], ctx: &Context, out: &Render) -> Result<()> {
    output::raw(&format!("\n{title} ({})\n", out.count(tasks.len())))?;
    output::raw(&task_table(tasks.iter().cloned(), ctx, out).render("  none"))?;
    Ok(())
}

fn about(a: &Activity) -> String {
    [a.person.as_deref(), a.company.as_deref(), a.deal.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn activity_table(
    activities: &[Activity],
    ctx: &Context,
    out: &Render,
    with_about: bool,
) -> Table {
    let headers: &[&'static str] = if with_about {
        &["id", "when", "kind", "subject", "about", "by"]
    } else {
        &["id", "when", "kind", "subject", "by"]
    };
    let mut table = out.table(headers).align_right("id");
    for a in activities {
        let mut row = vec![
            a.id.to_string(),
            out.local_time(&ctx.clock, a.data.occurred_at),
            a.data.kind.as_str().to_string(),
            a.data.subject.clone(),
        ];
        if with_about {
            row.push(about(a));
        }
        row.push(a.data.author.clone());
        table.row(row);
    }
    table
}

/// The timeline section of a customer or deal page.
pub fn print_timeline(activities: &[Activity], ctx: &Context, out: &Render) -> Result<()> {
    output::raw(&format!("\nTimeline ({})\n", out.count(activities.len())))?;
    output::raw(&activity_table(activities, ctx, out, false).render("  none"))?;
    Ok(())
}

/// Phones or e-mails as `label:value | …`, with the labels kariz knows
/// (mobile, work, …) in the output's language (`موبایل:…`); the stored
/// label stays the canonical word, as `--json` shows.
pub fn contact_points(points: &[crate::model::ContactPoint], out: &Render) -> Option<String> {
    (!points.is_empty()).then(|| {
        points
            .iter()
            .map(|p| format!("{}:{}", out.locale().contact_label(&p.label), p.value))
            .collect::<Vec<_>>()
            .join(" | ")
    })
}

/// Custom-field values as `Label: value, …`, each field by its config
/// label in the output's language (`--json` keeps the field names).
pub fn custom_values(
    config: &Config,
    entity: crate::config::FieldEntity,
    values: &crate::model::CustomValues,
    out: &Render,
) -> Option<String> {
    (!values.is_empty()).then(|| {
        values
            .iter()
            .map(|(name, value)| {
                let shown = match value {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                let label = out.locale().named(config, Named::CustomField(entity), name);
                format!("{label}: {shown}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// "Tehran fair (campaign 3)" for a page, or `None`.
pub fn campaign_label(store: &crate::store::Store, id: Option<i64>) -> Option<String> {
    let id = id?;
    Some(match store.campaign_by_id(id) {
        Ok(c) => format!("{} (campaign {id})", c.data.name),
        Err(_) => format!("campaign {id}"),
    })
}
