//! Importing history: calls, e-mails, meetings, SMS, notes and complaints
//! from a spreadsheet CRM's CSV or from `kariz activity list --json`.
//!
//! Activities are not records a user edits twice, so they are matched by
//! what they are, not by an id: a row with the same kind, time, subject and
//! links as a stored activity (or an earlier row) is skipped, so importing
//! the same history twice doubles nothing. Links are resolved against the
//! stored people, companies and deals: by external id (what an earlier
//! import from the same system recorded), by kariz id, by e-mail (people)
//! or by name (companies). Reading the files is `activity_rows.rs`.

use super::activity_rows::parse_when;
use super::plan::{Action, MatchedBy, Step};
use super::record::Issue;
use crate::clock::Clock;
use crate::error::Result;
use crate::model::{ActivityData, ActivityKind, Entity};
use crate::store::{ActivityFilter, MatchIndex, Store, email_key};
use crate::text::fold::fold;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

pub use super::activity_rows::{ActivityRow, read_csv, read_json};

/// The stored records links are resolved against.
struct Links {
    people: MatchIndex,
    companies: MatchIndex,
    deals: MatchIndex,
}

/// A link written as an external id, `kariz:ID` (a JSON import's external
/// id), a kariz id (`12`, `#12`), or through `other` (e-mail, name). The
/// external id comes first: in a database filled from another system (or
/// another kariz), `12` in that system's export means its record 12, which
/// the earlier import recorded as external id `12`. Deals and tasks link
/// their person and deal the same way.
pub(super) fn resolve(
    text: &str,
    index: &MatchIndex,
    exists: impl Fn(i64) -> bool,
    other: impl Fn(&str) -> Option<i64>,
) -> Option<i64> {
    let text = text.trim();
    if let Some(id) = index.by_external_id.get(text) {
        return Some(*id);
    }
    let number = text.trim_start_matches('#').parse::<i64>().ok();
    if let Some(n) = number {
        if let Some(id) = index.by_external_id.get(&format!("kariz:{n}")) {
            return Some(*id);
        }
        if exists(n) {
            return Some(n);
        }
    }
    other(text)
}

/// The key two activities are the same by.
type Key = (
    ActivityKind,
    DateTime<Utc>,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn key_of(a: &ActivityData) -> Key {
    (
        a.kind,
        a.occurred_at,
        fold(&a.subject),
        a.person_id,
        a.company_id,
        a.deal_id,
    )
}

/// Checks every row and plans it: create, skip (already stored, or the
/// same as an earlier row) or reject. Returns the steps, and for each the
/// activity to create.
pub fn plan(
    store: &Store,
    clock: &Clock,
    rows: Vec<ActivityRow>,
    default_author: &str,
) -> Result<(Vec<Step>, Vec<Option<ActivityData>>)> {
    let links = Links {
        people: store.match_index(Entity::Person)?,
        companies: store.match_index(Entity::Company)?,
        deals: store.match_index(Entity::Deal)?,
    };
    let mut seen: HashMap<Key, (Option<i64>, Option<usize>)> = HashMap::new();
    for a in store.activities(&ActivityFilter::default())? {
        seen.entry(key_of(&a.data)).or_insert((Some(a.id), None));
    }
    let mut steps = Vec::with_capacity(rows.len());
    let mut datas = Vec::with_capacity(rows.len());
    for row in rows {
        let line = row.line;
        let subject = row.subject.clone().unwrap_or_default();
        let mut step = Step {
            line,
            action: Action::Reject,
            name: subject,
            id: None,
            same_as_line: None,
            matched_by: None,
            changes: vec![],
            issues: row.issues.clone(),
            record: None,
            external_id: None,
            version: 0,
        };
        let data = if step.issues.iter().any(|i| !i.warning) {
            None
        } else {
            check(store, clock, &links, row, default_author, &mut step.issues)
        };
        let Some(data) = data else {
            steps.push(step);
            datas.push(None);
            continue;
        };
        step.name = data.subject.clone();
        match seen.get(&key_of(&data)) {
            Some((stored, earlier)) => {
                step.action = Action::Skip;
                step.matched_by = Some(MatchedBy::SameActivity);
                step.id = *stored;
                step.same_as_line = *earlier;
                datas.push(None);
            }
            None => {
                seen.insert(key_of(&data), (None, Some(line)));
                step.action = Action::Create;
                datas.push(Some(data));
            }
        }
        steps.push(step);
    }
    Ok((steps, datas))
}

/// One row to an activity; problems go to `issues` (and give `None`).
fn check(
    store: &Store,
    clock: &Clock,
    links: &Links,
    row: ActivityRow,
    default_author: &str,
    issues: &mut Vec<Issue>,
) -> Option<ActivityData> {
    let line = row.line;
    let mut error = |column: &str, reason: String| {
        issues.push(Issue::error(line, Some(column), reason));
    };
    let kind = match row.kind.as_deref().map(ActivityKind::parse) {
        Some(Ok(k)) => Some(k),
        Some(Err(e)) => {
            error("kind", e);
            None
        }
        None => {
            error("kind", "the activity has no kind (call, email, meeting, sms, note, complaint, incoming_call, missed_call)".into());
            None
        }
    };
    let when = match row.when.as_deref().map(|w| parse_when(w, clock)) {
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            error("when", e);
            None
        }
        None => {
            error(
                "when",
                "the activity has no time; write it as YYYY-MM-DD HH:MM".into(),
            );
            None
        }
    };
    let ids = linked_ids(store, links, &row, &mut error);
    let [person_id, company_id, deal_id] = ids;
    let mut data = ActivityData {
        kind: kind?,
        subject: row.subject.unwrap_or_default(),
        body: row.body,
        occurred_at: when?,
        author: row.author.unwrap_or_else(|| default_author.to_string()),
        person_id,
        company_id,
        deal_id,
    };
    if data.subject.trim().is_empty() {
        // A call log often has no subject: the kind says what it was.
        data.subject = data.kind.as_str().replace('_', " ");
    }
    if let Some(bad) = data.subject.chars().find(|c| c.is_control()) {
        error(
            "subject",
            format!(
                "the subject contains the control character U+{:04X}; remove it from the file",
                u32::from(bad)
            ),
        );
    }
    // A link that was named but not found is reported already.
    let linked = data
        .require_link()
        .map_err(|e| format!("{e} (a person, company or deal column)"))
        .and_then(|()| data.validate());
    if let Err(e) = linked
        && issues.iter().all(|i| i.warning)
    {
        issues.push(Issue::error(line, Some("person"), e));
    }
    issues.iter().all(|i| i.warning).then_some(data)
}

