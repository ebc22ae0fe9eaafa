//! The Cases view (the support queue, most urgent first) and a case page
//! (the case, its customer's phones, its SLA clocks and timeline).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{Cell, activity_kind_width, label_width, row, user, widths, window};
use crate::desk::QueueItem;
use crate::sla::{Clock, SlaState};
use crate::tui::cases::{
    CaseView, category_label, channel_label, priority_label, shown_clock, sla_key, status_label,
    time_left,
};
use crate::tui::state::State;
use crate::vocab::CasePriority;

/// Catalogue keys of the case page's labels, to size the label column.
const LABELS: [&str; 10] = [
    "field.customer",
    "field.phones",
    "field.priority",
    "field.status",
    "field.channel",
    "field.category",
    "field.assignee",
    "case.first_response",
    "case.resolution",
    "case.satisfaction",
];

/// The queue's title: scope, count, breached count and status filter.
fn title(state: &State) -> String {
    let cases = &state.cases;
    let locale = &state.session.locale;
    let mut text = locale.tf(
        "cases.title",
        &[
            ("scope", state.t(cases.scope.key())),
            ("count", &locale.number(cases.rows.len() as i64)),
            ("breached", &locale.number(cases.breached() as i64)),
        ],
    );
    if let Some(status) = &cases.status {
        text.push_str(" · ");
        text.push_str(&status_label(&state.session, status));
    }
    format!(" {} ", super::ui(state, &text))
}

