//! Segments evaluated by the store on a real SQLite file: each key,
//! negation, OR, Jalali dates and Persian digits, folded Persian/Arabic
//! text (ی/ي, ک/ك), saved segments in the change log, and bulk ids inside
//! a transaction.

use super::*;
use chrono::{Duration, NaiveDate};
use kariz::model::{ContactPoint, Entity, LoggedKind, TaskData};
use kariz::store::{ChangeFilter, CompanyFilter, DealFilter, PersonFilter, Target};

const CONFIG: &str = r#"
[[custom_fields]]
name = "industry"
entity = "person"
type = "text"
"#;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

struct Fixture {
    _db: TempDb,
    store: Store,
    ali: i64,
    kaveh: i64,
    sara: i64,
}

/// Three people: Ali (Arabic-keyboard letters, Mashhad, vip, e-mail,
/// exhibition, food, a Proposal deal, created in Farvardin 1405), Kaveh
/// (Persian letters, Mashhad, owned by bob, created on 22 November), Sara
/// (Tehran, vip and lost, a phone, a Lead deal, created on 22 November).
fn fixture() -> Fixture {
    let db = TempDb::new();
    let mut store = db.open_with(Config::parse(CONFIG, "test.toml").unwrap(), "sara");
    let spring = Utc.with_ymd_and_hms(2026, 3, 25, 9, 0, 0).single().unwrap();
    let ali = store
        .write(spring, |w| {
            let mut p = person("علي كريمي");
            p.address = Some("مشهد، خيابان امام".into());
            p.tags = vec!["vip".into()];
            p.lead_source = Some("exhibition".into());
            p.owner = Some("sara".into());
            p.emails = vec![ContactPoint {
                label: "work".into(),
                value: "ali@example.ir".into(),
            }];
            p.custom
                .insert("industry".into(), serde_json::json!("Food"));
            w.add_person(p)
        })
        .unwrap();
    let kaveh = store
        .write(now(), |w| {
            let mut p = person("کاوه یزدی");
            p.address = Some("مشهد".into());
            p.owner = Some("bob".into());
            w.add_person(p)
        })
        .unwrap();
    let sara = store
        .write(now(), |w| {
            let mut p = person("Sara Ahmadi");
            p.address = Some("Tehran".into());
            p.tags = vec!["vip".into(), "lost".into()];
            p.phones = vec![ContactPoint {
                label: "mobile".into(),
                value: "0912 000 0000".into(),
            }];
            w.add_person(p)
        })
        .unwrap();
    store
        .write(now(), |w| {
            let mut d = deal("Kitchen", "Proposal");
            d.person_id = Some(ali);
            w.add_deal(d)?;
            let mut d = deal("Office", "Lead");
            d.person_id = Some(sara);
            w.add_deal(d)
        })
        .unwrap();
    Fixture {
        _db: db,
        store,
        ali,
        kaveh,
        sara,
    }
}

impl Fixture {
    fn people(&self, expr: &str) -> Vec<i64> {
        let filter = self.store.where_of(expr, today()).unwrap();
        let by_ids = self.store.matching_ids(&filter, Target::Person).unwrap();
        // The list query gives the same people.
        let mut listed: Vec<i64> = self
            .store
            .people(
                &PersonFilter {
                    segment: Some(filter),
                    ..PersonFilter::default()
                },
                None,
                100,
            )
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
        listed.sort_unstable();
        assert_eq!(listed, by_ids, "{expr}");
        by_ids
    }
}

#[test]
fn each_key_selects_its_people() {
    let f = fixture();
    let (ali, kaveh, sara) = (f.ali, f.kaveh, f.sara);
    assert_eq!(f.people("tag:vip"), [ali, sara]);
    assert_eq!(f.people("tag:VIP"), [ali, sara], "tags ignore case");
    assert_eq!(f.people("owner:me"), [ali]);
    assert_eq!(f.people("owner:bob"), [kaveh]);
    assert_eq!(f.people("owner:none"), [sara]);
    assert_eq!(f.people("source:exhib"), [ali]);
    assert_eq!(f.people("city:مشهد"), [ali, kaveh]);
    assert_eq!(f.people("city:tehran"), [sara]);
    assert_eq!(f.people("field.industry=food"), [ali]);
    assert_eq!(f.people("stage:proposal"), [ali]);
    assert_eq!(f.people("pipeline:sales"), [ali, sara]);
    assert_eq!(f.people("has:email"), [ali]);
    assert_eq!(f.people("has:phone"), [sara]);
    assert_eq!(f.people("has:deal"), [ali, sara]);
    assert_eq!(f.people("has:tag"), [ali, sara]);
    assert_eq!(f.people("\"sara ahm\""), [sara]);
    assert_eq!(f.people("name:yazdi"), Vec::<i64>::new());
    assert_eq!(f.people(""), [ali, kaveh, sara]);
}

