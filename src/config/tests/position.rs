//! The byte-offset to line/column helper shared by all errors.

use super::super::position::line_col;

#[test]
fn first_character_is_line_1_column_1() {
    assert_eq!(line_col("abc", 0), (1, 1));
    assert_eq!(line_col("", 0), (1, 1));
}

#[test]
fn counts_lines_and_characters() {
    let text = "ab\nسلام x\r\nz";
    assert_eq!(line_col(text, 3), (2, 1));
    // "سلام " is 4 two-byte letters and a space: `x` is the 6th character.
    assert_eq!(line_col(text, 3 + 9), (2, 6));
    assert_eq!(line_col(text, text.len() - 1), (3, 1));
}

#[test]
fn clamps_instead_of_panicking() {
    let text = "ab\nسلام";
    assert_eq!(line_col(text, 1000), (2, 5));
    // Offset 4 is inside the first Persian letter: report that letter.
    assert_eq!(line_col(text, 4), (2, 1));
}
