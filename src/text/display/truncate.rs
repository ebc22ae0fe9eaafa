//! Fitting a field into a number of cells.
//!
//! The cut happens in logical order, before reordering, and the ellipsis is
//! appended logically, so it marks where the text really goes on: "علی رضایی"
//! cut to eight cells reads "…اضر یلع" (the ellipsis at the left end). The
//! shortened text keeps the base direction of the whole field; cutting the
//! visual string instead would keep the wrong end of right-to-left text.

use super::DisplayOptions;
use super::layout::{Prepared, lay_out};
use super::reorder::clings_to_previous;
use super::width::cells;

const ELLIPSIS: char = '…';

/// How many more units to try once the first guess fits, to use cells that
/// shaping saved (a lam-alef ligature takes one cell for two letters).
const EXTRA_TRIES: usize = 4;

/// The visual line of `field`, at most `max` cells wide.
pub(super) fn fit(field: &Prepared, max: usize, options: &DisplayOptions) -> String {
    let full = lay_out(
        &field.chars,
        &field.islands,
        &field.isolates,
        field.rtl_base,
        options,
    );
    if full.width <= max {
        return full.text;
    }
    if max == 0 {
        return String::new();
    }
    // Unit boundaries: never cut between a letter and its marks.
    let boundaries: Vec<usize> = (0..field.chars.len())
        .filter(|&i| i == 0 || !clings_to_previous(field.chars[i]))
        .chain(std::iter::once(field.chars.len()))
        .collect();
    // First guess: the longest prefix whose unshaped, logical width leaves a
    // cell for the ellipsis. Shaping and reordering never widen text.
    let mut used = 0;
    let mut guess = 0;
    for pair in boundaries.windows(2) {
        let piece: String = field.chars[pair[0]..pair[1]].iter().collect();
        used += cells(&piece);
        if used + 1 > max {
            break;
        }
        guess += 1;
    }
    let mut best: Option<String> = None;
    let mut k = guess;
    loop {
        let attempt = shortened(field, boundaries[k], options);
        if cells(&attempt) <= max {
            best = Some(attempt);
            if k.saturating_sub(guess) >= EXTRA_TRIES || k + 1 >= boundaries.len() {
                break;
            }
            k += 1;
        } else if best.is_some() || k == 0 {
            break;
        } else {
            k -= 1;
        }
    }
    best.unwrap_or_else(|| ELLIPSIS.to_string())
}

/// The first `len` characters of the field with an ellipsis, laid out.
fn shortened(field: &Prepared, len: usize, options: &DisplayOptions) -> String {
    let mut end = len;
    // "علی …" reads worse than "علی…".
    while end > 0 && field.chars[end - 1].is_whitespace() {
        end -= 1;
    }
    let mut chars = field.chars[..end].to_vec();
    chars.push(ELLIPSIS);
    let islands: Vec<_> = field
        .islands
        .iter()
        .filter(|r| r.start < end)
        .map(|r| r.start..r.end.min(end))
        .collect();
    let isolates: Vec<_> = field
        .isolates
        .iter()
        .filter(|r| r.start < end)
        .map(|r| r.start..r.end.min(end))
        .collect();
    lay_out(&chars, &islands, &isolates, field.rtl_base, options).text
}
