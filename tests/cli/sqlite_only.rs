//! CLI tests about SQLite files by nature, moved out of otherwise generic
//! files so tests/cli_pg can run those on PostgreSQL: the default path
//! under XDG_DATA_HOME, a mistyped file name, `backup`/`restore` of files
//! (PostgreSQL is backed up with pg_dump), doctor's page and file-mode
//! checks, read-only files and folders, and new files' modes.

use crate::common::{Env, array};
use serde_json::Value;
use std::path::Path;

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn without_flags_the_database_lives_under_xdg_data_home() {
    let env = Env::new();
    env.ok(["person", "add", "--name", "Default"]);
    assert!(env.db().is_file(), "{} missing", env.db().display());
    let out = env.ok(["config", "path"]);
    assert!(out.contains(env.db().to_str().unwrap()), "{out}");
    assert!(out.contains(env.config_file().to_str().unwrap()), "{out}");
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

#[cfg(unix)]
#[test]
fn a_new_database_is_private() {
    let env = Env::new();
    let db = env.path("fresh/nested/crm.db");
    env.ok([
        "person",
        "add",
        "--name",
        "Sara",
        "--create",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert_eq!(mode(&db), 0o600, "database file");
    assert_eq!(mode(&env.path("fresh/nested")), 0o700, "new folder");
    assert_eq!(mode(&env.path("fresh")), 0o700, "new parent folder");
    for suffix in ["-wal", "-shm"] {
        let side = env.path(&format!("fresh/nested/crm.db{suffix}"));
        if side.exists() {
            assert_eq!(mode(&side), 0o600, "{}", side.display());
        }
    }
    // The default location too.
    env.ok(["person", "add", "--name", "Sara"]);
    assert_eq!(mode(&env.db()), 0o600);
    assert_eq!(mode(env.db().parent().unwrap()), 0o700);
}
