//! vCards to person records.

use super::fields::{self, DateCell};
use super::record::{Issue, Parsed, Record};
use crate::interchange::vcard::parse::{self, Card, Property, split_escaped, unescape};
use crate::model::{ContactPoint, PersonData};

/// Reads every card of a vCard file as a person.
pub fn read(text: &str, default_owner: &str) -> Vec<Parsed> {
    let parsed = parse::parse(text);
    let mut rows: Vec<Parsed> = parsed
        .cards
        .iter()
        .map(|card| convert(card, default_owner))
        .collect();
    for (card, problem) in parsed.problems {
        let issue = Issue::error(problem.line, None, problem.reason);
        match card.and_then(|i| rows.get_mut(i)) {
            Some(row) => {
                row.record = None;
                row.issues.push(issue);
            }
            None => rows.push(Parsed::rejected(problem.line, issue)),
        }
    }
    rows.sort_by_key(|r| r.line);
    rows
}

/// The label kariz uses for a TEL's or EMAIL's types.
fn label(types: &[String], default: &str) -> String {
    for (names, label) in [
        (&["cell", "mobile"][..], "mobile"),
        (&["work"][..], "work"),
        (&["home"][..], "home"),
        (&["fax"][..], "fax"),
        (&["main", "pref"][..], "main"),
        (&["other"][..], "other"),
    ] {
        if types.iter().any(|t| names.contains(&t.as_str())) {
            return label.to_string();
        }
    }
    // Any other type is the label kariz (or the user) gave it, e.g.
    // `TYPE=office` as `kariz export vcard` writes it; the types that say
    // how to reach the line, not whose it is, are not labels.
    const NOT_LABELS: &[&str] = &[
        "voice",
        "internet",
        "text",
        "video",
        "msg",
        "x400",
        "textphone",
    ];
    types
        .iter()
        .find(|t| !NOT_LABELS.contains(&t.as_str()))
        .map_or_else(|| default.to_string(), |t| t.clone())
}

/// A TEL value as kariz writes phones: vCard 4.0's `tel:` URI (RFC 3966)
/// loses its scheme, and its `;ext=102` becomes ` ext. 102`; other URI
/// parameters (`isub`, `phone-context`) are dropped.
fn tel_value(value: &str) -> String {
    let value = value.trim();
    let Some(uri) = value
        .get(..4)
        .filter(|s| s.eq_ignore_ascii_case("tel:"))
        .and_then(|_| value.get(4..))
    else {
        return value.to_string();
    };
    let mut parts = uri.split(';');
    let mut number = parts.next().unwrap_or_default().trim().to_string();
    for param in parts {
        if let Some((key, ext)) = param.split_once('=')
            && key.trim().eq_ignore_ascii_case("ext")
            && !ext.trim().is_empty()
        {
            number.push_str(" ext. ");
            number.push_str(ext.trim());
        }
    }
    number
}

fn convert(card: &Card, default_owner: &str) -> Parsed {
    let line = card.line;
    let mut f = CardFields {
        data: PersonData {
            owner: Some(default_owner.to_string()),
            ..PersonData::default()
        },
        company: None,
        structured_name: String::new(),
        notes: Vec::new(),
        external_id: None,
        issues: Vec::new(),
    };
    for prop in &card.properties {
        read_property(&mut f, prop);
    }
    let CardFields {
        mut data,
        company,
        structured_name,
        mut notes,
        external_id,
        mut issues,
    } = f;
    if data.name.trim().is_empty() {
        data.name = if structured_name.is_empty() {
            company
                .clone()
                .or_else(|| data.emails.first().map(|e| e.value.clone()))
                .or_else(|| data.phones.first().map(|p| p.value.clone()))
                .unwrap_or_default()
        } else {
            structured_name
        };
    }
    notes.retain(|n| !n.trim().is_empty());
    data.notes = (!notes.is_empty()).then(|| notes.join("\n"));
    if data.name.trim().is_empty() {
        issues.push(Issue::error(
            line,
            None,
            "the card has no name (FN or N), company, e-mail or phone",
        ));
    } else if let Err(e) = data.validate() {
        issues.push(Issue::error(line, None, e));
    }
    let ok = issues.iter().all(|i| i.warning);
    Parsed {
        line,
        external_id,
        record: ok.then_some(Record::Person { data, company }),
        issues,
        campaign: None,
    }
}

/// What a card's properties say, gathered before the name is settled.
struct CardFields {
    data: PersonData,
    company: Option<String>,
    /// The N property in reading order (given names first).
    structured_name: String,
    notes: Vec<String>,
    external_id: Option<String>,
    issues: Vec<Issue>,
}

