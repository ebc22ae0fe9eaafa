//! Keys on the contact list.

use super::{scroll, step};
use crate::keys::Command;
use crate::model::Entity;
use crate::tui::action::Effect;
use crate::tui::change::Change;
use crate::tui::forms::{company_form, person_form};
use crate::tui::input::TextInput;
use crate::tui::overlays::{Confirm, Overlay, PickPurpose, Prompt, PromptPurpose};
use crate::tui::state::{PageRef, SortOrder, State};

/// Rows left below the selection before the next page is fetched.
const PREFETCH: usize = 20;

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    let height = state.list_height();
    let len = state.contacts.shown().len();
    let delta: isize = match command {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -(height as isize),
        Command::PageDown => height as isize,
        Command::Top => -(len as isize),
        Command::Bottom => len as isize,
        _ => 0,
    };
    if delta != 0 {
        return move_selection(state, delta);
    }
    let marked = !state.contacts.marked.is_empty();
    match command {
        Command::ToggleKind
        | Command::Sort
        | Command::FilterTag
        | Command::Filter
        | Command::PickSegment
        | Command::FilterOwner
        | Command::ToggleMine
        | Command::ClearFilters => on_list_command(state, command),
        Command::Mark | Command::MarkAll | Command::AssignOwner => on_mark_command(state, command),
        Command::Tag | Command::Delete if marked => on_mark_command(state, command),
        _ => on_row_command(state, command),
    }
}

/// What the list shows: people or companies, in which order, filtered how.
fn on_list_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::ToggleKind => {
            state.contacts.marked.clear();
            state.contacts.kind = match state.contacts.kind {
                Entity::Person => Entity::Company,
                _ => Entity::Person,
            };
            reset_list(state)
        }
        Command::Sort => {
            state.contacts.sort = match state.contacts.sort {
                SortOrder::Name => SortOrder::LastActivity,
                SortOrder::LastActivity => SortOrder::Name,
            };
            reset_list(state)
        }
        Command::FilterTag => vec![Effect::PickTag],
        Command::Filter => {
            state.contacts.filter.typing = true;
            Vec::new()
        }
        Command::PickSegment => {
            let target = match state.contacts.kind {
                Entity::Company => crate::store::Target::Company,
                _ => crate::store::Target::Person,
            };
            vec![Effect::PickSegment(target)]
        }
        Command::FilterOwner => vec![Effect::PickOwner(PickPurpose::FilterOwner)],
        Command::ToggleMine => {
            state.contacts.owner = toggled_mine(state, state.contacts.owner.as_deref());
            reset_list(state)
        }
        Command::ClearFilters => {
            state.contacts.tag = None;
            state.contacts.owner = None;
            state.contacts.filter = Default::default();
            reset_list(state)
        }
        _ => Vec::new(),
    }
}

/// Marking rows, and what is done to the marked ones (tags, owner,
/// delete).
fn on_mark_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        // Marks are ids of the list's kind: a company or deal among a
        // search's results cannot be marked while people are listed.
        Command::Mark => {
            if let Some(row) = state.contacts.current().cloned()
                && row.entity == state.contacts.kind
                && !state.contacts.marked.remove(&row.id)
            {
                state.contacts.marked.insert(row.id);
            }
            move_selection(state, 1)
        }
        Command::MarkAll => {
            let kind = state.contacts.kind;
            let shown: Vec<i64> = state
                .contacts
                .shown()
                .iter()
                .filter(|r| r.entity == kind)
                .map(|r| r.id)
                .collect();
            let contacts = &mut state.contacts;
            if shown.iter().all(|id| contacts.marked.contains(id)) {
                contacts.marked.clear();
            } else {
                contacts.marked.extend(shown);
            }
            Vec::new()
        }
        Command::Tag => {
            open_bulk_tag_prompt(state);
            Vec::new()
        }
        Command::AssignOwner => super::bulk::pick_owner(state),
        Command::Delete => super::bulk::delete(state),
        _ => Vec::new(),
    }
}

/// Asks for the tags to add to the marked rows.
fn open_bulk_tag_prompt(state: &mut State) {
    let count = state
        .session
        .locale
        .number(state.contacts.marked.len() as i64);
    state.overlays.push(Overlay::Prompt(Prompt {
        title: state
            .session
            .locale
            .tf("contacts.bulk_tags", &[("count", &count)]),
        input: TextInput::new(""),
        error: None,
        purpose: PromptPurpose::BulkTags {
            entity: state.contacts.kind,
            ids: state.contacts.marked.iter().copied().collect(),
        },
    }));
}

