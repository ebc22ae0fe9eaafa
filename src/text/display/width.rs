//! Cell widths exactly as ratatui draws them.
//!
//! ratatui's `Buffer::set_stringn` splits a string into grapheme clusters,
//! drops those that contain a control character or have no width, and gives
//! each remaining cluster its own cells. Summing per grapheme (not
//! `unicode_width` over the whole string) matters for Arabic: the string
//! width of "لا" is 1 (the lam-alef ligature a shaping terminal would draw),
//! but ratatui puts lam and alef in two cells.

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Cells ratatui gives one grapheme cluster (0: it is not drawn at all).
pub(super) fn grapheme_cells(grapheme: &str) -> usize {
    if grapheme.contains(char::is_control) {
        0
    } else {
        usize::from(grapheme.cell_width())
    }
}

/// Cells the string takes when ratatui draws it.
pub(super) fn cells(text: &str) -> usize {
    // Ids, e-mails, phones, dates and logins are ASCII, and grapheme
    // segmentation was half the CPU of a CLI table (issue 17). In ASCII every
    // printable byte is one grapheme of one cell, and a control byte (alone
    // or in "\r\n") is not drawn, so counting printable bytes is exact.
    if text.is_ascii() {
        return text.bytes().filter(|b| is_printable_ascii(*b)).count();
    }
    // Persian, Arabic and accented Latin names are the other common case:
    // when every character is one whose cluster rules are simple (a letter,
    // digit or punctuation that starts its own cluster, or a mark or ZWNJ
    // that joins the one before without adding a cell), summing per
    // character gives the per-cluster sum without segmenting.
    let mut sum = 0;
    for c in text.chars() {
        match simple_char_cells(c) {
            Some(w) => sum += w,
            None => return text.graphemes(true).map(grapheme_cells).sum(),
        }
    }
    sum
}

/// The cells of `text` when it has nothing a sanitiser would escape and
/// only characters [`simple_char_cells`] knows (ASCII, Latin, Persian and
/// Arabic text: most cells of a listing); `None` for any other text.
/// Answers in one pass what escaping and then measuring take two for.
pub(super) fn plain_cells(text: &str) -> Option<usize> {
    if crate::text::sanitize::is_printable_ascii(text) {
        return Some(text.len());
    }
    text.chars().try_fold(0, |sum, c| match c {
        '\0'..='\u{1f}' | '\u{7f}' => None,
        c => simple_char_cells(c).map(|w| sum + w),
    })
}

/// The cells of a character that never changes the clusters around it
/// beyond joining the previous one as a zero-width mark; `None` for any
/// other character (emoji, wide scripts, format characters, prepended
/// concatenation marks…), which sends the whole string to segmentation.
fn simple_char_cells(c: char) -> Option<usize> {
    match c {
        ' '..='~' | '\u{c0}'..='\u{24f}' => Some(1),
        // Controls are clusters of their own (CR LF is one) and not drawn.
        '\0'..='\u{1f}' | '\u{7f}' => Some(0),
        // Arabic script: comma, semicolon, question mark, the letters
        // (Persian پ چ ژ ک گ ی among them), percent and number separators,
        // Arabic-Indic and Persian digits.
        '\u{60c}' | '\u{61b}' | '\u{61f}' | '\u{620}'..='\u{64a}' | '\u{66a}'..='\u{66f}' => {
            Some(1)
        }
        '\u{671}'..='\u{6d5}' => Some(1),
        c if crate::text::digits::is_digit(c) => Some(1),
        // Harakat, superscript alef and ZWNJ extend the cluster before them.
        '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{200c}' => Some(0),
        _ => None,
    }
}

/// A byte that ratatui draws in one cell (space to tilde).
fn is_printable_ascii(byte: u8) -> bool {
    (0x20..0x7f).contains(&byte)
}

/// The drawn graphemes of `text` with their widths, left to right.
pub(super) fn graphemes(text: &str) -> Vec<(&str, usize)> {
    text.graphemes(true)
        .map(|g| (g, grapheme_cells(g)))
        .filter(|&(_, w)| w > 0)
        .collect()
}

