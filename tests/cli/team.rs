//! A team on one server: who is who (`kariz user`, the owner rule, the
//! actor from the OS account) and handing a leaver's records over
//! (`kariz reassign`).

use crate::common::*;

#[test]
fn the_actor_is_the_account_not_a_variable_or_the_config() {
    let env = Env::new();
    let config = env.path("shared.toml");
    std::fs::write(&config, "[user]\nname = \"Boss\"\n").unwrap();
    // KARIZ_USER used to set who you are; now it is ignored.
    let out = env
        .kariz()
        .env("KARIZ_USER", "mallory")
        .args(["--config", config.to_str().unwrap()])
        .args(["person", "add", "--name", "Omid", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["owner"], USER);
    let h = env.json(["history", "person", "1", "--json"]);
    assert_eq!(array(&h)[0]["actor"], USER);

    // Without the test-only variable (honoured by debug builds only) the
    // actor is the login of the real uid.
    let out = env
        .kariz()
        .env_remove("KARIZ_TEST_USER")
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .args(["person", "add", "--name", "Nima", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let me = kariz::identity::login_of(kariz::identity::real_uid()).unwrap();
    assert_eq!(p["owner"], me.as_str());
    assert_ne!(p["owner"], "mallory");
}

#[test]
fn the_team_list_is_added_listed_and_left_with_history() {
    let env = Env::new();
    let empty = env.ok(["user", "list"]);
    assert!(empty.contains("accepts any owner"), "{empty}");
    assert!(array(&env.json(["user", "list", "--json"])).is_empty());

    // A login with no account on this machine is added, with a note.
    let out = env.run(["user", "add", "no-such-account-kariz", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains("no account"), "{note}");
    env.ok(["user", "rm", "no-such-account-kariz"]);
    let me = kariz::identity::login_of(kariz::identity::real_uid()).unwrap();
    let out = env.run(["user", "add", &me]);
    assert!(out.stderr.is_empty(), "{out:?}");

    let sara = env.json(["user", "add", "sara", "--name", "Sara Ahmadi", "--json"]);
    assert_eq!(sara["login"], "sara");
    assert_eq!(sara["display_name"], "Sara Ahmadi");
    assert_eq!(sara["active"], true);
    env.ok(["user", "add", USER]);
    let out = env.ok(["user", "list"]);
    assert!(
        out.contains("Sara Ahmadi") && out.contains("active"),
        "{out}"
    );

    let left = env.json(["user", "rm", "sara", "--json"]);
    assert_eq!(left["active"], false);
    let team = env.json(["user", "list", "--json"]);
    let sara = array(&team).iter().find(|u| u["login"] == "sara").unwrap();
    assert_eq!(sara["active"], false);
    let out = env.ok(["user", "list"]);
    assert!(out.contains("left"), "{out}");

    // Changes to the team are in the change log, under the acting login.
    let h = env.json(["history", "user", "--json"]);
    let ops: Vec<(&str, &str)> = array(&h)
        .iter()
        .map(|r| (str_field(r, "op"), r["field"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        ops,
        [
            ("update", "active"),
            ("create", ""),
            ("create", ""),
            ("create", ""),
            ("update", "active"),
            ("create", "")
        ],
        "{h:#}"
    );
    assert!(array(&h).iter().all(|r| r["actor"] == USER));

    // The table shows login and display name for actors on the team.
    env.ok(["user", "add", USER, "--name", "Test Person"]);
    let out = env.ok(["history", "user"]);
    assert!(out.contains("tester (Test Person)"), "{out}");

    let err = env.fails(1, ["user", "add", "two words"]);
    assert!(err.contains("space"), "{err}");
    let err = env.fails(1, ["user", "rm", "nobody"]);
    assert!(err.contains("not on the team"), "{err}");
}

#[test]
fn owners_must_be_on_the_team_once_there_is_one() {
    let env = Env::new();
    // Empty team list: single-user mode, any owner.
    env.add_person("Early", &["--owner", "whoever"]);

    env.ok(["user", "add", "sara", "--name", "Sara Ahmadi"]);
    env.ok(["user", "add", "samira"]);
    // Someone not on the list is told so when their record would be theirs.
    let err = env.fails(1, ["person", "add", "--name", "Mine"]);
    assert!(
        err.contains("you (\"tester\") are not on this database's team list"),
        "{err}"
    );
    env.add_person("Given", &["--owner", "sara"]);
    env.ok(["user", "add", USER]);
    let err = env.fails(1, ["person", "add", "--name", "X", "--owner", "sarah"]);
    assert!(err.contains("not on the team"), "{err}");
    assert!(err.contains("did you mean sara"), "{err}");
    let err = env.fails(1, ["deal", "add", "--title", "Pumps", "--owner", "nobody"]);
    assert!(err.contains("not on the team"), "{err}");
    let err = env.fails(1, ["task", "add", "--title", "Call", "--owner", "nobody"]);
    assert!(err.contains("not on the team"), "{err}");
    let err = env.fails(1, ["company", "add", "--name", "Acme", "--owner", "nobody"]);
    assert!(err.contains("not on the team"), "{err}");

    let p = env.add_person("Y", &["--owner", "sara"]);
    // The default owner (the actor) is on the team.
    env.add_person("Z", &[]);

    // A record already owned by someone off the team keeps its owner on
    // an unrelated edit.
    env.ok(["person", "edit", "1", "--title", "Buyer"]);

    // Someone who left cannot be given new records.
    env.ok(["user", "rm", "sara"]);
    let err = env.fails(1, ["person", "edit", "1", "--owner", "sara"]);
    assert!(err.contains("has left the team"), "{err}");
    let still = env.json(["person", "show", &p.to_string(), "--json"]);
    assert_eq!(still["owner"], "sara");
}

#[test]
fn reassign_moves_a_leavers_records_in_one_logged_step() {
    let env = Env::new();
    env.ok(["user", "add", "reza"]);
    env.ok(["user", "add", "sara"]);
    env.ok(["user", "add", USER]);
    let p1 = env.add_person("A", &["--owner", "reza"]);
    env.add_person("B", &["--owner", "reza"]);
    env.add_person("C", &["--owner", "sara"]);
    env.ok(["company", "add", "--name", "Acme", "--owner", "reza"]);
    let d = env.add_deal("Pumps", &["--owner", "reza"]);
    let open = env.add_task("Call back", &["--owner", "reza"]);
    let done = env.add_task("Old call", &["--owner", "reza"]);
    env.ok(["task", "done", &done.to_string()]);

    let dry = env.json([
        "reassign",
        "--from",
        "reza",
        "--to",
        "sara",
        "--dry-run",
        "--json",
    ]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(
        (
            &dry["people"],
            &dry["companies"],
            &dry["deals"],
            &dry["tasks"]
        ),
        (&2.into(), &1.into(), &1.into(), &1.into())
    );
    // A dry run changes nothing.
    let a = env.json(["person", "show", &p1.to_string(), "--json"]);
    assert_eq!(a["owner"], "reza");
    let out = env.ok(["reassign", "--from", "reza", "--to", "sara", "--dry-run"]);
    assert!(out.contains("would move"), "{out}");
    assert!(
        out.contains("2 people, 1 companies, 1 deals, 1 open tasks"),
        "{out}"
    );

    // The new owner must pass the owner rule, with suggestions.
    let err = env.fails(1, ["reassign", "--from", "reza", "--to", "sarah"]);
    assert!(err.contains("did you mean sara"), "{err}");
    let err = env.fails(
        1,
        ["reassign", "--from", "reza", "--to", "sarah", "--dry-run"],
    );
    assert!(err.contains("did you mean sara"), "{err}");

    env.ok(["user", "rm", "reza"]);
    let done_json = env.json(["reassign", "--from", "reza", "--to", "sara", "--json"]);
    assert_eq!(done_json["dry_run"], false);
    assert_eq!(done_json["people"], 2);
    let a = env.json(["person", "show", &p1.to_string(), "--json"]);
    assert_eq!(a["owner"], "sara");
    assert_eq!(a["version"], 2);
    let deal = env.json(["deal", "show", &d.to_string(), "--json"]);
    assert_eq!(deal["owner"], "sara");
    let t = env.json(["task", "show", &open.to_string(), "--json"]);
    assert_eq!(t["owner"], "sara");
    // Done tasks keep who did them.
    let t = env.json(["task", "show", &done.to_string(), "--json"]);
    assert_eq!(t["owner"], "reza");

    // Each move is in the history, under the login who reassigned.
    let h = env.json(["history", "person", &p1.to_string(), "--json"]);
    let row = &array(&h)[0];
    assert_eq!(
        (&row["field"], &row["old"], &row["new"], &row["actor"]),
        (
            &"owner".into(),
            &"reza".into(),
            &"sara".into(),
            &USER.into()
        )
    );
    // Nothing is left to move.
    let again = env.json(["reassign", "--from", "reza", "--to", "sara", "--json"]);
    assert_eq!(again["people"], 0);
    let err = env.fails(1, ["reassign", "--from", "sara", "--to", "sara"]);
    assert!(err.contains("nothing to move"), "{err}");
}

#[test]
fn the_demo_creates_its_team() {
    let env = Env::new();
    env.ok(["demo"]);
    let db = env.demo_db();
    let db = db.to_str().unwrap();
    let team = env.json(["--db", db, "user", "list", "--json"]);
    let logins: Vec<&str> = array(&team).iter().map(|u| str_field(u, "login")).collect();
    // Whoever builds the demo takes Sara's seat, so Today's "my tasks"
    // has something to show.
    let mut sorted = logins.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["layla", "navid", "omar", "reza", USER]);
    let me = array(&team).iter().find(|u| u["login"] == USER).unwrap();
    assert_eq!(me["display_name"], "Sara Ahmadi");
    // The demo's owners are logins on the team, so editing works as a
    // member would.
    let people = env.json(["--db", db, "person", "list", "--json", "--limit", "5"]);
    for p in array(&people) {
        assert!(logins.contains(&str_field(p, "owner")), "{p:#}");
    }
    env.ok([
        "--db", db, "person", "add", "--name", "New", "--owner", "layla",
    ]);
    env.fails(
        1,
        [
            "--db", db, "person", "add", "--name", "New", "--owner", "lala",
        ],
    );
}

#[test]
fn imports_follow_the_owner_rule() {
    let env = Env::new();
    env.ok(["user", "add", USER]);
    env.ok(["user", "add", "sara"]);
    let csv = env.path("people.csv");
    std::fs::write(&csv, "name,owner\nOmid,sara\nNima,\n").unwrap();
    env.ok(["import", "csv", csv.to_str().unwrap()]);
    let people = env.json(["person", "list", "--json"]);
    let owners: Vec<&str> = array(&people)
        .iter()
        .map(|p| str_field(p, "owner"))
        .collect();
    assert_eq!(owners.len(), 2);
    assert!(
        owners.contains(&"sara") && owners.contains(&USER),
        "{owners:?}"
    );

    let bad = env.path("bad.csv");
    std::fs::write(&bad, "name,owner\nLeila,sarah\n").unwrap();
    let out = env.run(["import", "csv", bad.to_str().unwrap()]);
    assert!(!out.status.success(), "{out:?}");
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not on the team"), "{text}");
    assert_eq!(array(&env.json(["person", "list", "--json"])).len(), 2);
}
