//! Finding likely duplicate people and companies: the same e-mail, the
//! same phone number, the same domain (companies) or a similar name.
//!
//! Comparing every record with every other is too slow at 100k people, so
//! records are first put into blocks that share a key (an e-mail, a phone's
//! last ten digits, a domain, or the first four letters of a name word) and
//! only records in the same block are compared. A block larger than
//! [`MAX_BLOCK`] is skipped: a switchboard number or a very common first
//! name shared by hundreds of records says nothing about duplicates.

mod similarity;

pub use similarity::{name_key, similarity, sorted_words};

use crate::error::{Error, Result};
use crate::model::Entity;
use crate::store::{DuplicateKeys, Store};
use serde::Serialize;
use similarity::{domain_key, email_key, is_shared_line, name_blocks, phone_key};
use std::collections::HashMap;

/// Blocks with more records than this are not compared.
pub const MAX_BLOCK: usize = 64;

/// Pairs scoring less (in percent) are not reported.
pub const MIN_SCORE: u8 = 50;

/// Names at least this similar (0 to 1) count as a reason.
pub const NAME_THRESHOLD: f64 = 0.8;

/// Why two records look like the same one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Both have this e-mail address (compared without case).
    Email {
        /// The address, lower-case.
        value: String,
    },
    /// Both have this phone number (its last ten digits).
    Phone {
        /// The digits compared.
        value: String,
    },
    /// Two people share this work or office number: colleagues often do,
    /// so alone it does not make a likely duplicate.
    SharedLine {
        /// The digits compared.
        value: String,
    },
    /// Both companies have this domain.
    Domain {
        /// The domain, lower-case.
        value: String,
    },
    /// The folded names are alike.
    Name {
        /// How alike, in percent (100: the same after folding).
        similarity: u8,
    },
}

impl Reason {
    /// How much this reason alone says the two are one (0 to 1).
    fn weight(&self) -> f64 {
        match self {
            Reason::Email { .. } => 0.9,
            Reason::Phone { .. } => 0.8,
            Reason::SharedLine { .. } => 0.35,
            Reason::Domain { .. } => 0.7,
            Reason::Name { similarity } => 0.6 * f64::from(*similarity) / 100.0,
        }
    }

    /// A short description, e.g. `same e-mail sara@example.com`.
    pub fn describe(&self) -> String {
        match self {
            Reason::Email { value } => format!("same e-mail {value}"),
            Reason::Phone { value } => format!("same phone …{value}"),
            Reason::SharedLine { value } => format!("same office phone …{value}"),
            Reason::Domain { value } => format!("same domain {value}"),
            Reason::Name { similarity: 100 } => "same name".to_string(),
            Reason::Name { similarity } => format!("similar name ({similarity}%)"),
        }
    }
}

/// Combines reasons: each one independently makes a match likelier.
fn score(reasons: &[Reason]) -> u8 {
    let miss: f64 = reasons.iter().map(|r| 1.0 - r.weight()).product();
    ((1.0 - miss) * 100.0).round().clamp(0.0, 100.0) as u8
}

/// A likely duplicate of one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The other record's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Likelihood in percent.
    pub score: u8,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// Two records that are likely the same: `keep` is the older (lower id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// Person or company.
    pub entity: Entity,
    /// The older record's id.
    pub keep: i64,
    /// Its name.
    pub keep_name: String,
    /// The newer record's id.
    pub other: i64,
    /// Its name.
    pub other_name: String,
    /// Likelihood in percent.
    pub score: u8,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// Precomputed comparison keys of one record.
