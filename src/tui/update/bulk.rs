//! Bulk actions on marked rows: marking cards and tasks, the owner of
//! marked contacts or cards, the stage of marked cards, deleting them,
//! marking tasks done. Each is one `Change::Batch` behind a question that
//! states the count: one transaction, one undo step (see `tui::change`).

use crate::config::StageKind;
use crate::model::Entity;
use crate::tui::action::Effect;
use crate::tui::change::{Applied, Change};
use crate::tui::overlays::{Confirm, Overlay, PickOption, PickPurpose, Picker};
use crate::tui::state::{State, TodayRow, View};

/// What a bulk action acts on in the view shown: the marked rows, else
/// the selected one alone.
pub(super) fn targets(state: &State) -> (Entity, Vec<i64>) {
    match state.view {
        View::Contacts => {
            let contacts = &state.contacts;
            if contacts.marked.is_empty() {
                let row = contacts.current();
                let entity = row.map_or(contacts.kind, |r| r.entity);
                (entity, row.map(|r| r.id).into_iter().collect())
            } else {
                (contacts.kind, contacts.marked.iter().copied().collect())
            }
        }
        View::Pipeline => {
            let board = &state.pipeline;
            let ids = if board.marked.is_empty() {
                board.current().map(|d| d.id).into_iter().collect()
            } else {
                board.marked.iter().copied().collect()
            };
            (Entity::Deal, ids)
        }
        View::Today => {
            let today = &state.today_view;
            let ids = if today.marked.is_empty() {
                match today.rows.get(today.selected) {
                    Some(TodayRow::Task(task, _)) => vec![task.id],
                    _ => Vec::new(),
                }
            } else {
                today.marked.iter().copied().collect()
            };
            (Entity::Task, ids)
        }
        View::Reports | View::Cases => (Entity::Person, Vec::new()),
    }
}

/// Marks or unmarks the focused card and steps to the next one.
pub(super) fn mark_card(state: &mut State) {
    let board = &mut state.pipeline;
    let Some(id) = board.current().map(|d| d.id) else {
        return;
    };
    if !board.marked.remove(&id) {
        board.marked.insert(id);
    }
    if let Some(column) = board.columns.get_mut(board.focus) {
        column.selected = (column.selected + 1).min(column.deals.len().saturating_sub(1));
    }
}

/// Marks every card shown (the filter's), or unmarks all when they all are.
pub(super) fn mark_all_cards(state: &mut State) {
    let board = &mut state.pipeline;
    let shown: Vec<i64> = board
        .columns
        .iter()
        .flat_map(|c| c.deals.iter().map(|d| d.id))
        .collect();
    toggle_all(&mut board.marked, shown);
}

/// Marks or unmarks the selected task (a heading or birthday: nothing).
pub(super) fn mark_task(state: &mut State) {
    let today = &mut state.today_view;
    if let Some(TodayRow::Task(task, _)) = today.rows.get(today.selected)
        && !today.marked.remove(&task.id)
    {
        today.marked.insert(task.id);
    }
}

/// Marks every task listed, or unmarks all when they all are.
pub(super) fn mark_all_tasks(state: &mut State) {
    let today = &mut state.today_view;
    let listed: Vec<i64> = today
        .rows
        .iter()
        .filter_map(|r| match r {
            TodayRow::Task(task, _) => Some(task.id),
            _ => None,
        })
        .collect();
    toggle_all(&mut today.marked, listed);
}

fn toggle_all(marked: &mut std::collections::BTreeSet<i64>, shown: Vec<i64>) {
    if !shown.is_empty() && shown.iter().all(|id| marked.contains(id)) {
        marked.clear();
    } else {
        marked.extend(shown);
    }
}

/// Opens the team list to give the targets an owner.
pub(super) fn pick_owner(state: &mut State) -> Vec<Effect> {
    let (entity, ids) = targets(state);
    if ids.is_empty() || !matches!(entity, Entity::Person | Entity::Company | Entity::Deal) {
        return Vec::new();
    }
    let mut options: Vec<PickOption> = state
        .session
        .team
        .iter()
        .filter(|u| u.active)
        .map(|u| PickOption {
            label: u.login.clone(),
            detail: u.display_name.clone().unwrap_or_default(),
            id: None,
        })
        .collect();
    // No team list: any login may own records; the user is offered first.
    let free_text = options.is_empty();
    if free_text {
        options.push(PickOption {
            label: state.session.user.clone(),
            detail: String::new(),
            id: None,
        });
    }
    let count = state.session.locale.number(ids.len() as i64);
    let title = state
        .session
        .locale
        .tf("bulk.owner_for", &[("count", &count)]);
    let mut picker = Picker::new(title, options, PickPurpose::BulkOwner(entity));
    picker.free_text = free_text;
    state.overlays.push(Overlay::Picker(picker));
    Vec::new()
}

