//! Making untrusted control characters visible on output.
//!
//! Contact names and notes come from imports and other people's input, so they
//! may carry terminal escape sequences (ESC, the single-byte CSI U+009B, OSC 52
//! clipboard writes, OSC 8 hyperlinks) or bidi overrides that reorder what the
//! reader sees ("Trojan Source"). The database keeps the bytes exactly as they
//! were entered; every output path passes text through this module so those
//! characters are shown as harmless escapes instead of being acted on.
//!
//! Left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F,
//! U+061C) and ZWNJ/ZWJ are deliberately left alone: Persian text needs them
//! and they cannot start an escape sequence or override the display order of
//! the surrounding text.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` could drive the terminal or reorder the displayed text.
fn is_dangerous(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'          // C0, including ESC, tab, CR and LF
        | '\u{7f}'..='\u{9f}'       // DEL and C1, including the one-byte CSI
        | '\u{202a}'..='\u{202e}'   // bidi embeddings and overrides
        | '\u{2066}'..='\u{2069}' // bidi isolates
    )
}

/// Whether `c` must be escaped in JSON output that `serde_json` already escaped.
///
/// `serde_json` escapes C0 itself, so only what it leaves raw is listed here.
fn is_raw_in_json(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
    )
}

/// Copies `s`, rewriting every character for which `escape_it` holds with
/// `write_escape`, or borrows `s` when nothing needs rewriting.
fn replace_chars(
    s: &str,
    escape_it: impl Fn(char) -> bool,
    write_escape: impl Fn(&mut String, char),
) -> Cow<'_, str> {
    // Almost all text is clean, so find the first offender before allocating.
    let Some(first) = s.find(&escape_it) else {
        return Cow::Borrowed(s);
    };
    let (clean, rest) = s.split_at(first);
    // Each escape is at most ten bytes where the original was at least one.
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(clean);
    for c in rest.chars() {
        if escape_it(c) {
            write_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes `c` as a Rust-style `\u{1b}` escape.
fn push_rust_escape(out: &mut String, c: char) {
    // Writing into a String cannot fail.
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Returns `s` with every terminal control and bidi override/isolate shown as
/// a `\u{1b}`-style escape, so it can be printed on one line safely.
///
/// Tab, CR and LF are escaped too: a single-line field (a name, a table cell)
/// must not be able to break the layout around it. The input is borrowed
/// unchanged when it holds nothing to escape, which is the common case.
///
/// ```
/// use kariz::text::sanitize::visible;
/// assert_eq!(visible("Sara\u{1b}[2J"), "Sara\\u{1b}[2J");
/// assert_eq!(visible("نیک‌نام"), "نیک‌نام");
/// ```
#[must_use]
pub fn visible(s: &str) -> Cow<'_, str> {
    // Printable ASCII (ids, e-mails, phones, dates) has nothing to escape;
    // a byte test is cheaper than decoding every character of a listing.
    if is_printable_ascii(s) {
        return Cow::Borrowed(s);
    }
    replace_chars(s, is_dangerous, push_rust_escape)
}

/// Whether every byte of `s` is printable ASCII (space to tilde): text
/// with nothing to escape that takes one terminal cell a byte.
#[must_use]
pub fn is_printable_ascii(s: &str) -> bool {
    printable_bytes(s.as_bytes())
}

/// [`is_printable_ascii`] over bytes, eight at a time: a listing tests
/// every cell twice (measure, then print), and testing a byte at a time
/// was a tenth of printing the whole list.
fn printable_bytes(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // A byte below 0x20 sets its high bit in `x - 0x20…` while it was
    // clear in `x`; a byte of 0x7f or more has it set in `x + 1…` or `x`.
    // A borrow or carry into the next byte only happens after a byte that
    // already failed, so the word's answer is exact.
    let word_ok = |x: u64| {
        let below_space = x.wrapping_sub(ONES * 0x20) & !x;
        let above_tilde = x.wrapping_add(ONES) | x;
        (below_space | above_tilde) & HIGH == 0
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        // Always eight bytes: `chunks_exact`.
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        if !word_ok(word) {
            return false;
        }
    }
    let mut last = [b' '; 8];
    for (to, from) in last.iter_mut().zip(chunks.remainder()) {
        *to = *from;
    }
    word_ok(u64::from_le_bytes(last))
}

/// Like [`visible`], but keeps line feeds so multi-line notes stay readable in
/// a detail view.
///
/// A carriage return is still escaped: it can move the cursor back over text
/// already drawn and so hide or overwrite part of the note.
#[must_use]
pub fn visible_multiline(s: &str) -> Cow<'_, str> {
    replace_chars(s, |c| c != '\n' && is_dangerous(c), push_rust_escape)
}

/// Rewrites JSON produced by `serde_json` so that no raw DEL, C1 control or
/// bidi override/isolate reaches the terminal, while the document stays valid
/// and decodes to exactly the same strings.
///
/// `serde_json` escapes only what JSON requires (C0 controls, `"` and `\`), so
/// these characters would otherwise pass through untouched.
///
/// ```
/// use kariz::text::sanitize::escape_json_output;
/// assert_eq!(escape_json_output("\"a\u{9b}b\""), "\"a\\u009bb\"");
/// ```
#[must_use]
pub fn escape_json_output(json: &str) -> Cow<'_, str> {
    // Outside string literals, serialized JSON consists only of ASCII
    // punctuation, digits, literals and ASCII whitespace, so every one of
    // these characters is inside a string, where `\uXXXX` means the same
    // character. A raw one can never follow a lone backslash either, because
    // `serde_json` only ever writes a backslash as part of an ASCII escape.
    // A plain character replacement is therefore correct without parsing.
    replace_chars(json, is_raw_in_json, |out, c| {
        // Every character escaped here is in the BMP, so four digits suffice.
        let _ = write!(out, "\\u{:04x}", u32::from(c));
    })
}

