//! Printing for people (aligned tables, key/value blocks) and for scripts
//! (JSON). Every piece of user text passes through `text::sanitize`, so
//! stored escape sequences are shown, never executed by the terminal.

use crate::clock::Clock;
use crate::locale::Locale;
use crate::store::PageKey;
use crate::text::display::DisplayOptions;
use crate::text::sanitize::{escape_json_output, visible, visible_multiline};
use anyhow::Result;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

mod streamed;

/// Reads a name-ordered list page by page (keyset paging keeps memory and
/// query time flat however long the list), up to `limit` rows.
pub fn all_pages<T>(
    limit: Option<usize>,
    mut fetch: impl FnMut(Option<&PageKey>, usize) -> crate::Result<Vec<T>>,
    key_of: impl Fn(&T) -> PageKey,
) -> Result<Vec<T>> {
    const PAGE: usize = 500;
    let mut remaining = limit.unwrap_or(usize::MAX);
    let mut after: Option<PageKey> = None;
    let mut all = Vec::new();
    while remaining > 0 {
        let page = fetch(after.as_ref(), PAGE.min(remaining))?;
        let Some(last) = page.last() else { break };
        after = Some(key_of(last));
        remaining = remaining.saturating_sub(page.len());
        let short = page.len() < PAGE;
        all.extend(page);
        if short {
            break;
        }
    }
    Ok(all)
}

/// Longest cell shown in a table before it is cut with "…".
const MAX_CELL: usize = 48;

/// Prints a value as pretty JSON with controls escaped.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", escape_json_output(&text))?;
    Ok(())
}

/// Writes text that is already sanitised (rendered tables and details).
pub fn raw(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Prints one line of user-facing text; every control character in it,
/// line breaks included, is made visible, so a title holding a newline
/// cannot spread a message over several lines.
pub fn line(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", visible(text))?;
    Ok(())
}

/// Prints kariz's own multi-line text (which may quote user text): line
/// breaks are kept, other controls made visible.
pub fn lines(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", visible_multiline(text))?;
    Ok(())
}

/// How this run's human output looks: the locale (calendar, digits, money)
/// and, on a terminal, how right-to-left text is laid out. A value built
/// from the config where a command loads it ([`super::context::Context::render`])
/// and handed to every renderer, so two configs in one process (tests, a
/// future server) each render in their own locale. `--json` output never
/// goes through it.
#[derive(Debug, Clone, Default)]
pub struct Render {
    locale: Locale,
    /// Visual order for a terminal; `None` keeps logical order (pipes).
    display: Option<DisplayOptions>,
}

impl Render {
    /// Prints one of kariz's (English) sentences with data inserted through
    /// `text::display::isolate` (a Persian title, a stage label): on a terminal
    /// it goes through the display pipeline as a left-to-right sentence with
    /// each piece of data an isolate, so a Persian name cannot carry the words
    /// around it into its run (`bidi = "terminal"` keeps the FSI … PDI marks
    /// for the terminal's own bidi). Piped or redirected, the marks are left
    /// out: the line is logical text, as stored, for scripts and greps.
    pub fn sentence(&self, text: &str) -> Result<()> {
        let shown = match &self.display {
            Some(options) => crate::text::display::visual_in(text, false, None, options),
            // `isolate` made the data's own isolates visible already, so only
            // kariz's marks are dropped here.
            None => visible(&text.replace(['\u{2068}', '\u{2069}'], "")).into_owned(),
        };
        let mut out = std::io::stdout().lock();
        writeln!(out, "{shown}")?;
        Ok(())
    }

    /// Output in `locale`, laid out with `display` (or in logical order).
    pub fn new(locale: Locale, display: Option<DisplayOptions>) -> Render {
        Render { locale, display }
    }

    /// The locale dates, money and counts follow.
    pub fn locale(&self) -> &Locale {
        &self.locale
    }

    /// An empty table with these column headers, laid out for this output.
    pub fn table(&self, headers: &[&'static str]) -> Table {
        Table::new(headers, self.display)
    }

    /// An empty block of `label  value` lines, laid out for this output.
    pub fn details(&self) -> Details {
        Details {
            lines: Vec::new(),
            display: self.display,
        }
    }

    /// A local, human form of a UTC time: `2026-11-22 14:30`, or in a
    /// Persian locale `۱۴۰۵/۰۹/۰۱ ۱۴:۳۰`.
    pub fn local_time(&self, clock: &Clock, at: DateTime<Utc>) -> String {
        self.locale
            .date_time(at.with_timezone(clock.now_local().offset()).fixed_offset())
    }

    /// A date in the locale's calendar and digits: `2026-11-22`, `۱۴۰۵/۰۹/۰۱`.
    pub fn date(&self, date: NaiveDate) -> String {
        self.locale.date(date)
    }

    /// A date with an optional time of day: `2026-11-22 14:30`.
    pub fn date_and_time(&self, date: NaiveDate, time: Option<NaiveTime>) -> String {
        self.locale.date_and_time(date, time)
    }

    /// An amount with its currency: `12,500.00 USD`, `۸۵۰٬۰۰۰٬۰۰۰ ریال`.
    pub fn money(&self, minor: i64, currency: &str) -> String {
        self.locale.money(minor, currency)
    }

    /// A count (rows, days, deals) in the locale's digits: `12`, `۱۲`.
    pub fn count(&self, n: impl TryInto<i64>) -> String {
        self.locale.number(n.try_into().unwrap_or(i64::MAX))
    }

    /// ASCII digits in kariz's own text (e.g. "40%") in the locale's digits.
    pub fn digits(&self, text: &str) -> String {
        self.locale.digits(text)
    }

    /// A decimal figure (`1.5`, `62.5%`) in the locale's digits and
    /// decimal separator.
    pub fn decimal(&self, text: &str) -> String {
        self.locale.decimal(text)
    }
}

/// One cell of human output: visual order on a terminal (with controls made
/// visible and cut to `max` cells), else sanitised and cut in logical order;
/// clean text that fits is kept as it is, not copied.
fn shown_cell<'c>(
    text: Cow<'c, str>,
    max: usize,
    display: Option<&DisplayOptions>,
) -> Cow<'c, str> {
    match display {
        Some(options) => Cow::Owned(crate::text::display::visual(&text, Some(max), options)),
        None => match visible(&text) {
            Cow::Borrowed(clean) if clean.len() <= max || clean.width() <= max => text,
            shown => Cow::Owned(cut(&shown, max)),
        },
    }
}

