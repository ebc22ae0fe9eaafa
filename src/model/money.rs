//! Money as integer minor units.
//!
//! Amounts are stored as an `i64` count of the currency's smallest unit
//! (cents, fils, rials) so sums are exact and the database never sees a
//! float. How many minor units make a major one comes from ISO 4217.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::text::sanitize::visible;

/// ISO 4217 minor-unit exponents of the active currency codes, sorted by code
/// so lookups can binary-search.
///
/// One code is not ISO: IRT, the Iranian toman, because prices in Iran are
/// quoted in tomans and storing them as rials would make people multiply.
///
/// Codes whose ISO minor unit is "N.A." (precious metals, SDR, test and
/// settlement units) are left out: they are not deal currencies. Withdrawn
/// codes are left out too, e.g. ANG (replaced by XCG), BGN (Bulgaria adopted
/// the euro), HRK, SLL and ZWL (replaced by ZWG).
const MINOR_UNITS: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BOV", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHE", 2),
    ("CHF", 2),
    ("CHW", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("COU", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    // ISO says 3, but the fils is not used in practice and prices are quoted
    // in whole dinars, so decimals would only invite typos.
    ("IQD", 0),
    // ISO says 2, but the rial has had no subunit in use for decades; amounts
    // are quoted in whole rials, so decimals would only invite typos.
    ("IRR", 0),
    // Not ISO 4217: the toman (10 rials), which Iranians quote prices in.
    // "IRT" is the code in common use (payment gateways, price sites); whole
    // tomans only, like the rial.
    ("IRT", 0),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MXV", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("USN", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// Decimal places used when a stored currency code is not in the table, so
/// old or hand-edited rows still display instead of failing.
const FALLBACK_MINOR_UNITS: u8 = 2;

/// Returns the number of decimal places (the ISO 4217 minor-unit exponent)
/// of an active currency code, or `None` for an unknown code.
///
/// Codes are matched exactly: three upper-case ASCII letters. IRR and IQD
/// return 0 rather than ISO's 2 and 3, because neither subunit is used.
#[must_use]
pub fn minor_units(code: &str) -> Option<u8> {
    MINOR_UNITS
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| MINOR_UNITS.get(i))
        .map(|&(_, units)| units)
}

/// An amount of money: a count of the currency's minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// The amount in minor units, e.g. cents for USD and rials for IRR.
    pub minor: i64,
    /// The ISO 4217 code, e.g. `"USD"`.
    pub currency: String,
}

/// Why a typed amount was rejected. Each message quotes the input (with any
/// control characters made visible) and says what would be accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    /// Nothing but whitespace was entered.
    #[error("no amount given; enter a number such as 1200 or 1,200.50")]
    Empty,
    /// The amount starts with a minus sign.
    #[error("\"{}\" is negative; deal values are never negative, enter 0 or more", visible(.input))]
    Negative {
        /// The amount as typed.
        input: String,
    },
    /// More digits after the decimal point than the currency has.
    #[error(
        "{currency} has {allowed} decimal place{}, \"{}\" has {found}",
        plural(*.allowed),
        visible(.input)
    )]
    TooManyDecimals {
        /// The amount as typed.
        input: String,
        /// The currency code.
        currency: String,
        /// The currency's number of decimal places.
        allowed: u8,
        /// The number of decimal places typed.
        found: usize,
    },
    /// A character that is neither a digit nor a separator.
    #[error(
        "\"{}\" is not an amount: '{}' is not allowed; enter digits with an optional \".\" \
         for decimals and \",\" or spaces between thousands, e.g. 1,200.50",
        visible(.input),
        visible(&.found.to_string())
    )]
    InvalidCharacter {
        /// The amount as typed.
        input: String,
        /// The first character that is not allowed.
        found: char,
    },
    /// Digits and separators in an order that does not make a number.
    #[error("\"{}\" is not an amount: {reason}", visible(.input))]
    Malformed {
        /// The amount as typed.
        input: String,
        /// What is wrong and how to write it instead.
        reason: AmountShape,
    },
    /// The amount does not fit in the stored integer.
    #[error("\"{}\" is too large; the largest {currency} amount is {max}", visible(.input))]
    TooLarge {
        /// The amount as typed.
        input: String,
        /// The currency code.
        currency: String,
        /// The largest amount that can be stored, formatted.
        max: String,
    },
    /// The currency code is not an active ISO 4217 code.
    #[error(
        "\"{}\" is not a known currency; use a three-letter ISO 4217 code in capitals, \
         such as USD, EUR or IRR",
        visible(.currency)
    )]
    UnknownCurrency {
        /// The code as given.
        currency: String,
    },
}

