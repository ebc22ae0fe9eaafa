//! Update-level tests of "mine" and "everyone's": Today shows the user's
//! own tasks (and unassigned ones) until `m` asks for everyone's, then
//! with an owner column; `m` on Contacts and Pipeline filters to the
//! user's own records.

use chrono::{DateTime, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::model::{DealData, PersonData, TaskData};
use kariz::store::Store;
use kariz::tui::action::Action;
use kariz::tui::app::App;
use kariz::tui::state::{State, TodayRow, View};
use kariz::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: &str = "2026-11-22T10:00:00+03:30";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A team of two (tester, reza "Reza Karimi"), each with a person, a deal
/// and a task due today, plus one task nobody owns.
fn app() -> App {
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap());
    let config = Config::default_config();
    let mut store = Store::open_in_memory(config.clone(), "tester").unwrap();
    store
        .write(clock.now_utc(), |w| {
            w.add_user("tester", None)?;
            w.add_user("reza", Some("Reza Karimi"))?;
            for owner in ["tester", "reza"] {
                let person = w.add_person(PersonData {
                    name: format!("Client of {owner}"),
                    owner: Some(owner.into()),
                    ..PersonData::default()
                })?;
                w.add_deal(DealData {
                    title: format!("Deal of {owner}"),
                    pipeline: "sales".into(),
                    stage: "Lead".into(),
                    value_minor: 1000,
                    currency: "USD".into(),
                    person_id: Some(person),
                    owner: Some(owner.into()),
                    ..DealData::default()
                })?;
                w.add_task(TaskData {
                    title: format!("Task of {owner}"),
                    due_date: Some(today()),
                    owner: Some(owner.into()),
                    ..TaskData::default()
                })?;
            }
            w.add_task(TaskData {
                title: "Task of nobody".into(),
                due_date: Some(today()),
                ..TaskData::default()
            })?;
            Ok(())
        })
        .unwrap();
    let session = kariz::tui::session(&config, "tester", "test.db", &clock, false);
    let state = State::new(session, clock.now_utc(), today(), (100, 30));
    let mut app = App::inline(state, store, clock).unwrap();
    app.start();
    app
}

fn ch(app: &mut App, c: char) {
    app.dispatch(Action::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )));
}

/// Task titles on Today, sorted (same due date: the order is by id).
fn task_titles(app: &App) -> Vec<String> {
    let mut titles: Vec<String> = app
        .state
        .today_view
        .rows
        .iter()
        .filter_map(|r| match r {
            TodayRow::Task(t, _) => Some(t.data.title.clone()),
            _ => None,
        })
        .collect();
    titles.sort();
    titles
}

fn screen(app: &App) -> String {
    let (w, h) = app.state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| views::draw(f, &app.state)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn today_shows_my_tasks_until_m_shows_everyones_with_owners() {
    let mut app = app();
    assert!(!app.state.today_view.everyone);
    assert_eq!(task_titles(&app), ["Task of nobody", "Task of tester"]);
    let shown = screen(&app);
    assert!(shown.contains("my tasks"), "{shown}");
    assert!(!shown.contains("Reza Karimi"), "{shown}");

    ch(&mut app, 'm');
    assert!(app.state.today_view.everyone);
    assert_eq!(
        task_titles(&app),
        ["Task of nobody", "Task of reza", "Task of tester"]
    );
    let shown = screen(&app);
    assert!(shown.contains("everyone's tasks"), "{shown}");
    // The owner column shows the team list's display name.
    let reza_line = shown
        .lines()
        .find(|l| l.contains("Task of reza"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(reza_line.contains("Reza Karimi"), "{reza_line}");

    ch(&mut app, 'm');
    assert!(!app.state.today_view.everyone);
    assert_eq!(task_titles(&app), ["Task of nobody", "Task of tester"]);
}

#[test]
fn m_on_contacts_and_pipeline_keeps_my_records() {
    let mut app = app();
    ch(&mut app, '2');
    assert_eq!(app.state.view, View::Contacts);
    assert_eq!(app.state.contacts.rows.len(), 2);
    ch(&mut app, 'm');
    assert_eq!(app.state.contacts.owner.as_deref(), Some("tester"));
    let names: Vec<&str> = app
        .state
        .contacts
        .rows
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["Client of tester"]);
    ch(&mut app, 'm');
    assert_eq!(app.state.contacts.owner, None);
    assert_eq!(app.state.contacts.rows.len(), 2);

    ch(&mut app, '3');
    assert_eq!(app.state.view, View::Pipeline);
    let deals = |app: &App| -> Vec<String> {
        app.state
            .pipeline
            .columns
            .iter()
            .flat_map(|c| c.deals.iter().map(|d| d.data.title.clone()))
            .collect()
    };
    assert_eq!(deals(&app).len(), 2);
    ch(&mut app, 'm');
    assert_eq!(app.state.pipeline.owner.as_deref(), Some("tester"));
    assert_eq!(deals(&app), ["Deal of tester"]);
    // The title names the filter by display name (none for tester: login).
    assert!(screen(&app).contains("owner tester"));
    ch(&mut app, 'm');
    assert_eq!(deals(&app).len(), 2);
}
