//! Robustness: parsing never panics, whatever the input.

use proptest::prelude::*;

use super::super::{Config, DEFAULT_TOML};

/// One edit to the default file: at a relative position, delete, insert or
/// replace a character, or drop or duplicate a line. Edits like these make
/// the broken-but-almost-valid files that exercise validation and span
/// handling far more than random strings do.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
    DropLine(usize),
    DuplicateLine(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let interesting = prop_oneof![
        Just('"'),
        Just('['),
        Just(']'),
        Just('='),
        Just('\n'),
        Just('#'),
        Just('0'),
        Just('-'),
        Just('x'),
        Just(' '),
        Just('ش'),
        any::<char>(),
    ];
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), interesting.clone()).prop_map(|(at, c)| Edit::Insert(at, c)),
        (any::<usize>(), interesting).prop_map(|(at, c)| Edit::Replace(at, c)),
        any::<usize>().prop_map(Edit::DropLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<&str> = text.lines().collect();
    match *edit {
        Edit::Delete(at) if !chars.is_empty() => {
            chars.remove(at % chars.len());
        }
        Edit::Insert(at, c) => chars.insert(at % (chars.len() + 1), c),
        Edit::Replace(at, c) if !chars.is_empty() => {
            let len = chars.len();
            chars[at % len] = c;
        }
        Edit::DropLine(at) if !lines.is_empty() => {
            lines.remove(at % lines.len());
            return lines.join("\n");
        }
        Edit::DuplicateLine(at) if !lines.is_empty() => {
            let line = lines[at % lines.len()];
            lines.insert(at % lines.len(), line);
            return lines.join("\n");
        }
        _ => {}
    }
    chars.into_iter().collect()
}

/// Parses and, on error, renders the message, which touches every span.
fn parse_and_render(text: &str) {
    if let Err(err) = Config::parse(text, "prop.toml") {
        let rendered = err.to_string();
        assert!(rendered.starts_with("config error in prop.toml"));
        if let Some(line) = err.line {
            assert!(line >= 1 && line <= text.split('\n').count().max(1));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        parse_and_render(&text);
    }

    #[test]
    fn toml_like_strings_never_panic(text in "[\\[\\]a-z_=\" \\n0-9.,{}#-]{0,200}") {
        parse_and_render(&text);
    }

    #[test]
    fn mutated_default_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        let text = edits.iter().fold(DEFAULT_TOML.to_owned(), |text, e| apply(&text, e));
        parse_and_render(&text);
    }
}
