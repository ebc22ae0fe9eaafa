//! A CSV import on PostgreSQL, whose people are written a batch at a time
//! (src/store/pg_batch.rs), stores exactly what the same import stores on
//! SQLite, row by row: people, contact points, tags, companies and the
//! change log, compared column by column; and a second writer adding a
//! person in the middle of an import is kept, without the import's log
//! claiming that person.

use super::*;
use kariz::interchange::import::csv_source::{self, CsvSettings};
use kariz::interchange::import::{self, Action, ImportEntity, OnDuplicate, Step};
use kariz::model::{ContactPoint, Entity};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::mpsc;
use std::time::Duration;

/// The columns compared, per table; `sort_key` is read as hex.
const TABLES: &[(&str, &str, &str)] = &[
    (
        "people",
        "id, name, name_folded, company_id, title, address, birthday, lead_source, owner, \
         notes, custom, search_text, created_at, updated_at, version, sort_key, external_id, \
         do_not_contact, campaign_id",
        "id",
    ),
    (
        "companies",
        "id, name, name_folded, owner, notes, custom, search_text, created_at, updated_at, \
         version, sort_key, external_id",
        "id",
    ),
    (
        "contact_points",
        "id, person_id, company_id, kind, label, value, position, phone_key",
        "id",
    ),
    (
        "changes",
        "id, at, actor, entity, entity_id, op, field, old, new, last_id",
        "id",
    ),
];

/// Tags by name: PostgreSQL spends a sequence number on an `ON CONFLICT
/// DO NOTHING` insert of a tag that exists, SQLite does not, so tag ids may
/// differ between the engines (as before batching); which person has which
/// tag may not.
const TAG_QUERIES: &[&str] = &[
    "SELECT name FROM tags ORDER BY name",
    "SELECT CAST(pt.person_id AS TEXT), t.name FROM person_tags pt \
     JOIN tags t ON t.id = pt.tag_id ORDER BY pt.person_id, t.name",
];

fn select(table: &str, columns: &str, order: &str, postgres: bool) -> String {
    let list: Vec<String> = columns
        .split(',')
        .map(str::trim)
        .map(|c| match (c, postgres) {
            ("sort_key", true) => "upper(encode(sort_key, 'hex'))".to_string(),
            ("sort_key", false) => "hex(sort_key)".to_string(),
            _ => format!("CAST({c} AS TEXT)"),
        })
        .collect();
    // Qualified: PostgreSQL names `CAST(id AS TEXT)` "id", and an
    // unqualified ORDER BY would sort by that text.
    format!(
        "SELECT {} FROM {table} ORDER BY {table}.{order}",
        list.join(", ")
    )
}

type Dump = Vec<(String, Vec<Vec<Option<String>>>)>;

fn queries(postgres: bool) -> Vec<String> {
    TABLES
        .iter()
        .map(|(table, columns, order)| select(table, columns, order, postgres))
        .chain(TAG_QUERIES.iter().map(|q| q.to_string()))
        .collect()
}

fn dump_sqlite(path: &std::path::Path) -> Dump {
    let conn = rusqlite::Connection::open(path).unwrap();
    queries(false)
        .into_iter()
        .map(|sql| {
            let mut stmt = conn.prepare(&sql).unwrap();
            let width = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..width)
                        .map(|i| r.get::<_, Option<String>>(i))
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            (sql, rows)
        })
        .collect()
}

fn dump_postgres(url: &str) -> Dump {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    queries(true)
        .into_iter()
        .zip(queries(false))
        .map(|(sql, shown)| {
            let rows = client
                .query(&sql, &[])
                .unwrap()
                .iter()
                .map(|r| (0..r.len()).map(|i| r.get(i)).collect())
                .collect();
            // Named by SQLite's text, so the two dumps compare equal.
            (shown, rows)
        })
        .collect()
}

