//! The caller's page over whatever the user is doing: shown when a call
//! rings this user, closed only by a key (Enter opens the caller's full
//! page, or a new-person form for an unknown number; Esc goes back to
//! what was there, forms and searches untouched).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::Entity;
use crate::tui::action::Effect;
use crate::tui::caller::CallerCard;
use crate::tui::forms::person_form;
use crate::tui::overlays::Overlay;
use crate::tui::state::{PageRef, State};

/// A call's card arrived: shown when the call rings this user (it named
/// them, or no one). A second call while a card is open stacks on it, so
/// Esc on the newest shows the one before: no caller goes unseen.
pub(super) fn on_loaded(state: &mut State, card: Box<CallerCard>) -> Vec<Effect> {
    if !card.call.rings(&state.session.user) {
        return Vec::new();
    }
    state.overlays.push(Overlay::Caller(card));
    Vec::new()
}

/// Keys while the card is on top. Every other key is held back, so typing
/// meant for a form underneath does not go astray while the card covers it.
pub(super) fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Caller(card)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    match key.code {
        // Ctrl-C still quits, as the status line says.
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            state.quit = true;
            Vec::new()
        }
        KeyCode::Up | KeyCode::BackTab => {
            card.selected = card.selected.saturating_sub(1);
            Vec::new()
        }
        KeyCode::Down | KeyCode::Tab => {
            card.selected = (card.selected + 1).min(card.entries.len().saturating_sub(1));
            Vec::new()
        }
        KeyCode::Esc => {
            state.overlays.pop();
            Vec::new()
        }
        KeyCode::Enter => {
            let target = card.current().map(|e| (e.caller.entity, e.caller.id));
            let number = card.call.data.number.clone();
            state.overlays.pop();
            match target {
                Some((Entity::Person, id)) => vec![Effect::OpenPage(PageRef::Person(id))],
                Some((_, id)) => vec![Effect::OpenPage(PageRef::Company(id))],
                None => {
                    let mut form =
                        person_form(None, None, &state.session.config, &state.session.user);
                    if let Some(field) = form.fields.iter_mut().find(|f| f.name == "phones") {
                        field.input.set(&number);
                    }
                    state.open_form(form);
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    }
}
