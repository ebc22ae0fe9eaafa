//! Lead capture (`kariz ingest json|maildir`): web-form submissions and
//! e-mails become new people with their source and campaign, nobody's
//! yet (so `person list --new-leads` shows them). A submission whose
//! e-mail or phone (its phone identity, `text::phone::identity`) a stored
//! person already has — the same keys the import matches on — creates
//! nobody: it is logged on that person's timeline as a note instead.
//!
//! `json.rs` reads submissions from JSON, `maildir.rs` from a Maildir
//! folder; both hand [`Submission`]s to [`ingest`].

pub mod json;
pub mod maildir;

use crate::config::FieldEntity;
use crate::error::Result;
use crate::model::{ActivityData, ActivityKind, ContactPoint, Entity, PersonData};
use crate::store::{MatchIndex, Store, email_key, phone_key};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// One web-form submission or e-mail, as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Submission {
    /// Where it came from: "item 3", or a maildir file name.
    pub origin: String,
    /// The person's name.
    pub name: Option<String>,
    /// A phone number, as typed (Persian and Arabic digits are fine).
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
    /// The company they work for (found or created).
    pub company: Option<String>,
    /// Lead source; the run's default when empty.
    pub source: Option<String>,
    /// Campaign name; the run's default when empty.
    pub campaign: Option<String>,
    /// What they wrote.
    pub notes: Option<String>,
    /// An e-mail's subject (the note's subject on a matched person).
    pub subject: Option<String>,
    /// Custom fields declared in the config, by name, as typed.
    pub custom: BTreeMap<String, String>,
    /// A reason it cannot be read at all (the whole item fails).
    pub unreadable: Option<String>,
}

/// What happened to one submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A new person.
    Created,
    /// An existing person had its e-mail or phone; logged on them.
    Matched,
    /// Not stored; the reason says why.
    Failed,
}

/// One submission's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Where it came from.
    pub origin: String,
    /// Created, matched or failed.
    pub status: Status,
    /// The person created or matched.
    pub person_id: Option<i64>,
    /// The name as read.
    pub name: String,
    /// "email" or "phone" for a match.
    pub matched_by: Option<&'static str>,
    /// Why it failed.
    pub reason: Option<String>,
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// New people.
    pub created: usize,
    /// Logged on existing people.
    pub matched: usize,
    /// Not stored.
    pub failed: usize,
    /// Each submission, in order.
    pub submissions: Vec<Outcome>,
}

impl Report {
    fn of(dry_run: bool, submissions: Vec<Outcome>) -> Report {
        let count = |s: Status| submissions.iter().filter(|o| o.status == s).count();
        Report {
            dry_run,
            created: count(Status::Created),
            matched: count(Status::Matched),
            failed: count(Status::Failed),
            submissions,
        }
    }
}

/// Defaults for a run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Lead source of submissions that name none.
    pub source: String,
    /// Campaign of submissions that name none.
    pub campaign: Option<String>,
    /// Plan and report, write nothing.
    pub dry_run: bool,
}

/// A submission made ready to store.
struct Ready {
    data: PersonData,
    company: Option<String>,
    subject: String,
    note: String,
}

fn fail(sub: &Submission, reason: impl Into<String>) -> Outcome {
    Outcome {
        origin: sub.origin.clone(),
        status: Status::Failed,
        person_id: None,
        name: sub.name.clone().unwrap_or_default(),
        matched_by: None,
        reason: Some(reason.into()),
    }
}

/// The submission's fields as the lines of a timeline note.
fn note_text(sub: &Submission) -> String {
    let mut lines = Vec::new();
    for (label, value) in [
        ("Name", &sub.name),
        ("Phone", &sub.phone),
        ("E-mail", &sub.email),
        ("Company", &sub.company),
        ("Source", &sub.source),
        ("Campaign", &sub.campaign),
    ] {
        if let Some(v) = value {
            lines.push(format!("{label}: {v}"));
        }
    }
    for (k, v) in &sub.custom {
        lines.push(format!("{k}: {v}"));
    }
    if let Some(notes) = &sub.notes {
        lines.push(String::new());
        lines.push(notes.clone());
    }
    lines.join("\n")
}

/// Checks one submission and builds the person it would create.
fn prepare(
    store: &Store,
    sub: &Submission,
    options: &Options,
) -> std::result::Result<Ready, String> {
    if let Some(reason) = &sub.unreadable {
        return Err(reason.clone());
    }
    let clean = |v: &Option<String>| crate::model::optional_text(v.clone());
    let (phone, email) = (clean(&sub.phone), clean(&sub.email));
    let name = clean(&sub.name)
        .or_else(|| email.clone())
        .or_else(|| phone.clone())
        .ok_or("no name, e-mail or phone: nothing to make a person of")?;
    let campaign_id = match clean(&sub.campaign).or_else(|| options.campaign.clone()) {
        Some(c) => Some(store.campaign(&c).map_err(|e| e.to_string())?.id),
        None => None,
    };
    let mut custom = crate::model::CustomValues::new();
    for (field, raw) in &sub.custom {
        super::import::fields::custom(
            store.config(),
            FieldEntity::Person,
            field,
            raw,
            &mut custom,
        )?;
    }
    let source =
        clean(&sub.source).or_else(|| Some(options.source.clone()).filter(|s| !s.is_empty()));
    let mut data = PersonData {
        name,
        phones: phone
            .iter()
            .map(|p| ContactPoint {
                label: "mobile".into(),
                value: p.clone(),
            })
            .collect(),
        emails: email
            .iter()
            .map(|e| ContactPoint {
                label: "work".into(),
                value: e.clone(),
            })
            .collect(),
        lead_source: source,
        campaign_id,
        notes: clean(&sub.notes),
        custom,
        owner: None,
        ..PersonData::default()
    };
    data.validate()?;
    let subject = match &sub.subject {
        Some(s) => format!("Lead form: {s}"),
        None => "Lead form submitted again".to_string(),
    };
    Ok(Ready {
        data,
        company: clean(&sub.company),
        subject,
        note: note_text(sub),
    })
}

