//! `kariz::pages`: what a customer or deal page holds, the one assembly
//! behind `kariz … show` and the TUI's pages.

use super::*;
use chrono::Duration;
use kariz::model::{ActivityData, ActivityKind, TaskData};
use kariz::pages::{self, Limits};

const ALL: Limits = Limits {
    people: 1000,
    colleagues: 1000,
    activities: 0,
};

struct Fixture {
    acme: i64,
    sara: i64,
    reza: i64,
    deal: i64,
    done_task: i64,
    open_task: i64,
}

fn fixture(s: &mut Store) -> Fixture {
    s.write(now(), |w| {
        let acme = w.add_company(company("Acme"))?;
        let in_acme = |name: &str| PersonData {
            company_id: Some(acme),
            ..person(name)
        };
        let sara = w.add_person(in_acme("Sara"))?;
        let reza = w.add_person(in_acme("Reza"))?;
        let deal = w.add_deal(DealData {
            person_id: Some(sara),
            company_id: Some(acme),
            ..deal("Pumps", "Lead")
        })?;
        let task = |title: &str| TaskData {
            title: title.into(),
            person_id: Some(sara),
            company_id: Some(acme),
            deal_id: Some(deal),
            ..TaskData::default()
        };
        let open_task = w.add_task(task("call back"))?;
        let done_task = w.add_task(task("send offer"))?;
        w.complete_task(done_task, None)?;
        for minutes in 0..3 {
            w.add_activity(ActivityData {
                kind: ActivityKind::Note,
                subject: format!("note {minutes}"),
                body: None,
                occurred_at: now() - Duration::minutes(minutes),
                author: "sara".into(),
                person_id: Some(sara),
                company_id: Some(acme),
                deal_id: Some(deal),
            })?;
        }
        Ok(Fixture {
            acme,
            sara,
            reza,
            deal,
            done_task,
            open_task,
        })
    })
    .unwrap()
}

#[test]
fn a_person_page_has_their_company_colleagues_deals_open_tasks_and_timeline() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let f = fixture(&mut s);
    let today = now().date_naive();
    let page = pages::person(&s, f.sara, today, ALL).unwrap();
    assert_eq!(page.person.id, f.sara);
    assert_eq!(page.company.map(|c| c.id), Some(f.acme));
    let colleagues: Vec<i64> = page.colleagues.iter().map(|p| p.id).collect();
    assert_eq!(
        colleagues,
        [f.reza],
        "the person is not their own colleague"
    );
    assert_eq!(
        page.deals.iter().map(|d| d.id).collect::<Vec<_>>(),
        [f.deal]
    );
    let tasks: Vec<i64> = page.open_tasks.iter().map(|t| t.id).collect();
    assert_eq!(
        tasks,
        [f.open_task],
        "done task {} is not open",
        f.done_task
    );
    let subjects: Vec<&str> = page
        .activities
        .iter()
        .map(|a| a.data.subject.as_str())
        .collect();
    assert_eq!(subjects, ["note 0", "note 1", "note 2"], "newest first");

    // The CLI's limits: no colleagues (it does not print them), a capped
    // timeline where asked.
    let lean = Limits {
        colleagues: 0,
        activities: 2,
        ..ALL
    };
    let page = pages::person(&s, f.sara, today, lean).unwrap();
    assert!(page.company.is_none() && page.colleagues.is_empty());
    assert_eq!(page.activities.len(), 2);
}

#[test]
fn company_and_deal_pages() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let f = fixture(&mut s);
    let today = now().date_naive();
    let page = pages::company(&s, f.acme, today, ALL).unwrap();
    let mut people: Vec<i64> = page.people.iter().map(|p| p.id).collect();
    people.sort_unstable();
    assert_eq!(people, [f.sara, f.reza]);
    assert_eq!(page.deals.len(), 1);
    assert_eq!(page.open_tasks.len(), 1);
    assert_eq!(page.activities.len(), 3);

    let page = pages::deal(&s, f.deal, today, ALL).unwrap();
    assert_eq!(page.deal.id, f.deal);
    assert_eq!(page.stage_history.len(), 1, "created in Lead");
    assert_eq!(page.open_tasks.len(), 1);
    assert_eq!(page.activities.len(), 3);

    assert!(matches!(
        pages::deal(&s, 999, today, ALL),
        Err(kariz::Error::NotFound { .. })
    ));
}
