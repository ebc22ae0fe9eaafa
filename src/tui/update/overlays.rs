//! Keys while something takes typed text: forms, pickers, prompts, the
//! search box; and the yes/no and conflict questions.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::contacts::move_selection;
use super::today::snooze_to;
use crate::keys::Command;
use crate::model::Entity;
use crate::model::dates::parse_date_in_week;
use crate::tui::action::{Effect, SearchTarget};
use crate::tui::change::Change;
use crate::tui::forms::{FieldKind, FormContext};
use crate::tui::input::TextInput;
use crate::tui::keymap::Context;
use crate::tui::overlays::{Overlay, PickOption, PickPurpose, Picker, PromptPurpose};
use crate::tui::state::{State, View};

pub(super) fn on_key(
    state: &mut State,
    ctx: Context,
    command: Option<Command>,
    key: KeyEvent,
) -> Vec<Effect> {
    match state.overlays.last() {
        Some(Overlay::Form(_)) => form_key(state, command, key),
        Some(Overlay::Picker(_)) => picker_key(state, key),
        Some(Overlay::Prompt(_)) => prompt_key(state, key),
        Some(Overlay::Confirm(_)) => confirm_key(state, key),
        Some(Overlay::Conflict(_)) => conflict_key(state, key),
        Some(Overlay::Help { .. } | Overlay::Caller(_)) => Vec::new(),
        Some(Overlay::Activity(_)) => super::pages::reader_key(state, command),
        None if ctx == Context::Typing && state.view == crate::tui::state::View::Pipeline => {
            super::pipeline::filter_key(state, key)
        }
        None if ctx == Context::Typing && state.contacts.filter.typing => {
            super::contacts::filter_key(state, key)
        }
        None if ctx == Context::Typing => search_key(state, key),
        None => Vec::new(),
    }
}

/// Pasted text goes into whatever field has the keyboard, one line.
pub(super) fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    let line: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let input = match state.overlays.last_mut() {
        Some(Overlay::Form(form)) => {
            let focus = form.focus;
            form.fields.get_mut(focus).map(|f| &mut f.input)
        }
        Some(Overlay::Picker(p)) => Some(&mut p.input),
        Some(Overlay::Prompt(p)) => Some(&mut p.input),
        None if state.view == View::Pipeline && state.pipeline.filter.typing => {
            Some(&mut state.pipeline.filter.input)
        }
        None if state.view == View::Contacts && state.contacts.filter.typing => {
            Some(&mut state.contacts.filter.input)
        }
        _ if state.contacts.search.typing => Some(&mut state.contacts.search.input),
        _ => None,
    };
    if let Some(input) = input {
        for c in line.chars() {
            input.insert(c);
        }
    }
    match state.overlays.last() {
        Some(Overlay::Picker(_)) => picker_changed(state),
        None if state.view == View::Pipeline && state.pipeline.filter.typing => {
            super::pipeline::filter_changed(state)
        }
        None if state.view == View::Contacts && state.contacts.filter.typing => {
            super::contacts::filter_changed(state)
        }
        None if state.contacts.search.typing => search_changed(state),
        _ => Vec::new(),
    }
}

/// Edits a text field with a key; false when the key is not editing.
pub(super) fn edit(input: &mut TextInput, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('w') if ctrl => input.delete_word(),
        KeyCode::Char('u') if ctrl => input.set(""),
        KeyCode::Char('a') if ctrl => input.home(),
        KeyCode::Char('e') if ctrl => input.end(),
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => input.insert(c),
        KeyCode::Backspace => input.backspace(),
        KeyCode::Delete => input.delete(),
        KeyCode::Left => input.left(),
        KeyCode::Right => input.right(),
        KeyCode::Home => input.home(),
        KeyCode::End => input.end(),
        _ => return false,
    }
    true
}

