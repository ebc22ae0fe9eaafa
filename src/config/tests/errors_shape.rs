//! Syntax errors, unknown keys, wrong types, bad keywords and the message
//! format.

use super::super::ConfigError;
use super::{assert_error, parse_err};

#[test]
fn syntax_error_has_line_and_column() {
    let err = parse_err("[display]\nlanguage = \"en\"\ncalendar = \n");
    assert_eq!(err.line, Some(3));
    assert_eq!(err.column, Some(12));
    assert_eq!(err.key, None);
    assert!(err.message.starts_with("invalid TOML"), "{err}");
    assert!(err.message.contains("expected"), "{err}");
}

#[test]
fn syntax_error_unclosed_header() {
    let err = parse_err("[user]\n\n[display\nlanguage = \"en\"\n");
    assert_eq!(err.line, Some(3));
    assert!(err.message.contains("`]`"), "{err}");
}

#[test]
fn duplicate_key_is_a_syntax_error_with_line() {
    let err = parse_err("[user]\nname = \"a\"\nname = \"b\"\n");
    assert_eq!(err.line, Some(3));
    assert!(err.message.contains("duplicate"), "{err}");
}

#[test]
fn unknown_key_lists_allowed_keys() {
    let err = assert_error(
        "[display]\nlanguage = \"en\"\ncolour = \"red\"\n",
        3,
        "display.colour",
        "allowed keys here: language, calendar, digits, bidi, arabic_shaping",
    );
    assert!(err.message.starts_with("unknown key `colour`"), "{err}");
}

#[test]
fn unknown_top_level_section() {
    assert_error("\n[users]\nname = \"x\"\n", 2, "users", "custom_fields");
}

#[test]
fn unknown_key_in_a_stage() {
    let text = format!("{}colour = 1\n", super::ONE_STAGE);
    assert_error(&text, 8, "pipelines[0].stages[0].colour", "rot_days");
}

#[test]
fn unknown_key_in_an_inline_stage() {
    let text = "[[pipelines]]\nname = \"p\"\nstages = [\n  { name = \"A\", probability = 1, kind = \"open\" },\n  { name = \"B\", probability = 1, kind = \"open\", x = 1 },\n]\n";
    assert_error(text, 5, "pipelines[0].stages[1].x", "probability");
}

#[test]
fn wrong_type_says_what_is_allowed() {
    assert_error(
        "[display]\narabic_shaping = \"yes\"\n",
        2,
        "display.arabic_shaping",
        "true or false",
    );
}

#[test]
fn float_probability_wants_a_whole_number() {
    let text = super::ONE_STAGE.replace("probability = 10", "probability = 10.5");
    assert_error(
        &text,
        6,
        "pipelines[0].stages[0].probability",
        "whole number",
    );
}

#[test]
fn single_bracket_pipelines_hint_double_brackets() {
    assert_error(
        "[pipelines]\nname = \"x\"\n",
        1,
        "pipelines",
        "[[double-bracket]]",
    );
}

#[test]
fn section_given_as_a_value() {
    assert_error("display = 3\n", 1, "display", "table");
}

#[test]
fn missing_required_key_names_it() {
    let text =
        "[[pipelines]]\nname = \"p\"\n\n[[pipelines.stages]]\nname = \"Open\"\nkind = \"open\"\n";
    let err = assert_error(
        text,
        4,
        "pipelines[0].stages[0].probability",
        "missing required key `probability`",
    );
    assert!(err.to_string().contains("line 4"), "{err}");
}

#[test]
fn bad_language_lists_languages() {
    assert_error(
        "[display]\nlanguage = \"de\"\n",
        2,
        "display.language",
        "en, fa or ar",
    );
}

#[test]
fn bad_calendar_digits_bidi() {
    assert_error(
        "[display]\ncalendar = \"julian\"\n",
        2,
        "display.calendar",
        "gregorian or jalali",
    );
    assert_error(
        "[display]\n\ndigits = \"roman\"\n",
        3,
        "display.digits",
        "latin, persian or arabic",
    );
    assert_error(
        "[display]\nbidi = \"both\"\n",
        2,
        "display.bidi",
        "app or terminal",
    );
}

#[test]
fn keywords_are_case_sensitive() {
    assert_error(
        "[display]\nlanguage = \"EN\"\n",
        2,
        "display.language",
        "en, fa or ar",
    );
}

#[test]
fn blank_user_name() {
    assert_error(
        "[user]\nname = \"  \"\n",
        2,
        "user.name",
        "must not be empty",
    );
}

#[test]
fn display_format_has_origin_line_key_message() {
    let err = parse_err("[display]\nlanguage = \"de\"\n");
    assert_eq!(
        err.to_string(),
        "config error in test.toml, line 2, key `display.language`: language \"de\" is not allowed; use en, fa or ar"
    );
}

#[test]
fn display_format_omits_unknown_parts() {
    let err = ConfigError {
        origin: "x.toml".to_owned(),
        line: None,
        column: None,
        key: None,
        message: "boom".to_owned(),
    };
    assert_eq!(err.to_string(), "config error in x.toml: boom");
    let syntax = parse_err("a = \n");
    assert_eq!(
        syntax.to_string(),
        format!(
            "config error in test.toml, line 1, column 5: {}",
            syntax.message
        )
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let err = parse_err("[user]\nname = \"سارا\" x\n");
    assert_eq!(err.line, Some(2));
    assert_eq!(err.column, Some(15));
}

#[test]
fn date_where_text_is_expected() {
    let err = assert_error(
        "[user]\nname = 2024-01-01\n",
        2,
        "user.name",
        "double quotes",
    );
    assert!(err.message.contains("found a date"), "{err}");
}
