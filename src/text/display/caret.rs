//! Edit fields: the buffer stays in logical order (what is stored is exactly
//! what was typed); only the drawing is visual.
//!
//! Caret rule. The caret is a position between two characters of the
//! buffer, and arrow keys move it one character (with its marks) in logical
//! order. In a right-to-left field (base direction of the whole buffer) Left
//! moves forward and Right moves backward, so the caret goes the way the
//! arrow points inside right-to-left text ([`caret_step`]).
//!
//! It is drawn on the cell where the next typed character would appear if
//! it has the field's direction (a Latin letter in a left-to-right field, a
//! Persian or Arabic letter in a right-to-left one). At a boundary between
//! directions a character of the other direction would appear elsewhere;
//! that ambiguity is inherent to bidi text, and this rule at least always
//! shows the caret next to the text it is typed into.
//!
//! A right-to-left field is right-aligned (text grows to the left), a
//! left-to-right one left-aligned; when the text is wider than the field it
//! scrolls horizontally just enough to keep the caret's cell visible.

use super::DisplayOptions;
use super::field::prepare;
use super::layout::{Prepared, lay_out};
use super::width::window;
use crate::vocab::BidiMode;
use unicode_bidi::{BidiClass, bidi_class};

/// The visible part of the edit buffer and the caret's cell column in it.
pub(super) fn edit_line(
    buffer: &str,
    caret: usize,
    max_width: usize,
    options: &DisplayOptions,
) -> (String, usize) {
    if max_width == 0 {
        return (String::new(), 0);
    }
    let field = prepare(buffer);
    let caret = caret.min(field.starts.len() - 1);
    let position = field.starts[caret];
    let prepared = Prepared::new(field.chars);
    let shown = lay_out(
        &prepared.chars,
        &prepared.islands,
        &[],
        prepared.rtl_base,
        options,
    );
    let right_aligned = prepared.rtl_base && options.bidi == BidiMode::App;

    // Where the next character would go: lay the text out again with a
    // stand-in for it at the caret (a letter of the field's direction that
    // joins nothing, so shaping around it changes no widths).
    let probe = if right_aligned { '\u{621}' } else { 'a' };
    let mut probed = prepared.chars.clone();
    probed.insert(position, probe);
    let islands: Vec<_> = prepared
        .islands
        .iter()
        .map(|r| {
            let shift = |i: usize| if i >= position { i + 1 } else { i };
            // Typing inside a phone number or e-mail extends it.
            if r.start < position && position < r.end {
                r.start..r.end + 1
            } else {
                shift(r.start)..shift(r.end)
            }
        })
        .collect();
    let with_probe = lay_out(&probed, &islands, &[], prepared.rtl_base, options);
    let probe_column = with_probe.columns.get(position).copied().unwrap_or(0);

    let width = isize::try_from(max_width).unwrap_or(isize::MAX);
    if right_aligned {
        // Columns counted from the right edge, where the text starts.
        let from_right = with_probe.width.saturating_sub(probe_column + 1);
        let scroll = (from_right + 1).saturating_sub(max_width);
        let shown_width = isize::try_from(shown.width).unwrap_or(isize::MAX);
        let scroll_i = isize::try_from(scroll).unwrap_or(isize::MAX);
        let right = shown_width - scroll_i;
        let text = window(&shown.text, right - width, right);
        (text, max_width - 1 - (from_right - scroll))
    } else {
        let scroll = (probe_column + 1).saturating_sub(max_width);
        let start = isize::try_from(scroll).unwrap_or(isize::MAX);
        let text = window(&shown.text, start, start.saturating_add(width));
        (text, probe_column - scroll)
    }
}

/// Whether `c` is a mark that belongs to the letter before it.
fn is_mark(c: char) -> bool {
    bidi_class(c) == BidiClass::NSM
}

/// The caret after pressing Left (`key_left`) or Right in `buffer`: one
/// character (with its marks) forward or backward in logical order; which
/// way depends on the base direction of the buffer.
pub(super) fn caret_step(buffer: &str, caret: usize, key_left: bool) -> usize {
    let chars: Vec<char> = buffer.chars().collect();
    let mut caret = caret.min(chars.len());
    let forward = key_left == super::is_rtl(buffer);
    if forward {
        if caret < chars.len() {
            caret += 1;
            while caret < chars.len() && is_mark(chars[caret]) {
                caret += 1;
            }
        }
    } else if caret > 0 {
        caret -= 1;
        while caret > 0 && is_mark(chars[caret]) {
            caret -= 1;
        }
    }
    caret
}
