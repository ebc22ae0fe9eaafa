//! The people list snapshot against a real SQLite file: after every kind
//! of change it equals a fresh read of the database, in memory and read
//! back from its file, and a file that cannot be trusted is never used.

use super::*;
use crate::config::Config;
use crate::model::{CompanyData, ContactPoint, PersonData};
use chrono::{DateTime, TimeZone, Utc};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).single().unwrap()
}

fn point(value: &str) -> ContactPoint {
    ContactPoint {
        label: "work".into(),
        value: value.into(),
    }
}

fn person(name: &str, company: Option<i64>, tags: &[&str]) -> PersonData {
    PersonData {
        name: name.into(),
        company_id: company,
        phones: vec![point(&format!("+98 912 {}", name.len()))],
        emails: vec![point("first@example.com"), point("second@example.com")],
        owner: Some("sara".into()),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..PersonData::default()
    }
}

/// A list of `lines`, in the order given.
fn list_of(identity: String, lines: &[PersonLine]) -> PeopleList {
    let mut list = PeopleList::new(identity, 1, String::new());
    for line in lines {
        list.push(line);
    }
    list
}

/// A list's lines as owned records.
fn owned(list: &PeopleList) -> Vec<PersonLine> {
    list.lines()
        .map(|l| PersonLine {
            id: l.id,
            sort_key: l.sort_key.to_vec(),
            name: l.name.into(),
            company: l.company.into(),
            phone: l.phone.into(),
            email: l.email.into(),
            owner: l.owner.into(),
            tags: l.tags().map(str::to_string).collect(),
        })
        .collect()
}

/// The list equals a fresh read of the database, and so does the list
/// read back from its bytes.
fn same_as_database(store: &Store, list: &PeopleList) {
    let mut fresh = Vec::new();
    store.each_person_line(&mut |l| fresh.push(l)).unwrap();
    assert_eq!(owned(list), fresh, "in memory");
    assert_eq!(list.len(), fresh.len());
    let back = PeopleList::decode_bytes(&list.encode()).unwrap();
    assert_eq!(&back, list, "read back");
}

fn edit(store: &mut Store, id: i64, change: impl FnOnce(&mut PersonData)) {
    store
        .write(now(), |w| {
            let p = w.person(id)?;
            let mut data = p.data.clone();
            change(&mut data);
            w.update_person(id, p.version, data)
        })
        .unwrap();
}

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let file = dir.path().join("cache").join("people.list");
    let store = Store::open(&db, Config::default_config(), "t").unwrap();
    (dir, db, file, store)
}

fn save(file: &Path, list: &PeopleList) {
    search_snapshot::write_with(file, |f| list.encode_to(f)).unwrap();
}

