//! Keys on a customer page or a deal page.

use chrono::Timelike;

use super::pipeline::{confirm_delete_deal, edit_deal, move_deal_by};
use super::today::{confirm_delete_task, mark_done, open_snooze_prompt, snooze};
use crate::keys::Command;
use crate::model::Entity;
use crate::tui::action::Effect;
use crate::tui::change::Change;
use crate::tui::forms::{
    ActivityLinks, DealLinks, FormContext, TaskLinks, activity_edit_form, activity_form,
    company_form, deal_form, person_form, task_form,
};
use crate::tui::overlays::{ActivityReader, Confirm, Overlay};
use crate::tui::state::{CustomerPage, DealPage, Page, PageItem, PageRef, State};

use super::contacts::open_tag_prompt;

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    match state.pages.last().cloned() {
        Some(Page::Customer(page)) => customer(state, &page, command),
        Some(Page::Deal(page)) => deal(state, &page, command),
        Some(Page::Case(view)) => super::cases::page_command(state, &view, command),
        Some(Page::Quote(view)) => super::quotes::page_command(state, &view, command),
        None => Vec::new(),
    }
}

fn select(state: &mut State, delta: isize) {
    match state.pages.last_mut() {
        Some(Page::Customer(page)) => {
            page.selected = super::step(page.selected, delta, page.items.len());
        }
        Some(Page::Deal(page)) => {
            // Quotes, open tasks, then the activities below them.
            page.selected = super::step(page.selected, delta, page.rows());
        }
        // Case and quote pages move their own selection.
        Some(Page::Case(_) | Page::Quote(_)) | None => {}
    }
}

fn delta(command: Command) -> isize {
    match command {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -10,
        Command::PageDown => 10,
        Command::Top => isize::MIN / 2,
        Command::Bottom => isize::MAX / 2,
        _ => 0,
    }
}

fn push_form(state: &mut State, form: crate::tui::forms::Form) {
    state.open_form(form);
}

fn log_activity(state: &mut State, links: ActivityLinks) {
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
    let form = activity_form(links, &ctx, local.with_second(0).unwrap_or(local));
    push_form(state, form);
}

fn customer(state: &mut State, page: &CustomerPage, command: Command) -> Vec<Effect> {
    let d = delta(command);
    if d != 0 {
        select(state, d);
        return Vec::new();
    }
    let item = page.items.get(page.selected).copied();
    match command {
        Command::Open => return open_item(state, page, item),
        Command::MarkDone | Command::Snooze | Command::SnoozeTo => {
            return task_command(state, page, item, command);
        }
        Command::LogActivity | Command::AddTask | Command::AddDeal | Command::AddPerson => {
            add_for_customer(state, page, command);
        }
        // e and D act on the selected row when it is a deal, task or
        // activity (the status line says which), else on the customer.
        Command::Edit if on_row(item) => edit_row(state, page, item),
        Command::Delete if on_row(item) => delete_row(state, page, item),
        Command::Edit | Command::EditCustomer => edit_customer(state, page),
        Command::Tag => tag_customer(state, page),
        Command::Delete => confirm_delete_customer(state, page),
        Command::Merge => confirm_merge(state, page),
        Command::NewCase => super::cases::new_case(state, page),
        _ => {}
    }
    Vec::new()
}

