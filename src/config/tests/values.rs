//! `CustomField::validate_value` for every type, good and bad input.

use serde_json::json;

use super::super::{CustomField, FieldEntity, FieldType};

fn field(field_type: FieldType, choices: &[&str]) -> CustomField {
    CustomField {
        name: "f".to_owned(),
        label: crate::config::Labels::default(),
        entity: FieldEntity::Deal,
        field_type,
        choices: choices.iter().map(|c| (*c).to_owned()).collect(),
    }
}

#[test]
fn text_is_kept_as_typed() {
    let text = field(FieldType::Text, &[]);
    assert_eq!(text.validate_value("  hello "), Ok(json!("  hello ")));
    assert_eq!(text.validate_value(""), Ok(json!("")));
    assert_eq!(text.validate_value("سلام"), Ok(json!("سلام")));
}

#[test]
fn numbers_integer_and_decimal() {
    let number = field(FieldType::Number, &[]);
    assert_eq!(number.validate_value("42"), Ok(json!(42)));
    assert_eq!(number.validate_value(" -7 "), Ok(json!(-7)));
    assert_eq!(number.validate_value("+3"), Ok(json!(3)));
    assert_eq!(number.validate_value("3.5"), Ok(json!(3.5)));
    assert_eq!(number.validate_value("۱۲۳"), Ok(json!(123)));
    assert_eq!(number.validate_value("٣٫٥"), Ok(json!(3.5)));
    assert!(number.validate_value("42").is_ok_and(|v| v.is_i64()));
}

#[test]
fn numbers_rejected() {
    let number = field(FieldType::Number, &[]);
    for bad in [
        "",
        "abc",
        "NaN",
        "inf",
        "-inf",
        "1e5",
        "1.",
        ".5",
        "1,000",
        "--1",
        "99999999999999999999",
    ] {
        let err = number.validate_value(bad).expect_err(bad);
        assert!(err.contains("field `f`"), "{err}");
        assert!(err.contains(&format!("{bad:?}")), "{err}");
        assert!(err.contains("such as 42"), "{err}");
    }
    let huge = format!("{}.0", "9".repeat(400));
    assert!(number.validate_value(&huge).is_err());
}

#[test]
fn dates_iso_only() {
    let date = field(FieldType::Date, &[]);
    assert_eq!(date.validate_value("2025-03-21"), Ok(json!("2025-03-21")));
    assert_eq!(date.validate_value(" 2024-02-29 "), Ok(json!("2024-02-29")));
    assert_eq!(date.validate_value("۲۰۲۵-۰۳-۲۱"), Ok(json!("2025-03-21")));
    for bad in [
        "",
        "2025-3-21",
        "21/03/2025",
        "2025-02-30",
        "2023-02-29",
        "2025-13-01",
        "20250321",
        "+2025-03-21",
    ] {
        let err = date.validate_value(bad).expect_err(bad);
        assert!(
            err.contains("field `f`") && err.contains("YYYY-MM-DD"),
            "{err}"
        );
    }
}

#[test]
fn choices_match_ignoring_case_and_store_as_declared() {
    let choice = field(FieldType::Choice, &["Retail", "wholesale", "دولتی"]);
    assert_eq!(choice.validate_value("retail"), Ok(json!("Retail")));
    assert_eq!(choice.validate_value(" WHOLESALE "), Ok(json!("wholesale")));
    assert_eq!(choice.validate_value("دولتی"), Ok(json!("دولتی")));
    let err = choice.validate_value("farm").expect_err("farm");
    assert_eq!(
        err,
        "field `f`: \"farm\" is not one of the choices; allowed: Retail, wholesale or دولتی"
    );
    assert!(choice.validate_value("").is_err());
}

/// Stored values pass the same rules as typed ones: one date shape.
#[test]
fn stored_values_use_the_typed_rules() {
    let date = field(FieldType::Date, &[]);
    assert!(date.accepts_stored(&json!("2025-03-01")));
    for bad in [
        json!("2025-3-1"),
        json!("2025-02-30"),
        json!(20250301),
        json!(null),
    ] {
        assert!(!date.accepts_stored(&bad), "{bad}");
    }
    let choice = field(FieldType::Choice, &["Gold", "Silver"]);
    assert!(choice.accepts_stored(&json!("Gold")));
    assert!(
        !choice.accepts_stored(&json!("gold")),
        "stored choices are exact"
    );
    let number = field(FieldType::Number, &[]);
    assert!(number.accepts_stored(&json!(3.5)));
    assert!(!number.accepts_stored(&json!("3.5")));
    assert!(field(FieldType::Text, &[]).accepts_stored(&json!("")));
}

proptest::proptest! {
    /// Whatever a person types, what `validate_value` makes of it is
    /// accepted when stored.
    #[test]
    fn validated_values_are_accepted_when_stored(raw in "\\PC{0,12}", kind in 0usize..4) {
        let types = [FieldType::Text, FieldType::Number, FieldType::Date, FieldType::Choice];
        let f = field(types[kind], &["Gold", "طلا"]);
        if let Ok(value) = f.validate_value(&raw) {
            proptest::prop_assert!(f.accepts_stored(&value), "{raw:?} → {value}");
        }
    }
}
