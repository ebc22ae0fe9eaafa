//! Cell values to record fields: names, contact points, tags, dates and
//! custom fields, each checked so a bad value is an issue with its column.

use super::record::Issue;
use crate::config::{Config, FieldEntity};
use crate::model::{ContactPoint, CustomValues, tag};
use chrono::NaiveDate;

/// Google puts several values in one cell separated by " ::: ".
pub fn split_multi(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(":::").map(str::trim).filter(|v| !v.is_empty())
}

/// `label:value | label:value` as kariz's CSV export writes phones and
/// e-mails; an item without a label (or whose "label" is not a word, as in
/// `+98:…`) gets `default`.
pub fn labelled_list(cell: &str, default: &str) -> Vec<(String, String)> {
    cell.split(" | ")
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| match item.split_once(':') {
            Some((label, value))
                if !label.is_empty()
                    && label
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '_' || c == '-') =>
            {
                (clean_label(label, default), value.trim().to_string())
            }
            _ => (default.to_string(), item.to_string()),
        })
        .collect()
}

/// A label as kariz stores it: Google's "* Work" becomes "work".
pub fn clean_label(label: &str, default: &str) -> String {
    let label = label.trim().trim_start_matches('*').trim().to_lowercase();
    if label.is_empty() {
        default.to_string()
    } else {
        label
    }
}

/// Tags from one cell: Google's " ::: " lists (without its system groups
/// such as "* myContacts"), Outlook's ";" lists, or commas.
pub fn tags_from(cell: &str, line: usize, column: &str, issues: &mut Vec<Issue>) -> Vec<String> {
    let mut out = Vec::new();
    for part in cell.split(":::").flat_map(|p| p.split([';', ','])) {
        let part = part.trim();
        if part.is_empty() || part.starts_with('*') {
            continue;
        }
        match tag::normalize(part) {
            Ok(t) => out.push(t),
            Err(e) => issues.push(Issue::warning(
                line,
                Some(column),
                format!("tag dropped: {e}"),
            )),
        }
    }
    out
}

/// An e-mail, checked.
pub fn email(value: &str, label: &str, line: usize, column: &str) -> Result<ContactPoint, Issue> {
    let point = ContactPoint {
        label: label.to_string(),
        value: value.trim().to_string(),
    };
    point
        .validate_email()
        .map_err(|e| Issue::error(line, Some(column), e))?;
    Ok(point)
}

/// A phone number, checked.
pub fn phone(value: &str, label: &str, line: usize, column: &str) -> Result<ContactPoint, Issue> {
    let point = ContactPoint {
        label: label.to_string(),
        value: value.trim().to_string(),
    };
    point
        .validate_phone()
        .map_err(|e| Issue::error(line, Some(column), e))?;
    Ok(point)
}

/// What a date cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCell {
    /// Nothing (including Outlook's "0/0/00").
    Empty,
    /// A full date.
    Date(NaiveDate),
    /// A day without a year (Google's "--05-14"): kariz cannot store it.
    NoYear,
}

/// Parses a date written in a file: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`,
/// or day/month/year with the year last when the order is unambiguous
/// (one of the first two numbers is above 12).
pub fn date(cell: &str) -> Result<DateCell, String> {
    let text = cell.trim();
    if text.is_empty() || text == "0/0/00" || text == "0/0/0000" {
        return Ok(DateCell::Empty);
    }
    if text.starts_with("--") {
        return Ok(DateCell::NoYear);
    }
    let numbers: Vec<&str> = text.split(['-', '/', '.']).collect();
    let parse = |s: &str| s.trim().parse::<u32>().ok();
    let ymd = |y: u32, m: u32, d: u32| {
        i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .ok_or_else(|| format!("{text:?} is not a day that exists"))
    };
    let bad = || format!("{text:?} is not a date; write it as YYYY-MM-DD, e.g. 1990-05-14");
    match numbers.as_slice() {
        // Only ASCII digits, so the cuts below fall between characters.
        [one] if one.len() == 8 && one.bytes().all(|b| b.is_ascii_digit()) => {
            let part = |range: std::ops::Range<usize>| one.get(range).and_then(parse);
            let (y, m, d) = (part(0..4), part(4..6), part(6..8));
            match (y, m, d) {
                (Some(y), Some(m), Some(d)) => ymd(y, m, d).map(DateCell::Date),
                _ => Err(bad()),
            }
        }
        [a, b, c] => {
            let (Some(x), Some(y), Some(z)) = (parse(a), parse(b), parse(c)) else {
                return Err(bad());
            };
            if a.trim().len() == 4 {
                return ymd(x, y, z).map(DateCell::Date);
            }
            if c.trim().len() != 4 {
                return Err(bad());
            }
            if x > 12 {
                ymd(z, y, x).map(DateCell::Date)
            } else if y > 12 || x == y {
                ymd(z, x, y).map(DateCell::Date)
            } else {
                Err(format!(
                    "{text:?} could be day/month or month/day; write it as YYYY-MM-DD"
                ))
            }
        }
        _ => Err(bad()),
    }
}

