//! Safety end to end: hostile text is shown, never executed, and stored
//! exactly; exit codes; file permissions; files that are not kariz
//! databases.

use crate::common::{EVIL, EVIL_SHOWN, Env, assert_no_raw_controls, id};
use predicates::prelude::*;
use rusqlite::Connection;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Escape sequences and bidi overrides in stored text
// ---------------------------------------------------------------------------

#[test]
fn hostile_person_name_is_shown_escaped_in_tables_and_pages() {
    let env = Env::new();
    // Typed in, it is refused (see `controls_are_refused_on_every_input_path`);
    // planted, as an older kariz could have stored it, it is shown escaped.
    env.ok([
        "person",
        "add",
        "--name",
        "Evil",
        "--email",
        "x@example.com",
    ]);
    env.plant("people", 1, "name", EVIL);

    for args in [
        vec!["person", "list"],
        vec!["person", "show", "1"],
        vec!["search", "Evil"],
    ] {
        let out = env.ok(&args);
        assert_no_raw_controls(&out, &format!("{args:?}"));
        assert!(out.contains(EVIL_SHOWN), "{args:?}:\n{out}");
    }
    // The change log shows the old name of a renamed person.
    env.ok(["person", "edit", "1", "--name", "Plain"]);
    let out = env.ok(["history", "person", "1"]);
    assert_no_raw_controls(&out, "history");
    let update = out.lines().find(|l| l.contains("update")).unwrap();
    assert!(update.contains(EVIL_SHOWN), "{out}");
    assert!(update.trim_end().ends_with("Plain"), "{out}");
}

#[test]
fn hostile_text_round_trips_exactly_through_json() {
    let env = Env::new();
    let p = env.json(["person", "add", "--name", "Evil", "--json"]);
    let pid = id(&p).to_string();
    env.plant("people", id(&p), "name", EVIL);
    env.plant(
        "changes",
        1,
        "new",
        &serde_json::json!({ "name": EVIL }).to_string(),
    );

    for args in [
        vec!["person", "list", "--json"],
        vec!["person", "show", &pid, "--json"],
        vec!["search", "Evil", "--json"],
        vec!["history", "--json"],
    ] {
        let text = env.ok(&args);
        assert_no_raw_controls(&text, &format!("{args:?}"));
        let value: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{args:?} is not JSON ({e}):\n{text}"));
        let found = match &value {
            Value::Array(items) if args[0] == "history" => {
                let snapshot: Value =
                    serde_json::from_str(items[0]["new"].as_str().unwrap()).unwrap();
                snapshot["name"].clone()
            }
            Value::Array(items) => items[0]["name"].clone(),
            other => other["name"].clone(),
        };
        // The stored value is byte for byte what was typed.
        assert_eq!(
            found.as_str().map(str::as_bytes),
            Some(EVIL.as_bytes()),
            "{args:?}"
        );
    }
}

#[test]
fn hostile_text_in_every_record_kind_is_escaped_in_tables() {
    let env = Env::new();
    env.ok(["company", "add", "--name", "Evil"]);
    env.plant("companies", 1, "name", EVIL);
    let pid = env.add_person("Sara", &[]).to_string();
    let deal = env.add_deal("Evil", &["--person", &pid]);
    let did = deal.to_string();
    env.ok(["deal", "lost", &did, "--reason", "Evil"]);
    env.plant("deals", deal, "lost_reason", EVIL);
    env.plant("deals", deal, "title", EVIL);
    let task = env.add_task("Evil", &["--due", "today", "--notes", "x"]);
    let tid = task.to_string();
    env.plant("tasks", task, "title", EVIL);
    env.plant("tasks", task, "notes", EVIL);
    let a = env.json([
        "activity",
        "add",
        "--kind",
        "note",
        "--subject",
        "Evil",
        "--body",
        "x",
        "--person",
        &pid,
        "--json",
    ]);
    let aid = id(&a).to_string();
    env.plant("activities", id(&a), "subject", EVIL);
    env.plant("activities", id(&a), "body", EVIL);

    for args in [
        vec!["company", "list"],
        vec!["company", "show", "1"],
        vec!["deal", "list"],
        vec!["deal", "show", &did],
        vec!["task", "list", "--today"],
        vec!["task", "show", &tid],
        vec!["activity", "list"],
        vec!["activity", "show", &aid],
        vec!["person", "show", &pid],
    ] {
        let out = env.ok(&args);
        assert_no_raw_controls(&out, &format!("{args:?}"));
        assert!(out.contains(EVIL_SHOWN), "{args:?}:\n{out}");
    }
    let task = env.json(["task", "show", &tid, "--json"]);
    assert_eq!(task["title"], EVIL);
    assert_eq!(task["notes"], EVIL);
    let deal = env.json(["deal", "show", &did, "--json"]);
    assert_eq!(deal["lost_reason"], EVIL);
}

