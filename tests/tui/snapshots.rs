//! Snapshots of every TUI view drawn on the demo data, at the smallest
//! supported terminal (80x24) and a large one (160x48), with a pinned clock,
//! a fixed user and no colour. The app runs in-process (inline search index,
//! in-memory store) and keys go through `App::dispatch` exactly as the event
//! loop sends them, so these pictures are what a user would see.
//!
//! Regenerate after an intended change with
//! `INSTA_UPDATE=always cargo test --test tui snapshots`, then read the diff.

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

/// The status line (last row) of a screen, without TestBackend's quotes.
fn status_line(screen: &str) -> &str {
    screen
        .lines()
        .last()
        .unwrap_or("")
        .trim_matches('"')
        .trim_end()
}

/// The status line keeps "? help" and "q quit" and never cuts a hint.
fn assert_status_whole(screen: &str) {
    let status = status_line(screen);
    assert!(status.contains("? help"), "no help hint:\n{screen}");
    assert!(status.ends_with("q quit"), "no quit hint:\n{screen}");
    assert!(!status.contains('…'), "a hint is cut:\n{screen}");
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
        assert_status_whole(&shown);
    }
}

#[test]
fn contacts() {
    let shown = snap("contacts", |app| key(app, KeyCode::Char('2')));
    for screen in &shown {
        assert!(screen.contains("People (219)"), "{screen}");
        assert_status_whole(screen);
    }
    // At 80 columns the database and user make room for the hints.
    assert!(!status_line(&shown[0]).contains("demo.db"), "{}", shown[0]);
    assert!(
        status_line(&shown[1]).contains("demo.db · tester"),
        "{}",
        shown[1]
    );
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
        // The title counts the matches shown, not the whole list.
        // People, companies and deals (title or customer) that match.
        assert!(shown.contains("People · found: 29"), "{shown}");
        assert!(!shown.contains("(219)"), "{shown}");
        // q would be typed into the search box: the quit hint is Ctrl-c.
        assert!(status_line(&shown).ends_with("Ctrl-c quit"), "{shown}");
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
    let shown = snap("customer_niknam", open_niknam);
    for screen in &shown {
        assert!(screen.contains(&name), "{name} not found in:\n{screen}");
        assert_status_whole(screen);
    }
    // The timeline's kind ("E-mail") is a cell of its own, so the Persian
    // subject is laid out right to left: its first word is at the right,
    // after (left of it) the Latin "SD-200" that follows it in the text.
    let line = shown[1]
        .lines()
        .find(|l| l.contains("E-mail"))
        .unwrap_or_else(|| panic!("no e-mail in the timeline:\n{}", shown[1]));
    assert!(!line.contains("E-mail:"), "{line}");
    let first_word = visual("درخواست");
    let (Some(sd), Some(first)) = (line.find("SD"), line.find(&first_word)) else {
        panic!("subject not found in {line}");
    };
    assert!(sd < first, "subject laid out left to right: {line}");
}

#[test]
fn pipeline() {
    let shown = snap("pipeline", |app| key(app, KeyCode::Char('3')));
    for screen in &shown {
        assert!(screen.contains("Lead · 30"), "{screen}");
        assert!(screen.contains("H/L move deal"), "{screen}");
        assert_status_whole(screen);
    }
    assert!(shown[1].contains("Lost · 24"), "{}", shown[1]);
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
        // The label column is as wide as the longest label.
        assert!(shown.contains("Expected close 2026-11-15"), "{shown}");
        assert!(shown.contains("E-mail      RFQ received"), "{shown}");
        assert_status_whole(&shown);
    }
}

#[test]
fn help_overlay() {
    let shown = snap("help", |app| key(app, KeyCode::Char('?')));
    for screen in &shown {
        assert!(screen.contains("Quit kariz"), "{screen}");
        assert!(screen.contains("Mark the task done"), "{screen}");
        assert!(screen.contains("│In this view"), "{screen}");
        assert!(screen.contains("│Everywhere"), "{screen}");
        // The box stays above the message and status lines.
        assert!(status_line(screen).ends_with("Ctrl-c quit"), "{screen}");
    }
    // At 80x24 the list is cut and says so; at 160x48 it all fits.
    assert!(shown[0].contains("↓ more"), "{}", shown[0]);
    assert!(!shown[0].contains("Undo the last change"), "{}", shown[0]);
    assert!(shown[1].contains("Undo the last change"), "{}", shown[1]);
    assert!(!shown[1].contains("↓ more"), "{}", shown[1]);
}

