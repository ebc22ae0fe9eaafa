//! Running kariz for a team: a named database must exist, errors as JSON,
//! backup, restore, doctor and forget.

use crate::common::{Env, array, id};
use serde_json::Value;
use std::path::Path;

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn with_json_errors_are_one_json_object_on_stderr() {
    let env = Env::new();
    let typo = env.path("nope.db");
    let err = env.fails(
        3,
        ["person", "list", "--json", "--db", typo.to_str().unwrap()],
    );
    let value: Value = serde_json::from_str(err.trim()).expect("stderr is JSON");
    assert_eq!(value["error"]["exit_code"], 3);
    assert!(
        value["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nope.db")
    );
    let err = env.fails(3, ["person", "show", "42", "--json"]);
    let value: Value = serde_json::from_str(err.trim()).expect("stderr is JSON");
    assert_eq!(value["error"]["exit_code"], 3);
    // Without --json the usual text.
    let err = env.fails(3, ["person", "show", "42"]);
    assert!(
        err.starts_with("kariz: error: person 42 does not exist"),
        "{err}"
    );
}

#[test]
fn doctor_says_healthy_and_exit_0() {
    let env = Env::new();
    env.add_person("Sara", &[]);
    let report = env.json(["doctor", "--json"]);
    assert_eq!(report["verdict"], "healthy", "{report}");
    let names: Vec<&str> = array(&report["checks"])
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    // A server keeps its own files whole and grants access by role: no
    // file, page, WAL or mode checks there.
    let expected: &[&str] = if env.on_server() {
        &["server", "schema", "config"]
    } else {
        &[
            "file",
            "schema",
            "integrity",
            "foreign_keys",
            "config",
            "wal",
            "permissions",
        ]
    };
    for &expected in expected {
        assert!(names.contains(&expected), "{names:?}");
    }
    let text = env.ok(["doctor"]);
    assert!(text.contains("Verdict: healthy."), "{text}");
}

#[test]
fn forget_erases_the_person_from_records_log_and_file() {
    let env = Env::new();
    let name = "Farnaz Ghorbani-Forgetme";
    let pid = env.add_person(name, &["--email", "farnaz@forgetme.example"]);
    env.ok([
        "person",
        "edit",
        &pid.to_string(),
        "--title",
        "Secret title",
    ]);
    let deal = env.add_deal("Roof repair", &["--person", &pid.to_string()]);
    let keep = env.add_person("Kept Person", &[]);

    let done = env.json(["forget", "person", &pid.to_string(), "--json"]);
    assert_eq!(done["contact_points"], 1);
    assert!(done["redacted_changes"].as_i64().unwrap() >= 3, "{done}");
    assert_eq!(done["unlinked"][0], format!("deal {deal}"));
    // A server has no WAL file of kariz's to truncate.
    assert_eq!(done["wal_truncated"], !env.on_server());

    env.fails(3, ["person", "show", &pid.to_string()]);
    let deal = env.json(["deal", "show", &deal.to_string(), "--json"]);
    assert!(deal["person_id"].is_null(), "{deal}");
    let history = env.ok(["history", "person", &pid.to_string()]);
    assert!(
        history.contains("[erased]") || history.contains("erased"),
        "{history}"
    );
    assert!(!history.contains("Secret"), "{history}");
    assert!(env.json(["person", "show", &keep.to_string(), "--json"])["name"] == "Kept Person");

    // Not in the file, its WAL, or freed pages.
    for file in [env.db(), env.data_home().join("kariz/kariz.db-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            for secret in ["Forgetme", "forgetme.example", "Secret title"] {
                assert!(!contains(&bytes, secret), "{secret} in {}", file.display());
            }
        }
    }
    let text = env.ok(["forget", "person", &keep.to_string()]);
    assert!(
        text.contains("Backups made before now still hold"),
        "{text}"
    );
}

#[test]
fn import_partial_exits_6_when_rows_were_rejected() {
    let env = Env::new();
    let path = env.path("some.csv");
    std::fs::write(
        &path,
        "name,email\nGood,good@example.com\nBad,not-an-email\n",
    )
    .unwrap();
    let out = env.partial(["import", "csv", path.to_str().unwrap(), "--partial"]);
    assert!(out.contains("1 created"), "{out}");
    let people = env.json(["person", "list", "--json"]);
    assert_eq!(array(&people).len(), 1);
    assert_eq!(id(&array(&people)[0]), 1);
}

