//! Board cards show the linked person's current name after a rename made
//! elsewhere (another kariz on the same file), not a memoised old one.

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

fn screen(app: &App) -> String {
    let (w, h) = app.state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| views::draw(f, &app.state)).unwrap();
    terminal.backend().to_string()
}

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.dispatch(Action::Key(KeyEvent::new(code, modifiers)));
}

#[test]
fn a_renamed_person_shows_on_the_board_card_after_a_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kariz.db");
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap());
    let config = Config::default_config();
    let mut store = Store::open(&path, config.clone(), "tester").unwrap();
    kariz::demo::load_demo_data(&mut store, &clock).unwrap();
    let session = kariz::tui::session(&config, "tester", "kariz.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), (160, 48));
    let mut app = App::inline(state, store, clock.clone()).unwrap();
    app.start();
    press(&mut app, KeyCode::Char('3'), KeyModifiers::NONE);
    let deal = app.state.pipeline.columns[0].deals[0].clone();
    let person_id = deal.data.person_id.expect("the first lead has a person");
    let before = screen(&app);
    let old_name = deal.person.clone().unwrap();
    let old_first_word = old_name.split(' ').next().unwrap().to_string();
    assert!(before.contains("Lead"), "{before}");

    // A colleague renames the person in another kariz.
    let mut other = Store::open(&path, config, "colleague").unwrap();
    let person = other.person(person_id).unwrap();
    let mut data = person.data.clone();
    data.name = "Renamed Zz".to_string();
    other
        .write(clock.now_utc(), |w| {
            w.update_person(person_id, person.version, data)
        })
        .unwrap();

    press(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    let after = screen(&app);
    assert!(after.contains("Renamed Zz"), "{after}");
    let card = app.state.pipeline.columns[0]
        .deals
        .iter()
        .find(|d| d.id == deal.id)
        .unwrap();
    assert_eq!(card.person.as_deref(), Some("Renamed Zz"));
    // The old name is gone unless another card names the same person.
    let others = app
        .state
        .pipeline
        .columns
        .iter()
        .flat_map(|c| &c.deals)
        .any(|d| {
            d.person
                .as_deref()
                .is_some_and(|p| p.contains(&old_first_word))
        });
    if !others {
        assert!(!after.contains(&old_first_word), "{after}");
    }
}
