//! Checks lexed terms against the known keys and builds a [`Query`].

use super::error::{ErrorKind, SegmentError};
use super::lexer::{RawTerm, Token, lex};
use super::{Cmp, Cond, DateKey, Has, Owner, Query, Status, Term};
use crate::model::dates::parse_date;
use crate::model::user::closest;
use chrono::NaiveDate;

/// Every key, as written (custom fields are `field.KEY`).
pub const KEYS: [&str; 17] = [
    "tag",
    "owner",
    "source",
    "campaign",
    "city",
    "company",
    "name",
    "stage",
    "pipeline",
    "status",
    "has",
    "created",
    "updated",
    "due",
    "called",
    "contacted",
    "field.",
];

/// Parses a filter expression. `today` anchors relative dates
/// (`created>=-30d`); Jalali dates and Persian or Arabic digits are read
/// by `model::dates::parse_date`.
///
/// # Errors
///
/// A [`SegmentError`] naming the column and what was expected.
pub fn parse(input: &str, today: NaiveDate) -> Result<Query, SegmentError> {
    let mut query = Query::default();
    let mut group: Vec<Term> = Vec::new();
    let mut pending_or: Option<usize> = None;
    for token in lex(input)? {
        match token {
            Token::Or(column) => {
                if group.is_empty() {
                    return Err(SegmentError {
                        column,
                        kind: ErrorKind::DanglingOr,
                    });
                }
                query.any.push(std::mem::take(&mut group));
                pending_or = Some(column);
            }
            Token::Term(raw) => {
                pending_or = None;
                if let Some(term) = term(raw, today)? {
                    group.push(term);
                }
            }
        }
    }
    if let Some(column) = pending_or {
        return Err(SegmentError {
            column,
            kind: ErrorKind::DanglingOr,
        });
    }
    if !group.is_empty() || query.any.is_empty() {
        query.any.push(group);
    }
    Ok(query)
}

fn err(column: usize, kind: ErrorKind) -> SegmentError {
    SegmentError { column, kind }
}

/// One term; `None` for an empty quoted text (`""`), which asks nothing.
fn term(raw: RawTerm, today: NaiveDate) -> Result<Option<Term>, SegmentError> {
    let (Some((key, key_column)), Some((op, op_column))) = (raw.key.clone(), raw.op.clone()) else {
        if raw.value.trim().is_empty() {
            return Ok(None);
        }
        return Ok(Some(Term {
            negated: raw.negated,
            column: raw.column,
            cond: Cond::Text(raw.value),
        }));
    };
    let lower = key.to_ascii_lowercase();
    if let Some(field) = lower.strip_prefix("field.") {
        if field.is_empty() {
            return Err(err(key_column, ErrorKind::MissingField));
        }
    } else if !KEYS.contains(&lower.as_str()) {
        let suggestions = closest(&lower, KEYS.into_iter().filter(|k| !k.ends_with('.')))
            .into_iter()
            .map(str::to_owned)
            .collect();
        return Err(err(key_column, ErrorKind::UnknownKey { key, suggestions }));
    }
    let value = raw.value.trim().to_owned();
    if value.is_empty() {
        return Err(err(
            op_column,
            ErrorKind::MissingValue {
                key: format!("{key}{op}"),
            },
        ));
    }
    let cmp = comparison(&op);
    let is_date = matches!(
        lower.as_str(),
        "created" | "updated" | "due" | "called" | "contacted"
    );
    if !is_date && cmp != Cmp::Eq {
        return Err(err(
            op_column,
            ErrorKind::BadOperator {
                key: lower,
                op,
                expected: "\":\" or \"=\"",
            },
        ));
    }
    let cond = condition(&lower, cmp, value, raw.value_column, today)?;
    Ok(Some(Term {
        negated: raw.negated,
        column: raw.column,
        cond,
    }))
}

fn comparison(op: &str) -> Cmp {
    match op {
        "<" => Cmp::Lt,
        "<=" => Cmp::Le,
        ">" => Cmp::Gt,
        ">=" => Cmp::Ge,
        _ => Cmp::Eq,
    }
}

fn condition(
    key: &str,
    cmp: Cmp,
    value: String,
    column: usize,
    today: NaiveDate,
) -> Result<Cond, SegmentError> {
    Ok(match key {
        "tag" => Cond::Tag(value),
        "owner" => Cond::Owner(match value.to_lowercase().as_str() {
            "me" => Owner::Me,
            "none" => Owner::Nobody,
            _ => Owner::Login(value),
        }),
        "source" => Cond::Source(value),
        "campaign" => Cond::Campaign(value),
        "city" => Cond::City(value),
        "company" => Cond::Company(value),
        "name" => Cond::Name(value),
        "stage" => Cond::Stage(value),
        "pipeline" => Cond::Pipeline(value),
        "status" => Cond::Status(choice(key, &value, column, &Status::NAMES, Status::parse)?),
        "has" => Cond::Has(choice(key, &value, column, &Has::NAMES, Has::parse)?),
        "created" | "updated" | "due" | "called" | "contacted" => {
            let date = parse_date(&value, today).map_err(|e| {
                err(
                    column,
                    ErrorKind::BadDate {
                        key: key.to_owned(),
                        reason: e.to_string(),
                    },
                )
            })?;
            let which = match key {
                "created" => DateKey::Created,
                "updated" => DateKey::Updated,
                "called" => DateKey::Called,
                "contacted" => DateKey::Contacted,
                _ => DateKey::Due,
            };
            Cond::Date(which, cmp, date)
        }
        field => Cond::Field {
            key: field.strip_prefix("field.").unwrap_or(field).to_owned(),
            value,
        },
    })
}

fn choice<T>(
    key: &str,
    value: &str,
    column: usize,
    choices: &[&'static str],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, SegmentError> {
    parse(&value.to_lowercase()).ok_or_else(|| {
        err(
            column,
            ErrorKind::BadChoice {
                key: key.to_owned(),
                value: value.to_owned(),
                choices: choices.to_vec(),
                suggestions: closest(value, choices.iter().copied())
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            },
        )
    })
}