fn form_key(state: &mut State, command: Option<Command>, key: KeyEvent) -> Vec<Effect> {
    // Without a team list an owner is typed freely: there is nothing to pick.
    let team_to_pick = state.session.team.iter().any(|u| u.active);
    let Some(Overlay::Form(form)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    let count = form.fields.len();
    match command {
        Some(Command::Cancel) => {
            state.overlays.pop();
            state.say(state.t("msg.cancelled").to_owned());
            return Vec::new();
        }
        Some(Command::NextField) => {
            form.focus = (form.focus + 1) % count.max(1);
            return Vec::new();
        }
        Some(Command::PrevField) => {
            form.focus = (form.focus + count.max(1) - 1) % count.max(1);
            return Vec::new();
        }
        Some(Command::Pick) => {
            let focus = form.focus;
            open_field_picker(state, focus, None);
            return Vec::new();
        }
        Some(Command::Save) => return save_form(state),
        _ => {}
    }
    let focus = form.focus;
    let Some(field) = form.fields.get_mut(focus) else {
        return Vec::new();
    };
    // Typing into a company, person, stage or owner field opens its picker.
    if field.kind.picks()
        && (field.kind != FieldKind::Owner || team_to_pick)
        && let KeyCode::Char(c) = key.code
        && !key.modifiers.contains(KeyModifiers::CONTROL)
    {
        open_field_picker(state, focus, Some(c));
        return picker_changed(state);
    }
    if edit(&mut field.input, &key) {
        field.error = None;
        // A typed name no longer matches the picked record.
        field.id = None;
    }
    Vec::new()
}

fn save_form(state: &mut State) -> Vec<Effect> {
    let local_to_utc = state.session.local_to_utc();
    let ctx = FormContext {
        today: state.today,
        week_start: state.session.locale.week_start(),
        config: &state.session.config,
        user: &state.session.user,
        locale: &state.session.locale,
        now: state.now,
        local_to_utc: &local_to_utc,
    };
    let Some(Overlay::Form(form)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    let change = form.to_change(&ctx);
    let title = form.title;
    match change {
        Some(change) => {
            let label = state.t(&format!("{title}.saved")).to_owned();
            vec![Effect::Write {
                change,
                label,
                undoable: true,
            }]
        }
        None => {
            state.complain(state.t("form.fix_errors").to_owned());
            Vec::new()
        }
    }
}

/// Opens the picker for form field `index`, seeded with a typed character.
fn open_field_picker(state: &mut State, index: usize, seed: Option<char>) {
    let Some(Overlay::Form(form)) = state.overlays.last() else {
        return;
    };
    let Some(field) = form.fields.get(index) else {
        return;
    };
    let title = field.label_text(|k| state.t(k)).to_owned();
    let mut picker = match &field.kind {
        FieldKind::Choice(values) | FieldKind::Suggest(values) => {
            let options = values
                .iter()
                .map(|v| PickOption {
                    label: form.choice_shown(
                        &state.session.config,
                        &state.session.locale,
                        field.name,
                        v,
                    ),
                    detail: String::new(),
                    id: None,
                })
                .collect();
            let mut p = Picker::new(title, options, PickPurpose::FormField(index));
            p.free_text = matches!(field.kind, FieldKind::Suggest(_));
            p
        }
        FieldKind::Owner => {
            let options: Vec<PickOption> = state
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
            if options.is_empty() {
                return;
            }
            let mut p = Picker::new(title, options, PickPurpose::FormField(index));
            // A login typed in full that is not offered still reaches the
            // store, whose refusal names the closest logins.
            p.free_text = true;
            p
        }
        FieldKind::Person | FieldKind::Company => {
            let entity = if field.kind == FieldKind::Person {
                Entity::Person
            } else {
                Entity::Company
            };
            let mut p = Picker::new(title, Vec::new(), PickPurpose::FormField(index));
            p.search = Some(entity);
            p.free_text = entity == Entity::Company;
            if seed.is_none() {
                p.input = TextInput::new(&field.input.text());
            }
            p
        }
        _ => return,
    };
    if let Some(c) = seed {
        picker.input.insert(c);
        picker.refilter();
    }
    state.overlays.push(Overlay::Picker(picker));
}

/// After the picker's text changed: filter, or ask the index.
fn picker_changed(state: &mut State) -> Vec<Effect> {
    let Some(Overlay::Picker(picker)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    match picker.search {
        Some(entity) => {
            picker.seq += 1;
            vec![Effect::Search {
                seq: picker.seq,
                text: picker.input.text(),
                target: SearchTarget::Picker(entity),
            }]
        }
        None => {
            picker.refilter();
            Vec::new()
        }
    }
}

fn picker_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Picker(picker)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            state.overlays.pop();
            Vec::new()
        }
        KeyCode::Up => {
            picker.selected = picker.selected.saturating_sub(1);
            Vec::new()
        }
        KeyCode::Down | KeyCode::Tab => {
            picker.selected = (picker.selected + 1).min(picker.shown.len().saturating_sub(1));
            Vec::new()
        }
        KeyCode::Enter => choose(state),
        _ => {
            if edit(&mut picker.input, &key) {
                picker_changed(state)
            } else {
                Vec::new()
            }
        }
    }
}

