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
