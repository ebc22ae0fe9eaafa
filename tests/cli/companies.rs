//! `kariz company …` end to end: the lifecycle, companies created from
//! `--company NAME`, and deletes refused while records link to a company.

use crate::common::{Env, array, id, ids, str_field};

#[test]
fn company_add_list_show_edit_rm() {
    let env = Env::new();
    let c = env.json([
        "company",
        "add",
        "--name",
        "Zagros Cement",
        "--domain",
        "zagros.example",
        "--industry",
        "Construction",
        "--phone",
        "021 8877 6655",
        "--json",
    ]);
    let cid = id(&c).to_string();
    assert_eq!(c["name"], "Zagros Cement");
    assert_eq!(c["domain"], "zagros.example");
    assert_eq!(c["phones"][0]["label"], "work");
    assert_eq!(c["version"], 1);
    env.ok(["company", "add", "--name", "Alborz Pharma"]);

    let list = env.json(["company", "list", "--json"]);
    let names: Vec<&str> = array(&list).iter().map(|c| str_field(c, "name")).collect();
    assert_eq!(names, ["Alborz Pharma", "Zagros Cement"]);

    // Show by id and by exact name.
    let shown = env.json(["company", "show", &cid, "--json"]);
    assert_eq!(shown["industry"], "Construction");
    assert!(shown["people"].as_array().unwrap().is_empty());
    let by_name = env.json(["company", "show", "Zagros Cement", "--json"]);
    assert_eq!(id(&by_name), id(&c));

    let edited = env.json([
        "company",
        "edit",
        &cid,
        "--industry",
        "Building materials",
        "--json",
    ]);
    assert_eq!(edited["industry"], "Building materials");
    assert_eq!(edited["version"], 2);
    let err = env.fails(
        4,
        ["company", "edit", &cid, "--version", "1", "--industry", "x"],
    );
    assert!(err.contains("changed by someone else"), "{err}");

    let out = env.ok(["company", "rm", &cid]);
    assert!(out.contains("Removed company"), "{out}");
    let err = env.fails(3, ["company", "show", &cid]);
    assert!(err.contains("does not exist"), "{err}");
    assert_eq!(array(&env.json(["company", "list", "--json"])).len(), 1);
}

#[test]
fn person_add_with_a_new_company_name_creates_the_company() {
    let env = Env::new();
    let p = env.json([
        "person",
        "add",
        "--name",
        "Sara",
        "--company",
        "New Co",
        "--json",
    ]);
    let cid = p["company_id"].as_i64().expect("company_id set");
    assert_eq!(p["company"], "New Co");
    let companies = env.json(["company", "list", "--json"]);
    assert_eq!(ids(&companies), vec![cid]);
    assert_eq!(array(&companies)[0]["name"], "New Co");

    // The same name (any case) links to the same company, not a new one.
    let q = env.json([
        "person",
        "add",
        "--name",
        "Omid",
        "--company",
        "new co",
        "--json",
    ]);
    assert_eq!(q["company_id"].as_i64(), Some(cid));
    assert_eq!(array(&env.json(["company", "list", "--json"])).len(), 1);

    // The company page lists both people.
    let page = env.json(["company", "show", &cid.to_string(), "--json"]);
    assert_eq!(ids(&page["people"]).len(), 2);

    // An id must exist.
    let err = env.fails(3, ["person", "add", "--name", "X", "--company", "99"]);
    assert!(err.contains("company 99"), "{err}");
}

#[test]
fn deleting_a_linked_company_is_refused_until_unlink() {
    let env = Env::new();
    let p = env.json([
        "person",
        "add",
        "--name",
        "Sara",
        "--company",
        "New Co",
        "--json",
    ]);
    let pid = id(&p);
    let cid = p["company_id"].as_i64().unwrap().to_string();

    let err = env.fails(5, ["company", "rm", &cid]);
    assert!(err.contains("New Co"), "{err}");
    assert!(err.contains("1 person"), "{err}");
    assert!(err.contains(&format!("#{pid}")), "{err}");
    assert!(err.contains("--unlink"), "{err}");
    // Nothing was deleted.
    env.ok(["company", "show", &cid]);
    let p = env.json(["person", "show", &pid.to_string(), "--json"]);
    assert_eq!(p["company_id"].as_i64().unwrap().to_string(), cid);

    env.ok(["company", "rm", &cid, "--unlink"]);
    env.fails(3, ["company", "show", &cid]);
    let p = env.json(["person", "show", &pid.to_string(), "--json"]);
    assert!(p["company_id"].is_null(), "{p:#}");
    assert!(p["company"].is_null(), "{p:#}");
}

#[test]
fn deleting_a_company_with_deals_names_the_deals() {
    let env = Env::new();
    let did = env.add_deal("Cement order", &["--company", "Zagros"]);
    let err = env.fails(5, ["company", "rm", "Zagros"]);
    assert!(err.contains("1 deal"), "{err}");
    assert!(err.contains(&format!("#{did}")), "{err}");
    env.ok(["company", "rm", "Zagros", "--unlink"]);
    let d = env.json(["deal", "show", &did.to_string(), "--json"]);
    assert!(d["company_id"].is_null(), "{d:#}");
}

#[test]
fn deleting_a_linked_person_is_refused_until_unlink() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    let did = env.add_deal("Deal", &["--person", &pid]);
    let tid = env.add_task("Call", &["--person", &pid]);
    env.ok([
        "activity",
        "add",
        "--kind",
        "note",
        "--subject",
        "hi",
        "--person",
        &pid,
    ]);
    let err = env.fails(5, ["person", "rm", &pid]);
    assert!(err.contains("1 deal"), "{err}");
    assert!(err.contains("1 task"), "{err}");
    assert!(err.contains("1 activity"), "{err}");
    env.ok(["person", "show", &pid]);

    env.ok(["person", "rm", &pid, "--unlink"]);
    env.fails(3, ["person", "show", &pid]);
    let d = env.json(["deal", "show", &did.to_string(), "--json"]);
    assert!(d["person_id"].is_null(), "{d:#}");
    let t = env.json(["task", "show", &tid.to_string(), "--json"]);
    assert!(t["person_id"].is_null(), "{t:#}");
}

#[test]
fn company_show_of_a_missing_id_exits_3() {
    let env = Env::new();
    let err = env.fails(3, ["company", "show", "42"]);
    assert!(err.contains("company 42 does not exist"), "{err}");
}

#[test]
fn company_show_of_a_missing_name_exits_3() {
    let env = Env::new();
    env.ok(["company", "add", "--name", "Acme"]);
    let err = env.fails(3, ["company", "show", "Nope Ltd"]);
    assert!(err.contains("Nope Ltd"), "{err}");
}
