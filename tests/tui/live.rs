//! Update-level tests of time and the change feed: a second store on the
//! same file plays the colleague in another process; a [`ChangeWatcher`]
//! on its own connection notices the commit and its rows go through
//! `App::feed`, as in the event loop. A manual clock plays midnight.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::model::{DealData, Entity, PersonData, TaskData};
use kariz::store::{ChangeWatcher, Store};
use kariz::tui::action::Action;
use kariz::tui::app::App;
use kariz::tui::overlays::Overlay;
use kariz::tui::state::{Page, TodayRow, View};

/// Late evening in Tehran: midnight is half an hour away.
const NOW: &str = "2026-11-22T23:30:00+03:30";

fn start() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

struct Fixture {
    app: App,
    other: Store,
    watcher: ChangeWatcher,
    clock: Clock,
    person: i64,
    deal: i64,
    _dir: tempfile::TempDir,
}

/// A person with a deal in Lead and a task due tomorrow; the app runs on a
/// manual clock; `other` is a colleague's connection to the same file.
fn fixture() -> Fixture {
    let config = Config::default_config();
    let dir = tempfile::tempdir().unwrap();
    let path = crate::db_location(dir.path());
    let mut store = Store::open(&path, config.clone(), "tester").unwrap();
    let clock = Clock::manual(start());
    let (person, deal) = store
        .write(clock.now_utc(), |w| {
            let person = w.add_person(PersonData {
                name: "Zahra Niknam".into(),
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
            w.add_task(TaskData {
                title: "Send the catalogue".into(),
                due_date: Some(day(23)),
                person_id: Some(person),
                ..TaskData::default()
            })?;
            Ok((person, deal))
        })
        .unwrap();
    let watcher = ChangeWatcher::open(&path).unwrap();
    let other = Store::open(&path, config.clone(), "omid").unwrap();
    let session = kariz::tui::session(&config, "tester", "test.db", &clock, false);
    let state = kariz::tui::state::State::new(session, clock.now_utc(), day(22), (100, 30));
    let mut app = App::inline(state, store, clock.clone()).unwrap();
    app.start();
    Fixture {
        app,
        other,
        watcher,
        clock,
        person,
        deal,
        _dir: dir,
    }
}

impl Fixture {
    /// What the event loop does when the watcher wakes: true when the
    /// feed had something for this app.
    fn sync(&mut self) -> bool {
        let poll = self.watcher.poll().unwrap();
        self.app.feed(poll)
    }

    /// A colleague's company «زاگرس سرد» with one person, Kaveh Azadi,
    /// synced into the app; its id.
    fn company_with_person(&mut self) -> i64 {
        let company = self.colleague(|w| {
            w.add_company(kariz::model::CompanyData {
                name: "زاگرس سرد".into(),
                ..kariz::model::CompanyData::default()
            })
        });
        self.colleague(|w| {
            w.add_person(PersonData {
                name: "Kaveh Azadi".into(),
                company_id: Some(company),
                ..PersonData::default()
            })
        });
        self.sync();
        company
    }

    fn colleague<T>(
        &mut self,
        work: impl FnOnce(&mut kariz::store::Writer<'_>) -> kariz::Result<T>,
    ) -> T {
        let now = self.clock.now_utc();
        self.other.write(now, work).unwrap()
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn shown_names(app: &App) -> Vec<String> {
    app.state
        .contacts
        .shown()
        .iter()
        .map(|r| r.name.clone())
        .collect()
}

#[test]
fn a_colleagues_new_renamed_and_deleted_person_reach_the_open_search() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Zebulon");
    assert!(shown_names(&f.app).is_empty());

    let id = f.colleague(|w| {
        w.add_person(PersonData {
            name: "Zebulon Quartz".into(),
            ..PersonData::default()
        })
    });
    assert!(f.sync(), "the feed brings the colleague's row");
    assert_eq!(shown_names(&f.app), ["Zebulon Quartz"]);

    let person = f.other.person(id).unwrap();
    let mut data = person.data.clone();
    data.name = "Zebulon Quill".into();
    f.colleague(|w| w.update_person(id, person.version, data));
    f.sync();
    assert_eq!(
        shown_names(&f.app),
        ["Zebulon Quill"],
        "renamed in the index"
    );

    f.colleague(|w| w.delete_person(id, None, false));
    f.sync();
    assert!(shown_names(&f.app).is_empty(), "deleted from the index");

    // The list behind the search is kept current too: clearing the search
    // shows a person added meanwhile.
    f.colleague(|w| {
        w.add_person(PersonData {
            name: "Yasmin Rad".into(),
            ..PersonData::default()
        })
    });
    f.sync();
    press(&mut f.app, KeyCode::Esc);
    assert_eq!(shown_names(&f.app), ["Yasmin Rad", "Zahra Niknam"]);
}

#[test]
fn a_colleagues_new_renamed_and_deleted_deal_reach_the_open_search() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Zeppelin");
    assert!(shown_names(&f.app).is_empty());

    let person = f.person;
    let id = f.colleague(|w| {
        w.add_deal(DealData {
            title: "Zeppelin hangar".into(),
            pipeline: "sales".into(),
            stage: "Lead".into(),
            value_minor: 1_000,
            currency: "USD".into(),
            person_id: Some(person),
            ..DealData::default()
        })
    });
    assert!(f.sync(), "the feed brings the colleague's deal");
    assert_eq!(shown_names(&f.app), ["Zeppelin hangar"]);
    assert_eq!(f.app.state.contacts.shown()[0].entity, Entity::Deal);

    let deal = f.other.deal(id).unwrap();
    let mut data = deal.data.clone();
    data.title = "Zeppelin mooring mast".into();
    f.colleague(|w| w.update_deal(id, deal.version, data));
    f.sync();
    assert_eq!(
        shown_names(&f.app),
        ["Zeppelin mooring mast"],
        "renamed in the index"
    );

    f.colleague(|w| w.delete_deal(id, None, false));
    f.sync();
    assert!(shown_names(&f.app).is_empty(), "deleted from the index");
}

/// A company's people are found by its name: a colleague's rename reaches
/// them in the open search (read again with the company, not by reloading
/// every record).
#[test]
fn a_colleagues_company_rename_reaches_its_people_in_the_open_search() {
    let mut f = fixture();
    let company = f.company_with_person();
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Quasar");
    assert!(shown_names(&f.app).is_empty());

    let before = f.other.company(company).unwrap();
    let mut data = before.data.clone();
    data.name = "Quasar Freight".into();
    f.colleague(|w| w.update_company(company, before.version, data));
    assert!(f.sync(), "the feed brings the colleague's rename");
    let mut shown = shown_names(&f.app);
    shown.sort();
    assert_eq!(shown, ["Kaveh Azadi", "Quasar Freight"]);

    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "زاگرس");
    assert!(shown_names(&f.app).is_empty(), "the old name is gone");
}

/// The same through this app's own write: the index reads the company's
/// people again with it (`App::reindex`).
#[test]
fn my_company_rename_reaches_its_people_in_the_search() {
    let mut f = fixture();
    let company = f.company_with_person();
    let before = f.app.store().company(company).unwrap();
    let mut data = before.data.clone();
    data.name = "Quasar Freight".into();
    f.app
        .state
        .overlays
        .push(Overlay::Confirm(kariz::tui::overlays::Confirm {
            question: "Rename?".into(),
            change: kariz::tui::change::Change::Company {
                target: Some((company, Some(before.version))),
                original: None,
                data: Box::new(data),
            },
            label: None,
        }));
    press(&mut f.app, KeyCode::Char('y'));
    assert_eq!(
        f.app.store().company(company).unwrap().data.name,
        "Quasar Freight"
    );
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Quasar");
    let mut shown = shown_names(&f.app);
    shown.sort();
    assert_eq!(shown, ["Kaveh Azadi", "Quasar Freight"]);

    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "زاگرس");
    assert!(shown_names(&f.app).is_empty(), "the old name is gone");
}

#[test]
fn the_contact_list_reloads_in_place_keeping_the_selected_record() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('2'));
    assert_eq!(f.app.state.view, View::Contacts);
    assert_eq!(shown_names(&f.app), ["Zahra Niknam"]);
    f.colleague(|w| {
        w.add_person(PersonData {
            name: "Arash Karimi".into(),
            ..PersonData::default()
        })
    });
    f.sync();
    assert_eq!(shown_names(&f.app), ["Arash Karimi", "Zahra Niknam"]);
    assert_eq!(
        f.app.state.contacts.current().map(|r| r.id),
        Some(f.person),
        "the selection stays on the same person, not the same row"
    );
    assert_eq!(f.app.state.contacts.total, 2);
}

