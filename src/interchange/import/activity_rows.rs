//! Reading history files: activity rows from a spreadsheet CRM's CSV (its
//! headers in English, Persian or Arabic, or kariz's own export) or from
//! `kariz activity list --json`, and the times they give. Checking and
//! linking the rows is `activities.rs`.

use super::csv_text::{CsvItem, CsvReader, sniff_delimiter};
use super::fields::{self, DateCell};
use super::record::Issue;
use crate::clock::Clock;
use crate::error::{Error, Remedy};
use crate::interchange::csv_safety::unprotect;
use crate::model::dates;
use chrono::{DateTime, NaiveTime, Utc};
use serde_json::Value;
use std::collections::BTreeMap;

/// One activity as written in the file, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityRow {
    /// Line (CSV) or position in the array (JSON).
    pub line: usize,
    /// Kind: `call`, `incoming_call`, `email`, `meeting`, `sms`, …
    pub kind: Option<String>,
    /// When it happened.
    pub when: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// Body text.
    pub body: Option<String>,
    /// Who recorded it (default: the importer).
    pub author: Option<String>,
    /// The person: external id, id or e-mail.
    pub person: Option<String>,
    /// The company: external id, id or name.
    pub company: Option<String>,
    /// The deal: external id or id.
    pub deal: Option<String>,
    /// Problems found while reading the row.
    pub issues: Vec<Issue>,
}

/// The field an activity column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Kind,
    When,
    Subject,
    Body,
    Author,
    Person,
    PersonId,
    Company,
    CompanyId,
    Deal,
    DealId,
    Ignore,
}

/// A column for an activity field name as `--map` takes it, or as headers
/// commonly say it (kariz's own export included).
fn column(name: &str) -> Option<Column> {
    let n = name
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace(['_', '-'], " ");
    let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match n.as_str() {
        "kind" | "type" | "activity type" | "activity" | "نوع" | "النوع" => Column::Kind,
        "when" | "occurred at" | "date" | "date time" | "datetime" | "time" | "timestamp"
        | "تاریخ" | "زمان" | "التاريخ" => Column::When,
        "subject" | "title" | "summary" | "موضوع" | "الموضوع" => Column::Subject,
        "body" | "notes" | "note" | "description" | "details" | "content" | "متن" | "یادداشت"
        | "ملاحظات" => Column::Body,
        "author" | "owner" | "by" | "user" | "recorded by" | "مسئول" => Column::Author,
        "person" | "contact" | "person email" | "contact email" | "email" | "e mail" | "شخص" => {
            Column::Person
        }
        "person id" | "contact id" => Column::PersonId,
        "company" | "organization" | "account" | "شرکت" | "الشركة" => Column::Company,
        "company id" | "account id" => Column::CompanyId,
        "deal" | "opportunity" | "معامله" => Column::Deal,
        "deal id" | "opportunity id" => Column::DealId,
        "id" | "external id" | "created at" | "updated at" | "version" | "ignore" | "skip" => {
            Column::Ignore
        }
        _ => return None,
    })
}

/// Reads the rows of an activity CSV. `map` maps columns by hand
/// (`COLUMN=FIELD`, fields as [`column`] knows them). Fails only when the
/// header is unusable; returns the rows and the columns not imported.
pub fn read_csv(
    text: &str,
    map: &BTreeMap<String, String>,
) -> std::result::Result<(Vec<ActivityRow>, Vec<String>), Error> {
    let mut reader = CsvReader::new(text, sniff_delimiter(text));
    let headers = match reader.next() {
        None => {
            return Err(Error::invalid(
                "the file is empty; the first line must be a header",
            ));
        }
        Some(CsvItem::Bad(p)) => {
            return Err(Error::invalid(format!(
                "line {}: the header line is broken: {}",
                p.line, p.reason
            )));
        }
        Some(CsvItem::Row(r)) => r.fields,
    };
    let plan = column_plan(&headers, map)?;
    let unmapped = headers
        .iter()
        .zip(&plan)
        .filter(|(_, c)| c.is_none())
        .map(|(h, _)| h.clone())
        .collect();
    let mut rows = Vec::new();
    for item in reader {
        let r = match item {
            CsvItem::Bad(p) => {
                let col = headers.get(p.field.saturating_sub(1)).map(String::as_str);
                rows.push(rejected(p.line, Issue::error(p.line, col, p.reason)));
                continue;
            }
            CsvItem::Row(r) => r,
        };
        if r.fields.len() != headers.len() {
            let issue = Issue::error(
                r.line,
                None,
                format!(
                    "the row has {} fields but the header has {} (a missing or extra delimiter, or an unquoted comma)",
                    r.fields.len(),
                    headers.len()
                ),
            );
            rows.push(rejected(r.line, issue));
            continue;
        }
        rows.push(activity_row(r.line, &plan, &r.fields));
    }
    Ok((rows, unmapped))
}

