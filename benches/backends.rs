//! The same store work on SQLite and on PostgreSQL, side by side (#11):
//! insert rate, first list page, search (the snapshot `kariz search` reads,
//! and the scan `--no-cache` runs), pipeline load, and 8 and 20
//! concurrent writers (saves/s, p99, conflicts, errors).
//!
//! SQLite runs on a file in a temp folder. PostgreSQL runs when
//! `KARIZ_BENCH_PG` names an EMPTY database (`postgresql:///kariz_bench?
//! host=/tmp/…`); without it the PostgreSQL column says "not measured".
//! `KARIZ_BENCH_PEOPLE` sets the size (default 100 000 people; one deal
//! per ten people); `KARIZ_BENCH_IMPORT` the rows of the CSV imported on
//! top of them (default 20 000: name, e-mail, phone, company, two tags).
//! Run with `cargo bench --bench backends`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use kariz::config::Config;
use kariz::error::Error;
use kariz::interchange::import::csv_source::{self, CsvSettings};
use kariz::interchange::import::{self, ImportEntity, OnDuplicate};
use kariz::model::{DealData, PersonData};
use kariz::search_snapshot;
use kariz::store::{DealFilter, PersonFilter, SearchSource, Store};
use std::collections::BTreeMap;

mod common;
use common::{machine, ms, percentile};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// One engine's row of figures.
#[derive(Default)]
struct Figures {
    insert_per_s: f64,
    import_per_s: f64,
    first_page: Duration,
    search: Duration,
    snapshot_search: Duration,
    pipeline: Duration,
    writers: Vec<Writers>,
}

struct Writers {
    threads: usize,
    saves_per_s: f64,
    p99: Duration,
    conflicts: usize,
    errors: usize,
    /// Saves that returned Ok but whose change-log row is missing.
    lost: usize,
}

fn name(i: usize) -> String {
    const FIRST: [&str; 6] = ["Zahra", "Ali", "Sara", "Reza", "مریم", "حسین"];
    const LAST: [&str; 5] = ["Niknam", "Tehrani", "Karimi", "رضایی", "احمدی"];
    format!("{} {} {i}", FIRST[i % 6], LAST[(i / 6) % 5])
}

fn fill(location: &Path, people: usize) -> f64 {
    let mut store = Store::open(location, Config::default_config(), "bench").expect("open");
    let start = Instant::now();
    let batch = 1_000;
    let mut done = 0;
    while done < people {
        let upto = (done + batch).min(people);
        store
            .write(now(), |w| {
                for i in done..upto {
                    let person = w.add_person(PersonData {
                        name: name(i),
                        ..PersonData::default()
                    })?;
                    if i % 10 == 0 {
                        w.add_deal(DealData {
                            title: format!("Deal {i}"),
                            pipeline: "sales".into(),
                            stage: ["Lead", "Qualified", "Proposal"][i % 3].into(),
                            value_minor: (i as i64 % 97) * 1_000,
                            currency: "USD".into(),
                            person_id: Some(person),
                            ..DealData::default()
                        })?;
                    }
                }
                Ok(())
            })
            .expect("insert batch");
        done = upto;
    }
    people as f64 / start.elapsed().as_secs_f64()
}

/// `kariz import csv`'s library path end to end: rows per second.
fn import_rows(location: &Path, rows: usize) -> f64 {
    let mut store = Store::open(location, Config::default_config(), "bench").expect("open");
    let text = common::people_csv(rows);
    let start = Instant::now();
    let config = store.config().clone();
    let map = BTreeMap::new();
    let settings = CsvSettings {
        entity: ImportEntity::Person,
        map: &map,
        config: &config,
        default_owner: "bench",
    };
    let read = csv_source::rows(&text, &settings).expect("read the header");
    let planner = import::Planner::new(&store, ImportEntity::Person, OnDuplicate::Skip, rows)
        .expect("match index");
    let streamed = import::stream::import_people(
        &mut store,
        now(),
        "people.csv",
        read,
        planner,
        false,
        &mut || {},
    )
    .expect("import");
    assert_eq!(streamed.summary.created, rows);
    rows as f64 / start.elapsed().as_secs_f64()
}

fn median_of(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    percentile(&mut samples, 0.5)
}

fn reads(location: &Path, figures: &mut Figures) {
    let store = Store::open(location, Config::default_config(), "bench").expect("open");
    figures.first_page = median_of(20, || {
        let page = store.people(&PersonFilter::default(), None, 50).unwrap();
        assert_eq!(page.len(), 50);
    });
    figures.search = median_of(5, || {
        let found = store
            .scan_search_texts(&|text: &str| text.contains("karimi 4"))
            .unwrap();
        assert!(!found.is_empty());
    });
    // What `kariz search` does: the snapshot in a cache folder, written by
    // the first search and current for the timed ones.
    let cache = tempfile::tempdir().expect("cache folder");
    let snapshot_search = || {
        let hits = search_snapshot::search(&store, location, cache.path(), "karimi 4", 20).unwrap();
        assert!(!hits.is_empty());
    };
    snapshot_search();
    figures.snapshot_search = median_of(20, snapshot_search);
    figures.pipeline = median_of(5, || {
        let deals = store.deals(&DealFilter::default()).unwrap();
        assert!(!deals.is_empty());
    });
}

