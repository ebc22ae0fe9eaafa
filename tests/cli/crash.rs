//! A process killed in the middle of a big write leaves the database
//! consistent: the half-done transaction is simply not there.

use crate::common::{Env, NOW, USER};
use std::time::{Duration, Instant};

/// Polls `condition` until it holds or the deadline passes.
fn wait_until(deadline: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < deadline {
        if condition() {
            return true;
        }
        std::thread::yield_now();
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

#[test]
fn killing_a_bulk_write_leaves_the_previous_state_intact() {
    let env = Env::new();
    // A first, complete demo database with known counts.
    env.ok(["demo"]);
    let demo = env.demo_db();
    let people_before = env.json(["--db", demo.to_str().unwrap(), "person", "list", "--json"]);
    let before = people_before.as_array().unwrap().len();

    // Rebuild with a large synthetic set and kill it mid-transaction.
    let building = demo.with_extension("db.building");
    let wal = demo.with_extension("db.building-wal");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kariz"))
        .args(["demo", "--size", "2000000"])
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
        .expect("start kariz demo");
    // Wait until the big transaction has spilled pages to the WAL.
    let writing = wait_until(Duration::from_secs(60), || {
        std::fs::metadata(&wal)
            .map(|m| m.len() > 2_000_000)
            .unwrap_or(false)
    });
    child.kill().expect("kill kariz");
    let status = child.wait().expect("reap kariz");
    assert!(writing, "the rebuild never started writing");
    assert!(
        !status.success(),
        "kariz should have been killed, not finished"
    );

    // The real demo database was never touched.
    let people_after = env.json(["--db", demo.to_str().unwrap(), "person", "list", "--json"]);
    assert_eq!(people_after.as_array().unwrap().len(), before);

    // The half-built file is consistent: the hand-made demo records were
    // committed in their own transaction before the synthetic ones, and the
    // killed synthetic transaction left not one row behind.
    let conn = rusqlite::Connection::open(&building).expect("open the half-built file");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(check, "ok");
    let people: i64 = conn
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
        .expect("count people");
    assert_eq!(people as usize, before);
    drop(conn);

    // And the next rebuild cleans it up and succeeds.
    env.ok(["demo"]);
    assert!(!building.exists());
}

/// Kills (SIGKILL) `kariz person edit` at forty different moments, from
/// before it opens the database to after it commits: every time the person
/// is wholly at one edit (name, title and notes from the same edit, the
/// change log exactly in step with the version), never half of one.
#[test]
fn killing_saves_leaves_old_or_new_never_half() {
    let env = Env::new();
    let id = env.add_person("N0", &["--title", "T0", "--notes", "X0"]);
    assert_eq!(id, 1);
    let db = env.db();
    let read = || -> (String, String, String, i64, i64) {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.busy_timeout(Duration::from_secs(30)).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let (name, title, notes, version) = conn
            .query_row(
                "SELECT name, title, notes, version FROM people WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        let logged: i64 = conn
            .query_row(
                "SELECT count(*) FROM changes WHERE entity = 'person' AND entity_id = 1 AND op = 'update'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (name, title, notes, version, logged)
    };
    let mut killed_mid_run = 0;
    for i in 1..=40u64 {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kariz"))
            .args(["person", "edit", "1"])
            .args(["--name", &format!("N{i}"), "--title", &format!("T{i}")])
            .args(["--notes", &format!("X{i}")])
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
            .expect("start kariz");
        // The kill point is the input of this test: 0 to 39 ms after the
        // start, which spans opening, the transaction and the commit.
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(i - 1) {
            if child.try_wait().expect("poll kariz").is_some() {
                break;
            }
            std::thread::yield_now();
        }
        if child.try_wait().expect("poll kariz").is_none() {
            killed_mid_run += 1;
        }
        let _ = child.kill();
        child.wait().expect("reap kariz");

        let (name, title, notes, version, logged) = read();
        let n = name.trim_start_matches('N');
        assert_eq!(title, format!("T{n}"), "kill {i}: half an edit");
        assert_eq!(notes, format!("X{n}"), "kill {i}: half an edit");
        // Each edit bumps the version once and logs three field rows in
        // the same transaction.
        assert_eq!(logged, 3 * (version - 1), "kill {i}: log out of step");
    }
    assert!(killed_mid_run > 0, "kariz always finished before the kill");
    // And kariz carries on normally.
    env.ok(["person", "edit", "1", "--name", "After"]);
}
