//! Terminal-interface benchmarks that print their figures beside the targets
//! from the design notes (no thresholds enforced: machines are shared and
//! noisy). Run with `cargo bench --bench tui`.
//!
//! On a real SQLite file in a temp directory, filled by the demo generator:
//! - CPU time to draw each view (`views::draw` through a 160x48 `TestBackend`);
//! - search keystroke-to-frame latency (dispatch of one typed character on
//!   the Contacts search box, with the index searched in this thread, plus
//!   the draw that shows the answer);
//! - time to the first frame on the largest database (open + state + draw;
//!   the real app loads the search index afterwards on a background thread,
//!   so that load is timed separately);
//! - bytes written to a real crossterm backend for one cursor move and one
//!   typed search character.
//!
//! Sizes: 100k people always; `KARIZ_BENCH_MAX=1000000` adds 1M (slow:
//! generating it takes minutes).

// A benchmark is a developer's measuring tool over generated data, like a
// test: a failed setup step should stop it loudly, so the no-panic lints
// that guard user-facing code do not apply here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::Cell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::demo::{Rng, generate};
use kariz::store::Store;
use kariz::tui::action::Action;
use kariz::tui::app::{App, SearchBackend};
use kariz::tui::load;
use kariz::tui::search_index::SearchIndex;
use kariz::tui::state::{Page, PageRef, State};
use kariz::tui::views;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

mod common;
use common::{machine, ms, percentile};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;
const DRAWS: usize = 200;
const QUERIES: [&str; 3] = ["sara ahmadi", "نیک‌نام", "0912"];

fn clock() -> Clock {
    let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+03:30").unwrap_or_default();
    Clock::fixed(now)
}

/// Sixty days after the data was generated: every open task is overdue
/// (the generator spreads due dates from two weeks before to a month
/// after), the heaviest Today there is.
fn late_clock() -> Clock {
    let now = DateTime::parse_from_rfc3339("2027-01-21T10:00:00+03:30").unwrap_or_default();
    Clock::fixed(now)
}

fn p50_p99(samples: &mut [Duration]) -> String {
    let p50 = percentile(samples, 0.5);
    let p99 = percentile(samples, 0.99);
    let max = samples.iter().max().copied().unwrap_or_default();
    format!("p50 {}  p99 {}  max {}", ms(p50), ms(p99), ms(max))
}

fn thousands(n: usize) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}M", n / 1_000_000)
    } else if n >= 1_000 && n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

/// A generated database in a temp directory (deleted on drop).
struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
    size: usize,
}

fn build_db(size: usize) -> Db {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("tui-{size}.db"));
    let mut store = Store::open(&path, Config::default_config(), "bench").expect("open");
    let start = Instant::now();
    let counts = generate(&mut store, &clock(), size, &mut Rng::new(42)).expect("generate");
    println!(
        "\n== {} people ({} companies, {} deals, {} tasks, {} activities), generated in {:.1} s, file {:.0} MB",
        thousands(size),
        counts.companies,
        counts.deals,
        counts.tasks,
        counts.activities,
        start.elapsed().as_secs_f64(),
        std::fs::metadata(&path)
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(0.0)
    );
    Db {
        _dir: dir,
        path,
        size,
    }
}

fn open_store(path: &Path) -> Store {
    Store::open(path, Config::default_config(), "bench").expect("open store")
}

fn state(store: &Store, clock: &Clock) -> State {
    let session = kariz::tui::session(store.config(), "bench", "bench.db", clock, true);
    State::new(session, clock.now_utc(), clock.today(), (WIDTH, HEIGHT))
}

/// An app with the search index loaded in this thread, showing Today.
fn inline_app(path: &Path) -> App {
    let clock = clock();
    let store = open_store(path);
    let state = state(&store, &clock);
    let mut app = App::inline(state, store, clock).expect("app with index");
    app.start();
    app
}

fn press(app: &mut App, code: KeyCode) {
    app.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ch(app: &mut App, c: char) {
    press(app, KeyCode::Char(c));
}

fn test_terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal")
}

