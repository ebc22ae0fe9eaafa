//! Search folding for Persian, Arabic and Latin text.
//!
//! The same name can be typed in several byte-different ways: an Arabic
//! keyboard gives ي and ك where a Persian one gives ی and ک, people add or
//! omit harakat and ZWNJ, digits come in three scripts, and pasted text may
//! carry presentation forms or full-width Latin. [`fold`] maps all of these to
//! one search key, so a query finds the record whichever keyboard typed it.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::digits::to_ascii as ascii_digit;
use super::letters;

/// Replaces Persian and Arabic-Indic digits with ASCII digits and leaves every
/// other character alone; borrows the input when it has none.
///
/// Parsers of numbers, dates and phone numbers use this so that input typed
/// on a Persian or Arabic keyboard is read the same as ASCII input.
///
/// ```
/// use kariz::text::fold::fold_digits;
/// assert_eq!(fold_digits("۱۴۰۵/٠٩"), "1405/09");
/// ```
#[must_use]
pub fn fold_digits(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| !c.is_ascii() && ascii_digit(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect())
}

/// Whether `c` carries no meaning for search and is removed (the table
/// shared with name order, plus control characters).
fn is_dropped(c: char) -> bool {
    letters::is_invisible(c) || c.is_control()
}

/// The Persian letter that search treats `c` as: the table shared with
/// name order, plus آ → ا, which only search folds (see `text::letters`).
fn persian_letter(c: char) -> Option<char> {
    if c == '\u{622}' {
        return Some('\u{627}');
    }
    letters::persian_form(c)
}

/// Returns the search key for `s`: the form stored beside a record and
/// matched against a folded query.
///
/// Applies NFKC, unifies Arabic and Persian letter variants, drops harakat,
/// tatweel, ZWNJ/ZWJ, bidi controls and other control characters, turns
/// Persian and Arabic-Indic digits into ASCII, lower-cases, and collapses
/// whitespace runs to single spaces with no leading or trailing space.
/// Folding is idempotent, so a stored key can be folded again safely.
///
/// ```
/// use kariz::text::fold::fold;
/// assert_eq!(fold("علي"), fold("علی"));
/// assert_eq!(fold("  Sara\tAHMADI "), "sara ahmadi");
/// ```
#[must_use]
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return fold_ascii(s);
    }
    let mut mapped = String::with_capacity(s.len());
    // NFKC comes first so presentation forms and full-width letters reach the
    // letter mapping below as the ordinary letters they stand for.
    for c in s.nfkc() {
        push_folded(c, &mut mapped);
    }
    // Dropping a joiner or a mark can bring a base letter and a later
    // combining mark together; normalizing again composes them now, so that
    // folding an already folded key changes nothing.
    collapse_spaces(&mapped.nfkc().collect::<String>())
}

/// [`fold`] of ASCII text. NFKC leaves ASCII as it is, so both
/// normalizations are skipped; they are most of the cost of folding the
/// e-mails and Latin names of an import.
fn fold_ascii(s: &str) -> String {
    let mut mapped = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut mapped);
    }
    collapse_spaces(&mapped)
}

/// Appends the folded form of one (normalized) character.
fn push_folded(c: char, mapped: &mut String) {
    if c.is_whitespace() {
        // Checked before dropping controls: tab and newline are controls
        // too, but they separate words, so they become spaces.
        mapped.push(' ');
    } else if let Some(d) = ascii_digit(c) {
        mapped.push(d);
    } else if let Some(p) = persian_letter(c) {
        mapped.push(p);
    } else if !is_dropped(c) {
        // Per character, not `str::to_lowercase`: the latter makes Σ
        // final or not by context, which dropping neighbours could change.
        mapped.extend(c.to_lowercase());
    }
}

