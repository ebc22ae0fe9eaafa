//! The support desk in the interface: the Cases view's state (the queue in
//! `desk::queue`'s one order, its scope and status filters), a case page's
//! data, the case writes (through the store's writer, with their undo) and
//! the words the desk shows for statuses, priorities, channels and SLA
//! clocks. `update/cases.rs` handles the keys, `views/cases.rs` draws.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::change::Change;
use super::state::Session;
use crate::config::{Config, Named};
use crate::desk::{self, CasePage, QueueFilter, QueueItem};
use crate::error::Result;
use crate::model::{ActivityData, CaseData, ContactPoint, Entity};
use crate::sla::{Clock, SlaState};
use crate::store::{Store, Writer};
use crate::vocab::{CaseChannel, CasePriority};

/// Whose cases the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Everyone's (a colleague's breached case is everyone's business).
    #[default]
    All,
    /// The user's own.
    Mine,
    /// Nobody's yet.
    Unassigned,
}

impl Scope {
    /// The scope the scope key moves to.
    pub fn next(self) -> Scope {
        match self {
            Scope::All => Scope::Mine,
            Scope::Mine => Scope::Unassigned,
            Scope::Unassigned => Scope::All,
        }
    }

    /// Catalogue key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Scope::All => "cases.all",
            Scope::Mine => "cases.mine",
            Scope::Unassigned => "cases.unassigned",
        }
    }
}

/// The Cases view.
#[derive(Debug, Clone, Default)]
pub struct CasesState {
    /// The queue: breached first, then least business time left.
    pub rows: Vec<QueueItem>,
    /// Selected row.
    pub selected: usize,
    /// First row drawn.
    pub offset: usize,
    /// Mine, unassigned or all.
    pub scope: Scope,
    /// Only this status (a name from the workflow).
    pub status: Option<String>,
}

impl CasesState {
    /// The selected case.
    pub fn current(&self) -> Option<&QueueItem> {
        self.rows.get(self.selected)
    }

    /// The queue filter for user `me`.
    pub fn filter(&self, me: &str) -> QueueFilter {
        QueueFilter {
            status: self.status.clone(),
            assignee: (self.scope == Scope::Mine).then(|| me.to_owned()),
            unassigned: self.scope == Scope::Unassigned,
            // A status filter on a closed status shows those cases.
            include_closed: self.status.is_some(),
            ..QueueFilter::default()
        }
    }

    /// How many of the rows have a breached clock.
    pub fn breached(&self) -> usize {
        self.rows.iter().filter(|r| r.sla.breached()).count()
    }

    /// Puts freshly loaded rows in, keeping the selected case.
    pub fn replace(&mut self, rows: Vec<QueueItem>) {
        let id = self.current().map(|r| r.case.id);
        self.rows = rows;
        self.selected = id
            .and_then(|id| self.rows.iter().position(|r| r.case.id == id))
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
    }
}

/// A case page: the case, its clocks, history and timeline, and the
/// customer's phones.
#[derive(Debug, Clone)]
pub struct CaseView {
    /// What `desk::case_page` read.
    pub page: CasePage,
    /// The phones of the case's person, then its company's.
    pub phones: Vec<ContactPoint>,
    /// Selected timeline row.
    pub selected: usize,
}

/// The queue for the Cases view (`desk::queue`: the order `kariz case
/// list` shows).
pub fn queue(store: &Store, filter: &QueueFilter, now: DateTime<Utc>) -> Result<Vec<QueueItem>> {
    desk::queue(store, filter, now)
}

/// Reads case `id`'s page.
pub fn page(store: &Store, id: i64, now: DateTime<Utc>) -> Result<CaseView> {
    let page = desk::case_page(store, id, now)?;
    let mut phones = Vec::new();
    let mut company = page.case.data.company_id;
    if let Some(person) = page.case.data.person_id {
        let person = store.person(person)?;
        phones.extend(person.data.phones);
        // The person's company's switchboard, when the case names none.
        company = company.or(person.data.company_id);
    }
    if let Some(company) = company {
        phones.extend(store.company(company)?.data.phones);
    }
    Ok(CaseView {
        page,
        phones,
        selected: 0,
    })
}

/// A write to a case. `version` is the version seen (`None`: current).
#[derive(Debug, Clone, PartialEq)]
pub enum CaseChange {
    /// Open a case; `from_activity` (a complaint) joins its timeline.
    Add {
        /// The fields.
        data: Box<CaseData>,
        /// The complaint it was made from.
        from_activity: Option<i64>,
    },
    /// Replace a case's fields (assign, escalate, move status).
    Edit {
        /// Case id.
        id: i64,
        /// Version seen.
        version: Option<i64>,
        /// The fields.
        data: Box<CaseData>,
    },
    /// Close with an optional satisfaction score and comment.
    Close {
        /// Case id.
        id: i64,
        /// Version seen.
        version: Option<i64>,
        /// 1 to 5.
        score: Option<u8>,
        /// The customer's words.
        comment: Option<String>,
    },
    /// Reopen a resolved or closed case.
    Reopen {
        /// Case id.
        id: i64,
        /// Version seen.
        version: Option<i64>,
    },
    /// Log a reply or call on the case (the first outgoing one is the
    /// first response).
    Log {
        /// Case id.
        case_id: i64,
        /// The activity.
        data: Box<ActivityData>,
    },
}

