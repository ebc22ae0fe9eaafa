//! The one update function: `update(&mut State, Action) -> Vec<Effect>`.
//! It never touches the database or the terminal; the loop carries out the
//! effects and feeds their results back as actions. Tests drive it directly.

mod bulk;
mod caller;
mod cases;
mod closing;
mod contacts;
mod help;
mod live;
mod overlays;
mod pages;
mod pipeline;
mod quotes;
mod reports;
mod results;
mod today;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Effect};
use super::keymap::{Context, chord_of};
use super::overlays::Overlay;
use super::state::{Page, State, View};
use crate::keys::Command;

pub use reports::query as reports_query;

/// Applies an action to the state and returns the work it asks for.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => on_key(state, key),
        Action::Paste(text) => overlays::paste(state, &text),
        Action::Resize(w, h) => {
            state.size = (w, h);
            clamp_scroll(state);
            Vec::new()
        }
        Action::Feed(feed) => live::on_feed(state, &feed),
        Action::DayChanged => live::on_day_changed(state),
        Action::MinutePassed => live::on_minute_passed(state),
        Action::CallLoaded(card) => caller::on_loaded(state, card),
        Action::NotificationsLoaded(texts) => live::on_notifications(state, texts),
        Action::ReportLoaded(loaded) => reports::loaded(state, *loaded),
        Action::ReportDealsLoaded(drill) => {
            reports::deals_loaded(state, drill);
            Vec::new()
        }
        Action::ReportDue => reports::due(state),
        Action::CasesLoaded(rows) => {
            cases::loaded(state, rows);
            Vec::new()
        }
        other => results::on_result(state, other),
    }
}

/// Which keymap context the keys go to now.
pub fn context(state: &State) -> Context {
    match state.overlays.last() {
        Some(Overlay::Form(_)) => return Context::Form,
        Some(Overlay::Picker(_) | Overlay::Prompt(_)) => return Context::Typing,
        Some(Overlay::Confirm(_) | Overlay::Conflict(_)) => return Context::Confirm,
        Some(Overlay::Help { .. }) => return Context::Global,
        Some(Overlay::Caller(_)) => return Context::Confirm,
        // The reader takes the page's keys: scroll, e, D, Esc.
        Some(Overlay::Activity(_)) | None => {}
    }
    view_context(state)
}

