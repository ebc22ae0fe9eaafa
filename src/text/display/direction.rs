//! The base direction of a field, decided once from the whole text.

use std::ops::Range;
use unicode_bidi::{BidiClass, bidi_class};

/// Whether the paragraph direction is right-to-left: the first strong
/// character (rules P2/P3 of the bidi algorithm) outside the islands decides,
/// as the islands are isolates; with none the field is left-to-right.
pub(super) fn is_rtl_base(chars: &[char], islands: &[Range<usize>]) -> bool {
    let mut next_island = islands.iter().peekable();
    let mut i = 0;
    while i < chars.len() {
        if let Some(island) = next_island.peek().filter(|r| r.start <= i) {
            i = i.max(island.end);
            next_island.next();
            continue;
        }
        match bidi_class(chars[i]) {
            BidiClass::L => return false,
            BidiClass::R | BidiClass::AL => return true,
            _ => {}
        }
        i += 1;
    }
    false
}
