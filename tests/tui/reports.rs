//! The Reports view (key 4): snapshots on the demo data at 80x24 and
//! 160x48 in English and 80x24 in Persian, its keys at update level, and
//! following a colleague's changes (the debounce) without a key press.

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::reports::table::Kind;
use kariz::reports::{Period, Span};
use kariz::store::Store;
use kariz::tui::action::{Action, Effect};
use kariz::tui::app::App;
use kariz::tui::state::{Page, State, View};
use kariz::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: &str = "2026-11-22T10:00:00+03:30";
const USER: &str = "tester";

fn app_with(config: Config, size: (u16, u16)) -> App {
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap());
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

fn persian() -> App {
    let config = Config::parse(include_str!("../../config/examples/fa.toml"), "fa.toml").unwrap();
    app_with(config, (80, 24))
}

fn press(app: &mut App, c: char) {
    app.dispatch(Action::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )));
}

fn key(app: &mut App, code: KeyCode) {
    app.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn screen(app: &App) -> String {
    let (w, h) = app.state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| views::draw(f, &app.state)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn dashboard_snapshots() {
    for size in [(80, 24), (160, 48)] {
        let mut app = demo(size);
        press(&mut app, '4');
        let shown = screen(&app);
        insta::assert_snapshot!(format!("reports_dashboard_{}x{}", size.0, size.1), shown);
        assert!(shown.contains("Reports · Dashboard (1/9)"), "{shown}");
        assert!(
            shown.contains("This period against the previous one"),
            "{shown}"
        );
        assert!(shown.contains("Won per month"), "{shown}");
        let status = shown.lines().last().unwrap_or_default();
        assert!(status.contains("[/] period"), "{shown}");
    }
}

#[test]
fn funnel_snapshot_with_bars() {
    let mut app = demo((80, 24));
    press(&mut app, '4');
    press(&mut app, 'l');
    let shown = screen(&app);
    insta::assert_snapshot!("reports_funnel_80x24", shown);
    assert!(shown.contains("Reports · Funnel (2/9)"), "{shown}");
    assert!(shown.contains("Per open stage"), "{shown}");
    assert!(shown.contains('█'), "bars without colour:\n{shown}");
}

#[test]
fn persian_dashboard_reads_right_to_left_with_jalali_period() {
    let mut app = persian();
    press(&mut app, '4');
    let shown = screen(&app);
    insta::assert_snapshot!("reports_fa_dashboard_80x24", shown);
    let visual = |t: &str| {
        kariz::text::display::visual(t, None, &kariz::text::display::DisplayOptions::default())
    };
    let tab = app.state.session.locale.t("view.reports").to_owned();
    assert!(shown.contains(&visual(&tab)), "{shown}");
    assert!(!shown.contains(&tab), "logical-order UI text:\n{shown}");
    // The Jalali month holding 1 Azar 1405, in Persian digits.
    let period = app.state.reports.period.unwrap();
    assert_eq!(
        period,
        Period::month_of(app.state.today, kariz::config::Calendar::Jalali)
    );
    assert!(shown.contains("۱۴۰۵/۰۹/۰۱"), "{shown}");
    assert!(!shown.contains("Dashboard"), "English left:\n{shown}");
    // Persian funnel page: still bars, still Persian digits.
    press(&mut app, 'h');
    assert_eq!(
        app.state.reports.kind,
        Kind::Funnel,
        "h goes left: the next tab in RTL"
    );
    let funnel = screen(&app);
    insta::assert_snapshot!("reports_fa_funnel_80x24", funnel);
    assert!(funnel.contains('█'), "{funnel}");
}

fn loaded_kind(app: &App) -> Kind {
    app.state.reports.loaded.as_ref().unwrap().query.kind
}

#[test]
fn keys_switch_report_period_span_owner_and_pipeline() {
    let mut app = demo((80, 24));
    press(&mut app, '4');
    assert_eq!(app.state.view, View::Reports);
    assert_eq!(loaded_kind(&app), Kind::Dashboard);
    let november = Period::month_of(app.state.today, kariz::config::Calendar::Gregorian);
    assert_eq!(app.state.reports.period, Some(november));
    for expected in [Kind::Funnel, Kind::Winrate, Kind::Cycle] {
        press(&mut app, 'l');
        assert_eq!(loaded_kind(&app), expected);
    }
    press(&mut app, 'h');
    assert_eq!(loaded_kind(&app), Kind::Winrate);
    press(&mut app, '[');
    let october = app.state.reports.loaded.as_ref().unwrap().query.period;
    assert_eq!(october.from.to_string(), "2026-10-01");
    assert_eq!(october.to.to_string(), "2026-10-31");
    press(&mut app, ']');
    press(&mut app, ']');
    assert_eq!(
        app.state.reports.period.unwrap().from.to_string(),
        "2026-12-01"
    );
    // p: quarter around the period's first day (today is outside it), then year.
    press(&mut app, 'p');
    assert_eq!(app.state.reports.span, Span::Quarter);
    let q = app.state.reports.period.unwrap();
    assert_eq!(
        (q.from.to_string(), q.to.to_string()),
        ("2026-10-01".into(), "2026-12-31".into())
    );
    press(&mut app, 'p');
    let y = app.state.reports.period.unwrap();
    assert_eq!(
        (y.from.to_string(), y.to.to_string()),
        ("2026-01-01".into(), "2026-12-31".into())
    );
    // m: mine; m again: everyone; O cycles everyone → me → colleagues → everyone.
    press(&mut app, 'm');
    let query = &app.state.reports.loaded.as_ref().unwrap().query;
    assert_eq!(query.owner.as_deref(), Some(USER));
    press(&mut app, 'm');
    assert_eq!(app.state.reports.owner, None);
    press(&mut app, 'O');
    assert_eq!(app.state.reports.owner.as_deref(), Some(USER));
    // P: each pipeline of the config, then all again; C clears.
    press(&mut app, 'P');
    let first = app.state.session.config.pipelines[0].name.clone();
    assert_eq!(
        app.state.reports.loaded.as_ref().unwrap().query.pipeline,
        Some(first)
    );
    press(&mut app, 'C');
    assert_eq!(app.state.reports.owner, None);
    assert_eq!(app.state.reports.pipeline, None);
    // The help overlay lists the view's keys.
    press(&mut app, '?');
    let help = screen(&app);
    assert!(help.contains("Previous period"), "{help}");
    assert!(help.contains("Period length"), "{help}");
}

#[test]
fn the_view_shows_what_kariz_report_computes() {
    let mut app = demo((80, 24));
    press(&mut app, '4');
    let loaded = app.state.reports.loaded.clone().unwrap();
    let store = app.store();
    let config = store.config().clone();
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap());
    let scope = kariz::reports::Scope::new(
        store,
        &config,
        loaded.query.period,
        kariz::store::ReportFilter::default(),
        clock.now_local(),
    )
    .unwrap();
    let direct = kariz::reports::dashboard::run(store, &scope).unwrap();
    assert_eq!(
        loaded.report,
        kariz::reports::table::Report::Dashboard(Box::new(direct))
    );
}

#[test]
fn enter_lists_the_deals_behind_a_row_and_opens_one() {
    let mut app = demo((80, 24));
    press(&mut app, '4');
    // Row 2 of the dashboard: deals won this period.
    press(&mut app, 'j');
    press(&mut app, 'j');
    let won = match &app.state.reports.loaded.as_ref().unwrap().report {
        kariz::reports::table::Report::Dashboard(d) => d.current.won,
        other => panic!("{other:?}"),
    };
    key(&mut app, KeyCode::Enter);
    let drill = app
        .state
        .reports
        .drill
        .clone()
        .expect("the deals are listed");
    assert_eq!(drill.deals.len() as i64, won);
    assert!(
        drill
            .deals
            .iter()
            .all(|d| d.status == kariz::model::DealStatus::Won)
    );
    let shown = screen(&app);
    assert!(shown.contains("Deals behind “Won”"), "{shown}");
    key(&mut app, KeyCode::Enter);
    match app.state.pages.last() {
        Some(Page::Deal(page)) => assert_eq!(page.deal.id, drill.deals[0].id),
        other => panic!("no deal page: {other:?}"),
    }
    // Esc: back to the list, then to the dashboard.
    key(&mut app, KeyCode::Esc);
    assert!(app.state.pages.is_empty());
    assert!(app.state.reports.drill.is_some());
    key(&mut app, KeyCode::Esc);
    assert!(app.state.reports.drill.is_none());
    // The period row counts no deals: Enter says so.
    press(&mut app, 'g');
    key(&mut app, KeyCode::Enter);
    assert!(app.state.reports.drill.is_none());
    assert!(app.state.message.is_some());
}

#[test]
fn a_colleagues_win_updates_the_open_report_once_changes_settle() {
    use kariz::model::DealData;
    let config = Config::default_config();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kariz.db");
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap());
    let store = Store::open(&path, config.clone(), USER).unwrap();
    let mut other = Store::open(&path, config.clone(), "omid").unwrap();
    let deal = other
        .write(clock.now_utc(), |w| {
            w.add_deal(DealData {
                title: "Cold room".into(),
                pipeline: "sales".into(),
                stage: "Lead".into(),
                value_minor: 120_000,
                currency: "USD".into(),
                ..DealData::default()
            })
        })
        .unwrap();
    let mut watcher = kariz::store::ChangeWatcher::open(&path).unwrap();
    let session = kariz::tui::session(&config, USER, "test.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), (80, 24));
    let mut app = App::inline(state, store, clock.clone()).unwrap();
    app.start();
    press(&mut app, '4');
    let won = |app: &App| match &app.state.reports.loaded.as_ref().unwrap().report {
        kariz::reports::table::Report::Dashboard(d) => d.current.won,
        other => panic!("{other:?}"),
    };
    assert_eq!(won(&app), 0);

    other
        .write(clock.now_utc(), |w| w.win_deal(deal, None))
        .unwrap();
    assert!(app.feed(watcher.poll().unwrap()), "the feed brings the win");
    // Not at once: the report waits for the changes to settle…
    assert!(app.state.reports.stale);
    assert_eq!(won(&app), 0);
    // …then recomputes by itself, no key pressed.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while won(&app) == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the report never refreshed"
        );
        app.tick();
        std::thread::yield_now();
    }
    assert_eq!(won(&app), 1);
    assert!(!app.state.reports.stale);
}

