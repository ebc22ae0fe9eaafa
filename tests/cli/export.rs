//! `kariz export …` end to end: headers, formula protection, escaping and
//! folding, file mode, filters and determinism.

use crate::common::{Env, array, ids};
use std::os::unix::fs::PermissionsExt;

/// A few records in Persian, Arabic and English, with hostile cells.
fn seeded() -> Env {
    let env = Env::new();
    env.add_person(
        "=HYPERLINK(\"http://evil\",\"x\")",
        &["--notes", "+1 then -2", "--tag", "vip"],
    );
    env.add_person(
        "سارا احمدی",
        &[
            "--phone",
            "mobile:+98 912 345 6789",
            "--email",
            "sara@example.com",
            "--company",
            "فولاد پارسیان",
            "--title",
            "خرید، فروش; واردات",
            "--birthday",
            "1990-03-15",
            "--notes",
            "خط اول\nخط دوم \\ پایان",
            "--tag",
            "vip",
        ],
    );
    env.add_person("علي كريمي", &["--owner", "someone-else"]);
    env
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_has_the_documented_header_and_protects_formula_cells() {
    let env = seeded();
    let out = env.ok(["export", "csv"]);
    assert!(out.contains("\r\n"), "CSV lines end in CRLF");
    let rows = csv_rows(&out);
    assert_eq!(
        rows[0],
        [
            "id",
            "name",
            "company",
            "title",
            "phones",
            "emails",
            "address",
            "birthday",
            "lead_source",
            "owner",
            "tags",
            "notes",
            "custom",
            "campaign"
        ]
    );
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1][0], "1");
    assert_eq!(rows[1][1], "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(rows[1][11], "'+1 then -2");
    assert_eq!(rows[2][1], "سارا احمدی");
    assert_eq!(rows[2][4], "mobile:+98 912 345 6789");
    assert_eq!(rows[2][5], "work:sara@example.com");
    assert_eq!(rows[2][7], "1990-03-15");
    assert_eq!(rows[2][11], "خط اول\nخط دوم \\ پایان");
    assert_eq!(rows[3][1], "علي كريمي");
}

#[test]
fn every_entity_exports_as_csv_and_json() {
    let env = seeded();
    env.add_deal(
        "بلبرینگ",
        &["--person", "2", "--value", "1200", "--tag", "big"],
    );
    env.ok([
        "task",
        "add",
        "--title=-call back",
        "--person",
        "2",
        "--due",
        "2026-11-25",
    ]);
    env.ok([
        "activity",
        "add",
        "--kind",
        "meeting",
        "--subject",
        "@demo",
        "--person",
        "2",
    ]);
    for (entity, header) in [
        (
            "company",
            "id,name,domain,industry,phones,emails,address,owner,tags,notes,custom",
        ),
        (
            "deal",
            "id,title,pipeline,stage,status,value_minor,currency,probability",
        ),
        (
            "task",
            "id,title,due_date,due_time,priority,done_at,person_id,person",
        ),
        (
            "activity",
            "id,kind,subject,body,occurred_at,author,person_id,person",
        ),
    ] {
        let out = env.ok(["export", "csv", "--entity", entity]);
        assert!(out.starts_with(header), "{entity}: {out}");
        assert_eq!(csv_rows(&out).len(), 2, "{entity}: {out}");
        let json = env.json(["export", "json", "--entity", entity]);
        assert_eq!(array(&json).len(), 1, "{entity}");
    }
    let tasks = env.ok(["export", "csv", "--entity", "task"]);
    assert_eq!(csv_rows(&tasks)[1][1], "'-call back");
    let activities = env.ok(["export", "csv", "--entity", "activity"]);
    assert_eq!(csv_rows(&activities)[1][2], "'@demo");
}

#[test]
fn json_export_holds_the_same_records_as_list_json() {
    let env = seeded();
    let exported = env.json(["export", "json"]);
    assert_eq!(ids(&exported), vec![1, 2, 3], "id order");
    let mut listed = array(&env.json(["person", "list", "--json"])).clone();
    listed.sort_by_key(crate::common::id);
    assert_eq!(array(&exported), &listed);
    let empty = env.ok(["export", "json", "--tag", "nobody-has-this"]);
    assert_eq!(empty, "[]\n");
}