fn choose(state: &mut State) -> Vec<Effect> {
    let Some(Overlay::Picker(picker)) = state.overlays.pop() else {
        return Vec::new();
    };
    let typed = picker.input.text().trim().to_owned();
    let chosen = match picker.current() {
        Some(option) => (option.label.clone(), option.id),
        None if picker.free_text && !typed.is_empty() => (typed, None),
        None => {
            state.overlays.push(Overlay::Picker(picker));
            return Vec::new();
        }
    };
    match picker.purpose {
        PickPurpose::FormField(index) => {
            let locale = state.session.locale.clone();
            let config = state.session.config.clone();
            if let Some(form) = state.form_mut() {
                // A translated choice goes back to its canonical value.
                let value = match form.fields.get(index).map(|f| (&f.kind, f.name)) {
                    Some((FieldKind::Choice(values) | FieldKind::Suggest(values), name)) => {
                        form.choice_value(&config, &locale, name, values, &chosen.0)
                    }
                    _ => chosen.0,
                };
                let Some(field) = form.fields.get_mut(index) else {
                    return Vec::new();
                };
                field.input.set(&value);
                field.id = chosen.1;
                field.error = None;
                form.focus = (index + 1).min(form.fields.len().saturating_sub(1));
            }
            Vec::new()
        }
        PickPurpose::FilterTag => {
            state.contacts.tag = Some(chosen.0);
            reset_contacts(state)
        }
        PickPurpose::FilterOwner => {
            state.contacts.owner = Some(chosen.0);
            reset_contacts(state)
        }
        PickPurpose::PipelineOwner => {
            state.pipeline.owner = Some(chosen.0);
            vec![Effect::LoadPipeline]
        }
        PickPurpose::CaseStatus(_) | PickPurpose::AssignCase(_) | PickPurpose::CaseFilterStatus => {
            let option = picker.current().cloned().unwrap_or(PickOption {
                label: chosen.0,
                detail: String::new(),
                id: None,
            });
            super::cases::picked(state, picker.purpose, &option)
        }
        PickPurpose::LostReason => {
            super::closing::reason_picked(state, picker.then, chosen.0, chosen.1)
        }
        PickPurpose::QuoteProduct => {
            let typed = picker.input.text();
            super::quotes::product_picked(state, chosen.1, &typed);
            Vec::new()
        }
        PickPurpose::Segment => {
            let expression = picker
                .current()
                .map(|o| o.detail.clone())
                .unwrap_or_default();
            if state.view == crate::tui::state::View::Pipeline {
                super::pipeline::apply_segment(state, &expression)
            } else {
                super::contacts::apply_segment(state, &expression)
            }
        }
        PickPurpose::BulkOwner(entity) => super::bulk::owner_picked(state, entity, chosen.0),
        PickPurpose::BulkStage => super::bulk::stage_picked(state, chosen.1),
    }
}

fn reset_contacts(state: &mut State) -> Vec<Effect> {
    state.contacts.selected = 0;
    state.contacts.offset = 0;
    vec![Effect::LoadContacts { reset: true }]
}

fn prompt_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Prompt(prompt)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            state.overlays.pop();
            state.say(state.t("msg.cancelled").to_owned());
            Vec::new()
        }
        KeyCode::Enter => {
            let answer = prompt.input.text().trim().to_owned();
            let purpose = prompt.purpose.clone();
            answer_prompt(state, purpose, answer)
        }
        _ => {
            if edit(&mut prompt.input, &key) {
                prompt.error = None;
            }
            Vec::new()
        }
    }
}

fn answer_prompt(state: &mut State, purpose: PromptPurpose, answer: String) -> Vec<Effect> {
    let refuse = |state: &mut State, message: String| {
        if let Some(Overlay::Prompt(p)) = state.overlays.last_mut() {
            p.error = Some(message);
        }
        Vec::new()
    };
    let effect = match purpose {
        purpose @ PromptPurpose::LostReason { .. } => {
            if answer.is_empty() {
                let message = state.t("prompt.reason_required").to_owned();
                return refuse(state, message);
            }
            state.overlays.pop();
            return super::closing::lost_with(state, purpose, answer);
        }
        PromptPurpose::SnoozeTo { id, version } => {
            match parse_date_in_week(&answer, state.today, state.session.locale.week_start()) {
                Ok(due) => {
                    let title = state.t("msg.the_task").to_owned();
                    snooze_to(state, id, version, due, &title)
                }
                Err(err) => {
                    let message = state.session.locale.input_error(&err.into());
                    return refuse(state, message);
                }
            }
        }
        PromptPurpose::BulkTags { entity, ids } => {
            return match bulk_tags(state, entity, ids, &answer) {
                Ok(()) => Vec::new(),
                Err(message) => refuse(state, message),
            };
        }
        PromptPurpose::Tags {
            entity,
            id,
            original,
        } => {
            let tags: Vec<String> = answer
                .split(',')
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect();
            let tags = match crate::model::tag::normalize_all(&tags) {
                Ok(tags) => tags,
                Err(message) => return refuse(state, message),
            };
            let (add, remove) = (
                crate::model::patch::added(&original, &tags),
                crate::model::patch::added(&tags, &original),
            );
            if add.is_empty() && remove.is_empty() {
                state.overlays.pop();
                state.say(state.t("msg.nothing_changed").to_owned());
                return Vec::new();
            }
            Effect::Write {
                change: Change::Tags {
                    entity,
                    id,
                    add,
                    remove,
                },
                label: state.t("msg.tags_saved").to_owned(),
                undoable: true,
            }
        }
    };
    state.overlays.pop();
    vec![effect]
}

