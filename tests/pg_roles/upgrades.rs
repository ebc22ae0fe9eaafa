//! A PostgreSQL database an older kariz made is upgraded by the first
//! kariz of a newer version that may change its schema (an admin), in one
//! transaction; anyone else is told who may, and nothing changes.

use super::*;

/// The schema version PostgreSQL's base schema stands for
/// (`migrations.rs`, `PG_BASE_VERSION`).
const BASE: usize = 20;

struct OldDatabase {
    team: Team,
}

impl OldDatabase {
    /// A database as kariz left it at schema version [`BASE`] with its
    /// access rules of that time, whose functions its creator (the
    /// superuser `kariz_test`) owns; a rep and a second admin of its own.
    fn new() -> Option<OldDatabase> {
        let cluster = pg_cluster::cluster()?;
        let db = cluster.new_database();
        kariz::store::create_at_schema_version(Path::new(&db.url), BASE).unwrap();
        let old = OldDatabase {
            team: Team { cluster, db },
        };
        old.psql(&format!(
            "ALTER FUNCTION kariz_next_id() OWNER TO kariz_test;
             UPDATE meta SET value = '2' WHERE key = 'access_rules';
             CREATE ROLE {rep} LOGIN; GRANT \"{name}_rep\" TO {rep};
             CREATE ROLE {admin} LOGIN; GRANT \"{name}_admin\" TO {admin} WITH ADMIN OPTION;
             INSERT INTO tags (name) VALUES ('vip');",
            name = old.team.db.name,
            rep = old.login("rep"),
            admin = old.login("admin"),
        ));
        Some(old)
    }

    fn login(&self, role: &str) -> String {
        format!("{}_{role}_login", self.team.db.name)
    }

    fn open_as(&self, login: &str) -> kariz::Result<Store> {
        self.team.try_open(login)
    }

    fn psql(&self, sql: &str) -> String {
        self.team
            .cluster
            .psql(&self.team.db.name, sql)
            .trim()
            .to_string()
    }

    fn version(&self) -> String {
        self.psql("SELECT value FROM meta WHERE key = 'schema_version'")
    }

    /// The triggers and kariz's functions, as text to compare databases by.
    fn triggers_and_functions(&self) -> String {
        self.psql(
            "SELECT string_agg(pg_get_triggerdef(oid), E'\\n' ORDER BY tgname)
               FROM pg_trigger WHERE NOT tgisinternal;
             SELECT string_agg(proname || ': ' || prosrc, E'\\n' ORDER BY proname)
               FROM pg_proc WHERE pronamespace = current_schema()::regnamespace",
        )
    }

    /// Every index's definition, in name order.
    fn indexes(&self) -> String {
        self.psql(
            "SELECT string_agg(indexdef, E'\\n' ORDER BY indexname)
               FROM pg_indexes WHERE schemaname = current_schema()",
        )
    }
}

#[test]
fn an_older_database_waits_for_an_admin_who_may_change_it_and_then_matches_a_new_one() {
    let Some(old) = OldDatabase::new() else {
        return;
    };
    let before = old.triggers_and_functions();

    // A rep owns nothing to change: refused with who may, nothing changed;
    // doctor says what the first admin's command will do.
    let rep = old.login("rep");
    let doctor = old.team.kariz(&rep, &["doctor"]);
    let said = String::from_utf8_lossy(&doctor.stdout);
    assert!(
        said.contains("version 20, needs 22; an admin must open it"),
        "{said}"
    );
    let listed = old.team.kariz(&rep, &["person", "list", "--limit", "1"]);
    assert_eq!(listed.status.code(), Some(1));
    let refused = String::from_utf8_lossy(&listed.stderr).to_string();
    assert!(
        refused.contains("schema version 20 and this kariz needs 22")
            && refused.contains("ask an admin to open it once with this kariz")
            && !refused.contains("panicked")
            && refused.contains("nothing was changed"),
        "{refused}"
    );
    // A second admin owns the tables but not yet the functions the
    // creator made: refused alike, and still nothing changed.
    let refused = old.open_as(&old.login("admin")).err().unwrap().to_string();
    assert!(refused.contains("nothing was changed"), "{refused}");
    assert_eq!(old.version(), "20");
    assert_eq!(old.triggers_and_functions(), before);

    // The creator upgrades it, and hands the functions to the admins.
    let store = old.open_as("kariz_test").unwrap();
    drop(store);
    assert_eq!(old.version(), "22");
    assert_eq!(
        old.psql("SELECT value FROM meta WHERE key = 'access_rules'"),
        "3"
    );
    assert_eq!(
        old.psql(&format!(
            "SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
               AND proowner <> '\"{}_admin\"'::regrole",
            old.team.db.name
        )),
        "0"
    );

    // Now it is the schema a new database gets.
    let cluster = old.team.cluster;
    let fresh = OldDatabase {
        team: Team {
            cluster,
            db: cluster.new_database(),
        },
    };
    drop(fresh.open_as("kariz_test").unwrap());
    assert_eq!(fresh.version(), "22");
    assert_eq!(old.triggers_and_functions(), fresh.triggers_and_functions());
    assert_eq!(old.indexes(), fresh.indexes());
    assert!(
        old.indexes()
            .contains("contact_points_by_company ON public.contact_points USING btree (company_id, kind, \"position\") WHERE (company_id IS NOT NULL)"),
        "{}",
        old.indexes()
    );

    // Its rows are kept, and the rep works in it again.
    assert_eq!(old.psql("SELECT name FROM tags"), "vip");
    let mut rep = old.open_as(&rep).unwrap();
    let id = rep
        .write(now(), |w| w.add_person(person("Dara Azadi")))
        .unwrap();
    assert!(id > 0);
    assert_eq!(rep.person(id).unwrap().data.name, "Dara Azadi");
}

