//! `kariz import`: fixtures in every format with Persian and Arabic text,
//! broken files with their expected reports, re-imports without duplicates.

use crate::common::{Env, USER, array, fixture, labelled, people, person, str_field};
use serde_json::Value;

fn stdout_of(env: &Env, args: &[&str]) -> (Option<i32>, String) {
    let out = env.kariz().args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn google_csv_imports_with_no_loss_and_reimports_with_no_duplicates() {
    let env = Env::new();
    let out = env.ok(["import", "csv", &fixture("google.csv")]);
    assert!(out.contains("4 created"), "{out}");
    assert!(out.contains("no year"), "{out}");
    let list = people(&env);
    assert_eq!(list.len(), 4);
    let sara = person(&list, "سارا احمدی");
    assert_eq!(
        labelled(&sara["emails"]),
        ["work:sara@example.ir", "home:sara.home@example.com"]
    );
    assert_eq!(
        labelled(&sara["phones"]),
        ["mobile:+98 912 345 6789", "work:021 8877 6655"]
    );
    assert_eq!(sara["company"], "فولاد مبارکه");
    assert_eq!(sara["title"], "مدیر خرید");
    assert_eq!(sara["birthday"], "1990-05-14");
    assert_eq!(sara["notes"], "مشتری قدیمی\nدو خط");
    assert_eq!(sara["tags"], serde_json::json!(["VIP", "مشتری"]));
    let mohammad = person(&list, "محمد رضایی");
    assert_eq!(
        labelled(&mohammad["emails"]),
        ["home:m.rezaei@example.ir", "home:mohammad@example.com"]
    );
    let ali = person(&list, "علي الحسيني");
    assert_eq!(ali["company"], "شركة بغداد");
    assert_eq!(ali["tags"], serde_json::json!(["عملاء"]));

    let again = env.ok(["import", "csv", &fixture("google.csv")]);
    assert!(again.contains("0 created, 0 updated, 4 skipped"), "{again}");
    assert_eq!(people(&env).len(), 4);
}

#[test]
fn outlook_csv_maps_its_columns() {
    let env = Env::new();
    env.ok(["import", "csv", &fixture("outlook.csv")]);
    let list = people(&env);
    let reza = person(&list, "Reza Karimi");
    assert_eq!(reza["company"], "Pars Solar");
    assert_eq!(reza["title"], "CTO");
    assert_eq!(reza["birthday"], "1985-05-14");
    assert_eq!(reza["address"], "No. 12 Valiasr St, Tehran");
    assert_eq!(
        labelled(&reza["phones"]),
        ["work:+98 21 2222 3333", "mobile:+98 912 000 1111"]
    );
    assert_eq!(reza["tags"], serde_json::json!(["Suppliers", "VIP"]));
    let narges = person(&list, "نرگس موسوی");
    assert_eq!(narges["birthday"], Value::Null);
}

#[test]
fn broken_rows_are_reported_and_nothing_is_written() {
    let env = Env::new();
    let report = env.path("report.csv");
    let out = env
        .kariz()
        .args(["import", "csv", &fixture("broken.csv")])
        .args(["--report", report.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("5 row(s) rejected"), "{stderr}");
    assert!(stderr.contains("--partial"), "{stderr}");
    for expected in [
        "line 3, column \"email\": error: e-mail \"not-an-email\" is not an address",
        "line 4, column \"birthday\": error: \"1990-02-30\" is not a day that exists",
        "line 5: error: the row has 2 fields but the header has 4",
        "line 6, column \"name\": error: a quote inside a field",
        "line 7, column \"name\": error: text after the closing quote",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    assert!(people(&env).is_empty());
    let csv = std::fs::read_to_string(&report).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "line,column,severity,reason");
    assert_eq!(lines.len(), 6, "{csv}");
    assert!(lines[1].starts_with("3,email,error,"), "{csv}");
    assert!(
        lines[3].starts_with("5,,error,\"the row has 2 fields"),
        "{csv}"
    );

    let partial = env.partial(["import", "csv", &fixture("broken.csv"), "--partial"]);
    assert!(partial.contains("1 created"), "{partial}");
    assert_eq!(people(&env).len(), 1);
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let env = Env::new();
    env.add_person("Sara", &["--email", "sara@example.ir"]);
    let plan = env.json([
        "import",
        "csv",
        &fixture("google.csv"),
        "--dry-run",
        "--json",
        "--on-duplicate",
        "merge",
    ]);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["written"], false);
    assert_eq!(plan["created"], 3);
    assert_eq!(plan["updated"], 1);
    let rows = array(&plan["rows"]);
    assert_eq!(rows[0]["action"], "update");
    assert_eq!(rows[0]["matched_by"], "email");
    assert!(array(&rows[0]["changes"]).iter().any(|c| c == "phones"));
    assert_eq!(people(&env).len(), 1);
    let text = env.ok(["import", "csv", &fixture("google.csv"), "--dry-run"]);
    assert!(
        text.contains("line 2: skip \"سارا احمدی\" (person 1, same e-mail)"),
        "{text}"
    );
    assert!(
        text.contains("line 5: create person \"علي الحسيني\""),
        "{text}"
    );
}

#[test]
fn on_duplicate_merge_fills_and_unions_update_overwrites() {
    let env = Env::new();
    let id = env.add_person(
        "Sara A.",
        &[
            "--email",
            "sara@example.ir",
            "--title",
            "Buyer",
            "--tag",
            "old",
        ],
    );
    env.ok([
        "import",
        "csv",
        &fixture("google.csv"),
        "--on-duplicate",
        "merge",
    ]);
    let sara = env.json(["person", "show", &id.to_string(), "--json"]);
    assert_eq!(sara["name"], "Sara A.");
    assert_eq!(sara["title"], "Buyer");
    let tags: Vec<&str> = array(&sara["tags"])
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        tags.contains(&"old") && tags.contains(&"VIP") && tags.contains(&"مشتری"),
        "{tags:?}"
    );
    assert_eq!(array(&sara["phones"]).len(), 2);
    assert_eq!(sara["company"], "فولاد مبارکه");
    env.ok([
        "import",
        "csv",
        &fixture("google.csv"),
        "--on-duplicate",
        "update",
    ]);
    let sara = env.json(["person", "show", &id.to_string(), "--json"]);
    assert_eq!(sara["name"], "سارا احمدی");
    assert_eq!(sara["title"], "مدیر خرید");
    assert_eq!(people(&env).len(), 4);
}

