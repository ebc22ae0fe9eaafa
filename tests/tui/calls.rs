//! Caller ID at the update level: a call row a phone system wrote through
//! another connection reaches the app through the change feed, as in the
//! event loop. It shows the caller's card for this user's calls and
//! everyone's, not for a colleague's; the card covers an open form without
//! losing it; Enter opens the page or, for an unknown number, a new-person
//! form with the number; it fits 80x24 in Persian and Arabic with no colour.

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::model::{CallData, CallKind, ContactPoint, PersonData};
use kariz::store::{ChangeWatcher, Store};
use kariz::tui::action::Action;
use kariz::tui::app::App;
use kariz::tui::overlays::Overlay;
use kariz::tui::state::{Page, State};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: &str = "2026-11-22T10:00:00+03:30";

struct Fixture {
    app: App,
    phone_system: Store,
    watcher: ChangeWatcher,
    clock: Clock,
    sara: i64,
    _dir: tempfile::TempDir,
}

fn fixture(config: Config, size: (u16, u16)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kariz.db");
    let mut store = Store::open(&path, config.clone(), "tester").unwrap();
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap());
    let sara = store
        .write(clock.now_utc(), |w| {
            w.add_person(PersonData {
                name: "سارا احمدی".into(),
                phones: vec![ContactPoint {
                    label: "mobile".into(),
                    value: "۰۹۱۲ ۳۴۵ ۶۷۸۹".into(),
                }],
                ..PersonData::default()
            })
        })
        .unwrap();
    let watcher = ChangeWatcher::open(&path).unwrap();
    let phone_system = Store::open(&path, config.clone(), "asterisk").unwrap();
    let session = kariz::tui::session(&config, "tester", "test.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), size);
    let mut app = App::inline(state, store, clock.clone()).unwrap();
    app.start();
    Fixture {
        app,
        phone_system,
        watcher,
        clock,
        sara,
        _dir: dir,
    }
}

impl Fixture {
    /// The phone system reports a call; the app's watcher notices it.
    fn call(&mut self, number: &str, agent: Option<&str>) {
        let now = self.clock.now_utc();
        self.phone_system
            .write(now, |w| {
                w.add_call(CallData {
                    kind: CallKind::Incoming,
                    number: number.into(),
                    agent: agent.map(str::to_owned),
                    person_id: None,
                    company_id: None,
                    activity_id: None,
                    task_id: None,
                })
            })
            .unwrap();
        let poll = self.watcher.poll().unwrap();
        assert!(self.app.feed(poll), "the feed brought nothing");
    }

    fn card_names(&self) -> Option<Vec<String>> {
        match self.app.state.overlays.last() {
            Some(Overlay::Caller(card)) => {
                Some(card.entries.iter().map(|e| e.caller.name.clone()).collect())
            }
            _ => None,
        }
    }

    fn screen(&self) -> String {
        let (w, h) = self.app.state.size;
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| kariz::tui::views::draw(f, &self.app.state))
            .unwrap();
        terminal.backend().to_string()
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn a_call_for_me_or_everyone_shows_a_colleagues_does_not() {
    let mut f = fixture(Config::default_config(), (100, 30));
    f.call("+98 912 345 6789", Some("reza"));
    assert_eq!(f.card_names(), None, "reza's call showed for tester");
    f.call("+98 912 345 6789", Some("tester"));
    assert_eq!(f.card_names(), Some(vec!["سارا احمدی".to_owned()]));
    press(&mut f.app, KeyCode::Esc);
    f.call("00989123456789", None);
    assert_eq!(f.card_names(), Some(vec!["سارا احمدی".to_owned()]));
    // Enter opens Sara's page.
    press(&mut f.app, KeyCode::Enter);
    assert!(f.app.state.overlays.is_empty());
    let Some(Page::Customer(page)) = f.app.state.pages.last() else {
        panic!("no customer page");
    };
    assert_eq!(page.person.as_ref().map(|p| p.id), Some(f.sara));
}

#[test]
fn the_card_covers_an_open_form_which_is_still_there_after_esc() {
    let mut f = fixture(Config::default_config(), (100, 30));
    press(&mut f.app, KeyCode::Char('2'));
    press(&mut f.app, KeyCode::Char('a'));
    for c in "Omid".chars() {
        press(&mut f.app, KeyCode::Char(c));
    }
    f.call("09123456789", None);
    // Keys other than Enter and Esc do not reach the form underneath.
    press(&mut f.app, KeyCode::Char('x'));
    press(&mut f.app, KeyCode::Esc);
    let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
        panic!("the form is gone: {:?}", f.app.state.overlays.len());
    };
    assert_eq!(form.text("name").as_deref(), Some("Omid"));
}

#[test]
fn an_unknown_number_offers_a_new_person_with_it() {
    let mut f = fixture(Config::default_config(), (100, 30));
    f.call("0935 111 2222", None);
    assert_eq!(f.card_names(), Some(Vec::new()));
    assert!(
        f.screen().contains("Unknown caller: 0935 111 2222"),
        "{}",
        f.screen()
    );
    press(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
        panic!("no form");
    };
    assert_eq!(form.text("phones").as_deref(), Some("0935 111 2222"));
}

#[test]
fn the_card_fits_80x24_in_persian_and_arabic_without_colour() {
    for lang in ["fa", "ar"] {
        let (origin, text) = kariz::config::examples::example(lang).unwrap();
        let config = Config::parse(text, origin).unwrap();
        let mut f = fixture(config, (80, 24));
        f.call("+98 912 345 6789", None);
        let screen = f.screen();
        let shown = kariz::text::display::visual("سارا احمدی", None, &f.app.state.session.display);
        assert!(
            screen.contains(&shown),
            "{lang}: the name is not on screen:\n{screen}"
        );
        // The keys are on screen, inside the box.
        assert!(
            screen.contains("Enter") && screen.contains("Esc"),
            "{lang}:\n{screen}"
        );
        assert_eq!(screen.lines().count(), 24);
    }
}

#[test]
fn the_card_lists_the_callers_open_cases_with_their_status_labels() {
    let mut f = fixture(Config::default_config(), (100, 30));
    let sara = f.sara;
    let now = f.clock.now_utc();
    let (open, number) = f
        .phone_system
        .write(now, |w| {
            w.add_case(kariz::model::CaseData {
                subject: "Inverter beeps".into(),
                person_id: Some(sara),
                ..kariz::model::CaseData::default()
            })
        })
        .unwrap();
    let (closed, _) = f
        .phone_system
        .write(now, |w| {
            w.add_case(kariz::model::CaseData {
                subject: "Old invoice".into(),
                person_id: Some(sara),
                ..kariz::model::CaseData::default()
            })
        })
        .unwrap();
    f.phone_system
        .write(now, |w| w.close_case(closed, None, None, None))
        .unwrap();
    f.call("+98 912 345 6789", Some("tester"));
    let Some(Overlay::Caller(card)) = f.app.state.overlays.last() else {
        panic!("no caller card");
    };
    let ids: Vec<i64> = card.entries[0].cases.iter().map(|c| c.id).collect();
    assert_eq!(ids, [open]);
    let screen = f.screen();
    assert!(screen.contains(&number.to_string()), "{screen}");
    assert!(screen.contains("Inverter beeps · New"), "{screen}");
    assert!(!screen.contains("Old invoice"), "{screen}");
}
