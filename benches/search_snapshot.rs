//! The CLI's search path, scan against snapshot, with the snapshot's load
//! and rebuild times and a memmem floor over the same texts. Prints
//! figures, no thresholds. Run with `cargo bench --bench search_snapshot`
//! (`KARIZ_BENCH_PEOPLE`, default 100,000).
//!
//! Each snapshot search is what `kariz search` does after the store is
//! open: read and check the file, compare its change id with the
//! database's, prefilter and rank. Process start and opening the store are
//! the same for both paths and not counted.

// A benchmark is a developer's tool over generated data, like a test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::demo::{Rng, generate};
use kariz::search_snapshot::{self, Freshness};
use kariz::store::Store;
use std::time::{Duration, Instant};

mod common;
use common::{machine, ms, percentile};

fn clock() -> Clock {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .unwrap_or_default();
    Clock::fixed(now.fixed_offset())
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut samples = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    percentile(&mut samples, 0.5)
}

fn load_avg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let size: usize = std::env::var("KARIZ_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    println!(
        "kariz search snapshot on {}, load {}",
        machine(),
        load_avg()
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("search.db");
    let cache = dir.path().join("cache");
    let mut store = Store::open(&db, Config::default_config(), "bench").unwrap();
    let t = Instant::now();
    let counts = generate(&mut store, &clock(), size, &mut Rng::new(42)).unwrap();
    println!(
        "{size} people, {} companies, {} deals, generated in {:.1} s",
        counts.companies,
        counts.deals,
        t.elapsed().as_secs_f64()
    );
    drop(store);
    let store = Store::open(&db, Config::default_config(), "bench").unwrap();
    let file = search_snapshot::file_for(&cache, &db);

    let rebuild = median(3, || {
        let _ = std::fs::remove_file(&file);
        search_snapshot::search(&store, &db, &cache, "sara", 20).unwrap();
    });
    let bytes = std::fs::metadata(&file).unwrap().len();
    println!(
        "snapshot rebuild (scan + write): {}, file {:.1} MB",
        ms(rebuild),
        bytes as f64 / 1e6
    );
    let mut records = 0;
    let load = median(10, || {
        let (snapshot, how) = search_snapshot::load(&store, &db, &file).unwrap();
        assert_eq!(how, Freshness::Current);
        records = snapshot.len();
    });
    println!(
        "snapshot load (read, checksum, checks): {} for {records} records",
        ms(load)
    );

    let (snapshot, _) = search_snapshot::load(&store, &db, &file).unwrap();
    let texts: Vec<u8> = snapshot
        .records()
        .flat_map(|r| {
            let mut t = kariz::search::Item::text(&r).as_bytes().to_vec();
            t.push(b'\n');
            t
        })
        .collect();
    println!(
        "{:<16} {:>12} {:>12} {:>12} {:>7}",
        "query", "scan", "snapshot", "memmem", "hits"
    );
    for query in [
        "sara ahmadi",
        "نیک‌نام",
        "علي الهاشمي",
        "0912 123",
        "zzqx",
        "a",
    ] {
        let mut hits = Vec::new();
        let scan = median(9, || {
            hits = kariz::search::search(&store, query, 20).unwrap();
        });
        let mut from_file = Vec::new();
        let snap = median(9, || {
            from_file = search_snapshot::search(&store, &db, &cache, query, 20).unwrap();
        });
        assert_eq!(
            hits, from_file,
            "{query}: the snapshot's hits are the scan's"
        );
        let folded = kariz::text::fold::fold(query);
        let finder = memchr::memmem::Finder::new(folded.as_bytes());
        let floor = median(9, || {
            std::hint::black_box(finder.find_iter(&texts).count());
        });
        println!(
            "{:<16} {:>12} {:>12} {:>12} {:>7}",
            format!("{query:?}"),
            ms(scan),
            ms(snap),
            ms(floor),
            hits.len()
        );
    }
}