struct Keyed {
    id: i64,
    name: String,
    name_key: String,
    contact: Vec<(KeyKind, String)>,
    /// Phone keys labelled as office lines (people only).
    shared_lines: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum KeyKind {
    Email,
    Phone,
    Domain,
    Name,
}

impl Keyed {
    fn new(entity: Entity, k: DuplicateKeys) -> Keyed {
        let mut contact: Vec<(KeyKind, String)> = Vec::new();
        contact.extend(
            k.emails
                .iter()
                .filter_map(|e| email_key(e))
                .map(|v| (KeyKind::Email, v)),
        );
        contact.extend(
            k.phones
                .iter()
                .filter_map(|p| phone_key(&p.value))
                .map(|v| (KeyKind::Phone, v)),
        );
        // A company's own number is its identity; only between people is
        // an office line something several records share honestly.
        let shared_lines = if entity == Entity::Person {
            k.phones
                .iter()
                .filter(|p| is_shared_line(&p.label))
                .filter_map(|p| phone_key(&p.value))
                .collect()
        } else {
            Vec::new()
        };
        contact.extend(
            k.domain
                .as_deref()
                .and_then(domain_key)
                .map(|v| (KeyKind::Domain, v)),
        );
        contact.sort();
        contact.dedup();
        // Folded when the record was saved: no need to fold 100k names.
        let name_key = sorted_words(&k.name_folded);
        Keyed {
            id: k.id,
            name: k.name,
            name_key,
            contact,
            shared_lines,
        }
    }

    fn blocks(&self) -> impl Iterator<Item = (KeyKind, String)> + '_ {
        self.contact.iter().cloned().chain(
            name_blocks(&self.name_key)
                .into_iter()
                .map(|b| (KeyKind::Name, b)),
        )
    }
}

/// Everything two records share, or `None` when they look unrelated.
fn compare(a: &Keyed, b: &Keyed) -> Option<Vec<Reason>> {
    let mut reasons = Vec::new();
    for (kind, value) in &a.contact {
        if b.contact.iter().any(|(k, v)| k == kind && v == value) {
            let value = value.clone();
            reasons.push(match kind {
                KeyKind::Email => Reason::Email { value },
                KeyKind::Phone
                    if a.shared_lines.contains(&value) && b.shared_lines.contains(&value) =>
                {
                    Reason::SharedLine { value }
                }
                KeyKind::Phone => Reason::Phone { value },
                _ => Reason::Domain { value },
            });
        }
    }
    if !a.name_key.is_empty() {
        let alike = similarity(&a.name_key, &b.name_key);
        if alike >= NAME_THRESHOLD {
            reasons.push(Reason::Name {
                similarity: (alike * 100.0).round() as u8,
            });
        }
    }
    (score(&reasons) >= MIN_SCORE).then_some(reasons)
}

fn check_entity(entity: Entity) -> Result<()> {
    match entity {
        Entity::Person | Entity::Company => Ok(()),
        other => Err(Error::invalid(format!(
            "duplicates are looked for among people and companies, not {other} records"
        ))),
    }
}

/// Every likely duplicate pair of people (or companies), most likely first.
pub fn find_all(store: &Store, entity: Entity) -> Result<Vec<Pair>> {
    check_entity(entity)?;
    let records: Vec<Keyed> = store
        .duplicate_keys(entity)?
        .into_iter()
        .map(|k| Keyed::new(entity, k))
        .collect();
    let mut blocks: HashMap<(KeyKind, String), Vec<usize>> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        for key in record.blocks() {
            blocks.entry(key).or_default().push(i);
        }
    }
    let mut compared: HashMap<(usize, usize), Option<Vec<Reason>>> = HashMap::new();
    for members in blocks.values() {
        if members.len() < 2 || members.len() > MAX_BLOCK {
            continue;
        }
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                let key = (a.min(b), a.max(b));
                compared
                    .entry(key)
                    .or_insert_with(|| compare(&records[key.0], &records[key.1]));
            }
        }
    }
    let mut pairs: Vec<Pair> = compared
        .into_iter()
        .filter_map(|((a, b), reasons)| {
            let reasons = reasons?;
            let (a, b) = (&records[a], &records[b]);
            let (keep, other) = if a.id < b.id { (a, b) } else { (b, a) };
            Some(Pair {
                entity,
                keep: keep.id,
                keep_name: keep.name.clone(),
                other: other.id,
                other_name: other.name.clone(),
                score: score(&reasons),
                reasons,
            })
        })
        .collect();
    pairs.sort_by(|x, y| {
        y.score
            .cmp(&x.score)
            .then(x.keep.cmp(&y.keep))
            .then(x.other.cmp(&y.other))
    });
    Ok(pairs)
}

