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
//!
//! [`identity`] is the one rule for "the same line" used by import
//! matching, duplicate detection, merge and search; [`is_shared_line`] says
//! which labels name a line that colleagues share (so that alone it never
//! makes two people one).

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

/// How many digits a number needs before it identifies anyone: shorter
/// ones are extensions, short codes or typos.
pub const IDENTITY_MIN_DIGITS: usize = 7;

/// The identity of a phone number: two numbers are the same line exactly
/// when their identities are equal. It is the last ten digits of the
/// national number (so `+98 912…`, `0098 912…`, `0912…`, `98 912…` and
/// `۰۹۱۲…` agree, as do `+1 555…` and `1-555…`), then `x` and the
/// extension's digits when there is one (`;ext=102`, `ext. 12`, `x7`: it
/// starts at the first letter, `;`, `,` or `#` after the number); `None`
/// for fewer than [`IDENTITY_MIN_DIGITS`] digits.
///
/// ```
/// use kariz::text::phone::identity;
/// assert_eq!(identity("+98 912 345 6789"), identity("۰۹۱۲ ۳۴۵ ۶۷۸۹"));
/// assert_eq!(identity("tel:+1-418-656-9254;ext=102").as_deref(), Some("4186569254x102"));
/// assert_eq!(identity("123"), None);
/// ```
#[must_use]
pub fn identity(written: &str) -> Option<String> {
    let (number, extension) = split_extension(written);
    let extension = phone_digits(extension);
    let national = national_number(number)?;
    if national.len() < IDENTITY_MIN_DIGITS {
        return None;
    }
    let skip = national.len().saturating_sub(10);
    let mut key: String = national.chars().skip(skip).collect();
    if !extension.is_empty() {
        key.push('x');
        key.push_str(&extension);
    }
    Some(key)
}

/// A number as written split into the line and what follows it: a `tel:`
/// prefix is dropped, and the extension starts at the first letter, `;`,
/// `,` or `#` (`;ext=102`, `ext. 12`, `x7`); empty when there is none.
fn split_extension(written: &str) -> (&str, &str) {
    let text = written.trim();
    let text = text
        .get(..4)
        .filter(|head| head.eq_ignore_ascii_case("tel:"))
        .and_then(|_| text.get(4..))
        .unwrap_or(text);
    match text.find(|c: char| c.is_alphabetic() || ";,#".contains(c)) {
        Some(at) => (
            text.get(..at).unwrap_or(text),
            text.get(at..).unwrap_or_default(),
        ),
        None => (text, ""),
    }
}

/// A phone number as SMS gateways and dialers take it: ASCII digits with
/// a leading `+` when written, the extension left out (a text cannot be
/// sent to one: `+353 1 555 6780 ext. 215` is `+35315556780`).
///
/// ```
/// use kariz::text::phone::dial_form;
/// assert_eq!(dial_form("+353 1 555 6780 ext. 215"), "+35315556780");
/// assert_eq!(dial_form("۰۹۱۲ ۳۴۵ ۶۷۸۹"), "09123456789");
/// assert_eq!(dial_form("tel:+1-418-656-9254;ext=102"), "+14186569254");
/// ```
#[must_use]
pub fn dial_form(written: &str) -> String {
    let (number, _) = split_extension(written);
    let mut out = String::new();
    for c in number.chars() {
        if c == '+' && out.is_empty() {
            out.push(c);
        } else if let Some(d) = crate::text::digits::to_ascii(c) {
            out.push(d);
        }
    }
    out
}

/// The key a caller's number is looked up by: the number part of
/// [`identity`] (its last ten national digits), without any extension.
/// A phone system sends the line a call came from, never the extension a
/// contact wrote after it, so "021 8888 1234 ext. 12" and "021 8888 1234"
/// both answer a call from +98 21 8888 1234 (everyone behind an office
/// line is a candidate). The store keeps this key beside every phone
/// (`contact_points.phone_key`, migration 012) so a call is an index hit.
///
/// ```
/// use kariz::text::phone::caller_key;
/// assert_eq!(caller_key("+98 912 345 6789").as_deref(), Some("9123456789"));
/// assert_eq!(caller_key("٠٩١٢-٣٤٥-٦٧٨٩").as_deref(), Some("9123456789"));
/// assert_eq!(caller_key("021 8888 1234 ext. 12").as_deref(), Some("2188881234"));
/// assert_eq!(caller_key("123"), None);
/// ```
#[must_use]
pub fn caller_key(written: &str) -> Option<String> {
    let key = identity(written)?;
    match key.split_once('x') {
        Some((number, _)) => Some(number.to_owned()),
        None => Some(key),
    }
}

/// Whether a phone label names a mobile (a personal line that rings one
/// person): a caller matched on one comes before people who share the
/// number as an office line.
#[must_use]
pub fn is_mobile_label(label: &str) -> bool {
    matches!(
        label.trim().to_lowercase().as_str(),
        "mobile"
            | "cell"
            | "cellphone"
            | "mob"
            | "موبایل"
            | "همراه"
            | "تلفن همراه"
            | "جوال"
            | "محمول"
            | "هاتف محمول"
    )
}

/// Whether two written numbers are the same line: equal identities, or,
/// for numbers too short to have one, the same digits.
#[must_use]
pub fn same_line(a: &str, b: &str) -> bool {
    match (identity(a), identity(b)) {
        (Some(x), Some(y)) => x == y,
        (None, None) => phone_digits(a) == phone_digits(b),
        _ => false,
    }
}

