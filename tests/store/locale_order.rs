//! Names in Persian/Arabic/Latin alphabetical order, kept across pages, and
//! databases from before the sort key (schema version 1) upgraded in place.

use super::*;
use kariz::store::{CompanyFilter, PageKey, PersonFilter};

const PERSIAN_ORDER: [&str; 8] = [
    "بابک",
    "پروانه",
    "تینا",
    "جواد",
    "چنگیز",
    "زهرا",
    "ژاله",
    "کاوه",
];

fn all_people_by_pages(s: &Store, page: usize) -> Vec<String> {
    let mut names = Vec::new();
    let mut after: Option<PageKey> = None;
    loop {
        let rows = s
            .people(&PersonFilter::default(), after.as_ref(), page)
            .unwrap();
        let Some(last) = rows.last() else { break };
        after = Some(PageKey::after_person(last));
        names.extend(rows.into_iter().map(|p| p.data.name));
    }
    names
}

#[test]
fn people_and_companies_list_in_persian_order_across_pages() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    s.write(now(), |w| {
        // Reverse order, with an Arabic spelling and a Latin name mixed in.
        for name in PERSIAN_ORDER.iter().rev() {
            w.add_person(person(name))?;
            w.add_company(company(name))?;
        }
        w.add_person(person("Zoe"))?;
        w.add_person(person("3M contact"))?;
        Ok(())
    })
    .unwrap();
    let mut want = vec!["3M contact", "Zoe"];
    want.extend(PERSIAN_ORDER);
    assert_eq!(all_people_by_pages(&s, 3), want);
    assert_eq!(all_people_by_pages(&s, 100), want);
    let companies: Vec<String> = s
        .companies(&CompanyFilter::default(), None, 100)
        .unwrap()
        .into_iter()
        .map(|c| c.data.name)
        .collect();
    assert_eq!(companies, PERSIAN_ORDER);
}

#[test]
fn a_renamed_person_moves_to_the_new_place() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = s
        .write(now(), |w| {
            w.add_person(person("تینا"))?;
            w.add_person(person("بابک"))
        })
        .unwrap();
    let version = s.person(id).unwrap().version;
    s.write(now(), |w| w.update_person(id, version, person("ژاله")))
        .unwrap();
    assert_eq!(all_people_by_pages(&s, 10), ["تینا", "ژاله"]);
}

/// A version-1 database (no sort key, phones indexed as bare digits) gets
/// keys and new search texts when opened.
#[test]
fn upgrading_a_version_1_database_fills_sort_keys_and_search_texts() {
    let db = TempDb::new();
    {
        kariz::store::create_at_schema_version(&db.path(), 1).unwrap();
        let conn = rusqlite::Connection::open(db.path()).unwrap();
        for (i, name) in PERSIAN_ORDER.iter().rev().enumerate() {
            conn.execute(
                "INSERT INTO people (name, name_folded, search_text, created_at, updated_at)
                 VALUES (?1, ?1, ?1, '2026-11-22T09:00:00Z', '2026-11-22T09:00:00Z')",
                [name],
            )
            .unwrap();
            let id = conn.last_insert_rowid();
            conn.execute(
                "INSERT INTO contact_points (person_id, kind, value, position)
                 VALUES (?1, 'phone', ?2, 0)",
                rusqlite::params![id, format!("+98 912 000 {i:04}")],
            )
            .unwrap();
        }
    }
    let s = db.open("sara");
    assert_eq!(all_people_by_pages(&s, 3), PERSIAN_ORDER);
    // The phone was stored with +98; searching its national form finds it.
    let hits = kariz::search::search(&s, "0912 000 0000", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let person = s.person(hits[0].id).unwrap();
    assert_eq!(person.data.name, PERSIAN_ORDER[PERSIAN_ORDER.len() - 1]);
}
