use super::*;

#[cfg(unix)]
#[test]
fn new_database_and_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/folder/kariz.db");
    Store::open(&path, Config::default_config(), "sara").unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
}

#[test]
fn a_database_from_a_newer_kariz_is_refused() {
    let db = TempDb::new();
    drop(db.open("sara"));
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(&db.path(), Config::default_config(), "sara")
        .err()
        .unwrap();
    assert!(err.to_string().contains("newer kariz"), "{err}");
}

#[test]
fn a_foreign_sqlite_file_is_refused_and_left_alone() {
    let db = TempDb::new();
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
        .unwrap();
    drop(conn);
    let err = Store::open(&db.path(), Config::default_config(), "sara")
        .err()
        .unwrap();
    assert!(err.to_string().contains("not a kariz one"), "{err}");
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn a_file_that_is_not_sqlite_gets_a_clear_error() {
    let db = TempDb::new();
    std::fs::write(db.path(), "hello, this is not a database at all, just text").unwrap();
    let err = Store::open(&db.path(), Config::default_config(), "sara")
        .err()
        .unwrap();
    let text = err.to_string();
    assert!(text.contains("not a kariz database"), "{text}");
    assert!(text.contains("kariz.db"), "{text}");
}
