//! Notifications (reminders, rules' notices) at the app level: one that
//! `kariz remind` wrote through another connection reaches the app through
//! the change feed and shows on the message line without a key press,
//! only for the user it is for, and is marked seen.

use chrono::DateTime;
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::model::NotificationData;
use kariz::store::{ChangeWatcher, Store};
use kariz::tui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: &str = "2026-11-22T10:00:00+03:30";

fn screen(app: &App) -> String {
    let (w, h) = app.state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| kariz::tui::views::draw(f, &app.state))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn a_notification_for_me_shows_on_the_message_line_and_is_marked_seen() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::db_location(dir.path());
    let config = Config::default_config();
    let store = Store::open(&path, config.clone(), "tester").unwrap();
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap());
    let mut watcher = ChangeWatcher::open(&path).unwrap();
    let mut remind = Store::open(&path, config.clone(), "tester").unwrap();
    let session = kariz::tui::session(&config, "tester", "test.db", &clock, false);
    let state = kariz::tui::state::State::new(session, clock.now_utc(), clock.today(), (100, 30));
    let mut app = App::inline(state, store, clock.clone()).unwrap();
    app.start();
    let notify = |remind: &mut Store, login: &str, key: &str, text: &str| {
        remind
            .write(clock.now_utc(), |w| {
                w.notify(NotificationData {
                    login: login.into(),
                    key: key.into(),
                    text: text.into(),
                })
            })
            .unwrap()
    };
    notify(&mut remind, "reza", "a", "For Reza only");
    assert!(app.feed(watcher.poll().unwrap()));
    assert!(!screen(&app).contains("For Reza only"));
    notify(&mut remind, "tester", "b", "Task due 11:00: Call Sara");
    assert!(app.feed(watcher.poll().unwrap()));
    assert!(
        screen(&app).contains("Task due 11:00: Call Sara"),
        "{}",
        screen(&app)
    );
    assert!(remind.unseen_notifications("tester").unwrap().is_empty());
    assert_eq!(remind.unseen_notifications("reza").unwrap().len(), 1);
    // The same key again is not a second notification.
    assert_eq!(notify(&mut remind, "tester", "b", "again"), None);
}
