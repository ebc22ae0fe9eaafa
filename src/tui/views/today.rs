//! The Today view: overdue, due today, next 7 days, birthdays, rotting deals.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{Cell, row, widths, window};
use crate::model::{Deal, Person, Task};
use crate::tui::state::{Due, State, TodayRow};

/// Draws the Today view into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let block = Block::bordered()
        .title(title(state))
        .border_style(theme.border())
        .title_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let view = &state.today_view;
    let height = usize::from(inner.height);
    let total = usize::from(inner.width);
    // marker, due, title, customer, and the owner when showing everyone's
    let w = if view.everyone {
        widths(total, &[1, 10], &[5, 3, 2])
    } else {
        widths(total, &[1, 10], &[5, 3])
    };
    let mut lines = Vec::new();
    // Keep the selection visible even before the first scroll.
    let offset = if view.selected >= view.offset + height {
        view.selected + 1 - height
    } else {
        view.offset
    };
    for i in window(offset, height, view.rows.len()) {
        let base = if i == view.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let line = match &view.rows[i] {
            TodayRow::Heading(key, count) => heading_line(state, key, *count, ""),
            TodayRow::HeadingAtLeast(key, count) => heading_line(state, key, *count, "+"),
            TodayRow::Task(task, due) => task_line(state, task, *due, &w, base),
            TodayRow::Birthday(person) => birthday_line(state, person, &w, base),
            TodayRow::Rotting(deal, days) => rotting_line(state, deal, *days, &w, base),
        };
        lines.push(line.style(base));
    }
    if view.rows.iter().all(|r| !r.selectable()) {
        lines.push(super::aligned(
            state,
            Line::styled(super::ui(state, state.t("today.nothing")), theme.muted()),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// " Today · date · mine/everyone's · marked N ".
fn title(state: &State) -> String {
    let mut title = format!(
        " {} · {} · {} ",
        state.t("view.today"),
        state.session.locale.date(state.today),
        state.t(if state.today_view.everyone {
            "today.everyone"
        } else {
            "today.mine"
        })
    );
    title.push_str(&super::marked_note(state, state.today_view.marked.len()));
    super::ui(state, &title)
}

/// A section heading with its count: "Overdue (3)".
fn heading_line<'a>(state: &State, key: &str, count: usize, more: &str) -> Line<'a> {
    let locale = &state.session.locale;
    super::aligned(
        state,
        Line::styled(
            super::ui(
                state,
                &format!("{} ({}{more})", state.t(key), locale.number(count as i64)),
            ),
            state.session.theme.heading(),
        ),
    )
}

/// A task: marker and due date coloured by how due it is, title, whom it
/// is for, and the owner when the view shows everyone's.
fn task_line<'a>(state: &State, task: &Task, due: Due, w: &[usize], base: Style) -> Line<'a> {
    let theme = &state.session.theme;
    let (marker, style) = match due {
        Due::Overdue => ("!", theme.danger()),
        Due::Today => ("•", theme.warning()),
        Due::Upcoming => (" ", theme.muted()),
    };
    let date = task
        .data
        .due_date
        .map(|d| state.session.locale.date(d))
        .unwrap_or_default();
    // ↻ marks a repeating task (`e` shows its rule).
    let title = if task.data.repeat.is_some() {
        format!("{} ↻", task.data.title)
    } else {
        task.data.title.clone()
    };
    let who = task
        .person
        .as_deref()
        .or(task.company.as_deref())
        .or(task.deal.as_deref())
        .unwrap_or("");
    let mut cells = vec![
        Cell {
            text: marker,
            width: w[0],
            style,
        },
        Cell {
            text: &date,
            width: w[1],
            style,
        },
        Cell {
            text: &title,
            width: w[2],
            style: if state.today_view.marked.contains(&task.id) {
                super::marked_style(state)
            } else {
                base
            },
        },
        Cell {
            text: who,
            width: w[3],
            style: theme.muted(),
        },
    ];
    if let Some(&width) = w.get(4) {
        cells.push(Cell {
            text: task
                .data
                .owner
                .as_deref()
                .map_or("", |o| state.session.person_name(o)),
            width,
            style: theme.muted(),
        });
    }
    row(state, &cells, base)
}

fn birthday_line<'a>(state: &State, person: &Person, w: &[usize], base: Style) -> Line<'a> {
    let theme = &state.session.theme;
    let company = person.company.as_deref().unwrap_or("");
    row(
        state,
        &[
            Cell {
                text: "*",
                width: w[0],
                style: theme.accent(),
            },
            Cell {
                text: state.t("today.birthday"),
                width: w[1],
                style: theme.accent(),
            },
            Cell {
                text: &person.data.name,
                width: w[2],
                style: base,
            },
            Cell {
                text: company,
                width: w[3],
                style: theme.muted(),
            },
        ],
        base,
    )
}

/// A rotting deal: "N days in STAGE" over the due and part of the title
/// column, then the title and the customer.
fn rotting_line<'a>(state: &State, deal: &Deal, days: i64, w: &[usize], base: Style) -> Line<'a> {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let stage =
        state
            .session
            .config
            .stage_label(&deal.data.pipeline, &deal.data.stage, locale.language);
    // A table cell laid out as one field (not a sentence drawn by `ui`), so
    // its values go in as they are.
    let days = locale.tf_sentence(
        "today.days_in",
        &[("days", &locale.number(days)), ("stage", stage)],
    );
    let who = deal
        .person
        .as_deref()
        .or(deal.company.as_deref())
        .unwrap_or("");
    row(
        state,
        &[
            Cell {
                text: "~",
                width: w[0],
                style: theme.danger(),
            },
            Cell {
                text: &days,
                width: w[1] + 1 + w[2] / 3,
                style: theme.danger(),
            },
            Cell {
                text: &deal.data.title,
                width: w[2].saturating_sub(w[2] / 3 + 1),
                style: base,
            },
            Cell {
                text: who,
                width: w[3],
                style: theme.muted(),
            },
        ],
        base,
    )
}
