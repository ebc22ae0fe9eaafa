//! Left-to-right islands: the parts of a field that must read left to right
//! whatever surrounds them.
//!
//! Inside right-to-left text the bidi algorithm turns European digits after
//! an Arabic letter into Arabic numbers and resolves the separators between
//! them on their own, so "0912-123-4567" would show as "4567-123-0912" and
//! "+98 912 345 6789" as "6789 345 912 98+". The layout wraps each island in
//! LRI LRO … PDF PDI: the isolate makes it count as a neutral for the text
//! around it, the override keeps everything inside strictly left to right
//! (Arabic-Indic digits "٠٥٠ ١٢٣ ٤٥٦٧" would otherwise still show their
//! groups in right-to-left order inside a plain isolate).
//!
//! The rules (tests/data/rtl/regen.sh implements the same rules separately,
//! in Python, to produce the oracle's expected output):
//! - **e-mail**: `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+`,
//!   leftmost first;
//! - **escape**: a `\u{…}` escape written by the sanitizer;
//! - **number**: an optional prefix (`+ # $ € £ -`) directly before a digit,
//!   digit groups joined by single separators (space, no-break space,
//!   `- . , / :`, Arabic decimal and thousands separators), an optional
//!   `%`/`٪`; it is an island when it has a prefix, a percent sign or at least
//!   two groups (phone numbers, ids such as #123, amounts such as 1,250,000,
//!   dates), and is not glued to a letter or digit on either side. A plain
//!   number ("شرکت ABC 123") is left to the bidi algorithm, which already
//!   keeps it in one piece and attaches it to Latin text before it.
//!
//! Digits are ASCII, Arabic-Indic (U+0660…) or Extended Arabic-Indic
//! (Persian, U+06F0…).

use std::ops::Range;
use unicode_bidi::{BidiClass, bidi_class};

/// The islands of `chars`, sorted and not overlapping.
pub(super) fn find(chars: &[char]) -> Vec<Range<usize>> {
    let mut claimed = emails(chars);
    claimed.extend(escapes(chars));
    claimed.sort_by_key(|r| r.start);
    // Numbers are looked for in the rest, with claimed text standing in as
    // a letter so a number cannot run into an e-mail address.
    let mut masked = chars.to_vec();
    for range in &claimed {
        for c in &mut masked[range.clone()] {
            *c = 'x';
        }
    }
    let mut all = claimed;
    all.extend(numbers(&masked));
    all.sort_by_key(|r| r.start);
    all
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// E-mail addresses, leftmost first, as the regular expression in the
/// module documentation would find them.
fn emails(chars: &[char]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut searched_to = 0;
    for at in 0..chars.len() {
        if chars[at] != '@' || at < searched_to {
            continue;
        }
        let mut start = at;
        while start > searched_to && is_local_char(chars[start - 1]) {
            start -= 1;
        }
        if start == at {
            continue;
        }
        let label_end = |mut i: usize| {
            while i < chars.len() && is_label_char(chars[i]) {
                i += 1;
            }
            i
        };
        let mut end = label_end(at + 1);
        if end == at + 1 {
            continue;
        }
        let mut dotted_labels = 0;
        while end + 1 < chars.len() && chars[end] == '.' && is_label_char(chars[end + 1]) {
            end = label_end(end + 1);
            dotted_labels += 1;
        }
        if dotted_labels > 0 {
            found.push(start..end);
            searched_to = end;
        }
    }
    found
}

/// The sanitizer's `\u{1b}`-style escapes.
fn escapes(chars: &[char]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 3 < chars.len() {
        if chars[i] == '\\' && chars[i + 1] == 'u' && chars[i + 2] == '{' {
            let mut end = i + 3;
            while end < chars.len() && chars[end].is_ascii_hexdigit() {
                end += 1;
            }
            if end > i + 3 && end < chars.len() && chars[end] == '}' {
                found.push(i..end + 1);
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    found
}

pub(super) use crate::text::digits::is_digit;

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '-' | '.' | ',' | '/' | ':' | '\u{66b}' | '\u{66c}'
    )
}

fn is_prefix(c: char) -> bool {
    matches!(c, '+' | '#' | '$' | '€' | '£' | '-')
}

fn is_percent(c: char) -> bool {
    matches!(c, '%' | '\u{66a}')
}

/// A letter (strong bidi class), a digit or an underscore: what a number
/// must not be glued to for it to count as an island.
fn is_word_char(c: char) -> bool {
    c == '_' || is_digit(c) || matches!(bidi_class(c), BidiClass::L | BidiClass::R | BidiClass::AL)
}

/// Phone numbers, ids, amounts and dates.
fn numbers(chars: &[char]) -> Vec<Range<usize>> {
    let len = chars.len();
    let mut found = Vec::new();
    let mut i = 0;
    while i < len {
        let start = i;
        let has_prefix = is_prefix(chars[i]) && i + 1 < len && is_digit(chars[i + 1]);
        if !has_prefix && !is_digit(chars[i]) {
            i += 1;
            continue;
        }
        let mut end = if has_prefix { i + 1 } else { i };
        let mut groups = 0;
        loop {
            while end < len && is_digit(chars[end]) {
                end += 1;
            }
            groups += 1;
            if end + 1 < len && is_separator(chars[end]) && is_digit(chars[end + 1]) {
                end += 1;
            } else {
                break;
            }
        }
        let has_percent = end < len && is_percent(chars[end]);
        if has_percent {
            end += 1;
        }
        let glued = (start > 0 && is_word_char(chars[start - 1]))
            || (end < len && is_word_char(chars[end]));
        if (has_prefix || has_percent || groups >= 2) && !glued {
            found.push(start..end);
        }
        i = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn islands(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        find(&chars)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(islands("موبایل: +98 912 345 6789."), ["+98 912 345 6789"]);
        assert_eq!(islands("تلفن 0912-123-4567 است"), ["0912-123-4567"]);
        assert_eq!(islands("۰۹۱۲ ۳۴۵ ۶۷۸۹"), ["۰۹۱۲ ۳۴۵ ۶۷۸۹"]);
    }

    #[test]
    fn emails_ids_amounts() {
        assert_eq!(
            islands("ایمیل ali.rezaei@example.co.ir، پرونده #123"),
            ["ali.rezaei@example.co.ir", "#123"]
        );
        assert_eq!(
            islands("مبلغ 1,250,000 ریال و 12.5%"),
            ["1,250,000", "12.5%"]
        );
        assert_eq!(islands("$1,200.50"), ["$1,200.50"]);
        assert_eq!(islands("۱۲۰٬۰۰۰٬۰۰۰ تومان"), ["۱۲۰٬۰۰۰٬۰۰۰"]);
    }

    #[test]
    fn plain_numbers_and_glued_ones_are_not_islands() {
        assert!(islands("شرکت ABC 123").is_empty());
        assert!(islands("v1.2.3 x-5").is_empty());
        assert!(islands("a@b.").is_empty());
        assert!(islands("کد12-34").is_empty());
    }

    #[test]
    fn escapes_are_islands() {
        assert_eq!(islands("علی\\u{1b}[2J"), ["\\u{1b}"]);
    }

    #[test]
    fn numbers_do_not_run_into_emails() {
        assert_eq!(islands("12 34@x.com"), ["34@x.com"]);
    }
}
