//! Results of the loop's work coming back: loaded data, search answers and
//! the outcome of writes.

use super::today::settle_selection;
use crate::tui::action::{Action, Effect, SearchTarget};
use crate::tui::change::Change;
use crate::tui::overlays::{Conflict, Overlay, PickOption, Picker};
use crate::tui::state::{Page, State, TodayRow, UndoStep};

/// Folds a loaded result or a write outcome into the state.
pub(super) fn on_result(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::TodayLoaded(rows) => today_loaded(state, rows),
        Action::TodayTasksLoaded(tasks) => today_tasks_loaded(state, tasks),
        Action::ContactsLoaded {
            reset,
            rows,
            more,
            total,
        } => contacts_loaded(state, reset, rows, more, total),
        Action::ContactsReloaded { rows, more, total } => {
            super::live::keep_contact(state, rows);
            state.contacts.more = more;
            state.contacts.total = total;
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
        Action::PipelineLoaded(columns) => pipeline_loaded(state, columns),
        Action::DealLoaded { id, deal } => {
            crate::tui::load::place_deal(&mut state.pipeline, id, deal.map(|d| *d));
        }
        Action::DealRefreshed { id, deal } => {
            crate::tui::load::refresh_deal(&mut state.pipeline, id, deal.map(|d| *d));
        }
        Action::PickerOptions {
            title,
            options,
            purpose,
        } => picker_options(state, title, options, purpose),
        Action::SearchAnswer { seq, target, rows } => search_answer(state, seq, target, rows),
        Action::IndexReady(n) => state.index_size = Some(n),
        Action::Written {
            label,
            applied,
            undoable,
        } => return written(state, label, applied, undoable),
        Action::WriteFailed(message) => {
            refused_on_form(state, &message);
            state.complain(message);
        }
        Action::LoadFailed(message) => state.complain(message),
        Action::Printed(path) => {
            let text = state
                .session
                .locale
                .tf("quote.printed", &[("path", &path.display().to_string())]);
            state.say(text);
        }
        Action::Conflicted { change, rows } => {
            state
                .overlays
                .push(Overlay::Conflict(Conflict { change, rows }));
        }
        Action::Key(_)
        | Action::Paste(_)
        | Action::Resize(..)
        | Action::Feed(_)
        | Action::DayChanged
        | Action::MinutePassed
        | Action::CallLoaded(_)
        | Action::NotificationsLoaded(_)
        | Action::ReportLoaded(_)
        | Action::ReportDealsLoaded(_)
        | Action::ReportDue
        | Action::CasesLoaded(_) => {}
    }
    Vec::new()
}

/// Today reloaded whole (a colleague's change, midnight, Ctrl-R).
fn today_loaded(state: &mut State, rows: Vec<TodayRow>) {
    // A full reload (a colleague's change, midnight, Ctrl-R) keeps
    // the selected record where it still is.
    let view = &mut state.today_view;
    let key = view.rows.get(view.selected).and_then(today_key);
    view.rows = rows;
    if let Some(i) = view
        .rows
        .iter()
        .position(|r| key.is_some() && today_key(r) == key)
    {
        view.selected = i;
    }
    settle_selection(state);
}

/// Today's task sections reloaded after a task was written.
fn today_tasks_loaded(state: &mut State, tasks: Vec<TodayRow>) {
    // Keep birthdays and stale deals; replace the task sections.
    let rest: Vec<TodayRow> = state
        .today_view
        .rows
        .drain(..)
        .skip_while(|r| !matches!(r, TodayRow::Heading("today.birthdays" | "today.rotting", _)))
        .collect();
    state.today_view.rows = tasks;
    state.today_view.rows.extend(rest);
    settle_selection(state);
}

/// The board reloaded.
fn pipeline_loaded(state: &mut State, columns: Vec<crate::tui::state::Column>) {
    let board = &mut state.pipeline;
    // Each column keeps its selected card where it still is (a
    // reload after others' changes may insert cards above it).
    let old: Vec<(usize, Option<i64>)> = board
        .columns
        .iter()
        .map(|c| (c.selected, c.deals.get(c.selected).map(|d| d.id)))
        .collect();
    board.columns = columns;
    for (column, (selected, id)) in board.columns.iter_mut().zip(old) {
        column.selected = id
            .and_then(|id| column.deals.iter().position(|d| d.id == id))
            .unwrap_or(selected)
            .min(column.deals.len().saturating_sub(1));
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
    // Marks stay only on the cards shown (the filter may hide some).
    let shown: std::collections::BTreeSet<i64> = board
        .columns
        .iter()
        .flat_map(|c| c.deals.iter().map(|d| d.id))
        .collect();
    board.marked.retain(|id| shown.contains(id));
}

/// A change was saved: the form closes, the undo step is kept, the
/// message says what was done, and what shows it is read again.
fn written(
    state: &mut State,
    label: String,
    applied: crate::tui::change::Applied,
    undoable: bool,
) -> Vec<Effect> {
    if matches!(state.overlays.last(), Some(Overlay::Form(_))) {
        state.overlays.pop();
    }
    // A bulk change (or its undo) reloads the whole board, and so
    // does any change while a filter decides which cards show.
    let batch = matches!(applied.inverse, Some(Change::Batch(_)));
    super::bulk::written(state, &applied);
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
        if batch || !state.pipeline.filter.applied.trim().is_empty() {
            return vec![Effect::LoadPipeline];
        }
        return vec![Effect::ReloadDeal(applied.id)];
    }
    if applied.entity == crate::model::Entity::Quote {
        return open_quote(state, applied.id);
    }
    super::refresh(state)
}

