//! Pure `update()` tests: a state built by hand, an action in, and the
//! returned effects asserted exactly. No store, no App, no terminal: these
//! pin down what each workflow asks the loop to do.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::model::{Deal, DealData, DealStatus, Entity, Task, TaskData};
use kariz::tui::action::{Action, Effect, SearchTarget};
use kariz::tui::change::{Applied, Change};
use kariz::tui::state::{Column, Due, PageRef, State, TodayRow, View};
use kariz::tui::update::update;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 6, 30, 0)
        .single()
        .unwrap()
}

fn state() -> State {
    let clock = Clock::fixed(
        DateTime::<FixedOffset>::parse_from_rfc3339("2026-11-22T10:00:00+03:30").unwrap(),
    );
    let config = Config::default_config();
    let session = kariz::tui::session(&config, "tester", "test.db", &clock, false);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    State::new(session, now(), today, (100, 30))
}

fn key(c: char) -> Action {
    let modifiers = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Action::Key(KeyEvent::new(KeyCode::Char(c), modifiers))
}

fn enter() -> Action {
    Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
}

fn task(id: i64, person_id: Option<i64>, deal_id: Option<i64>) -> Task {
    Task {
        id,
        data: TaskData {
            title: format!("task {id}"),
            due_date: NaiveDate::from_ymd_opt(2026, 11, 22),
            person_id,
            deal_id,
            ..TaskData::default()
        },
        done_at: None,
        person: None,
        company: None,
        deal: None,
        created_at: now(),
        updated_at: now(),
        version: 3,
    }
}

fn deal(id: i64, stage: &str) -> Deal {
    Deal {
        id,
        data: DealData {
            title: format!("deal {id}"),
            pipeline: "sales".into(),
            stage: stage.into(),
            value_minor: 1000,
            currency: "USD".into(),
            ..DealData::default()
        },
        value: "10.00".into(),
        status: DealStatus::Open,
        stage_entered_at: now(),
        closed_at: None,
        person: None,
        company: None,
        created_at: now(),
        updated_at: now(),
        version: 5,
    }
}

/// The Today view with a heading and two tasks, the first selected.
fn today_state() -> State {
    let mut s = state();
    let rows = vec![
        TodayRow::Heading("today.today", 2),
        TodayRow::Task(task(7, Some(70), None), Due::Today),
        TodayRow::Task(task(8, Some(80), Some(800)), Due::Today),
    ];
    assert_eq!(update(&mut s, Action::TodayLoaded(rows)), []);
    s
}

#[test]
fn the_views_load_what_they_show() {
    let mut s = state();
    assert_eq!(s.view, View::Today);
    assert_eq!(
        update(&mut s, key('2')),
        [Effect::LoadContacts { reset: true }]
    );
    assert_eq!(s.view, View::Contacts);
    assert_eq!(update(&mut s, key('3')), [Effect::LoadPipeline]);
    assert_eq!(update(&mut s, key('1')), [Effect::LoadToday]);
}

#[test]
fn today_marks_the_selected_task_done_with_the_version_seen() {
    let mut s = today_state();
    let effects = update(&mut s, key('x'));
    let [
        Effect::Write {
            change, undoable, ..
        },
    ] = effects.as_slice()
    else {
        panic!("one write expected, got {effects:?}")
    };
    assert_eq!(
        *change,
        Change::TaskDone {
            id: 7,
            version: Some(3),
            done: true
        }
    );
    assert!(undoable);
}

#[test]
fn today_opens_a_task_s_deal_before_its_person() {
    let mut s = today_state();
    assert_eq!(
        update(&mut s, enter()),
        [Effect::OpenPage(PageRef::Person(70))]
    );
    let mut s = today_state();
    assert_eq!(update(&mut s, key('j')), []);
    assert_eq!(
        update(&mut s, enter()),
        [Effect::OpenPage(PageRef::Deal(800))]
    );
}

