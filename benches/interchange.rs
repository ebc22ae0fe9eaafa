//! Export and duplicate-detection benchmarks that print their figures (no
//! thresholds: machines are shared and noisy). Run with
//! `cargo bench --bench interchange`.
//!
//! On `KARIZ_BENCH_PEOPLE` generated people (default 100,000: realistic
//! Persian, Arabic and English names, companies, deals, tasks, activities):
//! - `dedupe::find_all` over people and over companies;
//! - `dedupe::find_for_person` (the customer page's hint), p50 and p99;
//! - CSV and JSON export of every person to a sink, in records/s.

// A benchmark is a developer's measuring tool over generated data, like a
// test: a failed setup step should stop it loudly, so the no-panic lints
// that guard user-facing code do not apply here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::dedupe;
use kariz::demo::{Rng, generate};
use kariz::interchange::export::{self, Format, Request};
use kariz::model::Entity;
use kariz::store::{RecordFilter, Store};
use std::time::Instant;

mod common;
use common::ms;

fn clock() -> Clock {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .unwrap_or_default();
    Clock::fixed(now.fixed_offset())
}

fn export_rate(store: &Store, format: Format) {
    let request = Request {
        format,
        entities: vec![Entity::Person],
        filter: RecordFilter::default(),
        clock: clock(),
    };
    let start = Instant::now();
    let n = export::write(store, &request, &mut std::io::sink(), &mut || {}).expect("export");
    let took = start.elapsed();
    println!(
        "export {} of {n} people: {:.2} s = {:.0} records/s",
        format.as_str(),
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64()
    );
}

fn main() {
    let size: usize = std::env::var("KARIZ_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("interchange.db");
    let mut store = Store::open(&path, Config::default_config(), "bench").expect("open");
    let start = Instant::now();
    let counts = generate(&mut store, &clock(), size, &mut Rng::new(7)).expect("generate");
    println!(
        "== {size} people, {} companies, generated in {:.1} s",
        counts.companies,
        start.elapsed().as_secs_f64()
    );

    for entity in [Entity::Person, Entity::Company] {
        let start = Instant::now();
        let pairs = dedupe::find_all(&store, entity).expect("find_all");
        println!(
            "duplicates among {entity} records: {} pairs in {}",
            pairs.len(),
            ms(start.elapsed())
        );
    }

    let mut samples = Vec::new();
    for id in (1..=size as i64).step_by((size / 20).max(1)) {
        let t = Instant::now();
        dedupe::find_for_person(&store, id).expect("find_for_person");
        samples.push(t.elapsed());
    }
    samples.sort();
    println!(
        "likely duplicates of one person: p50 {}  max {} ({} samples)",
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() - 1]),
        samples.len()
    );

    export_rate(&store, Format::Csv);
    export_rate(&store, Format::Json);
}