#[test]
fn multi_line_notes_keep_line_breaks_but_not_carriage_returns() {
    let env = Env::new();
    let notes = "first line\nsecond\u{1b}[2J line\rhidden";
    let id = env.add_person("Sara", &["--notes", "x"]);
    env.plant("people", id, "notes", notes);
    let pid = id.to_string();
    let out = env.ok(["person", "show", &pid]);
    assert_no_raw_controls(&out, "person show");
    assert!(out.contains("first line\n"), "{out}");
    assert!(out.contains("second\\u{1b}[2J line\\u{d}hidden"), "{out}");
    // Stored as typed.
    let p = env.json(["person", "show", &pid, "--json"]);
    assert_eq!(p["notes"], notes);
}

#[test]
fn error_messages_quoting_user_text_have_no_raw_controls() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec!["company", "show", EVIL],
        vec!["person", "show", EVIL],
        vec!["person", "list", "--company", EVIL],
        vec!["person", "edit", &pid, "--email", EVIL],
        vec!["person", "edit", &pid, "--phone", EVIL],
        vec!["task", "add", "--title", "t", "--due", EVIL],
        vec!["task", "add", "--title", "t", "--at", EVIL],
        vec!["activity", "add", "--kind", EVIL, "--person", &pid],
        vec!["deal", "add", "--title", "d", "--value", EVIL],
        vec!["deal", "add", "--title", "d", "--stage", EVIL],
        vec!["deal", "add", "--title", "d", "--pipeline", EVIL],
        vec!["deal", "add", "--title", "d", "--currency", EVIL],
        vec!["tag", "add", EVIL, "--person", &pid],
        vec!["history", EVIL],
    ];
    for args in cases {
        let out = env.run(&args);
        assert!(!out.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("kariz: error: "), "{args:?}: {stderr}");
        assert_no_raw_controls(&stderr, &format!("{args:?} stderr"));
        assert!(stderr.contains("\\u{1b}"), "{args:?}: {stderr}");
    }
    // And the user-typed environment variable.
    let out = env
        .kariz_at(EVIL)
        .args(["person", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("KARIZ_NOW"), "{stderr}");
    assert_no_raw_controls(&stderr, "KARIZ_NOW error");
}

