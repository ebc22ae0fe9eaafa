//! Copying a whole database into an empty one, on either engine
//! (`kariz migrate`): every table, history included, row for row with the
//! same ids, read in one snapshot and written in one transaction, so the
//! target ends up with all of it or none of it.
//!
//! The copy goes through the SQL layer with explicit column names, so it
//! needs no knowledge of the records: a column added to both schemas is
//! carried over by itself, and a table added to the schema but not to
//! [`TABLES`] fails the unit test below.

use super::Store;
use super::db::{self, Connection, Value, params_from_iter};
use crate::error::{Error, Result};
use serde::Serialize;

/// Every table of the schema, each after the tables it references, with
/// the columns its rows are read in order of (the primary key).
pub(super) const TABLES: &[(&str, &str)] = &[
    ("meta", "key"),
    ("companies", "id"),
    ("campaigns", "id"),
    ("people", "id"),
    ("contact_points", "id"),
    ("deals", "id"),
    ("deal_stage_history", "id"),
    ("tasks", "id"),
    ("activities", "id"),
    ("tags", "id"),
    ("person_tags", "person_id, tag_id"),
    ("company_tags", "company_id, tag_id"),
    ("deal_tags", "deal_id, tag_id"),
    ("changes", "id"),
    ("users", "id"),
    ("exchange_rates", "id"),
    ("goals", "id"),
    ("cases", "id"),
    ("case_tags", "case_id, tag_id"),
    ("case_status_history", "id"),
    ("case_activities", "activity_id"),
    ("calls", "id"),
    ("products", "id"),
    ("quotes", "id"),
    ("orders", "id"),
    ("invoices", "id"),
    ("sales_lines", "doc, doc_id, position"),
    ("payments", "id"),
    ("rule_runs", "id"),
    ("notifications", "id"),
    ("messages", "id"),
    ("segments", "id"),
    ("message_outbox", "id"),
];

/// Rows per INSERT: few round trips to a server, and at most 22 columns ×
/// 200 = 4,400 parameters, well under both engines' limits.
const BATCH_ROWS: usize = 200;

/// What one table of a copy holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopiedTable {
    pub table: String,
    pub rows: i64,
}

impl Store {
    /// Copies every row of this database into `target`, which must hold
    /// no records, keeping ids; then checks each table's row count. The
    /// target's change log receives the source's, and the copy itself is
    /// not logged: it changes no record. On any error nothing is written.
    pub fn copy_into(&self, target: &mut Store) -> Result<Vec<CopiedTable>> {
        let shown = target.location();
        copy(&self.conn, &target.conn, &shown)
    }

    /// Where this store's database is, for messages (without a password).
    pub fn location(&self) -> String {
        match &self.path {
            Some(path) if self.conn.is_postgres() => super::pg_open::shown(&path.to_string_lossy()),
            Some(path) => path.display().to_string(),
            None => ":memory:".to_string(),
        }
    }
}

fn copy(source: &Connection, target: &Connection, shown: &str) -> Result<Vec<CopiedTable>> {
    let read = source.snapshot()?;
    let write = target.transaction()?;
    if write.is_postgres() {
        // Other kariz writers wait until the copy is in, as for any write.
        super::pg_turns::take(&write, super::pg_turns::Turn::ChangeLog)?;
    } else {
        // Rows arrive in key order, but a row may name a later one of its
        // own table (a quote's previous revision): check at commit.
        write.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    }
    refuse_unless_empty(&write, shown)?;
    let mut copied = Vec::with_capacity(TABLES.len());
    for &(table, order) in TABLES {
        let columns = columns(&read, table)?;
        let theirs = columns_sorted(&write, table)?;
        let mut ours = columns.clone();
        ours.sort();
        if ours != theirs {
            return Err(Error::Schema(format!(
                "table {table} has columns {ours:?} here but {theirs:?} in {shown}; nothing was changed"
            )));
        }
        let sent = copy_table(&read, &write, table, order, &columns)?;
        let expected = count(&read, table)?;
        let landed = count(&write, table)?;
        if sent != expected || landed != expected {
            return Err(Error::Database(format!(
                "table {table}: {expected} rows to copy, {sent} read, {landed} in {shown}; nothing was changed"
            )));
        }
        copied.push(CopiedTable {
            table: table.to_string(),
            rows: landed,
        });
    }
    carry_id_sequences(&read, &write)?;
    write.commit()?;
    Ok(copied)
}

