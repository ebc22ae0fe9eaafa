//! The Reports view: the report's name, period and filters, its one-line
//! definition (the catalogue, which docs/reports.md quotes), then its
//! table with a bar per row; the dashboard adds charts (revenue per month,
//! funnel, win rate, activity per week). Bars are block characters, so
//! they read without colour; in a right-to-left interface rows, bars and
//! charts run from the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, Block, Paragraph, RenderDirection, Sparkline};

use super::{Cell, row, window};
use crate::config::Named;
use crate::reports::period::month_key;
use crate::reports::table::{self, Kind, Table};
use crate::reports::{Period, Span};
use crate::text::display::width;
use crate::tui::reports::{Charts, Loaded};
use crate::tui::state::State;

/// A UI label for a value kariz itself writes (a column name, "total",
/// "lead → won"): the catalogue's `prefix.text` when it has one, else as is.
fn label(state: &State, prefix: &str, text: &str) -> String {
    let key = format!("{prefix}.{text}");
    let shown = state.t(&key);
    if shown == key {
        text.to_string()
    } else {
        shown.to_string()
    }
}

/// The catalogue name of a report.
pub fn report_name(state: &State, kind: Kind) -> String {
    label(state, "report.name", kind.name())
}

/// A period in the configured calendar and digits.
fn period_text(state: &State, p: &Period) -> String {
    let locale = &state.session.locale;
    format!("{} – {}", locale.date(p.from), locale.date(p.to))
}

/// A cell as the interface shows it.
fn cell_text(state: &State, cell: &table::Cell, named: Option<Named<'static>>) -> String {
    let locale = &state.session.locale;
    match cell {
        table::Cell::Text(t) => text_label(state, t, named),
        table::Cell::Count(n) => locale.number(*n),
        table::Cell::Ratio(r) => locale.decimal(&r.percent()),
        table::Cell::Days(d) => d.map_or("–".into(), |d| locale.digits(&format!("{d:.1}"))),
        table::Cell::Money(t) => {
            let shown = locale.money(t.converted.minor, &t.converted.currency);
            if t.missing_rates.is_empty() {
                shown
            } else {
                format!("{shown} (+{})", t.missing_rates.join(","))
            }
        }
        table::Cell::Date(d) => locale.date(*d),
        table::Cell::Period(p) => period_text(state, p),
        table::Cell::Goal {
            actual,
            target,
            currency,
        } => match currency {
            Some(c) => format!(
                "{} / {}",
                locale.money(*actual, c),
                locale.money(*target, c)
            ),
            None => format!("{} / {}", locale.number(*actual), locale.number(*target)),
        },
        table::Cell::Empty => String::new(),
    }
}

/// Draws the Reports view into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let r = &state.reports;
    let position = Kind::ALL.iter().position(|k| *k == r.kind).unwrap_or(0) + 1;
    let title = super::ui(
        state,
        &format!(
            " {} · {} ({}/{}) ",
            state.t("view.reports"),
            report_name(state, r.kind),
            state.session.locale.number(position as i64),
            state.session.locale.number(Kind::ALL.len() as i64),
        ),
    );
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border())
        .title_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [filters, definition, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    filter_line(frame, filters, state);
    let def_key = format!("report.def.{}", r.kind.name());
    frame.render_widget(
        Paragraph::new(super::aligned(
            state,
            Line::styled(
                super::ui_fit(state, state.t(&def_key), usize::from(definition.width)),
                theme.muted(),
            ),
        )),
        definition,
    );
    let Some(loaded) = &r.loaded else {
        return;
    };
    if let Some(drill) = &r.drill {
        drill_list(frame, body, state, drill);
        return;
    }
    match &loaded.charts {
        Some(charts) if body.width >= 60 => {
            let (table_area, charts_area) = figures_and_charts(state, body);
            table_rows(frame, table_area, state, &loaded.table, false);
            dashboard_charts(frame, charts_area, state, loaded, charts);
        }
        _ => table_rows(frame, body, state, &loaded.table, true),
    }
}

/// The figures take the wider part, first in reading order: on the left,
/// or on the right in a right-to-left interface; the charts the rest.
fn figures_and_charts(state: &State, body: Rect) -> (Rect, Rect) {
    if state.session.locale.is_rtl() {
        let [charts_area, table_area] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(body);
        (table_area, charts_area)
    } else {
        let [table_area, charts_area] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(body);
        (table_area, charts_area)
    }
}

