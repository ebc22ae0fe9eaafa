//! Retries of the rules' outbox, with the real binary and servers the test
//! starts on loopback: a busy SMS gateway (HTTP 503) leaves the text queued
//! with one attempt and its next try a minute later; `remind` before then
//! sends nothing, at that time it is delivered once. A refusal (HTTP 401)
//! fails at once and is not tried again. Out of retries, the row is failed
//! for good, in `message outbox --failed` and the failures report
//! (`message list --failed`), and `message retry ID` puts it back. An SMTP
//! server that is down (connection refused), then answers 451, then
//! accepts: the e-mail goes out on the third run.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use crate::common::{Env, array};
use crate::messages::{gateway, recv, setup, sms_config};
use serde_json::Value;

/// `NOW` of the common helpers, in UTC.
const T0: &str = "2026-11-22T06:30:00Z";

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
    "Subject: Your proposal\nDear {{ name }}, your proposal is ready.",
);

const OK: (u16, &str) = (200, r#"{"return":{"status":200,"message":"ok"}}"#);
const BUSY: (u16, &str) = (503, "busy, try later");

fn remind_at(env: &Env, now: &str) -> Value {
    let out = env
        .kariz_at(now)
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

/// An environment with the rule, and Sara's deal moved into Proposal (at
/// the pinned time): one text queued. Returns Sara's id.
fn queued(config: &str, channel: &str) -> (Env, i64) {
    let env = setup(
        &format!(
            "{config}\n{}",
            RULE.replace("\"sms\"", &format!("\"{channel}\""))
        ),
        &[TEMPLATE],
    );
    let sara = env.add_person(
        "Sara Ahmadi",
        &[
            "--phone",
            "mobile:09123456789",
            "--email",
            "sara@example.com",
        ],
    );
    let deal = env.add_deal("Acme renewal", &["--person", &sara.to_string()]);
    env.ok(["deal", "move", &deal.to_string(), "Proposal"]);
    (env, sara)
}

fn one(report: &Value) -> &Value {
    let messages = array(&report["messages"]);
    assert_eq!(messages.len(), 1, "{report:#}");
    &messages[0]
}

#[test]
fn a_busy_gateway_is_tried_again_after_the_backoff_and_delivered_once() {
    let (port, rx) = gateway(vec![BUSY, OK]);
    let (env, sara) = queued(&sms_config(port), "sms");

    let first = remind_at(&env, T0);
    let m = one(&first);
    assert_eq!(m["state"], "queued", "{first:#}");
    assert_eq!(m["attempts"], 1);
    assert_eq!(m["next_attempt_at"], "2026-11-22T06:31:00Z");
    assert!(m["reason"].as_str().unwrap().contains("503"), "{first:#}");
    recv(&rx);
    assert!(
        nothing_more(&rx),
        "one attempt per run, no retries inside it"
    );
    let waiting = env.json(["message", "outbox", "--json"]);
    assert_eq!(waiting[0]["state"], "queued", "{waiting:#}");
    assert_eq!(waiting[0]["attempts"], 1);
    assert_eq!(waiting[0]["next_attempt_at"], "2026-11-22T06:31:00Z");
    assert!(waiting[0]["last_error"].as_str().unwrap().contains("503"));
    let shown = env.ok(["message", "outbox"]);
    assert!(
        shown.contains("NEXT TRY") && shown.contains("10:01"),
        "{shown}"
    );
    // Nothing logged yet: no failure on the timeline or in the report.
    assert!(array(&env.json(["message", "list", "--json"])).is_empty());

    // Thirty seconds later it is not due: nothing sent.
    let early = remind_at(&env, "2026-11-22T06:30:30Z");
    assert!(array(&early["messages"]).is_empty(), "{early:#}");
    assert!(nothing_more(&rx));

    // At the next attempt time it goes out, once.
    let due = remind_at(&env, "2026-11-22T06:31:00Z");
    let m = one(&due);
    assert_eq!(m["state"], "sent", "{due:#}");
    assert_eq!(m["attempts"], 2);
    assert!(recv(&rx).body.contains("Dear+Sara+Ahmadi"));
    let again = remind_at(&env, "2026-11-22T09:00:00Z");
    assert!(array(&again["messages"]).is_empty(), "{again:#}");
    assert!(nothing_more(&rx));
    let log = env.json(["message", "list", "--json"]);
    assert_eq!(array(&log).len(), 1, "{log:#}");
    assert_eq!(log[0]["status"], "sent");
    let page = env.json(["person", "show", &sara.to_string(), "--json"]);
    let sms: Vec<&Value> = array(&page["activities"])
        .iter()
        .filter(|a| a["kind"] == "sms")
        .collect();
    assert_eq!(sms.len(), 1, "{page:#}");
    assert_eq!(sms[0]["subject"], "SMS sent (proposal)");
}

#[test]
fn a_refusal_fails_at_once_and_is_not_tried_again() {
    let (port, rx) = gateway(vec![(401, "bad key")]);
    let (env, _) = queued(&sms_config(port), "sms");
    let first = remind_at(&env, T0);
    let m = one(&first);
    assert_eq!(m["state"], "failed", "{first:#}");
    assert!(m["next_attempt_at"].is_null());
    assert!(m["reason"].as_str().unwrap().contains("401"));
    recv(&rx);
    for later in ["2026-11-22T06:31:00Z", "2026-11-23T06:30:00Z"] {
        assert!(array(&remind_at(&env, later)["messages"]).is_empty());
    }
    assert!(nothing_more(&rx));
    let failed = env.json(["message", "outbox", "--failed", "--json"]);
    assert_eq!(array(&failed).len(), 1, "{failed:#}");
    assert_eq!(failed[0]["attempts"], 1);
    let log = env.json(["message", "list", "--failed", "--json"]);
    assert_eq!(array(&log).len(), 1, "{log:#}");
}

#[test]
fn out_of_retries_the_row_is_failed_listed_and_can_be_put_back_by_hand() {
    let (port, rx) = gateway(vec![BUSY, BUSY, OK]);
    let config = sms_config(port).replace("retries = 2", "retries = 1");
    let (env, _) = queued(&config, "sms");

    assert_eq!(one(&remind_at(&env, T0))["state"], "queued");
    // The last allowed attempt (one retry): failed for good, and logged.
    let last = remind_at(&env, "2026-11-22T06:31:00Z");
    let m = one(&last);
    assert_eq!(m["state"], "failed", "{last:#}");
    assert_eq!(m["attempts"], 2);
    assert!(m["next_attempt_at"].is_null());
    recv(&rx);
    recv(&rx);
    assert!(array(&remind_at(&env, "2026-11-22T12:00:00Z")["messages"]).is_empty());
    assert!(nothing_more(&rx));

    let failed = env.json(["message", "outbox", "--failed", "--json"]);
    let rows = array(&failed);
    assert_eq!(rows.len(), 1, "{failed:#}");
    assert_eq!(rows[0]["state"], "failed");
    assert_eq!(rows[0]["attempts"], 2);
    assert!(rows[0]["last_error"].as_str().unwrap().contains("503"));
    let id = rows[0]["id"].as_i64().unwrap().to_string();
    let shown = env.ok(["message", "outbox", "--failed"]);
    assert!(
        shown.contains("Sara Ahmadi") && shown.contains("503"),
        "{shown}"
    );
    // The failures report has it once (the retried attempt was not logged).
    let report = env.json(["message", "list", "--failed", "--json"]);
    assert_eq!(array(&report).len(), 1, "{report:#}");
    assert!(report[0]["reason"].as_str().unwrap().contains("503"));

    // Put back by hand: queued, due at once; the next run delivers it.
    let said = env.ok(["message", "retry", &id]);
    assert!(said.contains("queued again"), "{said}");
    let waiting = env.json(["message", "outbox", "--json"]);
    assert_eq!(waiting[0]["state"], "queued");
    assert_eq!(waiting[0]["attempts"], 0);
    assert!(waiting[0]["next_attempt_at"].is_null());
    let m = remind_at(&env, "2026-11-22T12:00:00Z");
    assert_eq!(one(&m)["state"], "sent", "{m:#}");
    recv(&rx);
    assert!(
        env.json(["message", "outbox", "--failed", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Only a failed row goes back; a wrong id says so.
    let err = env.fails(1, ["message", "retry", &id]);
    assert!(err.contains("is sent, not failed"), "{err}");
    let err = env.fails(1, ["message", "retry", "999"]);
    assert!(err.contains("no outbox message 999"), "{err}");
}

/// An SMTP server on `listener` that answers MAIL FROM with 451 (a
/// temporary refusal) on its first connection and accepts after; sends
/// each accepted message to the returned channel.
fn smtp_busy_once(listener: TcpListener) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { continue };
            if let Some(mail) = serve(stream, n == 0) {
                let _ = tx.send(mail);
            }
        }
    });
    rx
}

fn serve(stream: TcpStream, busy: bool) -> Option<String> {
    let mut out = stream.try_clone().ok()?;
    let mut reader = BufReader::new(stream);
    let mut mail = String::new();
    out.write_all(b"220 localhost test SMTP\r\n").ok()?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 localhost\r\n",
            "MAIL" if busy => b"451 4.3.0 mailbox busy, try later\r\n",
            "MAIL" | "RCPT" | "RSET" | "NOOP" => {
                mail.push_str(&line);
                b"250 OK\r\n"
            }
            "DATA" => {
                out.write_all(b"354 go ahead\r\n").ok()?;
                loop {
                    let mut data = String::new();
                    if reader.read_line(&mut data).ok()? == 0 || data == ".\r\n" {
                        break;
                    }
                    mail.push_str(&data);
                }
                b"250 queued\r\n"
            }
            "QUIT" => {
                out.write_all(b"221 bye\r\n").ok()?;
                return (!mail.is_empty()).then_some(mail);
            }
            _ => b"502 not implemented\r\n",
        };
        out.write_all(reply).ok()?;
    }
}

