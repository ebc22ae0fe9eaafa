//! The rule that keeps SQLite inside `src/store/`: no other source file
//! names rusqlite, so everything else talks to the store's API (which a
//! second backend can implement) and never to the engine.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn nothing_outside_the_store_names_rusqlite() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let store = src.join("store");
    let mut files = Vec::new();
    sources(&src, &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under src/",
        files.len()
    );
    let mut leaks: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(&store))
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let lines: Vec<String> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.to_lowercase().contains("rusqlite"))
                .map(|(n, _)| (n + 1).to_string())
                .collect();
            (!lines.is_empty()).then(|| {
                format!(
                    "{} (line {})",
                    f.strip_prefix(&src).unwrap_or(f).display(),
                    lines.join(", ")
                )
            })
        })
        .collect();
    leaks.sort();
    assert!(
        leaks.is_empty(),
        "rusqlite is named outside src/store/ in: {}; move the database code into src/store/ \
         and call it through the store's API (see docs/architecture.md, \"Storage API\")",
        leaks.join("; ")
    );
}
