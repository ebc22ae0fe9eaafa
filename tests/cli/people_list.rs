//! `kariz person list` through the people list snapshot in the cache
//! folder: written by the first whole listing, used and brought up to date
//! by the next ones, rebuilt when it cannot be trusted, and what it prints
//! is always what reading the database prints (`--no-cache`), whatever
//! other kariz processes changed between runs.

use std::path::PathBuf;

use crate::common::Env;

fn listed(env: &Env) -> String {
    env.ok(["person", "list"])
}

fn read_afresh(env: &Env) -> String {
    env.ok(["person", "list", "--no-cache"])
}

/// The people list files in the test's cache folder.
fn lists(env: &Env) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(env.cache_home().join("kariz")) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "list"))
        .collect()
}

/// The listing equals a fresh read of the database and shows `expected`.
fn same_as_database(env: &Env, expected: &[&str], gone: &[&str]) {
    let out = listed(env);
    assert_eq!(out, read_afresh(env));
    for text in expected {
        assert!(out.contains(text), "{text:?} missing:\n{out}");
    }
    for text in gone {
        assert!(!out.contains(text), "{text:?} still shown:\n{out}");
    }
}

#[test]
fn the_whole_list_reads_the_snapshot_and_shows_others_changes() {
    let env = Env::new();
    let sara = env.add_person(
        "سارا احمدی",
        &[
            "--company",
            "زاگرس",
            "--phone",
            "0912 345 6789",
            "--tag",
            "vip",
        ],
    );
    let omid = env.add_person("Omid Karimi", &["--email", "omid@example.com"]);
    env.add_person("علي الهاشمي", &["--tag", "lead", "--tag", "Arabic"]);
    assert!(lists(&env).is_empty());
    same_as_database(&env, &["سارا احمدی", "زاگرس", "vip", "Arabic, lead"], &[]);
    assert_eq!(lists(&env).len(), 1, "the first listing writes the file");

    // Each change below is another kariz process; the next listing must
    // show it.
    env.ok([
        "person",
        "edit",
        &sara.to_string(),
        "--name",
        "Aaron Ahmadi",
    ]);
    same_as_database(&env, &["Aaron Ahmadi"], &["سارا احمدی"]);
    let first = listed(&env);
    assert!(
        first.lines().nth(1).unwrap().contains("Aaron Ahmadi"),
        "renamed to the top:\n{first}"
    );
    env.ok(["tag", "add", "won", "--person", &omid.to_string()]);
    env.ok([
        "person",
        "edit",
        &omid.to_string(),
        "--phone",
        "+98 21 5555 0000",
    ]);
    same_as_database(&env, &["won", "+98 21 5555 0000"], &[]);
    env.ok(["person", "edit", &omid.to_string(), "--owner", "reza"]);
    same_as_database(&env, &["reza"], &[]);

    // A company renamed shows on its people's lines.
    let company = env.json(["company", "list", "--json"])[0]["id"]
        .as_i64()
        .unwrap();
    env.ok(["company", "edit", &company.to_string(), "--name", "Alborz"]);
    same_as_database(&env, &["Alborz"], &["زاگرس"]);

    let csv = env.path("more.csv");
    std::fs::write(&csv, "name,phone\nرضا کریمی,۰۹۳۵ ۱۱۱ ۲۲۲۲\n").unwrap();
    env.ok(["import", "csv", csv.to_str().unwrap()]);
    same_as_database(&env, &["رضا کریمی"], &[]);

    env.ok(["person", "rm", &omid.to_string()]);
    same_as_database(&env, &[], &["Omid Karimi"]);

    // Forgetting a person removes the copy of their name.
    env.ok(["forget", "person", &sara.to_string()]);
    assert!(lists(&env).is_empty(), "no copy of an erased name");
    same_as_database(&env, &[], &["Aaron Ahmadi"]);
}

#[test]
fn a_damaged_or_foreign_file_is_rebuilt_never_shown() {
    let env = Env::new();
    env.add_person("Sara Ahmadi", &["--phone", "0912 345 6789"]);
    env.add_person("Reza Karimi", &[]);
    let good = listed(&env);
    let file = lists(&env).pop().unwrap();
    let bytes = std::fs::read(&file).unwrap();

    // A flipped byte inside a name, a cut file, an empty file.
    let at = bytes
        .windows(5)
        .position(|w| w == b"Ahmad")
        .expect("the name is in the file");
    let mut flipped = bytes.clone();
    flipped[at] = b'X';
    for damaged in [flipped, bytes[..bytes.len() / 2].to_vec(), Vec::new()] {
        std::fs::write(&file, &damaged).unwrap();
        assert_eq!(listed(&env), good);
        assert_eq!(std::fs::read(&file).unwrap(), bytes, "rewritten as it was");
    }

    // Another database's file under this database's name is not used.
    let other = Env::new();
    other.add_person("Someone Else", &[]);
    listed(&other);
    let foreign = lists(&other).pop().unwrap();
    std::fs::copy(&foreign, &file).unwrap();
    assert_eq!(listed(&env), good);
}

#[test]
fn filters_pages_and_json_read_the_database() {
    let env = Env::new();
    env.add_person("Sara Ahmadi", &["--tag", "vip"]);
    env.add_person("Reza Karimi", &[]);
    let vip = env.ok(["person", "list", "--tag", "vip"]);
    assert!(
        vip.contains("Sara Ahmadi") && !vip.contains("Reza"),
        "{vip}"
    );
    let one = env.ok(["person", "list", "--limit", "1"]);
    assert_eq!(one.lines().count(), 2, "{one}");
    env.json(["person", "list", "--json"]);
    assert!(lists(&env).is_empty(), "only the whole table uses the file");
}
