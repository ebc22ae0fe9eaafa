//! Running kariz for a team: a named database must exist, errors as JSON,
//! backup, restore, doctor and forget.

use crate::common::{Env, array, id};
use serde_json::Value;
use std::path::Path;

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_mistyped_db_is_exit_3_naming_it_and_nothing_is_created() {
    let env = Env::new();
    let typo = env.path("crm-typo.db");
    let err = env.fails(3, ["task", "list", "--db", typo.to_str().unwrap()]);
    assert!(err.contains("crm-typo.db"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(err.contains("--create"), "{err}");
    let out = env
        .kariz()
        .env("KARIZ_DB", &typo)
        .args(["task", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(!typo.exists(), "a mistyped database was created");
    assert!(!env.db().exists());
    // With --create it is made; the default path is always created.
    env.ok(["person", "list", "--create", "--db", typo.to_str().unwrap()]);
    assert!(typo.exists());
    env.ok(["person", "list"]);
    assert!(env.db().exists());
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
fn backup_is_private_says_what_it_holds_and_restores() {
    let env = Env::new();
    env.add_person("Sara Ahmadi", &["--phone", "+98 912 000 1111"]);
    env.add_person("Reza Karimi", &[]);
    let target = env.path("nightly.db");
    let out = env.ok(["backup", target.to_str().unwrap()]);
    assert!(out.contains("2 people"), "{out}");
    assert!(out.contains("schema version"), "{out}");
    assert_eq!(mode(&target), 0o600);
    // An existing file is never overwritten.
    let err = env.fails(1, ["backup", target.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
    // The default name carries the (pinned) time.
    env.ok(["backup"]);
    assert!(env.path("kariz-backup-2026-11-22T063000Z.db").exists());

    // Changes after the backup are undone by a restore; the replaced
    // database is kept beside it, with them.
    env.add_person("After the backup", &[]);
    let json = env.json(["restore", target.to_str().unwrap(), "--json"]);
    let kept = json["kept"].as_str().unwrap().to_string();
    assert!(
        kept.ends_with("kariz.db.before-restore-2026-11-22T063000Z"),
        "{kept}"
    );
    let names: Vec<String> = array(&env.json(["person", "list", "--json"]))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(!names.iter().any(|n| n == "After the backup"));
    let old = env.json(["person", "list", "--json", "--db", &kept]);
    assert_eq!(array(&old).len(), 3, "the kept copy has every commit");
    assert_eq!(mode(&env.db()), 0o600);
}

#[test]
fn restore_leaves_no_stale_wal_and_checks_the_backup_first() {
    let env = Env::new();
    env.add_person("Sara", &[]);
    let target = env.path("b.db");
    env.ok(["backup", target.to_str().unwrap()]);
    env.ok(["restore", target.to_str().unwrap()]);
    let wal = env.data_home().join("kariz/kariz.db-wal");
    let shm = env.data_home().join("kariz/kariz.db-shm");
    assert!(!wal.exists() && !shm.exists(), "stale -wal/-shm left");

    // A damaged backup is refused and nothing changes.
    let before = std::fs::read(env.db()).unwrap();
    let bad = env.path("bad.db");
    let mut bytes = std::fs::read(&target).unwrap();
    corrupt_page(&mut bytes, 3);
    std::fs::write(&bad, &bytes).unwrap();
    let err = env.fails(1, ["restore", bad.to_str().unwrap()]);
    assert!(
        err.contains("damaged") || err.contains("not a kariz"),
        "{err}"
    );
    let text = env.path("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    let err = env.fails(1, ["restore", text.to_str().unwrap()]);
    assert!(err.contains("not a kariz database"), "{err}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn restore_refuses_while_another_kariz_has_the_database_open() {
    let env = Env::new();
    env.add_person("Sara", &[]);
    let target = env.path("b.db");
    env.ok(["backup", target.to_str().unwrap()]);
    // Another kariz: this test process holding the database open.
    let open =
        kariz::store::Store::open(&env.db(), kariz::config::Config::default_config(), "other")
            .unwrap();
    let err = env.fails(1, ["restore", target.to_str().unwrap()]);
    assert!(err.contains("open in another kariz"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(
        std::fs::read_dir(env.data_home().join("kariz"))
            .unwrap()
            .all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("before-restore")),
        "it moved the database although refusing"
    );
    env.ok(["restore", target.to_str().unwrap(), "--force"]);
    drop(open);
    env.ok(["restore", target.to_str().unwrap()]);
}

/// Writes garbage over most of page `page` (1-based) of a database image.
fn corrupt_page(bytes: &mut [u8], page: usize) {
    let size = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let size = if size == 1 { 65536 } else { size };
    let start = (page - 1) * size;
    for (i, b) in bytes[start..start + size].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
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
    for expected in [
        "file",
        "schema",
        "integrity",
        "foreign_keys",
        "config",
        "wal",
        "permissions",
    ] {
        assert!(names.contains(&expected), "{names:?}");
    }
    let text = env.ok(["doctor"]);
    assert!(text.contains("Verdict: healthy."), "{text}");
}

#[test]
fn doctor_finds_a_corrupt_page_and_exits_7() {
    let env = Env::new();
    for i in 0..200 {
        env.add_person(&format!("Person number {i} with a long enough name"), &[]);
    }
    let copy = env.path("copy.db");
    env.ok(["backup", copy.to_str().unwrap()]);
    let mut bytes = std::fs::read(&copy).unwrap();
    let pages = bytes.len() / 4096;
    // A page in the middle: table or index data, not the schema.
    corrupt_page(&mut bytes, pages / 2);
    std::fs::write(&copy, &bytes).unwrap();
    let out = env
        .kariz()
        .args(["doctor", "--json", "--db", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdict"], "needs attention");
    let integrity = array(&report["checks"])
        .iter()
        .find(|c| c["name"] == "integrity")
        .cloned()
        .unwrap();
    assert_eq!(integrity["status"], "fail", "{report}");
    assert!(
        integrity["detail"].as_str().unwrap().contains("damaged"),
        "{integrity}"
    );
}

#[test]
fn doctor_warns_about_a_world_readable_database() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.add_person("Sara", &[]);
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let report = env.json(["doctor", "--json"]);
    assert_eq!(report["verdict"], "healthy, with warnings");
    let perms = array(&report["checks"])
        .iter()
        .find(|c| c["name"] == "permissions")
        .cloned()
        .unwrap();
    assert_eq!(perms["status"], "warn");
    assert!(perms["detail"].as_str().unwrap().contains("644"), "{perms}");
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
    assert_eq!(done["wal_truncated"], true);

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
        .env_remove("KARIZ_DB")
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

/// Runs kariz as someone who may not write what the test made read-only:
/// as root (who may write anything) the child drops to `nobody`.
/// `kariz person add --name Reza --db DB` as the unprivileged reader.
fn add_as_reader(env: &Env, db: &std::path::Path) -> std::process::Output {
    let db = db.to_str().unwrap();
    as_reader(env, &["person", "add", "--name", "Reza", "--db", db])
}

fn as_reader(env: &Env, args: &[&str]) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kariz"));
    cmd.args(args)
        .env("HOME", env.path("home"))
        .env("XDG_DATA_HOME", env.data_home())
        .env("XDG_CONFIG_HOME", env.config_home())
        .env("KARIZ_TEST_USER", crate::common::USER)
        .env("KARIZ_NOW", crate::common::NOW)
        .env_remove("KARIZ_DB")
        .env_remove("KARIZ_CONFIG");
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    if root {
        cmd.uid(65534).gid(65534);
    }
    cmd.output().unwrap()
}

#[test]
fn a_read_only_file_or_folder_is_a_clear_error_and_nothing_changes() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let shared = env.path("shared");
    std::fs::create_dir(&shared).unwrap();
    let db = shared.join("crm.db");
    env.ok([
        "person",
        "add",
        "--name",
        "Sara",
        "--create",
        "--db",
        db.to_str().unwrap(),
    ]);
    let set = |p: &Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set(env.root(), 0o755);
    let before = std::fs::read(&db).unwrap();

    // The file read-only (the folder writable by all, as a shared one is).
    set(&shared, 0o777);
    set(&db, 0o644);
    let out = add_as_reader(&env, &db);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert!(
        err.contains("crm.db") || err.contains("permissions"),
        "{err}"
    );
    assert!(!err.contains("Error code"), "{err}");

    // The folder read-only, the file writable: SQLite cannot make its
    // -wal and -shm beside it.
    set(&db, 0o666);
    for side in ["crm.db-wal", "crm.db-shm"] {
        let _ = std::fs::remove_file(shared.join(side));
    }
    set(&shared, 0o555);
    let out = add_as_reader(&env, &db);
    let err = String::from_utf8_lossy(&out.stderr);
    set(&shared, 0o755);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("crm.db"), "{err}");
    assert!(err.contains("folder") || err.contains("read-only"), "{err}");
    assert!(!err.contains("Error code"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
}
