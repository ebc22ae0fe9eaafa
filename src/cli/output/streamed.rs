//! A table printed from rows produced twice, once to measure the columns
//! and once to print them, instead of held: a listing of a million people
//! keeps only its source in memory (the people list snapshot), not a
//! second copy of every cell.

use super::{Render, measured, push_cells};
use anyhow::Result;
use std::borrow::Cow;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

impl Render {
    /// Prints a table of `headers` (right-aligned where `right` says) whose
    /// rows `rows` makes afresh each time it is called: the same rows both
    /// times. `empty` is printed instead when there are none. Cells are
    /// sanitised, single-lined and cut as [`super::Table::row`] does.
    pub fn print_streamed<'a, const N: usize, I>(
        &self,
        headers: [&'static str; N],
        right: [bool; N],
        rows: impl Fn() -> I,
        empty: &str,
    ) -> Result<()>
    where
        I: Iterator<Item = [Cow<'a, str>; N]>,
    {
        let display = self.display.as_ref();
        let mut widths = headers.map(|h| h.width());
        let mut any = false;
        for row in rows() {
            any = true;
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(measured(cell, display).1);
            }
        }
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        if !any {
            writeln!(out, "{empty}")?;
            out.flush()?;
            return Ok(());
        }
        let mut line = String::new();
        let header = headers.map(|h| (h.to_uppercase(), h.width()));
        push_cells(&mut line, &header, &widths, &right);
        out.write_all(line.as_bytes())?;
        for row in rows() {
            line.clear();
            let cells = row.map(|cell| measured(cell, display));
            push_cells(&mut line, &cells, &widths, &right);
            out.write_all(line.as_bytes())?;
        }
        out.flush()?;
        Ok(())
    }
}
