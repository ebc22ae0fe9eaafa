//! `kariz search` through the search snapshot in the cache folder: the
//! file is written on the first search, used and brought up to date on the
//! next ones, rebuilt when it cannot be trusted, and its hits are always the
//! plain scan's (`--no-cache`), whatever other processes changed between runs.

use std::path::PathBuf;

use crate::common::{Env, array, id};
use serde_json::Value;

fn search(env: &Env, query: &str) -> Vec<Value> {
    array(&env.json(["search", query, "--json", "--limit", "0"])).clone()
}

fn scan(env: &Env, query: &str) -> Vec<Value> {
    array(&env.json(["search", query, "--json", "--limit", "0", "--no-cache"])).clone()
}

/// The snapshot files in the test's cache folder.
fn snapshots(env: &Env) -> Vec<PathBuf> {
    let dir = env.cache_home().join("kariz");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "snapshot"))
        .collect()
}

/// The change id a snapshot file says it covers (the layout in
/// `src/search_snapshot.rs`: magic, format, two labels, change id).
fn covered_change(file: &PathBuf) -> i64 {
    let bytes = std::fs::read(file).unwrap();
    let mut at = 12;
    for _ in 0..2 {
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        at += 4 + len;
    }
    i64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

fn newest_change(env: &Env) -> i64 {
    crate::query_i64(&env.db(), "SELECT max(id) FROM changes")
}

fn ids(hits: &[Value]) -> Vec<(String, i64)> {
    hits.iter()
        .map(|h| (h["entity"].as_str().unwrap().to_owned(), id(h)))
        .collect()
}

const QUERIES: &[&str] = &[
    "sara",
    "s",
    "zagros",
    "acme",
    "نیک نام",
    "نیک‌نام",
    "نیکنام",
    "علی",
    "0912 345",
    "+98 912",
    "renewal",
    "omid",
    "karimi",
    "a",
];

/// Every query finds the same records in the same order, with the same
/// scores, through the snapshot as through the scan.
fn same_as_scan(env: &Env) {
    for query in QUERIES {
        assert_eq!(search(env, query), scan(env, query), "query {query:?}");
    }
}

#[test]
fn the_second_search_reads_the_snapshot_and_sees_others_changes() {
    let env = Env::new();
    let zagros = id(&env.json(["company", "add", "--name", "Zagros Cement", "--json"]));
    let sara = env.add_person(
        "Sara Ahmadi",
        &["--company", &zagros.to_string(), "--phone", "0912 345 6789"],
    );
    let zahra = env.add_person("زهرا نیک‌نام", &["--email", "zahra@example.ir"]);
    env.add_person("علي كريمي", &[]);
    let deal = env.add_deal(
        "Renewal",
        &["--person", &sara.to_string(), "--company", "Zagros Cement"],
    );
    assert!(snapshots(&env).is_empty(), "no search yet, no file");

    let first = search(&env, "sara");
    let files = snapshots(&env);
    assert_eq!(files.len(), 1, "the first search writes the snapshot");
    assert_eq!(covered_change(&files[0]), newest_change(&env));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "private");
    }
    let written = std::fs::metadata(&files[0]).unwrap().modified().unwrap();
    assert_eq!(search(&env, "sara"), first);
    assert_eq!(
        std::fs::metadata(&files[0]).unwrap().modified().unwrap(),
        written,
        "a current snapshot is read, not written again"
    );
    same_as_scan(&env);

    // Another process renames a person: her deal's text holds her name.
    env.ok(["person", "edit", &sara.to_string(), "--name", "Omid Sara"]);
    let hits = search(&env, "omid");
    assert_eq!(
        ids(&hits),
        [("person".to_owned(), sara), ("deal".to_owned(), deal)],
        "{hits:#?}"
    );
    assert_eq!(covered_change(&files[0]), newest_change(&env));
    same_as_scan(&env);

    // … and renames the company: its people's texts hold its name.
    env.ok([
        "company",
        "edit",
        &zagros.to_string(),
        "--name",
        "Acme Trading",
    ]);
    let hits = ids(&search(&env, "acme"));
    assert!(hits.contains(&("company".to_owned(), zagros)), "{hits:?}");
    assert!(hits.contains(&("person".to_owned(), sara)), "{hits:?}");
    assert!(hits.contains(&("deal".to_owned(), deal)), "{hits:?}");
    assert!(search(&env, "zagros cement").is_empty());
    same_as_scan(&env);

    // … and deletes one.
    env.ok(["person", "rm", &zahra.to_string()]);
    assert!(search(&env, "نیکنام").is_empty(), "deleted");
    assert_eq!(covered_change(&files[0]), newest_change(&env));
    same_as_scan(&env);

    // A new record after a delete, and a deal retitled.
    let reza = env.add_person("Reza Karimi", &["--phone", "+98 912 000 1111"]);
    env.ok(["deal", "edit", &deal.to_string(), "--title", "Omid's order"]);
    assert_eq!(id(&search(&env, "reza karimi")[0]), reza);
    same_as_scan(&env);
}

