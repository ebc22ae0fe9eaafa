//! Reminders end to end: `kariz remind --watch` running as a service
//! delivers a due task's reminder to the owner's kariz open in a tmux pane,
//! where it appears on the message line without a key press; the service
//! stops cleanly on SIGTERM.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Tui;

/// How long the reminder may take to reach the screen (a one-second
/// check interval plus the feed's poll).
const WITHIN: Duration = Duration::from_secs(10);

#[test]
fn remind_watch_shows_the_reminder_in_the_open_kariz() {
    let Some(tui) = Tui::start() else { return };
    // The demo's own due tasks are delivered (and shown) first.
    let out = tui.kariz(&["remind", "--notify-send", "/nonexistent"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tui.kariz(&[
        "task",
        "add",
        "--title",
        "Ring the Tabriz office",
        "--due",
        "today",
        "--at",
        "10:30",
        "--remind",
        "45",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut watch = Command::new(env!("CARGO_BIN_EXE_kariz"))
        .arg("--db")
        .arg(tui.db())
        .args([
            "remind",
            "--watch",
            "--every",
            "1",
            "--notify-send",
            "/nonexistent",
        ])
        .env_remove("KARIZ_DB")
        .env_remove("KARIZ_CONFIG")
        .envs(tui.env())
        .stdout(Stdio::null())
        .spawn()
        .expect("start kariz remind --watch");
    let start = Instant::now();
    loop {
        let screen = tui.capture();
        if screen.contains("Ring the Tabriz office") {
            break;
        }
        assert!(
            start.elapsed() < WITHIN,
            "the reminder did not appear within {WITHIN:?}:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &watch.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let stopped = Instant::now();
    let status = loop {
        if let Some(status) = watch.try_wait().expect("wait for remind") {
            break status;
        }
        assert!(stopped.elapsed() < WITHIN, "remind --watch did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}