/// Enter on a customer page: open the deal, person or company, edit the
/// task, or read the activity in full.
fn open_item(state: &mut State, page: &CustomerPage, item: Option<PageItem>) -> Vec<Effect> {
    match item {
        Some(PageItem::Deal(i)) => page
            .deals
            .get(i)
            .map(|d| vec![Effect::OpenPage(PageRef::Deal(d.id))])
            .unwrap_or_default(),
        Some(PageItem::Person(i)) => page
            .people
            .get(i)
            .map(|p| vec![Effect::OpenPage(PageRef::Person(p.id))])
            .unwrap_or_default(),
        Some(PageItem::Company) => page
            .company
            .as_ref()
            .map(|c| vec![Effect::OpenPage(PageRef::Company(c.id))])
            .unwrap_or_default(),
        Some(PageItem::Task(i)) => {
            if let Some(task) = page.tasks.get(i) {
                edit_task(state, task);
            }
            Vec::new()
        }
        Some(PageItem::Activity(i)) => {
            if let Some(activity) = page.activities.get(i) {
                state.overlays.push(Overlay::Activity(ActivityReader {
                    activity: Box::new(activity.clone()),
                    offset: 0,
                }));
            }
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// Done, snooze a day, or snooze to a date: only on a selected task.
fn task_command(
    state: &mut State,
    page: &CustomerPage,
    item: Option<PageItem>,
    command: Command,
) -> Vec<Effect> {
    let Some(PageItem::Task(i)) = item else {
        state.say(state.t("msg.select_task").to_owned());
        return Vec::new();
    };
    match page.tasks.get(i) {
        Some(task) if command == Command::MarkDone => vec![mark_done(state, task)],
        Some(task) if command == Command::Snooze => vec![snooze(state, task, 1)],
        Some(task) => {
            open_snooze_prompt(state, task);
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// A new activity, task, deal or (on a company) person, linked to the
/// customer: a person's page links the person, else the company.
fn add_for_customer(state: &mut State, page: &CustomerPage, command: Command) {
    let person = page.person.as_ref();
    let company = page.company.as_ref();
    let linked_company = if person.is_some() {
        None
    } else {
        company.map(|c| c.id)
    };
    match command {
        Command::LogActivity => {
            let links = ActivityLinks {
                person: person.map(|p| p.id),
                company: linked_company,
                deal: None,
            };
            log_activity(state, links);
        }
        Command::AddTask => {
            let links = TaskLinks {
                person: person.map(|p| p.id),
                company: linked_company,
                deal: None,
            };
            let form = task_form(None, links, &state.session.user, state.today);
            push_form(state, form);
        }
        Command::AddDeal => {
            let links = DealLinks {
                person: person.map(|p| (p.id, p.data.name.clone())),
                company: company.map(|c| (c.id, c.data.name.clone())),
                pipeline: None,
            };
            let form = deal_form(None, links, &state.session.config, &state.session.user);
            push_form(state, form);
        }
        Command::AddPerson => {
            if let (None, Some(c)) = (person, company) {
                let form = person_form(
                    None,
                    Some((c.id, c.data.name.clone())),
                    &state.session.config,
                    &state.session.user,
                );
                push_form(state, form);
            }
        }
        _ => {}
    }
}

/// `e` on a deal, task or activity row.
fn edit_row(state: &mut State, page: &CustomerPage, item: Option<PageItem>) {
    match item {
        Some(PageItem::Deal(i)) => {
            if let Some(d) = page.deals.get(i) {
                edit_deal(state, d);
            }
        }
        Some(PageItem::Task(i)) => {
            if let Some(t) = page.tasks.get(i) {
                edit_task(state, t);
            }
        }
        Some(PageItem::Activity(i)) => {
            if let Some(a) = page.activities.get(i) {
                edit_activity(state, a);
            }
        }
        _ => {}
    }
}

/// `D` on a deal, task or activity row: asks first.
fn delete_row(state: &mut State, page: &CustomerPage, item: Option<PageItem>) {
    match item {
        Some(PageItem::Deal(i)) => {
            if let Some(d) = page.deals.get(i) {
                confirm_delete_deal(state, d);
            }
        }
        Some(PageItem::Task(i)) => {
            if let Some(t) = page.tasks.get(i) {
                confirm_delete_task(state, t);
            }
        }
        Some(PageItem::Activity(i)) => {
            if let Some(a) = page.activities.get(i) {
                confirm_delete_activity(state, a);
            }
        }
        _ => {}
    }
}

fn edit_customer(state: &mut State, page: &CustomerPage) {
    let form = match (&page.person, &page.company) {
        (Some(p), _) => person_form(Some(p), None, &state.session.config, &state.session.user),
        (None, Some(c)) => company_form(Some(c), &state.session.config, &state.session.user),
        (None, None) => return,
    };
    push_form(state, form);
}

fn tag_customer(state: &mut State, page: &CustomerPage) {
    let (entity, id) = page.subject();
    let tags = match (&page.person, &page.company) {
        (Some(p), _) => p.data.tags.clone(),
        (None, Some(c)) => c.data.tags.clone(),
        (None, None) => Vec::new(),
    };
    open_tag_prompt(state, entity, id, &tags);
}

fn confirm_delete_customer(state: &mut State, page: &CustomerPage) {
    let (entity, id) = page.subject();
    let (name, version) = match (&page.person, &page.company) {
        (Some(p), _) => (p.data.name.clone(), p.version),
        (None, Some(c)) => (c.data.name.clone(), c.version),
        (None, None) => return,
    };
    let question = state
        .session
        .locale
        .tf("confirm.delete_contact", &[("name", &name)]);
    state.overlays.push(Overlay::Confirm(Confirm {
        question,
        change: Change::Delete {
            entity,
            id,
            version: Some(version),
        },
        label: None,
    }));
}

/// `m` on a person with a likely duplicate: asks to merge it in.
fn confirm_merge(state: &mut State, page: &CustomerPage) {
    let (entity, id) = page.subject();
    match page.duplicates.first() {
        Some((other, name, _)) if entity == Entity::Person => {
            let question = state.session.locale.tf(
                "confirm.merge",
                &[("other", name), ("id", &other.to_string())],
            );
            state.overlays.push(Overlay::Confirm(Confirm {
                question,
                change: Change::Merge {
                    entity,
                    keep: id,
                    other: *other,
                },
                label: None,
            }));
        }
        _ => state.say(state.t("msg.no_duplicates").to_owned()),
    }
}

fn deal(state: &mut State, page: &DealPage, command: Command) -> Vec<Effect> {
    let d = delta(command);
    if d != 0 {
        select(state, d);
        return Vec::new();
    }
    let deal = &page.deal;
    match command {
        Command::MarkDone => match page.task() {
            Some(task) => vec![mark_done(state, task)],
            None => {
                state.say(state.t("msg.select_task").to_owned());
                Vec::new()
            }
        },
        Command::Open => open_deal_row(state, page),
        Command::NewQuote => vec![Effect::Write {
            change: Change::Quote(Box::new(crate::tui::quotes::QuoteChange::New {
                deal_id: deal.id,
            })),
            label: state.t("msg.quote_started").to_owned(),
            undoable: false,
        }],
        Command::LogActivity => {
            let links = ActivityLinks {
                person: deal.data.person_id,
                company: deal.data.company_id,
                deal: Some(deal.id),
            };
            log_activity(state, links);
            Vec::new()
        }
        Command::AddTask => {
            let links = TaskLinks {
                person: deal.data.person_id,
                company: deal.data.company_id,
                deal: Some(deal.id),
            };
            let form = task_form(None, links, &state.session.user, state.today);
            push_form(state, form);
            Vec::new()
        }
        Command::Edit => {
            edit_deal(state, deal);
            Vec::new()
        }
        Command::MoveDealNext => move_deal_by(state, deal, 1),
        Command::MoveDealPrev => move_deal_by(state, deal, -1),
        Command::WinDeal => super::closing::win(state, deal),
        Command::LoseDeal => super::closing::lose(state, deal),
        Command::Delete => {
            confirm_delete_deal(state, deal);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Enter on a deal page: open the quote, edit the task, read the
/// activity, or (with nothing selectable) open the deal's customer.
fn open_deal_row(state: &mut State, page: &DealPage) -> Vec<Effect> {
    use crate::tui::state::DealRow;
    match page.row() {
        Some(DealRow::Quote(i)) => page
            .quotes
            .get(i)
            .map(|q| vec![Effect::OpenPage(PageRef::Quote(q.id))])
            .unwrap_or_default(),
        Some(DealRow::Task(i)) => {
            if let Some(task) = page.tasks.get(i) {
                edit_task(state, task);
            }
            Vec::new()
        }
        Some(DealRow::Activity(i)) => {
            if let Some(activity) = page.activities.get(i) {
                state.overlays.push(Overlay::Activity(ActivityReader {
                    activity: Box::new(activity.clone()),
                    offset: 0,
                }));
            }
            Vec::new()
        }
        None => {
            let deal = &page.deal;
            deal.data
                .person_id
                .map(PageRef::Person)
                .or(deal.data.company_id.map(PageRef::Company))
                .map(|r| vec![Effect::OpenPage(r)])
                .unwrap_or_default()
        }
    }
}

/// Whether `e`/`D` on the customer page act on the selected row (a deal,
/// task or activity) rather than on the customer.
pub fn on_row(item: Option<PageItem>) -> bool {
    matches!(
        item,
        Some(PageItem::Deal(_) | PageItem::Task(_) | PageItem::Activity(_))
    )
}

fn edit_task(state: &mut State, task: &crate::model::Task) {
    let form = task_form(
        Some(task),
        TaskLinks::default(),
        &state.session.user,
        state.today,
    );
    push_form(state, form);
}

fn edit_activity(state: &mut State, activity: &crate::model::Activity) {
    let form = activity_edit_form(activity, state.session.offset);
    push_form(state, form);
}

fn confirm_delete_activity(state: &mut State, activity: &crate::model::Activity) {
    let question = state.session.locale.tf(
        "confirm.delete_activity",
        &[("subject", &activity.data.subject)],
    );
    state.overlays.push(Overlay::Confirm(Confirm {
        question,
        change: Change::Delete {
            entity: Entity::Activity,
            id: activity.id,
            version: Some(activity.version),
        },
        label: None,
    }));
}

/// Keys while an activity is read in full: scroll, edit, delete, close.
pub(super) fn reader_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Some(Overlay::Activity(reader)) = state.overlays.last() else {
        return Vec::new();
    };
    let activity = (*reader.activity).clone();
    let last = crate::tui::reader::max_offset(state, &activity);
    let page = crate::tui::reader::page_rows(state);
    let current = reader.offset.min(last);
    let offset = match command {
        Some(Command::Down) => (current + 1).min(last),
        Some(Command::Up) => current.saturating_sub(1),
        Some(Command::PageDown) => (current + page).min(last),
        Some(Command::PageUp) => current.saturating_sub(page),
        Some(Command::Top) => 0,
        Some(Command::Bottom) => last,
        Some(Command::Back | Command::Open) => {
            state.overlays.pop();
            return Vec::new();
        }
        Some(Command::Edit) => {
            state.overlays.pop();
            edit_activity(state, &activity);
            return Vec::new();
        }
        Some(Command::Delete) => {
            state.overlays.pop();
            confirm_delete_activity(state, &activity);
            return Vec::new();
        }
        _ => current,
    };
    if let Some(Overlay::Activity(reader)) = state.overlays.last_mut() {
        reader.offset = offset;
    }
    Vec::new()
}
