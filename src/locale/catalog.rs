//! UI string catalogues, one TOML file per language, embedded in the binary.
//!
//! A catalogue maps keys to strings. Keys may be written flat
//! (`"list.title" = "…"`) or grouped in tables (`[list]` then
//! `title = "…"`); both give the key `list.title`. A key missing from the
//! fa or ar catalogue falls back to English, and a test keeps every
//! catalogue complete and every key used in the code present in English.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::vocab::Language;

/// English: the reference catalogue every other one must cover.
pub const EN: &str = include_str!("catalog/en.toml");
/// Persian.
pub const FA: &str = include_str!("catalog/fa.toml");
/// Arabic.
pub const AR: &str = include_str!("catalog/ar.toml");

/// The embedded source of `language`'s catalogue.
#[must_use]
pub fn source(language: Language) -> &'static str {
    match language {
        Language::En => EN,
        Language::Fa => FA,
        Language::Ar => AR,
    }
}

/// Parses a catalogue into `key → string`, flattening tables into dotted
/// keys. Values that are not strings are left out; a file that does not
/// parse gives an empty map (the embedded files are checked by tests, so
/// this never happens in a release).
#[must_use]
pub fn parse(text: &str) -> HashMap<String, String> {
    if let Some(flat) = parse_flat(text) {
        return flat;
    }
    let mut out = HashMap::new();
    if let Ok(table) = toml::from_str::<toml::Table>(text) {
        flatten("", &table, &mut out);
    }
    out
}

/// The embedded catalogues are one `"key" = "value"` a line; read that way
/// English costs 1.5M instructions where the TOML parser took 3.7M, on the
/// way to the interface's first frame. `None` for anything else (a table,
/// another escape, a trailing comment), which the TOML parser reads.
fn parse_flat(text: &str) -> Option<HashMap<String, String>> {
    let mut out = HashMap::with_capacity(text.len() / 64);
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let rest = line.strip_prefix('"')?;
        let (key, rest) = rest.split_once('"')?;
        if key.contains('\\') {
            return None;
        }
        let quoted = rest.trim_start().strip_prefix('=')?.trim_start();
        let (value, rest) = basic_string(quoted)?;
        if !rest.trim().is_empty() {
            return None;
        }
        out.insert(key.to_owned(), value);
    }
    Some(out)
}

/// A TOML basic string at the start of `text` with only `\"` and `\\`
/// escaped: its value and what follows the closing quote.
fn basic_string(text: &str) -> Option<(String, &str)> {
    let body = text.strip_prefix('"')?;
    let mut value = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, body.get(i + 1..)?)),
            '\\' => match chars.next()? {
                (_, e @ ('"' | '\\')) => value.push(e),
                _ => return None,
            },
            c => value.push(c),
        }
    }
    None
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (key, value) in table {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(s) => {
                out.insert(full, s.clone());
            }
            toml::Value::Table(t) => flatten(&full, t, out),
            _ => {}
        }
    }
}

/// The strings for `language`, with English filling any gap, parsed once
/// per process on first use: every command builds a locale, and parsing
/// the catalogue took a quarter of a short command's start.
#[must_use]
pub fn strings(language: Language) -> &'static HashMap<String, String> {
    static EN_STRINGS: OnceLock<HashMap<String, String>> = OnceLock::new();
    static FA_STRINGS: OnceLock<HashMap<String, String>> = OnceLock::new();
    static AR_STRINGS: OnceLock<HashMap<String, String>> = OnceLock::new();
    let cell = match language {
        Language::En => &EN_STRINGS,
        Language::Fa => &FA_STRINGS,
        Language::Ar => &AR_STRINGS,
    };
    cell.get_or_init(|| load(language))
}

