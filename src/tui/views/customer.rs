//! The single customer view: fields, company and its people, deals, open
//! tasks and the timeline, newest first. One selectable list below the
//! fields (beside them on a wide terminal).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{Cell, activity_kind_width, label_width, row, user, widths};
use crate::model::contact::ContactPoint;
use crate::model::{Deal, Person, Task};
use crate::tui::state::{CustomerPage, PageItem, State};

/// Draws a customer page into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, page: &CustomerPage) {
    let theme = &state.session.theme;
    let name = match (&page.person, &page.company) {
        (Some(p), _) => p.data.name.as_str(),
        (None, Some(c)) => c.data.name.as_str(),
        (None, None) => "",
    };
    let title = format!(
        " {} ",
        user(state, name, usize::from(area.width.saturating_sub(4)))
    );
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border())
        .title_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let fields = field_lines(state, page, usize::from(inner.width));
    let wide = inner.width >= 120;
    let (field_area, list_area) = if wide {
        let [a, b] = Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
            .areas(inner);
        (a, b)
    } else {
        let rows = (fields.len() as u16).min(inner.height / 2);
        let [a, b] = Layout::vertical([Constraint::Length(rows), Constraint::Min(1)]).areas(inner);
        (a, b)
    };
    let fields = if wide {
        // One cell apart from the list beside them.
        field_lines(state, page, usize::from(field_area.width.saturating_sub(1)))
    } else {
        fields
    };
    frame.render_widget(Paragraph::new(fields), field_area);
    items(frame, list_area, state, page);
}

/// Catalogue keys of the field labels, to size the label column.
const LABELS: [&str; 12] = [
    "field.title",
    "field.address",
    "field.lead_source",
    "field.company",
    "field.phones",
    "field.emails",
    "field.birthday",
    "field.owner",
    "field.tags",
    "field.notes",
    "field.domain",
    "field.industry",
];

fn label_value<'a>(state: &State, label: &str, value: &str, width: usize) -> Line<'a> {
    row(
        state,
        &label_cells(state, label, value, width),
        Style::new(),
    )
}

/// Like [`label_value`] for a value that is kariz's own sentence with
/// values inserted by `tf` (a receivables line).
fn label_sentence<'a>(state: &State, label: &str, value: &str, width: usize) -> Line<'a> {
    super::ui_row(
        state,
        &label_cells(state, label, value, width),
        Style::new(),
    )
}

fn label_cells<'t>(
    state: &'t State,
    label: &'t str,
    value: &'t str,
    width: usize,
) -> [Cell<'t>; 2] {
    let label_w = label_width(state, &LABELS, width / 3);
    [
        Cell {
            text: state.t(label),
            width: label_w,
            style: state.session.theme.muted(),
        },
        Cell {
            text: value,
            width: width.saturating_sub(label_w + 1),
            style: Style::new(),
        },
    ]
}

/// Phones or e-mails with their labels in the interface language.
fn points(state: &State, list: &[ContactPoint]) -> String {
    let locale = &state.session.locale;
    list.iter()
        .map(|p| format!("{} ({})", p.value, locale.contact_label(&p.label)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn field_lines<'a>(state: &State, page: &CustomerPage, width: usize) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut add = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            lines.push(label_value(state, label, &v, width));
        }
    };
    if let Some(p) = &page.person {
        add("field.title", p.data.title.clone());
        add("field.company", p.company.clone());
        add("field.phones", Some(points(state, &p.data.phones)));
        add("field.emails", Some(points(state, &p.data.emails)));
        add(
            "field.birthday",
            p.data.birthday.map(|d| state.session.locale.date(d)),
        );
        add("field.address", p.data.address.clone());
        add("field.lead_source", p.data.lead_source.clone());
        add("field.owner", owner_name(state, p.data.owner.as_deref()));
        add("field.tags", Some(p.data.tags.join(", ")));
        add("field.notes", p.data.notes.clone());
    } else if let Some(c) = &page.company {
        add("field.domain", c.data.domain.clone());
        add("field.industry", c.data.industry.clone());
        add("field.phones", Some(points(state, &c.data.phones)));
        add("field.emails", Some(points(state, &c.data.emails)));
        add("field.owner", owner_name(state, c.data.owner.as_deref()));
        add("field.tags", Some(c.data.tags.join(", ")));
        add("field.notes", c.data.notes.clone());
    }
    for (r, overdue) in &page.receivables {
        let locale = &state.session.locale;
        let mut text = locale.tf(
            "customer.receivable",
            &[
                ("invoiced", &locale.money(r.invoiced, &r.currency)),
                ("paid", &locale.money(r.paid, &r.currency)),
                ("owed", &locale.money(r.outstanding, &r.currency)),
            ],
        );
        // Overdue first: the line may be cut at the column's width.
        if *overdue {
            text = format!("{} · {text}", state.t("customer.overdue"));
        }
        lines.push(label_sentence(state, "field.receivables", &text, width));
    }
    if let Some((id, name, reason)) = page.duplicates.first() {
        let hint = state.session.locale.tf(
            "customer.duplicate_hint",
            &[("name", name), ("id", &id.to_string()), ("reason", reason)],
        );
        lines.push(Line::styled(
            super::ui_fit(state, &hint, width),
            state.session.theme.warning(),
        ));
    }
    lines
}

