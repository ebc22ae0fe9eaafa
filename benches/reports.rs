//! Report timings at scale (no thresholds: machines are shared and noisy).
//! Run with `cargo bench --bench reports`.
//!
//! Data, on a real SQLite file: 100k people (demo synth, with lead
//! sources added), `KARIZ_BENCH_DEALS` deals (default 20,000) created over
//! the past year, each moved through 1–4 stages and half of them won or
//! lost (stage history rows for every move), and `KARIZ_BENCH_ACTIVITIES`
//! activities (default 1,000,000) spread over the year. Each report runs
//! for this month (the default period) several times; the median and the
//! worst are printed. Target: ≤ 100 ms per report, ≤ 150 ms dashboard.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, TimeZone, Utc};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::demo::{Rng, generate};
use kariz::model::exchange::{Rate, RateValue};
use kariz::model::{ActivityData, ActivityKind, DealData};
use kariz::reports::{self, Period, Scope};
use kariz::store::{DealRows, ReportFilter, Store};
use std::time::{Duration as StdDuration, Instant};

mod common;
use common::{machine, ms, percentile};

const OWNERS: &[&str] = &[
    "Sara Ahmadi",
    "Reza Karimi",
    "Layla Haddad",
    "Navid Rahimi",
    "Omar Khalil",
];
const REASONS: &[&str] = &["price", "timing", "competitor"];
const OPEN: &[&str] = &["Lead", "Qualified", "Proposal", "Negotiation"];

fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn clock() -> Clock {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .unwrap_or_default();
    Clock::fixed(now.fixed_offset())
}

fn build(store: &mut Store, deals: usize, activities: usize) {
    let clock = clock();
    let now = clock.now_utc();
    let mut rng = Rng::new(13);
    let t = Instant::now();
    generate(store, &clock, 100_000, &mut rng).unwrap();
    println!(
        "  setup: 100k people (synth) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let year = 365 * 86_400;
    store
        .write(now, |w| {
            for i in 0..deals {
                let mut at = now - Duration::seconds(rng.between(0, year));
                w.stamp(at);
                let (currency, value) = match i % 3 {
                    0 => ("USD", rng.between(50_000, 5_000_000)),
                    1 => ("AED", rng.between(100_000, 10_000_000)),
                    _ => ("IRR", rng.between(10_000_000, 9_000_000_000)),
                };
                let id = w.add_deal(DealData {
                    title: format!("Bench deal {i}"),
                    pipeline: "sales".into(),
                    stage: "Lead".into(),
                    value_minor: value,
                    currency: currency.into(),
                    person_id: Some(rng.between(1, 100_000)),
                    owner: Some(rng.pick(OWNERS).to_string()),
                    expected_close: Some((at + Duration::days(rng.between(10, 120))).date_naive()),
                    ..DealData::default()
                })?;
                let steps = rng.below(4);
                for step in 1..=steps {
                    at += Duration::seconds(rng.between(3_600, 20 * 86_400));
                    if at >= now {
                        break;
                    }
                    w.stamp(at);
                    w.move_deal(id, None, OPEN[step.min(OPEN.len() - 1)], None)?;
                }
                at += Duration::seconds(rng.between(3_600, 20 * 86_400));
                if at < now && rng.below(2) == 0 {
                    w.stamp(at);
                    if rng.below(2) == 0 {
                        w.win_deal(id, None)?;
                    } else {
                        let reason: &&str = rng.pick(REASONS);
                        w.lose_deal(id, None, reason)?;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    println!(
        "  setup: {deals} deals with history in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let kinds = ActivityKind::ALL;
    store
        .write(now, |w| {
            for i in 0..activities {
                w.add_activity(ActivityData {
                    kind: *rng.pick(&kinds),
                    subject: format!("Bench activity {i}"),
                    body: None,
                    occurred_at: now - Duration::seconds(rng.between(0, year)),
                    author: rng.pick(OWNERS).to_string(),
                    person_id: Some(rng.between(1, 100_000)),
                    company_id: None,
                    deal_id: None,
                })?;
            }
            let rate = |from: &str, to: &str, r: &str| Rate {
                from: from.into(),
                to: to.into(),
                day: (now - Duration::days(400)).date_naive(),
                rate: RateValue::parse(r).unwrap(),
            };
            w.set_rate(&rate("USD", "IRR", "1050000"))?;
            w.set_rate(&rate("AED", "USD", "0.2723"))?;
            Ok(())
        })
        .unwrap();
    println!(
        "  setup: {activities} activities in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

fn time<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) {
    let mut samples: Vec<StdDuration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        samples.push(t.elapsed());
    }
    let p50 = percentile(&mut samples, 0.5);
    let max = percentile(&mut samples, 1.0);
    println!("  {name:<10} p50 {:>12}  max {:>12}", ms(p50), ms(max));
}

fn main() {
    let deals = env_usize("KARIZ_BENCH_DEALS", 20_000);
    let activities = env_usize("KARIZ_BENCH_ACTIVITIES", 1_000_000);
    println!("reports bench on {}", machine());
    println!("data: 100k people, {deals} deals with stage history, {activities} activities");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reports.db");
    let mut config = Config::default_config();
    config.money.report_currency = "IRR".into();
    let mut store = Store::open(&path, config.clone(), "bench").unwrap();
    build(&mut store, deals, activities);
    drop(store);
    let store = Store::open(&path, config.clone(), "bench").unwrap();
    let now = clock().now_local();
    let period = Period::month_of(now.date_naive(), config.display.calendar);
    // Scope::new reads the rates: part of every report's cost.
    let scope = || Scope::new(&store, &config, period, ReportFilter::default(), now).unwrap();
    let runs = 7;
    println!("parts every report shares:");
    time("scope", runs, scope);
    time("all deals", runs, || {
        store
            .report_deals(&ReportFilter::default(), DealRows::All)
            .unwrap()
    });
    println!(
        "report times, period {} – {} (from a reopened file):",
        period.from, period.to
    );
    time("dashboard", runs, || {
        reports::dashboard::run(&store, &scope()).unwrap()
    });
    time("funnel", runs, || {
        reports::funnel::run(&store, &scope()).unwrap()
    });
    time("winrate", runs, || {
        reports::winrate::run(&store, &scope()).unwrap()
    });
    time("cycle", runs, || {
        reports::cycle::run(&store, &scope()).unwrap()
    });
    time("forecast", runs, || {
        reports::forecast::run(&store, &scope()).unwrap()
    });
    time("revenue", runs, || {
        reports::revenue::run(&store, &scope()).unwrap()
    });
    time("lost", runs, || {
        reports::lost::run(&store, &scope()).unwrap()
    });
    time("sources", runs, || {
        reports::sources::run(&store, &scope()).unwrap()
    });
    time("activity", runs, || {
        reports::activity::run(&store, &scope()).unwrap()
    });
    let owner = ReportFilter {
        owner: Some(OWNERS[0].into()),
        ..ReportFilter::default()
    };
    time("dash/owner", runs, || {
        let s = Scope::new(&store, &config, period, owner.clone(), now).unwrap();
        reports::dashboard::run(&store, &s).unwrap()
    });
}