#[test]
fn controls_and_overlong_names_are_refused_on_every_input_path() {
    let env = Env::new();
    // The command line.
    let err = env.fails(1, ["person", "add", "--name", "Sa\u{1b}[2Jra"]);
    assert!(
        err.contains("the name contains the control character U+001B (\\u{1b})"),
        "{err}"
    );
    let long = "ن".repeat(301);
    let err = env.fails(1, ["company", "add", "--name", &long]);
    assert!(
        err.contains("301 characters long; the most allowed is 300"),
        "{err}"
    );
    env.fails(1, ["deal", "add", "--title", "a\u{85}b"]);
    env.fails(1, ["task", "add", "--title", "t", "--notes", "bell\u{7}"]);
    // Line breaks stay fine in notes.
    env.add_person("Sara", &["--notes", "line one\nline two"]);
    // An import: a NUL name (which used to pass and then fail SQLite's
    // integrity check forever) is a rejected row naming the line.
    let csv = env.path("nul.csv");
    std::fs::write(
        &csv,
        "name,email\nGood,good@example.com\n\"Bad\0\",bad@example.com\n",
    )
    .unwrap();
    let out = env.partial(["import", "csv", csv.to_str().unwrap(), "--partial"]);
    assert!(out.contains("line 3"), "{out}");
    assert!(out.contains("control character"), "{out}");
    let json = env.path("people.json");
    std::fs::write(&json, r#"[{"name": "Nul\u0000Name"}]"#).unwrap();
    let (code, stdout) = {
        let out = env
            .kariz()
            .args(["import", "json", json.to_str().unwrap()])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("control character"), "{stdout}");
    let names: Vec<String> = array(&env.json(["person", "list", "--json"]))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Good", "Sara"]);
    let report = env.json(["doctor", "--json"]);
    assert_eq!(report["verdict"], "healthy", "{report}");
}

/// Runs `kariz ARGS` with a pseudo-terminal as its standard output (through
/// util-linux `script`) and returns what the terminal received; `None`,
/// loudly, when `script` is missing.
pub(crate) fn on_a_terminal(env: &Env, args: &[&str]) -> Option<String> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: util-linux `script` is not installed; .ci/run installs it");
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` is required in CI"
        );
        return None;
    }
    let kariz = assert_cmd::cargo::cargo_bin("kariz");
    let line = std::iter::once(kariz.to_str().unwrap().to_string())
        .chain(args.iter().map(|a| format!("'{a}'")))
        .collect::<Vec<_>>()
        .join(" ");
    let out = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("HOME", env.path("home"))
        .env("XDG_DATA_HOME", env.data_home())
        .env("XDG_CONFIG_HOME", env.config_home())
        .env("KARIZ_TEST_USER", crate::common::USER)
        .env("KARIZ_NOW", crate::common::NOW)
        .env("TZ", "UTC")
        .env("KARIZ_DB", env.db_var())
        .env_remove("KARIZ_CONFIG")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn exports_on_a_terminal_show_controls_and_files_stay_exact() {
    use crate::common::{EVIL, EVIL_SHOWN, assert_no_raw_controls};
    let env = Env::new();
    let pid = env.add_person("Evil", &[]);
    env.plant("people", pid, "name", EVIL);
    let tid = env.add_task("Call", &["--due", "today"]);
    env.plant("tasks", tid, "title", EVIL);
    for (args, shown) in [
        (vec!["export", "csv", "--entity", "person"], EVIL_SHOWN),
        // vCard drops C0 controls itself; the override is what is left.
        (vec!["export", "vcard"], "Evil\\u{202e}gpj"),
        (vec!["export", "ics"], "Evil\\u{202e}gpj"),
        (
            vec!["export", "json", "--entity", "person"],
            "\\u001b]52;c;aGVsbG8=\\u0007Evil\\u0085\\u202egpj",
        ),
    ] {
        let Some(screen) = on_a_terminal(&env, &args) else {
            return;
        };
        assert_no_raw_controls(&screen.replace("\r\n", "\n"), &format!("{args:?}"));
        assert!(screen.contains(shown), "{args:?}:\n{screen}");
        // Piped, the bytes are exact.
        let piped = env.ok(&args);
        assert!(piped.contains('\u{202e}') || args[1] == "json", "{args:?}");
    }
    let file = env.path("people.csv");
    env.ok([
        "export",
        "csv",
        "--entity",
        "person",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(std::fs::read_to_string(&file).unwrap().contains(EVIL));
}

#[test]
fn ics_due_times_use_the_offset_of_their_own_day() {
    if !Path::new("/usr/share/zoneinfo/Europe/Berlin").exists() {
        eprintln!("SKIPPED: no system zoneinfo (tzdata) for Europe/Berlin");
        assert!(std::env::var_os("CI").is_none(), "tzdata is required in CI");
        return;
    }
    let env = Env::new();
    // Winter in Berlin (+01:00); one task due in summer (+02:00).
    let now = "2026-11-22T10:00:00+01:00";
    let run = |args: &[&str]| {
        let out = env
            .kariz_at(now)
            .env("TZ", "Europe/Berlin")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    run(&[
        "task",
        "add",
        "--title",
        "Summer",
        "--due",
        "2027-07-01",
        "--at",
        "14:00",
    ]);
    run(&[
        "task",
        "add",
        "--title",
        "Winter",
        "--due",
        "2026-12-01",
        "--at",
        "14:00",
    ]);
    let ics = run(&["export", "ics"]);
    assert!(ics.contains("DUE:20270701T120000Z\r\n"), "{ics}");
    assert!(ics.contains("DUE:20261201T130000Z\r\n"), "{ics}");
}
