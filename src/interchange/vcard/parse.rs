//! A tolerant vCard reader for versions 2.1, 3.0 and 4.0.
//!
//! Handles folded lines, quoted-printable values with a charset (Android
//! writes Persian names that way, with soft line breaks that may cut a
//! multi-byte character in half: the bytes are joined before decoding),
//! bare 2.1 type parameters (`TEL;CELL:`) and grouped names (`item1.EMAIL`).
//! Never panics; anything it cannot read is a problem with a line number.

/// One property line, unfolded and decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// Line where the property starts.
    pub line: usize,
    /// Upper-case name without its group, e.g. `TEL`.
    pub name: String,
    /// Parameters as (upper-case name, value); a 2.1 bare parameter such as
    /// `CELL` is stored as `("TYPE", "CELL")`.
    pub params: Vec<(String, String)>,
    /// The value, quoted-printable decoded; backslash escapes are left for
    /// [`split_escaped`], which knows the component separators.
    pub value: String,
}

impl Property {
    /// The lower-case TYPE values (`TYPE=CELL,VOICE`, `TYPE=cell;TYPE=home`, `CELL`).
    pub fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .flat_map(|(_, v)| v.split(','))
            .map(|t| t.trim().trim_matches('"').to_lowercase())
            .filter(|t| !t.is_empty())
            .collect()
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One card.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Card {
    /// Line of its `BEGIN:VCARD`.
    pub line: usize,
    /// Its properties in file order (BEGIN, END excluded).
    pub properties: Vec<Property>,
}

/// Something that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line where it is.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// What parsing a file gives: cards, and per-card or per-line problems.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Cards read completely (a card with a problem is still here, minus
    /// the bad property).
    pub cards: Vec<Card>,
    /// Problems; `card` is the index in `cards` when the problem belongs to
    /// one, `None` for a card that was dropped (truncated).
    pub problems: Vec<(Option<usize>, Problem)>,
}

/// A logical line: unfolded, with the line it starts on.
struct Logical {
    line: usize,
    text: String,
}

fn is_quoted_printable(head: &str) -> bool {
    head.to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

/// The part of a line before its first `:` outside double quotes.
fn split_head(text: &str) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some((text.get(..i)?, text.get(i + 1..)?)),
            _ => {}
        }
    }
    None
}

/// Joins folded lines (a leading space or tab continues the previous line)
/// and quoted-printable soft line breaks (a trailing `=`).
fn unfold(text: &str) -> Vec<Logical> {
    let mut out: Vec<Logical> = Vec::new();
    let mut soft_break = false;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let continues = line.starts_with([' ', '\t']);
        match out.last_mut() {
            // After a quoted-printable soft line break the next line
            // continues the value as it is: a leading space there is data
            // (RFC 2045 §6.7), not folding.
            Some(last) if soft_break => last.text.push_str(line),
            Some(last) if continues => last
                .text
                .push_str(line.strip_prefix([' ', '\t']).unwrap_or(line)),
            _ => out.push(Logical {
                line: i + 1,
                text: line.to_string(),
            }),
        }
        soft_break = out.last().is_some_and(|last| {
            last.text.ends_with('=')
                && split_head(&last.text).is_some_and(|(head, _)| is_quoted_printable(head))
        });
        if soft_break && let Some(last) = out.last_mut() {
            last.text.pop();
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes quoted-printable text into bytes.
fn qp_bytes(value: &str) -> Result<Vec<u8>, String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'=' {
            let pair = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            );
            match pair {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                }
                _ => {
                    return Err(format!(
                        "\"=\" at character {} is not followed by two hex digits (broken quoted-printable)",
                        i + 1
                    ));
                }
            }
        } else {
            out.push(byte);
            i += 1;
        }
    }
    Ok(out)
}

fn decode_charset(bytes: &[u8], charset: Option<&str>) -> Result<String, String> {
    let label = charset.unwrap_or("UTF-8").trim_matches('"');
    let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
        return Err(format!("unknown CHARSET {label:?}"));
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
        .ok_or_else(|| format!("the decoded bytes are not valid {}", encoding.name()))
}