fn time_draws(terminal: &mut Terminal<TestBackend>, app: &App) -> Vec<Duration> {
    (0..DRAWS)
        .map(|_| {
            let t = Instant::now();
            terminal.draw(|f| views::draw(f, &app.state)).expect("draw");
            t.elapsed()
        })
        .collect()
}

fn render_line(what: &str, samples: &mut [Duration]) {
    println!("  {what:<44} {}   (target < 2 ms)", p50_p99(samples));
}

fn bench_render(db: &Db) {
    println!(
        "\n-- frame CPU: terminal.draw(views::draw) on TestBackend {WIDTH}x{HEIGHT}, {DRAWS} draws each"
    );
    let mut app = inline_app(&db.path);
    let mut terminal = test_terminal();

    let rows = app.state.today_view.rows.len();
    render_line(
        &format!("Today ({rows} rows)"),
        &mut time_draws(&mut terminal, &app),
    );

    ch(&mut app, '2');
    let total = app.state.contacts.total;
    render_line(
        &format!("Contacts ({total} people)"),
        &mut time_draws(&mut terminal, &app),
    );

    press(&mut app, KeyCode::Enter);
    match app.state.pages.last() {
        Some(Page::Customer(page)) => {
            let what = format!(
                "person page ({} deals, {} tasks, {} activities)",
                page.deals.len(),
                page.tasks.len(),
                page.activities.len()
            );
            render_line(&what, &mut time_draws(&mut terminal, &app));
        }
        _ => println!("  customer page: Enter on Contacts opened no page"),
    }
    press(&mut app, KeyCode::Esc);

    ch(&mut app, '3');
    let deals: usize = app
        .state
        .pipeline
        .columns
        .iter()
        .map(|c| c.deals.len())
        .sum();
    render_line(
        &format!("Pipeline ({deals} open deals on the board)"),
        &mut time_draws(&mut terminal, &app),
    );

    // The first column may be empty; walk right until a card is focused.
    for _ in 0..app.state.pipeline.columns.len() {
        if app.state.pipeline.current().is_some() {
            break;
        }
        ch(&mut app, 'l');
    }
    press(&mut app, KeyCode::Enter);
    match app.state.pages.last() {
        Some(Page::Deal(page)) => {
            let what = format!(
                "deal page ({} moves, {} activities, {} tasks)",
                page.history.len(),
                page.activities.len(),
                page.tasks.len()
            );
            render_line(&what, &mut time_draws(&mut terminal, &app));
        }
        _ => println!("  deal page: Enter on Pipeline opened no page"),
    }

    // A company page is the busiest customer page (its people, deals and
    // timeline): load one as Enter on it would.
    // Generated deals belong to a person only: take the company of the
    // first card's person.
    let company = app
        .state
        .pipeline
        .columns
        .iter()
        .flat_map(|c| &c.deals)
        .find_map(|d| {
            d.data.company_id.or_else(|| {
                let person = app.store().person(d.data.person_id?).ok()?;
                person.data.company_id
            })
        });
    let loaded = company.map(|id| {
        load::page(
            app.store(),
            PageRef::Company(id),
            app.state.today,
            app.state.now,
        )
    });
    match loaded {
        Some(Ok(page)) => {
            app.state.pages.push(page);
            if let Some(Page::Customer(page)) = app.state.pages.last() {
                let what = format!(
                    "company page ({} people, {} deals, {} activities)",
                    page.people.len(),
                    page.deals.len(),
                    page.activities.len()
                );
                render_line(&what, &mut time_draws(&mut terminal, &app));
            }
        }
        Some(Err(err)) => println!("  company page: {err}"),
        None => println!("  company page: no deal on the board leads to a company"),
    }
}

