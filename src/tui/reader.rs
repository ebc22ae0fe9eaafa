//! The activity reader: a call note, e-mail or complaint shown in full,
//! wrapped to the box and scrolled. The lines are laid out here so the
//! view draws them and the update knows how far they scroll.

use super::state::State;
use crate::model::Activity;
use crate::text::display::width as cells;

/// Columns of the reader box (inside its frame).
pub fn text_width(state: &State) -> usize {
    usize::from(state.size.0.min(100)).saturating_sub(4).max(10)
}

/// Rows of text the reader shows at once (box less frame, header and keys).
pub fn page_rows(state: &State) -> usize {
    usize::from(state.main_height()).saturating_sub(6).max(1)
}

/// The body (or the subject when there is no body), wrapped.
pub fn body_lines(state: &State, activity: &Activity) -> Vec<String> {
    let text = match &activity.data.body {
        Some(body) if !body.trim().is_empty() => body.as_str(),
        _ => activity.data.subject.as_str(),
    };
    wrap(text, text_width(state))
}

/// The largest useful scroll offset.
pub fn max_offset(state: &State, activity: &Activity) -> usize {
    body_lines(state, activity)
        .len()
        .saturating_sub(page_rows(state))
}

/// Wraps logical text at spaces to lines of at most `width` cells (a word
/// longer than a line is cut by characters); each line is laid out for
/// display (bidi) afterwards, line by line. Newlines are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0;
        for word in paragraph.split(' ') {
            let word_w = cells(word);
            let sep = usize::from(!line.is_empty());
            if line_w + sep + word_w <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += sep + word_w;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_w = 0;
            }
            for c in word.chars() {
                let w = cells(c.encode_utf8(&mut [0; 4]));
                if line_w + w > width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_w = 0;
                }
                line.push(c);
                line_w += w;
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_keeps_newlines_and_cuts_long_words() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("سلام دنیا خوب", 9), vec!["سلام دنیا", "خوب"]);
    }
}
