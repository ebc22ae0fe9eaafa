//! `[[custom_fields]]` rules.

use super::super::{Config, FieldEntity, FieldType};
use super::assert_error;

/// A valid choice field; lines: 1 header, 2 name, 3 entity, 4 type, 5 choices.
const CHOICE: &str = "[[custom_fields]]\nname = \"segment\"\nentity = \"company\"\ntype = \"choice\"\nchoices = [\"retail\", \"wholesale\"]\n";

#[test]
fn valid_choice_field() {
    let config = Config::parse(CHOICE, "test.toml").expect("valid");
    let field = config
        .custom_field(FieldEntity::Company, "segment")
        .expect("field");
    assert_eq!(field.field_type, FieldType::Choice);
    assert_eq!(field.choices, ["retail", "wholesale"]);
    assert_eq!(field.display_label(crate::vocab::Language::Fa), "segment");
}

#[test]
fn name_must_be_an_identifier() {
    let text = CHOICE.replace("\"segment\"", "\"Industry Segment\"");
    assert_error(
        &text,
        2,
        "custom_fields[0].name",
        "lower-case letters a-z, digits and underscores",
    );
    let text = CHOICE.replace("\"segment\"", "\"9lives\"");
    assert_error(&text, 2, "custom_fields[0].name", "starting with a letter");
    let text = CHOICE.replace("\"segment\"", "\"\"");
    assert_error(&text, 2, "custom_fields[0].name", "industry_segment");
}

#[test]
fn duplicate_name_for_same_entity() {
    let text = format!("{CHOICE}{CHOICE}");
    assert_error(
        &text,
        7,
        "custom_fields[1].name",
        "not used by another company field",
    );
}

#[test]
fn same_name_for_another_entity_is_fine() {
    let other = CHOICE.replace("\"company\"", "\"person\"");
    let config = Config::parse(&format!("{CHOICE}{other}"), "test.toml").expect("valid");
    assert_eq!(config.custom_fields_for(FieldEntity::Person).count(), 1);
    assert_eq!(config.custom_fields_for(FieldEntity::Company).count(), 1);
    assert_eq!(config.custom_fields_for(FieldEntity::Deal).count(), 0);
}

#[test]
fn bad_entity() {
    let text = CHOICE.replace("\"company\"", "\"lead\"");
    assert_error(
        &text,
        3,
        "custom_fields[0].entity",
        "person, company or deal",
    );
}

#[test]
fn bad_type() {
    let text = CHOICE.replace("\"choice\"", "\"enum\"");
    assert_error(
        &text,
        4,
        "custom_fields[0].type",
        "text, number, date or choice",
    );
}

#[test]
fn choice_without_choices() {
    let text = CHOICE.replace("choices = [\"retail\", \"wholesale\"]\n", "");
    assert_error(&text, 4, "custom_fields[0].choices", "choices = [");
}

#[test]
fn choice_with_empty_choices() {
    let text = CHOICE.replace("[\"retail\", \"wholesale\"]", "[]");
    assert_error(&text, 5, "custom_fields[0].choices", "non-empty");
}

#[test]
fn choices_on_a_text_field() {
    let text = CHOICE.replace("\"choice\"", "\"text\"");
    assert_error(&text, 5, "custom_fields[0].choices", "type = \"choice\"");
}

#[test]
fn duplicate_choice_ignoring_case() {
    let text = CHOICE.replace("\"wholesale\"", "\"Retail\"");
    assert_error(&text, 5, "custom_fields[0].choices[1]", "each choice once");
}

#[test]
fn blank_choice() {
    let text = CHOICE.replace("\"wholesale\"", "\" \"");
    assert_error(&text, 5, "custom_fields[0].choices[1]", "must not be empty");
}

#[test]
fn blank_label() {
    let text = format!("{CHOICE}label = \"\"\n");
    assert_error(&text, 6, "custom_fields[0].label", "must not be empty");
}

#[test]
fn missing_entity() {
    let text = CHOICE.replace("entity = \"company\"\n", "");
    assert_error(
        &text,
        1,
        "custom_fields[0].entity",
        "missing required key `entity`",
    );
}
