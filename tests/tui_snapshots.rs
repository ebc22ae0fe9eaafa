//! Snapshots of every TUI view drawn on the demo data, at the smallest
//! supported terminal (80x24) and a large one (160x48), with a pinned clock,
//! a fixed user and no colour. The app runs in-process (inline search index,
//! in-memory store) and keys go through `App::dispatch` exactly as the event
//! loop sends them, so these pictures are what a user would see.
//!
//! Regenerate after an intended change with
//! `INSTA_UPDATE=always cargo test --test tui_snapshots`, then read the diff.

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::store::Store;
use kariz::tui::action::Action;
use kariz::tui::app::App;
use kariz::tui::state::State;
use kariz::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: &str = "2026-11-22T10:00:00+03:30";
const USER: &str = "tester";
const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// An app on a fresh in-memory demo database, showing Today.
fn demo_app(size: (u16, u16)) -> App {
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).expect("NOW is RFC 3339"));
    let config = Config::default_config();
    let mut store = Store::open_in_memory(config.clone(), USER).expect("open an in-memory store");
    kariz::demo::load_demo_data(&mut store, &clock).expect("load the demo data");
    let session = kariz::tui::session(&config, USER, "demo.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), size);
    let mut app = App::inline(state, store, clock).expect("load the search index");
    app.start();
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ctrl(app: &mut App, c: char) {
    app.dispatch(Action::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

fn chars(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The screen as text, one quoted line per row (TestBackend's own format).
fn screen(app: &App) -> String {
    let (w, h) = app.state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| views::draw(f, &app.state))
        .expect("draw the screen");
    terminal.backend().to_string()
}

/// Runs `keys` on a fresh demo app at both sizes, snapshots each screen
/// and returns them (small first) for extra assertions.
fn snap(name: &str, keys: impl Fn(&mut App)) -> Vec<String> {
    SIZES
        .iter()
        .map(|&(w, h)| {
            let mut app = demo_app((w, h));
            keys(&mut app);
            let shown = screen(&app);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), shown);
            shown
        })
        .collect()
}

/// The visual (on-screen) form of logical text, as the views draw it.
fn visual(text: &str) -> String {
    kariz::text::display::visual(text, None, &kariz::text::display::DisplayOptions::default())
}

#[test]
fn today() {
    for shown in snap("today", |_| {}) {
        assert!(shown.contains("Overdue ("), "{shown}");
        assert!(shown.contains("Today"), "{shown}");
        assert!(shown.contains("q quit"), "status line cut off:\n{shown}");
    }
}

#[test]
fn contacts() {
    let shown = snap("contacts", |app| key(app, KeyCode::Char('2')));
    for screen in &shown {
        assert!(screen.contains("People (219)"), "{screen}");
        assert!(screen.contains("? help"), "status line cut off:\n{screen}");
    }
    // At 80 columns the hints are cut before "q quit" (reported); at 160
    // everything fits.
    assert!(shown[1].contains("q quit"), "{}", shown[1]);
}

#[test]
fn contacts_persian_search() {
    let name = visual("زهرا نیک‌نام");
    for shown in snap("contacts_search_nik", |app| {
        key(app, KeyCode::Char('2'));
        key(app, KeyCode::Char('/'));
        chars(app, "نیک");
    }) {
        assert!(shown.contains(&name), "{name} not found in:\n{shown}");
    }
}

/// Searches for a Persian name on Contacts and opens the first hit.
fn open_niknam(app: &mut App) {
    key(app, KeyCode::Char('2'));
    key(app, KeyCode::Char('/'));
    chars(app, "زهرا نیک");
    key(app, KeyCode::Enter);
}

#[test]
fn customer_page() {
    let name = visual("زهرا نیک‌نام");
    for shown in snap("customer_niknam", open_niknam) {
        assert!(shown.contains(&name), "{name} not found in:\n{shown}");
    }
}

#[test]
fn pipeline() {
    let shown = snap("pipeline", |app| key(app, KeyCode::Char('3')));
    for screen in &shown {
        assert!(screen.contains("Lead · 30"), "{screen}");
        assert!(screen.contains("H/L move deal"), "{screen}");
    }
    assert!(shown[1].contains("Lost · 24"), "{}", shown[1]);
    assert!(shown[1].contains("q quit"), "{}", shown[1]);
}

#[test]
fn deal_page() {
    for shown in snap("deal", |app| {
        key(app, KeyCode::Char('3'));
        key(app, KeyCode::Enter);
    }) {
        assert!(shown.contains("Temperature data loggers"), "{shown}");
        assert!(shown.contains("Stage history"), "{shown}");
        assert!(shown.contains("Esc back"), "{shown}");
    }
}

#[test]
fn help_overlay() {
    let shown = snap("help", |app| key(app, KeyCode::Char('?')));
    for screen in &shown {
        assert!(screen.contains("Quit kariz"), "{screen}");
        assert!(screen.contains("Mark the task done"), "{screen}");
    }
    // The overlay does not scroll: at 80x24 the last global keys (Enter,
    // Esc, u undo) are cut off (reported); at 160x48 they show.
    assert!(shown[1].contains("Undo the last change"), "{}", shown[1]);
}

#[test]
fn add_task_with_invalid_date() {
    for shown in snap("add_task_invalid_date", |app| {
        key(app, KeyCode::Char('a'));
        chars(app, "Call back");
        key(app, KeyCode::Tab);
        ctrl(app, 'u');
        chars(app, "2026-13-45");
        key(app, KeyCode::Enter);
        // Still open: the form did not save.
        assert!(!app.state.overlays.is_empty(), "the form closed");
    }) {
        assert!(shown.contains("New task"), "{shown}");
        assert!(shown.contains("\"2026-13-45\" is not a date"), "{shown}");
        assert!(shown.contains("Not saved"), "{shown}");
    }
}