#[test]
fn a_written_change_reloads_today_s_tasks_and_undo_writes_its_inverse() {
    let mut s = today_state();
    let inverse = Change::TaskDone {
        id: 7,
        version: Some(4),
        done: false,
    };
    let written = Action::Written {
        label: "done".into(),
        applied: Applied {
            entity: Entity::Task,
            id: 7,
            inverse: Some(inverse.clone()),
        },
        undoable: true,
    };
    assert_eq!(update(&mut s, written), [Effect::LoadTodayTasks]);
    let effects = update(&mut s, key('u'));
    let [
        Effect::Write {
            change, undoable, ..
        },
    ] = effects.as_slice()
    else {
        panic!("one write expected, got {effects:?}")
    };
    assert_eq!(*change, inverse);
    assert!(!undoable, "undoing is not itself undone with u");
    assert_eq!(update(&mut s, key('u')), [], "nothing left to undo");
}

#[test]
fn a_failed_write_asks_for_nothing() {
    let mut s = today_state();
    assert_eq!(update(&mut s, Action::WriteFailed("disk full".into())), []);
}

#[test]
fn typing_in_the_contacts_search_box_searches_the_index() {
    let mut s = state();
    update(&mut s, key('2'));
    let effects = update(&mut s, key('/'));
    assert!(
        effects
            .iter()
            .all(|e| matches!(e, Effect::LoadContacts { .. })),
        "{effects:?}"
    );
    let effects = update(&mut s, key('z'));
    let [Effect::Search { text, target, .. }] = effects.as_slice() else {
        panic!("one search expected, got {effects:?}")
    };
    assert_eq!(text, "z");
    assert_eq!(*target, SearchTarget::Contacts);
}

#[test]
fn a_deal_another_kariz_adds_reruns_a_search_still_waiting_for_its_answer() {
    let mut s = state();
    update(&mut s, key('2'));
    update(&mut s, key('/'));
    update(&mut s, key('k'));
    // The answer to "k" is not in yet (the search thread may have worked it
    // out before the index took the new deal in): the feed asks again.
    assert!(s.contacts.search.results.is_none());
    let feed = kariz::tui::action::Feed {
        changes: vec![kariz::store::FeedChange {
            id: 9,
            actor: "sara".into(),
            entity: Entity::Deal,
            entity_id: 4,
            op: "create".into(),
            field: None,
            last_id: None,
        }],
        everything: false,
    };
    let effects = update(&mut s, Action::Feed(feed));
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::Search { text, target: SearchTarget::Contacts, .. } if text == "k"
        )),
        "{effects:?}"
    );
}

#[test]
fn the_board_moves_the_selected_deal_to_the_next_stage_and_opens_it() {
    let mut s = state();
    update(&mut s, key('3'));
    let stages = s.session.config.pipelines[0].stages.clone();
    let columns: Vec<Column> = stages
        .iter()
        .enumerate()
        .map(|(i, stage)| Column {
            stage: stage.clone(),
            deals: if i == 0 {
                vec![deal(42, &stage.name)]
            } else {
                Vec::new()
            },
            selected: 0,
            totals: Vec::new(),
        })
        .collect();
    assert_eq!(update(&mut s, Action::PipelineLoaded(columns)), []);
    assert_eq!(
        update(&mut s, enter()),
        [Effect::OpenPage(PageRef::Deal(42))]
    );
    let mut s2 = s.clone();
    let effects = update(&mut s2, key('L'));
    let [Effect::Write { change, .. }] = effects.as_slice() else {
        panic!("one write expected, got {effects:?}")
    };
    // A move is a field-level save of the stage alone (no version check:
    // it conflicts only if someone else changed the stage meanwhile).
    let Change::Deal {
        target,
        original,
        data,
    } = change
    else {
        panic!("a deal change expected, got {change:?}")
    };
    assert_eq!(*target, Some((42, None)));
    assert_eq!(original.as_ref().map(|o| o.stage.as_str()), Some("Lead"));
    assert_eq!(data.stage, stages[1].name);
}
