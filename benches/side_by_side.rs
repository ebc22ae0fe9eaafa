//! kariz side by side with its peers (issue 17, point 6): the same
//! generated people and tasks, written once per size in each tool's own
//! format, and each measure run by kariz, every installed peer (abook,
//! khard, taskwarrior, fzf) and the sqlite3 shell on kariz's own database
//! (the floor), interleaved, with min/median/max and the ratio peer/kariz.
//! Nothing is enforced: the figures are for docs/performance.md.
//!
//! ```text
//! cargo bench --bench side_by_side -- --size 10000 [--size 100000] [--runs 5]
//!     [--only contacts,tasks,search] [--budget 60] [--keep]
//! ```
//!
//! `--keep` leaves each size's generated files (the kariz database among
//! them) in place and prints where, for profiling one tool afterwards.
//!
//! A peer not on PATH is skipped with a "not installed" line; tmux is
//! needed for the first-screen row. `--budget` (seconds, default 60) is
//! each tool's time in a row: a tool whose runs add up to it sits out the
//! rounds left, after at least one run (khard takes ~50 s a run at 100k;
//! `--budget 30` keeps a 100k run near three minutes). A first run over
//! 10 s counts as a run (see `timing::SLOW`).

// A benchmark is a developer's measuring tool over generated data, like a
// test: a failed setup step should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

mod common;
#[path = "side_by_side/data.rs"]
mod data;
#[path = "side_by_side/formats.rs"]
mod formats;
#[path = "side_by_side/rows.rs"]
mod rows;
#[path = "side_by_side/timing.rs"]
mod timing;
#[path = "side_by_side/tools.rs"]
mod tools;

use timing::{Outcome, Tmux};

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    only: Vec<String>,
    budget: Duration,
    keep: bool,
}

fn options() -> Options {
    let mut opts = Options {
        sizes: Vec::new(),
        runs: 5,
        only: Vec::new(),
        budget: Duration::from_secs(60),
        keep: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--size" => opts.sizes.push(number(&value())),
            "--runs" => opts.runs = number(&value()).max(1),
            "--budget" => opts.budget = Duration::from_secs(number(&value()) as u64),
            "--only" => {
                opts.only = value().split(',').map(|g| g.trim().to_owned()).collect();
                for group in &opts.only {
                    assert!(
                        rows::GROUPS.contains(&group.as_str()),
                        "--only takes {}; not {group}",
                        rows::GROUPS.join(",")
                    );
                }
            }
            "--keep" => opts.keep = true,
            // cargo bench passes --bench to every bench binary.
            "--bench" => {}
            other => panic!(
                "unknown argument {other}; usage: --size N [--size N…] [--runs N] \
                 [--only contacts,tasks,search] [--budget SECONDS] [--keep]"
            ),
        }
    }
    if opts.sizes.is_empty() {
        opts.sizes.push(10_000);
    }
    opts
}

fn number(text: &str) -> usize {
    text.replace(['_', ','], "")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text}"))
}

fn main() {
    let opts = options();
    println!("kariz side by side (cargo bench --bench side_by_side)");
    println!("machine: {}", common::machine());
    println!("load average before: {}", tools::load());
    println!("tools:");
    let installed = tools::Installed::find();
    for &size in &opts.sizes {
        run_size(size, &opts, &installed);
    }
    println!("\nload average after: {}", tools::load());
}

fn run_size(size: usize, opts: &Options, installed: &tools::Installed) {
    println!("\n== {size} people, {size} open tasks");
    let today = chrono::Local::now().date_naive();
    let data = data::generate(size, today);
    let dir = tempfile::tempdir().expect("temp dir");
    let files = formats::write_all(&data, dir.path(), installed);
    for (what, bytes) in &files.sizes {
        println!("  {what}: {:.1} MB", *bytes as f64 / 1e6);
    }
    println!("  load average: {}", tools::load());
    let mut tmux = if installed.has("tmux") {
        Tmux::start(&files.env)
    } else {
        None
    };
    let started = Instant::now();
    println!("\n| measure | tool | runs | min | median | max | median / kariz | lines out |");
    println!("|---|---|---|---|---|---|---|---|");
    for row in rows::rows(&data, &files, installed, &opts.only) {
        let outcomes = timing::run_row(&row, &files.env, &mut tmux, opts.runs, opts.budget);
        print_row(&row.measure, &outcomes);
    }
    println!(
        "\n  {size}: measured in {:.0} s; load average after: {}",
        started.elapsed().as_secs_f64(),
        tools::load()
    );
    if opts.keep {
        println!("  files kept in {}", dir.keep().display());
    }
}

fn print_row(measure: &str, outcomes: &[Outcome]) {
    let kariz = outcomes
        .first()
        .and_then(|o| timing::spread(&o.samples))
        .map(|(_, median, _)| median);
    for (i, outcome) in outcomes.iter().enumerate() {
        let label = if i == 0 { measure } else { "" };
        let lines = outcome.lines.map_or("—".into(), |n| n.to_string());
        if let Some(error) = &outcome.error {
            println!("| {label} | {} | failed | | | | | |", outcome.tool);
            println!("    {}: {error}", outcome.tool);
            continue;
        }
        let Some((min, median, max)) = timing::spread(&outcome.samples) else {
            continue;
        };
        let ratio = match kariz {
            Some(k) if i > 0 && !k.is_zero() => {
                format!("{:.2}×", median.as_secs_f64() / k.as_secs_f64())
            }
            _ => "—".into(),
        };
        println!(
            "| {label} | {} | {} | {} | {} | {} | {ratio} | {lines} |",
            outcome.tool,
            outcome.samples.len(),
            time(min),
            time(median),
            time(max)
        );
    }
}

fn time(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}
