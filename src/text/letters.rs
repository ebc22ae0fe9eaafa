//! The letter tables that search folding (`text::fold`) and name order
//! (`locale::collate`) share, so the two agree on what counts as the same
//! letter and what is invisible.
//!
//! Where they differ, on purpose:
//! - **آ (alef with madda)**: search folds it to ا, so "ارش" finds "آرش"
//!   (people often type it without the madda); name order keeps it as its
//!   own letter, first in the Persian alphabet, as dictionaries do.
//! - **ە (U+06D5)**: name order sorts it with ه; search leaves it as is, so
//!   the search keys already stored for such names stay valid.
//! - **Accents and other combining marks**: name order ignores them (É sorts
//!   with e), search keeps them after NFKC (é is found by é), again so
//!   stored search keys do not change.
//! - **Zero-width space (U+200B)**: ignored for order; search keeps it, for
//!   the same reason.
//! - **Control characters**: both drop them; search first turns tab and
//!   newline into spaces, order treats every whitespace as a word break.

/// The Persian letter an Arabic letter form is typed for: an Arabic
/// keyboard gives ي and ك where a Persian one gives ی and ک, and hamza
/// seats and ta marbuta are spelled either way. Search and name order both
/// treat these as the Persian letter.
#[must_use]
pub fn persian_form(c: char) -> Option<char> {
    Some(match c {
        '\u{64a}' | '\u{649}' | '\u{626}' => '\u{6cc}', // ي ى ئ → ی
        '\u{643}' => '\u{6a9}',                         // ك → ک
        '\u{623}' | '\u{625}' | '\u{671}' => '\u{627}', // أ إ ٱ → ا
        '\u{624}' => '\u{648}',                         // ؤ → و
        '\u{629}' | '\u{6c0}' => '\u{647}',             // ة ۀ → ه
        _ => return None,
    })
}

/// Marks and format characters that change neither what a name says nor
/// where it sorts: harakat and superscript alef, tatweel, ZWNJ and ZWJ,
/// the directional marks and the bidi embedding and isolate controls.
#[must_use]
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{64b}'..='\u{65f}' | '\u{670}'     // harakat and superscript alef
        | '\u{640}'                           // tatweel
        | '\u{200c}' | '\u{200d}'             // ZWNJ, ZWJ
        | '\u{200e}' | '\u{200f}' | '\u{61c}' // LRM, RLM, ALM
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

// The tests that compare search and order with these tables are in
// `locale::collate` (the layer that sees both).
