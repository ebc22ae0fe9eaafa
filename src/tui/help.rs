//! What the help screen lists and how far it can scroll: the keys of the
//! view underneath under one heading, then the keys that work everywhere
//! under another. The view draws these lines; the update scrolls them.

use super::state::State;
use super::update::view_context;
use crate::keys::Command;

/// One line of the help screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A section heading (catalogue key).
    Heading(&'static str),
    /// A command and its keys joined for display.
    Key(Command, String),
}

/// Every line of the help screen for the view under it.
pub fn lines(state: &State) -> Vec<HelpLine> {
    let (own, global) = state.session.keymap.help_sections(view_context(state));
    let mut out = Vec::new();
    for (heading, rows) in [("help.view_keys", own), ("help.global_keys", global)] {
        if rows.is_empty() {
            continue;
        }
        out.push(HelpLine::Heading(heading));
        out.extend(rows.into_iter().map(|(c, k)| HelpLine::Key(c, k)));
    }
    out
}

/// How many of `total` lines fit in the help box: the main area (between
/// the tab line and the message line) less the box's frame and its footer.
pub fn page_rows(state: &State, total: usize) -> usize {
    let main = usize::from(state.main_height());
    total.min(main.saturating_sub(3))
}

/// The largest useful scroll offset for `total` lines.
pub fn max_offset(state: &State, total: usize) -> usize {
    total.saturating_sub(page_rows(state, total))
}
