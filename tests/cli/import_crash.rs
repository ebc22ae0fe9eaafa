//! An import killed (SIGKILL) in the middle of its one transaction leaves
//! the database exactly as it was before.

use crate::common::{Env, NOW, USER};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// Polls `condition` until it holds or the deadline passes.
fn wait_until(deadline: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

fn snapshot(db: &std::path::Path) -> (String, i64, i64, i64, Vec<String>) {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count")
    };
    let indexes: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (
        check,
        count("people"),
        count("contact_points"),
        count("changes"),
        indexes,
    )
}

#[test]
fn killing_an_import_leaves_the_database_as_it_was() {
    let env = Env::new();
    env.add_person("سارا", &["--email", "sara@example.ir"]);
    env.add_person("Ali", &["--phone", "+98 912 000 0000"]);
    let db = env.db();
    let before = snapshot(&db);

    let mut csv = String::from("name,email,phone,company,tags\n");
    for i in 0..400_000 {
        let _ = writeln!(
            csv,
            "Person {i},p{i}@example.com,+98 912 {i:07},Company {},customer",
            i % 1000
        );
    }
    let file = env.path("big.csv");
    std::fs::write(&file, csv).expect("write the CSV");

    let wal = db.with_extension("db-wal");
    let wal_before = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kariz"))
        .args(["import", "csv"])
        .arg(&file)
        .env("HOME", env.path("home"))
        .env("XDG_DATA_HOME", env.data_home())
        .env("XDG_CONFIG_HOME", env.config_home())
        .env("KARIZ_NOW", NOW)
        .env("KARIZ_TEST_USER", USER)
        .env_remove("KARIZ_DB")
        .env_remove("KARIZ_CONFIG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start kariz import");
    // Wait until the transaction has spilled pages to the WAL (after the
    // bulk page cache of 64 MB fills, so this takes a while in debug builds).
    let writing = wait_until(Duration::from_secs(300), || {
        std::fs::metadata(&wal)
            .map(|m| m.len() > wal_before + 4_000_000)
            .unwrap_or(false)
    });
    child.kill().expect("kill kariz");
    let status = child.wait().expect("reap kariz");
    assert!(writing, "the import never started writing");
    assert!(
        !status.success(),
        "kariz should have been killed, not finished"
    );

    assert_eq!(snapshot(&db), before);
    let list = env.json(["person", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(2));
}
