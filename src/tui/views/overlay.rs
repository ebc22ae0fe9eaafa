//! Forms, pickers, prompts, questions and the conflict resolver, drawn
//! over the view in a centred box.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{pad, user};
use crate::text::display::width as cells;
use crate::tui::forms::{Field, FieldKind, Form};
use crate::tui::input::TextInput;
use crate::tui::overlays::{ActivityReader, Conflict, Overlay, Picker, Prompt};
use crate::tui::state::State;

/// Draws every overlay, bottom first.
pub fn draw(frame: &mut Frame<'_>, state: &State) {
    for overlay in &state.overlays {
        match overlay {
            Overlay::Help { offset } => super::help::draw(frame, state, *offset),
            Overlay::Form(form) => draw_form(frame, state, form),
            Overlay::Picker(picker) => draw_picker(frame, state, picker),
            Overlay::Prompt(prompt) => draw_prompt(frame, state, prompt),
            Overlay::Confirm(confirm) => {
                draw_question(frame, state, &confirm.question, state.t("confirm.keys"))
            }
            Overlay::Conflict(conflict) => draw_conflict(frame, state, conflict),
            Overlay::Activity(reader) => draw_reader(frame, state, reader),
            Overlay::Caller(card) => super::caller::draw(frame, state, card),
        }
    }
}

pub(super) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