/// How a typed amount's digits and separators fail to make a number
/// ([`MoneyError::Malformed`]); the English words are its `Display`, the
/// interface's own come from the catalogue (`locale::errors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountShape {
    /// `1.2.3`.
    TwoPoints,
    /// `1200.`.
    NothingAfterPoint,
    /// `.50`.
    NothingBeforePoint,
    /// `1.200,50`.
    SeparatorAfterPoint,
    /// `1,,200` or `,200`.
    LoneSeparator,
    /// `12,00`.
    Grouping,
}

impl AmountShape {
    /// Every shape, for the test that each has a catalogue entry.
    pub const ALL: [AmountShape; 6] = [
        AmountShape::TwoPoints,
        AmountShape::NothingAfterPoint,
        AmountShape::NothingBeforePoint,
        AmountShape::SeparatorAfterPoint,
        AmountShape::LoneSeparator,
        AmountShape::Grouping,
    ];
}

impl std::fmt::Display for AmountShape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AmountShape::TwoPoints => {
                "it has more than one decimal point; use one \".\" before the decimals"
            }
            AmountShape::NothingAfterPoint => {
                "a decimal point must be followed by digits, e.g. 1200.50 or just 1200"
            }
            AmountShape::NothingBeforePoint => {
                "a decimal point must follow a digit, e.g. 0.50 rather than .50"
            }
            AmountShape::SeparatorAfterPoint => {
                "thousands separators belong before the decimal point, e.g. 1,200.50"
            }
            AmountShape::LoneSeparator => {
                "separators must sit between digits, one at a time, e.g. 1,200,000 or 1 200 000"
            }
            AmountShape::Grouping => {
                "thousands separators must come every three digits, e.g. 1,200,000; \
                 use \".\" for decimals"
            }
        })
    }
}

/// `"s"` unless `n` is one, for "1 decimal place" / "2 decimal places".
fn plural(n: u8) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Whether `c` may separate groups of thousands in typed input.
fn is_group_separator(c: char) -> bool {
    // U+066C is the Arabic thousands separator; the no-break spaces come in
    // with amounts pasted from formatted documents.
    matches!(
        c,
        ',' | ' ' | '\u{66c}' | '\u{a0}' | '\u{202f}' | '\u{2009}'
    )
}

/// Parses a typed, non-negative amount into minor units of `currency`.
///
/// Accepts ASCII, Persian and Arabic-Indic digits; `.` or the Arabic decimal
/// separator `٫` for decimals; and `,`, spaces or `٬` between groups of
/// thousands (the last group must have three digits, so a decimal comma such
/// as `1,50` is rejected instead of being read as 150; two-digit groups
/// before it allow Indian grouping such as `1,00,000`). A digit is required
/// before the decimal point and after it.
///
/// # Errors
///
/// Returns a [`MoneyError`] for an unknown currency, empty input, a negative
/// amount, any other character, misplaced separators, more decimals than the
/// currency has, or an amount too large for an `i64`.
pub fn parse_amount(text: &str, currency: &str) -> Result<i64, MoneyError> {
    let decimals = minor_units(currency).ok_or_else(|| MoneyError::UnknownCurrency {
        currency: currency.to_owned(),
    })?;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(MoneyError::Empty);
    }
    let input = || trimmed.to_owned();
    let malformed = |reason| MoneyError::Malformed {
        input: input(),
        reason,
    };
    if trimmed.starts_with(['-', '\u{2212}']) {
        return Err(MoneyError::Negative { input: input() });
    }
    let normalized: String = crate::text::fold::fold_digits(trimmed)
        .chars()
        .map(|c| if c == '\u{66b}' { '.' } else { c })
        .collect();
    if let Some(found) = normalized
        .chars()
        .find(|&c| !(c.is_ascii_digit() || c == '.' || is_group_separator(c)))
    {
        return Err(MoneyError::InvalidCharacter {
            input: input(),
            found,
        });
    }

    let (whole, fraction) = split_decimal(&normalized).map_err(malformed)?;
    check_grouping(whole).map_err(malformed)?;
    if fraction.len() > usize::from(decimals) {
        return Err(MoneyError::TooManyDecimals {
            input: input(),
            currency: currency.to_owned(),
            allowed: decimals,
            found: fraction.len(),
        });
    }

    let too_large = || MoneyError::TooLarge {
        input: input(),
        currency: currency.to_owned(),
        max: format_amount(i64::MAX, currency),
    };
    minor_units_of(whole, fraction, decimals).ok_or_else(too_large)
}

