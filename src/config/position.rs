//! Turning byte offsets (from toml spans) into the line and column people see.

/// 1-based `(line, column)` of byte `offset` in `text`; the column counts
/// characters, not bytes, so it matches what an editor shows for Persian or
/// Arabic text. Offsets past the end or inside a character are clamped
/// instead of panicking, because spans come from error paths we don't control.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let line = before.matches('\n').count() + 1;
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    (line, column)
}
