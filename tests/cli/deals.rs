//! `kariz deal …` end to end: money, stages, won/lost, stage history,
//! filters and rotting deals.

use crate::common::{Env, USER, array, id, ids, str_field};

#[test]
fn deal_add_reads_money_exactly() {
    let env = Env::new();
    let d = env.json([
        "deal",
        "add",
        "--title",
        "Cement, 40 t",
        "--value",
        "1200.50",
        "--currency",
        "USD",
        "--stage",
        "Lead",
        "--json",
    ]);
    assert_eq!(d["value_minor"], 120050);
    assert_eq!(d["value"], "1200.50");
    assert_eq!(d["currency"], "USD");
    assert_eq!(d["status"], "open");
    assert_eq!(d["stage"], "Lead");
    assert_eq!(d["pipeline"], "sales");
    assert_eq!(d["owner"], USER);
    assert_eq!(d["effective_probability"], 10);
    assert_eq!(d["version"], 1);

    // Thousands separators are accepted; lower-case codes are normalised.
    let d = env.json([
        "deal", "add", "--title", "B", "--value", "1,200.50", "--json",
    ]);
    assert_eq!(d["value_minor"], 120050);
    let d = env.json([
        "deal",
        "add",
        "--title",
        "Rial deal",
        "--value",
        "350000000",
        "--currency",
        "irr",
        "--json",
    ]);
    assert_eq!(d["currency"], "IRR");
    assert_eq!(d["value_minor"], 350000000);
    assert_eq!(d["value"], "350000000");
}

#[test]
fn deal_add_defaults_to_the_first_stage_and_default_currency() {
    let env = Env::new();
    let d = env.json(["deal", "add", "--title", "Plain", "--json"]);
    assert_eq!(d["stage"], "Lead");
    assert_eq!(d["currency"], "USD");
    assert_eq!(d["value_minor"], 0);
    let err = env.fails(1, ["deal", "add", "--title", " "]);
    assert!(err.contains("needs a title"), "{err}");
}

#[test]
fn bad_money_is_rejected_with_clear_messages() {
    let env = Env::new();
    let err = env.fails(
        1,
        [
            "deal",
            "add",
            "--title",
            "A",
            "--value",
            "100",
            "--currency",
            "JPY",
        ],
    );
    assert!(err.contains("\"JPY\""), "{err}");
    assert!(err.contains("USD, IRR, AED, EUR"), "{err}");

    let err = env.fails(1, ["deal", "add", "--title", "A", "--value", "1.234"]);
    assert!(err.contains("--value"), "{err}");
    assert!(err.contains("2 decimal places"), "{err}");
    assert!(err.contains("1.234"), "{err}");

    let err = env.fails(
        1,
        [
            "deal",
            "add",
            "--title",
            "A",
            "--value",
            "0.5",
            "--currency",
            "IRR",
        ],
    );
    assert!(err.contains("IRR has 0 decimal places"), "{err}");

    let err = env.fails(1, ["deal", "add", "--title", "A", "--value", "lots"]);
    assert!(err.contains("is not an amount"), "{err}");

    let err = env.fails(1, ["deal", "add", "--title", "A", "--value=-5"]);
    assert!(err.contains("negative"), "{err}");

    let err = env.fails(1, ["deal", "add", "--title", "A", "--probability", "150"]);
    assert!(err.contains("0 to 100"), "{err}");

    // Nothing was stored by any of them.
    assert!(array(&env.json(["deal", "list", "--json"])).is_empty());
}

#[test]
fn unknown_stage_or_pipeline_lists_what_exists() {
    let env = Env::new();
    let err = env.fails(1, ["deal", "add", "--title", "A", "--stage", "Signed"]);
    assert!(err.contains("\"Signed\""), "{err}");
    assert!(
        err.contains("Lead, Qualified, Proposal, Negotiation, Won, Lost"),
        "{err}"
    );
    let did = env.add_deal("A", &[]).to_string();
    let err = env.fails(1, ["deal", "move", &did, "Signed"]);
    assert!(
        err.contains("Lead, Qualified, Proposal, Negotiation, Won, Lost"),
        "{err}"
    );
    let err = env.fails(1, ["deal", "add", "--title", "A", "--pipeline", "rent"]);
    assert!(err.contains("pipelines: sales"), "{err}");
}