fn property(logical: &Logical) -> Result<Option<Property>, String> {
    if logical.text.trim().is_empty() {
        return Ok(None);
    }
    let Some((head, value)) = split_head(&logical.text) else {
        return Err(format!(
            "{:?} is not a property (NAME:value)",
            crate::text::sanitize::visible(&logical.text.chars().take(40).collect::<String>())
        ));
    };
    let mut parts = head.split(';');
    let name = parts.next().unwrap_or_default();
    let name = name
        .rsplit('.')
        .next()
        .unwrap_or(name)
        .trim()
        .to_ascii_uppercase();
    if name.is_empty() {
        return Err("a property without a name".into());
    }
    let params: Vec<(String, String)> = parts
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().to_string()),
            None => {
                let bare = p.trim().to_ascii_uppercase();
                match bare.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => {
                        ("ENCODING".into(), bare)
                    }
                    _ => ("TYPE".into(), bare),
                }
            }
        })
        .collect();
    let mut prop = Property {
        line: logical.line,
        name,
        params,
        value: value.to_string(),
    };
    if prop
        .param("ENCODING")
        .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
    {
        let bytes = qp_bytes(&prop.value)?;
        prop.value = decode_charset(&bytes, prop.param("CHARSET"))?;
    }
    Ok(Some(prop))
}

/// Repairs folds that split a UTF-8 character, before the bytes are
/// decoded: RFC 6350 §3.2 folds at 75 octets, so a writer may break a line
/// in the middle of a multi-byte character, and the two halves are only a
/// character again once unfolded. The continuation bytes (`10xxxxxx`, which
/// can never start a character) right after a fold's space or tab are moved
/// in front of the line break, so the file decodes, keeps its line numbers
/// and unfolds to the same text.
pub fn mend_split_characters(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let is_continuation = |b: &u8| (0x80..=0xBF).contains(b);
    let splits = bytes
        .windows(3)
        .any(|w| matches!(w, [b'\n', b' ' | b'\t', c] if is_continuation(c)));
    if !splits {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let fold_ws = bytes.get(i + 1).filter(|w| **w == b' ' || **w == b'\t');
        if b == b'\n'
            && let Some(&ws) = fold_ws
        {
            let run: Vec<u8> = bytes
                .iter()
                .skip(i + 2)
                .take_while(|c| is_continuation(c))
                .copied()
                .collect();
            // Before the line break: before its CR too, if it has one.
            let cr = out.last() == Some(&b'\r');
            if cr {
                out.pop();
            }
            out.extend_from_slice(&run);
            if cr {
                out.push(b'\r');
            }
            out.push(b'\n');
            out.push(ws);
            i += 2 + run.len();
            continue;
        }
        out.push(b);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// Reads every card in `text`.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut current: Option<Card> = None;
    for logical in unfold(text) {
        let upper = logical.text.trim().to_ascii_uppercase();
        if upper == "BEGIN:VCARD" {
            if let Some(card) = current.take() {
                parsed.problems.push((
                    None,
                    Problem {
                        line: card.line,
                        reason: "the card has no END:VCARD before the next BEGIN:VCARD; dropped"
                            .into(),
                    },
                ));
            }
            current = Some(Card {
                line: logical.line,
                properties: vec![],
            });
            continue;
        }
        if upper == "END:VCARD" {
            match current.take() {
                Some(card) => parsed.cards.push(card),
                None => parsed.problems.push((
                    None,
                    Problem {
                        line: logical.line,
                        reason: "END:VCARD without a BEGIN:VCARD".into(),
                    },
                )),
            }
            continue;
        }
        let Some(card) = current.as_mut() else {
            if !upper.is_empty() {
                parsed.problems.push((
                    None,
                    Problem {
                        line: logical.line,
                        reason: "text outside any BEGIN:VCARD … END:VCARD; ignored".into(),
                    },
                ));
            }
            continue;
        };
        match property(&logical) {
            Ok(Some(p)) => card.properties.push(p),
            Ok(None) => {}
            Err(reason) => {
                let index = parsed.cards.len();
                parsed.problems.push((
                    Some(index),
                    Problem {
                        line: logical.line,
                        reason,
                    },
                ));
            }
        }
    }
    if let Some(card) = current {
        parsed.problems.push((
            None,
            Problem {
                line: card.line,
                reason: "the card has no END:VCARD (the file is cut off); dropped".into(),
            },
        ));
    }
    parsed
}

/// Splits a structured value on `sep` (`;` for N and ADR, `,` for
/// CATEGORIES) and undoes the backslash escapes in each part.
pub fn split_escaped(value: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        let Some(part) = parts.last_mut() else { break };
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => part.push('\n'),
                Some(other) => part.push(other),
                None => part.push('\\'),
            },
            c if c == sep => parts.push(String::new()),
            c => part.push(c),
        }
    }
    parts
}

