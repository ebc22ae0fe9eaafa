//! Rules and reminders with the real binary (docs/automation.md): a rule
//! fires once per event even when two processes move the same deal, its
//! actions are change-logged under `rule:NAME`, `rules check` names the
//! line of a mistake, `rules test` tells what ran, and `kariz remind`
//! delivers each reminder once across runs (desktop notifications through
//! an injected command), Jalali-aware for birthdays.

use crate::common::{Env, NOW, USER};
use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RULES: &str = r#"
[[rules]]
name = "follow-up"
on = "stage_entered"
stage = "Proposal"

[[rules.actions]]
do = "create_task"
title = "Follow up {title}"
due = "+2d"

[[rules.actions]]
do = "notify_owner"
text = "{title} entered {stage}"

[[rules.actions]]
do = "send_message"
template = "proposal"
"#;

fn with_config(text: &str) -> Env {
    let env = Env::new();
    let path = env.config_file();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    env
}

fn tasks(env: &Env) -> Vec<Value> {
    env.json(["task", "list", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn kariz(env: &Env, now: &str) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("kariz"));
    cmd.env("HOME", env.path("home"))
        .env("XDG_DATA_HOME", env.data_home())
        .env("XDG_CONFIG_HOME", env.config_home())
        .env("KARIZ_NOW", now)
        .env("KARIZ_TEST_USER", USER)
        .env("TZ", "UTC")
        .env("KARIZ_DB", env.db_var())
        .env_remove("KARIZ_CONFIG")
        .env_remove("KARIZ_SYSTEM_CONFIG")
        .current_dir(env.root());
    cmd
}

#[test]
fn a_deal_entering_proposal_gets_its_follow_up_task_logged_as_the_rule() {
    let env = with_config(RULES);
    env.ok(["deal", "add", "--title", "Acme renewal"]);
    env.ok(["deal", "move", "1", "Proposal"]);
    let list = tasks(&env);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["title"], "Follow up Acme renewal");
    assert_eq!(list[0]["owner"], USER);
    assert_eq!(list[0]["deal_id"], 1);
    assert_eq!(list[0]["due_date"], "2026-11-24");
    let history = env.ok(["history", "task", "1"]);
    assert!(history.contains("rule:follow-up"), "{history}");
    let deal_history = env.ok(["history", "deal", "1"]);
    assert!(!deal_history.contains("rule:"), "{deal_history}");
    // Moving on does not fire it; coming back is a new event.
    env.ok(["deal", "move", "1", "Negotiation"]);
    assert_eq!(tasks(&env).len(), 1);
    env.ok(["deal", "move", "1", "Proposal"]);
    assert_eq!(tasks(&env).len(), 2);
    let test = env.ok(["rules", "test", "--since", "30d"]);
    assert!(test.contains("follow-up ran for deal:1:move:2"), "{test}");
    // The deal has no person: there is nobody to send the message to.
    assert!(test.contains("no person to send proposal to"), "{test}");
    let json = env.json(["rules", "test", "--since", "30d", "--json"]);
    let runs = json.as_array().unwrap();
    assert_eq!(runs.len(), 2, "{json:#}");
    assert!(runs.iter().all(|r| r["already_ran"] == true));
}

#[test]
fn two_processes_moving_the_same_deal_fire_the_rule_once() {
    for round in 0..3 {
        let env = with_config(RULES);
        env.ok(["deal", "add", "--title", &format!("Deal {round}")]);
        let spawn = || {
            kariz(&env, NOW)
                .args(["deal", "move", "1", "Proposal"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start kariz")
        };
        let (mut a, mut b) = (spawn(), spawn());
        let ok = [a.wait().unwrap(), b.wait().unwrap()]
            .iter()
            .filter(|s| s.success())
            .count();
        assert_eq!(ok, 1, "one move wins, the other finds the deal moved");
        assert_eq!(tasks(&env).len(), 1, "round {round}");
    }
}

#[test]
fn rules_check_describes_rules_and_names_the_line_of_a_mistake() {
    let env = with_config(RULES);
    let out = env.ok(["rules", "check"]);
    assert!(
        out.contains("when a deal enters stage \"Proposal\": create a task"),
        "{out}"
    );
    let json = env.json(["rules", "check", "--json"]);
    assert_eq!(json[0]["trigger"]["on"], "stage_entered");
    let bad = with_config(
        "[[rules]]\nname = \"x\"\non = \"deal_moved\"\n[[rules.actions]]\ndo = \"add_tag\"\ntag = \"a\"\n",
    );
    let err = bad.fails(1, ["rules", "check"]);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("rules[0].on"), "{err}");
    let bad = with_config(
        "[[rules]]\nname = \"x\"\non = \"stage_entered\"\nstage = \"Nowhere\"\n[[rules.actions]]\ndo = \"add_tag\"\ntag = \"a\"\n",
    );
    let err = bad.fails(1, ["rules", "check"]);
    assert!(err.contains("line 4") && err.contains("Proposal"), "{err}");
    let bad = with_config(
        "[[rules]]\nname = \"x\"\non = \"deal_won\"\n[[rules.actions]]\ndo = \"create_task\"\ntitle = \"t\"\ndue = \"tomorrow\"\n",
    );
    let err = bad.fails(1, ["rules", "check"]);
    assert!(err.contains("line 7") && err.contains("+2d"), "{err}");
    let bad = with_config(
        "[[rules]]\nname = \"x\"\non = \"deal_won\"\n[[rules.actions]]\ndo = \"send_message\"\ntemplate = \"t\"\nchannel = \"fax\"\n",
    );
    let err = bad.fails(1, ["rules", "check"]);
    assert!(err.contains("line 7"), "{err}");
    assert!(err.contains("rules[0].actions[0].channel"), "{err}");
    assert!(err.contains("\"sms\" or \"email\""), "{err}");
    let bad = with_config(
        "[[rules]]\nname = \"x\"\non = \"deal_won\"\n[[rules.actions]]\ndo = \"add_tag\"\ntag = \"t\"\nchannel = \"sms\"\n",
    );
    let err = bad.fails(1, ["rules", "check"]);
    assert!(err.contains("does not use channel"), "{err}");
}

/// A notify-send stand-in that appends its arguments to a file.
fn recorder(env: &Env) -> (String, std::path::PathBuf) {
    let log = env.path("notify.log");
    let script = env.path("notify-send.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s|' \"$@\" >> '{}'\necho >> '{}'\n",
            log.display(),
            log.display()
        ),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&script, perms).unwrap();
    (script.display().to_string(), log)
}

