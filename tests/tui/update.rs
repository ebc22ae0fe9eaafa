//! Update-level tests of the TUI workflows: actions go through `update`
//! and the app's effects run against a real (in-memory) store.

use chrono::{DateTime, FixedOffset, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::model::{DealData, PersonData, TaskData};
use kariz::store::Store;
use kariz::tui::action::Action;
use kariz::tui::app::App;
use kariz::tui::overlays::Overlay;
use kariz::tui::state::{Page, State, TodayRow, View};

const NOW: &str = "2026-11-22T10:00:00+03:30";

pub fn clock() -> Clock {
    let now: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(NOW).unwrap();
    Clock::fixed(now)
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub struct Fixture {
    pub app: App,
    pub path: std::path::PathBuf,
    pub _dir: tempfile::TempDir,
    pub person: i64,
    pub deal: i64,
    pub task: i64,
}

/// A person at a company with a deal in Lead and a task due today.
pub fn fixture() -> Fixture {
    let config = Config::default_config();
    let dir = tempfile::tempdir().unwrap();
    let path = crate::db_location(dir.path());
    let mut store = Store::open(&path, config.clone(), "tester").unwrap();
    let clock = clock();
    let (person, deal, task) = store
        .write(clock.now_utc(), |w| {
            let company = w.find_or_create_company("Zagros Trading")?;
            let person = w.add_person(PersonData {
                name: "زهرا نیک‌نام".into(),
                company_id: Some(company),
                ..PersonData::default()
            })?;
            let deal = w.add_deal(DealData {
                title: "Cold room".into(),
                pipeline: "sales".into(),
                stage: "Lead".into(),
                value_minor: 120_000,
                currency: "USD".into(),
                person_id: Some(person),
                ..DealData::default()
            })?;
            let task = w.add_task(TaskData {
                title: "Call back about the quote".into(),
                due_date: Some(today()),
                person_id: Some(person),
                ..TaskData::default()
            })?;
            Ok((person, deal, task))
        })
        .unwrap();
    let session = kariz::tui::session(&config, "tester", "test.db", &clock, false);
    let state = State::new(session, clock.now_utc(), today(), (100, 30));
    let mut app = App::inline(state, store, clock).unwrap();
    app.start();
    Fixture {
        app,
        path,
        _dir: dir,
        person,
        deal,
        task,
    }
}

pub fn press(app: &mut App, code: KeyCode) {
    app.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn ch(app: &mut App, c: char) {
    press(app, KeyCode::Char(c));
}

pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        ch(app, c);
    }
}

pub fn ctrl(app: &mut App, c: char) {
    app.dispatch(Action::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

pub fn select_task(app: &mut App, id: i64) {
    let index = app
        .state
        .today_view
        .rows
        .iter()
        .position(|r| matches!(r, TodayRow::Task(t, _) if t.id == id))
        .expect("task on the Today view");
    app.state.today_view.selected = index;
}

#[test]
fn marking_a_task_done_and_undoing_it() {
    let mut f = fixture();
    select_task(&mut f.app, f.task);
    ch(&mut f.app, 'x');
    assert!(f.app.store().task(f.task).unwrap().done_at.is_some());
    let still_listed = f
        .app
        .state
        .today_view
        .rows
        .iter()
        .any(|r| matches!(r, TodayRow::Task(t, _) if t.id == f.task));
    assert!(!still_listed, "a done task leaves the Today view");
    ch(&mut f.app, 'u');
    assert!(
        f.app.store().task(f.task).unwrap().done_at.is_none(),
        "undo reopens it"
    );
    assert!(
        f.app
            .state
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("Undone")
    );
}

#[test]
fn snoozing_moves_the_due_date_to_tomorrow_or_a_typed_date() {
    let mut f = fixture();
    select_task(&mut f.app, f.task);
    ch(&mut f.app, 's');
    assert_eq!(
        f.app.store().task(f.task).unwrap().data.due_date,
        NaiveDate::from_ymd_opt(2026, 11, 23)
    );
    ch(&mut f.app, 'u');
    assert_eq!(
        f.app.store().task(f.task).unwrap().data.due_date,
        Some(today())
    );
    select_task(&mut f.app, f.task);
    ch(&mut f.app, 'S');
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "not a date");
    press(&mut f.app, KeyCode::Enter);
    match f.app.state.overlays.last() {
        Some(Overlay::Prompt(p)) => assert!(p.error.as_deref().unwrap().contains("is not a date")),
        other => panic!("the prompt stays with its error, got {other:?}"),
    }
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "2026-12-01");
    press(&mut f.app, KeyCode::Enter);
    assert_eq!(
        f.app.store().task(f.task).unwrap().data.due_date,
        NaiveDate::from_ymd_opt(2026, 12, 1)
    );
}

#[test]
fn adding_a_task_validates_the_date_inline_and_esc_saves_nothing() {
    let mut f = fixture();
    ch(&mut f.app, 'a');
    typed(&mut f.app, "Send the catalogue");
    press(&mut f.app, KeyCode::Tab);
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "2026-02-30");
    press(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
        panic!("the form stays open");
    };
    let due = form.field("due_date").unwrap();
    assert!(
        due.error.as_deref().unwrap().contains("does not exist"),
        "{:?}",
        due.error
    );
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "+3d");
    press(&mut f.app, KeyCode::Enter);
    assert!(f.app.state.overlays.is_empty(), "saved and closed");
    let tasks = f
        .app
        .store()
        .tasks(&kariz::store::TaskFilter {
            window: kariz::store::TaskWindow::All,
            today: today(),
            ..Default::default()
        })
        .unwrap();
    let added = tasks
        .iter()
        .find(|t| t.data.title == "Send the catalogue")
        .expect("added");
    assert_eq!(added.data.due_date, NaiveDate::from_ymd_opt(2026, 11, 25));
    // Esc cancels without saving.
    ch(&mut f.app, 'a');
    typed(&mut f.app, "Never saved");
    press(&mut f.app, KeyCode::Esc);
    let count = f
        .app
        .store()
        .tasks(&kariz::store::TaskFilter {
            window: kariz::store::TaskWindow::All,
            today: today(),
            ..Default::default()
        })
        .unwrap()
        .len();
    assert_eq!(count, tasks.len());
}

