//! `kariz segment …`, `--where`/`--segment` on lists and export, and bulk
//! changes with `--dry-run`, end to end with the real binary.

use crate::common::{Env, array, id, ids};

/// Ali (Mashhad, vip, e-mail), Kaveh (Mashhad, owned by bob), Sara
/// (Tehran, vip and lost).
fn crowd() -> (Env, i64, i64, i64) {
    let env = Env::new();
    let ali = env.add_person(
        "علي كريمي",
        &[
            "--address",
            "مشهد",
            "--tag",
            "vip",
            "--email",
            "ali@example.ir",
        ],
    );
    let kaveh = env.add_person("کاوه", &["--address", "مشهد", "--owner", "bob"]);
    let sara = env.add_person(
        "Sara Ahmadi",
        &["--address", "Tehran", "--tag", "vip", "--tag", "lost"],
    );
    (env, ali, kaveh, sara)
}

#[test]
fn where_filters_person_company_and_deal_lists() {
    let (env, ali, kaveh, sara) = crowd();
    let listed = env.json(["person", "list", "--where", "city:مشهد", "--json"]);
    let mut got = ids(&listed);
    got.sort_unstable();
    assert_eq!(got, [ali, kaveh]);
    let listed = env.json(["person", "list", "--where", "tag:vip -tag:lost", "--json"]);
    assert_eq!(ids(&listed), [ali]);
    let listed = env.json(["person", "list", "--where", "\"علی کریمی\"", "--json"]);
    assert_eq!(ids(&listed), [ali], "Persian letters find Arabic ones");
    let listed = env.json([
        "person", "list", "--where", "owner:me", "--tag", "lost", "--json",
    ]);
    assert_eq!(ids(&listed), [sara]);

    env.ok([
        "company",
        "add",
        "--name",
        "Acme Food",
        "--address",
        "Mashhad",
    ]);
    let companies = env.json(["company", "list", "--where", "city:mashhad", "--json"]);
    assert_eq!(array(&companies).len(), 1);

    let deal = env.add_deal("Kitchen", &["--person", &ali.to_string()]);
    env.add_deal("Office", &["--person", &sara.to_string()]);
    let deals = env.json(["deal", "list", "--where", "city:مشهد", "--json"]);
    assert_eq!(array(&deals).len(), 1);
    assert_eq!(deals[0]["id"], deal);
}

#[test]
fn errors_name_the_column_and_the_nearest_key() {
    let (env, ..) = crowd();
    let err = env.fails(1, ["person", "list", "--where", "tag:vip ctiy:x"]);
    assert!(
        err.contains("--where: unknown key \"ctiy\" at column 9; did you mean \"city\"?"),
        "{err}"
    );
    let err = env.fails(1, ["person", "list", "--where", "created>=1405/13/01"]);
    assert!(err.contains("column 10"), "{err}");
    let err = env.fails(1, ["person", "list", "--where", "status:open"]);
    assert!(err.contains("does not apply to people"), "{err}");
}

#[test]
fn saved_segments_add_list_show_rm() {
    let (env, ali, ..) = crowd();
    let saved = env.json([
        "segment",
        "add",
        "vip-mashhad",
        "--where",
        "tag:vip city:مشهد",
        "--json",
    ]);
    assert_eq!(saved["name"], "vip-mashhad");
    let listed = env.json(["segment", "list", "--json"]);
    assert_eq!(array(&listed).len(), 1);
    assert_eq!(listed[0]["expression"], "tag:vip city:مشهد");
    let shown = env.json(["segment", "show", "VIP-MASHHAD", "--json"]);
    assert_eq!(shown["people"], 1);
    assert_eq!(id(&shown["first_people"][0]), ali);
    let text = env.ok(["segment", "show", "vip-mashhad"]);
    assert!(text.contains("people") && text.contains("1"), "{text}");
    let listed = env.json(["person", "list", "--segment", "vip-mashhad", "--json"]);
    assert_eq!(ids(&listed), [ali]);
    // A bad filter is refused before it is saved.
    let err = env.fails(1, ["segment", "add", "bad", "--where", "has:emial"]);
    assert!(err.contains("did you mean \"email\""), "{err}");
    env.ok(["segment", "rm", "vip-mashhad"]);
    assert!(array(&env.json(["segment", "list", "--json"])).is_empty());
    let err = env.fails(1, ["person", "list", "--segment", "vip-mashhad"]);
    assert!(err.contains("no such segment"), "{err}");
    let history = env.ok(["history", "segment", &saved["id"].to_string()]);
    assert!(history.contains("delete"), "{history}");
}

