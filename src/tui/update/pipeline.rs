//! Keys on the pipeline board.

use crate::keys::Command;
use crate::model::{Deal, Entity};
use crate::tui::action::Effect;
use crate::tui::change::Change;
use crate::tui::forms::{DealLinks, deal_form};
use crate::tui::overlays::{Confirm, Overlay, PickPurpose};
use crate::tui::state::{PageRef, State};

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    let command = on_screen(state, command);
    match command {
        Command::Left
        | Command::Right
        | Command::Up
        | Command::Down
        | Command::Top
        | Command::Bottom
        | Command::PageUp
        | Command::PageDown => {
            navigate(state, command);
            Vec::new()
        }
        Command::NextPipeline
        | Command::FilterOwner
        | Command::ToggleMine
        | Command::ClearFilters
        | Command::Filter
        | Command::PickSegment => on_filter_command(state, command),
        Command::Mark | Command::MarkAll | Command::AssignOwner | Command::MoveToStage => {
            on_bulk_command(state, command)
        }
        Command::Delete if !state.pipeline.marked.is_empty() => super::bulk::delete(state),
        _ => on_deal_command(state, command),
    }
}

/// Stages flow right to left in a right-to-left interface, so the keys
/// that point left and right on screen swap their meaning.
fn on_screen(state: &State, command: Command) -> Command {
    let rtl = state.session.locale.is_rtl();
    match (rtl, command) {
        (true, Command::Left) => Command::Right,
        (true, Command::Right) => Command::Left,
        (true, Command::MoveDealNext) => Command::MoveDealPrev,
        (true, Command::MoveDealPrev) => Command::MoveDealNext,
        (_, c) => c,
    }
}

/// Moves the focus between columns, or the selection within one.
fn navigate(state: &mut State, command: Command) {
    let board = &mut state.pipeline;
    let columns = board.columns.len();
    match command {
        Command::Left => board.focus = board.focus.saturating_sub(1),
        Command::Right => board.focus = (board.focus + 1).min(columns.saturating_sub(1)),
        _ => {
            if let Some(column) = board.columns.get_mut(board.focus) {
                let len = column.deals.len();
                column.selected = match command {
                    Command::Up => column.selected.saturating_sub(1),
                    Command::Down => (column.selected + 1).min(len.saturating_sub(1)),
                    Command::PageUp => column.selected.saturating_sub(5),
                    Command::PageDown => (column.selected + 5).min(len.saturating_sub(1)),
                    Command::Top => 0,
                    _ => len.saturating_sub(1),
                };
            }
        }
    }
}

/// Which pipeline the board shows and which of its deals.
fn on_filter_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::NextPipeline => {
            let n = state.session.config.pipelines.len().max(1);
            state.pipeline.pipeline = (state.pipeline.pipeline + 1) % n;
            state.pipeline.focus = 0;
            state.pipeline.marked.clear();
            vec![Effect::LoadPipeline]
        }
        Command::FilterOwner => vec![Effect::PickOwner(PickPurpose::PipelineOwner)],
        Command::ToggleMine => {
            state.pipeline.owner =
                super::contacts::toggled_mine(state, state.pipeline.owner.as_deref());
            vec![Effect::LoadPipeline]
        }
        Command::ClearFilters => {
            state.pipeline.owner = None;
            state.pipeline.filter = Default::default();
            vec![Effect::LoadPipeline]
        }
        Command::Filter => {
            state.pipeline.filter.typing = true;
            Vec::new()
        }
        Command::PickSegment => vec![Effect::PickSegment(crate::store::Target::Deal)],
        _ => Vec::new(),
    }
}

/// Marking cards, and what is done to the marked ones.
fn on_bulk_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Mark => super::bulk::mark_card(state),
        Command::MarkAll => super::bulk::mark_all_cards(state),
        Command::AssignOwner => return super::bulk::pick_owner(state),
        Command::MoveToStage => return super::bulk::pick_stage(state),
        _ => {}
    }
    Vec::new()
}

