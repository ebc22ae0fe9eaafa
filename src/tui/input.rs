//! A one-line text field. The buffer is kept in logical order (what is
//! stored is exactly what was typed); the caret is a char index into it.
//! Drawing maps buffer and caret to the screen through the display pipeline.

use crate::text::display::{DisplayOptions, edit_line, is_rtl};

/// An editable line of text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    chars: Vec<char>,
    caret: usize,
}

impl TextInput {
    /// A field holding `text`, caret at the end.
    pub fn new(text: &str) -> TextInput {
        let chars: Vec<char> = text.chars().collect();
        let caret = chars.len();
        TextInput { chars, caret }
    }

    /// The text, in logical order.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Whether nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.chars.iter().all(|c| c.is_whitespace())
    }

    /// Replaces the text, caret at the end.
    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }

    /// Inserts a typed character at the caret. Control characters are not
    /// text here (a paste can carry them); they are dropped.
    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        self.chars.insert(self.caret, c);
        self.caret += 1;
    }

    /// Deletes the character before the caret.
    pub fn backspace(&mut self) {
        if self.caret > 0 {
            self.caret -= 1;
            self.chars.remove(self.caret);
        }
    }

    /// Deletes the character at the caret.
    pub fn delete(&mut self) {
        if self.caret < self.chars.len() {
            self.chars.remove(self.caret);
        }
    }

    /// Deletes the word before the caret (Ctrl-W).
    pub fn delete_word(&mut self) {
        while self.caret > 0 && self.chars[self.caret - 1].is_whitespace() {
            self.backspace();
        }
        while self.caret > 0 && !self.chars[self.caret - 1].is_whitespace() {
            self.backspace();
        }
    }

    /// Moves the caret one character towards the left of the screen. In a
    /// right-to-left field that is forwards in logical order.
    pub fn left(&mut self) {
        if self.rtl() {
            self.forward();
        } else {
            self.backward();
        }
    }

    /// Moves the caret one character towards the right of the screen.
    pub fn right(&mut self) {
        if self.rtl() {
            self.backward();
        } else {
            self.forward();
        }
    }

    /// To the logical start (Home).
    pub fn home(&mut self) {
        self.caret = 0;
    }

    /// To the logical end (End).
    pub fn end(&mut self) {
        self.caret = self.chars.len();
    }

    fn forward(&mut self) {
        self.caret = (self.caret + 1).min(self.chars.len());
    }

    fn backward(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    fn rtl(&self) -> bool {
        is_rtl(&self.text())
    }

    /// The caret as a char index in logical order.
    pub fn caret(&self) -> usize {
        self.caret
    }

    /// What to draw in `width` cells, and the caret's column.
    pub fn layout(&self, width: usize, options: &DisplayOptions) -> (String, usize) {
        edit_line(&self.text(), self.caret, width, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_and_deleting_keep_logical_order() {
        let mut input = TextInput::default();
        for c in "سارا".chars() {
            input.insert(c);
        }
        assert_eq!(input.text(), "سارا");
        input.backspace();
        assert_eq!(input.text(), "سار");
        input.insert('\u{1b}');
        assert_eq!(input.text(), "سار", "control characters are not typed");
    }

    #[test]
    fn arrows_follow_the_screen_in_right_to_left_fields() {
        let mut input = TextInput::new("سارا");
        // Right-to-left: the screen's left is the logical end.
        input.home();
        input.left();
        assert_eq!(input.caret(), 1);
        let mut latin = TextInput::new("sara");
        latin.left();
        assert_eq!(latin.caret(), 3);
    }

    #[test]
    fn delete_word_removes_the_last_word_only() {
        let mut input = TextInput::new("Sara Ahmadi");
        input.delete_word();
        assert_eq!(input.text(), "Sara ");
    }
}
