use super::*;
use kariz::store::{PageKey, PersonFilter};

#[test]
fn keyset_pages_return_everyone_once_in_name_order() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    s.write(now(), |w| {
        for i in 0..1234 {
            // Duplicate names on purpose: the id breaks ties.
            w.add_person(person(&format!("Person {:03}", i % 400)))?;
        }
        Ok(())
    })
    .unwrap();
    let mut seen = Vec::new();
    let mut after: Option<PageKey> = None;
    loop {
        let page = s
            .people(&PersonFilter::default(), after.as_ref(), 100)
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some(PageKey::after_person(last));
        seen.extend(page.into_iter().map(|p| (p.data.name, p.id)));
    }
    assert_eq!(seen.len(), 1234);
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then(a.1.cmp(&b.1))
    });
    assert_eq!(seen, sorted);
}

#[test]
fn filters_by_owner_tag_and_company() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let cid = s
        .write(now(), |w| w.add_company(company("Zagros")))
        .unwrap();
    let mut a = person("Ali");
    a.owner = Some("reza".into());
    a.tags = vec!["vip".into()];
    a.company_id = Some(cid);
    let mut b = person("Bita");
    b.owner = Some("sara".into());
    s.write(now(), |w| {
        w.add_person(a)?;
        w.add_person(b)
    })
    .unwrap();
    let names = |f: PersonFilter| -> Vec<String> {
        s.people(&f, None, 10)
            .unwrap()
            .into_iter()
            .map(|p| p.data.name)
            .collect()
    };
    assert_eq!(
        names(PersonFilter {
            owner: Some("reza".into()),
            ..Default::default()
        }),
        ["Ali"]
    );
    assert_eq!(
        names(PersonFilter {
            tag: Some("VIP".into()),
            ..Default::default()
        }),
        ["Ali"]
    );
    assert_eq!(
        names(PersonFilter {
            company_id: Some(cid),
            ..Default::default()
        }),
        ["Ali"]
    );
    assert_eq!(names(PersonFilter::default()), ["Ali", "Bita"]);
}

/// A listed page carries each record's phones, e-mails and tags exactly as
/// reading the record alone does (they are loaded for the whole page at
/// once): order kept, nothing mixed between records, none for those
/// without.
#[test]
fn a_listed_page_has_each_records_own_contact_points_and_tags() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let clock = kariz::clock::Clock::fixed(
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+03:30").unwrap(),
    );
    kariz::demo::load_demo_data(&mut s, &clock).unwrap();
    let people = s
        .people(&PersonFilter::default(), None, usize::MAX)
        .unwrap();
    assert!(people.len() > 200);
    assert!(people.iter().any(|p| p.data.phones.len() > 1));
    assert!(people.iter().any(|p| !p.data.tags.is_empty()));
    assert!(people.iter().any(|p| p.data.emails.is_empty()));
    for listed in &people {
        assert_eq!(
            listed,
            &s.person(listed.id).unwrap(),
            "person {}",
            listed.id
        );
    }
    let companies = s
        .companies(&kariz::store::CompanyFilter::default(), None, usize::MAX)
        .unwrap();
    assert!(companies.len() > 50);
    for listed in &companies {
        assert_eq!(
            listed,
            &s.company(listed.id).unwrap(),
            "company {}",
            listed.id
        );
    }
}

/// `all_people`, which reads a whole unfiltered list's contact points and
/// tags in one pass over their tables, gives exactly the people, in the
/// order, with the phones, e-mails and tags that paging through `people`
/// gives; filtered, too. Some people's phones are rewritten first, so the
/// tables no longer hold each person's points together or in list order.
#[test]
fn the_whole_list_is_its_pages_put_together() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let clock = kariz::clock::Clock::fixed(
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+03:30").unwrap(),
    );
    kariz::demo::load_demo_data(&mut s, &clock).unwrap();
    let paged = |s: &kariz::store::Store, filter: &PersonFilter| {
        let mut all = Vec::new();
        let mut after: Option<PageKey> = None;
        loop {
            // A page size that does not divide the list.
            let page = s.people(filter, after.as_ref(), 37).unwrap();
            let Some(last) = page.last() else { break };
            after = Some(PageKey::after_person(last));
            all.extend(page);
        }
        all
    };
    let first = paged(&s, &PersonFilter::default());
    let point = |value: &str| kariz::model::ContactPoint {
        label: "mobile".into(),
        value: value.into(),
    };
    s.write(now(), |w| {
        for (i, p) in first.iter().step_by(7).enumerate() {
            let mut data = p.data.clone();
            data.phones = vec![
                point(&format!("+98 912 000 {i:04}")),
                point("+98 21 5555 0000"),
            ];
            data.phones.extend(p.data.phones.iter().cloned());
            data.tags.push(format!("Batch{}", i % 3));
            w.update_person(p.id, p.version, data)?;
        }
        Ok(())
    })
    .unwrap();

    let everyone = s.all_people(&PersonFilter::default()).unwrap();
    assert_eq!(everyone, paged(&s, &PersonFilter::default()));
    assert!(everyone.len() > 200);
    assert!(everyone.iter().any(|p| p.data.phones.len() > 2));
    assert!(everyone.iter().any(|p| p.data.tags.len() > 1));
    assert!(everyone.iter().any(|p| p.data.emails.is_empty()));
    for listed in everyone.iter().step_by(5) {
        assert_eq!(
            listed,
            &s.person(listed.id).unwrap(),
            "person {}",
            listed.id
        );
    }

    let owner = everyone[0].data.owner.clone();
    assert!(owner.is_some());
    for filter in [
        PersonFilter {
            owner,
            ..PersonFilter::default()
        },
        PersonFilter {
            tag: Some("batch1".into()),
            ..PersonFilter::default()
        },
        PersonFilter {
            unassigned: true,
            ..PersonFilter::default()
        },
    ] {
        let some = s.all_people(&filter).unwrap();
        assert!(!some.is_empty() || filter.unassigned, "{filter:?}");
        assert!(some.len() < everyone.len(), "{filter:?}");
        assert_eq!(some, paged(&s, &filter), "{filter:?}");
    }
}

