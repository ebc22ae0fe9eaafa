//! Where everything goes on the page. Positions are worked out from the
//! "start" edge (left in English, right in Persian and Arabic) and then
//! mirrored for right-to-left documents, so the table's columns, the
//! letterhead and the totals all swap sides together.
//!
//! The result is a list of pages of drawing operations; `render` turns it
//! into PDF. Keeping the two apart lets the layout be tested without
//! reading a PDF back.

use crate::locale::digits;
use crate::print::view::View;

use super::shape::{Face, Shaped, shape, wrap};

/// Page size and margin in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Margin on every side.
    pub margin: f32,
}

/// One drawing operation; `y` grows downwards from the top of the page.
#[derive(Debug, Clone)]
pub enum Op {
    /// A shaped line; `x` is its left end, `y` its baseline.
    Text {
        /// Left end.
        x: f32,
        /// Baseline.
        y: f32,
        /// The glyphs.
        text: Shaped,
        /// From the bold chain.
        bold: bool,
    },
    /// A filled rectangle (rules, the table header's shade).
    Fill {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Grey level, 0 black to 255 white.
        gray: u8,
    },
    /// The logo, scaled into this box.
    Logo {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
    },
}

/// The font chains.
pub struct Fonts {
    /// Regular text.
    pub regular: Vec<Face>,
    /// Bold text.
    pub bold: Vec<Face>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Start,
    Center,
    End,
}

/// Line height as a multiple of the font size; generous because Naskh
/// letters reach far above and below the line.
const LEADING: f32 = 1.6;
/// Baseline below the top of a line, as a multiple of the font size.
const ASCENT: f32 = 1.12;
/// Space inside table cells.
const PAD: f32 = 3.0;
const BODY: f32 = 9.0;

struct Column {
    key: &'static str,
    width: f32,
    align: Align,
}

struct Layout<'a> {
    view: &'a View,
    fonts: &'a Fonts,
    geo: Geometry,
    rtl: bool,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
}

/// Lays `view` out on pages. `logo` is the logo's pixel size when there
/// is one.
#[must_use]
pub fn layout(view: &View, fonts: &Fonts, geo: Geometry, logo: Option<(u32, u32)>) -> Vec<Vec<Op>> {
    let mut l = Layout {
        view,
        fonts,
        geo,
        rtl: view.rtl,
        pages: Vec::new(),
        ops: Vec::new(),
        y: geo.margin,
    };
    l.header(logo);
    l.buyer();
    l.table();
    l.totals();
    l.words_and_notes();
    l.finish()
}

