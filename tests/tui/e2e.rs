//! End-to-end tests of the terminal interface: the real `kariz` binary runs
//! in a real terminal (a detached tmux pane, 100x30), keys are sent with
//! `tmux send-keys` and the screen is read with `tmux capture-pane`. What
//! the interface wrote is checked through the CLI's `--json` output.
//!
//! Every test has its own tmux server (`-L kariz-test-<pid>-<n>`), its own
//! temporary HOME/XDG directories and its own demo database. Nothing sleeps
//! for a fixed time: [`Tui::wait_for`] polls the screen until a condition
//! holds or a deadline passes, then fails with the last screen.
//!
//! tmux is required. Without it these tests fail and say so, unless
//! `KARIZ_SKIP_TMUX=1` is set outside CI (then they pass without running;
//! with `CI` set the skip is refused and a missing tmux fails the run).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

// The caller's page when the phone rings (caller ID), with these helpers.
mod calls;
// The Cases view following `kariz case add`, and a case closed from its page.
mod cases;
// A quote built from the deal page with the product picker, sent, accepted.
mod quotes;
// `kariz remind --watch` reaching an open kariz.
mod reminders;
// The filter bar and bulk tags on the contact list.
mod segments;

use kariz::text::display::{DisplayOptions, visual};
use serde_json::Value;
use tempfile::TempDir;

const NOW: &str = "2026-11-22T10:00:00+03:30";
/// [`NOW`] as the database stores it.
const NOW_UTC: &str = "2026-11-22T06:30:00Z";
const USER: &str = "tester";
// Generous: a deadline only matters when something is wrong, and a loaded
// CI machine (the debug build computing a report while other tests run)
// can take several seconds for what takes one alone.
const DEADLINE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);

static SERVERS: AtomicUsize = AtomicUsize::new(0);

/// Whether tmux can be used; panics (telling how to fix it) when it is
/// missing, unless KARIZ_SKIP_TMUX=1 asks to skip. In CI (`CI` set) the
/// skip is refused: there every end-to-end test must run.
fn tmux_available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if std::env::var("KARIZ_SKIP_TMUX").as_deref() == Ok("1") && !in_ci {
        eprintln!("tmux not found; skipping the TUI end-to-end test (KARIZ_SKIP_TMUX=1)");
        return false;
    }
    panic!(
        "the TUI end-to-end tests need tmux, which is not installed. Install it \
         (e.g. `apt-get install tmux` or `brew install tmux`; CI installs it), or set \
         KARIZ_SKIP_TMUX=1 to skip these tests"
    );
}

/// Quotes a word for `sh`.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The on-screen (visual, shaped) form of logical text.
fn on_screen(text: &str) -> String {
    visual(text, None, &DisplayOptions::default())
}

/// A kariz interface running in its own tmux server.
struct Tui {
    dir: TempDir,
    socket: String,
    db: PathBuf,
    /// How time is injected: `KARIZ_NOW` pinned at [`NOW`], or
    /// `KARIZ_NOW_START` (a pinned start that runs on).
    clock: (&'static str, String),
}

impl Tui {
    /// Builds a demo database and opens kariz on it; `None` when tmux is
    /// missing and the user asked to skip.
    fn start() -> Option<Tui> {
        // The status line is the frame's last row: a capture taken while
        // tmux was still reading a frame had Today's rows but no status
        // line yet, so no "indexing for search…" either.
        Tui::start_with(&[], |s| {
            s.contains("Overdue (") && has_status_line(s) && !s.contains("indexing for search")
        })
    }

    /// Starts kariz with extra arguments after `--db`, waiting until
    /// `ready` holds for the screen.
    fn start_with(args: &[&str], ready: impl Fn(&str) -> bool) -> Option<Tui> {
        Tui::start_at(("KARIZ_NOW", NOW.to_owned()), args, ready)
    }