/// `mapped` with runs of spaces made single and no space at either end.
fn collapse_spaces(mapped: &str) -> String {
    let mut out = String::with_capacity(mapped.len());
    for word in mapped.split(' ') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Returns only the digits of a phone number, as ASCII.
///
/// Persian and Arabic-Indic digits count as digits; everything else (`+`,
/// spaces, dashes, parentheses, letters) is ignored, so numbers typed in any
/// layout compare equal as strings. No country prefix is added or removed.
///
/// ```
/// use kariz::text::fold::phone_digits;
/// assert_eq!(phone_digits("+98 (912) 345-6789"), "989123456789");
/// assert_eq!(phone_digits("۰۹۱۲-۳۴۵-۶۷۸۹"), "09123456789");
/// ```
#[must_use]
pub fn phone_digits(s: &str) -> String {
    s.chars().filter_map(ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fold_table() {
        let cases = [
            // NFKC: Arabic presentation forms, full-width Latin, ligatures.
            ("\u{fee3}\u{fea4}\u{fee4}\u{feaa}", "محمد"),
            ("ＳＡＲＡ１２", "sara12"),
            ("\u{fefb}", "لا"),
            ("\u{fb8f}\u{fbfe}", "کی"), // keheh and farsi yeh presentation forms
            ("ﬁle", "file"),
            // Yeh variants.
            ("علي", "علی"),
            ("مصطفى", "مصطفی"),
            ("رئيس", "رییس"),
            // Kaf.
            ("كريم", "کریم"),
            // Alef variants.
            ("أحمد", "احمد"),
            ("إيران", "ایران"),
            ("آرش", "ارش"),
            ("ٱلله", "الله"),
            // Waw with hamza, teh marbuta, heh with yeh above.
            ("مؤمن", "مومن"),
            ("مدرسة", "مدرسه"),
            ("خانۀ ما", "خانه ما"),
            ("خانه\u{654} ما", "خانه ما"), // the decomposed spelling of ۀ
            // Harakat, superscript alef, tatweel.
            ("مُحَمَّد", "محمد"),
            ("هٰذا", "هذا"),
            ("مـحـمـد", "محمد"),
            // ZWNJ, ZWJ and bidi controls.
            ("نیک\u{200c}نام", "نیکنام"),
            ("a\u{200d}b", "ab"),
            ("\u{200f}علی\u{200e}", "علی"),
            ("\u{61c}x\u{202e}y\u{202c}\u{2067}z\u{2069}", "xyz"),
            // Digits.
            ("۱۲۳", "123"),
            ("٤٥٦", "456"),
            ("پلاک ۱۲", "پلاک 12"),
            // Case.
            ("Sara AHMADI", "sara ahmadi"),
            ("ÉCOLE", "école"),
            ("Straße", "straße"),
            // Whitespace and controls.
            ("  sara \t\n ahmadi  ", "sara ahmadi"),
            ("a\u{a0}\u{3000}b", "a b"),
            ("bad\u{1b}[31mred\u{9b}\u{7f}", "bad[31mred"),
            ("", ""),
            (" \t\n", ""),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    #[test]
    fn different_keyboards_fold_equal() {
        let pairs = [
            ("علي", "علی"),
            ("كريم", "کریم"),
            ("مُحَمَّد", "محمد"),
            ("نیک‌نام", "نیکنام"),
            ("۱۲۳", "123"),
            ("١٢٣", "۱۲۳"),
            ("Sara AHMADI", "sara ahmadi"),
            ("ﻣﺤﻤﺪ", "محمد"),
            ("café", "cafe\u{301}"),
        ];
        for (a, b) in pairs {
            assert_eq!(fold(a), fold(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn dropping_a_joiner_composes_what_it_separated() {
        // Without the final normalization this would fold to "e\u{301}" and
        // a second fold would change it to "é".
        assert_eq!(fold("e\u{200d}\u{301}"), "é");
        assert_eq!(fold(&fold("e\u{200d}\u{301}")), "é");
    }

    #[test]
    fn fold_digits_only_touches_digits() {
        assert!(matches!(fold_digits("abc 123"), Cow::Borrowed(_)));
        assert_eq!(fold_digits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
        assert_eq!(fold_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(fold_digits("تاریخ ۱۴۰۵-۰۱-۰۲ ok"), "تاریخ 1405-01-02 ok");
    }

    #[test]
    fn phone_digits_table() {
        let cases = [
            ("+98 (912) 345-6789", "989123456789"),
            ("۰۹۱۲-۳۴۵-۶۷۸۹", "09123456789"),
            ("٠٩١٢ ٣٤٥ ٦٧٨٩", "09123456789"),
            ("tel: 021 8888 1234 ext. 5", "021888812345"),
            ("no digits", ""),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(phone_digits(input), want, "phone_digits({input:?})");
        }
    }

    /// Characters that exercise the interactions between the folding rules.
    fn tricky_char() -> impl Strategy<Value = char> {
        prop::sample::select(vec![
            'a', 'E', 'İ', 'Σ', 'ß', 'ſ', 'ﬁ', '\u{301}', '\u{307}', '\u{345}', ' ', '\t', '\n',
            '\u{a0}', '\u{3000}', '\u{1b}', '\u{9b}', '\u{200c}', '\u{200d}', '\u{200e}',
            '\u{202e}', '\u{2067}', 'ا', 'ي', 'ى', 'ئ', 'ك', 'أ', 'آ', 'ٱ', 'ؤ', 'ة', 'ۀ', 'ه',
            'ە', '\u{64e}', '\u{651}', '\u{653}', '\u{654}', '\u{655}', '\u{670}', '\u{640}', '۱',
            '٣', 'ﻣ', 'ﺤ', 'ﻻ', '\u{fdfa}', '\u{fc5e}', 'Ａ', '㎏', 'ℌ', 'Ω',
        ])
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in any::<String>()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn fold_is_idempotent_on_tricky_mixes(
            chars in prop::collection::vec(tricky_char(), 0..24),
        ) {
            let s: String = chars.into_iter().collect();
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
            prop_assert!(!once.chars().any(|c| c.is_control() || is_dropped(c)));
        }

        #[test]
        fn ascii_fast_path_folds_like_the_general_path(s in "[\\x00-\\x7f]{0,40}") {
            let mut mapped = String::new();
            for c in s.nfkc() {
                push_folded(c, &mut mapped);
            }
            let general = collapse_spaces(&mapped.nfkc().collect::<String>());
            prop_assert_eq!(fold(&s), general);
        }

        #[test]
        fn phone_digits_keeps_only_ascii_digits(s in any::<String>()) {
            prop_assert!(phone_digits(&s).chars().all(|c| c.is_ascii_digit()));
        }
    }
}
