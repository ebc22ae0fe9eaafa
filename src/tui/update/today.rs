//! Keys on the Today view.

use chrono::Days;

use super::{scroll, step};
use crate::keys::Command;
use crate::model::{Entity, Task};
use crate::tui::action::Effect;
use crate::tui::change::Change;
use crate::tui::forms::{TaskLinks, task_form};
use crate::tui::overlays::{Confirm, Overlay, Prompt, PromptPurpose};
use crate::tui::state::{PageRef, State, TodayRow};

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    let height = state.list_height();
    let rows = &state.today_view.rows;
    let delta: isize = match command {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -(height as isize),
        Command::PageDown => height as isize,
        Command::Top => -(rows.len() as isize),
        Command::Bottom => rows.len() as isize,
        _ => 0,
    };
    if delta != 0 {
        move_selection(state, delta);
        return Vec::new();
    }
    let selected = state
        .today_view
        .rows
        .get(state.today_view.selected)
        .cloned();
    match (command, selected) {
        (Command::MarkDone, _) if !state.today_view.marked.is_empty() => super::bulk::done(state),
        (Command::Mark, _) => {
            super::bulk::mark_task(state);
            move_selection(state, 1);
            Vec::new()
        }
        (Command::MarkAll, _) => {
            super::bulk::mark_all_tasks(state);
            Vec::new()
        }
        (Command::MarkDone, Some(TodayRow::Task(task, _))) => vec![mark_done(state, &task)],
        (Command::Snooze, Some(TodayRow::Task(task, _))) => {
            vec![snooze(state, &task, 1)]
        }
        (Command::SnoozeTo, Some(TodayRow::Task(task, _))) => {
            open_snooze_prompt(state, &task);
            Vec::new()
        }
        (Command::ToggleMine, _) => {
            state.today_view.everyone = !state.today_view.everyone;
            state.today_view.selected = 0;
            state.today_view.offset = 0;
            vec![Effect::LoadToday]
        }
        (Command::AddTask, _) => {
            let form = task_form(None, TaskLinks::default(), &state.session.user, state.today);
            state.open_form(form);
            Vec::new()
        }
        (Command::Edit, Some(TodayRow::Task(task, _))) => {
            let form = task_form(
                Some(&task),
                TaskLinks::default(),
                &state.session.user,
                state.today,
            );
            state.open_form(form);
            Vec::new()
        }
        (Command::Delete, Some(TodayRow::Task(task, _))) => {
            confirm_delete_task(state, &task);
            Vec::new()
        }
        (Command::Open, Some(row)) => match open_target(&row) {
            Some(page) => vec![Effect::OpenPage(page)],
            None => {
                state.say(state.t("msg.nothing_linked").to_owned());
                Vec::new()
            }
        },
        (Command::MarkDone | Command::Snooze | Command::SnoozeTo, _) => {
            state.say(state.t("msg.select_task").to_owned());
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Moves to the next selectable row in the direction of `delta`.
fn move_selection(state: &mut State, delta: isize) {
    let today = &mut state.today_view;
    let len = today.rows.len();
    if len == 0 {
        return;
    }
    let mut target = step(today.selected, delta, len);
    let forward = delta > 0;
    while !today.rows[target].selectable() {
        let next = if forward {
            target + 1
        } else {
            target.wrapping_sub(1)
        };
        if next >= len {
            // Nothing selectable that way: search the other way.
            target = first_selectable(&today.rows, target, !forward).unwrap_or(today.selected);
            break;
        }
        target = next;
    }
    today.selected = target;
    let height = state.list_height();
    scroll(&mut state.today_view.offset, target, height);
}

fn first_selectable(rows: &[TodayRow], from: usize, forward: bool) -> Option<usize> {
    if forward {
        (from..rows.len()).find(|i| rows[*i].selectable())
    } else {
        (0..=from).rev().find(|i| rows[*i].selectable())
    }
}

/// Puts the selection on a selectable row after a reload.
pub fn settle_selection(state: &mut State) {
    // Marks stay only on the tasks still listed (done ones leave).
    let listed: std::collections::BTreeSet<i64> = state
        .today_view
        .rows
        .iter()
        .filter_map(|r| match r {
            TodayRow::Task(task, _) => Some(task.id),
            _ => None,
        })
        .collect();
    state.today_view.marked.retain(|id| listed.contains(id));
    let rows = &state.today_view.rows;
    let selected = state.today_view.selected.min(rows.len().saturating_sub(1));
    state.today_view.selected = first_selectable(rows, selected, true)
        .or_else(|| first_selectable(rows, selected, false))
        .unwrap_or(0);
    let height = state.list_height();
    let selected = state.today_view.selected;
    scroll(&mut state.today_view.offset, selected, height);
}

fn open_target(row: &TodayRow) -> Option<PageRef> {
    match row {
        TodayRow::Task(task, _) => task
            .data
            .deal_id
            .map(PageRef::Deal)
            .or(task.data.person_id.map(PageRef::Person))
            .or(task.data.company_id.map(PageRef::Company)),
        TodayRow::Birthday(person) => Some(PageRef::Person(person.id)),
        TodayRow::Rotting(deal, _) => Some(PageRef::Deal(deal.id)),
        TodayRow::Heading(..) | TodayRow::HeadingAtLeast(..) => None,
    }
}

/// Marks a task done (or open again if it is done).
pub fn mark_done(state: &State, task: &Task) -> Effect {
    let done = task.done_at.is_none();
    let key = if done {
        "msg.task_done"
    } else {
        "msg.task_reopened"
    };
    let label = state.session.locale.tf(key, &[("title", &task.data.title)]);
    Effect::Write {
        change: Change::TaskDone {
            id: task.id,
            version: Some(task.version),
            done,
        },
        label,
        undoable: true,
    }
}

/// Moves a task's due date to `days` after today.
pub fn snooze(state: &State, task: &Task, days: u64) -> Effect {
    let due = state
        .today
        .checked_add_days(Days::new(days))
        .unwrap_or(state.today);
    snooze_to(state, task.id, task.version, due, &task.data.title)
}

/// Moves a task's due date to `due`.
pub fn snooze_to(
    state: &State,
    id: i64,
    version: i64,
    due: chrono::NaiveDate,
    title: &str,
) -> Effect {
    let label = state.session.locale.tf(
        "msg.task_snoozed",
        &[("title", title), ("date", &state.session.locale.date(due))],
    );
    Effect::Write {
        change: Change::TaskDue {
            id,
            version: Some(version),
            due: Some(due),
        },
        label,
        undoable: true,
    }
}

/// Asks for the date to snooze a task to.
pub fn open_snooze_prompt(state: &mut State, task: &Task) {
    state.overlays.push(Overlay::Prompt(Prompt {
        title: state.t("prompt.snooze_to").to_owned(),
        input: crate::tui::input::TextInput::new("tomorrow"),
        error: None,
        purpose: PromptPurpose::SnoozeTo {
            id: task.id,
            version: task.version,
        },
    }));
}

/// Asks before deleting a task.
pub fn confirm_delete_task(state: &mut State, task: &Task) {
    let question = state
        .session
        .locale
        .tf("confirm.delete_task", &[("title", &task.data.title)]);
    state.overlays.push(Overlay::Confirm(Confirm {
        question,
        change: Change::Delete {
            entity: Entity::Task,
            id: task.id,
            version: Some(task.version),
        },
        label: None,
    }));
}
