//! `kariz report`, `rate` and `goal` end to end: the JSON of each report
//! checked field by field on a data set small enough to work out by hand.
//!
//! Config: Jalali calendar, report currency IRR. Rate: 1 USD = 1,000,000
//! IRR from 2026-11-01; none for AED. Times are Tehran (+03:30).
//! - A (1,000.00 USD, person P with source "web"): Lead 1 Azar (11-23)
//!   → Proposal 11-25 (skips Qualified) → won 12-01.
//! - B (500,000,000 IRR): Proposal 11-24 → Qualified 11-26 (backwards)
//!   → lost 12-05 ("price").
//! - C (300.00 AED): Qualified 11-27 → won 12-21 23:30, the last evening
//!   of Azar.
//!
//! Reports run on 2026-12-15 without --from/--to: Azar 1405 =
//! 2026-11-22 … 2026-12-21.

use crate::common::{Env, USER};
use serde_json::{Value, json};

const REPORT_NOW: &str = "2026-12-15T10:00:00+03:30";

fn t(day: &str) -> String {
    format!("{day}T10:00:00+03:30")
}

fn setup() -> Env {
    let env = Env::new();
    std::fs::create_dir_all(env.config_file().parent().unwrap()).unwrap();
    std::fs::write(
        env.config_file(),
        "[display]\ncalendar = \"jalali\"\n\n[money]\ncurrencies = [\"USD\", \"IRR\", \"AED\"]\nreport_currency = \"IRR\"\n",
    )
    .unwrap();
    let p = env.add_person("P", &["--source", "web"]).to_string();
    let add = |at: &str, title: &str, extra: &[&str]| -> String {
        let mut args = vec!["deal", "add", "--title", title, "--json"];
        args.extend_from_slice(extra);
        crate::common::id(&env.json_at(&t(at), args)).to_string()
    };
    let a = add(
        "2026-11-23",
        "A",
        &[
            "--value",
            "1000",
            "--currency",
            "USD",
            "--stage",
            "Lead",
            "--person",
            &p,
        ],
    );
    env.ok_at(&t("2026-11-25"), ["deal", "move", &a, "Proposal"]);
    env.ok_at(&t("2026-12-01"), ["deal", "won", &a]);
    let b = add(
        "2026-11-24",
        "B",
        &[
            "--value",
            "500000000",
            "--currency",
            "IRR",
            "--stage",
            "Proposal",
        ],
    );
    env.ok_at(&t("2026-11-26"), ["deal", "move", &b, "Qualified"]);
    env.ok_at(&t("2026-12-05"), ["deal", "lost", &b, "--reason", "price"]);
    let c = add(
        "2026-11-27",
        "C",
        &[
            "--value",
            "300",
            "--currency",
            "AED",
            "--stage",
            "Qualified",
        ],
    );
    env.ok_at("2026-12-21T23:30:00+03:30", ["deal", "won", &c]);
    env.ok([
        "rate",
        "set",
        "usd",
        "IRR",
        "1,000,000",
        "--date",
        "2026-11-01",
    ]);
    env
}

fn report(env: &Env, name: &str, extra: &[&str]) -> Value {
    let mut args = vec!["report", name, "--json"];
    args.extend_from_slice(extra);
    env.json_at(REPORT_NOW, args)
}