    /// [`Tui::start_with`] with the clock given as an environment variable.
    fn start_at(
        clock: (&'static str, String),
        args: &[&str],
        ready: impl Fn(&str) -> bool,
    ) -> Option<Tui> {
        if !tmux_available() {
            return None;
        }
        let dir = tempfile::tempdir().expect("create a temporary directory");
        for sub in ["home", "data", "config", "cache", "state"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("create the XDG directories");
        }
        let socket = format!(
            "kariz-test-{}-{}",
            std::process::id(),
            SERVERS.fetch_add(1, Ordering::Relaxed)
        );
        let db = dir.path().join("demo.db");
        let tui = Tui {
            dir,
            socket,
            db,
            clock,
        };
        let built = tui.kariz(&["demo", "--no-open"]);
        assert!(
            built.status.success(),
            "kariz demo failed: {}",
            String::from_utf8_lossy(&built.stderr)
        );
        tui.launch(args);
        // Until the search index is loaded the status line says
        // "indexing for search…" and searches answer nothing yet.
        tui.wait_for("kariz to be ready", ready);
        Some(tui)
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        let root = self.dir.path();
        let at = |sub: &str| root.join(sub).display().to_string();
        vec![
            ("HOME", at("home")),
            ("XDG_DATA_HOME", at("data")),
            ("XDG_CONFIG_HOME", at("config")),
            ("XDG_CACHE_HOME", at("cache")),
            ("XDG_STATE_HOME", at("state")),
            (self.clock.0, self.clock.1.clone()),
            ("KARIZ_TEST_USER", USER.to_owned()),
            ("TZ", "UTC".to_owned()),
            ("NO_COLOR", "1".to_owned()),
            ("LANG", "C.UTF-8".to_owned()),
            ("LC_ALL", "C.UTF-8".to_owned()),
        ]
    }

    /// Runs a kariz subcommand on the test database.
    fn kariz(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kariz"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("KARIZ_DB")
            .env_remove("KARIZ_CONFIG")
            .envs(self.env())
            .output()
            .expect("run kariz")
    }

    /// Runs a kariz subcommand as another user, as a colleague's process
    /// on the same database would.
    fn kariz_as(&self, user: &str, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_kariz"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("KARIZ_DB")
            .env_remove("KARIZ_CONFIG")
            .envs(self.env())
            .env("KARIZ_TEST_USER", user)
            .output()
            .expect("run kariz");
        assert!(
            out.status.success(),
            "kariz {args:?} as {user} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// A kariz subcommand's `--json` output.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.kariz(args);
        assert!(
            out.status.success(),
            "kariz {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("kariz --json prints JSON")
    }

    fn tmux(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-f", "/dev/null", "-L", &self.socket]);
        // The server must not see the developer's tmux or HOME.
        cmd.env_remove("TMUX").envs(self.env());
        cmd
    }

    fn run_tmux(&self, args: &[&str]) -> Output {
        let out = self.tmux().args(args).output().expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Starts kariz in a 100x30 pane; the shell prints EXIT=<status> after
    /// it and keeps the pane open so the tests can read it.
    fn launch(&self, extra: &[&str]) {
        let extra: Vec<String> = extra.iter().map(|a| quoted(a)).collect();
        let script = format!(
            "{} --db {} {}; echo EXIT=$?; exec sleep 3600",
            quoted(env!("CARGO_BIN_EXE_kariz")),
            quoted(&self.db.display().to_string()),
            extra.join(" ")
        );
        let mut args: Vec<String> = ["new-session", "-d", "-x", "100", "-y", "30"]
            .map(str::to_owned)
            .to_vec();
        for (name, value) in self.env() {
            args.push("-e".to_owned());
            args.push(format!("{name}={value}"));
        }
        args.extend(["sh".to_owned(), "-c".to_owned(), script]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run_tmux(&args);
    }

    /// Resizes the window and waits until kariz has drawn at the new
    /// size, so the next key is read after the resize, not beside it.
    fn resize(&self, width: usize, height: usize) {
        let (w, h) = (width.to_string(), height.to_string());
        self.run_tmux(&["resize-window", "-x", &w, "-y", &h]);
        self.wait_for("a frame at the new size", |s| {
            let widest = s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            widest == width && s.lines().any(|l| l.starts_with('└'))
        });
    }

    /// Types text literally (any script, no key names).
    fn type_text(&self, text: &str) {
        self.run_tmux(&["send-keys", "-l", "--", text]);
    }

    /// Presses one key by tmux name (Enter, Escape, Tab, q, …).
    fn press(&self, key: &str) {
        self.run_tmux(&["send-keys", key]);
    }

    /// The pane's text now.
    fn capture(&self) -> String {
        let out = self.run_tmux(&["capture-pane", "-p"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `cond` holds; fails with the last screen
    /// after [`DEADLINE`].
    fn wait_for(&self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if cond(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}; the screen was:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// Polls a CLI query until `cond` holds; fails with the last answer.
    fn wait_for_json(&self, args: &[&str], cond: impl Fn(&Value) -> bool) -> Value {
        let start = Instant::now();
        loop {
            let value = self.json(args);
            if cond(&value) {
                return value;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting on `kariz {args:?}`; it printed:\n{value:#}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// A tmux format value for the pane (e.g. `#{alternate_on}`).
    fn pane_format(&self, format: &str) -> String {
        let out = self.run_tmux(&["display-message", "-p", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// The database file, for messages.
    fn db(&self) -> &Path {
        &self.db
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").output();
    }
}

fn has_status_line(screen: &str) -> bool {
    screen.lines().any(|l| l.contains("q quit"))
}

fn by_title<'a>(list: &'a Value, title: &str) -> Option<&'a Value> {
    list.as_array()?.iter().find(|v| v["title"] == title)
}

#[test]
fn opens_on_today_with_status_line() {
    let Some(tui) = Tui::start() else { return };
    let screen = tui.capture();
    assert!(screen.contains("1 Today"), "{screen}");
    assert!(screen.contains("Overdue (9)"), "{screen}");
    assert!(screen.contains("my tasks"), "{screen}");
    assert!(screen.contains("Today · demo.db · tester"), "{screen}");
    assert!(has_status_line(&screen), "{screen}");
    assert_eq!(tui.pane_format("#{alternate_on}"), "1", "not full-screen");
    // `m` shows the whole team's tasks, with an owner column.
    tui.press("m");
    let screen = tui.wait_for("everyone's tasks", |s| s.contains("Overdue (29)"));
    assert!(screen.contains("everyone's tasks"), "{screen}");
    assert!(screen.contains("Reza Karimi"), "{screen}");
}

#[test]
fn search_persian_name_open_customer_and_log_a_call() {
    let Some(tui) = Tui::start() else { return };
    let name = "زهرا نیک‌نام";
    let shown = on_screen(name);
    tui.press("2");
    tui.wait_for("the contact list", |s| s.contains("People (219)"));
    tui.press("/");
    tui.type_text("زهرا نیک");
    // Her phone is a Latin-free but direction-neutral field: both show.
    tui.wait_for("her search hit", |s| {
        s.contains(&shown) && s.contains("۰۹۱۵۲۳۴۶۳۲۰")
    });
    tui.press("Enter");
    tui.wait_for("her customer page", |s| {
        s.contains(&format!("┌ {shown} ")) && s.contains("Timeline")
    });

    tui.press("c");
    tui.wait_for("the activity form", |s| {
        s.contains("Log an activity") && s.contains("Call out")
    });
    // The form opens on Subject (Kind already says Call out, the catalogue's
    // word for outgoing_call).
    let subject = "Called about the SD-200 sample";
    tui.type_text(subject);
    tui.press("Enter");
    let screen = tui.wait_for("the call on the timeline", |s| {
        !s.contains("Log an activity") && s.contains(subject)
    });
    let timeline = screen.split("Timeline").nth(1).unwrap_or_default();
    assert!(timeline.contains(subject), "not under Timeline:\n{screen}");

    let people = tui.json(&["person", "list", "--json"]);
    let id = people
        .as_array()
        .and_then(|a| a.iter().find(|p| p["name"] == name))
        .map(|p| p["id"].to_string())
        .expect("the demo has زهرا نیک‌نام");
    let calls = tui.json(&["activity", "list", "--person", &id, "--json"]);
    let call = calls
        .as_array()
        .and_then(|a| a.iter().find(|c| c["subject"] == subject))
        .unwrap_or_else(|| panic!("no activity {subject:?} in {calls:#}"));
    assert_eq!(call["kind"], "outgoing_call", "{call:#}");
}

#[test]
fn moving_a_deal_twice_records_both_moves() {
    let Some(tui) = Tui::start() else { return };
    let before = tui.json(&["deal", "list", "--json"]);
    tui.press("3");
    tui.wait_for("the board", |s| {
        s.contains("Lead · 30") && s.contains("Qualified · 26")
    });
    tui.press("L");
    tui.wait_for("the first move", |s| s.contains("Lead · 29"));
    tui.press("L");
    tui.wait_for("the second move", |s| {
        s.contains("Lead · 29") && s.contains("Qualified · 26") && s.contains("Proposal · 25")
    });

    let after = tui.json(&["deal", "list", "--json"]);
    let stage_of = |list: &Value, id: &Value| -> Value {
        list.as_array()
            .and_then(|a| a.iter().find(|d| d["id"] == *id))
            .map(|d| d["stage"].clone())
            .unwrap_or_default()
    };
    let moved: Vec<&Value> = after
        .as_array()
        .expect("a JSON array")
        .iter()
        .filter(|d| stage_of(&before, &d["id"]) != d["stage"])
        .collect();
    assert_eq!(moved.len(), 1, "exactly one deal moved: {moved:#?}");
    let deal = moved[0];
    assert_eq!(stage_of(&before, &deal["id"]), "Lead");
    assert_eq!(deal["stage"], "Proposal");

    let id = deal["id"].to_string();
    let shown = tui.json(&["deal", "show", &id, "--json"]);
    let history = shown["stage_history"].as_array().expect("stage_history");
    let moves: Vec<(&str, &str, &str)> = history
        .iter()
        .filter(|m| m["at"] == NOW_UTC)
        .map(|m| {
            (
                m["from_stage"].as_str().unwrap_or("-"),
                m["to_stage"].as_str().unwrap_or("-"),
                m["actor"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [("Lead", "Qualified", USER), ("Qualified", "Proposal", USER)],
        "history: {history:#?}"
    );
}

#[test]
fn x_marks_the_first_task_done() {
    let Some(tui) = Tui::start() else { return };
    let done_before = tui.json(&["task", "list", "--done", "--json"]);
    let count = |v: &Value| v.as_array().map_or(0, Vec::len);
    tui.press("x");
    tui.wait_for("one overdue task fewer", |s| s.contains("Overdue (8)"));
    let done = tui.wait_for_json(&["task", "list", "--done", "--json"], |v| {
        count(v) == count(&done_before) + 1
    });
    let fresh: Vec<&Value> = done
        .as_array()
        .expect("a JSON array")
        .iter()
        .filter(|t| t["done_at"] == NOW_UTC)
        .collect();
    assert_eq!(fresh.len(), 1, "done now: {fresh:#?}");
    // The first row of Today is the oldest overdue task of the user's own
    // (the demo gives its builder Sara's tasks).
    assert_eq!(fresh[0]["due_date"], "2026-11-10", "{:#}", fresh[0]);
    assert_eq!(fresh[0]["owner"], USER, "{:#}", fresh[0]);
}

#[test]
fn q_quits_with_status_zero_and_leaves_the_alternate_screen() {
    let Some(tui) = Tui::start() else { return };
    tui.press("q");
    let screen = tui.wait_for("the exit status", |s| s.contains("EXIT="));
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        !screen.contains("Overdue ("),
        "the interface is still shown:\n{screen}"
    );
    assert_eq!(
        tui.pane_format("#{alternate_on}"),
        "0",
        "still on the alternate screen"
    );
}

#[test]
fn resizing_to_80x24_keeps_the_status_line() {
    let Some(tui) = Tui::start() else { return };
    tui.resize(80, 24);
    let screen = tui.wait_for("the redraw at 80x24", |s| {
        s.lines().count() <= 24 && s.contains("┐\n") && has_status_line(s)
    });
    assert_eq!(tui.pane_format("#{pane_width}x#{pane_height}"), "80x24");
    let widest = screen.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 80, "a line wider than the pane:\n{screen}");
    let border = screen.lines().nth(1).unwrap_or_default();
    assert_eq!(
        border.chars().count(),
        80,
        "the frame was not redrawn at 80:\n{screen}"
    );
    assert!(screen.contains("Overdue (9)"), "{screen}");
}

#[test]
fn persian_task_title_typed_in_a_form_is_stored_in_logical_order() {
    let Some(tui) = Tui::start() else { return };
    // With a zero-width non-joiner, as Persian keyboards type it.
    let title = "تماس با آقای رضایی درباره پیش‌فاکتور ۲";
    tui.press("a");
    tui.wait_for("the task form", |s| s.contains("New task"));
    tui.type_text(title);
    // Read back from the screen: laid out right to left and joined.
    tui.wait_for("the typed title in visual order", |s| {
        s.contains(&on_screen(title))
    });
    tui.press("Enter");
    tui.wait_for("the form to close", |s| !s.contains("New task"));
    tui.wait_for("the saved message", |s| s.contains("Task added"));
    let tasks = tui.wait_for_json(&["task", "list", "--json"], |v| {
        by_title(v, title).is_some()
    });
    let task = by_title(&tasks, title).expect("just found");
    assert_eq!(
        task["title"].as_str().map(str::as_bytes),
        Some(title.as_bytes()),
        "in {}",
        tui.db().display()
    );
    assert_eq!(task["due_date"], "2026-11-22", "{task:#}");
    assert_eq!(task["owner"], USER, "{task:#}");
}

#[test]
fn cli_tables_on_a_terminal_show_right_to_left_text_in_visual_order() {
    let Some(tui) = Tui::start() else { return };
    let name = "زهرا نیک‌نام";
    let script = format!(
        "{} --db {} search نیکنام; exec sleep 3600",
        quoted(env!("CARGO_BIN_EXE_kariz")),
        quoted(&tui.db().display().to_string())
    );
    let mut args: Vec<String> = ["new-window", "-d", "-n", "cli"]
        .map(str::to_owned)
        .to_vec();
    for (key, value) in tui.env() {
        args.push("-e".to_owned());
        args.push(format!("{key}={value}"));
    }
    args.extend(["sh".to_owned(), "-c".to_owned(), script]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    tui.run_tmux(&args);
    let deadline = std::time::Instant::now() + DEADLINE;
    let screen = loop {
        let out = tui.run_tmux(&["capture-pane", "-p", "-t", "cli"]);
        let screen = String::from_utf8_lossy(&out.stdout).into_owned();
        if screen.contains("KIND") || std::time::Instant::now() > deadline {
            break screen;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(
        screen.contains(&on_screen(name)),
        "visual order expected:\n{screen}"
    );
    assert!(
        !screen.contains(name),
        "logical order on a terminal:\n{screen}"
    );
    // Piped, the same command keeps logical order for scripts.
    let piped = tui.kariz(&["search", "نیکنام"]);
    let text = String::from_utf8_lossy(&piped.stdout);
    assert!(text.contains(name), "{text}");
}

/// The pid of kariz itself (the pane runs `sh -c 'kariz …; echo EXIT'`).
fn kariz_pid(tui: &Tui) -> String {
    let shell = tui.pane_format("#{pane_pid}");
    let out = Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .expect("run pgrep");
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        !pid.is_empty(),
        "kariz is not running under the pane's shell {shell}"
    );
    pid
}

fn signal(pid: &str, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), pid])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} {pid}");
}

#[test]
fn sigterm_quits_cleanly_and_restores_the_terminal() {
    let Some(tui) = Tui::start() else { return };
    assert_eq!(tui.pane_format("#{alternate_on}"), "1");
    signal(&kariz_pid(&tui), "TERM");
    tui.wait_for("kariz to exit", |s| s.contains("EXIT=0"));
    assert_eq!(
        tui.pane_format("#{alternate_on}"),
        "0",
        "still on the alternate screen"
    );
}

#[test]
fn ctrl_z_suspends_with_the_terminal_restored_and_resumes() {
    let Some(tui) = Tui::start() else { return };
    let pid = kariz_pid(&tui);
    tui.press("C-z");
    let start = Instant::now();
    while tui.pane_format("#{alternate_on}") != "0" {
        assert!(
            start.elapsed() < DEADLINE,
            "Ctrl-Z did not leave the alternate screen"
        );
        std::thread::sleep(POLL);
    }
    // Stopped, not gone: the state in /proc says T.
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(
        stat.split_whitespace().nth(2) == Some("T"),
        "not stopped: {stat}"
    );
    signal(&pid, "CONT");
    tui.wait_for("the interface back after SIGCONT", |s| {
        s.contains("Overdue (")
    });
    assert_eq!(tui.pane_format("#{alternate_on}"), "1");
    tui.press("q");
    tui.wait_for("kariz to exit", |s| s.contains("EXIT=0"));
}

#[test]
fn demo_in_persian_opens_a_persian_interface() {
    let today = "امروز";
    let Some(tui) = Tui::start_with(&["demo", "--lang", "fa"], |s| {
        s.contains(&on_screen(today)) && s.contains("۱۴۰۵/۰۹/۰۱")
    }) else {
        return;
    };
    let screen = tui.capture();
    assert!(
        !screen.contains("Overdue"),
        "English left on screen:\n{screen}"
    );
    assert!(
        !screen.contains(today),
        "logical order on screen:\n{screen}"
    );
}

#[test]
fn a_person_added_by_another_process_is_found_by_the_open_search_without_a_key() {
    let Some(tui) = Tui::start() else { return };
    tui.press("/");
    tui.type_text("Zebulon");
    tui.wait_for("the empty search", |s| {
        s.contains("found: 0") && s.contains("Nobody matches")
    });
    tui.kariz_as("navid", &["person", "add", "--name", "Zebulon Quartz"]);
    // No key is pressed: the change feed brings it within the deadline.
    let screen = tui.wait_for("the colleague's person in the results", |s| {
        s.contains("Zebulon Quartz")
    });
    assert!(screen.contains("found: 1"), "{screen}");
}

#[test]
fn a_deal_moved_by_the_cli_moves_on_the_open_board() {
    let Some(tui) = Tui::start() else { return };
    tui.press("3");
    tui.wait_for("the board", |s| {
        s.contains("Lead · 30") && s.contains("Qualified · 26")
    });
    let deals = tui.json(&["deal", "list", "--json"]);
    let lead = deals
        .as_array()
        .and_then(|a| a.iter().find(|d| d["stage"] == "Lead"))
        .map(|d| d["id"].to_string())
        .expect("a deal in Lead");
    tui.kariz_as("navid", &["deal", "move", &lead, "Qualified"]);
    tui.wait_for("the moved card", |s| {
        s.contains("Lead · 29") && s.contains("Qualified · 27")
    });
}

/// Parses the count in a Today heading such as "Overdue (29)".
fn heading_count(screen: &str, heading: &str) -> Option<usize> {
    let start = screen.find(&format!("{heading} ("))? + heading.len() + 2;
    let rest = screen.get(start..)?;
    rest.split(')').next()?.parse().ok()
}

#[test]
fn today_rolls_over_at_a_pinned_midnight_without_a_key() {
    // The clock starts six seconds before midnight (UTC) and runs: the
    // first frame (drawn before anything loads) shows the 22nd, and the
    // rollover comes well inside the wait's deadline.
    let start = ("KARIZ_NOW_START", "2026-11-22T23:59:54+00:00".to_owned());
    let Some(tui) = Tui::start_at(start, &[], |s| s.contains("Overdue (")) else {
        return;
    };
    let before = tui.wait_for("Today on the 22nd", |s| s.contains("Today · 2026-11-22"));
    let after = tui.wait_for("Today on the 23rd", |s| s.contains("Today · 2026-11-23"));
    // Yesterday's tasks due "today" are overdue now.
    let overdue = |s: &str| heading_count(s, "Overdue").expect("an Overdue heading");
    assert!(
        overdue(&after) > overdue(&before),
        "before:\n{before}\nafter:\n{after}"
    );
}

/// Two processes on one database: while the interface has a deal's form
/// open, the command line changes the deal's notes; saving the form's new
/// title keeps those notes (field-level save, no conflict). While the tag
/// prompt is open, the command line adds a tag; the interface's own new
/// tag is added next to it.
#[test]
fn another_process_edits_what_the_interface_has_open_and_both_changes_survive() {
    let Some(tui) = Tui::start() else { return };
    let title = "Temperature data loggers – 300 units";
    let deals = tui.json(&["deal", "list", "--json"]);
    let id = by_title(&deals, title)
        .map(|d| d["id"].to_string())
        .expect("the demo has the deal");
    tui.press("3");
    tui.wait_for("the board", |s| s.contains("Lead · 30"));
    tui.press("Enter");
    tui.wait_for("the deal page", |s| {
        s.contains("Temperature data loggers") && s.contains("Stage history")
    });
    tui.press("e");
    tui.wait_for("the deal form", |s| s.contains("Edit deal"));

    let out = tui.kariz(&["deal", "edit", &id, "--notes", "Colleague: call Monday"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The form opens on the title: replace it and save.
    tui.press("C-u");
    tui.type_text("Data loggers, 40 units");
    tui.press("Enter");
    let screen = tui.wait_for("the saved deal", |s| {
        !s.contains("Edit deal") && s.contains("Data loggers, 40 units")
    });
    assert!(
        !screen.contains("Someone else"),
        "a false conflict:\n{screen}"
    );
    let deal = tui.json(&["deal", "show", &id, "--json"]);
    assert_eq!(deal["title"], "Data loggers, 40 units", "{deal:#}");
    assert_eq!(deal["notes"], "Colleague: call Monday", "{deal:#}");

    // Tags: the first person of the contact list.
    tui.press("Escape");
    // Wait before the next key: tmux would read Escape and 2 as Alt-2.
    tui.wait_for("the board again", |s| s.contains("Lead · 30"));
    tui.press("2");
    tui.wait_for("the contact list", |s| s.contains("People (219)"));
    let people = tui.json(&["person", "list", "--json", "--limit", "1"]);
    let person = people[0]["id"].to_string();
    tui.press("t");
    tui.wait_for("the tag prompt", |s| s.contains("Tags"));
    let out = tui.kariz(&["tag", "add", "--person", &person, "from-cli"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tui.press("End");
    tui.type_text(", from-tui");
    tui.press("Enter");
    let tags = tui.wait_for_json(&["person", "show", &person, "--json"], |p| {
        p["tags"]
            .as_array()
            .is_some_and(|t| t.iter().any(|x| x == "from-tui"))
    });
    let tags = tags["tags"].as_array().cloned().unwrap_or_default();
    assert!(tags.iter().any(|t| t == "from-cli"), "{tags:?}");
}

/// The "this period" count on a dashboard row such as "│Won   17   10".
fn dashboard_figure(screen: &str, label: &str) -> Option<i64> {
    screen.lines().find_map(|l| {
        let rest = l.trim_start_matches('│').strip_prefix(label)?;
        rest.starts_with(' ')
            .then(|| rest.split_whitespace().next()?.parse().ok())?
    })
}

#[test]
fn the_reports_view_at_80x24_follows_a_cli_deal_change_in_another_process() {
    let Some(tui) = Tui::start() else { return };
    tui.resize(80, 24);
    tui.press("4");
    let screen = tui.wait_for("the dashboard at 80x24", |s| {
        s.contains("Reports · Dashboard (1/9)")
            && s.contains("Won per month")
            && s.lines().count() <= 24
            && dashboard_figure(s, "Won").is_some()
    });
    let widest = screen.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 80, "a line wider than the pane:\n{screen}");
    assert!(screen.contains("[/] period"), "{screen}");
    let won = dashboard_figure(&screen, "Won").unwrap_or_default();
    let deals = tui.json(&["deal", "list", "--json"]);
    let open = deals
        .as_array()
        .and_then(|a| a.iter().find(|d| d["status"] == "open"))
        .map(|d| d["id"].to_string())
        .expect("an open deal");
    tui.kariz_as("navid", &["deal", "won", &open]);
    // No key pressed: the view recomputes once the change settles.
    tui.wait_for("the dashboard to count the win", |s| {
        dashboard_figure(s, "Won") == Some(won + 1)
    });
    // The funnel page, then Enter lists the deals behind its first stage.
    tui.press("l");
    tui.wait_for("the funnel page", |s| s.contains("Reports · Funnel (2/9)"));
    tui.press("Enter");
    tui.wait_for("the deals behind Lead", |s| {
        s.contains("Deals behind “Lead”")
    });
}

#[test]
fn the_persian_reports_view_shows_a_jalali_month_in_persian_digits() {
    let Some(tui) = Tui::start_with(&["demo", "--lang", "fa"], |s| s.contains("۱۴۰۵/۰۹/۰۱"))
    else {
        return;
    };
    tui.resize(80, 24);
    tui.press("4");
    let title = on_screen("گزارش‌ها · داشبورد");
    let screen = tui.wait_for("the Persian dashboard", |s| {
        s.contains(&title) && s.contains("۱۴۰۵/۰۹/۳۰")
    });
    assert!(!screen.contains("Dashboard"), "English left:\n{screen}");
    assert!(
        !screen.contains("گزارش‌ها"),
        "logical order on screen:\n{screen}"
    );
}