/// One row: the selected contact (opened, edited, tagged, deleted) or a
/// new one.
fn on_row_command(state: &mut State, command: Command) -> Vec<Effect> {
    let current = state.contacts.current().cloned();
    match command {
        Command::Open => match current {
            Some(row) => vec![Effect::OpenPage(page_of(row.entity, row.id))],
            None => Vec::new(),
        },
        Command::AddPerson => {
            let form = person_form(None, None, &state.session.config, &state.session.user);
            state.open_form(form);
            Vec::new()
        }
        Command::AddCompany => {
            let form = company_form(None, &state.session.config, &state.session.user);
            state.open_form(form);
            Vec::new()
        }
        Command::Edit | Command::Tag => match current {
            // Editing needs the whole record: open its page, then edit there.
            Some(row) if command == Command::Edit => {
                vec![Effect::OpenPage(page_of(row.entity, row.id))]
            }
            Some(row) => {
                open_tag_prompt(state, row.entity, row.id, &row.tags);
                Vec::new()
            }
            None => Vec::new(),
        },
        Command::Delete => {
            if let Some(row) = current {
                let question = state
                    .session
                    .locale
                    .tf("confirm.delete_contact", &[("name", &row.name)]);
                state.overlays.push(Overlay::Confirm(Confirm {
                    question,
                    change: Change::Delete {
                        entity: row.entity,
                        id: row.id,
                        version: None,
                    },
                    label: None,
                }));
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The page for a contact row.
pub fn page_of(entity: Entity, id: i64) -> PageRef {
    match entity {
        Entity::Company => PageRef::Company(id),
        // A search result can be a deal.
        Entity::Deal => PageRef::Deal(id),
        _ => PageRef::Person(id),
    }
}

fn reset_list(state: &mut State) -> Vec<Effect> {
    state.contacts.selected = 0;
    state.contacts.offset = 0;
    vec![Effect::LoadContacts { reset: true }]
}

/// Moves the selection and fetches the next page when close to the end.
pub fn move_selection(state: &mut State, delta: isize) -> Vec<Effect> {
    let height = state.list_height();
    let contacts = &mut state.contacts;
    let len = contacts.shown().len();
    contacts.selected = step(contacts.selected, delta, len);
    scroll(&mut contacts.offset, contacts.selected, height);
    let near_end = contacts.selected + PREFETCH.max(height) >= len;
    if contacts.search.results.is_none() && contacts.more && near_end {
        vec![Effect::LoadContacts { reset: false }]
    } else {
        Vec::new()
    }
}

/// Asks for the tags of a person or company.
pub fn open_tag_prompt(state: &mut State, entity: Entity, id: i64, tags: &[String]) {
    state.overlays.push(Overlay::Prompt(Prompt {
        title: state.t("prompt.tags").to_owned(),
        input: TextInput::new(&tags.join(", ")),
        error: None,
        purpose: PromptPurpose::Tags {
            entity,
            id,
            original: tags.to_vec(),
        },
    }));
}

/// The owner filter after "mine" was pressed: the user's own records, or
/// back to everyone's when that filter is already on.
pub(super) fn toggled_mine(state: &State, current: Option<&str>) -> Option<String> {
    let me = state.session.me();
    (current != Some(me)).then(|| me.to_owned())
}

/// A key while the filter bar has the keyboard: Enter keeps the filter
/// and gives the keys back to the list, Esc clears it; any other key
/// edits the expression, and each expression that parses filters the
/// list at once (one that does not shows why, and the list stays).
pub(super) fn filter_key(state: &mut State, key: crossterm::event::KeyEvent) -> Vec<Effect> {
    use crossterm::event::KeyCode;
    match key.code {
        KeyCode::Enter => {
            state.contacts.filter.typing = false;
            Vec::new()
        }
        KeyCode::Esc => {
            let had = !state.contacts.filter.applied.is_empty();
            state.contacts.filter = Default::default();
            if had { reset_list(state) } else { Vec::new() }
        }
        KeyCode::Up => move_selection(state, -1),
        KeyCode::Down => move_selection(state, 1),
        _ => {
            if super::overlays::edit(&mut state.contacts.filter.input, &key) {
                filter_changed(state)
            } else {
                Vec::new()
            }
        }
    }
}

pub(super) fn filter_changed(state: &mut State) -> Vec<Effect> {
    let text = state.contacts.filter.input.text();
    let today = state.today;
    match crate::segment::parse(&text, today) {
        Ok(_) => {
            let filter = &mut state.contacts.filter;
            filter.error = None;
            if filter.applied.trim() == text.trim() {
                return Vec::new();
            }
            filter.applied = text;
            reset_list(state)
        }
        Err(e) => {
            state.contacts.filter.error = Some(e.localized(&state.session.locale));
            Vec::new()
        }
    }
}

/// A saved segment picked: it fills the filter bar and filters the list.
pub(super) fn apply_segment(state: &mut State, expression: &str) -> Vec<Effect> {
    state.contacts.filter = crate::tui::state::FilterBar {
        input: TextInput::new(expression),
        typing: false,
        applied: expression.to_owned(),
        error: None,
    };
    reset_list(state)
}