/// `threads` colleagues each saving their own person `saves` times, all
/// at once; a version conflict is retried after re-reading.
fn writers(location: &Path, threads: usize, saves: usize) -> Writers {
    let check = Store::open(location, Config::default_config(), "bench").expect("open");
    let ids: Vec<i64> = check
        .people(&PersonFilter::default(), None, threads)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let log_before = check.last_change_id().unwrap();
    let barrier = Arc::new(Barrier::new(threads));
    let start = Instant::now();
    let handles: Vec<_> = ids
        .into_iter()
        .enumerate()
        .map(|(n, id)| {
            let location = location.to_path_buf();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let mut store = Store::open(&location, Config::default_config(), format!("rep{n}"))
                    .expect("open");
                barrier.wait();
                let (mut latencies, mut conflicts, mut errors) = (Vec::new(), 0, 0);
                for s in 0..saves {
                    let began = Instant::now();
                    loop {
                        let person = store.person(id).expect("read");
                        let mut data = person.data.clone();
                        data.title = Some(format!("save {s}"));
                        match store.write(now(), |w| w.update_person(id, person.version, data)) {
                            Ok(_) => break,
                            Err(Error::Conflict { .. }) | Err(Error::FieldConflict { .. }) => {
                                conflicts += 1
                            }
                            Err(_) => {
                                errors += 1;
                                break;
                            }
                        }
                    }
                    latencies.push(began.elapsed());
                }
                (latencies, conflicts, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let (mut conflicts, mut errors) = (0, 0);
    for handle in handles {
        let (latencies, c, e) = handle.join().expect("writer");
        all.extend(latencies);
        conflicts += c;
        errors += e;
    }
    let wall = start.elapsed();
    let saved = all.len() - errors;
    let logged = check.changes_since(log_before, usize::MAX).unwrap().len();
    Writers {
        lost: saved.saturating_sub(logged),
        threads,
        saves_per_s: all.len() as f64 / wall.as_secs_f64(),
        p99: percentile(&mut all, 0.99),
        conflicts,
        errors,
    }
}

fn measure(location: &Path, people: usize, imported: usize) -> Figures {
    let mut figures = Figures {
        insert_per_s: fill(location, people),
        ..Figures::default()
    };
    reads(location, &mut figures);
    figures.import_per_s = import_rows(location, imported);
    for threads in [8, 20] {
        figures.writers.push(writers(location, threads, 50));
    }
    figures
}

fn cell(figures: &Option<Figures>, show: impl Fn(&Figures) -> String) -> String {
    figures.as_ref().map_or("not measured".into(), show)
}

fn main() {
    let people: usize = std::env::var("KARIZ_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let imported: usize = std::env::var("KARIZ_BENCH_IMPORT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    println!(
        "kariz store on both engines, {people} people, {} deals, on {}",
        people / 10,
        machine()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = measure(&dir.path().join("bench.db"), people, imported);
    let postgres = std::env::var("KARIZ_BENCH_PG")
        .ok()
        .map(|url| measure(&PathBuf::from(url), people, imported));
    let sqlite = Some(sqlite);
    println!("| figure | SQLite | PostgreSQL |");
    println!("|---|---|---|");
    let row = |label: &str, show: &dyn Fn(&Figures) -> String| {
        println!(
            "| {label} | {} | {} |",
            cell(&sqlite, show),
            cell(&postgres, show)
        );
    };
    row("insert (people/s, 1000 per transaction)", &|f| {
        format!("{:.0}", f.insert_per_s)
    });
    row(
        &format!("import csv ({imported} rows on top, rows/s)"),
        &|f| format!("{:.0}", f.import_per_s),
    );
    row("first list page (50, median)", &|f| ms(f.first_page));
    row("search, snapshot as `kariz search` (median)", &|f| {
        ms(f.snapshot_search)
    });
    row("search scan, `--no-cache` (median)", &|f| ms(f.search));
    row("pipeline load (all deals, median)", &|f| ms(f.pipeline));
    for i in 0..2 {
        let threads = sqlite.as_ref().map_or(0, |f| f.writers[i].threads);
        row(&format!("{threads} writers: saves/s"), &|f| {
            format!("{:.0}", f.writers[i].saves_per_s)
        });
        row(&format!("{threads} writers: p99 save"), &|f| {
            ms(f.writers[i].p99)
        });
        row(&format!("{threads} writers: conflicts / errors"), &|f| {
            format!("{} / {}", f.writers[i].conflicts, f.writers[i].errors)
        });
        row(&format!("{threads} writers: saves lost"), &|f| {
            f.writers[i].lost.to_string()
        });
    }
}
