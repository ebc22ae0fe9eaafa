//! The terminal interface: today's tasks, contacts and the pipeline board.
//!
//! State, an [`action::Action`] enum and one [`update::update`] function that
//! returns effects; the [`app::App`] carries effects out against the store;
//! [`views`] draws from state only. This file runs the loop: it reads keys
//! and background messages, drains them all, then draws once.

pub mod action;
pub mod app;
pub mod caller;
pub mod cases;
pub mod change;
pub mod forms;
pub mod help;
pub mod input;
pub mod keymap;
pub mod load;
pub mod overlays;
pub mod quotes;
pub mod reader;
pub mod report_load;
pub mod reports;
pub mod search_index;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod views;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context as _;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use self::action::Action;
use self::app::{App, SearchBackend};
use self::keymap::Keymap;
use self::state::{Session, State};
use self::theme::Theme;
use crate::clock::Clock;
use crate::config::Config;
use crate::locale::Locale;
use crate::store::Store;
use crate::text::display::DisplayOptions;

/// What the interface needs to start.
pub struct Launch {
    /// The open store.
    pub store: Store,
    /// Its file, for the search thread's own connection.
    pub db_path: PathBuf,
    /// The clock (pinned by KARIZ_NOW in tests).
    pub clock: Clock,
    /// Who is using it.
    pub user: String,
    /// NO_COLOR from the environment.
    pub no_color: Option<String>,
    /// The config's folder (`[print]` paths are relative to it).
    pub config_dir: PathBuf,
    /// Where printed documents go (the data folder's `documents`).
    pub documents: Option<PathBuf>,
    /// The cache folder, where the search index's snapshot is kept
    /// (`None`: the index is loaded by a scan).
    pub cache_dir: Option<PathBuf>,
}

/// Builds the fixed part of the state from the config.
pub fn session(
    config: &Config,
    user: &str,
    db_label: &str,
    clock: &Clock,
    colour: bool,
) -> Session {
    Session {
        user: user.to_owned(),
        db_label: db_label.to_owned(),
        locale: Locale::from_config(config),
        display: DisplayOptions::from_config(config),
        keymap: Keymap::new(&config.keys),
        theme: Theme::new(&config.theme, colour),
        offset: *clock.now_local().offset(),
        team: Vec::new(),
        display_name: config.user.name.clone(),
        config_dir: std::path::PathBuf::new(),
        documents: None,
        config: config.clone(),
    }
}

enum Message {
    Event(Event),
    Wake,
    /// The change watcher found commits by other connections.
    Feed(crate::store::Poll),
    /// The change watcher failed (shown once; it keeps trying).
    FeedFailed(String),
}

/// Where frames are written. Standard output buffers 1 KiB, so a full
/// frame (a 100x30 Today: 4.5 KiB) went out in five writes, each waking the
/// terminal to read a piece; ratatui flushes after each frame, which now
/// leaves in one write.
type Screen = std::io::BufWriter<std::io::Stdout>;

/// The frame buffer's size: a full frame of a large terminal in one write.
const FRAME_BYTES: usize = 64 * 1024;

/// How often the watcher asks SQLite whether anyone committed: well under
/// the one second a colleague's change may take to show, and one pragma
/// (microseconds) per poll when nothing happened.
const WATCH_EVERY: Duration = Duration::from_millis(250);