/// User text in double quotes with controls made visible, for messages.
///
/// Use this rather than `{:?}` on an already-escaped string, which would
/// double the backslashes (`\\u{1b}`).
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", visible(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_escapes_once() {
        assert_eq!(quoted("a\u{1b}b"), "\"a\\u{1b}b\"");
    }
    use proptest::prelude::*;

    #[test]
    fn clean_text_is_borrowed() {
        for s in [
            "",
            "Sara Ahmadi",
            "علی رضایی",
            "نیک\u{200c}نام",
            "a\u{200d}b",
            "\u{200e}\u{200f}\u{61c}",
            "emoji 🎉 and ß",
        ] {
            assert!(matches!(visible(s), Cow::Borrowed(_)), "{s:?}");
            assert!(matches!(visible_multiline(s), Cow::Borrowed(_)), "{s:?}");
            assert!(matches!(escape_json_output(s), Cow::Borrowed(_)), "{s:?}");
        }
    }

    #[test]
    fn printable_bytes_agree_with_the_range_for_every_byte_and_place() {
        for len in [1, 7, 8, 9, 16, 17] {
            for at in 0..len {
                for byte in 0..=u8::MAX {
                    let mut bytes = vec![b'a'; len];
                    if let Some(b) = bytes.get_mut(at) {
                        *b = byte;
                    }
                    let expected = (0x20..0x7f).contains(&byte);
                    assert_eq!(printable_bytes(&bytes), expected, "{len} {at} {byte:#x}");
                }
            }
        }
    }

    #[test]
    fn printable_ascii_is_space_to_tilde_at_every_position() {
        assert!(is_printable_ascii(""));
        assert!(is_printable_ascii(" ~"));
        // Lengths around the chunk size, with one byte out of range at each
        // place: in a chunk, in the remainder, first and last.
        for len in [1, 15, 16, 17, 33] {
            let clean = "a".repeat(len);
            assert!(is_printable_ascii(&clean), "{len}");
            for at in 0..len {
                for bad in ["\u{1f}", "\u{7f}", "\u{0}", "é", "\n"] {
                    let mut text = clean.clone();
                    text.replace_range(at..=at, bad);
                    assert!(!is_printable_ascii(&text), "{len} {at} {bad:?}");
                }
            }
        }
    }

    #[test]
    fn visible_escapes_each_class() {
        let cases = [
            ("\u{0}", "\\u{0}"),
            ("a\u{1b}[31mred", "a\\u{1b}[31mred"),
            ("tab\there", "tab\\u{9}here"),
            ("line\nbreak", "line\\u{a}break"),
            ("cr\rhere", "cr\\u{d}here"),
            ("\u{1f}", "\\u{1f}"),
            ("del\u{7f}", "del\\u{7f}"),
            ("\u{80}", "\\u{80}"),
            ("csi\u{9b}2J", "csi\\u{9b}2J"),
            ("\u{9f}", "\\u{9f}"),
            (
                "\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}",
                "\\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{202e}",
            ),
            (
                "\u{2066}\u{2067}\u{2068}\u{2069}",
                "\\u{2066}\\u{2067}\\u{2068}\\u{2069}",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(visible(input), want, "{input:?}");
        }
    }

    #[test]
    fn visible_neutralises_osc_sequences() {
        // OSC 52 would write to the clipboard, OSC 8 would hide a link target.
        let osc52 = "\u{1b}]52;c;ZXZpbA==\u{7}";
        assert_eq!(visible(osc52), "\\u{1b}]52;c;ZXZpbA==\\u{7}");
        let osc8 = "\u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\";
        let shown = visible(osc8);
        assert!(!shown.contains('\u{1b}'));
        assert!(shown.contains("https://evil.example"));
    }

    #[test]
    fn visible_keeps_persian_joiners_and_marks() {
        let s = "می\u{200c}خواهم \u{200f}تهران\u{200e} \u{61c}x\u{200d}y";
        assert_eq!(visible(s), s);
    }

    #[test]
    fn visible_keeps_characters_next_to_the_escaped_range() {
        // U+00A0 and U+2065/U+206A sit right outside escaped ranges.
        let s = "\u{a0}\u{2029}\u{202f}\u{2065}\u{206a}~";
        assert_eq!(visible(s), s);
    }

    #[test]
    fn visible_output_contains_no_dangerous_characters() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let shown = visible(&all);
        assert!(!shown.chars().any(is_dangerous));
    }

    #[test]
    fn multiline_keeps_lf_but_not_cr() {
        assert_eq!(visible_multiline("one\ntwo"), "one\ntwo");
        assert_eq!(visible_multiline("one\r\ntwo"), "one\\u{d}\ntwo");
        assert_eq!(visible_multiline("a\tb\u{1b}c"), "a\\u{9}b\\u{1b}c");
        assert_eq!(visible_multiline("\u{202e}abc"), "\\u{202e}abc");
    }

    #[test]
    fn json_escapes_use_four_lower_case_digits() {
        assert_eq!(escape_json_output("\"\u{7f}\""), "\"\\u007f\"");
        assert_eq!(escape_json_output("\"\u{9b}\""), "\"\\u009b\"");
        assert_eq!(escape_json_output("\"\u{202e}\""), "\"\\u202e\"");
        assert_eq!(escape_json_output("\"\u{2069}\""), "\"\\u2069\"");
        // Marks and joiners are legitimate and stay raw.
        assert_eq!(
            escape_json_output("\"\u{200c}\u{200f}\""),
            "\"\u{200c}\u{200f}\""
        );
    }

    #[test]
    fn json_round_trips_every_escaped_class() -> Result<(), serde_json::Error> {
        let original = "c0:\u{0}\u{1b}\t\r\n del:\u{7f} c1:\u{80}\u{9b}\u{9f} \
                        bidi:\u{202a}\u{202b}\u{202c}\u{202d}\u{202e} \
                        iso:\u{2066}\u{2067}\u{2068}\u{2069} fa:نیک\u{200c}نام\u{200f}";
        let value = serde_json::json!({ original: [original, { "note": original }] });
        for json in [
            serde_json::to_string(&value)?,
            serde_json::to_string_pretty(&value)?,
        ] {
            let safe = escape_json_output(&json);
            // Pretty output uses raw newlines as layout, never inside strings.
            assert!(
                !safe.chars().any(|c| c != '\n' && is_dangerous(c)),
                "raw control left in {safe:?}"
            );
            let decoded: serde_json::Value = serde_json::from_str(&safe)?;
            assert_eq!(decoded, value);
            assert_eq!(decoded[original][0], original);
            assert_eq!(decoded[original][1]["note"], original);
        }
        Ok(())
    }

    #[test]
    fn json_without_special_characters_is_unchanged() -> Result<(), serde_json::Error> {
        let json = serde_json::to_string(&serde_json::json!({"name": "علی", "n": 1.5}))?;
        assert!(matches!(escape_json_output(&json), Cow::Borrowed(_)));
        Ok(())
    }

    /// Lifts a serde_json error into a proptest failure.
    fn fail(e: serde_json::Error) -> TestCaseError {
        TestCaseError::fail(e.to_string())
    }

    proptest! {
        #[test]
        fn visible_never_leaves_dangerous_characters(
            s in "\\PC*|[\\x00-\\x{a0}\\x{2060}-\\x{2070}\\x{202a}-\\x{202e}a ]*",
        ) {
            let shown = visible(&s);
            prop_assert!(!shown.chars().any(is_dangerous));
            let multi = visible_multiline(&s);
            prop_assert!(!multi.chars().any(|c| c != '\n' && is_dangerous(c)));
        }

        #[test]
        fn json_escape_round_trips(s in any::<String>()) {
            let json = serde_json::to_string(&s).map_err(fail)?;
            let safe = escape_json_output(&json);
            prop_assert!(!safe.chars().any(is_dangerous));
            let back: String = serde_json::from_str(&safe).map_err(fail)?;
            prop_assert_eq!(back, s);
        }
    }
}
