//! The contact list: people or companies, with the search box on top.
//! Only the rows on screen are drawn, whatever the list's length.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Cell, row, widths, window};
use crate::model::Entity;
use crate::text::display::isolate;
use crate::tui::state::{ContactRow, FilterBar, SortOrder, State};

/// Draws the contact list into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let contacts = &state.contacts;
    let title = super::ui_fit(
        state,
        &title(state),
        usize::from(area.width.saturating_sub(4)),
    );
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border())
        .title_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let bar = &contacts.filter;
    let bar_rows = bar_rows(bar);
    let [search_area, filter_area, list_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(bar_rows),
        Constraint::Min(1),
    ])
    .areas(inner);
    search_line(frame, search_area, state);
    if bar_rows > 0 {
        filter_bar(frame, filter_area, state, bar);
    }

    let shown = contacts.shown();
    let height = usize::from(list_area.height);
    let total = usize::from(list_area.width);
    let wide = total >= 100;
    let w = if wide {
        widths(total, &[], &[6, 5, 6, 4, 3, 3])
    } else {
        widths(total, &[], &[6, 5, 4])
    };
    let offset = if contacts.selected >= contacts.offset + height {
        contacts.selected + 1 - height
    } else {
        contacts.offset.min(contacts.selected)
    };
    let mut lines = Vec::new();
    for i in window(offset, height, shown.len()) {
        let base = if i == contacts.selected {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(contact_line(state, &shown[i], &w, wide, base).style(base));
    }
    if shown.is_empty() {
        let key = if contacts.search.results.is_some() {
            "contacts.no_match"
        } else {
            "contacts.empty"
        };
        lines.push(Line::styled(super::ui(state, state.t(key)), theme.muted()));
    }
    frame.render_widget(Paragraph::new(lines), list_area);
}

/// " People (120) · tag vip · owner Sara · by last activity ".
fn title(state: &State) -> String {
    let locale = &state.session.locale;
    let contacts = &state.contacts;
    let kind = if contacts.kind == Entity::Company {
        state.t("contacts.companies")
    } else {
        state.t("contacts.people")
    };
    // While search results replace the list, the total of the list would
    // be a wrong count of what is shown.
    let mut title = match &contacts.search.results {
        Some(results) => {
            let count = locale.number(results.len() as i64);
            format!(
                " {kind} · {} ",
                locale.tf("contacts.matches", &[("count", &count)])
            )
        }
        None => format!(" {kind} ({}) ", locale.number(contacts.total)),
    };
    if let Some(tag) = &contacts.tag {
        title.push_str(&format!("· {} {} ", state.t("contacts.tag"), isolate(tag)));
    }
    if let Some(owner) = &contacts.owner {
        title.push_str(&format!(
            "· {} {} ",
            state.t("contacts.owner"),
            isolate(state.session.person_name(owner))
        ));
    }
    if contacts.sort == SortOrder::LastActivity {
        title.push_str(&format!("· {} ", state.t("contacts.by_activity")));
    }
    title.push_str(&super::marked_note(state, contacts.marked.len()));
    title
}

/// A marked row's name stands out (bold, underlined) for bulk actions; a
/// company's is in the accent colour.
fn name_style(state: &State, r: &ContactRow, base: Style) -> Style {
    let theme = &state.session.theme;
    if state.contacts.marked.contains(&r.id) && r.entity != Entity::Deal {
        super::marked_style(state)
    } else if r.entity == Entity::Company {
        theme.accent()
    } else {
        base
    }
}

/// One person, company or (found by search) deal: every column when the
/// list is `wide`, else name, detail and one way to reach them.
fn contact_line<'a>(
    state: &State,
    r: &ContactRow,
    w: &[usize],
    wide: bool,
    base: Style,
) -> Line<'a> {
    let theme = &state.session.theme;
    let tags = r.tags.join(", ");
    // A deal found by search has no e-mail or phone: the column says
    // it is a deal.
    let deal_label = state.t("field.deal_title").to_owned();
    let contact = if r.entity == Entity::Deal {
        &deal_label
    } else if r.phone.is_empty() {
        &r.email
    } else {
        &r.phone
    };
    let name_style = name_style(state, r, base);
    let cells = if wide {
        vec![
            Cell {
                text: &r.name,
                width: w[0],
                style: name_style,
            },
            Cell {
                text: &r.detail,
                width: w[1],
                style: theme.muted(),
            },
            Cell {
                text: &r.email,
                width: w[2],
                style: base,
            },
            Cell {
                text: &r.phone,
                width: w[3],
                style: base,
            },
            Cell {
                text: state.session.person_name(&r.owner),
                width: w[4],
                style: theme.muted(),
            },
            Cell {
                text: &tags,
                width: w[5],
                style: theme.muted(),
            },
        ]
    } else {
        vec![
            Cell {
                text: &r.name,
                width: w[0],
                style: name_style,
            },
            Cell {
                text: &r.detail,
                width: w[1],
                style: theme.muted(),
            },
            Cell {
                text: contact,
                width: w[2],
                style: base,
            },
        ]
    };
    row(state, &cells, base)
}

