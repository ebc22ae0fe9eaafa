//! The Cases view (key 5) and case pages: the queue in the one queue order
//! with its filters, the effects each key asks for, writes from a case page
//! checked in the store, a complaint made into a case, a colleague's new
//! case reaching the open queue through the change feed, and snapshots at
//! 80x24 and 160x48 in English and 80x24 in Persian.

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::desk::{QueueFilter, queue};
use kariz::model::{ActivityKind, CaseData, PersonData};
use kariz::store::{CaseFilter, ChangeWatcher, Store};
use kariz::tui::action::{Action, Effect};
use kariz::tui::app::App;
use kariz::tui::cases::{CaseChange, Scope};
use kariz::tui::change::Change;
use kariz::tui::overlays::Overlay;
use kariz::tui::state::{Page, PageItem, State, View};
use kariz::tui::update::update;
use kariz::tui::views;
use kariz::vocab::CasePriority;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: &str = "2026-11-22T10:00:00+03:30";
const USER: &str = "tester";

fn clock() -> Clock {
    Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap())
}

fn app_with(config: Config, size: (u16, u16)) -> App {
    let clock = clock();
    let mut store = Store::open_in_memory(config.clone(), USER).unwrap();
    kariz::demo::load_demo_data(&mut store, &clock).unwrap();
    let session = kariz::tui::session(&config, USER, "demo.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), size);
    let mut app = App::inline(state, store, clock).unwrap();
    app.start();
    app
}

fn demo(size: (u16, u16)) -> App {
    app_with(Config::default_config(), size)
}

fn action(c: char) -> Action {
    let modifiers = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Action::Key(KeyEvent::new(KeyCode::Char(c), modifiers))
}

fn press(app: &mut App, c: char) {
    app.dispatch(action(c));
}

fn key(app: &mut App, code: KeyCode) {
    app.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn screen(app: &App) -> String {
    let (w, h) = app.state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| views::draw(f, &app.state)).unwrap();
    terminal.backend().to_string()
}

fn numbers(app: &App) -> Vec<String> {
    app.state
        .cases
        .rows
        .iter()
        .map(|r| r.case.number.to_string())
        .collect()
}

fn top_case(app: &App) -> kariz::model::Case {
    match app.state.pages.last() {
        Some(Page::Case(view)) => view.page.case.clone(),
        _ => panic!("no case page on top"),
    }
}

#[test]
fn the_cases_view_shows_the_queue_in_the_cli_s_order_with_counts() {
    let mut app = demo((80, 24));
    press(&mut app, '5');
    assert_eq!(app.state.view, View::Cases);
    // The same order `kariz case list` prints: desk::queue's.
    let expected: Vec<String> = queue(app.store(), &QueueFilter::default(), clock().now_utc())
        .unwrap()
        .iter()
        .map(|i| i.case.number.to_string())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(numbers(&app), expected);
    let shown = screen(&app);
    let title = format!("All cases: {} · breached: 0", expected.len());
    assert!(shown.contains(&title), "{shown}");
    let status = shown.lines().last().unwrap_or_default();
    assert!(status.contains("m all/mine/unassigned"), "{shown}");
    assert!(status.contains("f status"), "{shown}");
}

#[test]
fn scope_and_status_filters_ask_for_the_queue_again() {
    let mut app = demo((80, 24));
    press(&mut app, '5');
    let effects = update(&mut app.state, action('m'));
    assert_eq!(effects, [Effect::LoadCases]);
    assert_eq!(app.state.cases.scope, Scope::Mine);
    press(&mut app, 'm');
    assert_eq!(app.state.cases.scope, Scope::Unassigned);
    assert!(
        app.state
            .cases
            .rows
            .iter()
            .all(|r| r.case.data.assignee.is_none())
    );
    press(&mut app, 'm');
    assert_eq!(app.state.cases.scope, Scope::All);
    // f: a picker of the workflow's statuses; choosing one filters.
    press(&mut app, 'f');
    assert!(matches!(
        app.state.overlays.last(),
        Some(Overlay::Picker(_))
    ));
    typed(&mut app, "waiting");
    let effects = update(
        &mut app.state,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(effects, [Effect::LoadCases]);
    assert_eq!(
        app.state.cases.status.as_deref(),
        Some("waiting_on_customer")
    );
    press(&mut app, 'C');
    assert_eq!(app.state.cases.status, None);
}

#[test]
fn a_case_page_logs_a_reply_escalates_and_closes_with_a_score() {
    let mut app = demo((80, 24));
    press(&mut app, '5');
    // The first normal-priority case with no reply yet.
    let row = app
        .state
        .cases
        .rows
        .iter()
        .position(|r| {
            r.case.data.priority == CasePriority::Normal && r.case.first_response_at.is_none()
        })
        .expect("a normal case without a reply in the demo");
    app.state.cases.selected = row;
    key(&mut app, KeyCode::Enter);
    let case = top_case(&app);
    // + asks for one write: the priority one step up, at the version seen.
    let effects = update(&mut app.state.clone(), action('+'));
    let [Effect::Write { change, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let Change::Case(change) = change else {
        panic!("{change:?}");
    };
    let CaseChange::Edit { id, version, data } = change.as_ref() else {
        panic!("{change:?}");
    };
    assert_eq!((*id, *version), (case.id, Some(case.version)));
    assert_eq!(data.priority, CasePriority::High);
    press(&mut app, '+');
    assert_eq!(top_case(&app).data.priority, CasePriority::High);
    // c: a reply (an outgoing e-mail by default) is the first response.
    press(&mut app, 'c');
    typed(&mut app, "Sent the reset steps");
    key(&mut app, KeyCode::Enter);
    let stored = app.store().case(case.id).unwrap();
    assert!(stored.first_response_at.is_some());
    let timeline = app.store().case_activities(case.id).unwrap();
    assert_eq!(timeline[0].data.subject, "Sent the reset steps");
    assert_eq!(timeline[0].data.kind, ActivityKind::Email);
    // X: the score from its picker, a comment, saved.
    press(&mut app, 'X');
    press(&mut app, '4');
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "quick fix");
    key(&mut app, KeyCode::Enter);
    let stored = app.store().case(case.id).unwrap();
    assert_eq!(stored.data.status, "closed");
    assert_eq!(stored.data.satisfaction, Some(4));
    assert_eq!(
        stored.data.satisfaction_comment.as_deref(),
        Some("quick fix")
    );
    assert!(screen(&app).contains("4 of 5 · quick fix"));
    // u takes the close back: the case reopens.
    press(&mut app, 'u');
    let stored = app.store().case(case.id).unwrap();
    assert_eq!(stored.data.status, "open");
    // s offers only the workflow's moves from "open".
    press(&mut app, 's');
    let Some(Overlay::Picker(picker)) = app.state.overlays.last() else {
        panic!("no status picker");
    };
    let offered: Vec<&str> = picker.options.iter().map(|o| o.detail.as_str()).collect();
    assert_eq!(offered, ["waiting_on_customer", "resolved", "closed"]);
    key(&mut app, KeyCode::Enter);
    let stored = app.store().case(case.id).unwrap();
    assert_eq!(stored.data.status, "waiting_on_customer");
    // a: assign from the team list.
    press(&mut app, 'a');
    typed(&mut app, "omar");
    key(&mut app, KeyCode::Enter);
    let stored = app.store().case(case.id).unwrap();
    assert_eq!(stored.data.assignee.as_deref(), Some("omar"));
}

#[test]
fn a_complaint_on_the_timeline_becomes_a_case_keeping_its_text() {
    let mut app = demo((80, 24));
    let complaint = app
        .store()
        .activities(&kariz::store::ActivityFilter {
            kind: Some(ActivityKind::Complaint),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|a| a.data.person_id.is_some())
        .expect("a complaint in the demo");
    let person = complaint.data.person_id.unwrap();
    // Open the complainer's page through the contact search.
    press(&mut app, '2');
    press(&mut app, '/');
    typed(&mut app, complaint.person.as_deref().unwrap());
    key(&mut app, KeyCode::Enter);
    let Some(Page::Customer(page)) = app.state.pages.last_mut() else {
        panic!("no customer page");
    };
    assert_eq!(page.person.as_ref().map(|p| p.id), Some(person));
    let at = page
        .items
        .iter()
        .position(|i| matches!(i, PageItem::Activity(a) if page.activities[*a].id == complaint.id))
        .expect("the complaint on the timeline");
    page.selected = at;
    press(&mut app, 'K');
    let Some(form) = app.state.form_mut() else {
        panic!("no new-case form");
    };
    assert_eq!(form.text("subject"), Some(complaint.data.subject.clone()));
    key(&mut app, KeyCode::Enter);
    let cases = app
        .store()
        .cases(&CaseFilter {
            person_id: Some(person),
            ..CaseFilter::default()
        })
        .unwrap();
    let case = cases
        .iter()
        .find(|c| c.data.subject == complaint.data.subject)
        .expect("the new case");
    assert_eq!(case.data.description, complaint.data.body);
    let timeline = app.store().case_activities(case.id).unwrap();
    assert_eq!(timeline[0].id, complaint.id);
}

#[test]
fn a_colleagues_new_case_reaches_the_open_queue_without_a_key() {
    let config = Config::default_config();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kariz.db");
    let clock = clock();
    let mut store = Store::open(&path, config.clone(), USER).unwrap();
    let person = store
        .write(clock.now_utc(), |w| {
            w.add_person(PersonData {
                name: "Zahra Niknam".into(),
                ..PersonData::default()
            })
        })
        .unwrap();
    let mut watcher = ChangeWatcher::open(&path).unwrap();
    let mut other = Store::open(&path, config.clone(), "omid").unwrap();
    let session = kariz::tui::session(&config, USER, "test.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), (100, 30));
    let mut app = App::inline(state, store, clock.clone()).unwrap();
    app.start();
    press(&mut app, '5');
    assert!(app.state.cases.rows.is_empty());
    let (id, _) = other
        .write(clock.now_utc(), |w| {
            w.add_case(CaseData {
                subject: "No power".into(),
                person_id: Some(person),
                ..CaseData::default()
            })
        })
        .unwrap();
    assert!(app.feed(watcher.poll().unwrap()));
    let ids: Vec<i64> = app.state.cases.rows.iter().map(|r| r.case.id).collect();
    assert_eq!(ids, [id]);
    // An open case page follows the colleague's status change too.
    key(&mut app, KeyCode::Enter);
    other
        .write(clock.now_utc(), |w| w.move_case(id, None, "open"))
        .unwrap();
    assert!(app.feed(watcher.poll().unwrap()));
    assert_eq!(top_case(&app).data.status, "open");
}

#[test]
fn queue_and_case_page_snapshots() {
    for size in [(80, 24), (160, 48)] {
        let mut app = demo(size);
        press(&mut app, '5');
        let shown = screen(&app);
        insta::assert_snapshot!(format!("cases_queue_{}x{}", size.0, size.1), shown);
        key(&mut app, KeyCode::Enter);
        let page = screen(&app);
        insta::assert_snapshot!(format!("cases_page_{}x{}", size.0, size.1), page);
        assert!(page.contains("First response"), "{page}");
        assert!(page.contains("Resolution"), "{page}");
    }
}

#[test]
fn persian_queue_and_case_page_read_right_to_left() {
    let config = Config::parse(include_str!("../../config/examples/fa.toml"), "fa.toml").unwrap();
    let mut app = app_with(config, (80, 24));
    press(&mut app, '5');
    let shown = screen(&app);
    insta::assert_snapshot!("cases_fa_queue_80x24", shown);
    let visual = |t: &str| {
        kariz::text::display::visual(t, None, &kariz::text::display::DisplayOptions::default())
    };
    let tab = app.state.session.locale.t("view.cases").to_owned();
    assert!(shown.contains(&visual(&tab)), "{shown}");
    let new = app.state.session.locale.t("case_status.new").to_owned();
    assert!(shown.contains(&visual(&new)), "{shown}");
    assert!(!shown.contains("All cases"), "English left:\n{shown}");
    key(&mut app, KeyCode::Enter);
    let page = screen(&app);
    insta::assert_snapshot!("cases_fa_page_80x24", page);
    let first = app.state.session.locale.t("case.first_response").to_owned();
    assert!(page.contains(&visual(&first)), "{page}");
}

#[test]
fn sla_clocks_count_down_and_breach_without_a_key() {
    // Monday 10:00 UTC, inside the default business hours.
    let clock = Clock::manual(DateTime::parse_from_rfc3339("2026-11-23T10:00:00+00:00").unwrap());
    let config = Config::default_config();
    let mut store = Store::open_in_memory(config.clone(), USER).unwrap();
    let id = store
        .write(clock.now_utc(), |w| {
            let person = w.add_person(PersonData {
                name: "Zahra Niknam".into(),
                ..PersonData::default()
            })?;
            w.add_case(CaseData {
                subject: "No power".into(),
                person_id: Some(person),
                priority: CasePriority::Urgent,
                ..CaseData::default()
            })
        })
        .unwrap()
        .0;
    let session = kariz::tui::session(&config, USER, "test.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), (100, 30));
    let mut app = App::inline(state, store, clock.clone()).unwrap();
    app.start();
    press(&mut app, '5');
    let first = |app: &App| app.state.cases.rows[0].sla.first_response;
    assert_eq!(first(&app).left_seconds, 3600, "an urgent case: one hour");
    assert!(!app.tick(), "nothing to do within the minute");

    clock.advance(chrono::Duration::minutes(30));
    assert!(app.tick(), "a minute passed");
    assert_eq!(first(&app).left_seconds, 1800, "the queue counted down");

    clock.advance(chrono::Duration::minutes(31));
    assert!(app.tick());
    assert_eq!(first(&app).left_seconds, -60);
    assert!(app.state.cases.rows[0].sla.breached());
    assert!(screen(&app).contains("breached: 1"), "{}", screen(&app));

    // An open case page counts down too.
    key(&mut app, KeyCode::Enter);
    assert_eq!(top_case(&app).id, id);
    clock.advance(chrono::Duration::minutes(1));
    assert!(app.tick());
    let Some(Page::Case(page)) = app.state.pages.last() else {
        panic!("the case page stays open");
    };
    assert_eq!(page.page.sla.first_response.left_seconds, -120);
}
