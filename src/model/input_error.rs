//! Why a value a person typed, or a request they made, was refused: one
//! enum with the values each message names, so every front-end can say it
//! in the interface's language.
//!
//! The English `Display` is what the CLI has always printed (its tests
//! assert it); `Locale::input_error` (`locale::errors`) renders the same
//! kinds from the catalogue in English, Persian or Arabic, with what was
//! typed isolated and numbers in the configured digits. A unit test there
//! keeps the English catalogue entries equal to this `Display`.

use thiserror::Error;

use super::dates::DateError;
use super::money::{MoneyError, format_amount};
use crate::text::sanitize::{quoted, visible};

/// A refused value or request, with the values its message names.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputError {
    /// A date or time that does not parse.
    #[error(transparent)]
    Date(#[from] DateError),
    /// An amount that does not parse.
    #[error(transparent)]
    Amount(#[from] MoneyError),
    /// A task priority that is not low, normal or high.
    #[error("priority {input:?} is not allowed; use low, normal or high")]
    Priority {
        /// As typed, trimmed and lower-cased.
        input: String,
    },
    /// An e-mail address without the shape of one.
    #[error("e-mail {input:?} is not an address; use the form name@example.com")]
    Email {
        /// As typed.
        input: String,
    },
    /// A phone number without the shape of one.
    #[error(
        "phone {input:?} is not a phone number; use digits with optional + - ( ) and spaces, e.g. +98 912 345 6789"
    )]
    Phone {
        /// As typed.
        input: String,
    },
    /// A quote line's quantity that is not a number above zero.
    #[error(
        "{} is not a quantity; write a number above zero with at most three decimals, e.g. 2 or 1.5",
        quoted(.input)
    )]
    Quantity {
        /// As typed.
        input: String,
    },
    /// A percentage (tax, discount) outside 0–100 or with too many decimals.
    #[error(
        "{} is not a percentage; write a number from 0 to 100 with at most two decimals, e.g. 9 or 12.5",
        quoted(.input)
    )]
    Percent {
        /// As typed.
        input: String,
    },
    /// A discount that is neither a percentage nor an amount.
    #[error("{0}; a percentage ends with %, e.g. 5%")]
    Discount(MoneyError),
    /// A custom field's value that is not of the field's type.
    #[error("field `{field}`: {input:?} {problem}")]
    CustomField {
        /// The field's name in the config.
        field: String,
        /// As typed.
        input: String,
        /// What the field takes.
        problem: CustomProblem,
    },
    /// A case without a subject.
    #[error("a case needs a subject")]
    CaseSubject,
    /// A case linked to no customer.
    #[error("a case needs a customer: a person or a company")]
    CaseCustomer,
    /// A satisfaction score outside 1–5.
    #[error("satisfaction score {score} is out of range; allowed: 1 to 5")]
    Satisfaction {
        /// The score given.
        score: u8,
    },
    /// A satisfaction comment without a score.
    #[error("a satisfaction comment needs a score from 1 to 5")]
    CommentNeedsScore,
    /// A text rule shared by every record (`model::limits`: length,
    /// control characters; `model::tag`), in its own English words.
    #[error("{0}")]
    Text(String),
    /// A payment of more than the invoice still owes.
    #[error(
        "invoice {} still owes {} {currency}; a payment of {} is more than that",
        visible(.invoice),
        format_amount(*.owed, .currency),
        format_amount(*.amount, .currency)
    )]
    Overpayment {
        /// The invoice's number.
        invoice: String,
        /// What it still owes, in minor units.
        owed: i64,
        /// The payment refused, in minor units.
        amount: i64,
        /// The invoice's currency.
        currency: String,
    },
}

/// What a custom field takes, when a value is not of its type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CustomProblem {
    /// A number field.
    #[error("is not a number; allowed: a number such as 42, -7 or 3.5")]
    Number,
    /// A date field.
    #[error("is not a valid date; allowed: a date written YYYY-MM-DD, such as 2025-03-21")]
    Date,
    /// A choice field.
    #[error("is not one of the choices; allowed: {allowed}")]
    Choice {
        /// The choices as declared.
        choices: Vec<String>,
        /// The choices in English words ("a, b or c").
        allowed: String,
    },
}