/// Hits for the search box or a picker, if still for the latest query.
fn search_answer(
    state: &mut State,
    seq: u64,
    target: SearchTarget,
    rows: Vec<crate::tui::state::ContactRow>,
) {
    match target {
        SearchTarget::Contacts => {
            let before = state.contacts.current().map(|r| (r.entity, r.id));
            let search = &mut state.contacts.search;
            if seq == search.seq && !search.input.is_empty() {
                search.results = Some(rows);
                if search.rerun.take() == Some(seq) {
                    super::live::keep_result(state, before);
                } else {
                    state.contacts.selected = 0;
                    state.contacts.offset = 0;
                }
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
    }
}

/// A page of the contact list: the first (`reset`) or the next.
fn contacts_loaded(
    state: &mut State,
    reset: bool,
    rows: Vec<crate::tui::state::ContactRow>,
    more: bool,
    total: i64,
) {
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

/// A picker's options, or a word that there is nothing to pick.
fn picker_options(
    state: &mut State,
    title: String,
    options: Vec<PickOption>,
    purpose: crate::tui::overlays::PickPurpose,
) {
    if options.is_empty() {
        state.say(state.t("msg.nothing_to_pick").to_owned());
    } else {
        state
            .overlays
            .push(Overlay::Picker(Picker::new(title, options, purpose)));
    }
}

/// A refreshed page keeps the user's place: the same record when it is
/// still there (a colleague's new task above it must not move the
/// selection to another row), else the same position.
fn keep_selection(old: &Page, mut new: Page) -> Page {
    match (old, &mut new) {
        (Page::Customer(o), Page::Customer(n)) => {
            let key = item_key(o, o.selected);
            n.selected = (0..n.items.len())
                .find(|&i| key.is_some() && item_key(n, i) == key)
                .unwrap_or_else(|| o.selected.min(n.items.len().saturating_sub(1)));
        }
        (Page::Deal(o), Page::Deal(n)) => {
            // Keep the selected quote or task by id; an activity row keeps
            // its place.
            use crate::tui::state::DealRow;
            let found = match o.row() {
                Some(DealRow::Quote(i)) => o
                    .quotes
                    .get(i)
                    .and_then(|q| n.quotes.iter().position(|x| x.number == q.number)),
                Some(DealRow::Task(i)) => o.tasks.get(i).and_then(|t| {
                    n.tasks
                        .iter()
                        .position(|x| x.id == t.id)
                        .map(|p| p + n.quotes.len())
                }),
                _ => None,
            };
            n.selected = found.unwrap_or_else(|| o.selected.min(n.rows().saturating_sub(1)));
        }
        (Page::Quote(o), Page::Quote(n)) => {
            n.selected = o.selected.min(n.quote.data.lines.len().saturating_sub(1));
        }
        _ => {}
    }
    new
}

/// After a quote was written: its page refreshed, or opened (a new quote
/// from the deal page, a new revision in place of the one revised).
fn open_quote(state: &mut State, id: i64) -> Vec<Effect> {
    use crate::tui::state::PageRef;
    match state.pages.last() {
        Some(Page::Quote(q)) if q.quote.id == id => super::refresh(state),
        Some(Page::Quote(_)) => {
            state.pages.pop();
            vec![Effect::OpenPage(PageRef::Quote(id))]
        }
        _ => vec![Effect::OpenPage(PageRef::Quote(id))],
    }
}

/// What a Today row shows: its kind and record id (`None`: a heading).
fn today_key(row: &TodayRow) -> Option<(u8, i64)> {
    match row {
        TodayRow::Task(task, _) => Some((0, task.id)),
        TodayRow::Birthday(person) => Some((1, person.id)),
        TodayRow::Rotting(deal, _) => Some((2, deal.id)),
        TodayRow::Heading(..) | TodayRow::HeadingAtLeast(..) => None,
    }
}

/// What a customer page's row `i` shows: its kind and record id.
fn item_key(page: &crate::tui::state::CustomerPage, i: usize) -> Option<(u8, i64)> {
    use crate::tui::state::PageItem;
    Some(match page.items.get(i)? {
        PageItem::Deal(d) => (0, page.deals.get(*d)?.id),
        PageItem::Task(t) => (1, page.tasks.get(*t)?.id),
        PageItem::Activity(a) => (2, page.activities.get(*a)?.id),
        PageItem::Person(p) => (3, page.people.get(*p)?.id),
        PageItem::Company => (4, 0),
    })
}

/// A payment the store refused (more than the invoice owes) shows its
/// reason on the open payment form's amount, which stays open.
fn refused_on_form(state: &mut State, message: &str) {
    if let Some(Overlay::Form(form)) = state.overlays.last_mut()
        && matches!(form.base, crate::tui::forms::Base::Payment(_))
        && let Some(at) = form.fields.iter().position(|f| f.name == "amount")
    {
        form.fields[at].error = Some(message.to_owned());
        form.focus = at;
    }
}
