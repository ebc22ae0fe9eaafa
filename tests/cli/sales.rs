//! `kariz product`, `quote`, `order`, `invoice` and `payment` end to end:
//! the "done when" flow of issue 15 (a deal, a quote of three products in
//! rials with tax, a Persian PDF, acceptance, an invoice, a payment and
//! what the customer still owes), numbering across Nowruz, revisions,
//! payment import with a bad row, and two processes adding quotes at once.

use crate::common::{Env, NOW, USER, array, id, str_field};

const SHOP: &str = r#"
[display]
language = "fa"
calendar = "jalali"

[money]
default_currency = "IRR"
currencies = ["IRR", "USD"]

[support]
time_zone = "Asia/Tehran"

[sales]
accept_stage = "Won"
payment_terms_days = 30

[print.seller]
name = "شرکت کاریز"
economic_code = "4111-2222-3333"
"#;

fn shop() -> (Env, i64, i64) {
    let env = Env::new();
    std::fs::create_dir_all(env.config_file().parent().unwrap()).unwrap();
    std::fs::write(env.config_file(), SHOP).unwrap();
    let person = env.add_person("رضا تهرانی", &[]);
    let p = person.to_string();
    let deal = env.add_deal("شبکه دفتر مرکزی", &["--person", &p]);
    for (code, name, unit, price) in [
        ("LNV-X1", "لپ‌تاپ Lenovo X1", "دستگاه", "IRR=400000000"),
        ("SRV", "نصب و راه‌اندازی", "خدمت", "IRR=200000000"),
        ("CAB", "کابل شبکه Cat6", "حلقه", "IRR=25000000"),
    ] {
        env.ok([
            "product", "add", "--code", code, "--name", name, "--unit", unit, "--price", price,
            "--tax", "10",
        ]);
    }
    (env, person, deal)
}

/// Starts a quote on `deal` and returns its number.
fn quote(env: &Env, deal: i64) -> String {
    let q = env.json(["quote", "add", "--deal", &deal.to_string(), "--json"]);
    str_field(&q, "number").to_string()
}

#[test]
fn a_deal_becomes_a_quote_a_persian_pdf_an_invoice_and_a_payment() {
    let (env, person, deal) = shop();
    let number = quote(&env, deal);
    assert_eq!(number, "1405-0001");
    env.ok([
        "quote",
        "line",
        "add",
        &number,
        "--product",
        "LNV-X1",
        "--qty",
        "2",
    ]);
    env.ok(["quote", "line", "add", &number, "--product", "SRV"]);
    let q = env.json([
        "quote",
        "line",
        "add",
        &number,
        "--product",
        "CAB",
        "--qty",
        "4",
        "--json",
    ]);
    // 2 × 400M + 200M + 4 × 25M = 1,100M; 10% tax = 110M; total 1,210M.
    assert_eq!(q["totals"]["subtotal"], 1_100_000_000_i64);
    assert_eq!(q["totals"]["tax"], 110_000_000_i64);
    assert_eq!(q["totals"]["total"], 1_210_000_000_i64);
    assert_eq!(array(&q["lines"]).len(), 3);

    if crate::print::pdf_tools_present() {
        let pdf = env.path("pish.pdf");
        let out = env.ok(["quote", "print", &number, "-o", pdf.to_str().unwrap()]);
        assert!(out.contains("pish.pdf"), "{out}");
        let text = crate::print::pdftotext(&pdf, None);
        assert!(crate::print::reads(&text, "1405-0001"), "{text}");
        assert!(
            crate::print::reads(&text, "یک میلیارد و دویست و ده میلیون ریال"),
            "{text}"
        );
        assert!(crate::print::reads(&text, "پیش‌فاکتور"), "{text}");
        crate::print::page_image(&pdf, "quote-fa");
    }

    // Accepting needs a sent quote; then the deal takes the total and is won.
    let err = env.fails(1, ["quote", "accept", &number]);
    assert!(err.contains("from draft it can become: sent"), "{err}");
    env.ok(["quote", "send", &number]);
    env.ok(["quote", "accept", &number]);
    let d = env.json(["deal", "show", &deal.to_string(), "--json"]);
    assert_eq!(d["value_minor"], 1_210_000_000_i64, "{d}");
    assert_eq!(d["stage"], "Won");

    let inv = env.json(["invoice", "from-quote", &number, "--json"]);
    let invoice = str_field(&inv, "number").to_string();
    assert_eq!(inv["totals"]["total"], 1_210_000_000_i64);
    assert_eq!(inv["due_on"], "2026-12-22");
    let err = env.fails(1, ["invoice", "from-quote", &number]);
    assert!(err.contains("already invoiced"), "{err}");
    env.ok([
        "payment",
        "add",
        "--invoice",
        &invoice,
        "--amount",
        "1000000000",
        "--method",
        "transfer",
        "--ref",
        "TX-77",
    ]);
    let err = env.fails(
        1,
        [
            "payment",
            "add",
            "--invoice",
            &invoice,
            "--amount",
            "300000000",
        ],
    );
    // The shop's config is Persian: the refusal is in Persian, the amounts
    // in its (Latin) digits with the rial's name.
    assert!(
        err.contains(
            "فاکتور 1405-0001 هنوز 210,000,000 ریال بدهکار است؛ پرداخت 300,000,000 بیش از آن است"
        ),
        "{err}"
    );

    let page = env.json(["person", "show", &person.to_string(), "--json"]);
    let totals = &page["receivables"]["totals"][0];
    assert_eq!(totals["currency"], "IRR");
    assert_eq!(totals["invoiced"], 1_210_000_000_i64);
    assert_eq!(totals["paid"], 1_000_000_000_i64);
    assert_eq!(totals["outstanding"], 210_000_000_i64);
    // A month and a day later the rest is overdue, and the page says so.
    let later = "2026-12-23T10:00:00+03:30";
    let shown = env.ok_at(later, ["person", "show", &person.to_string()]);
    assert!(
        shown.contains("Receivables") && shown.contains("OVERDUE"),
        "{shown}"
    );
    assert!(shown.contains("210,000,000"), "{shown}");
    let overdue = env.json_at(later, ["invoice", "list", "--overdue", "--json"]);
    assert_eq!(array(&overdue).len(), 1);
    let csv = env.ok(["invoice", "export", "--since", "2026-11-01"]);
    assert!(
        csv.contains("1405-0001,2026-11-22,2026-12-22,رضا تهرانی")
            && csv.contains("1210000000,1000000000,210000000,open"),
        "{csv}"
    );
}

