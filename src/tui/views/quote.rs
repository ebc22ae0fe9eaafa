//! A quote page: number, revision, status, customer and deal, dates in
//! the configured calendar and digits, the lines (description, quantity,
//! unit price, discount, tax, line total) and the totals in the quote's
//! currency, the total also in words. Amounts in the table are numbers only; the currency is named
//! in the totals.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{Cell, aligned, label_width, row, ui, ui_fit, ui_row, widths};
use crate::model::DocLine;
use crate::model::totals::{Discount, Totals, percent_text, quantity_text};
use crate::tui::quotes::{QuoteView, status_label};
use crate::tui::state::State;

/// Catalogue keys of the field labels, to size the label column.
const LABELS: [&str; 4] = [
    "field.status",
    "field.customer",
    "field.issued",
    "field.valid_until",
];

/// Draws a quote page into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, view: &QuoteView) {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let quote = &view.quote;
    let title = locale.tf("quote.title", &[("number", &locale.digits(&quote.label()))]);
    let block = Block::bordered()
        .title(format!(
            " {} ",
            ui_fit(state, &title, usize::from(area.width.saturating_sub(4)))
        ))
        .border_style(theme.border())
        .title_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let top = summary(state, view, width);
    let bottom = totals(state, view, width);
    let [top_area, lines_area, bottom_area] = Layout::vertical([
        Constraint::Length(top.len() as u16),
        Constraint::Min(2),
        Constraint::Length(bottom.len() as u16),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(top), top_area);
    frame.render_widget(
        Paragraph::new(lines(state, view, width, lines_area.height)),
        lines_area,
    );
    frame.render_widget(Paragraph::new(bottom), bottom_area);
}

/// Status (and revision), customer and deal, issue and validity dates.
fn summary<'a>(state: &State, view: &QuoteView, width: usize) -> Vec<Line<'a>> {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let quote = &view.quote;
    let label_w = label_width(state, &LABELS, width / 4);
    let value_w = width.saturating_sub(label_w + 1);
    // `sentence`: the value is kariz's own text with values inserted by
    // `tf` (the status line), not user data.
    let field = |label: &str, value: &str, style: Style, sentence: bool| {
        let cells = [
            Cell {
                text: state.t(label),
                width: label_w,
                style: theme.muted(),
            },
            Cell {
                text: value,
                width: value_w,
                style,
            },
        ];
        if sentence {
            ui_row(state, &cells, Style::new())
        } else {
            row(state, &cells, Style::new())
        }
    };
    let mut status = status_label(&state.session, quote.data.status);
    if quote.revision > 1 {
        let revision = locale.tf("quote.revision", &[("n", &locale.number(quote.revision))]);
        status = format!("{status} · {revision}");
    }
    if let Some(balance) = &view.invoice {
        let number = locale.digits(&balance.invoice.label());
        let currency = &balance.invoice.data.currency;
        let invoice = locale.tf(
            "quote.invoice_line",
            &[
                ("number", &number),
                ("owed", &locale.money(balance.outstanding, currency)),
            ],
        );
        status = format!("{status} · {invoice}");
    }
    let status_style = match quote.data.status {
        crate::model::DocStatus::Accepted => theme.accent(),
        crate::model::DocStatus::Expired | crate::model::DocStatus::Rejected => theme.danger(),
        _ => Style::new(),
    };
    let customer = match &quote.deal {
        Some(deal) if !quote.customer().is_empty() => format!("{} · {deal}", quote.customer()),
        Some(deal) => deal.clone(),
        None => quote.customer(),
    };
    let valid = quote
        .data
        .due_on
        .map_or_else(|| "—".to_owned(), |d| locale.date(d));
    vec![
        field("field.status", &status, status_style, true),
        field("field.customer", &customer, Style::new(), false),
        field(
            "field.issued",
            &format!(
                "{}   {} {valid}",
                locale.date(quote.data.issued_on),
                state.t("field.valid_until")
            ),
            Style::new(),
            false,
        ),
    ]
}

/// Column widths: #, description, quantity, price, discount, tax, total.
fn columns(width: usize) -> Vec<usize> {
    widths(width, &[4], &[9, 4, 7, 4, 4, 8])
}

