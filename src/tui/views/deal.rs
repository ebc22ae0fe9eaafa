//! A deal page: its fields, stage history, open tasks and activities.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{Cell, activity_kind_width, label_width, row, user, widths};
use crate::tui::state::{DealPage, State};

/// Catalogue keys of the field labels, to size the label column.
const LABELS: [&str; 8] = [
    "field.stage",
    "field.value",
    "field.person",
    "field.company",
    "field.owner",
    "field.expected_close",
    "deal.lost_reason",
    "field.notes",
];

/// Draws a deal page into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, page: &DealPage) {
    let theme = &state.session.theme;
    let deal = &page.deal;
    let title = format!(
        " {} ",
        user(
            state,
            &deal.data.title,
            usize::from(area.width.saturating_sub(4))
        )
    );
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border())
        .title_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines = summary(state, page, width);
    let top = (lines.len() as u16).min(inner.height / 2 + 2);
    let [top_area, rest] =
        Layout::vertical([Constraint::Length(top), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), top_area);
    let list = tasks_and_timeline(state, page, width);
    // Scroll so the selected row stays on screen (a heading precedes the
    // quotes when there are any, one the tasks, another the activities).
    let (q, t) = (page.quotes.len(), page.tasks.len());
    let quote_rows = if q > 0 { q + 1 } else { 0 };
    let selected_line = if page.selected < q {
        1 + page.selected
    } else if page.selected < q + t {
        quote_rows + 1 + page.selected - q
    } else {
        quote_rows + 2 + page.selected - q
    };
    let height = usize::from(rest.height);
    let skip = selected_line.saturating_sub(height.saturating_sub(2));
    let visible: Vec<Line<'_>> = list.into_iter().skip(skip).take(height).collect();
    frame.render_widget(Paragraph::new(visible), rest);
}

/// The deal's fields and its last five stage moves.
fn summary<'a>(state: &State, page: &DealPage, width: usize) -> Vec<Line<'a>> {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let deal = &page.deal;
    // As wide as the longest label in this language, but never more than a
    // third of the page, so the values keep most of it.
    let label_w = label_width(state, &LABELS, width / 3);
    let value_w = width.saturating_sub(label_w + 1);
    let field = |label: &str, value: &str| {
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
                    style: Style::new(),
                },
            ],
            Style::new(),
        )
    };
    let mut lines = vec![
        field("field.stage", &stage_text(state, deal)),
        field(
            "field.value",
            &locale.money(deal.data.value_minor, &deal.data.currency),
        ),
        field("field.person", deal.person.as_deref().unwrap_or("—")),
        field("field.company", deal.company.as_deref().unwrap_or("—")),
        field(
            "field.owner",
            deal.data
                .owner
                .as_deref()
                .map_or("—", |o| state.session.person_name(o)),
        ),
    ];
    if let Some(close) = deal.data.expected_close {
        lines.push(field("field.expected_close", &locale.date(close)));
    }
    if let Some(reason) = &deal.data.lost_reason {
        let shown = state
            .session
            .config
            .pipeline(&deal.data.pipeline)
            .map_or(reason.as_str(), |p| {
                p.lost_reason_label(reason, locale.language)
            });
        lines.push(field("deal.lost_reason", shown));
    }
    if let Some(notes) = &deal.data.notes {
        lines.push(field("field.notes", notes));
    }
    lines.extend(history(state, page, width));
    lines
}

/// The deal's quotes, newest first (number, status, valid-until and
/// total), selectable above the tasks; nothing without quotes.
fn quotes<'a>(state: &State, page: &DealPage, width: usize) -> Vec<Line<'a>> {
    if page.quotes.is_empty() {
        return Vec::new();
    }
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let mut lines = vec![super::aligned(
        state,
        Line::styled(super::ui(state, state.t("deal.quotes")), theme.heading()),
    )];
    let w = widths(width, &[12], &[3, 3, 5]);
    for (i, q) in page.quotes.iter().enumerate() {
        let base = if i == page.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let number = locale.digits(&q.label());
        let status = crate::tui::quotes::status_label(&state.session, q.data.status);
        let valid = q.data.due_on.map(|d| locale.date(d)).unwrap_or_default();
        let total = locale.money(q.totals.total, &q.data.currency);
        let texts = [&number, &status, &valid, &total];
        let cells: Vec<Cell<'_>> = texts
            .iter()
            .enumerate()
            .map(|(c, text)| Cell {
                text,
                width: w.get(c).copied().unwrap_or(0),
                style: base,
            })
            .collect();
        lines.push(row(state, &cells, base).style(base));
    }
    lines
}