#[test]
fn error_messages_quote_user_text_like_the_tables_do() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    for (code, args) in [
        (3, vec!["company", "show", EVIL]),
        (1, vec!["person", "edit", &pid, "--email", EVIL]),
        (1, vec!["task", "add", "--title", "t", "--due", EVIL]),
    ] {
        let stderr = env.fails(code, &args);
        assert!(
            stderr.contains(&format!("\"{EVIL_SHOWN}\"")),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn stage_and_tag_errors_quote_user_text_escaped_once() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    for args in [
        vec!["deal", "add", "--title", "d", "--stage", EVIL],
        vec!["deal", "add", "--title", "d", "--pipeline", EVIL],
        vec!["tag", "add", EVIL, "--person", &pid],
    ] {
        let stderr = env.fails(1, &args);
        assert!(
            stderr.contains(&format!("\"{EVIL_SHOWN}\"")),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn usage_errors_quoting_user_text_have_no_raw_controls() {
    let env = Env::new();
    for args in [
        vec!["deal", "list", "--status", EVIL],
        vec!["person", EVIL],
        vec!["task", "list", "--upcoming", "--days", EVIL],
    ] {
        let stderr = env.fails(2, &args);
        assert_no_raw_controls(&stderr, &format!("{args:?} stderr"));
    }
}

// ---------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------

#[test]
fn no_subcommand_without_a_terminal_points_to_the_subcommands() {
    let env = Env::new();
    env.kariz()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a terminal"))
        .stderr(predicate::str::contains("kariz --help"));
    assert!(!env.db().exists(), "a database was created");
}

#[test]
fn exit_codes_follow_the_documented_table() {
    let env = Env::new();
    // 0: ok; --help and --version too.
    env.kariz().arg("--help").assert().code(0);
    env.kariz()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
    let pid = env.add_person("Sara", &[]).to_string();
    env.add_deal("Deal", &["--person", &pid]);
    // 1: any other error.
    env.fails(1, ["deal", "add", "--title", "x", "--currency", "XXX"]);
    // 2: usage.
    let err = env.fails(2, ["person", "frobnicate"]);
    assert!(err.contains("frobnicate"), "{err}");
    env.fails(2, ["person", "show"]);
    env.fails(2, ["person", "list", "--no-such-flag"]);
    env.fails(2, ["task", "add", "--priority"]);
    // 3: not found.
    env.fails(3, ["person", "show", "999"]);
    env.fails(3, ["deal", "won", "999"]);
    // 4: version conflict.
    env.ok(["person", "edit", &pid, "--title", "x"]);
    env.fails(
        4,
        ["person", "edit", &pid, "--title", "y", "--version", "1"],
    );
    // 5: delete refused while linked.
    env.fails(5, ["person", "rm", &pid]);
}

#[test]
fn a_bad_kariz_now_is_an_error_naming_the_variable() {
    let env = Env::new();
    let out = env
        .kariz_at("soon")
        .args(["task", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("KARIZ_NOW"), "{stderr}");
    assert!(stderr.contains("RFC 3339"), "{stderr}");
}

#[test]
fn without_home_or_xdg_the_error_says_to_pass_db() {
    let env = Env::new();
    let out = env
        .kariz()
        .env_remove("HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .args(["person", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--db"), "{stderr}");
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[test]
fn an_existing_folder_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let dir = env.path("shared");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = dir.join("crm.db");
    env.ok(["person", "list", "--create", "--db", db.to_str().unwrap()]);
    assert_eq!(mode(&dir), 0o755);
    assert_eq!(mode(&db), 0o600);
}

#[cfg(unix)]
#[test]
fn io_errors_name_the_os_error_once() {
    let env = Env::new();
    let file = env.path("plain-file");
    std::fs::write(&file, "x").unwrap();
    let db = file.join("crm.db");
    let err = env.fails(
        1,
        ["person", "list", "--create", "--db", db.to_str().unwrap()],
    );
    assert!(err.contains(db.to_str().unwrap()), "{err}");
    assert_eq!(err.matches("(os error").count(), 1, "{err}");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_by_path() {
    let env = Env::new();
    let path = env.path("notes.txt");
    std::fs::write(&path, "hello").unwrap();
    let err = env.fails(1, ["person", "list", "--db", path.to_str().unwrap()]);
    assert!(err.contains(path.to_str().unwrap()), "{err}");
    assert!(err.contains("not a kariz database"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"hello");
}

/// An SQLite file of some other program, with one table and one row.
fn foreign_db(env: &Env) -> std::path::PathBuf {
    let path = env.path("other-app.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER);
         INSERT INTO invoices (total) VALUES (42);",
    )
    .unwrap();
    drop(conn);
    path
}

#[test]
fn an_sqlite_file_of_another_program_is_refused() {
    let env = Env::new();
    let path = foreign_db(&env);
    let err = env.fails(
        1,
        [
            "person",
            "add",
            "--name",
            "X",
            "--db",
            path.to_str().unwrap(),
        ],
    );
    assert!(err.contains(path.to_str().unwrap()), "{err}");
    assert!(err.contains("not a kariz one"), "{err}");
    assert!(
        err.contains("name another with --db PATH or KARIZ_DB"),
        "{err}"
    );

    let conn = Connection::open(&path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["invoices"], "kariz added its tables");
    let total: i64 = conn
        .query_row("SELECT total FROM invoices", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 42);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 0);
}

/// An SQLite file that claims a schema version from a newer kariz.
fn future_db(env: &Env) -> std::path::PathBuf {
    let path = env.path("future.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); PRAGMA user_version = 99;",
    )
    .unwrap();
    drop(conn);
    path
}

#[test]
fn a_refused_sqlite_file_is_left_byte_for_byte_unchanged() {
    let env = Env::new();
    for path in [foreign_db(&env), future_db(&env)] {
        let before = std::fs::read(&path).unwrap();
        env.fails(1, ["person", "list", "--db", path.to_str().unwrap()]);
        let after = std::fs::read(&path).unwrap();
        let journal: String = Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            journal,
            "delete",
            "{}: journal mode changed",
            path.display()
        );
        assert!(before == after, "{}: the bytes changed", path.display());
    }
}

#[test]
fn a_database_from_a_newer_kariz_is_refused() {
    let env = Env::new();
    let path = future_db(&env);
    let err = env.fails(1, ["person", "list", "--db", path.to_str().unwrap()]);
    assert!(err.contains("newer kariz"), "{err}");
    assert!(err.contains("99"), "{err}");
    assert!(err.contains(path.to_str().unwrap()), "{err}");
    env.fails(
        1,
        [
            "person",
            "add",
            "--name",
            "X",
            "--db",
            path.to_str().unwrap(),
        ],
    );

    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1, "kariz migrated a newer database");
}

#[test]
fn an_empty_file_is_refused_not_taken_for_a_new_database() {
    // A truncated copy must not quietly become an empty CRM.
    let env = Env::new();
    let path = env.path("empty.db");
    std::fs::write(&path, b"").unwrap();
    for extra in [None, Some("--create")] {
        let mut args = vec![
            "person",
            "add",
            "--name",
            "Sara",
            "--db",
            path.to_str().unwrap(),
        ];
        args.extend(extra);
        let err = env.fails(1, args);
        assert!(err.contains("empty file (0 bytes)"), "{err}");
        assert!(err.contains(path.to_str().unwrap()), "{err}");
    }
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        0,
        "the file changed"
    );
    assert!(!env.path("empty.db-wal").exists());
}
