//! `kariz search` (Persian/Arabic folding, e-mail and phone matching) and
//! `kariz history` (the change log) end to end.

use crate::common::{Env, USER, array, id, str_field};
use serde_json::Value;

fn search(env: &Env, query: &str) -> Vec<Value> {
    array(&env.json(["search", query, "--json"])).clone()
}

#[test]
fn persian_query_finds_a_name_stored_with_arabic_letters() {
    let env = Env::new();
    // Arabic yeh (U+064A) in both words.
    let ali = env.add_person("علي رضايي", &["--email", "ali@rezaei.ir"]);
    env.add_person("Sara Ahmadi", &[]);
    // Persian yeh (U+06CC).
    let hits = search(&env, "علی");
    assert!(!hits.is_empty(), "no hit for the Persian spelling");
    let first = &hits[0];
    assert_eq!(first["entity"], "person");
    assert_eq!(id(first), ali);
    assert_eq!(first["name"], "علي رضايي");
    for key in ["entity", "id", "name"] {
        assert!(first.get(key).is_some(), "{key} missing: {first:#}");
    }
    // The full name in Persian spelling, and with Arabic kaf/Persian keheh.
    let hits = search(&env, "علی رضایی");
    assert_eq!(id(&hits[0]), ali);
    let kaf = env.add_person("كريم", &[]);
    let hits = search(&env, "کریم");
    assert_eq!(id(&hits[0]), kaf);
}

#[test]
fn search_by_email_fragment_and_company() {
    let env = Env::new();
    let sara = env.add_person(
        "Sara Ahmadi",
        &["--email", "sara.ahmadi@zagros-cement.example"],
    );
    env.add_person("Omid", &["--email", "omid@other.example"]);
    let hits = search(&env, "zagros-cem");
    assert_eq!(id(&hits[0]), sara);
    assert_eq!(hits[0]["email"], "sara.ahmadi@zagros-cement.example");
    assert!(hits.iter().all(|h| h["name"] != "Omid"), "{hits:#?}");

    let acme = env.json(["company", "add", "--name", "Acme Trading", "--json"]);
    let hits = search(&env, "acme");
    assert_eq!(hits[0]["entity"], "company");
    assert_eq!(id(&hits[0]), id(&acme));
}

#[test]
fn search_by_phone_digits_ignores_punctuation() {
    let env = Env::new();
    let pid = env.add_person("Reza", &["--phone", "0912-345-6789"]);
    env.add_person("Other", &["--phone", "021 8877 6655"]);
    for query in ["0912 345", "09123456789", "(0912) 345-67", "۰۹۱۲۳۴۵"] {
        let hits = search(&env, query);
        assert!(!hits.is_empty(), "no hit for {query:?}");
        assert_eq!(id(&hits[0]), pid, "{query:?}: {hits:#?}");
        assert_eq!(hits[0]["phone"], "0912-345-6789");
    }
}

#[test]
fn search_with_no_match_says_so_and_joins_words() {
    let env = Env::new();
    env.add_person("Sara Ahmadi", &[]);
    assert!(search(&env, "zzzqqq").is_empty());
    let out = env.ok(["search", "zzzqqq"]);
    assert!(out.contains("Nothing matches \"zzzqqq\""), "{out}");
    // Several words are one query.
    let out = env.ok(["search", "Sara", "Ahmadi"]);
    assert!(out.contains("Sara Ahmadi"), "{out}");
    env.fails(2, ["search"]);
}

#[test]
fn history_records_create_and_field_updates_with_the_actor() {
    let env = Env::new();
    let pid = env.add_person("Sara", &["--title", "Buyer"]);
    let s = pid.to_string();
    env.ok_at(
        "2026-11-22T11:00:00+03:30",
        ["person", "edit", &s, "--title", "Head buyer"],
    );
    let h = env.json(["history", "person", &s, "--json"]);
    let rows = array(&h);
    assert_eq!(rows.len(), 2, "{h:#}");

    // Newest first.
    let update = &rows[0];
    assert_eq!(update["op"], "update");
    assert_eq!(update["field"], "title");
    assert_eq!(update["old"], "Buyer");
    assert_eq!(update["new"], "Head buyer");
    assert_eq!(update["actor"], USER);
    assert_eq!(update["entity"], "person");
    assert_eq!(update["entity_id"], pid);
    assert_eq!(update["at"], "2026-11-22T07:30:00Z");

    let create = &rows[1];
    assert_eq!(create["op"], "create");
    assert_eq!(create["actor"], USER);
    assert_eq!(create["at"], "2026-11-22T06:30:00Z");
    let snapshot: Value = serde_json::from_str(str_field(create, "new")).unwrap();
    assert_eq!(snapshot["name"], "Sara");
    assert_eq!(snapshot["title"], "Buyer");

    // Filters: another record and another actor are left out.
    env.add_person("Omid", &[]);
    assert_eq!(
        array(&env.json(["history", "person", &s, "--json"])).len(),
        2
    );
    assert_eq!(array(&env.json(["history", "--json"])).len(), 3);
    assert!(array(&env.json(["history", "--actor", "someone", "--json"])).is_empty());
    assert_eq!(
        array(&env.json(["history", "--limit", "1", "--json"])).len(),
        1
    );
}

#[test]
fn history_records_deletes_and_deal_moves() {
    let env = Env::new();
    let did = env.add_deal("Pumps", &[]).to_string();
    env.ok(["deal", "move", &did, "Proposal"]);
    let h = env.json(["history", "deal", &did, "--json"]);
    let stage = array(&h)
        .iter()
        .find(|r| r["field"] == "stage")
        .unwrap_or_else(|| panic!("no stage change: {h:#}"));
    assert_eq!(stage["old"], "Lead");
    assert_eq!(stage["new"], "Proposal");

    env.ok(["deal", "rm", &did]);
    let h = env.json(["history", "deal", &did, "--json"]);
    assert_eq!(array(&h)[0]["op"], "delete");

    let err = env.fails(1, ["history", "widget"]);
    assert!(
        err.contains("person, company, deal, task, activity, rate, goal or user"),
        "{err}"
    );
}

#[test]
fn deals_are_found_by_title_and_customer() {
    let env = Env::new();
    let reza = env.add_person("رضا نیک‌نام", &[]);
    let panels = env.add_deal(
        "50 solar panels",
        &["--company", "Zagros Cement", "--person", &reza.to_string()],
    );
    env.add_deal("Office chairs", &[]);
    // By title.
    let hits = search(&env, "solar panels");
    assert_eq!(hits[0]["entity"], "deal", "{hits:#?}");
    assert_eq!(id(&hits[0]), panels);
    assert_eq!(hits[0]["name"], "50 solar panels");
    assert_eq!(hits[0]["company"], "Zagros Cement");
    assert_eq!(hits[0]["matched"], "name");
    // By customer company: the company and its deal.
    let hits = search(&env, "zagros");
    let deal = hits.iter().find(|h| h["entity"] == "deal").unwrap();
    assert_eq!(id(deal), panels);
    assert_eq!(deal["matched"], "company");
    // By contact person, typed with a space where the name has a ZWNJ.
    let hits = search(&env, "نیک نام");
    let deal = hits.iter().find(|h| h["entity"] == "deal").unwrap();
    assert_eq!(id(deal), panels);
    assert_eq!(deal["matched"], "contact");
    // The table names the kind.
    let out = env.ok(["search", "solar"]);
    assert!(out.lines().any(|l| l.starts_with("deal")), "{out}");
}
