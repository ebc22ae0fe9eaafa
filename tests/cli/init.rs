//! `kariz init`: private and shared databases, and the modes later opens
//! keep. As root a throwaway group is created for the test; otherwise the
//! current user's own group is used (enough to check the mode bits).

use crate::common::*;
use kariz::store::shared::mode_and_group;
use std::path::Path;
use std::process::Command;

/// A group the test may give files to, removed again when dropped if the
/// test created it.
struct TestGroup {
    name: String,
    gid: u32,
    created: bool,
}

impl TestGroup {
    fn new() -> TestGroup {
        if kariz::identity::real_uid() == 0 {
            let name = format!("kariz-t{}", std::process::id());
            let made = Command::new("groupadd").arg(&name).status();
            if made.is_ok_and(|s| s.success())
                && let Some(gid) = kariz::identity::group_id(&name)
            {
                return TestGroup {
                    name,
                    gid,
                    created: true,
                };
            }
        }
        let gid = kariz::identity::real_gid();
        let name = kariz::identity::group_name(gid).expect("the current group has a name");
        TestGroup {
            name,
            gid,
            created: false,
        }
    }
}

impl Drop for TestGroup {
    fn drop(&mut self) {
        if self.created {
            let _ = Command::new("groupdel").arg(&self.name).status();
        }
    }
}

fn mode(path: &Path) -> (u32, u32) {
    mode_and_group(path).unwrap_or_else(|| panic!("{} missing", path.display()))
}

#[test]
fn init_creates_a_private_database() {
    let env = Env::new();
    let db = env.path("private/kariz.db");
    let out = env.ok(["init", "--db", db.to_str().unwrap()]);
    assert!(out.contains("database ready"), "{out}");
    assert_eq!(mode(&db).0, 0o600);
    assert_eq!(mode(db.parent().unwrap()).0, 0o700);
    // It is a kariz database, ready to use.
    env.ok(["--db", db.to_str().unwrap(), "person", "list"]);
}

#[test]
fn a_shared_database_and_its_wal_keep_group_modes() {
    let env = Env::new();
    let group = TestGroup::new();
    let db = env.path("team/kariz.db");
    let dbs = db.to_str().unwrap();
    let report = env.json([
        "init",
        "--shared",
        "--group",
        &group.name,
        "--db",
        dbs,
        "--json",
    ]);
    assert_eq!(report["shared"], true);
    assert_eq!(report["folder_mode"], "2770");
    assert_eq!(report["file_mode"], "0660");
    let folder = db.parent().unwrap();
    assert_eq!(mode(folder), (0o2770, group.gid));
    assert_eq!(mode(&db), (0o660, group.gid));

    // Hold the database open (as a colleague's kariz would) so -wal and
    // -shm stay while another process writes.
    let held = kariz::store::Store::open(&db, kariz::config::Config::default_config(), "colleague")
        .unwrap();
    env.add_person("Omid", &["--db", dbs]);
    for file in kariz::store::shared::database_files(&db) {
        assert_eq!(mode(&file), (0o660, group.gid), "{}", file.display());
    }
    drop(held);
    // Later opens never reset the mode to 0600.
    env.ok(["--db", dbs, "person", "list"]);
    assert_eq!(mode(&db), (0o660, group.gid));

    // A new database made in the shared folder by a plain open (a named
    // one needs --create) is group-writable too.
    let other = folder.join("second.db");
    env.ok([
        "--db",
        other.to_str().unwrap(),
        "--create",
        "person",
        "list",
    ]);
    assert_eq!(mode(&other), (0o660, group.gid));
}

#[test]
fn init_shared_refuses_a_folder_with_other_files_and_unknown_groups() {
    let env = Env::new();
    let group = TestGroup::new();
    std::fs::create_dir_all(env.path("busy")).unwrap();
    std::fs::write(env.path("busy/notes.txt"), "private").unwrap();
    let db = env.path("busy/kariz.db");
    let err = env.fails(
        1,
        [
            "init",
            "--shared",
            "--group",
            &group.name,
            "--db",
            db.to_str().unwrap(),
        ],
    );
    assert!(err.contains("folder of its own"), "{err}");
    assert!(!db.exists());

    let err = env.fails(
        1,
        [
            "init",
            "--shared",
            "--group",
            "no-such-group-kariz",
            "--db",
            db.to_str().unwrap(),
        ],
    );
    assert!(err.contains("there is no group"), "{err}");
    // --shared needs --group.
    env.fails(2, ["init", "--shared"]);
}

#[test]
fn init_shared_converts_an_existing_private_database_and_keeps_its_data() {
    let env = Env::new();
    let group = TestGroup::new();
    let db = env.path("team/kariz.db");
    let dbs = db.to_str().unwrap();
    env.ok(["init", "--db", dbs]);
    env.add_person("Omid", &["--db", dbs]);
    assert_eq!(mode(&db).0, 0o600);
    env.ok(["init", "--shared", "--group", &group.name, "--db", dbs]);
    assert_eq!(mode(&db), (0o660, group.gid));
    assert_eq!(mode(db.parent().unwrap()), (0o2770, group.gid));
    let people = env.json(["--db", dbs, "person", "list", "--json"]);
    assert_eq!(array(&people).len(), 1);
}
