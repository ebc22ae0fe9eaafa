//! The display pipeline: stored text (logical order) in, what to send to the
//! terminal out. Every place the TUI shows user text goes through here.
//!
//! For each field, in `bidi = "app"` mode:
//! 1. controls, line breaks and explicit bidi controls become visible
//!    escapes ([`field`]), so untrusted text cannot drive the terminal or
//!    reorder what is around it, and nothing nests;
//! 2. phone numbers, e-mails, ids and amounts are marked as left-to-right
//!    islands ([`islands`]);
//! 3. the base direction is decided once from the whole field: the first
//!    strong character outside the islands ([`direction`]);
//! 4. with `arabic_shaping`, letters become presentation forms, in logical
//!    order, keeping harakat, with lam-alef but no "Allah" ligature
//!    ([`shaping`]);
//! 5. unicode-bidi gives the embedding levels; units of a character plus its
//!    marks are reordered ([`reorder`]) and brackets in right-to-left runs
//!    mirrored ([`mirror`]);
//! 6. a field wider than its space is cut in logical order with "…" and laid
//!    out again with the base direction of the whole text ([`truncate`]);
//!    widths are counted the way ratatui draws, one grapheme per cell
//!    ([`width`]).
//!
//! In `bidi = "terminal"` mode steps 2, 3 and 5 are skipped: the terminal
//! reorders by itself and gets logical order (shaped if asked for). Edit
//! fields and the caret are in [`caret`]. docs/rtl.md explains the settings.

mod caret;
mod direction;
mod field;
mod islands;
mod layout;
mod mirror;
mod reorder;
mod shaping;
mod tables;
mod truncate;
mod width;

use crate::vocab::BidiMode;
pub use field::{FSI, PDI};
use layout::Prepared;

/// How text is laid out for this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisplayOptions {
    /// `App`: kariz reorders right-to-left text; `Terminal`: logical order.
    pub bidi: BidiMode,
    /// Join Arabic-script letters into presentation forms.
    pub shaping: bool,
}

impl Default for DisplayOptions {
    fn default() -> Self {
        DisplayOptions {
            bidi: BidiMode::App,
            shaping: true,
        }
    }
}

impl DisplayOptions {
    /// Logical order, no shaping: the text as stored, only made safe and
    /// fitted (for terminals that do all bidi work, and for tests).
    pub fn logical() -> Self {
        DisplayOptions {
            bidi: BidiMode::Terminal,
            shaping: false,
        }
    }
}

/// One field of user text as a single visual line of at most `max_width`
/// cells (`None`: no limit). Controls and line breaks are made visible; text
/// that does not fit is cut in logical order and ends with "…".
pub fn visual(text: &str, max_width: Option<usize>, options: &DisplayOptions) -> String {
    match printable_ascii(text, max_width) {
        Some(line) => line,
        None => laid_out(text, max_width, options),
    }
}

/// [`visual`] for text of printable ASCII only (ids, e-mails, phones,
/// dates, logins, most English names), which the pipeline leaves as it is:
/// no control to escape, no right-to-left letter, one cell per byte. A
/// longer text is cut as [`truncate`] cuts it. The pipeline cost ~18k
/// instructions per field, a fifth of drawing a table row; `None` for any
/// other text.
fn printable_ascii(text: &str, max_width: Option<usize>) -> Option<String> {
    if !text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return None;
    }
    Some(match max_width {
        Some(max) if text.len() > max => match max {
            0 => String::new(),
            // Byte indices are character indices in ASCII.
            _ => {
                let kept = text.get(..max - 1).unwrap_or_default();
                format!("{}…", kept.trim_end_matches(' '))
            }
        },
        _ => text.to_owned(),
    })
}

/// [`visual`] through the whole pipeline.
fn laid_out(text: &str, max_width: Option<usize>, options: &DisplayOptions) -> String {
    let field = Prepared::new(field::prepare(text).chars);
    match max_width {
        Some(max) => truncate::fit(&field, max, options),
        None => lay_out_whole(&field, options),
    }
}

