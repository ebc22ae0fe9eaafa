//! Search finds the same records from the CLI (a scan of SQLite) and from
//! the TUI's in-memory index, whichever way word parts are joined and
//! however a phone number is written.

use super::{TempDb, now, person};
use kariz::model::{ContactPoint, Entity, PersonData};
use kariz::search;
use kariz::store::Store;
use kariz::tui::search_index::SearchIndex;
use proptest::prelude::*;

const ZWNJ: &str = "\u{200c}";

/// Whether the CLI's search finds `id` for `query`.
fn cli_finds(store: &Store, query: &str, id: i64) -> bool {
    search::search(store, query, 50)
        .unwrap()
        .iter()
        .any(|h| h.entity == Entity::Person && h.id == id)
}

/// Whether the TUI's index finds `id` for `query` typed one character at a
/// time (each keystroke searches, so narrowing is exercised).
fn tui_finds(store: &Store, query: &str, id: i64) -> bool {
    let mut index = SearchIndex::load(store).unwrap();
    let mut typed = String::new();
    let mut hits = Vec::new();
    for c in query.chars() {
        typed.push(c);
        hits = index.search(&typed);
    }
    hits.iter()
        .any(|h| h.entity == Entity::Person && h.id == id)
}

fn store_with(db: &TempDb, data: PersonData) -> (Store, i64) {
    let mut store = db.open("t");
    let id = store
        .write(now(), |w| {
            w.add_person(person("Sara Ahmadi"))?;
            w.add_person(person("رضا کریمی"))?;
            w.add_person(data)
        })
        .unwrap();
    (store, id)
}

fn part() -> impl Strategy<Value = String> {
    prop_oneof!["[ابپتجچحخدرزژسشصطعغفقکگلمنوهی]{2,5}", "[a-z]{2,5}",]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A name whose parts are joined by a space, a ZWNJ or nothing is found
    /// by all three query forms, in both paths.
    #[test]
    fn space_zwnj_and_nothing_between_parts_are_the_same(
        parts in prop::collection::vec(part(), 2..=3),
        stored_join in 0usize..3,
    ) {
        let joins = [" ", ZWNJ, ""];
        let db = TempDb::new();
        let name = parts.join(joins[stored_join]);
        let (store, id) = store_with(&db, person(&name));
        for join in joins {
            let query = parts.join(join);
            prop_assert!(cli_finds(&store, &query, id), "cli: {query:?} for {name:?}");
            prop_assert!(tui_finds(&store, &query, id), "tui: {query:?} for {name:?}");
        }
    }
}

#[test]
fn nik_nam_with_a_space_finds_the_zwnj_spelling() {
    let db = TempDb::new();
    let (store, id) = store_with(&db, person("زهرا نیک‌نام"));
    for query in ["نیک نام", "نیک‌نام", "نیکنام", "زهرا نیک نام"] {
        assert!(cli_finds(&store, query, id), "cli {query}");
        assert!(tui_finds(&store, query, id), "tui {query}");
    }
}

#[test]
fn an_international_number_finds_a_persian_digit_national_one_in_both_paths() {
    let db = TempDb::new();
    let (store, id) = store_with(
        &db,
        PersonData {
            name: "Caller".into(),
            phones: vec![ContactPoint {
                label: "mobile".into(),
                value: "۰۹۱۲ ۸۰۰ ۶۹۵۸".into(),
            }],
            ..PersonData::default()
        },
    );
    for query in [
        "+98 912 800 6958",
        "0098 912 800 6958",
        "09128006958",
        "۰۹۱۲۸۰۰",
    ] {
        assert!(cli_finds(&store, query, id), "cli {query}");
        assert!(tui_finds(&store, query, id), "tui {query}");
    }
}

fn hits_for(hits: &[search::Hit], entity: Entity, id: i64) -> Option<search::MatchedField> {
    hits.iter()
        .find(|h| h.entity == entity && h.id == id)
        .map(|h| h.matched)
}

#[test]
fn deals_are_found_by_title_and_customer_in_both_paths() {
    let db = TempDb::new();
    let mut store = db.open("t");
    let (deal, _) = store
        .write(now(), |w| {
            let company = w.add_company(super::company("زعفران نوین"))?;
            let person = w.add_person(person("زهرا نیک‌نام"))?;
            let mut data = super::deal("Saffron export", "lead");
            data.company_id = Some(company);
            data.person_id = Some(person);
            Ok((w.add_deal(data)?, person))
        })
        .unwrap();
    let mut index = SearchIndex::load(&store).unwrap();
    for (query, matched) in [
        ("saffron", search::MatchedField::Name),
        ("زعفران", search::MatchedField::Company),
        ("نیک نام", search::MatchedField::Contact),
    ] {
        let cli = search::search(&store, query, 50).unwrap();
        assert_eq!(
            hits_for(&cli, Entity::Deal, deal),
            Some(matched),
            "cli {query}"
        );
        let tui = index.search(query);
        assert_eq!(
            hits_for(&tui, Entity::Deal, deal),
            Some(matched),
            "tui {query}"
        );
    }
}

#[test]
fn the_index_follows_deals_created_renamed_and_deleted_elsewhere() {
    let db = TempDb::new();
    let mut store = db.open("t");
    let person_id = store
        .write(now(), |w| w.add_person(person("Omid Rahimi")))
        .unwrap();
    // The TUI's index reads through its own connection, as its thread does.
    let reader = store.open_reader().unwrap();
    let mut index = SearchIndex::load(&reader).unwrap();
    let deal = store
        .write(now(), |w| {
            let mut data = super::deal("Turbine service", "lead");
            data.person_id = Some(person_id);
            w.add_deal(data)
        })
        .unwrap();
    assert!(
        index.search("turbine").is_empty(),
        "not seen before the refresh"
    );
    index.refresh(&reader, Entity::Deal, deal).unwrap();
    assert_eq!(
        hits_for(&index.search("turbine"), Entity::Deal, deal),
        Some(search::MatchedField::Name)
    );

    store
        .write(now(), |w| {
            let d = w.deal(deal)?;
            let mut data = d.data.clone();
            data.title = "Pump overhaul".into();
            w.update_deal(deal, d.version, data)
        })
        .unwrap();
    index.refresh(&reader, Entity::Deal, deal).unwrap();
    assert!(hits_for(&index.search("turbine"), Entity::Deal, deal).is_none());
    assert!(hits_for(&index.search("pump"), Entity::Deal, deal).is_some());

    // Renaming the customer reaches the deal's text with the person's.
    store
        .write(now(), |w| {
            let p = w.person(person_id)?;
            let mut data = p.data.clone();
            data.name = "Kian Moradi".into();
            w.update_person(person_id, p.version, data)
        })
        .unwrap();
    index.refresh(&reader, Entity::Person, person_id).unwrap();
    assert_eq!(
        hits_for(&index.search("kian moradi"), Entity::Deal, deal),
        Some(search::MatchedField::Contact)
    );
    assert!(hits_for(&index.search("omid rahimi"), Entity::Deal, deal).is_none());

    store
        .write(now(), |w| w.delete_deal(deal, None, false))
        .unwrap();
    index.refresh(&reader, Entity::Deal, deal).unwrap();
    assert!(hits_for(&index.search("pump"), Entity::Deal, deal).is_none());
}
