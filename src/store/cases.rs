//! Support cases: reads, writes, the per-year number, the status history
//! (the SLA clocks are computed from it) and the activities logged on a
//! case.

use super::db;
use super::db::{Connection, OptionalExtension, Row, params};
use super::{Writer, codec, found, tags};
use crate::config::{CaseStatusKind, SupportConfig};
use crate::error::{Error, Result};
use crate::model::{Activity, ActivityData, Case, CaseData, CaseNumber, Entity, StatusMove};
use crate::text::sanitize::quoted;
use crate::vocab::{Calendar, CaseChannel, CasePriority};
use chrono::{DateTime, Datelike, Utc};

const COLUMNS: &str = "k.id, k.year, k.seq, k.subject, k.description, k.person_id,
    k.company_id, k.channel, k.category, k.priority, k.status, k.assignee, k.deal_id,
    k.satisfaction, k.satisfaction_comment, k.first_response_at, k.resolved_at, k.closed_at,
    k.created_at, k.updated_at, k.version, p.name, c.name";

const FROM: &str = "FROM cases k LEFT JOIN people p ON p.id = k.person_id
    LEFT JOIN companies c ON c.id = k.company_id";

fn from_row(row: &Row<'_>) -> db::Result<Case> {
    let data = CaseData {
        subject: row.get(3)?,
        description: row.get(4)?,
        person_id: row.get(5)?,
        company_id: row.get(6)?,
        channel: codec::get_parsed(row, 7, CaseChannel::from_keyword)?,
        category: row.get(8)?,
        priority: codec::get_parsed(row, 9, CasePriority::from_keyword)?,
        status: row.get(10)?,
        assignee: row.get(11)?,
        deal_id: row.get(12)?,
        satisfaction: row.get(13)?,
        satisfaction_comment: row.get(14)?,
        tags: Vec::new(),
    };
    Ok(Case {
        id: row.get(0)?,
        number: CaseNumber {
            year: row.get(1)?,
            seq: row.get(2)?,
        },
        data,
        first_response_at: codec::get_opt_ts(row, 15)?,
        resolved_at: codec::get_opt_ts(row, 16)?,
        closed_at: codec::get_opt_ts(row, 17)?,
        created_at: codec::get_ts(row, 18)?,
        updated_at: codec::get_ts(row, 19)?,
        version: row.get(20)?,
        person: row.get(21)?,
        company: row.get(22)?,
    })
}

/// One case with its tags.
pub fn get(conn: &Connection, id: i64) -> Result<Case> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE k.id = ?1");
    let mut case = found(conn.query_row(&sql, [id], from_row), Entity::Case, id)?;
    case.data.tags = tags::load(conn, Entity::Case, id)?;
    Ok(case)
}

/// The case with `number`.
pub fn by_number(conn: &Connection, number: CaseNumber) -> Result<Case> {
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM cases WHERE year = ?1 AND seq = ?2")?
        .query_row(params![number.year, number.seq], |r| r.get(0))
        .optional()?;
    match id {
        Some(id) => get(conn, id),
        None => Err(Error::invalid(format!(
            "there is no case {number}; the case list (all statuses) shows the numbers"
        ))),
    }
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Only this status.
    pub status: Option<String>,
    /// Only those assigned to this login.
    pub assignee: Option<String>,
    /// Only those nobody is assigned to.
    pub unassigned: bool,
    /// Closed cases too.
    pub include_closed: bool,
    /// Only those of this person.
    pub person_id: Option<i64>,
    /// Only those of this company (directly or through its people).
    pub company_id: Option<i64>,
    /// Only those opened at or after this time.
    pub opened_from: Option<DateTime<Utc>>,
    /// Only those opened before this time.
    pub opened_before: Option<DateTime<Utc>>,
}