/// The line naming the period, owner and pipeline shown.
fn filter_line(frame: &mut Frame<'_>, filters: Rect, state: &State) {
    let theme = &state.session.theme;
    let r = &state.reports;
    let query = crate::tui::update::reports_query(state);
    let span = match r.span {
        Span::Month => "reports.month",
        Span::Quarter => "reports.quarter",
        Span::Year => "reports.year",
    };
    let owner = match &query.owner {
        Some(o) => state.session.person_name(o).to_string(),
        None => state.t("reports.everyone").to_string(),
    };
    let pipeline = query.pipeline.as_deref().map_or_else(
        || state.t("reports.all_pipelines").to_string(),
        |name| pipeline_label(state, name),
    );
    // The period is kariz's own words (two dates and a dash) and reads in
    // the sentence's direction; only the names are isolated data (as one
    // isolate, a digits-only range would turn left-to-right).
    use crate::text::display::isolate;
    let line = state.session.locale.tf_sentence(
        "reports.filters",
        &[
            ("span", state.t(span)),
            ("period", &period_text(state, &query.period)),
            ("owner", &isolate(&owner)),
            ("pipeline", &isolate(&pipeline)),
        ],
    );
    let cells = usize::from(filters.width);
    frame.render_widget(
        Paragraph::new(super::aligned(
            state,
            Line::styled(super::ui_fit(state, &line, cells), theme.heading()),
        )),
        filters,
    );
}

