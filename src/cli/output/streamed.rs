//! A table printed from rows produced twice, once to measure the columns
//! and once to print them, instead of held: a listing of a million people
//! keeps only its source in memory (the people list snapshot) and each
//! cell's width, not a second copy of every cell.

use super::{Render, measured, plain_cell_width, push_cells};
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
        // The width of each cell shown as it is, from the first pass, so
        // the second only copies it (two bytes a cell; `None` for a cell
        // that is escaped or cut, measured again when printed).
        let mut known: Vec<[Option<u16>; N]> = Vec::new();
        for row in rows() {
            let mut plain = [None; N];
            for ((width, cell), plain) in widths.iter_mut().zip(row).zip(plain.iter_mut()) {
                let w = match plain_cell_width(&cell, display) {
                    Some(w) => {
                        *plain = u16::try_from(w).ok();
                        w
                    }
                    None => measured(cell, display).1,
                };
                *width = (*width).max(w);
            }
            known.push(plain);
        }
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        if known.is_empty() {
            writeln!(out, "{empty}")?;
            out.flush()?;
            return Ok(());
        }
        let mut line = String::new();
        let header = headers.map(|h| (h.to_uppercase(), h.width()));
        push_cells(&mut line, &header, &widths, &right);
        out.write_all(line.as_bytes())?;
        for (row, plain) in rows().zip(known) {
            line.clear();
            let mut plain = plain.into_iter();
            let cells = row.map(|cell| match plain.next().flatten() {
                Some(w) => (cell, usize::from(w)),
                None => measured(cell, display),
            });
            push_cells(&mut line, &cells, &widths, &right);
            out.write_all(line.as_bytes())?;
        }
        out.flush()?;
        Ok(())
    }
}