#[test]
fn a_deal_moved_elsewhere_moves_on_the_open_board_with_its_totals() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('3'));
    let extra = f.colleague(|w| {
        w.add_deal(DealData {
            title: "Spare parts".into(),
            pipeline: "sales".into(),
            stage: "Proposal".into(),
            value_minor: 5_000,
            currency: "USD".into(),
            ..DealData::default()
        })
    });
    f.sync();
    let column = |app: &App, name: &str| {
        let c = app
            .state
            .pipeline
            .columns
            .iter()
            .find(|c| c.stage.name == name)
            .unwrap()
            .clone();
        (c.deals.iter().map(|d| d.id).collect::<Vec<_>>(), c.totals)
    };
    assert_eq!(column(&f.app, "Proposal").0, [extra], "a new deal appears");

    let deal = f.deal;
    f.colleague(|w| w.move_deal(deal, None, "Qualified", None));
    f.sync();
    assert!(column(&f.app, "Lead").0.is_empty());
    let (ids, totals) = column(&f.app, "Qualified");
    assert_eq!(ids, [deal]);
    assert_eq!(totals[0].value, 120_000);
    assert_eq!(
        f.app.state.pipeline.focus, 0,
        "the user's focus does not follow a colleague's move"
    );
}

#[test]
fn the_open_customer_page_and_today_show_a_colleagues_task() {
    let mut f = fixture();
    let person = f.person;
    let today_tasks = |app: &App| {
        app.state
            .today_view
            .rows
            .iter()
            .filter(|r| matches!(r, TodayRow::Task(..)))
            .count()
    };
    assert_eq!(today_tasks(&f.app), 1);
    let selected = |app: &App| match app.state.today_view.rows.get(app.state.today_view.selected) {
        Some(TodayRow::Task(task, _)) => Some(task.data.title.clone()),
        _ => None,
    };
    assert_eq!(selected(&f.app).as_deref(), Some("Send the catalogue"));
    f.colleague(|w| {
        w.add_task(TaskData {
            title: "Call about the invoice".into(),
            due_date: Some(day(22)),
            person_id: Some(person),
            ..TaskData::default()
        })
    });
    f.sync();
    assert_eq!(today_tasks(&f.app), 2, "Today reloads its sections");
    assert_eq!(
        selected(&f.app).as_deref(),
        Some("Send the catalogue"),
        "the selection stays on the task, not on the row above it"
    );

    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Zahra");
    press(&mut f.app, KeyCode::Enter);
    f.colleague(|w| {
        w.add_task(TaskData {
            title: "Bring samples".into(),
            due_date: Some(day(25)),
            person_id: Some(person),
            ..TaskData::default()
        })
    });
    f.sync();
    let Some(Page::Customer(page)) = f.app.state.pages.last() else {
        panic!("the customer page stays open");
    };
    let titles: Vec<&str> = page.tasks.iter().map(|t| t.data.title.as_str()).collect();
    assert!(titles.contains(&"Bring samples"), "{titles:?}");
}