/// One CSV field, quoted, with quotes doubled.
fn field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `rows` people with Persian and Latin names, tabs, backslashes, CR and
/// newlines in their notes, phones, tags and companies, plus rows that
/// match stored people (by external id and e-mail) and, with
/// `repeats`, earlier rows (two updates of one person in one import are a
/// conflict, on either engine).
fn people_csv(rows: usize, repeats: bool) -> String {
    let names = [
        "سارا احمدی",
        "Ali\\Karimi",
        "مریم\u{200c}رضایی",
        "Reza",
        "علي الحسيني",
    ];
    let notes = [
        "tab\there",
        "back\\slash \\N and \\t",
        "two\nlines\r\nand\rCR",
        "",
        "یادداشت\tبا\\ و\nخط",
    ];
    let mut text = String::from("name,email,phone,company,tags,notes,title,external id\n");
    for i in 0..rows {
        let name = format!("{} {i}", names[i % names.len()]);
        let (email, external) = match i % 97 {
            // The stored person, by external id and by e-mail.
            10 if repeats || i == 10 => ("stored@example.com".to_string(), "stored-1".to_string()),
            // An earlier row of this file, by e-mail.
            20 if repeats => (format!("p{}@example.com", i - 1), String::new()),
            _ => (format!("p{i}@example.com"), format!("x{i}")),
        };
        let tags = match i % 3 {
            0 => "vip,مشتری",
            1 => "VIP,lead,Lead",
            _ => "",
        };
        let company = match i % 4 {
            0 => format!("Company {}", i % 40),
            1 => "Acme".to_string(),
            _ => String::new(),
        };
        let _ = writeln!(
            text,
            "{},{},{},{},{},{},{},{}",
            field(&name),
            field(&email),
            field(&format!("+98 912 {:07}", i)),
            field(&company),
            field(tags),
            field(notes[i % notes.len()]),
            field(if i % 2 == 0 { "مدیر خرید" } else { "" }),
            field(&external)
        );
    }
    text
}

/// The same stored records on either engine before an import.
fn seed(store: &mut Store) {
    store
        .write(now(), |w| {
            let acme = w.find_or_create_company("Acme")?;
            let mut stored = person("Stored");
            stored.company_id = Some(acme);
            stored.tags = vec!["vip".into()];
            stored.emails = vec![ContactPoint {
                label: "work".into(),
                value: "stored@example.com".into(),
            }];
            let id = w.add_person(stored)?;
            w.set_external_id(Entity::Person, id, "stored-1")?;
            // Last, so the stored person's points are not the newest rows
            // (SQLite would hand a deleted newest id out again).
            let mut other = person("Other");
            other.phones = vec![ContactPoint {
                label: "mobile".into(),
                value: "+98 912 000 0000".into(),
            }];
            w.add_person(other)
        })
        .unwrap();
}

fn settings(config: &Config) -> (BTreeMap<String, String>, Config) {
    (BTreeMap::new(), config.clone())
}

/// `kariz import csv` with `--on-duplicate skip`: read, planned and
/// written as the file is read. What the rows did, counted, and the
/// steps it reports (those with errors or warnings).
fn streamed(store: &mut Store, text: &str, tick: &mut dyn FnMut()) -> (import::Summary, Vec<Step>) {
    let (map, config) = settings(store.config());
    let settings = CsvSettings {
        entity: ImportEntity::Person,
        map: &map,
        config: &config,
        default_owner: "t",
    };
    let rows = csv_source::rows(text, &settings).unwrap();
    let planner =
        import::Planner::new(store, ImportEntity::Person, OnDuplicate::Skip, 100).unwrap();
    let done =
        import::stream::import_people(store, now(), "people.csv", rows, planner, false, tick)
            .unwrap();
    assert!(done.written);
    (done.summary, done.steps)
}

/// `kariz import csv --on-duplicate update`: planned against the stored
/// records, then written.
fn planned(store: &mut Store, text: &str) -> Vec<Step> {
    let (map, config) = settings(store.config());
    let settings = CsvSettings {
        entity: ImportEntity::Person,
        map: &map,
        config: &config,
        default_owner: "t",
    };
    let read = csv_source::read(text, &settings).unwrap();
    let mut steps =
        import::plan(store, ImportEntity::Person, read.rows, OnDuplicate::Update).unwrap();
    import::apply(store, now(), &mut steps, &mut || {}).unwrap();
    steps
}