#[test]
fn encodings_bom_crlf_and_invalid_bytes() {
    let env = Env::new();
    env.ok(["import", "csv", &fixture("crlf.csv")]);
    env.ok(["import", "csv", &fixture("bom.csv")]);
    env.ok([
        "import",
        "csv",
        &fixture("windows-1256.csv"),
        "--encoding",
        "windows-1256",
    ]);
    let list = people(&env);
    assert_eq!(
        person(&list, "سارا احمدي")["emails"][0]["value"],
        "win@example.ir"
    );
    assert_eq!(person(&list, "علی")["emails"][0]["value"], "ali@example.ir");
    assert_eq!(
        list.iter().filter(|p| p["name"] == "سارا").count(),
        2,
        "BOM header not stripped: {list:#?}"
    );

    let err = env.fails(1, ["import", "csv", &fixture("invalid-utf8.csv")]);
    assert!(err.contains("line 3: byte 0xFF"), "{err}");
    assert!(
        err.trim_end()
            .ends_with("may be in Windows-1256; read it with --encoding windows-1256"),
        "{err}"
    );
    assert!(!err.contains('\u{fffd}'));

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "name,email\nمریم,maryam@example.ir\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let path = env.path("utf16.csv");
    std::fs::write(&path, &utf16).unwrap();
    let err = env.fails(1, ["import", "csv", path.to_str().unwrap()]);
    assert!(
        err.trim_end()
            .ends_with("so it is UTF-16, not UTF-8; read it with --encoding utf-16"),
        "{err}"
    );
    env.ok([
        "import",
        "csv",
        path.to_str().unwrap(),
        "--encoding",
        "utf-16",
    ]);
    assert!(people(&env).iter().any(|p| p["name"] == "مریم"));
    std::fs::write(&path, &utf16[2..]).unwrap();
    let err = env.fails(
        1,
        [
            "import",
            "csv",
            path.to_str().unwrap(),
            "--encoding",
            "utf-16",
        ],
    );
    assert!(err.contains("byte-order mark"), "{err}");
}

