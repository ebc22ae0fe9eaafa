//! Two people on one database: the TUI's saves are field-level, tags
//! change by add/remove, and undo works twice and after a delete.

use super::update::{Fixture, ch, clock, ctrl, fixture, press, typed};
use crossterm::event::KeyCode;
use kariz::config::Config;
use kariz::model::Entity;
use kariz::store::Store;
use kariz::tui::overlays::Overlay;
use kariz::tui::state::View;

fn colleague(f: &Fixture) -> Store {
    Store::open(&f.path, Config::default_config(), "colleague").unwrap()
}

fn open_person_page(f: &mut Fixture) {
    ch(&mut f.app, '2');
    ch(&mut f.app, '/');
    typed(&mut f.app, "نیک");
    press(&mut f.app, KeyCode::Enter);
}

/// Opens the edit form of the person and types a new job title.
fn edit_title(f: &mut Fixture, title: &str) {
    ch(&mut f.app, 'e');
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Tab);
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, title);
}

#[test]
fn edits_of_different_fields_in_two_sessions_both_survive() {
    let mut f = fixture();
    open_person_page(&mut f);
    edit_title(&mut f, "Buyer");
    // The colleague saves the notes while this form is open.
    let mut other = colleague(&f);
    let p = other.person(f.person).unwrap();
    let mut data = p.data.clone();
    data.notes = Some("Prefers e-mail".into());
    other
        .write(clock().now_utc(), |w| {
            w.update_person(f.person, p.version, data)
        })
        .unwrap();
    press(&mut f.app, KeyCode::Enter);
    assert!(
        f.app.state.overlays.is_empty(),
        "no conflict: {:?}",
        f.app.state.overlays.last()
    );
    let stored = other.person(f.person).unwrap().data;
    assert_eq!(stored.title.as_deref(), Some("Buyer"));
    assert_eq!(stored.notes.as_deref(), Some("Prefers e-mail"));
}

#[test]
fn tags_added_in_two_sessions_both_survive() {
    let mut f = fixture();
    open_person_page(&mut f);
    ch(&mut f.app, 't');
    assert!(matches!(
        f.app.state.overlays.last(),
        Some(Overlay::Prompt(_))
    ));
    let mut other = colleague(&f);
    other
        .write(clock().now_utc(), |w| {
            w.change_tags(Entity::Person, f.person, &["vip".into()], &[])
        })
        .unwrap();
    typed(&mut f.app, "lead");
    press(&mut f.app, KeyCode::Enter);
    assert_eq!(
        other.person(f.person).unwrap().data.tags,
        vec!["lead", "vip"]
    );
    // Undo takes back only this session's tag.
    ch(&mut f.app, 'u');
    assert_eq!(other.person(f.person).unwrap().data.tags, vec!["vip"]);
}

#[test]
fn two_edits_of_one_record_undo_one_after_the_other() {
    let mut f = fixture();
    open_person_page(&mut f);
    edit_title(&mut f, "Buyer");
    press(&mut f.app, KeyCode::Enter);
    edit_title(&mut f, "Head of purchasing");
    press(&mut f.app, KeyCode::Enter);
    let title = |f: &Fixture| f.app.store().person(f.person).unwrap().data.title;
    assert_eq!(title(&f).as_deref(), Some("Head of purchasing"));
    ch(&mut f.app, 'u');
    assert_eq!(title(&f).as_deref(), Some("Buyer"));
    ch(&mut f.app, 'u');
    assert!(
        f.app.state.overlays.is_empty(),
        "no false conflict: {:?}",
        f.app.state.overlays.last()
    );
    assert_eq!(title(&f), None);
}

#[test]
fn undo_over_a_colleagues_change_of_the_same_field_asks() {
    let mut f = fixture();
    open_person_page(&mut f);
    edit_title(&mut f, "Buyer");
    press(&mut f.app, KeyCode::Enter);
    let mut other = colleague(&f);
    let p = other.person(f.person).unwrap();
    let mut data = p.data.clone();
    data.title = Some("CEO".into());
    other
        .write(clock().now_utc(), |w| {
            w.update_person(f.person, p.version, data)
        })
        .unwrap();
    ch(&mut f.app, 'u');
    let Some(Overlay::Conflict(conflict)) = f.app.state.overlays.last() else {
        panic!("a conflict, got {:?}", f.app.state.overlays.last());
    };
    assert_eq!(conflict.rows[0].theirs, "CEO");
    assert_eq!(
        other.person(f.person).unwrap().data.title.as_deref(),
        Some("CEO"),
        "the colleague's title stays until the user chooses"
    );
}

#[test]
fn undo_of_a_delete_brings_the_deal_back_with_its_id_tags_and_history() {
    let mut f = fixture();
    let mut store = colleague(&f);
    store
        .write(clock().now_utc(), |w| {
            w.change_tags(Entity::Deal, f.deal, &["export".into()], &[])?;
            w.move_deal(f.deal, None, "Qualified", None)
        })
        .unwrap();
    let before = store.deal(f.deal).unwrap();
    let history = store.stage_history(f.deal).unwrap();
    ch(&mut f.app, '3');
    assert_eq!(f.app.state.view, View::Pipeline);
    ctrl(&mut f.app, 'r');
    let column = f
        .app
        .state
        .pipeline
        .columns
        .iter()
        .position(|c| c.deals.iter().any(|d| d.id == f.deal))
        .unwrap();
    f.app.state.pipeline.focus = column;
    ch(&mut f.app, 'D');
    ch(&mut f.app, 'y');
    assert!(store.deal(f.deal).is_err(), "deleted");
    ch(&mut f.app, 'u');
    let after = store.deal(f.deal).unwrap();
    assert_eq!(after.id, before.id);
    assert_eq!(after.data, before.data);
    assert_eq!(after.created_at, before.created_at);
    assert_eq!(after.stage_entered_at, before.stage_entered_at);
    assert_eq!(store.stage_history(f.deal).unwrap(), history);
}

#[test]
fn undo_of_a_delete_brings_a_person_back_with_phones_and_tags() {
    let f = fixture();
    let mut store = colleague(&f);
    let id = store
        .write(clock().now_utc(), |w| {
            w.add_person(kariz::model::PersonData {
                name: "Reza".into(),
                phones: vec![kariz::model::ContactPoint {
                    label: "mobile".into(),
                    value: "+98 912 000 1111".into(),
                }],
                tags: vec!["lead".into()],
                ..kariz::model::PersonData::default()
            })
        })
        .unwrap();
    let before = store.person(id).unwrap();
    let change = kariz::tui::change::Change::Delete {
        entity: Entity::Person,
        id,
        version: Some(before.version),
    };
    let mut mine = colleague(&f);
    let applied = kariz::tui::change::apply(&mut mine, clock().now_utc(), &change).unwrap();
    assert!(store.person(id).is_err());
    let undo = applied.inverse.unwrap();
    kariz::tui::change::apply(&mut mine, clock().now_utc(), &undo).unwrap();
    let after = store.person(id).unwrap();
    assert_eq!(after.data, before.data);
    assert_eq!(after.version, before.version + 1);
}