#[test]
fn funnel_json_field_by_field() {
    let env = setup();
    let f = report(&env, "funnel", &[]);
    assert_eq!(f["report"], "funnel");
    assert_eq!(
        f["period"],
        json!({"from": "2026-11-22", "to": "2026-12-21"})
    );
    assert_eq!(f["currency"], "IRR");
    assert_eq!(f["pipeline"], "sales");
    let stages = f["stages"].as_array().unwrap();
    let row = |i: usize| {
        (
            stages[i]["stage"].as_str().unwrap().to_string(),
            stages[i]["entered"].as_i64().unwrap(),
            stages[i]["advanced"].as_i64().unwrap(),
            stages[i]["conversion"].clone(),
        )
    };
    // Lead: A (→ Proposal).
    assert_eq!(row(0), ("Lead".into(), 1, 1, json!(1.0)));
    // Qualified: B (then lost: no advance), C (→ won).
    assert_eq!(row(1), ("Qualified".into(), 2, 1, json!(0.5)));
    // Proposal: A (→ won), B (back to Qualified).
    assert_eq!(row(2), ("Proposal".into(), 2, 1, json!(0.5)));
    // Negotiation: nobody; a ratio over nothing is null, not 0.
    assert_eq!(row(3), ("Negotiation".into(), 0, 0, Value::Null));
    assert_eq!(f["created"], 3);
    assert_eq!(f["won"], 2);
    assert_eq!(f["lead_to_won"], 0.6667);
}

#[test]
fn winrate_revenue_and_missing_rates_json() {
    let env = setup();
    let w = report(&env, "winrate", &[]);
    assert_eq!((w["won"].as_i64(), w["lost"].as_i64()), (Some(2), Some(1)));
    assert_eq!(w["win_rate"], 0.6667);
    assert_eq!(
        w["by_owner"],
        json!([{"name": USER, "won": 2, "lost": 1, "win_rate": 0.6667}])
    );
    assert_eq!(
        w["by_source"],
        json!([
            {"name": "(none)", "won": 1, "lost": 1, "win_rate": 0.5},
            {"name": "web", "won": 1, "lost": 0, "win_rate": 1.0}
        ])
    );

    let r = report(&env, "revenue", &[]);
    assert_eq!(r["count"], 2);
    // A: 1,000 USD × 1,000,000 = 1,000,000,000 IRR; C (AED) has no rate:
    // named, and left out of the converted sum.
    assert_eq!(
        r["value"],
        json!({
            "by_currency": [
                {"minor": 30000, "currency": "AED"},
                {"minor": 100000, "currency": "USD"}
            ],
            "converted": {"minor": 1_000_000_000i64, "currency": "IRR"},
            "missing_rates": ["AED"]
        })
    );
    assert_eq!(r["months"][0]["month"], "1405-09");

    // The table says so in words.
    let table = env.ok_at(REPORT_NOW, ["report", "revenue"]);
    assert!(table.contains("(+ AED)"), "{table}");
    assert!(table.contains("kariz rate set AED IRR"), "{table}");

    // With a rate for AED (as of C's close date) the sum is complete:
    // 300 AED × 28,600 = 8,580,000 IRR.
    env.ok(["rate", "set", "AED", "IRR", "28600", "--date", "2026-12-21"]);
    let r = report(&env, "revenue", &[]);
    assert_eq!(r["value"]["converted"]["minor"], 1_008_580_000i64);
    assert_eq!(r["value"]["missing_rates"], json!([]));
}

#[test]
fn period_flags_take_either_calendar_and_bound_by_local_day() {
    let env = setup();
    // Aban 1405 (Jalali dates typed): nothing closed then.
    let w = report(
        &env,
        "winrate",
        &["--from", "1405/08/01", "--to", "1405/08/30"],
    );
    assert_eq!(
        w["period"],
        json!({"from": "2026-10-23", "to": "2026-11-21"})
    );
    assert_eq!(
        (w["won"].as_i64(), w["win_rate"].clone()),
        (Some(0), Value::Null)
    );
    // From 12-21 (Gregorian) on: C, won at 23:30 that day.
    let w = report(
        &env,
        "winrate",
        &["--from", "2026-12-21", "--to", "2026-12-31"],
    );
    assert_eq!(w["won"], 1);
    let err = env.fails_at(
        REPORT_NOW,
        1,
        [
            "report",
            "funnel",
            "--from",
            "2026-12-10",
            "--to",
            "2026-12-01",
        ],
    );
    assert!(err.contains("before --from"), "{err}");
}