fn summary(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|s| format!("{} {:?} {:?}", s.line, s.action, s.id))
        .collect()
}

fn assert_same(sqlite: &Dump, server: &Dump) {
    assert_eq!(sqlite.len(), server.len());
    for ((sql, lite), (_, pg)) in sqlite.iter().zip(server) {
        assert_eq!(lite.len(), pg.len(), "row count of {sql}");
        for (a, b) in lite.iter().zip(pg) {
            assert_eq!(a, b, "{sql}");
        }
    }
}

#[test]
fn streamed_and_planned_imports_store_on_postgresql_what_they_store_on_sqlite() {
    let db = TempDb::new();
    let Some(url) = db.path().to_str().map(str::to_owned) else {
        return;
    };
    if !kariz::store::is_server_url(&url) {
        return;
    }
    let file = db.dir.path().join("same.db");
    let mut lite = Store::open(&file, Config::default_config(), "t").unwrap();
    let mut pg = db.open("t");
    seed(&mut lite);
    seed(&mut pg);

    // More rows than one batch (512), so ids are drawn and rows written
    // several times.
    let first = people_csv(1300, true);
    let (lite_counts, lite_steps) = streamed(&mut lite, &first, &mut || {});
    let (pg_counts, pg_steps) = streamed(&mut pg, &first, &mut || {});
    assert_eq!(lite_counts, pg_counts);
    assert_eq!(summary(&lite_steps), summary(&pg_steps));
    assert!(
        pg_counts.skipped >= 20,
        "{} rows skipped",
        pg_counts.skipped
    );
    assert_same(&dump_sqlite(&file), &dump_postgres(&url));

    // Again with updates: rows that match stored people change them, the
    // rest are created, each with its own change-log row.
    let second = people_csv(1500, false);
    let lite_steps = planned(&mut lite, &second);
    let pg_steps = planned(&mut pg, &second);
    assert_eq!(summary(&lite_steps), summary(&pg_steps));
    assert!(pg_steps.iter().any(|s| s.action == Action::Update));
    assert!(pg_steps.iter().any(|s| s.action == Action::Create));
    assert_same(&dump_sqlite(&file), &dump_postgres(&url));

    // The text came back as written (and as SQLite keeps it, above).
    let tricky = dump_postgres(&url)
        .into_iter()
        .find(|(sql, _)| sql.contains("FROM people"))
        .unwrap()
        .1;
    let texts: Vec<&str> = tricky
        .iter()
        .filter_map(|row| row.get(9).and_then(|n| n.as_deref()))
        .collect();
    assert!(texts.contains(&"back\\slash \\N and \\t"), "{texts:?}");
    assert!(texts.contains(&"two\nlines\r\nand\rCR"), "{texts:?}");
    assert!(texts.contains(&"یادداشت\tبا\\ و\nخط"), "{texts:?}");
    assert_eq!(db.count("SELECT count(*) FROM changes WHERE id < 0"), 0);
}