/// The context of the page or view under any overlay (for the help screen).
pub fn view_context(state: &State) -> Context {
    match state.pages.last() {
        Some(Page::Customer(_)) => return Context::Customer,
        Some(Page::Deal(_)) => return Context::Deal,
        Some(Page::Case(_)) => return Context::Case,
        Some(Page::Quote(_)) => return Context::Quote,
        None => {}
    }
    match state.view {
        View::Today => Context::Today,
        View::Contacts if state.contacts.search.typing || state.contacts.filter.typing => {
            Context::Typing
        }
        View::Contacts => Context::Contacts,
        View::Pipeline if state.pipeline.filter.typing => Context::Typing,
        View::Pipeline => Context::Pipeline,
        View::Reports => Context::Reports,
        View::Cases => Context::Cases,
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let Some(chord) = chord_of(&key) else {
        return Vec::new();
    };
    // The caller's card takes every key until Enter or Esc closes it.
    if matches!(state.overlays.last(), Some(Overlay::Caller(_))) {
        return caller::on_key(state, key);
    }
    // The help overlay takes every key: it scrolls or closes.
    if matches!(state.overlays.last(), Some(Overlay::Help { .. })) {
        return help::on_key(state, &chord);
    }
    let ctx = context(state);
    let command = state.session.keymap.resolve(ctx, &chord);
    if command == Some(Command::Quit) {
        state.quit = true;
        return Vec::new();
    }
    if !state.overlays.is_empty() || ctx == Context::Typing {
        return overlays::on_key(state, ctx, command, key);
    }
    let Some(command) = command else {
        return Vec::new();
    };
    state.message = None;
    if let Some(effects) = global(state, command) {
        return effects;
    }
    match ctx {
        Context::Customer | Context::Deal | Context::Case | Context::Quote => {
            pages::on_command(state, command)
        }
        Context::Today => today::on_command(state, command),
        Context::Contacts => contacts::on_command(state, command),
        Context::Pipeline => pipeline::on_command(state, command),
        Context::Reports => reports::on_command(state, command),
        Context::Cases => cases::on_command(state, command),
        _ => Vec::new(),
    }
}

/// Commands that mean the same everywhere outside forms.
fn global(state: &mut State, command: Command) -> Option<Vec<Effect>> {
    Some(match command {
        Command::Help => {
            state.overlays.push(Overlay::Help { offset: 0 });
            Vec::new()
        }
        Command::ViewToday => switch_view(state, View::Today),
        Command::ViewContacts => switch_view(state, View::Contacts),
        Command::ViewPipeline => switch_view(state, View::Pipeline),
        Command::ViewReports => switch_view(state, View::Reports),
        Command::ViewCases => switch_view(state, View::Cases),
        Command::NextView | Command::PrevView => {
            let i = View::ALL.iter().position(|v| *v == state.view).unwrap_or(0);
            let n = View::ALL.len();
            let next = if command == Command::NextView {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            switch_view(state, View::ALL[next])
        }
        Command::Undo => undo(state),
        Command::Refresh => refresh(state),
        Command::Search => {
            state.pages.clear();
            state.view = View::Contacts;
            state.contacts.search.typing = true;
            if state.contacts.rows.is_empty() {
                vec![Effect::LoadContacts { reset: true }]
            } else {
                Vec::new()
            }
        }
        Command::Back if !state.pages.is_empty() => {
            state.pages.pop();
            if state.pages.is_empty() {
                refresh(state)
            } else {
                vec![Effect::ReloadPage]
            }
        }
        _ => return None,
    })
}

/// Shows a view (closing any open pages) and loads it afresh.
pub fn switch_view(state: &mut State, view: View) -> Vec<Effect> {
    state.pages.clear();
    state.view = view;
    refresh(state)
}

/// Reloads what is on screen.
pub fn refresh(state: &State) -> Vec<Effect> {
    if !state.pages.is_empty() {
        return vec![Effect::ReloadPage];
    }
    match state.view {
        View::Today => vec![Effect::LoadToday],
        View::Contacts => vec![Effect::LoadContacts { reset: true }],
        View::Pipeline => vec![Effect::LoadPipeline],
        View::Reports => reports::load(state),
        View::Cases => vec![Effect::LoadCases],
    }
}

fn undo(state: &mut State) -> Vec<Effect> {
    match state.undo.pop() {
        Some(step) => {
            let label = state
                .session
                .locale
                .tf_sentence("msg.undone", &[("what", &step.label)]);
            vec![Effect::Write {
                change: step.change,
                label,
                undoable: false,
            }]
        }
        None => {
            state.say(state.t("msg.nothing_to_undo").to_owned());
            Vec::new()
        }
    }
}

/// Moves a selection by `delta` within `len` items, clamped.
pub fn step(selected: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let target = selected.saturating_add_signed(delta);
    target.min(len - 1)
}

/// Keeps `offset` so that `selected` is within `height` rows.
pub fn scroll(offset: &mut usize, selected: usize, height: usize) {
    if selected < *offset {
        *offset = selected;
    } else if selected >= *offset + height {
        *offset = selected + 1 - height;
    }
}

fn clamp_scroll(state: &mut State) {
    let height = state.list_height();
    scroll(
        &mut state.today_view.offset,
        state.today_view.selected,
        height,
    );
    let selected = state.contacts.selected;
    scroll(&mut state.contacts.offset, selected, height);
}

/// A plain key event, for tests and the end-to-end driver.
pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}
