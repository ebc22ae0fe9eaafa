//! `kariz case …` end to end with a Tehran support desk: numbers, the
//! queue and its filters, replies on a case, pausing, closing with a score,
//! reopening, errors, and two processes adding cases at once.
//!
//! The pinned time, 2026-11-22 10:00 Tehran, is a Sunday (a working day).

use crate::common::{Env, NOW, USER, array, str_field};

const TEHRAN: &str = r#"
[display]
calendar = "jalali"

[support]
time_zone = "Asia/Tehran"
holidays = ["1405-09-04"]
[support.hours]
sat = "08:00-16:00"
sun = "08:00-16:00"
mon = "08:00-16:00"
tue = "08:00-16:00"
wed = "08:00-16:00"
thu = "08:00-12:00"
[support.sla.urgent]
first_response = "1h"
resolution = "4h"
[support.sla.normal]
first_response = "4h"
resolution = "16h"
"#;

fn desk() -> (Env, i64) {
    let env = Env::new();
    std::fs::create_dir_all(env.config_file().parent().unwrap()).unwrap();
    std::fs::write(env.config_file(), TEHRAN).unwrap();
    let p = env.add_person("Reza Tehrani", &[]);
    (env, p)
}

fn add(env: &Env, subject: &str, person: i64, extra: &[&str]) -> String {
    let mut args = vec![
        "case".to_string(),
        "add".into(),
        "--subject".into(),
        subject.into(),
        "--person".into(),
        person.to_string(),
        "--json".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let page = env.json(&args);
    str_field(&page["case"], "number").to_string()
}

#[test]
fn a_case_goes_from_call_to_close_with_its_sla() {
    let (env, p) = desk();
    let number = add(
        &env,
        "Inverter shows E04",
        p,
        &["--priority", "urgent", "--channel", "call"],
    );
    assert_eq!(number, "1405-0001");
    // Urgent: first reply due in 1 business hour, at 11:00 Tehran.
    let page = env.json(["case", "show", &number, "--json"]);
    assert_eq!(
        page["sla"]["first_response"]["due_at"],
        "2026-11-22T07:30:00Z"
    );
    assert_eq!(page["sla"]["first_response"]["state"], "on_track");
    assert_eq!(page["case"]["status"], "new");

    // A reply on the case stamps the first response and takes it out of
    // `new` (`[support] reply_to`, default `open`).
    env.ok_at(
        "2026-11-22T10:30:00+03:30",
        [
            "activity",
            "add",
            "--case",
            &number,
            "--kind",
            "out",
            "--subject",
            "Called back",
        ],
    );
    let page = env.json(["case", "show", &number, "--json"]);
    assert_eq!(page["case"]["first_response_at"], "2026-11-22T07:00:00Z");
    assert_eq!(page["sla"]["first_response"]["state"], "met");
    assert_eq!(page["case"]["status"], "open");
    assert_eq!(array(&page["timeline"]).len(), 1);
    assert_eq!(page["timeline"][0]["person_id"], p);

    // Waiting on the customer pauses the resolution clock.
    env.ok_at(
        "2026-11-22T11:00:00+03:30",
        ["case", "status", &number, "waiting_on_customer"],
    );
    let page = env.json_at(
        "2026-11-23T15:00:00+03:30",
        ["case", "show", &number, "--json"],
    );
    assert_eq!(page["sla"]["resolution"]["paused"], true);
    assert_eq!(page["sla"]["resolution"]["used_seconds"], 3600);
    let shown = env.ok_at("2026-11-23T15:00:00+03:30", ["case", "show", &number]);
    assert!(shown.contains("paused (3h left of 4h)"), "{shown}");
    assert!(shown.contains("Called back"), "{shown}");

    let t = "2026-11-24T09:00:00+03:30";
    env.ok_at(t, ["case", "status", &number, "resolved"]);
    let err = env.fails_at(t, 1, ["case", "close", &number, "--score", "7"]);
    assert!(err.contains("1 to 5"), "{err}");
    env.ok_at(
        t,
        [
            "case",
            "close",
            &number,
            "--score",
            "5",
            "--comment",
            "fixed on the phone",
        ],
    );
    let page = env.json_at(t, ["case", "show", &number, "--json"]);
    assert_eq!(page["case"]["status"], "closed");
    assert_eq!(page["case"]["satisfaction"], 5);
    env.ok_at(t, ["case", "reopen", &number]);
    let page = env.json_at(t, ["case", "show", &number, "--json"]);
    assert_eq!(page["case"]["status"], "open");
    let history: Vec<&str> = array(&page["history"])
        .iter()
        .map(|m| m["to_status"].as_str().unwrap())
        .collect();
    assert_eq!(
        history,
        [
            "new",
            "open",
            "waiting_on_customer",
            "resolved",
            "closed",
            "open"
        ]
    );
}

#[test]
fn the_queue_puts_breached_first_and_filters() {
    let (env, p) = desk();
    let normal = add(&env, "Invoice question", p, &[]);
    let urgent = add(
        &env,
        "Site down",
        p,
        &["--priority", "urgent", "--assignee", USER],
    );
    let later = "2026-11-22T12:00:00+03:30";
    let queue = env.json_at(later, ["case", "list", "--json"]);
    let order: Vec<&str> = array(&queue)
        .iter()
        .map(|c| str_field(c, "number"))
        .collect();
    assert_eq!(order, [urgent.as_str(), normal.as_str()]);
    assert_eq!(queue[0]["sla"]["first_response"]["state"], "breached");
    let breached = env.json_at(later, ["case", "list", "--breached", "--json"]);
    assert_eq!(array(&breached).len(), 1);
    // The normal case has 2 of its 4 first-response hours left at 12:00.
    let soon = env.json_at(later, ["case", "list", "--due-within", "2h", "--json"]);
    assert_eq!(array(&soon).len(), 1);
    assert_eq!(str_field(&soon[0], "number"), normal);
    let none = env.json_at(later, ["case", "list", "--due-within", "1h", "--json"]);
    assert!(array(&none).is_empty());
    let mine = env.json_at(later, ["case", "list", "--mine", "--json"]);
    assert_eq!(str_field(&mine[0], "number"), urgent);
    let unassigned = env.json_at(later, ["case", "list", "--unassigned", "--json"]);
    assert_eq!(str_field(&unassigned[0], "number"), normal);
    let table = env.ok_at(later, ["case", "list"]);
    assert!(
        table.contains("breached") && table.contains("Site down"),
        "{table}"
    );
    let err = env.fails(2, ["case", "list", "--mine", "--unassigned"]);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn errors_say_what_where_and_what_to_do() {
    let (env, p) = desk();
    let err = env.fails(1, ["case", "add", "--subject", "x"]);
    assert!(err.contains("a person or a company"), "{err}");
    let err = env.fails(
        1,
        [
            "case",
            "add",
            "--subject",
            "x",
            "--person",
            &p.to_string(),
            "--priority",
            "asap",
        ],
    );
    assert!(err.contains("low, normal, high, urgent"), "{err}");
    let err = env.fails(
        1,
        [
            "case",
            "add",
            "--subject",
            "x",
            "--person",
            &p.to_string(),
            "--category",
            "hardware",
        ],
    );
    assert!(err.contains("categories: question, problem"), "{err}");
    let number = add(&env, "x", p, &[]);
    let err = env.fails(1, ["case", "status", &number, "closing"]);
    assert!(err.contains("statuses: new, open"), "{err}");
    let err = env.fails(1, ["case", "show", "1405-0099"]);
    assert!(err.contains("no case 1405-0099"), "{err}");
    let err = env.fails(1, ["case", "show", "99"]);
    assert!(err.contains("1405-0042"), "{err}");
}

#[test]
fn a_stale_version_is_refused() {
    let (env, p) = desk();
    let number = add(&env, "Noise", p, &[]);
    env.ok(["case", "edit", &number, "--description", "since Monday"]);
    let err = env.fails(
        4,
        [
            "case",
            "edit",
            &number,
            "--subject",
            "Loud noise",
            "--version",
            "1",
        ],
    );
    assert!(err.contains("version"), "{err}");
    // Without --version the edit is field-level and goes in.
    env.ok(["case", "edit", &number, "--subject", "Loud noise"]);
    let page = env.json(["case", "show", &number, "--json"]);
    assert_eq!(page["case"]["subject"], "Loud noise");
    assert_eq!(page["case"]["description"], "since Monday");
}

#[test]
fn two_processes_adding_cases_at_once_get_distinct_consecutive_numbers() {
    let (env, p) = desk();
    let spawn = |i: usize| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("kariz"))
            .args([
                "case",
                "add",
                "--subject",
                &format!("case {i}"),
                "--person",
                &p.to_string(),
            ])
            .env("HOME", env.path("home"))
            .env("XDG_DATA_HOME", env.data_home())
            .env("XDG_CONFIG_HOME", env.config_home())
            .env("KARIZ_NOW", NOW)
            .env("KARIZ_TEST_USER", USER)
            .env("TZ", "UTC")
            .env("KARIZ_DB", env.db_var())
            .env_remove("KARIZ_CONFIG")
            .env_remove("KARIZ_SYSTEM_CONFIG")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start kariz")
    };
    for round in 0..5 {
        let (mut a, mut b) = (spawn(2 * round), spawn(2 * round + 1));
        assert!(a.wait().unwrap().success());
        assert!(b.wait().unwrap().success());
    }
    let all = env.json(["case", "list", "--all", "--json"]);
    let mut numbers: Vec<String> = array(&all)
        .iter()
        .map(|c| str_field(c, "number").to_string())
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=10).map(|i| format!("1405-{i:04}")).collect();
    assert_eq!(numbers, expected);
}

