//! The Jalali (Solar Hijri, Persian) calendar, the civil calendar of Iran.
//!
//! The year starts at Nowruz, the day of the March equinox as seen from
//! Tehran's meridian (52.5° E): the first six months have 31 days, the next
//! five 30, and Esfand 29, or 30 in a leap year. Which years are leap
//! follows the sky, not a simple cycle, so the start of each year comes from
//! Borkowski's reconstruction of the astronomical calendar ("The Persian
//! calendar for 3000 years", Earth, Moon and Planets 74, 1996): a list of
//! years where the 33-year leap pattern breaks, valid for years 1–3177.
//!
//! It is checked against the leap years and Nowruz dates published by the
//! Iranian calendar authority (Calendar Center, Institute of Geophysics,
//! University of Tehran) for 1206–1498 in `tests/data/jalali_nowruz.txt`.
//! A crate was not used: the small ones disagree with that table in places
//! (ptime 0.1 puts Nowruz 1404 on the wrong day) and icu_calendar is a large
//! dependency for twenty lines of arithmetic.

use chrono::{Datelike, Days, NaiveDate};

/// The first Jalali year this module converts.
pub const FIRST_YEAR: i32 = 1;
/// The last Jalali year this module converts (the end of Borkowski's table).
pub const LAST_YEAR: i32 = 3177;

/// Jalali years at which the 33-year leap pattern restarts (Borkowski).
const BREAKS: [i32; 20] = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
];

/// A day in the Jalali calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JalaliDate {
    /// The year, e.g. 1405.
    pub year: i32,
    /// The month, 1 (Farvardin) to 12 (Esfand).
    pub month: u32,
    /// The day of the month, from 1.
    pub day: u32,
}

/// The Gregorian date of Nowruz (1 Farvardin) of Jalali `year`, or `None`
/// outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
#[must_use]
pub fn nowruz(year: i32) -> Option<NaiveDate> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    // Count the Jalali leap days up to `year` by walking the break years:
    // between breaks, every 33 years hold 8 leap years.
    let mut leap_days = -14;
    let mut previous = BREAKS[0];
    let mut jump = 0;
    for &next in &BREAKS[1..] {
        jump = next - previous;
        if year < next {
            break;
        }
        leap_days += jump / 33 * 8 + jump % 33 / 4;
        previous = next;
    }
    let into_cycle = year - previous;
    leap_days += into_cycle / 33 * 8 + (into_cycle % 33 + 3) / 4;
    if jump % 33 == 4 && jump - into_cycle == 4 {
        leap_days += 1;
    }
    let gregorian_year = year + 621;
    let gregorian_leap_days = gregorian_year / 4 - (gregorian_year / 100 + 1) * 3 / 4 - 150;
    let march_day = 20 + leap_days - gregorian_leap_days;
    NaiveDate::from_ymd_opt(gregorian_year, 3, u32::try_from(march_day).ok()?)
}

/// Whether Jalali `year` has 366 days (Esfand has 30 days), or `None`
/// outside the supported years.
#[must_use]
pub fn is_leap_year(year: i32) -> Option<bool> {
    let length = nowruz(year.checked_add(1)?)?.signed_duration_since(nowruz(year)?);
    Some(length.num_days() == 366)
}

/// The number of days in `month` (1–12) of Jalali `year`, or `None` for a
/// month outside 1–12 or a year outside the supported years.
#[must_use]
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    match month {
        1..=6 => Some(31),
        7..=11 => Some(30),
        12 => Some(if is_leap_year(year)? { 30 } else { 29 }),
        _ => None,
    }
}

/// Days from 1 Farvardin to the first of `month` (1–12).
fn days_before_month(month: u32) -> u32 {
    if month <= 7 {
        (month - 1) * 31
    } else {
        186 + (month - 7) * 30
    }
}

/// The Gregorian date of a Jalali date, or `None` when the Jalali date does
/// not exist (e.g. 30 Esfand of a common year) or is out of range.
#[must_use]
pub fn to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if day == 0 || day > days_in_month(year, month)? {
        return None;
    }
    let offset = days_before_month(month) + day - 1;
    nowruz(year)?.checked_add_days(Days::new(u64::from(offset)))
}