#[test]
fn deal_moves_win_lose_and_keep_their_history_in_order() {
    let env = Env::new();
    let t0 = "2026-11-01T09:00:00+03:30";
    let t1 = "2026-11-05T09:00:00+03:30";
    let t2 = "2026-11-10T09:00:00+03:30";
    let t3 = "2026-11-15T09:00:00+03:30";
    let d = env.json_at(
        t0,
        [
            "deal",
            "add",
            "--title",
            "Pumps",
            "--value",
            "1200.50",
            "--currency",
            "USD",
            "--stage",
            "Lead",
            "--json",
        ],
    );
    let did = id(&d).to_string();

    let out = env.ok_at(t1, ["deal", "move", &did, "Proposal"]);
    assert!(out.contains("Proposal"), "{out}");
    // Stage names are case-insensitive.
    env.ok_at(t2, ["deal", "move", &did, "negotiation"]);

    let err = env.fails(1, ["deal", "move", &did, "Lost"]);
    // The library's message, plus the flag that gives the reason (added
    // at the command line: the TUI asks with its own picker instead).
    assert!(
        err.contains(
            "moving a deal to \"Lost\" needs a reason why it was lost; give it with --reason TEXT"
        ),
        "{err}"
    );
    let still = env.json(["deal", "show", &did, "--json"]);
    assert_eq!(still["stage"], "Negotiation");
    assert_eq!(still["status"], "open");

    env.ok_at(t3, ["deal", "lost", &did, "--reason", "price"]);
    let lost = env.json(["deal", "show", &did, "--json"]);
    assert_eq!(lost["status"], "lost");
    assert_eq!(lost["stage"], "Lost");
    assert_eq!(lost["lost_reason"], "price");
    assert_eq!(lost["closed_at"], "2026-11-15T05:30:00Z");
    assert_eq!(lost["effective_probability"], 0);
    assert_eq!(
        array(&env.json(["deal", "list", "--status", "lost", "--json"])).len(),
        1
    );

    let history = &lost["stage_history"];
    let steps: Vec<(Option<&str>, &str, &str)> = array(history)
        .iter()
        .map(|m| {
            (
                m["from_stage"].as_str(),
                str_field(m, "to_stage"),
                str_field(m, "at"),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (None, "Lead", "2026-11-01T05:30:00Z"),
            (Some("Lead"), "Proposal", "2026-11-05T05:30:00Z"),
            (Some("Proposal"), "Negotiation", "2026-11-10T05:30:00Z"),
            (Some("Negotiation"), "Lost", "2026-11-15T05:30:00Z"),
        ]
    );
    for m in array(history) {
        assert_eq!(m["actor"], USER);
    }
}

#[test]
fn deal_won_closes_the_deal_and_can_be_reopened() {
    let env = Env::new();
    let did = env.add_deal("Licences", &["--value", "99"]).to_string();
    env.ok(["deal", "won", &did]);
    let won = env.json(["deal", "show", &did, "--json"]);
    assert_eq!(won["status"], "won");
    assert_eq!(won["stage"], "Won");
    assert_eq!(won["effective_probability"], 100);
    assert_eq!(won["closed_at"], "2026-11-22T06:30:00Z");
    let err = env.fails(1, ["deal", "won", &did]);
    assert!(err.contains("already"), "{err}");

    env.ok(["deal", "move", &did, "Negotiation"]);
    let open = env.json(["deal", "show", &did, "--json"]);
    assert_eq!(open["status"], "open");
    assert!(open["closed_at"].is_null(), "{open:#}");
    assert_eq!(array(&open["stage_history"]).len(), 3);
}

#[test]
fn deal_move_with_a_stale_version_is_a_conflict() {
    let env = Env::new();
    let did = env.add_deal("A", &[]).to_string();
    env.ok(["deal", "move", &did, "Qualified"]);
    let err = env.fails(4, ["deal", "move", &did, "Proposal", "--version", "1"]);
    assert!(err.contains("changed by someone else"), "{err}");
    let d = env.json(["deal", "show", &did, "--json"]);
    assert_eq!(d["stage"], "Qualified");
    assert_eq!(array(&d["stage_history"]).len(), 2);
}

#[test]
fn deal_edit_with_a_new_stage_is_a_move() {
    let env = Env::new();
    let did = env.add_deal("A", &["--value", "10"]).to_string();
    let d = env.json(["deal", "edit", &did, "--stage", "Proposal", "--json"]);
    assert_eq!(d["stage"], "Proposal");
    let shown = env.json(["deal", "show", &did, "--json"]);
    let last = array(&shown["stage_history"]).last().unwrap().clone();
    assert_eq!(last["from_stage"], "Lead");
    assert_eq!(last["to_stage"], "Proposal");

    // Changing the currency alone would silently rescale the value.
    let err = env.fails(1, ["deal", "edit", &did, "--currency", "IRR"]);
    assert!(err.contains("--value"), "{err}");
}

#[test]
fn deal_list_filters_by_status_person_and_company() {
    let env = Env::new();
    let pid = env.add_person("Sara", &["--company", "Acme"]).to_string();
    let open = env.add_deal("Open one", &["--person", &pid]);
    let won = env.add_deal("Won one", &["--company", "Acme"]);
    let lost = env.add_deal("Lost one", &[]);
    env.ok(["deal", "won", &won.to_string()]);
    env.ok(["deal", "lost", &lost.to_string(), "--reason", "budget"]);

    assert_eq!(
        ids(&env.json(["deal", "list", "--json", "--status", "open"])),
        vec![open]
    );
    assert_eq!(
        ids(&env.json(["deal", "list", "--json", "--status", "won"])),
        vec![won]
    );
    assert_eq!(
        ids(&env.json(["deal", "list", "--json", "--person", &pid])),
        vec![open]
    );
    // A company's deals include those of its people.
    assert_eq!(
        ids(&env.json(["deal", "list", "--json", "--company", "Acme"])),
        vec![open, won]
    );
    // Grouped by stage in board order: Lead, …, Won, Lost.
    assert_eq!(
        ids(&env.json(["deal", "list", "--json"])),
        vec![open, won, lost]
    );
    env.fails(2, ["deal", "list", "--status", "pending"]);
}

#[test]
fn rotting_deals_are_the_open_ones_past_their_stage_rot_days() {
    let env = Env::new();
    // Lead rots after 14 days, Negotiation after 7.
    let old_lead = env.json_at(
        "2026-11-01T10:00:00+03:30",
        ["deal", "add", "--title", "Old lead", "--json"],
    );
    let young_lead = env.json_at(
        "2026-11-12T10:00:00+03:30",
        ["deal", "add", "--title", "Young lead", "--json"],
    );
    let old_won = env.json_at(
        "2026-10-01T10:00:00+03:30",
        ["deal", "add", "--title", "Old won", "--json"],
    );
    env.ok_at(
        "2026-10-02T10:00:00+03:30",
        ["deal", "won", &id(&old_won).to_string()],
    );
    let nego = env.json_at(
        "2026-11-01T10:00:00+03:30",
        [
            "deal",
            "add",
            "--title",
            "Negotiating",
            "--stage",
            "Negotiation",
            "--json",
        ],
    );
    let fresh = env.json(["deal", "add", "--title", "Today", "--json"]);

    let rotting = env.json(["deal", "list", "--rotting", "--json"]);
    let mut got = ids(&rotting);
    got.sort();
    assert_eq!(got, vec![id(&old_lead), id(&nego)]);
    for r in array(&rotting) {
        assert_eq!(r["rotting"], true);
    }
    let all = env.json(["deal", "list", "--json"]);
    let row = |deal: &serde_json::Value| {
        array(&all)
            .iter()
            .find(|r| r["id"] == deal["id"])
            .unwrap()
            .clone()
    };
    assert_eq!(row(&old_lead)["days_in_stage"], 21);
    assert_eq!(row(&young_lead)["days_in_stage"], 10);
    assert_eq!(row(&young_lead)["rotting"], false);
    assert_eq!(row(&old_won)["rotting"], false);
    assert_eq!(row(&fresh)["days_in_stage"], 0);

    // At an earlier "now" the old lead is not rotting yet.
    let earlier = env.json_at(
        "2026-11-10T10:00:00+03:30",
        ["deal", "list", "--rotting", "--json"],
    );
    assert_eq!(ids(&earlier), vec![id(&nego)]);
    // The table marks rotting rows.
    let table = env.ok(["deal", "list"]);
    let line = table
        .lines()
        .find(|l| l.contains("Old lead"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(line.trim_end().ends_with("21 !"), "{line}");
}

/// `--limit N` keeps the first N of the list's order (by stage); 0 is all.
#[test]
fn deal_list_limit_keeps_the_first_in_order() {
    let env = Env::new();
    for (title, stage) in [
        ("late", "Negotiation"),
        ("early", "Lead"),
        ("mid", "Proposal"),
    ] {
        env.json(["deal", "add", "--title", title, "--stage", stage, "--json"]);
    }
    let all = env.json(["deal", "list", "--json"]);
    let two = env.json(["deal", "list", "--limit", "2", "--json"]);
    assert_eq!(ids(&two), ids(&all)[..2].to_vec());
    assert_eq!(
        ids(&env.json(["deal", "list", "--limit", "0", "--json"])).len(),
        3
    );
    let shown = env.ok(["deal", "list", "--limit", "1"]);
    assert_eq!(shown.lines().count(), 2, "a heading and one row:\n{shown}");
    assert!(shown.contains("early"), "{shown}");
}