#[test]
fn others_changes_mark_the_report_stale_without_recomputing_at_once() {
    let mut app = demo((80, 24));
    press(&mut app, '4');
    let feed = kariz::tui::action::Feed {
        changes: Vec::new(),
        everything: true,
    };
    let effects = kariz::tui::update::update(&mut app.state, Action::Feed(feed));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(app.state.reports.stale);
    let effects = kariz::tui::update::update(&mut app.state, Action::ReportDue);
    assert!(matches!(effects.as_slice(), [Effect::LoadReport(q)] if q.kind == Kind::Dashboard));
    assert!(!app.state.reports.stale);
    // Another view: a due report is not computed.
    press(&mut app, '1');
    app.state.reports.stale = true;
    let effects = kariz::tui::update::update(&mut app.state, Action::ReportDue);
    assert!(effects.is_empty());
}

#[test]
fn a_rate_or_goal_set_elsewhere_makes_the_report_stale_and_a_company_change_does_not() {
    let mut app = demo((80, 24));
    press(&mut app, '4');
    let change = |entity| kariz::store::FeedChange {
        id: 1,
        actor: "omid".into(),
        entity,
        entity_id: 1,
        op: "update".into(),
        field: Some("rate".into()),
        last_id: None,
    };
    for entity in [kariz::model::Entity::Rate, kariz::model::Entity::Goal] {
        app.state.reports.stale = false;
        let feed = kariz::tui::action::Feed {
            changes: vec![change(entity)],
            everything: false,
        };
        kariz::tui::update::update(&mut app.state, Action::Feed(feed));
        assert!(app.state.reports.stale, "{entity}");
    }
    // A company rename changes no figure.
    app.state.reports.stale = false;
    let feed = kariz::tui::action::Feed {
        changes: vec![change(kariz::model::Entity::Company)],
        everything: false,
    };
    kariz::tui::update::update(&mut app.state, Action::Feed(feed));
    assert!(!app.state.reports.stale);
}

