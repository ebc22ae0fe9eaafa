//! A quote built in the real interface: a deal added with the CLI is
//! found by the open search, `n` on its page starts a quote, two lines
//! come from the product picker (by a Persian name and by code), the quote
//! is sent and accepted after their questions, and the CLI's `--json`
//! shows what was stored: the lines from the products, the note on the
//! deal's timeline, the deal's value.

use super::Tui;

const TITLE: &str = "Kiosk rollout for Tabriz";

#[test]
fn a_quote_with_two_lines_from_the_product_picker_is_sent_and_accepted() {
    let Some(tui) = Tui::start() else { return };
    for (code, name, price) in [
        ("KSK-10", "کیوسک لمسی ۱۰ اینچ", "USD=1250"),
        ("MNT-3Y", "Maintenance, 3 years", "USD=400"),
    ] {
        tui.json(&[
            "product", "add", "--code", code, "--name", name, "--price", price, "--tax", "9",
            "--json",
        ]);
    }
    let deal = tui.json(&[
        "deal",
        "add",
        "--title",
        TITLE,
        "--currency",
        "USD",
        "--json",
    ]);
    let deal_id = deal["id"].to_string();
    // The next number of the year, after the demo's own quotes.
    let before = tui.json(&["quote", "list", "--json"]);
    let number = format!("2026-{:04}", before.as_array().map_or(0, Vec::len) + 1);
    // The open search finds the new deal (the change feed brought it).
    tui.press("2");
    tui.press("/");
    tui.type_text("kiosk rollout");
    tui.wait_for("the deal in the search", |s| s.contains(TITLE));
    tui.press("Enter");
    tui.wait_for("the deal page", |s| s.contains("n new quote"));
    tui.press("n");
    tui.wait_for("the new quote page", |s| {
        s.contains(&format!("Quote {number}")) && s.contains("No lines yet")
    });
    // First line: a Persian name typed into the picker.
    tui.press("a");
    tui.wait_for("the product picker", |s| {
        s.contains("Product (code or name)")
    });
    tui.type_text("کیوسک");
    tui.press("Enter");
    tui.wait_for("the line form", |s| s.contains("New line"));
    tui.press("Enter");
    tui.wait_for("the first line", |s| {
        s.contains("Line added") && s.contains("1,250.00")
    });
    // Second line: by code, quantity 2.
    tui.press("a");
    tui.wait_for("the product picker", |s| {
        s.contains("Product (code or name)")
    });
    tui.type_text("mnt");
    tui.press("Enter");
    tui.wait_for("the line form", |s| s.contains("New line"));
    tui.press("Tab");
    tui.press("C-u");
    tui.type_text("2");
    tui.press("Enter");
    // 1,250 + 2 × 400 = 2,050; 9% tax: 2,234.50.
    tui.wait_for("both lines and the total", |s| {
        s.contains("Total 2,234.50 USD")
    });
    tui.press("s");
    tui.wait_for("the send question", |s| {
        s.contains("u cannot take this back")
    });
    tui.press("y");
    tui.wait_for("the quote sent", |s| s.contains("marked sent"));
    tui.press("A");
    tui.wait_for("the accept question", |s| {
        s.contains(&format!("Accept quote {number}?"))
    });
    tui.press("y");
    tui.wait_for("the quote accepted", |s| s.contains("accepted"));

    let quote = tui.json(&["quote", "show", &number, "--json"]);
    assert_eq!(quote["status"], "accepted", "{quote:#}");
    let lines = quote["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 2, "{quote:#}");
    assert_eq!(lines[0]["description"], "کیوسک لمسی ۱۰ اینچ");
    assert_eq!(lines[0]["unit_price"], 125_000);
    assert_eq!(lines[1]["quantity_milli"], 2000);
    assert!(lines.iter().all(|l| l["product_id"].is_i64()), "{quote:#}");
    assert_eq!(quote["totals"]["total"], 223_450);
    let deal = tui.json(&["deal", "show", &deal_id, "--json"]);
    assert_eq!(deal["value_minor"], 223_450, "{deal:#}");
    let notes = tui.json(&["activity", "list", "--deal", &deal_id, "--json"]);
    assert_eq!(
        notes[0]["subject"],
        format!("Quote {number} sent, total 2,234.50 USD"),
        "{notes:#}"
    );
}
