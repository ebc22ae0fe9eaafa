//! The help screen, generated from the keymap: every key of the view
//! underneath, then the keys that work everywhere.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Cell, row};
use crate::tui::state::State;
use crate::tui::update::view_context;

/// Draws the help overlay.
pub fn draw(frame: &mut Frame<'_>, state: &State) {
    let theme = &state.session.theme;
    let area = frame.area();
    let rows = state.session.keymap.help_rows(view_context(state));
    let height = (rows.len() as u16 + 3).min(area.height);
    let width = area.width.min(72);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {} ", state.t("help.title")))
        .border_style(theme.accent())
        .title_style(theme.accent());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let key_w = 18;
    let text_w = usize::from(inner.width).saturating_sub(key_w + 1);
    let mut lines: Vec<Line<'_>> = rows
        .iter()
        .map(|(command, keys)| {
            row(
                state,
                &[
                    Cell {
                        text: keys,
                        width: key_w,
                        style: theme.accent(),
                    },
                    Cell {
                        text: state.t(command.help_key()),
                        width: text_w,
                        style: ratatui::style::Style::new(),
                    },
                ],
                ratatui::style::Style::new(),
            )
        })
        .collect();
    // When the list is taller than the screen, the end is what is cut.
    lines.truncate(usize::from(inner.height.saturating_sub(1)));
    lines.push(Line::styled(
        state.t("help.close").to_owned(),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
