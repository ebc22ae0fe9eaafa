//! Turning a file's bytes into text, refusing what does not decode.
//!
//! A silent U+FFFD would store a damaged name for ever, so every invalid
//! byte is an error that names its line.

use std::fmt;

/// The text encodings an import accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// UTF-16 (little or big endian), which must start with a byte-order mark.
    #[value(name = "utf-16", alias = "utf16")]
    Utf16,
    /// Windows-1256, the legacy Arabic-script code page of old Windows tools.
    #[value(name = "windows-1256", alias = "cp1256")]
    Windows1256,
}

impl Encoding {
    /// The encoding's name as the user gives it (`utf-16`).
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Windows1256 => "windows-1256",
        }
    }
}

/// Why the bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// 1-based line of the first bad byte.
    pub line: usize,
    /// What was wrong, in words any front-end can show.
    pub reason: String,
    /// An encoding the file is likely in; the front-end says how to choose
    /// it (the CLI's `--encoding`).
    pub likely: Option<Encoding>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

fn line_of(text_before: &str) -> usize {
    text_before.bytes().filter(|b| *b == b'\n').count() + 1
}

/// Decodes `bytes` as `encoding`; a UTF-8 byte-order mark is dropped.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeError> {
    match encoding {
        Encoding::Utf8 => utf8(bytes.to_vec()),
        Encoding::Utf16 => utf16(bytes),
        Encoding::Windows1256 => legacy(bytes, encoding_rs::WINDOWS_1256),
    }
}

/// [`decode`] of bytes the caller hands over: UTF-8 becomes the text in
/// place, without a copy (a million-row file is 70 MB; holding it twice
/// was a fifth of an import's peak memory).
pub fn decode_owned(bytes: Vec<u8>, encoding: Encoding) -> Result<String, DecodeError> {
    match encoding {
        Encoding::Utf8 => utf8(bytes),
        _ => decode(&bytes, encoding),
    }
}

/// A UTF-8 byte-order mark.
pub(super) const UTF8_MARK: &[u8] = b"\xEF\xBB\xBF";

fn utf8(mut bytes: Vec<u8>) -> Result<String, DecodeError> {
    if let Some(e) = utf16_mark(&bytes) {
        return Err(e);
    }
    if bytes.starts_with(UTF8_MARK) {
        bytes.drain(..UTF8_MARK.len());
    }
    String::from_utf8(bytes).map_err(|e| not_utf8(e.as_bytes(), e.utf8_error()))
}

/// The error for UTF-8 text that starts with a UTF-16 byte-order mark.
pub(super) fn utf16_mark(bytes: &[u8]) -> Option<DecodeError> {
    (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])).then(|| DecodeError {
        line: 1,
        reason: "the file starts with a UTF-16 byte-order mark, so it is UTF-16, not UTF-8".into(),
        likely: Some(Encoding::Utf16),
    })
}

/// The error for `bytes` (a byte-order mark dropped), which `e` says are
/// not UTF-8: the first bad byte, its line and character.
pub(super) fn not_utf8(bytes: &[u8], e: std::str::Utf8Error) -> DecodeError {
    let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
    // `good` is valid UTF-8 by construction of `valid_up_to`.
    let before = std::str::from_utf8(good).unwrap_or_default();
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    DecodeError {
        line: line_of(before),
        reason: format!(
            "byte 0x{:02X} at character {column} is not valid UTF-8; a file from an old Windows tool may be in Windows-1256",
            bytes.get(e.valid_up_to()).copied().unwrap_or_default()
        ),
        likely: Some(Encoding::Windows1256),
    }
}

fn utf16(bytes: &[u8]) -> Result<String, DecodeError> {
    let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) else {
        return Err(DecodeError {
            line: 1,
            reason: "UTF-16 needs a byte-order mark (FF FE or FE FF) at the start, and this file has none; re-save it as UTF-16 with BOM or as UTF-8".into(),
            likely: None,
        });
    };
    if encoding == encoding_rs::UTF_8 {
        return utf8(bytes.to_vec());
    }
    legacy(bytes, encoding)
}

/// Decodes with encoding_rs, stopping at the first malformed sequence.
fn legacy(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> Result<String, DecodeError> {
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, _read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(_, _) => Err(DecodeError {
            line: line_of(&text),
            reason: format!(
                "bytes that are not valid {} (an unpaired surrogate or a cut-off character)",
                encoding.name()
            ),
            likely: None,
        }),
        encoding_rs::DecoderResult::OutputFull => Err(DecodeError {
            line: line_of(&text),
            reason: "the file could not be decoded in one pass; this is a bug in kariz".into(),
            likely: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFname\n", Encoding::Utf8).unwrap(),
            "name\n"
        );
    }

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_and_utf8_is_not_copied() {
        let inputs: [(&[u8], Encoding); 5] = [
            (b"\xEF\xBB\xBFname\n", Encoding::Utf8),
            ("سارا\n".as_bytes(), Encoding::Utf8),
            (b"a\nb\nc\xFFd\n", Encoding::Utf8),
            (b"\xFF\xFEa\x00", Encoding::Utf8),
            (&[0xD3, 0xE1, 0xC7, 0xE3], Encoding::Windows1256),
        ];
        for (bytes, encoding) in inputs {
            assert_eq!(
                decode_owned(bytes.to_vec(), encoding),
                decode(bytes, encoding),
                "{bytes:?}"
            );
        }
        let bytes = "name,email\nسارا,s@x.ir\n".as_bytes().to_vec();
        let at = bytes.as_ptr();
        let text = decode_owned(bytes, Encoding::Utf8).unwrap();
        assert_eq!(text.as_ptr(), at, "the same buffer");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode(b"a\nb\nc\xFFd\n", Encoding::Utf8).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("0xFF"), "{}", err.reason);
    }

    #[test]
    fn utf16_needs_a_bom() {
        let err = decode(&[0x61, 0x00], Encoding::Utf16).unwrap_err();
        assert!(err.reason.contains("byte-order mark"));
        let mut le = vec![0xFF, 0xFE];
        for u in "سارا\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le, Encoding::Utf16).unwrap(), "سارا\n");
    }

    #[test]
    fn utf16_unpaired_surrogate_is_an_error_with_its_line() {
        let mut le = vec![0xFF, 0xFE];
        for u in "a\nb\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        le.extend_from_slice(&0xD800u16.to_le_bytes());
        le.extend_from_slice(&u16::from(b'x').to_le_bytes());
        let err = decode(&le, Encoding::Utf16).unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn windows_1256_decodes_persian() {
        // "سلام" in Windows-1256.
        assert_eq!(
            decode(&[0xD3, 0xE1, 0xC7, 0xE3], Encoding::Windows1256).unwrap(),
            "سلام"
        );
    }
}
