//! Names in Persian/Arabic/Latin alphabetical order, kept across pages, and
//! databases from before the sort key (schema version 1) upgraded in place.

use super::*;
use kariz::store::{CompanyFilter, PageKey, PersonFilter};

pub(crate) const PERSIAN_ORDER: [&str; 8] = [
    "بابک",
    "پروانه",
    "تینا",
    "جواد",
    "چنگیز",
    "زهرا",
    "ژاله",
    "کاوه",
];

pub(crate) fn all_people_by_pages(s: &Store, page: usize) -> Vec<String> {
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
