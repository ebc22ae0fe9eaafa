//! `kariz migrate --to TARGET` end to end: the demo copied SQLite →
//! PostgreSQL → a new SQLite file exports exactly as the original; a target
//! holding data is refused and left as it was.

use crate::common::Env;
use serde_json::Value;

/// What `kariz export json` writes for every kind of record.
fn exports(env: &Env, db: &str) -> Vec<String> {
    ["person", "company", "deal", "task", "activity"]
        .iter()
        .map(|entity| env.ok(["--db", db, "export", "json", "--entity", entity]))
        .collect()
}

/// `[(table, rows)]` of a `migrate --json` summary.
fn tables(summary: &Value) -> Vec<(String, i64)> {
    summary["tables"]
        .as_array()
        .expect("tables is an array")
        .iter()
        .map(|t| {
            (
                t["table"].as_str().expect("table name").to_string(),
                t["rows"].as_i64().expect("row count"),
            )
        })
        .collect()
}

/// The demo database's path as text, built.
fn demo(env: &Env) -> String {
    env.ok(["demo"]);
    env.demo_db().to_str().expect("UTF-8 path").to_string()
}

/// The middle stop: a fresh PostgreSQL database when a cluster runs, else
/// (skipped loudly by the harness) a new SQLite file.
fn middle(env: &Env) -> (String, String) {
    match crate::pg_cluster::cluster() {
        Some(cluster) => {
            let url = cluster.new_database().url;
            (url.clone(), url)
        }
        None => {
            let path = env.path("middle.db").to_str().expect("UTF-8").to_string();
            (format!("sqlite:{path}"), path)
        }
    }
}

#[test]
fn the_demo_round_trips_through_postgresql_unchanged() {
    let env = Env::new();
    let original = demo(&env);
    let (to, middle_db) = middle(&env);

    let there = env.json(["--db", &original, "migrate", "--to", &to, "--json"]);
    let back_path = env.path("back.db");
    let back = back_path.to_str().expect("UTF-8").to_string();
    let back_to = format!("sqlite:{back}");
    let again = env.json(["--db", &middle_db, "migrate", "--to", &back_to, "--json"]);

    let counts = tables(&there);
    assert_eq!(counts.len(), 33);
    assert_eq!(
        counts,
        tables(&again),
        "per-table counts after the round trip"
    );
    for table in [
        "people",
        "companies",
        "deals",
        "deal_stage_history",
        "changes",
    ] {
        let rows = counts.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
        assert!(rows.unwrap_or(0) > 0, "{table}: {counts:?}");
    }
    let rows = there["rows"].as_i64().expect("rows");
    let seconds = there["seconds"].as_f64().expect("seconds");
    eprintln!(
        "demo → {}: {rows} rows in {seconds:.3} s ({:.0} rows/s); back: {:.3} s",
        if to.starts_with("sqlite:") {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        rows as f64 / seconds.max(1e-9),
        again["seconds"].as_f64().unwrap_or_default()
    );
    assert_eq!(exports(&env, &back), exports(&env, &original));
    assert_eq!(
        env.ok(["--db", &back, "history", "--limit", "0", "--json"]),
        env.ok(["--db", &original, "history", "--limit", "0", "--json"]),
        "the change log came back whole"
    );

    // Human output: one line per table, then the check.
    let third = env.path("third.db");
    let out = env.ok([
        "--db",
        &original,
        "migrate",
        "--to",
        &format!("sqlite:{}", third.display()),
    ]);
    assert!(out.contains("Copied"), "{out}");
    assert!(out.contains("message_outbox"), "{out}");
    assert!(out.contains("Row counts match in every table"), "{out}");

    // A second migrate onto the same server database is refused.
    let out = env.run(["--db", &original, "migrate", "--to", &to]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not empty"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    let shown = to.trim_start_matches("sqlite:");
    assert!(err.contains(shown), "names the target: {err}");
}

#[test]
fn an_sqlite_file_holding_data_is_refused_and_left_alone() {
    let env = Env::new();
    env.add_person("Sara Ahmadi", &[]);
    let original = env.db().to_str().expect("UTF-8").to_string();
    let full = demo(&env);
    let before = exports(&env, &full);

    let out = env.run([
        "--db",
        &original,
        "migrate",
        "--to",
        &format!("sqlite:{full}"),
    ]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&full), "names the target: {err}");
    assert!(err.contains("not empty"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(exports(&env, &full), before);
}

#[test]
fn a_target_that_is_neither_a_url_nor_sqlite_path_is_a_usage_error() {
    let env = Env::new();
    env.add_person("Sara Ahmadi", &[]);
    let out = env.run(["migrate", "--to", "elsewhere.db"]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sqlite:PATH"), "{err}");
    assert!(!env.path("elsewhere.db").exists());
}