/// Undoes backslash escapes in a plain text value.
pub fn unescape(value: &str) -> String {
    split_escaped(value, '\u{0}').concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folded_lines_and_grouped_names() {
        let p = parse(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sara\r\n  Ahmadi\r\nitem1.EMAIL;TYPE=INTERNET,HOME:s@x.ir\r\nEND:VCARD\r\n",
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let card = &p.cards[0];
        assert_eq!(card.properties[1].value, "Sara Ahmadi");
        assert_eq!(card.properties[2].name, "EMAIL");
        assert_eq!(card.properties[2].types(), ["internet", "home"]);
    }

    #[test]
    fn quoted_printable_split_inside_a_character() {
        // "سارا" is D8 B3 D8 A7 D8 B1 D8 A7; the soft break cuts D8|B1.
        let text = "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=B3=D8=A7=D8=\n=B1=D8=A7\nTEL;CELL:0912\nEND:VCARD\n";
        let p = parse(text);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.cards[0].properties[1].value, "سارا");
        assert_eq!(p.cards[0].properties[2].types(), ["cell"]);
        assert_eq!(p.cards[0].properties[2].line, 5);
    }

    #[test]
    fn a_soft_break_keeps_the_space_after_it() {
        let text =
            "BEGIN:VCARD\nVERSION:2.1\nNOTE;ENCODING=QUOTED-PRINTABLE:first=\n second\nEND:VCARD\n";
        let p = parse(text);
        assert_eq!(p.cards[0].properties[1].value, "first second");
    }

    #[test]
    fn a_fold_inside_a_character_is_mended_before_decoding() {
        // "سارا" folded between D8 and B1, with CRLF; "ی" (DB8C) with LF and a tab.
        let bytes = b"FN:\xd8\xb3\xd8\xa7\xd8\r\n \xb1\xd8\xa7\r\nNOTE:x\xdb\n\t\x8cy\n";
        let mended = mend_split_characters(bytes);
        let text = std::str::from_utf8(&mended).unwrap();
        assert_eq!(text.lines().count(), 4, "line numbers are kept");
        let p = parse(&format!("BEGIN:VCARD\n{text}END:VCARD\n"));
        assert_eq!(p.cards[0].properties[0].value, "سارا");
        assert_eq!(p.cards[0].properties[1].value, "xیy");
        let clean = b"FN:a\r\n b\r\n";
        assert!(matches!(
            mend_split_characters(clean),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    proptest! {
        #[test]
        fn mending_never_panics_and_keeps_every_byte(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let mended = mend_split_characters(&bytes);
            let (mut a, mut b) = (bytes.clone(), mended.to_vec());
            a.sort_unstable();
            b.sort_unstable();
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn truncated_card_is_a_problem() {
        let p = parse("BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n");
        assert_eq!(p.cards.len(), 1);
        assert_eq!(p.problems[0].1.line, 4);
    }

    #[test]
    fn escapes_and_components() {
        assert_eq!(
            split_escaped("Ahmadi;Sara;;Dr.;", ';'),
            ["Ahmadi", "Sara", "", "Dr.", ""]
        );
        assert_eq!(split_escaped("a\\,b,c", ','), ["a,b", "c"]);
        assert_eq!(unescape("line\\nnext\\;"), "line\nnext;");
    }

    proptest! {
        #[test]
        fn never_panics(text in "(BEGIN:VCARD\n|END:VCARD\n|[A-Z;=:.\\-]{0,12}|=[0-9A-F]{0,2}|\n| |QUOTED-PRINTABLE|\\PC){0,40}") {
            let _ = parse(&text);
        }

        #[test]
        fn never_panics_on_any_text(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }
    }
}
