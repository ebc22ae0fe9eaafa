//! `kariz merge …` end to end.

use crate::common::{Env, array, str_field};

/// Two records of one customer, with something linked to each.
fn twins(env: &Env) -> (String, String) {
    let keep = env.add_person(
        "Sara Ahmadi",
        &[
            "--email",
            "sara@example.com",
            "--phone",
            "mobile:0912 345 6789",
            "--tag",
            "vip",
            "--title",
            "Buyer",
        ],
    );
    let other = env.add_person(
        "Sarah Ahmady",
        &[
            "--email",
            "SARA@example.com",
            "--email",
            "home:sara@home.example",
            "--phone",
            "home:021 555 1234",
            "--tag",
            "gulf",
            "--title",
            "Head buyer",
            "--address",
            "Tehran",
            "--company",
            "Acme",
        ],
    );
    let (k, o) = (keep.to_string(), other.to_string());
    env.add_deal("Big order", &["--person", &o]);
    env.add_task("Call back", &["--person", &o]);
    env.ok([
        "activity",
        "add",
        "--kind",
        "call",
        "--subject",
        "Hi",
        "--person",
        &o,
    ]);
    env.add_task("Kept task", &["--person", &k]);
    (k, o)
}

#[test]
fn merge_keeps_everything_and_deletes_the_other() {
    let env = Env::new();
    let (keep, other) = twins(&env);
    let out = env.ok(["merge", &keep, &other]);
    assert!(
        out.contains("Merged person 2 (Sarah Ahmady) into person 1"),
        "{out}"
    );

    let p = env.json(["person", "show", &keep, "--json"]);
    assert_eq!(str_field(&p, "name"), "Sara Ahmadi");
    assert_eq!(str_field(&p, "title"), "Buyer", "KEEP's value wins");
    assert_eq!(str_field(&p, "address"), "Tehran", "OTHER fills the gap");
    assert_eq!(str_field(&p, "company"), "Acme");
    let emails: Vec<&str> = array(&p["emails"])
        .iter()
        .map(|e| e["value"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["sara@example.com", "sara@home.example"]);
    assert_eq!(array(&p["phones"]).len(), 2);
    assert_eq!(p["tags"], serde_json::json!(["gulf", "vip"]));
    assert_eq!(array(&p["deals"]).len(), 1);
    assert_eq!(array(&p["open_tasks"]).len(), 2);
    assert_eq!(array(&p["activities"]).len(), 1);
    assert_eq!(p["version"], 2);

    env.fails(3, ["person", "show", &other]);

    let log = env.json(["history", "--json"]);
    let rows = array(&log);
    let merged = rows
        .iter()
        .find(|r| r["field"] == "merged_from")
        .expect("a merged_from row");
    assert_eq!(merged["entity_id"], 1);
    assert_eq!(merged["new"], "#2");
    let deleted = rows
        .iter()
        .find(|r| r["op"] == "delete" && r["entity_id"] == 2)
        .expect("OTHER's delete row");
    assert!(
        str_field(deleted, "old").contains("Head buyer"),
        "{deleted}"
    );
    assert!(rows.iter().any(|r| r["entity"] == "deal"
        && r["field"] == "person_id"
        && r["old"] == "2"
        && r["new"] == "1"));
    assert!(rows.iter().any(|r| r["entity"] == "person"
        && r["entity_id"] == 1
        && r["field"] == "address"
        && r["new"] == "Tehran"));
}

#[test]
fn dry_run_shows_the_plan_and_writes_nothing() {
    let env = Env::new();
    let (keep, other) = twins(&env);
    let before = env.ok(["history"]);
    let out = env.ok(["merge", &keep, &other, "--dry-run"]);
    assert!(out.contains("Would merge person 2"), "{out}");
    assert!(out.contains("address: (empty) → Tehran"), "{out}");
    assert!(out.contains("moved to person 1: deal #1"), "{out}");
    assert!(out.contains("Nothing was written"), "{out}");
    assert_eq!(env.ok(["history"]), before);
    let plan = env.json(["merge", &keep, &other, "--dry-run", "--json"]);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["moved"][0]["entity"], "deal");
    env.ok(["person", "show", &other]);
}

#[test]
fn a_stale_version_is_a_conflict_and_changes_nothing() {
    let env = Env::new();
    let (keep, other) = twins(&env);
    let before = env.ok(["history"]);
    let err = env.fails(4, ["merge", &keep, &other, "--version", "7"]);
    assert!(err.contains("person 1"), "{err}");
    assert_eq!(env.ok(["history"]), before);
    env.ok(["merge", &keep, &other, "--version", "1"]);
}

#[test]
fn bad_merges_are_refused() {
    let env = Env::new();
    let (keep, _) = twins(&env);
    let err = env.fails(1, ["merge", &keep, &keep]);
    assert!(err.contains("into itself"), "{err}");
    env.fails(3, ["merge", &keep, "99"]);
    env.fails(2, ["merge", &keep, "2", "--entity", "deal"]);
}

#[test]
fn companies_merge_with_their_people() {
    let env = Env::new();
    env.ok([
        "company",
        "add",
        "--name",
        "Acme Trading",
        "--domain",
        "acme.example",
    ]);
    env.ok([
        "company",
        "add",
        "--name",
        "ACME Trading Co",
        "--industry",
        "Steel",
    ]);
    env.add_person("Reza", &["--company", "2"]);
    env.add_deal("Order", &["--company", "2"]);
    env.ok(["merge", "1", "2", "--entity", "company"]);
    let c = env.json(["company", "show", "1", "--json"]);
    assert_eq!(str_field(&c, "industry"), "Steel");
    let p = env.json(["person", "show", "1", "--json"]);
    assert_eq!(p["company_id"], 1);
    // The moved person is found by the kept company's name.
    let hits = env.ok(["search", "Acme Trading"]);
    assert!(hits.contains("Reza"), "{hits}");
    env.fails(3, ["company", "show", "2"]);
    let deal = env.json(["deal", "show", "1", "--json"]);
    assert_eq!(deal["company_id"], 1);
}