/// The report pages drawn in a buffer, in colour or not.
fn drawn_pages(colour: bool) -> Vec<ratatui::buffer::Buffer> {
    let config = Config::default_config();
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap());
    let mut store = Store::open_in_memory(config.clone(), USER).unwrap();
    kariz::demo::load_demo_data(&mut store, &clock).unwrap();
    let session = kariz::tui::session(&config, USER, "demo.db", &clock, colour);
    let state = State::new(session, clock.now_utc(), clock.today(), (80, 24));
    let mut app = App::inline(state, store, clock).unwrap();
    app.start();
    press(&mut app, '4');
    let mut pages = Vec::new();
    for _ in 0..9 {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| views::draw(f, &app.state)).unwrap();
        pages.push(terminal.backend().buffer().clone());
        press(&mut app, 'l');
    }
    pages
}

/// With NO_COLOR nothing is coloured and the bars are still drawn (in
/// characters); with colour, only the 16 ANSI colours a basic terminal has
/// are used, so the charts read on any terminal.
#[test]
fn every_report_page_reads_without_colour_and_in_sixteen_colours() {
    use ratatui::style::Color;
    let plain = drawn_pages(false);
    for buffer in &plain {
        for cell in buffer.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
        }
    }
    let bars = |b: &ratatui::buffer::Buffer| {
        b.content()
            .iter()
            .any(|c| c.symbol().chars().any(|ch| ('▁'..='█').contains(&ch)))
    };
    assert!(bars(&plain[0]), "the dashboard's bars without colour");
    assert!(bars(&plain[1]), "the funnel's bars without colour");
    let coloured = drawn_pages(true);
    let sixteen = |c: Color| !matches!(c, Color::Indexed(_) | Color::Rgb(..));
    let mut any = false;
    for buffer in &coloured {
        for cell in buffer.content() {
            assert!(sixteen(cell.fg) && sixteen(cell.bg), "{cell:?}");
            any |= cell.fg != Color::Reset || cell.bg != Color::Reset;
        }
    }
    assert!(any, "the default theme colours something");
}

