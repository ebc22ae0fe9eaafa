//! Drawing: reads the state, never the database. One file per view; the
//! helpers here put user text through the display pipeline and lay out
//! cells in reading order (mirrored for a right-to-left interface).

mod caller;
mod cases;
mod contacts;
mod customer;
mod deal;
mod help;
mod overlay;
mod pipeline;
mod quote;
mod reports;
mod status;
mod today;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::state::{Page, State, View};
use crate::model::ActivityKind;
use crate::text::display::{visual, visual_in, width};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, state: &State) {
    let [tabs, main, message, status] = screen_areas(frame.area());
    status::tabs(frame, tabs, state);
    match state.pages.last() {
        Some(Page::Customer(page)) => customer::draw(frame, main, state, page),
        Some(Page::Deal(page)) => deal::draw(frame, main, state, page),
        Some(Page::Case(page)) => cases::draw_page(frame, main, state, page),
        Some(Page::Quote(page)) => quote::draw(frame, main, state, page),
        None => match state.view {
            View::Today => today::draw(frame, main, state),
            View::Contacts => contacts::draw(frame, main, state),
            View::Pipeline => pipeline::draw(frame, main, state),
            View::Reports => reports::draw(frame, main, state),
            View::Cases => cases::draw(frame, main, state),
        },
    }
    status::message(frame, message, state);
    status::status(frame, status, state);
    overlay::draw(frame, state);
}

/// The tab line, the main area, the message line and the status line
/// (`State::main_height` is the main area's height).
pub(crate) fn screen_areas(area: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// User text as one visual line of at most `max` cells.
pub(crate) fn user(state: &State, text: &str, max: usize) -> String {
    visual(text, Some(max), &state.session.display)
}

/// A UI line (catalogue text, perhaps with data in it) laid out as one
/// field: a Persian or Arabic interface string needs the same reordering
/// and shaping as user data. Build the whole line in logical order first,
/// then call this once (running it twice would reorder twice). The base
/// direction is the interface language's, whatever data the line starts
/// with.
pub(crate) fn ui(state: &State, text: &str) -> String {
    visual_in(
        text,
        state.session.locale.is_rtl(),
        None,
        &state.session.display,
    )
}

/// Like [`ui`], cut to at most `max` cells.
pub(crate) fn ui_fit(state: &State, text: &str, max: usize) -> String {
    visual_in(
        text,
        state.session.locale.is_rtl(),
        Some(max),
        &state.session.display,
    )
}

/// A heading or message line, right-aligned in a right-to-left interface.
pub(crate) fn aligned<'a>(state: &State, line: Line<'a>) -> Line<'a> {
    if state.session.locale.is_rtl() {
        line.right_aligned()
    } else {
        line
    }
}

/// Pads visual text to exactly `cells` cells (left- or right-aligned).
pub(crate) fn pad(text: &str, cells: usize, right: bool) -> String {
    let used = width(text);
    let fill = " ".repeat(cells.saturating_sub(used));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// A cell: raw user text, its width, its style.
pub(crate) struct Cell<'a> {
    /// Text in logical order (user data or UI strings).
    pub text: &'a str,
    /// Cells it gets.
    pub width: usize,
    /// Style.
    pub style: Style,
}

/// A row of cells separated by a space, mirrored in a right-to-left UI.
/// Each cell is user data (see [`user`]).
pub(crate) fn row<'a>(state: &State, cells: &[Cell<'_>], style: Style) -> Line<'a> {
    laid_out_row(state, cells, style, |text, max| user(state, text, max))
}

/// Like [`row`] for cells that are interface sentences built with
/// `Locale::tf` (see [`ui`]): their inserted values stay isolates instead
/// of showing as escaped controls.
pub(crate) fn ui_row<'a>(state: &State, cells: &[Cell<'_>], style: Style) -> Line<'a> {
    laid_out_row(state, cells, style, |text, max| ui_fit(state, text, max))
}

