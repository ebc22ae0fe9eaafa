//! Text to positioned glyphs: bidi runs (unicode-bidi), a font per
//! character from the fallback chain, shaping (rustybuzz), and greedy line
//! wrapping at spaces.
//!
//! One line of text is one bidi paragraph: it is split into directional
//! runs, the runs are put in visual order, and each run is shaped in its
//! own direction, so a Persian description with a Latin product code and
//! digits reads correctly. Every glyph keeps the range of the text it came
//! from; krilla writes that into the PDF (ToUnicode / ActualText), which is
//! what makes copy-paste and pdftotext give the words back.

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, UnicodeBuffer};
use unicode_bidi::{BidiInfo, Level};

use crate::print::fonts::FontFile;

/// A font ready for both shaping and the PDF writer.
#[derive(Clone)]
pub struct Face {
    /// The file.
    pub file: FontFile,
    /// The same bytes as a krilla font.
    pub font: krilla::text::Font,
}

impl Face {
    /// Wraps a loaded font file; `None` if krilla cannot read it.
    #[must_use]
    pub fn new(file: FontFile) -> Option<Face> {
        let font = krilla::text::Font::new(file.data.clone().into(), 0)?;
        Some(Face { file, font })
    }

    fn shaper(&self) -> Option<rustybuzz::Face<'_>> {
        rustybuzz::Face::from_slice(&self.file.data, 0)
    }
}

/// One shaped run: consecutive glyphs in one font and direction.
#[derive(Debug, Clone)]
pub struct Run {
    /// Index of the font in the chain.
    pub face: usize,
    /// The run's text in logical order (what the glyph ranges point into).
    pub text: String,
    /// The glyphs in visual order, left to right.
    pub glyphs: Vec<KrillaGlyph>,
    /// Width in points.
    pub width: f32,
}

/// One line, shaped: runs in visual order, left to right.
#[derive(Debug, Clone)]
pub struct Shaped {
    /// The runs.
    pub runs: Vec<Run>,
    /// Total width in points.
    pub width: f32,
    /// Font size in points.
    pub size: f32,
}

