//! Opening a PostgreSQL database: connecting, refusing a database that is
//! not kariz's, creating the schema on an empty one, and the SQL function
//! segments compare text with (`kariz_fold`, SQLite's is registered in
//! Rust by `segment_sql.rs`).

use super::db::{self, PgConnection};
use super::migrations::{self, PG_BASE_VERSION, latest_version};
use crate::error::{Error, Result};

/// The schema as of version [`PG_BASE_VERSION`], with `NULL_ID_TRIGGERS`,
/// `SQLITE_FUNCTIONS`, `CHANGE_NOTIFY` and `kariz_fold`. Never edited: a
/// later version is a step in `migrations.rs`, which a new database takes
/// as an old one does.
const SCHEMA: &str = include_str!("migrations/pg/001_schema.sql");

/// The meta key holding the schema version (SQLite keeps it in
/// `PRAGMA user_version`).
pub(super) const VERSION_KEY: &str = "schema_version";

/// Whether a database location names a PostgreSQL server rather than a
/// file.
pub fn is_server_url(location: &str) -> bool {
    location.starts_with("postgresql://") || location.starts_with("postgres://")
}

/// Connects to `url` and brings an empty database up to kariz's schema.
pub fn open(url: &str) -> Result<db::Connection> {
    let conn = PgConnection::connect(url).map_err(|e| connect_error(url, e))?;
    let conn = db::Connection::from(conn);
    ensure_schema(&conn, url, latest_version())?;
    Ok(conn)
}

/// Makes an empty PostgreSQL database kariz's as of schema `version`, as
/// an older kariz left it, for tests of the upgrade; see
/// `open::create_at_schema_version`.
pub(super) fn create_at_schema_version(url: &str, version: usize) -> Result<()> {
    let conn = PgConnection::connect(url).map_err(|e| connect_error(url, e))?;
    ensure_schema(&db::Connection::from(conn), url, version)
}

fn connect_error(url: &str, err: db::Error) -> Error {
    match Error::from(err) {
        Error::Database(why) => Error::Schema(format!("cannot connect to {}: {why}", shown(url))),
        other => other,
    }
}

/// The URL without a password (`user:pass@` or `password=` in the query),
/// for messages and cache keys.
pub fn shown(url: &str) -> String {
    let without_user_password = match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_part = url.get(scheme + 3..at).unwrap_or_default();
            let user = user_part.split(':').next().unwrap_or_default();
            format!(
                "{}{user}@{}",
                url.get(..scheme + 3).unwrap_or_default(),
                url.get(at + 1..).unwrap_or_default()
            )
        }
        _ => url.to_string(),
    };
    match without_user_password.split_once('?') {
        Some((base, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.to_ascii_lowercase().starts_with("password="))
                .collect();
            if kept.is_empty() {
                base.to_string()
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        }
        None => without_user_password,
    }
}

/// Creates the schema on an empty database, or upgrades an older one to
/// `target`, all in one transaction (a failed upgrade changes nothing).
fn ensure_schema(conn: &db::Connection, url: &str, target: usize) -> Result<()> {
    // Every command opens the database, which is nearly always at
    // `target` already: that is read in one round trip, before the
    // transaction and lock below and their seven. A database being
    // upgraded meanwhile still shows its old version (the upgrade is one
    // transaction), so its reader waits for the lock below.
    if stored_version(conn) == Some(target) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    // Two kariz starting on a new or older database at once: one creates
    // or upgrades, the other waits here and then finds it done.
    tx.execute_batch("SELECT pg_advisory_xact_lock(7151000)")?;
    let has_meta: bool =
        tx.query_row("SELECT to_regclass('meta') IS NOT NULL", [], |r| r.get(0))?;
    if !has_meta {
        create_schema(&tx, url, target)?;
        return tx.commit().map_err(Error::from);
    }
    let version = schema_version(&tx)?;
    if version > latest_version() {
        return Err(Error::Schema(format!(
            "{} was written by a newer kariz (schema version {version}; this kariz knows up to {}); upgrade kariz to open it",
            shown(url),
            latest_version()
        )));
    }
    if version < target {
        upgrade(&tx, url, version, target)?;
    }
    tx.commit()?;
    Ok(())
}

fn create_schema(tx: &db::Connection, url: &str, target: usize) -> Result<()> {
    let tables: i64 = tx.query_row(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
        [],
        |r| r.get(0),
    )?;
    if tables > 0 {
        return Err(Error::rejected(
            format!(
                "{} is a PostgreSQL database but not a kariz one; nothing was changed. Name an empty database (docs/postgresql.md)",
                shown(url)
            ),
            crate::error::Remedy::DatabasePath,
        ));
    }
    check_collation(tx, url)?;
    tx.execute_batch(SCHEMA)?;
    tx.execute_batch(&fold_function())?;
    tx.execute_batch(NULL_ID_TRIGGERS)?;
    tx.execute_batch(SQLITE_FUNCTIONS)?;
    tx.execute_batch(CHANGE_NOTIFY)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)",
        db::params![VERSION_KEY, PG_BASE_VERSION.to_string()],
    )?;
    migrations::all().upgrade_postgres(tx, PG_BASE_VERSION, target)?;
    // Roles and row policies now when the opener may create roles;
    // otherwise nothing is granted to anyone (only the owner gets in)
    // until an admin's first `kariz admin grant` creates them.
    super::pg_roles::apply_rules_if_allowed(tx)
}