/// The Jalali date of a Gregorian date, or `None` outside the supported
/// years (before 622 or after 3798).
#[must_use]
pub fn from_gregorian(date: NaiveDate) -> Option<JalaliDate> {
    let mut year = date.year().checked_sub(621)?;
    let mut start = nowruz(year);
    if start.is_none_or(|s| date < s) {
        year -= 1;
        start = nowruz(year);
    }
    let start = start?;
    let day_of_year = u32::try_from(date.signed_duration_since(start).num_days()).ok()?;
    let (month, day) = if day_of_year < 186 {
        (day_of_year / 31 + 1, day_of_year % 31 + 1)
    } else {
        let rest = day_of_year - 186;
        (rest / 30 + 7, rest % 30 + 1)
    };
    (month <= 12).then_some(JalaliDate { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    /// The official table: `year[*|**] yyyy-mm-dd` per line, star = leap.
    fn official_table() -> Vec<(i32, bool, NaiveDate)> {
        include_str!("../../tests/data/jalali_nowruz.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|line| {
                let (year, date) = line.split_once(' ').expect("two columns");
                let leap = year.ends_with('*');
                let year = year.trim_end_matches('*').parse().expect("year");
                let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").expect("date");
                (year, leap, date)
            })
            .collect()
    }

    #[test]
    fn leap_years_and_nowruz_match_the_official_table() {
        let table = official_table();
        assert!(table.len() >= 199, "table covers 1300–1498");
        let mut wrong = Vec::new();
        for (year, leap, date) in table {
            if is_leap_year(year) != Some(leap) || nowruz(year) != Some(date) {
                wrong.push(year);
            }
        }
        assert!(
            wrong.is_empty(),
            "years disagreeing with the table: {wrong:?}"
        );
    }

    #[test]
    fn leap_years_1300_to_1500() {
        // The official list for 1300–1498; 1499 and 1500 follow the leap
        // year 1498, and two leap years are never less than four years apart.
        let official: Vec<i32> = official_table()
            .into_iter()
            .filter(|&(y, leap, _)| leap && (1300..=1500).contains(&y))
            .map(|(y, _, _)| y)
            .collect();
        let ours: Vec<i32> = (1300..=1500)
            .filter(|&y| is_leap_year(y) == Some(true))
            .collect();
        assert_eq!(ours, official);
        assert_eq!(is_leap_year(1499), Some(false));
        assert_eq!(is_leap_year(1500), Some(false));
    }

    #[test]
    fn anchors() {
        assert_eq!(to_gregorian(1404, 1, 1), Some(ymd(2025, 3, 21)));
        assert_eq!(to_gregorian(1405, 10, 1), Some(ymd(2026, 12, 22)));
        assert_eq!(
            from_gregorian(ymd(2026, 11, 22)),
            Some(JalaliDate {
                year: 1405,
                month: 9,
                day: 1
            })
        );
        assert_eq!(to_gregorian(1403, 12, 30), Some(ymd(2025, 3, 20)));
        assert_eq!(to_gregorian(1404, 12, 30), None);
        assert_eq!(to_gregorian(1405, 12, 30), None);
        assert_eq!(to_gregorian(1405, 13, 1), None);
        assert_eq!(to_gregorian(1405, 1, 0), None);
        assert_eq!(to_gregorian(1405, 7, 31), None);
        assert_eq!(days_in_month(1405, 12), Some(29));
        assert_eq!(days_in_month(1403, 12), Some(30));
    }

    #[test]
    fn every_day_of_1380_to_1420_round_trips() {
        let mut day = to_gregorian(1380, 1, 1).expect("in range");
        let end = to_gregorian(1421, 1, 1).expect("in range");
        let mut previous: Option<JalaliDate> = None;
        while day < end {
            let j = from_gregorian(day).expect("in range");
            assert_eq!(to_gregorian(j.year, j.month, j.day), Some(day), "{j:?}");
            if let Some(p) = previous {
                assert!(p < j, "{p:?} then {j:?}");
            }
            previous = Some(j);
            day = day.succ_opt().expect("next day");
        }
    }

    #[test]
    fn edges_of_the_supported_range_are_none_not_panics() {
        assert_eq!(nowruz(0), None);
        assert_eq!(nowruz(LAST_YEAR + 1), None);
        assert!(nowruz(LAST_YEAR).is_some());
        assert!(nowruz(FIRST_YEAR).is_some());
        assert_eq!(from_gregorian(NaiveDate::MIN), None);
        assert_eq!(from_gregorian(NaiveDate::MAX), None);
        assert_eq!(from_gregorian(ymd(100, 1, 1)), None);
        assert_eq!(is_leap_year(i32::MAX), None);
        assert_eq!(to_gregorian(i32::MIN, 1, 1), None);
        let first = nowruz(FIRST_YEAR).expect("year 1");
        assert_eq!(from_gregorian(first).map(|j| j.year), Some(1));
        assert_eq!(first.pred_opt().and_then(from_gregorian), None);
    }
}
