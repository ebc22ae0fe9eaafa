//! Digit glyphs and number separators for display.
//!
//! Stored data and `--json` always use ASCII; only what people read is
//! converted. Persian uses the Extended Arabic-Indic digits (U+06F0–06F9),
//! Arabic the Arabic-Indic digits (U+0660–0669). Both write the thousands
//! separator as U+066C (٬) and the decimal separator as U+066B (٫), which
//! is what Iranian and Arab typesetting use and what `parse_amount`
//! already reads back.

use crate::text::digits;
use crate::vocab::Digits;

/// The characters used to show numbers in one digit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    /// The glyph of zero; the other digits follow it in Unicode.
    zero: char,
    /// Between groups of three digits.
    pub thousands: char,
    /// Before the decimals.
    pub decimal: char,
}

impl NumberStyle {
    /// The style for a digit set.
    #[must_use]
    pub fn of(digits: Digits) -> NumberStyle {
        match digits {
            Digits::Latin => NumberStyle {
                zero: '0',
                thousands: ',',
                decimal: '.',
            },
            Digits::Persian => NumberStyle {
                zero: digits::PERSIAN_ZERO,
                thousands: digits::ARABIC_THOUSANDS,
                decimal: digits::ARABIC_DECIMAL,
            },
            Digits::Arabic => NumberStyle {
                zero: digits::ARABIC_ZERO,
                thousands: digits::ARABIC_THOUSANDS,
                decimal: digits::ARABIC_DECIMAL,
            },
        }
    }

    /// The glyph for ASCII digit `c`, or `c` itself for any other character.
    #[must_use]
    pub fn digit(self, c: char) -> char {
        match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => digits::glyph(self.zero, d).unwrap_or(c),
            _ => c,
        }
    }
}

/// `text` with its ASCII digits in the glyphs of `digits`; nothing else
/// changes (separators inside dates and times stay as they are).
#[must_use]
pub fn convert(text: &str, digits: Digits) -> String {
    if digits == Digits::Latin {
        // ASCII digits are already Latin: nothing to map, character by
        // character, in every date of a long list.
        return text.to_owned();
    }
    let style = NumberStyle::of(digits);
    text.chars().map(|c| style.digit(c)).collect()
}

/// A decimal figure written in ASCII by kariz (`1.5`, `62.5%`) in the
/// digit set: its digits, and its decimal point as the set's separator
/// (`۱٫۵`), which `parse_quantity` and `parse_amount` read back.
#[must_use]
pub fn decimal(text: &str, digits: Digits) -> String {
    let style = NumberStyle::of(digits);
    text.chars()
        .map(|c| {
            if c == '.' {
                style.decimal
            } else {
                style.digit(c)
            }
        })
        .collect()
}

/// An integer with thousands separators in the digit set, e.g. `12,500`
/// or `۱۲٬۵۰۰`.
#[must_use]
pub fn grouped(n: i64, digits: Digits) -> String {
    let style = NumberStyle::of(digits);
    let plain = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(plain.len() * 3);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            out.push(style.thousands);
        }
        out.push(style.digit(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold_digits;
    use proptest::prelude::*;

    #[test]
    fn digit_sets() {
        assert_eq!(
            convert("2026-11-22 14:30", Digits::Latin),
            "2026-11-22 14:30"
        );
        assert_eq!(convert("1405/09/01", Digits::Persian), "۱۴۰۵/۰۹/۰۱");
        assert_eq!(convert("0123456789", Digits::Arabic), "٠١٢٣٤٥٦٧٨٩");
        assert_eq!(convert("id 7, x", Digits::Persian), "id ۷, x");
        assert_eq!(convert("۳ stays", Digits::Latin), "۳ stays");
    }

    #[test]
    fn decimal_figures_take_the_separator_of_the_digit_set() {
        assert_eq!(decimal("1.5", Digits::Latin), "1.5");
        assert_eq!(decimal("1.5", Digits::Persian), "۱٫۵");
        assert_eq!(decimal("62.5%", Digits::Arabic), "٦٢٫٥%");
        assert_eq!(decimal("10", Digits::Persian), "۱۰");
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped(0, Digits::Latin), "0");
        assert_eq!(grouped(999, Digits::Latin), "999");
        assert_eq!(grouped(1000, Digits::Latin), "1,000");
        assert_eq!(grouped(-1_234_567, Digits::Latin), "-1,234,567");
        assert_eq!(grouped(12_500, Digits::Persian), "۱۲٬۵۰۰");
        assert_eq!(grouped(12_500, Digits::Arabic), "١٢٬٥٠٠");
        assert_eq!(
            grouped(i64::MIN, Digits::Latin),
            "-9,223,372,036,854,775,808"
        );
    }

    proptest! {
        #[test]
        fn converting_and_folding_gives_the_text_back(s in "[0-9a-z /:-]{0,30}") {
            for digits in [Digits::Latin, Digits::Persian, Digits::Arabic] {
                let shown = convert(&s, digits);
                prop_assert_eq!(fold_digits(&shown).into_owned(), s.clone());
            }
        }
    }
}