/// The owner was picked: the question, then one batch.
pub(super) fn owner_picked(state: &mut State, entity: Entity, owner: String) -> Vec<Effect> {
    let (_, ids) = targets(state);
    let changes: Vec<Change> = ids
        .iter()
        .map(|&id| Change::SetOwner {
            entity,
            id,
            owner: Some(owner.clone()),
        })
        .collect();
    let name = state.session.person_name(&owner).to_owned();
    let question = question(state, "bulk.confirm_owner", changes.len(), &name);
    confirm(state, question, changes)
}

/// Opens the stages of the board's pipeline (but lost: a lost deal needs
/// its own reason) to move the targets to.
pub(super) fn pick_stage(state: &mut State) -> Vec<Effect> {
    let (_, ids) = targets(state);
    if ids.is_empty() {
        return Vec::new();
    }
    let language = state.session.locale.language;
    let options: Vec<PickOption> = state
        .pipeline
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.stage.kind != StageKind::Lost)
        .map(|(i, c)| PickOption {
            label: c.stage.display_name(language).to_owned(),
            detail: String::new(),
            id: Some(i as i64),
        })
        .collect();
    let count = state.session.locale.number(ids.len() as i64);
    let title = state
        .session
        .locale
        .tf("bulk.stage_for", &[("count", &count)]);
    let picker = Picker::new(title, options, PickPurpose::BulkStage);
    state.overlays.push(Overlay::Picker(picker));
    Vec::new()
}

/// The stage was picked (by its column): every target not there already
/// moves, after the question.
pub(super) fn stage_picked(state: &mut State, column: Option<i64>) -> Vec<Effect> {
    let Some(stage) = column
        .and_then(|i| usize::try_from(i).ok())
        .and_then(|i| state.pipeline.columns.get(i))
        .map(|c| c.stage.clone())
    else {
        return Vec::new();
    };
    let (_, ids) = targets(state);
    let changes: Vec<Change> = state
        .pipeline
        .columns
        .iter()
        .flat_map(|c| c.deals.iter())
        .filter(|d| ids.contains(&d.id) && d.data.stage != stage.name)
        .map(|d| Change::MoveDeal {
            id: d.id,
            version: None,
            stage: stage.name.clone(),
            lost_reason: None,
        })
        .collect();
    let name = stage.display_name(state.session.locale.language).to_owned();
    let question = question(state, "bulk.confirm_stage", changes.len(), &name);
    confirm(state, question, changes)
}

/// Deleting the marked records: one question with the count; the store's
/// delete rules refuse the whole batch, naming the record and what links
/// to it, when one of them is still in use.
pub(super) fn delete(state: &mut State) -> Vec<Effect> {
    let (entity, ids) = targets(state);
    let changes: Vec<Change> = ids
        .into_iter()
        .map(|id| Change::Delete {
            entity,
            id,
            version: None,
        })
        .collect();
    let question = question(state, "bulk.confirm_delete", changes.len(), "");
    confirm(state, question, changes)
}

/// Marking the marked tasks done.
pub(super) fn done(state: &mut State) -> Vec<Effect> {
    let (_, ids) = targets(state);
    let changes: Vec<Change> = ids
        .into_iter()
        .map(|id| Change::TaskDone {
            id,
            version: None,
            done: true,
        })
        .collect();
    let question = question(state, "bulk.confirm_done", changes.len(), "");
    confirm(state, question, changes)
}

fn question(state: &State, key: &str, count: usize, name: &str) -> String {
    let count = state.session.locale.number(count as i64);
    state
        .session
        .locale
        .tf(key, &[("count", &count), ("name", name)])
}

fn confirm(state: &mut State, question: String, changes: Vec<Change>) -> Vec<Effect> {
    if changes.is_empty() {
        state.say(state.t("msg.nothing_changed").to_owned());
        return Vec::new();
    }
    state.overlays.push(Overlay::Confirm(Confirm {
        question,
        change: Change::Batch(changes),
        label: None,
    }));
    Vec::new()
}

/// After a write: a batch that deleted records leaves no marks behind.
pub(super) fn written(state: &mut State, applied: &Applied) {
    let Some(Change::Batch(inverses)) = &applied.inverse else {
        return;
    };
    if !inverses.iter().any(|c| matches!(c, Change::Restore(_))) {
        return;
    }
    match state.view {
        View::Contacts => state.contacts.marked.clear(),
        View::Pipeline => state.pipeline.marked.clear(),
        View::Today => state.today_view.marked.clear(),
        View::Reports | View::Cases => {}
    }
}