#[test]
fn an_smtp_server_down_then_busy_then_up_gets_the_e_mail_on_the_third_run() {
    // A port nothing listens on: the connection is refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = format!(
        "[messages]\nper_second = 0\nretries = 3\nbackoff_ms = 10\n[messages.email]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nfrom = \"kariz <kariz@example.com>\"\n"
    );
    let (env, _) = queued(&config, "email");
    let down = remind_at(&env, T0);
    let m = one(&down);
    assert_eq!(m["state"], "queued", "{down:#}");
    assert_eq!(m["next_attempt_at"], "2026-11-22T06:31:00Z");

    // The server comes up on that port, busy the first time: 451 is
    // temporary, tried again five minutes later.
    let rx = smtp_busy_once(TcpListener::bind(("127.0.0.1", port)).unwrap());
    let busy = remind_at(&env, "2026-11-22T06:31:00Z");
    let m = one(&busy);
    assert_eq!(m["state"], "queued", "{busy:#}");
    assert_eq!(m["attempts"], 2);
    assert_eq!(m["next_attempt_at"], "2026-11-22T06:36:00Z");
    assert!(m["reason"].as_str().unwrap().contains("451"), "{busy:#}");
    assert!(nothing_more(&rx));
    assert!(array(&remind_at(&env, "2026-11-22T06:35:59Z")["messages"]).is_empty());

    let up = remind_at(&env, "2026-11-22T06:36:00Z");
    assert_eq!(one(&up)["state"], "sent", "{up:#}");
    let mail = recv(&rx);
    assert!(mail.contains("RCPT TO:<sara@example.com>"), "{mail}");
    assert!(mail.contains("Dear Sara Ahmadi"), "{mail}");
    assert!(nothing_more(&rx));
}