#[test]
fn negation_and_or() {
    let f = fixture();
    assert_eq!(f.people("tag:vip -tag:lost"), [f.ali]);
    assert_eq!(f.people("-tag:vip"), [f.kaveh]);
    assert_eq!(f.people("-has:email -has:phone"), [f.kaveh]);
    assert_eq!(f.people("owner:bob OR has:phone"), [f.kaveh, f.sara]);
    assert_eq!(
        f.people("city:مشهد -owner:bob OR tag:lost"),
        [f.ali, f.sara]
    );
}

#[test]
fn jalali_dates_and_persian_digits() {
    let f = fixture();
    // Ali was created on 1405/01/05 (25 March 2026), the others on 1 Azar.
    assert_eq!(f.people("created<1405/02/01"), [f.ali]);
    assert_eq!(f.people("created<۱۴۰۵/۰۲/۰۱"), [f.ali]);
    assert_eq!(f.people("created>=1405/09/01"), [f.kaveh, f.sara]);
    assert_eq!(f.people("created:2026-11-22"), [f.kaveh, f.sara]);
    assert_eq!(f.people("created>=٢٠٢٦-٠٣-٢٥ created<=1405/01/05"), [f.ali]);
    assert_eq!(f.people("created>=-7d"), [f.kaveh, f.sara]);
}

#[test]
fn persian_and_arabic_letters_match_each_other() {
    let f = fixture();
    // Stored with Arabic ي and ك, searched with Persian ی and ک …
    assert_eq!(f.people("\"علی کریمی\""), [f.ali]);
    assert_eq!(f.people("name:کریمی"), [f.ali]);
    assert_eq!(f.people("city:\"خیابان امام\""), [f.ali]);
    // … and the other way round.
    assert_eq!(f.people("name:كاوه"), [f.kaveh]);
    assert_eq!(f.people("يزدي"), [f.kaveh]);
    // Persian digits in a search text.
    assert_eq!(f.people("۰۹۱۲"), [f.sara]);
}

#[test]
fn deals_companies_and_tasks() {
    let mut f = fixture();
    let filter = f.store.where_of("stage:proposal", today()).unwrap();
    let deals = f
        .store
        .deals(&DealFilter {
            segment: Some(filter),
            ..DealFilter::default()
        })
        .unwrap();
    assert_eq!(deals.len(), 1);
    assert_eq!(deals[0].data.title, "Kitchen");
    let filter = f
        .store
        .where_of("status:open -city:tehran", today())
        .unwrap();
    assert_eq!(
        f.store.matching_ids(&filter, Target::Deal).unwrap().len(),
        1
    );

    let acme = f
        .store
        .write(now(), |w| w.add_company(company("Acme Food")))
        .unwrap();
    let filter = f.store.where_of("name:acme", today()).unwrap();
    let companies = f
        .store
        .companies(
            &CompanyFilter {
                segment: Some(filter),
                ..CompanyFilter::default()
            },
            None,
            10,
        )
        .unwrap();
    assert_eq!(companies.iter().map(|c| c.id).collect::<Vec<_>>(), [acme]);

    let (ali, kaveh) = (f.ali, f.kaveh);
    f.store
        .write(now(), |w| {
            w.add_task(TaskData {
                title: "Call Ali".into(),
                due_date: Some(today()),
                person_id: Some(ali),
                owner: Some("sara".into()),
                ..TaskData::default()
            })?;
            w.add_task(TaskData {
                title: "Visit Kaveh".into(),
                due_date: Some(today() + Duration::days(10)),
                person_id: Some(kaveh),
                owner: Some("bob".into()),
                ..TaskData::default()
            })
        })
        .unwrap();
    let tasks = |expr: &str| {
        let filter = f.store.where_of(expr, today()).unwrap();
        f.store.matching_ids(&filter, Target::Task).unwrap().len()
    };
    assert_eq!(tasks("owner:me"), 1);
    assert_eq!(tasks("due<+3d"), 1);
    assert_eq!(tasks("tag:vip"), 1);
    assert_eq!(tasks("status:open"), 2);
}

#[test]
fn keys_that_do_not_apply_are_refused_with_their_column() {
    let f = fixture();
    let filter = f.store.where_of("tag:vip status:open", today()).unwrap();
    let err = f.store.matching_ids(&filter, Target::Person).unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"status\" at column 9 does not apply to people"
    );
    let filter = f.store.where_of("city:x", today()).unwrap();
    let err = f.store.matching_ids(&filter, Target::Task).unwrap_err();
    assert!(err.to_string().contains("column 1"), "{err}");
}

#[test]
fn user_text_is_bound_never_run() {
    let f = fixture();
    // Quotes, semicolons and SQL in values are only text to look for.
    assert!(f.people("\"x'); DROP TABLE people; --\"").is_empty());
    assert!(f.people("field.industry=\"a' OR '1'='1\"").is_empty());
    assert!(f.people("tag:\"vip' OR 1=1 --\"").is_empty());
    assert_eq!(f.people("tag:vip").len(), 2);
}

