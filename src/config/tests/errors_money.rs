//! `[money]` rules and defaults.

use super::super::Config;
use super::assert_error;

fn money(text: &str) -> super::super::MoneyConfig {
    Config::parse(text, "test.toml").expect("valid money").money
}

#[test]
fn lower_case_code() {
    let err = assert_error(
        "[money]\ncurrencies = [\"USD\", \"usd\"]\n",
        2,
        "money.currencies[1]",
        "three upper-case letters",
    );
    assert_eq!(
        err.message,
        "currency \"usd\" is not an ISO 4217 code; use three upper-case letters such as USD, IRR, AED"
    );
}

#[test]
fn unknown_code() {
    assert_error(
        "[money]\n\ncurrencies = [\"XYZ\"]\n",
        3,
        "money.currencies[0]",
        "such as USD",
    );
}

#[test]
fn duplicate_code() {
    let text = "[money]\ncurrencies = [\n  \"USD\",\n  \"EUR\",\n  \"USD\",\n]\n";
    assert_error(text, 5, "money.currencies[2]", "each currency once");
}

#[test]
fn default_not_in_currencies() {
    let text = "[money]\ncurrencies = [\"USD\", \"IRR\"]\ndefault_currency = \"EUR\"\n";
    assert_error(text, 3, "money.default_currency", "USD, IRR");
}

#[test]
fn malformed_default_currency() {
    assert_error(
        "[money]\ndefault_currency = \"dollar\"\n",
        2,
        "money.default_currency",
        "upper-case",
    );
}

#[test]
fn currency_of_wrong_type() {
    assert_error(
        "[money]\ncurrencies = [\"USD\", 3]\n",
        2,
        "money.currencies[1]",
        "double quotes",
    );
}

#[test]
fn absent_currencies_become_the_default() {
    let money = money("[money]\ndefault_currency = \"IRR\"\n");
    assert_eq!(money.default_currency, "IRR");
    assert_eq!(money.currencies, ["IRR"]);
}

#[test]
fn empty_currencies_become_the_default() {
    let money = money("[money]\ndefault_currency = \"KWD\"\ncurrencies = []\n");
    assert_eq!(money.currencies, ["KWD"]);
}

#[test]
fn absent_default_is_the_first_currency() {
    let money = money("[money]\ncurrencies = [\"AED\", \"USD\"]\n");
    assert_eq!(money.default_currency, "AED");
}

#[test]
fn empty_money_section_is_the_default() {
    assert_eq!(money("[money]\n"), super::super::MoneyConfig::default());
}
