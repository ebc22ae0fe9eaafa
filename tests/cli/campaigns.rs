//! `kariz campaign`, `--campaign` on people, deals, imports and messages,
//! `kariz report campaigns`, and lead capture (`kariz ingest json|maildir`)
//! end to end, on fixtures in tests/fixtures/ingest/.

use crate::common::{Env, array};
use crate::messages::{gateway, recv, send, setup, sms_config};
use serde_json::Value;
use std::path::PathBuf;

fn ingest_fixture(name: &str) -> PathBuf {
    [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "ingest",
        name,
    ]
    .iter()
    .collect()
}

fn jalali() -> Env {
    let env = Env::new();
    std::fs::create_dir_all(env.config_file().parent().unwrap()).unwrap();
    std::fs::write(
        env.config_file(),
        "[display]\ncalendar = \"jalali\"\n[money]\ndefault_currency = \"IRR\"\ncurrencies = [\"IRR\", \"USD\"]\nreport_currency = \"IRR\"\n",
    )
    .unwrap();
    env
}

#[test]
fn campaigns_are_added_listed_shown_edited_and_removed_in_the_configured_calendar() {
    let env = jalali();
    let added = env.json([
        "campaign",
        "add",
        "نمایشگاه تهران",
        "--channel",
        "exhibition",
        "--cost",
        "500000000",
        "--start",
        "1405/01/10",
        "--end",
        "1405/01/13",
        "--where",
        "tag:vip",
        "--json",
    ]);
    assert_eq!(added["starts_on"], "2026-03-30");
    assert_eq!(added["ends_on"], "2026-04-02");
    assert_eq!(added["cost_minor"], 500_000_000);
    assert_eq!(added["currency"], "IRR");
    let list = env.ok(["campaign", "list"]);
    assert!(
        list.contains("1405-01-10 – 1405-01-13") || list.contains("1405/01/10"),
        "{list}"
    );
    let err = env.fails(1, ["campaign", "add", "نمایشگاه تهران"]);
    assert!(err.contains("already exists"), "{err}");
    let err = env.fails(1, ["campaign", "add", "TV", "--channel", "tv"]);
    assert!(
        err.contains("sms, email, exhibition, web, ad, referral, other"),
        "{err}"
    );
    let err = env.fails(1, ["campaign", "add", "Bad", "--where", "tag:"]);
    assert!(err.contains("--where"), "{err}");
    let edited = env.json([
        "campaign",
        "edit",
        "نمایشگاه تهران",
        "--cost",
        "600000000",
        "--clear",
        "segment",
        "--json",
    ]);
    assert_eq!(edited["cost_minor"], 600_000_000);
    assert_eq!(edited["segment"], Value::Null);
    assert_eq!(edited["version"], 2);
    let shown = env.json(["campaign", "show", "1", "--json"]);
    assert_eq!(shown["people"], 0);
    let history = env.ok(["history", "campaign", "1"]);
    assert!(history.contains("cost_minor"), "{history}");
    env.ok(["campaign", "rm", "نمایشگاه تهران"]);
    assert_eq!(array(&env.json(["campaign", "list", "--json"])).len(), 0);
}

#[test]
fn people_and_deals_are_attributed_and_a_linked_campaign_is_not_removed() {
    let env = Env::new();
    env.ok([
        "campaign",
        "add",
        "Spring SMS",
        "--channel",
        "sms",
        "--cost",
        "100",
    ]);
    let person = env.add_person("Sara", &["--campaign", "spring sms"]);
    let deal = env.add_deal("Panels", &["--campaign", "Spring SMS", "--value", "900"]);
    let p = env.json(["person", "show", &person.to_string(), "--json"]);
    assert_eq!(
        p["person"]["campaign_id"]
            .as_i64()
            .or(p["campaign_id"].as_i64()),
        Some(1)
    );
    let shown = env.ok(["person", "show", &person.to_string()]);
    assert!(shown.contains("Spring SMS (campaign 1)"), "{shown}");
    let shown = env.ok(["deal", "show", &deal.to_string()]);
    assert!(shown.contains("Spring SMS (campaign 1)"), "{shown}");
    let err = env.fails(1, ["person", "add", "--name", "X", "--campaign", "Autumn"]);
    assert!(err.contains("--campaign: no campaign \"Autumn\""), "{err}");
    assert!(err.contains("Spring SMS"), "{err}");
    let err = env.fails(5, ["campaign", "rm", "Spring SMS"]);
    assert!(err.contains("1 person") && err.contains("1 deal"), "{err}");
    env.ok(["person", "edit", &person.to_string(), "--clear", "campaign"]);
    env.ok(["campaign", "rm", "Spring SMS", "--unlink"]);
    let d = env.json(["deal", "show", &deal.to_string(), "--json"]);
    assert!(d.to_string().contains("\"campaign_id\":null"), "{d}");
}