#[test]
fn truncated_files_report_the_cut() {
    let env = Env::new();
    let (code, stdout) = stdout_of(&env, &["import", "csv", &fixture("truncated.csv")]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains(
            "line 3, column \"name\": error: the quoted field opened on line 3 is never closed"
        ),
        "{stdout}"
    );
    let (code, stdout) = stdout_of(&env, &["import", "vcard", &fixture("truncated.vcf")]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("line 6: error: the card has no END:VCARD"),
        "{stdout}"
    );
    env.partial(["import", "vcard", &fixture("truncated.vcf"), "--partial"]);
    assert_eq!(people(&env).len(), 1);
}

#[test]
fn a_one_megabyte_field_and_a_row_of_ten_thousand_columns() {
    let env = Env::new();
    let big = "ن".repeat(500_000);
    let wide = vec!["x"; 10_000].join(",");
    let text = format!("name,notes\nBig,\"{big}\"\n{wide}\nAfter,ok\n");
    let path = env.path("big.csv");
    std::fs::write(&path, text).unwrap();
    let (code, stdout) = stdout_of(&env, &["import", "csv", path.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("line 3: error: the row has 10000 fields but the header has 2"),
        "{}",
        stdout.chars().take(500).collect::<String>()
    );
    env.partial(["import", "csv", path.to_str().unwrap(), "--partial"]);
    let list = people(&env);
    assert_eq!(
        person(&list, "Big")["notes"].as_str().unwrap().len(),
        big.len()
    );
    assert!(list.iter().any(|p| p["name"] == "After"));
}

#[test]
fn android_vcard_21_with_persian_quoted_printable() {
    let env = Env::new();
    let out = env.ok(["import", "vcard", &fixture("android-2.1.vcf")]);
    assert!(out.contains("3 created"), "{out}");
    let list = people(&env);
    let sara = person(&list, "سارا احمدی");
    assert_eq!(
        labelled(&sara["phones"]),
        ["mobile:+98 912 345 6789", "work:021-8877-6655"]
    );
    assert_eq!(labelled(&sara["emails"]), ["home:sara@example.ir"]);
    assert_eq!(sara["company"], "فولاد مبارکه");
    assert_eq!(sara["notes"], "مشتری قدیمی");
    let ali = person(&list, "علي الحسيني");
    assert_eq!(ali["birthday"], "1988-07-01");
    assert_eq!(
        labelled(&ali["phones"]),
        ["mobile:+964 770 123 4567", "home:+964 1 555 1234"]
    );
    assert!(list.iter().any(|p| p["name"] == "0935 000 1122"));
    let again = env.ok(["import", "vcard", &fixture("android-2.1.vcf")]);
    assert!(again.contains("0 created, 0 updated, 3 skipped"), "{again}");
}

#[test]
fn vcard_3_and_4() {
    let env = Env::new();
    env.ok(["import", "vcard", &fixture("contacts-3-4.vcf")]);
    let list = people(&env);
    let maryam = person(&list, "مریم موسوی");
    assert_eq!(maryam["company"], "Pars Solar");
    assert_eq!(maryam["title"], "مدیر فروش");
    assert_eq!(maryam["address"], "خیابان ولیعصر, پلاک ۱۲, تهران, ایران");
    assert_eq!(maryam["birthday"], "1992-11-03");
    assert_eq!(maryam["tags"], serde_json::json!(["VIP", "مشتری"]));
    assert_eq!(maryam["notes"], "خط اول\nخط دوم\nURL: https://parssolar.ir");
    let omar = person(&list, "عمر صالح");
    assert_eq!(labelled(&omar["phones"]), ["work:+971-4-555-0199"]);
    // Matched by UID even with every other contact field changed.
    let edited = std::fs::read_to_string(fixture("contacts-3-4.vcf"))
        .unwrap()
        .replace("omar@example.ae", "omar.new@example.ae")
        .replace("+971-4-555-0199", "+971-4-555-0200");
    let path = env.path("edited.vcf");
    std::fs::write(&path, edited).unwrap();
    let out = env.ok([
        "import",
        "vcard",
        path.to_str().unwrap(),
        "--on-duplicate",
        "merge",
    ]);
    assert!(out.contains("0 created, 1 updated, 1 skipped"), "{out}");
    let omar = env.json([
        "person",
        "show",
        &crate::common::id(omar).to_string(),
        "--json",
    ]);
    assert_eq!(array(&omar["emails"]).len(), 2);
}

#[test]
fn json_listing_imports_into_an_empty_database() {
    let source = Env::new();
    source.ok(["import", "vcard", &fixture("contacts-3-4.vcf")]);
    source.ok(["import", "csv", &fixture("google.csv")]);
    let listing = source.ok(["person", "list", "--json"]);
    let target = Env::new();
    let path = target.path("people.json");
    std::fs::write(&path, &listing).unwrap();
    target.ok(["import", "json", path.to_str().unwrap()]);
    let strip = |v: Value| -> Vec<Value> {
        array(&v)
            .iter()
            .map(|p| {
                let mut p = p.clone();
                for key in ["id", "company_id", "created_at", "updated_at", "version"] {
                    p.as_object_mut().unwrap().remove(key);
                }
                p
            })
            .collect()
    };
    assert_eq!(
        strip(target.json(["person", "list", "--json"])),
        strip(serde_json::from_str(&listing).unwrap())
    );
    let again = target.ok(["import", "json", path.to_str().unwrap()]);
    assert!(again.contains("0 created"), "{again}");
}

#[test]
fn saved_mappings_are_reused_by_name() {
    let env = Env::new();
    let path = env.path("odd.csv");
    std::fs::write(&path, "Who,Reach me,Kind\nسارا,sara@example.ir,vip\n").unwrap();
    let err = env.fails(1, ["import", "csv", path.to_str().unwrap()]);
    assert!(err.contains("no column holds a name"), "{err}");
    assert!(
        err.trim_end()
            .ends_with("map one of them to name; map one with --map \"COLUMN=FIELD\""),
        "{err}"
    );
    let err = env.fails(
        1,
        [
            "import",
            "csv",
            path.to_str().unwrap(),
            "--map",
            "Nope=name",
        ],
    );
    assert!(
        err.contains("the column mapping names the column \"Nope\", which the file does not have"),
        "{err}"
    );
    assert!(err.contains("--map \"COLUMN=FIELD\""), "{err}");
    env.ok([
        "import",
        "csv",
        path.to_str().unwrap(),
        "--dry-run",
        "--map",
        "Who=name,Reach me=email,Kind=tags",
        "--save-map",
        "odd",
    ]);
    assert!(
        env.config_home()
            .join("kariz")
            .join("import-maps.toml")
            .exists()
    );
    env.ok(["import", "csv", path.to_str().unwrap(), "--use-map", "odd"]);
    let list = people(&env);
    assert_eq!(list[0]["tags"], serde_json::json!(["vip"]));
    let err = env.fails(
        1,
        ["import", "csv", path.to_str().unwrap(), "--use-map", "nope"],
    );
    assert!(err.contains("no saved mapping named \"nope\""), "{err}");
}

#[test]
fn protected_cells_lose_their_quote_and_no_progress_bar_off_a_terminal() {
    let env = Env::new();
    let path = env.path("protected.csv");
    std::fs::write(&path, "name,notes\n'=Sara,'+fine\n").unwrap();
    let out = env
        .kariz()
        .args(["import", "csv", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = people(&env);
    assert_eq!(list[0]["name"], "=Sara");
    assert_eq!(list[0]["notes"], "+fine");
}

#[test]
fn companies_import_and_match_by_name() {
    let env = Env::new();
    let path = env.path("companies.csv");
    std::fs::write(
        &path,
        "Company,Domain,Industry,Phone\nفولاد مبارکه,mobarakeh.ir,steel,031 1111 2222\nPars Solar,parssolar.ir,energy,\n",
    )
    .unwrap();
    env.ok([
        "import",
        "csv",
        path.to_str().unwrap(),
        "--entity",
        "company",
    ]);
    let again = env.ok([
        "import",
        "csv",
        path.to_str().unwrap(),
        "--entity",
        "company",
    ]);
    assert!(again.contains("0 created, 0 updated, 2 skipped"), "{again}");
    let list = env.json(["company", "list", "--json"]);
    assert_eq!(array(&list).len(), 2);
}

#[test]
fn deals_and_tasks_link_people_and_report_unknown_stages() {
    let env = Env::new();
    env.ok(["import", "csv", &fixture("google.csv")]);
    let (code, stdout) = stdout_of(
        &env,
        &["import", "csv", "--entity", "deal", &fixture("deals.csv")],
    );
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("line 4, column \"stage\": error: unknown stage \"Dreaming\" in pipeline \"sales\"; its stages: Lead, Qualified"),
        "{stdout}"
    );
    assert!(
        stdout.contains("line 5, column \"person\": error: no stored person"),
        "{stdout}"
    );
    env.partial([
        "import",
        "csv",
        "--entity",
        "deal",
        &fixture("deals.csv"),
        "--partial",
    ]);
    let again = env.partial([
        "import",
        "csv",
        "--entity",
        "deal",
        &fixture("deals.csv"),
        "--partial",
    ]);
    assert!(again.contains("0 created, 0 updated, 2 skipped"), "{again}");
    let deals = env.json(["deal", "list", "--json"]);
    let deals = array(&deals);
    assert_eq!(deals.len(), 2);
    let solar = deals
        .iter()
        .find(|d| d["title"] == "۵۰ پنل خورشیدی برای کارخانه شیراز")
        .unwrap();
    assert_eq!(solar["stage"], "Qualified");
    assert_eq!(solar["value_minor"], 1_250_000);
    assert_eq!(solar["person"], "سارا احمدی");
    assert_eq!(solar["company"], "فولاد مبارکه");

    let (code, stdout) = stdout_of(
        &env,
        &["import", "csv", "--entity", "task", &fixture("tasks.csv")],
    );
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("line 4, column \"priority\": error: priority \"urgent\""),
        "{stdout}"
    );
    env.partial([
        "import",
        "csv",
        "--entity",
        "task",
        &fixture("tasks.csv"),
        "--partial",
    ]);
    let tasks = env.json(["task", "list", "--json"]);
    let call = array(&tasks)
        .iter()
        .find(|t| t["title"] == "تماس با سارا")
        .unwrap()
        .clone();
    assert_eq!(call["due_date"], "2026-11-25");
    assert_eq!(call["priority"], "high");
    assert_eq!(call["person"], "سارا احمدی");
}

#[test]
fn imported_people_list_in_alphabetical_order_and_show_their_origin() {
    let env = Env::new();
    let csv = env.path("people.csv");
    std::fs::write(
        &csv,
        "name,email,company\nتینا,t@example.ir,Acme\nبابک,b@example.ir,\nAli,a@example.com,Acme\nپروین,p@example.ir,Beta\n",
    )
    .unwrap();
    env.ok(["import", "csv", csv.to_str().unwrap()]);
    let names: Vec<String> = people(&env)
        .iter()
        .map(|p| str_field(p, "name").to_string())
        .collect();
    // Latin before Persian; بابک before پروین before تینا.
    assert_eq!(names, ["Ali", "بابک", "پروین", "تینا"]);
    let babak = person(&people(&env), "بابک")["id"].as_i64().unwrap();
    let history = env.json(["history", "person", &babak.to_string(), "--json"]);
    let rows = array(&history);
    assert_eq!(rows.len(), 1, "{history:#}");
    // One `import` row for the four people, naming the file.
    assert_eq!(str_field(&rows[0], "op"), "import");
    assert_eq!(rows[0]["entity_id"], 1, "{history:#}");
    assert_eq!(rows[0]["last_id"], 4, "{history:#}");
    assert_eq!(str_field(&rows[0], "actor"), USER);
    assert!(
        str_field(&rows[0], "new").contains("people.csv"),
        "{history:#}"
    );
    assert!(
        str_field(&rows[0], "new").contains("\"people\":4"),
        "{history:#}"
    );
    let text = env.ok(["history", "person", &babak.to_string()]);
    assert!(text.contains("person 1–4"), "{text}");
    assert!(text.contains("import"), "{text}");
    // A later edit is listed above it.
    env.ok(["person", "edit", &babak.to_string(), "--title", "مدیر"]);
    let history = env.json(["history", "person", &babak.to_string(), "--json"]);
    let ops: Vec<&str> = array(&history).iter().map(|r| str_field(r, "op")).collect();
    assert_eq!(ops, ["update", "import"], "{history:#}");
    // Other people's histories do not show it.
    let other = env.json(["history", "person", "5", "--json"]);
    assert_eq!(array(&other).len(), 0, "{other:#}");
}