/// The strings for `language`, with English filling any gap.
#[must_use]
pub fn load(language: Language) -> HashMap<String, String> {
    let mut strings = parse(EN);
    if language != Language::En {
        strings.extend(parse(source(language)));
    }
    strings
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn keys(text: &str) -> BTreeSet<String> {
        parse(text).into_keys().collect()
    }

    /// `{name}` placeholders in a string, for comparing translations.
    fn placeholders(s: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = s;
        while let Some(start) = rest.find('{') {
            let after = rest.get(start + 1..).unwrap();
            match after.split_once('}') {
                Some((name, tail)) => {
                    out.insert(name.to_owned());
                    rest = tail;
                }
                None => break,
            }
        }
        out
    }

    #[test]
    fn the_line_reader_reads_each_catalogue_as_the_toml_parser_does() {
        for (name, text) in [("en", EN), ("fa", FA), ("ar", AR)] {
            let table = toml::from_str::<toml::Table>(text).unwrap();
            let mut expected = HashMap::new();
            flatten("", &table, &mut expected);
            let flat = parse_flat(text);
            assert_eq!(flat.as_ref(), Some(&expected), "catalog/{name}.toml");
        }
    }

    #[test]
    fn what_the_line_reader_does_not_know_goes_to_the_toml_parser() {
        let text = "\"a.b\" = \"one \\\"two\\\" \\\\ three\"\n";
        assert_eq!(parse(text)["a.b"], "one \"two\" \\ three");
        for text in [
            "[list]\ntitle = \"Contacts\"\n",
            "\"a\" = \"tab\\there\"\n",
            "\"a\" = \"x\" # why\n",
            "\"a\" = 'literal'\n",
        ] {
            assert_eq!(parse_flat(text), None, "{text}");
        }
        assert_eq!(
            parse("[list]\ntitle = \"Contacts\"\n")["list.title"],
            "Contacts"
        );
        assert_eq!(parse("\"a\" = \"tab\\there\"\n")["a"], "tab\there");
        assert_eq!(parse("\"a\" = \"x\" # why\n")["a"], "x");
    }

    #[test]
    fn catalogues_parse() {
        for (name, text) in [("en", EN), ("fa", FA), ("ar", AR)] {
            if let Err(e) = toml::from_str::<toml::Table>(text) {
                panic!("catalog/{name}.toml does not parse: {e}");
            }
        }
    }

    #[test]
    fn every_english_key_is_translated() {
        let english = parse(EN);
        for (name, text) in [("fa", FA), ("ar", AR)] {
            let translated = parse(text);
            let missing: Vec<&String> = english
                .keys()
                .filter(|k| !translated.contains_key(*k))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            assert!(
                missing.is_empty(),
                "src/locale/catalog/{name}.toml lacks {} key(s) that en.toml has; \
                 translate them:\n  {}",
                missing.len(),
                missing
                    .iter()
                    .map(|k| format!("{k} = {:?}", english[*k]))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            );
            let extra: Vec<String> = keys(text).difference(&keys(EN)).cloned().collect();
            assert!(
                extra.is_empty(),
                "src/locale/catalog/{name}.toml has keys en.toml lacks (renamed or removed?): {extra:?}"
            );
            let mut wrong = Vec::new();
            for (key, en) in &english {
                if let Some(tr) = translated.get(key)
                    && placeholders(en) != placeholders(tr)
                {
                    wrong.push(format!(
                        "{key}: en {:?}, {name} {:?}",
                        placeholders(en),
                        placeholders(tr)
                    ));
                }
            }
            assert!(
                wrong.is_empty(),
                "{name}.toml placeholders differ from en.toml:\n  {}",
                wrong.join("\n  ")
            );
        }
    }

    /// Every `"key"` literal passed as the first argument of `.t(` or `.tf(`.
    fn keys_used_in(source: &str) -> Vec<String> {
        let mut out = Vec::new();
        for call in [".t(\"", ".tf(\"", ".t(\n", ".tf(\n"] {
            for (at, _) in source.match_indices(call) {
                let rest = source
                    .get(at + call.len() - 1..)
                    .unwrap()
                    .trim_start_matches(['(', '\n', ' ']);
                let Some(rest) = rest.strip_prefix('"') else {
                    continue;
                };
                if let Some((key, _)) = rest.split_once('"') {
                    out.push(key.to_owned());
                }
            }
        }
        out
    }

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_key_used_in_the_code_is_in_english() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        assert!(
            !files.is_empty(),
            "no sources found under {}",
            src.display()
        );
        let english = keys(EN);
        let mut missing = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            // Unit tests may call `t` with made-up keys to test fallbacks.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for key in keys_used_in(code) {
                if !english.contains(&key) && !key.is_empty() {
                    let shown = file
                        .strip_prefix(&src)
                        .unwrap_or(&file)
                        .display()
                        .to_string();
                    missing.insert(format!("{key} (src/{shown})"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys used with .t()/.tf() but missing from src/locale/catalog/en.toml:\n  {}",
            missing.into_iter().collect::<Vec<_>>().join("\n  ")
        );
    }

    #[test]
    fn scanner_finds_keys_in_calls() {
        let code = "let a = loc.t(\"list.title\"); let b = self.locale.tf(\"x.y\", &[]);\n\
                    let c = l.tf(\n    \"multi.line\",\n    &[])";
        assert_eq!(keys_used_in(code), ["list.title", "x.y", "multi.line"]);
    }

    #[test]
    fn tables_flatten_to_dotted_keys_and_english_fills_gaps() {
        let map = parse("\"flat.key\" = \"x\"\nn = 3\n[list]\ntitle = \"People\"\n");
        assert_eq!(map.get("list.title").map(String::as_str), Some("People"));
        assert_eq!(map.get("flat.key").map(String::as_str), Some("x"));
        assert!(!map.contains_key("n"));
        assert!(parse("not toml [").is_empty());
    }
}
