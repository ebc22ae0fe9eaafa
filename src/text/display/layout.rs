//! One field laid out as a visual line: shaping, islands, reordering and
//! mirroring put together, with the cell column of every logical character.

use super::field::{FSI, PDI};
use super::islands;
use super::mirror::mirrored;
use super::reorder::{Unit, visual_units};
use super::shaping::shape;
use super::width::cells;
use crate::vocab::BidiMode;
use std::ops::Range;
use unicode_bidi::{BidiClass, bidi_class};

use super::DisplayOptions;

/// A field ready to lay out: sanitized characters, their islands and the
/// base direction of the whole (untruncated) field.
pub(super) struct Prepared {
    pub chars: Vec<char>,
    pub islands: Vec<Range<usize>>,
    /// Inserted data in an interface sentence, laid out as isolates
    /// (sorted by start, outer before inner; empty for a plain field).
    pub isolates: Vec<Range<usize>>,
    pub rtl_base: bool,
}

impl Prepared {
    pub fn new(chars: Vec<char>) -> Self {
        let islands = islands::find(&chars);
        let rtl_base = super::direction::is_rtl_base(&chars, &islands);
        Prepared {
            chars,
            islands,
            isolates: Vec::new(),
            rtl_base,
        }
    }

    /// An interface sentence with its inserted data as `isolates` and the
    /// interface language's direction. Islands are looked for between
    /// isolate boundaries only, so none straddles one and they nest.
    pub fn sentence(chars: Vec<char>, isolates: Vec<Range<usize>>, rtl_base: bool) -> Self {
        let mut cuts: Vec<usize> = isolates.iter().flat_map(|r| [r.start, r.end]).collect();
        cuts.push(0);
        cuts.push(chars.len());
        cuts.sort_unstable();
        cuts.dedup();
        let mut found = Vec::new();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if let Some(piece) = chars.get(a..b) {
                found.extend(
                    islands::find(piece)
                        .into_iter()
                        .map(|r| r.start + a..r.end + a),
                );
            }
        }
        Prepared {
            chars,
            islands: found,
            isolates,
            rtl_base,
        }
    }
}

/// A visual line.
pub(super) struct Line {
    /// What to hand to ratatui.
    pub text: String,
    /// Its width in cells.
    pub width: usize,
    /// The cell column where each logical character is drawn (a zero-width
    /// character gets the column of whatever follows it visually).
    pub columns: Vec<usize>,
}

/// Zero-width controls that only steer layout or joining. Once the layout
/// and the shaping are done they have no job left, and a terminal that
/// groups them with a neighbouring letter may mis-measure it. ZWJ stays
/// (emoji sequences), as do marks.
fn is_spent_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}')
        || (c != '\u{200d}' && bidi_class(c) == BidiClass::BN)
}

/// Lays out `chars` (logical order) with the given islands and direction.
pub(super) fn lay_out(
    chars: &[char],
    islands: &[Range<usize>],
    isolates: &[Range<usize>],
    rtl_base: bool,
    options: &DisplayOptions,
) -> Line {
    let shaped: Vec<Option<char>> = if options.shaping {
        shape(chars)
    } else {
        chars.iter().map(|&c| Some(c)).collect()
    };
    // ASCII has no right-to-left letters, so its visual order is its logical
    // order: skip the bidi analysis for the common Latin-only field.
    let reorder = options.bidi == BidiMode::App && !chars.iter().all(char::is_ascii);
    let units: Vec<Unit> = if reorder {
        visual_units(chars, islands, isolates, rtl_base)
    } else {
        (0..chars.len())
            .map(|i| Unit {
                chars: i..i + 1,
                rtl: false,
            })
            .collect()
    };
    let mut text = String::with_capacity(chars.len() * 3);
    let mut columns = vec![0; chars.len()];
    let mut column = 0;
    let mut piece = String::new();
    // A terminal that reorders by itself gets the isolates around inserted
    // data as FSI … PDI; when kariz reorders they have done their job.
    let marks = options.bidi == BidiMode::Terminal && !isolates.is_empty();
    for unit in units {
        piece.clear();
        if marks {
            let at = unit.chars.start;
            piece.extend(isolates.iter().filter(|r| r.end == at).map(|_| PDI));
            piece.extend(isolates.iter().filter(|r| r.start == at).map(|_| FSI));
        }
        for i in unit.chars.clone() {
            let Some(c) = shaped[i] else { continue };
            if reorder && is_spent_control(chars[i]) {
                continue;
            }
            piece.push(if unit.rtl && i == unit.chars.start {
                mirrored(c)
            } else {
                c
            });
        }
        for i in unit.chars {
            columns[i] = column;
        }
        column += cells(&piece);
        text.push_str(&piece);
    }
    if marks {
        text.extend(
            isolates
                .iter()
                .filter(|r| r.end == chars.len())
                .map(|_| PDI),
        );
    }
    // Grapheme clusters can in rare cases span two units (a lone mark after
    // a letter, regional indicators); measure the whole line to be exact.
    let width = cells(&text);
    Line {
        text,
        width,
        columns,
    }
}
