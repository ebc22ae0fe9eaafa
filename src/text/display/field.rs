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
    fn persian_marks_are_kept() {
        let field = prepare("نیک\u{200c}نام\u{200f}");
        assert_eq!(field.chars.len(), 8);
    }
}