/// Upgrades the schema from `version` to `target`. Changing tables and
/// functions is their owner's right: anyone else is told who may, and
/// nothing changes.
fn upgrade(tx: &db::Connection, url: &str, version: usize, target: usize) -> Result<()> {
    let owner: String = tx.query_row(
        "SELECT pg_get_userbyid(relowner)::text FROM pg_class WHERE oid = 'meta'::regclass",
        [],
        |r| r.get(0),
    )?;
    let stepped = migrations::all().upgrade_postgres(tx, version, target);
    match stepped {
        Err(Error::Denied(_)) => {
            return Err(Error::Schema(format!(
                "{} has kariz schema version {version} and this kariz needs {target}; only the owner of its tables ({owner}: an admin) or a superuser may upgrade it, so ask an admin to open it once with this kariz (any command, or the interface); nothing was changed",
                shown(url)
            )));
        }
        other => other?,
    }
    // Tables a step added need the access rules; applying them again is
    // harmless (they are idempotent).
    super::pg_roles::reapply_rules_if_applied(tx)
}

/// An INSERT that gives `id` as NULL gets the next id, as SQLite gives an
/// `INTEGER PRIMARY KEY` a new rowid: entity code binds the id it restores
/// on undo, or NULL for a new record, in one statement for both engines.
/// (An identity column takes its default only when the column is left
/// out, not for an explicit NULL.) The trigger also records the id for
/// the `last_insert_rowid` kariz had then.
///
/// Part of the base schema of version 20, so never edited: version 21
/// (`migrations/pg/023_id_triggers.sql`) replaces these triggers with ones
/// that run only for a NULL id or an id past the sequence.
///
/// A change-log row is the exception: it gets a provisional negative id
/// from its own sequence and its place in the log when its transaction
/// commits (`pg_turns.rs`), so writers run side by side and still commit
/// the log in id order.
const NULL_ID_TRIGGERS: &str = "
CREATE SEQUENCE changes_pending_id_seq;
CREATE FUNCTION kariz_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    seq text := pg_get_serial_sequence(TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, 'id');
BEGIN
    IF NEW.id IS NULL AND TG_TABLE_NAME = 'changes' THEN
        NEW.id := -nextval('changes_pending_id_seq');
    ELSIF NEW.id IS NULL THEN
        NEW.id := nextval(seq);
    ELSIF NEW.id > coalesce(pg_sequence_last_value(seq::regclass), 0) THEN
        -- An explicit id (an import's reserved company ids, a migrated
        -- database) moves the sequence past it, so no later insert
        -- collides with it, as AUTOINCREMENT would.
        PERFORM setval(seq, NEW.id);
    END IF;
    -- SQLite's last_insert_rowid(), per session (see db/pg.rs).
    PERFORM set_config('kariz.last_id', NEW.id::text, false);
    RETURN NEW;
END $$;
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT c.table_name FROM information_schema.columns c
             WHERE c.table_schema = current_schema() AND c.column_name = 'id'
               AND c.is_identity = 'YES'
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION kariz_next_id()',
                       t.table_name || '_next_id', t.table_name);
    END LOOP;
END $$;
";

/// The channel a commit that logged changes notifies (`feed.rs` listens).
pub const CHANGES_CHANNEL: &str = "kariz_changes";

/// Every statement that adds change-log rows notifies the channel; the
/// server delivers it when the transaction commits, so a listener wakes
/// exactly when there is something new to read.
const CHANGE_NOTIFY: &str = "
CREATE FUNCTION kariz_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kariz_changes', '');
    RETURN NULL;
END $$;
CREATE TRIGGER changes_notify AFTER INSERT ON changes
    FOR EACH STATEMENT EXECUTE FUNCTION kariz_notify_changes();
";