/// What each column of `headers` holds: the hand mapping first, then the
/// header's own name. Fails when the mapping names a missing column or an
/// unknown field, or when no column holds the kind or the time.
fn column_plan(
    headers: &[String],
    map: &BTreeMap<String, String>,
) -> std::result::Result<Vec<Option<Column>>, Error> {
    for (name, field) in map {
        if !headers.iter().any(|h| h.trim() == name.trim()) {
            return Err(Error::rejected(
                format!(
                    "the column mapping names the column {name:?}, which the file does not have; its columns are: {}",
                    headers.join(", ")
                ),
                Remedy::ColumnMap,
            ));
        }
        if column(field).is_none() {
            return Err(Error::invalid(format!(
                "the column mapping {name}={field}: {field:?} is not an activity field; use kind, when, subject, body, owner, person, person_id, company, company_id, deal, deal_id or ignore"
            )));
        }
    }
    let plan: Vec<Option<Column>> = headers
        .iter()
        .map(|h| {
            map.get(h.trim())
                .and_then(|f| column(f))
                .or_else(|| column(h))
        })
        .collect();
    for (needed, what, field) in [
        (Column::Kind, "kind", "kind"),
        (Column::When, "time", "when"),
    ] {
        if !plan.contains(&Some(needed)) {
            return Err(Error::rejected(
                format!(
                    "no column holds the activity's {what}; the columns are: {}; map one of them to {field}",
                    headers.join(", "),
                ),
                Remedy::ColumnMap,
            ));
        }
    }
    Ok(plan)
}

/// One well-formed CSV record as an activity row, by the column plan.
fn activity_row(line: usize, plan: &[Option<Column>], fields: &[String]) -> ActivityRow {
    let mut row = ActivityRow {
        line,
        ..ActivityRow::default()
    };
    for (target, raw) in plan.iter().zip(fields) {
        let cell = unprotect(raw.trim()).trim().to_string();
        if cell.is_empty() {
            continue;
        }
        let slot = match target {
            Some(Column::Kind) => &mut row.kind,
            Some(Column::When) => &mut row.when,
            Some(Column::Subject) => &mut row.subject,
            // The body keeps its inner line breaks and spacing.
            Some(Column::Body) => &mut row.body,
            Some(Column::Author) => &mut row.author,
            // An id column wins over a name column of the same link
            // (kariz's export writes both: person_id and the name).
            Some(Column::PersonId) => {
                row.person = Some(cell);
                continue;
            }
            Some(Column::Person) => &mut row.person,
            Some(Column::CompanyId) => {
                row.company = Some(cell);
                continue;
            }
            Some(Column::Company) => &mut row.company,
            Some(Column::DealId) => {
                row.deal = Some(cell);
                continue;
            }
            Some(Column::Deal) => &mut row.deal,
            Some(Column::Ignore) | None => continue,
        };
        if slot.is_none() {
            *slot = Some(cell);
        }
    }
    row
}

fn rejected(line: usize, issue: Issue) -> ActivityRow {
    ActivityRow {
        line,
        issues: vec![issue],
        ..ActivityRow::default()
    }
}

/// Reads activities from JSON in the shape `kariz activity list --json`
/// prints (an array; a single object is accepted too).
pub fn read_json(text: &str) -> std::result::Result<Vec<ActivityRow>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "line {}, column {}: not valid JSON: {e}",
            e.line(),
            e.column()
        )
    })?;
    let records =
        match value {
            Value::Array(items) => items,
            object @ Value::Object(_) => vec![object],
            _ => return Err(
                "the JSON must be an array of activities, as kariz's JSON activity listing prints"
                    .into(),
            ),
        };
    Ok(records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let line = i + 1;
            if !r.is_object() {
                return rejected(line, Issue::error(line, None, "not a JSON object"));
            }
            let get = |keys: &[&str]| {
                keys.iter().find_map(|k| match r.get(*k) {
                    Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                })
            };
            ActivityRow {
                line,
                kind: get(&["kind"]),
                when: get(&["occurred_at", "when"]),
                subject: get(&["subject"]),
                body: get(&["body"]),
                author: get(&["author", "owner"]),
                person: get(&["person_id", "person"]),
                company: get(&["company_id", "company"]),
                deal: get(&["deal_id", "deal"]),
                issues: vec![],
            }
        })
        .collect())
}

