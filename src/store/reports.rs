//! The reads behind `kariz report`: deals with their lead source, stage
//! moves, and grouped counts of people, activities and tasks. Aggregation
//! that needs the calendar or money rules happens in `crate::reports`;
//! here are only the rows. Times are compared as stored UTC text.

use super::codec;
use super::db;
use super::db::{Connection, params};
use crate::error::Result;
use crate::model::DealStatus;
use chrono::{DateTime, NaiveDate, Utc};

/// Which deals (and people) a report looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    /// Only this pipeline.
    pub pipeline: Option<String>,
    /// Only this owner (stored text).
    pub owner: Option<String>,
    /// Only deals whose person has this lead source.
    pub source: Option<String>,
}

/// One deal as the reports see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDeal {
    /// Deal id.
    pub id: i64,
    /// Pipeline name.
    pub pipeline: String,
    /// Current stage.
    pub stage: String,
    /// Open, won or lost.
    pub status: DealStatus,
    /// Value in minor units.
    pub value_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// The deal's own probability, if set.
    pub probability: Option<u8>,
    /// Expected close date.
    pub expected_close: Option<NaiveDate>,
    /// Owner as stored.
    pub owner: Option<String>,
    /// The lead source of the deal's person.
    pub source: Option<String>,
    /// Lost reason as stored.
    pub lost_reason: Option<String>,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Last won or lost (UTC).
    pub closed_at: Option<DateTime<Utc>>,
}

/// One row of stage history: `deal_id` entered `stage` at `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The deal.
    pub deal_id: i64,
    /// The stage entered.
    pub stage: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
}

const DEAL_FILTER: &str = "(?1 IS NULL OR d.pipeline = ?1)
       AND (?2 IS NULL OR d.owner = ?2)
       AND (?3 IS NULL OR p.lead_source = ?3)";

/// Which deals a report reads: reading every deal costs ~3.5 µs a row
/// (100 ms at 30k deals), so each report asks only for those it can count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealRows {
    /// Every deal.
    All,
    /// Open deals (forecast, open pipeline).
    Open,
    /// Deals created or closed in `[from, to)` (every period figure).
    Touched(DateTime<Utc>, DateTime<Utc>),
    /// Both of the above in one read (the dashboard).
    OpenOrTouched(DateTime<Utc>, DateTime<Utc>),
}

/// The deals matching the filter and `rows`, by id.
pub fn deals(conn: &Connection, filter: &ReportFilter, rows: DealRows) -> Result<Vec<ReportDeal>> {
    // Fixed fragments only; an OR of two ranges lets SQLite use both indexes.
    let (window, from, to) = match rows {
        DealRows::All => ("AND ?4 IS NULL AND ?5 IS NULL", None, None),
        DealRows::Open => (
            "AND d.status = 'open' AND ?4 IS NULL AND ?5 IS NULL",
            None,
            None,
        ),
        DealRows::Touched(from, to) => (
            "AND ((d.created_at >= ?4 AND d.created_at < ?5)
                  OR (d.closed_at >= ?4 AND d.closed_at < ?5))",
            Some(codec::ts(from)),
            Some(codec::ts(to)),
        ),
        DealRows::OpenOrTouched(from, to) => (
            "AND (d.status = 'open'
                  OR (d.created_at >= ?4 AND d.created_at < ?5)
                  OR (d.closed_at >= ?4 AND d.closed_at < ?5))",
            Some(codec::ts(from)),
            Some(codec::ts(to)),
        ),
    };
    let sql = format!(
        "SELECT d.id, d.pipeline, d.stage, d.status, d.value_minor, d.currency, d.probability,
                d.expected_close, d.owner, p.lead_source, d.lost_reason, d.created_at, d.closed_at
         FROM deals d LEFT JOIN people p ON p.id = d.person_id
         WHERE {DEAL_FILTER} {window} ORDER BY d.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let params = params![filter.pipeline, filter.owner, filter.source, from, to];
    let rows = stmt.query_map(params, |r| {
        let status: String = r.get(3)?;
        let probability: Option<i64> = r.get(6)?;
        Ok(ReportDeal {
            id: r.get(0)?,
            pipeline: r.get(1)?,
            stage: r.get(2)?,
            status: DealStatus::parse(&status).unwrap_or(DealStatus::Open),
            value_minor: r.get(4)?,
            currency: r.get(5)?,
            probability: probability.and_then(|p| u8::try_from(p).ok()),
            expected_close: codec::get_opt_date(r, 7)?,
            owner: r.get(8)?,
            source: r.get(9)?,
            lost_reason: r.get(10)?,
            created_at: codec::get_ts(r, 11)?,
            closed_at: codec::get_opt_ts(r, 12)?,
        })
    })?;
    Ok(rows.collect::<db::Result<_>>()?)
}

