//! Writes people and companies as vCard 4.0 (RFC 6350).
//!
//! Each card carries the kariz id as `UID:urn:kariz:person:ID` (or
//! `company`), so a re-import can match it. Phone and e-mail labels become
//! `TYPE` parameters (`mobile` is written as vCard's `cell`); tags become
//! `CATEGORIES`. Lines end in CRLF and are folded at 75 octets.

use crate::interchange::export::lines::{escape_text, push_folded};
use crate::model::{Company, ContactPoint, Person};

/// The vCard `TYPE` for a kariz label.
fn type_for(label: &str) -> String {
    let label = label.trim().to_lowercase();
    match label.as_str() {
        "mobile" | "cell" => "cell".to_string(),
        _ => param_value(&label),
    }
}

/// A parameter value: bare when it is a plain token, else quoted with the
/// RFC 6868 escapes (`^^`, `^'`, `^n`) and other controls dropped.
fn param_value(value: &str) -> String {
    let plain = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if plain {
        return value.to_string();
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '^' => out.push_str("^^"),
            '"' => out.push_str("^'"),
            '\n' => out.push_str("^n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn push_points(out: &mut String, property: &str, points: &[ContactPoint]) {
    for point in points {
        let value_type = if property == "TEL" { ";VALUE=text" } else { "" };
        push_folded(
            out,
            &format!(
                "{property}{value_type};TYPE={}:{}",
                type_for(&point.label),
                escape_text(&point.value)
            ),
        );
    }
}

fn push_text(out: &mut String, property: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        push_folded(out, &format!("{property}:{}", escape_text(value)));
    }
}

fn push_categories(out: &mut String, tags: &[String]) {
    if !tags.is_empty() {
        let list: Vec<String> = tags.iter().map(|t| escape_text(t)).collect();
        push_folded(out, &format!("CATEGORIES:{}", list.join(",")));
    }
}

/// `N` from a one-field name: the last word as family name, the rest as
/// given names (how most Persian, Arabic and Western names read).
fn structured_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((family, given)) if !given.is_empty() => format!(
            "N:{};{};;;",
            escape_text(family),
            escape_text(&given.join(" "))
        ),
        _ => format!("N:{};;;;", escape_text(name.trim())),
    }
}

/// Appends one person's card.
pub fn person(out: &mut String, p: &Person) {
    let d = &p.data;
    out.push_str("BEGIN:VCARD\r\nVERSION:4.0\r\n");
    push_folded(out, &format!("UID:urn:kariz:person:{}", p.id));
    push_text(out, "FN", Some(&d.name));
    push_folded(out, &structured_name(&d.name));
    push_text(out, "ORG", p.company.as_deref());
    push_text(out, "TITLE", d.title.as_deref());
    push_points(out, "TEL", &d.phones);
    push_points(out, "EMAIL", &d.emails);
    if let Some(address) = d.address.as_deref().filter(|a| !a.is_empty()) {
        // kariz keeps one free-text address: it goes in the street part.
        push_folded(out, &format!("ADR:;;{};;;;", escape_text(address)));
    }
    if let Some(birthday) = d.birthday {
        push_folded(out, &format!("BDAY:{}", birthday.format("%Y%m%d")));
    }
    push_text(out, "NOTE", d.notes.as_deref());
    push_categories(out, &d.tags);
    out.push_str("END:VCARD\r\n");
}

