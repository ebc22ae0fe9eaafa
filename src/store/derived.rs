//! Columns computed from a record rather than typed: the name's sort key
//! and the folded search text. Written with every insert and update; this
//! module recomputes them for every row when their definition changes (from
//! a migration hook), so existing databases sort and search like new ones.

use super::{companies, people, scan};
use crate::error::Result;
use crate::locale::collate::sort_key;
use rusqlite::{Connection, params};

/// Every id in `table` (a fixed table name, never user text).
fn ids(conn: &Connection, sql: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(sql)?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
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
        let person = people::get(conn, id)?;
        conn.prepare_cached("UPDATE people SET sort_key = ?1, search_text = ?2 WHERE id = ?3")?
            .execute(params![
                sort_key(&person.data.name),
                scan::person_search_text(&person.data, person.company.as_deref()),
                id
            ])?;
    }
    Ok(())
}
