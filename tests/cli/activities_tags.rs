//! `kariz activity …` and `kariz tag …` end to end.

use crate::common::{Env, USER, array, id, ids, str_field};

const KINDS: [&str; 8] = [
    "incoming_call",
    "outgoing_call",
    "missed_call",
    "email",
    "meeting",
    "sms",
    "note",
    "complaint",
];

#[test]
fn every_activity_kind_can_be_logged_and_listed_newest_first() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    let mut logged = Vec::new();
    for (day, kind) in KINDS.iter().enumerate() {
        let at = format!("2026-11-{:02} 09:15", day + 10);
        let a = env.json([
            "activity",
            "add",
            "--kind",
            kind,
            "--subject",
            &format!("about {kind}"),
            "--person",
            &pid,
            "--at",
            &at,
            "--json",
        ]);
        assert_eq!(a["kind"], *kind);
        assert_eq!(a["author"], USER);
        assert_eq!(a["person"], "Sara");
        logged.push(id(&a));
    }
    let list = env.json(["activity", "list", "--person", &pid, "--json"]);
    let newest_first: Vec<i64> = logged.iter().rev().copied().collect();
    assert_eq!(ids(&list), newest_first);
    let times: Vec<&str> = array(&list)
        .iter()
        .map(|a| str_field(a, "occurred_at"))
        .collect();
    let mut sorted = times.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted);

    // Kind filter, with an alias.
    let calls = env.json(["activity", "list", "--kind", "call-in", "--json"]);
    assert_eq!(ids(&calls), vec![logged[0]]);
    // The person page shows the same timeline.
    let page = env.json(["person", "show", &pid, "--json"]);
    assert_eq!(ids(&page["activities"]), newest_first);
}

#[test]
fn kind_aliases_are_stored_as_canonical_kinds() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    for (alias, kind) in [
        ("call-in", "incoming_call"),
        ("call-out", "outgoing_call"),
        ("missed", "missed_call"),
    ] {
        let a = env.json([
            "activity",
            "add",
            "--kind",
            alias,
            "--subject",
            "x",
            "--person",
            &pid,
            "--json",
        ]);
        assert_eq!(a["kind"], kind, "--kind {alias}");
    }
}

#[test]
fn at_is_local_time_of_kariz_now_stored_as_utc() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    let a = env.json([
        "activity",
        "add",
        "--kind",
        "meeting",
        "--subject",
        "Site visit",
        "--person",
        &pid,
        "--at",
        "2026-11-20 14:30",
        "--json",
    ]);
    // KARIZ_NOW is +03:30, so 14:30 local is 11:00 UTC (TZ=UTC is ignored).
    assert_eq!(a["occurred_at"], "2026-11-20T11:00:00Z");
    // And it is shown back in local time.
    let table = env.ok(["activity", "list"]);
    assert!(table.contains("2026-11-20 14:30"), "{table}");

    // With no --at, now; with a bare day, that day at the current time.
    let now = env.json([
        "activity",
        "add",
        "--kind",
        "note",
        "--subject",
        "now",
        "--person",
        &pid,
        "--json",
    ]);
    assert_eq!(now["occurred_at"], "2026-11-22T06:30:00Z");
    let y = env.json([
        "activity",
        "add",
        "--kind",
        "note",
        "--subject",
        "y",
        "--person",
        &pid,
        "--at",
        "yesterday",
        "--json",
    ]);
    assert_eq!(y["occurred_at"], "2026-11-21T06:30:00Z");

    // A different offset in KARIZ_NOW gives a different UTC instant.
    let a = env.json_at(
        "2026-11-22T10:00:00+04:00",
        [
            "activity",
            "add",
            "--kind",
            "note",
            "--subject",
            "Dubai",
            "--person",
            &pid,
            "--at",
            "2026-11-20 14:30",
            "--json",
        ],
    );
    assert_eq!(a["occurred_at"], "2026-11-20T10:30:00Z");

    let err = env.fails(
        1,
        [
            "activity",
            "add",
            "--kind",
            "note",
            "--person",
            &pid,
            "--at",
            "2026-11-20 25:00",
        ],
    );
    assert!(err.contains("\"25:00\" is not a time"), "{err}");
}

#[test]
fn an_activity_needs_a_kind_and_an_existing_link() {
    let env = Env::new();
    let err = env.fails(1, ["activity", "add", "--kind", "note", "--subject", "x"]);
    assert!(err.contains("--person, --company or --deal"), "{err}");
    let err = env.fails(
        3,
        [
            "activity",
            "add",
            "--kind",
            "note",
            "--subject",
            "x",
            "--person",
            "42",
        ],
    );
    assert!(err.contains("person 42 does not exist"), "{err}");
    let pid = env.add_person("Sara", &[]).to_string();
    let err = env.fails(1, ["activity", "add", "--subject", "x", "--person", &pid]);
    assert!(err.contains("--kind is required"), "{err}");
    let err = env.fails(1, ["activity", "add", "--kind", "fax", "--person", &pid]);
    assert!(err.contains("\"fax\""), "{err}");
    assert!(err.contains("complaint"), "{err}");
    assert!(array(&env.json(["activity", "list", "--json"])).is_empty());
}

