//! Phone numbers for search: one number written with or without its
//! country prefix must find itself.
//!
//! "+98 912 345 6789", "0098 912 345 6789" and "0912 345 6789" are the same
//! line. Each reduces to its national significant number (NSN), 9123456789:
//! after `+` or `00`, a known country calling code is dropped; otherwise a
//! leading trunk `0` is dropped. Search indexes both the digits as written
//! and the NSN ([`index_form`]), and a phone query matches either
//! ([`query_forms`]), so a partial number such as "0912 345" or "+98 912"
//! finds all three spellings, and digits typed without a prefix still match
//! the digits as they were stored.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

use super::fold::phone_digits;

/// Country calling codes recognised after `+` or `00`. ITU codes are
/// prefix-free (no code starts another), so at most one can match. The list
/// covers the region kariz is used in and the most common trading partners;
/// a number with another code keeps its digits, found as written.
const COUNTRY_CODES: &[&str] = &[
    // Iran, the Gulf, the Levant, Iraq, Turkey, Afghanistan, Pakistan.
    "98", "971", "966", "965", "968", "973", "974", "964", "963", "962", "961", "970", "972", "967",
    "90", "93", "92", // North Africa.
    "20", "212", "213", "216", "218", "249", // Caucasus and Central Asia.
    "994", "995", "374", "992", "993", "996", "998", "7",
    // Europe, the Americas, Asia, Oceania.
    "1", "44", "49", "33", "39", "34", "31", "32", "41", "43", "45", "46", "47", "48", "30", "351",
    "353", "358", "36", "40", "380", "86", "91", "81", "82", "60", "62", "63", "65", "66", "84",
    "61", "64", "55", "52", "54", "27",
];

/// The national significant number of a phone number as written, or `None`
/// when it has no digits left.
///
/// ```
/// use kariz::text::phone::national_number;
/// assert_eq!(national_number("+98 912 345 6789").as_deref(), Some("9123456789"));
/// assert_eq!(national_number("0098 (0)912 345 6789").as_deref(), Some("9123456789"));
/// assert_eq!(national_number("0912-345-6789").as_deref(), Some("9123456789"));
/// assert_eq!(national_number("۰۹۱۲ ۳۴۵ ۶۷۸۹").as_deref(), Some("9123456789"));
/// ```
#[must_use]
pub fn national_number(written: &str) -> Option<String> {
    let digits = phone_digits(written);
    let plus = written.trim_start().starts_with('+');
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    let national = match international {
        Some(rest) => {
            let after_code = COUNTRY_CODES.iter().find_map(|c| rest.strip_prefix(*c));
            match after_code {
                // "+98 (0)912…": a trunk 0 written after the country code.
                Some(after) => after.trim_start_matches('0'),
                None => rest,
            }
        }
        None => digits.strip_prefix('0').unwrap_or(&digits),
    };
    (!national.is_empty()).then(|| national.to_owned())
}

/// What the search text holds for one stored phone: its digits as written
/// and, when different, its national number, separated by a space.
#[must_use]
pub fn index_form(written: &str) -> String {
    let digits = phone_digits(written);
    match national_number(written) {
        Some(national) if national != digits => format!("{digits} {national}"),
        _ => digits,
    }
}

/// The digit runs a phone query looks for in stored index forms: the digits
/// as typed and the national number, each at least `min_len` long.
#[must_use]
pub fn query_forms(query: &str, min_len: usize) -> Vec<String> {
    let mut forms = vec![phone_digits(query)];
    if let Some(national) = national_number(query)
        && !forms.contains(&national)
    {
        forms.push(national);
    }
    forms.retain(|f| f.len() >= min_len);
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn national_numbers() {
        let cases = [
            ("+98 912 345 6789", Some("9123456789")),
            ("0098 912 345 6789", Some("9123456789")),
            ("0912 345 6789", Some("9123456789")),
            ("+98 (0) 912 345 6789", Some("9123456789")),
            ("+971 50 123 4567", Some("501234567")),
            ("00971501234567", Some("501234567")),
            ("050 123 4567", Some("501234567")),
            ("+1 (555) 010-2000", Some("5550102000")),
            ("+44 20 7946 0000", Some("2079460000")),
            // No prefix and no trunk 0: the digits themselves.
            ("912 345 6789", Some("9123456789")),
            // An unlisted country code stays.
            ("+999 123", Some("999123")),
            ("021 8888 1234", Some("2188881234")),
            ("", None),
            ("+", None),
            ("0", None),
            ("00", None),
            ("+98", None),
        ];
        for (input, want) in cases {
            assert_eq!(national_number(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn the_three_spellings_find_each_other() {
        let spellings = ["+98 912 345 6789", "0098 912 345 6789", "0912 345 6789"];
        for stored in spellings {
            let index = index_form(stored);
            for query in spellings
                .iter()
                .chain(&["0912 345", "+98 912", "912 345 67"])
            {
                let forms = query_forms(query, 3);
                assert!(
                    forms.iter().any(|f| index.contains(f.as_str())),
                    "{query:?} should find {stored:?} (index {index:?}, forms {forms:?})"
                );
            }
        }
        assert!(!index_form("0912 345 6789").contains("9129999"));
    }

    #[test]
    fn index_forms() {
        assert_eq!(index_form("+98 912 345 6789"), "989123456789 9123456789");
        assert_eq!(index_form("912 345 6789"), "9123456789");
        assert_eq!(index_form("none"), "");
    }

    #[test]
    fn codes_are_prefix_free_and_unique() {
        for a in COUNTRY_CODES {
            for b in COUNTRY_CODES {
                assert!(a == b || !b.starts_with(a), "{a} is a prefix of {b}");
            }
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_yields_digits(s in "\\PC{0,30}") {
            if let Some(n) = national_number(&s) {
                prop_assert!(n.chars().all(|c| c.is_ascii_digit()));
            }
            prop_assert!(index_form(&s).chars().all(|c| c.is_ascii_digit() || c == ' '));
            let _ = query_forms(&s, 3);
        }
    }
}