#[test]
fn a_corrupt_or_foreign_snapshot_is_rebuilt_never_believed() {
    let env = Env::new();
    let sara = env.add_person("Sara Ahmadi", &["--phone", "0912 345 6789"]);
    search(&env, "sara");
    let file = snapshots(&env).pop().unwrap();
    let good = std::fs::read(&file).unwrap();

    // Cut short, a flipped byte in the text the search reads (Sara's, the
    // last: only the name order's four bytes and the checksum follow it),
    // garbage, empty: each is ignored and replaced by a good one.
    let mut flipped = good.clone();
    let at = good.len() - 13;
    flipped[at] ^= 0x01;
    for bad in [
        good[..good.len() / 2].to_vec(),
        flipped,
        b"not a snapshot".to_vec(),
        Vec::new(),
    ] {
        std::fs::write(&file, &bad).unwrap();
        assert_eq!(id(&search(&env, "sara")[0]), sara);
        same_as_scan(&env);
        assert_eq!(std::fs::read(&file).unwrap(), good, "rewritten whole");
    }

    // A snapshot of another database at the same name (the file swapped
    // for a new one with as many changes): the change row it covered
    // reads differently there. The swap removes the file, which a server
    // database has none of.
    if env.on_server() {
        return;
    }
    env.ok(["person", "add", "--name", "Karimi", "--json"]);
    search(&env, "karimi");
    let stale = std::fs::read(&file).unwrap();
    let covered = covered_change(&file);
    for side in ["", "-wal", "-shm"] {
        let mut path = env.db().into_os_string();
        path.push(side);
        let _ = std::fs::remove_file(path);
    }
    env.add_person("Omid", &[]);
    env.add_person("Babak", &[]);
    assert_eq!(newest_change(&env), covered, "same change id, other rows");
    std::fs::write(&file, &stale).unwrap();
    assert!(
        search(&env, "karimi").is_empty(),
        "the other database's names"
    );
    assert_eq!(search(&env, "omid").len(), 1);
    same_as_scan(&env);
}

#[test]
fn no_cache_and_an_unwritable_cache_folder_still_search() {
    let env = Env::new();
    let sara = env.add_person("Sara Ahmadi", &[]);
    assert_eq!(id(&scan(&env, "sara")[0]), sara);
    let by_env = env
        .kariz()
        .env("KARIZ_NO_SEARCH_CACHE", "1")
        .args(["search", "sara", "--json"])
        .output()
        .unwrap();
    assert!(by_env.status.success());
    assert!(
        snapshots(&env).is_empty(),
        "--no-cache and the variable write nothing"
    );

    // A file where the cache folder should be: no snapshot, no error.
    std::fs::write(env.cache_home(), b"").unwrap();
    let out = env.ok(["search", "sara"]);
    assert!(out.contains("Sara Ahmadi"), "{out}");
}

#[test]
fn forget_removes_the_snapshot() {
    let env = Env::new();
    let sara = env.add_person("Sara Ahmadi", &["--phone", "0912 345 6789"]);
    search(&env, "sara");
    assert_eq!(snapshots(&env).len(), 1);
    env.ok(["forget", "person", &sara.to_string()]);
    assert!(snapshots(&env).is_empty(), "no copy of an erased name");
    assert!(search(&env, "sara").is_empty());
}
