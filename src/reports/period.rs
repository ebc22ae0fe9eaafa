//! The period a report covers, and month buckets in the configured calendar.

use crate::config::Calendar;
use crate::locale::calendar::jalali;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;

/// A calendar period's length: the Reports view steps by these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Span {
    /// A month of the calendar.
    #[default]
    Month,
    /// Three months: months 1–3, 4–6, 7–9 or 10–12 of the calendar's year.
    Quarter,
    /// A year of the calendar (Farvardin to Esfand when Jalali).
    Year,
}

impl Span {
    /// Month, quarter, year, month…
    pub fn next(self) -> Span {
        match self {
            Span::Month => Span::Quarter,
            Span::Quarter => Span::Year,
            Span::Year => Span::Month,
        }
    }

    /// How many months it holds.
    fn months(self) -> u32 {
        match self {
            Span::Month => 1,
            Span::Quarter => 3,
            Span::Year => 12,
        }
    }
}

/// Days from `from` to `to`, both included (local dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day (included).
    pub to: NaiveDate,
}

impl Period {
    /// A period; `None` when `to` is before `from`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Period> {
        (from <= to).then_some(Period { from, to })
    }

    /// The month holding `day` in `calendar`.
    pub fn month_of(day: NaiveDate, calendar: Calendar) -> Period {
        let (from, to) = month_bounds(day, calendar);
        Period { from, to }
    }

    /// The month, quarter or year holding `day` in `calendar`.
    pub fn span_of(day: NaiveDate, span: Span, calendar: Calendar) -> Period {
        let per = span.months();
        if calendar == Calendar::Jalali
            && let Some(j) = jalali::from_gregorian(day)
        {
            let first_month = (j.month - 1) / per * per + 1;
            let last_month = first_month + per - 1;
            if let Some(from) = jalali::to_gregorian(j.year, first_month, 1)
                && let Some(len) = jalali::days_in_month(j.year, last_month)
                && let Some(to) = jalali::to_gregorian(j.year, last_month, len)
            {
                return Period { from, to };
            }
        }
        let first_month = (day.month() - 1) / per * per + 1;
        let from = NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap_or(day);
        let to = from
            .checked_add_months(chrono::Months::new(per))
            .and_then(|d| d.pred_opt())
            .unwrap_or(day);
        Period { from, to }
    }

    /// The span before (`forward` false) or after this one.
    pub fn step(&self, span: Span, calendar: Calendar, forward: bool) -> Period {
        let day = if forward {
            self.to.succ_opt().unwrap_or(self.to)
        } else {
            self.from.pred_opt().unwrap_or(self.from)
        };
        Period::span_of(day, span, calendar)
    }

    /// Whether `day` is inside.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Number of days, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Whether the period is exactly one month of `calendar`.
    pub fn is_month(&self, calendar: Calendar) -> bool {
        Period::month_of(self.from, calendar) == *self
    }

    /// The period before: the previous month, quarter or year when this
    /// is exactly one of the calendar, else the same number of days just
    /// before.
    pub fn previous(&self, calendar: Calendar) -> Period {
        let before = self.from.pred_opt().unwrap_or(self.from);
        for span in [Span::Month, Span::Quarter, Span::Year] {
            if Period::span_of(self.from, span, calendar) == *self {
                return Period::span_of(before, span, calendar);
            }
        }
        let from = before
            .checked_sub_signed(Duration::days(self.days() - 1))
            .unwrap_or(before);
        Period { from, to: before }
    }

    /// Start and exclusive end in UTC, for a clock `offset_seconds` east.
    pub fn utc_bounds(&self, offset_seconds: i32) -> (DateTime<Utc>, DateTime<Utc>) {
        let at = |day: NaiveDate| {
            let local = day.and_time(NaiveTime::MIN) - Duration::seconds(i64::from(offset_seconds));
            Utc.from_utc_datetime(&local)
        };
        let end = self.to.succ_opt().unwrap_or(self.to);
        (at(self.from), at(end))
    }
}

