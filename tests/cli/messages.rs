//! `kariz message` end to end: texts through an HTTP gateway started by the
//! test on loopback (a busy answer retried, a refusal logged as failed),
//! e-mail delivered to an SMTP server started by the test on loopback, the
//! do-not-contact flag respected, every message on the timeline with its
//! result, a Persian template with Jalali dates and Persian digits, and a
//! secret file others can read refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use crate::common::{Env, array};
use serde_json::Value;

/// One HTTP request the gateway received: request line and body.
pub(crate) struct Received {
    pub(crate) line: String,
    pub(crate) body: String,
}

/// An HTTP server on loopback answering with `answers` in turn (the last
/// one repeated); sends what it received to the returned channel.
pub(crate) fn gateway(answers: Vec<(u16, &'static str)>) -> (u16, Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut n = 0;
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (status, body) = answers[n.min(answers.len() - 1)];
            n += 1;
            if let Some(received) = serve_http(stream, status, body) {
                let _ = tx.send(received);
            }
        }
    });
    (port, rx)
}

fn serve_http(stream: TcpStream, status: u16, body: &str) -> Option<Received> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut bytes = vec![0; length];
    reader.read_exact(&mut bytes).ok()?;
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    Some(Received {
        line: line.trim().to_string(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// A minimal SMTP server on loopback (RFC 5321's required commands);
/// sends each message's envelope and data to the returned channel.
pub(crate) fn smtp_server() -> (u16, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            if let Some(mail) = serve_smtp(stream) {
                let _ = tx.send(mail);
            }
        }
    });
    (port, rx)
}

fn serve_smtp(stream: TcpStream) -> Option<String> {
    let mut out = stream.try_clone().ok()?;
    let mut reader = BufReader::new(stream);
    let mut mail = String::new();
    out.write_all(b"220 localhost test SMTP\r\n").ok()?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return Some(mail);
        }
        let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 localhost\r\n",
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
                return Some(mail);
            }
            _ => b"502 not implemented\r\n",
        };
        out.write_all(reply).ok()?;
    }
}

pub(crate) fn recv<T>(rx: &Receiver<T>) -> T {
    rx.recv_timeout(Duration::from_secs(30))
        .expect("the server received a request in time")
}

pub(crate) fn setup(config: &str, templates: &[(&str, &str)]) -> Env {
    let env = Env::new();
    let dir = env.config_file().parent().unwrap().to_path_buf();
    std::fs::create_dir_all(dir.join("templates/messages")).unwrap();
    std::fs::write(env.config_file(), config).unwrap();
    for (name, text) in templates {
        std::fs::write(dir.join("templates/messages").join(name), text).unwrap();
    }
    env
}

pub(crate) fn sms_config(port: u16) -> String {
    format!(
        r#"
[messages]
per_second = 0
retries = 2
backoff_ms = 10

[messages.sms]
url = "http://127.0.0.1:{port}/v1/{{api_key}}/sms/send.json"
method = "POST"
params = {{ receptor = "{{to}}", message = "{{text}}" }}
api_key_env = "KARIZ_TEST_SMS_KEY"
success_json_path = "return.status"
success_json_value = "200"
"#
    )
}

