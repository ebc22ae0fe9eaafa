//! Keeping the screen current without a key press: changes other kariz
//! processes committed (the change feed) and midnight passing.

use crate::model::Entity;
use crate::tui::action::{Effect, Feed, SearchTarget};
use crate::tui::overlays::Overlay;
use crate::tui::state::{ContactRow, State, View};

/// Deals that changed on the board are reloaded one by one (the fast path
/// a move uses) up to this many; more reload the whole board.
const DEALS_ONE_BY_ONE: usize = 20;

/// Others changed records: mark open forms over them, re-run the search
/// and reload what is on screen.
pub(super) fn on_feed(state: &mut State, feed: &Feed) -> Vec<Effect> {
    if feed.is_empty() {
        return Vec::new();
    }
    mark_forms(state, feed);
    // A phone rang somewhere: load the call (its card shows if the call
    // is this user's, see update/caller.rs).
    let mut effects: Vec<Effect> = feed
        .changes
        .iter()
        .filter(|c| c.entity == Entity::Call && c.op == "create")
        .map(|c| Effect::LoadCall(c.entity_id))
        .collect();
    // A reminder or a rule's notice was delivered: this user's are shown
    // on the message line (and marked seen) without a key press.
    if feed
        .changes
        .iter()
        .any(|c| c.entity == Entity::Notification && c.op == "create")
    {
        effects.push(Effect::LoadNotifications);
    }
    // The report is recomputed once others' changes settle (the loop
    // sends `ReportDue`), not once per change.
    if state.view == View::Reports && feed.touches_reports() {
        state.reports.stale = true;
        state.reports.stale_changes += 1;
    }
    let search = &mut state.contacts.search;
    // Whenever text is in the box, answered or not: an answer on its way
    // may have been computed before the index took these changes in, and
    // nothing else would ask again (the search stayed at "found: 0").
    if feed.touches_search() && !search.input.is_empty() {
        let text = search.input.text();
        if !text.trim().is_empty() {
            search.seq += 1;
            search.rerun = Some(search.seq);
            effects.push(Effect::Search {
                seq: search.seq,
                text,
                target: SearchTarget::Contacts,
            });
        }
    }
    if !state.pages.is_empty() {
        // A page shows its record with deals, tasks and activities linked
        // in every direction: reloading it is a handful of reads.
        effects.push(Effect::ReloadPage);
        return effects;
    }
    match state.view {
        View::Today => effects.push(Effect::LoadToday),
        // Also under a search's results, so the list is current when the
        // search is cleared.
        View::Contacts => effects.push(Effect::ReloadContacts),
        View::Pipeline => {
            let board = board_effects(feed);
            // With a filter on, a changed deal may start or stop matching it.
            if !board.is_empty() && !state.pipeline.filter.applied.trim().is_empty() {
                effects.push(Effect::LoadPipeline);
            } else {
                effects.extend(board);
            }
        }
        View::Reports => {}
        View::Cases if feed.touches_cases() => effects.push(Effect::LoadCases),
        View::Cases => {}
    }
    effects
}

/// Only deals changed, and few: each is put in its column; anything else
/// (names on cards, imports) reloads the board.
fn board_effects(feed: &Feed) -> Vec<Effect> {
    let mut deals: Vec<i64> = Vec::new();
    for change in &feed.changes {
        match change.entity {
            Entity::Deal if change.op != "import" => push_once(&mut deals, change.entity_id),
            Entity::Person | Entity::Company if change.op != "create" => {
                return vec![Effect::LoadPipeline];
            }
            // Tasks, activities and new contacts do not show on cards.
            _ => {}
        }
    }
    if feed.everything || deals.len() > DEALS_ONE_BY_ONE {
        return vec![Effect::LoadPipeline];
    }
    deals.into_iter().map(Effect::RefreshDeal).collect()
}

fn push_once(ids: &mut Vec<i64>, id: i64) {
    if !ids.contains(&id) {
        ids.push(id);
    }
}

/// A form over a record someone else changed or deleted says so at once.
fn mark_forms(state: &mut State, feed: &Feed) {
    let locale = state.session.locale.clone();
    for overlay in &mut state.overlays {
        let Overlay::Form(form) = overlay else {
            continue;
        };
        let Some((id, _)) = form.target else {
            continue;
        };
        let entity = form.entity();
        let Some(change) = feed
            .changes
            .iter()
            .rev()
            .find(|c| c.entity == entity && c.entity_id == id && c.op != "import")
        else {
            continue;
        };
        let key = if change.op == "delete" {
            "form.deleted_elsewhere"
        } else {
            "form.changed_elsewhere"
        };
        form.notice = Some(locale.tf(key, &[("who", &change.actor)]));
    }
}

/// The contact rows reloaded in place keep the selected record where it
/// still exists, else the same position.
pub(super) fn keep_contact(state: &mut State, rows: Vec<ContactRow>) {
    let contacts = &mut state.contacts;
    if contacts.search.results.is_some() {
        // The selection belongs to the search results on screen.
        contacts.rows = rows;
        return;
    }
    let selected = contacts
        .rows
        .get(contacts.selected)
        .map(|r| (r.entity, r.id));
    contacts.rows = rows;
    contacts.selected = selected
        .and_then(|key| contacts.rows.iter().position(|r| (r.entity, r.id) == key))
        .unwrap_or(contacts.selected)
        .min(contacts.rows.len().saturating_sub(1));
}

/// A re-run search's answer keeps the selected record.
pub(super) fn keep_result(state: &mut State, before: Option<(Entity, i64)>) {
    let contacts = &mut state.contacts;
    let Some(results) = &contacts.search.results else {
        return;
    };
    contacts.selected = before
        .and_then(|key| results.iter().position(|r| (r.entity, r.id) == key))
        .unwrap_or(contacts.selected)
        .min(results.len().saturating_sub(1));
}

/// Midnight passed: everything that depends on today is reloaded (the
/// loop has already moved `state.today`).
pub(super) fn on_day_changed(state: &State) -> Vec<Effect> {
    super::refresh(state)
}

/// A minute passed: what shows SLA clocks (the Cases queue, a case page)
/// is loaded again, so time left counts down and a case crossing its
/// target turns breached and moves up the queue without a key press.
/// Nothing else on screen depends on the minute.
pub(super) fn on_minute_passed(state: &State) -> Vec<Effect> {
    match state.pages.last() {
        Some(crate::tui::state::Page::Case(_)) => vec![Effect::ReloadPage],
        Some(_) => Vec::new(),
        None if state.view == View::Cases => vec![Effect::LoadCases],
        None => Vec::new(),
    }
}

/// This user's notifications arrived: shown on the message line, newest
/// last, until the next message replaces them.
pub(super) fn on_notifications(state: &mut State, texts: Vec<String>) -> Vec<Effect> {
    state.message = Some(crate::tui::state::Message {
        text: texts.join(" · "),
        is_error: false,
    });
    Vec::new()
}
