//! A stored field made safe to draw: every control character, line break and
//! explicit bidi control becomes a visible `\u{..}` escape, as in
//! [`crate::text::sanitize::visible`]. The escapes are plain ASCII, so after
//! this step the text holds no explicit embedding, override or isolate and
//! nothing can nest: unicode-bidi (which panics on some very deep nestings)
//! only ever sees the one level of isolates that the island step adds.

use crate::text::sanitize::visible;
use std::borrow::Cow;

/// The characters of a field as they will be laid out.
pub(super) struct Field {
    /// The sanitized characters, in logical order.
    pub chars: Vec<char>,
    /// For each character of the original text, where its (possibly
    /// escaped) form starts in `chars`; one extra entry for the end.
    pub starts: Vec<usize>,
}

/// Sanitizes `text` and remembers where each original character went.
pub(super) fn prepare(text: &str) -> Field {
    let mut chars = Vec::with_capacity(text.len());
    let mut starts = Vec::with_capacity(text.len() + 1);
    let mut buf = [0u8; 4];
    for c in text.chars() {
        starts.push(chars.len());
        match c {
            // A field is one line: line and paragraph separators would
            // split it into several bidi paragraphs and break the row.
            '\u{2028}' | '\u{2029}' => chars.extend(format!("\\u{{{:x}}}", u32::from(c)).chars()),
            _ => match visible(c.encode_utf8(&mut buf)) {
                Cow::Borrowed(_) => chars.push(c),
                Cow::Owned(escaped) => chars.extend(escaped.chars()),
            },
        }
    }
    starts.push(chars.len());
    Field { chars, starts }
}

/// First strong isolate: opens data inserted into an interface sentence.
pub const FSI: char = '\u{2068}';
/// Pop directional isolate: closes it.
pub const PDI: char = '\u{2069}';

/// How deep inserted data may nest (a sentence quoting a message that
/// quotes a title); deeper or unmatched isolates are escaped like any
/// control, so unicode-bidi never sees more than a few levels.
const MAX_DEPTH: usize = 3;

/// An interface sentence made safe to draw, like [`prepare`], except that
/// the FSI … PDI pairs around inserted data (`text::display::isolate`) stay
/// isolates: they are left out of the characters and returned as ranges
/// (non-empty, properly nested) for the layout to isolate. Every other
/// control, and an FSI or PDI without its partner, becomes an escape.
pub(super) fn prepare_sentence(text: &str) -> (Vec<char>, Vec<std::ops::Range<usize>>) {
    let all: Vec<char> = text.chars().collect();
    // Which FSI and PDI characters pair up.
    let mut paired = vec![false; all.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in all.iter().enumerate() {
        if c == FSI && open.len() < MAX_DEPTH {
            open.push(i);
        } else if c == PDI
            && let Some(start) = open.pop()
        {
            if let Some(p) = paired.get_mut(start) {
                *p = true;
            }
            if let Some(p) = paired.get_mut(i) {
                *p = true;
            }
        }
    }
    let mut chars = Vec::with_capacity(all.len());
    let mut ranges = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    for (i, &c) in all.iter().enumerate() {
        if paired.get(i).copied().unwrap_or(false) {
            if c == FSI {
                starts.push(chars.len());
            } else if let Some(start) = starts.pop()
                && start < chars.len()
            {
                ranges.push(start..chars.len());
            }
            continue;
        }
        let mut buf = [0u8; 4];
        chars.extend(prepare(c.encode_utf8(&mut buf)).chars);
    }
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    (chars, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_maps_positions() {
        let field = prepare("a\u{1b}b\u{2029}");
        let shown: String = field.chars.iter().collect();
        assert_eq!(shown, "a\\u{1b}b\\u{2029}");
        assert_eq!(field.starts, vec![0, 1, 7, 8, 16]);
    }

    #[test]
    fn sentence_isolates_are_kept_and_stray_ones_escaped() {
        let (chars, ranges) = prepare_sentence("a\u{2068}bc\u{2069}d\u{2069}");
        let shown: String = chars.iter().collect();
        assert_eq!(shown, "abcd\\u{2069}");
        assert_eq!(ranges, vec![1..3]);
        // Nested pairs, and an empty one (nothing to isolate).
        let (chars, ranges) =
            prepare_sentence("\u{2068}x\u{2068}y\u{2069}\u{2069}\u{2068}\u{2069}");
        assert_eq!(chars, ['x', 'y']);
        assert_eq!(ranges, vec![0..2, 1..2]);
        // Too deep: the innermost pair is shown.
        let deep = "\u{2068}".repeat(4) + "z" + &"\u{2069}".repeat(4);
        let (chars, ranges) = prepare_sentence(&deep);
        assert_eq!(ranges.len(), 3);
        assert!(chars.iter().collect::<String>().contains("\\u{2068}"));
    }

    #[test]
    fn persian_marks_are_kept() {
        let field = prepare("نیک\u{200c}نام\u{200f}");
        assert_eq!(field.chars.len(), 8);
    }
}