#[test]
fn owner_filter_and_csv() {
    let env = setup();
    let w = report(&env, "winrate", &["--owner", "nobody"]);
    assert_eq!((w["won"].as_i64(), w["lost"].as_i64()), (Some(0), Some(0)));
    assert_eq!(w["by_owner"], json!([]));
    let err = env.fails_at(REPORT_NOW, 1, ["report", "winrate", "--pipeline", "nope"]);
    assert!(err.contains("defined: sales"), "{err}");
    let csv = env.ok_at(REPORT_NOW, ["report", "lost", "--csv"]);
    assert_eq!(
        csv,
        "reason,count,value,missing_rates\nprice,1,500000000,\n"
    );
    // Owner names reach the CSV with controls shown and formulas defused.
    // kariz refuses controls on input, so the escape is planted behind its
    // back, as an older kariz or another program could have stored it.
    let id = env.add_deal("D", &["--owner", "=cmd"]);
    env.ok_at(REPORT_NOW, ["deal", "won", &id.to_string()]);
    env.plant("deals", id, "owner", "=cmd\u{1b}[31m");
    let csv = env.ok_at(REPORT_NOW, ["report", "winrate", "--csv"]);
    assert!(csv.contains("owner,'=cmd\\u{1b}[31m,1,0,1\n"), "{csv}");
}