fn items(frame: &mut Frame<'_>, area: Rect, state: &State, page: &CustomerPage) {
    let theme = &state.session.theme;
    let width = usize::from(area.width);
    let height = usize::from(area.height);
    let w = widths(width, &[12], &[5, 3]);
    let kind_w = activity_kind_width(state, w[1] / 3);
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut selected_line = 0;
    let mut last_section = "";
    for (i, item) in page.items.iter().enumerate() {
        let section = section_of(page, item);
        if section != last_section {
            lines.push(super::aligned(
                state,
                Line::styled(super::ui(state, state.t(section)), theme.heading()),
            ));
            last_section = section;
        }
        let base = if i == page.selected {
            theme.selected()
        } else {
            Style::new()
        };
        if i == page.selected {
            selected_line = lines.len();
        }
        let line = match item {
            PageItem::Company => company_line(state, page, &w, base),
            PageItem::Person(j) => person_line(state, &page.people[*j], &w, base),
            PageItem::Deal(j) => deal_line(state, &page.deals[*j], &w, base),
            PageItem::Task(j) => task_line(state, &page.tasks[*j], &w, base),
            PageItem::Activity(j) => {
                let a = &page.activities[*j];
                let text = match &a.data.body {
                    Some(body) if !body.is_empty() => {
                        format!("{} — {body}", a.data.subject)
                    }
                    _ => a.data.subject.clone(),
                };
                let text_w = w[1].saturating_sub(kind_w + 1);
                super::activity_row(state, a, &text, [w[0], kind_w, text_w, w[2]], base)
            }
        };
        lines.push(line.style(base));
    }
    if page.items.is_empty() {
        lines.push(super::aligned(
            state,
            Line::styled(
                super::ui(state, state.t("customer.nothing_yet")),
                theme.muted(),
            ),
        ));
    }
    // Scroll so the selected line stays on screen.
    let skip = selected_line.saturating_sub(height.saturating_sub(2));
    let visible: Vec<Line<'_>> = lines.into_iter().skip(skip).take(height).collect();
    frame.render_widget(Paragraph::new(visible), area);
}

/// The catalogue key of the section heading an item is listed under.
fn section_of(page: &CustomerPage, item: &PageItem) -> &'static str {
    match item {
        PageItem::Company | PageItem::Person(_) => {
            if page.person.is_some() {
                "customer.company"
            } else {
                "customer.people"
            }
        }
        PageItem::Deal(_) => "customer.deals",
        PageItem::Task(_) => "customer.tasks",
        PageItem::Activity(_) => "customer.timeline",
    }
}

/// A person's company: its name and domain.
fn company_line<'a>(state: &State, page: &CustomerPage, w: &[usize], base: Style) -> Line<'a> {
    let c = page.company.as_ref();
    let name = c.map(|c| c.data.name.as_str()).unwrap_or("");
    let domain = c.and_then(|c| c.data.domain.as_deref()).unwrap_or("");
    row(
        state,
        &[
            Cell {
                text: "",
                width: w[0],
                style: base,
            },
            Cell {
                text: name,
                width: w[1],
                style: base,
            },
            Cell {
                text: domain,
                width: w[2],
                style: state.session.theme.muted(),
            },
        ],
        base,
    )
}

/// One of a company's people: name and job title.
fn person_line<'a>(state: &State, p: &Person, w: &[usize], base: Style) -> Line<'a> {
    let title = p.data.title.as_deref().unwrap_or("");
    row(
        state,
        &[
            Cell {
                text: "",
                width: w[0],
                style: base,
            },
            Cell {
                text: &p.data.name,
                width: w[1],
                style: base,
            },
            Cell {
                text: title,
                width: w[2],
                style: state.session.theme.muted(),
            },
        ],
        base,
    )
}

/// A deal: stage label, title and value.
fn deal_line<'a>(state: &State, d: &Deal, w: &[usize], base: Style) -> Line<'a> {
    let locale = &state.session.locale;
    let value = locale.money(d.data.value_minor, &d.data.currency);
    row(
        state,
        &[
            Cell {
                text: state.session.config.stage_label(
                    &d.data.pipeline,
                    &d.data.stage,
                    locale.language,
                ),
                width: w[0],
                style: state.session.theme.accent(),
            },
            Cell {
                text: &d.data.title,
                width: w[1],
                style: base,
            },
            Cell {
                text: &value,
                width: w[2],
                style: base,
            },
        ],
        base,
    )
}

/// An open task: due date (red when overdue), title and owner.
fn task_line<'a>(state: &State, t: &Task, w: &[usize], base: Style) -> Line<'a> {
    let theme = &state.session.theme;
    let due = t
        .data
        .due_date
        .map(|d| state.session.locale.date(d))
        .unwrap_or_default();
    let style = if t.is_overdue(state.today) {
        theme.danger()
    } else {
        theme.warning()
    };
    row(
        state,
        &[
            Cell {
                text: &due,
                width: w[0],
                style,
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
}

/// An owner login as shown: the team list's display name when there is one.
fn owner_name(state: &State, owner: Option<&str>) -> Option<String> {
    owner.map(|o| state.session.person_name(o).to_owned())
}