/// The likely duplicates of one record, most likely first. Only records
/// whose stored search text contains one of its keys are considered, and
/// only those whose name is alike or whose search text holds one of its
/// e-mails, phones or domain are read whole and compared (no block-size
/// limit applies to a single record).
pub fn find_for(store: &Store, entity: Entity, id: i64) -> Result<Vec<Candidate>> {
    check_entity(entity)?;
    let target = Keyed::new(entity, store.duplicate_keys_of(entity, id)?);
    let contact_needles: Vec<String> = target
        .contact
        .iter()
        .map(|(kind, value)| match kind {
            // The search text holds a phone's digits only.
            KeyKind::Phone => value.split('x').next().unwrap_or_default().to_string(),
            _ => value.clone(),
        })
        .filter(|n| !n.is_empty())
        .collect();
    let mut needles = contact_needles.clone();
    needles.extend(name_blocks(&target.name_key));
    let mut found = Vec::new();
    for row in store.search_texts_containing(entity, &needles)? {
        let name_alike =
            similarity(&target.name_key, &sorted_words(&row.name_folded)) >= NAME_THRESHOLD;
        let shares_contact = contact_needles.iter().any(|n| row.search_text.contains(n));
        if row.id == id || !(name_alike || shares_contact) {
            continue;
        }
        let other = Keyed::new(entity, store.duplicate_keys_of(entity, row.id)?);
        if let Some(reasons) = compare(&target, &other) {
            found.push(Candidate {
                id: other.id,
                name: other.name,
                score: score(&reasons),
                reasons,
            });
        }
    }
    found.sort_by(|x, y| y.score.cmp(&x.score).then(x.id.cmp(&y.id)));
    Ok(found)
}

/// The likely duplicates of one person (for the customer page's hint).
pub fn find_for_person(store: &Store, id: i64) -> Result<Vec<Candidate>> {
    find_for(store, Entity::Person, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_combine_reasons() {
        assert_eq!(score(&[Reason::Email { value: "a".into() }]), 90);
        let both = [
            Reason::Email { value: "a".into() },
            Reason::Name { similarity: 100 },
        ];
        assert_eq!(score(&both), 96);
        assert_eq!(score(&[Reason::Name { similarity: 90 }]), 54);
    }
}

#[cfg(test)]
mod store_tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{ContactPoint, PersonData};
    use chrono::{TimeZone, Utc};

    #[test]
    fn one_person_finds_their_likely_twins() {
        let mut store = Store::open_in_memory(Config::default_config(), "tester").unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 6, 30, 0).unwrap();
        let person = |name: &str, email: Option<&str>| PersonData {
            name: name.into(),
            emails: email
                .map(|e| {
                    vec![ContactPoint {
                        label: "work".into(),
                        value: e.into(),
                    }]
                })
                .unwrap_or_default(),
            ..PersonData::default()
        };
        store
            .write(now, |w| {
                w.add_person(person("مریم نجفی", Some("m@x.ir")))?;
                w.add_person(person("مريم نجفي", None))?;
                w.add_person(person("M. Najafi", Some("M@X.IR")))?;
                w.add_person(person("Reza Karimi", None))?;
                Ok(())
            })
            .unwrap();
        let found = find_for_person(&store, 1).unwrap();
        let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![3, 2], "{found:?}");
        assert_eq!(found[1].reasons, vec![Reason::Name { similarity: 100 }]);
        assert!(find_for_person(&store, 4).unwrap().is_empty());
        assert!(matches!(
            find_for_person(&store, 99),
            Err(Error::NotFound { id: 99, .. })
        ));
        assert!(find_all(&store, Entity::Deal).is_err());
    }
}
