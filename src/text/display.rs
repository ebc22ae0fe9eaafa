//! The display pipeline: stored text (logical order) in, what to send to the
//! terminal out. Every place the TUI shows user text goes through here.
//!
//! STUB (interface only): issue 4 replaces the body with base-direction
//! detection, LTR islands, Arabic shaping, unicode-bidi reordering, bracket
//! mirroring and width-correct truncation. Callers must not depend on more
//! than the documented contract.

use crate::config::{BidiMode, Config};
use unicode_width::UnicodeWidthChar;

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
    /// The options the config asks for.
    pub fn from_config(config: &Config) -> Self {
        DisplayOptions {
            bidi: config.display.bidi,
            shaping: config.display.arabic_shaping,
        }
    }
}

/// One field of user text as a single visual line of at most `max_width`
/// cells (`None`: no limit). Controls and line breaks are made visible; text
/// that does not fit is cut in logical order and ends with "…".
pub fn visual(text: &str, max_width: Option<usize>, options: &DisplayOptions) -> String {
    let _ = options;
    let clean = crate::text::sanitize::visible(text);
    match max_width {
        Some(max) => truncate(&clean, max),
        None => clean.into_owned(),
    }
}

/// Whether the text's base direction is right-to-left (first strong character).
pub fn is_rtl(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

/// Cells the visual string takes when ratatui draws it.
pub fn width(visual_text: &str) -> usize {
    visual_text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// An edit buffer (logical order) laid out for display with its caret:
/// returns the visual text fitted to `max_width` and the caret's cell column.
/// `caret` counts chars from the start of `buffer`.
pub fn edit_line(
    buffer: &str,
    caret: usize,
    max_width: usize,
    options: &DisplayOptions,
) -> (String, usize) {
    let _ = options;
    let chars: Vec<char> = buffer.chars().collect();
    let caret = caret.min(chars.len());
    let before: String = chars[..caret].iter().collect();
    let mut col = width(&before);
    let mut start = 0;
    // Scroll so the caret stays visible.
    while col >= max_width && start < chars.len() {
        col -= chars[start].width().unwrap_or(0);
        start += 1;
    }
    let shown: String = chars[start..].iter().collect();
    (truncate_plain(&shown, max_width), col)
}

fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = truncate_plain(text, max - 1);
    out.push('…');
    out
}

fn truncate_plain(text: &str, max: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}
