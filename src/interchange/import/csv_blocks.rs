//! A CSV file's text a block at a time, for an import that must not hold
//! the whole file: at a million rows the text (70–90 MB) was the largest
//! thing a streamed import kept.
//!
//! The text handed to the CSV reader always ends at a line end (`\n`), so
//! it is whole UTF-8 (a line end is one ASCII byte, never inside a
//! character) and a row the reader reads from it is whole. A quoted field
//! whose closing quote is not loaded yet (it holds line breaks) reads as a
//! quote never closed: that is read again once more is loaded
//! ([`super::csv_source`]). Counting quotes to find record ends instead
//! would disagree with the reader on a malformed row (a stray quote in a
//! plain field ends at its line for the reader) and cut a record in two.
//! A file whose lines end in `\r` alone has no `\n`: it is loaded whole.
//!
//! [`check_utf8`] is the first pass: the same bytes must decode before
//! anything is written, as a whole file's decode guaranteed.

use super::decode::{DecodeError, UTF8_MARK, not_utf8, utf16_mark};
use std::io::Read;

/// Bytes read at a time.
const BLOCK: usize = 1 << 20;

/// What a CSV reader reads: a text held by the caller, or a file loaded a
/// block at a time.
pub(super) enum Text<'a> {
    /// The whole text.
    Whole(&'a str),
    /// A file read a block at a time.
    Read(Blocks),
}

impl Text<'_> {
    /// What is loaded: whole lines.
    pub(super) fn loaded(&self) -> &str {
        match self {
            Text::Whole(text) => text,
            Text::Read(blocks) => &blocks.text,
        }
    }

    /// Whether what is loaded runs to the end of the text.
    pub(super) fn complete(&self) -> bool {
        match self {
            Text::Whole(_) => true,
            Text::Read(blocks) => blocks.eof,
        }
    }
}

/// A file's text a block at a time.
pub(super) struct Blocks {
    lines: Lines<Box<dyn Read + Send>>,
    /// Whole lines loaded and not yet given up.
    text: String,
    eof: bool,
}

impl Blocks {
    /// Reads `source` up to its first line end (or its end), a UTF-8
    /// byte-order mark dropped.
    pub(super) fn new(source: Box<dyn Read + Send>) -> Result<Blocks, String> {
        Blocks::of(source, BLOCK)
    }

    /// [`Blocks::new`], reading `block` bytes at a time (tests cut records
    /// with a few).
    fn of(source: Box<dyn Read + Send>, block: usize) -> Result<Blocks, String> {
        let mut blocks = Blocks {
            lines: Lines::new(source, block),
            text: String::new(),
            eof: false,
        };
        blocks.load()?;
        if blocks.text.starts_with('\u{feff}') {
            blocks.text.drain(..'\u{feff}'.len_utf8());
        }
        Ok(blocks)
    }

    /// Gives up the first `used` bytes of the loaded text (a reader is done
    /// with them; `used` is where a record starts) and loads at least one
    /// more line, or the rest of the file.
    pub(super) fn more(&mut self, used: usize) -> Result<(), String> {
        if self.text.is_char_boundary(used) {
            self.text.drain(..used);
        }
        self.load()
    }

    fn load(&mut self) -> Result<(), String> {
        let run = self
            .lines
            .next_run()
            .map_err(|e| format!("the file could not be read from this line on ({e})"))?;
        self.eof = self.lines.eof;
        let Some(run) = run else { return Ok(()) };
        let run = String::from_utf8(run).map_err(|_| {
            "the file changed while it was read (it is no longer UTF-8); import it again"
                .to_string()
        })?;
        self.text.push_str(&run);
        Ok(())
    }
}

/// A source read a block at a time and handed on in runs of whole lines:
/// the one home of where a block is cut, for both passes over a file.
struct Lines<R> {
    source: R,
    block: Vec<u8>,
    /// Bytes read after the last line end.
    tail: Vec<u8>,
    eof: bool,
}

impl<R: Read> Lines<R> {
    fn new(source: R, block: usize) -> Lines<R> {
        Lines {
            source,
            block: vec![0; block.max(1)],
            tail: Vec::new(),
            eof: false,
        }
    }

    /// The next run of whole lines, each ending in `\n` (at the end of the
    /// source, what is left, with or without one); `None` once all is
    /// handed on.
    fn next_run(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        while !self.eof {
            let n = loop {
                match self.source.read(&mut self.block) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    other => break other?,
                }
            };
            let read = self.block.get(..n).unwrap_or_default();
            self.eof = n == 0;
            let cut = match self.eof {
                true => Some(self.tail.len()),
                false => memchr::memrchr(b'\n', read).map(|at| self.tail.len() + at + 1),
            };
            self.tail.extend_from_slice(read);
            if let Some(cut) = cut {
                let rest = self.tail.split_off(cut);
                return Ok(Some(std::mem::replace(&mut self.tail, rest)));
            }
        }
        Ok(None)
    }
}

/// Checks that `source` is UTF-8 a block at a time, as
/// [`super::decode::decode`] checks a whole file (the same error, with its
/// line), and counts its line ends.
pub fn check_utf8(source: impl Read) -> std::io::Result<Result<usize, DecodeError>> {
    check_utf8_by(source, BLOCK)
}