/// The `WHERE` that leaves out the engine's own meta rows: PostgreSQL keeps
/// its schema version there (`pg_open.rs`), SQLite in `user_version`, and
/// the version of the access rules a PostgreSQL database applied
/// (`pg_roles.rs`); the target has its own already.
fn own_rows(table: &str) -> String {
    if table == "meta" {
        format!(
            " WHERE key NOT IN ('{}', '{}')",
            super::pg_open::VERSION_KEY,
            super::pg_roles::RULES_KEY
        )
    } else {
        String::new()
    }
}

fn count(conn: &Connection, table: &str) -> Result<i64> {
    let sql = format!("SELECT count(*) FROM {table}{}", own_rows(table));
    Ok(conn.query_row(&sql, [], |r| r.get(0))?)
}

/// Refuses a target that holds any row, naming the tables that do.
fn refuse_unless_empty(conn: &Connection, shown: &str) -> Result<()> {
    let mut held = Vec::new();
    for &(table, _) in TABLES {
        let n = count(conn, table)?;
        if n > 0 {
            held.push(format!("{n} rows in {table}"));
        }
    }
    if held.is_empty() {
        return Ok(());
    }
    let more = if held.len() > 3 { ", …" } else { "" };
    held.truncate(3);
    Err(Error::invalid(format!(
        "{shown} is not empty ({}{more}); kariz migrate copies only into an empty database, so nothing was changed. Name a new database",
        held.join(", ")
    )))
}

/// A table's column names in the engine's order.
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let sql = if conn.is_postgres() {
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ?1
         ORDER BY ordinal_position"
    } else {
        "SELECT name FROM pragma_table_info(?1) ORDER BY cid"
    };
    let mut statement = conn.prepare(sql)?;
    let names = statement
        .query_map([table], |r| r.get(0))?
        .collect::<db::Result<Vec<String>>>()?;
    if names.is_empty() {
        return Err(Error::Schema(format!("table {table} is missing")));
    }
    Ok(names)
}

fn columns_sorted(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut names = columns(conn, table)?;
    names.sort();
    Ok(names)
}

/// Copies one table's rows in key order; the number of rows read.
fn copy_table(
    read: &Connection,
    write: &Connection,
    table: &str,
    order: &str,
    columns: &[String],
) -> Result<i64> {
    // Quoted: some column names (`key`, `position`) are keywords.
    let list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let select = format!(
        "SELECT {list} FROM {table}{} ORDER BY {order}",
        own_rows(table)
    );
    let width = columns.len();
    let mut statement = read.prepare(&select)?;
    let mut rows = statement.query([])?;
    let mut batch: Vec<Value> = Vec::with_capacity(BATCH_ROWS * width);
    let mut sent = 0i64;
    while let Some(row) = rows.next()? {
        for i in 0..width {
            batch.push(row.get_value(i)?);
        }
        sent += 1;
        if batch.len() == BATCH_ROWS * width {
            insert(write, table, &list, width, &mut batch)?;
        }
    }
    if !batch.is_empty() {
        insert(write, table, &list, width, &mut batch)?;
    }
    Ok(sent)
}

