//! Business-time arithmetic: how much working time lies between two
//! instants, and when a given amount of it has passed, in the team's time
//! zone (`calendar::zone`: the IANA rules, so a zone's daylight-saving
//! changes and Iran's 2022 end of DST are right without kariz keeping
//! tables).

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

use crate::calendar::zone::Zone;

use crate::config::{SupportConfig, WorkInterval};

/// How far a due time is searched for: ten years of days. Validation
/// guarantees working hours in the week, so only a calendar of holidays
/// covering years could reach this.
const MAX_DAYS: u64 = 3660;

/// The working week, holidays and zone of a support team.
#[derive(Debug, Clone, Copy)]
pub struct BusinessCalendar<'a> {
    zone: &'a Zone,
    hours: &'a [Vec<WorkInterval>; 7],
    holidays: &'a [NaiveDate],
}

impl<'a> BusinessCalendar<'a> {
    /// The calendar the config describes.
    pub fn new(support: &'a SupportConfig) -> Self {
        BusinessCalendar {
            zone: &support.time_zone,
            hours: &support.hours,
            holidays: &support.holidays,
        }
    }

    /// The working intervals of local day `date`, in UTC.
    fn day(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if self.holidays.binary_search(&date).is_ok() {
            return Vec::new();
        }
        let weekday = chrono::Datelike::weekday(&date).num_days_from_monday() as usize;
        let Some(intervals) = self.hours.get(weekday) else {
            return Vec::new();
        };
        let midnight = date.and_time(chrono::NaiveTime::MIN);
        intervals
            .iter()
            .filter_map(|i| {
                let start = self.instant(midnight + Duration::minutes(i64::from(i.start)))?;
                let end = self.instant(midnight + Duration::minutes(i64::from(i.end)))?;
                (start < end).then_some((start, end))
            })
            .collect()
    }

    fn instant(&self, local: chrono::NaiveDateTime) -> Option<DateTime<Utc>> {
        self.zone.instant(local)
    }

    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        self.zone.local_date(at)
    }

    /// Seconds of working time in `[from, to)`; zero when `to <= from`.
    pub fn seconds_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        // A day before and after: an interval ending at 24:00 local may
        // belong to the previous local date.
        let mut date = self.local_date(from) - Days::new(1);
        let last = self.local_date(to) + Days::new(1);
        let mut total = 0;
        while date <= last {
            for (start, end) in self.day(date) {
                let (s, e) = (start.max(from), end.min(to));
                if s < e {
                    total += (e - s).num_seconds();
                }
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        total
    }

    /// The instant at which `seconds` of working time have passed since
    /// `from`; `None` if no working time is found within ten years.
    pub fn add(&self, from: DateTime<Utc>, seconds: i64) -> Option<DateTime<Utc>> {
        if seconds <= 0 {
            return Some(from);
        }
        let mut left = seconds;
        let mut date = self.local_date(from) - Days::new(1);
        for _ in 0..MAX_DAYS {
            for (start, end) in self.day(date) {
                let s = start.max(from);
                if end <= s {
                    continue;
                }
                let available = (end - s).num_seconds();
                if available >= left {
                    return Some(s + Duration::seconds(left));
                }
                left -= available;
            }
            date = date.succ_opt()?;
        }
        None
    }
}