#[test]
fn exports_are_byte_for_byte_repeatable() {
    let env = seeded();
    env.add_task("Follow up", &["--due", "2026-11-25", "--at", "14:30"]);
    for args in [
        vec!["export", "csv"],
        vec!["export", "json"],
        vec!["export", "vcard"],
        vec!["export", "ics"],
        vec!["export", "csv", "--entity", "task"],
    ] {
        assert_eq!(env.ok(&args), env.ok(&args), "{args:?}");
    }
}

#[test]
fn vcard_is_4_0_escaped_folded_and_crlf() {
    let env = seeded();
    let long_note = "یادداشت ".repeat(30);
    env.add_person("Long Note", &["--notes", &long_note]);
    let out = env.ok(["export", "vcard"]);
    assert_eq!(out.matches("BEGIN:VCARD\r\nVERSION:4.0\r\n").count(), 4);
    assert!(
        !out.replace("\r\n", "").contains('\n'),
        "bare LF in {out:?}"
    );
    for line in out.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let unfolded = out.replace("\r\n ", "");
    for want in [
        "UID:urn:kariz:person:2\r\n",
        "FN:سارا احمدی\r\n",
        "N:احمدی;سارا;;;\r\n",
        "ORG:فولاد پارسیان\r\n",
        "TITLE:خرید، فروش\\; واردات\r\n",
        "TEL;VALUE=text;TYPE=cell:+98 912 345 6789\r\n",
        "EMAIL;TYPE=work:sara@example.com\r\n",
        "BDAY:19900315\r\n",
        "NOTE:خط اول\\nخط دوم \\\\ پایان\r\n",
        "CATEGORIES:vip\r\n",
        "FN:=HYPERLINK(\"http://evil\"\\,\"x\")\r\n",
    ] {
        assert!(unfolded.contains(want), "missing {want:?} in\n{unfolded}");
    }
    assert!(unfolded.contains(&format!("NOTE:{}\r\n", long_note.trim())));
}