/// Splits an amount at its one decimal point into the whole and the
/// fraction part, or says why the point is misplaced.
fn split_decimal(normalized: &str) -> Result<(&str, &str), AmountShape> {
    let (whole, fraction) = match normalized.split_once('.') {
        None => (normalized, ""),
        Some((_, f)) if f.contains('.') => return Err(AmountShape::TwoPoints),
        Some((_, "")) => return Err(AmountShape::NothingAfterPoint),
        Some(parts) => parts,
    };
    if whole.is_empty() {
        return Err(AmountShape::NothingBeforePoint);
    }
    if fraction.contains(is_group_separator) {
        return Err(AmountShape::SeparatorAfterPoint);
    }
    Ok((whole, fraction))
}

/// The amount in minor units from its checked digits: the fraction padded
/// to the currency's decimals; `None` when it does not fit an `i64`.
fn minor_units_of(whole: &str, fraction: &str, decimals: u8) -> Option<i64> {
    let padding = usize::from(decimals).saturating_sub(fraction.len());
    whole
        .chars()
        .filter(char::is_ascii_digit)
        .chain(fraction.chars())
        .chain(std::iter::repeat_n('0', padding))
        .try_fold(0i64, |acc, c| {
            let digit = i64::from(c.to_digit(10).unwrap_or(0));
            acc.checked_mul(10)?.checked_add(digit)
        })
}

/// Checks that separators in the whole-number part sit between groups of
/// digits in a way that cannot be misread.
fn check_grouping(whole: &str) -> Result<(), AmountShape> {
    let groups: Vec<&str> = whole.split(is_group_separator).collect();
    let [first, middle @ .., last] = groups.as_slice() else {
        // No separator at all: any run of digits is fine.
        return Ok(());
    };
    if groups.iter().any(|g| g.is_empty()) {
        return Err(AmountShape::LoneSeparator);
    }
    let first_ok = (1..=3).contains(&first.len());
    let middle_ok = middle.iter().all(|g| (2..=3).contains(&g.len()));
    if !first_ok || !middle_ok || last.len() != 3 {
        return Err(AmountShape::Grouping);
    }
    Ok(())
}

/// Splits `minor` into its sign, whole part and zero-padded fraction digits.
fn split_minor(minor: i64, currency: &str) -> (bool, String, String) {
    let decimals = minor_units(currency).unwrap_or(FALLBACK_MINOR_UNITS);
    // `unsigned_abs` so that i64::MIN formats instead of overflowing.
    let digits = minor.unsigned_abs().to_string();
    let width = usize::from(decimals);
    let padded = format!("{digits:0>width$}", width = width + 1);
    let (whole, fraction) = padded.split_at(padded.len() - width);
    (minor < 0, whole.to_owned(), fraction.to_owned())
}

