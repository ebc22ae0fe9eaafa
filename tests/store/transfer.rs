//! `Store::copy_into` (`kariz migrate`): SQLite to a new SQLite file here;
//! SQLite to PostgreSQL and back when a throwaway cluster runs.

use super::*;
use kariz::model::ContactPoint;
use kariz::store::{ChangeFilter, CopiedTable};

/// A company, a person with a phone and a tag, a deal moved twice, a task,
/// and a person created and deleted (its id the highest handed out).
/// Returns the kept person's id and the deleted one's.
fn fill(s: &mut Store) -> (i64, i64) {
    s.write(now(), |w| {
        let company = w.add_company(company("Acme"))?;
        let mut sara = person("سارا احمدی");
        sara.company_id = Some(company);
        sara.phones = vec![ContactPoint {
            label: "mobile".into(),
            value: "+98 912 345 6789".into(),
        }];
        let sara = w.add_person(sara)?;
        w.change_tags(
            kariz::model::Entity::Person,
            sara,
            &["vip".to_string()],
            &[],
        )?;
        let mut panels = deal("Panels", "Lead");
        panels.person_id = Some(sara);
        let panels = w.add_deal(panels)?;
        w.move_deal(panels, None, "qualified", None)?;
        w.move_deal(panels, None, "Proposal", None)?;
        w.add_task(kariz::model::TaskData {
            title: "Call Sara".into(),
            person_id: Some(sara),
            ..Default::default()
        })?;
        let gone = w.add_person(person("Gone"))?;
        w.delete_person(gone, None, false)?;
        Ok((sara, gone))
    })
    .unwrap()
}

fn all_changes(s: &Store) -> Vec<kariz::model::ChangeEntry> {
    s.changes(&ChangeFilter::default()).unwrap()
}

fn nonzero(tables: &[CopiedTable], name: &str) -> i64 {
    let rows = tables.iter().find(|t| t.table == name).unwrap().rows;
    assert!(rows > 0, "{name}: {tables:?}");
    rows
}

/// Copies `source` into a new store at `target` and checks what arrived.
fn copy_and_check(source: &Store, target: &std::path::Path, sara: i64) -> Vec<CopiedTable> {
    let mut copy = Store::open(target, Config::default_config(), "omar").unwrap();
    let tables = source.copy_into(&mut copy).unwrap();
    assert_eq!(tables.len(), 33);
    for name in [
        "companies",
        "people",
        "contact_points",
        "deals",
        "deal_stage_history",
        "tasks",
        "tags",
        "person_tags",
        "changes",
    ] {
        nonzero(&tables, name);
    }
    assert_eq!(copy.person(sara).unwrap(), source.person(sara).unwrap());
    assert_eq!(all_changes(&copy), all_changes(source));
    let deal = source.deals(&Default::default()).unwrap()[0].id;
    assert_eq!(
        copy.stage_history(deal).unwrap(),
        source.stage_history(deal).unwrap()
    );
    tables
}

#[test]
fn copies_every_table_with_its_ids_into_a_new_sqlite_file() {
    let db = TempDb::new();
    let mut s = db.open("omar");
    let (sara, gone) = fill(&mut s);
    let target = db.dir.path().join("copy.db");
    let tables = copy_and_check(&s, &target, sara);
    let changes = nonzero(&tables, "changes");
    assert_eq!(
        count_rows(&target, "SELECT count(*) FROM changes"),
        changes,
        "the copy itself is not logged"
    );

    // The deleted person's id is not handed out again in the copy.
    let mut copy = Store::open(&target, Config::default_config(), "omar").unwrap();
    let next = copy.write(now(), |w| w.add_person(person("New"))).unwrap();
    assert!(next > gone, "new id {next} reuses the deleted {gone}");
}

#[test]
fn a_target_holding_data_is_refused_and_left_unchanged() {
    let db = TempDb::new();
    let mut s = db.open("omar");
    let (sara, _) = fill(&mut s);
    let target = db.dir.path().join("copy.db");
    copy_and_check(&s, &target, sara);
    let before = count_rows(&target, "SELECT count(*) FROM changes");

    let mut copy = Store::open(&target, Config::default_config(), "omar").unwrap();
    let err = s.copy_into(&mut copy).unwrap_err().to_string();
    assert!(err.contains(&target.display().to_string()), "{err}");
    assert!(err.contains("not empty"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(count_rows(&target, "SELECT count(*) FROM changes"), before);
    assert_eq!(count_rows(&target, "SELECT count(*) FROM people"), 1);
}

#[test]
fn an_empty_database_copies_as_empty() {
    let db = TempDb::new();
    let s = db.open("omar");
    let mut copy = Store::open(
        &db.dir.path().join("copy.db"),
        Config::default_config(),
        "omar",
    )
    .unwrap();
    let tables = s.copy_into(&mut copy).unwrap();
    assert!(tables.iter().all(|t| t.rows == 0), "{tables:?}");
}

#[test]
fn round_trip_through_postgresql_keeps_every_row_and_id() {
    let Some(cluster) = crate::pg_cluster::cluster() else {
        return; // skipped, and cluster() said so on stderr
    };
    let db = TempDb::new();
    let mut s = db.open("omar");
    let (sara, gone) = fill(&mut s);

    let server = cluster.new_database();
    let there = copy_and_check(&s, std::path::Path::new(&server.url), sara);
    let pg = Store::open(
        std::path::Path::new(&server.url),
        Config::default_config(),
        "omar",
    )
    .unwrap();
    let back_path = db.dir.path().join("back.db");
    let back = copy_and_check(&pg, &back_path, sara);
    assert_eq!(there, back, "per-table counts differ after the round trip");

    // The sequence positions travelled both ways.
    let mut pg = pg;
    let on_pg = pg.write(now(), |w| w.add_person(person("New"))).unwrap();
    assert!(on_pg > gone, "PostgreSQL reuses id {gone}: {on_pg}");
    let mut back = Store::open(&back_path, Config::default_config(), "omar").unwrap();
    let on_back = back.write(now(), |w| w.add_person(person("New"))).unwrap();
    assert!(on_back > gone, "SQLite reuses id {gone}: {on_back}");

    // A second copy onto the server database is refused.
    let mut again = Store::open(
        std::path::Path::new(&server.url),
        Config::default_config(),
        "omar",
    )
    .unwrap();
    let err = s.copy_into(&mut again).unwrap_err().to_string();
    assert!(err.contains("not empty"), "{err}");
}
