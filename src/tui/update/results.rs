//! Results of the loop's work coming back: loaded data, search answers and
//! the outcome of writes.

use super::today::settle_selection;
use crate::tui::action::{Action, Effect, SearchTarget};
use crate::tui::overlays::{Conflict, Overlay, PickOption, Picker};
use crate::tui::state::{Page, State, TodayRow, UndoStep};

/// Folds a loaded result or a write outcome into the state.
// Long but flat: one arm per result kind, each a short, independent
// assignment; the arms share no logic worth a helper.
pub(super) fn on_result(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::TodayLoaded(rows) => {
            state.today_view.rows = rows;
            settle_selection(state);
        }
        Action::TodayTasksLoaded(tasks) => {
            // Keep birthdays and stale deals; replace the task sections.
            let rest: Vec<TodayRow> = state
                .today_view
                .rows
                .drain(..)
                .skip_while(|r| {
                    !matches!(r, TodayRow::Heading("today.birthdays" | "today.rotting", _))
                })
                .collect();
            state.today_view.rows = tasks;
            state.today_view.rows.extend(rest);
            settle_selection(state);
        }
        Action::ContactsLoaded {
            reset,
            rows,
            more,
            total,
        } => {
            let contacts = &mut state.contacts;
            if reset {
                contacts.rows = rows;
                contacts.selected = contacts.selected.min(contacts.rows.len().saturating_sub(1));
            } else {
                contacts.rows.extend(rows);
            }
            contacts.more = more;
            contacts.total = total;
        }
        Action::PageLoaded { page, replace } => {
            if replace {
                if let Some(top) = state.pages.last_mut() {
                    *top = keep_selection(top, page);
                }
            } else {
                state.pages.push(page);
            }
        }
        Action::PipelineLoaded(columns) => {
            let board = &mut state.pipeline;
            let old: Vec<usize> = board.columns.iter().map(|c| c.selected).collect();
            board.columns = columns;
            for (column, selected) in board.columns.iter_mut().zip(old) {
                column.selected = selected.min(column.deals.len().saturating_sub(1));
            }
            if let Some(id) = board.follow.take() {
                for (ci, column) in board.columns.iter_mut().enumerate() {
                    if let Some(di) = column.deals.iter().position(|d| d.id == id) {
                        column.selected = di;
                        board.focus = ci;
                    }
                }
            }
            board.focus = board.focus.min(board.columns.len().saturating_sub(1));
        }
        Action::DealLoaded { id, deal } => {
            crate::tui::load::place_deal(&mut state.pipeline, id, deal.map(|d| *d));
        }
        Action::PickerOptions {
            title,
            options,
            purpose,
        } => {
            if options.is_empty() {
                state.say(state.t("msg.nothing_to_pick").to_owned());
            } else {
                state
                    .overlays
                    .push(Overlay::Picker(Picker::new(title, options, purpose)));
            }
        }
        Action::SearchAnswer { seq, target, rows } => match target {
            SearchTarget::Contacts => {
                let search = &mut state.contacts.search;
                if seq == search.seq && !search.input.is_empty() {
                    search.results = Some(rows);
                    state.contacts.selected = 0;
                    state.contacts.offset = 0;
                }
            }
            SearchTarget::Picker(entity) => {
                if let Some(Overlay::Picker(picker)) = state.overlays.last_mut()
                    && picker.search == Some(entity)
                    && picker.seq == seq
                {
                    picker.options = rows
                        .into_iter()
                        .filter(|r| r.entity == entity)
                        .map(|r| PickOption {
                            label: r.name,
                            detail: r.detail,
                            id: Some(r.id),
                        })
                        .collect();
                    picker.selected = 0;
                    picker.refilter();
                }
            }
        },
        Action::IndexReady(n) => state.index_size = Some(n),
        Action::Written {
            label,
            applied,
            undoable,
        } => {
            if matches!(state.overlays.last(), Some(Overlay::Form(_))) {
                state.overlays.pop();
            }
            if undoable && let Some(inverse) = applied.inverse {
                state.undo.push(UndoStep {
                    label: label.clone(),
                    change: inverse,
                });
            }
            state.say(label);
            // On the board, a changed deal is reloaded alone and put in its
            // column: reloading ten thousand cards per move would not feel
            // instant.
            if state.pages.is_empty()
                && state.view == crate::tui::state::View::Today
                && applied.entity == crate::model::Entity::Task
            {
                return vec![Effect::LoadTodayTasks];
            }
            if state.pages.is_empty()
                && state.view == crate::tui::state::View::Pipeline
                && applied.entity == crate::model::Entity::Deal
            {
                return vec![Effect::ReloadDeal(applied.id)];
            }
            return super::refresh(state);
        }
        Action::WriteFailed(message) | Action::LoadFailed(message) => state.complain(message),
        Action::Conflicted {
            change,
            rows,
            actual,
        } => {
            state.overlays.push(Overlay::Conflict(Conflict {
                change,
                rows,
                actual,
            }));
        }
        Action::Key(_) | Action::Paste(_) | Action::Resize(..) => {}
    }
    Vec::new()
}

/// A refreshed page keeps the user's place.
fn keep_selection(old: &Page, mut new: Page) -> Page {
    match (old, &mut new) {
        (Page::Customer(o), Page::Customer(n)) => {
            n.selected = o.selected.min(n.items.len().saturating_sub(1));
        }
        (Page::Deal(o), Page::Deal(n)) => {
            n.selected = o.selected.min(n.tasks.len().saturating_sub(1));
        }
        _ => {}
    }
    new
}
