//! Visual order of a field, from the embedding levels of unicode-bidi.
//!
//! Reordering moves *units*: a character together with the non-spacing marks
//! (bidi class NSM) that follow it, and a ZWJ. Not grapheme clusters: ZWNJ
//! is a grapheme extender and would travel to the wrong side of the letter
//! before it. And not `reorder_line`, which reverses marks together with
//! their letters character by character, so the harakat of "مُحَمَّد" would
//! land on the wrong letters (it skips rule L3): a terminal draws a mark on
//! the cell before it, so each mark must stay right after its letter.

use std::ops::Range;
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

const LRI: char = '\u{2066}';
const LRO: char = '\u{202d}';
const PDF: char = '\u{202c}';
const PDI: char = '\u{2069}';
const FSI: char = '\u{2068}';
const ZWJ: char = '\u{200d}';

/// A unit in visual order: the logical characters it covers and whether it
/// sits in a right-to-left run (odd embedding level).
pub(super) struct Unit {
    pub chars: Range<usize>,
    pub rtl: bool,
}

/// Whether `c` is an explicit embedding, override or isolate control.
fn is_explicit_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` stays with the character before it when reordering.
pub(super) fn clings_to_previous(c: char) -> bool {
    c == ZWJ || bidi_class(c) == BidiClass::NSM
}

/// The units of `chars` (logical order) in visual order, with the islands
/// kept left to right, the `isolates` (inserted data in an interface
/// sentence; nested, never straddling an island) as first-strong isolates,
/// and the given base direction.
pub(super) fn visual_units(
    chars: &[char],
    islands: &[Range<usize>],
    isolates: &[Range<usize>],
    rtl_base: bool,
) -> Vec<Unit> {
    if chars.is_empty() {
        return Vec::new();
    }
    let (analysed, position) = analysed_text(chars, islands, isolates);
    let base = if rtl_base { Level::rtl() } else { Level::ltr() };
    let info = ParagraphBidiInfo::new(&analysed, Some(base));
    let levels = info.reordered_levels_per_char(0..analysed.len());

    let mut units: Vec<Range<usize>> = Vec::new();
    let mut unit_levels: Vec<Level> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match units.last_mut() {
            Some(unit) if clings_to_previous(c) => unit.end = i + 1,
            _ => {
                units.push(i..i + 1);
                unit_levels.push(levels.get(position[i]).copied().unwrap_or(base));
            }
        }
    }
    ParagraphBidiInfo::reorder_visual(&unit_levels)
        .into_iter()
        .filter_map(|u| {
            Some(Unit {
                chars: units.get(u)?.clone(),
                rtl: unit_levels.get(u)?.is_rtl(),
            })
        })
        .collect()
}

/// The text the bidi algorithm analyses, and where each char of `chars`
/// sits in it.
fn analysed_text(
    chars: &[char],
    islands: &[Range<usize>],
    isolates: &[Range<usize>],
) -> (String, Vec<usize>) {
    // The text analysed: islands wrapped in LRI LRO … PDF PDI, an isolate
    // (neutral to the text around it) holding a left-to-right override (so
    // Arabic-Indic digit groups, which stay Arabic numbers even in a
    // left-to-right isolate, do not come out in reverse group order).
    // Explicit controls in the input itself (the sanitizer already escapes
    // them) are replaced, so the nesting depth is at most two whatever the
    // caller passes.
    let mut analysed = String::with_capacity(chars.len() * 2 + islands.len() * 6);
    let mut position = Vec::with_capacity(chars.len()); // char index in `analysed`
    let mut analysed_chars = 0;
    let mut next_island = islands.iter().peekable();
    let mut open_island: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        if open_island == Some(i) {
            analysed.push(PDF);
            analysed.push(PDI);
            analysed_chars += 2;
            open_island = None;
        }
        // Inserted data: close what ends here, then open what starts here
        // (outer first; the caller sorts them so).
        for _ in isolates.iter().filter(|r| r.end == i) {
            analysed.push(PDI);
            analysed_chars += 1;
        }
        for _ in isolates.iter().filter(|r| r.start == i && r.end > i) {
            analysed.push(FSI);
            analysed_chars += 1;
        }
        if open_island.is_none() {
            while next_island.peek().is_some_and(|r| r.end <= i) {
                next_island.next();
            }
            if let Some(island) = next_island.peek().filter(|r| r.start == i && r.end > i) {
                analysed.push(LRI);
                analysed.push(LRO);
                analysed_chars += 2;
                open_island = Some(island.end);
                next_island.next();
            }
        }
        analysed.push(if is_explicit_control(c) {
            '\u{fffd}'
        } else {
            c
        });
        position.push(analysed_chars);
        analysed_chars += 1;
    }
    if open_island.is_some() {
        analysed.push(PDF);
        analysed.push(PDI);
    }
    for _ in isolates.iter().filter(|r| r.end == chars.len()) {
        analysed.push(PDI);
    }
    (analysed, position)
}
