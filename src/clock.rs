//! The current time, injected.
//!
//! Today's list, overdue flags and rotting deals depend on "now", so nothing
//! in the library reads the system clock: front-ends build a [`Clock`] once and
//! pass it down, and every action asks it for the time when it happens (a
//! clock is a source of time, not a captured instant). `KARIZ_NOW` pins it
//! for tests and demos; `KARIZ_NOW_START` starts it at a pinned instant and
//! lets it run, so a test can watch midnight pass.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveTime, Offset, TimeZone, Utc};

/// Where "now" comes from.
#[derive(Debug, Clone)]
enum Source {
    /// Always the same instant (`KARIZ_NOW`, tests).
    Fixed(DateTime<FixedOffset>),
    /// The machine's clock in the machine's time zone.
    System,
    /// Starts at `start` and runs at the machine clock's pace (`KARIZ_NOW_START`).
    Running {
        start: DateTime<FixedOffset>,
        since: Instant,
    },
    /// Moved by hand: every clone shares the same instant (tests advance it
    /// while an app runs).
    Manual {
        offset: FixedOffset,
        seconds: Arc<AtomicI64>,
    },
}

/// A source of "now" with the user's UTC offset; each call reads it afresh.
#[derive(Debug, Clone)]
pub struct Clock {
    source: Source,
}

impl Clock {
    /// A clock that always says `now`.
    pub fn fixed(now: DateTime<FixedOffset>) -> Self {
        Clock {
            source: Source::Fixed(now),
        }
    }

    /// The machine's clock in the machine's time zone.
    pub fn system() -> Self {
        Clock {
            source: Source::System,
        }
    }

    /// A clock that starts at `start` and runs on from there.
    pub fn running_from(start: DateTime<FixedOffset>) -> Self {
        Clock {
            source: Source::Running {
                start,
                since: Instant::now(),
            },
        }
    }

    /// A clock at `start` that moves only when [`Clock::set`] or
    /// [`Clock::advance`] is called on it or on any of its clones.
    pub fn manual(start: DateTime<FixedOffset>) -> Self {
        Clock {
            source: Source::Manual {
                offset: *start.offset(),
                seconds: Arc::new(AtomicI64::new(start.timestamp())),
            },
        }
    }

