//! Conversions between model values and their stored text forms.

use super::db;
use super::db::Row;
use crate::error::{Error, Result};
use crate::model::CustomValues;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// Stored form of a UTC timestamp: RFC 3339 with whole seconds and `Z`, so
/// text order is time order.
pub fn ts(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Stored form of a date.
pub fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Stored form of a time of day.
pub fn time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn conversion(idx: usize, message: String) -> db::Error {
    db::Error::conversion(idx, message)
}

/// Reads a timestamp column.
pub fn get_ts(row: &Row<'_>, idx: usize) -> db::Result<DateTime<Utc>> {
    let text: String = row.get(idx)?;
    parse_ts(&text).map_err(|e| conversion(idx, e))
}

/// Reads a nullable timestamp column.
pub fn get_opt_ts(row: &Row<'_>, idx: usize) -> db::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| parse_ts(&t).map_err(|e| conversion(idx, e)))
        .transpose()
}

/// Parses a stored timestamp.
pub fn parse_ts(text: &str) -> std::result::Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| format!("stored time {text:?} is not RFC 3339: {e}"))
}

/// Reads a nullable date column.
pub fn get_opt_date(row: &Row<'_>, idx: usize) -> db::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| {
        NaiveDate::parse_from_str(&t, "%Y-%m-%d")
            .map_err(|e| conversion(idx, format!("stored date {t:?} is invalid: {e}")))
    })
    .transpose()
}

/// Reads a nullable time-of-day column.
pub fn get_opt_time(row: &Row<'_>, idx: usize) -> db::Result<Option<NaiveTime>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| {
        NaiveTime::parse_from_str(&t, "%H:%M")
            .map_err(|e| conversion(idx, format!("stored time {t:?} is invalid: {e}")))
    })
    .transpose()
}

/// Reads the custom-fields JSON column.
pub fn get_custom(row: &Row<'_>, idx: usize) -> db::Result<CustomValues> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| db::Error::conversion(idx, e.to_string()))
}

/// Stored form of custom values.
pub fn custom(values: &CustomValues) -> Result<String> {
    serde_json::to_string(values)
        .map_err(|e| Error::invalid(format!("custom fields cannot be stored: {e}")))
}

/// Reads a small enum stored as text through its parser.
pub fn get_parsed<T>(
    row: &Row<'_>,
    idx: usize,
    parse: impl FnOnce(&str) -> Option<T>,
) -> db::Result<T> {
    let text: String = row.get(idx)?;
    parse(&text)
        .ok_or_else(|| db::Error::conversion(idx, format!("unexpected stored value {text:?}")))
}

/// Record ids as a JSON array, bound as one parameter and read back with
/// `json_each` (`WHERE id IN (SELECT value FROM json_each(?1))`): one
/// statement for any number of ids, no SQL built from their count.
pub(super) fn id_list(ids: &[i64]) -> String {
    let mut text = String::with_capacity(ids.len() * 8 + 2);
    text.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&id.to_string());
    }
    text.push(']');
    text
}
