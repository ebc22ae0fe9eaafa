//! What every benchmark prints with its figures: the machine, and timings
//! in milliseconds with percentiles. Each bench uses a subset.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::time::Duration;

/// CPU model and core count, from /proc/cpuinfo.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    format!("{cpu}, {cores} cores")
}

/// The `p` quantile (0 to 1) of `samples` (sorted in place).
pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    if samples.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx.min(samples.len() - 1)]
}

/// A duration in milliseconds.
pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// A Google-contacts-style CSV of `rows` new people (name, e-mail, phone,
/// one of 5,000 companies, two tags), for the import benchmarks.
pub fn people_csv(rows: usize) -> String {
    let first = [
        "سارا",
        "Ali",
        "مریم",
        "Reza",
        "فاطمه",
        "Omar",
        "Nika",
        "حسین",
    ];
    let last = ["احمدی", "Karimi", "رضایی", "Haddad", "موسوی", "Saleh"];
    let mut text = String::with_capacity(rows * 90);
    text.push_str("Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name,Labels\n");
    for i in 0..rows {
        let _ = writeln!(
            text,
            "{} {} {i},p{i}@example.com,+98 912 {:07},Company {},customer ::: seg{}",
            first[i % first.len()],
            last[i % last.len()],
            i,
            i % 5000,
            i % 7
        );
    }
    text
}
