//! The help screen, generated from the keymap: the keys of the view
//! underneath, then the keys that work everywhere, each under a heading.
//! It stays inside the main area (the status line shows how to close it)
//! and scrolls when the list is taller than the box.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Cell, row, screen_areas, user};
use crate::keys::Command;
use crate::tui::help::{self, HelpLine};
use crate::tui::state::State;

/// Draws the help overlay scrolled down `offset` lines.
pub fn draw(frame: &mut Frame<'_>, state: &State, offset: usize) {
    let theme = &state.session.theme;
    let [_, area, _, _] = screen_areas(frame.area());
    let all = help::lines(state);
    let rows = help::page_rows(state, all.len());
    let offset = offset.min(help::max_offset(state, all.len()));
    let height = (rows as u16 + 3).min(area.height);
    let width = area.width.min(72);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    let title = user(
        state,
        state.t("help.title"),
        usize::from(width.saturating_sub(4)),
    );
    let block = Block::bordered()
        .title(format!(" {title} "))
        .border_style(theme.accent())
        .title_style(theme.accent());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let inner_w = usize::from(inner.width);
    let key_w = 18.min(inner_w / 3);
    let text_w = inner_w.saturating_sub(key_w + 1);
    let mut lines: Vec<Line<'_>> = all
        .iter()
        .skip(offset)
        .take(rows)
        .map(|line| match line {
            HelpLine::Heading(key) => {
                Line::styled(user(state, state.t(key), inner_w), theme.heading())
            }
            HelpLine::Key(command, keys) => row(
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
                        style: Style::new(),
                    },
                ],
                Style::new(),
            ),
        })
        .collect();
    let keymap = &state.session.keymap;
    let close_keys = [Command::Back, Command::Quit, Command::Help]
        .map(|c| keymap.hint(c))
        .join(" ");
    let close = state
        .session
        .locale
        .tf("help.close", &[("keys", &close_keys)]);
    let footer = if offset + rows < all.len() {
        format!("{}   {close}", state.t("help.more"))
    } else {
        close
    };
    lines.push(Line::styled(
        super::ui_fit(state, &footer, inner_w),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
