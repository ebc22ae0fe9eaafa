//! Keys of the Reports view: report, period, owner and pipeline; moving
//! in the table; Enter lists the deals behind a row, and opens a deal.

use crate::keys::Command;
use crate::reports::table::Cell;
use crate::reports::{Period, Span};
use crate::tui::action::Effect;
use crate::tui::reports::{Drill, Loaded, ReportQuery};
use crate::tui::state::{PageRef, State};

/// What the view would compute now (the period defaults to the span
/// holding today, in the configured calendar).
pub fn query(state: &State) -> ReportQuery {
    let r = &state.reports;
    ReportQuery {
        kind: r.kind,
        period: r.period.unwrap_or_else(|| {
            Period::span_of(state.today, r.span, state.session.config.display.calendar)
        }),
        owner: r.owner.clone(),
        pipeline: r.pipeline.clone(),
    }
}

/// Recomputes the report for the current choices.
pub fn load(state: &State) -> Vec<Effect> {
    vec![Effect::LoadReport(query(state))]
}

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    if state.reports.drill.is_some() {
        return on_drill(state, command);
    }
    let calendar = state.session.config.display.calendar;
    let rows = state.reports.rows();
    let page = state.list_height() as isize;
    let rtl = state.session.locale.is_rtl();
    let me = state.session.me().to_string();
    let r = &mut state.reports;
    let current = query_period(r.period, r.span, state.today, calendar);
    match command {
        Command::Up => r.selected = super::step(r.selected, -1, rows),
        Command::Down => r.selected = super::step(r.selected, 1, rows),
        Command::PageUp => r.selected = super::step(r.selected, -page, rows),
        Command::PageDown => r.selected = super::step(r.selected, page, rows),
        Command::Top => r.selected = 0,
        Command::Bottom => r.selected = rows.saturating_sub(1),
        // The report tabs are drawn right to left in a right-to-left
        // interface: the keys follow the screen.
        Command::Left | Command::Right => {
            let forward = (command == Command::Right) != rtl;
            r.kind = r.kind.step(if forward { 1 } else { -1 });
            r.selected = 0;
            return load(state);
        }
        Command::PrevPeriod | Command::NextPeriod => {
            r.period = Some(current.step(r.span, calendar, command == Command::NextPeriod));
            return load(state);
        }
        Command::PeriodSpan => {
            r.span = r.span.next();
            r.period = Some(respan(current, r.span, state.today, calendar));
            return load(state);
        }
        Command::FilterOwner => {
            let owners = owner_cycle(state);
            let r = &mut state.reports;
            let i = owners.iter().position(|o| *o == r.owner).unwrap_or(0);
            r.owner = owners.get(i + 1).cloned().unwrap_or(None);
            return load(state);
        }
        Command::ToggleMine => {
            r.owner = match r.owner {
                Some(_) => None,
                None => Some(me),
            };
            return load(state);
        }
        Command::NextPipeline => {
            next_pipeline(state);
            return load(state);
        }
        Command::ClearFilters => {
            r.owner = None;
            r.pipeline = None;
            return load(state);
        }
        Command::Open => return drill(state),
        _ => {}
    }
    Vec::new()
}

fn query_period(
    period: Option<Period>,
    span: Span,
    today: chrono::NaiveDate,
    calendar: crate::config::Calendar,
) -> Period {
    period.unwrap_or_else(|| Period::span_of(today, span, calendar))
}

/// The period of the new `span` around today when `current` holds today,
/// else around its first day.
fn respan(
    current: Period,
    span: Span,
    today: chrono::NaiveDate,
    calendar: crate::config::Calendar,
) -> Period {
    let day = if current.contains(today) {
        today
    } else {
        current.from
    };
    Period::span_of(day, span, calendar)
}

/// All pipelines, then each of the config's in turn.
fn next_pipeline(state: &mut State) {
    let mut names: Vec<Option<String>> = vec![None];
    names.extend(
        state
            .session
            .config
            .pipelines
            .iter()
            .map(|p| Some(p.name.clone())),
    );
    let r = &mut state.reports;
    let i = names.iter().position(|p| *p == r.pipeline).unwrap_or(0);
    r.pipeline = names.get(i + 1).cloned().unwrap_or(None);
}

