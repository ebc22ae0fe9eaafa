//! Bracket mirroring: in a right-to-left run "(" is drawn as ")" so that
//! "(مدیر)" does not come out as ")ریدم(" (rule L4 of the bidi algorithm).

use super::tables::MIRRORS;

/// The mirror image of `c` (Bidi_Mirroring_Glyph), or `c` itself.
pub(super) fn mirrored(c: char) -> char {
    let cp = u32::from(c);
    MIRRORS
        .binary_search_by_key(&cp, |&(from, _)| from)
        .ok()
        .and_then(|i| char::from_u32(MIRRORS[i].1))
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::mirrored;

    #[test]
    fn brackets_swap_letters_do_not() {
        assert_eq!(mirrored('('), ')');
        assert_eq!(mirrored(']'), '[');
        assert_eq!(mirrored('«'), '»');
        assert_eq!(mirrored('a'), 'a');
    }
}