#[test]
fn reminders_are_delivered_once_across_two_remind_runs() {
    let env = with_config("");
    let (script, log) = recorder(&env);
    env.ok([
        "task",
        "add",
        "--title",
        "Call Sara",
        "--due",
        "today",
        "--at",
        "11:00",
        "--remind",
        "90m",
    ]);
    env.ok([
        "task", "add", "--title", "Later", "--due", "today", "--at", "18:00",
    ]);
    // 10:00: the 11:00 task's reminder (90 minutes before) is due.
    let first = env.json(["remind", "--notify-send", &script, "--json"]);
    let sent = first["notifications"].as_array().unwrap();
    assert_eq!(sent.len(), 1, "{first:#}");
    assert!(sent[0]["text"].as_str().unwrap().contains("Call Sara"));
    assert_eq!(sent[0]["login"], USER);
    let second = env.json(["remind", "--notify-send", &script, "--json"]);
    assert_eq!(second["notifications"].as_array().unwrap().len(), 0);
    let recorded = std::fs::read_to_string(&log).unwrap();
    assert_eq!(recorded.lines().count(), 1, "{recorded}");
    assert!(
        recorded.contains("kariz|Task due 2026-11-22 11:00: Call Sara|"),
        "{recorded}"
    );
    // At 18:00 the other one, once.
    let evening = "2026-11-22T18:00:00+03:30";
    let out = env.ok_at(evening, ["remind", "--notify-send", &script]);
    assert!(out.contains("Later") && !out.contains("Call Sara"), "{out}");
    assert_eq!(env.ok_at(evening, ["remind", "--notify-send", &script]), "");
    // A missing notify-send is skipped quietly.
    env.ok(["remind", "--notify-send", "/nonexistent/notify-send"]);
}

#[test]
fn birthdays_on_30_esfand_and_29_february_are_reminded_in_common_years() {
    let env = with_config(
        "[display]\ncalendar = \"jalali\"\n\n[[rules]]\nname = \"greet\"\non = \"birthday\"\n[[rules.actions]]\ndo = \"add_tag\"\ntag = \"birthday\"\n",
    );
    // 30 Esfand 1403 (a leap year) = 2025-03-20.
    env.ok([
        "person",
        "add",
        "--name",
        "Nowruz Baby",
        "--birthday",
        "1403/12/30",
    ]);
    // 1404 is common: Esfand ends on the 29th, 2026-03-20.
    let day = "2026-03-20T09:00:00+03:30";
    let out = env.ok_at(day, ["remind"]);
    assert!(out.contains("Birthday today: Nowruz Baby"), "{out}");
    assert!(out.contains("Rule greet ran"), "{out}");
    let person = env.json(["person", "show", "1", "--json"]);
    assert_eq!(person["tags"][0], "birthday", "{person:#}");
    assert_eq!(env.ok_at(day, ["remind"]), "");
    let agenda = env.ok_at(day, ["agenda"]);
    assert!(agenda.contains("Nowruz Baby"), "{agenda}");
    let gregorian = with_config("");
    gregorian.ok([
        "person",
        "add",
        "--name",
        "Leap Day",
        "--birthday",
        "2024-02-29",
    ]);
    let out = gregorian.ok_at("2026-02-28T09:00:00+03:30", ["remind"]);
    assert!(out.contains("Birthday today: Leap Day"), "{out}");
    assert_eq!(gregorian.ok_at("2026-03-01T09:00:00+03:30", ["remind"]), "");
}

#[test]
fn remind_watch_delivers_and_stops_cleanly_on_sigterm() {
    let env = with_config("");
    env.ok(["task", "add", "--title", "Watch me", "--due", "today"]);
    let mut child = kariz(&env, NOW)
        .args(["remind", "--watch", "--every", "1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start kariz");
    let mut stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        let n = std::io::Read::read(&mut stdout, &mut buf).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    });
    while !reader.is_finished() && Instant::now() < deadline {
        std::thread::yield_now();
    }
    if reader.is_finished() {
        line = reader.join().unwrap();
    }
    assert!(line.contains("Watch me"), "{line:?}");
    terminate(child.id());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "remind --watch did not stop");
        std::thread::yield_now();
    };
    assert!(status.success(), "{status:?}");
}

fn terminate(pid: u32) {
    let ok = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}
