//! A strict CSV reader (RFC 4180 with any line ending) that reports what is
//! wrong and where, instead of guessing.
//!
//! Not the `csv` crate: it accepts a stray quote in the middle of a field
//! and silently glues text together, which is how imports lose data. Here
//! every record carries the line it starts on, and a bad record is a
//! problem with a line, a field number and a reason; reading goes on with
//! the next line.

/// One record and the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// Line where the record starts.
    pub line: usize,
    /// Its fields, unquoted.
    pub fields: Vec<String>,
}

/// A record that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    /// Line where the record starts.
    pub line: usize,
    /// 1-based field number where reading failed; 0 when the problem is
    /// not in one field (the file could not be read on).
    pub field: usize,
    /// What is wrong and how to fix it.
    pub reason: String,
}

/// What the reader yields for each record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvItem {
    /// A well-formed record.
    Row(CsvRow),
    /// A record with bad quoting; the reader resumes on the next line.
    Bad(CsvProblem),
}

/// Guesses the delimiter from the header line: whichever of `,` `;` tab
/// occurs most outside quotes (spreadsheets in many locales write `;`).
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|i| (counts[*i], usize::from(*i == 0)));
    best.map_or(b',', |i| delimiters[i])
}

/// Reads records from decoded text.
pub struct CsvReader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: u8,
}

impl<'a> CsvReader<'a> {
    /// A reader over `text` splitting fields on `delimiter` (an ASCII byte).
    pub fn new(text: &'a str, delimiter: u8) -> Self {
        CsvReader {
            bytes: text.as_bytes(),
            text,
            pos: 0,
            line: 1,
            delimiter,
        }
    }

    /// The line the reader is on (for progress and errors).
    /// A reader of `text` from byte `pos` (a record's start), which is on
    /// line `line`: a reader of a text that is loaded a block at a time
    /// goes on where the last one stopped.
    pub fn resume(text: &'a str, pos: usize, line: usize, delimiter: u8) -> Self {
        CsvReader {
            pos,
            line,
            ..CsvReader::new(text, delimiter)
        }
    }

    pub fn line(&self) -> usize {
        self.line
    }

    /// How far through the text the reader is, in bytes.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn at_line_end(&self) -> bool {
        matches!(self.bytes.get(self.pos), None | Some(b'\n' | b'\r'))
    }

    /// Consumes one line ending if there is one; returns whether it did.
    fn eat_line_end(&mut self) -> bool {
        match self.bytes.get(self.pos) {
            Some(b'\r') => {
                self.pos += 1;
                if self.bytes.get(self.pos) == Some(&b'\n') {
                    self.pos += 1;
                }
                self.line += 1;
                true
            }
            Some(b'\n') => {
                self.pos += 1;
                self.line += 1;
                true
            }
            _ => false,
        }
    }

    /// Skips to the start of the next line after a bad record.
    fn skip_line(&mut self) {
        while !self.at_line_end() {
            self.pos += 1;
        }
        self.eat_line_end();
    }

    /// Slices the text; every boundary used is at an ASCII byte, so it is
    /// always a character boundary.
    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or_default()
    }

    fn quoted_field(&mut self, start_line: usize, number: usize) -> Result<String, CsvProblem> {
        let opened_on = self.line;
        self.pos += 1;
        let mut value = String::new();
        loop {
            let rest = &self.bytes[self.pos..];
            let Some(offset) = memchr::memchr(b'"', rest) else {
                self.pos = self.bytes.len();
                return Err(CsvProblem {
                    line: start_line,
                    field: number,
                    reason: format!(
                        "the quoted field opened on line {opened_on} is never closed (a missing closing quote, or a truncated file)"
                    ),
                });
            };
            let chunk = self.slice(self.pos, self.pos + offset);
            self.line += memchr::memchr_iter(b'\n', chunk.as_bytes()).count();
            value.push_str(chunk);
            self.pos += offset + 1;
            if self.bytes.get(self.pos) == Some(&b'"') {
                value.push('"');
                self.pos += 1;
                continue;
            }
            if self.at_line_end() || self.bytes.get(self.pos) == Some(&self.delimiter) {
                return Ok(value);
            }
            return Err(CsvProblem {
                line: start_line,
                field: number,
                reason: "text after the closing quote; a quote inside a quoted field must be doubled (\"\")".into(),
            });
        }
    }

    fn plain_field(&mut self, start_line: usize, number: usize) -> Result<String, CsvProblem> {
        let start = self.pos;
        while !self.at_line_end() && self.bytes[self.pos] != self.delimiter {
            self.pos += 1;
        }
        let value = self.slice(start, self.pos);
        if value.contains('"') {
            return Err(CsvProblem {
                line: start_line,
                field: number,
                reason: "a quote inside a field that does not start with one; put the field in quotes and double the quote (\"\")".into(),
            });
        }
        Ok(value.to_string())
    }

    fn record(&mut self) -> CsvItem {
        let start_line = self.line;
        let mut fields = Vec::new();
        loop {
            let number = fields.len() + 1;
            let field = if self.bytes.get(self.pos) == Some(&b'"') {
                self.quoted_field(start_line, number)
            } else {
                self.plain_field(start_line, number)
            };
            match field {
                Ok(value) => fields.push(value),
                Err(problem) => {
                    self.skip_line();
                    return CsvItem::Bad(problem);
                }
            }
            if self.bytes.get(self.pos) == Some(&self.delimiter) {
                self.pos += 1;
                continue;
            }
            self.eat_line_end();
            return CsvItem::Row(CsvRow {
                line: start_line,
                fields,
            });
        }
    }
}

