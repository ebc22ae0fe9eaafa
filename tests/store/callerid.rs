//! Caller ID in the store: a calling number finds its people and companies
//! whatever the stored spelling, in the best order, through the index; the
//! caller key is filled for phones stored before migration 012; a call row
//! is change-logged as entity `call`.

use super::{TempDb, company, now, person};
use kariz::model::{CallData, CallKind, ContactPoint, Entity};

fn phone(label: &str, value: &str) -> ContactPoint {
    ContactPoint {
        label: label.into(),
        value: value.into(),
    }
}

/// Every way a number is stored finds every way a phone system sends it.
#[test]
fn every_stored_format_is_found_by_every_sent_format() {
    let stored = [
        "+98 912 345 6789",
        "0098 912 345 6789",
        "0912-345-6789",
        "(0912) 345 6789",
        "912 345 6789",
        "۰۹۱۲ ۳۴۵ ۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
        "+98 (0) 912 345 6789",
    ];
    let sent = [
        "+989123456789",
        "00989123456789",
        "09123456789",
        "9123456789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "+98 912 345 6789",
    ];
    for written in stored {
        let db = TempDb::new();
        let mut s = db.open("sara");
        let mut data = person("Sara");
        data.phones = vec![phone("mobile", written)];
        let id = s.write(now(), |w| w.add_person(data)).unwrap();
        s.write(now(), |w| w.add_person(person("Nobody"))).unwrap();
        for number in sent {
            let found = s.callers(number).unwrap();
            assert_eq!(
                found.len(),
                1,
                "{number:?} for stored {written:?}: {found:?}"
            );
            assert_eq!((found[0].entity, found[0].id), (Entity::Person, id));
            assert_eq!(found[0].phone, written);
        }
        assert!(s.callers("0912 345 6780").unwrap().is_empty());
        assert!(s.callers("123").unwrap().is_empty());
    }
}

/// An office line two people share: both are returned, the one whose
/// mobile it is first, then the company that has it as its switchboard.
#[test]
fn a_shared_number_returns_everyone_with_the_mobile_match_first() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let mut acme = company("Acme");
    acme.phones = vec![phone("main", "021 8888 1234")];
    let acme = s.write(now(), |w| w.add_company(acme)).unwrap();
    let mut reza = person("Reza");
    reza.phones = vec![phone("work", "+98 21 8888 1234 ext. 12")];
    reza.company_id = Some(acme);
    let reza = s.write(now(), |w| w.add_person(reza)).unwrap();
    let mut ali = person("Ali");
    ali.phones = vec![
        phone("work", "02188881234"),
        phone("mobile", "021-8888-1234"),
    ];
    let ali = s.write(now(), |w| w.add_person(ali)).unwrap();
    let found = s.callers("+98 21 8888 1234").unwrap();
    let order: Vec<(Entity, i64, bool)> =
        found.iter().map(|c| (c.entity, c.id, c.mobile)).collect();
    assert_eq!(
        order,
        [
            (Entity::Person, ali, true),
            (Entity::Person, reza, false),
            (Entity::Company, acme, false)
        ]
    );
    assert_eq!(found[1].company.as_deref(), Some("Acme"));
    // An edit rewrites the key with the phone.
    let stored = s.person(ali).unwrap();
    let mut data = stored.data.clone();
    data.phones = vec![phone("mobile", "0912 111 2233")];
    s.write(now(), |w| w.update_person(ali, stored.version, data))
        .unwrap();
    assert_eq!(s.callers("+989121112233").unwrap()[0].id, ali);
    assert_eq!(s.callers("021 8888 1234").unwrap().len(), 2);
}