/// Starts the change watcher on its own thread and connection. It reports
/// rows after `last_seen`, the newest change-log row read before the first
/// view loads, so it misses nothing though its connection opens meanwhile
/// (opening it first held the first frame up by about 3 ms). If it cannot
/// start, kariz still runs (without live updates) and says so.
fn watch(path: PathBuf, last_seen: crate::error::Result<i64>, tx: mpsc::Sender<Message>) {
    std::thread::spawn(move || {
        let opened =
            last_seen.and_then(|last| crate::store::ChangeWatcher::open_after(&path, last));
        let mut watcher = match opened {
            Ok(watcher) => watcher,
            Err(err) => {
                let _ = tx.send(Message::FeedFailed(format!(
                    "not watching {} for others' changes (Ctrl-R reloads): {err}",
                    path.display()
                )));
                return;
            }
        };
        let mut failing = false;
        loop {
            // Sleeps on SQLite; on PostgreSQL a colleague's commit ends
            // the wait at once (LISTEN/NOTIFY).
            if watcher.wait(WATCH_EVERY).is_err() {
                std::thread::sleep(WATCH_EVERY);
            }
            let message = match watcher.poll() {
                Ok(crate::store::Poll::Quiet) => {
                    failing = false;
                    continue;
                }
                Ok(poll) => {
                    failing = false;
                    Message::Feed(poll)
                }
                // Say it once, not four times a second.
                Err(_) if failing => continue,
                Err(err) => {
                    failing = true;
                    Message::FeedFailed(format!(
                        "checking for others' changes failed (Ctrl-R reloads; kariz keeps trying): {err}"
                    ))
                }
            };
            if tx.send(message).is_err() {
                return;
            }
        }
    });
}

/// Runs the interface until the user quits.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let config = launch.store.config().clone();
    let bidi = config.display.bidi;
    let db_label = launch.db_path.file_name().map_or_else(
        || launch.db_path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let colour = Theme::colour_allowed(launch.no_color.as_deref());
    let mut session = session(&config, &launch.user, &db_label, &launch.clock, colour);
    session.config_dir = launch.config_dir.clone();
    session.documents = launch.documents.clone();

    let (tx, rx) = mpsc::channel::<Message>();
    // Search thread: loads the index in the background, then answers.
    let (req_tx, req_rx) = mpsc::channel();
    let (rep_tx, rep_rx) = mpsc::channel();
    let path = launch.db_path.clone();
    let snapshot = launch.cache_dir.clone().map(|cache| (path.clone(), cache));
    let wake_tx = tx.clone();
    let start_search = move || {
        std::thread::spawn(move || {
            search_index::serve(
                || crate::store::open_reader(&path),
                snapshot,
                req_rx,
                rep_tx,
                move || {
                    let _ = wake_tx.send(Message::Wake);
                },
            );
        });
    };

    // Signals: SIGTERM/SIGHUP quit cleanly; a SIGTSTP from outside suspends.
    let quit_signal = Arc::new(AtomicBool::new(false));
    let stop_signal = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGTERM, SIGTSTP};
        signal_hook::flag::register(SIGTERM, Arc::clone(&quit_signal))
            .context("installing the SIGTERM handler")?;
        signal_hook::flag::register(SIGHUP, Arc::clone(&quit_signal))
            .context("installing the SIGHUP handler")?;
        signal_hook::flag::register(SIGTSTP, Arc::clone(&stop_signal))
            .context("installing the SIGTSTP handler")?;
    }

    terminal::restore_on_panic(bidi);
    terminal::enter(bidi).context("switching the terminal to full-screen mode")?;
    let result = event_loop(
        launch,
        session,
        tx,
        rx,
        (req_tx, rep_rx, start_search),
        &quit_signal,
        &stop_signal,
    );
    terminal::leave(bidi);
    result
}