/// Whether `c` belongs to the Arabic script (letters, Persian and Arabic
/// digits, presentation forms).
#[must_use]
pub fn is_arabic(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Shapes one line (no line breaks) with `chain` at `size` points. `rtl`
/// is the paragraph direction (the document's).
#[must_use]
pub fn shape(text: &str, rtl: bool, chain: &[Face], size: f32) -> Shaped {
    let base = if rtl { Level::rtl() } else { Level::ltr() };
    let bidi = BidiInfo::new(text, Some(base));
    let mut runs = Vec::new();
    for paragraph in &bidi.paragraphs {
        let (levels, visual) = bidi.visual_runs(paragraph, paragraph.range.clone());
        for range in visual {
            let run_rtl = levels.get(range.start).is_some_and(|level| level.is_rtl());
            let Some(part) = text.get(range) else {
                continue;
            };
            let mut pieces: Vec<Run> = split_by_font(part, chain)
                .into_iter()
                .filter_map(|(face, piece)| shape_piece(&piece, face, chain, run_rtl, size))
                .collect();
            // Pieces are in logical order; a right-to-left run shows the
            // last one leftmost.
            if run_rtl {
                pieces.reverse();
            }
            runs.extend(pieces);
        }
    }
    let width = runs.iter().map(|r| r.width).sum();
    Shaped { runs, width, size }
}

/// Splits `text` into pieces that each use one font: the first in the
/// chain with a glyph for the character. Spaces and punctuation stay in
/// the current font when it has them, so words are not cut apart.
fn split_by_font(text: &str, chain: &[Face]) -> Vec<(usize, String)> {
    let shapers: Vec<Option<rustybuzz::Face<'_>>> = chain.iter().map(Face::shaper).collect();
    let has = |i: usize, c: char| {
        shapers
            .get(i)
            .and_then(Option::as_ref)
            .is_some_and(|f| f.glyph_index(c).is_some())
    };
    let mut pieces: Vec<(usize, String)> = Vec::new();
    for c in text.chars() {
        let current = pieces.last().map(|(face, _)| *face);
        let neutral = !c.is_alphanumeric();
        let face = match current {
            Some(face) if neutral && has(face, c) => face,
            _ => (0..chain.len()).find(|&i| has(i, c)).unwrap_or(0),
        };
        match pieces.last_mut() {
            Some((last, piece)) if *last == face => piece.push(c),
            _ => pieces.push((face, c.to_string())),
        }
    }
    pieces
}

fn shape_piece(text: &str, face: usize, chain: &[Face], rtl: bool, size: f32) -> Option<Run> {
    let shaper = chain.get(face)?.shaper()?;
    let per_em = shaper.units_per_em().max(1) as f32;
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    let output = rustybuzz::shape(&shaper, &[], buffer);
    // A glyph's text is from its cluster start to the next larger cluster
    // start (clusters are byte offsets into `text`).
    let mut starts: Vec<usize> = output
        .glyph_infos()
        .iter()
        .map(|info| info.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    // In a cluster of several glyphs (a letter and its mark, "فًا"), only
    // the glyph with an advance carries the cluster's text; a mark drawn
    // over it maps to nothing. Otherwise text extraction sees the mark as
    // a character of its own and puts it out of order.
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let shares_cluster = |i: usize| {
        let cluster = infos.get(i).map(|g| g.cluster);
        let same = |j: Option<usize>| j.and_then(|j| infos.get(j)).map(|g| g.cluster) == cluster;
        same(i.checked_sub(1)) || same(i.checked_add(1))
    };
    let glyphs: Vec<KrillaGlyph> = infos
        .iter()
        .zip(positions)
        .enumerate()
        .map(|(i, (info, pos))| {
            let start = info.cluster as usize;
            let mark = pos.x_advance == 0 && shares_cluster(i);
            let end = if mark {
                start
            } else {
                starts
                    .iter()
                    .copied()
                    .find(|&s| s > start)
                    .unwrap_or(text.len())
            };
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / per_em,
                pos.x_offset as f32 / per_em,
                pos.y_offset as f32 / per_em,
                pos.y_advance as f32 / per_em,
                start..end,
                None,
            )
        })
        .collect();
    let width = glyphs.iter().map(|g| g.x_advance * size).sum();
    Some(Run {
        face,
        text: text.to_owned(),
        glyphs,
        width,
    })
}

/// Wraps `text` to lines no wider than `max` points, breaking at spaces
/// (and inside a word only when the word alone is too wide). Line breaks
/// in the text start new lines. Each line is shaped on its own, so each is
/// its own bidi paragraph in the document's direction.
#[must_use]
pub fn wrap(text: &str, rtl: bool, chain: &[Face], size: f32, max: f32) -> Vec<Shaped> {
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if shape(&candidate, rtl, chain, size).width <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(shape(&line, rtl, chain, size));
            }
            line = word.to_owned();
            // A word wider than the column is cut where it no longer fits.
            while shape(&line, rtl, chain, size).width > max {
                let (head, tail) = cut_to_width(&line, rtl, chain, size, max);
                if tail.is_empty() {
                    break;
                }
                out.push(shape(&head, rtl, chain, size));
                line = tail;
            }
        }
        out.push(shape(&line, rtl, chain, size));
    }
    if out.is_empty() {
        out.push(shape("", rtl, chain, size));
    }
    out
}

/// The longest prefix of `word` (at least one character) that fits `max`,
/// and the rest.
fn cut_to_width(word: &str, rtl: bool, chain: &[Face], size: f32, max: f32) -> (String, String) {
    let chars: Vec<char> = word.chars().collect();
    let mut fit = 1;
    for n in 2..=chars.len() {
        let head: String = chars.iter().take(n).collect();
        if shape(&head, rtl, chain, size).width > max {
            break;
        }
        fit = n;
    }
    (
        chars.iter().take(fit).collect(),
        chars.iter().skip(fit).collect(),
    )
}