impl Iterator for CsvReader<'_> {
    type Item = CsvItem;

    fn next(&mut self) -> Option<CsvItem> {
        loop {
            if self.pos >= self.bytes.len() {
                return None;
            }
            // Blank lines carry no record.
            if self.eat_line_end() {
                continue;
            }
            return Some(self.record());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rows(text: &str) -> Vec<CsvItem> {
        CsvReader::new(text, b',').collect()
    }

    fn row(line: usize, fields: &[&str]) -> CsvItem {
        CsvItem::Row(CsvRow {
            line,
            fields: fields.iter().map(|f| f.to_string()).collect(),
        })
    }

    #[test]
    fn quoted_fields_with_commas_newlines_and_quotes() {
        let items = rows("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\nlast,\n");
        assert_eq!(
            items,
            vec![
                row(1, &["a", "b"]),
                row(2, &["x, y", "say \"hi\"\nthere"]),
                row(4, &["last", ""]),
            ]
        );
    }

    #[test]
    fn a_stray_quote_is_reported_and_reading_goes_on() {
        let items = rows("a,b\nsa\"ra,x\nok,1\n");
        assert!(matches!(&items[1], CsvItem::Bad(p) if p.line == 2 && p.field == 1));
        assert_eq!(items[2], row(3, &["ok", "1"]));
    }

    #[test]
    fn text_after_a_closing_quote_is_reported() {
        let items = rows("\"ab\"c,d\nok\n");
        assert!(
            matches!(&items[0], CsvItem::Bad(p) if p.reason.contains("after the closing quote"))
        );
        assert_eq!(items[1], row(2, &["ok"]));
    }

    #[test]
    fn an_unclosed_quote_names_where_it_opened() {
        let items = rows("a\n\"never\nclosed,\n");
        assert!(matches!(&items[1], CsvItem::Bad(p) if p.line == 2 && p.reason.contains("line 2")));
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("name\n"), b',');
        assert_eq!(sniff_delimiter("\"a;b\",c\n"), b',');
    }

    proptest! {
        #[test]
        fn never_panics_and_always_advances(text in ".{0,300}") {
            let count = CsvReader::new(&text, b',').take(10_000).count();
            prop_assert!(count <= text.len() + 1);
        }

        #[test]
        fn quoted_values_round_trip(values in proptest::collection::vec(".{0,20}", 1..6)) {
            let line: Vec<String> = values.iter().map(|v| format!("\"{}\"", v.replace('"', "\"\""))).collect();
            let text = line.join(",") + "\n";
            let items = rows(&text);
            prop_assert_eq!(items.len(), 1);
            let CsvItem::Row(r) = &items[0] else { panic!("bad row") };
            prop_assert_eq!(&r.fields, &values);
        }
    }
}