#[test]
fn quote_numbers_start_again_at_nowruz() {
    let (env, _, deal) = shop();
    let d = deal.to_string();
    // 1404-12-29 (20 March 2026) and 1405-01-01 (21 March), Tehran time.
    let last = "2026-03-20T23:00:00+03:30";
    let first = "2026-03-21T09:00:00+03:30";
    let a = env.json_at(last, ["quote", "add", "--deal", &d, "--json"]);
    let b = env.json_at(last, ["quote", "add", "--deal", &d, "--json"]);
    let c = env.json_at(first, ["quote", "add", "--deal", &d, "--json"]);
    assert_eq!(str_field(&a, "number"), "1404-0001");
    assert_eq!(str_field(&b, "number"), "1404-0002");
    assert_eq!(str_field(&c, "number"), "1405-0001");
}

#[test]
fn a_revision_keeps_the_earlier_quote_readable() {
    let (env, _, deal) = shop();
    let number = quote(&env, deal);
    env.ok([
        "quote",
        "line",
        "add",
        &number,
        "--product",
        "SRV",
        "--discount",
        "5%",
    ]);
    env.ok(["quote", "send", &number]);
    let err = env.fails(1, ["quote", "line", "add", &number, "--product", "CAB"]);
    assert!(err.contains("revise"), "{err}");
    let r = env.json(["quote", "revise", &number, "--json"]);
    assert_eq!(r["revision"], 2);
    assert_eq!(r["status"], "draft");
    env.ok(["quote", "line", "edit", &number, "1", "--discount", "10%"]);
    let old = env.json(["quote", "show", &format!("{number}/1"), "--json"]);
    assert_eq!(old["status"], "revised");
    // 200M − 5% = 190M + 10% tax = 209M.
    assert_eq!(old["totals"]["total"], 209_000_000_i64);
    let new = env.json(["quote", "show", &number, "--json"]);
    assert_eq!(new["totals"]["total"], 198_000_000_i64);
    let list = env.json(["quote", "list", "--all", "--json"]);
    assert_eq!(array(&list).len(), 2);
    let history = env.ok(["history", "quote", &id(&old).to_string()]);
    assert!(history.contains("revised"), "{history}");
}