/// A call row is change-logged (the signal open kariz processes react to).
#[test]
fn a_call_is_logged_in_the_change_feed() {
    let db = TempDb::new();
    let mut s = db.open("asterisk");
    let before = s.last_change_id().unwrap();
    let id = s
        .write(now(), |w| {
            w.add_call(CallData {
                kind: CallKind::Incoming,
                number: "0912 345 6789".into(),
                agent: Some("sara".into()),
                person_id: None,
                company_id: None,
                activity_id: None,
                task_id: None,
            })
        })
        .unwrap();
    let feed = s.changes_since(before, 10).unwrap();
    assert_eq!(feed.len(), 1);
    assert_eq!((feed[0].entity, feed[0].entity_id), (Entity::Call, id));
    assert_eq!(feed[0].op, "create");
    let call = s.call(id).unwrap();
    assert!(call.rings("sara") && !call.rings("reza"));
    assert_eq!(call.data.number, "0912 345 6789");
}

/// Forgetting a person erases the number of their calls, in the call and
/// its change-log row.
#[test]
fn forgetting_the_caller_erases_the_number_of_their_calls() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let mut data = person("Sara");
    data.phones = vec![phone("mobile", "0912 345 6789")];
    let sara = s.write(now(), |w| w.add_person(data)).unwrap();
    let call = s
        .write(now(), |w| {
            w.add_call(CallData {
                kind: CallKind::Missed,
                number: "+98 912 345 6789".into(),
                agent: None,
                person_id: Some(sara),
                company_id: None,
                activity_id: None,
                task_id: None,
            })
        })
        .unwrap();
    s.forget_person(now(), sara).unwrap();
    let stored = s.call(call).unwrap();
    assert_eq!(stored.data.number, "[erased]");
    assert_eq!(stored.data.person_id, None);
    drop(s);
    let leaks = db.count("SELECT count(*) FROM changes WHERE new LIKE '%912%' OR old LIKE '%912%'");
    assert_eq!(leaks, 0);
}

/// The caller's page lists the open cases of the caller: a person's own,
/// a company's own and its people's; urgent first; resolved and closed
/// ones left out.
#[test]
fn open_cases_of_a_caller_are_listed_most_urgent_first() {
    use kariz::model::CaseData;
    use kariz::vocab::CasePriority;
    let db = TempDb::new();
    let mut s = db.open("sara");
    let acme = s.write(now(), |w| w.add_company(company("Acme"))).unwrap();
    let mut reza = person("Reza");
    reza.company_id = Some(acme);
    let reza = s.write(now(), |w| w.add_person(reza)).unwrap();
    let other = s.write(now(), |w| w.add_person(person("Other"))).unwrap();
    let case = |subject: &str, person_id: Option<i64>, company_id: Option<i64>, p| CaseData {
        subject: subject.into(),
        person_id,
        company_id,
        priority: p,
        ..CaseData::default()
    };
    let (low, _) = s
        .write(now(), |w| {
            w.add_case(case("Slow", Some(reza), None, CasePriority::Low))
        })
        .unwrap();
    let (urgent, n) = s
        .write(now(), |w| {
            w.add_case(case("Down", None, Some(acme), CasePriority::Urgent))
        })
        .unwrap();
    let (done, _) = s
        .write(now(), |w| {
            w.add_case(case("Fixed", Some(reza), None, CasePriority::High))
        })
        .unwrap();
    s.write(now(), |w| w.close_case(done, None, Some(5), None))
        .unwrap();
    s.write(now(), |w| {
        w.add_case(case("Not theirs", Some(other), None, CasePriority::Urgent))
    })
    .unwrap();
    let of_reza = s.open_cases(Entity::Person, reza).unwrap();
    assert_eq!(of_reza.iter().map(|c| c.id).collect::<Vec<_>>(), [low]);
    assert_eq!(of_reza[0].status, "new");
    let of_acme = s.open_cases(Entity::Company, acme).unwrap();
    assert_eq!(
        of_acme.iter().map(|c| c.id).collect::<Vec<_>>(),
        [urgent, low]
    );
    assert_eq!(of_acme[0].number, n.to_string());
}
