//! The contact list's filter bar (`f`): a segment expression filters the
//! list as it is typed, a broken one shows its column and keeps the last
//! result, Esc clears it.

use super::update::{ch, clock, fixture, press, typed};
use crossterm::event::KeyCode;
use kariz::config::Config;
use kariz::model::PersonData;
use kariz::store::Store;
use kariz::tui::overlays::Overlay;

#[test]
fn typing_a_filter_narrows_the_list_and_an_error_keeps_the_last_result() {
    let mut f = fixture();
    let mut other = Store::open(&f.path, Config::default_config(), "tester").unwrap();
    other
        .write(clock().now_utc(), |w| {
            w.add_person(PersonData {
                name: "Sara Ahmadi".into(),
                address: Some("Tehran".into()),
                tags: vec!["vip".into()],
                ..PersonData::default()
            })
        })
        .unwrap();
    ch(&mut f.app, '2');
    assert_eq!(f.app.state.contacts.rows.len(), 2);
    ch(&mut f.app, 'f');
    assert!(f.app.state.contacts.filter.typing);
    typed(&mut f.app, "tag:vip");
    assert_eq!(f.app.state.contacts.rows.len(), 1);
    assert_eq!(f.app.state.contacts.rows[0].name, "Sara Ahmadi");
    assert_eq!(f.app.state.contacts.total, 1, "the count in the title");
    // A broken expression: the error names its column, the list stays.
    typed(&mut f.app, " -");
    let error = f.app.state.contacts.filter.error.clone().unwrap();
    assert!(error.contains("column \u{2068}9\u{2069}"), "{error}");
    assert_eq!(f.app.state.contacts.rows.len(), 1);
    // Persian letters match the Arabic-keyboard ones and the other way.
    for _ in 0.."tag:vip -".chars().count() {
        press(&mut f.app, KeyCode::Backspace);
    }
    typed(&mut f.app, "نيك");
    assert_eq!(f.app.state.contacts.filter.error, None);
    assert_eq!(
        f.app.state.contacts.filter.applied, "نيك",
        "{:?}",
        f.app.state.message
    );
    assert_eq!(f.app.state.contacts.rows.len(), 1);
    assert_eq!(f.app.state.contacts.rows[0].id, f.person);
    // Enter keeps the filter and gives the keys back to the list.
    press(&mut f.app, KeyCode::Enter);
    assert!(!f.app.state.contacts.filter.typing);
    assert_eq!(f.app.state.contacts.rows.len(), 1);
    // Esc in the bar clears it.
    ch(&mut f.app, 'f');
    press(&mut f.app, KeyCode::Esc);
    assert_eq!(f.app.state.contacts.rows.len(), 2);
}

#[test]
fn marked_rows_are_tagged_in_one_step_and_undone_in_one() {
    let mut f = fixture();
    let mut other = Store::open(&f.path, Config::default_config(), "tester").unwrap();
    let sara = other
        .write(clock().now_utc(), |w| {
            w.add_person(PersonData {
                name: "Sara Ahmadi".into(),
                tags: vec!["cold".into()],
                ..PersonData::default()
            })
        })
        .unwrap();
    ch(&mut f.app, '2');
    // Mark all shown, then tag: a prompt, then a confirmation with the count.
    ch(&mut f.app, '*');
    assert_eq!(f.app.state.contacts.marked.len(), 2);
    ch(&mut f.app, 't');
    typed(&mut f.app, "vip, -cold");
    press(&mut f.app, KeyCode::Enter);
    match f.app.state.overlays.last() {
        Some(Overlay::Confirm(c)) => assert!(c.question.contains('2'), "{}", c.question),
        other => panic!("expected a confirmation, got {other:?}"),
    }
    press(&mut f.app, KeyCode::Enter);
    let tags = |store: &Store, id| store.person(id).unwrap().data.tags;
    assert_eq!(tags(&other, f.person), ["vip"]);
    assert_eq!(tags(&other, sara), ["vip"]);
    // One undo reverses the whole batch.
    ch(&mut f.app, 'u');
    assert!(tags(&other, f.person).is_empty());
    assert_eq!(tags(&other, sara), ["cold"]);
    // Space unmarks one row; the tag key on no marks edits the row alone.
    ch(&mut f.app, 'g');
    ch(&mut f.app, ' ');
    assert_eq!(f.app.state.contacts.marked.len(), 1);
    ch(&mut f.app, '*');
    ch(&mut f.app, '*');
    assert!(f.app.state.contacts.marked.is_empty());
}