#[test]
fn help_overlay_scrolled_to_the_end() {
    for shown in snap("help_end", |app| {
        key(app, KeyCode::Char('?'));
        key(app, KeyCode::Char('G'));
    }) {
        assert!(shown.contains("Undo the last change"), "{shown}");
        assert!(shown.contains("Reload from the database"), "{shown}");
        assert!(!shown.contains("↓ more"), "{shown}");
    }
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
        // Said without colour, which NO_COLOR takes away.
        assert!(
            shown.contains("Not saved: see the messages under the fields"),
            "{shown}"
        );
        assert!(!shown.contains(" red"), "{shown}");
    }
}

/// An app in a Persian or Arabic interface (the example configs).
fn localized_app(config_text: &str, origin: &str) -> App {
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).expect("NOW is RFC 3339"));
    let config = Config::parse(config_text, origin).expect("the example config parses");
    let mut store = Store::open_in_memory(config.clone(), USER).expect("open an in-memory store");
    kariz::demo::load_demo_data(&mut store, &clock).expect("load the demo data");
    let session = kariz::tui::session(&config, USER, "demo.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), (80, 24));
    let mut app = App::inline(state, store, clock).expect("load the search index");
    app.start();
    app
}

#[test]
fn persian_interface_reads_right_to_left() {
    let mut app = localized_app(include_str!("../../config/examples/fa.toml"), "fa.toml");
    let today = screen(&app);
    insta::assert_snapshot!("fa_today_80x24", today);
    // Interface strings go through the display pipeline like data: the
    // tab and the heading appear in visual order, never in logical order.
    let tab = app.state.session.locale.t("view.today").to_owned();
    assert!(today.contains(&visual(&tab)), "{today}");
    assert!(
        !today.contains(&tab),
        "logical-order UI text on screen:\n{today}"
    );
    // Jalali date with Persian digits in the title.
    assert!(today.contains("۱۴۰۵/۰۹/۰۱"), "{today}");
    chars(&mut app, "3");
    let board = screen(&app);
    insta::assert_snapshot!("fa_pipeline_80x24", board);
    // Stages flow right to left: Lead, the first stage, is the rightmost;
    // both are shown by their Persian labels from the config.
    let lead = board.lines().nth(2).unwrap_or("");
    assert!(!lead.contains("Lead"), "{board}");
    let lead_at = lead.find(&visual("سرنخ")).expect("Lead column");
    let qualified_at = lead.find(&visual("واجد شرایط")).expect("Qualified column");
    assert!(lead_at > qualified_at, "{board}");
}

#[test]
fn arabic_interface_is_fully_translated_on_screen() {
    let app = localized_app(include_str!("../../config/examples/ar.toml"), "ar.toml");
    let today = screen(&app);
    insta::assert_snapshot!("ar_today_80x24", today);
    for key in ["view.today", "view.contacts", "today.overdue"] {
        let text = app.state.session.locale.t(key).to_owned();
        assert_ne!(text, key, "untranslated {key}");
        assert!(today.contains(&visual(&text)), "{key} not shown:\n{today}");
    }
    assert!(
        !today.contains("Overdue"),
        "English left on screen:\n{today}"
    );
}

#[test]
fn search_result_rows_show_the_same_as_list_rows_for_every_demo_contact() {
    let app = demo_app((80, 24));
    let store = app.store();
    let people = store
        .people(&Default::default(), None, 1000)
        .expect("people");
    assert!(people.len() > 200);
    for person in &people {
        let full = kariz::tui::load::person_row(person);
        let quick = kariz::tui::load::hit_row(store, kariz::model::Entity::Person, person.id)
            .expect("summary");
        assert_eq!(quick, full, "person {}", person.id);
    }
    let companies = store
        .companies(&Default::default(), None, 1000)
        .expect("companies");
    for company in &companies {
        let full = kariz::tui::load::company_row(company);
        let quick = kariz::tui::load::hit_row(store, kariz::model::Entity::Company, company.id)
            .expect("summary");
        assert_eq!(quick, full, "company {}", company.id);
    }
}

#[test]
fn rotting_deals_from_the_index_match_a_scan_of_every_open_deal() {
    let app = demo_app((80, 24));
    let store = app.store();
    let now = app.state.now;
    let config = store.config();
    let mut expected: Vec<(i64, i64)> = store
        .deals(&kariz::store::DealFilter {
            status: Some(kariz::model::DealStatus::Open),
            ..Default::default()
        })
        .expect("deals")
        .into_iter()
        .filter_map(|d| {
            let rot = config
                .pipeline(&d.data.pipeline)?
                .stage(&d.data.stage)?
                .rot_days;
            d.is_rotting(now, rot)
                .then_some((d.id, d.days_in_stage(now)))
        })
        .collect();
    expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert!(expected.len() > 5, "the demo has stale deals");
    let (count, got) = kariz::tui::load::rotting_deals(store, now, 1000).expect("rotting");
    assert_eq!(count, expected.len());
    let got: Vec<(i64, i64)> = got.iter().map(|(d, days)| (d.id, *days)).collect();
    assert_eq!(got, expected);
    let (count, first) = kariz::tui::load::rotting_deals(store, now, 3).expect("rotting");
    assert_eq!(
        count,
        expected.len(),
        "the count is of all, not of the shown"
    );
    assert_eq!(first.len(), 3);
}