#[test]
fn moving_a_deal_on_the_board_records_history_and_undoes() {
    let mut f = fixture();
    ch(&mut f.app, '3');
    assert_eq!(f.app.state.view, View::Pipeline);
    assert_eq!(f.app.state.pipeline.current().map(|d| d.id), Some(f.deal));
    ch(&mut f.app, 'L');
    ch(&mut f.app, 'L');
    assert_eq!(f.app.store().deal(f.deal).unwrap().data.stage, "Proposal");
    assert_eq!(
        f.app.state.pipeline.current().map(|d| d.id),
        Some(f.deal),
        "focus follows the card"
    );
    let history = f.app.store().stage_history(f.deal).unwrap();
    let stages: Vec<&str> = history.iter().map(|m| m.to_stage.as_str()).collect();
    assert_eq!(stages, ["Lead", "Qualified", "Proposal"]);
    // Column counts and totals follow the card.
    let board = &f.app.state.pipeline;
    let column = |name: &str| board.columns.iter().find(|c| c.stage.name == name).unwrap();
    assert!(column("Lead").deals.is_empty());
    assert!(column("Lead").totals.is_empty());
    let proposal = column("Proposal");
    assert_eq!(proposal.deals.len(), 1);
    assert_eq!(proposal.totals[0].value, 120_000);
    assert_eq!(
        proposal.totals[0].weighted,
        120_000 * i64::from(proposal.stage.probability) / 100
    );
    ch(&mut f.app, 'u');
    assert_eq!(f.app.store().deal(f.deal).unwrap().data.stage, "Qualified");
}

#[test]
fn searching_opening_a_customer_and_logging_a_call() {
    let mut f = fixture();
    ch(&mut f.app, '/');
    // Typed with the Arabic yeh and without the ZWNJ: folding still finds it.
    typed(&mut f.app, "نيكنام");
    let first = f.app.state.contacts.current().map(|r| r.id);
    assert_eq!(first, Some(f.person));
    press(&mut f.app, KeyCode::Enter);
    assert!(matches!(f.app.state.pages.last(), Some(Page::Customer(_))));
    ch(&mut f.app, 'c');
    typed(&mut f.app, "Asked for a revised quote");
    press(&mut f.app, KeyCode::Enter);
    let Some(Page::Customer(page)) = f.app.state.pages.last() else {
        panic!("back on the customer page");
    };
    assert_eq!(
        page.activities.first().map(|a| a.data.subject.as_str()),
        Some("Asked for a revised quote")
    );
    assert_eq!(page.activities[0].data.author, "tester");
    press(&mut f.app, KeyCode::Esc);
    assert!(f.app.state.pages.is_empty());
}

