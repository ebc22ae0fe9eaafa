//! Formula-injection protection for CSV cells.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a
//! formula (and some strip a leading tab or CR first), so a customer named
//! `=HYPERLINK(…)` could run code on whoever opens an export. Export puts a
//! `'` in front of such cells; import takes exactly that `'` off again, so a
//! round trip gives back the original text.

use std::borrow::Cow;

/// The first characters a spreadsheet may treat as the start of a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn is_trigger(c: char) -> bool {
    TRIGGERS.contains(&c)
}

/// Prefixes `'` to a cell that a spreadsheet could run as a formula.
#[must_use]
pub fn protect(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if is_trigger(c) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Removes the `'` that [`protect`] added, and only that one: a cell is
/// changed only when it is `'` followed by a trigger character.
#[must_use]
pub fn unprotect(cell: &str) -> Cow<'_, str> {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.chars().next().is_some_and(is_trigger) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn triggers_are_protected() {
        for cell in ["=1+1", "+98 912", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(protect(cell), format!("'{cell}"));
        }
    }

    #[test]
    fn harmless_cells_are_untouched() {
        for cell in ["", "سارا", "a=b", "'quoted", "12"] {
            assert_eq!(protect(cell), cell);
            assert_eq!(unprotect(cell), cell);
        }
    }

    #[test]
    fn unprotect_removes_only_the_added_quote() {
        assert_eq!(unprotect("'=1+1"), "=1+1");
        assert_eq!(unprotect("''=1"), "''=1");
        assert_eq!(unprotect("'abc"), "'abc");
    }

    proptest! {
        #[test]
        fn round_trip(cell in any::<String>()) {
            let protected = protect(&cell);
            prop_assert_eq!(unprotect(&protected), cell.as_str());
        }
    }
}
