//! kariz: a customer-relationship manager for the terminal.
//!
//! The library holds everything; `main.rs` and the CLI are thin front-ends.
//! Layers, from the bottom: `model`, `text`, `config` (plain types, no I/O
//! beyond reading the config file); `store` (the only place with SQL);
//! services such as `search` and `demo`; then `cli`.

pub mod calendar;
pub mod cli;
pub mod clock;
pub mod config;
pub mod dedupe;
pub mod demo;
pub mod desk;
pub mod error;
pub mod identity;
pub mod interchange;
pub mod keys;
pub mod locale;
pub mod messages;
pub mod model;
pub mod pages;
pub mod paths;
pub mod people_list;
pub mod print;
pub mod remind;
pub mod reports;
pub mod sales_print;
pub mod search;
pub mod search_snapshot;
pub mod segment;
pub mod sla;
pub mod store;
pub mod text;
pub mod tui;
pub mod vocab;

pub use error::{Error, Result};

#[cfg(test)]
mod guardrails;

/// docs/architecture.md is the map of the code: every Rust file under
/// `src/` must be on it (data files such as migrations and catalogues are
/// covered by their folder's row).
#[cfg(test)]
mod architecture_doc {
    use std::path::{Path, PathBuf};

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                files(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    /// Whether the doc names `rel` (a path below `src/`, with `/`): the
    /// whole path (`` `src/text/display/islands.rs` ``), or
    /// a table row whose first cell names an ancestor folder (`src/text/`)
    /// and which names the rest in backticks (`` `display/islands.rs` ``).
    /// A non-Rust file only needs its folder mentioned.
    pub(super) fn mentioned(doc: &str, rel: &str) -> bool {
        if !rel.ends_with(".rs") {
            let folder = rel.rsplit_once('/').map_or("", |(d, _)| d);
            return doc.contains(&format!("src/{folder}/"));
        }
        if doc.contains(&format!("`src/{rel}`")) {
            return true;
        }
        let parts: Vec<&str> = rel.split('/').collect();
        doc.lines().filter(|l| l.starts_with('|')).any(|row| {
            let first = row.split('|').nth(1).unwrap_or("");
            // The backticked names in the first cell: `src/tui/` names the
            // folder, `src/store/bulk.rs` its folder too (for the bare
            // names after it).
            let names: Vec<&str> = first.split('`').skip(1).step_by(2).collect();
            (0..parts.len()).any(|i| {
                let (folder, rest) = parts.split_at(i);
                let folder = if folder.is_empty() {
                    "src/".to_owned()
                } else {
                    format!("src/{}/", folder.join("/"))
                };
                let names_folder = names.iter().any(|n| {
                    n.strip_prefix(folder.as_str())
                        .is_some_and(|tail| !tail.contains('/'))
                });
                names_folder && row.contains(&format!("`{}`", rest.join("/")))
            })
        })
    }

    #[test]
    fn every_file_under_src_is_on_the_map() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let doc = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
        let mut all = Vec::new();
        files(&root.join("src"), &mut all);
        let missing: Vec<String> = all
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(root.join("src")).unwrap();
                rel.to_string_lossy().replace('\\', "/")
            })
            .filter(|rel| !mentioned(&doc, rel))
            .collect();
        assert!(
            missing.is_empty(),
            "docs/architecture.md does not mention these files under src/ (add each to its \
             folder's row, e.g. `name.rs`: what it does): {}",
            missing
                .iter()
                .map(|m| format!("src/{m}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    #[test]
    fn the_matching_rule() {
        let doc = "| `src/text/` | `fold.rs`: folding; `display/islands.rs` |\n\
                   | `src/store/bulk.rs`, `bulk_rows.rs` | bulk |\n\
                   | `src/store/migrations/` | SQL |\n\
                   `src/clock.rs` and `cli/exit.rs`";
        for yes in [
            "text/fold.rs",
            "text/display/islands.rs",
            "clock.rs",
            "store/bulk.rs",
            "store/bulk_rows.rs",
            "store/migrations/009_new.sql",
        ] {
            assert!(mentioned(doc, yes), "{yes}");
        }
        for no in [
            "text/phone.rs",
            "display/islands.rs",
            "paths.rs",
            "cli/fold.rs",
            "cli/exit.rs",
            "store/merge.rs",
            "bulk_rows.rs",
        ] {
            assert!(!mentioned(doc, no), "{no}");
        }
    }
}