/// The custom fields in a cell of kariz's own `custom` column: a JSON
/// object of field name → value, each value as text for [`custom`] to
/// check (numbers and booleans as JSON writes them).
pub fn custom_object(cell: &str) -> Result<Vec<(String, String)>, String> {
    let bad = || {
        format!(
            "the custom column holds the custom fields as one JSON object, such as {{\"segment\":\"retail\"}}; {:?} is not one",
            crate::text::sanitize::visible(&cell.chars().take(60).collect::<String>())
        )
    };
    let serde_json::Value::Object(map) =
        serde_json::from_str::<serde_json::Value>(cell).map_err(|_| bad())?
    else {
        return Err(bad());
    };
    map.into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(name, value)| match value {
            serde_json::Value::String(s) => Ok((name, s)),
            serde_json::Value::Number(n) => Ok((name, n.to_string())),
            serde_json::Value::Bool(b) => Ok((name, b.to_string())),
            _ => Err(format!(
                "custom field {name:?} holds a list or an object; kariz's custom fields are text, numbers, dates or choices"
            )),
        })
        .collect()
}

/// Checks a custom-field value against the config and stores it.
pub fn custom(
    config: &Config,
    entity: FieldEntity,
    name: &str,
    raw: &str,
    values: &mut CustomValues,
) -> Result<(), String> {
    let Some(field) = config.custom_field(entity, name) else {
        return Err(format!(
            "custom field {name:?} is not declared for {} in the config",
            entity.as_str()
        ));
    };
    if raw.trim().is_empty() {
        return Ok(());
    }
    let value = field.validate_value(raw)?;
    values.insert(field.name.clone(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_in_file_forms() {
        let ok = |t: &str| match date(t).unwrap() {
            DateCell::Date(d) => d,
            _ => panic!("{t} is not a date"),
        };
        assert_eq!(ok("1990-05-14"), day(1990, 5, 14));
        assert_eq!(ok("1990/5/4"), day(1990, 5, 4));
        assert_eq!(ok("19900514"), day(1990, 5, 14));
        assert_eq!(ok("14/05/1990"), day(1990, 5, 14));
        assert_eq!(ok("5/14/1990"), day(1990, 5, 14));
        assert!(matches!(date("--05-14").unwrap(), DateCell::NoYear));
        assert!(matches!(date("0/0/00").unwrap(), DateCell::Empty));
        assert!(date("5/6/1990").unwrap_err().contains("day/month"));
        assert!(date("1990-02-30").unwrap_err().contains("exists"));
        assert!(date("tomorrow").unwrap_err().contains("YYYY-MM-DD"));
        // Eight bytes, not eight digits: once a panic on a byte slice.
        assert!(date("۱۳۷۰").is_err());
        assert!(date("é1234567").is_err());
        assert!(date("12é34567").is_err());
    }

    #[test]
    fn kariz_custom_column() {
        assert_eq!(
            custom_object(r#"{"segment":"retail","size":12,"since":"2020-01-02"}"#).unwrap(),
            [
                ("segment".to_string(), "retail".to_string()),
                ("since".to_string(), "2020-01-02".to_string()),
                ("size".to_string(), "12".to_string()),
            ]
        );
        assert!(
            custom_object("segment=retail")
                .unwrap_err()
                .contains("JSON object")
        );
        assert!(custom_object(r#"{"a":[1]}"#).unwrap_err().contains("list"));
    }

    #[test]
    fn google_multi_values_and_labels() {
        assert_eq!(
            split_multi("a@x.ir ::: b@y.ir").collect::<Vec<_>>(),
            ["a@x.ir", "b@y.ir"]
        );
        assert_eq!(clean_label("* Work", "x"), "work");
        assert_eq!(clean_label("", "mobile"), "mobile");
        let mut issues = vec![];
        assert_eq!(
            tags_from("* myContacts ::: مشتری ::: VIP", 2, "Labels", &mut issues),
            ["مشتری", "VIP"]
        );
        assert!(issues.is_empty());
    }
}
