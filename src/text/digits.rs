//! The one table of the three digit sets kariz reads and writes: ASCII,
//! Persian (Extended Arabic-Indic, U+06F0–U+06F9) and Arabic (Arabic-Indic,
//! U+0660–U+0669). Parsing (`fold::fold_digits`, custom-field values),
//! search folding, collation, the bidi digit islands and display
//! (`locale::digits`) all use these, so a digit is a digit everywhere.

/// Zero in the Persian digit set; the other digits follow it in Unicode.
pub const PERSIAN_ZERO: char = '\u{6f0}';
/// Zero in the Arabic digit set; the other digits follow it in Unicode.
pub const ARABIC_ZERO: char = '\u{660}';
/// The Arabic decimal separator (٫), used by both Persian and Arabic.
pub const ARABIC_DECIMAL: char = '\u{66b}';
/// The Arabic thousands separator (٬), used by both Persian and Arabic.
pub const ARABIC_THOUSANDS: char = '\u{66c}';

/// The value 0–9 of a digit in any of the three sets.
#[must_use]
pub fn value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(u32::from(c) - u32::from('0')),
        '\u{6f0}'..='\u{6f9}' => Some(u32::from(c) - u32::from(PERSIAN_ZERO)),
        '\u{660}'..='\u{669}' => Some(u32::from(c) - u32::from(ARABIC_ZERO)),
        _ => None,
    }
}

/// The ASCII digit for a digit in any of the three sets.
#[must_use]
pub fn to_ascii(c: char) -> Option<char> {
    value(c).and_then(|d| char::from_digit(d, 10))
}

/// Whether `c` is a digit in one of the three sets (not other Unicode
/// digits such as Devanagari, which kariz does not read as numbers).
#[must_use]
pub fn is_digit(c: char) -> bool {
    value(c).is_some()
}

/// The glyph of digit `d` (0–9) in the set that starts at `zero`; `None`
/// for `d` above 9.
#[must_use]
pub fn glyph(zero: char, d: u32) -> Option<char> {
    if d > 9 {
        return None;
    }
    char::from_u32(u32::from(zero) + d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_three_sets() {
        for (i, ((ascii, persian), arabic)) in "0123456789"
            .chars()
            .zip("۰۱۲۳۴۵۶۷۸۹".chars())
            .zip("٠١٢٣٤٥٦٧٨٩".chars())
            .enumerate()
        {
            let i = u32::try_from(i).unwrap();
            for c in [ascii, persian, arabic] {
                assert_eq!(value(c), Some(i), "{c:?}");
                assert_eq!(to_ascii(c), Some(ascii), "{c:?}");
                assert!(is_digit(c));
            }
            assert_eq!(glyph(PERSIAN_ZERO, i), Some(persian));
            assert_eq!(glyph(ARABIC_ZERO, i), Some(arabic));
            assert_eq!(glyph('0', i), Some(ascii));
        }
        for c in ['a', '٫', '٬', '/', '०', '\u{66a}'] {
            assert_eq!(value(c), None, "{c:?}");
        }
        assert_eq!(glyph('0', 10), None);
    }

    proptest! {
        #[test]
        fn to_ascii_agrees_with_value(c in any::<char>()) {
            prop_assert_eq!(to_ascii(c).and_then(|a| a.to_digit(10)), value(c));
        }
    }
}
