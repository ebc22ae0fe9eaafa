//! Import benchmark: generates a CSV of people (name, e-mail, phone,
//! company, tags), then times `kariz import csv`'s library path end to end
//! (UTF-8 check, parse, map, match, plan, write in one transaction, indexes
//! rebuilt) into a fresh database file. Prints rows/s and peak memory; no
//! thresholds.
//!
//! `cargo bench --bench import`; `KARIZ_BENCH_ROWS` sets the row count
//! (default 1,000,000); `KARIZ_BENCH_COMPARE=0` skips the comparison with
//! the per-row path.

// A benchmark is a developer's measuring tool over generated data, like a
// test: a failed setup step should stop it loudly, so the no-panic lints
// that guard user-facing code do not apply here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kariz::config::Config;
use kariz::interchange::import::csv_source::{self, CsvSettings};
use kariz::interchange::import::{self, Encoding, ImportEntity, OnDuplicate, Summary};
use kariz::store::Store;
use std::collections::BTreeMap;
use std::time::Instant;

mod common;
use common::machine;

/// CPU seconds (user + system) this process has used, from /proc, so the
/// figure can be read on a machine shared with other work.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with ')'); utime and stime
    // are the 14th and 15th fields overall, in clock ticks (100 per second).
    let rest = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Starts this process's peak memory (VmHWM) again from what it holds
/// now, so the CSV generated for the run does not count; Linux only.
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// This process's peak resident memory since [`reset_peak_memory`], in
/// MB, from /proc (0 where there is none).
fn peak_memory_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The per-row path `kariz person add` uses, for comparison: one
/// `add_person` per row (company found or created by name) in one
/// transaction.
fn per_row_writer(rows: usize, dir: &std::path::Path, now: chrono::DateTime<Utc>) -> f64 {
    use kariz::model::{ContactPoint, PersonData};
    let db = dir.join("per-row.db");
    let mut store = Store::open(&db, Config::default_config(), "bench").expect("open store");
    let start = Instant::now();
    store
        .write(now, |w| {
            for i in 0..rows {
                let company = w.find_or_create_company(&format!("Company {}", i % 5000))?;
                w.add_person(PersonData {
                    name: format!("Person {i}"),
                    company_id: Some(company),
                    emails: vec![ContactPoint {
                        label: "work".into(),
                        value: format!("p{i}@example.com"),
                    }],
                    phones: vec![ContactPoint {
                        label: "mobile".into(),
                        value: format!("+98 912 {i:07}"),
                    }],
                    tags: vec!["customer".into(), format!("seg{}", i % 7)],
                    owner: Some("bench".into()),
                    ..PersonData::default()
                })?;
            }
            Ok(())
        })
        .expect("per-row insert");
    rows as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let rows: usize = std::env::var("KARIZ_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let csv_path = dir.path().join("people.csv");
    std::fs::write(&csv_path, common::people_csv(rows)).expect("write the CSV");
    let size = std::fs::metadata(&csv_path).map(|m| m.len()).unwrap_or(0);
    let db = dir.path().join("bench.db");
    let mut store = Store::open(&db, Config::default_config(), "bench").expect("open store");
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .unwrap_or_default();

    reset_peak_memory();
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    // As `kariz import csv` reads a UTF-8 file: checked and its lines
    // counted a block at a time, then read a block at a time.
    let open = || std::fs::File::open(&csv_path).expect("open the CSV");
    let lines = import::check_utf8(open())
        .expect("read the CSV")
        .expect("UTF-8");
    let config = store.config().clone();
    let map = BTreeMap::new();
    let settings = CsvSettings {
        entity: ImportEntity::Person,
        map: &map,
        config: &config,
        default_owner: "bench",
    };
    let rows_read = csv_source::rows_of_file(open(), &settings).expect("read the header");
    let planner = import::Planner::new(&store, ImportEntity::Person, OnDuplicate::Skip, lines)
        .expect("match index");
    let ready = start.elapsed();
    // Reading, planning and preparing on one thread, inserting on this
    // one, overlapped (what `kariz import csv` does).
    let streamed = import::stream::import_people(
        &mut store,
        now,
        "people.csv",
        rows_read,
        planner,
        false,
        &mut || {},
    )
    .expect("import");
    let total = start.elapsed();
    let cpu_end = cpu_seconds();
    let cpu = cpu_end - cpu_start;
    assert!(streamed.written);
    let summary = streamed.summary;
    assert_eq!(summary.created, rows);
    let db_size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let peak = peak_memory_mb();

    println!("kariz import benchmark — {}", machine());
    println!(
        "  {rows} people from a {:.1} MB CSV (name, e-mail, phone, company of 5000, 2 tags)",
        size as f64 / 1e6
    );
    println!(
        "  UTF-8 check+match index {:.2} s, then read+plan+write overlapped {:.2} s; total {:.2} s (wall clock), {:.2} CPU-s",
        ready.as_secs_f64(),
        (total - ready).as_secs_f64(),
        total.as_secs_f64(),
        cpu
    );
    if let Some(phases) = store.last_import_phases() {
        println!(
            "  in the transaction: rows written (overlapped with reading and planning) {:.2} s, indexes rebuilt {:.2} s, commit {:.2} s",
            phases.rows.as_secs_f64(),
            phases.indexes.as_secs_f64(),
            phases.commit.as_secs_f64()
        );
    }
    println!(
        "  {:.0} rows/s end to end (wall clock); {:.0} rows per CPU-second; database {:.1} MB",
        rows as f64 / total.as_secs_f64(),
        rows as f64 / cpu.max(1e-9),
        db_size as f64 / 1e6
    );
    println!(
        "  peak memory during the import: {peak:.0} MiB (VmHWM, reset before reading the file, which is read a block at a time)"
    );

    // Re-import: every row matches and is skipped.
    let start = Instant::now();
    let bytes = std::fs::read(&csv_path).expect("read the CSV");
    let text = import::decode_owned(bytes, Encoding::Utf8).expect("decode");
    let settings = CsvSettings {
        entity: ImportEntity::Person,
        map: &map,
        config: store.config(),
        default_owner: "bench",
    };
    let read = csv_source::read(&text, &settings).expect("read");
    let steps =
        import::plan(&store, ImportEntity::Person, read.rows, OnDuplicate::Skip).expect("plan");
    assert_eq!(Summary::of(&steps).skipped, rows);
    println!(
        "  re-import of the same file (all skipped): {:.0} rows/s",
        rows as f64 / start.elapsed().as_secs_f64()
    );

    if std::env::var("KARIZ_BENCH_COMPARE").is_ok_and(|v| v == "0") {
        return;
    }
    let compare = rows.min(100_000);
    println!(
        "  before (per-row Writer::add_person, {compare} rows, no CSV): {:.0} rows/s",
        per_row_writer(compare, dir.path(), now)
    );
}
