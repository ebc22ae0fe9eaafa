//! CSV rows to deals and tasks: pipeline, stage, value and dates checked
//! against the config, so an unknown stage is a row error with its column.

use super::fields::{self, DateCell};
use super::record::Issue;
use crate::config::Config;
use crate::model::{DealData, Priority, TaskData, dates, money};

/// The raw cells a deal or task row can carry, with their column names.
#[derive(Default)]
pub struct WorkCells {
    /// Pipeline name.
    pub pipeline: Option<(String, String)>,
    /// Stage name.
    pub stage: Option<(String, String)>,
    /// Amount.
    pub value: Option<(String, String)>,
    /// Currency code.
    pub currency: Option<(String, String)>,
    /// Win probability.
    pub probability: Option<(String, String)>,
    /// Expected close date.
    pub expected_close: Option<(String, String)>,
    /// Due date, optionally with a time.
    pub due: Option<(String, String)>,
    /// Task priority.
    pub priority: Option<(String, String)>,
    /// Deal value in minor units.
    pub value_minor: Option<(String, String)>,
    /// Why a deal was lost.
    pub lost_reason: Option<String>,
    /// Task due time of day.
    pub due_time: Option<(String, String)>,
    /// Task repeat rule (checked when the task is written).
    pub repeat: Option<String>,
}

fn date_of(
    cell: &Option<(String, String)>,
    line: usize,
    issues: &mut Vec<Issue>,
) -> Option<chrono::NaiveDate> {
    let (raw, column) = cell.as_ref()?;
    match fields::date(raw) {
        Ok(DateCell::Date(d)) => Some(d),
        Ok(DateCell::Empty) => None,
        Ok(DateCell::NoYear) => {
            issues.push(Issue::error(
                line,
                Some(column),
                format!("{raw:?} has no year"),
            ));
            None
        }
        Err(e) => {
            issues.push(Issue::error(line, Some(column), e));
            None
        }
    }
}

/// Builds a deal; problems go to `issues` as row errors.
pub fn deal(
    title: String,
    cells: &WorkCells,
    config: &Config,
    line: usize,
    issues: &mut Vec<Issue>,
) -> DealData {
    let mut data = DealData {
        title,
        currency: config.money.default_currency.clone(),
        ..DealData::default()
    };
    place(&mut data, cells, config, line, issues);
    if let Some((code, column)) = &cells.currency {
        let code = code.trim().to_uppercase();
        if config.money.currencies.contains(&code) {
            data.currency = code;
        } else {
            issues.push(Issue::error(
                line,
                Some(column),
                format!(
                    "currency {code:?} is not in use; the config allows: {}",
                    config.money.currencies.join(", ")
                ),
            ));
        }
    }
    if let Some((raw, column)) = &cells.value {
        match money::parse_amount(raw, &data.currency) {
            Ok(minor) => data.value_minor = minor,
            Err(e) => issues.push(Issue::error(line, Some(column), e.to_string())),
        }
    }
    if let Some((raw, column)) = &cells.probability {
        match raw.trim().trim_end_matches('%').parse::<u8>() {
            Ok(p) if p <= 100 => data.probability = Some(p),
            _ => issues.push(Issue::error(
                line,
                Some(column),
                format!("probability {raw:?} is not a whole number from 0 to 100"),
            )),
        }
    }
    data.expected_close = date_of(&cells.expected_close, line, issues);
    // Minor units are exact (kariz's export writes them): they win over a
    // value column.
    if let Some((raw, column)) = &cells.value_minor {
        match raw.trim().parse::<i64>() {
            Ok(minor) if minor >= 0 => data.value_minor = minor,
            _ => issues.push(Issue::error(
                line,
                Some(column),
                format!("value_minor {raw:?} is not a whole number of minor units (0 or more)"),
            )),
        }
    }
    data.lost_reason.clone_from(&cells.lost_reason);
    data
}

/// The deal's pipeline and stage from their columns (the default pipeline
/// and its first open stage when absent); an unknown one is a row error
/// naming those the config has.
fn place(
    data: &mut DealData,
    cells: &WorkCells,
    config: &Config,
    line: usize,
    issues: &mut Vec<Issue>,
) {
    let pipeline = match &cells.pipeline {
        Some((name, column)) => match config.pipeline(name) {
            Some(p) => Some(p),
            None => {
                let known: Vec<&str> = config.pipelines.iter().map(|p| p.name.as_str()).collect();
                issues.push(Issue::error(
                    line,
                    Some(column),
                    format!(
                        "unknown pipeline {name:?}; the config has: {}",
                        known.join(", ")
                    ),
                ));
                None
            }
        },
        None => Some(config.default_pipeline()),
    };
    if let Some(pipeline) = pipeline {
        data.pipeline = pipeline.name.clone();
        data.stage = match &cells.stage {
            Some((name, column)) => match pipeline.stage(name) {
                Some(stage) => stage.name.clone(),
                None => {
                    issues.push(Issue::error(
                        line,
                        Some(column),
                        format!(
                            "unknown stage {name:?} in pipeline {:?}; its stages: {}",
                            pipeline.name,
                            pipeline.stage_names().join(", ")
                        ),
                    ));
                    String::new()
                }
            },
            None => pipeline.first_open_stage().name.clone(),
        };
    }
}

/// Builds a task; problems go to `issues` as row errors.
pub fn task(title: String, cells: &WorkCells, line: usize, issues: &mut Vec<Issue>) -> TaskData {
    let mut data = TaskData {
        title,
        repeat: cells.repeat.clone(),
        remind: None,
        ..TaskData::default()
    };
    if let Some((raw, column)) = &cells.due {
        // "2026-12-01 14:30": a date, optionally a time after a space or T.
        let (day, time) = match raw.trim().split_once([' ', 'T']) {
            Some((d, t)) => (d.to_string(), Some(t.trim().to_string())),
            None => (raw.clone(), None),
        };
        data.due_date = date_of(&Some((day, column.clone())), line, issues);
        if let Some(t) = time.filter(|t| !t.is_empty()) {
            match dates::parse_time(&t) {
                Ok(t) => data.due_time = Some(t),
                Err(e) => issues.push(Issue::error(line, Some(column), e.to_string())),
            }
        }
    }
    if let Some((raw, column)) = &cells.due_time
        && data.due_time.is_none()
    {
        match dates::parse_time(raw) {
            Ok(t) => data.due_time = Some(t),
            Err(e) => issues.push(Issue::error(line, Some(column), e.to_string())),
        }
    }
    if let Some((raw, column)) = &cells.priority {
        match Priority::parse(raw) {
            Ok(p) => data.priority = p,
            Err(e) => issues.push(Issue::error(line, Some(column), e)),
        }
    }
    data
}