/// First and last day of the month holding `day` in `calendar`.
fn month_bounds(day: NaiveDate, calendar: Calendar) -> (NaiveDate, NaiveDate) {
    if calendar == Calendar::Jalali
        && let Some(j) = jalali::from_gregorian(day)
        && let Some(first) = jalali::to_gregorian(j.year, j.month, 1)
        && let Some(len) = jalali::days_in_month(j.year, j.month)
        && let Some(last) = jalali::to_gregorian(j.year, j.month, len)
    {
        return (first, last);
    }
    let first = day.with_day(1).unwrap_or(day);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    (first, next.pred_opt().unwrap_or(first))
}

/// The month bucket of a day: "1405-09" (Jalali) or "2026-12".
pub fn month_key(day: NaiveDate, calendar: Calendar) -> String {
    if calendar == Calendar::Jalali
        && let Some(j) = jalali::from_gregorian(day)
    {
        return format!("{:04}-{:02}", j.year, j.month);
    }
    format!("{:04}-{:02}", day.year(), day.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn gregorian_and_jalali_months() {
        let g = Period::month_of(d("2026-12-04"), Calendar::Gregorian);
        assert_eq!((g.from, g.to), (d("2026-12-01"), d("2026-12-31")));
        // 13 Azar 1405: Azar runs 22 Nov – 21 Dec 2026 (30 days).
        let j = Period::month_of(d("2026-12-04"), Calendar::Jalali);
        assert_eq!((j.from, j.to), (d("2026-11-22"), d("2026-12-21")));
        assert_eq!(j.days(), 30);
        assert_eq!(month_key(d("2026-12-21"), Calendar::Jalali), "1405-09");
        assert_eq!(month_key(d("2026-12-22"), Calendar::Jalali), "1405-10");
        assert_eq!(month_key(d("2026-12-22"), Calendar::Gregorian), "2026-12");
    }

    #[test]
    fn previous_period() {
        let j = Period::month_of(d("2026-12-04"), Calendar::Jalali);
        let p = j.previous(Calendar::Jalali);
        // Aban 1405: 23 Oct – 21 Nov 2026.
        assert_eq!((p.from, p.to), (d("2026-10-23"), d("2026-11-21")));
        let ten = Period::new(d("2026-12-11"), d("2026-12-20")).unwrap();
        let p = ten.previous(Calendar::Gregorian);
        assert_eq!((p.from, p.to), (d("2026-12-01"), d("2026-12-10")));
    }

    #[test]
    fn quarters_and_years_in_both_calendars() {
        let q = Period::span_of(d("2026-12-04"), Span::Quarter, Calendar::Gregorian);
        assert_eq!((q.from, q.to), (d("2026-10-01"), d("2026-12-31")));
        // Azar is the 9th Jalali month: the quarter is Mehr–Azar 1405.
        let q = Period::span_of(d("2026-12-04"), Span::Quarter, Calendar::Jalali);
        assert_eq!((q.from, q.to), (d("2026-09-23"), d("2026-12-21")));
        assert_eq!(
            q.step(Span::Quarter, Calendar::Jalali, true).from,
            d("2026-12-22")
        );
        let y = Period::span_of(d("2026-12-04"), Span::Year, Calendar::Jalali);
        assert_eq!((y.from, y.to), (d("2026-03-21"), d("2027-03-20")));
        assert_eq!(y.previous(Calendar::Jalali).to, d("2026-03-20"));
        let y = Period::span_of(d("2026-12-04"), Span::Year, Calendar::Gregorian);
        assert_eq!((y.from, y.to), (d("2026-01-01"), d("2026-12-31")));
        let m = Period::month_of(d("2026-12-04"), Calendar::Jalali);
        assert_eq!(
            m.step(Span::Month, Calendar::Jalali, false),
            m.previous(Calendar::Jalali)
        );
    }

    #[test]
    fn utc_bounds_follow_the_offset() {
        let p = Period::new(d("2026-12-01"), d("2026-12-31")).unwrap();
        let (a, b) = p.utc_bounds(12_600);
        assert_eq!(a.to_rfc3339(), "2026-11-30T20:30:00+00:00");
        assert_eq!(b.to_rfc3339(), "2026-12-31T20:30:00+00:00");
    }
}