#[test]
fn this_apps_own_writes_are_not_fed_back() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('3'));
    press(&mut f.app, KeyCode::Char('L'));
    assert_eq!(f.app.store().deal(f.deal).unwrap().data.stage, "Qualified");
    assert!(
        !f.sync(),
        "the move is already on screen: nothing to reload"
    );
    // A colleague's change right after is still seen.
    let deal = f.deal;
    f.colleague(|w| w.move_deal(deal, None, "Proposal", None));
    assert!(f.sync());
}

#[test]
fn an_open_form_says_at_once_that_a_colleague_changed_or_deleted_its_record() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Zahra");
    press(&mut f.app, KeyCode::Enter);
    press(&mut f.app, KeyCode::Char('E'));
    let person = f.other.person(f.person).unwrap();
    let mut data = person.data.clone();
    data.title = Some("Buyer".into());
    let id = f.person;
    f.colleague(|w| w.update_person(id, person.version, data));
    f.sync();
    let notice = |app: &App| match app.state.overlays.last() {
        Some(Overlay::Form(form)) => form.notice.clone(),
        other => panic!("the form stays open, got {other:?}"),
    };
    let text = notice(&f.app).expect("a notice in the form");
    assert!(text.contains("omid") && text.contains("changed"), "{text}");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|frame| kariz::tui::views::draw(frame, &f.app.state))
        .unwrap();
    let drawn = terminal.backend().to_string();
    assert!(
        drawn.contains("omid changed this record"),
        "the notice is drawn in the form:\n{drawn}"
    );

    f.colleague(|w| w.delete_person(id, None, true));
    f.sync();
    let text = notice(&f.app).expect("a notice in the form");
    assert!(text.contains("deleted"), "{text}");
}