/// Moves the customer page's selection to its first timeline row.
fn select_first_activity(app: &mut App) {
    for _ in 0..50 {
        if let Some(kariz::tui::state::Page::Customer(page)) = app.state.pages.last()
            && matches!(
                page.items.get(page.selected),
                Some(kariz::tui::state::PageItem::Activity(_))
            )
        {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("no activity on the page");
}

#[test]
fn activity_reader() {
    for shown in snap("activity_reader", |app| {
        open_niknam(app);
        select_first_activity(app);
        key(app, KeyCode::Enter);
    }) {
        assert!(shown.contains("e edit · D delete"), "{shown}");
        assert!(shown.contains("tester") || shown.contains("·"), "{shown}");
    }
}

#[test]
fn customer_page_says_which_record_e_and_d_act_on() {
    let mut app = demo_app((160, 48));
    open_niknam(&mut app);
    assert!(
        status_line(&screen(&app)).contains("e/D edit/delete"),
        "{}",
        screen(&app)
    );
    select_first_activity(&mut app);
    let shown = screen(&app);
    assert!(
        status_line(&shown).contains("e/D edit/delete activity"),
        "{shown}"
    );
}

#[test]
fn conflict_dialog_shows_original_theirs_and_mine() {
    use kariz::tui::change::{Change, ConflictRow};
    let row = |field: &str, original: &str, theirs: &str, mine: &str| ConflictRow {
        field: field.into(),
        original: original.into(),
        theirs: theirs.into(),
        mine: mine.into(),
    };
    for shown in snap("conflict_dialog", |app| {
        open_niknam(app);
        app.dispatch(Action::Conflicted {
            change: Change::Delete {
                entity: kariz::model::Entity::Person,
                id: 1,
                version: None,
            },
            rows: vec![
                row("title", "—", "Buyer", "Head of purchasing"),
                row(
                    "notes",
                    "Met at the fair",
                    "Prefers e-mail",
                    "Call after 4pm",
                ),
            ],
        });
    }) {
        assert!(shown.contains("When opened"), "{shown}");
        assert!(shown.contains("Prefers e-mail"), "{shown}");
        assert!(shown.contains("o: keep mine"), "{shown}");
    }
}

/// A deal is found by its title in the search box, its row says Deal, and
/// Enter opens its page.
#[test]
fn search_finds_a_deal_and_enter_opens_its_page() {
    let mut app = demo_app((100, 30));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    chars(&mut app, "annual frame order");
    let shown = screen(&app);
    assert!(shown.contains("Sandvik CNC tooling"), "{shown}");
    assert!(shown.contains("Deal"), "{shown}");
    key(&mut app, KeyCode::Enter);
    match app.state.pages.last() {
        Some(kariz::tui::state::Page::Deal(page)) => {
            assert_eq!(
                page.deal.data.title,
                "Sandvik CNC tooling – annual frame order"
            );
        }
        other => panic!("no deal page: {other:?}"),
    }
}

#[test]
fn pipeline_filter_bar_at_80x24_in_english_and_persian() {
    // English: a filter that parses shows its count in the title; a broken
    // continuation shows why and at which column under the bar.
    let mut app = demo_app((80, 24));
    chars(&mut app, "3f");
    chars(&mut app, "owner:me -");
    let en = screen(&app);
    insta::assert_snapshot!("pipeline_filter_bar_80x24", en);
    let shown = app.state.pipeline.shown();
    assert!(shown > 0, "{en}");
    assert!(en.contains(&format!("found: {shown}")), "{en}");
    assert!(en.contains("Filter: owner:me -"), "{en}");
    assert!(en.contains("column 10"), "{en}");
    // Persian: the same bar, right to left, with Persian digits.
    let mut app = localized_app(include_str!("../../config/examples/fa.toml"), "fa.toml");
    chars(&mut app, "3f");
    chars(&mut app, "owner:me -");
    let fa = screen(&app);
    insta::assert_snapshot!("fa_pipeline_filter_bar_80x24", fa);
    assert_eq!(app.state.pipeline.shown(), shown);
    assert!(fa.contains("owner:me -"), "{fa}");
}