#[test]
fn a_conflicting_save_shows_both_versions_and_can_overwrite_or_reload() {
    let mut f = fixture();
    ch(&mut f.app, '/');
    typed(&mut f.app, "نیک");
    press(&mut f.app, KeyCode::Enter);
    ch(&mut f.app, 'e');
    // Someone else, in another process, saves the same person meanwhile.
    let mut other = Store::open(&f.path, Config::default_config(), "colleague").unwrap();
    let person = other.person(f.person).unwrap();
    let mut theirs = person.data.clone();
    theirs.title = Some("Buyer".into());
    theirs.notes = Some("Met at the fair".into());
    other
        .write(clock().now_utc(), |w| {
            w.update_person(f.person, person.version, theirs)
        })
        .unwrap();
    // This session changes the job title (third field) and saves.
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Tab);
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "Head of purchasing");
    press(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Conflict(conflict)) = f.app.state.overlays.last() else {
        panic!("a conflict, got {:?}", f.app.state.overlays.last());
    };
    assert!(
        conflict.rows.iter().any(|row| row.field == "title"
            && row.original == "—"
            && row.mine == "Head of purchasing"
            && row.theirs == "Buyer"),
        "{:?}",
        conflict.rows
    );
    assert_eq!(conflict.rows.len(), 1, "only the field both changed");
    assert_eq!(
        f.app
            .store()
            .person(f.person)
            .unwrap()
            .data
            .title
            .as_deref(),
        Some("Buyer"),
        "nothing overwritten yet"
    );
    ch(&mut f.app, 'o');
    assert_eq!(
        f.app
            .store()
            .person(f.person)
            .unwrap()
            .data
            .title
            .as_deref(),
        Some("Head of purchasing")
    );
    assert_eq!(
        f.app
            .store()
            .person(f.person)
            .unwrap()
            .data
            .notes
            .as_deref(),
        Some("Met at the fair"),
        "keep mine writes only my fields"
    );
    assert!(f.app.state.overlays.is_empty());
    // And the other way: reload drops this session's change.
    ch(&mut f.app, 'e');
    let person = other.person(f.person).unwrap();
    let mut theirs = person.data.clone();
    theirs.title = Some("CEO".into());
    other
        .write(clock().now_utc(), |w| {
            w.update_person(f.person, person.version, theirs)
        })
        .unwrap();
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Tab);
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "Intern");
    press(&mut f.app, KeyCode::Enter);
    ch(&mut f.app, 'r');
    assert!(f.app.state.overlays.is_empty());
    assert_eq!(
        f.app
            .store()
            .person(f.person)
            .unwrap()
            .data
            .title
            .as_deref(),
        Some("CEO")
    );
    let Some(Page::Customer(page)) = f.app.state.pages.last() else {
        panic!("customer page");
    };
    assert_eq!(
        page.person.as_ref().unwrap().data.title.as_deref(),
        Some("CEO"),
        "reloaded"
    );
    let _ = f.deal;
}

#[test]
fn help_lists_the_keys_of_the_view_from_the_keymap() {
    let mut f = fixture();
    ch(&mut f.app, '?');
    assert!(matches!(
        f.app.state.overlays.last(),
        Some(Overlay::Help { .. })
    ));
    let rows = f
        .app
        .state
        .session
        .keymap
        .help_rows(kariz::tui::update::view_context(&f.app.state));
    assert!(
        rows.iter()
            .any(|(c, keys)| *c == kariz::keys::Command::MarkDone && keys.contains('x'))
    );
    ch(&mut f.app, 'q');
    assert!(
        !f.app.state.quit,
        "the key that closes help is not acted on"
    );
    assert!(f.app.state.overlays.is_empty());
}

fn help_offset(app: &App) -> Option<usize> {
    match app.state.overlays.last() {
        Some(Overlay::Help { offset }) => Some(*offset),
        _ => None,
    }
}