pub fn send(env: &Env, args: &[&str]) -> Value {
    let out = env
        .kariz()
        .env("KARIZ_TEST_SMS_KEY", "k3y")
        .args(["message", "send"])
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sms_goes_through_the_gateway_retried_once_busy_and_do_not_contact_is_skipped() {
    let (port, rx) = gateway(vec![
        (503, r#"{"return":{"status":503,"message":"busy"}}"#),
        (
            200,
            r#"{"return":{"status":200,"message":"ok"},"entries":[{"messageid":1}]}"#,
        ),
        (200, r#"{"return":{"status":418,"message":"no credit"}}"#),
    ]);
    let env = setup(
        &sms_config(port),
        &[(
            "welcome.en.txt",
            "Hello {{ first_name }} from {{ company }}!",
        )],
    );
    let sara = env.add_person(
        "Sara Ahmadi",
        &["--phone", "mobile:0912 345 6789", "--company", "Kaveh Co"],
    );
    let reza = env.add_person("Reza", &["--phone", "0912 000 0000"]);
    env.ok([
        "person",
        "edit",
        &reza.to_string(),
        "--do-not-contact",
        "yes",
    ]);
    assert!(
        env.ok(["person", "show", &reza.to_string()])
            .contains("Do not contact")
    );

    let to = format!("{sara},{reza}");
    let out = send(
        &env,
        &["--to", &to, "--template", "welcome", "--lang", "en"],
    );
    let results = array(&out);
    assert_eq!(results[0]["status"], "sent", "{out:#}");
    assert_eq!(results[0]["attempts"], 2, "one busy answer, then accepted");
    assert_eq!(results[0]["recipient"], "09123456789");
    assert_eq!(results[1]["status"], "do_not_contact");
    assert!(results[1]["message_id"].is_null());
    for _ in 0..2 {
        let got = recv(&rx);
        assert_eq!(got.line, "POST /v1/k3y/sms/send.json HTTP/1.1");
        assert!(got.body.contains("receptor=09123456789"), "{}", got.body);
        assert!(
            got.body.contains("Hello+Sara+from+Kaveh+Co"),
            "{}",
            got.body
        );
    }

    // On Sara's timeline with its result.
    let page = env.json(["person", "show", &sara.to_string(), "--json"]);
    let activities = array(&page["activities"]);
    assert_eq!(activities[0]["kind"], "sms");
    assert_eq!(activities[0]["subject"], "SMS sent (welcome)");
    assert_eq!(activities[0]["body"], "Hello Sara from Kaveh Co!");
    // Nothing on Reza's.
    let page = env.json(["person", "show", &reza.to_string(), "--json"]);
    assert!(array(&page["activities"]).is_empty());
    assert_eq!(page["do_not_contact"], true);

    // A refusal is not retried, and is logged as failed with the reason.
    let out = send(
        &env,
        &[
            "--to",
            &sara.to_string(),
            "--template",
            "welcome",
            "--lang",
            "en",
        ],
    );
    assert_eq!(array(&out)[0]["status"], "failed");
    assert_eq!(array(&out)[0]["attempts"], 1);
    recv(&rx);
    let failed = env.json(["message", "list", "--failed", "--json"]);
    assert_eq!(array(&failed).len(), 1, "{failed:#}");
    assert_eq!(failed[0]["person_id"], sara);
    assert!(str_has(&failed[0]["reason"], "418"), "{failed:#}");
    let all = env.json(["message", "list", "--json"]);
    assert_eq!(array(&all).len(), 2);
    let page = env.json(["person", "show", &sara.to_string(), "--json"]);
    let subject = page["activities"][0]["subject"].as_str().unwrap();
    assert!(subject.starts_with("SMS failed (welcome) — "), "{subject}");
}

fn str_has(value: &Value, needle: &str) -> bool {
    value.as_str().is_some_and(|s| s.contains(needle))
}

#[test]
fn email_is_delivered_to_an_smtp_server_on_loopback() {
    let (port, rx) = smtp_server();
    let config = format!(
        "[messages]\nper_second = 0\n[messages.email]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nfrom = \"Kariz Sales <sales@example.com>\"\n"
    );
    let env = setup(
        &config,
        &[(
            "offer.en.txt",
            "Subject: An offer for {{ company }}\n\nDear {{ name }},\nour offer is ready.\n",
        )],
    );
    let sara = env.add_person(
        "Sara Ahmadi",
        &["--email", "sara@example.com", "--company", "Kaveh Co"],
    );
    let nobody = env.add_person("No Mail", &[]);
    let to = format!("{sara},{nobody}");
    env.ok(["campaign", "add", "autumn", "--channel", "email"]);
    let out = send(
        &env,
        &[
            "--to",
            &to,
            "--channel",
            "email",
            "--template",
            "offer",
            "--lang",
            "en",
            "--campaign",
            "autumn",
        ],
    );
    assert_eq!(out[0]["status"], "sent", "{out:#}");
    assert_eq!(out[0]["subject"], "An offer for Kaveh Co");
    assert_eq!(out[1]["status"], "no_address");
    let mail = recv(&rx);
    assert!(mail.contains("MAIL FROM:<sales@example.com>"), "{mail}");
    assert!(mail.contains("RCPT TO:<sara@example.com>"), "{mail}");
    assert!(mail.contains("Subject: An offer for Kaveh Co"), "{mail}");
    assert!(mail.contains("Dear Sara Ahmadi,"), "{mail}");
    let list = env.json(["message", "list", "--json"]);
    assert_eq!(list[0]["status"], "sent");
    assert_eq!(list[0]["campaign"], "autumn");
    let page = env.json(["person", "show", &sara.to_string(), "--json"]);
    assert_eq!(page["activities"][0]["kind"], "email");
    assert_eq!(
        page["activities"][0]["subject"],
        "E-mail sent: An offer for Kaveh Co"
    );
}

#[test]
fn persian_template_has_jalali_dates_and_persian_digits_and_a_dry_run_sends_nothing() {
    let config = "[display]\nlanguage = \"fa\"\ncalendar = \"jalali\"\ndigits = \"persian\"\n";
    let env = setup(
        config,
        &[(
            "birthday.fa.txt",
            "{{ first_name }} عزیز، تولدتان ({{ birthday }}) مبارک! امروز {{ today }} است.",
        )],
    );
    let sara = env.add_person(
        "سارا احمدی",
        &["--phone", "۰۹۱۲۳۴۵۶۷۸۹", "--birthday", "1990-03-21"],
    );
    let out = send(
        &env,
        &[
            "--to",
            &sara.to_string(),
            "--template",
            "birthday",
            "--preview",
        ],
    );
    assert_eq!(out[0]["status"], "dry_run");
    assert_eq!(out[0]["recipient"], "09123456789");
    assert_eq!(
        out[0]["text"],
        "سارا عزیز، تولدتان (۱۳۶۹/۰۱/۰۱) مبارک! امروز ۱۴۰۵/۰۹/۰۱ است."
    );
    // A preview without --json shows the text; nothing is sent or logged.
    let shown = env.ok([
        "message",
        "send",
        "--to",
        &sara.to_string(),
        "--template",
        "birthday",
        "--dry-run",
    ]);
    assert!(shown.contains("nothing was sent"), "{shown}");
    assert!(array(&env.json(["message", "list", "--json"])).is_empty());
}

#[test]
fn new_leads_are_the_people_nobody_owns() {
    let env = Env::new();
    env.add_person("Owned", &[]);
    let lead = env.add_person("Web Lead", &["--source", "web-form"]);
    env.ok(["person", "edit", &lead.to_string(), "--clear", "owner"]);
    let leads = env.json(["person", "list", "--new-leads", "--json"]);
    assert_eq!(array(&leads).len(), 1, "{leads:#}");
    assert_eq!(leads[0]["id"], lead);
}

#[test]
fn a_secret_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let env = setup(
        "[messages.sms]\nurl = \"http://127.0.0.1:9/\"\napi_key_file = \"key\"\n",
        &[("hi.en.txt", "hi")],
    );
    let key = env.config_file().parent().unwrap().join("key");
    std::fs::write(&key, "k3y").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let p = env.add_person("Sara", &["--phone", "09123456789"]);
    let err = env.fails(
        1,
        [
            "message",
            "send",
            "--to",
            &p.to_string(),
            "--template",
            "hi",
            "--lang",
            "en",
        ],
    );
    assert!(err.contains("chmod 600"), "{err}");
}
