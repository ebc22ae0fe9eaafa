//! `kariz person …` end to end, and where the database and config come from
//! (`--db`, `--config`, `KARIZ_DB`, `KARIZ_CONFIG`, the XDG defaults).

use crate::common::{Env, USER, array, id, ids, str_field};
use predicates::prelude::*;

#[test]
fn person_add_returns_the_record_as_json() {
    let env = Env::new();
    let p = env.json([
        "person",
        "add",
        "--name",
        "Sara Ahmadi",
        "--email",
        "sara@example.com",
        "--phone",
        "mobile:+98 912 345 6789",
        "--company",
        "Acme Trading",
        "--json",
    ]);
    assert_eq!(id(&p), 1);
    assert_eq!(p["name"], "Sara Ahmadi");
    assert_eq!(p["company"], "Acme Trading");
    assert!(p["company_id"].is_i64(), "{p:#}");
    assert_eq!(p["phones"][0]["label"], "mobile");
    assert_eq!(p["phones"][0]["value"], "+98 912 345 6789");
    assert_eq!(p["emails"][0]["label"], "work");
    assert_eq!(p["emails"][0]["value"], "sara@example.com");
    assert_eq!(p["owner"], USER);
    assert_eq!(p["version"], 1);
    // 10:00 at +03:30 is 06:30 UTC.
    assert_eq!(p["created_at"], "2026-11-22T06:30:00Z");
}

#[test]
fn person_lifecycle_with_a_stale_version_conflict() {
    let env = Env::new();
    let pid = env.add_person(
        "Sara Ahmadi",
        &[
            "--email",
            "sara@example.com",
            "--phone",
            "0912-345-6789",
            "--company",
            "Acme Trading",
        ],
    );
    env.add_person("Bijan Farahani", &[]);

    let list = env.json(["person", "list", "--json"]);
    let people = array(&list);
    assert_eq!(people.len(), 2);
    for p in people {
        for key in ["id", "name", "company", "phones", "emails", "version"] {
            assert!(p.get(key).is_some(), "person lacks {key:?}: {p:#}");
        }
        assert!(p["phones"].is_array() && p["emails"].is_array());
    }
    // Sorted by name.
    assert_eq!(people[0]["name"], "Bijan Farahani");
    let sara = &people[1];
    assert_eq!(id(sara), pid);
    assert_eq!(sara["company"], "Acme Trading");
    assert_eq!(sara["phones"][0]["value"], "0912-345-6789");
    assert_eq!(sara["emails"][0]["value"], "sara@example.com");
    let v1 = sara["version"].as_i64().unwrap();

    let edited = env.json([
        "person",
        "edit",
        &pid.to_string(),
        "--title",
        "Purchasing manager",
        "--json",
    ]);
    assert_eq!(edited["title"], "Purchasing manager");
    assert_eq!(edited["version"].as_i64().unwrap(), v1 + 1);
    // Fields not named keep their values.
    assert_eq!(edited["emails"][0]["value"], "sara@example.com");

    let err = env.fails(
        4,
        [
            "person",
            "edit",
            &pid.to_string(),
            "--version",
            &v1.to_string(),
            "--title",
            "CEO",
        ],
    );
    assert!(err.contains("changed by someone else"), "{err}");
    assert!(err.contains("nothing was saved"), "{err}");
    let shown = env.json(["person", "show", &pid.to_string(), "--json"]);
    assert_eq!(shown["title"], "Purchasing manager");
    assert_eq!(shown["version"].as_i64().unwrap(), v1 + 1);

    // The right version goes through.
    let ok = env.json([
        "person",
        "edit",
        &pid.to_string(),
        "--version",
        &(v1 + 1).to_string(),
        "--title",
        "CEO",
        "--json",
    ]);
    assert_eq!(ok["title"], "CEO");

    let out = env.ok(["person", "rm", &pid.to_string()]);
    assert!(out.contains("Removed person"), "{out}");
    let err = env.fails(3, ["person", "show", &pid.to_string()]);
    assert!(err.contains("does not exist"), "{err}");
    assert_eq!(ids(&env.json(["person", "list", "--json"])).len(), 1);
}

#[test]
fn person_rm_with_a_stale_version_is_a_conflict() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]);
    env.ok(["person", "edit", &pid.to_string(), "--title", "x"]);
    env.fails(4, ["person", "rm", &pid.to_string(), "--version", "1"]);
    env.ok(["person", "show", &pid.to_string()]);
}

#[test]
fn person_show_prints_the_page_and_accepts_hash_ids() {
    let env = Env::new();
    let pid = env.add_person("Sara Ahmadi", &["--company", "Acme", "--title", "Buyer"]);
    env.kariz()
        .args(["person", "show", &format!("#{pid}")])
        .assert()
        .success()
        .stdout(predicate::str::contains("Sara Ahmadi"))
        .stdout(predicate::str::contains("Acme (company 1)"))
        .stdout(predicate::str::contains("Buyer"))
        .stdout(predicate::str::contains("Open tasks (0)"));
    let err = env.fails(1, ["person", "show", "sara"]);
    assert!(err.contains("not a record id"), "{err}");
}