/// Types each query char by char on the Contacts search box; each sample
/// is one keystroke's dispatch (search in this thread) plus the draw.
fn bench_search(db: &Db, target: &str) {
    let repeats = if db.size > 200_000 { 5 } else { 20 };
    println!(
        "\n-- search keystroke to frame @{}: dispatch(Key) + draw, Contacts search box, index searched inline, {repeats} runs per query",
        thousands(db.size)
    );
    let start = Instant::now();
    let mut app = inline_app(&db.path);
    println!(
        "  (app with index ready in {:.2} s)",
        start.elapsed().as_secs_f64()
    );
    let mut terminal = test_terminal();
    ch(&mut app, '2');
    let mut all = Vec::new();
    let mut first_keys = Vec::new();
    for query in QUERIES {
        let mut samples = Vec::new();
        let mut found = 0;
        for _ in 0..repeats {
            ch(&mut app, '/');
            terminal.draw(|f| views::draw(f, &app.state)).expect("draw");
            for (i, c) in query.chars().enumerate() {
                let t = Instant::now();
                ch(&mut app, c);
                terminal.draw(|f| views::draw(f, &app.state)).expect("draw");
                let took = t.elapsed();
                samples.push(took);
                if i == 0 {
                    first_keys.push(took);
                }
            }
            found = app
                .state
                .contacts
                .search
                .results
                .as_ref()
                .map_or(0, Vec::len);
            press(&mut app, KeyCode::Esc);
        }
        all.extend_from_slice(&samples);
        println!(
            "  {:<16} {:>3} hits  {}",
            format!("{query:?}"),
            found,
            p50_p99(&mut samples)
        );
    }
    println!("  first keystroke (full scan) {}", p50_p99(&mut first_keys));
    // Where the time goes: the index alone, typed prefix by prefix.
    {
        let conn = kariz::store::open_reader(&db.path).expect("open");
        let mut index = SearchIndex::load(&conn).expect("index");
        for query in QUERIES {
            let mut samples = Vec::new();
            for _ in 0..repeats {
                let mut typed = String::new();
                for c in query.chars() {
                    typed.push(c);
                    let t = Instant::now();
                    let hits = index.search(&typed);
                    samples.push(t.elapsed());
                    std::hint::black_box(hits);
                }
                index.search("");
            }
            println!(
                "  index only {:<16} {}",
                format!("{query:?}"),
                p50_p99(&mut samples)
            );
        }
    }
    println!(
        "  all {} keystrokes           {}   (target p99 <= {target})",
        all.len(),
        p50_p99(&mut all)
    );
}

fn bench_first_frame(db: &Db, clock: fn() -> Clock, day: &str) {
    println!(
        "\n-- time to first frame @{}, {day} (file in the OS cache; as the real app: open, state, draw, then load Today)",
        thousands(db.size)
    );
    let mut firsts = Vec::new();
    let mut todays = Vec::new();
    for run in 0..5 {
        let t = Instant::now();
        let clock = clock();
        let store = open_store(&db.path);
        let state = state(&store, &clock);
        // The real app hands searches to a thread that loads the index
        // after this frame; an empty inline index stands in for it here.
        let mut app = App::new(
            state,
            store,
            clock,
            SearchBackend::Inline(SearchIndex::default()),
        );
        let mut terminal = test_terminal();
        terminal.draw(|f| views::draw(f, &app.state)).expect("draw");
        let first = t.elapsed();
        app.start();
        terminal.draw(|f| views::draw(f, &app.state)).expect("draw");
        let today = t.elapsed();
        if run == 0 {
            println!(
                "  first run: first frame {}, Today loaded and drawn {}",
                ms(first),
                ms(today)
            );
        }
        firsts.push(first);
        todays.push(today);
    }
    println!(
        "  5 runs: first frame {}   (target <= 50 ms @1M)",
        p50_p99(&mut firsts)
    );
    println!("  5 runs: Today loaded and drawn {}", p50_p99(&mut todays));
    let mut loads = Vec::new();
    let mut records = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let conn = kariz::store::open_reader(&db.path).expect("read-only connection");
        let index = SearchIndex::load(&conn).expect("index");
        loads.push(t.elapsed());
        records = index.len();
    }
    println!(
        "  search index load from a scan (background thread in the app): {records} records, {}",
        p50_p99(&mut loads)
    );
    // What the app does with a cache folder: load from the search
    // snapshot (the first run writes it).
    let cache = tempfile::tempdir().expect("cache folder");
    let conn = kariz::store::open_reader(&db.path).expect("read-only connection");
    SearchIndex::load_snapshot(&conn, &db.path, cache.path()).expect("snapshot written");
    let mut loads = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let index = SearchIndex::load_snapshot(&conn, &db.path, cache.path()).expect("index");
        loads.push(t.elapsed());
        records = index.len();
    }
    println!(
        "  search index load from the snapshot (what the app does): {records} records, {}",
        p50_p99(&mut loads)
    );
}