/// Joins the parts of an amount, putting `separator` between thousands.
fn join_amount(minor: i64, currency: &str, separator: Option<char>) -> String {
    let (negative, whole, fraction) = split_minor(minor, currency);
    let mut out = String::with_capacity(whole.len() * 4 / 3 + fraction.len() + 2);
    if negative {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if let Some(sep) = separator
            && i > 0
            && (whole.len() - i) % 3 == 0
        {
            out.push(sep);
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(&fraction);
    }
    out
}

/// Formats minor units for people: thousands separated by `,` and exactly
/// the currency's decimals, e.g. `1,200.50` USD, `850,000,000` IRR,
/// `1,234.567` KWD. Negative values get a leading `-`.
///
/// An unknown currency is shown with two decimals rather than failing,
/// because the value is already stored and must remain visible.
///
/// ```
/// use kariz::model::money::format_amount;
/// assert_eq!(format_amount(120_050, "USD"), "1,200.50");
/// assert_eq!(format_amount(850_000_000, "IRR"), "850,000,000");
/// ```
#[must_use]
pub fn format_amount(minor: i64, currency: &str) -> String {
    join_amount(minor, currency, Some(','))
}

/// Formats minor units as a plain decimal string with no thousands
/// separators, e.g. `1200.50`, for JSON and other machine-read output.
///
/// Like [`format_amount`], an unknown currency gets two decimals.
#[must_use]
pub fn decimal_string(minor: i64, currency: &str) -> String {
    join_amount(minor, currency, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table_is_sorted_unique_and_well_formed() {
        assert!(MINOR_UNITS.windows(2).all(|w| w[0].0 < w[1].0));
        for (code, units) in MINOR_UNITS {
            assert!(
                code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
                "{code}"
            );
            assert!(*units <= 4, "{code}");
        }
        assert!(MINOR_UNITS.len() > 150);
    }

    #[test]
    fn minor_units_of_common_codes() {
        let cases = [
            ("USD", Some(2)),
            ("EUR", Some(2)),
            ("GBP", Some(2)),
            ("IRR", Some(0)),
            ("IRT", Some(0)),
            ("AED", Some(2)),
            ("SAR", Some(2)),
            ("QAR", Some(2)),
            ("KWD", Some(3)),
            ("BHD", Some(3)),
            ("OMR", Some(3)),
            ("JOD", Some(3)),
            ("IQD", Some(0)),
            ("JPY", Some(0)),
            ("KRW", Some(0)),
            ("CHF", Some(2)),
            ("TRY", Some(2)),
            ("CNY", Some(2)),
            ("INR", Some(2)),
            ("CLF", Some(4)),
            ("AFN", Some(2)),
            ("usd", None),
            ("Usd", None),
            ("US", None),
            ("USDX", None),
            ("XAU", None),
            ("", None),
        ];
        for (code, want) in cases {
            assert_eq!(minor_units(code), want, "{code:?}");
        }
    }

    #[test]
    fn parse_good_amounts() {
        let cases = [
            ("1200.50", "USD", 120_050),
            ("1,200.50", "USD", 120_050),
            ("1 200.50", "USD", 120_050),
            ("1\u{a0}200.50", "USD", 120_050),
            ("1200", "USD", 120_000),
            ("  1200.5 ", "USD", 120_050),
            ("0", "USD", 0),
            ("0.01", "USD", 1),
            ("007", "USD", 700),
            ("1,234,567.89", "EUR", 123_456_789),
            ("1,00,000", "INR", 10_000_000),
            ("۱۲۰۰٫۵۰", "USD", 120_050),
            ("۱٬۲۰۰٫۵۰", "USD", 120_050),
            ("٨٥٠٬٠٠٠٬٠٠٠", "IRR", 850_000_000),
            ("850,000,000", "IRR", 850_000_000),
            ("1,234.567", "KWD", 1_234_567),
            ("1.5", "KWD", 1_500),
            ("1000", "JPY", 1000),
            ("92233720368547758.07", "USD", i64::MAX),
            ("9223372036854775807", "IRR", i64::MAX),
        ];
        for (text, currency, want) in cases {
            assert_eq!(
                parse_amount(text, currency),
                Ok(want),
                "{text:?} {currency}"
            );
        }
    }

    #[test]
    fn parse_bad_amounts_explain_the_problem() {
        // (input, currency, fragments the message must contain)
        let cases: &[(&str, &str, &[&str])] = &[
            ("", "USD", &["no amount"]),
            ("   ", "USD", &["no amount"]),
            ("-5", "USD", &["\"-5\"", "negative", "never negative"]),
            ("\u{2212}5", "USD", &["negative"]),
            (
                "1.234",
                "USD",
                &["USD has 2 decimal places, \"1.234\" has 3"],
            ),
            ("1.5", "IRR", &["IRR has 0 decimal places, \"1.5\" has 1"]),
            ("1.2345", "KWD", &["KWD has 3 decimal places", "has 4"]),
            ("12a", "USD", &["\"12a\"", "'a' is not allowed"]),
            ("$100", "USD", &["'$' is not allowed"]),
            ("1e5", "USD", &["'e' is not allowed"]),
            ("+5", "USD", &["'+' is not allowed"]),
            ("1\u{1b}[2J", "USD", &["\\u{1b}", "not allowed"]),
            (".5", "USD", &["\".5\"", "must follow a digit"]),
            ("5.", "USD", &["followed by digits"]),
            ("1.2.3", "USD", &["more than one decimal point"]),
            ("1,50", "EUR", &["every three digits", "\".\" for decimals"]),
            ("1234,567", "USD", &["every three digits"]),
            ("1,2345", "USD", &["every three digits"]),
            ("1,,000", "USD", &["between digits"]),
            (",100", "USD", &["between digits"]),
            ("100,", "USD", &["between digits"]),
            ("1,000.00,0", "USD", &["before the decimal point"]),
            (
                "92233720368547758.08",
                "USD",
                &["too large", "92,233,720,368,547,758.07"],
            ),
            ("99999999999999999999999", "IRR", &["too large"]),
            (
                "100",
                "XYZ",
                &["\"XYZ\"", "not a known currency", "ISO 4217"],
            ),
            ("100", "usd", &["\"usd\"", "not a known currency"]),
        ];
        for (text, currency, fragments) in cases {
            let err = match parse_amount(text, currency) {
                Ok(v) => panic!("{text:?} {currency} parsed as {v}"),
                Err(e) => e.to_string(),
            };
            for fragment in *fragments {
                assert!(
                    err.contains(fragment),
                    "{text:?}: {err:?} lacks {fragment:?}"
                );
            }
        }
    }

    #[test]
    fn unknown_currency_is_reported_before_the_amount() {
        assert_eq!(
            parse_amount("abc", "ZZZ"),
            Err(MoneyError::UnknownCurrency {
                currency: "ZZZ".into()
            })
        );
    }

    #[test]
    fn error_messages_never_carry_raw_controls() {
        let err = parse_amount("1\u{9b}31m", "USD").map(|_| ()).unwrap_err();
        assert!(!err.to_string().contains('\u{9b}'));
        let err = parse_amount("1", "U\u{1b}D").map(|_| ()).unwrap_err();
        assert!(!err.to_string().contains('\u{1b}'));
    }

    #[test]
    fn format_cases() {
        let cases = [
            (120_050, "USD", "1,200.50", "1200.50"),
            (0, "USD", "0.00", "0.00"),
            (5, "USD", "0.05", "0.05"),
            (-5, "USD", "-0.05", "-0.05"),
            (-120_050, "USD", "-1,200.50", "-1200.50"),
            (100_000, "EUR", "1,000.00", "1000.00"),
            (850_000_000, "IRR", "850,000,000", "850000000"),
            (999, "IRR", "999", "999"),
            (-1000, "IRR", "-1,000", "-1000"),
            (1_234_567, "KWD", "1,234.567", "1234.567"),
            (7, "KWD", "0.007", "0.007"),
            (12_345, "CLF", "1.2345", "1.2345"),
            (120_050, "XYZ", "1,200.50", "1200.50"),
            (
                i64::MAX,
                "USD",
                "92,233,720,368,547,758.07",
                "92233720368547758.07",
            ),
            (
                i64::MIN,
                "USD",
                "-92,233,720,368,547,758.08",
                "-92233720368547758.08",
            ),
        ];
        for (minor, currency, human, plain) in cases {
            assert_eq!(format_amount(minor, currency), human, "{minor} {currency}");
            assert_eq!(decimal_string(minor, currency), plain, "{minor} {currency}");
        }
    }

    #[test]
    fn money_serializes_as_minor_units_and_code() -> Result<(), serde_json::Error> {
        let m = Money {
            minor: 120_050,
            currency: "USD".into(),
        };
        let json = serde_json::to_string(&m)?;
        assert_eq!(json, r#"{"minor":120050,"currency":"USD"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json)?, m);
        Ok(())
    }

    fn currency() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["USD", "EUR", "IRR", "IQD", "KWD", "JPY", "CLF", "INR"])
    }

    proptest! {
        #[test]
        fn decimal_string_round_trips(x in 0..=i64::MAX, c in currency()) {
            prop_assert_eq!(parse_amount(&decimal_string(x, c), c), Ok(x));
        }

        #[test]
        fn format_amount_round_trips(x in 0..=i64::MAX, c in currency()) {
            prop_assert_eq!(parse_amount(&format_amount(x, c), c), Ok(x));
        }

        #[test]
        fn parse_never_panics(s in any::<String>(), c in "[A-Z]{3}|\\PC{0,4}") {
            let _ = parse_amount(&s, &c);
        }

        #[test]
        fn parse_never_panics_on_number_like_input(
            s in "[-−+ ,.٫٬0-9۰-۹٠-٩a]{0,40}",
            c in currency(),
        ) {
            if let Ok(v) = parse_amount(&s, c) {
                prop_assert!(v >= 0);
            }
        }
    }
}
