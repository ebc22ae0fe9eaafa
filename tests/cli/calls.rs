//! `kariz call incoming|missed` with the real binary: the caller is found
//! whatever format the phone system sends, the call is logged on them, a
//! missed call gives the agent (or the caller's owner) a call-back task due
//! now, and bad numbers and unknown agents are refused with a clear error.

use crate::common::{Env, USER};
use serde_json::Value;

fn add_person(env: &Env, name: &str, phones: &[&str]) -> i64 {
    let mut args = vec!["person", "add", "--name", name, "--json"];
    for p in phones {
        args.extend(["--phone", p]);
    }
    env.json(args)["id"].as_i64().unwrap()
}

fn caller_ids(out: &Value) -> Vec<i64> {
    out["callers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn an_incoming_call_finds_the_caller_in_every_format_and_logs_it() {
    let env = Env::new();
    let sara = add_person(&env, "Sara Ahmadi", &["mobile:+98 912 345 6789"]);
    add_person(&env, "Reza", &["mobile:0912 000 0000"]);
    for number in [
        "+989123456789",
        "+98 912 345 6789",
        "00989123456789",
        "09123456789",
        "0912-345-6789",
        "(0912) 345 6789",
        "9123456789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "٠٩١٢ ٣٤٥ ٦٧٨٩",
    ] {
        let out = env.json(["call", "incoming", number, "--json"]);
        assert_eq!(caller_ids(&out), [sara], "{number:?}: {out:#}");
        assert_eq!(out["call"]["kind"], "incoming");
        assert_eq!(out["call"]["number"], number);
        assert_eq!(out["call"]["person_id"], sara);
        assert!(out["task_id"].is_null());
        let activity = out["activity_id"].as_i64().unwrap();
        let a = env.json(["activity", "show", &activity.to_string(), "--json"]);
        assert_eq!(a["kind"], "incoming_call");
        assert_eq!(a["person_id"], sara);
        assert_eq!(a["author"], USER);
        assert_eq!(a["subject"], format!("Incoming call from {number}"));
    }
    let text = env.ok(["call", "incoming", "+98 912 345 6789"]);
    assert!(text.contains("Sara Ahmadi"), "{text}");
    let history = env.ok(["history", "call", "1"]);
    assert!(history.contains("create"), "{history}");
}

#[test]
fn a_shared_line_returns_everyone_mobile_first_and_an_unknown_number_is_recorded() {
    let env = Env::new();
    let reza = add_person(&env, "Reza", &["work:021 8888 1234"]);
    let ali = add_person(&env, "Ali", &["mobile:+98 21 8888 1234"]);
    let out = env.json(["call", "incoming", "02188881234", "--json"]);
    assert_eq!(caller_ids(&out), [ali, reza], "{out:#}");
    assert_eq!(out["callers"][0]["mobile"], true);
    assert_eq!(out["call"]["person_id"], ali);

    let out = env.json(["call", "incoming", "0935 111 2222", "--json"]);
    assert!(caller_ids(&out).is_empty(), "{out:#}");
    assert!(out["activity_id"].is_null());
    assert!(out["call"]["person_id"].is_null());
    let text = env.ok(["call", "incoming", "0935 111 2222"]);
    assert!(text.contains("unknown caller"), "{text}");
}

#[test]
fn a_missed_call_gives_a_call_back_task_due_now() {
    let env = Env::new();
    env.ok(["user", "add", USER]);
    env.ok(["user", "add", "sara"]);
    let id = add_person(&env, "Omid", &["mobile:0912 345 6789"]);
    // For the agent.
    let out = env.json([
        "call",
        "missed",
        "+98 912 345 6789",
        "--agent",
        "sara",
        "--json",
    ]);
    let task = env.json(["task", "show", &out["task_id"].to_string(), "--json"]);
    assert_eq!(task["owner"], "sara", "{task:#}");
    assert_eq!(task["due_date"], "2026-11-22");
    assert_eq!(task["due_time"], "10:00:00");
    assert_eq!(task["person_id"], id);
    assert_eq!(task["title"], "Call back Omid (+98 912 345 6789)");
    let activity = env.json([
        "activity",
        "show",
        &out["activity_id"].to_string(),
        "--json",
    ]);
    assert_eq!(activity["kind"], "missed_call");
    assert_eq!(activity["author"], "sara");
    // Without an agent, for whoever owns the caller.
    let out = env.json(["call", "missed", "09123456789", "--json"]);
    let task = env.json(["task", "show", &out["task_id"].to_string(), "--json"]);
    assert_eq!(task["owner"], USER);
    // An unknown number still gets its call-back, for the agent.
    let out = env.json([
        "call",
        "missed",
        "0935 111 2222",
        "--agent",
        "sara",
        "--json",
    ]);
    let task = env.json(["task", "show", &out["task_id"].to_string(), "--json"]);
    assert_eq!(task["title"], "Call back 0935 111 2222");
    assert_eq!(task["owner"], "sara");
    let today = env.ok(["task", "list", "--today"]);
    assert!(today.contains("Call back Omid"), "{today}");
}

#[test]
fn bad_numbers_and_unknown_agents_are_refused_and_nothing_is_written() {
    let env = Env::new();
    env.ok(["user", "add", USER]);
    env.ok(["user", "add", "sara"]);
    for bad in ["anonymous", "123", ""] {
        let err = env.fails(1, ["call", "incoming", bad]);
        assert!(err.contains("not a phone number"), "{bad:?}: {err}");
    }
    let err = env.fails(1, ["call", "missed", "0912 345 6789", "--agent", "sarah"]);
    assert!(err.contains("unknown agent"), "{err}");
    assert!(err.contains("sara"), "names the closest login: {err}");
    let tasks = env.json(["task", "list", "--json"]);
    assert_eq!(tasks.as_array().map(Vec::len), Some(0), "{tasks:#}");
}
