//! Locale end to end: Persian name order in lists, phone search with or
//! without the country prefix, human output in Persian/Arabic digits and
//! Jalali dates while `--json` stays the same, Jalali date input, and the
//! example configs.

use crate::common::{Env, array, id};
use std::path::PathBuf;

fn example(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("config/examples")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn person_list_is_in_persian_alphabetical_order() {
    let env = Env::new();
    for name in [
        "تینا",
        "پروانه",
        "بابک",
        "ژاله",
        "زهرا",
        "گلناز",
        "کاوه",
        "Zoe",
    ] {
        env.add_person(name, &[]);
    }
    let out = env.ok(["person", "list"]);
    let names: Vec<&str> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(
        names,
        [
            "Zoe",
            "بابک",
            "پروانه",
            "تینا",
            "زهرا",
            "ژاله",
            "کاوه",
            "گلناز"
        ],
        "{out}"
    );
    let json = env.json(["person", "list", "--json"]);
    let json_names: Vec<&str> = array(&json)
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(json_names, names);
}

#[test]
fn phone_numbers_are_found_with_or_without_country_prefix() {
    let env = Env::new();
    let spellings = ["+98 912 345 6789", "0098 912 345 6789", "0912 345 6789"];
    let ids: Vec<i64> = spellings
        .iter()
        .enumerate()
        .map(|(i, phone)| env.add_person(&format!("Person {i}"), &["--phone", phone]))
        .collect();
    env.add_person("Someone else", &["--phone", "+98 912 999 0000"]);
    for query in spellings
        .iter()
        .chain(&["۰۹۱۲ ۳۴۵ ۶۷۸۹", "+98 912 345", "(0912) 345-67"])
    {
        let hits = env.json(["search", query, "--json"]);
        let mut found: Vec<i64> = array(&hits).iter().map(id).collect();
        found.sort_unstable();
        assert_eq!(found, ids, "query {query:?}");
    }
}

#[test]
fn persian_config_shows_persian_digits_and_jalali_dates_and_json_does_not_change() {
    let env = Env::new();
    env.add_deal(
        "Pumps",
        &[
            "--value",
            "850000000",
            "--currency",
            "IRR",
            "--close",
            "2026-12-22",
        ],
    );
    let plain_json = env.ok(["deal", "list", "--json"]);
    let fa = example("fa.toml");

    let out = env.ok(["--config", &fa, "deal", "list"]);
    assert!(
        out.contains("۱۴۰۵/۱۰/۰۱"),
        "Jalali close date missing:\n{out}"
    );
    assert!(
        out.contains("۸۵۰٬۰۰۰٬۰۰۰ ریال"),
        "Persian amount missing:\n{out}"
    );
    assert!(!out.contains("2026-12-22"), "{out}");
    let out = env.ok(["--config", &fa, "deal", "show", "1"]);
    assert!(
        out.contains("۱۴۰۵/۰۹/۰۱"),
        "Jalali created date missing:\n{out}"
    );

    let fa_json = env.ok(["--config", &fa, "deal", "list", "--json"]);
    assert_eq!(fa_json, plain_json, "--json must not follow the locale");
    assert!(fa_json.contains("\"2026-12-22\""));

    let ar = env.ok(["--config", &example("ar.toml"), "deal", "list"]);
    assert!(ar.contains("٢٠٢٦-١٢-٢٢"), "{ar}");
    assert!(ar.contains("٨٥٠٬٠٠٠٬٠٠٠ ريال"), "{ar}");

    // The default locale is unchanged.
    let en = env.ok(["deal", "list"]);
    assert!(
        en.contains("2026-12-22") && en.contains("850,000,000 IRR"),
        "{en}"
    );
}

#[test]
fn jalali_dates_are_accepted_as_input() {
    let env = Env::new();
    for typed in ["۱۴۰۵/۱۰/۰۱", "1405-10-01", "1405/10/1"] {
        let deal = env.json(["deal", "add", "--title", "T", "--close", typed, "--json"]);
        assert_eq!(deal["expected_close"], "2026-12-22", "{typed}");
    }
    let err = env.fails(1, ["deal", "add", "--title", "T", "--close", "1405-12-30"]);
    assert!(err.contains("Esfand 1405 has 29 days"), "{err}");
}

#[test]
fn toman_amounts_have_no_decimals() {
    let env = Env::new();
    let fa = example("fa.toml");
    let add = |value: &str| -> Vec<String> {
        [
            "--config",
            &fa,
            "deal",
            "add",
            "--title",
            "T",
            "--value",
            value,
            "--currency",
            "IRT",
        ]
        .map(String::from)
        .to_vec()
    };
    let mut args = add("12,500,000");
    args.push("--json".into());
    let deal = env.json(&args);
    assert_eq!(deal["value_minor"], 12_500_000);
    let err = env.fails(1, add("1.5"));
    // The Persian config explains it in Persian, the currency by its name.
    assert!(
        err.contains("--value: تومان ۰ رقم اعشار دارد و «1.5» ۱ رقم"),
        "{err}"
    );
    let out = env.ok(["--config", &fa, "deal", "list"]);
    assert!(out.contains("۱۲٬۵۰۰٬۰۰۰ تومان"), "{out}");
}

#[test]
fn example_configs_pass_config_check() {
    let env = Env::new();
    for name in ["fa.toml", "ar.toml"] {
        let path = example(name);
        let out = env.ok(["config", "check", &path]);
        assert!(out.contains("is valid"), "{name}: {out}");
        let out = env.ok(["--config", &path, "config", "check"]);
        assert!(out.contains("is valid"), "{name}: {out}");
    }
}

/// Issue 12: `deal move`, `deal show` and `history` show stages, the
/// pipeline and lost reasons by their labels in the config's language;
/// `--json` keeps the names. Piped, the message is plain logical text; on a
/// terminal the English sentence is laid out with the Persian title and
/// stage as isolated runs, so it reads correctly without terminal bidi.
#[test]
fn deal_messages_and_history_show_labels_and_json_keeps_names() {
    use kariz::text::display::{DisplayOptions, visual};
    let env = Env::new();
    let fa = example("fa.toml");
    let title = "قرارداد پشتیبانی";
    let deal = env.add_deal(title, &[]).to_string();
    let out = env.ok(["--config", &fa, "deal", "move", &deal, "Qualified"]);
    assert!(out.contains("واجد شرایط"), "{out}");
    assert!(!out.contains("Qualified"), "{out}");
    assert!(out.contains(&format!("({title})")), "{out}");
    assert!(
        !out.contains(['\u{2068}', '\u{2069}']),
        "piped: no marks\n{out}"
    );
    env.ok(["deal", "lost", &deal, "--reason", "Price too high"]);

    let history = env.ok(["--config", &fa, "history", "deal", &deal]);
    assert!(history.contains("واجد شرایط"), "{history}");
    assert!(history.contains("از دست رفته"), "{history}");
    assert!(!history.contains("Qualified"), "{history}");
    let json = env.ok(["--config", &fa, "history", "deal", &deal, "--json"]);
    assert!(json.contains("\"Qualified\""), "{json}");
    assert!(!json.contains("واجد شرایط"), "{json}");

    let show = env.ok(["--config", &fa, "deal", "show", &deal]);
    assert!(show.contains("فروش"), "pipeline label:\n{show}");
    assert!(show.contains("سرنخ"), "stage history by label:\n{show}");
    assert!(!show.contains("Qualified"), "{show}");

    let Some(screen) =
        crate::ops::on_a_terminal(&env, &["--config", &fa, "deal", "move", &deal, "Proposal"])
    else {
        return;
    };
    let line = screen
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end()
        .to_owned();
    assert!(!line.contains(['\u{2068}', '\u{2069}', '\\']), "{line:?}");
    let options = DisplayOptions::default();
    let shown_title = visual(title, None, &options);
    let shown_stage = visual("پیشنهاد", None, &options);
    assert!(
        line.starts_with(&format!(
            "Moved deal {deal} ({shown_title}): {shown_stage} · "
        )),
        "{line}"
    );
}

/// The fa example with a labelled custom field on people and labelled
/// support categories, written next to the test's database.
fn labelled_fa(env: &Env) -> String {
    let text = std::fs::read_to_string(example("fa.toml")).expect("the fa example")
        + "\n[[custom_fields]]\nname = \"national_id\"\nlabel = { en = \"National ID\", fa = \"کد ملی\" }\nentity = \"person\"\ntype = \"text\"\n\n[support]\ncategories = [\"question\", { name = \"repair\", label = { en = \"Repair\", fa = \"تعمیر\" } }]\n";
    let path = env.path("labelled-fa.toml");
    std::fs::write(&path, text).expect("write the config");
    path.display().to_string()
}

/// Issue 12: names from the config in a Persian setup. A lost reason given
/// by its Persian label and a category and phone label typed in Persian
/// are stored by their names (what `--json`, CSV and the reports group
/// by); human output (deal list and show, person show, case show, the lost
/// report) shows each by its label, custom fields by theirs.
#[test]
fn persian_output_shows_config_labels_and_stores_names() {
    let env = Env::new();
    let fa = labelled_fa(&env);
    let deal = env.add_deal("Rexroth pumps", &[]).to_string();
    env.ok([
        "--config",
        &fa,
        "deal",
        "lost",
        &deal,
        "--reason",
        "بودجه ندارد",
    ]);
    let json = env.json(["--config", &fa, "deal", "show", &deal, "--json"]);
    assert_eq!(json["lost_reason"], "No budget", "{json}");
    assert_eq!(json["pipeline"], "sales", "{json}");
    let show = env.ok(["--config", &fa, "deal", "show", &deal]);
    assert!(show.contains("بودجه ندارد"), "lost reason label:\n{show}");
    assert!(show.contains("فروش"), "pipeline label:\n{show}");
    assert!(!show.contains("No budget"), "{show}");
    let list = env.ok(["--config", &fa, "deal", "list", "--status", "lost"]);
    assert!(list.contains("از دست رفته (بودجه ندارد)"), "{list}");

    let report = env.ok(["--config", &fa, "report", "lost"]);
    assert!(report.contains("بودجه ندارد"), "{report}");
    assert!(!report.contains("No budget"), "{report}");
    let csv = env.ok(["--config", &fa, "report", "lost", "--csv"]);
    assert!(csv.contains("\nNo budget,"), "CSV keeps the name:\n{csv}");

    let person = env.ok([
        "--config",
        &fa,
        "person",
        "add",
        "--name",
        "سارا احمدی",
        "--phone",
        "موبایل:0912 345 6789",
        "--email",
        "منزل:sara@example.com",
        "--field",
        "national_id=0012345678",
    ]);
    let people = env.json(["person", "list", "--json"]);
    let record = &array(&people)[0];
    assert_eq!(record["phones"][0]["label"], "mobile", "{person}\n{record}");
    assert_eq!(record["emails"][0]["label"], "home", "{record}");
    let id = id(record).to_string();
    let show = env.ok(["--config", &fa, "person", "show", &id]);
    assert!(show.contains("موبایل:0912 345 6789"), "{show}");
    assert!(show.contains("منزل:sara@example.com"), "{show}");
    assert!(show.contains("کد ملی: 0012345678"), "{show}");
    assert!(!show.contains("national_id"), "{show}");
    assert!(!show.contains("mobile"), "{show}");

    env.ok([
        "--config",
        &fa,
        "case",
        "add",
        "--subject",
        "پمپ صدا می‌دهد",
        "--person",
        &id,
        "--category",
        "تعمیر",
    ]);
    let cases = env.json(["--config", &fa, "case", "list", "--json"]);
    let case = &array(&cases)[0];
    assert_eq!(case["category"], "repair", "{case}");
    let number = case["number"].as_str().expect("a case number").to_owned();
    let show = env.ok(["--config", &fa, "case", "show", &number]);
    assert!(show.contains("تعمیر"), "category label:\n{show}");
    assert!(show.contains("تازه"), "status in Persian:\n{show}");
    assert!(!show.contains("repair"), "{show}");
    // A status given by its Persian label moves the case; the change log
    // shows the statuses by their words, --json by their names.
    env.ok(["--config", &fa, "case", "status", &number, "باز"]);
    let case_id = case["id"].to_string();
    let history = env.ok(["--config", &fa, "history", "case", &case_id]);
    assert!(history.contains("باز"), "{history}");
    assert!(history.contains("تازه"), "{history}");
    let json = env.ok(["--config", &fa, "history", "case", &case_id, "--json"]);
    assert!(json.contains("\"open\""), "{json}");
}

/// With a Persian config a refused value is explained in Persian (the
/// value as typed, numbers in Persian digits), with the flag named and the
/// exit code unchanged; `--json` carries the same message. The English
/// config keeps the English words.
#[test]
fn refused_values_are_explained_in_the_configs_language() {
    let env = Env::new();
    let fa = example("fa.toml");
    let err = env.fails(
        1,
        [
            "--config",
            &fa,
            "task",
            "add",
            "--title",
            "T",
            "--due",
            "۱۴۰۴/۱۲/۳۰",
        ],
    );
    assert_eq!(
        err.trim_end(),
        "kariz: error: --due: «۱۴۰۴/۱۲/۳۰» وجود ندارد: اسفند ۱۴۰۴ ۲۹ روز دارد"
    );
    let err = env.fails(
        1,
        [
            "--config",
            &fa,
            "task",
            "add",
            "--title",
            "T",
            "--priority",
            "فوری",
        ],
    );
    assert_eq!(
        err.trim_end(),
        "kariz: error: --priority: اولویت «فوری» پذیرفته نیست؛ کم، معمولی یا زیاد را انتخاب کنید"
    );
    let json = env.fails(
        1,
        [
            "--config", &fa, "task", "add", "--title", "T", "--due", "soon", "--json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(json.trim()).expect("a JSON error");
    let message = value["error"]["message"].as_str().expect("a message");
    assert!(
        message.starts_with("--due: «soon» تاریخ نیست؛"),
        "{message}"
    );
    assert_eq!(value["error"]["exit_code"], 1);
    let ar = example("ar.toml");
    let err = env.fails(
        1,
        [
            "--config", &ar, "deal", "add", "--title", "D", "--value", "١٬٠٠",
        ],
    );
    assert!(
        err.contains("--value: «١٬٠٠» ليس مبلغًا: تأتي فواصل الآلاف كل ثلاثة أرقام"),
        "{err}"
    );
    // The store's refusal of a contact point, in Persian too.
    let err = env.fails(
        1,
        [
            "--config",
            &fa,
            "person",
            "add",
            "--name",
            "زهرا",
            "--email",
            "zahra.example.com",
        ],
    );
    assert!(
        err.contains("«zahra.example.com» نشانی ایمیل نیست؛ به شکل name@example.com بنویسید"),
        "{err}"
    );
    // English stays as it was.
    let err = env.fails(1, ["task", "add", "--title", "T", "--priority", "urgent"]);
    assert_eq!(
        err.trim_end(),
        "kariz: error: --priority: priority \"urgent\" is not allowed; use low, normal or high"
    );
}
