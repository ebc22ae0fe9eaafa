//! The customer page's timeline: Enter reads an activity in full, `e` and
//! `D` act on the selected activity, not on the customer. The deal page
//! lists the deal's quotes.

use super::update::{Fixture, ch, clock, ctrl, fixture, press, typed};
use crossterm::event::KeyCode;
use kariz::model::{ActivityData, ActivityKind};
use kariz::tui::overlays::Overlay;
use kariz::tui::state::{Page, PageItem};

/// Logs a long complaint for the fixture's person and opens the person's
/// page with the complaint selected.
fn page_with_complaint(f: &mut Fixture) -> i64 {
    let body: String = (1..=40)
        .map(|i| format!("Line {i} of the complaint about the cold room."))
        .collect::<Vec<_>>()
        .join("\n");
    let person = f.person;
    let mut other =
        kariz::store::Store::open(&f.path, kariz::config::Config::default_config(), "tester")
            .unwrap();
    let id = other
        .write(clock().now_utc(), |w| {
            w.add_activity(ActivityData {
                kind: ActivityKind::Complaint,
                subject: "Cold room too warm".into(),
                body: Some(body),
                occurred_at: clock().now_utc(),
                author: "tester".into(),
                person_id: Some(person),
                company_id: None,
                deal_id: None,
            })
        })
        .unwrap();
    ch(&mut f.app, '2');
    ch(&mut f.app, '/');
    typed(&mut f.app, "نیک");
    press(&mut f.app, KeyCode::Enter);
    for _ in 0..20 {
        if let Some(Page::Customer(page)) = f.app.state.pages.last()
            && matches!(page.items.get(page.selected), Some(PageItem::Activity(_)))
        {
            return id;
        }
        ch(&mut f.app, 'j');
    }
    panic!("the complaint is not on the timeline");
}

fn reader_offset(f: &Fixture) -> Option<usize> {
    match f.app.state.overlays.last() {
        Some(Overlay::Activity(r)) => Some(r.offset),
        _ => None,
    }
}

#[test]
fn enter_reads_the_activity_in_full_and_scrolls() {
    let mut f = fixture();
    page_with_complaint(&mut f);
    press(&mut f.app, KeyCode::Enter);
    assert_eq!(reader_offset(&f), Some(0));
    ch(&mut f.app, 'j');
    ch(&mut f.app, 'j');
    assert_eq!(reader_offset(&f), Some(2));
    ch(&mut f.app, 'G');
    let last = reader_offset(&f).unwrap();
    assert!(last > 10, "40 lines scroll further than a page: {last}");
    ch(&mut f.app, 'j');
    assert_eq!(reader_offset(&f), Some(last), "stops at the end");
    press(&mut f.app, KeyCode::Esc);
    assert!(f.app.state.overlays.is_empty());
    assert!(!f.app.state.pages.is_empty(), "Esc closes the reader only");
}

#[test]
fn e_edits_the_selected_activity_not_the_customer() {
    let mut f = fixture();
    let id = page_with_complaint(&mut f);
    ch(&mut f.app, 'e');
    let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
        panic!("a form, got {:?}", f.app.state.overlays.last());
    };
    assert_eq!(form.title, "form.edit_activity");
    // Focus is on the subject.
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "Cold room fixed");
    press(&mut f.app, KeyCode::Enter);
    let a = f.app.store().activity(id).unwrap();
    assert_eq!(a.data.subject, "Cold room fixed");
    assert!(a.data.body.unwrap().contains("Line 40"), "body untouched");
    assert_eq!(
        f.app.store().person(f.person).unwrap().version,
        1,
        "the customer was not edited"
    );
}

#[test]
fn d_deletes_the_selected_activity_and_u_brings_it_back() {
    let mut f = fixture();
    let id = page_with_complaint(&mut f);
    // From the reader, too.
    press(&mut f.app, KeyCode::Enter);
    ch(&mut f.app, 'D');
    let Some(Overlay::Confirm(confirm)) = f.app.state.overlays.last() else {
        panic!("a question, got {:?}", f.app.state.overlays.last());
    };
    assert!(confirm.question.contains("Cold room too warm"));
    ch(&mut f.app, 'y');
    assert!(f.app.store().activity(id).is_err());
    assert!(f.app.store().person(f.person).is_ok(), "the customer stays");
    ch(&mut f.app, 'u');
    assert_eq!(
        f.app.store().activity(id).unwrap().data.subject,
        "Cold room too warm"
    );
}

#[test]
fn enter_on_a_deal_pages_activity_reads_it_in_full() {
    let mut f = fixture();
    let mut other =
        kariz::store::Store::open(&f.path, kariz::config::Config::default_config(), "tester")
            .unwrap();
    let deal = f.deal;
    other
        .write(clock().now_utc(), |w| {
            w.add_activity(ActivityData {
                kind: ActivityKind::Meeting,
                subject: "Site visit".into(),
                body: Some("Measured the room: 4 x 6 m.\nNeeds a 3-phase line.".into()),
                occurred_at: clock().now_utc(),
                author: "tester".into(),
                person_id: None,
                company_id: None,
                deal_id: Some(deal),
            })
        })
        .unwrap();
    ch(&mut f.app, '3');
    press(&mut f.app, KeyCode::Enter);
    let Some(Page::Deal(page)) = f.app.state.pages.last() else {
        panic!("the deal page");
    };
    assert!(page.tasks.is_empty());
    assert_eq!(page.selected, 0, "the activity row");
    press(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Activity(reader)) = f.app.state.overlays.last() else {
        panic!("the reader, got {:?}", f.app.state.overlays.last());
    };
    assert_eq!(reader.activity.data.subject, "Site visit");
}

#[test]
fn the_deal_page_lists_the_deals_quotes() {
    let mut f = fixture();
    let mut other =
        kariz::store::Store::open(&f.path, kariz::config::Config::default_config(), "tester")
            .unwrap();
    let deal = f.deal;
    other
        .write(clock().now_utc(), |w| w.add_quote(deal, None, None))
        .unwrap();
    ch(&mut f.app, '3');
    press(&mut f.app, KeyCode::Enter);
    let Some(Page::Deal(page)) = f.app.state.pages.last() else {
        panic!("the deal page");
    };
    assert_eq!(page.quotes.len(), 1);
    let (w, h) = f.app.state.size;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| kariz::tui::views::draw(frame, &f.app.state))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Quotes"), "{screen}");
    let row = screen
        .lines()
        .find(|l| l.contains("2026-0001"))
        .unwrap_or_default();
    assert!(row.contains("draft"), "{screen}");
    assert!(row.contains("0.00 USD"), "{screen}");
    // The quote row is selected first; Enter opens the quote page.
    assert_eq!(page.selected, 0);
    press(&mut f.app, KeyCode::Enter);
    assert!(matches!(f.app.state.pages.last(), Some(Page::Quote(_))));
}