#[test]
fn saved_segments_are_change_logged() {
    let mut f = fixture();
    let id = f
        .store
        .write(now(), |w| {
            w.save_segment("VIP Mashhad", "tag:vip city:مشهد")
        })
        .unwrap();
    // Saving the same name (any case) replaces the filter.
    let again = f
        .store
        .write(now(), |w| w.save_segment("vip mashhad", "tag:vip"))
        .unwrap();
    assert_eq!(id, again);
    let saved = f.store.saved_segment("VIP MASHHAD").unwrap().unwrap();
    assert_eq!(saved.expression, "tag:vip");
    assert_eq!(saved.version, 2);
    assert_eq!(f.store.saved_segments().unwrap().len(), 1);
    let removed = f
        .store
        .write(now(), |w| w.remove_segment(&id.to_string()))
        .unwrap();
    assert!(removed.is_some());
    assert!(f.store.saved_segment("vip mashhad").unwrap().is_none());
    let history = f
        .store
        .changes(&ChangeFilter {
            entity: Some(LoggedKind::Record(Entity::Segment)),
            entity_id: Some(id),
            ..ChangeFilter::default()
        })
        .unwrap();
    let mut ops: Vec<&str> = history.iter().map(|c| c.op.as_str()).collect();
    ops.dedup();
    // Newest first.
    assert_eq!(ops, ["delete", "update", "create"]);
}

#[test]
fn bulk_ids_are_read_inside_the_transaction() {
    let mut f = fixture();
    let filter = f.store.where_of("tag:vip", today()).unwrap();
    let changed = f
        .store
        .write(now(), |w| {
            let ids = w.matching_ids(&filter, Target::Person)?;
            for id in &ids {
                let before = w.person(*id)?.data;
                let mut after = before.clone();
                after.tags.push("north".into());
                w.patch_person(*id, &before, &after)?;
            }
            Ok(ids)
        })
        .unwrap();
    assert_eq!(changed, [f.ali, f.sara]);
    assert_eq!(f.people("tag:north"), [f.ali, f.sara]);
}

/// `called` and `contacted` read the timeline: "VIP customers in Mashhad
/// without a call this month" is `tag:vip city:مشهد -called>=…`; a missed
/// call is no call, a note is no contact; a company counts its people's
/// calls; tasks refuse the keys.
#[test]
fn called_and_contacted_read_the_timeline() {
    use kariz::model::{ActivityData, ActivityKind};
    let mut f = fixture();
    let (ali, kaveh, sara) = (f.ali, f.kaveh, f.sara);
    let on = |day: u32| {
        Utc.with_ymd_and_hms(2026, 11, day, 8, 0, 0)
            .single()
            .unwrap()
    };
    let activity = |kind, person, day| ActivityData {
        kind,
        subject: "x".into(),
        body: None,
        occurred_at: on(day),
        author: "sara".into(),
        person_id: Some(person),
        company_id: None,
        deal_id: None,
    };
    f.store
        .write(now(), |w| {
            // Ali: called on 20 November (Aban 29, 1405).
            w.add_activity(activity(ActivityKind::OutgoingCall, ali, 20))?;
            w.add_activity(activity(ActivityKind::Note, ali, 22))?;
            // Kaveh: only a missed call and a note this month.
            w.add_activity(activity(ActivityKind::MissedCall, kaveh, 21))?;
            w.add_activity(activity(ActivityKind::Note, kaveh, 21))?;
            // Sara: an incoming call in October, an e-mail this month.
            w.add_activity(ActivityData {
                occurred_at: Utc.with_ymd_and_hms(2026, 10, 5, 8, 0, 0).single().unwrap(),
                ..activity(ActivityKind::IncomingCall, sara, 5)
            })?;
            w.add_activity(activity(ActivityKind::Email, sara, 21))
        })
        .unwrap();
    assert_eq!(f.people("called>=2026-11-10"), [ali]);
    assert_eq!(f.people("called>=2026-11-15"), [ali]);
    assert_eq!(f.people("-called>=2026-11-15"), [kaveh, sara]);
    // Jalali dates in Persian digits: Aban 1405 began on 23 October, Mehr
    // on 23 September.
    assert_eq!(f.people("called>=۱۴۰۵/۰۸/۰۱"), [ali]);
    assert_eq!(f.people("called>=۱۴۰۵/۰۷/۰۱"), [ali, sara]);
    assert_eq!(f.people("called<2026-11-01"), [sara]);
    // The issue's example: VIPs in Mashhad without a call since the 15th.
    assert_eq!(
        f.people("tag:vip city:مشهد -called>=2026-11-15"),
        Vec::<i64>::new()
    );
    assert_eq!(f.people("city:مشهد -called>=2026-11-15"), [kaveh]);
    // A note is no contact; an e-mail and a missed call are.
    assert_eq!(f.people("contacted>=2026-11-21"), [kaveh, sara]);
    assert_eq!(f.people("-contacted>=2026-11-21"), [ali]);
    assert_eq!(f.people("contacted>=2026-11-01"), [ali, kaveh, sara]);
    // Deals by their own timeline; tasks refuse the key.
    let filter = f.store.where_of("called>=2026-11-01", today()).unwrap();
    assert!(
        f.store
            .matching_ids(&filter, Target::Deal)
            .unwrap()
            .is_empty()
    );
    let err = f.store.matching_ids(&filter, Target::Task).unwrap_err();
    assert!(err.to_string().contains("\"called\""), "{err}");
}