#[test]
fn a_bad_payment_row_names_its_line_and_nothing_is_imported() {
    let (env, _, deal) = shop();
    let number = quote(&env, deal);
    env.ok(["quote", "line", "add", &number, "--product", "SRV"]);
    env.ok(["quote", "send", &number]);
    env.ok(["quote", "accept", &number]);
    env.ok(["order", "from-quote", &number]);
    env.ok(["invoice", "from-order", &number]);
    let file = env.path("payments.csv");
    std::fs::write(
        &file,
        "invoice,amount,date,method,reference\n1405-0001,100000000,2026-11-20,cash,R1\n1405-0001,12x,2026-11-21,cash,R2\n",
    )
    .unwrap();
    let err = env.fails(1, ["payment", "import", file.to_str().unwrap()]);
    assert!(
        err.contains("line 3") && err.contains("nothing was imported"),
        "{err}"
    );
    let inv = env.json(["invoice", "show", "1405-0001", "--json"]);
    assert_eq!(inv["paid"], 0);
    // A row over what is owed fails inside the write: still nothing kept.
    std::fs::write(
        &file,
        "invoice,amount,date\n1405-0001,100000000,2026-11-20\n1405-0001,200000000,2026-11-21\n",
    )
    .unwrap();
    let err = env.fails(1, ["payment", "import", file.to_str().unwrap()]);
    assert!(
        err.contains("line 3") && err.contains("still owes"),
        "{err}"
    );
    assert_eq!(
        env.json(["invoice", "show", "1405-0001", "--json"])["paid"],
        0
    );
    std::fs::write(
        &file,
        "invoice,amount,date\n1405-0001,100000000,2026-11-20\n1405-0001,120000000,2026-11-21\n",
    )
    .unwrap();
    env.ok(["payment", "import", file.to_str().unwrap()]);
    let inv = env.json(["invoice", "show", "1405-0001", "--json"]);
    assert_eq!(inv["paid"], 220_000_000_i64);
    assert_eq!(inv["outstanding"], 0);
}

#[test]
fn products_import_and_export_as_csv() {
    let (env, _, _) = shop();
    let file = env.path("products.csv");
    std::fs::write(
        &file,
        "code,name,unit,tax,active,IRR,USD\nMOUSE,Mouse,pcs,9,yes,3500000,4.50\nLNV-X1,لپ‌تاپ,دستگاه,10,no,410000000,\n",
    )
    .unwrap();
    env.ok(["product", "import", file.to_str().unwrap()]);
    let mouse = env.json(["product", "show", "mouse", "--json"]);
    assert_eq!(mouse["prices"]["USD"], 450);
    assert_eq!(mouse["tax_bp"], 900);
    let laptop = env.json(["product", "show", "LNV-X1", "--json"]);
    assert_eq!(laptop["active"], false);
    assert_eq!(laptop["prices"]["IRR"], 410_000_000_i64);
    let active = env.json(["product", "list", "--json"]);
    assert_eq!(array(&active).len(), 3);
    let csv = env.ok(["product", "export"]);
    assert!(
        csv.starts_with("code,name,unit,tax,active,description,IRR,USD"),
        "{csv}"
    );
    assert!(csv.contains("MOUSE,Mouse,pcs,9,yes,,3500000,4.50"), "{csv}");
    std::fs::write(&file, "code,name,tax\nBAD,Bad,150\n").unwrap();
    let err = env.fails(1, ["product", "import", file.to_str().unwrap()]);
    assert!(err.contains("line 2") && err.contains("tax"), "{err}");
    let err = env.fails(1, ["product", "add", "--code", "mouse", "--name", "Again"]);
    assert!(err.contains("taken"), "{err}");
}

#[test]
fn two_processes_adding_quotes_at_once_get_distinct_numbers() {
    let (env, _, deal) = shop();
    let d = deal.to_string();
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("kariz"))
            .args(["quote", "add", "--deal", &d])
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
    for _ in 0..4 {
        let (mut a, mut b) = (spawn(), spawn());
        assert!(a.wait().unwrap().success());
        assert!(b.wait().unwrap().success());
    }
    let all = env.json(["quote", "list", "--json"]);
    let mut numbers: Vec<String> = array(&all)
        .iter()
        .map(|q| str_field(q, "number").to_string())
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=8).map(|i| format!("1405-{i:04}")).collect();
    assert_eq!(numbers, expected);
}