/// Everyone, me, then each colleague on the team list (by login).
fn owner_cycle(state: &State) -> Vec<Option<String>> {
    let me = state.session.me().to_string();
    let mut owners = vec![None, Some(me.clone())];
    owners.extend(
        state
            .session
            .team
            .iter()
            .filter(|u| u.login != me)
            .map(|u| Some(u.login.clone())),
    );
    owners
}

/// Enter on a row: list the deals behind it.
fn drill(state: &mut State) -> Vec<Effect> {
    let Some(loaded) = &state.reports.loaded else {
        return Vec::new();
    };
    match row_deals(loaded, state.reports.selected) {
        Some((label, ids)) if !ids.is_empty() => vec![Effect::LoadReportDeals { label, ids }],
        _ => {
            state.say(state.t("reports.no_deals").to_owned());
            Vec::new()
        }
    }
}

/// The label (first cell) and deals of row `i`.
pub(super) fn row_deals(loaded: &Loaded, i: usize) -> Option<(String, Vec<i64>)> {
    let row = loaded.table.rows.get(i)?;
    let label = match row.cells.first() {
        Some(Cell::Text(t)) => t.clone(),
        _ => String::new(),
    };
    Some((label, row.deals.clone()))
}

/// Keys while the deals behind a row are listed.
fn on_drill(state: &mut State, command: Command) -> Vec<Effect> {
    let page = state.list_height() as isize;
    let Some(drill) = state.reports.drill.as_mut() else {
        return Vec::new();
    };
    let n = drill.deals.len();
    match command {
        Command::Up => drill.selected = super::step(drill.selected, -1, n),
        Command::Down => drill.selected = super::step(drill.selected, 1, n),
        Command::PageUp => drill.selected = super::step(drill.selected, -page, n),
        Command::PageDown => drill.selected = super::step(drill.selected, page, n),
        Command::Top => drill.selected = 0,
        Command::Bottom => drill.selected = n.saturating_sub(1),
        Command::Back => state.reports.drill = None,
        Command::Open => {
            if let Some(deal) = drill.deals.get(drill.selected) {
                return vec![Effect::OpenPage(PageRef::Deal(deal.id))];
            }
        }
        // Changing the report or its filters closes the list.
        Command::Left
        | Command::Right
        | Command::PrevPeriod
        | Command::NextPeriod
        | Command::PeriodSpan
        | Command::FilterOwner
        | Command::ToggleMine
        | Command::NextPipeline
        | Command::ClearFilters => {
            state.reports.drill = None;
            return on_command(state, command);
        }
        _ => {}
    }
    Vec::new()
}

/// A report came back: show it; a listed row's deals follow it.
pub(super) fn loaded(state: &mut State, loaded: Loaded) -> Vec<Effect> {
    let r = &mut state.reports;
    r.stale = false;
    r.period = Some(loaded.query.period);
    r.selected = r.selected.min(loaded.table.rows.len().saturating_sub(1));
    let again = r
        .drill
        .as_ref()
        .and_then(|_| row_deals(&loaded, r.selected));
    r.loaded = Some(loaded);
    match again {
        Some((label, ids)) => vec![Effect::LoadReportDeals { label, ids }],
        None => Vec::new(),
    }
}

/// The deals behind a row came back: a reload keeps the selected deal.
pub(super) fn deals_loaded(state: &mut State, mut drill: Drill) {
    if let Some(old) = &state.reports.drill
        && let Some(id) = old.deals.get(old.selected).map(|d| d.id)
    {
        drill.selected = drill
            .deals
            .iter()
            .position(|d| d.id == id)
            .unwrap_or(old.selected)
            .min(drill.deals.len().saturating_sub(1));
    }
    state.reports.drill = Some(drill);
}

/// Others' changes settled: recompute the report when it is on screen.
pub(super) fn due(state: &mut State) -> Vec<Effect> {
    if !state.reports.stale
        || state.view != crate::tui::state::View::Reports
        || !state.pages.is_empty()
    {
        return Vec::new();
    }
    state.reports.stale = false;
    load(state)
}