#[test]
fn the_file_follows_the_change_log_and_is_rebuilt_when_it_cannot() {
    let (_dir, db, file, mut store) = setup();
    let (sara, reza, company) = store
        .write(now(), |w| {
            let company = w.add_company(CompanyData {
                name: "زاگرس".into(),
                ..CompanyData::default()
            })?;
            let sara = w.add_person(person("سارا احمدی", Some(company), &["vip"]))?;
            let reza = w.add_person(person("Reza Karimi", None, &[]))?;
            // Equal names: their order is the ids'.
            for _ in 0..3 {
                w.add_person(person("علی رضایی", None, &["b", "a"]))?;
            }
            Ok((sara, reza, company))
        })
        .unwrap();
    let (first, how) = load(&store, &db, &file).unwrap();
    assert_eq!(how, Freshness::Rebuilt, "no file yet");
    same_as_database(&store, &first);
    save(&file, &first);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(load(&store, &db, &file).unwrap().1, Freshness::Current);

    // Renamed (moves), retagged, new first phone and owner, one added and
    // one deleted: refreshed person by person.
    edit(&mut store, sara, |d| d.name = "Aaron Ahmadi".into());
    edit(&mut store, reza, |d| {
        d.tags = vec!["lost".into(), "Cold".into()];
        d.phones.insert(0, point("+98 21 5555"));
        d.owner = None;
    });
    let added = store
        .write(now(), |w| w.add_person(person("علی رضایی", None, &[])))
        .unwrap();
    let (list, how) = load(&store, &db, &file).unwrap();
    assert_eq!(how, Freshness::Refreshed);
    assert_eq!(list.change_id, store.last_change_id().unwrap());
    same_as_database(&store, &list);
    assert_eq!(list.lines().next().map(|l| l.name), Some("Aaron Ahmadi"));
    save(&file, &list);
    store
        .write(now(), |w| w.delete_person(added, None, false))
        .unwrap();
    let (list, how) = load(&store, &db, &file).unwrap();
    assert_eq!(how, Freshness::Refreshed);
    assert!(list.lines().all(|l| l.id != added));
    same_as_database(&store, &list);
    save(&file, &list);

    // A company renamed reaches its people's lines: they are read again
    // with it, not the whole list.
    store
        .write(now(), |w| {
            let c = w.company(company)?;
            let mut data = c.data.clone();
            data.name = "Acme".into();
            w.update_company(company, c.version, data)
        })
        .unwrap();
    let (list, how) = load(&store, &db, &file).unwrap();
    assert_eq!(how, Freshness::Refreshed);
    assert!(list.lines().all(|l| l.company != "زاگرس"));
    assert!(list.lines().any(|l| l.company == "Acme"));
    same_as_database(&store, &list);
}

#[test]
fn many_changes_at_once_land_in_the_same_order_as_a_fresh_read() {
    let (_dir, db, file, mut store) = setup();
    let names = ["Sara", "سارا", "Sara", "علی", "Ali", "Ümit", "ali", "Zed"];
    let ids: Vec<i64> = store
        .write(now(), |w| {
            let mut ids = Vec::new();
            for i in 0..40 {
                let name = names[i % names.len()];
                ids.push(w.add_person(person(name, None, &[]))?);
            }
            Ok(ids)
        })
        .unwrap();
    let (list, _) = load(&store, &db, &file).unwrap();
    save(&file, &list);
    // Every third person takes another person's name: many ties, moves
    // both ways, all merged in one refresh.
    for (n, id) in ids.iter().enumerate().filter(|(n, _)| n % 3 == 0) {
        let name = names[(n * 5 + 1) % names.len()];
        edit(&mut store, *id, |d| d.name = name.into());
    }
    let (list, how) = load(&store, &db, &file).unwrap();
    assert_eq!(how, Freshness::Refreshed);
    same_as_database(&store, &list);
}

#[test]
fn a_file_of_another_database_or_from_its_future_is_not_used() {
    let (dir, db, file, mut store) = setup();
    store
        .write(now(), |w| w.add_person(person("Sara", None, &[])))
        .unwrap();
    let (good, _) = load(&store, &db, &file).unwrap();

    let mut other = good.clone();
    other.identity = identity_of(&dir.path().join("other.db"), 1);
    other.rows.clear();
    other.text.clear();
    other.count = 0;
    save(&file, &other);
    let (list, how) = load(&store, &db, &file).unwrap();
    assert_eq!(how, Freshness::Rebuilt, "another database's file");
    assert_eq!(list.len(), 1);

    let mut future = good.clone();
    future.change_id += 5;
    save(&file, &future);
    assert_eq!(load(&store, &db, &file).unwrap().1, Freshness::Rebuilt);
}

