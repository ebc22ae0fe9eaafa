//! Content lines shared by vCard (RFC 6350) and iCalendar (RFC 5545):
//! text escaping and folding at 75 octets.

/// Longest content line, in octets, before the line break.
const MAX_OCTETS: usize = 75;

/// Escapes a TEXT value: backslash, comma, semicolon and line breaks get a
/// backslash; other control characters (which neither format allows in a
/// value) are dropped, tab is kept.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                // CRLF and a lone CR are both one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` to `out`, folded so that no physical line is longer than
/// 75 octets: a CRLF and one space go before the octet that would pass the
/// limit, never inside a UTF-8 sequence. Ends with CRLF.
pub fn push_folded(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > MAX_OCTETS {
            out.push_str("\r\n ");
            // The space that starts a continuation line counts too.
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(escape_text("a,b;c\\d"), "a\\,b\\;c\\\\d");
        assert_eq!(
            escape_text("one\r\ntwo\nthree\rfour"),
            "one\\ntwo\\nthree\\nfour"
        );
        assert_eq!(escape_text("bell\u{7}\u{1b}[31m"), "bell[31m");
        assert_eq!(escape_text("سارا، احمدی"), "سارا، احمدی");
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        push_folded(&mut out, "FN:Sara");
        assert_eq!(out, "FN:Sara\r\n");
    }

    #[test]
    fn long_lines_fold_at_75_octets() {
        let mut out = String::new();
        push_folded(&mut out, &"x".repeat(200));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' '));
        assert_eq!(lines.iter().map(|l| l.len()).sum::<usize>(), 200 + 2);
    }

    proptest! {
        /// Whatever the text, every physical line is at most 75 octets, is
        /// valid UTF-8 on its own, and unfolding gives the line back.
        #[test]
        fn folding_keeps_characters_whole(line in "\\PC{0,200}") {
            let mut out = String::new();
            push_folded(&mut out, &line);
            prop_assert!(out.ends_with("\r\n"));
            for physical in out.trim_end_matches("\r\n").split("\r\n") {
                prop_assert!(physical.len() <= 75, "{} octets", physical.len());
            }
            let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
            prop_assert_eq!(unfolded, line);
        }
    }
}