#[test]
fn the_quotes_and_receivables_reports_count_and_age() {
    let (env, _, deal) = shop();
    let d = deal.to_string();
    // Two quotes sent in Azar 1405, one accepted; one left a draft.
    for accept in [true, false] {
        let number = quote(&env, deal);
        env.ok(["quote", "line", "add", &number, "--product", "SRV"]);
        env.ok(["quote", "send", &number]);
        if accept {
            env.ok(["quote", "accept", &number]);
            env.ok(["invoice", "from-quote", &number]);
        }
    }
    env.ok(["quote", "add", "--deal", &d]);
    env.ok([
        "payment",
        "add",
        "--invoice",
        "1405-0001",
        "--amount",
        "20000000",
    ]);
    let r = env.json(["report", "quotes", "--from", "2026-11-01", "--json"]);
    assert_eq!(r["sent"], 2, "{r}");
    assert_eq!(r["accepted"], 1);
    assert_eq!(r["acceptance_rate"], 0.5);
    assert_eq!(r["money"][0]["invoiced"], 220_000_000_i64);
    assert_eq!(r["money"][0]["collected"], 20_000_000_i64);
    // Due 2026-12-22; on 2027-02-01 it is 41 days overdue.
    let later = "2027-02-01T10:00:00+03:30";
    let r = env.json_at(later, ["report", "receivables", "--json"]);
    let row = &r["rows"][0];
    assert_eq!(row["currency"], "IRR");
    assert_eq!(row["buckets"][2], 200_000_000_i64, "{r}");
    assert_eq!(row["total"], 200_000_000_i64);
    let table = env.ok_at(later, ["report", "receivables"]);
    assert!(table.contains("31-60"), "{table}");
}

#[test]
fn sending_a_quote_logs_a_note_on_the_deal_s_timeline_in_the_config_s_language() {
    let (env, person, deal) = shop();
    let number = quote(&env, deal);
    env.ok(["quote", "line", "add", &number, "--product", "SRV"]);
    env.ok(["quote", "send", &number]);
    let notes = env.json(["activity", "list", "--deal", &deal.to_string(), "--json"]);
    let notes = array(&notes);
    assert_eq!(notes.len(), 1, "{notes:?}");
    // The config is Persian (with the default digits): the subject in
    // Persian words, the configured digits and the rial's name.
    assert_eq!(
        str_field(&notes[0], "subject"),
        "پیش‌فاکتور 1405-0001 ارسال شد، مبلغ کل 220,000,000 ریال"
    );
    assert_eq!(str_field(&notes[0], "kind"), "note");
    assert_eq!(notes[0]["person_id"], person);
    // A refused send (already sent) logs nothing more.
    env.fails(1, ["quote", "send", &number]);
    let again = env.json(["activity", "list", "--deal", &deal.to_string(), "--json"]);
    assert_eq!(array(&again).len(), 1);
}

#[test]
fn a_sent_quote_reads_as_expired_the_day_after_its_valid_until_date() {
    let (env, _, deal) = shop();
    let d = deal.to_string();
    // Started on 22 November 2026 (Tehran), valid until 23 November.
    let day = "2026-11-22T10:00:00+03:30";
    let last_day = "2026-11-23T23:59:00+03:30";
    let next_day = "2026-11-24T00:01:00+03:30";
    let q = env.json_at(
        day,
        [
            "quote",
            "add",
            "--deal",
            &d,
            "--valid-until",
            "2026-11-23",
            "--json",
        ],
    );
    let number = str_field(&q, "number").to_string();
    env.ok_at(day, ["quote", "line", "add", &number, "--product", "SRV"]);
    env.ok_at(day, ["quote", "send", &number]);
    let shown = env.json_at(last_day, ["quote", "show", &number, "--json"]);
    assert_eq!(shown["status"], "sent", "still valid on its last day");
    let shown = env.json_at(next_day, ["quote", "show", &number, "--json"]);
    assert_eq!(shown["status"], "expired", "computed on read the next day");
    let listed = env.json_at(next_day, ["quote", "list", "--status", "expired", "--json"]);
    assert_eq!(array(&listed).len(), 1);
    let sent = env.json_at(next_day, ["quote", "list", "--status", "sent", "--json"]);
    assert!(array(&sent).is_empty());
    // Accepting it is refused with what to do; revising works.
    let err = env.fails_at(next_day, 1, ["quote", "accept", &number]);
    assert!(
        err.contains("expired on 2026-11-23") && err.contains("revise"),
        "{err}"
    );
    let r = env.json_at(next_day, ["quote", "revise", &number, "--json"]);
    assert_eq!(r["status"], "draft");
    assert_eq!(r["revision"], 2);
}