#[test]
fn every_truncation_and_every_flipped_byte_is_refused() {
    let (_dir, db, file, mut store) = setup();
    store
        .write(now(), |w| {
            w.add_person(person("سارا", None, &["vip", "lost"]))?;
            w.add_person(person("Omid", None, &[]))
        })
        .unwrap();
    let (list, _) = load(&store, &db, &file).unwrap();
    let good = list.encode();
    assert_eq!(PeopleList::decode_bytes(&good).as_ref(), Some(&list));
    for len in 0..good.len() {
        assert!(
            PeopleList::decode_bytes(good.get(..len).unwrap()).is_none(),
            "cut at {len}"
        );
    }
    for at in 0..good.len() {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        assert!(
            PeopleList::decode_bytes(&bad).is_none(),
            "byte {at} flipped"
        );
    }
}

#[test]
fn lines_out_of_order_or_cut_inside_a_letter_are_refused_even_with_a_good_checksum() {
    let (_dir, db, file, mut store) = setup();
    store
        .write(now(), |w| {
            w.add_person(person("سارا", None, &[]))?;
            w.add_person(person("Omid", None, &[]))
        })
        .unwrap();
    let (list, _) = load(&store, &db, &file).unwrap();
    let lines = owned(&list);
    let reversed: Vec<PersonLine> = lines.iter().rev().cloned().collect();
    let backwards = list_of(list.identity.clone(), &reversed);
    assert!(
        PeopleList::decode_bytes(&backwards.encode()).is_none(),
        "out of order"
    );

    // The Persian name one byte shorter and the company one byte longer:
    // the total is right, but a text ends inside a letter.
    let persian: Vec<PersonLine> = lines.into_iter().filter(|l| l.name == "سارا").collect();
    let mut cut = list_of(list.identity.clone(), &persian);
    assert!(PeopleList::decode_bytes(&cut.encode()).is_some(), "as made");
    let name_len_at = 8 + 4 + persian[0].sort_key.len();
    let len = u32::from_le_bytes(cut.rows[name_len_at..name_len_at + 4].try_into().unwrap());
    cut.rows[name_len_at..name_len_at + 4].copy_from_slice(&(len - 1).to_le_bytes());
    let next_len_at = name_len_at + 4;
    let next = u32::from_le_bytes(cut.rows[next_len_at..next_len_at + 4].try_into().unwrap());
    cut.rows[next_len_at..next_len_at + 4].copy_from_slice(&(next + 1).to_le_bytes());
    assert!(
        PeopleList::decode_bytes(&cut.encode()).is_none(),
        "cut inside a letter"
    );
}

#[test]
fn an_unwritable_cache_folder_still_lists_everyone() {
    let (dir, db, _file, mut store) = setup();
    store
        .write(now(), |w| w.add_person(person("Sara", None, &[])))
        .unwrap();
    // A file where the folder should be: nothing can be written there.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, b"").unwrap();
    let list = current(&store, &db, &blocked.join("kariz")).unwrap();
    assert_eq!(list.lines().map(|l| l.name).collect::<Vec<_>>(), ["Sara"]);
    assert_eq!(std::fs::read(&blocked).unwrap(), b"", "left as it was");
}

#[test]
fn two_listings_refreshing_at_once_leave_a_good_file() {
    let (_dir, db, _file, mut store) = setup();
    let cache = db.with_file_name("cache");
    let sara = store
        .write(now(), |w| w.add_person(person("Sara", None, &[])))
        .unwrap();
    current(&store, &db, &cache).unwrap();
    edit(&mut store, sara, |d| d.name = "Sara Ahmadi".into());
    // Two processes (here threads, each with its own connection) find the
    // file behind and refresh it at the same time.
    let listed: Vec<Vec<String>> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let store = Store::open(&db, Config::default_config(), "t").unwrap();
                    let list = current(&store, &db, &cache).unwrap();
                    list.lines().map(|l| l.name.to_string()).collect()
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert!(
        listed.iter().all(|names| names == &["Sara Ahmadi"]),
        "{listed:?}"
    );
    let (list, how) = load(&store, &db, &file_for(&cache, &db)).unwrap();
    assert_eq!(
        how,
        Freshness::Current,
        "the file left behind is whole and current"
    );
    same_as_database(&store, &list);
}