fn search_line(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let search = &state.contacts.search;
    // The prompt and the hint are interface sentences: through the
    // pipeline like everything else, so a Persian prompt reads right to
    // left on a terminal without bidi.
    let label = super::ui(state, state.t("contacts.search"));
    let label_width = crate::text::display::width(&label) as u16;
    if !search.typing && search.input.is_empty() {
        let hint = state.session.locale.tf(
            "contacts.search_hint",
            &[(
                "key",
                &state.session.keymap.hint(crate::keys::Command::Search),
            )],
        );
        let line = Line::styled(
            super::ui_fit(state, &hint, usize::from(area.width)),
            theme.muted(),
        );
        frame.render_widget(Paragraph::new(super::aligned(state, line)), area);
        return;
    }
    let mut indexing = String::new();
    if state.index_size.is_none() {
        indexing = super::ui(state, state.t("status.indexing"));
    }
    let indexing_width = match indexing.is_empty() {
        true => 0,
        false => crate::text::display::width(&indexing) as u16 + 2,
    };
    // A space between prompt and field and one spare cell at the far end.
    let field_width = usize::from(area.width.saturating_sub(label_width + 2 + indexing_width));
    let (text, caret) = search.input.layout(field_width, &state.session.display);
    // Right-aligned against the prompt in a right-to-left interface: the
    // caret moves with the padding put in front.
    let fill = field_width.saturating_sub(crate::text::display::width(&text)) as u16;
    let text = super::pad(&text, field_width, state.session.locale.is_rtl());
    let indexing = Span::styled(indexing, theme.muted());
    let gap = || Span::raw(if indexing_width > 0 { "  " } else { "" });
    // In a right-to-left interface the prompt stands on the right and the
    // field to its left, as a Persian reader expects.
    let (spans, caret_x) = if state.session.locale.is_rtl() {
        (
            vec![
                indexing,
                gap(),
                Span::raw(text),
                Span::raw(" "),
                Span::styled(label, theme.accent()),
            ],
            area.x + indexing_width + fill + caret as u16,
        )
    } else {
        (
            vec![
                Span::styled(label, theme.accent()),
                Span::raw(" "),
                Span::raw(text),
                gap(),
                indexing,
            ],
            area.x + label_width + 1 + caret as u16,
        )
    };
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if search.typing && state.overlays.is_empty() {
        frame.set_cursor_position((caret_x, area.y));
    }
}

/// Rows the filter bar takes: none while it is closed and empty, one for
/// the expression, two with an error under it.
pub(super) fn bar_rows(bar: &FilterBar) -> u16 {
    match (bar.typing || !bar.applied.is_empty(), bar.error.is_some()) {
        (false, _) => 0,
        (true, false) => 1,
        (true, true) => 2,
    }
}

/// The filter bar (`f`, on Contacts and Pipeline): the expression, and
/// under it why it does not parse (with its column), while the list
/// keeps the last one that did.
pub(super) fn filter_bar(frame: &mut Frame<'_>, area: Rect, state: &State, bar: &FilterBar) {
    let theme = &state.session.theme;
    let label = super::ui(state, state.t("contacts.filter"));
    let label_width = crate::text::display::width(&label) as u16;
    let field_width = usize::from(area.width.saturating_sub(label_width + 2));
    let (text, caret) = bar.input.layout(field_width, &state.session.display);
    // As the search line: in a right-to-left interface the label stands
    // on the right and the field, right-aligned, to its left.
    let rtl = state.session.locale.is_rtl();
    let fill = field_width.saturating_sub(crate::text::display::width(&text)) as u16;
    let text = super::pad(&text, field_width, rtl);
    let (line, caret_x) = if rtl {
        (
            Line::from(vec![
                Span::raw(text),
                Span::raw(" "),
                Span::styled(label, theme.accent()),
            ]),
            area.x + fill + caret as u16,
        )
    } else {
        (
            Line::from(vec![
                Span::styled(label, theme.accent()),
                Span::raw(" "),
                Span::raw(text),
            ]),
            area.x + label_width + 1 + caret as u16,
        )
    };
    let [bar_area, error_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(line), bar_area);
    if let Some(error) = &bar.error {
        let shown = super::ui_fit(state, error, usize::from(area.width));
        let line = Line::styled(shown, theme.warning());
        frame.render_widget(Paragraph::new(super::aligned(state, line)), error_area);
    }
    if bar.typing && state.overlays.is_empty() {
        frame.set_cursor_position((caret_x, bar_area.y));
    }
}