pub(super) fn boxed(frame: &mut Frame<'_>, state: &State, rect: Rect, title: &str) -> Rect {
    frame.render_widget(Clear, rect);
    let theme = &state.session.theme;
    let room = usize::from(rect.width.saturating_sub(4));
    // A sentence with inserted data (built by `Locale::tf`) reads in the
    // interface's direction; a bare title (an activity's subject, a form's
    // name) in its own.
    let title = if title.contains(crate::text::display::FSI) {
        super::ui_fit(state, title, room)
    } else {
        user(state, title, room)
    };
    let block = Block::bordered()
        .title(format!(" {title} "))
        .border_style(theme.accent())
        .title_style(theme.accent());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

fn draw_form(frame: &mut Frame<'_>, state: &State, form: &Form) {
    let theme = &state.session.theme;
    let errors = form.fields.iter().filter(|f| f.error.is_some()).count() as u16;
    let notice = u16::from(form.notice.is_some());
    let height = form.fields.len() as u16 + errors + notice + 4;
    let rect = centred(frame.area(), 76, height);
    let inner = boxed(frame, state, rect, state.t(form.title));
    let columns = FormColumns::new(state, form, inner);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let y = inner.y + lines.len() as u16;
        let (line, caret_x) = field_line(state, form, field, focused, &columns);
        if let Some(x) = caret_x {
            cursor = Some((x, y));
        }
        lines.push(line);
        if let Some(error) = &field.error {
            let indent = " ".repeat(columns.label_w + 2);
            // Catalogue text with the typed value isolated in it: laid out
            // in the interface's direction, as the other UI lines.
            let text = format!("{indent}{}", super::ui_fit(state, error, columns.input_w));
            lines.push(Line::styled(text, theme.danger()));
        }
    }
    lines.push(Line::raw(""));
    if let Some(notice) = &form.notice {
        lines.push(Line::styled(
            super::ui_fit(state, notice, usize::from(inner.width)),
            theme.danger(),
        ));
    }
    lines.push(Line::styled(
        user(state, state.t("form.keys"), usize::from(inner.width)),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    if matches!(state.overlays.last(), Some(Overlay::Form(_)))
        && let Some(position) = cursor
    {
        frame.set_cursor_position(position);
    }
}

/// Where a form's labels and values go inside its box.
struct FormColumns {
    inner: Rect,
    label_w: usize,
    input_w: usize,
    rtl: bool,
}

impl FormColumns {
    /// Labels as wide as the widest (at most a third of the box), values
    /// the rest.
    fn new(state: &State, form: &Form, inner: Rect) -> Self {
        let label_w = form
            .fields
            .iter()
            .map(|f| cells(f.label_text(|k| state.t(k))))
            .max()
            .unwrap_or(8)
            .min(usize::from(inner.width) / 3);
        FormColumns {
            inner,
            label_w,
            input_w: usize::from(inner.width).saturating_sub(label_w + 3),
            rtl: state.session.locale.is_rtl(),
        }
    }
}

/// One field's line (label and value in the interface's direction), and
/// the caret's column when the field has the focus.
fn field_line(
    state: &State,
    form: &Form,
    field: &Field,
    focused: bool,
    columns: &FormColumns,
) -> (Line<'static>, Option<u16>) {
    let theme = &state.session.theme;
    let FormColumns {
        inner,
        label_w,
        input_w,
        rtl,
    } = *columns;
    let mark = if field.required { "*" } else { " " };
    let label = pad(
        &user(state, field.label_text(|k| state.t(k)), label_w),
        label_w,
        !rtl,
    );
    let (label_style, value_style) = if focused {
        (theme.accent(), theme.selected())
    } else {
        (theme.muted(), Style::new())
    };
    let (text, caret) = field_text(state, form, field, focused, input_w);
    let value = if text.is_empty() && field.kind.picks() && field.input.is_empty() && focused {
        super::ui(state, state.t("form.type_to_pick"))
    } else {
        text.clone()
    };
    let value = pad(&value, input_w, rtl);
    let spans = if rtl {
        vec![
            Span::styled(value, value_style),
            Span::raw(" "),
            Span::styled(format!("{label}{mark}"), label_style),
        ]
    } else {
        vec![
            Span::styled(format!("{mark}{label}"), label_style),
            Span::raw(" "),
            Span::styled(value, value_style),
        ]
    };
    let caret_x = focused.then(|| {
        let x = if rtl {
            // Right-aligned value: the text ends at the field's right edge.
            let start = input_w.saturating_sub(cells(&text));
            inner.x + (start + caret) as u16
        } else {
            inner.x + (label_w + 2 + caret) as u16
        };
        x.min(inner.x + inner.width.saturating_sub(1))
    });
    (Line::from(spans), caret_x)
}

/// What a field shows and where its caret is. A choice of kariz's own
/// words or the config's names shows its translation; the field keeps the
/// canonical value. A suggestion field shows what is typed while it is
/// being edited.
fn field_text(
    state: &State,
    form: &Form,
    field: &Field,
    focused: bool,
    input_w: usize,
) -> (String, usize) {
    match &field.kind {
        FieldKind::Choice(_) | FieldKind::Suggest(_)
            if matches!(field.kind, FieldKind::Choice(_)) || !focused =>
        {
            let shown = form.choice_shown(
                &state.session.config,
                &state.session.locale,
                field.name,
                &field.input.text(),
            );
            TextInput::new(&shown).layout(input_w, &state.session.display)
        }
        _ => field.input.layout(input_w, &state.session.display),
    }
}

fn draw_picker(frame: &mut Frame<'_>, state: &State, picker: &Picker) {
    let theme = &state.session.theme;
    let area = frame.area();
    let rect = centred(area, 64, area.height.saturating_sub(4).min(18));
    let inner = boxed(frame, state, rect, &picker.title);
    let width = usize::from(inner.width);
    let (text, caret) = picker
        .input
        .layout(width.saturating_sub(2), &state.session.display);
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme.accent()),
        Span::raw(text),
    ])];
    let room = usize::from(inner.height.saturating_sub(1));
    let first = (picker.selected + 1).saturating_sub(room);
    for (row, index) in picker.shown.iter().enumerate().skip(first).take(room) {
        let Some(option) = picker.options.get(*index) else {
            continue;
        };
        let style = if row == picker.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let label_w = width * 3 / 5;
        let label = pad(&user(state, &option.label, label_w), label_w, false);
        let detail = user(state, &option.detail, width.saturating_sub(label_w + 1));
        lines.push(Line::from(vec![
            Span::styled(label, style),
            Span::raw(" "),
            Span::styled(detail, theme.muted()),
        ]));
    }
    if picker.shown.is_empty() {
        let key = if picker.free_text && !picker.input.is_empty() {
            "picker.enter_creates"
        } else if picker.search.is_some() && picker.input.is_empty() {
            "picker.type_to_search"
        } else {
            "picker.no_match"
        };
        lines.push(Line::styled(super::ui(state, state.t(key)), theme.muted()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    frame.set_cursor_position((inner.x + 2 + caret as u16, inner.y));
}

fn draw_prompt(frame: &mut Frame<'_>, state: &State, prompt: &Prompt) {
    let theme = &state.session.theme;
    let height = if prompt.error.is_some() { 5 } else { 4 };
    let rect = centred(frame.area(), 64, height);
    let inner = boxed(frame, state, rect, &prompt.title);
    let width = usize::from(inner.width);
    let (text, caret) = prompt
        .input
        .layout(width.saturating_sub(2), &state.session.display);
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme.accent()),
        Span::raw(text),
    ])];
    if let Some(error) = &prompt.error {
        lines.push(Line::styled(user(state, error, width), theme.danger()));
    }
    lines.push(Line::styled(
        super::ui(state, state.t("prompt.keys")),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    frame.set_cursor_position((inner.x + 2 + caret as u16, inner.y));
}

/// Wraps one of kariz's sentences at spaces, never inside inserted data
/// (an FSI … PDI isolate stays on one line, so its marks stay paired).
fn wrap_sentence(text: &str, width: usize) -> Vec<String> {
    use crate::text::display::{FSI, PDI};
    const KEEP: char = '\u{a0}';
    let mut depth = 0usize;
    let joined: String = text
        .chars()
        .map(|c| {
            match c {
                FSI => depth += 1,
                PDI => depth = depth.saturating_sub(1),
                ' ' if depth > 0 => return KEEP,
                _ => {}
            }
            c
        })
        .collect();
    crate::tui::reader::wrap(&joined, width)
        .into_iter()
        .map(|line| line.replace(KEEP, " "))
        .collect()
}

fn draw_question(frame: &mut Frame<'_>, state: &State, question: &str, keys: &str) {
    let theme = &state.session.theme;
    // A long question (one that says what `u` cannot take back) wraps
    // rather than losing its end; each line is laid out on its own.
    let width = usize::from(frame.area().width.min(64)).saturating_sub(2);
    let wrapped = wrap_sentence(question, width.max(1));
    let height = (wrapped.len() + 3) as u16;
    let rect = centred(frame.area(), 64, height);
    let inner = boxed(frame, state, rect, state.t("confirm.title"));
    let width = usize::from(inner.width);
    let mut lines: Vec<Line<'_>> = wrapped
        .iter()
        .map(|l| super::aligned(state, Line::raw(super::ui_fit(state, l, width))))
        .collect();
    lines.push(Line::styled(
        super::ui_fit(state, keys, width),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_conflict(frame: &mut Frame<'_>, state: &State, conflict: &Conflict) {
    let theme = &state.session.theme;
    // The keys line is long in every language: wrap it to the box rather
    // than cut "Esc" off at 80 columns.
    let width = usize::from(frame.area().width.min(100)).saturating_sub(2);
    // Wrapped in logical order, then each line laid out for display.
    let keys = crate::tui::reader::wrap(state.t("conflict.keys"), width);
    let height = (conflict.rows.len() + keys.len() + 4) as u16;
    let rect = centred(frame.area(), 100, height);
    let inner = boxed(frame, state, rect, state.t("conflict.title"));
    let width = usize::from(inner.width);
    let field_w = 14.min(width / 4);
    let value_w = width.saturating_sub(field_w + 3) / 3;
    let heading = |key: &str, w: usize| {
        Span::styled(
            pad(&super::ui(state, state.t(key)), w, false),
            theme.heading(),
        )
    };
    let mut lines = vec![Line::raw(user(state, state.t("conflict.explain"), width))];
    lines.push(Line::from(vec![
        heading("conflict.field", field_w),
        Span::raw(" "),
        heading("conflict.original", value_w),
        Span::raw(" "),
        heading("conflict.theirs", value_w),
        Span::raw(" "),
        heading("conflict.mine", value_w),
    ]));
    for row in &conflict.rows {
        lines.push(Line::from(vec![
            Span::styled(
                pad(&user(state, &row.field, field_w), field_w, false),
                theme.muted(),
            ),
            Span::raw(" "),
            Span::styled(
                pad(&user(state, &row.original, value_w), value_w, false),
                theme.muted(),
            ),
            Span::raw(" "),
            Span::raw(pad(&user(state, &row.theirs, value_w), value_w, false)),
            Span::raw(" "),
            Span::styled(
                pad(&user(state, &row.mine, value_w), value_w, false),
                theme.warning(),
            ),
        ]));
    }
    for line in &keys {
        lines.push(Line::styled(super::ui(state, line), theme.muted()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// An activity in full: kind, time and author, then the body wrapped and
/// scrolled (each line laid out for display on its own), then the keys.
fn draw_reader(frame: &mut Frame<'_>, state: &State, reader: &ActivityReader) {
    let theme = &state.session.theme;
    let a = &reader.activity;
    let width = crate::tui::reader::text_width(state);
    let rows = crate::tui::reader::page_rows(state);
    let body = crate::tui::reader::body_lines(state, a);
    let offset = reader.offset.min(crate::tui::reader::max_offset(state, a));
    let height = (body.len().min(rows) + 5) as u16;
    let rect = centred(frame.area(), (width + 4) as u16, height.saturating_add(1));
    let inner = boxed(frame, state, rect, &a.data.subject);
    let w = usize::from(inner.width);
    let when = state
        .session
        .locale
        .date_time(a.data.occurred_at.with_timezone(&state.session.offset));
    let header = format!(
        "{} · {} · {}",
        super::activity_kind(state, a.data.kind),
        when,
        state.session.person_name(&a.data.author)
    );
    let mut lines = vec![
        super::aligned(state, Line::styled(user(state, &header, w), theme.muted())),
        Line::raw(""),
    ];
    for line in body.iter().skip(offset).take(rows) {
        // Each line follows its own direction, whatever the interface's.
        let shown = Line::raw(user(state, line, w));
        lines.push(if crate::text::display::is_rtl(line) {
            shown.right_aligned()
        } else {
            shown
        });
    }
    let more = if offset + rows < body.len() {
        format!("↓ {} · ", state.t("reader.more"))
    } else {
        String::new()
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        super::ui(state, &format!("{more}{}", state.t("reader.keys"))),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::wrap_sentence;
    use crate::text::display::isolate;

    #[test]
    fn a_wrapped_sentence_never_breaks_inside_inserted_data() {
        let text = format!(
            "Accept quote {}? The deal's value becomes it.",
            isolate("1,331,000,000 ریال")
        );
        let lines = wrap_sentence(&text, 20);
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            let open = line.matches('\u{2068}').count();
            let close = line.matches('\u{2069}').count();
            assert_eq!(open, close, "unpaired isolate in {line:?}");
        }
        assert!(
            lines.iter().any(|l| l.contains("1,331,000,000 ریال")),
            "{lines:?}"
        );
    }
}