#[test]
fn help_scrolls_and_only_its_close_keys_close_it() {
    let mut f = fixture();
    // Short enough that the key list does not fit.
    f.app.dispatch(Action::Resize(80, 24));
    ch(&mut f.app, '?');
    let total = kariz::tui::help::lines(&f.app.state).len();
    let last = kariz::tui::help::max_offset(&f.app.state, total);
    assert!(
        last > 0,
        "the help list fits at 80x24; this test needs it cut"
    );
    assert_eq!(help_offset(&f.app), Some(0));
    ch(&mut f.app, 'j');
    press(&mut f.app, KeyCode::Down);
    assert_eq!(help_offset(&f.app), Some(2));
    ch(&mut f.app, 'k');
    assert_eq!(help_offset(&f.app), Some(1));
    ch(&mut f.app, 'G');
    assert_eq!(help_offset(&f.app), Some(last));
    ch(&mut f.app, 'j');
    assert_eq!(help_offset(&f.app), Some(last), "no scrolling past the end");
    press(&mut f.app, KeyCode::PageUp);
    assert_eq!(help_offset(&f.app), Some(last.saturating_sub(18)));
    ch(&mut f.app, 'g');
    press(&mut f.app, KeyCode::Up);
    assert_eq!(help_offset(&f.app), Some(0));
    press(&mut f.app, KeyCode::PageDown);
    assert_eq!(help_offset(&f.app), Some(18.min(last)));
    // Keys that mean something elsewhere do nothing here.
    for c in ['x', 'a', '2', 'D'] {
        ch(&mut f.app, c);
        assert!(help_offset(&f.app).is_some(), "{c:?} closed the help");
    }
    assert_eq!(f.app.state.view, View::Today);
    press(&mut f.app, KeyCode::Enter);
    assert!(help_offset(&f.app).is_some(), "Enter closed the help");
    press(&mut f.app, KeyCode::Esc);
    assert_eq!(help_offset(&f.app), None, "Esc closes the help");
    ch(&mut f.app, '?');
    ch(&mut f.app, '?');
    assert_eq!(help_offset(&f.app), None, "? closes the help");
    ch(&mut f.app, '?');
    ctrl(&mut f.app, 'c');
    assert!(f.app.state.quit, "Ctrl-c still quits from the help");
}

#[test]
fn a_likely_duplicate_is_hinted_on_the_page_and_merged_with_its_history() {
    let mut f = fixture();
    let now = clock().now_utc();
    let email = kariz::model::ContactPoint {
        label: "work".into(),
        value: "zahra@example.com".into(),
    };
    let twin = {
        let mut other = Store::open(&f.path, Config::default_config(), "colleague").unwrap();
        let (keep_version, twin) = other
            .write(now, |w| {
                let person = w.person(f.person)?;
                let mut data = person.data.clone();
                data.emails = vec![email.clone()];
                w.update_person(f.person, person.version, data)?;
                let twin = w.add_person(PersonData {
                    name: "Zahra Niknam".into(),
                    emails: vec![email.clone()],
                    ..PersonData::default()
                })?;
                w.add_activity(kariz::model::ActivityData {
                    kind: kariz::model::ActivityKind::Note,
                    subject: "Met at the fair".into(),
                    body: None,
                    occurred_at: now,
                    author: "colleague".into(),
                    person_id: Some(twin),
                    company_id: None,
                    deal_id: None,
                })?;
                Ok((person.version, twin))
            })
            .unwrap();
        let _ = keep_version;
        twin
    };
    ch(&mut f.app, '/');
    typed(&mut f.app, "نیک‌نام");
    let first = f.app.state.contacts.current().map(|r| r.id);
    assert_eq!(first, Some(f.person));
    press(&mut f.app, KeyCode::Enter);
    let Some(Page::Customer(page)) = f.app.state.pages.last() else {
        panic!("customer page");
    };
    assert_eq!(
        page.duplicates.first().map(|d| d.0),
        Some(twin),
        "the twin is hinted"
    );
    ch(&mut f.app, 'M');
    assert!(matches!(
        f.app.state.overlays.last(),
        Some(Overlay::Confirm(_))
    ));
    ch(&mut f.app, 'y');
    assert!(
        f.app.store().person(twin).is_err(),
        "the twin is merged away"
    );
    let Some(Page::Customer(page)) = f.app.state.pages.last() else {
        panic!("still on the customer page");
    };
    assert!(
        page.activities
            .iter()
            .any(|a| a.data.subject == "Met at the fair"),
        "the twin's timeline moved here"
    );
    assert!(page.duplicates.is_empty(), "no hint after the merge");
}