/// Draws the Cases view into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let mut block = Block::bordered()
        .title(title(state))
        .border_style(theme.border())
        .title_style(theme.accent());
    if state.session.locale.is_rtl() {
        block = block.title_alignment(ratatui::layout::Alignment::Right);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cases = &state.cases;
    if cases.rows.is_empty() {
        let line = super::aligned(
            state,
            Line::styled(super::ui(state, state.t("cases.empty")), theme.muted()),
        );
        frame.render_widget(Paragraph::new(line), inner);
        return;
    }
    let w = columns(state, usize::from(inner.width));
    let mut lines = vec![header(state, &w)];
    let height = usize::from(inner.height).saturating_sub(1);
    for i in window(cases.offset, height, cases.rows.len()) {
        if let Some(item) = cases.rows.get(i) {
            lines.push(queue_row(state, item, &w, i == cases.selected));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Widths: number, priority, status, SLA, assignee, subject, customer.
fn columns(state: &State, width: usize) -> Vec<usize> {
    let session = &state.session;
    let text_w = |t: &str| crate::text::display::width(t);
    let priority = CasePriority::ALL
        .iter()
        .map(|p| text_w(&priority_label(session, *p)))
        .chain([text_w(state.t("field.priority"))])
        .max()
        .unwrap_or(6)
        .min(9);
    let status = session
        .config
        .support
        .statuses
        .iter()
        .map(|s| text_w(&status_label(session, &s.name)))
        .max()
        .unwrap_or(8)
        .min(12);
    widths(width, &[9, priority, status, 7, 9], &[3, 2])
}

fn header<'a>(state: &State, w: &[usize]) -> Line<'a> {
    let keys = [
        "cases.number",
        "field.priority",
        "field.status",
        "cases.sla",
        "field.assignee",
        "field.subject",
        "field.customer",
    ];
    let cells: Vec<Cell<'_>> = keys
        .iter()
        .zip(w)
        .map(|(key, width)| Cell {
            text: state.t(key),
            width: *width,
            style: state.session.theme.heading(),
        })
        .collect();
    row(state, &cells, Style::new())
}

/// The SLA cell: time left on the clock that matters, marked `!` when
/// breached; its style by where the clock stands.
fn sla_cell(state: &State, clock: &Clock) -> (String, Style) {
    let theme = &state.session.theme;
    if !clock.is_open() {
        return (state.t("sla.met").to_owned(), theme.muted());
    }
    if clock.paused {
        return (state.t("sla.paused").to_owned(), theme.muted());
    }
    let time = time_left(&state.session, clock.left_seconds);
    match clock.state {
        SlaState::Breached => (format!("!{time}"), theme.danger()),
        SlaState::AtRisk => (time, theme.warning()),
        _ => (time, Style::new()),
    }
}

fn queue_row<'a>(state: &State, item: &QueueItem, w: &[usize], selected: bool) -> Line<'a> {
    let theme = &state.session.theme;
    let session = &state.session;
    let case = &item.case;
    let base = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    let number = session.locale.digits(&case.number.to_string());
    let priority = priority_label(session, case.data.priority);
    let priority_style = match case.data.priority {
        CasePriority::Urgent => theme.danger(),
        CasePriority::High => theme.warning(),
        _ => base,
    };
    let status = status_label(session, &case.data.status);
    let (sla, sla_style) = sla_cell(state, shown_clock(&item.sla));
    let assignee = case
        .data
        .assignee
        .as_deref()
        .map_or("—", |a| session.person_name(a));
    let customer = case
        .person
        .as_deref()
        .or(case.company.as_deref())
        .unwrap_or("—");
    let texts: [(&str, Style); 7] = [
        (&number, theme.muted()),
        (&priority, priority_style),
        (&status, base),
        (&sla, sla_style),
        (assignee, theme.muted()),
        (&case.data.subject, base),
        (customer, theme.muted()),
    ];
    let cells: Vec<Cell<'_>> = texts
        .iter()
        .zip(w)
        .map(|((text, style), width)| Cell {
            text,
            width: *width,
            style: if selected { base } else { *style },
        })
        .collect();
    row(state, &cells, base).style(base)
}

/// Draws a case page into `area`.
pub fn draw_page(frame: &mut Frame<'_>, area: Rect, state: &State, view: &CaseView) {
    let theme = &state.session.theme;
    let case = &view.page.case;
    let heading = format!(
        "{} · {}",
        state.session.locale.digits(&case.number.to_string()),
        case.data.subject
    );
    let mut block = Block::bordered()
        .title(format!(
            " {} ",
            user(state, &heading, usize::from(area.width.saturating_sub(4)))
        ))
        .border_style(theme.border())
        .title_style(theme.accent());
    if state.session.locale.is_rtl() {
        block = block.title_alignment(ratatui::layout::Alignment::Right);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines = summary(state, view, width);
    let top = (lines.len() as u16).min(inner.height / 2 + 3);
    let [top_area, rest] =
        Layout::vertical([Constraint::Length(top), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), top_area);
    let list = timeline(state, view, width);
    let height = usize::from(rest.height);
    let skip = (view.selected + 1).saturating_sub(height.saturating_sub(1));
    let visible: Vec<Line<'_>> = list.into_iter().skip(skip).take(height).collect();
    frame.render_widget(Paragraph::new(visible), rest);
}

/// A clock as a sentence: where it stands, when it is due (or was done)
/// and the business time left.
fn clock_text(state: &State, clock: &Clock) -> String {
    let locale = &state.session.locale;
    let offset = state.session.offset;
    let mut parts = vec![state.t(sla_key(clock)).to_owned()];
    match (clock.done_at, clock.due_at) {
        (Some(done), _) => parts.push(locale.date_time(done.with_timezone(&offset))),
        (None, Some(due)) => {
            // kariz's own date, not user text: inserted as it is.
            parts.push(locale.tf_sentence(
                "case.due",
                &[("when", &locale.date_time(due.with_timezone(&offset)))],
            ));
            parts.push(time_left(&state.session, clock.left_seconds));
        }
        (None, None) => parts.push(time_left(&state.session, clock.left_seconds)),
    }
    parts.join(" · ")
}

/// The case's fields and clocks, label beside value.
fn summary<'a>(state: &State, view: &CaseView, width: usize) -> Vec<Line<'a>> {
    let theme = &state.session.theme;
    let label_w = label_width(state, &LABELS, width / 3);
    let value_w = width.saturating_sub(label_w + 1);
    let mut rows = main_rows(state, view);
    rows.extend(extra_rows(state, view));
    rows.iter()
        .map(|(label, value, style)| {
            row(
                state,
                &[
                    Cell {
                        text: state.t(label),
                        width: label_w,
                        style: theme.muted(),
                    },
                    Cell {
                        text: value,
                        width: value_w,
                        style: *style,
                    },
                ],
                Style::new(),
            )
        })
        .collect()
}

/// A label's catalogue key, the value shown beside it, and its style.
type SummaryRow = (&'static str, String, Style);

/// Customer, phones, priority and channel, status, assignee, clocks.
fn main_rows(state: &State, view: &CaseView) -> Vec<SummaryRow> {
    let theme = &state.session.theme;
    let session = &state.session;
    let case = &view.page.case;
    let sla = &view.page.sla;
    let customer = [case.person.as_deref(), case.company.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let phones = view
        .phones
        .iter()
        .map(|p| p.value.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let clock_style = |c: &Clock| match (c.is_open(), c.state) {
        (true, SlaState::Breached) => theme.danger(),
        (true, SlaState::AtRisk) => theme.warning(),
        _ => Style::new(),
    };
    let assignee = case
        .data
        .assignee
        .as_deref()
        .map_or("—", |a| session.person_name(a));
    let priority = format!(
        "{} · {}",
        priority_label(session, case.data.priority),
        channel_label(session, case.data.channel)
    );
    let or_dash = |t: String| if t.is_empty() { "—".to_owned() } else { t };
    vec![
        ("field.customer", or_dash(customer), theme.accent()),
        ("field.phones", or_dash(phones), Style::new()),
        ("field.priority", priority, Style::new()),
        (
            "field.status",
            status_label(session, &case.data.status),
            Style::new(),
        ),
        ("field.assignee", assignee.to_owned(), Style::new()),
        (
            "case.first_response",
            clock_text(state, &sla.first_response),
            clock_style(&sla.first_response),
        ),
        (
            "case.resolution",
            clock_text(state, &sla.resolution),
            clock_style(&sla.resolution),
        ),
    ]
}

/// Description, category and satisfaction, when the case has them.
fn extra_rows(state: &State, view: &CaseView) -> Vec<SummaryRow> {
    let session = &state.session;
    let case = &view.page.case;
    let mut rows = Vec::new();
    if let Some(description) = &case.data.description {
        rows.push(("field.description", description.clone(), Style::new()));
    }
    if let Some(category) = &case.data.category {
        let shown = category_label(&session.config, session, category);
        rows.push(("field.category", shown, Style::new()));
    }
    if let Some(score) = case.data.satisfaction {
        let mut text = session.locale.tf_sentence(
            "case.score",
            &[("score", &session.locale.number(i64::from(score)))],
        );
        if let Some(comment) = &case.data.satisfaction_comment {
            text = format!("{text} · {comment}");
        }
        rows.push(("case.satisfaction", text, Style::new()));
    }
    rows
}

/// The case's description, then its timeline (selectable; Enter reads).
fn timeline<'a>(state: &State, view: &CaseView, width: usize) -> Vec<Line<'a>> {
    let theme = &state.session.theme;
    let mut list = vec![super::aligned(
        state,
        Line::styled(
            super::ui(state, state.t("customer.timeline")),
            theme.heading(),
        ),
    )];
    if view.page.timeline.is_empty() {
        list.push(super::aligned(
            state,
            Line::styled(
                super::ui_fit(state, state.t("case.no_timeline"), width),
                theme.muted(),
            ),
        ));
    }
    let w = widths(width, &[12], &[6, 2]);
    let kind_w = activity_kind_width(state, w[1] / 3);
    let text_w = w[1].saturating_sub(kind_w + 1);
    for (i, a) in view.page.timeline.iter().enumerate() {
        let base = if i == view.selected {
            theme.selected()
        } else {
            Style::new()
        };
        list.push(
            super::activity_row(
                state,
                a,
                &a.data.subject,
                [w[0], kind_w, text_w, w[2]],
                base,
            )
            .style(base),
        );
    }
    list
}