/// Cases matching `filter`, oldest first.
pub fn list(conn: &Connection, filter: &CaseFilter) -> Result<Vec<Case>> {
    let sql = format!(
        "SELECT {COLUMNS} {FROM}
         WHERE (?1 IS NULL OR k.status = ?1) AND (?2 IS NULL OR k.assignee = ?2)
           AND (?3 = 0 OR k.assignee IS NULL) AND (?4 = 1 OR k.closed_at IS NULL)
           AND (?5 IS NULL OR k.person_id = ?5)
           AND (?6 IS NULL OR k.company_id = ?6 OR p.company_id = ?6)
           AND (?7 IS NULL OR k.created_at >= ?7) AND (?8 IS NULL OR k.created_at < ?8)
         ORDER BY k.created_at, k.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            filter.status,
            filter.assignee,
            filter.unassigned,
            filter.include_closed,
            filter.person_id,
            filter.company_id,
            filter.opened_from.map(codec::ts),
            filter.opened_before.map(codec::ts),
        ],
        from_row,
    )?;
    let mut cases = rows.collect::<db::Result<Vec<_>>>()?;
    for case in &mut cases {
        case.data.tags = tags::load(conn, Entity::Case, case.id)?;
    }
    Ok(cases)
}

/// A case's status history, oldest first.
pub fn history(conn: &Connection, case_id: i64) -> Result<Vec<StatusMove>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_status, to_status, at, actor FROM case_status_history
         WHERE case_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(StatusMove {
            from_status: r.get(0)?,
            to_status: r.get(1)?,
            at: codec::get_ts(r, 2)?,
            actor: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// The activities logged on a case, newest first.
pub fn activities(conn: &Connection, case_id: i64) -> Result<Vec<Activity>> {
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT l.activity_id FROM case_activities l JOIN activities a ON a.id = l.activity_id
             WHERE l.case_id = ?1 ORDER BY a.occurred_at DESC, a.id DESC",
        )?
        .query_map([case_id], |r| r.get(0))?
        .collect::<db::Result<_>>()?;
    ids.into_iter()
        .map(|id| super::activities::get(conn, id))
        .collect()
}

/// The case an activity was logged on, if any.
pub fn of_activity(conn: &Connection, activity_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT case_id FROM case_activities WHERE activity_id = ?1")?
        .query_row([activity_id], |r| r.get(0))
        .optional()?)
}

/// The year a case opened at `now` is numbered in: the configured
/// calendar's year on the team's local date.
pub(super) fn number_year(support: &SupportConfig, calendar: Calendar, now: DateTime<Utc>) -> i32 {
    let day = support.time_zone.local_date(now);
    match calendar {
        Calendar::Jalali => {
            crate::calendar::jalali::from_gregorian(day).map_or(day.year(), |j| j.year)
        }
        Calendar::Gregorian => day.year(),
    }
}

