//! Looking into a PostgreSQL database without opening it as a store (which
//! would create kariz's schema in an empty one), and emptying a demo one:
//! what `kariz demo` and the demo's language need from a server location,
//! where a file has its size and a rename.

use super::db::{self, OptionalExtension, PgConnection};
use crate::error::{Error, Result};

fn connect(url: &str) -> Result<db::Connection> {
    Ok(db::Connection::from(
        PgConnection::connect(url).map_err(Error::from)?,
    ))
}

/// A value from kariz's meta table, None when there is no such table.
pub fn peek_meta(url: &str, key: &str) -> Result<Option<String>> {
    let conn = connect(url)?;
    let has_meta: bool =
        conn.query_row("SELECT to_regclass('meta') IS NOT NULL", [], |r| r.get(0))?;
    if !has_meta {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Whether the database's schema holds any table at all.
pub fn has_tables(url: &str) -> Result<bool> {
    let conn = connect(url)?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
        [],
        |r| r.get(0),
    )?;
    Ok(tables > 0)
}

/// Drops every table and function in the database's schema, so a demo can
/// be built again from scratch. Only for a database the caller has seen is
/// a demo: there is no rename over it as with a file.
pub fn clear_demo(url: &str) -> Result<()> {
    let conn = connect(url)?;
    if peek_meta(url, crate::demo::DEMO_MARKER)?.as_deref() != Some("1") {
        return Err(Error::Schema(
            "refusing to empty a database that is not a kariz demo".into(),
        ));
    }
    conn.execute_batch(
        "DO $$
DECLARE o record;
BEGIN
    FOR o IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP TABLE %I CASCADE', o.tablename);
    END LOOP;
    FOR o IN SELECT p.oid::regprocedure AS f FROM pg_proc p
             WHERE p.pronamespace = current_schema()::regnamespace LOOP
        EXECUTE format('DROP FUNCTION %s CASCADE', o.f);
    END LOOP;
    -- Sequences no table owns (the change log's provisional ids).
    FOR o IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP SEQUENCE %I CASCADE', o.sequencename);
    END LOOP;
END $$",
    )?;
    Ok(())
}
