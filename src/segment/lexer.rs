//! Splits a filter expression into terms, keeping each one's column.
//!
//! A term is `-`? then either a `"quoted phrase"`, a bare word, or
//! `key OP value` where OP is `:`, `=`, `<`, `<=`, `>` or `>=` and the
//! value may be quoted. `OR` on its own is the only operator word.

use super::error::{ErrorKind, SegmentError};

/// One lexed piece of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// The word `OR`, at this column.
    Or(usize),
    /// A term.
    Term(RawTerm),
}

/// A term before its key is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTerm {
    /// 1-based column of the term's first character (the `-` if negated).
    pub column: usize,
    /// Written with a leading `-`.
    pub negated: bool,
    /// The key and its column; `None` for free text.
    pub key: Option<(String, usize)>,
    /// The operator and its column.
    pub op: Option<(String, usize)>,
    /// The value (for free text: the text), unquoted.
    pub value: String,
    /// 1-based column of the value.
    pub value_column: usize,
}

/// Characters that start an operator.
fn is_op(c: char) -> bool {
    matches!(c, ':' | '=' | '<' | '>')
}

/// A key is written in ASCII letters, digits, `.`, `_` and `-` (custom
/// field keys); anything else before a `:` is free text.
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

struct Cursor {
    chars: Vec<char>,
    i: usize,
}

impl Cursor {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn column(&self) -> usize {
        self.i + 1
    }

    /// Reads until whitespace, a stop character or the end.
    fn run(&mut self, stop: impl Fn(char) -> bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || stop(c) {
                break;
            }
            out.push(c);
            self.i += 1;
        }
        out
    }

    /// Reads a quoted text starting at the opening quote.
    fn quoted(&mut self) -> Result<String, SegmentError> {
        let column = self.column();
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(SegmentError {
                        column,
                        kind: ErrorKind::UnclosedQuote,
                    });
                }
                Some('"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn operator(&mut self) -> String {
        let mut op = String::new();
        if let Some(c) = self.peek() {
            op.push(c);
            self.i += 1;
            if matches!(c, '<' | '>') && self.peek() == Some('=') {
                op.push('=');
                self.i += 1;
            }
        }
        op
    }

    /// A value after an operator: quoted, or up to the next space.
    fn value(&mut self) -> Result<(String, usize), SegmentError> {
        let column = self.column();
        if self.peek() == Some('"') {
            return Ok((self.quoted()?, column));
        }
        Ok((self.run(|_| false), column))
    }
}

/// Splits `input` into tokens.
///
/// # Errors
///
/// An unclosed quote, or a `-` followed by nothing.
pub fn lex(input: &str) -> Result<Vec<Token>, SegmentError> {
    let mut cur = Cursor {
        chars: input.chars().collect(),
        i: 0,
    };
    let mut tokens = Vec::new();
    loop {
        while cur.peek().is_some_and(char::is_whitespace) {
            cur.i += 1;
        }
        if cur.peek().is_none() {
            return Ok(tokens);
        }
        tokens.push(term(&mut cur)?);
    }
}

fn term(cur: &mut Cursor) -> Result<Token, SegmentError> {
    let column = cur.column();
    let negated = cur.peek() == Some('-');
    if negated {
        cur.i += 1;
        if cur.peek().is_none_or(char::is_whitespace) {
            return Err(SegmentError {
                column,
                kind: ErrorKind::DanglingMinus,
            });
        }
    }
    let text = |value: String, value_column: usize| {
        Token::Term(RawTerm {
            column,
            negated,
            key: None,
            op: None,
            value,
            value_column,
        })
    };
    if cur.peek() == Some('"') {
        let value_column = cur.column();
        return Ok(text(cur.quoted()?, value_column));
    }
    let head_column = cur.column();
    let head = cur.run(|c| is_op(c) || c == '"');
    let has_op = cur.peek().is_some_and(is_op);
    if !has_op || head.is_empty() || !head.chars().all(is_key_char) {
        if !negated && head == "OR" {
            return Ok(Token::Or(column));
        }
        // Not a key: the whole run up to the next space is text.
        let rest = cur.run(|_| false);
        return Ok(text(format!("{head}{rest}"), head_column));
    }
    let op_column = cur.column();
    let op = cur.operator();
    let (value, value_column) = cur.value()?;
    Ok(Token::Term(RawTerm {
        column,
        negated,
        key: Some((head, head_column)),
        op: Some((op, op_column)),
        value,
        value_column,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(input: &str) -> Vec<RawTerm> {
        lex(input)
            .unwrap()
            .into_iter()
            .filter_map(|t| match t {
                Token::Term(t) => Some(t),
                Token::Or(_) => None,
            })
            .collect()
    }

    #[test]
    fn keys_operators_and_columns() {
        let t = terms("tag:vip -city:\"new york\" created>=1405/01/01");
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].key, Some(("tag".into(), 1)));
        assert_eq!(t[1].column, 9);
        assert!(t[1].negated);
        assert_eq!(t[1].value, "new york");
        assert_eq!(t[1].value_column, 15);
        assert_eq!(t[2].op, Some((">=".into(), 33)));
        assert_eq!(t[2].value, "1405/01/01");
    }

    #[test]
    fn persian_words_are_text() {
        let t = terms("شهر:مشهد \"علی رضا\"");
        assert_eq!(t[0].key, None);
        assert_eq!(t[0].value, "شهر:مشهد");
        assert_eq!(t[1].value, "علی رضا");
        assert_eq!(t[1].column, 10);
    }

    #[test]
    fn or_is_a_word_only_in_capitals() {
        let toks = lex("a OR b or").unwrap();
        assert!(matches!(toks[1], Token::Or(3)));
        assert_eq!(toks.len(), 4);
    }

    #[test]
    fn unclosed_quote_names_its_column() {
        let e = lex("tag:vip \"free").unwrap_err();
        assert_eq!(e.column, 9);
        assert_eq!(e.kind, ErrorKind::UnclosedQuote);
    }
}