/// Appends one company's card (`KIND:org`).
pub fn company(out: &mut String, c: &Company) {
    let d = &c.data;
    out.push_str("BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\n");
    push_folded(out, &format!("UID:urn:kariz:company:{}", c.id));
    push_text(out, "FN", Some(&d.name));
    push_text(out, "ORG", Some(&d.name));
    push_points(out, "TEL", &d.phones);
    push_points(out, "EMAIL", &d.emails);
    if let Some(domain) = d.domain.as_deref().filter(|v| !v.is_empty()) {
        push_folded(out, &format!("URL:https://{}", escape_text(domain)));
    }
    if let Some(address) = d.address.as_deref().filter(|a| !a.is_empty()) {
        push_folded(out, &format!("ADR:;;{};;;;", escape_text(address)));
    }
    push_text(out, "NOTE", d.notes.as_deref());
    push_categories(out, &d.tags);
    out.push_str("END:VCARD\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PersonData;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn sample() -> Person {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 6, 30, 0).unwrap();
        Person {
            id: 7,
            data: PersonData {
                name: "سارا احمدی".into(),
                title: Some("Buyer, Tehran; HQ".into()),
                phones: vec![ContactPoint {
                    label: "mobile".into(),
                    value: "+98 912 345 6789".into(),
                }],
                emails: vec![ContactPoint {
                    label: "work".into(),
                    value: "sara@example.com".into(),
                }],
                birthday: NaiveDate::from_ymd_opt(1990, 3, 15),
                notes: Some("line one\nline two \\ done".into()),
                tags: vec!["vip".into(), "region-gulf".into()],
                ..PersonData::default()
            },
            company: Some("Acme".into()),
            created_at: at,
            updated_at: at,
            version: 1,
        }
    }

    #[test]
    fn person_card_has_every_property_escaped() {
        let mut out = String::new();
        person(&mut out, &sample());
        let expected = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:kariz:person:7\r\n\
            FN:سارا احمدی\r\nN:احمدی;سارا;;;\r\nORG:Acme\r\n\
            TITLE:Buyer\\, Tehran\\; HQ\r\nTEL;VALUE=text;TYPE=cell:+98 912 345 6789\r\n\
            EMAIL;TYPE=work:sara@example.com\r\nBDAY:19900315\r\n\
            NOTE:line one\\nline two \\\\ done\r\nCATEGORIES:vip,region-gulf\r\nEND:VCARD\r\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn odd_labels_are_quoted_parameters() {
        assert_eq!(type_for("Mobile"), "cell");
        assert_eq!(type_for("work"), "work");
        assert_eq!(type_for("دفتر"), "\"دفتر\"");
        assert_eq!(type_for("a\"b^c"), "\"a^'b^^c\"");
    }

    proptest::proptest! {
        /// Whatever the text, a card is well-formed: CRLF lines of at most
        /// 75 octets, no stray line break, and the name comes back when the
        /// FN line is unfolded and unescaped.
        #[test]
        fn any_text_gives_a_well_formed_card(
            name in "\\PC{1,60}|[,;\\\\\\n\\r\\t a-z]{1,30}",
            notes in proptest::option::of("\\PC{0,200}|[\\x00-\\x1f,;\\\\]{0,20}"),
            label in "\\PC{0,12}|[\"^\\n]{0,4}",
        ) {
            let mut p = sample();
            p.data.name = name.clone();
            p.data.notes = notes;
            p.data.phones[0].label = label;
            let mut out = String::new();
            person(&mut out, &p);
            proptest::prop_assert!(out.ends_with("END:VCARD\r\n"));
            let body = out.trim_end_matches("\r\n");
            for line in body.split("\r\n") {
                proptest::prop_assert!(line.len() <= 75, "{} octets", line.len());
                proptest::prop_assert!(!line.contains(['\r', '\n']));
            }
            let unfolded = out.replace("\r\n ", "");
            let fn_line = unfolded
                .split("\r\n")
                .find(|l| l.starts_with("FN:"))
                .unwrap();
            let value = fn_line.strip_prefix("FN:").unwrap();
            let mut back = String::new();
            let mut chars = value.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    match chars.next() {
                        Some('n') => back.push('\n'),
                        Some(other) => back.push(other),
                        None => {}
                    }
                } else {
                    back.push(c);
                }
            }
            let expected: String = name
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
                .collect();
            proptest::prop_assert_eq!(back, expected);
        }
    }
}
