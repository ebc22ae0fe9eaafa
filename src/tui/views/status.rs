//! The tab line, the message line and the status line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::user;
use crate::keys::Command;
use crate::tui::state::{State, View};

/// `1 Today  2 Contacts  3 Pipeline`, the current one highlighted.
pub fn tabs(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let mut spans = vec![Span::styled(" kariz ", theme.accent())];
    for (i, view) in View::ALL.iter().enumerate() {
        let label = format!(
            " {} {} ",
            state.session.locale.number(i as i64 + 1),
            state.t(view.title_key())
        );
        let style = if *view == state.view && state.pages.is_empty() {
            theme.selected()
        } else {
            theme.muted()
        };
        spans.push(Span::styled(label, style));
    }
    let mut line = Line::from(spans);
    if state.session.locale.is_rtl() {
        line = line.right_aligned();
    }
    frame.render_widget(Paragraph::new(line), area);
}

/// The last message, errors in the danger colour.
pub fn message(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let Some(message) = &state.message else {
        return;
    };
    let theme = &state.session.theme;
    let style = if message.is_error {
        theme.danger()
    } else {
        theme.success()
    };
    let text = user(state, &message.text, usize::from(area.width));
    frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
}

/// View, database, user, and the most useful keys.
pub fn status(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let keys = &state.session.keymap;
    let hint = |command: Command, label: &str| format!("{} {}", keys.hint(command), state.t(label));
    let mut hints = vec![hint(Command::Help, "status.help")];
    let context = crate::tui::update::context(state);
    use crate::tui::keymap::Context as C;
    match context {
        C::Today => {
            hints.push(hint(Command::MarkDone, "status.done"));
            hints.push(hint(Command::Snooze, "status.snooze"));
            hints.push(hint(Command::Open, "status.open"));
            hints.push(hint(Command::AddTask, "status.add"));
        }
        C::Contacts => {
            hints.push(hint(Command::Search, "status.search"));
            hints.push(hint(Command::Open, "status.open"));
            hints.push(hint(Command::AddPerson, "status.add"));
            hints.push(hint(Command::ToggleKind, "status.people_companies"));
        }
        C::Pipeline => {
            hints.push(format!(
                "{}/{} {}",
                keys.hint(Command::MoveDealPrev),
                keys.hint(Command::MoveDealNext),
                state.t("status.move")
            ));
            hints.push(hint(Command::Open, "status.open"));
            hints.push(hint(Command::NextPipeline, "status.pipeline"));
        }
        C::Customer | C::Deal => {
            hints.push(hint(Command::LogActivity, "status.log"));
            hints.push(hint(Command::AddTask, "status.task"));
            hints.push(hint(Command::Back, "status.back"));
        }
        C::Form => {
            hints = vec![
                hint(Command::NextField, "status.next_field"),
                hint(Command::Save, "status.save"),
                hint(Command::Cancel, "status.cancel"),
            ];
        }
        C::Typing | C::Confirm | C::Global => {
            hints = vec![format!("Esc {}", state.t("status.cancel"))];
        }
    }
    if !state.undo.is_empty() && !matches!(context, C::Form | C::Typing) {
        hints.push(hint(Command::Undo, "status.undo"));
    }
    hints.push(hint(Command::Quit, "status.quit"));
    let view = state.t(state.view.title_key());
    let index = match state.index_size {
        Some(_) => String::new(),
        None => format!(" · {}", state.t("status.indexing")),
    };
    let left = format!(
        " {view} · {} · {}{index} ",
        state.session.db_label, state.session.user
    );
    let right = hints.join("  ");
    let width = usize::from(area.width);
    let left = user(state, &left, width / 2);
    let right = user(
        state,
        &right,
        width.saturating_sub(crate::text::display::width(&left) + 1),
    );
    let fill = width
        .saturating_sub(crate::text::display::width(&left) + crate::text::display::width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.accent()),
        Span::raw(" ".repeat(fill)),
        Span::styled(right, theme.muted()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}