#[test]
fn a_person_added_by_another_writer_during_an_import_is_kept_and_not_claimed_by_it() {
    let db = TempDb::new();
    if !db.path().to_str().is_some_and(kariz::store::is_server_url) {
        return;
    }
    let mut importer = db.open("importer");
    let path = db.path();
    let (go_tx, go) = mpsc::channel::<()>();
    let (added_tx, added) = mpsc::channel::<i64>();
    let bob = std::thread::spawn(move || {
        let mut s = Store::open(&path, Config::default_config(), "bob").unwrap();
        go.recv().unwrap();
        s.write(now(), |w| {
            let id = w.add_person(person("Bob's"))?;
            // Inserted; the commit waits for the import's turn.
            added_tx.send(id).unwrap();
            Ok(id)
        })
        .unwrap()
    });
    let mut written = 0;
    let mut bobs = None;
    let (counts, _) = streamed(&mut importer, &people_csv(1200, true), &mut || {
        written += 1;
        // Inside the second batch: its ids are drawn, the third's are not.
        if written == 600 {
            go_tx.send(()).unwrap();
            bobs = Some(added.recv_timeout(Duration::from_secs(30)).unwrap());
        }
    });
    let bob_id = bob.join().unwrap();
    assert_eq!(bobs, Some(bob_id));
    // The database held no one before: everyone but Bob is the import's.
    let others = |what: &str| {
        db.count(&format!(
            "SELECT {what}(id) FROM people WHERE id <> {bob_id}"
        ))
    };
    let created: Vec<i64> = (others("min")..=others("max"))
        .filter(|id| *id != bob_id)
        .collect();
    assert_eq!(created.len(), counts.created);
    assert_eq!(
        importer.count(Entity::Person).unwrap() as usize,
        counts.created + 1
    );
    assert_eq!(importer.person(bob_id).unwrap().data.name, "Bob's");
    // The import's log rows name exactly the people it created.
    let rows = importer
        .changes(&kariz::store::ChangeFilter {
            entity: Some(Entity::Person.into()),
            ..Default::default()
        })
        .unwrap();
    let mut claimed: Vec<i64> = Vec::new();
    let imports: Vec<_> = rows.iter().filter(|r| r.op == "import").collect();
    for row in &imports {
        claimed.extend(row.entity_id..=row.last_id.unwrap());
    }
    // Bob's id fell between two of the import's batches: two ranges.
    assert_eq!(imports.len(), 2, "{imports:?}");
    assert!(bob_id > created[0] && bob_id < created[created.len() - 1]);
    claimed.sort_unstable();
    let mut expected = created.clone();
    expected.sort_unstable();
    assert_eq!(claimed, expected);
    assert!(
        rows.iter()
            .any(|r| r.op == "create" && r.entity_id == bob_id)
    );
    assert_eq!(db.count("SELECT count(*) FROM changes WHERE id < 0"), 0);
}

/// People, each with a company of their own, so the import goes on
/// creating companies (with ids it handed out in advance) to the end.
fn people_with_companies_csv(rows: usize) -> String {
    let mut text = String::from("name,email,company\n");
    for i in 0..rows {
        let _ = writeln!(text, "Person {i},f{i}@example.com,Firm {i}");
    }
    text
}

#[test]
fn a_company_added_by_another_writer_during_an_import_waits_and_takes_a_fresh_id() {
    let db = TempDb::new();
    if !db.path().to_str().is_some_and(kariz::store::is_server_url) {
        return;
    }
    let mut importer = db.open("importer");
    let path = db.path();
    let (go_tx, go) = mpsc::channel::<()>();
    let bob = std::thread::spawn(move || {
        let mut s = Store::open(&path, Config::default_config(), "bob").unwrap();
        go.recv().unwrap();
        s.write(now(), |w| {
            w.add_company(kariz::model::CompanyData {
                name: "Bob's firm".into(),
                ..Default::default()
            })
        })
        .unwrap()
    });
    let mut written = 0;
    let (counts, _) = streamed(&mut importer, &people_with_companies_csv(1200), &mut || {
        written += 1;
        if written == 600 {
            go_tx.send(()).unwrap();
            // Bob's insert waits on the companies table (not on a row or
            // the change log) until the import commits.
            let deadline = std::time::Instant::now() + Duration::from_secs(30);
            while db.count(
                "SELECT count(*) FROM pg_stat_activity \
                 WHERE wait_event_type = 'Lock' AND wait_event = 'relation'",
            ) == 0
            {
                assert!(
                    std::time::Instant::now() < deadline,
                    "bob's company insert never waited for the import"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    });
    let bob_id = bob.join().unwrap();
    assert_eq!(counts.created, 1200);
    assert_eq!(importer.count(Entity::Person).unwrap(), 1200);
    assert_eq!(importer.count(Entity::Company).unwrap(), 1201);
    assert_eq!(importer.company(bob_id).unwrap().data.name, "Bob's firm");
    let newest = db.count("SELECT max(id) FROM companies WHERE name LIKE 'Firm %'");
    assert!(
        bob_id > newest,
        "bob's firm {bob_id}, the import's last {newest}"
    );
}