/// The bulk tag prompt's answer: `vip, -cold` adds vip and removes cold
/// on every marked contact, after a confirmation that states the count;
/// one transaction, one undo step.
fn bulk_tags(state: &mut State, entity: Entity, ids: Vec<i64>, answer: &str) -> Result<(), String> {
    let mut add = Vec::new();
    let mut remove = Vec::new();
    for word in answer.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        match word.strip_prefix('-') {
            Some(tag) => remove.push(tag.trim().to_owned()),
            None => add.push(word.to_owned()),
        }
    }
    let add = crate::model::tag::normalize_all(&add)?;
    let remove = crate::model::tag::normalize_all(&remove)?;
    state.overlays.pop();
    if add.is_empty() && remove.is_empty() {
        state.say(state.t("msg.nothing_changed").to_owned());
        return Ok(());
    }
    let count = state.session.locale.number(ids.len() as i64);
    let question = state
        .session
        .locale
        .tf("contacts.confirm_bulk_tags", &[("count", &count)]);
    let changes = ids
        .into_iter()
        .map(|id| Change::Tags {
            entity,
            id,
            add: add.clone(),
            remove: remove.clone(),
        })
        .collect();
    state
        .overlays
        .push(Overlay::Confirm(crate::tui::overlays::Confirm {
            question,
            change: Change::Batch(changes),
            label: None,
        }));
    Ok(())
}

fn confirm_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Confirm(confirm)) = state.overlays.last() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
            let change = confirm.change.clone();
            let given = confirm.label.clone();
            state.overlays.pop();
            // The question's own words, else a batch says how many records
            // it changed (and `u` later says that it undid them).
            let label = match (given, &change) {
                (Some(label), _) => label,
                (None, Change::Batch(changes)) => {
                    let count = state.session.locale.number(changes.len() as i64);
                    state.session.locale.tf("bulk.done", &[("count", &count)])
                }
                (None, _) => state.t("msg.done").to_owned(),
            };
            vec![Effect::Write {
                change,
                label,
                undoable: true,
            }]
        }
        KeyCode::Char('n' | 'N') | KeyCode::Esc => {
            state.overlays.pop();
            state.say(state.t("msg.cancelled").to_owned());
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn conflict_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Conflict(conflict)) = state.overlays.last() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Char('o' | 'O') => {
            let change = conflict.change.clone();
            state.overlays.pop();
            if matches!(state.overlays.last(), Some(Overlay::Form(_))) {
                state.overlays.pop();
            }
            let label = state.t("msg.overwritten").to_owned();
            vec![Effect::Write {
                change,
                label,
                undoable: true,
            }]
        }
        KeyCode::Char('r' | 'R') => {
            state.overlays.pop();
            if matches!(state.overlays.last(), Some(Overlay::Form(_))) {
                state.overlays.pop();
            }
            state.say(state.t("msg.reloaded").to_owned());
            super::refresh(state)
        }
        KeyCode::Esc => {
            state.overlays.pop();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn search_changed(state: &mut State) -> Vec<Effect> {
    let search = &mut state.contacts.search;
    search.seq += 1;
    let text = search.input.text();
    if text.trim().is_empty() {
        search.results = None;
        state.contacts.selected = 0;
        state.contacts.offset = 0;
        return Vec::new();
    }
    vec![Effect::Search {
        seq: search.seq,
        text,
        target: SearchTarget::Contacts,
    }]
}

fn search_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            let search = &mut state.contacts.search;
            search.typing = false;
            search.input.set("");
            search.results = None;
            search.seq += 1;
            state.contacts.selected = 0;
            state.contacts.offset = 0;
            Vec::new()
        }
        KeyCode::Enter => {
            state.contacts.search.typing = false;
            match state.contacts.current() {
                Some(row) => vec![Effect::OpenPage(super::contacts::page_of(
                    row.entity, row.id,
                ))],
                None => Vec::new(),
            }
        }
        KeyCode::Up => move_selection(state, -1),
        KeyCode::Down => move_selection(state, 1),
        _ => {
            if edit(&mut state.contacts.search.input, &key) {
                search_changed(state)
            } else {
                Vec::new()
            }
        }
    }
}
