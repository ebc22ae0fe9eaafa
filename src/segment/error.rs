//! Why a segment expression was refused, with the column to look at.

use crate::text::sanitize::visible;
use std::fmt;

/// A refused filter expression: what went wrong and where (1-based
/// column in characters, as a terminal shows it in a left-to-right line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentError {
    /// Where the problem starts.
    pub column: usize,
    /// What the problem is.
    pub kind: ErrorKind,
}

/// The kinds of problem in a filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A key that does not exist, with the nearest known keys.
    UnknownKey {
        /// The key as typed.
        key: String,
        /// Known keys close to it.
        suggestions: Vec<String>,
    },
    /// A key with nothing after its operator.
    MissingValue {
        /// The key.
        key: String,
    },
    /// An operator the key does not take (`tag>=x`).
    BadOperator {
        /// The key.
        key: String,
        /// The operator typed.
        op: String,
        /// The operators it takes.
        expected: &'static str,
    },
    /// A value that is not one of the key's choices.
    BadChoice {
        /// The key.
        key: String,
        /// The value typed.
        value: String,
        /// Every choice.
        choices: Vec<&'static str>,
        /// The nearest choices.
        suggestions: Vec<String>,
    },
    /// A date that could not be read.
    BadDate {
        /// The key.
        key: String,
        /// Why (from `model::dates`).
        reason: String,
    },
    /// A `"` with no closing one.
    UnclosedQuote,
    /// `OR` with no filter on one side.
    DanglingOr,
    /// `-` with nothing after it.
    DanglingMinus,
    /// `field.` without a field key.
    MissingField,
    /// The key does not apply to this kind of record (`status:` on people).
    NotApplicable {
        /// The key.
        key: String,
        /// The records, plural ("people").
        records: &'static str,
    },
}

impl fmt::Display for SegmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let col = self.column;
        match &self.kind {
            ErrorKind::UnknownKey { key, suggestions } => {
                write!(f, "unknown key \"{}\" at column {col}", visible(key))?;
                match suggestions.as_slice() {
                    [] => write!(f, "; use one of {}", super::KEYS.join(", ")),
                    some => write!(f, "; did you mean \"{}\"?", some.join("\", \"")),
                }
            }
            ErrorKind::MissingValue { key } => {
                write!(f, "expected a value after \"{key}\" at column {col}")
            }
            ErrorKind::BadOperator { key, op, expected } => write!(
                f,
                "\"{key}\" does not take \"{op}\" at column {col}; expected {expected}"
            ),
            ErrorKind::BadChoice {
                key,
                value,
                choices,
                suggestions,
            } => {
                write!(
                    f,
                    "unknown {key} \"{}\" at column {col}; expected one of {}",
                    visible(value),
                    choices.join(", ")
                )?;
                match suggestions.first() {
                    Some(s) => write!(f, " (did you mean \"{s}\"?)"),
                    None => Ok(()),
                }
            }
            ErrorKind::BadDate { key, reason } => {
                write!(f, "bad date for \"{key}\" at column {col}: {reason}")
            }
            ErrorKind::UnclosedQuote => write!(
                f,
                "unclosed quote at column {col}; expected a closing \" after the text"
            ),
            ErrorKind::DanglingOr => {
                write!(f, "expected a filter on both sides of OR at column {col}")
            }
            ErrorKind::DanglingMinus => {
                write!(f, "expected a filter after \"-\" at column {col}")
            }
            ErrorKind::MissingField => write!(
                f,
                "expected a custom field key after \"field.\" at column {col}, e.g. field.industry=food"
            ),
            ErrorKind::NotApplicable { key, records } => {
                write!(f, "\"{key}\" at column {col} does not apply to {records}")
            }
        }
    }
}

impl std::error::Error for SegmentError {}

