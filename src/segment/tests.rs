//! Parser tests: every key, error columns, and properties over random input.

use super::*;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
}

fn one(input: &str) -> Term {
    let q = parse(input, today()).unwrap();
    assert_eq!(q.any.len(), 1, "{input}");
    assert_eq!(q.any[0].len(), 1, "{input}");
    q.any[0][0].clone()
}

fn error(input: &str) -> SegmentError {
    parse(input, today()).unwrap_err()
}

#[test]
fn the_issue_example_parses() {
    let q = parse(
        "tag:vip -tag:lost owner:me source:exhibition city:مشهد created>=1405/01/01 \
         field.industry=food stage:Proposal has:email has:phone \"free text\" company:Acme",
        today(),
    )
    .unwrap();
    let terms = &q.any[0];
    assert_eq!(terms.len(), 12);
    assert_eq!(terms[0].cond, Cond::Tag("vip".into()));
    assert!(terms[1].negated);
    assert_eq!(terms[2].cond, Cond::Owner(Owner::Me));
    assert_eq!(terms[4].cond, Cond::City("مشهد".into()));
    // 1405/01/01 is Nowruz 2026, 21 March.
    assert_eq!(
        terms[5].cond,
        Cond::Date(
            DateKey::Created,
            Cmp::Ge,
            NaiveDate::from_ymd_opt(2026, 3, 21).unwrap()
        )
    );
    assert_eq!(
        terms[6].cond,
        Cond::Field {
            key: "industry".into(),
            value: "food".into()
        }
    );
    assert_eq!(terms[8].cond, Cond::Has(Has::Email));
    assert_eq!(terms[10].cond, Cond::Text("free text".into()));
    assert_eq!(terms[11].cond, Cond::Company("Acme".into()));
}

#[test]
fn persian_digits_in_dates() {
    let t = one("created<۱۴۰۵/۰۱/۰۱");
    assert_eq!(
        t.cond,
        Cond::Date(
            DateKey::Created,
            Cmp::Lt,
            NaiveDate::from_ymd_opt(2026, 3, 21).unwrap()
        )
    );
    let t = one("due<=٢٠٢٦-١٢-٠١");
    assert_eq!(
        t.cond,
        Cond::Date(
            DateKey::Due,
            Cmp::Le,
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        )
    );
}

#[test]
fn or_splits_groups() {
    let q = parse("tag:a tag:b OR tag:c", today()).unwrap();
    assert_eq!(q.any.len(), 2);
    assert_eq!(q.any[0].len(), 2);
    assert_eq!(q.any[1].len(), 1);
}

#[test]
fn empty_input_matches_everything() {
    assert!(parse("   ", today()).unwrap().is_empty());
    assert!(parse("\"\"", today()).unwrap().is_empty());
}

#[test]
fn unknown_key_names_its_column_and_the_nearest_key() {
    let e = error("tag:vip ctiy:x");
    assert_eq!(e.column, 9);
    assert_eq!(
        e.to_string(),
        "unknown key \"ctiy\" at column 9; did you mean \"city\"?"
    );
}

#[test]
fn missing_value_points_at_the_operator() {
    let e = error("owner:me tag:");
    assert_eq!(e.column, 13);
    assert!(e.to_string().contains("expected a value after \"tag:\""));
}

#[test]
fn bad_operator_bad_choice_bad_date() {
    let e = error("tag>=x");
    assert_eq!((e.column, e.kind.clone()), (4, e.kind.clone()));
    assert!(matches!(e.kind, ErrorKind::BadOperator { .. }));
    let e = error("has:emial");
    assert_eq!(e.column, 5);
    assert!(e.to_string().contains("did you mean \"email\""), "{e}");
    let e = error("a created>=1405/13/01");
    assert_eq!(e.column, 12);
    assert!(matches!(e.kind, ErrorKind::BadDate { .. }));
}