/// When an activity happened: RFC 3339 (`2026-11-22T06:30:00Z`, kariz's
/// export), or a date in any form a file or kariz takes (`2026-11-22`,
/// `22/11/2026`, `۱۴۰۵/۰۹/۰۱`…) optionally followed by a time (`14:30`), in
/// the user's local time. A date alone is taken as 12:00, which keeps the
/// day whatever the time zone of the file's author.
pub fn parse_when(raw: &str, clock: &Clock) -> std::result::Result<DateTime<Utc>, String> {
    let text = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    let (day, time) = match text
        .rsplit_once(char::is_whitespace)
        .or_else(|| text.split_once(['T', 't']))
    {
        Some((d, t)) if t.contains(':') => (d.trim(), Some(t)),
        _ => (text, None),
    };
    // kariz's own forms first (ISO, Jalali years 1300–1499, Persian
    // digits), then the day/month/year forms spreadsheets write.
    let date = match dates::parse_date(day, clock.today()) {
        Ok(d) => d,
        Err(e) => match fields::date(day) {
            Ok(DateCell::Date(d)) => d,
            _ => {
                return Err(format!(
                    "{e}; write the time as YYYY-MM-DD HH:MM or 2026-11-22T06:30:00Z"
                ));
            }
        },
    };
    let time = match time {
        Some(t) => dates::parse_time(t).map_err(|e| e.to_string())?,
        None => NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
    };
    Ok(clock.local_to_utc(date, time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};
    use proptest::prelude::*;

    fn clock() -> Clock {
        let tehran = FixedOffset::east_opt(3 * 3600 + 1800).unwrap();
        Clock::fixed(tehran.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap())
    }

    #[test]
    fn times_in_file_forms() {
        let c = clock();
        let at = |s: &str| parse_when(s, &c).unwrap().to_rfc3339();
        assert_eq!(at("2026-11-20T06:30:00Z"), "2026-11-20T06:30:00+00:00");
        assert_eq!(at("2026-11-20 10:00"), "2026-11-20T06:30:00+00:00");
        assert_eq!(at("20/11/2026 10:00"), "2026-11-20T06:30:00+00:00");
        assert_eq!(at("2026-11-20"), "2026-11-20T08:30:00+00:00");
        assert_eq!(at("2026-11-20T10:00"), "2026-11-20T06:30:00+00:00");
        // Jalali 1405/08/29 is 2026-11-20.
        assert_eq!(at("۱۴۰۵/۰۸/۲۹ ۱۰:۰۰"), "2026-11-20T06:30:00+00:00");
        assert!(parse_when("soon", &c).is_err());
        assert!(parse_when("2026-11-20 25:00", &c).is_err());
    }

    #[test]
    fn columns_of_kariz_export_and_spreadsheets() {
        for h in ["kind", "Type", "Activity Type"] {
            assert_eq!(column(h), Some(Column::Kind), "{h}");
        }
        assert_eq!(column("occurred_at"), Some(Column::When));
        assert_eq!(column("person_id"), Some(Column::PersonId));
        assert_eq!(column("Contact Email"), Some(Column::Person));
        assert_eq!(column("id"), Some(Column::Ignore));
        assert_eq!(column("mood"), None);
    }

    #[test]
    fn an_id_column_wins_over_the_name_column() {
        let text = "kind,occurred_at,person,person_id\ncall,2026-11-20,Sara Ahmadi,7\n";
        let (rows, unmapped) = read_csv(text, &BTreeMap::new()).unwrap();
        assert!(unmapped.is_empty());
        assert_eq!(rows[0].person.as_deref(), Some("7"));
        assert!(
            read_csv("subject\nx\n", &BTreeMap::new())
                .unwrap_err()
                .to_string()
                .contains("kind")
        );
    }

    proptest! {
        #[test]
        fn reading_never_panics(text in "(kind|when|subject|person|,|\"|\n|\r|[a-z@.0-9 :/-]|\\PC){0,120}") {
            let _ = read_csv(&text, &BTreeMap::new());
            let _ = read_csv(&format!("kind,when,subject,person\n{text}"), &BTreeMap::new());
            let _ = read_json(&text);
            let _ = parse_when(&text, &clock());
        }
    }
}
