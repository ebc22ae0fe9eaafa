//! What only a PostgreSQL location has: file operations refused with the
//! server's own tools named, and no password in what kariz writes or says.

use crate::common::Env;

#[test]
fn backup_and_restore_name_the_server_tools_and_touch_no_file() {
    let env = Env::new();
    if !env.on_server() {
        return;
    }
    env.add_person("Sara", &[]);
    let target = env.path("copy.db");
    let err = env.fails(1, ["backup", target.to_str().unwrap()]);
    assert!(err.contains("pg_dump"), "{err}");
    assert!(!target.exists());
    let err = env.fails(1, ["restore", target.to_str().unwrap()]);
    assert!(
        err.contains("pg_restore") || err.contains("copy.db"),
        "{err}"
    );
    // Nothing was made under a folder named after the URL's scheme.
    assert!(!env.path("postgresql:").exists());
    assert_eq!(env.json(["person", "list", "--json"])[0]["name"], "Sara");
}

#[test]
fn a_password_in_the_url_is_in_no_snapshot_or_message() {
    let env = Env::new();
    if !env.on_server() {
        return;
    }
    // Trust authentication ignores the password; kariz must still keep it
    // out of the snapshot cache and its own output.
    let url = format!("{}&password=hunter2", env.db().display());
    env.ok(["--db", &url, "person", "add", "--name", "Sara"]);
    let hits = env.ok(["--db", &url, "search", "sara", "--json"]);
    assert!(hits.contains("Sara"), "{hits}");
    let built = env.ok(["--db", &url, "doctor"]);
    assert!(!built.contains("hunter2"), "{built}");
    for entry in std::fs::read_dir(env.cache_home().join("kariz")).unwrap() {
        let path = entry.unwrap().path();
        assert!(!path.to_string_lossy().contains("hunter2"));
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.windows(7).any(|w| w == b"hunter2"),
            "{}",
            path.display()
        );
    }
}
