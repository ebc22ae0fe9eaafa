//! The caller's page drawn over everything when the phone rings: who is
//! calling (name, company, phones), their open deals, open cases and last
//! activities, or an offer to add an unknown number as a new person.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::overlay::{boxed, centred};
use super::{aligned, ui_fit};
use crate::config::Named;
use crate::model::CallKind;
use crate::tui::caller::{CallerCard, CallerEntry};
use crate::tui::state::State;

/// Rows per list on the card (it must fit 80x24 with everything else).
const DEALS: usize = 3;
const CASES: usize = 3;
const ACTIVITIES: usize = 4;

/// Draws the card centred over the screen.
pub fn draw(frame: &mut Frame<'_>, state: &State, card: &CallerCard) {
    let theme = &state.session.theme;
    let area = frame.area();
    let width = area.width.min(76);
    let w = usize::from(width.saturating_sub(2));
    let mut body: Vec<Line<'static>> = match card.current() {
        Some(entry) => entry_lines(state, entry, w),
        None => vec![Line::styled(
            ui_fit(
                state,
                &state
                    .session
                    .locale
                    .tf("call.unknown", &[("number", &card.call.data.number)]),
                w,
            ),
            theme.heading(),
        )],
    };
    let mut footer = vec![Line::raw("")];
    if card.matches > 1 {
        let count = state.session.locale.digits(&card.matches.to_string());
        footer.push(Line::styled(
            ui_fit(
                state,
                &format!(
                    "{} ({}/{})",
                    state
                        .session
                        .locale
                        .tf("call.matches", &[("count", &count)]),
                    state
                        .session
                        .locale
                        .digits(&(card.selected + 1).to_string()),
                    state.session.locale.digits(&card.entries.len().to_string()),
                ),
                w,
            ),
            theme.muted(),
        ));
    }
    let hint = if card.entries.is_empty() {
        "call.new_person_hint"
    } else if card.entries.len() > 1 {
        "call.hint_many"
    } else {
        "call.hint"
    };
    footer.push(Line::styled(ui_fit(state, state.t(hint), w), theme.muted()));
    // The keys stay on screen: the body gives way on a short terminal.
    let room = usize::from(area.height.saturating_sub(2)).saturating_sub(footer.len());
    body.truncate(room);
    let lines: Vec<Line<'static>> = body
        .into_iter()
        .chain(footer)
        .map(|l| aligned(state, l))
        .collect();
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centred(area, width, height);
    let title = match card.call.data.kind {
        CallKind::Incoming => state.t("call.title_incoming"),
        CallKind::Missed => state.t("call.title_missed"),
    };
    let inner = boxed(
        frame,
        state,
        rect,
        &format!("{title} · {}", card.call.data.number),
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

fn entry_lines(state: &State, entry: &CallerEntry, w: usize) -> Vec<Line<'static>> {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let line = |text: String| Line::raw(ui_fit(state, &text, w));
    let heading = |key: &str| Line::styled(ui_fit(state, state.t(key), w), theme.heading());
    let none = || line(format!("  {}", state.t("call.none")));
    let mut lines = vec![Line::styled(
        ui_fit(state, &entry.caller.name, w),
        theme.accent(),
    )];
    if let Some(company) = &entry.caller.company {
        lines.push(line(format!("{}: {company}", state.t("call.company"))));
    }
    let phones: Vec<String> = entry
        .phones
        .iter()
        .map(|p| {
            if p.label.is_empty() {
                p.value.clone()
            } else {
                format!("{}: {}", p.label, p.value)
            }
        })
        .collect();
    lines.push(line(format!(
        "{}: {}",
        state.t("call.phones"),
        phones.join(" · ")
    )));
    lines.push(heading("call.open_deals"));
    if entry.deals.is_empty() {
        lines.push(none());
    }
    for d in entry.deals.iter().take(DEALS) {
        lines.push(line(format!(
            "  {} · {} · {}",
            d.data.title,
            locale.named(
                &state.session.config,
                Named::Stage(Some(&d.data.pipeline)),
                &d.data.stage
            ),
            locale.money(d.data.value_minor, &d.data.currency)
        )));
    }
    lines.push(heading("call.open_cases"));
    if entry.cases.is_empty() {
        lines.push(none());
    }
    for c in entry.cases.iter().take(CASES) {
        lines.push(line(format!(
            "  {} · {} · {}",
            c.number,
            c.subject,
            crate::tui::cases::status_label(&state.session, &c.status)
        )));
    }
    lines.push(heading("call.last_activities"));
    if entry.activities.is_empty() {
        lines.push(none());
    }
    for a in entry.activities.iter().take(ACTIVITIES) {
        let when = locale.date(
            a.data
                .occurred_at
                .with_timezone(&state.session.offset)
                .date_naive(),
        );
        lines.push(line(format!(
            "  {when} · {} · {}",
            super::activity_kind(state, a.data.kind),
            a.data.subject
        )));
    }
    lines
}