impl Layout<'_> {
    fn content_width(&self) -> f32 {
        self.geo.width - 2.0 * self.geo.margin
    }

    fn bottom(&self) -> f32 {
        self.geo.height - self.geo.margin - 14.0
    }

    fn chain(&self, bold: bool) -> &[Face] {
        if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        }
    }

    /// The left x of something `width` wide at `start` from the start edge.
    fn x_for(&self, start: f32, width: f32) -> f32 {
        if self.rtl {
            self.geo.width - self.geo.margin - start - width
        } else {
            self.geo.margin + start
        }
    }

    fn shape(&self, text: &str, size: f32, bold: bool) -> Shaped {
        shape(text, self.rtl, self.chain(bold), size)
    }

    fn wrap(&self, text: &str, size: f32, bold: bool, max: f32) -> Vec<Shaped> {
        wrap(text, self.rtl, self.chain(bold), size, max)
    }

    /// Places a shaped line in the box `[start, start + width)` with its
    /// top at `top`.
    fn put(&mut self, text: Shaped, start: f32, width: f32, top: f32, align: Align, bold: bool) {
        let offset = match align {
            Align::Start => 0.0,
            Align::Center => (width - text.width) / 2.0,
            Align::End => width - text.width,
        };
        let x = self.x_for(start + offset, text.width);
        let y = top + text.size * ASCENT;
        self.ops.push(Op::Text { x, y, text, bold });
    }

    fn fill(&mut self, start: f32, width: f32, top: f32, height: f32, gray: u8) {
        let x = self.x_for(start, width);
        self.ops.push(Op::Fill {
            x,
            y: top,
            w: width,
            h: height,
            gray,
        });
    }

    /// Wrapped text in a box from `top`; returns the height used.
    fn paragraph(
        &mut self,
        text: &str,
        (start, width): (f32, f32),
        top: f32,
        size: f32,
        bold: bool,
        align: Align,
    ) -> f32 {
        let lines = self.wrap(text, size, bold, width);
        let mut y = top;
        for line in lines {
            self.put(line, start, width, y, align, bold);
            y += size * LEADING;
        }
        y - top
    }

    /// Starts a new page when `height` more does not fit on this one.
    fn ensure(&mut self, height: f32) -> bool {
        if self.y + height <= self.bottom() {
            return false;
        }
        self.pages.push(std::mem::take(&mut self.ops));
        self.y = self.geo.margin;
        // A running head, so a loose page still says what it belongs to.
        let head = format!(
            "{} {} — {}",
            self.view.title, self.view.number, self.view.seller.name
        );
        let cw = self.content_width();
        let h = self.paragraph(&head, (0.0, cw), self.geo.margin, 8.0, false, Align::Start);
        self.y += h + 4.0;
        true
    }

    fn header(&mut self, logo: Option<(u32, u32)>) {
        let cw = self.content_width();
        let left = cw * 0.55;
        let view = self.view;
        let top = self.y;
        // Start side: the letterhead.
        let mut y = top;
        y += self.paragraph(
            &view.seller.name,
            (0.0, left - 8.0),
            y,
            14.0,
            true,
            Align::Start,
        );
        for (label, value) in &view.seller.details {
            let line = format!("{label}: {value}");
            y += self.paragraph(&line, (0.0, left - 8.0), y, 8.5, false, Align::Start);
        }
        // End side: logo, title, number and dates.
        let right = cw - left;
        let mut y2 = top;
        if let Some((w, h)) = logo.filter(|&(w, h)| w > 0 && h > 0) {
            let scale = (56.0 / h as f32).min(right / w as f32);
            let (w, h) = (w as f32 * scale, h as f32 * scale);
            let x = self.x_for(cw - w, w);
            self.ops.push(Op::Logo { x, y: y2, w, h });
            y2 += h + 4.0;
        }
        y2 += self.paragraph(&view.title, (left, right), y2, 18.0, true, Align::End);
        let mut meta = vec![
            (view.label_of("number"), view.number.clone()),
            (view.label_of("date"), view.issued.clone()),
        ];
        if !view.due.is_empty() {
            meta.push((view.label_of("due"), view.due.clone()));
        }
        for (label, value) in meta {
            y2 += self.paragraph(
                &format!("{label}: {value}"),
                (left, right),
                y2,
                10.0,
                false,
                Align::End,
            );
        }
        self.y = y.max(y2) + 4.0;
        self.fill(0.0, cw, self.y, 1.2, 0);
        self.y += 8.0;
    }

    fn buyer(&mut self) {
        let cw = self.content_width();
        let view = self.view;
        let line = format!("{}: {}", view.label_of("buyer"), view.buyer.name);
        let top = self.y;
        self.y += self.paragraph(&line, (0.0, cw), top, 10.5, true, Align::Start);
        for (label, value) in &view.buyer.details {
            let top = self.y;
            self.y += self.paragraph(
                &format!("{label}: {value}"),
                (0.0, cw),
                top,
                9.0,
                false,
                Align::Start,
            );
        }
        self.y += 8.0;
    }

    fn columns(&self) -> Vec<Column> {
        let view = self.view;
        let any = |f: fn(&crate::print::view::LineView) -> &String| {
            view.lines.iter().any(|l| !f(l).is_empty())
        };
        let mut fixed: Vec<Column> = vec![
            Column {
                key: "row",
                width: 24.0,
                align: Align::Center,
            },
            Column {
                key: "description",
                width: 0.0,
                align: Align::Start,
            },
            Column {
                key: "quantity",
                width: 40.0,
                align: Align::Center,
            },
            Column {
                key: "unit",
                width: 40.0,
                align: Align::Center,
            },
            Column {
                key: "unit_price",
                width: 72.0,
                align: Align::End,
            },
        ];
        if any(|l| &l.discount) {
            fixed.push(Column {
                key: "discount",
                width: 62.0,
                align: Align::End,
            });
        }
        if any(|l| &l.tax) {
            fixed.push(Column {
                key: "tax",
                width: 62.0,
                align: Align::End,
            });
        }
        fixed.push(Column {
            key: "line_total",
            width: 80.0,
            align: Align::End,
        });
        let used: f32 = fixed.iter().map(|c| c.width).sum();
        let rest = (self.content_width() - used).max(60.0);
        for column in &mut fixed {
            if column.key == "description" {
                column.width = rest;
            }
        }
        fixed
    }

    fn table_header(&mut self, columns: &[Column]) {
        let size = 8.5;
        let heights: Vec<Vec<Shaped>> = columns
            .iter()
            .map(|c| self.wrap(&self.view.label_of(c.key), size, true, c.width - 2.0 * PAD))
            .collect();
        let rows = heights.iter().map(Vec::len).max().unwrap_or(1) as f32;
        let h = rows * size * LEADING + 2.0 * PAD;
        let top = self.y;
        self.fill(0.0, self.content_width(), top, h, 225);
        let mut start = 0.0;
        for (column, lines) in columns.iter().zip(heights) {
            let mut y = top + PAD;
            for line in lines {
                self.put(
                    line,
                    start + PAD,
                    column.width - 2.0 * PAD,
                    y,
                    Align::Center,
                    true,
                );
                y += size * LEADING;
            }
            start += column.width;
        }
        self.y += h;
    }

    fn table(&mut self) {
        let columns = self.columns();
        self.table_header(&columns);
        let view = self.view;
        for line in &view.lines {
            let cells: Vec<(&Column, &String)> = columns
                .iter()
                .map(|c| {
                    let value = match c.key {
                        "row" => &line.index,
                        "description" => &line.description,
                        "quantity" => &line.quantity,
                        "unit" => &line.unit,
                        "unit_price" => &line.unit_price,
                        "discount" => &line.discount,
                        "tax" => &line.tax,
                        _ => &line.total,
                    };
                    (c, value)
                })
                .collect();
            let shaped: Vec<Vec<Shaped>> = cells
                .iter()
                .map(|(c, value)| {
                    let inner = c.width - 2.0 * PAD;
                    if c.key == "description" || c.key == "unit" {
                        self.wrap(value, BODY, false, inner)
                    } else {
                        // Figures never wrap: a figure too wide for its
                        // column is set smaller instead.
                        let one = self.shape(value, BODY, false);
                        if one.width > inner && one.width > 0.0 {
                            vec![self.shape(value, BODY * inner / one.width, false)]
                        } else {
                            vec![one]
                        }
                    }
                })
                .collect();
            let rows = shaped.iter().map(Vec::len).max().unwrap_or(1) as f32;
            let h = rows * BODY * LEADING + 2.0 * PAD;
            if self.ensure(h) {
                self.table_header(&columns);
            }
            let top = self.y;
            let mut start = 0.0;
            for ((column, _), lines) in cells.iter().zip(shaped) {
                let mut y = top + PAD;
                for text in lines {
                    // Smaller figures sit on the same baseline as the rest.
                    let drop = (BODY - text.size) * ASCENT;
                    self.put(
                        text,
                        start + PAD,
                        column.width - 2.0 * PAD,
                        y + drop,
                        column.align,
                        false,
                    );
                    y += BODY * LEADING;
                }
                self.fill(start, 0.5, top, h, 150);
                start += column.width;
            }
            self.fill(start - 0.5, 0.5, top, h, 150);
            self.fill(0.0, start, top + h - 0.5, 0.5, 150);
            self.y += h;
        }
        self.y += 8.0;
    }

    fn totals(&mut self) {
        let cw = self.content_width();
        let view = self.view;
        let (label_w, value_w) = (110.0, 130.0);
        let start = cw - label_w - value_w;
        let mut rows = vec![(view.label_of("subtotal"), view.subtotal.clone(), false)];
        if !view.discount.is_empty() {
            rows.push((view.label_of("discount"), view.discount.clone(), false));
        }
        if !view.tax.is_empty() {
            rows.push((view.label_of("tax"), view.tax.clone(), false));
        }
        rows.push((view.label_of("total"), view.total.clone(), true));
        for (label, value, bold) in rows {
            let size = if bold { 10.5 } else { 9.5 };
            let h = size * LEADING + 2.0;
            self.ensure(h);
            let top = self.y;
            if bold {
                self.fill(start, label_w + value_w, top, 0.8, 0);
            }
            let label = self.shape(&label, size, bold);
            self.put(label, start, label_w, top + 2.0, Align::Start, bold);
            let mut shaped = self.shape(&value, size, bold);
            if shaped.width > value_w {
                shaped = self.shape(&value, size * value_w / shaped.width, bold);
            }
            self.put(
                shaped,
                start + label_w,
                value_w,
                top + 2.0,
                Align::End,
                bold,
            );
            self.y += h;
        }
        self.y += 8.0;
    }

    fn words_and_notes(&mut self) {
        let cw = self.content_width();
        let view = self.view;
        let words = format!("{}: {}", view.label_of("in_words"), view.total_in_words);
        for line in self.wrap(&words, 10.0, false, cw) {
            self.ensure(10.0 * LEADING);
            let top = self.y;
            self.put(line, 0.0, cw, top, Align::Start, false);
            self.y += 10.0 * LEADING;
        }
        if view.notes.trim().is_empty() {
            return;
        }
        self.y += 6.0;
        self.ensure(2.0 * 10.0 * LEADING);
        let label = self.shape(&view.label_of("notes"), 10.0, true);
        let top = self.y;
        self.put(label, 0.0, cw, top, Align::Start, true);
        self.y += 10.0 * LEADING;
        for line in self.wrap(&view.notes, BODY, false, cw) {
            self.ensure(BODY * LEADING);
            let top = self.y;
            self.put(line, 0.0, cw, top, Align::Start, false);
            self.y += BODY * LEADING;
        }
    }

    /// Closes the last page and adds "Page n / m" to every page.
    fn finish(mut self) -> Vec<Vec<Op>> {
        self.pages.push(std::mem::take(&mut self.ops));
        let count = self.pages.len();
        let cw = self.content_width();
        let top = self.geo.height - self.geo.margin;
        let mut pages = std::mem::take(&mut self.pages);
        for (i, page) in pages.iter_mut().enumerate() {
            let text = format!(
                "{} {}",
                self.view.label_of("page"),
                digits::convert(&format!("{} / {count}", i + 1), self.view.digits)
            );
            let shaped = self.shape(&text, 8.0, false);
            self.put(shaped, 0.0, cw, top, Align::Center, false);
            page.append(&mut self.ops);
        }
        pages
    }
}