#[test]
fn ics_has_todos_and_events_in_utc_with_crlf() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    env.add_task(
        "Send the offer; today, please",
        &["--due", "2026-11-25", "--at", "14:30", "--priority", "high"],
    );
    let done = env
        .add_task("Old one", &["--due", "2026-11-20"])
        .to_string();
    env.ok(["task", "done", &done]);
    for (kind, subject) in [
        ("meeting", "Kick-off"),
        ("call", "Pricing"),
        ("note", "Private"),
    ] {
        env.ok([
            "activity",
            "add",
            "--kind",
            kind,
            "--subject",
            subject,
            "--person",
            &pid,
            "--at",
            "2026-11-21 09:00",
        ]);
    }
    let out = env.ok(["export", "ics"]);
    assert!(out.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kariz//kariz "));
    assert!(out.ends_with("END:VCALENDAR\r\n"));
    assert!(!out.replace("\r\n", "").contains('\n'));
    for want in [
        "BEGIN:VTODO\r\nUID:task-1@kariz\r\n",
        "SUMMARY:Send the offer\\; today\\, please\r\n",
        // 14:30 in Tehran (+03:30) is 11:00 UTC.
        "DUE:20261125T110000Z\r\n",
        "PRIORITY:1\r\n",
        "STATUS:NEEDS-ACTION\r\n",
        "UID:task-2@kariz\r\n",
        "DUE;VALUE=DATE:20261120\r\n",
        "STATUS:COMPLETED\r\nCOMPLETED:20261122T063000Z\r\n",
        "BEGIN:VEVENT\r\nUID:activity-1@kariz\r\n",
        "DTSTART:20261121T053000Z\r\nSUMMARY:Kick-off\r\n",
        "SUMMARY:Pricing\r\n",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    assert!(!out.contains("Private"), "notes are not calendar events");
    assert_eq!(out.matches("DTSTAMP:").count(), 4);
    let only_tasks = env.ok(["export", "ics", "--entity", "task"]);
    assert!(!only_tasks.contains("VEVENT"));
}

#[test]
fn output_file_is_private_complete_and_replaces_the_old_one() {
    let env = seeded();
    let path = env.path("out.csv");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .kariz()
        .args(["export", "csv", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty(), "nothing on stdout with -o");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Exported 3 records"), "{stderr}");
    // Not a terminal: no progress bar drawing.
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        env.ok(["export", "csv"])
    );
    let leftovers: Vec<_> = std::fs::read_dir(env.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("kariz-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_failed_export_leaves_no_file() {
    let env = seeded();
    let path = env.path("missing-dir/out.csv");
    let err = env.fails(1, ["export", "csv", "-o", path.to_str().unwrap()]);
    assert!(err.contains("missing-dir"), "{err}");
    assert!(!path.exists());
}

#[test]
fn filters_select_by_tag_owner_stage_and_dates() {
    let env = seeded();
    let tagged = env.json(["export", "json", "--tag", "VIP"]);
    assert_eq!(ids(&tagged), vec![1, 2], "tags match without case");
    let theirs = env.json(["export", "json", "--owner", "someone-else"]);
    assert_eq!(ids(&theirs), vec![3]);

    env.add_deal("Early", &["--stage", "Lead"]);
    env.add_deal("Later", &["--stage", "Proposal"]);
    let proposal = env.json(["export", "json", "--entity", "deal", "--stage", "Proposal"]);
    assert_eq!(ids(&proposal), vec![2]);

    env.add_task("due 24th", &["--due", "2026-11-24"]);
    env.add_task("due 26th", &["--due", "2026-11-26"]);
    env.add_task("no date", &[]);
    let window = env.json([
        "export",
        "json",
        "--entity",
        "task",
        "--since",
        "2026-11-24",
        "--until",
        "2026-11-25",
    ]);
    assert_eq!(ids(&window), vec![1]);
    let people_today = env.json(["export", "json", "--since", "today", "--until", "today"]);
    assert_eq!(
        ids(&people_today),
        vec![1, 2, 3],
        "created today, local time"
    );
    let people_later = env.json(["export", "json", "--since", "tomorrow"]);
    assert_eq!(ids(&people_later), Vec::<i64>::new());
}

#[test]
fn filters_and_formats_that_do_not_fit_are_refused() {
    let env = seeded();
    let err = env.fails(1, ["export", "csv", "--stage", "Lead"]);
    // The library says what is wrong; the CLI adds the flags.
    assert!(
        err.contains("a stage filter does not apply to person records")
            && err
                .trim_end()
                .ends_with("; leave out --stage, or use --entity deal"),
        "{err}"
    );
    let err = env.fails(1, ["export", "csv", "--entity", "task", "--tag", "vip"]);
    assert!(err.contains("a tag filter does not apply"), "{err}");
    assert!(err.trim_end().ends_with("; leave out --tag"), "{err}");
    let err = env.fails(1, ["export", "vcard", "--entity", "deal"]);
    assert!(err.contains("person or company"), "{err}");
    assert!(
        err.trim_end()
            .ends_with("; choose one with --entity (person or company)"),
        "{err}"
    );
    let err = env.fails(1, ["export", "ics", "--entity", "person"]);
    assert!(err.contains("task or activity"), "{err}");
    let err = env.fails(
        1,
        [
            "export",
            "csv",
            "--since",
            "2026-12-01",
            "--until",
            "2026-11-01",
        ],
    );
    assert!(err.contains("after"), "{err}");
    let err = env.fails(1, ["export", "csv", "--since", "someday"]);
    assert!(
        err.contains("--since") && err.contains("not a date"),
        "{err}"
    );
    env.fails(2, ["export", "xml"]);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let env = Env::new();
    env.ok(["demo", "--db", env.db().to_str().unwrap()]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kariz"))
        .envs([
            ("HOME", env.path("home")),
            ("XDG_DATA_HOME", env.data_home()),
            ("XDG_CONFIG_HOME", env.config_home()),
        ])
        .env("KARIZ_NOW", crate::common::NOW)
        .env("KARIZ_DB", env.db_var())
        .args(["export", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped (closed) here; the rest of the writes fail.
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
}
