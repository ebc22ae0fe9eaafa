//! Keys in the Cases view and on a case page, and the new-case key on a
//! customer page (a blank case for the customer, or one made from the
//! selected complaint).

use chrono::Timelike;

use crate::keys::Command;
use crate::model::ActivityKind;
use crate::tui::action::Effect;
use crate::tui::cases::{CaseChange, CaseView, allowed_moves, escalated, status_label};
use crate::tui::change::Change;
use crate::tui::forms::{
    ActivityLinks, CaseSeed, FormContext, case_form, case_log_form, close_case_form,
};
use crate::tui::overlays::{ActivityReader, Overlay, PickOption, PickPurpose, Picker};
use crate::tui::state::{CustomerPage, Page, PageItem, PageRef, State};

/// The queue's rows were (re)loaded.
pub(super) fn loaded(state: &mut State, rows: Vec<crate::desk::QueueItem>) {
    state.cases.replace(rows);
    let height = state.list_height();
    let cases = &mut state.cases;
    super::scroll(&mut cases.offset, cases.selected, height);
}

/// A key in the Cases view.
pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    let cases = &mut state.cases;
    let delta = match command {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -10,
        Command::PageDown => 10,
        Command::Top => isize::MIN / 2,
        Command::Bottom => isize::MAX / 2,
        _ => 0,
    };
    if delta != 0 {
        cases.selected = super::step(cases.selected, delta, cases.rows.len());
        let height = state.list_height();
        let cases = &mut state.cases;
        super::scroll(&mut cases.offset, cases.selected, height);
        return Vec::new();
    }
    match command {
        Command::Open => cases
            .current()
            .map(|r| vec![Effect::OpenPage(PageRef::Case(r.case.id))])
            .unwrap_or_default(),
        Command::CaseScope => {
            cases.scope = cases.scope.next();
            cases.selected = 0;
            cases.offset = 0;
            vec![Effect::LoadCases]
        }
        Command::ClearFilters => {
            cases.scope = crate::tui::cases::Scope::All;
            cases.status = None;
            vec![Effect::LoadCases]
        }
        Command::FilterStatus => {
            let options = state
                .session
                .config
                .support
                .statuses
                .iter()
                .map(|s| PickOption {
                    label: status_label(&state.session, &s.name),
                    detail: s.name.clone(),
                    id: None,
                })
                .collect();
            let title = state.t("picker.case_status").to_owned();
            let picker = Picker::new(title, options, PickPurpose::CaseFilterStatus);
            state.overlays.push(Overlay::Picker(picker));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A key on a case page.
pub(super) fn page_command(state: &mut State, view: &CaseView, command: Command) -> Vec<Effect> {
    let rows = view.page.timeline.len();
    let delta = match command {
        Command::Up => -1,
        Command::Down => 1,
        Command::Top => isize::MIN / 2,
        Command::Bottom => isize::MAX / 2,
        _ => 0,
    };
    if delta != 0 {
        if let Some(Page::Case(page)) = state.pages.last_mut() {
            page.selected = super::step(page.selected, delta, rows);
        }
        return Vec::new();
    }
    let case = &view.page.case;
    match command {
        Command::Open => {
            if let Some(activity) = view.page.timeline.get(view.selected) {
                state.overlays.push(Overlay::Activity(ActivityReader {
                    activity: Box::new(activity.clone()),
                    offset: 0,
                }));
            }
            Vec::new()
        }
        Command::LogActivity => {
            log_reply(state, view);
            Vec::new()
        }
        Command::CaseStatus => {
            pick_status(state, view);
            Vec::new()
        }
        Command::AssignCase => {
            pick_assignee(state, view);
            Vec::new()
        }
        Command::EscalateCase => escalate(state, view),
        Command::CloseCase => {
            state.open_form(close_case_form(case.id, case.version));
            Vec::new()
        }
        Command::ReopenCase => vec![write(
            state,
            CaseChange::Reopen {
                id: case.id,
                version: Some(case.version),
            },
            "msg.case_reopened",
        )],
        _ => Vec::new(),
    }
}

/// A case write with its message (the case's number in it).
fn write(state: &State, change: CaseChange, key: &str) -> Effect {
    let number = match state.pages.last() {
        Some(Page::Case(view)) => view.page.case.number.to_string(),
        _ => String::new(),
    };
    Effect::Write {
        change: Change::Case(Box::new(change)),
        label: state.session.locale.tf(key, &[("number", &number)]),
        undoable: true,
    }
}

fn log_reply(state: &mut State, view: &CaseView) {
    let case = &view.page.case;
    let local = state.now.with_timezone(&state.session.offset).time();
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
    let links = ActivityLinks {
        person: case.data.person_id,
        company: case.data.company_id,
        deal: case.data.deal_id,
    };
    let form = case_log_form(case.id, links, &ctx, local.with_second(0).unwrap_or(local));
    state.open_form(form);
}

fn pick_status(state: &mut State, view: &CaseView) {
    let case = &view.page.case;
    let options: Vec<PickOption> = allowed_moves(&state.session.config, &case.data.status)
        .into_iter()
        .map(|name| PickOption {
            label: status_label(&state.session, &name),
            detail: name,
            id: None,
        })
        .collect();
    if options.is_empty() {
        state.say(state.t("msg.nothing_to_pick").to_owned());
        return;
    }
    let title = state.t("picker.case_status").to_owned();
    let picker = Picker::new(title, options, PickPurpose::CaseStatus(case.id));
    state.overlays.push(Overlay::Picker(picker));
}

fn pick_assignee(state: &mut State, view: &CaseView) {
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
    if options.is_empty() {
        // No team list: the user can take the case themselves.
        options.push(PickOption {
            label: state.session.user.clone(),
            detail: String::new(),
            id: None,
        });
    }
    let title = state.t("picker.assignee").to_owned();
    let mut picker = Picker::new(title, options, PickPurpose::AssignCase(view.page.case.id));
    picker.free_text = true;
    state.overlays.push(Overlay::Picker(picker));
}

fn escalate(state: &mut State, view: &CaseView) -> Vec<Effect> {
    let case = &view.page.case;
    let Some(priority) = escalated(case.data.priority) else {
        state.say(state.t("msg.case_urgent_already").to_owned());
        return Vec::new();
    };
    let mut data = case.data.clone();
    data.priority = priority;
    vec![write(
        state,
        CaseChange::Edit {
            id: case.id,
            version: Some(case.version),
            data: Box::new(data),
        },
        "msg.case_escalated",
    )]
}

/// A status or assignee picked for the case on top.
pub(super) fn picked(state: &mut State, purpose: PickPurpose, option: &PickOption) -> Vec<Effect> {
    if purpose == PickPurpose::CaseFilterStatus {
        state.cases.status = Some(option.detail.clone());
        state.cases.selected = 0;
        state.cases.offset = 0;
        return vec![Effect::LoadCases];
    }
    let Some(Page::Case(view)) = state.pages.last() else {
        return Vec::new();
    };
    let case = &view.page.case;
    let mut data = case.data.clone();
    let key = match purpose {
        PickPurpose::CaseStatus(_) => {
            data.status = option.detail.clone();
            "msg.case_moved"
        }
        _ => {
            data.assignee = Some(option.label.clone());
            "msg.case_assigned"
        }
    };
    let change = CaseChange::Edit {
        id: case.id,
        version: Some(case.version),
        data: Box::new(data),
    };
    vec![write(state, change, key)]
}

/// The new-case key on a customer page: a case made from the selected
/// complaint, else a blank one for the customer.
pub(super) fn new_case(state: &mut State, page: &CustomerPage) {
    let complaint = match page.items.get(page.selected) {
        Some(PageItem::Activity(i)) => page
            .activities
            .get(*i)
            .filter(|a| a.data.kind == ActivityKind::Complaint)
            .cloned(),
        _ => None,
    };
    let mut person = page.person.as_ref().map(|p| (p.id, p.data.name.clone()));
    let mut company = page.company.as_ref().map(|c| (c.id, c.data.name.clone()));
    // A complaint names its own customer (on a company page, one of its
    // people).
    if let Some(a) = &complaint {
        if let (Some(id), Some(name)) = (a.data.person_id, &a.person) {
            person = Some((id, name.clone()));
        }
        if let (Some(id), Some(name)) = (a.data.company_id, &a.company) {
            company = Some((id, name.clone()));
        }
    }
    let seed = CaseSeed {
        person,
        company,
        deal: complaint.as_ref().and_then(|a| a.data.deal_id),
        complaint,
    };
    let form = case_form(seed, &state.session.config);
    state.open_form(form);
}