#[test]
fn the_cases_report_counts_medians_breaches_and_scores() {
    let (env, p) = desk();
    let fast = add(
        &env,
        "Fast",
        p,
        &["--category", "billing", "--assignee", USER],
    );
    let slow = add(&env, "Slow", p, &["--priority", "urgent"]);
    // Fast: a reply after 30 minutes, resolved after 2 business hours, 4/5.
    env.ok_at(
        "2026-11-22T10:30:00+03:30",
        [
            "activity",
            "add",
            "--case",
            &fast,
            "--kind",
            "email",
            "--subject",
            "On it",
        ],
    );
    env.ok_at(
        "2026-11-22T12:00:00+03:30",
        ["case", "status", &fast, "resolved"],
    );
    env.ok_at(
        "2026-11-22T12:00:00+03:30",
        ["case", "close", &fast, "--score", "4"],
    );
    // Slow (urgent, 1h reply): still without a reply at 13:00: breached.
    let at = "2026-11-22T13:00:00+03:30";
    let r = env.json_at(at, ["report", "cases", "--json"]);
    assert_eq!(r["report"], "cases");
    assert_eq!(r["overall"]["opened"], 2);
    assert_eq!(r["overall"]["resolved"], 1);
    assert_eq!(r["overall"]["median_first_response_hours"], 0.5);
    assert_eq!(r["overall"]["median_resolution_hours"], 2.0);
    assert_eq!(r["overall"]["breached"], 1);
    assert_eq!(r["overall"]["breach_rate"], 0.5);
    assert_eq!(r["overall"]["satisfaction_avg"], 4.0);
    let categories: Vec<&str> = array(&r["by_category"])
        .iter()
        .map(|f| str_field(f, "name"))
        .collect();
    assert_eq!(categories, ["(none)", "billing"]);
    assert_eq!(r["weeks"][0]["opened"], 2);
    let csv = env.ok_at(at, ["report", "cases", "--csv"]);
    assert!(csv.starts_with("group,name,opened"), "{csv}");
    let _ = slow;
}

#[test]
fn the_demo_has_cases_in_several_states() {
    let env = Env::new();
    env.ok(["demo"]);
    let db = env.demo_db();
    let all = env.json([
        "--db",
        db.to_str().unwrap(),
        "case",
        "list",
        "--all",
        "--json",
    ]);
    let mut statuses: Vec<&str> = array(&all).iter().map(|c| str_field(c, "status")).collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        ["closed", "new", "new", "resolved", "waiting_on_customer"]
    );
    let closed = array(&all)
        .iter()
        .find(|c| c["status"] == "closed")
        .unwrap();
    assert_eq!(closed["satisfaction"], 5);
}