#[test]
fn person_edit_clear_and_validation() {
    let env = Env::new();
    let pid = env
        .add_person("Sara", &["--title", "Buyer", "--email", "s@example.com"])
        .to_string();
    let p = env.json(["person", "edit", &pid, "--clear", "title", "--json"]);
    assert!(p["title"].is_null(), "{p:#}");
    assert_eq!(p["emails"][0]["value"], "s@example.com");
    let err = env.fails(1, ["person", "edit", &pid, "--clear", "name"]);
    assert!(err.contains("not a field that can be cleared"), "{err}");
    let err = env.fails(1, ["person", "edit", &pid, "--email", "not-an-address"]);
    assert!(err.contains("name@example.com"), "{err}");
    let err = env.fails(1, ["person", "add", "--name", "  "]);
    assert!(err.contains("needs a name"), "{err}");
    env.fails(3, ["person", "edit", "99", "--title", "x"]);
}

#[test]
fn person_list_filters_by_company_and_owner() {
    let env = Env::new();
    let a = env.add_person("Ali", &["--company", "Acme"]);
    let b = env.add_person("Bahar", &["--company", "Zagros", "--owner", "reza"]);
    assert_eq!(
        ids(&env.json(["person", "list", "--company", "Acme", "--json"])),
        vec![a]
    );
    assert_eq!(
        ids(&env.json(["person", "list", "--owner", "reza", "--json"])),
        vec![b]
    );
    assert_eq!(
        ids(&env.json(["person", "list", "--limit", "1", "--json"])),
        vec![a]
    );
}

#[test]
fn db_flag_is_accepted_before_and_after_the_subcommand() {
    let env = Env::new();
    let db = env.path("elsewhere/crm.db");
    let db = db.to_str().unwrap();
    env.ok(["--db", db, "--create", "person", "add", "--name", "Before"]);
    env.ok(["person", "add", "--name", "After", "--db", db]);
    let list = env.json(["person", "list", "--json", "--db", db]);
    let names: Vec<&str> = array(&list).iter().map(|p| str_field(p, "name")).collect();
    assert_eq!(names, ["After", "Before"]);
    let list = env.json(["--db", db, "person", "list", "--json"]);
    assert_eq!(array(&list).len(), 2);
    // The default database was never touched.
    assert!(!env.db().exists(), "{} was created", env.db().display());
}

#[test]
fn kariz_db_environment_variable_names_the_database() {
    let env = Env::new();
    let db = env.path("from-env.db");
    env.kariz()
        .env("KARIZ_DB", &db)
        .args(["person", "add", "--name", "Env", "--create"])
        .assert()
        .success();
    assert!(db.exists());
    assert!(!env.db().exists());
    let list = env.json(["person", "list", "--json", "--db", db.to_str().unwrap()]);
    assert_eq!(array(&list)[0]["name"], "Env");
    // --db wins over KARIZ_DB.
    let other = env.path("other.db");
    let out = env
        .kariz()
        .env("KARIZ_DB", &db)
        .args(["person", "list", "--json", "--db", other.to_str().unwrap()])
        .output()
        .unwrap();
    // It looked for other.db (which does not exist), not KARIZ_DB's file.
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("other.db"));
}

#[test]
fn config_flag_is_accepted_before_and_after_the_subcommand_and_from_env() {
    let env = Env::new();
    let config = env.path("team.toml");
    std::fs::write(&config, "[user]\nname = \"Sara Ahmadi\"\n").unwrap();
    let config = config.to_str().unwrap();

    // `[user] name` is a display name: the owner and actor stay the login.
    let p = env.json(["--config", config, "person", "add", "--name", "A", "--json"]);
    assert_eq!(p["owner"], USER);
    let p = env.json(["person", "add", "--name", "B", "--json", "--config", config]);
    assert_eq!(p["owner"], USER);
    let out = env
        .kariz()
        .env("KARIZ_CONFIG", config)
        .args(["person", "add", "--name", "C", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    // The history shows the login as actor, and the display name beside it
    // only when that config is in use.
    let h = env.json(["--config", config, "history", "person", "1", "--json"]);
    assert_eq!(array(&h)[0]["actor"], USER);
    assert_eq!(array(&h)[0]["actor_name"], "Sara Ahmadi");
    let h = env.json(["history", "person", "1", "--json"]);
    assert_eq!(array(&h)[0]["actor"], USER);
    assert!(array(&h)[0].get("actor_name").is_none(), "{h:#}");
}

#[test]
fn an_explicit_config_that_does_not_exist_is_an_error() {
    let env = Env::new();
    let missing = env.path("missing.toml");
    let err = env.fails(1, ["person", "list", "--config", missing.to_str().unwrap()]);
    assert!(err.contains("missing.toml"), "{err}");
    assert!(!env.db().exists(), "the database was created anyway");
}