/// A cell as shown, with its width in cells.
fn measured<'c>(text: Cow<'c, str>, display: Option<&DisplayOptions>) -> (Cow<'c, str>, usize) {
    if let Some(width) = plain_cell_width(&text, display) {
        return (text, width);
    }
    let shown = shown_cell(text, MAX_CELL, display);
    let width = crate::text::display::width(&shown);
    (shown, width)
}

/// The width of a cell that is shown exactly as it is: clean text that
/// fits (ids, e-mails, phones, owners, most names), in logical order.
/// Measured once, not sanitised and then measured.
fn plain_cell_width(text: &str, display: Option<&DisplayOptions>) -> Option<usize> {
    if display.is_some() {
        return None;
    }
    crate::text::display::plain_width(text).filter(|&width| width <= MAX_CELL)
}

/// Appends `count` spaces, a run at a time rather than a character at a
/// time: a long listing pads every cell.
fn pad_with_spaces(out: &mut String, mut count: usize) {
    const SPACES: &str = "                                                                ";
    while count > 0 {
        let run = count.min(SPACES.len());
        out.push_str(SPACES.get(..run).unwrap_or_default());
        count -= run;
    }
}

/// Lays out one line of cells padded to `widths` (right-aligned where
/// `right` says), with no trailing spaces, and a line feed.
fn push_cells<S: AsRef<str>>(
    out: &mut String,
    cells: &[(S, usize)],
    widths: &[usize],
    right: &[bool],
) {
    let last = cells.len().saturating_sub(1);
    for (i, (cell, width)) in cells.iter().enumerate() {
        let cell = cell.as_ref();
        let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(*width);
        if right.get(i).copied().unwrap_or(false) {
            pad_with_spaces(out, pad);
            out.push_str(cell);
        } else {
            out.push_str(cell);
            if i != last {
                pad_with_spaces(out, pad);
            }
        }
        if i != last {
            out.push_str("  ");
        }
    }
    // An empty last cell (or header) would leave trailing spaces.
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out.push('\n');
}

