//! The kanban board: one column per stage, scrolling sideways when the
//! stages do not fit; headers with count, total and weighted value.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{pad, user};
use crate::config::StageKind;
use crate::tui::state::{CardText, Column, State};

/// Narrowest column before the board scrolls sideways.
const MIN_COLUMN: u16 = 24;
/// Lines per card.
const CARD: usize = 3;

/// Draws the board into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let board = &state.pipeline;
    let title = board_title(state);
    let title = super::ui_fit(state, &title, usize::from(area.width.saturating_sub(12)));
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border())
        .title_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let bar_rows = super::contacts::bar_rows(&board.filter);
    let [bar_area, inner] =
        Layout::vertical([Constraint::Length(bar_rows), Constraint::Min(1)]).areas(inner);
    if bar_rows > 0 {
        super::contacts::filter_bar(frame, bar_area, state, &board.filter);
    }
    if board.columns.is_empty() {
        frame.render_widget(
            Paragraph::new(super::ui(state, state.t("pipeline.empty"))),
            inner,
        );
        return;
    }
    let n = board.columns.len() as u16;
    let fit = (inner.width / MIN_COLUMN).clamp(1, n);
    let col_w = inner.width / fit;
    // Scroll sideways so the focused column is visible.
    let first = (board.focus as u16 + 1).saturating_sub(fit).min(n - fit);
    let rtl = state.session.locale.is_rtl();
    for slot in 0..fit {
        let index = usize::from(first + slot);
        let Some(column) = board.columns.get(index) else {
            break;
        };
        // Right to left: the first stage sits at the right edge.
        let x = if rtl {
            inner.x + inner.width - (slot + 1) * col_w
        } else {
            inner.x + slot * col_w
        };
        let rect = Rect {
            x,
            y: inner.y,
            width: col_w,
            height: inner.height,
        };
        draw_column(frame, rect, state, column, index == board.focus);
    }
    if fit < n {
        let more = format!(
            "◀ {}/{} ▶",
            state.session.locale.number(board.focus as i64 + 1),
            state.session.locale.number(i64::from(n))
        );
        let w = crate::text::display::width(&more) as u16;
        let r = Rect {
            x: area.x + area.width.saturating_sub(w + 2),
            y: area.y,
            width: w.min(area.width),
            height: 1,
        };
        frame.render_widget(Paragraph::new(Line::styled(more, theme.muted())), r);
    }
}

/// " Pipeline · name · owner X · found N · marked N ".
fn board_title(state: &State) -> String {
    let board = &state.pipeline;
    let name = state
        .session
        .config
        .pipelines
        .get(board.pipeline)
        .map_or("", |p| p.display_name(state.session.locale.language));
    let mut title = format!(
        " {} · {} ",
        state.t("view.pipeline"),
        crate::text::display::isolate(name)
    );
    if let Some(owner) = &board.owner {
        title.push_str(&format!(
            "· {} {} ",
            state.t("contacts.owner"),
            crate::text::display::isolate(state.session.person_name(owner))
        ));
    }
    if !board.filter.applied.trim().is_empty() {
        let count = state.session.locale.number(board.shown() as i64);
        title.push_str(&format!(
            "· {} ",
            state
                .session
                .locale
                .tf("contacts.matches", &[("count", &count)])
        ));
    }
    title.push_str(&super::marked_note(state, board.marked.len()));
    title
}

fn draw_column(frame: &mut Frame<'_>, area: Rect, state: &State, column: &Column, focused: bool) {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let border = if focused {
        theme.accent()
    } else {
        theme.border()
    };
    let header = format!(
        " {} · {} ",
        user(
            state,
            column.stage.display_name(locale.language),
            usize::from(area.width.saturating_sub(10))
        ),
        locale.number(column.deals.len() as i64)
    );
    let block = Block::bordered()
        .title(header)
        .border_style(border)
        .title_style(border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line<'_>> = Vec::new();
    // Totals per currency: value, and weighted by the stage probability.
    for total in &column.totals {
        let value = locale.money(total.value, &total.currency);
        if column.stage.kind != StageKind::Open {
            lines.push(Line::styled(user(state, &value, width), theme.muted()));
            continue;
        }
        // Value and weighted value (× stage probability) on one line when
        // they fit, else on two.
        let weighted = format!("≈ {}", locale.money(total.weighted, &total.currency));
        let both = format!("{value} {weighted}");
        if crate::text::display::width(&both) <= width {
            lines.push(Line::styled(user(state, &both, width), theme.muted()));
        } else {
            lines.push(Line::styled(user(state, &value, width), theme.muted()));
            lines.push(Line::styled(user(state, &weighted, width), theme.muted()));
        }
    }
    if column.totals.is_empty() {
        lines.push(Line::styled(
            state.t("pipeline.no_deals").to_owned(),
            theme.muted(),
        ));
    }
    lines.push(Line::styled("─".repeat(width), theme.border()));
    let room = usize::from(inner.height).saturating_sub(lines.len()) / CARD;
    let first = (column.selected + 1).saturating_sub(room.max(1));
    for (i, deal) in column.deals.iter().enumerate().skip(first).take(room) {
        let selected = focused && i == column.selected;
        let base = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let days = deal.days_in_stage(state.now);
        let rotting = deal.is_rotting(state.now, column.stage.rot_days);
        let card = card_text(state, deal, days, rotting, width);
        let title_style = if state.pipeline.marked.contains(&deal.id) {
            super::marked_style(state).patch(base)
        } else if rotting {
            theme.danger().patch(base)
        } else {
            base
        };
        lines.push(Line::styled(card.title, title_style));
        lines.push(Line::styled(card.who, base));
        lines.push(Line::styled(card.meta, theme.muted().patch(base)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A card's three lines laid out for `width` cells. Laying out Persian and
/// Arabic text is most of a board frame's cost, and cards rarely change
/// between frames, so the lines are memoised by deal, version, days in
/// stage and width (the cache is a memo of a pure function of those, not
/// state the view changes).
fn card_text(
    state: &State,
    deal: &crate::model::Deal,
    days: i64,
    rotting: bool,
    width: usize,
) -> CardText {
    let who = deal
        .person
        .as_deref()
        .or(deal.company.as_deref())
        .unwrap_or("—");
    let owner = deal
        .data
        .owner
        .as_deref()
        .map_or("", |o| state.session.person_name(o));
    let key = (
        deal.id,
        deal.version,
        days,
        width,
        rotting,
        who.to_string(),
        owner.to_string(),
    );
    if let Some(card) = state.pipeline.card_cache.borrow().get(&key) {
        return card.clone();
    }
    let locale = &state.session.locale;
    let mark = if rotting { "~ " } else { "" };
    let title = format!("{mark}{}", deal.data.title);
    let meta = format!(
        "{} · {} · {}{}",
        locale.money(deal.data.value_minor, &deal.data.currency),
        owner,
        locale.number(days),
        state.t("pipeline.days_short")
    );
    let card = CardText {
        title: pad(&user(state, &title, width), width, false),
        who: pad(&user(state, who, width), width, false),
        meta: pad(&user(state, &meta, width), width, false),
    };
    let mut cache = state.pipeline.card_cache.borrow_mut();
    if cache.len() > 20_000 {
        cache.clear();
    }
    cache.insert(key, card.clone());
    card
}
