//! The current time, injected.
//!
//! Today's list, overdue flags and rotting deals depend on "now", so nothing
//! in the library reads the system clock: front-ends build a [`Clock`] once and
//! pass it down. `KARIZ_NOW` pins it for tests and demos.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveTime, TimeZone, Utc};

/// A fixed instant with the user's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    now: DateTime<FixedOffset>,
}

impl Clock {
    /// A clock at a given local instant.
    pub fn fixed(now: DateTime<FixedOffset>) -> Self {
        Clock { now }
    }

    /// The machine's clock in the machine's time zone.
    pub fn system() -> Self {
        Clock {
            now: Local::now().fixed_offset(),
        }
    }

    /// Reads `KARIZ_NOW` (RFC 3339, e.g. `2026-11-22T09:00:00+03:30`, or a
    /// bare date meaning 09:00 UTC that day) when given, else the system clock.
    pub fn from_env_value(value: Option<&str>) -> Result<Self, String> {
        let Some(text) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(Clock::system());
        };
        if let Ok(now) = DateTime::parse_from_rfc3339(text) {
            return Ok(Clock::fixed(now));
        }
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            let naive = date.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default());
            return Ok(Clock::fixed(Utc.from_utc_datetime(&naive).fixed_offset()));
        }
        Err(format!(
            "KARIZ_NOW={text:?} is not a time; use RFC 3339 such as 2026-11-22T09:00:00+03:30, or a date such as 2026-11-22"
        ))
    }

    /// Now, in UTC, truncated to whole seconds (what the database stores).
    pub fn now_utc(&self) -> DateTime<Utc> {
        let utc = self.now.with_timezone(&Utc);
        Utc.timestamp_opt(utc.timestamp(), 0)
            .single()
            .unwrap_or(utc)
    }

    /// Now, with the local offset.
    pub fn now_local(&self) -> DateTime<FixedOffset> {
        self.now
    }

    /// The local calendar date.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Converts a local date and time of day to UTC using the clock's offset.
    pub fn local_to_utc(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let naive = date.and_time(time) - *self.now.offset();
        Utc.from_utc_datetime(&naive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