#[test]
fn an_import_row_reloads_the_whole_index() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Imported");
    // An import inserts many people and logs one row for the id range.
    f.colleague(|w| {
        let first = w.add_person(PersonData {
            name: "Imported One".into(),
            ..PersonData::default()
        })?;
        let last = w.add_person(PersonData {
            name: "Imported Two".into(),
            ..PersonData::default()
        })?;
        w.log_import(Entity::Person, first, last, "{}")
    });
    f.sync();
    let mut names = shown_names(&f.app);
    names.sort();
    assert_eq!(names, ["Imported One", "Imported Two"]);
}

#[test]
fn today_rolls_over_at_midnight_without_a_key() {
    let mut f = fixture();
    let due = |app: &App| -> Vec<(&'static str, usize)> {
        app.state
            .today_view
            .rows
            .iter()
            .filter_map(|r| match r {
                TodayRow::Heading(key, n) => Some((*key, *n)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(f.app.state.today, day(22));
    assert!(!f.app.tick(), "nothing to do before midnight");
    let before = due(&f.app);
    assert!(before.contains(&("today.upcoming", 1)), "{before:?}");

    f.clock.advance(Duration::minutes(31));
    assert!(f.app.tick(), "midnight passed");
    assert_eq!(f.app.state.today, day(23));
    let after = due(&f.app);
    assert!(after.contains(&("today.due_today", 1)), "{after:?}");
    assert!(!f.app.tick(), "once per day");
}

#[test]
fn records_and_logged_calls_take_the_time_they_are_made() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Zahra");
    press(&mut f.app, KeyCode::Enter);
    f.clock.advance(Duration::hours(2));
    press(&mut f.app, KeyCode::Char('c'));
    typed(&mut f.app, "Asked for a revised quote");
    press(&mut f.app, KeyCode::Enter);
    let Some(Page::Customer(page)) = f.app.state.pages.last() else {
        panic!("back on the customer page");
    };
    let call = page.activities.first().expect("the call");
    let expected = f.clock.now_utc();
    assert_eq!(
        call.created_at, expected,
        "created when logged, not at launch"
    );
    assert_eq!(call.data.occurred_at, expected);

    // A stage entered later is stamped later.
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char('3'));
    f.clock.advance(Duration::hours(1));
    press(&mut f.app, KeyCode::Char('L'));
    let deal = f.app.store().deal(f.deal).unwrap();
    assert_eq!(deal.stage_entered_at, f.clock.now_utc());
}

#[test]
fn a_flood_of_changes_reloads_everything_once() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Flood");
    f.colleague(|w| {
        w.add_person(PersonData {
            name: "Flood Person".into(),
            ..PersonData::default()
        })
    });
    // What the watcher reports when more rows came than it reads one by one.
    let last = f.other.last_change_id().unwrap();
    assert!(f.app.feed(kariz::store::Poll::Flood { last }));
    assert_eq!(shown_names(&f.app), ["Flood Person"]);
}

#[test]
fn the_open_page_keeps_the_selected_row_when_a_colleague_adds_one_above() {
    let mut f = fixture();
    press(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "Zahra");
    press(&mut f.app, KeyCode::Enter);
    let selected_task = |app: &App| -> Option<String> {
        let Some(Page::Customer(page)) = app.state.pages.last() else {
            return None;
        };
        match page.items.get(page.selected)? {
            kariz::tui::state::PageItem::Task(t) => Some(page.tasks[*t].data.title.clone()),
            _ => None,
        }
    };
    if let Some(Page::Customer(page)) = f.app.state.pages.last_mut() {
        page.selected = page
            .items
            .iter()
            .position(|i| matches!(i, kariz::tui::state::PageItem::Task(_)))
            .expect("the task row");
    }
    assert_eq!(selected_task(&f.app).as_deref(), Some("Send the catalogue"));
    let person = f.person;
    f.colleague(|w| {
        w.add_task(TaskData {
            title: "Overdue call".into(),
            due_date: Some(day(20)),
            person_id: Some(person),
            ..TaskData::default()
        })
    });
    f.sync();
    let Some(Page::Customer(page)) = f.app.state.pages.last() else {
        panic!("the page stays open");
    };
    assert_eq!(page.tasks.len(), 2, "the colleague's task shows");
    assert_eq!(
        page.tasks[0].data.title, "Overdue call",
        "it sorts above the selected one"
    );
    assert_eq!(
        selected_task(&f.app).as_deref(),
        Some("Send the catalogue"),
        "the selection stays on the same task"
    );
}

#[test]
fn a_full_board_reload_keeps_the_selected_card() {
    let mut f = fixture();
    let add = |f: &mut Fixture, title: &str| {
        let title = title.to_owned();
        f.clock.advance(Duration::minutes(1));
        f.colleague(move |w| {
            w.add_deal(DealData {
                title,
                pipeline: "sales".into(),
                stage: "Lead".into(),
                value_minor: 1_000,
                currency: "USD".into(),
                ..DealData::default()
            })
        })
    };
    let second = add(&mut f, "Second");
    add(&mut f, "Third");
    press(&mut f.app, KeyCode::Char('3'));
    press(&mut f.app, KeyCode::Char('j'));
    assert_eq!(f.app.state.pipeline.current().map(|d| d.id), Some(second));
    // The first card leaves Lead and a name on a card changes: the board
    // reloads whole.
    let (deal, person) = (f.deal, f.person);
    let stored = f.other.person(person).unwrap();
    let mut renamed = stored.data.clone();
    renamed.name = "Zahra N.".into();
    f.colleague(move |w| {
        w.move_deal(deal, None, "Qualified", None)?;
        w.update_person(person, stored.version, renamed)
    });
    f.sync();
    let lead = &f.app.state.pipeline.columns[0];
    assert_eq!(lead.deals.len(), 2);
    assert_eq!(
        f.app.state.pipeline.current().map(|d| d.id),
        Some(second),
        "the same card stays selected"
    );
}