fn lay_out_whole(field: &Prepared, options: &DisplayOptions) -> String {
    layout::lay_out(
        &field.chars,
        &field.islands,
        &field.isolates,
        field.rtl_base,
        options,
    )
    .text
}

/// Like [`visual`], but for an interface sentence: the base direction is
/// given (the interface language's) instead of taken from the first strong
/// letter, and data inserted with [`isolate`] is laid out as an isolate, so
/// "«Acme renewal» به مذاکره منتقل شد" stays a Persian sentence with the
/// Latin title as one run inside it, and a Persian name inside an English
/// sentence cannot swallow the words around it. Any other control in the
/// text is made visible as in [`visual`].
pub fn visual_in(
    text: &str,
    rtl_base: bool,
    max_width: Option<usize>,
    options: &DisplayOptions,
) -> String {
    let (chars, isolates) = field::prepare_sentence(text);
    let field = Prepared::sentence(chars, isolates, rtl_base);
    match max_width {
        Some(max) => truncate::fit(&field, max, options),
        None => lay_out_whole(&field, options),
    }
}

/// `data` (a title, a name, a stage label: anything inserted into an
/// interface sentence) wrapped in FSI … PDI, with its own controls made
/// visible first so that only kariz's isolates reach [`visual_in`]. A
/// terminal or viewer that does bidi itself reads the isolate the same way.
pub fn isolate(data: &str) -> String {
    format!(
        "{}{}{}",
        field::FSI,
        crate::text::sanitize::visible(data),
        field::PDI
    )
}

/// Like [`visual`], padded with spaces to exactly `width` cells: on the left
/// (right-aligned) when the field's base direction is right-to-left and
/// kariz reorders (`bidi = "app"`), on the right otherwise. For table cells
/// and labels, so Persian names line up on their right edge.
pub fn visual_aligned(text: &str, width: usize, options: &DisplayOptions) -> String {
    let line = visual(text, Some(width), options);
    let padding = " ".repeat(width.saturating_sub(self::width(&line)));
    if options.bidi == BidiMode::App && is_rtl(text) {
        padding + &line
    } else {
        line + &padding
    }
}

/// Whether the text's base direction is right-to-left: its first strong
/// character outside phone numbers, e-mails and the like is Hebrew, Arabic
/// or Persian. Controls do not count (they are shown as escapes).
pub fn is_rtl(text: &str) -> bool {
    Prepared::new(field::prepare(text).chars).rtl_base
}

/// Cells the visual string takes when ratatui draws it (each grapheme in its
/// own cell; controls and zero-width clusters are not drawn).
pub fn width(visual_text: &str) -> usize {
    width::cells(visual_text)
}

/// The width of text that is shown as it is, with nothing to escape: only
/// printable ASCII, Latin, Persian or Arabic letters, digits, punctuation,
/// harakat and ZWNJ. `None` for other text, which must be sanitised and
/// measured in full.
#[must_use]
pub fn plain_width(text: &str) -> Option<usize> {
    width::plain_cells(text)
}

/// An edit buffer (logical order) laid out for display with its caret:
/// returns the visual text fitted to `max_width` and the caret's cell column
/// (always below `max_width`, or 0 when it is 0). `caret` counts chars from
/// the start of `buffer`. A right-to-left buffer comes back right-aligned
/// (padded on the left to `max_width`); see [`caret`] for the caret rule.
pub fn edit_line(
    buffer: &str,
    caret: usize,
    max_width: usize,
    options: &DisplayOptions,
) -> (String, usize) {
    caret::edit_line(buffer, caret, max_width, options)
}

/// The caret (a char index into `buffer`) after Left (`key_left`) or Right:
/// one character with its marks, forward or backward in logical order;
/// Left moves forward when the buffer's base direction is right-to-left.
pub fn caret_step(buffer: &str, caret: usize, key_left: bool) -> usize {
    caret::caret_step(buffer, caret, key_left)
}

#[cfg(test)]
mod tests;