    /// Moves a manual clock (and its clones) to `at`; other clocks ignore it
    /// and return false.
    pub fn set(&self, at: DateTime<FixedOffset>) -> bool {
        match &self.source {
            Source::Manual { seconds, .. } => {
                seconds.store(at.timestamp(), Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    /// Moves a manual clock forward by `by`; other clocks return false.
    pub fn advance(&self, by: chrono::Duration) -> bool {
        match &self.source {
            Source::Manual { seconds, .. } => {
                seconds.fetch_add(by.num_seconds(), Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    /// Reads `KARIZ_NOW` (RFC 3339, e.g. `2026-11-22T09:00:00+03:30`, or a
    /// bare date meaning 09:00 UTC that day) when given, else the system clock.
    pub fn from_env_value(value: Option<&str>) -> Result<Self, String> {
        Self::from_env_values(value, None)
    }

    /// `KARIZ_NOW` pins the clock; else `KARIZ_NOW_START` (same forms)
    /// starts it there and lets it run; else the system clock.
    pub fn from_env_values(now: Option<&str>, start: Option<&str>) -> Result<Self, String> {
        let given = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(String::from);
        if let Some(text) = given(now) {
            return parse_instant(&text, "KARIZ_NOW").map(Clock::fixed);
        }
        if let Some(text) = given(start) {
            return parse_instant(&text, "KARIZ_NOW_START").map(Clock::running_from);
        }
        Ok(Clock::system())
    }

    /// Now, with the local offset, read at this moment.
    pub fn now_local(&self) -> DateTime<FixedOffset> {
        match &self.source {
            Source::Fixed(now) => *now,
            Source::System => Local::now().fixed_offset(),
            Source::Running { start, since } => {
                let elapsed = chrono::Duration::from_std(since.elapsed()).unwrap_or_default();
                *start + elapsed
            }
            Source::Manual { offset, seconds } => {
                let at = seconds.load(Ordering::Relaxed);
                Utc.timestamp_opt(at, 0)
                    .single()
                    .unwrap_or_default()
                    .with_timezone(offset)
            }
        }
    }

    /// Now, in UTC, truncated to whole seconds (what the database stores).
    pub fn now_utc(&self) -> DateTime<Utc> {
        let utc = self.now_local().with_timezone(&Utc);
        Utc.timestamp_opt(utc.timestamp(), 0)
            .single()
            .unwrap_or(utc)
    }

    /// The local calendar date.
    pub fn today(&self) -> NaiveDate {
        self.now_local().date_naive()
    }

    /// Converts a local date and time of day to UTC with the offset in
    /// force on that date, not today's: 14:00 on a July day in Berlin is
    /// 12:00 UTC even when it is now winter there. The rules are the
    /// system's time-zone database (`TZ`, else /etc/localtime, read by
    /// chrono from the system zoneinfo, so no copy of the tz database is
    /// built into kariz). When the clock's offset is not the one those
    /// rules give for now (KARIZ_NOW pinned in another zone, as tests
    /// do), the clock's fixed offset is used instead, so a pinned run
    /// stays reproducible on any machine.
    pub fn local_to_utc(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let naive = date.and_time(time);
        let now = self.now_local();
        let fixed = || Utc.from_utc_datetime(&(naive - *now.offset()));
        let system_now = Local.offset_from_utc_datetime(&now.naive_utc());
        if system_now.fix() != *now.offset() {
            return fixed();
        }
        match Local.from_local_datetime(&naive) {
            // In the hour clocks are set back, the first of the two.
            chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
                t.with_timezone(&Utc)
            }
            // In the hour skipped when clocks go forward: the same wall
            // time an hour later, as a phone's calendar does.
            chrono::LocalResult::None => Local
                .from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
                .map_or_else(fixed, |t| t.with_timezone(&Utc)),
        }
    }
}

fn parse_instant(text: &str, variable: &str) -> Result<DateTime<FixedOffset>, String> {
    if let Ok(now) = DateTime::parse_from_rfc3339(text) {
        return Ok(now);
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let naive = date.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default());
        return Ok(Utc.from_utc_datetime(&naive).fixed_offset());
    }
    Err(format!(
        "{variable}={text:?} is not a time; use RFC 3339 such as 2026-11-22T09:00:00+03:30, or a date such as 2026-11-22"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_for_every_clone() {
        let start = DateTime::parse_from_rfc3339("2026-11-22T23:59:00+00:00").unwrap();
        let clock = Clock::manual(start);
        let copy = clock.clone();
        assert!(clock.advance(chrono::Duration::minutes(2)));
        assert_eq!(copy.today(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert!(!Clock::fixed(start).advance(chrono::Duration::minutes(2)));
    }

    #[test]
    fn now_start_runs_from_the_pinned_instant_and_now_wins() {
        let clock = Clock::from_env_values(None, Some("2026-11-22T09:00:00+00:00")).unwrap();
        let now = clock.now_utc();
        assert!(now >= Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap());
        assert!(now < Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap());
        let pinned = Clock::from_env_values(Some("2026-01-01"), Some("2026-11-22")).unwrap();
        assert_eq!(pinned.today(), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        let err = Clock::from_env_values(None, Some("later")).unwrap_err();
        assert!(err.contains("KARIZ_NOW_START"), "{err}");
    }

    #[test]
    fn pinned_clock_gives_local_today_and_utc_now() {
        let clock = Clock::from_env_value(Some("2026-11-22T01:30:00+03:30")).unwrap();
        assert_eq!(
            clock.today(),
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        );
        assert_eq!(clock.now_utc().to_rfc3339(), "2026-11-21T22:00:00+00:00");
    }

    #[test]
    fn bare_date_means_nine_utc() {
        let clock = Clock::from_env_value(Some("2026-11-22")).unwrap();
        assert_eq!(clock.now_utc().to_rfc3339(), "2026-11-22T09:00:00+00:00");
    }

    #[test]
    fn garbage_is_an_error_naming_the_variable() {
        let err = Clock::from_env_value(Some("soon")).unwrap_err();
        assert!(err.contains("KARIZ_NOW"), "{err}");
    }

    #[test]
    fn local_time_converts_with_offset() {
        let clock = Clock::from_env_value(Some("2026-11-22T10:00:00+03:30")).unwrap();
        let utc = clock.local_to_utc(
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            NaiveTime::from_hms_opt(14, 30, 0).unwrap(),
        );
        assert_eq!(utc.to_rfc3339(), "2026-11-22T11:00:00+00:00");
    }
}
