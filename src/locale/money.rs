//! Money for people: per-currency decimals, grouped thousands and the
//! locale's digits and separators.
//!
//! The amount and its unit are separate strings so that a display can keep
//! the amount a left-to-right island while the unit word follows the line's
//! direction; [`format`] joins them as "amount unit" in logical order
//! ("1,200.00 USD", "۱۲٬۰۰۰٬۰۰۰ ریال").

use crate::model::money::decimal_string;
use crate::vocab::{Digits, Language};

use super::digits::NumberStyle;

/// Currency names people write after an amount, per interface language.
/// Codes not listed are shown as their ISO code.
const UNITS: &[(&str, &str, &str, &str)] = &[
    // (code, English, Persian, Arabic)
    ("AED", "AED", "درهم", "د.إ"),
    ("EUR", "EUR", "یورو", "يورو"),
    ("IQD", "IQD", "دینار عراق", "د.ع"),
    ("IRR", "IRR", "ریال", "ريال"),
    ("IRT", "toman", "تومان", "تومان"),
    ("SAR", "SAR", "ریال سعودی", "ر.س"),
    ("USD", "USD", "دلار", "دولار"),
];

/// The word or code shown after an amount of `currency`.
#[must_use]
pub fn unit(currency: &str, language: Language) -> String {
    UNITS
        .iter()
        .find(|(code, ..)| *code == currency)
        .map(|&(_, en, fa, ar)| match language {
            Language::En => en,
            Language::Fa => fa,
            Language::Ar => ar,
        })
        .unwrap_or(currency)
        .to_owned()
}

/// The number part of an amount: the currency's decimals (none for IRR and
/// toman, two for USD), thousands grouped, in the digit set's glyphs and
/// separators, e.g. `1,200.50` or `۱٬۲۰۰٫۵۰`.
#[must_use]
pub fn amount(minor: i64, currency: &str, digits: Digits) -> String {
    let style = NumberStyle::of(digits);
    let plain = decimal_string(minor, currency);
    let (sign, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut out = String::with_capacity(plain.len() * 3);
    out.push_str(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(style.thousands);
        }
        out.push(style.digit(c));
    }
    if !fraction.is_empty() {
        out.push(style.decimal);
        out.extend(fraction.chars().map(|c| style.digit(c)));
    }
    out
}

/// "amount unit", e.g. `1,200.00 USD`, `۸۵۰٬۰۰۰٬۰۰۰ ریال`, `١٬٢٠٠٫٠٠ د.إ`.
#[must_use]
pub fn format(minor: i64, currency: &str, language: Language, digits: Digits) -> String {
    format!(
        "{} {}",
        amount(minor, currency, digits),
        unit(currency, language)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::parse_amount;
    use proptest::prelude::*;

    #[test]
    fn money_table() {
        use Digits::{Arabic, Latin, Persian};
        use Language::{Ar, En, Fa};
        let cases = [
            (120_000, "USD", En, Latin, "1,200.00 USD"),
            (120_050, "USD", Fa, Persian, "۱٬۲۰۰٫۵۰ دلار"),
            (850_000_000, "IRR", En, Latin, "850,000,000 IRR"),
            (850_000_000, "IRR", Fa, Persian, "۸۵۰٬۰۰۰٬۰۰۰ ریال"),
            (12_500_000, "IRT", Fa, Persian, "۱۲٬۵۰۰٬۰۰۰ تومان"),
            (12_500_000, "IRT", En, Latin, "12,500,000 toman"),
            (120_000, "AED", Ar, Arabic, "١٬٢٠٠٫٠٠ د.إ"),
            (1_234_567, "KWD", Ar, Arabic, "١٬٢٣٤٫٥٦٧ KWD"),
            (5, "USD", En, Latin, "0.05 USD"),
            (-120_050, "EUR", En, Latin, "-1,200.50 EUR"),
            (999, "JPY", Fa, Persian, "۹۹۹ JPY"),
        ];
        for (minor, currency, language, digits, want) in cases {
            assert_eq!(
                format(minor, currency, language, digits),
                want,
                "{minor} {currency} {language:?} {digits:?}"
            );
        }
    }

    proptest! {
        /// What is shown can be typed back in, in any digit set.
        #[test]
        fn shown_amounts_parse_back(
            minor in 0..=i64::MAX,
            currency in prop::sample::select(vec!["USD", "IRR", "IRT", "KWD", "AED"]),
            digits in prop::sample::select(vec![Digits::Latin, Digits::Persian, Digits::Arabic]),
        ) {
            prop_assert_eq!(parse_amount(&amount(minor, currency, digits), currency), Ok(minor));
        }
    }
}