/// SQLite's functions the store's SQL uses, for PostgreSQL, with SQLite's
/// meaning: `instr`, `date(time, modifier)` with a seconds offset (local
/// days of UTC timestamps in reports), `json_extract` of one key
/// (`$."key"`, custom fields in segments), and the id lists of
/// `codec::id_list` (`json_each` there, renamed by `db/dialect.rs`).
const SQLITE_FUNCTIONS: &str = "
CREATE FUNCTION instr(haystack text, needle text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT strpos(haystack, needle)::bigint $$;
CREATE FUNCTION date(at text, modifier text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_char((at::timestamptz AT TIME ZONE 'UTC') + modifier::interval, 'YYYY-MM-DD') $$;
CREATE FUNCTION json_extract(doc text, path text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (doc::jsonb) ->> btrim(substr(path, 3), chr(34)) $$;
CREATE FUNCTION kariz_json_each(ids text) RETURNS TABLE (value bigint)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT e::bigint FROM jsonb_array_elements_text(ids::jsonb) AS e $$;
";

/// The schema version recorded in meta.
/// The schema version the database records, read without a transaction
/// or a prepared statement; `None` when it cannot be read (no `meta` table
/// yet, or any error, which the locked path then meets and reports).
fn stored_version(conn: &db::Connection) -> Option<usize> {
    let sql = format!("SELECT value FROM meta WHERE key = '{VERSION_KEY}'");
    conn.postgres()?.simple_value(&sql).ok()??.parse().ok()
}

pub fn schema_version(conn: &db::Connection) -> Result<usize> {
    let version: Option<String> = db::OptionalExtension::optional(conn.query_row(
        "SELECT value FROM meta WHERE key = ?1",
        [VERSION_KEY],
        |r| r.get(0),
    ))?;
    Ok(version.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// Names sort and compare byte by byte, as in SQLite, only under the C
/// collation; refuse a database made with another rather than sort
/// differently from SQLite and the snapshot.
fn check_collation(conn: &db::Connection, url: &str) -> Result<()> {
    let collate: String = conn.query_row(
        "SELECT datcollate::text FROM pg_database WHERE datname = current_database()",
        [],
        |r| r.get(0),
    )?;
    if collate == "C" || collate == "POSIX" {
        return Ok(());
    }
    Err(Error::Schema(format!(
        "{} sorts text by the {collate} locale; kariz needs byte order. Create the database with LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0 (docs/postgresql.md); nothing was changed",
        shown(url)
    )))
}

/// `kariz_fold(text)`: `text::fold` for segment filters, as SQL. NFKC,
/// then every character `fold` maps to one other character (or drops)
/// through `translate`, then spaces collapsed. The table is computed from
/// `fold` itself, so the two cannot drift apart.
fn fold_function() -> String {
    let (from, to) = fold_table();
    let quote = |s: &str| s.replace('\'', "''");
    format!(
        "CREATE OR REPLACE FUNCTION kariz_fold(t text) RETURNS text
         LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fold$
           SELECT btrim(regexp_replace(
             translate(normalize(t, NFKC), '{from}', '{to}'),
             '\\s+', ' ', 'g'))
         $fold$;",
        from = quote(&from),
        to = quote(&to),
    )
}

/// Characters whose fold is one other character, then those it drops
/// (`translate` deletes the `from` characters past the end of `to`).
fn fold_table() -> (String, String) {
    let mut from = String::new();
    let mut to = String::new();
    let mut dropped = String::new();
    for code in 0x20u32..0x1_0000 {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        if c == '\'' || c.is_whitespace() {
            continue;
        }
        let folded = crate::text::fold::fold(&c.to_string());
        let mut chars = folded.chars();
        match (chars.next(), chars.next()) {
            (None, _) => dropped.push(c),
            (Some(one), None) if one != c => {
                from.push(c);
                to.push(one);
            }
            _ => {}
        }
    }
    from.push_str(&dropped);
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_are_told_from_paths() {
        assert!(is_server_url("postgresql:///kariz?host=/run/postgresql"));
        assert!(is_server_url("postgres://sara@db.example/kariz"));
        assert!(!is_server_url("/home/sara/kariz.db"));
        assert!(!is_server_url("postgresql.db"));
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            shown("postgresql://sara:secret@db.example/kariz"),
            "postgresql://sara@db.example/kariz"
        );
        assert_eq!(shown("postgresql:///kariz"), "postgresql:///kariz");
        assert_eq!(
            shown("postgresql:///kariz?host=/run&password=secret&user=sara"),
            "postgresql:///kariz?host=/run&user=sara"
        );
        assert_eq!(
            shown("postgresql:///kariz?password=x"),
            "postgresql:///kariz"
        );
    }

    #[test]
    fn the_fold_table_maps_arabic_letters_and_digits_and_drops_marks() {
        let (from, to) = fold_table();
        let pairs: Vec<(char, char)> = from.chars().zip(to.chars()).collect();
        assert!(pairs.contains(&('ي', 'ی')));
        assert!(pairs.contains(&('ك', 'ک')));
        assert!(pairs.contains(&('۵', '5')));
        assert!(pairs.contains(&('A', 'a')));
        let dropped: String = from.chars().skip(to.chars().count()).collect();
        assert!(dropped.contains('\u{200c}'), "ZWNJ is dropped");
        assert!(dropped.contains('\u{64e}'), "fatha is dropped");
    }
}
