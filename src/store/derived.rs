//! Columns computed from a record rather than typed: the name's sort key
//! and the folded search text. Written with every insert and update; this
//! module recomputes them for every row when their definition changes (from
//! a migration hook), so existing databases sort and search like new ones.

use super::contact_points::{self, Owner};
use super::db;
use super::db::{Connection, params};
use super::{companies, scan};
use crate::error::Result;
use crate::locale::collate::sort_key;
use crate::model::PersonData;

/// Every id in `table` (a fixed table name, never user text).
fn ids(conn: &Connection, sql: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(sql)?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<db::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// Recomputes `sort_key` and `search_text` of every person and company.
pub(super) fn refresh_all(conn: &Connection) -> Result<()> {
    for id in ids(conn, "SELECT id FROM companies")? {
        let company = companies::get(conn, id)?;
        conn.prepare_cached("UPDATE companies SET sort_key = ?1, search_text = ?2 WHERE id = ?3")?
            .execute(params![
                sort_key(&company.data.name),
                scan::company_search_text(&company.data),
                id
            ])?;
    }
    for id in ids(conn, "SELECT id FROM people")? {
        // Only the columns of version 2: this runs from that migration's
        // hook, before later migrations add theirs (campaign_id, …).
        let (name, company): (String, Option<String>) = conn.query_row(
            "SELECT p.name, c.name FROM people p LEFT JOIN companies c ON c.id = p.company_id
             WHERE p.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (phones, emails) = contact_points::load(conn, Owner::Person(id))?;
        let data = PersonData {
            name,
            phones,
            emails,
            ..PersonData::default()
        };
        conn.prepare_cached("UPDATE people SET sort_key = ?1, search_text = ?2 WHERE id = ?3")?
            .execute(params![
                sort_key(&data.name),
                scan::person_search_text(&data, company.as_deref()),
                id
            ])?;
    }
    Ok(())
}
