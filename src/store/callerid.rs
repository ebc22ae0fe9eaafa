//! Who is calling: the people and companies with a phone whose caller key
//! (`text::phone::caller_key`, stored beside every phone by migration 012)
//! equals the calling number's. One index lookup on
//! `contact_points_by_phone_key`, whatever spelling either side used.

use super::db;
use super::db::{Connection, params};
use serde::Serialize;

use crate::error::Result;
use crate::model::Entity;
use crate::text::phone::{caller_key, is_mobile_label};

/// At most this many records are offered for one number (a switchboard
/// shared by a whole company would otherwise list everyone).
pub const MAX_CALLERS: usize = 50;

/// A record the calling number belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caller {
    /// `person` or `company`.
    pub entity: Entity,
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The person's company, by name.
    pub company: Option<String>,
    /// The matching phone's label as stored.
    pub label: String,
    /// The matching phone as stored.
    pub phone: String,
    /// Whether the match is the person's mobile (see below).
    pub mobile: bool,
}

/// Everyone the number belongs to, best first: people whose mobile it is,
/// then other people (an office line two colleagues share), then
/// companies; in the order they were stored within each group. Empty for
/// an unknown number or one too short to identify a line.
pub fn callers(conn: &Connection, number: &str) -> Result<Vec<Caller>> {
    let Some(key) = caller_key(number) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT cp.person_id, cp.company_id, cp.label, cp.value, p.name, pc.name, c.name
         FROM contact_points cp
         LEFT JOIN people p ON p.id = cp.person_id
         LEFT JOIN companies pc ON pc.id = p.company_id
         LEFT JOIN companies c ON c.id = cp.company_id
         WHERE cp.phone_key = ?1 AND cp.kind = 'phone'
         ORDER BY cp.id
         LIMIT ?2",
    )?;
    // More rows than records: one person may have the number twice.
    let limit = i64::try_from(MAX_CALLERS * 4).unwrap_or(i64::MAX);
    let mut rows = stmt.query(params![key, limit])?;
    let mut found: Vec<Caller> = Vec::new();
    while let Some(row) = rows.next()? {
        let person: Option<i64> = row.get(0)?;
        let company: Option<i64> = row.get(1)?;
        let label: String = row.get(2)?;
        let caller = match (person, company) {
            (Some(id), _) => Caller {
                entity: Entity::Person,
                id,
                name: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
                company: row.get(5)?,
                mobile: is_mobile_label(&label),
                label,
                phone: row.get(3)?,
            },
            (None, Some(id)) => Caller {
                entity: Entity::Company,
                id,
                name: row.get::<_, Option<String>>(6)?.unwrap_or_default(),
                company: None,
                mobile: false,
                label,
                phone: row.get(3)?,
            },
            (None, None) => continue,
        };
        match found
            .iter_mut()
            .find(|c| c.entity == caller.entity && c.id == caller.id)
        {
            Some(seen) if caller.mobile && !seen.mobile => *seen = caller,
            Some(_) => {}
            None => found.push(caller),
        }
    }
    found.sort_by_key(|c| match (c.entity, c.mobile) {
        (Entity::Person, true) => 0,
        (Entity::Person, false) => 1,
        _ => 2,
    });
    found.truncate(MAX_CALLERS);
    Ok(found)
}

/// An open support case of a caller, for the caller's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenCase {
    /// Its id.
    pub id: i64,
    /// The number people say on the phone (e.g. 1405-0042).
    pub number: String,
    /// Its subject.
    pub subject: String,
    /// Its status.
    pub status: String,
}

/// The open cases of a person or company (a company's own and its
/// people's), most urgent first: by priority, then oldest first. Open means
/// neither resolved nor closed (`resolved_at` and `closed_at` are stamped
/// by the workflow's resolved and closed statuses, cleared on reopen).
pub fn open_cases(conn: &Connection, entity: Entity, id: i64) -> Result<Vec<OpenCase>> {
    let (person, company) = match entity {
        Entity::Company => (None, Some(id)),
        _ => (Some(id), None),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.year, k.seq, k.subject, k.status
         FROM cases k LEFT JOIN people p ON p.id = k.person_id
         WHERE k.resolved_at IS NULL AND k.closed_at IS NULL
           AND (?1 IS NULL OR k.person_id = ?1)
           AND (?2 IS NULL OR k.company_id = ?2 OR p.company_id = ?2)
         ORDER BY CASE k.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1
                  WHEN 'normal' THEN 2 ELSE 3 END, k.created_at, k.id",
    )?;
    let rows = stmt.query_map(params![person, company], |row| {
        let number = crate::model::CaseNumber {
            year: row.get(1)?,
            seq: row.get(2)?,
        };
        Ok(OpenCase {
            id: row.get(0)?,
            number: number.to_string(),
            subject: row.get(3)?,
            status: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}
