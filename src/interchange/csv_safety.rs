//! Protection of CSV cells against formula injection.
//!
//! A spreadsheet opening a CSV file runs a cell that starts with `=`, `+`,
//! `-` or `@` as a formula (and tab or CR can hide such a start), so a
//! customer name like `=HYPERLINK(...)` could act when someone opens an
//! export. Export prefixes such cells with `'`, which spreadsheets show as
//! text; import removes exactly that prefix again, so a round trip is exact.
//!
//! A cell that already starts with quotes before a trigger (`'=x`) gets one
//! more quote too; otherwise import could not tell it from a protected `=x`.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

use std::borrow::Cow;

/// The first characters a spreadsheet may treat as the start of a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn is_trigger(c: char) -> bool {
    TRIGGERS.contains(&c)
}

/// Whether the cell is zero or more `'` followed by a formula trigger.
fn needs_quote(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .chars()
        .next()
        .is_some_and(is_trigger)
}

/// The cell as written to a CSV file: prefixed with `'` when it begins
/// with a formula trigger (after any quotes), else unchanged (borrowed).
#[must_use]
pub fn protect(cell: &str) -> Cow<'_, str> {
    if needs_quote(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as read from a CSV file: removes the one `'` that [`protect`]
/// added, and nothing else (a `'` before any other character stays).
#[must_use]
pub fn unprotect(cell: &str) -> Cow<'_, str> {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn triggers_are_prefixed() {
        for cell in ["=1+1", "+98 912", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(protect(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_borrowed_unchanged() {
        for cell in ["", "Sara", "سارا", "'quoted", "a=b", " =x"] {
            assert!(
                matches!(protect(cell), Cow::Borrowed(c) if c == cell),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn unprotect_removes_only_the_added_quote() {
        assert_eq!(unprotect("'=1+1"), "=1+1");
        assert_eq!(unprotect("'quoted"), "'quoted");
        assert_eq!(unprotect("''=x"), "'=x");
        assert_eq!(protect("'=x"), "''=x");
        assert_eq!(unprotect("'"), "'");
    }

    proptest! {
        #[test]
        fn protect_then_unprotect_is_identity(cell in "\\PC{0,12}|[=+@'\\t\\r-]{1,4}\\PC{0,4}") {
            let protected = protect(&cell);
            prop_assert_eq!(unprotect(&protected), cell.as_str());
        }

        #[test]
        fn protected_cells_never_start_with_a_trigger(cell in "[=+@'\\t\\r-]{0,4}\\PC{0,8}") {
            let out = protect(&cell);
            prop_assert!(!out.chars().next().is_some_and(is_trigger));
        }
    }
}
