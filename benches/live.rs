//! The cost of staying live (issue 9): what an open kariz spends watching
//! for other processes' changes, and how long a commit takes to be noticed.
//! Prints figures, enforces nothing (targets: idle < 1% of a core, p99 < 1 s).
//! Run with `cargo bench --bench live`.
//!
//! On a real SQLite file in a temp directory filled by the demo generator
//! (`KARIZ_BENCH_PEOPLE`, default 20,000 people):
//! - idle CPU of the change watcher alone (a thread polling
//!   `PRAGMA data_version` every 250 ms, as the TUI does), from the
//!   thread's own CPU clock (/proc/thread-self/schedstat, nanoseconds);
//! - idle CPU of the whole interface: the real `kariz` binary in a tmux
//!   pane (all its threads, /proc/PID/task/*/schedstat) while nothing
//!   happens, when tmux is installed;
//! - the cost of one quiet poll;
//! - commit-to-noticed latency p50/p99: a writer connection commits at
//!   random moments, the watcher on another connection (its own thread, as
//!   in the TUI) reports the row; includes the wait for the next poll;
//! - conflict-free saves per second with 8 (and 20) writers at once, each
//!   on its own connection adding its own records: saves/s, p50/p99 of one
//!   save (including the wait for the write lock), errors, and whether
//!   every save is in the database afterwards.

// A benchmark is a developer's measuring tool over generated data, like a
// test: a failed setup step should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::DateTime;
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::demo::{Rng, generate};
use kariz::model::PersonData;
use kariz::store::{ChangeWatcher, Poll, Store};

mod common;
use common::{machine, ms, percentile};

/// The TUI's poll interval (`tui::WATCH_EVERY`).
const EVERY: Duration = Duration::from_millis(250);
const IDLE: Duration = Duration::from_secs(5);
const COMMITS: usize = 40;

fn clock() -> Clock {
    let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+03:30").unwrap_or_default();
    Clock::fixed(now)
}