impl CaseChange {
    /// The record changed (`None` for an add).
    pub fn target(&self) -> Option<(Entity, i64)> {
        match self {
            CaseChange::Add { .. } => None,
            CaseChange::Edit { id, .. }
            | CaseChange::Close { id, .. }
            | CaseChange::Reopen { id, .. } => Some((Entity::Case, *id)),
            CaseChange::Log { case_id, .. } => Some((Entity::Case, *case_id)),
        }
    }

    /// The same change based on version `new`.
    pub fn set_version(&mut self, new: i64) {
        match self {
            CaseChange::Edit { version, .. }
            | CaseChange::Close { version, .. }
            | CaseChange::Reopen { version, .. } => *version = Some(new),
            CaseChange::Add { .. } | CaseChange::Log { .. } => {}
        }
    }

    /// The fields it writes, for the conflict dialog.
    pub fn fields(&self) -> Value {
        match self {
            CaseChange::Add { data, .. } | CaseChange::Edit { data, .. } => {
                serde_json::to_value(data).unwrap_or_default()
            }
            CaseChange::Close { score, comment, .. } => serde_json::json!({
                "satisfaction": score, "satisfaction_comment": comment
            }),
            CaseChange::Reopen { .. } => serde_json::json!({ "reopened": true }),
            CaseChange::Log { data, .. } => serde_json::to_value(data).unwrap_or_default(),
        }
    }
}

/// Writes a case change inside the open transaction; returns the record
/// and the change that takes it back (cases are closed, never deleted, so
/// an add has none).
pub(super) fn write(
    w: &mut Writer<'_>,
    change: &CaseChange,
) -> Result<(Entity, i64, Option<Change>)> {
    let undo = |c: CaseChange| Some(Change::Case(Box::new(c)));
    match change {
        CaseChange::Add {
            data,
            from_activity,
        } => {
            let (id, _) = w.add_case((**data).clone())?;
            if let Some(activity) = from_activity {
                w.link_case_activity(id, *activity)?;
            }
            Ok((Entity::Case, id, None))
        }
        CaseChange::Edit { id, version, data } => {
            let before = w.case(*id)?;
            w.update_case(*id, version.unwrap_or(before.version), (**data).clone())?;
            let back = CaseChange::Edit {
                id: *id,
                version: None,
                data: Box::new(before.data),
            };
            Ok((Entity::Case, *id, undo(back)))
        }
        CaseChange::Close {
            id,
            version,
            score,
            comment,
        } => {
            w.close_case(*id, *version, *score, comment.clone())?;
            let back = CaseChange::Reopen {
                id: *id,
                version: None,
            };
            Ok((Entity::Case, *id, undo(back)))
        }
        CaseChange::Reopen { id, version } => {
            w.reopen_case(*id, *version)?;
            Ok((Entity::Case, *id, None))
        }
        CaseChange::Log { case_id, data } => {
            let activity = w.add_case_activity(*case_id, (**data).clone())?;
            let back = super::change::delete(w, Entity::Activity, activity)?;
            Ok((Entity::Case, *case_id, Some(back)))
        }
    }
}

/// A workflow status as shown: its label from the config, else the
/// catalogue's word for the default workflow's names, else the name.
pub fn status_label(session: &Session, name: &str) -> String {
    session
        .locale
        .named(&session.config, Named::CaseStatus, name)
}

/// A priority as shown.
pub fn priority_label(session: &Session, priority: CasePriority) -> String {
    session
        .locale
        .t(&format!("priority.{}", priority.as_str()))
        .to_owned()
}

/// A channel as shown.
pub fn channel_label(session: &Session, channel: CaseChannel) -> String {
    session
        .locale
        .t(&format!("case_channel.{}", channel.as_str()))
        .to_owned()
}

/// A category as shown (its label from the config, else the catalogue's
/// word for a default category, else the name).
pub fn category_label(config: &Config, session: &Session, name: &str) -> String {
    session.locale.named(config, Named::Category, name)
}

/// Catalogue key of where a clock stands (paused before the rest).
pub fn sla_key(clock: &Clock) -> &'static str {
    if clock.paused && clock.is_open() {
        return "sla.paused";
    }
    match clock.state {
        SlaState::OnTrack => "sla.on_track",
        SlaState::AtRisk => "sla.at_risk",
        SlaState::Breached => "sla.breached",
        SlaState::Met => "sla.met",
    }
}

/// Business time as `h:mm` in the user's digits (negative: overdue).
pub fn time_left(session: &Session, seconds: i64) -> String {
    let minutes = seconds.unsigned_abs() / 60;
    let text = format!(
        "{}{}:{:02}",
        if seconds < 0 { "-" } else { "" },
        minutes / 60,
        minutes % 60
    );
    session.locale.digits(&text)
}

/// The clock a queue row shows: the open first-response clock, else the
/// resolution clock.
pub fn shown_clock(sla: &crate::sla::CaseSla) -> &Clock {
    if sla.first_response.is_open() {
        &sla.first_response
    } else {
        &sla.resolution
    }
}

/// The statuses the workflow lets a case in `status` move to.
pub fn allowed_moves(config: &Config, status: &str) -> Vec<String> {
    match config.support.status(status) {
        Some(s) => s.next.clone(),
        // The config dropped the status: any move out is allowed.
        None => config
            .support
            .statuses
            .iter()
            .map(|s| s.name.clone())
            .collect(),
    }
}

/// One priority up (`None` at urgent).
pub fn escalated(priority: CasePriority) -> Option<CasePriority> {
    match priority {
        CasePriority::Low => Some(CasePriority::Normal),
        CasePriority::Normal => Some(CasePriority::High),
        CasePriority::High => Some(CasePriority::Urgent),
        CasePriority::Urgent => None,
    }
}