#[test]
fn dangling_or_and_minus() {
    assert_eq!(error("OR tag:a").column, 1);
    assert_eq!(error("tag:a OR").column, 7);
    assert_eq!(error("tag:a OR OR tag:b").column, 10);
    assert_eq!(error("tag:a - x").column, 7);
    assert_eq!(error("field.=x").kind, ErrorKind::MissingField);
}

/// A term as a user would write it, and the condition it must give.
fn written_term() -> impl Strategy<Value = (String, Cond)> {
    let word = "[a-z][a-z0-9]{0,6}";
    let persian = "[آابپتثجحخدذرزسشصضطظعغفقکگلمنوهی]{1,6}";
    prop_oneof![
        word.prop_map(|w| (format!("tag:{w}"), Cond::Tag(w))),
        persian.prop_map(|w| (format!("city:{w}"), Cond::City(w))),
        word.prop_map(|w| (format!("source:{w}"), Cond::Source(w))),
        word.prop_map(|w| (
            format!("field.industry={w}"),
            Cond::Field {
                key: "industry".into(),
                value: w
            }
        )),
        (persian, persian).prop_map(|(a, b)| {
            let text = format!("{a} {b}");
            (format!("\"{text}\""), Cond::Text(text))
        }),
        (1300i32..1500, 1u32..13, 1u32..30).prop_map(|(y, m, d)| {
            let date = crate::calendar::jalali::to_gregorian(y, m, d).unwrap();
            (
                format!("created>={y}/{m}/{d}"),
                Cond::Date(DateKey::Created, Cmp::Ge, date),
            )
        }),
        Just(("has:phone".to_string(), Cond::Has(Has::Phone))),
        Just(("owner:me".to_string(), Cond::Owner(Owner::Me))),
    ]
}

proptest! {
    /// Any input gives a query or an error whose column is inside it
    /// (or just past its end); it never panics.
    #[test]
    fn any_input_is_parsed_or_refused_at_a_column(input in "\\PC{0,40}") {
        if let Err(e) = parse(&input, today()) {
            prop_assert!(e.column >= 1 && e.column <= input.chars().count() + 1, "{e}");
            prop_assert!(!e.to_string().is_empty());
        }
    }

    /// Terms written side by side, some negated, some joined by OR, parse
    /// back to the conditions and groups they were written from, each
    /// term at the column it was written at.
    #[test]
    fn written_queries_parse_back(
        groups in prop::collection::vec(
            prop::collection::vec((written_term(), any::<bool>()), 1..4), 1..3)
    ) {
        let mut text = String::new();
        let mut columns = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            if g > 0 {
                text.push_str(" OR ");
            }
            for (i, ((written, _), negated)) in group.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                columns.push(text.chars().count() + 1);
                if *negated {
                    text.push('-');
                }
                text.push_str(written);
            }
        }
        let q = parse(&text, today()).unwrap();
        prop_assert_eq!(q.any.len(), groups.len());
        let mut k = 0;
        for (parsed, group) in q.any.iter().zip(&groups) {
            prop_assert_eq!(parsed.len(), group.len());
            for (term, ((_, cond), negated)) in parsed.iter().zip(group) {
                prop_assert_eq!(&term.cond, cond);
                prop_assert_eq!(term.negated, *negated);
                prop_assert_eq!(term.column, columns[k]);
                k += 1;
            }
        }
    }

    /// A misspelt key is refused at its own column.
    #[test]
    fn unknown_keys_are_refused_where_they_stand(prefix in "(tag:a |has:email |\"x y\" ){0,3}", key in "[a-z]{3,8}") {
        prop_assume!(!KEYS.contains(&key.as_str()));
        let input = format!("{prefix}{key}:v");
        let e = parse(&input, today()).unwrap_err();
        prop_assert_eq!(e.column, prefix.chars().count() + 1);
        let is_unknown = matches!(e.kind, ErrorKind::UnknownKey { .. });
        prop_assert!(is_unknown);
    }
}