#[test]
fn an_import_maps_the_campaign_column_by_name_and_names_the_row_of_an_unknown_one() {
    let env = Env::new();
    env.ok(["campaign", "add", "Tehran fair", "--channel", "exhibition"]);
    let csv = env.path("leads.csv");
    std::fs::write(
        &csv,
        "name,phone,campaign\nرضا کریمی,۰۹۱۲ ۳۴۵ ۶۷۸۹,tehran FAIR\nNo Such,+98 912 000 0000,Autumn\n",
    )
    .unwrap();
    let out = env
        .kariz()
        .args(["import", "csv", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("line 3, column \"campaign\": error: no campaign \"Autumn\""),
        "{stdout}"
    );
    env.partial(["import", "csv", csv.to_str().unwrap(), "--partial"]);
    let people = env.json(["person", "list", "--json"]);
    let reza = array(&people)
        .iter()
        .find(|p| p["name"] == "رضا کریمی")
        .unwrap();
    assert_eq!(reza["campaign_id"], 1);
    // Deals too, by name.
    let deals = env.path("deals.csv");
    std::fs::write(&deals, "title,value,campaign\nPanels,1200,Tehran fair\n").unwrap();
    env.ok(["import", "csv", "--entity", "deal", deals.to_str().unwrap()]);
    let list = env.json(["deal", "list", "--json"]);
    assert!(list.to_string().contains("\"campaign_id\":1"), "{list}");
    // JSON people import.
    let json = env.path("people.json");
    std::fs::write(&json, r#"[{"name": "Omid", "campaign": "Tehran fair"}]"#).unwrap();
    env.ok(["import", "json", json.to_str().unwrap()]);
    let shown = env.json(["campaign", "show", "Tehran fair", "--json"]);
    assert_eq!(shown["people"], 2);
    assert_eq!(shown["deals"], 1);
    // The segment key: people and deals of a campaign.
    let of = env.json([
        "person",
        "list",
        "--where",
        "campaign:\"tehran FAIR\"",
        "--json",
    ]);
    assert_eq!(array(&of).len(), 2, "{of:#}");
    let of = env.json([
        "deal",
        "list",
        "--where",
        "campaign:\"Tehran fair\"",
        "--json",
    ]);
    assert_eq!(array(&of).len(), 1, "{of:#}");
    env.fails(1, ["company", "list", "--where", "campaign:x"]);
    // The CSV export names the campaign in a last column, as an import reads it.
    let exported = env.ok(["export", "csv"]);
    let header = exported.lines().next().unwrap();
    assert!(header.ends_with(",custom,campaign"), "{header}");
    let reza_line = exported.lines().find(|l| l.contains("رضا کریمی")).unwrap();
    assert!(reza_line.ends_with(",Tehran fair"), "{reza_line}");
}

#[test]
fn messages_name_their_campaign_and_the_report_counts_people_reached() {
    let (port, rx) = gateway(vec![(200, r#"{"return":{"status":200}}"#)]);
    let env = setup(&sms_config(port), &[("offer.en.txt", "Hello {{ name }}\n")]);
    let sara = env.add_person("Sara", &["--phone", "+98 912 345 6789"]);
    let err = env.fails(
        1,
        [
            "message",
            "send",
            "--to",
            &sara.to_string(),
            "--template",
            "offer",
            "--lang",
            "en",
            "--campaign",
            "Autumn",
        ],
    );
    assert!(err.contains("--campaign: no campaign \"Autumn\""), "{err}");
    assert!(rx.try_recv().is_err(), "nothing was sent");
    env.ok([
        "campaign",
        "add",
        "Autumn",
        "--channel",
        "sms",
        "--cost",
        "40",
        "--start",
        "2026-11-01",
    ]);
    env.ok(["person", "edit", &sara.to_string(), "--campaign", "autumn"]);
    let deal = env.add_deal("Panels", &["--campaign", "Autumn", "--value", "100"]);
    env.ok(["deal", "move", &deal.to_string(), "--to", "Won"]);
    let out = send(
        &env,
        &[
            "--to",
            &sara.to_string(),
            "--template",
            "offer",
            "--lang",
            "en",
            "--campaign",
            "AUTUMN",
        ],
    );
    assert_eq!(out[0]["status"], "sent", "{out:#}");
    recv(&rx);
    let list = env.json(["message", "list", "--json"]);
    assert_eq!(list[0]["campaign"], "Autumn");
    let r = env.json(["report", "campaigns", "--json"]);
    let row = &r["campaigns"][0];
    assert_eq!(row["name"], "Autumn");
    assert_eq!(row["reached"], 1);
    assert_eq!(row["leads"], 1);
    assert_eq!(
        (row["deals"].as_i64(), row["won"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(row["won_value"]["converted"]["minor"], 10_000);
    assert_eq!(row["cost"]["converted"]["minor"], 4_000);
    assert_eq!(row["cost_per_lead"]["minor"], 4_000);
    // (100 − 40) / 40.
    assert_eq!(row["return"], 1.5);
    let csv = env.ok(["report", "campaigns", "--csv"]);
    assert!(
        csv.starts_with("campaign,channel,reached,leads,deals,won,won_value,cost"),
        "{csv}"
    );
    assert!(csv.contains("Autumn,sms,1,1,1,1,"), "{csv}");
    let table = env.ok(["report", "campaigns"]);
    assert!(table.contains("150%"), "{table}");
}

fn ingest_json(env: &Env, extra: &[&str]) -> Value {
    let path = ingest_fixture("forms.json");
    let mut args = vec!["ingest", "json", path.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    env.json(args)
}

#[test]
fn ingest_json_creates_unassigned_leads_and_logs_a_repeat_on_the_person() {
    let env = Env::new();
    env.ok([
        "campaign",
        "add",
        "نمایشگاه تهران",
        "--channel",
        "exhibition",
    ]);
    let dry = ingest_json(&env, &["--dry-run"]);
    assert_eq!(
        (dry["created"].as_u64(), dry["matched"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(array(&env.json(["person", "list", "--json"])).len(), 0);

    let r = ingest_json(&env, &[]);
    assert_eq!(r["created"], 2, "{r:#}");
    assert_eq!(r["matched"], 1, "{r:#}");
    assert_eq!(r["failed"], 2, "{r:#}");
    let subs = array(&r["submissions"]);
    assert_eq!(subs[2]["status"], "matched");
    assert_eq!(subs[2]["matched_by"], "phone");
    assert_eq!(subs[2]["person_id"], subs[0]["person_id"]);
    assert!(
        str_has(&subs[3]["reason"], "no campaign \"Spring 2099\""),
        "{r:#}"
    );
    assert!(
        str_has(&subs[4]["reason"], "item 5 is not a JSON object"),
        "{r:#}"
    );

    let leads = env.json(["person", "list", "--new-leads", "--json"]);
    let names: Vec<&str> = array(&leads)
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names.len(), 2, "{leads:#}");
    let reza = array(&leads)
        .iter()
        .find(|p| p["name"] == "رضا کریمی")
        .unwrap();
    assert_eq!(reza["lead_source"], "web-form");
    assert_eq!(reza["campaign_id"], 1);
    assert_eq!(reza["owner"], Value::Null);
    assert_eq!(reza["company"], "صنایع کاوه");
    let id = reza["id"].to_string();
    let page = env.json(["person", "show", &id, "--json"]);
    let text = page.to_string();
    assert!(text.contains("Sent the form twice"), "{text}");
    assert!(text.contains("page: /fa/contact"), "{text}");

    // A second run creates nobody: every person is matched.
    let again = ingest_json(&env, &[]);
    assert_eq!(again["created"], 0, "{again:#}");
    assert_eq!(again["matched"], 3, "{again:#}");
}

fn str_has(v: &Value, needle: &str) -> bool {
    v.as_str().is_some_and(|s| s.contains(needle))
}

#[test]
fn ingest_maildir_reads_new_messages_once_and_keeps_the_failed_one() {
    let env = Env::new();
    env.ok([
        "campaign",
        "add",
        "نمایشگاه تهران",
        "--channel",
        "exhibition",
    ]);
    let maildir = env.path("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    for entry in std::fs::read_dir(ingest_fixture("mail")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), maildir.join("new").join(entry.file_name())).unwrap();
    }
    let dir = maildir.to_str().unwrap();
    let dry = env.json(["ingest", "maildir", dir, "--dry-run", "--json"]);
    assert_eq!(dry["created"], 2, "{dry:#}");
    assert_eq!(std::fs::read_dir(maildir.join("new")).unwrap().count(), 3);

    let r = env.json(["ingest", "maildir", dir, "--json"]);
    assert_eq!(
        (r["created"].as_u64(), r["failed"].as_u64()),
        (Some(2), Some(1)),
        "{r:#}"
    );
    let subs = array(&r["submissions"]);
    assert_eq!(subs[0]["name"], "سارا احمدی");
    assert_eq!(subs[1]["name"], "Julien Moreau");
    assert!(
        str_has(&subs[2]["reason"], "no campaign \"Nowhere\""),
        "{r:#}"
    );
    let people = env.json(["person", "list", "--new-leads", "--json"]);
    let sara = array(&people)
        .iter()
        .find(|p| p["name"] == "سارا احمدی")
        .unwrap();
    assert_eq!(sara["lead_source"], "e-mail");
    assert_eq!(sara["campaign_id"], 1);
    assert!(sara.to_string().contains("۰۹۳۵ ۱۱۱ ۲۲۳۳"), "{sara}");
    assert!(sara.to_string().contains("sara@example.ir"), "{sara}");
    let julien = array(&people)
        .iter()
        .find(|p| p["name"] == "Julien Moreau")
        .unwrap();
    assert!(julien.to_string().contains("Rhône Pharma"), "{julien}");

    // Stored messages moved to cur/ (seen); the failed one waits in new/.
    let cur: Vec<String> = std::fs::read_dir(maildir.join("cur"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cur.len(), 2, "{cur:?}");
    assert!(cur.iter().all(|n| n.ends_with(":2,S")), "{cur:?}");
    let again = env.json(["ingest", "maildir", dir, "--json"]);
    assert_eq!(
        (again["created"].as_u64(), again["failed"].as_u64()),
        (Some(0), Some(1))
    );
    let err = env.fails(1, ["ingest", "maildir", env.path("nope").to_str().unwrap()]);
    assert!(err.contains("not a Maildir folder"), "{err}");
}

#[test]
fn ingest_json_reads_one_object_per_line_from_standard_input() {
    let env = Env::new();
    let out = env
        .kariz()
        .args(["ingest", "json", "-", "--source", "landing", "--json"])
        .write_stdin(
            "{\"نام\": \"مریم نجفی\", \"تلفن\": \"٠٩١٢٥٥٥٤٤٣٣\"}\n{\"email\": \"MARYAM@example.ir\", \"name\": \"Maryam\"}\n{\"email\": \"maryam@EXAMPLE.ir\"}\n",
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The third has the second's e-mail, ignoring case.
    assert_eq!(
        (r["created"].as_u64(), r["matched"].as_u64()),
        (Some(2), Some(1)),
        "{r:#}"
    );
    assert_eq!(r["submissions"][2]["matched_by"], "email");
    let people = env.json(["person", "list", "--new-leads", "--json"]);
    let maryam = array(&people)
        .iter()
        .find(|p| p["name"] == "مریم نجفی")
        .unwrap();
    assert_eq!(maryam["lead_source"], "landing");
    // Arabic-Indic digits: the same phone identity as ASCII ones.
    let hits = env.json(["search", "09125554433", "--json"]);
    assert!(hits.to_string().contains("مریم نجفی"), "{hits}");
}
