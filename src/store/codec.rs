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
    let text = row
        .get_str(idx)?
        .ok_or_else(|| conversion(idx, "stored time is missing".into()))?;
    parse_ts(text).map_err(|e| conversion(idx, e))
}

/// Reads a nullable timestamp column.
pub fn get_opt_ts(row: &Row<'_>, idx: usize) -> db::Result<Option<DateTime<Utc>>> {
    let text = row.get_str(idx)?;
    text.map(|t| parse_ts(t).map_err(|e| conversion(idx, e)))
        .transpose()
}

/// Parses a stored timestamp.
pub fn parse_ts(text: &str) -> std::result::Result<DateTime<Utc>, String> {
    if let Some(at) = stored_ts(text) {
        return Ok(at);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| format!("stored time {text:?} is not RFC 3339: {e}"))
}

// Lists read thousands of dates and timestamps, and chrono's format-string
// parsers cost more than the query (issue 17). These read exactly the forms
// `ts`, `date` and `time` write; anything else goes to chrono, which also
// words the error.

/// The number written by the ASCII digits `bytes[from..to]`.
fn number(bytes: &[u8], from: usize, to: usize) -> Option<u32> {
    bytes.get(from..to)?.iter().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `YYYY-MM-DD`.
fn stored_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(number(b, 0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(b, 5, 7)?, number(b, 8, 10)?)
}

/// `HH:MM`, or `HH:MM:SS` when `seconds`.
fn clock(b: &[u8], seconds: bool) -> Option<NaiveTime> {
    if b.get(2) != Some(&b':') || (seconds && b.get(5) != Some(&b':')) {
        return None;
    }
    let second = if seconds { number(b, 6, 8)? } else { 0 };
    NaiveTime::from_hms_opt(number(b, 0, 2)?, number(b, 3, 5)?, second)
}

fn stored_time(b: &[u8]) -> Option<NaiveTime> {
    if b.len() != 5 {
        return None;
    }
    clock(b, false)
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
fn stored_ts(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 20 || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let day = stored_date(text.get(..10)?)?;
    let time = clock(b.get(11..19)?, true)?;
    Some(day.and_time(time).and_utc())
}

/// Reads a nullable date column.
pub fn get_opt_date(row: &Row<'_>, idx: usize) -> db::Result<Option<NaiveDate>> {
    let text = row.get_str(idx)?;
    text.map(|t| {
        stored_date(t)
            .map_or_else(|| NaiveDate::parse_from_str(t, "%Y-%m-%d"), Ok)
            .map_err(|e| conversion(idx, format!("stored date {t:?} is invalid: {e}")))
    })
    .transpose()
}

/// Reads a nullable time-of-day column.
pub fn get_opt_time(row: &Row<'_>, idx: usize) -> db::Result<Option<NaiveTime>> {
    let text = row.get_str(idx)?;
    text.map(|t| {
        stored_time(t.as_bytes())
            .map_or_else(|| NaiveTime::parse_from_str(t, "%H:%M"), Ok)
            .map_err(|e| conversion(idx, format!("stored time {t:?} is invalid: {e}")))
    })
    .transpose()
}

/// Reads the custom-fields JSON column.
pub fn get_custom(row: &Row<'_>, idx: usize) -> db::Result<CustomValues> {
    let text = row
        .get_str(idx)?
        .ok_or_else(|| conversion(idx, "custom fields are missing".into()))?;
    // Most records have none (the column's default): a list of thousands
    // skips starting the JSON parser for each.
    if text == "{}" {
        return Ok(CustomValues::new());
    }
    serde_json::from_str(text).map_err(|e| db::Error::conversion(idx, e.to_string()))
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
    let text = row
        .get_str(idx)?
        .ok_or_else(|| conversion(idx, "stored value is missing".into()))?;
    parse(text)
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

/// The separators of a record's parts joined into one column by a query
/// (`string_agg`, both engines): between a part's fields, and between
/// parts. Stored text holds no control characters (`model::limits`), so
/// neither can occur inside a value.
pub(super) const UNIT_SEPARATOR: &str = "\u{1f}";
pub(super) const RECORD_SEPARATOR: &str = "\u{1e}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_readers_agree_with_chrono() {
        let dates = [
            "2026-12-06",
            "1403-09-16",
            "2024-02-29",
            "2026-02-29",
            "2026-13-01",
            "2026-1-05",
            "2026/12/06",
            "20a6-12-06",
            "۲۰۲۶-۱۲-۰۶",
        ];
        for text in dates {
            let chrono = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            let fast = stored_date(text);
            // The fast reader may decline (None) only where chrono decides.
            assert!(fast.is_none() || fast == chrono, "{text:?}");
            assert_eq!(
                fast.is_some(),
                chrono.is_some() && text.len() == 10,
                "{text:?}"
            );
        }
        for text in ["08:30", "23:59", "24:00", "7:30", "08:60", "0830", "08:3x"] {
            let chrono = NaiveTime::parse_from_str(text, "%H:%M").ok();
            let fast = stored_time(text.as_bytes());
            assert!(fast.is_none() || fast == chrono, "{text:?}");
            assert_eq!(
                fast.is_some(),
                chrono.is_some() && text.len() == 5,
                "{text:?}"
            );
        }
        let at = DateTime::parse_from_rfc3339("2026-12-06T09:05:07Z").unwrap();
        assert_eq!(
            stored_ts("2026-12-06T09:05:07Z"),
            Some(at.with_timezone(&Utc))
        );
        assert_eq!(stored_ts("2026-12-06T09:05:07+03:30"), None);
        assert_eq!(stored_ts("2026-12-06 09:05:07Z"), None);
        assert_eq!(stored_ts("2026-12-06T25:05:07Z"), None);
        // What the fast reader declines still parses the long way.
        assert_eq!(
            parse_ts("2026-12-06T12:35:07+03:30").unwrap(),
            at.with_timezone(&Utc)
        );
        assert_eq!(parse_ts(&ts(at.with_timezone(&Utc))).unwrap(), at);
    }
}