/// Which stage moves a report needs: all, or only a window of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MoveWindow {
    /// Only moves at or after this time (the funnel: its entries and the
    /// advances after them all happen from the period's start on).
    pub since: Option<DateTime<Utc>>,
    /// Only deals closed in `[start, end)` (the cycle: deals won in the
    /// period, with their whole history).
    pub closed: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The stage moves of every deal matching the filter, by deal then time.
pub fn moves(conn: &Connection, filter: &ReportFilter, window: MoveWindow) -> Result<Vec<Move>> {
    let sql = format!(
        "SELECT h.deal_id, h.to_stage, h.at FROM deal_stage_history h
         JOIN deals d ON d.id = h.deal_id LEFT JOIN people p ON p.id = d.person_id
         WHERE {DEAL_FILTER}
           AND (?4 IS NULL OR h.at >= ?4)
           AND (?5 IS NULL OR (d.closed_at >= ?5 AND d.closed_at < ?6))
         ORDER BY h.deal_id, h.at, h.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let params = params![
        filter.pipeline,
        filter.owner,
        filter.source,
        window.since.map(codec::ts),
        window.closed.map(|(a, _)| codec::ts(a)),
        window.closed.map(|(_, b)| codec::ts(b))
    ];
    let rows = stmt.query_map(params, |r| {
        Ok(Move {
            deal_id: r.get(0)?,
            stage: r.get(1)?,
            at: codec::get_ts(r, 2)?,
        })
    })?;
    Ok(rows.collect::<db::Result<_>>()?)
}

/// People created in `[from, to)` per lead source (`None`: unset).
pub fn people_by_source(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    owner: Option<&str>,
    source: Option<&str>,
) -> Result<Vec<(Option<String>, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT lead_source, count(*) FROM people
         WHERE created_at >= ?1 AND created_at < ?2
           AND (?3 IS NULL OR owner = ?3) AND (?4 IS NULL OR lead_source = ?4)
         GROUP BY lead_source ORDER BY lead_source",
    )?;
    let rows = stmt.query_map(
        params![codec::ts(from), codec::ts(to), owner, source],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.collect::<db::Result<_>>()?)
}

/// Activity counts in `[from, to)` per author, local day and kind. The
/// local day is the UTC time shifted by `offset_seconds` (the clock's).
pub fn activity_counts(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    offset_seconds: i32,
    author: Option<&str>,
) -> Result<Vec<(String, NaiveDate, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT author, date(occurred_at, ?3), kind, count(*) FROM activities
         WHERE occurred_at >= ?1 AND occurred_at < ?2 AND (?4 IS NULL OR author = ?4)
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    )?;
    let shift = format!("{offset_seconds:+} seconds");
    let rows = stmt.query_map(
        params![codec::ts(from), codec::ts(to), shift, author],
        |r| {
            let day: String = r.get(1)?;
            Ok((r.get(0)?, day, r.get(2)?, r.get(3)?))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (author, day, kind, n): (String, String, String, i64) = row?;
        let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .map_err(|e| crate::error::Error::Database(format!("activity day {day:?}: {e}")))?;
        out.push((author, day, kind, n));
    }
    Ok(out)
}

/// A task done in the period: its owner, when it was done and when it was due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneTask {
    /// Owner as stored (`None`: unset).
    pub owner: Option<String>,
    /// When it was marked done (UTC).
    pub done_at: DateTime<Utc>,
    /// Its due date, if any.
    pub due_date: Option<NaiveDate>,
}

/// Tasks done in `[from, to)`.
pub fn tasks_done(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    owner: Option<&str>,
) -> Result<Vec<DoneTask>> {
    let mut stmt = conn.prepare_cached(
        "SELECT owner, done_at, due_date FROM tasks
         WHERE done_at >= ?1 AND done_at < ?2 AND (?3 IS NULL OR owner = ?3)",
    )?;
    let rows = stmt.query_map(params![codec::ts(from), codec::ts(to), owner], |r| {
        Ok(DoneTask {
            owner: r.get(0)?,
            done_at: codec::get_ts(r, 1)?,
            due_date: codec::get_opt_date(r, 2)?,
        })
    })?;
    Ok(rows.collect::<db::Result<_>>()?)
}

/// Open tasks due before `today`, per owner.
pub fn overdue_tasks(
    conn: &Connection,
    today: NaiveDate,
    owner: Option<&str>,
) -> Result<Vec<(Option<String>, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT owner, count(*) FROM tasks
         WHERE done_at IS NULL AND due_date < ?1 AND (?2 IS NULL OR owner = ?2)
         GROUP BY owner ORDER BY owner",
    )?;
    let rows = stmt.query_map(params![codec::date(today), owner], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<db::Result<_>>()?)
}