/// Whether a phone label names a shared line (an office or switchboard
/// number that colleagues have in common) rather than a personal one. Two
/// people who both have a number as a shared line are not the same person
/// on that evidence alone (duplicates, import matching).
#[must_use]
pub fn is_shared_line(label: &str) -> bool {
    matches!(
        label.trim().to_lowercase().as_str(),
        "work" | "office" | "main" | "fax" | "company" | "switchboard" | "business"
    )
}

/// Whether a number two people share says they are one person: not when
/// both have it as a shared line (see [`is_shared_line`]).
#[must_use]
pub fn shared_number_identifies(a_label: &str, b_label: &str) -> bool {
    !(is_shared_line(a_label) && is_shared_line(b_label))
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
    // The identity's number (the national number's last ten digits), so a
    // query that [`identity`] calls the same line finds it ("98 912…"
    // typed without its `+`).
    if let Some(number) = identity(query).and_then(|i| i.split('x').next().map(str::to_owned))
        && !forms.contains(&number)
    {
        forms.push(number);
    }
    forms.retain(|f| f.len() >= min_len);
    forms
}

#[cfg(test)]
mod tests {

    #[test]
    fn numbers_are_dialled_in_ascii_without_their_extension() {
        assert_eq!(dial_form("۰۹۱۲ ۳۴۵ ۶۷۸۹"), "09123456789");
        assert_eq!(dial_form("+98 912-345-6789"), "+989123456789");
        assert_eq!(dial_form("021 8888 1234 ext. 12"), "02188881234");
        assert_eq!(dial_form("+1 555 0100 x7"), "+15550100");
        assert_eq!(dial_form("  "), "");
    }
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

    #[test]
    fn identities() {
        let nine = Some("9123456789");
        for same in [
            "+98 912 345 6789",
            "0098 912 345 6789",
            "0912-345-6789",
            "98 912 345 6789",
            "۰۹۱۲ ۳۴۵ ۶۷۸۹",
            "٠٩١٢ ٣٤٥ ٦٧٨٩",
            "tel:+98-912-345-6789",
        ] {
            assert_eq!(identity(same).as_deref(), nine, "{same:?}");
        }
        assert_eq!(identity("+1 555 010 2000"), identity("1-555-010-2000"));
        assert_eq!(
            identity("tel:+1-418-656-9254;ext=102").as_deref(),
            Some("4186569254x102")
        );
        assert_eq!(
            identity("0098 912 345 6789 ext. 12").as_deref(),
            Some("9123456789x12")
        );
        assert_ne!(identity("021 8888 1234 x1"), identity("021 8888 1234 x2"));
        assert_eq!(identity("123456"), None);
        assert_eq!(identity("ext 1234567"), None);
        assert!(same_line("+98 21 8888 1234", "021-8888-1234"));
        assert!(same_line("123", "1-2-3"));
        assert!(!same_line("123", "0912 345 6789"));
    }

    #[test]
    fn shared_lines() {
        assert!(is_shared_line(" Work "));
        assert!(is_shared_line("office"));
        assert!(!is_shared_line("mobile"));
        assert!(!shared_number_identifies("work", "office"));
        assert!(shared_number_identifies("mobile", "work"));
        assert!(shared_number_identifies("mobile", "home"));
    }

    #[test]
    fn a_query_finds_what_identity_calls_the_same() {
        let index = index_form("0912 345 6789");
        let forms = query_forms("98 912 345 6789", 3);
        assert!(
            forms.iter().any(|f| index.contains(f.as_str())),
            "{forms:?}"
        );
    }

    #[test]
    fn caller_keys_for_every_format() {
        let nine = Some("9123456789");
        for written in [
            "+98 912 345 6789",
            "+989123456789",
            "0098 912 345 6789",
            "00989123456789",
            "0912 345 6789",
            "09123456789",
            "912 345 6789",
            "9123456789",
            "98 912 345 6789",
            "۰۹۱۲ ۳۴۵ ۶۷۸۹",
            "+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹",
            "٠٩١٢ ٣٤٥ ٦٧٨٩",
            "0912-345-6789",
            "(0912) 345-6789",
            "+98 (0) 912 345 6789",
            "tel:+98-912-345-6789",
            "0912 345 6789 ext. 12",
        ] {
            assert_eq!(caller_key(written).as_deref(), nine, "{written:?}");
        }
        assert_eq!(
            caller_key("+98 21 8888 1234").as_deref(),
            Some("2188881234")
        );
        assert_eq!(caller_key("021-8888-1234").as_deref(), Some("2188881234"));
        assert_eq!(caller_key("123456"), None);
        assert_eq!(caller_key(""), None);
        assert_eq!(caller_key("anonymous"), None);
    }

    #[test]
    fn mobile_labels() {
        assert!(is_mobile_label(" Mobile"));
        assert!(is_mobile_label("موبایل"));
        assert!(is_mobile_label("جوال"));
        assert!(!is_mobile_label("work"));
    }

    proptest! {
        #[test]
        fn identity_never_panics(s in "\\PC{0,30}") {
            if let Some(id) = identity(&s) {
                prop_assert!(id.chars().all(|c| c.is_ascii_digit() || c == 'x'));
            }
        }

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
