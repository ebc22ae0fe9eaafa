//! `kariz doctor` on a PostgreSQL database: can kariz connect, is the
//! schema this kariz's, is the data in step with the config. The file
//! checks (header, integrity pages, WAL, file modes) have no server
//! counterpart kariz could run: the server keeps its own files whole and
//! grants access by role (docs/postgresql.md).

use super::health::{Health, Status, check_stages};
use super::migrations::latest_version;
use super::{db, pg_open};
use crate::config::Config;
use crate::error::Error;

/// Runs the server checks into `health`; stops after a failed connection
/// or a foreign schema, as the file checks stop after a bad file.
pub(super) fn check(health: &mut Health, url: &str, config: &Config) {
    let conn = match db::PgConnection::connect(url) {
        Ok(conn) => db::Connection::from(conn),
        Err(e) => {
            health.push("server", Status::Fail, Error::from(e).to_string());
            return;
        }
    };
    health.push("server", Status::Ok, "connected");
    let has_meta = conn.query_row("SELECT to_regclass('meta') IS NOT NULL", [], |r| {
        r.get::<_, bool>(0)
    });
    let version = match has_meta {
        Ok(true) => pg_open::schema_version(&conn).map_err(|e| e.to_string()),
        Ok(false) => Ok(0),
        Err(e) => Err(Error::from(e).to_string()),
    };
    let latest = latest_version();
    match version {
        Ok(v) if v == latest => health.push("schema", Status::Ok, format!("version {v}")),
        Ok(0) => {
            health.push(
                "schema",
                Status::Fail,
                "no kariz schema: not a kariz database (or never opened by kariz)",
            );
            return;
        }
        Ok(v) if v < latest => {
            health.push(
                "schema",
                Status::Fail,
                // Short enough for doctor's table cell; docs/postgresql.md,
                // "Upgrading kariz", says the rest.
                format!("version {v}, needs {latest}; an admin must open it"),
            );
            return;
        }
        Ok(v) => {
            health.push(
                "schema",
                Status::Fail,
                format!("version {v}; this kariz knows version {latest}"),
            );
            return;
        }
        Err(e) => {
            health.push("schema", Status::Fail, e);
            return;
        }
    }
    check_stages(health, &conn, config);
}
