//! Keys on the help screen: the movement keys scroll it, Esc, q and ?
//! close it, Ctrl-c still quits; anything else is ignored, so a stray key
//! does not close the list being read.

use crate::keys::{Command, KeyChord};
use crate::tui::action::Effect;
use crate::tui::help;
use crate::tui::keymap::Context;
use crate::tui::overlays::Overlay;
use crate::tui::state::State;

pub(super) fn on_key(state: &mut State, chord: &KeyChord) -> Vec<Effect> {
    let command = state.session.keymap.resolve(Context::Global, chord);
    let total = help::lines(state).len();
    let page = help::page_rows(state, total).max(1);
    let last = help::max_offset(state, total);
    let Some(Overlay::Help { offset }) = state.overlays.last_mut() else {
        return Vec::new();
    };
    let current = (*offset).min(last);
    *offset = match command {
        Some(Command::Down) => (current + 1).min(last),
        Some(Command::Up) => current.saturating_sub(1),
        Some(Command::PageDown) => (current + page).min(last),
        Some(Command::PageUp) => current.saturating_sub(page),
        Some(Command::Top) => 0,
        Some(Command::Bottom) => last,
        Some(Command::Quit) if chord.ctrl => {
            state.quit = true;
            return Vec::new();
        }
        Some(Command::Quit | Command::Help | Command::Back) => {
            state.overlays.pop();
            return Vec::new();
        }
        _ => current,
    };
    Vec::new()
}
