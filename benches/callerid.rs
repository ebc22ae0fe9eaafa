//! Caller ID benchmark: how long finding the caller takes at
//! `KARIZ_BENCH_MAX` people (default 1,000,000), whose phones are stored in
//! mixed formats (+98…, 0098…, 0912-…, (0912) …, bare, Persian and Arabic
//! digits) with some office lines shared by three people, looked up by
//! numbers sent in other formats than they were stored in. Prints p50/p99
//! of the store lookup (`Store::callers`) and of a whole
//! `kariz call incoming` process (start, open, look up, log, exit), with
//! the machine and its load. No thresholds: the machine is shared.
//!
//! Run with `cargo bench --bench callerid` (or `--profile dev` when no
//! release build of the dependencies is at hand, which the figures say).

// A benchmark is a developer's measuring tool over generated data, like a
// test: a failed setup step should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kariz::config::Config;
use kariz::model::{ContactPoint, PersonData};
use kariz::store::{ImportSize, Store};
use std::time::{Duration, Instant};

mod common;
use common::{machine, ms, percentile};

const PERSIAN: [char; 10] = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];
const ARABIC: [char; 10] = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];

/// The seven digits after 912 of person `i`'s mobile.
fn line(i: usize) -> String {
    format!("{:07}", i % 10_000_000)
}

fn in_digits(text: &str, set: &[char; 10]) -> String {
    text.chars()
        .map(|c| c.to_digit(10).map_or(c, |d| set[d as usize]))
        .collect()
}

/// Person `i`'s mobile written in format `f` (0–7).
fn written(i: usize, f: usize) -> String {
    let n = line(i);
    let (a, b) = n.split_at(3);
    match f % 8 {
        0 => format!("+98 912 {a} {b}"),
        1 => format!("0098912{n}"),
        2 => format!("0912-{a}-{b}"),
        3 => format!("(0912) {a} {b}"),
        4 => format!("912 {a} {b}"),
        5 => in_digits(&format!("۰912 {a} {b}"), &PERSIAN),
        6 => in_digits(&format!("0912{n}"), &ARABIC),
        _ => format!("+98 (0) 912 {a}{b}"),
    }
}

fn person(i: usize) -> PersonData {
    let mut phones = vec![ContactPoint {
        label: "mobile".into(),
        value: written(i, i),
    }];
    // Every third person shares an office line with the next two.
    phones.push(ContactPoint {
        label: "work".into(),
        value: format!("021 {:08}", i / 3),
    });
    PersonData {
        name: format!("Caller {i}"),
        phones,
        ..PersonData::default()
    }
}

/// A cheap deterministic sequence of indexes to look up.
fn picks(n: usize, count: usize) -> Vec<usize> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        })
        .collect()
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn main() {
    let n: usize = std::env::var("KARIZ_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    println!(
        "caller ID at {n} people; machine: {}; load before: {}",
        machine(),
        load()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("callerid.db");
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .unwrap();
    let start = Instant::now();
    {
        let mut store = Store::open(&path, Config::default_config(), "bench").expect("open");
        store
            .bulk_import(now, ImportSize::Known(n), |session| {
                for i in 0..n {
                    session.add_person(person(i), None, None)?;
                }
                Ok(())
            })
            .expect("generate");
    }
    println!(
        "generated {n} people with {} phones in {:.1} s",
        2 * n,
        start.elapsed().as_secs_f64()
    );

    let store = Store::open(&path, Config::default_config(), "bench").expect("reopen");
    let mut lookups: Vec<Duration> = Vec::new();
    let mut shared = 0;
    for (k, i) in picks(n, 2_000).into_iter().enumerate() {
        // Sent in another format than stored.
        let number = written(i, i + 1 + k % 7);
        let t = Instant::now();
        let found = store.callers(&number).expect("lookup");
        lookups.push(t.elapsed());
        assert!(
            found.iter().any(|c| c.name == format!("Caller {i}")),
            "{number:?} did not find Caller {i}: {found:?}"
        );
        let office = format!("+98 21 {:08}", i / 3);
        let t = Instant::now();
        shared += store.callers(&office).expect("office lookup").len();
        lookups.push(t.elapsed());
    }
    println!(
        "Store::callers, {} lookups (mobiles in another format; office lines shared by 3, {shared} matches): p50 {}  p99 {}  max {}",
        lookups.len(),
        ms(percentile(&mut lookups, 0.5)),
        ms(percentile(&mut lookups, 0.99)),
        ms(percentile(&mut lookups, 1.0))
    );
    drop(store);

    // The whole command a phone system runs per call.
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let mut runs: Vec<Duration> = Vec::new();
    for (k, i) in picks(n, 50).into_iter().enumerate() {
        let number = written(i, i + 3 + k);
        let t = Instant::now();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kariz"))
            .args(["--db"])
            .arg(&path)
            .args(["call", "incoming", &number])
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env_remove("KARIZ_CONFIG")
            .env_remove("KARIZ_SYSTEM_CONFIG")
            .output()
            .expect("run kariz");
        runs.push(t.elapsed());
        assert!(
            out.status.success(),
            "kariz call incoming {number:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    println!(
        "`kariz call incoming NUMBER` whole process, {} runs: p50 {}  p99 {}",
        runs.len(),
        ms(percentile(&mut runs, 0.5)),
        ms(percentile(&mut runs, 0.99))
    );
    println!("load after: {}", load());
}