impl Writer<'_> {
    /// Checks a case against the config and fills in canonical names.
    fn check_case(&self, data: &mut CaseData, before: Option<&CaseData>) -> Result<()> {
        data.check().map_err(Error::from)?;
        let support = &self.config.support;
        if data.status.trim().is_empty() {
            data.status = support
                .initial_status()
                .map(|s| s.name.clone())
                .unwrap_or_default();
        }
        let status = support
            .status(&data.status)
            .ok_or_else(|| unknown_status(support, &data.status))?;
        data.status = status.name.clone();
        if let Some(category) = &data.category
            && before.and_then(|b| b.category.as_ref()) != Some(category)
        {
            let found = support.category(category).ok_or_else(|| {
                let names: Vec<&str> = support.categories.iter().map(|c| c.name.as_str()).collect();
                Error::invalid(format!(
                    "category {} is not in the config; categories: {} (add it under [support] categories)",
                    quoted(category),
                    names.join(", ")
                ))
            })?;
            data.category = Some(found.name.clone());
        }
        self.check_owner(
            data.assignee.as_deref(),
            before.and_then(|b| b.assignee.as_deref()),
        )?;
        if data.satisfaction != before.and_then(|b| b.satisfaction)
            && data.satisfaction.is_some()
            && status.kind != CaseStatusKind::Closed
        {
            return Err(Error::invalid(
                "a satisfaction score is recorded when the case is closed, with the closing"
                    .to_string(),
            ));
        }
        self.require(Entity::Person, data.person_id)?;
        self.require(Entity::Company, data.company_id)?;
        self.require(Entity::Deal, data.deal_id)
    }

    fn record_status(&self, case_id: i64, from: Option<&str>, to: &str) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO case_status_history (case_id, from_status, to_status, at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                case_id,
                from,
                to,
                codec::ts(self.now),
                self.actor()
            ])?;
        Ok(())
    }

    /// Opens a case in the workflow's first status (or the one given);
    /// returns its id and number. The number is the next of the year,
    /// taken inside this (IMMEDIATE) transaction.
    pub fn add_case(&mut self, mut data: CaseData) -> Result<(i64, CaseNumber)> {
        self.check_case(&mut data, None)?;
        let support = &self.config.support;
        let kind = support.status(&data.status).map(|s| s.kind);
        let year = number_year(support, self.config.display.calendar, self.now);
        self.take_turn(super::pg_turns::Turn::Numbers)?;
        let seq: i64 = self.conn().query_row(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM cases WHERE year = ?1",
            [year],
            |r| r.get(0),
        )?;
        let now = codec::ts(self.now);
        let ended = kind
            .filter(|k| *k != CaseStatusKind::Active)
            .map(|_| now.clone());
        let closed = (kind == Some(CaseStatusKind::Closed)).then(|| now.clone());
        let id: i64 = self.conn().insert_id(
            "INSERT INTO cases (id, year, seq, subject, description, person_id, company_id,
                    channel, category, priority, status, assignee, deal_id, satisfaction,
                    satisfaction_comment, resolved_at, closed_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                    ?16, ?17, ?18, ?18)",
            params![
                self.take_restore_id(),
                year,
                seq,
                data.subject,
                data.description,
                data.person_id,
                data.company_id,
                data.channel.as_str(),
                data.category,
                data.priority.as_str(),
                data.status,
                data.assignee,
                data.deal_id,
                data.satisfaction,
                data.satisfaction_comment,
                ended,
                closed,
                now,
            ],
        )?;
        tags::replace(self.conn(), Entity::Case, id, &data.tags)?;
        self.record_status(id, None, &data.status)?;
        self.log_create(Entity::Case, id, &data)?;
        self.case_created(id)?;
        Ok((id, CaseNumber { year, seq }))
    }

    /// Replaces a case's fields if nobody saved since `expected_version`.
    /// A status change must be allowed by the workflow; it lands in the
    /// status history, and entering a resolved or closed status stamps the
    /// resolution (reopening clears it and the old score).
    pub fn update_case(
        &mut self,
        id: i64,
        expected_version: i64,
        mut data: CaseData,
    ) -> Result<()> {
        let before = get(self.conn(), id)?;
        let support = &self.config.support;
        match support.status(&data.status) {
            Some(status) => data.status = status.name.clone(),
            None => return Err(unknown_status(support, &data.status)),
        }
        let moved = before.data.status != data.status;
        let to_kind = support.status(&data.status).map(|s| s.kind);
        if moved {
            check_transition(support, &before, &data.status)?;
            if to_kind == Some(CaseStatusKind::Active) {
                data.satisfaction = None;
                data.satisfaction_comment = None;
            }
        }
        self.check_case(&mut data, Some(&before.data))?;
        if self.unchanged(Entity::Case, id, expected_version, &before.data, &data)? {
            return Ok(());
        }
        self.claim_version(Entity::Case, id, expected_version)?;
        let now = self.now;
        let (resolved, closed) = match to_kind {
            Some(CaseStatusKind::Active) | None => (None, None),
            Some(CaseStatusKind::Resolved) => (before.resolved_at.or(Some(now)), None),
            Some(CaseStatusKind::Closed) => (
                before.resolved_at.or(Some(now)),
                before.closed_at.or(Some(now)),
            ),
        };
        self.conn()
            .prepare_cached(
                "UPDATE cases SET subject = ?1, description = ?2, person_id = ?3, company_id = ?4,
                    channel = ?5, category = ?6, priority = ?7, status = ?8, assignee = ?9,
                    deal_id = ?10, satisfaction = ?11, satisfaction_comment = ?12,
                    resolved_at = ?13, closed_at = ?14
                 WHERE id = ?15",
            )?
            .execute(params![
                data.subject,
                data.description,
                data.person_id,
                data.company_id,
                data.channel.as_str(),
                data.category,
                data.priority.as_str(),
                data.status,
                data.assignee,
                data.deal_id,
                data.satisfaction,
                data.satisfaction_comment,
                resolved.map(codec::ts),
                closed.map(codec::ts),
                id
            ])?;
        tags::replace(self.conn(), Entity::Case, id, &data.tags)?;
        if moved {
            self.record_status(id, Some(&before.data.status), &data.status)?;
        }
        self.log_update(Entity::Case, id, &before.data, &data)?;
        Ok(())
    }

    /// Moves a case to `status`; `expected_version` `None` means "whatever
    /// is current".
    pub fn move_case(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        status: &str,
    ) -> Result<()> {
        self.hold(Entity::Case, id)?;
        let case = get(self.conn(), id)?;
        let mut data = case.data.clone();
        data.status = status.to_string();
        if let Some(s) = self.config.support.status(status)
            && s.name == case.data.status
        {
            return Err(Error::invalid(format!(
                "case {} is already {}",
                case.number, s.name
            )));
        }
        self.update_case(id, expected_version.unwrap_or(case.version), data)
    }

    /// Closes a case (the workflow's closed status) with an optional
    /// satisfaction score (1–5) and comment.
    pub fn close_case(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        score: Option<u8>,
        comment: Option<String>,
    ) -> Result<()> {
        self.hold(Entity::Case, id)?;
        let case = get(self.conn(), id)?;
        let closed = self
            .config
            .support
            .first_of_kind(CaseStatusKind::Closed)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        if case.data.status == closed {
            return Err(Error::invalid(format!(
                "case {} is already closed",
                case.number
            )));
        }
        let mut data = case.data.clone();
        data.status = closed;
        data.satisfaction = score;
        data.satisfaction_comment = comment;
        self.update_case(id, expected_version.unwrap_or(case.version), data)
    }

    /// Reopens a resolved or closed case into the config's `reopen_to`.
    pub fn reopen_case(&mut self, id: i64, expected_version: Option<i64>) -> Result<()> {
        self.hold(Entity::Case, id)?;
        let case = get(self.conn(), id)?;
        let support = &self.config.support;
        if support
            .status(&case.data.status)
            .is_some_and(|s| s.kind == CaseStatusKind::Active)
        {
            return Err(Error::invalid(format!(
                "case {} is still {}; only resolved or closed cases reopen",
                case.number, case.data.status
            )));
        }
        let target = support.reopen_to.clone();
        let mut data = case.data.clone();
        data.status = target;
        self.update_case(id, expected_version.unwrap_or(case.version), data)
    }

    /// Logs an activity on a case: the activity is linked to the case's
    /// customer when it names none, the first reply (an outgoing call,
    /// e-mail, text or meeting) stamps the case's first response, and a
    /// reply to a case still in the starting status moves it to
    /// `[support] reply_to`. Returns the activity id.
    pub fn add_case_activity(&mut self, case_id: i64, mut data: ActivityData) -> Result<i64> {
        self.hold(Entity::Case, case_id)?;
        let case = get(self.conn(), case_id)?;
        if data.person_id.is_none() && data.company_id.is_none() && data.deal_id.is_none() {
            data.person_id = case.data.person_id;
            data.company_id = case.data.company_id;
            data.deal_id = case.data.deal_id;
        }
        let activity = self.add_activity(data.clone())?;
        self.conn()
            .prepare_cached("INSERT INTO case_activities (activity_id, case_id) VALUES (?1, ?2)")?
            .execute(params![activity, case_id])?;
        if case.first_response_at.is_none() && data.kind.counts_as_response() {
            let at = data.occurred_at.max(case.created_at);
            self.claim_version(Entity::Case, case_id, case.version)?;
            self.conn()
                .prepare_cached("UPDATE cases SET first_response_at = ?1 WHERE id = ?2")?
                .execute(params![codec::ts(at), case_id])?;
            self.log_field(
                Entity::Case,
                case_id,
                "first_response_at",
                None,
                Some(&codec::ts(at)),
            )?;
        }
        // A reply takes a case out of the starting status (`new` → `open`,
        // `[support] reply_to`), as the team would by hand.
        if data.kind.counts_as_response()
            && let Some(to) = self.config.support.after_reply(&case.data.status)
        {
            let to = to.name.clone();
            self.move_case(case_id, None, &to)?;
        }
        Ok(activity)
    }

    /// Puts an activity already logged (a complaint a case was made from)
    /// on case `case_id`'s timeline; an activity on another case stays
    /// there.
    pub fn link_case_activity(&mut self, case_id: i64, activity_id: i64) -> Result<()> {
        get(self.conn(), case_id)?;
        let activity = self.activity(activity_id)?;
        if let Some(other) = of_activity(self.conn(), activity_id)? {
            return Err(Error::invalid(format!(
                "activity {} is already on case {}",
                activity.id,
                get(self.conn(), other)?.number
            )));
        }
        self.conn()
            .prepare_cached("INSERT INTO case_activities (activity_id, case_id) VALUES (?1, ?2)")?
            .execute(params![activity_id, case_id])?;
        self.log_field(
            Entity::Case,
            case_id,
            "activity",
            None,
            Some(&activity_id.to_string()),
        )?;
        Ok(())
    }

    /// A case, read inside this transaction.
    pub fn case(&self, id: i64) -> Result<Case> {
        get(self.conn(), id)
    }
}

