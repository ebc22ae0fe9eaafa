//! Arabic-script shaping into presentation forms, for terminals that draw
//! each character in its own cell without joining letters.
//!
//! Works in logical order, before reordering. Harakat and other marks are
//! transparent to joining and stay in the text (they combine with the letter
//! cell before them). The only ligature is lam-alef, which a reader expects;
//! the "Allah" ligature (U+FDF2) and the other optional ligatures are not
//! made, so "عبدالله" stays letter by letter. Persian letters take their forms
//! from Presentation Forms-A (U+FB50…), Arabic ones mostly from -B (U+FE70…).

use super::tables::{FORMS, JOINING, LAM_ALEF};

/// Arabic joining type (Unicode `Joining_Type`); non-joining is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Joining {
    /// Joins the letter before it only (alef, dal, reh, waw…).
    Right,
    /// Joins the letter after it only.
    Left,
    /// Joins on both sides (beh, seen, lam, farsi yeh…).
    Dual,
    /// Makes its neighbours join (tatweel, ZWJ).
    Causing,
    /// Skipped when deciding joins (harakat and other marks).
    Transparent,
}

const LAM: char = '\u{644}';

fn joining(c: char) -> Option<Joining> {
    let cp = u32::from(c);
    JOINING
        .binary_search_by(|&(lo, hi, _)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .ok()
        .map(|i| JOINING[i].2)
}

fn accepts_join_from_before(kind: Option<Joining>) -> bool {
    matches!(
        kind,
        Some(Joining::Right | Joining::Dual | Joining::Causing)
    )
}

fn joins_to_after(kind: Option<Joining>) -> bool {
    matches!(kind, Some(Joining::Left | Joining::Dual | Joining::Causing))
}

/// Position of a letter in its word, the index into a `FORMS` entry.
#[derive(Clone, Copy)]
enum Form {
    Isolated = 0,
    Final = 1,
    Initial = 2,
    Medial = 3,
}

fn presentation_form(c: char, form: Form) -> char {
    let cp = u32::from(c);
    FORMS
        .binary_search_by_key(&cp, |&(base, _)| base)
        .ok()
        .and_then(|i| char::from_u32(FORMS[i].1[form as usize]))
        .filter(|&f| f != '\0')
        .unwrap_or(c)
}

fn lam_alef(alef: char, lam_joins_before: bool) -> Option<char> {
    let cp = u32::from(alef);
    let i = LAM_ALEF.binary_search_by_key(&cp, |&(a, _)| a).ok()?;
    char::from_u32(LAM_ALEF[i].1[usize::from(lam_joins_before)])
}

/// The shaped text, one entry per input character: its presentation form
/// (or the character itself), or `None` for an alef merged into the lam-alef
/// ligature at the position before it.
pub(super) fn shape(chars: &[char]) -> Vec<Option<char>> {
    let kinds: Vec<Option<Joining>> = chars.iter().map(|&c| joining(c)).collect();
    let is_transparent = |i: usize| kinds[i] == Some(Joining::Transparent);
    // For each character, the nearest non-transparent one before and after.
    let mut before = Vec::with_capacity(chars.len());
    let mut last = None;
    for i in 0..chars.len() {
        before.push(last);
        if !is_transparent(i) {
            last = Some(i);
        }
    }
    let mut after = vec![None; chars.len()];
    let mut next = None;
    for (i, slot) in after.iter_mut().enumerate().rev() {
        *slot = next;
        if !is_transparent(i) {
            next = Some(i);
        }
    }
    let joins_before = |i: usize| {
        accepts_join_from_before(kinds[i]) && before[i].is_some_and(|b| joins_to_after(kinds[b]))
    };
    let joins_after = |i: usize| {
        joins_to_after(kinds[i]) && after[i].is_some_and(|a| accepts_join_from_before(kinds[a]))
    };

    let mut shaped: Vec<Option<char>> = chars.iter().map(|&c| Some(c)).collect();
    let mut i = 0;
    while i < chars.len() {
        if is_transparent(i) || kinds[i].is_none() {
            i += 1;
            continue;
        }
        let (back, forward) = (joins_before(i), joins_after(i));
        // Lam directly followed by an alef (no mark in between) becomes
        // one ligature glyph in one cell.
        let ligature = (chars[i] == LAM && forward)
            .then(|| chars.get(i + 1).and_then(|&alef| lam_alef(alef, back)))
            .flatten();
        if let Some(ligature) = ligature {
            shaped[i] = Some(ligature);
            shaped[i + 1] = None;
            i += 2;
            continue;
        }
        let form = match (back, forward) {
            (true, true) => Form::Medial,
            (true, false) => Form::Final,
            (false, true) => Form::Initial,
            (false, false) => Form::Isolated,
        };
        shaped[i] = Some(presentation_form(chars[i], form));
        i += 1;
    }
    shaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        shape(&chars).into_iter().flatten().collect()
    }

    #[test]
    fn persian_letters_use_forms_a() {
        // ی (U+06CC) final, medial, initial forms are in U+FBFC–FBFF.
        assert_eq!(shaped("نیک"), "\u{FEE7}\u{FBFF}\u{FB8F}");
    }

    #[test]
    fn harakat_are_kept_and_transparent() {
        assert_eq!(
            shaped("مُحَمَّد"),
            "\u{FEE3}\u{64F}\u{FEA4}\u{64E}\u{FEE4}\u{64E}\u{651}\u{FEAA}"
        );
    }

    #[test]
    fn zwnj_breaks_the_join() {
        assert_eq!(shaped("ک\u{200c}ن"), "\u{FB8E}\u{200c}\u{FEE5}");
    }

    #[test]
    fn lam_alef_ligature_but_no_allah_ligature() {
        assert_eq!(shaped("لا"), "\u{FEFB}");
        assert_eq!(shaped("سلام"), "\u{FEB3}\u{FEFC}\u{FEE1}");
        // A haraka between lam and alef keeps them apart.
        assert_eq!(shaped("لَا"), "\u{FEDF}\u{64E}\u{FE8E}");
        assert!(!shaped("عبدالله").contains('\u{FDF2}'));
        // Optional lam ligatures (lam-meem U+FC42, lam-khah…) are not made.
        assert_eq!(shaped("المدير").chars().count(), 6);
        assert_eq!(shaped("عبدالله").chars().count(), 7);
    }
}
