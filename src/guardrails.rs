//! Tests that keep the code's shape from drifting back: no function over
//! [`MAX_LINES`] lines without a reason, and no CLI flag named by library
//! code (the CLI adds its flags in `cli/exit.rs`, so the TUI never shows
//! one). They read the source text, so they need no build of anything else.

use std::path::{Path, PathBuf};

/// Longest function, signature and closing brace included, that needs no
/// reason. A longer one needs a [`REASON`] comment just above it.
const MAX_LINES: usize = 80;

/// How the comment just above a long function begins, the reason following
/// on the same line: for a function that is long but flat (a table, one arm
/// per case) and would read worse split.
const REASON: &str = "// Long but flat:";

/// Library files that name a kariz command on purpose, each with why: the
/// fix they quote is an admin's command to run in a shell, the same
/// whether the problem was met in the CLI or the interface (the interface
/// cannot remap stages or add team members), not a flag of the command
/// that failed.
const FLAG_EXCEPTIONS: &[&str] = &[
    // Stage drift after a config edit: the "Fix:" lines are the exact
    // `kariz stage remap` command lines for the stored stage names.
    "store/stages.rs",
    // `kariz doctor`'s findings quote the `kariz init --shared` fix.
    "store/health.rs",
    // The shared config's refusal of an unknown login quotes
    // `kariz user add LOGIN --name`, the only way to add one.
    "config/layered.rs",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `.rs` file under `src/` as (path below `src/`, text before its
/// test module): tests may be long and quote flags.
fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy();
            let text = std::fs::read_to_string(&path).unwrap();
            let code = match text.split_once("\n#[cfg(test)]\nmod ") {
                Some((code, _tests)) => code.to_owned(),
                None => text,
            };
            (rel.replace('\\', "/"), code)
        })
        .collect()
}

/// A function: its name, first line (1-based), length in lines and whether
/// a `// Long` comment above it gives a reason.
#[derive(Debug)]
struct Function {
    name: String,
    line: usize,
    lines: usize,
    reasoned: bool,
}

/// The functions of a file, found by rustfmt's layout: `fn name` starts a
/// line, and its body ends at the first `}` at the same indentation.
fn functions(code: &str) -> Vec<Function> {
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        let after_vis = trimmed
            .strip_prefix("pub ")
            .or_else(|| {
                trimmed
                    .strip_prefix("pub(")
                    .and_then(|r| r.split_once(") ").map(|(_, rest)| rest))
            })
            .unwrap_or(trimmed);
        let after_kw = after_vis
            .strip_prefix("const ")
            .or_else(|| after_vis.strip_prefix("async "))
            .unwrap_or(after_vis);
        let Some(rest) = after_kw.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let Some(open) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';') || l.ends_with('}')
        }) else {
            continue;
        };
        if !lines[open].trim_end().ends_with('{') {
            continue; // a declaration in a trait, or a body on one line
        }
        let close = format!("{indent}}}");
        let Some(end) = (open + 1..lines.len()).find(|&j| lines[j] == close) else {
            continue;
        };
        let reasoned = reason_above(&lines[..i]);
        found.push(Function {
            name,
            line: i + 1,
            lines: end - i + 1,
            reasoned,
        });
    }
    found
}

/// Whether the lines just above a function give the reason it may be
/// long: a plain `//` comment directly above it (attributes aside) whose
/// first line is `// Long but flat: REASON`. A doc comment does not count,
/// and neither does a comment with a blank or code line between it and the
/// function.
fn reason_above(above: &[&str]) -> bool {
    let mut block = above
        .iter()
        .rev()
        .map(|l| l.trim_start())
        .skip_while(|l| l.starts_with("#["))
        .take_while(|l| l.starts_with("//") && !l.starts_with("///"))
        .collect::<Vec<_>>();
    block.reverse();
    block.first().is_some_and(|first| {
        first
            .strip_prefix(REASON)
            .is_some_and(|why| !why.trim().is_empty())
    })
}

#[test]
fn no_function_is_long_without_a_reason() {
    let mut unexplained = Vec::new();
    for (rel, code) in &sources() {
        for f in functions(code) {
            if f.lines > MAX_LINES && !f.reasoned {
                unexplained.push(format!(
                    "src/{rel}:{} {} ({} lines)",
                    f.line, f.name, f.lines
                ));
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "functions over {MAX_LINES} lines: split them into well-named steps, or say why \
         not in a `{REASON} …` comment directly above: {}",
        unexplained.join(", ")
    );
}

#[test]
fn the_function_finder_measures_bodies() {
    let code = "/// Doc.\n// Long but flat: one arm per case.\npub fn a(x: u8) -> u8 {\n    x\n}\n\nfn b() {}\n\nimpl T {\n    fn c(\n        &self,\n    ) {\n        one();\n    }\n}\n";
    let found = functions(code);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].name.as_str(), found[0].lines), ("a", 3));
    assert!(found[0].reasoned);
    assert_eq!(
        (found[1].name.as_str(), found[1].line, found[1].lines),
        ("c", 10, 5)
    );
    assert!(!found[1].reasoned);
}