#[test]
fn people_read_by_ids_are_each_read_alone_and_missing_ids_are_left_out() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let ids = s
        .write(now(), |w| {
            let mut ids = Vec::new();
            for (i, name) in ["سارا احمدی", "Reza Karimi", "Omid"].iter().enumerate() {
                let mut data = person(name);
                data.phones = vec![kariz::model::ContactPoint {
                    label: "mobile".into(),
                    value: format!("+98 912 000 000{i}"),
                }];
                data.tags = vec![format!("T{i}"), "vip".into()];
                ids.push(w.add_person(data)?);
            }
            Ok(ids)
        })
        .unwrap();
    let mut asked = vec![ids[2], 999_999, ids[0]];
    asked.push(ids[2]);
    let mut read = s.people_with_ids(&asked).unwrap();
    read.sort_by_key(|p| p.id);
    let alone: Vec<_> = [ids[0], ids[2]]
        .iter()
        .map(|id| s.person(*id).unwrap())
        .collect();
    assert_eq!(read, alone, "each once, as read alone; 999999 left out");
    assert_eq!(read[0].data.phones.len(), 1);
    assert_eq!(read[0].data.tags.len(), 2);
    assert!(s.people_with_ids(&[]).unwrap().is_empty());
}

/// `summaries` reads what a list row shows of many records in one call:
/// the first e-mail and phone by position, the company (a company's
/// domain, a deal's customer), tags in tag order; ids that name nothing
/// are left out, and every summary is the one-record `summary`.
#[test]
fn summaries_of_many_records_are_their_summaries() {
    use kariz::model::{ContactPoint, Entity};
    let db = TempDb::new();
    let mut store = db.open("t");
    let point = |value: &str| ContactPoint {
        label: String::new(),
        value: value.into(),
    };
    let (acme, sara, reza, sale) = store
        .write(now(), |w| {
            let acme = w.add_company(kariz::model::CompanyData {
                domain: Some("acme.example".into()),
                ..company("Acme")
            })?;
            let sara = w.add_person(kariz::model::PersonData {
                company_id: Some(acme),
                emails: vec![point("first@example.com"), point("second@example.com")],
                phones: vec![point("+98 912 000 0001"), point("+98 912 000 0002")],
                tags: vec!["vip".into(), "Lead".into()],
                ..person("Sara Ahmadi")
            })?;
            let reza = w.add_person(person("رضا کریمی"))?;
            let sale = w.add_deal(kariz::model::DealData {
                company_id: Some(acme),
                ..deal("Renewal", "")
            })?;
            Ok((acme, sara, reza, sale))
        })
        .unwrap();
    let mut people = store
        .summaries(Entity::Person, &[reza, 999_999, sara])
        .unwrap();
    people.sort_by_key(|s| s.id);
    assert_eq!(people.len(), 2, "{people:?}");
    let (first, second) = (&people[0], &people[1]);
    assert_eq!((first.id, first.name.as_str()), (sara, "Sara Ahmadi"));
    assert_eq!(first.detail.as_deref(), Some("Acme"));
    assert_eq!(first.email.as_deref(), Some("first@example.com"));
    assert_eq!(first.phone.as_deref(), Some("+98 912 000 0001"));
    assert_eq!(first.tags, ["Lead", "vip"]);
    assert_eq!((second.id, second.detail.as_ref()), (reza, None));
    for (entity, id) in [(Entity::Person, sara), (Entity::Person, reza)] {
        let one = store.summary(entity, id).unwrap();
        assert!(people.iter().any(|s| Some(s) == one.as_ref()), "{id}");
    }
    let companies = store.summaries(Entity::Company, &[acme]).unwrap();
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].detail.as_deref(), Some("acme.example"));
    let deals = store.summaries(Entity::Deal, &[sale]).unwrap();
    assert_eq!(
        (deals[0].name.as_str(), deals[0].detail.as_deref()),
        ("Renewal", Some("Acme"))
    );
    assert!(store.summaries(Entity::Deal, &[]).unwrap().is_empty());
}

/// Enough ids that an SQLite file reads them on two connections at once
/// (`store/scattered.rs`): every record once, each the one-record
/// `summary`, missing ids left out, whatever the order asked in.
#[test]
fn many_summaries_read_at_once_are_each_records_summary() {
    use kariz::model::{ContactPoint, Entity};
    let db = TempDb::new();
    let mut store = db.open("t");
    let ids: Vec<i64> = store
        .write(now(), |w| {
            (0..700)
                .map(|i| {
                    w.add_person(kariz::model::PersonData {
                        emails: vec![ContactPoint {
                            label: String::new(),
                            value: format!("p{i}@example.com"),
                        }],
                        ..person(&format!("نفر {i}"))
                    })
                })
                .collect()
        })
        .unwrap();
    let mut asked: Vec<i64> = ids.iter().rev().copied().collect();
    asked.insert(350, 9_999_999);
    let mut read = store.summaries(Entity::Person, &asked).unwrap();
    read.sort_by_key(|s| s.id);
    assert_eq!(
        read.len(),
        ids.len(),
        "every person once, the missing id left out"
    );
    for (summary, id) in read.iter().zip(&ids) {
        assert_eq!(
            Some(summary),
            store.summary(Entity::Person, *id).unwrap().as_ref()
        );
    }
}