/// `n` unowned tasks written by `user`, "Old task 0" due yesterday and each
/// next one a day earlier; the store they were written through.
fn add_old_tasks(path: &std::path::Path, user: &str, n: u64) -> Store {
    let mut store = Store::open(path, Config::default_config(), user).unwrap();
    store
        .write(clock().now_utc(), |w| {
            for i in 0..n {
                w.add_task(TaskData {
                    title: format!("Old task {i}"),
                    due_date: today().checked_sub_days(chrono::Days::new(1 + i)),
                    ..TaskData::default()
                })?;
            }
            Ok(())
        })
        .unwrap();
    store
}

#[test]
fn today_lists_the_oldest_overdue_first_and_counts_them_all() {
    let mut f = fixture();
    add_old_tasks(&f.path, "colleague", 250);
    ctrl(&mut f.app, 'r');
    let rows = &f.app.state.today_view.rows;
    assert!(
        matches!(rows[0], TodayRow::Heading("today.overdue", 250)),
        "{:?}",
        rows[0]
    );
    let overdue: Vec<&str> = rows
        .iter()
        .take_while(|r| !matches!(r, TodayRow::Heading("today.due_today", _)))
        .filter_map(|r| match r {
            TodayRow::Task(t, _) => Some(t.data.title.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(overdue.len(), kariz::tui::load::TODAY_SECTION);
    assert_eq!(overdue[0], "Old task 249", "oldest first");
}

#[test]
fn the_first_screen_loads_a_screens_height_of_today_and_the_rest_after_it() {
    let f = fixture();
    let now = clock().now_utc();
    let config = Config::default_config();
    let store = add_old_tasks(&f.path, "tester", 1_200);
    // (the heading's count, "+" when only counted that far, rows shown)
    let section = |rows: &[TodayRow], heading: &str| -> (usize, &str, usize) {
        let mut at = rows.iter().skip_while(|r| {
            !matches!(r, TodayRow::Heading(h, _) | TodayRow::HeadingAtLeast(h, _) if *h == heading)
        });
        let (count, more) = match at.next() {
            Some(TodayRow::Heading(_, count)) => (*count, ""),
            Some(TodayRow::HeadingAtLeast(_, count)) => (*count, "+"),
            _ => panic!("no {heading} heading in {rows:?}"),
        };
        (count, more, at.take_while(|r| r.selectable()).count())
    };
    let session = kariz::tui::session(&config, "tester", "test.db", &clock(), false);
    let state = State::new(session, now, today(), (80, 24));
    let mut app = App::inline(state, store, clock()).unwrap();

    app.start_first_screen();
    let rows = app.state.today_view.rows.clone();
    assert_eq!(
        section(&rows, "today.overdue"),
        (kariz::tui::load::FIRST_COUNT, "+", 24),
        "a screen's height of rows, counted up to 1,000"
    );
    assert_eq!(section(&rows, "today.due_today"), (1, "", 1));
    let screen = {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| kariz::tui::views::draw(f, &app.state))
            .unwrap();
        terminal.backend().to_string()
    };
    assert!(screen.contains("Overdue (1,000+)"), "{screen}");
    assert_eq!(app.state.today_view.selected, 1, "the oldest overdue task");

    assert!(app.after_first_frame(), "the rest loads and wants a frame");
    let rows = &app.state.today_view.rows;
    assert_eq!(
        section(rows, "today.overdue"),
        (1_200, "", kariz::tui::load::TODAY_SECTION),
        "every task counted"
    );
    assert_eq!(section(rows, "today.due_today"), (1, "", 1));
    assert!(!app.after_first_frame(), "loaded once");

    // A Today that fits on the first screen is not loaded twice.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&crate::db_location(dir.path()), config.clone(), "tester").unwrap();
    let session = kariz::tui::session(&config, "tester", "test.db", &clock(), false);
    let state = State::new(session, now, today(), (80, 24));
    let mut app = App::inline(state, store, clock()).unwrap();
    app.start_first_screen();
    assert!(!app.after_first_frame());
}

#[test]
fn custom_fields_from_the_config_are_edited_in_forms_and_checked() {
    let config = Config::parse(
        "[[custom_fields]]\nname = \"segment\"\nlabel = \"Segment\"\nentity = \"person\"\ntype = \"choice\"\nchoices = [\"retail\", \"wholesale\"]\n\n[[custom_fields]]\nname = \"budget\"\nentity = \"person\"\ntype = \"number\"\n",
        "test.toml",
    )
    .unwrap();
    let clock = clock();
    let store = Store::open_in_memory(config.clone(), "tester").unwrap();
    let session = kariz::tui::session(&config, "tester", "test.db", &clock, false);
    let state = State::new(session, clock.now_utc(), today(), (100, 30));
    let mut app = App::inline(state, store, clock).unwrap();
    app.start();
    ch(&mut app, '2');
    ch(&mut app, 'a');
    typed(&mut app, "Leila Farahani");
    let Some(Overlay::Form(form)) = app.state.overlays.last() else {
        panic!("the person form");
    };
    let labels: Vec<&str> = form
        .fields
        .iter()
        .filter_map(|f| f.custom.as_ref().map(|c| c.1.as_str()))
        .collect();
    assert_eq!(labels, ["Segment", "budget"]);
    let budget = form.fields.len() - 1;
    // Jump to the budget field and type something that is not a number.
    for _ in 0..budget {
        press(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "a lot");
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = app.state.overlays.last() else {
        panic!("the form stays open");
    };
    assert!(
        form.fields[budget]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("not a number")
    );
    ctrl(&mut app, 'u');
    typed(&mut app, "۲۵۰۰");
    // The segment is a choice: typing opens its picker.
    press(&mut app, KeyCode::BackTab);
    ch(&mut app, 'w');
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(
        app.state.overlays.is_empty(),
        "saved: {:?}",
        app.state.message
    );
    let people = app.store().people(&Default::default(), None, 10).unwrap();
    let leila = people
        .iter()
        .find(|p| p.data.name == "Leila Farahani")
        .unwrap();
    assert_eq!(leila.data.custom["segment"], "wholesale");
    assert_eq!(leila.data.custom["budget"], 2500);
}

#[test]
fn a_bad_tag_is_explained_under_the_tags_field_and_nothing_is_saved() {
    let mut f = fixture();
    ch(&mut f.app, '2');
    ch(&mut f.app, 'A');
    typed(&mut f.app, "Kavir Logistics");
    let tags = {
        let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
            panic!("the company form");
        };
        form.fields.iter().position(|x| x.name == "tags").unwrap()
    };
    for _ in 0..tags {
        press(&mut f.app, KeyCode::Tab);
    }
    typed(&mut f.app, &"x".repeat(65));
    press(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
        panic!("the form stays open");
    };
    let error = form.fields[tags].error.as_deref().unwrap_or("");
    assert!(error.contains("longer than 64"), "{error:?}");
    assert!(
        f.app
            .store()
            .company_by_name("Kavir Logistics")
            .unwrap()
            .is_none()
    );
}

/// The open task titled `title`, from the store.
fn open_task(app: &App, title: &str) -> kariz::model::Task {
    app.store()
        .tasks(&kariz::store::TaskFilter {
            window: kariz::store::TaskWindow::Open,
            today: today(),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|t| t.data.title == title)
        .unwrap_or_else(|| panic!("an open task {title:?}"))
}

#[test]
fn a_repeating_task_from_the_form_comes_back_and_an_edit_can_be_for_this_one_only() {
    let mut f = fixture();
    ch(&mut f.app, 'a');
    typed(&mut f.app, "Standup");
    for _ in 0..6 {
        press(&mut f.app, KeyCode::Tab);
    }
    typed(&mut f.app, "every week on sun");
    press(&mut f.app, KeyCode::Enter);
    assert!(f.app.state.overlays.is_empty(), "saved and closed");
    let first = open_task(&f.app, "Standup");
    assert_eq!(
        first.data.repeat.as_deref(),
        Some("every week on sun gregorian")
    );

    // Edit: a new title for this occurrence only.
    select_task(&mut f.app, first.id);
    ch(&mut f.app, 'e');
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "Standup in room 2");
    for _ in 0..7 {
        press(&mut f.app, KeyCode::Tab);
    }
    {
        let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
            panic!("the edit form is open");
        };
        assert_eq!(form.fields[form.focus].name, "scope");
    }
    ch(&mut f.app, 'O');
    press(&mut f.app, KeyCode::Enter);
    press(&mut f.app, KeyCode::Enter);
    assert!(f.app.state.overlays.is_empty(), "saved and closed");
    let edited = f.app.store().task(first.id).unwrap();
    assert_eq!(edited.data.title, "Standup in room 2");

    // Done: the next occurrence has the series' title, a week later.
    select_task(&mut f.app, first.id);
    ch(&mut f.app, 'x');
    let next = open_task(&f.app, "Standup");
    assert_eq!(next.data.due_date, NaiveDate::from_ymd_opt(2026, 11, 29));
    let listed = f
        .app
        .state
        .today_view
        .rows
        .iter()
        .any(|r| matches!(r, TodayRow::Task(t, _) if t.id == next.id));
    assert!(listed, "the next occurrence is on the Today view");
}

#[test]
fn a_bad_repeat_rule_is_shown_on_its_field_and_nothing_is_saved() {
    let mut f = fixture();
    ch(&mut f.app, 'a');
    typed(&mut f.app, "Report");
    for _ in 0..6 {
        press(&mut f.app, KeyCode::Tab);
    }
    typed(&mut f.app, "every fortnight");
    press(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
        panic!("the form stays open");
    };
    let error = form.field("repeat").unwrap().error.clone().unwrap();
    assert!(error.contains("not a unit"), "{error}");
}

#[test]
fn the_person_form_takes_the_address_and_lead_source_and_the_page_shows_them() {
    let mut f = fixture();
    ch(&mut f.app, '2');
    ch(&mut f.app, 'a');
    typed(&mut f.app, "Leila Farahani");
    let position = |app: &App, name: &str| {
        let Some(Overlay::Form(form)) = app.state.overlays.last() else {
            panic!("the person form");
        };
        form.fields.iter().position(|x| x.name == name).unwrap()
    };
    let address = position(&f.app, "address");
    for _ in 0..address {
        press(&mut f.app, KeyCode::Tab);
    }
    typed(&mut f.app, "مشهد، احمدآباد");
    press(&mut f.app, KeyCode::Tab);
    assert_eq!(position(&f.app, "lead_source"), address + 1);
    typed(&mut f.app, "exhibition");
    press(&mut f.app, KeyCode::Enter);
    let people = f.app.store().people(&Default::default(), None, 10).unwrap();
    let leila = people
        .iter()
        .find(|p| p.data.name == "Leila Farahani")
        .unwrap()
        .clone();
    assert_eq!(leila.data.address.as_deref(), Some("مشهد، احمدآباد"));
    assert_eq!(leila.data.lead_source.as_deref(), Some("exhibition"));
    // The page shows both; its edit form opens with them.
    let page = kariz::tui::load::page(
        f.app.store(),
        kariz::tui::state::PageRef::Person(leila.id),
        today(),
        clock().now_utc(),
    )
    .unwrap();
    f.app.state.pages.push(page);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|frame| kariz::tui::views::draw(frame, &f.app.state))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Lead source"), "{screen}");
    assert!(screen.contains("exhibition"), "{screen}");
    assert!(screen.contains("Address"), "{screen}");
    ch(&mut f.app, 'E');
    let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
        panic!("the edit form");
    };
    assert_eq!(form.text("lead_source").as_deref(), Some("exhibition"));
    assert_eq!(form.text("address").as_deref(), Some("مشهد، احمدآباد"));
    // Edited there, the new source is saved field-level.
    let field = position(&f.app, "lead_source");
    if let Some(form) = f.app.state.form_mut() {
        form.fields[field].input.set("referral");
    }
    press(&mut f.app, KeyCode::Enter);
    let stored = f.app.store().person(leila.id).unwrap();
    assert_eq!(stored.data.lead_source.as_deref(), Some("referral"));
    assert_eq!(stored.data.address.as_deref(), Some("مشهد، احمدآباد"));
}