/// A long function passes with the reason comment directly above it, and
/// fails without it, with an empty reason, or with the comment elsewhere.
#[test]
fn only_a_reason_directly_above_exempts_a_long_function() {
    let body = "    step();\n".repeat(MAX_LINES);
    let long = |above: &str| {
        let code = format!("{above}fn long() {{\n{body}}}\n");
        let found = functions(&code);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].lines > MAX_LINES);
        found[0].reasoned
    };
    assert!(!long(""), "a long fn without the comment must fail");
    assert!(!long("/// Does a thing.\n"), "a doc comment is no reason");
    assert!(long("/// Doc.\n// Long but flat: one arm per key.\n"));
    assert!(long(
        "/// Doc.\n// Long but flat: one arm per key,\n// each a line.\n"
    ));
    assert!(long("// Long but flat: a table.\n#[allow(dead_code)]\n"));
    assert!(!long("// Long but flat:\n"), "the reason may not be empty");
    assert!(
        !long("// Long but flat: a table.\n\n"),
        "a blank line between"
    );
    assert!(
        !long("// Long, but it grew.\n"),
        "only the flat reason counts"
    );
    assert!(!long(
        "// Long but flat: a table.\n// more\nlet x = 1;\n// other\n"
    ));
}

/// Library code says what is wrong in domain words; the CLI names its own
/// flags (`cli::exit::remedy_flag`), so the TUI never shows one.
#[test]
fn library_code_names_no_cli_flag() {
    let mut found = Vec::new();
    for (rel, code) in sources() {
        if rel.starts_with("cli/")
            || ["main.rs", "guardrails.rs"].contains(&rel.as_str())
            || FLAG_EXCEPTIONS.contains(&rel.as_str())
        {
            continue;
        }
        for (i, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") || trimmed.starts_with("#[") {
                continue;
            }
            // A flag inside a string literal: `"… --name …"`.
            let in_string = line.split('"').skip(1).step_by(2).any(|s| {
                s.split_whitespace().any(|w| {
                    let w = w.trim_start_matches(['(', '`']);
                    w.strip_prefix("--")
                        .is_some_and(|flag| flag.starts_with(|c: char| c.is_ascii_lowercase()))
                })
            });
            if in_string {
                found.push(format!("src/{rel}:{}: {}", i + 1, trimmed));
            }
        }
    }
    assert!(
        found.is_empty(),
        "library messages name CLI flags; say what is wrong in domain words and give the \
         error a `Remedy` the CLI turns into its flag (cli/exit.rs):\n{}",
        found.join("\n")
    );
}

/// Domain rules that have one home, each found by text only its home
/// holds: a second copy (the digit table typed again, another function
/// of the rule's name) fails here, naming the home to call instead.
const RULE_HOMES: &[(&str, &str, &str)] = &[
    ("'\\u{6f0}'", "text/digits.rs", "the Persian digit table"),
    (
        "'\\u{660}'",
        "text/digits.rs",
        "the Arabic-Indic digit table",
    ),
    ("'۰'", "text/digits.rs", "the Persian digit table"),
    ("'٠'", "text/digits.rs", "the Arabic-Indic digit table"),
    (
        "fn is_rotting(",
        "model/pipeline.rs",
        "the rotting-deal rule",
    ),
    (
        "fn rot_cutoff(",
        "model/pipeline.rs",
        "the rotting-deal cutoff",
    ),
    (
        "fn effective_probability(",
        "model/pipeline.rs",
        "the effective probability",
    ),
    ("fn identity(", "text/phone.rs", "phone identity"),
];

#[test]
fn each_rule_has_one_home() {
    let mut copies = Vec::new();
    for (rel, code) in sources() {
        for (needle, home, rule) in RULE_HOMES {
            if rel == *home || rel == "guardrails.rs" {
                continue;
            }
            for (i, line) in code.lines().enumerate() {
                let trimmed = line.trim_start();
                if !trimmed.starts_with("//") && line.contains(needle) {
                    copies.push(format!(
                        "src/{rel}:{}: {rule} (its home is src/{home})",
                        i + 1
                    ));
                }
            }
        }
    }
    assert!(
        copies.is_empty(),
        "a rule written a second time; call its home instead:\n{}",
        copies.join("\n")
    );
    // Each home still holds its rule (else the check above checks nothing).
    let all = sources();
    for (_, home, rule) in RULE_HOMES {
        let held = RULE_HOMES
            .iter()
            .filter(|(_, h, r)| h == home && r == rule)
            .any(|(needle, ..)| {
                all.iter()
                    .any(|(rel, code)| rel == home && code.contains(needle))
            });
        assert!(held, "{rule} is no longer in src/{home}; update RULE_HOMES");
    }
}