/// Cuts text to `max` display columns, adding "…" when cut.
pub fn cut(text: &str, max: usize) -> String {
    // No character takes more cells than it has UTF-8 bytes, so a short
    // string fits without being measured.
    if text.len() <= max || text.width() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width + w + 1 > max {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// An aligned text table.
pub struct Table {
    headers: Vec<&'static str>,
    display: Option<DisplayOptions>,
    right: Vec<bool>,
    /// Each cell with its width in cells, measured once.
    rows: Vec<Vec<(String, usize)>>,
}

impl Table {
    /// A table with these column headers (see [`Render::table`]).
    fn new(headers: &[&'static str], display: Option<DisplayOptions>) -> Table {
        Table {
            headers: headers.to_vec(),
            display,
            right: vec![false; headers.len()],
            rows: Vec::new(),
        }
    }

    /// Right-aligns the named column (numbers, amounts).
    pub fn align_right(mut self, header: &str) -> Table {
        if let Some(i) = self.headers.iter().position(|h| *h == header) {
            self.right[i] = true;
        }
        self
    }

    /// Adds a row; cells are sanitised, single-lined and cut.
    pub fn row(&mut self, cells: Vec<String>) {
        let display = self.display.as_ref();
        let cells = cells
            .into_iter()
            .map(|c| {
                let (shown, width) = measured(Cow::Owned(c), display);
                (shown.into_owned(), width)
            })
            .collect();
        self.rows.push(cells);
    }

    /// Number of rows added.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no rows were added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Renders the table; `empty` is printed instead when there are no rows.
    pub fn render(&self, empty: &str) -> String {
        let mut out = String::new();
        self.each_line(empty, |line| {
            out.push_str(line);
            Ok(())
        })
        .unwrap_or_default();
        out
    }

    /// Hands each line of the table, newline included, to `emit` (`empty`
    /// alone when there are no rows), reusing one buffer: a long listing
    /// goes out as it is laid out, never held whole a second time.
    fn each_line(
        &self,
        empty: &str,
        mut emit: impl FnMut(&str) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if self.rows.is_empty() {
            return emit(&format!("{empty}\n"));
        }
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, (_, width)) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(*width);
                }
            }
        }
        let header: Vec<(String, usize)> = self
            .headers
            .iter()
            .map(|h| (h.to_uppercase(), h.width()))
            .collect();
        let mut line = String::new();
        for cells in std::iter::once(&header).chain(&self.rows) {
            line.clear();
            self.push_line(&mut line, cells, &widths);
            emit(&line)?;
        }
        Ok(())
    }

    fn push_line(&self, out: &mut String, cells: &[(String, usize)], widths: &[usize]) {
        push_cells(out, cells, widths, &self.right);
    }

    /// Prints the table to stdout.
    pub fn print(&self, empty: &str) -> Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        self.each_line(empty, |line| out.write_all(line.as_bytes()))?;
        out.flush()?;
        Ok(())
    }
}

/// A block of `label  value` lines for `show` commands (see
/// [`Render::details`]).
pub struct Details {
    lines: Vec<(&'static str, String)>,
    display: Option<DisplayOptions>,
}

impl Details {
    /// Adds a line when the value is present and non-empty.
    pub fn field(&mut self, label: &'static str, value: Option<String>) -> &mut Self {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.lines.push((label, v));
        }
        self
    }

    /// Renders with labels padded; multi-line values are indented.
    pub fn render(&self) -> String {
        let width = self.lines.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
        let mut out = String::new();
        for (label, value) in &self.lines {
            let shown = match &self.display {
                Some(options) => value
                    .split('\n')
                    .map(|line| crate::text::display::visual(line, None, options))
                    .collect::<Vec<_>>()
                    .join("\n"),
                None => crate::text::sanitize::visible_multiline(value).into_owned(),
            };
            let indent = " ".repeat(width + 4);
            let mut first = true;
            for part in shown.split('\n') {
                if first {
                    out.push_str(&format!("  {label:<width$}  {part}\n"));
                    first = false;
                } else {
                    out.push_str(&format!("{indent}{part}\n"));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_wide_and_persian_text() {
        let mut t = Render::default().table(&["id", "name"]).align_right("id");
        t.row(vec!["7".into(), "سارا احمدی".into()]);
        t.row(vec!["12".into(), "Sara".into()]);
        let text = t.render("none");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ID  NAME");
        assert_eq!(lines[1], " 7  سارا احمدی");
        assert_eq!(lines[2], "12  Sara");
    }

    #[test]
    fn table_cells_show_escape_sequences() {
        let mut t = Render::default().table(&["name"]);
        t.row(vec!["evil\u{1b}]52;c;aGk=\u{7}".into()]);
        let text = t.render("none");
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("\\u{1b}"));
    }

    #[test]
    fn empty_table_prints_the_message() {
        assert_eq!(
            Render::default().table(&["a"]).render("No people."),
            "No people.\n"
        );
    }

    #[test]
    fn cut_adds_ellipsis_within_width() {
        assert_eq!(cut("abcdefgh", 5), "abcd…");
        assert_eq!(cut("abc", 5), "abc");
    }
}