fn unknown_status(support: &SupportConfig, name: &str) -> Error {
    let names: Vec<&str> = support.statuses.iter().map(|s| s.name.as_str()).collect();
    Error::invalid(format!(
        "status {} is not in the case workflow; statuses: {} (see [support] statuses in the config)",
        quoted(name),
        names.join(", ")
    ))
}

/// Fails unless the workflow allows moving `case` to `to`.
fn check_transition(support: &SupportConfig, case: &Case, to: &str) -> Result<()> {
    let Some(from) = support.status(&case.data.status) else {
        // The config dropped the current status: any move out is allowed,
        // or the case could never leave it.
        return Ok(());
    };
    if from.next.iter().any(|n| n.eq_ignore_ascii_case(to)) {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "case {} cannot go from {} to {}; from {} it can go to: {}",
        case.number,
        from.name,
        quoted(to),
        from.name,
        if from.next.is_empty() {
            "nothing (change next in [support] statuses)".to_string()
        } else {
            from.next.join(", ")
        }
    )))
}

impl super::Store {
    /// One case.
    pub fn case(&self, id: i64) -> Result<Case> {
        get(&self.conn, id)
    }

    /// The case with `number` (e.g. 1405-0042).
    pub fn case_by_number(&self, number: CaseNumber) -> Result<Case> {
        by_number(&self.conn, number)
    }

    /// Cases matching a filter, oldest first (the queue order is
    /// `sla::sort_queue`'s).
    pub fn cases(&self, filter: &CaseFilter) -> Result<Vec<Case>> {
        list(&self.conn, filter)
    }

    /// A case's status history, oldest first.
    pub fn case_history(&self, case_id: i64) -> Result<Vec<StatusMove>> {
        history(&self.conn, case_id)
    }

    /// The activities logged on a case, newest first.
    pub fn case_activities(&self, case_id: i64) -> Result<Vec<Activity>> {
        activities(&self.conn, case_id)
    }

    /// The case an activity was logged on.
    pub fn case_of_activity(&self, activity_id: i64) -> Result<Option<i64>> {
        of_activity(&self.conn, activity_id)
    }
}
