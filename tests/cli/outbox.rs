//! Rules' messages through the outbox, with the real binary: a deal
//! entering a stage queues a text (nothing is sent inside the move's
//! transaction), `kariz remind` sends it to an SMS gateway started by the
//! test on loopback, it lands on the person's timeline as done by the rule,
//! and a second `remind` sends nothing; do-not-contact and a missing number
//! are skipped with the reason; `rules test` says who would get it.
//! Reminders by e-mail to the owner's team-list address through an SMTP
//! server on loopback, once. `message send --where/--segment`.

use std::sync::mpsc::Receiver;
use std::time::Duration;

use crate::common::{Env, USER, array};
use crate::messages::{Received, gateway, recv, setup, sms_config, smtp_server};
use serde_json::Value;

const RULE: &str = r#"
[[rules]]
name = "proposal-sms"
on = "stage_entered"
stage = "Proposal"

[[rules.actions]]
do = "send_message"
template = "proposal"
channel = "sms"
"#;

const TEMPLATE: (&str, &str) = (
    "proposal.en.txt",
    "Dear {{ name }}, your proposal is ready.",
);

fn remind(env: &Env) -> Value {
    let out = env
        .kariz()
        .env("KARIZ_TEST_SMS_KEY", "k3y")
        .args([
            "remind",
            "--notify-send",
            "/nonexistent/notify-send",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn nothing_more<T>(rx: &Receiver<T>) -> bool {
    rx.recv_timeout(Duration::from_millis(300)).is_err()
}

fn ok_answer() -> (u16, &'static str) {
    (200, r#"{"return":{"status":200,"message":"ok"}}"#)
}

#[test]
fn a_deal_entering_proposal_queues_a_text_that_remind_sends_once() {
    let (port, rx) = gateway(vec![ok_answer()]);
    let config = format!("{}\n{RULE}", sms_config(port));
    let env = setup(&config, &[TEMPLATE]);
    let sara = env.add_person("Sara Ahmadi", &["--phone", "mobile:0912 345 6789"]);
    let deal = env.add_deal("Acme renewal", &["--person", &sara.to_string()]);
    env.ok(["deal", "move", &deal.to_string(), "Proposal"]);

    // Queued by the move, not sent: the gateway heard nothing.
    assert!(nothing_more(&rx));
    let queued = env.json(["message", "outbox", "--json"]);
    let rows = array(&queued);
    assert_eq!(rows.len(), 1, "{queued:#}");
    assert_eq!(rows[0]["state"], "queued");
    assert_eq!(rows[0]["rule"], "proposal-sms");
    assert_eq!(rows[0]["channel"], "sms");
    assert_eq!(rows[0]["person_id"], sara);
    assert!(array(&env.json(["message", "list", "--json"])).is_empty());
    let test = env.ok(["rules", "test"]);
    assert!(
        test.contains("queued proposal by sms to Sara Ahmadi"),
        "{test}"
    );

    let first = remind(&env);
    let sent = array(&first["messages"]);
    assert_eq!(sent.len(), 1, "{first:#}");
    assert_eq!(sent[0]["state"], "sent");
    let Received { line, body } = recv(&rx);
    assert_eq!(line, "POST /v1/k3y/sms/send.json HTTP/1.1");
    assert!(body.contains("receptor=09123456789"), "{body}");
    assert!(body.contains("Dear+Sara+Ahmadi"), "{body}");

    // On Sara's timeline, done by the rule, and in the message log.
    let page = env.json(["person", "show", &sara.to_string(), "--json"]);
    let activities = array(&page["activities"]);
    assert_eq!(activities[0]["kind"], "sms", "{page:#}");
    assert_eq!(activities[0]["subject"], "SMS sent (proposal)");
    assert_eq!(activities[0]["author"], "rule:proposal-sms");
    let log = env.json(["message", "list", "--json"]);
    assert_eq!(array(&log).len(), 1);
    assert_eq!(log[0]["status"], "sent");

    // A second run sends nothing; the outbox has nothing waiting.
    let second = remind(&env);
    assert!(array(&second["messages"]).is_empty(), "{second:#}");
    assert!(nothing_more(&rx));
    assert!(array(&env.json(["message", "outbox", "--json"])).is_empty());
    let all = env.json(["message", "outbox", "--all", "--json"]);
    assert_eq!(all[0]["state"], "sent");
    assert_eq!(all[0]["attempts"], 1);
    assert!(all[0]["message_id"].is_i64());
    assert_eq!(array(&env.json(["message", "list", "--json"])).len(), 1);
}

#[test]
fn do_not_contact_and_no_number_are_skipped_and_a_refusal_is_failed_with_its_reason() {
    let (port, rx) = gateway(vec![(
        200,
        r#"{"return":{"status":418,"message":"no credit"}}"#,
    )]);
    let config = format!("{}\n{RULE}", sms_config(port));
    let env = setup(&config, &[TEMPLATE]);
    let quiet = env.add_person(
        "Quiet One",
        &["--phone", "09120000000", "--do-not-contact", "yes"],
    );
    let nonumber = env.add_person("No Number", &[]);
    let refused = env.add_person("Refused", &["--phone", "09121111111"]);
    for person in [quiet, nonumber, refused] {
        let deal = env.add_deal("Deal", &["--person", &person.to_string()]);
        env.ok(["deal", "move", &deal.to_string(), "Proposal"]);
    }
    let out = remind(&env);
    let sent = array(&out["messages"]);
    assert_eq!(sent.len(), 3, "{out:#}");
    let by = |id: i64| sent.iter().find(|m| m["person_id"] == id).unwrap();
    assert_eq!(by(quiet)["state"], "skipped");
    assert!(
        by(quiet)["reason"]
            .as_str()
            .unwrap()
            .contains("not to be contacted")
    );
    assert_eq!(by(nonumber)["state"], "skipped");
    assert!(
        by(nonumber)["reason"]
            .as_str()
            .unwrap()
            .contains("no phone number")
    );
    assert_eq!(by(refused)["state"], "failed");
    assert!(
        by(refused)["reason"].as_str().unwrap().contains("418"),
        "{out:#}"
    );
    recv(&rx);
    assert!(
        nothing_more(&rx),
        "only the one with a number reached the gateway"
    );
    // The failure waits in the outbox listing with its reason; the
    // skipped ones do not.
    let waiting = env.json(["message", "outbox", "--json"]);
    assert_eq!(array(&waiting).len(), 1, "{waiting:#}");
    assert_eq!(waiting[0]["person_id"], refused);
    assert!(waiting[0]["last_error"].as_str().unwrap().contains("418"));
    let shown = env.ok(["message", "outbox"]);
    assert!(
        shown.contains("failed") && shown.contains("Refused"),
        "{shown}"
    );
    // A failed message is not sent again by the next run.
    assert!(array(&remind(&env)["messages"]).is_empty());
}

#[test]
fn rules_test_says_who_would_get_the_message() {
    let env = setup("", &[TEMPLATE]);
    let sara = env.add_person("Sara Ahmadi", &["--phone", "09123456789"]);
    let deal = env.add_deal("Acme", &["--person", &sara.to_string()]);
    env.ok(["deal", "move", &deal.to_string(), "Proposal"]);
    // The rule arrives after the move: it did not run, it would.
    std::fs::write(env.config_file(), RULE).unwrap();
    let test = env.ok(["rules", "test", "--since", "30d"]);
    assert!(
        test.contains("would send proposal by sms to Sara Ahmadi"),
        "{test}"
    );
    assert!(array(&env.json(["message", "outbox", "--json"])).is_empty());
}

#[test]
fn reminders_are_e_mailed_once_to_the_owners_team_list_address() {
    let (port, rx) = smtp_server();
    let config = format!(
        "[messages]\nper_second = 0\n[messages.email]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nfrom = \"kariz <kariz@example.com>\"\nreminders = true\n"
    );
    let env = setup(&config, &[]);
    env.ok(["user", "add", USER, "--name", "Test User"]);
    env.ok(["user", "edit", USER, "--email", "tester@example.com"]);
    let team = env.json(["user", "list", "--json"]);
    assert_eq!(team[0]["email"], "tester@example.com", "{team:#}");
    env.ok(["task", "add", "--title", "Call Sara", "--due", "today"]);
    let first = remind(&env);
    let emailed = array(&first["emailed"]);
    assert_eq!(emailed.len(), 1, "{first:#}");
    assert_eq!(emailed[0]["to"], "tester@example.com");
    assert!(emailed[0]["error"].is_null(), "{first:#}");
    let mail = recv(&rx);
    assert!(mail.contains("RCPT TO:<tester@example.com>"), "{mail}");
    assert!(mail.contains("Subject: kariz reminder: Task due"), "{mail}");
    assert!(mail.contains("Call Sara"), "{mail}");
    let second = remind(&env);
    assert!(array(&second["emailed"]).is_empty(), "{second:#}");
    assert!(nothing_more(&rx));
    // Without the setting, no e-mail.
    let plain = setup(&config.replace("reminders = true\n", ""), &[]);
    plain.ok(["user", "add", USER, "--email", "tester@example.com"]);
    plain.ok(["task", "add", "--title", "Quiet", "--due", "today"]);
    let out = remind(&plain);
    assert_eq!(array(&out["notifications"]).len(), 1);
    assert!(array(&out["emailed"]).is_empty());
    assert!(nothing_more(&rx));
}

#[test]
fn a_bad_team_e_mail_is_refused() {
    let env = Env::new();
    env.ok(["user", "add", USER]);
    let err = env.fails(1, ["user", "edit", USER, "--email", "not an address"]);
    assert!(err.contains("not an address"), "{err}");
    let err = env.fails(1, ["user", "edit", "nobody"]);
    assert!(err.contains("--name or --email"), "{err}");
}

#[test]
fn message_send_takes_a_segment_and_a_dry_run_prints_the_count_and_recipients() {
    let env = setup("", &[("hi.en.txt", "Hi {{ first_name }}")]);
    let a = env.add_person("Ali Vip", &["--phone", "09120000001", "--tag", "vip"]);
    let b = env.add_person("Bita Vip", &["--phone", "09120000002", "--tag", "vip"]);
    env.add_person("Cyrus", &["--phone", "09120000003"]);
    let shown = env.ok([
        "message",
        "send",
        "--where",
        "tag:vip",
        "--template",
        "hi",
        "--lang",
        "en",
        "--dry-run",
    ]);
    assert!(
        shown.contains("Ali Vip") && shown.contains("Bita Vip"),
        "{shown}"
    );
    assert!(!shown.contains("Cyrus"), "{shown}");
    assert!(shown.contains("Dry run: 2 would be sent"), "{shown}");
    env.ok(["segment", "add", "vips", "--where", "tag:vip"]);
    let out = env.json([
        "message",
        "send",
        "--segment",
        "vips",
        "--template",
        "hi",
        "--lang",
        "en",
        "--dry-run",
        "--json",
    ]);
    let ids: Vec<i64> = array(&out)
        .iter()
        .map(|o| o["person_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![a, b]);
    assert_eq!(out[0]["text"], "Hi Ali");
    let err = env.fails(
        1,
        [
            "message",
            "send",
            "--where",
            "tag:nobody",
            "--template",
            "hi",
            "--dry-run",
        ],
    );
    assert!(err.contains("nobody to send to"), "{err}");
    let err = env.fails(
        1,
        [
            "message",
            "send",
            "--where",
            "tagg:vip",
            "--template",
            "hi",
            "--dry-run",
        ],
    );
    assert!(err.contains("--where"), "{err}");
    assert!(array(&env.json(["message", "list", "--json"])).is_empty());
}
