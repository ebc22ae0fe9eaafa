//! People and companies ordered by their most recent activity, for the
//! contact list's "last activity" sort. Keyset-paged on (last, id) so deep
//! pages cost the same as the first.

use super::db;
use super::db::{Connection, params};

use crate::error::Result;
use crate::model::Entity;

/// Where the previous page ended: its last row's activity time ('' when
/// it had none) and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentKey {
    /// Last activity timestamp as stored, or empty.
    pub last: String,
    /// Row id.
    pub id: i64,
}

/// Ids of people (or companies) by latest activity, newest first; those
/// without any activity come last. Filters as in the name-ordered lists.
pub(super) fn by_recent_activity(
    conn: &Connection,
    entity: Entity,
    owner: Option<&str>,
    tag: Option<&str>,
    after: Option<&RecentKey>,
    limit: usize,
) -> Result<Vec<(i64, RecentKey)>> {
    let (table, link, tags, tag_col) = match entity {
        Entity::Company => ("companies", "company_id", "company_tags", "company_id"),
        _ => ("people", "person_id", "person_tags", "person_id"),
    };
    let keyset = if after.is_some() {
        "AND (coalesce(a.last, ''), r.id) < (?3, ?4)"
    } else {
        "AND ?3 IS NULL AND ?4 IS NULL"
    };
    let sql = format!(
        "SELECT r.id, coalesce(a.last, '') FROM {table} r
         LEFT JOIN (SELECT {link} AS rid, max(occurred_at) AS last FROM activities
                    WHERE {link} IS NOT NULL GROUP BY {link}) a ON a.rid = r.id
         WHERE (?1 IS NULL OR r.owner = ?1)
           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM {tags} x JOIN tags t ON t.id = x.tag_id
                                      WHERE x.{tag_col} = r.id AND lower(t.name) = lower(?2)))
           {keyset}
         ORDER BY coalesce(a.last, '') DESC, r.id DESC LIMIT ?5"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            owner,
            tag,
            after.map(|a| a.last.as_str()),
            after.map(|a| a.id),
            i64::try_from(limit).unwrap_or(i64::MAX)
        ],
        |r| {
            let id: i64 = r.get(0)?;
            let last: String = r.get(1)?;
            Ok((id, RecentKey { last, id }))
        },
    )?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// Distinct owners of people, companies and deals, sorted.
pub(super) fn owners(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT owner FROM people WHERE owner IS NOT NULL
         UNION SELECT owner FROM companies WHERE owner IS NOT NULL
         UNION SELECT owner FROM deals WHERE owner IS NOT NULL ORDER BY 1",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<db::Result<Vec<String>>>()?)
}

/// What a list row shows of a person or company, read in one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Record id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The person's company, or the company's domain.
    pub detail: Option<String>,
    /// First e-mail.
    pub email: Option<String>,
    /// First phone.
    pub phone: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Tags, sorted.
    pub tags: Vec<String>,
}

/// The list-row summary of one person, company or deal: one statement
/// instead of loading the whole record with its phones, e-mails and tags
/// (search results are turned into rows on every keystroke). Its own
/// `r.id = ?1`, not a list of one: at a million people the list's
/// `json_each` cost 25–50 µs more a row, for every row of every keystroke.
pub(super) fn summary(conn: &Connection, entity: Entity, id: i64) -> Result<Option<Summary>> {
    Ok(read_summaries(conn, entity, "r.id = ?1", params![id])?.pop())
}

/// The list-row summaries ([`summary`]) of the records of `ids` that
/// exist, read in one statement, in no particular order.
pub(super) fn summaries(conn: &Connection, entity: Entity, ids: &[i64]) -> Result<Vec<Summary>> {
    read_summaries(
        conn,
        entity,
        "r.id IN (SELECT value FROM json_each(?1))",
        params![super::codec::id_list(ids)],
    )
}

/// The summaries of the `entity` records where `condition` (on `r`, the
/// record, with `param` as `?1`) holds.
fn read_summaries<P: db::Params>(
    conn: &Connection,
    entity: Entity,
    condition: &str,
    param: P,
) -> Result<Vec<Summary>> {
    let sql = match entity {
        // A deal (a search result): its title, and its customer company or
        // else its contact person where a contact's company shows.
        Entity::Deal => format!(
            "SELECT r.id, r.title, coalesce(c.name, p.name), NULL, NULL, r.owner, NULL
             FROM deals r LEFT JOIN companies c ON c.id = r.company_id
             LEFT JOIN people p ON p.id = r.person_id
             WHERE {condition}"
        ),
        Entity::Company => format!(
            "SELECT r.id, r.name, r.domain,
                (SELECT value FROM contact_points WHERE company_id = r.id AND kind = 'email' ORDER BY position LIMIT 1),
                (SELECT value FROM contact_points WHERE company_id = r.id AND kind = 'phone' ORDER BY position LIMIT 1),
                r.owner,
                (SELECT string_agg(name, '\u{1f}') FROM (SELECT t.name FROM company_tags x JOIN tags t ON t.id = x.tag_id
                  WHERE x.company_id = r.id ORDER BY lower(t.name), t.name) AS names)
             FROM companies r WHERE {condition}"
        ),
        _ => format!(
            "SELECT r.id, r.name, c.name,
                (SELECT value FROM contact_points WHERE person_id = r.id AND kind = 'email' ORDER BY position LIMIT 1),
                (SELECT value FROM contact_points WHERE person_id = r.id AND kind = 'phone' ORDER BY position LIMIT 1),
                r.owner,
                (SELECT string_agg(name, '\u{1f}') FROM (SELECT t.name FROM person_tags x JOIN tags t ON t.id = x.tag_id
                  WHERE x.person_id = r.id ORDER BY lower(t.name), t.name) AS names)
             FROM people r LEFT JOIN companies c ON c.id = r.company_id
             WHERE {condition}"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(param, |row| {
        let tags: Option<String> = row.get(6)?;
        Ok(Summary {
            id: row.get(0)?,
            name: row.get(1)?,
            detail: row.get(2)?,
            email: row.get(3)?,
            phone: row.get(4)?,
            owner: row.get(5)?,
            tags: tags
                .map(|t| t.split('\u{1f}').map(str::to_owned).collect())
                .unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// How many deals are stale in a stage, and the longest-sitting ones with
/// when each entered the stage.
pub type Stale = (usize, Vec<(i64, chrono::DateTime<chrono::Utc>)>);

/// Open deals in one stage that entered it before `before` (rotting), the
/// longest-sitting first: how many there are, and the first `limit` with
/// the time each entered the stage.
pub(super) fn stale_in_stage(
    conn: &Connection,
    pipeline: &str,
    stage: &str,
    before: chrono::DateTime<chrono::Utc>,
    limit: usize,
) -> Result<Stale> {
    let before = super::codec::ts(before);
    let count: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM deals WHERE status = 'open' AND pipeline = ?1 AND stage = ?2
               AND stage_entered_at < ?3",
        )?
        .query_row(params![pipeline, stage, before], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, stage_entered_at FROM deals WHERE status = 'open' AND pipeline = ?1 AND stage = ?2
           AND stage_entered_at < ?3 ORDER BY stage_entered_at, id LIMIT ?4",
    )?;
    let rows = stmt.query_map(
        params![
            pipeline,
            stage,
            before,
            i64::try_from(limit).unwrap_or(i64::MAX)
        ],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, text) = row?;
        out.push((
            id,
            super::codec::parse_ts(&text).map_err(crate::error::Error::Schema)?,
        ));
    }
    Ok((usize::try_from(count).unwrap_or(0), out))
}