/// CPU time (ns) the calling thread has used.
fn thread_cpu() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// CPU time (ns) all threads of process `pid` have used.
fn process_cpu(pid: &str) -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()? {
        let path = task.ok()?.path().join("schedstat");
        let text = std::fs::read_to_string(path).ok()?;
        total += text.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

fn percent(cpu_ns: u64, wall: Duration) -> String {
    format!(
        "{:.3}% of a core",
        cpu_ns as f64 / wall.as_nanos() as f64 * 100.0
    )
}

fn idle_watcher(path: &Path) {
    let path = path.to_path_buf();
    let handle = std::thread::spawn(move || {
        let mut watcher = ChangeWatcher::open(&path).expect("watch");
        let start_cpu = thread_cpu();
        let start = Instant::now();
        let mut polls = 0;
        while start.elapsed() < IDLE {
            std::thread::sleep(EVERY);
            assert_eq!(watcher.poll().expect("poll"), Poll::Quiet);
            polls += 1;
        }
        (start_cpu.zip(thread_cpu()), start.elapsed(), polls)
    });
    let (cpu, wall, polls) = handle.join().expect("watcher thread");
    match cpu {
        Some((a, b)) => println!(
            "watcher idle: {} over {:.1} s ({polls} polls, {} CPU in all)",
            percent(b - a, wall),
            wall.as_secs_f64(),
            ms(Duration::from_nanos(b - a))
        ),
        None => println!("watcher idle: /proc/thread-self/schedstat not readable here"),
    }
}

fn quiet_poll_cost(path: &Path) {
    let mut watcher = ChangeWatcher::open(path).expect("watch");
    let n = 10_000;
    let start = Instant::now();
    for _ in 0..n {
        let _ = watcher.poll().expect("poll");
    }
    let each = start.elapsed() / n;
    println!(
        "one quiet poll (PRAGMA data_version): {:.1} µs",
        each.as_secs_f64() * 1e6
    );
}

/// The real interface idling in tmux: all its threads' CPU over [`IDLE`].
fn idle_interface(dir: &Path, db: &Path) {
    let tmux_ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !tmux_ok {
        println!("interface idle: tmux not installed, not measured");
        return;
    }
    let socket = format!("kariz-bench-live-{}", std::process::id());
    let pidfile = dir.join("kariz.pid");
    let script = format!(
        "echo $$ > '{}'; exec '{}' --db '{}'",
        pidfile.display(),
        env!("CARGO_BIN_EXE_kariz"),
        db.display()
    );
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-f", "/dev/null", "-L", &socket])
            .args(args)
            .env_remove("TMUX")
            .env("HOME", dir)
            .env("XDG_CONFIG_HOME", dir)
            .env("XDG_DATA_HOME", dir)
            .env("KARIZ_NOW", "2026-11-22T10:00:00+03:30")
            .output()
    };
    let started = tmux(&[
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        "sh",
        "-c",
        &script,
    ]);
    if !started.is_ok_and(|o| o.status.success()) {
        println!("interface idle: tmux would not start a session, not measured");
        return;
    }
    // Wait (bounded) for the pid and for the search index to load.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut pid = String::new();
    while Instant::now() < deadline {
        pid = std::fs::read_to_string(&pidfile)
            .unwrap_or_default()
            .trim()
            .to_owned();
        let screen = tmux(&["capture-pane", "-p"])
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        if !pid.is_empty() && screen.contains("Overdue (") && !screen.contains("indexing") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Let the start-up work settle before measuring.
    std::thread::sleep(Duration::from_secs(1));
    let start = Instant::now();
    let a = process_cpu(&pid);
    std::thread::sleep(IDLE);
    let b = process_cpu(&pid);
    let wall = start.elapsed();
    match a.zip(b) {
        Some((a, b)) => println!(
            "interface idle (kariz in tmux, all threads): {} over {:.1} s",
            percent(b - a, wall),
            wall.as_secs_f64()
        ),
        None => println!("interface idle: could not read /proc/{pid}/task/*/schedstat"),
    }
    let _ = tmux(&["kill-server"]);
}

fn latency(path: &Path) {
    let (tx, rx) = mpsc::channel::<(i64, Instant)>();
    let watch_path = path.to_path_buf();
    let watcher = std::thread::spawn(move || {
        let mut watcher = ChangeWatcher::open(&watch_path).expect("watch");
        let mut seen = 0;
        while seen < COMMITS {
            std::thread::sleep(EVERY);
            if let Poll::Changes(rows) = watcher.poll().expect("poll") {
                let now = Instant::now();
                for row in rows {
                    seen += 1;
                    if tx.send((row.id, now)).is_err() {
                        return;
                    }
                }
            }
        }
    });
    let mut writer = Store::open(path, Config::default_config(), "colleague").expect("open");
    let mut rng = Rng::new(7);
    let mut committed = Vec::new();
    for n in 0..COMMITS {
        // Commits land at random phases of the watcher's poll.
        std::thread::sleep(Duration::from_millis(rng.below(400) as u64));
        writer
            .write(clock().now_utc(), |w| {
                w.add_person(PersonData {
                    name: format!("Latency {n}"),
                    ..PersonData::default()
                })
            })
            .expect("write");
        let at = Instant::now();
        let (_, last) = writer.last_write().expect("logged");
        committed.push((last, at));
    }
    let mut samples = Vec::new();
    for _ in 0..COMMITS {
        let Ok((id, seen)) = rx.recv_timeout(Duration::from_secs(10)) else {
            break;
        };
        if let Some((_, at)) = committed.iter().find(|(c, _)| *c == id) {
            samples.push(seen.saturating_duration_since(*at));
        }
    }
    let _ = watcher.join();
    let p50 = percentile(&mut samples, 0.5);
    let p99 = percentile(&mut samples, 0.99);
    println!(
        "commit -> noticed by another connection ({} commits, poll every {} ms): p50 {}  p99 {}",
        samples.len(),
        EVERY.as_millis(),
        ms(p50),
        ms(p99)
    );
}

/// Saves each writer makes in [`concurrent_writers`].
const SAVES_PER_WRITER: usize = 200;

fn concurrent_writers(path: &Path, writers: usize) {
    let before = Store::open(path, Config::default_config(), "bench")
        .expect("open")
        .count(kariz::model::Entity::Person)
        .expect("count");
    let start = Instant::now();
    let handles: Vec<_> = (0..writers)
        .map(|n| {
            let path = path.to_path_buf();
            std::thread::spawn(move || {
                let mut store = Store::open(&path, Config::default_config(), format!("writer{n}"))
                    .expect("open");
                let mut latencies = Vec::with_capacity(SAVES_PER_WRITER);
                let mut errors = 0usize;
                for i in 0..SAVES_PER_WRITER {
                    let at = Instant::now();
                    let saved = store.write(clock().now_utc(), |w| {
                        w.add_person(PersonData {
                            name: format!("Writer {n} save {i}"),
                            ..PersonData::default()
                        })
                    });
                    latencies.push(at.elapsed());
                    if saved.is_err() {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for handle in handles {
        let (l, e) = handle.join().expect("writer thread");
        latencies.extend(l);
        errors += e;
    }
    let wall = start.elapsed();
    let after = Store::open(path, Config::default_config(), "bench")
        .expect("open")
        .count(kariz::model::Entity::Person)
        .expect("count");
    let expected = writers * SAVES_PER_WRITER;
    let stored = usize::try_from(after - before).unwrap_or(0);
    println!(
        "{writers} writers x {SAVES_PER_WRITER} saves: {:.0} saves/s, one save p50 {} p99 {}, errors {errors}, stored {stored} of {expected}{}",
        expected as f64 / wall.as_secs_f64(),
        ms(percentile(&mut latencies, 0.5)),
        ms(percentile(&mut latencies, 0.99)),
        if stored == expected - errors {
            ""
        } else {
            "  (LOST SAVES)"
        }
    );
}

fn main() {
    let people: usize = std::env::var("KARIZ_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    println!("live benchmark on {}", machine());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("live.db");
    let mut store = Store::open(&path, Config::default_config(), "bench").expect("open");
    let start = Instant::now();
    let counts = generate(&mut store, &clock(), people, &mut Rng::new(42)).expect("generate");
    drop(store);
    println!(
        "database: {people} people, {} companies, {} deals, {} tasks, {} activities ({:.1} MB, made in {:.1} s)",
        counts.companies,
        counts.deals,
        counts.tasks,
        counts.activities,
        std::fs::metadata(&path).map_or(0.0, |m| m.len() as f64 / 1e6),
        start.elapsed().as_secs_f64()
    );
    quiet_poll_cost(&path);
    idle_watcher(&path);
    idle_interface(dir.path(), &path);
    latency(&path);
    concurrent_writers(&path, 8);
    concurrent_writers(&path, 20);
}
