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
    text.graphemes(true).map(grapheme_cells).sum()
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

    #[test]
    fn non_ascii_text_is_still_measured_per_grapheme() {
        assert_eq!(cells("لا"), 2);
        assert_eq!(cells("نیک‌نام"), by_graphemes("نیک‌نام"));
        assert_eq!(cells("日本"), 4);
    }
}