/// The ids of the person, company and deal a row names (external id, id,
/// or e-mail / name); a name that finds nothing is reported to `error`.
fn linked_ids(
    store: &Store,
    links: &Links,
    row: &ActivityRow,
    error: &mut impl FnMut(&str, String),
) -> [Option<i64>; 3] {
    let person = row.person.as_deref().map(|p| {
        resolve(
            p,
            &links.people,
            |id| store.person(id).is_ok(),
            |t| links.people.by_email.get(&email_key(t)).copied(),
        )
        .ok_or_else(|| {
            format!(
                "no stored person has the external id, id or e-mail {p:?}; import the people first"
            )
        })
    });
    let company = row.company.as_deref().map(|c| {
        resolve(
            c,
            &links.companies,
            |id| store.company(id).is_ok(),
            |t| links.companies.by_name.get(&fold(t)).copied(),
        )
        .ok_or_else(|| {
            format!("no stored company has the external id, id or name {c:?}; import the companies first")
        })
    });
    let deal = row.deal.as_deref().map(|d| {
        resolve(d, &links.deals, |id| store.deal(id).is_ok(), |_| None).ok_or_else(|| {
            format!("no stored deal has the external id or id {d:?}; import the deals first")
        })
    });
    let mut ids = [None, None, None];
    for (slot, (column, found)) in
        ids.iter_mut()
            .zip([("person", person), ("company", company), ("deal", deal)])
    {
        match found {
            Some(Ok(id)) => *slot = Some(id),
            Some(Err(e)) => error(column, e),
            None => {}
        }
    }
    ids
}

/// Writes the planned activities in one transaction; fills in their ids.
pub fn apply(
    store: &mut Store,
    now: DateTime<Utc>,
    steps: &mut [Step],
    datas: Vec<Option<ActivityData>>,
    tick: &mut dyn FnMut(),
) -> Result<()> {
    store.write(now, |w| {
        for (step, data) in steps.iter_mut().zip(datas) {
            if let (Action::Create, Some(data)) = (&step.action, data) {
                let id = super::apply::with_line(step.line, w.add_activity(data))?;
                step.id = Some(id);
                tick();
            }
        }
        Ok(())
    })
}