#[test]
fn company_activities_include_its_people_and_deals_link() {
    let env = Env::new();
    let pid = env.add_person("Sara", &["--company", "Acme"]).to_string();
    let did = env.add_deal("Pumps", &[]).to_string();
    let by_person = env.json([
        "activity",
        "add",
        "--kind",
        "email",
        "--subject",
        "p",
        "--person",
        &pid,
        "--json",
    ]);
    let by_company = env.json([
        "activity",
        "add",
        "--kind",
        "email",
        "--subject",
        "c",
        "--company",
        "Acme",
        "--json",
    ]);
    let by_deal = env.json([
        "activity",
        "add",
        "--kind",
        "meeting",
        "--subject",
        "d",
        "--deal",
        &did,
        "--json",
    ]);
    let mut got = ids(&env.json(["activity", "list", "--company", "Acme", "--json"]));
    got.sort_unstable();
    assert_eq!(got, vec![id(&by_person), id(&by_company)]);
    assert_eq!(
        ids(&env.json(["activity", "list", "--deal", &did, "--json"])),
        vec![id(&by_deal)]
    );
    let deal = env.json(["deal", "show", &did, "--json"]);
    assert_eq!(ids(&deal["activities"]), vec![id(&by_deal)]);
}

#[test]
fn activity_edit_and_rm() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    let a = env.json([
        "activity",
        "add",
        "--kind",
        "note",
        "--subject",
        "draft",
        "--person",
        &pid,
        "--json",
    ]);
    let aid = id(&a).to_string();
    let e = env.json([
        "activity",
        "edit",
        &aid,
        "--subject",
        "final",
        "--body",
        "two\nlines",
        "--json",
    ]);
    assert_eq!(e["subject"], "final");
    assert_eq!(e["body"], "two\nlines");
    assert_eq!(e["version"], 2);
    env.fails(4, ["activity", "rm", &aid, "--version", "1"]);
    env.ok(["activity", "rm", &aid]);
    env.fails(3, ["activity", "show", &aid]);
}

fn tag_counts(env: &Env) -> Vec<(String, i64, i64, i64)> {
    array(&env.json(["tag", "list", "--json"]))
        .iter()
        .map(|t| {
            (
                str_field(t, "name").to_string(),
                t["people"].as_i64().unwrap(),
                t["companies"].as_i64().unwrap(),
                t["deals"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn tags_on_people_companies_and_deals_with_counts() {
    let env = Env::new();
    let sara = env.add_person("Sara", &[]).to_string();
    let omid = env.add_person("Omid", &[]).to_string();
    env.ok(["company", "add", "--name", "Acme"]);
    let did = env.add_deal("Pumps", &[]).to_string();

    let out = env.ok(["tag", "add", "vip", "--person", &sara]);
    assert!(out.contains("vip"), "{out}");
    env.ok(["tag", "add", "vip", "--person", &omid]);
    env.ok(["tag", "add", "vip", "export", "--company", "Acme"]);
    env.ok(["tag", "add", "vip", "--deal", &did]);
    // Adding a tag twice (in another case) keeps one.
    env.ok(["tag", "add", "VIP", "--person", &sara]);
    let p = env.json(["person", "show", &sara, "--json"]);
    assert_eq!(p["tags"], serde_json::json!(["vip"]));

    assert_eq!(
        tag_counts(&env),
        vec![
            ("export".to_string(), 0, 1, 0),
            ("vip".to_string(), 2, 1, 1)
        ]
    );
    let mut vips = ids(&env.json(["person", "list", "--tag", "vip", "--json"]));
    vips.sort_unstable();
    assert_eq!(vips, vec![1, 2]);
    assert_eq!(
        ids(&env.json(["deal", "list", "--tag", "vip", "--json"])),
        vec![did.parse::<i64>().unwrap()]
    );

    let out = env.ok(["tag", "rm", "vip", "--person", &sara]);
    assert!(out.contains("(none)"), "{out}");
    assert_eq!(
        ids(&env.json(["person", "list", "--tag", "vip", "--json"])),
        vec![omid.parse::<i64>().unwrap()]
    );
    assert_eq!(
        tag_counts(&env),
        vec![
            ("export".to_string(), 0, 1, 0),
            ("vip".to_string(), 1, 1, 1)
        ]
    );
    assert!(ids(&env.json(["person", "list", "--tag", "nosuch", "--json"])).is_empty());
}

#[test]
fn tag_needs_exactly_one_existing_target_and_a_clean_name() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    env.fails(2, ["tag", "add", "vip"]);
    env.fails(2, ["tag", "add", "vip", "--person", &pid, "--deal", "1"]);
    env.fails(2, ["tag", "add", "--person", &pid]);
    let err = env.fails(3, ["tag", "add", "vip", "--person", "99"]);
    assert!(err.contains("person 99 does not exist"), "{err}");
    let err = env.fails(1, ["tag", "add", "a,b", "--person", &pid]);
    assert!(err.contains("comma"), "{err}");
    assert!(tag_counts(&env).is_empty());
}