impl SegmentError {
    /// The message in the interface's language (the TUI's filter bars):
    /// the column in the locale's digits, and what the user typed, keys,
    /// operators and choices inserted as isolated data. The CLI keeps the
    /// English [`fmt::Display`].
    pub fn localized(&self, locale: &crate::locale::Locale) -> String {
        let column = locale.number(i64::try_from(self.column).unwrap_or(i64::MAX));
        let col = ("column", column.as_str());
        match &self.kind {
            ErrorKind::UnknownKey { key, suggestions } => {
                unknown_key(locale, col, key, suggestions)
            }
            ErrorKind::BadChoice {
                key,
                value,
                choices,
                suggestions,
            } => bad_choice(locale, col, key, value, choices, suggestions),
            ErrorKind::MissingValue { key } => {
                locale.tf("segment.error.missing_value", &[("key", key), col])
            }
            ErrorKind::BadOperator { key, op, expected } => locale.tf(
                "segment.error.bad_operator",
                &[("key", key), ("op", op), col, ("expected", expected)],
            ),
            ErrorKind::BadDate { key, reason } => locale.tf(
                "segment.error.bad_date",
                &[("key", key), col, ("reason", reason)],
            ),
            ErrorKind::UnclosedQuote => locale.tf("segment.error.unclosed_quote", &[col]),
            ErrorKind::DanglingOr => locale.tf("segment.error.dangling_or", &[col]),
            ErrorKind::DanglingMinus => locale.tf("segment.error.dangling_minus", &[col]),
            ErrorKind::MissingField => locale.tf(
                "segment.error.missing_field",
                &[
                    col,
                    ("prefix", "field."),
                    ("example", "field.industry=food"),
                ],
            ),
            ErrorKind::NotApplicable { key, records } => locale.tf(
                "segment.error.not_applicable",
                &[("key", key), col, ("records", records)],
            ),
        }
    }
}

/// The message for a key that does not exist: the nearest keys, else all.
fn unknown_key(
    locale: &crate::locale::Locale,
    col: (&str, &str),
    key: &str,
    suggestions: &[String],
) -> String {
    let key = visible(key);
    match suggestions {
        [] => locale.tf(
            "segment.error.unknown_key",
            &[("key", &key), col, ("keys", &super::KEYS.join(", "))],
        ),
        some => locale.tf(
            "segment.error.unknown_key_suggest",
            &[("key", &key), col, ("suggestions", &some.join(", "))],
        ),
    }
}

/// The message for a value that is not one of the key's choices.
fn bad_choice(
    locale: &crate::locale::Locale,
    col: (&str, &str),
    key: &str,
    value: &str,
    choices: &[&str],
    suggestions: &[String],
) -> String {
    let value = visible(value);
    let choices = choices.join(", ");
    let args = [("key", key), col, ("value", &value), ("choices", &choices)];
    match suggestions.first() {
        Some(s) => {
            let mut args = args.to_vec();
            args.push(("suggestion", s));
            locale.tf("segment.error.bad_choice_suggest", &args)
        }
        None => locale.tf("segment.error.bad_choice", &args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Locale;
    use crate::vocab::{Calendar, Digits, Language};

    #[test]
    fn localized_in_persian_with_persian_digits_and_isolated_data() {
        let fa = Locale::new(Language::Fa, Calendar::Jalali, Digits::Persian);
        let error = SegmentError {
            column: 12,
            kind: ErrorKind::UnknownKey {
                key: "tga".to_owned(),
                suggestions: vec!["tag".to_owned()],
            },
        };
        assert_eq!(
            error.localized(&fa),
            "کلید ناشناختهٔ «\u{2068}tga\u{2069}» در ستون \u{2068}۱۲\u{2069}؛ منظورتان \u{2068}tag\u{2069} بود؟"
        );
        // The CLI's English is unchanged.
        assert_eq!(
            error.to_string(),
            "unknown key \"tga\" at column 12; did you mean \"tag\"?"
        );
        let en = Locale::default();
        let minus = SegmentError {
            column: 9,
            kind: ErrorKind::DanglingMinus,
        };
        assert_eq!(
            minus.localized(&en),
            "expected a filter after \"-\" at column \u{2068}9\u{2069}"
        );
    }
}