/// One multi-row INSERT of the rows in `batch` (emptied).
fn insert(
    write: &Connection,
    table: &str,
    list: &str,
    width: usize,
    batch: &mut Vec<Value>,
) -> Result<()> {
    let rows = batch.len() / width;
    let tuples = (0..rows)
        .map(|r| {
            let marks = (1..=width)
                .map(|c| format!("?{}", r * width + c))
                .collect::<Vec<_>>()
                .join(", ");
            format!("({marks})")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("INSERT INTO {table} ({list}) VALUES {tuples}");
    // Full batches share one text, so they are compiled once per table.
    let mut statement = if rows == BATCH_ROWS {
        write.prepare_cached(&sql)?
    } else {
        write.prepare(&sql)?
    };
    statement.execute(params_from_iter(batch.drain(..)))?;
    Ok(())
}

/// Gives the target's id sequences the source's positions, so an id freed
/// by a delete is not handed out again (the change log and undo still name
/// it), as it would not have been in the source.
fn carry_id_sequences(read: &Connection, write: &Connection) -> Result<()> {
    for &(table, order) in TABLES {
        if order != "id" {
            continue;
        }
        let used = last_id(read, table)?;
        if used == 0 {
            continue;
        }
        if write.is_postgres() {
            write.query_row(
                "SELECT setval(pg_get_serial_sequence(?1, 'id'), ?2)",
                db::params![table, used],
                |_| Ok(()),
            )?;
        } else if autoincrement(write, table)? {
            write.execute("DELETE FROM sqlite_sequence WHERE name = ?1", [table])?;
            write.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)",
                db::params![table, used],
            )?;
        }
    }
    Ok(())
}

/// The highest id `table` has handed out: its sequence, or its largest id.
fn last_id(conn: &Connection, table: &str) -> Result<i64> {
    let max: Option<i64> =
        conn.query_row(&format!("SELECT max(id) FROM {table}"), [], |r| r.get(0))?;
    let sequence: Option<i64> = if conn.is_postgres() {
        conn.query_row(
            "SELECT pg_sequence_last_value(pg_get_serial_sequence(?1, 'id')::regclass)",
            [table],
            |r| r.get(0),
        )?
    } else if autoincrement(conn, table)? {
        db::OptionalExtension::optional(conn.query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = ?1",
            [table],
            |r| r.get(0),
        ))?
    } else {
        None
    };
    Ok(max.unwrap_or(0).max(sequence.unwrap_or(0)))
}

/// Whether an SQLite table never reuses ids (AUTOINCREMENT), which SQLite
/// tracks in `sqlite_sequence`.
fn autoincrement(conn: &Connection, table: &str) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master
         WHERE type = 'table' AND name = ?1 AND sql LIKE '%AUTOINCREMENT%'",
        [table],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list holds every table of the SQLite schema, each once, in an
    /// order where every referenced table comes first, keyed by its primary
    /// key: a table added by a migration cannot be forgotten by migrate.
    #[test]
    fn the_table_list_is_the_schema() {
        let store = Store::open_in_memory(crate::config::Config::default_config(), "t").unwrap();
        let conn = &store.conn;
        let mut statement = conn
            .prepare(
                "SELECT name FROM sqlite_master
                 WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .unwrap();
        let actual: Vec<String> = statement
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<db::Result<_>>()
            .unwrap();
        let mut listed: Vec<String> = TABLES.iter().map(|(t, _)| t.to_string()).collect();
        listed.sort();
        assert_eq!(listed, actual);
        assert_eq!(TABLES.len(), 33);

        for (at, &(table, order)) in TABLES.iter().enumerate() {
            let before: Vec<&str> = TABLES[..at].iter().map(|(t, _)| *t).collect();
            let mut refs = conn
                .prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")
                .unwrap();
            let referenced: Vec<String> = refs
                .query_map([table], |r| r.get(0))
                .unwrap()
                .collect::<db::Result<_>>()
                .unwrap();
            for r in referenced.iter().filter(|r| r.as_str() != table) {
                assert!(before.contains(&r.as_str()), "{table} references {r}");
            }
            let mut keys = conn
                .prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")
                .unwrap();
            let key: Vec<String> = keys
                .query_map([table], |r| r.get(0))
                .unwrap()
                .collect::<db::Result<_>>()
                .unwrap();
            assert_eq!(key.join(", "), order, "primary key of {table}");
        }
    }

    /// The PostgreSQL schema declares the same tables, in this order.
    #[test]
    fn the_postgresql_schema_creates_them_in_this_order() {
        let schema = include_str!("migrations/pg/001_schema.sql");
        let created: Vec<&str> = schema
            .lines()
            .filter_map(|l| l.strip_prefix("CREATE TABLE "))
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        let listed: Vec<&str> = TABLES.iter().map(|(t, _)| *t).collect();
        assert_eq!(created, listed);
    }
}
