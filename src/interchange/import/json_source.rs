//! JSON in the shape `kariz person list --json` and `kariz company list
//! --json` print: an array of records (a single object is accepted too).
//! A record's position in the array (1-based) stands for its line.

use super::fields::{self, DateCell};
use super::record::{ImportEntity, Issue, Parsed, Record};
use crate::model::{CompanyData, ContactPoint, CustomValues, PersonData};
use serde_json::Value;

/// Keys of `deal list --json` and `task list --json` that are derived
/// (from the stage, the value in minor units, the write times) or repeat a
/// link as a name next to its id: not imported.
const DERIVED: &[&str] = &[
    "value",
    "status",
    "stage_entered_at",
    "closed_at",
    "created_at",
    "updated_at",
    "version",
    "company_id",
];

/// Reads deals or tasks in the shape `kariz deal list --json` and `kariz
/// task list --json` print: each object's keys are read as CSV columns
/// with the same names would be (so the same checks apply), its `id`
/// becomes the external id `kariz:ID` as for people.
pub fn read_work(
    text: &str,
    settings: &super::csv_source::CsvSettings<'_>,
) -> Result<Vec<Parsed>, String> {
    let records = array_of(text)?;
    let mut rows = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let line = i + 1;
        let Value::Object(map) = record else {
            rows.push(Parsed::rejected(
                line,
                Issue::error(line, None, "not a JSON object"),
            ));
            continue;
        };
        let has = |k: &str| map.get(k).is_some_and(|v| !v.is_null());
        let mut headers = Vec::new();
        let mut cells = Vec::new();
        for (key, value) in map {
            let name_of_link =
                (key == "person" && has("person_id")) || (key == "deal" && has("deal_id"));
            if DERIVED.contains(&key.as_str()) || name_of_link {
                continue;
            }
            let cell = match (key.as_str(), value) {
                (_, Value::Null) => String::new(),
                ("id", v) if !has("external_id") => format!(
                    "kariz:{}",
                    v.as_str().map_or_else(|| v.to_string(), str::to_string)
                ),
                (_, Value::String(s)) => s.clone(),
                (_, Value::Array(items)) => items
                    .iter()
                    .map(|t| t.as_str().map_or_else(|| t.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(", "),
                (_, v) => v.to_string(),
            };
            headers.push(key.clone());
            cells.push(cell);
        }
        let plan =
            super::mapping::ColumnPlan::new(&headers, settings.map).map_err(|e| e.to_string())?;
        rows.push(super::csv_source::convert(&plan, line, &cells, settings));
    }
    Ok(rows)
}

fn array_of(text: &str) -> Result<Vec<Value>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "line {}, column {}: not valid JSON: {e}",
            e.line(),
            e.column()
        )
    })?;
    match value {
        Value::Array(items) => Ok(items),
        object @ Value::Object(_) => Ok(vec![object]),
        _ => Err("the JSON must be an array of records, as kariz's JSON listings print".into()),
    }
}

/// Reads the records of a JSON text.
pub fn read(text: &str, entity: ImportEntity, default_owner: &str) -> Result<Vec<Parsed>, String> {
    if matches!(
        entity,
        ImportEntity::Deal | ImportEntity::Task | ImportEntity::Activity
    ) {
        return Err(format!(
            "JSON import reads people and companies; import {}s from CSV",
            entity.as_str()
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "line {}, column {}: not valid JSON: {e}",
            e.line(),
            e.column()
        )
    })?;
    let records = match value {
        Value::Array(items) => items,
        object @ Value::Object(_) => vec![object],
        _ => {
            return Err(
                "the JSON must be an array of records, as kariz's JSON listings print".into(),
            );
        }
    };
    Ok(records
        .iter()
        .enumerate()
        .map(|(i, r)| convert(i + 1, r, entity, default_owner))
        .collect())
}

fn text(record: &Value, key: &str) -> Option<String> {
    record
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn points(
    record: &Value,
    key: &str,
    n: usize,
    issues: &mut Vec<Issue>,
    check: fn(&str, &str, usize, &str) -> Result<ContactPoint, Issue>,
    default: &str,
) -> Vec<ContactPoint> {
    let mut out = Vec::new();
    for item in record
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (label, value) = match item {
            Value::String(s) => (default.to_string(), s.clone()),
            _ => (
                text(item, "label").unwrap_or_else(|| default.to_string()),
                text(item, "value").unwrap_or_default(),
            ),
        };
        match check(&value, &label, n, key) {
            Ok(p) => out.push(p),
            Err(issue) => issues.push(issue),
        }
    }
    out
}

/// The record's `external_id`, else its kariz `id` as `kariz:ID` (what
/// kariz's own JSON export holds), so a re-import matches it.
fn external_id(record: &Value) -> Option<String> {
    text(record, "external_id").or_else(|| {
        record
            .get("id")
            .filter(|v| v.is_i64() || v.is_string())
            .map(|v| {
                format!(
                    "kariz:{}",
                    v.as_str().map_or_else(|| v.to_string(), str::to_string)
                )
            })
    })
}

/// The `tags` array and the `custom` object (absent: none).
fn tags_and_custom(record: &Value) -> (Vec<String>, CustomValues) {
    let tags = record
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let custom = match record.get("custom") {
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => CustomValues::default(),
    };
    (tags, custom)
}

fn convert(n: usize, record: &Value, entity: ImportEntity, default_owner: &str) -> Parsed {
    let mut issues = Vec::new();
    if !record.is_object() {
        return Parsed::rejected(n, Issue::error(n, None, "not a JSON object"));
    }
    let external_id = external_id(record);
    let emails = points(record, "emails", n, &mut issues, fields::email, "work");
    let phones = points(record, "phones", n, &mut issues, fields::phone, "mobile");
    let (tags, custom) = tags_and_custom(record);
    let name = text(record, "name").unwrap_or_default();
    let owner = text(record, "owner").or_else(|| Some(default_owner.to_string()));
    let record_out = match entity {
        ImportEntity::Person => {
            let mut birthday = None;
            if let Some(raw) = text(record, "birthday") {
                match fields::date(&raw) {
                    Ok(DateCell::Date(d)) => birthday = Some(d),
                    Ok(_) => {}
                    Err(e) => issues.push(Issue::error(n, Some("birthday"), e)),
                }
            }
            let mut data = PersonData {
                name,
                title: text(record, "title"),
                phones,
                emails,
                address: text(record, "address"),
                birthday,
                lead_source: text(record, "lead_source"),
                owner,
                notes: text(record, "notes"),
                tags,
                custom,
                ..PersonData::default()
            };
            if let Err(e) = data.validate() {
                issues.push(Issue::error(n, None, e));
            }
            Record::Person {
                data,
                company: text(record, "company"),
            }
        }
        ImportEntity::Company
        | ImportEntity::Deal
        | ImportEntity::Task
        | ImportEntity::Activity => {
            let mut data = CompanyData {
                name,
                domain: text(record, "domain"),
                industry: text(record, "industry"),
                phones,
                emails,
                address: text(record, "address"),
                owner,
                notes: text(record, "notes"),
                tags,
                custom,
            };
            if let Err(e) = data.validate() {
                issues.push(Issue::error(n, None, e));
            }
            Record::Company(data)
        }
    };
    let ok = issues.iter().all(|i| i.warning);
    Parsed {
        line: n,
        external_id,
        campaign: text(record, "campaign"),
        record: ok.then_some(record_out),
        issues,
    }
}
