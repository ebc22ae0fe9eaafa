//! Keys on the pipeline board.

use crate::keys::Command;
use crate::model::{Deal, Entity};
use crate::tui::action::Effect;
use crate::tui::change::Change;
use crate::tui::forms::{DealLinks, deal_form};
use crate::tui::overlays::{Confirm, Overlay, PickPurpose};
use crate::tui::state::{PageRef, State};

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    // Stages flow right to left in a right-to-left interface, so the keys
    // that point left and right on screen swap their meaning.
    let rtl = state.session.locale.is_rtl();
    let command = match (rtl, command) {
        (true, Command::Left) => Command::Right,
        (true, Command::Right) => Command::Left,
        (true, Command::MoveDealNext) => Command::MoveDealPrev,
        (true, Command::MoveDealPrev) => Command::MoveDealNext,
        (_, c) => c,
    };
    let board = &mut state.pipeline;
    let columns = board.columns.len();
    match command {
        Command::Left => board.focus = board.focus.saturating_sub(1),
        Command::Right => board.focus = (board.focus + 1).min(columns.saturating_sub(1)),
        Command::Up
        | Command::Down
        | Command::Top
        | Command::Bottom
        | Command::PageUp
        | Command::PageDown => {
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
        Command::NextPipeline => {
            let n = state.session.config.pipelines.len().max(1);
            state.pipeline.pipeline = (state.pipeline.pipeline + 1) % n;
            state.pipeline.focus = 0;
            return vec![Effect::LoadPipeline];
        }
        Command::FilterOwner => return vec![Effect::PickOwner(PickPurpose::PipelineOwner)],
        Command::ToggleMine => {
            state.pipeline.owner =
                super::contacts::toggled_mine(state, state.pipeline.owner.as_deref());
            return vec![Effect::LoadPipeline];
        }
        Command::ClearFilters => {
            state.pipeline.owner = None;
            return vec![Effect::LoadPipeline];
        }
        Command::Open => {
            if let Some(deal) = state.pipeline.current() {
                return vec![Effect::OpenPage(PageRef::Deal(deal.id))];
            }
        }
        Command::AddDeal => {
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
