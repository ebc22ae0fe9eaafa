//! Store benchmarks that print their figures (no thresholds: machines are
//! shared and noisy). Run with `cargo bench --bench store`.
//!
//! Measures, on a real SQLite file in a temp directory:
//! - people insert throughput: 100k in one transaction, and 500 one per
//!   transaction (each commit is fsynced: synchronous=FULL);
//! - first page (50) of `person list`, and a page deep in the list;
//! - search latency (fuzzy, folded) for several kinds of query.
//!
//! Reads are measured at 100k people and at `KARIZ_BENCH_MAX` people
//! (default 1,000,000).

// A benchmark is a developer's measuring tool over generated data, like a
// test: a failed setup step should stop it loudly, so the no-panic lints
// that guard user-facing code do not apply here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::demo::{Rng, generate};
use kariz::model::{ContactPoint, Entity, PersonData};
use kariz::store::{PageKey, PersonFilter, Store};
use std::time::Instant;

mod common;
use common::{machine, ms, percentile};

fn clock() -> Clock {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .unwrap_or_default();
    Clock::fixed(now.fixed_offset())
}

fn person(i: usize) -> PersonData {
    PersonData {
        name: format!("Bench Person {i}"),
        phones: vec![ContactPoint {
            label: "mobile".into(),
            value: format!("+98 912 {:07}", i),
        }],
        emails: vec![ContactPoint {
            label: "work".into(),
            value: format!("bench{i}@example.com"),
        }],
        ..PersonData::default()
    }
}

fn bench_inserts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("inserts.db");
    let mut store = Store::open(&path, Config::default_config(), "bench").expect("open");
    let n = 100_000;
    let start = Instant::now();
    store
        .write(clock().now_utc(), |w| {
            for i in 0..n {
                w.add_person(person(i))?;
            }
            Ok(())
        })
        .expect("bulk insert");
    let bulk = start.elapsed();
    println!(
        "insert people, one transaction: {n} in {:.2} s = {:.0} people/s (each with phone, e-mail and change-log row)",
        bulk.as_secs_f64(),
        n as f64 / bulk.as_secs_f64()
    );
    let single = 500;
    let start = Instant::now();
    for i in 0..single {
        store
            .write(clock().now_utc(), |w| w.add_person(person(n + i)))
            .expect("single insert");
    }
    let each = start.elapsed();
    println!(
        "insert people, one transaction each (fsync per commit): {single} in {:.2} s = {:.0} people/s, {} per save",
        each.as_secs_f64(),
        single as f64 / each.as_secs_f64(),
        ms(each / single as u32)
    );
}

fn bench_reads(size: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("reads-{size}.db"));
    let mut store = Store::open(&path, Config::default_config(), "bench").expect("open");
    let start = Instant::now();
    let counts = generate(&mut store, &clock(), size, &mut Rng::new(42)).expect("generate");
    println!(
        "\n== {size} people ({} companies, {} deals, {} tasks, {} activities), generated in {:.1} s",
        counts.companies,
        counts.deals,
        counts.tasks,
        counts.activities,
        start.elapsed().as_secs_f64()
    );
    drop(store);
    let store = Store::open(&path, Config::default_config(), "bench").expect("reopen");
    let _ = store.count(Entity::Person);

    let mut first = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let page = store
            .people(&PersonFilter::default(), None, 50)
            .expect("page");
        first.push(t.elapsed());
        assert_eq!(page.len(), 50);
    }
    println!(
        "person list, first page of 50: p50 {}  p99 {}",
        ms(percentile(&mut first, 0.5)),
        ms(percentile(&mut first, 0.99))
    );
    // Jump deep into the list with a keyset taken from the middle.
    let mut after: Option<PageKey> = None;
    for _ in 0..10 {
        let page = store
            .people(&PersonFilter::default(), after.as_ref(), 500)
            .expect("page");
        after = page.last().map(PageKey::after_person);
    }
    let mut deep = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        store
            .people(&PersonFilter::default(), after.as_ref(), 50)
            .expect("page");
        deep.push(t.elapsed());
    }
    println!(
        "person list, page of 50 after 5,000 rows (keyset): p50 {}  p99 {}",
        ms(percentile(&mut deep, 0.5)),
        ms(percentile(&mut deep, 0.99))
    );

    for query in [
        "sara ahmadi",
        "نیک‌نام",
        "علي الهاشمي",
        "person12345@",
        "0912 123",
        "zzqx",
    ] {
        let runs = if size > 200_000 { 5 } else { 20 };
        let mut samples = Vec::new();
        let mut found = 0;
        for _ in 0..runs {
            let t = Instant::now();
            found = kariz::search::search(&store, query, 20)
                .expect("search")
                .len();
            samples.push(t.elapsed());
        }
        println!(
            "search {query:?}: {found} hits, p50 {}  p99 {}  ({runs} runs)",
            ms(percentile(&mut samples, 0.5)),
            ms(percentile(&mut samples, 0.99))
        );
    }
}

fn main() {
    // `cargo test --benches` passes --bench-less arguments; only run when asked.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let max: usize = std::env::var("KARIZ_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    println!("kariz store benchmarks on {}", machine());
    println!(
        "{}, WAL, synchronous=FULL\n",
        kariz::store::engine_version()
    );
    bench_inserts();
    bench_reads(100_000);
    if max > 100_000 {
        bench_reads(max);
    }
}