#[test]
fn export_takes_where_and_segment() {
    let (env, ..) = crowd();
    let csv = env.ok(["export", "csv", "--where", "city:مشهد -owner:bob"]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("علي كريمي"));
    env.ok(["segment", "add", "lost", "--where", "tag:lost"]);
    let json = env.json(["export", "json", "--segment", "lost"]);
    assert_eq!(array(&json).len(), 1);
    assert_eq!(json[0]["name"], "Sara Ahmadi");
}

#[test]
fn bulk_tag_with_dry_run_then_for_real() {
    let (env, ali, kaveh, sara) = crowd();
    let dry = env.json([
        "person",
        "edit",
        "--where",
        "city:مشهد",
        "--add-tag",
        "north",
        "--dry-run",
        "--json",
    ]);
    assert_eq!(dry["count"], 2);
    assert_eq!(dry["dry_run"], true);
    let text = env.ok([
        "person",
        "edit",
        "--where",
        "city:مشهد",
        "--add-tag",
        "north",
        "--dry-run",
    ]);
    assert!(
        text.contains("Would change 2 people") && text.contains("کاوه"),
        "{text}"
    );
    assert!(array(&env.json(["person", "list", "--tag", "north", "--json"])).is_empty());

    let done = env.ok([
        "person",
        "edit",
        "--where",
        "city:مشهد",
        "--add-tag",
        "north",
        "--remove-tag",
        "vip",
    ]);
    assert!(done.contains("Changed 2 people"), "{done}");
    let mut north = ids(&env.json(["person", "list", "--tag", "north", "--json"]));
    north.sort_unstable();
    assert_eq!(north, [ali, kaveh]);
    assert_eq!(
        ids(&env.json(["person", "list", "--tag", "vip", "--json"])),
        [sara]
    );
    // One change-log row per record.
    let history = env.ok(["history", "person", &kaveh.to_string()]);
    assert!(history.contains("north"), "{history}");

    env.ok(["segment", "add", "north", "--where", "tag:north"]);
    env.ok(["person", "edit", "--segment", "north", "--owner", "bob"]);
    let bobs = env.json(["person", "list", "--owner", "bob", "--json"]);
    assert_eq!(array(&bobs).len(), 2);

    let err = env.fails(
        1,
        ["person", "edit", "1", "--where", "tag:x", "--add-tag", "y"],
    );
    assert!(err.contains("not both"), "{err}");
}

#[test]
fn bulk_deal_move_and_task_done() {
    let (env, ali, _, sara) = crowd();
    env.add_deal("Kitchen", &["--person", &ali.to_string()]);
    env.add_deal("Office", &["--person", &sara.to_string()]);
    let dry = env.json([
        "deal",
        "move",
        "--where",
        "stage:lead",
        "--to",
        "Proposal",
        "--dry-run",
        "--json",
    ]);
    assert_eq!(dry["count"], 2);
    let text = env.ok(["deal", "move", "--where", "has:email", "--to", "Proposal"]);
    assert!(text.contains("Moved 1 deal"), "{text}");
    let proposal = env.json(["deal", "list", "--stage", "Proposal", "--json"]);
    assert_eq!(array(&proposal).len(), 1);

    env.add_task(
        "Call Ali",
        &["--person", &ali.to_string(), "--due", "today"],
    );
    env.add_task(
        "Call Sara",
        &["--person", &sara.to_string(), "--due", "+5d"],
    );
    let dry = env.json(["task", "done", "--where", "due<+2d", "--dry-run", "--json"]);
    assert_eq!(dry["count"], 1);
    assert_eq!(dry["records"][0][1], "Call Ali");
    let text = env.ok(["task", "done", "--where", "tag:vip owner:me"]);
    assert!(text.contains("Done: 2 tasks"), "{text}");
    let err = env.fails(1, ["task", "done", "--where", "city:x"]);
    assert!(err.contains("does not apply to tasks"), "{err}");
}
