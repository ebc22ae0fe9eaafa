//! The Persian user guide (docs/fa/guide.md) describes the same keys as the
//! English one (docs/guide.md): every key table's first column, in order.
//! A key added to one guide and not the other fails here, naming it.

use std::path::Path;

/// The first cells of every `| key | does |` table row, in order.
fn documented_keys(path: &str) -> Vec<String> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut keys = Vec::new();
    let mut in_key_table = false;
    for line in text.lines() {
        if line.starts_with("| key | does |") {
            in_key_table = true;
            continue;
        }
        if !line.starts_with('|') {
            in_key_table = false;
            continue;
        }
        if in_key_table && !line.starts_with("|---") {
            let first = line.split('|').nth(1).unwrap_or_default().trim();
            keys.push(first.to_owned());
        }
    }
    keys
}

#[test]
fn the_persian_guide_describes_the_same_keys_as_the_english_one() {
    let english = documented_keys("docs/guide.md");
    let persian = documented_keys("docs/fa/guide.md");
    assert!(
        english.len() > 20,
        "the English guide's key tables: {english:?}"
    );
    let missing: Vec<_> = english.iter().filter(|k| !persian.contains(k)).collect();
    let extra: Vec<_> = persian.iter().filter(|k| !english.contains(k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "docs/fa/guide.md lacks {missing:?} and has {extra:?} that docs/guide.md does not"
    );
    assert_eq!(english, persian, "the key tables differ in order");
}