/// The version 21 triggers: a NULL id draws from the table's sequence, an
/// explicit id past the sequence moves it on (so no later row draws it),
/// and an explicit id below it leaves the sequence alone.
#[test]
fn ids_are_drawn_for_null_and_the_sequence_moves_past_explicit_ones() {
    let Some(cluster) = pg_cluster::cluster() else {
        return;
    };
    let db = cluster.new_database();
    drop(Store::open(Path::new(&db.url), Config::default_config(), "claimed-name").unwrap());
    // The first line: psql adds the INSERT's status after RETURNING's row.
    let psql = |sql: &str| {
        let out = cluster.psql(&db.name, sql);
        out.lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(
        psql("INSERT INTO tags (name) VALUES ('a') RETURNING id"),
        "1"
    );
    assert_eq!(
        psql("INSERT INTO tags (id, name) VALUES (40, 'b') RETURNING id"),
        "40"
    );
    assert_eq!(
        psql("INSERT INTO tags (name) VALUES ('c') RETURNING id"),
        "41"
    );
    assert_eq!(
        psql("INSERT INTO tags (id, name) VALUES (7, 'd') RETURNING id"),
        "7"
    );
    assert_eq!(
        psql("INSERT INTO tags (name) VALUES ('e') RETURNING id"),
        "42"
    );
    // A change-log row gets a provisional negative id until its commit
    // places it (pg_turns.rs), from its own sequence.
    assert_eq!(
        psql(
            "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = 'changes_next_id'
                       AND pg_get_triggerdef(oid) LIKE '%kariz_pending_change_id%')"
        ),
        "1"
    );
}

/// Every command opens the database: one already at kariz's version is
/// read as such without the upgrade's transaction and lock, so an open
/// does not wait behind a session holding that lock (an upgrade under way
/// elsewhere, which leaves the recorded version as it was until it
/// commits).
#[test]
fn a_current_database_opens_without_waiting_for_the_upgrade_lock() {
    let Some(cluster) = pg_cluster::cluster() else {
        return;
    };
    let db = cluster.new_database();
    drop(Store::open(Path::new(&db.url), Config::default_config(), "first").unwrap());
    let mut holder = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    let mut lock = holder.transaction().unwrap();
    // The key `pg_open.rs` serialises creating and upgrading the schema by.
    lock.batch_execute("SELECT pg_advisory_xact_lock(7151000)")
        .unwrap();
    let (done, opened) = std::sync::mpsc::channel();
    let url = db.url.clone();
    let opener = std::thread::spawn(move || {
        let store = Store::open(Path::new(&url), Config::default_config(), "second");
        let _ = done.send(store.map(|_| ()));
    });
    let opened = opened.recv_timeout(std::time::Duration::from_secs(30));
    // Let the opener go whatever happened, so a failure is reported
    // rather than left hanging.
    lock.rollback().unwrap();
    opened
        .expect("the open waited for the upgrade lock")
        .unwrap();
    opener.join().unwrap();
}