fn event_loop(
    launch: Launch,
    session: Session,
    tx: mpsc::Sender<Message>,
    rx: mpsc::Receiver<Message>,
    (requests, replies, start_search): (
        mpsc::Sender<search_index::Request>,
        mpsc::Receiver<search_index::Reply>,
        impl FnOnce(),
    ),
    quit_signal: &AtomicBool,
    stop_signal: &AtomicBool,
) -> anyhow::Result<()> {
    let bidi = session.config.display.bidi;
    let launch_path = launch.db_path.clone();
    let feed_tx = tx.clone();
    let mut terminal = Terminal::new(CrosstermBackend::new(Screen::with_capacity(
        FRAME_BYTES,
        std::io::stdout(),
    )))?;
    let size = terminal.size()?;
    let state = State::new(
        session,
        launch.clock.now_utc(),
        launch.clock.today(),
        (size.width, size.height),
    );
    let mut app = App::new(
        state,
        launch.store,
        launch.clock,
        SearchBackend::Thread { requests, replies },
    );

    // Input thread; paused while suspended so the shell gets the keys.
    let paused = Arc::new(AtomicBool::new(false));
    spawn_input(tx, Arc::clone(&paused));

    // Draw only after something happened: an idle kariz wakes four times
    // a second to check signals and the date, and draws nothing.
    let mut dirty = first_frame(&mut app, &mut terminal, start_search, launch_path, feed_tx)?;
    loop {
        if dirty {
            terminal.draw(|f| views::draw(f, &app.state))?;
            dirty = false;
        }
        let first = rx.recv_timeout(Duration::from_millis(250));
        let mut messages = Vec::new();
        match first {
            Ok(m) => messages.push(m),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        messages.extend(rx.try_iter());
        let mut suspend = stop_signal.swap(false, Ordering::Relaxed);
        for message in messages {
            dirty = true;
            suspend |= handle(message, &mut app, &mut terminal)?;
        }
        dirty |= app.poll_background();
        dirty |= app.tick();
        if quit_signal.load(Ordering::Relaxed) || app.state.quit {
            break;
        }
        if suspend {
            paused.store(true, Ordering::Relaxed);
            terminal::suspend(bidi).context("resuming after Ctrl-Z")?;
            paused.store(false, Ordering::Relaxed);
            terminal.clear()?;
            let size = terminal.size()?;
            app.dispatch(Action::Resize(size.width, size.height));
        }
    }
    Ok(())
}

/// Loads Today and draws the first frame, then starts the threads that
/// open connections of their own (the search index, the change watcher):
/// on two cores the index's load (18M instructions) and the watcher's
/// connection took time from the first frame. True when the rest of Today
/// loaded after the frame and wants drawing.
fn first_frame(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Screen>>,
    start_search: impl FnOnce(),
    path: PathBuf,
    feed_tx: mpsc::Sender<Message>,
) -> anyhow::Result<bool> {
    // The newest change before Today loads: the watcher reports what
    // comes after it.
    let last_seen = app.store().last_change_id();
    // The first frame waits for Today's rows: drawn before them it said
    // "Nothing due" for a moment, and it cost a frame's work on the way to
    // the one with data.
    app.start_first_screen();
    terminal.draw(|f| views::draw(f, &app.state))?;
    start_search();
    watch(path, last_seen, feed_tx);
    Ok(app.after_first_frame())
}

/// Reads terminal events on a thread of its own and sends them to the
/// loop; it idles while `paused` (suspended with Ctrl-Z) and ends when the
/// loop is gone or the terminal fails.
fn spawn_input(tx: mpsc::Sender<Message>, paused: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        loop {
            if paused.load(Ordering::Relaxed) {
                std::thread::park_timeout(Duration::from_millis(50));
                continue;
            }
            match event::poll(Duration::from_millis(100)) {
                Ok(true) => match event::read() {
                    Ok(ev) => {
                        if tx.send(Message::Event(ev)).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                },
                Ok(false) => {}
                Err(_) => return,
            }
        }
    });
}

/// Hands one message to the app; true when it asks to suspend (Ctrl-Z).
fn handle(
    message: Message,
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Screen>>,
) -> anyhow::Result<bool> {
    match message {
        Message::Event(Event::Key(key))
            if key.kind != KeyEventKind::Release
                && key.code == KeyCode::Char('z')
                && key.modifiers.contains(KeyModifiers::CONTROL) =>
        {
            return Ok(true);
        }
        Message::Event(Event::Key(key)) => app.dispatch(Action::Key(key)),
        Message::Event(Event::Paste(text)) => app.dispatch(Action::Paste(text)),
        Message::Event(Event::Resize(w, h)) => {
            terminal.autoresize()?;
            app.dispatch(Action::Resize(w, h));
        }
        Message::Feed(poll) => {
            app.feed(poll);
        }
        Message::FeedFailed(text) => app.dispatch(Action::LoadFailed(text)),
        Message::Event(_) | Message::Wake => {}
    }
    Ok(false)
}