/// The table: a header line, then one line per row, with a bar for the
/// report's main figure when `bars` and there is room.
fn table_rows(frame: &mut Frame<'_>, area: Rect, state: &State, t: &Table, bars: bool) {
    let theme = &state.session.theme;
    let texts: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            let row = &r.cells;
            row.iter()
                .enumerate()
                .map(|(i, c)| cell_text(state, c, table::named_column(&t.headers, row, i)))
                .collect()
        })
        .collect();
    let headers: Vec<String> = t
        .headers
        .iter()
        .map(|h| label(state, "report.col", h))
        .collect();
    let (w, bar_width) = column_widths(&headers, &texts, usize::from(area.width), bars);
    let mut lines = Vec::new();
    let mut header_cells: Vec<Cell<'_>> = headers
        .iter()
        .zip(&w)
        .map(|(h, &width)| Cell {
            text: h,
            width,
            style: theme.heading(),
        })
        .collect();
    if bar_width > 0 {
        header_cells.push(Cell {
            text: "",
            width: bar_width,
            style: Style::new(),
        });
    }
    lines.push(row(state, &header_cells, theme.heading()));
    let height = usize::from(area.height).saturating_sub(1);
    let selected = state.reports.selected;
    let offset = selected.saturating_sub(height.saturating_sub(1));
    let bar_texts = bar_texts(t, bar_width);
    for i in window(offset, height, texts.len()) {
        let base = if i == selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mut cells: Vec<Cell<'_>> = texts[i]
            .iter()
            .zip(&w)
            .map(|(text, &width)| Cell {
                text,
                width,
                style: base,
            })
            .collect();
        if bar_width > 0 {
            cells.push(Cell {
                text: &bar_texts[i],
                width: bar_width,
                style: base.patch(theme.accent()),
            });
        }
        lines.push(row(state, &cells, base));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Column widths for `total` cells (every column but the first as wide
/// as its widest cell; the first keeps up to a third; figures cut only
/// when all cannot fit) and the width of the bar column (0: none).
fn column_widths(
    headers: &[String],
    texts: &[Vec<String>],
    total: usize,
    bars: bool,
) -> (Vec<usize>, usize) {
    // Every column but the first as wide as its widest cell.
    let mut w: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for row in texts {
        for (i, text) in row.iter().enumerate() {
            if let Some(slot) = w.get_mut(i) {
                *slot = (*slot).max(width(text));
            }
        }
    }
    // The first column (what the row is) keeps up to a third of the
    // width; the figures share the rest, each cut only when all cannot fit.
    let first = w.first().copied().unwrap_or(0).min((total / 3).max(8));
    let gaps = w.len().saturating_sub(1);
    let room = total.saturating_sub(first + gaps);
    let need: usize = w.iter().skip(1).sum();
    if need > room && need > 0 {
        for slot in w.iter_mut().skip(1) {
            *slot = (*slot * room / need).max(1);
        }
    }
    let rest: usize = w.iter().skip(1).map(|c| c + 1).sum();
    let spare = total.saturating_sub(rest);
    let bar_width = if bars && spare > first + 9 {
        (spare - first - 1).min(30)
    } else {
        0
    };
    if let Some(slot) = w.first_mut() {
        *slot = spare
            .saturating_sub(if bar_width > 0 { bar_width + 1 } else { 0 })
            .max(first.min(spare));
    }
    (w, bar_width)
}

/// Each row's bar, scaled to the biggest figure (none for totals).
fn bar_texts(t: &Table, bar_width: usize) -> Vec<String> {
    let biggest = t
        .rows
        .iter()
        .filter(|r| !is_total(r))
        .filter_map(|r| r.cells.get(t.bar).and_then(table::Cell::magnitude))
        .max()
        .unwrap_or(0);
    t.rows
        .iter()
        .map(|r| {
            let n = r
                .cells
                .get(t.bar)
                .and_then(table::Cell::magnitude)
                .unwrap_or(0);
            if bar_width == 0 || is_total(r) || biggest == 0 {
                return String::new();
            }
            let cells = (u128::from(n) * bar_width as u128).div_ceil(u128::from(biggest));
            "█".repeat(usize::try_from(cells).unwrap_or(0).min(bar_width))
        })
        .collect()
}

/// A summing row ("total", "lead → won"): no bar, it would dwarf the rest.
fn is_total(row: &table::Row) -> bool {
    matches!(row.cells.first(), Some(table::Cell::Text(t)) if t == "total" || t == "lead → won")
}

/// The dashboard's charts: revenue per month (bars), the funnel, the win
/// rate, and activities per week (a sparkline).
fn dashboard_charts(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    loaded: &Loaded,
    charts: &Charts,
) {
    let stages = charts.funnel.stages.len() as u16;
    let [revenue_area, funnel_area, rate_area, activity_area] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(stages + 1),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(area);
    revenue_chart(frame, revenue_area, state, loaded, charts);
    funnel_chart(frame, funnel_area, state, charts);
    win_rate_gauge(frame, rate_area, state, loaded);
    activity_sparkline(frame, activity_area, state, charts);
}

/// Won value per month, bars in reading order.
fn revenue_chart(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    loaded: &Loaded,
    charts: &Charts,
) {
    let theme = &state.session.theme;
    let rtl = state.session.locale.is_rtl();
    let calendar = state.session.config.display.calendar;
    // Revenue: the last months of the calendar, empty ones included,
    // oldest first (on the right when the interface reads right to left).
    let mut months = vec![Period::month_of(loaded.query.period.to, calendar)];
    for _ in 1..crate::tui::report_load::REVENUE_MONTHS {
        if let Some(first) = months.first() {
            let before = first.step(Span::Month, calendar, false);
            months.insert(0, before);
        }
    }
    let mut bars: Vec<Bar<'_>> = months
        .iter()
        .map(|m| {
            let key = month_key(m.from, calendar);
            let value = charts
                .revenue
                .months
                .iter()
                .find(|r| r.month == key)
                .map_or(0, |r| u64::try_from(r.value.converted.minor).unwrap_or(0));
            let number = key.rsplit('-').next().unwrap_or_default().to_string();
            Bar::default()
                .value(value)
                .text_value(String::new())
                .label(Line::from(state.session.locale.digits(&number)))
        })
        .collect();
    if rtl {
        bars.reverse();
    }
    let title = super::ui(
        state,
        &format!(
            " {} ({}) ",
            state.t("reports.revenue_chart"),
            loaded.charts.as_ref().map_or(String::new(), |c| c
                .revenue
                .value
                .converted
                .currency
                .clone())
        ),
    );
    let count = months.len().max(1) as u16;
    let bar_width = (area.width.saturating_sub(2) / count)
        .saturating_sub(1)
        .clamp(1, 6);
    let block = Block::bordered().title(title).border_style(theme.border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The bars start where reading starts: at the right edge of the box in
    // a right-to-left interface (the chart widget itself fills from the left).
    let used = (count * (bar_width + 1)).saturating_sub(1).min(inner.width);
    let bars_area = if rtl {
        Rect {
            x: inner.x + inner.width - used,
            width: used,
            ..inner
        }
    } else {
        inner
    };
    frame.render_widget(
        BarChart::vertical(bars)
            .bar_width(bar_width)
            .bar_gap(1)
            .bar_style(theme.accent()),
        bars_area,
    );
}

/// The funnel: deals entering each open stage, as bars.
fn funnel_chart(frame: &mut Frame<'_>, area: Rect, state: &State, charts: &Charts) {
    let theme = &state.session.theme;
    // The funnel: deals entering each open stage, as bars.
    let mut funnel = loaded_funnel_lines(state, charts, usize::from(area.width));
    funnel.insert(
        0,
        super::aligned(
            state,
            Line::styled(
                super::ui(
                    state,
                    &format!(
                        "{} · {}",
                        state.t("reports.funnel_chart"),
                        pipeline_label(state, &charts.funnel.pipeline)
                    ),
                ),
                theme.heading(),
            ),
        ),
    );
    frame.render_widget(Paragraph::new(funnel), area);
}

/// The period's win rate as a ten-cell gauge.
fn win_rate_gauge(frame: &mut Frame<'_>, area: Rect, state: &State, loaded: &Loaded) {
    let theme = &state.session.theme;
    // Win rate as a ten-cell bar.
    let rate = match &loaded.report {
        table::Report::Dashboard(d) => d.current.win_rate,
        _ => crate::reports::Ratio(None),
    };
    let filled = rate.0.map_or(0, |r| (r * 10.0).round() as usize).min(10);
    let gauge = format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled));
    let rate_line = format!(
        "{} {} {}",
        state.t("reports.win_rate_chart"),
        state.session.locale.decimal(&rate.percent()),
        gauge
    );
    frame.render_widget(
        Paragraph::new(super::aligned(
            state,
            Line::styled(
                super::ui_fit(state, &rate_line, usize::from(area.width)),
                theme.accent(),
            ),
        )),
        area,
    );
}

/// Activities per week, all owners together.
fn activity_sparkline(frame: &mut Frame<'_>, area: Rect, state: &State, charts: &Charts) {
    let theme = &state.session.theme;
    let rtl = state.session.locale.is_rtl();
    // Activities per week, all owners together.
    let mut weeks: Vec<(chrono::NaiveDate, u64)> = Vec::new();
    for w in &charts.activity.weeks {
        let n = w.calls_in
            + w.calls_out
            + w.calls_missed
            + w.emails
            + w.meetings
            + w.notes
            + w.complaints
            + w.sms;
        let n = u64::try_from(n).unwrap_or(0);
        match weeks.iter_mut().find(|(d, _)| *d == w.week) {
            Some(slot) => slot.1 += n,
            None => weeks.push((w.week, n)),
        }
    }
    weeks.sort_by_key(|(d, _)| *d);
    let total: u64 = weeks.iter().map(|(_, n)| n).sum();
    let [label_area, spark_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(super::aligned(
            state,
            Line::styled(
                super::ui_fit(
                    state,
                    &state.session.locale.tf(
                        "reports.activity_chart",
                        &[("n", &state.session.locale.number(total as i64))],
                    ),
                    usize::from(label_area.width),
                ),
                theme.heading(),
            ),
        )),
        label_area,
    );
    let data: Vec<u64> = weeks.iter().map(|(_, n)| *n).collect();
    frame.render_widget(
        Sparkline::default()
            .data(&data)
            .style(theme.accent())
            .direction(if rtl {
                RenderDirection::RightToLeft
            } else {
                RenderDirection::LeftToRight
            }),
        spark_area,
    );
}

/// One line per open stage: name, entered count and a bar.
fn loaded_funnel_lines<'a>(state: &State, charts: &Charts, total: usize) -> Vec<Line<'a>> {
    let theme = &state.session.theme;
    let names: Vec<String> = charts
        .funnel
        .stages
        .iter()
        .map(|s| stage_label(state, &charts.funnel.pipeline, &s.stage))
        .collect();
    let name_width = names.iter().map(|n| width(n)).max().unwrap_or(0).min(14);
    let counts: Vec<String> = charts
        .funnel
        .stages
        .iter()
        .map(|s| state.session.locale.number(s.entered))
        .collect();
    let count_width = counts.iter().map(|c| width(c)).max().unwrap_or(1);
    let bar_width = total.saturating_sub(name_width + count_width + 2).max(1);
    let biggest = charts
        .funnel
        .stages
        .iter()
        .map(|s| s.entered)
        .max()
        .unwrap_or(0);
    charts
        .funnel
        .stages
        .iter()
        .zip(names.iter().zip(&counts))
        .map(|(s, (name, count))| {
            let cells = if biggest > 0 {
                (s.entered as usize * bar_width).div_ceil(biggest as usize)
            } else {
                0
            };
            let bar = "█".repeat(cells.min(bar_width));
            row(
                state,
                &[
                    Cell {
                        text: name,
                        width: name_width,
                        style: Style::new(),
                    },
                    Cell {
                        text: count,
                        width: count_width,
                        style: theme.muted(),
                    },
                    Cell {
                        text: &bar,
                        width: bar_width,
                        style: theme.accent(),
                    },
                ],
                Style::new(),
            )
        })
        .collect()
}

/// A pipeline's label in the interface language (its configured `label`).
fn pipeline_label(state: &State, pipeline: &str) -> String {
    let language = state.session.locale.language;
    state
        .session
        .config
        .pipeline(pipeline)
        .map_or(pipeline, |p| p.display_name(language))
        .to_string()
}

/// A stage's label in the interface language (its configured `label`).
fn stage_label(state: &State, pipeline: &str, stage: &str) -> String {
    state
        .session
        .config
        .stage_label(pipeline, stage, state.session.locale.language)
        .to_string()
}

/// Text of a row's cell: a label kariz writes in the interface language,
/// a name from the config (`named`: a stage, lost reason, category…; a
/// stage anywhere else) by its label, anything else (owners, sources) as
/// stored.
fn text_label(state: &State, text: &str, named: Option<Named<'static>>) -> String {
    let shown = label(state, "report.label", text);
    if shown != text {
        return shown;
    }
    let session = &state.session;
    session
        .locale
        .named(&session.config, named.unwrap_or(Named::Stage(None)), text)
}

/// A drilled row's label (its first cell) as the table shows it.
fn drill_label(state: &State, text: &str) -> String {
    let named = state
        .reports
        .loaded
        .as_ref()
        .and_then(|l| l.table.headers.first().copied())
        .and_then(Named::of_column);
    text_label(state, text, named)
}

/// The deals behind a row: title, stage, value, owner.
fn drill_list(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    drill: &crate::tui::reports::Drill,
) {
    let theme = &state.session.theme;
    let locale = &state.session.locale;
    let heading = locale.tf(
        "reports.deals_behind",
        &[
            ("row", &drill_label(state, &drill.label)),
            ("n", &locale.number(drill.deals.len() as i64)),
        ],
    );
    let mut lines = vec![super::aligned(
        state,
        Line::styled(
            super::ui_fit(state, &heading, usize::from(area.width)),
            theme.heading(),
        ),
    )];
    let w = super::widths(usize::from(area.width), &[], &[5, 3, 3, 2]);
    let height = usize::from(area.height).saturating_sub(1);
    let offset = drill.selected.saturating_sub(height.saturating_sub(1));
    for i in window(offset, height, drill.deals.len()) {
        let deal = &drill.deals[i];
        let base = if i == drill.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let stage = stage_label(state, &deal.data.pipeline, &deal.data.stage);
        let value = locale.money(deal.data.value_minor, &deal.data.currency);
        let owner = deal
            .data
            .owner
            .as_deref()
            .map(|o| state.session.person_name(o))
            .unwrap_or_default();
        let texts = [
            deal.data.title.as_str(),
            stage.as_str(),
            value.as_str(),
            owner,
        ];
        let cells: Vec<Cell<'_>> = texts
            .iter()
            .zip(&w)
            .map(|(text, &width)| Cell {
                text,
                width,
                style: base,
            })
            .collect();
        lines.push(row(state, &cells, base));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