/// Cells of `texts` laid out in the table's columns.
fn cells<'t>(texts: &'t [(String, Style)], w: &[usize]) -> Vec<Cell<'t>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, (text, style))| Cell {
            text,
            width: w.get(i).copied().unwrap_or(0),
            style: *style,
        })
        .collect()
}

/// The table's header row.
fn header<'a>(state: &State, w: &[usize]) -> Line<'a> {
    let style = state.session.theme.heading();
    let texts: Vec<(String, Style)> = [
        "quote.col.row",
        "quote.col.description",
        "quote.col.quantity",
        "quote.col.price",
        "quote.col.discount",
        "quote.col.tax",
        "quote.col.total",
    ]
    .iter()
    .map(|k| (state.t(k).to_owned(), style))
    .collect();
    row(state, &cells(&texts, w), style)
}

/// Line `i` (from 0) of the quote with its figures, in the user's digits.
fn line_row<'a>(
    state: &State,
    view: &QuoteView,
    i: usize,
    (line, fig): (&DocLine, &Totals),
    w: &[usize],
) -> Line<'a> {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let currency = &view.quote.data.currency;
    let base = if i == view.selected {
        theme.selected()
    } else {
        Style::new()
    };
    let quantity = locale.decimal(&quantity_text(line.quantity_milli));
    let quantity = match &line.unit {
        Some(unit) => format!("{quantity} {unit}"),
        None => quantity,
    };
    let discount = match line.discount {
        Discount::None => String::new(),
        Discount::Percent(bp) => locale.decimal(&format!("{}%", percent_text(bp))),
        Discount::Amount(_) => locale.money_amount(fig.discount, currency),
    };
    let texts = [
        (locale.number(i as i64 + 1), theme.muted()),
        (line.description.clone(), base),
        (quantity, base),
        (locale.money_amount(line.unit_price, currency), base),
        (discount, base),
        (
            locale.decimal(&format!("{}%", percent_text(line.tax_bp))),
            base,
        ),
        (locale.money_amount(fig.total, currency), base),
    ];
    row(state, &cells(&texts, w), base).style(base)
}

/// The lines table: a header and one row per line, scrolled so the
/// selected line shows.
fn lines<'a>(state: &State, view: &QuoteView, width: usize, height: u16) -> Vec<Line<'a>> {
    let theme = &state.session.theme;
    let quote = &view.quote;
    let w = columns(width);
    let mut out = vec![header(state, &w)];
    if quote.data.lines.is_empty() {
        let key = if view.editable() {
            "quote.no_lines"
        } else {
            "quote.no_lines_fixed"
        };
        out.push(aligned(
            state,
            Line::styled(ui(state, state.t(key)), theme.muted()),
        ));
        return out;
    }
    let room = usize::from(height).saturating_sub(1).max(1);
    let skip = view.selected.saturating_sub(room.saturating_sub(1));
    let rows = quote.data.lines.iter().zip(&view.figures).enumerate();
    for (i, pair) in rows.skip(skip).take(room) {
        out.push(line_row(state, view, i, pair, &w));
    }
    out
}

/// Subtotal, discount and tax on one line, the total on the next, in the
/// quote's currency, then the total in words in the interface's language
/// (as the printed document writes it).
fn totals<'a>(state: &State, view: &QuoteView, width: usize) -> Vec<Line<'a>> {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let quote = &view.quote;
    let money = |v: i64| locale.money(v, &quote.data.currency);
    let parts = format!(
        "{} {} · {} {} · {} {}",
        state.t("quote.subtotal"),
        money(quote.totals.subtotal),
        state.t("quote.discount"),
        money(quote.totals.discount),
        state.t("quote.tax"),
        money(quote.totals.tax),
    );
    let total = format!("{} {}", state.t("quote.total"), money(quote.totals.total));
    let in_words =
        crate::text::words::amount(quote.totals.total, &quote.data.currency, locale.language);
    vec![
        aligned(
            state,
            Line::styled(ui_fit(state, &parts, width), theme.muted()),
        ),
        aligned(
            state,
            Line::styled(ui_fit(state, &total, width), theme.heading()),
        ),
        aligned(
            state,
            Line::styled(ui_fit(state, &in_words, width), theme.muted()),
        ),
    ]
}