fn laid_out_row<'a>(
    state: &State,
    cells: &[Cell<'_>],
    style: Style,
    shown: impl Fn(&str, usize) -> String,
) -> Line<'a> {
    let rtl = state.session.locale.is_rtl();
    let mut spans: Vec<Span<'a>> = Vec::new();
    let ordered: Vec<&Cell<'_>> = if rtl {
        cells.iter().rev().collect()
    } else {
        cells.iter().collect()
    };
    for (i, cell) in ordered.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let text = shown(cell.text, cell.width);
        spans.push(Span::styled(pad(&text, cell.width, rtl), cell.style));
    }
    Line::from(spans).style(style)
}

/// The translated name of an activity kind ("E-mail", "Call in").
pub(crate) fn activity_kind(state: &State, kind: ActivityKind) -> &str {
    let key = match kind {
        ActivityKind::IncomingCall => "activity.incoming_call",
        ActivityKind::OutgoingCall => "activity.outgoing_call",
        ActivityKind::MissedCall => "activity.missed_call",
        ActivityKind::Email => "activity.email",
        ActivityKind::Meeting => "activity.meeting",
        ActivityKind::Sms => "activity.sms",
        ActivityKind::Note => "activity.note",
        ActivityKind::Complaint => "activity.complaint",
    };
    state.t(key)
}

/// Cells for the activity kind column: the longest translated kind name,
/// at most `max`.
pub(crate) fn activity_kind_width(state: &State, max: usize) -> usize {
    ActivityKind::ALL
        .iter()
        .map(|k| width(activity_kind(state, *k)))
        .max()
        .unwrap_or(0)
        .min(max)
}

/// One timeline entry: date, kind, text, author. The kind is a cell of its
/// own: a UI word ("E-mail") in front of the subject would set the
/// direction of a Persian subject to left-to-right. `widths` are the date,
/// kind, text and author columns.
pub(crate) fn activity_row<'a>(
    state: &State,
    activity: &crate::model::Activity,
    text: &str,
    widths: [usize; 4],
    base: Style,
) -> Line<'a> {
    let theme = &state.session.theme;
    let when = state.session.locale.date(
        activity
            .data
            .occurred_at
            .with_timezone(&state.session.offset)
            .date_naive(),
    );
    row(
        state,
        &[
            Cell {
                text: &when,
                width: widths[0],
                style: theme.muted(),
            },
            Cell {
                text: activity_kind(state, activity.data.kind),
                width: widths[1],
                style: theme.accent(),
            },
            Cell {
                text,
                width: widths[2],
                style: base,
            },
            Cell {
                text: state.session.person_name(&activity.data.author),
                width: widths[3],
                style: theme.muted(),
            },
        ],
        base,
    )
}

/// Cells for a label column: the longest of `keys` translated, at most `max`.
pub(crate) fn label_width(state: &State, keys: &[&str], max: usize) -> usize {
    keys.iter()
        .map(|key| width(state.t(key)))
        .max()
        .unwrap_or(0)
        .min(max)
}

/// Splits `total` cells among flexible columns by weight, after `fixed`.
pub(crate) fn widths(total: usize, fixed: &[usize], weights: &[usize]) -> Vec<usize> {
    let gaps = fixed.len() + weights.len();
    let spare = total
        .saturating_sub(fixed.iter().sum::<usize>())
        .saturating_sub(gaps.saturating_sub(1));
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let mut out: Vec<usize> = fixed.to_vec();
    out.extend(weights.iter().map(|w| spare * w / sum));
    out
}

/// The visible slice of a list of `len` rows starting at `offset`.
pub(crate) fn window(offset: usize, height: usize, len: usize) -> std::ops::Range<usize> {
    let start = offset.min(len);
    start..(start + height).min(len)
}

/// "· marked N " for a view's title, or nothing while no row is marked.
pub(crate) fn marked_note(state: &State, count: usize) -> String {
    if count == 0 {
        return String::new();
    }
    let count = state.session.locale.number(count as i64);
    format!(
        "· {} ",
        state
            .session
            .locale
            .tf("contacts.marked", &[("count", &count)])
    )
}

/// A marked row's or card's title: bold, underlined, in the warning colour.
pub(crate) fn marked_style(state: &State) -> Style {
    state
        .session
        .theme
        .warning()
        .add_modifier(ratatui::style::Modifier::BOLD | ratatui::style::Modifier::UNDERLINED)
}