fn check_utf8_by(source: impl Read, block: usize) -> std::io::Result<Result<usize, DecodeError>> {
    let mut runs = Lines::new(source, block);
    let mut lines = 0usize;
    let mut first = true;
    while let Some(run) = runs.next_run()? {
        let mut body = run.as_slice();
        if first {
            if let Some(e) = utf16_mark(body) {
                return Ok(Err(e));
            }
            body = body.strip_prefix(UTF8_MARK).unwrap_or(body);
            first = false;
        }
        if let Err(e) = std::str::from_utf8(body) {
            let mut e = not_utf8(body, e);
            e.line += lines;
            return Ok(Err(e));
        }
        lines += memchr::memchr_iter(b'\n', body).count();
    }
    Ok(Ok(lines))
}

#[cfg(test)]
mod tests {
    use super::super::csv_source::{self, CsvSettings};
    use super::super::decode::{Encoding, decode};
    use super::super::record::{ImportEntity, Parsed};
    use super::*;
    use crate::config::Config;
    use proptest::prelude::*;

    /// Every row of `text` as a people import reads it: whole, and from a
    /// reader handing over `block` bytes at a time.
    fn both(text: &str, block: usize) -> (Vec<Parsed>, Vec<Parsed>) {
        let config = Config::default_config();
        let settings = CsvSettings::for_tests(ImportEntity::Person, &config);
        let whole = csv_source::rows(text, &settings).map(|rows| rows.collect());
        let source = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        let read = Blocks::of(source, block).map_err(crate::Error::invalid);
        let blocks = read.and_then(|b| csv_source::start(Text::Read(b), &settings));
        (
            whole.unwrap_or_default(),
            blocks.map(|rows| rows.collect()).unwrap_or_default(),
        )
    }

    const TRICKY: &str = "name,email,phone\r\n\
        \"Sara\r\nAhmadi\",sara@example.com,0912 000 0001\r\n\
        \r\n\
        سارا احمدی,,+98 912 000 0002\n\
        stray\"quote,\"x\ny\",1\n\
        \"ok \"\"quoted\"\"\",a@b.c,\n\
        too,many,fields,here\n\
        \"never closed,a@b.c,1\n\
        last,z@z.z,3";

    #[test]
    fn records_cut_across_blocks_read_as_in_the_whole_text() {
        for block in [1, 2, 3, 5, 7, 16, 64, 4096] {
            let (whole, blocks) = both(TRICKY, block);
            assert_eq!(whole.len(), 7, "the rows of the whole text");
            assert_eq!(blocks, whole, "{block} bytes a block");
        }
        let marked = format!("\u{feff}{TRICKY}");
        assert_eq!(
            both(&marked, 3).1,
            both(TRICKY, 3).0,
            "a byte-order mark dropped"
        );
    }

    #[test]
    fn the_check_gives_the_whole_files_error_and_counts_lines() {
        let bad = b"name\nsara\nab\xFFc\n".to_vec();
        let whole = decode(&bad, Encoding::Utf8).unwrap_err();
        for block in [1, 2, 4, 1 << 20] {
            let checked = check_utf8_by(bad.as_slice(), block).unwrap().unwrap_err();
            assert_eq!(checked, whole, "{block}");
            assert_eq!(checked.line, 3);
        }
        for (text, block) in [(TRICKY, 3), (TRICKY, 1 << 20), ("", 4), ("a\nb", 1)] {
            let lines = check_utf8_by(text.as_bytes(), block).unwrap().unwrap();
            assert_eq!(lines, text.matches('\n').count(), "{text:?} {block}");
        }
        let utf16 = [0xFF, 0xFE, b'a', 0];
        let checked = check_utf8_by(utf16.as_slice(), 1).unwrap().unwrap_err();
        assert_eq!(checked, decode(&utf16, Encoding::Utf8).unwrap_err());
        let marked = b"\xEF\xBB\xBFab\xFF\n".to_vec();
        let checked = check_utf8_by(marked.as_slice(), 2).unwrap().unwrap_err();
        assert_eq!(checked, decode(&marked, Encoding::Utf8).unwrap_err());
    }

    /// A file that gives its first bytes and then fails to read.
    struct Failing(std::io::Cursor<Vec<u8>>);

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("the disk went away")),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn a_file_that_cannot_be_read_on_ends_in_a_rejected_row_at_its_line() {
        let config = Config::default_config();
        let settings = CsvSettings::for_tests(ImportEntity::Person, &config);
        let text = "name,email\nSara,s@x.ir\nAli,a@x.ir\nRe";
        let source = Failing(std::io::Cursor::new(text.as_bytes().to_vec()));
        let blocks = Blocks::of(Box::new(source), 4).unwrap();
        let rows: Vec<Parsed> = csv_source::start(Text::Read(blocks), &settings)
            .unwrap()
            .collect();
        assert_eq!(rows.len(), 3, "{rows:#?}");
        assert!(rows[0].record.is_some() && rows[1].record.is_some());
        let failed = &rows[2];
        assert_eq!((failed.line, failed.record.is_none()), (4, true));
        let issue = format!("{:?}", failed.issues);
        assert!(
            issue.contains("could not be read") && issue.contains("the disk went away"),
            "{issue}"
        );
        assert!(!issue.contains("\"name\""), "no column: {issue}");
    }

    proptest! {
        #[test]
        fn any_text_reads_the_same_in_blocks(
            body in "(name|email|phone|,|\"|\n|\r|\r\n|[a-z@.0-9 ]|سارا|\\PC){0,80}",
            block in 1usize..12,
        ) {
            let text = format!("name,email,phone\n{body}");
            let (whole, blocks) = both(&text, block);
            prop_assert_eq!(blocks, whole);
        }
    }
}