/// One deal: the focused card (moved, won, lost, opened, edited, deleted)
/// or a new one.
fn on_deal_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::MoveDealNext => return move_deal(state, 1),
        Command::MoveDealPrev => return move_deal(state, -1),
        Command::WinDeal | Command::LoseDeal => {
            let Some(deal) = state.pipeline.current().cloned() else {
                return Vec::new();
            };
            state.pipeline.follow = Some(deal.id);
            return if command == Command::WinDeal {
                super::closing::win(state, &deal)
            } else {
                super::closing::lose(state, &deal)
            };
        }
        Command::Open => {
            if let Some(deal) = state.pipeline.current() {
                return vec![Effect::OpenPage(PageRef::Deal(deal.id))];
            }
        }
        Command::AddDeal => add_deal(state),
        Command::Edit => {
            if let Some(deal) = state.pipeline.current().cloned() {
                edit_deal(state, &deal);
            }
        }
        Command::Delete => {
            if let Some(deal) = state.pipeline.current().cloned() {
                confirm_delete_deal(state, &deal);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Opens the form for a new deal in the board's pipeline.
fn add_deal(state: &mut State) {
    let pipeline = state
        .session
        .config
        .pipelines
        .get(state.pipeline.pipeline)
        .map(|p| p.name.clone());
    let links = DealLinks {
        pipeline,
        ..DealLinks::default()
    };
    let form = deal_form(None, links, &state.session.config, &state.session.user);
    state.open_form(form);
}

fn move_deal(state: &mut State, direction: isize) -> Vec<Effect> {
    let Some(deal) = state.pipeline.current().cloned() else {
        return Vec::new();
    };
    // Keep the card focused wherever it lands when the board reloads.
    state.pipeline.follow = Some(deal.id);
    move_deal_by(state, &deal, direction)
}

/// Moves a deal to the next open stage that way; won and lost are never
/// entered by moving (they have their own keys, see `closing`).
pub fn move_deal_by(state: &mut State, deal: &Deal, direction: isize) -> Vec<Effect> {
    let Some(target) = super::closing::next_open_stage(state, deal, direction) else {
        if direction > 0 {
            super::closing::no_further_open_stage(state);
        } else {
            state.say(state.t("msg.no_further_stage").to_owned());
        }
        return Vec::new();
    };
    // The stage by its label in the interface language.
    let shown = state.session.config.stage_label(
        &deal.data.pipeline,
        &target,
        state.session.locale.language,
    );
    let label = state.session.locale.tf(
        "msg.deal_moved",
        &[("title", &deal.data.title), ("stage", shown)],
    );
    vec![Effect::Write {
        change: super::closing::close_change(
            deal.id,
            &deal.data,
            &target,
            deal.data.lost_reason.clone(),
        ),
        label,
        undoable: true,
    }]
}

/// Opens the edit form of a deal.
pub fn edit_deal(state: &mut State, deal: &Deal) {
    let form = deal_form(
        Some(deal),
        DealLinks::default(),
        &state.session.config,
        &state.session.user,
    );
    state.open_form(form);
}

/// Asks before deleting a deal.
pub fn confirm_delete_deal(state: &mut State, deal: &Deal) {
    let question = state
        .session
        .locale
        .tf("confirm.delete_deal", &[("title", &deal.data.title)]);
    state.overlays.push(Overlay::Confirm(Confirm {
        question,
        change: Change::Delete {
            entity: Entity::Deal,
            id: deal.id,
            version: Some(deal.version),
        },
        label: None,
    }));
}

/// A key while the board's filter bar has the keyboard: Enter keeps the
/// filter, Esc clears it, any other key edits the expression; each
/// expression that parses filters the board at once (one that does not
/// shows why under the bar, and the board stays).
pub(super) fn filter_key(state: &mut State, key: crossterm::event::KeyEvent) -> Vec<Effect> {
    use crossterm::event::KeyCode;
    match key.code {
        KeyCode::Enter => {
            state.pipeline.filter.typing = false;
            Vec::new()
        }
        KeyCode::Esc => {
            let had = !state.pipeline.filter.applied.is_empty();
            state.pipeline.filter = Default::default();
            if had {
                vec![Effect::LoadPipeline]
            } else {
                Vec::new()
            }
        }
        _ => {
            if super::overlays::edit(&mut state.pipeline.filter.input, &key) {
                filter_changed(state)
            } else {
                Vec::new()
            }
        }
    }
}

/// The bar's text changed: filter by it when it parses, else say why.
pub(super) fn filter_changed(state: &mut State) -> Vec<Effect> {
    let text = state.pipeline.filter.input.text();
    let locale = &state.session.locale;
    let filter = &mut state.pipeline.filter;
    match crate::segment::parse(&text, state.today) {
        Ok(_) => {
            filter.error = None;
            if filter.applied.trim() == text.trim() {
                return Vec::new();
            }
            filter.applied = text;
            vec![Effect::LoadPipeline]
        }
        Err(e) => {
            filter.error = Some(e.localized(locale));
            Vec::new()
        }
    }
}

/// A saved segment picked: it fills the filter bar and filters the board.
pub(super) fn apply_segment(state: &mut State, expression: &str) -> Vec<Effect> {
    state.pipeline.filter = crate::tui::state::FilterBar {
        input: crate::tui::input::TextInput::new(expression),
        typing: false,
        applied: expression.to_owned(),
        error: None,
    };
    vec![Effect::LoadPipeline]
}