/// "sales / Proposal · 40% · 12 days in stage".
fn stage_text(state: &State, deal: &crate::model::Deal) -> String {
    let locale = &state.session.locale;
    let probability = deal.effective_probability(
        state
            .session
            .config
            .pipeline(&deal.data.pipeline)
            .and_then(|p| p.stage(&deal.data.stage))
            .map(|s| s.probability),
    );
    let days = locale.number(deal.days_in_stage(state.now));
    let pipeline = state.session.config.pipeline(&deal.data.pipeline);
    format!(
        "{} / {} · {}% · {} {}",
        pipeline.map_or(deal.data.pipeline.as_str(), |p| p
            .display_name(locale.language)),
        state
            .session
            .config
            .stage_label(&deal.data.pipeline, &deal.data.stage, locale.language),
        locale.number(i64::from(probability)),
        days,
        state.t("deal.days_in_stage")
    )
}

/// The stage history heading and the last five moves, newest first.
fn history<'a>(state: &State, page: &DealPage, width: usize) -> Vec<Line<'a>> {
    let locale = &state.session.locale;
    let mut lines = Vec::new();
    let history: Vec<String> = page
        .history
        .iter()
        .map(|m| {
            let when = locale.date(m.at.with_timezone(&state.session.offset).date_naive());
            let stage = state.session.config.stage_label(
                &page.deal.data.pipeline,
                &m.to_stage,
                locale.language,
            );
            // The arrow points the way the line reads (← in Persian and
            // Arabic): arrows are not mirrored by the bidi algorithm.
            locale.tf(
                "deal.history_move",
                &[
                    ("when", &when),
                    ("stage", stage),
                    ("actor", state.session.person_name(&m.actor)),
                ],
            )
        })
        .collect();
    lines.push(super::aligned(
        state,
        Line::styled(
            super::ui(state, state.t("deal.history")),
            state.session.theme.heading(),
        ),
    ));
    for h in history.iter().rev().take(5) {
        lines.push(super::aligned(
            state,
            Line::raw(super::ui_fit(state, h, width)),
        ));
    }
    lines
}

/// The open tasks, then the timeline; both selectable, in that order.
fn tasks_and_timeline<'a>(state: &State, page: &DealPage, width: usize) -> Vec<Line<'a>> {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let w = widths(width, &[12], &[6, 3]);
    let kind_w = activity_kind_width(state, w[1] / 3);
    let q = page.quotes.len();
    let mut list = quotes(state, page, width);
    list.push(super::aligned(
        state,
        Line::styled(super::ui(state, state.t("customer.tasks")), theme.heading()),
    ));
    for (i, t) in page.tasks.iter().enumerate() {
        let base = if q + i == page.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let due = t.data.due_date.map(|d| locale.date(d)).unwrap_or_default();
        list.push(
            row(
                state,
                &[
                    Cell {
                        text: &due,
                        width: w[0],
                        style: theme.warning(),
                    },
                    Cell {
                        text: &t.data.title,
                        width: w[1],
                        style: base,
                    },
                    Cell {
                        text: t
                            .data
                            .owner
                            .as_deref()
                            .map_or("", |o| state.session.person_name(o)),
                        width: w[2],
                        style: theme.muted(),
                    },
                ],
                base,
            )
            .style(base),
        );
    }
    list.push(super::aligned(
        state,
        Line::styled(
            super::ui(state, state.t("customer.timeline")),
            theme.heading(),
        ),
    ));
    let text_w = w[1].saturating_sub(kind_w + 1);
    // Activities are selectable after the tasks (Enter reads one in full).
    for (i, a) in page.activities.iter().enumerate() {
        let base = if q + page.tasks.len() + i == page.selected {
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