/// Reads one property of a card into `f`.
fn read_property(f: &mut CardFields, prop: &Property) {
    let column = Some(prop.name.as_str());
    let text = || unescape(prop.value.trim());
    match prop.name.as_str() {
        "VERSION" if !matches!(prop.value.trim(), "2.1" | "3.0" | "4.0") => {
            f.issues.push(Issue::warning(
                prop.line,
                column,
                format!(
                    "vCard version {:?} is not 2.1, 3.0 or 4.0; read anyway",
                    prop.value
                ),
            ));
        }
        "FN" => f.data.name = text(),
        "N" => f.structured_name = structured_name(&prop.value),
        "TEL" => {
            let value = tel_value(&text());
            // An empty TEL (some phones write one per unused slot)
            // says nothing: skipped, the card is kept.
            if value.is_empty() {
                return;
            }
            push_point(
                &mut f.data.phones,
                fields::phone(&value, &label(&prop.types(), "mobile"), prop.line, "TEL"),
                &mut f.issues,
            );
        }
        "EMAIL" => {
            let value = text();
            let value = value.trim();
            let value = value.strip_prefix("mailto:").unwrap_or(value).to_string();
            if value.is_empty() {
                return;
            }
            push_point(
                &mut f.data.emails,
                fields::email(&value, &label(&prop.types(), "work"), prop.line, "EMAIL"),
                &mut f.issues,
            );
        }
        "ORG" => {
            f.company = split_escaped(prop.value.trim(), ';')
                .into_iter()
                .map(|s| s.trim().to_string())
                .find(|s| !s.is_empty());
        }
        "TITLE" => f.data.title = Some(text()).filter(|t| !t.is_empty()),
        "BDAY" => birthday(prop, &mut f.data, &mut f.issues),
        // The first address wins.
        "ADR" if f.data.address.is_none() => f.data.address = address(&prop.value),
        "NOTE" => f.notes.push(text()),
        "URL" => f.notes.push(format!("URL: {}", text())),
        "CATEGORIES" => {
            for t in split_escaped(prop.value.trim(), ',') {
                f.data.tags.extend(fields::tags_from(
                    &t,
                    prop.line,
                    "CATEGORIES",
                    &mut f.issues,
                ));
            }
        }
        "UID" => f.external_id = Some(text()).filter(|u| !u.is_empty()),
        // PHOTO, X-… and everything else: skipped without a word.
        _ => {}
    }
}

/// The N property (family; given; additional; prefix; suffix) in reading
/// order: prefix, given, additional, family, suffix.
fn structured_name(value: &str) -> String {
    let parts = split_escaped(value.trim(), ';');
    [3, 1, 2, 0, 4]
        .iter()
        .filter_map(|i| parts.get(*i))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An ADR property's non-empty parts joined with commas.
fn address(value: &str) -> Option<String> {
    let parts: Vec<String> = split_escaped(value.trim(), ';')
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn push_point(
    list: &mut Vec<ContactPoint>,
    point: Result<ContactPoint, Issue>,
    issues: &mut Vec<Issue>,
) {
    match point {
        Ok(p) if !list.iter().any(|x| x.value == p.value) => list.push(p),
        Ok(_) => {}
        Err(issue) => issues.push(issue),
    }
}

fn birthday(prop: &Property, data: &mut PersonData, issues: &mut Vec<Issue>) {
    let raw = prop.value.trim();
    let day = raw.split('T').next().unwrap_or(raw);
    // vCard 4.0 writes a year-less day as "--0514".
    let day = if day.starts_with("--") && day.len() == 6 {
        "--".to_string()
    } else {
        day.to_string()
    };
    match fields::date(&day) {
        Ok(DateCell::Date(d)) => data.birthday = Some(d),
        Ok(DateCell::Empty) => {}
        Ok(DateCell::NoYear) => issues.push(Issue::warning(
            prop.line,
            Some("BDAY"),
            format!("birthday {raw:?} has no year, which kariz cannot store; left out"),
        )),
        Err(e) => issues.push(Issue::error(prop.line, Some("BDAY"), e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tel_uris() {
        assert_eq!(
            tel_value("tel:+1-418-656-9254;ext=102"),
            "+1-418-656-9254 ext. 102"
        );
        assert_eq!(tel_value("TEL:+98-912-345-6789"), "+98-912-345-6789");
        assert_eq!(tel_value("tel:7042;phone-context=example.com"), "7042");
        assert_eq!(tel_value(" 0912 345 6789 "), "0912 345 6789");
        assert_eq!(tel_value(""), "");
        assert_eq!(tel_value("tel:"), "");
    }
}
