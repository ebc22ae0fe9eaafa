//! Checking values a user types for a custom field and turning them into the
//! JSON stored in the database.

use chrono::NaiveDate;
use serde_json::Value;

use super::types::CustomField;
use super::validate::or_list;
use crate::model::input_error::{CustomProblem, InputError};
use crate::vocab::FieldType;

impl CustomField {
    /// Validates a value typed by a user for this field and returns the JSON
    /// value to store: text → string (kept as typed); number → JSON number
    /// (integer or decimal, never NaN or infinite); date → `"YYYY-MM-DD"`
    /// string (ISO dates only); choice → the matching choice as declared
    /// (matched ignoring case). Surrounding spaces are ignored except for
    /// text, and Persian/Arabic-Indic digits are accepted for numbers and
    /// dates since kariz targets users who type them.
    /// Errors name the field, the value and what is allowed.
    pub fn validate_value(&self, raw: &str) -> Result<Value, String> {
        self.check_value(raw).map_err(String::from)
    }

    /// [`CustomField::validate_value`] with the refusal typed, so a
    /// front-end can say it in the interface's language.
    pub fn check_value(&self, raw: &str) -> Result<Value, InputError> {
        let trimmed = raw.trim();
        match self.field_type {
            FieldType::Text => Ok(Value::String(raw.to_owned())),
            FieldType::Number => parse_number(&latin_digits(trimmed))
                .ok_or_else(|| self.reject(raw, CustomProblem::Number)),
            FieldType::Date => parse_date(&latin_digits(trimmed))
                .ok_or_else(|| self.reject(raw, CustomProblem::Date)),
            FieldType::Choice => {
                let wanted = trimmed.to_lowercase();
                self.choices
                    .iter()
                    .find(|choice| choice.to_lowercase() == wanted)
                    .map(|choice| Value::String(choice.clone()))
                    .ok_or_else(|| {
                        let allowed: Vec<&str> = self.choices.iter().map(String::as_str).collect();
                        self.reject(
                            raw,
                            CustomProblem::Choice {
                                choices: self.choices.clone(),
                                allowed: or_list(&allowed),
                            },
                        )
                    })
            }
        }
    }

    /// Whether a stored JSON value (from the database, an import or a
    /// script) fits this field: exactly the forms `validate_value` produces.
    /// The one type check for stored values; the store's writer calls it.
    pub fn accepts_stored(&self, value: &Value) -> bool {
        match self.field_type {
            FieldType::Text => value.is_string(),
            FieldType::Number => value.is_number(),
            // The same exact `YYYY-MM-DD` rule as typed input: chrono alone
            // would also take "2025-3-1", which typed input refuses.
            FieldType::Date => value
                .as_str()
                .is_some_and(|d| parse_date(d).is_some_and(|v| v == *value)),
            FieldType::Choice => value
                .as_str()
                .is_some_and(|c| self.choices.iter().any(|x| x == c)),
        }
    }

    /// The common error shape: field, offending value, what is allowed.
    fn reject(&self, raw: &str, problem: CustomProblem) -> InputError {
        InputError::CustomField {
            field: self.name.clone(),
            input: raw.to_owned(),
            problem,
        }
    }
}

/// Maps Persian (U+06F0..) and Arabic-Indic (U+0660..) digits and the Arabic
/// decimal separator to ASCII; everything else is left for the parser to reject.
fn latin_digits(text: &str) -> String {
    crate::text::fold::fold_digits(text).replace(crate::text::digits::ARABIC_DECIMAL, ".")
}

/// `[+-]digits[.digits]`. A hand-written grammar instead of `f64::from_str`
/// because that also accepts `inf`, `NaN` and `1e5`, which are not what a
/// person means by a field value. Integers stay exact as JSON integers.
fn parse_number(text: &str) -> Option<Value> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return None;
    }
    let text = text.strip_prefix('+').unwrap_or(text);
    match fraction {
        None => text.parse::<i64>().ok().map(Value::from),
        Some(_) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
    }
}

/// Exactly `YYYY-MM-DD`; chrono alone would also accept `2025-3-1`.
fn parse_date(text: &str) -> Option<Value> {
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(Value::String(date.format("%Y-%m-%d").to_string()))
}