#[test]
fn dashboard_with_goals() {
    let env = setup();
    env.ok([
        "goal",
        "set",
        "--owner",
        USER,
        "--metric",
        "won_value",
        "--target",
        "2,000,000,000",
        "--currency",
        "IRR",
    ]);
    env.ok([
        "goal",
        "set",
        "--owner",
        "nima",
        "--metric",
        "deals_won",
        "--target",
        "3",
    ]);
    let goals = env.json(["goal", "list", "--json"]);
    assert_eq!(goals.as_array().unwrap().len(), 2);
    let d = report(&env, "dashboard", &[]);
    assert_eq!(d["current"]["won"], 2);
    assert_eq!(d["current"]["new_deals"], 3);
    assert_eq!(d["current"]["new_people"], 1);
    assert_eq!(
        d["previous"]["period"],
        json!({"from": "2026-10-23", "to": "2026-11-21"})
    );
    // P was added at NOW (1 Azar 10:00): this period, not the previous one.
    assert_eq!(d["previous"]["new_people"], 0);
    assert_eq!(d["overdue_tasks"], 0);
    assert_eq!(
        d["goals"],
        json!([
            {"owner": "nima", "metric": "deals_won", "target": 3, "actual": 0,
             "currency": null, "progress": 0.0, "missing_rates": []},
            {"owner": USER, "metric": "won_value", "target": 2_000_000_000i64,
             "actual": 1_000_000_000i64, "currency": "IRR", "progress": 0.5,
             "missing_rates": ["AED"]}
        ])
    );
    let id = goals[0]["id"].to_string();
    env.ok(["goal", "rm", &id]);
    assert_eq!(
        env.json(["goal", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn rate_commands_check_their_input() {
    let env = Env::new();
    let err = env.fails(1, ["rate", "set", "USD", "XYZ", "3"]);
    assert!(err.contains("XYZ"), "{err}");
    let err = env.fails(1, ["rate", "set", "USD", "IRR", "0"]);
    assert!(err.contains("zero"), "{err}");
    let file = env.path("rates.csv");
    std::fs::write(
        &file,
        "from,to,date,rate\nUSD,IRR,2026-11-01,1000000\nEUR,USD,1405/09/01,abc\n",
    )
    .unwrap();
    let err = env.fails(1, ["rate", "import", file.to_str().unwrap()]);
    assert!(err.contains("line 3"), "{err}");
    // All or nothing: the good first row was not kept.
    assert_eq!(env.json(["rate", "list", "--json"]), json!([]));
    std::fs::write(
        &file,
        "from,to,date,rate\nUSD,IRR,2026-11-01,1000000\nEUR,USD,1405/09/01,1.08\n",
    )
    .unwrap();
    env.ok(["rate", "import", file.to_str().unwrap()]);
    assert_eq!(
        env.json(["rate", "list", "--json"]),
        json!([
            {"from": "EUR", "to": "USD", "date": "2026-11-22", "rate": "1.08"},
            {"from": "USD", "to": "IRR", "date": "2026-11-01", "rate": "1000000"}
        ])
    );
}

#[test]
fn rates_and_goals_are_change_logged_and_shown_in_history() {
    let env = Env::new();
    env.ok([
        "rate",
        "set",
        "USD",
        "IRR",
        "1000000",
        "--date",
        "2026-11-01",
    ]);
    env.ok([
        "rate",
        "set",
        "USD",
        "IRR",
        "1,100,000",
        "--date",
        "2026-11-01",
    ]);
    // The same value again changes nothing and logs nothing.
    env.ok([
        "rate",
        "set",
        "USD",
        "IRR",
        "1100000",
        "--date",
        "2026-11-01",
    ]);
    let history = env.json(["history", "rate", "--json"]);
    let rows = history.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{history:#}");
    // Newest first: the update of the rate field, then the create.
    assert_eq!(rows[0]["entity"], "rate");
    assert_eq!(rows[0]["op"], "update");
    assert_eq!(rows[0]["field"], "rate");
    assert_eq!(rows[0]["old"], "1000000");
    assert_eq!(rows[0]["new"], "1100000");
    assert_eq!(rows[0]["actor"], USER);
    assert_eq!(rows[1]["op"], "create");
    let created: Value = serde_json::from_str(rows[1]["new"].as_str().unwrap()).unwrap();
    assert_eq!(
        created,
        json!({"from": "USD", "to": "IRR", "day": "2026-11-01", "rate": "1000000"})
    );
    let id = rows[1]["entity_id"].clone();
    assert_eq!(rows[0]["entity_id"], id);

    // An import logs in its own transaction, row by row.
    let file = env.path("rates.csv");
    std::fs::write(
        &file,
        "from,to,date,rate\nUSD,IRR,2026-11-01,1200000\nEUR,USD,2026-11-01,1.08\n",
    )
    .unwrap();
    env.ok(["rate", "import", file.to_str().unwrap()]);
    let history = env.json(["history", "rate", "--json"]);
    let ops: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["create", "update", "update", "create"]);

    env.ok([
        "goal",
        "set",
        "--owner",
        "sara",
        "--metric",
        "deals_won",
        "--target",
        "3",
    ]);
    env.ok([
        "goal",
        "set",
        "--owner",
        "sara",
        "--metric",
        "deals_won",
        "--target",
        "5",
    ]);
    let goals = env.json(["goal", "list", "--json"]);
    let goal_id = goals[0]["id"].to_string();
    env.ok(["goal", "rm", &goal_id]);
    let history = env.json(["history", "goal", &goal_id, "--json"]);
    let rows = history.as_array().unwrap();
    let ops: Vec<&str> = rows.iter().map(|r| r["op"].as_str().unwrap()).collect();
    assert_eq!(ops, ["delete", "update", "create"], "{history:#}");
    assert_eq!(rows[1]["field"], "target");
    assert_eq!(rows[1]["old"], "3");
    assert_eq!(rows[1]["new"], "5");
    let deleted: Value = serde_json::from_str(rows[0]["old"].as_str().unwrap()).unwrap();
    assert_eq!(deleted["owner"], "sara");
    assert_eq!(deleted["target"], "5");
    // The plain history lists them among every other change.
    let all = env.ok(["history"]);
    assert!(all.contains("goal"), "{all}");
    assert!(all.contains("rate"), "{all}");
}