/// A terminal writer that only counts bytes; the count is shared because
/// the backend's own writer accessors are behind an unstable feature.
#[derive(Clone, Default)]
struct Counting(Rc<Cell<usize>>);

impl Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn crossterm_terminal(counter: &Counting) -> Terminal<CrosstermBackend<Counting>> {
    Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)),
        },
    )
    .expect("crossterm terminal over a buffer")
}

/// Draws, and returns the bytes written since the last call.
fn bytes_of_draw(
    terminal: &mut Terminal<CrosstermBackend<Counting>>,
    counter: &Counting,
    app: &App,
) -> usize {
    counter.0.set(0);
    terminal.draw(|f| views::draw(f, &app.state)).expect("draw");
    counter.0.get()
}

fn bench_bytes(db: &Db) {
    println!(
        "\n-- bytes written to the terminal (CrosstermBackend over a byte-counting writer, {WIDTH}x{HEIGHT}, colour on)"
    );
    let mut app = inline_app(&db.path);
    let counter = Counting::default();
    let mut terminal = crossterm_terminal(&counter);
    let full = bytes_of_draw(&mut terminal, &counter, &app);
    println!("  first full frame (Today)            {full:>6} B");
    ch(&mut app, 'j');
    let today = bytes_of_draw(&mut terminal, &counter, &app);
    println!("  cursor move 'j' on Today            {today:>6} B   (target < 1 KB)");
    ch(&mut app, '2');
    let switch = bytes_of_draw(&mut terminal, &counter, &app);
    println!("  switch to Contacts '2'              {switch:>6} B");
    ch(&mut app, 'j');
    let contacts = bytes_of_draw(&mut terminal, &counter, &app);
    println!("  cursor move 'j' on Contacts         {contacts:>6} B   (target < 1 KB)");
    ch(&mut app, '/');
    let open = bytes_of_draw(&mut terminal, &counter, &app);
    println!("  open search box '/'                 {open:>6} B");
    for c in ['s', 'a'] {
        ch(&mut app, c);
        let typed = bytes_of_draw(&mut terminal, &counter, &app);
        println!("  typed search char {c:?}                {typed:>6} B");
    }
}

fn main() {
    // `cargo test --benches` runs this with --list style arguments; only
    // run when asked.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let max: usize = std::env::var("KARIZ_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
        .max(100_000);
    println!("kariz TUI benchmarks on {}", machine());
    println!(
        "ratatui 0.30, {}; sizes: 100k{}",
        kariz::store::engine_version(),
        if max > 100_000 {
            format!(" and {}", thousands(max))
        } else {
            " (KARIZ_BENCH_MAX=1000000 adds 1M)".into()
        }
    );

    // An existing large database (e.g. from `kariz demo --size 1000000`)
    // skips the generation, which takes minutes at 1M.
    if let Some(path) = std::env::var_os("KARIZ_BENCH_DB") {
        let path = PathBuf::from(path);
        let store = open_store(&path);
        let size =
            usize::try_from(store.count(kariz::model::Entity::Person).unwrap_or(0)).unwrap_or(0);
        drop(store);
        println!("\n== {} people in {}", thousands(size), path.display());
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db {
            _dir: dir,
            path,
            size,
        };
        bench_search(&db, "50 ms @1M");
        bench_first_frame(&db, clock, "on the day generated");
        bench_first_frame(&db, late_clock, "60 days later (every open task overdue)");
        return;
    }
    let small = build_db(100_000);
    bench_render(&small);
    bench_search(&small, "16 ms @100k");
    bench_bytes(&small);
    if max == 100_000 {
        bench_first_frame(&small, clock, "on the day generated");
        bench_first_frame(
            &small,
            late_clock,
            "60 days later (every open task overdue)",
        );
        return;
    }
    drop(small);
    let large = build_db(max);
    bench_search(&large, "50 ms @1M");
    bench_first_frame(&large, clock, "on the day generated");
    bench_first_frame(
        &large,
        late_clock,
        "60 days later (every open task overdue)",
    );
}
