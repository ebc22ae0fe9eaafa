//! PostgreSQL's errors turned into kariz's, by SQLSTATE: the same variants
//! SQLite's map to (`engine_error.rs`), plus a refusal by the database's
//! own access rules, which SQLite has no notion of.

use crate::error::Error;

/// Maps a PostgreSQL error to the variant a caller can act on.
pub(super) fn classify(err: postgres::Error) -> Error {
    let Some(db) = err.as_db_error() else {
        let said = err.to_string();
        let unreachable = [
            "error connecting",
            "error communicating",
            "error performing TLS",
        ]
        .iter()
        .any(|start| said.starts_with(start));
        if !unreachable && !err.is_closed() {
            // A value that does not fit its column, a bad URL option.
            return Error::Database(said);
        }
        // No server answer: the connection failed or dropped.
        return if err.is_closed() {
            Error::Database(
                "the connection to the PostgreSQL server was lost, so nothing was saved; check that the server is running and try again".to_string(),
            )
        } else {
            Error::Database(format!(
                "cannot talk to the PostgreSQL server: {err}; check the database URL and that the server is running"
            ))
        };
    };
    let code = db.code().code();
    let message = db.message();
    match code {
        // serialization_failure, deadlock_detected, lock_not_available
        "40001" | "40P01" | "55P03" => Error::Busy(format!(
            "another user changed the same records at the same moment, so nothing was saved; try again ({message})"
        )),
        // insufficient_privilege: a GRANT or a row-level policy said no.
        "42501" => Error::Denied(denied(message)),
        "25006" => Error::ReadOnly(format!(
            "the PostgreSQL database is read-only for this connection, so nothing was saved ({message})"
        )),
        "53100" => Error::Full(format!(
            "the PostgreSQL server's disk is full, so nothing was saved ({message})"
        )),
        "XX001" | "XX002" => Error::Damaged(format!(
            "the PostgreSQL server reports damaged data ({message}); ask its administrator to check it"
        )),
        _ if code.starts_with("28") => Error::Schema(format!(
            "the PostgreSQL server refused the login: {message}; check the user in the database URL and its password (PGPASSWORD or ~/.pgpass)"
        )),
        _ if code.starts_with("3D") => Error::Schema(format!(
            "{message}; create the database first (docs/postgresql.md) or check the database URL"
        )),
        _ => Error::Database(message.to_string()),
    }
}

/// A refusal by a GRANT or a row policy (roles.sql) in words: which
/// rule said no, by the table the server names.
fn denied(message: &str) -> String {
    // `new row violates row-level security policy for table "deals"`,
    // `permission denied for table deals`.
    let table = message
        .split('"')
        .nth(1)
        .or_else(|| message.strip_prefix("permission denied for table "))
        .unwrap_or_default();
    let policy = message.contains("row-level security");
    let rule = match (policy, table) {
        (true, "deals" | "tasks") => {
            let what = table.trim_end_matches('s');
            format!(
                "a sales rep creates and changes only {what}s they own (the owner must be their own login); a manager can change any {what}"
            )
        }
        (true, "deal_tags" | "deal_stage_history") => {
            "only the deal's owner or a manager can change its tags or stage".to_string()
        }
        (true, "changes") => "the change log takes changes only under your own login".to_string(),
        (false, table) if !table.is_empty() => format!(
            "your role may not change the {} table",
            table.replace('_', " ")
        ),
        _ => "the database's access rules do not allow your account to do this".to_string(),
    };
    format!("{rule} ({message}); ask a kariz admin if your role should allow it")
}

#[cfg(test)]
mod tests {
    use super::denied;

    #[test]
    fn refusals_name_the_rule() {
        let own = denied("new row violates row-level security policy for table \"deals\"");
        assert!(
            own.starts_with("a sales rep creates and changes only deals they own"),
            "{own}"
        );
        let grant = denied("permission denied for table case_tags");
        assert!(
            grant.starts_with("your role may not change the case tags table"),
            "{grant}"
        );
        let other = denied("permission denied to create role");
        assert!(other.starts_with("the database's access rules"), "{other}");
    }
}