#[test]
fn persian_dashboard_at_160x48() {
    let config = Config::parse(include_str!("../../config/examples/fa.toml"), "fa.toml").unwrap();
    let mut app = app_with(config, (160, 48));
    press(&mut app, '4');
    let shown = screen(&app);
    insta::assert_snapshot!("reports_fa_dashboard_160x48", shown);
    assert!(
        shown.contains("۱۴۰۵"),
        "a Jalali period in Persian digits:\n{shown}"
    );
}

/// The Persian lost-deals report at 80x24: two deals lost for the same
/// listed reason, one given by its name and one by its Persian label, are
/// one row, shown by the Persian label (the report groups by the stored
/// name).
#[test]
fn persian_lost_report_shows_reason_labels_and_counts_a_reason_once() {
    let config = Config::parse(include_str!("../../config/examples/fa.toml"), "fa.toml").unwrap();
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).unwrap());
    let mut store = Store::open_in_memory(config.clone(), USER).unwrap();
    kariz::demo::load_demo_data(&mut store, &clock).unwrap();
    for (title, reason) in [("Rexroth pumps", "No budget"), ("سرور HPE", "بودجه ندارد")]
    {
        store
            .write(clock.now_utc(), |w| {
                let id = w.add_deal(kariz::model::DealData {
                    title: title.to_owned(),
                    pipeline: "sales".to_owned(),
                    currency: "IRR".to_owned(),
                    value_minor: 1_000_000,
                    ..Default::default()
                })?;
                w.lose_deal(id, None, reason)
            })
            .unwrap();
    }
    let session = kariz::tui::session(&config, USER, "demo.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), (80, 24));
    let mut app = App::inline(state, store, clock).unwrap();
    app.start();
    press(&mut app, '4');
    while app.state.reports.kind != Kind::Lost {
        press(&mut app, 'h');
    }
    assert_eq!(loaded_kind(&app), Kind::Lost);
    let table = &app.state.reports.loaded.as_ref().unwrap().table;
    let reasons: Vec<String> = table
        .rows
        .iter()
        .filter_map(|r| match r.cells.first() {
            Some(kariz::reports::table::Cell::Text(t)) => Some(t.clone()),
            _ => None,
        })
        .collect();
    // One group, by the stored name, counting both deals (the demo's own
    // lost deals have reasons of their own).
    assert_eq!(
        reasons
            .iter()
            .filter(|r| r.contains("budget") || r.contains("بودجه"))
            .collect::<Vec<_>>(),
        ["No budget"],
        "{reasons:?}"
    );
    let row = table
        .rows
        .iter()
        .find(|r| r.cells.first() == Some(&kariz::reports::table::Cell::Text("No budget".into())))
        .unwrap();
    assert_eq!(
        row.cells.get(1),
        Some(&kariz::reports::table::Cell::Count(2))
    );
    let shown = screen(&app);
    insta::assert_snapshot!("reports_fa_lost_80x24", shown);
    let label = kariz::text::display::visual(
        "بودجه ندارد",
        None,
        &kariz::text::display::DisplayOptions::default(),
    );
    assert!(shown.contains(&label), "{shown}");
    assert!(!shown.contains("No budget"), "{shown}");
}