/// The part of a visual line that covers cells `from..to` (`from` may be
/// negative: the line then starts with that many spaces). A wide grapheme
/// cut by either edge becomes spaces, so the result is exactly `to - from`
/// cells when the line is long enough.
pub(super) fn window(text: &str, from: isize, to: isize) -> String {
    let mut out = String::new();
    let mut col: isize = 0;
    for _ in from..to.min(0) {
        out.push(' ');
    }
    for (grapheme, w) in graphemes(text) {
        let w = isize::try_from(w).unwrap_or(isize::MAX);
        let end = col.saturating_add(w);
        if end > from && col < to {
            if col >= from && end <= to {
                out.push_str(grapheme);
            } else {
                for _ in col.max(from)..end.min(to) {
                    out.push(' ');
                }
            }
        }
        col = end;
        if col >= to {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    /// The grapheme-by-grapheme sum, the definition the fast path must match.
    fn by_graphemes(text: &str) -> usize {
        text.graphemes(true).map(grapheme_cells).sum()
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_grapheme_segmentation() {
        let every_byte: String = (0u8..0x80).map(char::from).collect();
        for text in [
            every_byte.as_str(),
            "sara@example.com",
            "+98 912 800 6958",
            "line\r\nnext\ttab\u{7f}",
            "",
        ] {
            assert_eq!(cells(text), by_graphemes(text), "{text:?}");
        }
        // Pairs of bytes catch a cluster that spans two of them ("\r\n").
        for a in 0u8..0x80 {
            for b in 0u8..0x80 {
                let text: String = [char::from(a), char::from(b)].into_iter().collect();
                assert_eq!(cells(&text), by_graphemes(&text), "{text:?}");
            }
        }
    }

    /// Every character the per-character path accepts, and a few it does
    /// not, so that mixed strings take both paths.
    fn alphabet() -> Vec<char> {
        // Accented Latin letters all behave alike: every seventh will do.
        let latin = (0xc0u32..0x250).step_by(7);
        let simple = (0u32..0xc0)
            .chain(latin)
            .chain(0x600..0x700)
            .chain([0x200c])
            .filter_map(char::from_u32)
            .filter(|c| simple_char_cells(*c).is_some());
        let others = [
            '\u{200d}', '\u{600}', '\u{6dd}', '\u{61c}', '\u{ad}', '日', '😀',
        ];
        simple.chain(others).collect()
    }

    #[test]
    fn the_per_character_path_agrees_with_grapheme_segmentation() {
        let alphabet = alphabet();
        // Every pair, and every pair between two letters, catches a cluster
        // that a mark, a joiner or a control forms with its neighbours.
        for &a in &alphabet {
            for &b in &alphabet {
                for text in [
                    format!("{a}{b}"),
                    format!("ل{a}{b}ا"),
                    format!("{a}\u{64e}{b}"),
                ] {
                    assert_eq!(cells(&text), by_graphemes(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn plain_text_is_text_the_sanitiser_keeps_measured_as_drawn() {
        let alphabet = alphabet();
        let escapes = |t: &str| !matches!(crate::text::sanitize::visible(t), Cow::Borrowed(_));
        for &a in &alphabet {
            for &b in &alphabet {
                let text = format!("ل{a}{b}x");
                match plain_cells(&text) {
                    Some(w) => {
                        assert!(!escapes(&text), "{text:?}");
                        assert_eq!(w, by_graphemes(&text), "{text:?}");
                    }
                    None => assert!(
                        escapes(&text)
                            || simple_char_cells(a).is_none()
                            || simple_char_cells(b).is_none(),
                        "{text:?} is plain but was refused"
                    ),
                }
            }
        }
        assert_eq!(plain_cells("sara@example.com"), Some(16));
        assert_eq!(plain_cells("سارا نیک‌نام"), Some(11));
        assert_eq!(plain_cells("a\tb"), None);
        assert_eq!(plain_cells("a\u{9b}b"), None);
        assert_eq!(plain_cells("a\u{202e}b"), None);
        assert_eq!(plain_cells("日本"), None);
    }

    #[test]
    fn non_ascii_text_is_still_measured_per_grapheme() {
        assert_eq!(cells("لا"), 2);
        assert_eq!(cells("نیک‌نام"), by_graphemes("نیک‌نام"));
        assert_eq!(cells("日本"), 4);
    }
}
