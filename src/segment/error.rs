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