/// The stored person with this submission's e-mail or phone.
fn existing(index: &MatchIndex, data: &PersonData) -> Option<(i64, &'static str)> {
    let by_email = data.emails.iter().find_map(|e| {
        index
            .by_email
            .get(&email_key(&e.value))
            .map(|id| (*id, "email"))
    });
    by_email.or_else(|| {
        data.phones.iter().find_map(|p| {
            phone_key(&p.value)
                .and_then(|k| index.by_phone.get(&k).copied())
                .map(|id| (id, "phone"))
        })
    })
}

/// Remembers a new person's keys, so a second submission in the same run
/// matches them.
fn remember(index: &mut MatchIndex, data: &PersonData, id: i64) {
    for e in &data.emails {
        index.by_email.entry(email_key(&e.value)).or_insert(id);
    }
    for p in &data.phones {
        if let Some(k) = phone_key(&p.value) {
            index.by_phone.entry(k).or_insert(id);
        }
    }
}

/// Stores one prepared submission: a new person, or a note on the one
/// who has its e-mail or phone. Each in its own transaction.
fn store_one(
    store: &mut Store,
    now: DateTime<Utc>,
    index: &mut MatchIndex,
    ready: Ready,
    dry_run: bool,
) -> Result<(i64, Option<&'static str>)> {
    if let Some((id, how)) = existing(index, &ready.data) {
        if !dry_run {
            store.write(now, |w| {
                w.add_activity(ActivityData {
                    kind: ActivityKind::Note,
                    subject: ready.subject.clone(),
                    body: Some(ready.note.clone()),
                    occurred_at: now,
                    author: w.actor().to_string(),
                    person_id: Some(id),
                    company_id: None,
                    deal_id: None,
                })
            })?;
        }
        return Ok((id, Some(how)));
    }
    let id = if dry_run {
        0
    } else {
        store.write(now, |w| {
            let mut data = ready.data.clone();
            if let Some(company) = &ready.company {
                data.company_id = Some(w.find_or_create_company(company)?);
            }
            w.add_person(data)
        })?
    };
    remember(index, &ready.data, id);
    Ok((id, None))
}

/// Stores the submissions in order; `done` is told of each one stored
/// (not of failures, nor on a dry run) so a maildir can move its file.
pub fn ingest(
    store: &mut Store,
    now: DateTime<Utc>,
    submissions: &[Submission],
    options: &Options,
    done: &mut dyn FnMut(&Submission) -> Result<()>,
) -> Result<Report> {
    let mut index = store.match_index(Entity::Person)?;
    let mut outcomes = Vec::with_capacity(submissions.len());
    for sub in submissions {
        let ready = match prepare(store, sub, options) {
            Ok(r) => r,
            Err(reason) => {
                outcomes.push(fail(sub, reason));
                continue;
            }
        };
        let name = ready.data.name.clone();
        match store_one(store, now, &mut index, ready, options.dry_run) {
            Ok((id, how)) => {
                if !options.dry_run {
                    done(sub)?;
                }
                outcomes.push(Outcome {
                    origin: sub.origin.clone(),
                    status: if how.is_some() {
                        Status::Matched
                    } else {
                        Status::Created
                    },
                    person_id: (id != 0).then_some(id),
                    name,
                    matched_by: how,
                    reason: None,
                });
            }
            Err(e) => outcomes.push(fail(sub, e.to_string())),
        }
    }
    Ok(Report::of(options.dry_run, outcomes))
}

/// The field a form's key or a body line's label names (English, Persian
/// or Arabic; case and spaces ignored), or `None` for another key.
pub fn field_of(key: &str) -> Option<&'static str> {
    let k = key.trim().to_lowercase().replace(['-', '_'], " ");
    Some(match k.as_str() {
        "name" | "full name" | "your name" | "نام" | "نام و نام خانوادگی" | "الاسم" | "اسم" => {
            "name"
        }
        "phone"
        | "mobile"
        | "tel"
        | "telephone"
        | "تلفن"
        | "موبایل"
        | "شماره تماس"
        | "تلفن همراه"
        | "الهاتف"
        | "هاتف"
        | "الجوال"
        | "جوال" => "phone",
        "email" | "e mail" | "mail" | "ایمیل" | "پست الکترونیک" | "البريد الإلكتروني" | "البريد" => {
            "email"
        }
        "company" | "organisation" | "organization" | "شرکت" | "سازمان" | "الشركة" => {
            "company"
        }
        "source" | "lead source" | "منبع" | "المصدر" => "source",
        "campaign" | "کمپین" | "الحملة" | "حملة" => "campaign",
        "notes" | "note" | "message" | "comments" | "یادداشت" | "پیام" | "توضیحات" | "ملاحظات"
        | "رسالة" | "الرسالة" => "notes",
        _ => return None,
    })
}

/// Puts `value` into the submission field `field` names; the first value
/// wins, except notes, which are joined.
pub fn set_field(sub: &mut Submission, field: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let slot = match field {
        "name" => &mut sub.name,
        "phone" => &mut sub.phone,
        "email" => &mut sub.email,
        "company" => &mut sub.company,
        "source" => &mut sub.source,
        "campaign" => &mut sub.campaign,
        "notes" => {
            sub.notes = Some(match sub.notes.take() {
                Some(old) => format!("{old}\n{value}"),
                None => value.to_string(),
            });
            return;
        }
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(value.to_string());
    }
}
