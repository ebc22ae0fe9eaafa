//! A writer that makes controls and bidi overrides visible as it streams,
//! for exports sent to a terminal (files stay byte-exact: they never pass
//! through here).

use super::sanitize::{escape_json_output, visible_multiline};
use std::io::{self, Write};

/// How to show what passes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Text formats (CSV, vCard, iCalendar): line ends are kept (a CRLF is
    /// shown as a plain line break), every other control and bidi override
    /// is written as `\u{1b}`.
    Text,
    /// JSON from serde_json: C1 controls and bidi overrides are escaped as
    /// `\u009b` inside the strings, so the document stays valid JSON.
    Json,
}

/// Wraps `inner`, rewriting text on the way through. Bytes are held back
/// while they could be the start of a character or of a CRLF split across
/// two writes, so the result does not depend on how the output was cut.
pub struct VisibleWriter<W: Write> {
    inner: W,
    mode: Mode,
    pending: Vec<u8>,
}

impl<W: Write> VisibleWriter<W> {
    /// A writer showing controls in `mode`.
    pub fn new(inner: W, mode: Mode) -> Self {
        VisibleWriter {
            inner,
            mode,
            pending: Vec::new(),
        }
    }

    /// Writes out what is pending, up to `end` bytes.
    fn emit(&mut self, end: usize) -> io::Result<()> {
        let chunk: Vec<u8> = self.pending.drain(..end).collect();
        let text = String::from_utf8_lossy(&chunk);
        let shown = match self.mode {
            Mode::Text => visible_multiline(&text.replace("\r\n", "\n")).into_owned(),
            Mode::Json => escape_json_output(&text).into_owned(),
        };
        self.inner.write_all(shown.as_bytes())
    }

    /// How many pending bytes can be shown now: all but an incomplete
    /// character (or a lone CR that a LF may follow) at the end.
    fn ready(&self) -> usize {
        let bytes = &self.pending;
        let mut end = match std::str::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            // An invalid sequence in the middle is shown as U+FFFD;
            // only a cut-off one at the very end waits for more.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => bytes.len(),
        };
        if end > 0 && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end
    }

    /// Writes whatever is pending and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        let all = self.pending.len();
        self.emit(all)?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for VisibleWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let end = self.ready();
        self.emit(end)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(mode: Mode, pieces: &[&[u8]]) -> String {
        let mut w = VisibleWriter::new(Vec::new(), mode);
        for p in pieces {
            w.write_all(p).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn controls_and_overrides_are_shown_and_lines_kept() {
        let out = through(Mode::Text, &[b"a\x1b]52;c;x\x07,b\r\nc\xe2\x80\xaed\n"]);
        assert_eq!(out, "a\\u{1b}]52;c;x\\u{7},b\nc\\u{202e}d\n");
    }

    #[test]
    fn characters_and_crlf_split_across_writes_come_out_the_same() {
        let whole = "نام\u{202e}\r\nx\u{9b}y\r\n".as_bytes();
        let expected = through(Mode::Text, &[whole]);
        for cut in 0..whole.len() {
            let (a, b) = whole.split_at(cut);
            assert_eq!(through(Mode::Text, &[a, b]), expected, "cut at {cut}");
        }
    }

    #[test]
    fn json_stays_valid_and_decodes_to_the_same_text() {
        let value = serde_json::json!({ "name": "a\u{9b}b\u{202e}c" });
        let text = serde_json::to_string(&value).unwrap();
        let out = through(Mode::Json, &[text.as_bytes()]);
        assert!(
            !out.contains('\u{9b}') && !out.contains('\u{202e}'),
            "{out}"
        );
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, value);
    }
}