impl From<InputError> for String {
    fn from(error: InputError) -> String {
        error.to_string()
    }
}

impl InputError {
    /// One error of every kind (every date, amount and amount-shape kind
    /// too), for the test that each has a catalogue entry in every
    /// language and that the English entry says what `Display` says.
    pub fn samples() -> Vec<InputError> {
        let mut out = date_samples();
        out.extend(amount_samples());
        out.extend(other_samples());
        out
    }
}

/// What the samples quote as typed.
fn input() -> String {
    "3x".to_owned()
}

/// Every kind of date refusal.
fn date_samples() -> Vec<InputError> {
    vec![
        DateError::Empty.into(),
        DateError::NotADate { input: input() }.into(),
        DateError::DoesNotExist {
            input: "2026-02-30".to_owned(),
            month: "February",
            month_number: 2,
            jalali: false,
            year: 2026,
            days: 28,
        }
        .into(),
        DateError::DoesNotExist {
            input: "1404/12/30".to_owned(),
            month: "Esfand",
            month_number: 12,
            jalali: true,
            year: 1404,
            days: 29,
        }
        .into(),
        DateError::OutOfRange { input: input() }.into(),
        DateError::NotATime { input: input() }.into(),
    ]
}

/// Every kind of amount refusal, every malformed shape and a discount.
fn amount_samples() -> Vec<InputError> {
    use super::money::AmountShape;
    let amounts = [
        MoneyError::Empty,
        MoneyError::Negative { input: input() },
        MoneyError::TooManyDecimals {
            input: "1.234".to_owned(),
            currency: "USD".to_owned(),
            allowed: 2,
            found: 3,
        },
        MoneyError::TooManyDecimals {
            input: "1.23".to_owned(),
            currency: "KWD".to_owned(),
            allowed: 1,
            found: 2,
        },
        MoneyError::InvalidCharacter {
            input: input(),
            found: 'x',
        },
        MoneyError::TooLarge {
            input: input(),
            currency: "USD".to_owned(),
            max: format_amount(i64::MAX, "USD"),
        },
        MoneyError::UnknownCurrency {
            currency: "ZZZ".to_owned(),
        },
    ];
    let mut out: Vec<InputError> = amounts.into_iter().map(InputError::Amount).collect();
    out.extend(AmountShape::ALL.into_iter().map(|reason| {
        InputError::Amount(MoneyError::Malformed {
            input: input(),
            reason,
        })
    }));
    out.push(InputError::Discount(MoneyError::Negative {
        input: input(),
    }));
    out
}

/// Every other kind of refusal.
fn other_samples() -> Vec<InputError> {
    vec![
        InputError::Priority { input: input() },
        InputError::Email { input: input() },
        InputError::Phone { input: input() },
        InputError::Quantity { input: input() },
        InputError::Percent { input: input() },
        InputError::CustomField {
            field: "industry".to_owned(),
            input: input(),
            problem: CustomProblem::Number,
        },
        InputError::CustomField {
            field: "since".to_owned(),
            input: input(),
            problem: CustomProblem::Date,
        },
        InputError::CustomField {
            field: "tier".to_owned(),
            input: input(),
            problem: CustomProblem::Choice {
                choices: vec!["gold".to_owned(), "silver".to_owned()],
                allowed: "gold or silver".to_owned(),
            },
        },
        InputError::CaseSubject,
        InputError::CaseCustomer,
        InputError::Satisfaction { score: 7 },
        InputError::CommentNeedsScore,
        InputError::Overpayment {
            invoice: "INV-1405-0001".to_owned(),
            owed: 120_050,
            amount: 200_000,
            currency: "USD".to_owned(),
        },
    ]
}
