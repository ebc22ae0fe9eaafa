//! Yearly occasions (birthdays): the day of a given year on which a date
//! comes round again, in the calendar the user chose.
//!
//! A Jalali user celebrates on the Jalali date: someone born 1370/01/01
//! (1991-03-21) has a birthday on 1 Farvardin every year, which is 20 March
//! in some Gregorian years and 21 March in others. So the rule compares
//! month and day in the chosen calendar, never the stored Gregorian ones.
//!
//! The one day that does not exist every year: 29 February (Gregorian) and
//! 30 Esfand (Jalali) fall on the last day of that month in a common year
//! (28 February, 29 Esfand), the custom in both calendars, so a birthday is
//! never skipped.

use super::jalali;
use crate::vocab::Calendar;
use chrono::{Datelike, NaiveDate};

/// Whether `date` (a birth date, stored as Gregorian) comes round on `day`
/// in `calendar`.
#[must_use]
pub fn recurs_on(date: NaiveDate, day: NaiveDate, calendar: Calendar) -> bool {
    match calendar {
        Calendar::Jalali => match (jalali::from_gregorian(date), jalali::from_gregorian(day)) {
            (Some(born), Some(today)) => same_day_of_year(
                (born.month, born.day),
                (today.month, today.day),
                jalali::days_in_month(today.year, today.month),
            ),
            // Outside the Jalali table (years before 622): fall back to
            // the Gregorian rule rather than never showing the birthday.
            _ => recurs_on(date, day, Calendar::Gregorian),
        },
        Calendar::Gregorian => same_day_of_year(
            (date.month(), date.day()),
            (day.month(), day.day()),
            gregorian_days_in_month(day),
        ),
    }
}

/// How many days either side of a date its Jalali anniversary can fall in
/// Gregorian terms (Nowruz moves between 19 and 22 March, and the last day
/// of February or Esfand moves a day): a store query narrows by Gregorian
/// month and day within this window, then applies [`recurs_on`].
pub const GREGORIAN_WINDOW_DAYS: u64 = 3;

/// Month/day `born` comes round on `today` when they match, or when `born`
/// is a day past the end of this year's month (29 Feb, 30 Esfand) and
/// `today` is that month's last day.
fn same_day_of_year(born: (u32, u32), today: (u32, u32), days_this_month: Option<u32>) -> bool {
    if born == today {
        return true;
    }
    born.0 == today.0 && days_this_month == Some(today.1) && born.1 > today.1
}

fn gregorian_days_in_month(day: NaiveDate) -> Option<u32> {
    let (year, month) = if day.month() == 12 {
        (day.year().checked_add(1)?, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    let first_of_next = NaiveDate::from_ymd_opt(year, month, 1)?;
    first_of_next.pred_opt().map(|d| d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn jalali_day(y: i32, m: u32, d: u32) -> NaiveDate {
        jalali::to_gregorian(y, m, d).expect("valid Jalali test date")
    }

    #[test]
    fn a_jalali_birthday_follows_the_jalali_date_not_the_gregorian_one() {
        let born = jalali_day(1370, 1, 1);
        for year in 1395..=1410 {
            let nowruz = jalali_day(year, 1, 1);
            assert!(recurs_on(born, nowruz, Calendar::Jalali), "Nowruz {year}");
            let eve = nowruz.pred_opt().expect("a day before Nowruz");
            assert!(!recurs_on(born, eve, Calendar::Jalali), "eve of {year}");
        }
        // Nowruz is not always on the Gregorian month-day of the birth, so
        // the Gregorian rule would miss it in some years.
        let missed = (1395..=1410)
            .filter(|y| !recurs_on(born, jalali_day(*y, 1, 1), Calendar::Gregorian))
            .count();
        assert!(missed > 0);
    }

    #[test]
    fn thirty_esfand_falls_on_twenty_nine_esfand_in_a_common_year() {
        let leap = (1370..1420)
            .find(|y| jalali::is_leap_year(*y) == Some(true))
            .expect("a leap year");
        let born = jalali_day(leap, 12, 30);
        let common = (leap + 1..leap + 5)
            .find(|y| jalali::is_leap_year(*y) == Some(false))
            .expect("a common year");
        assert!(recurs_on(
            born,
            jalali_day(common, 12, 29),
            Calendar::Jalali
        ));
        assert!(!recurs_on(
            born,
            jalali_day(common, 12, 28),
            Calendar::Jalali
        ));
        let next_leap = (leap + 1..leap + 40)
            .find(|y| jalali::is_leap_year(*y) == Some(true))
            .expect("another leap year");
        assert!(recurs_on(
            born,
            jalali_day(next_leap, 12, 30),
            Calendar::Jalali
        ));
        assert!(!recurs_on(
            born,
            jalali_day(next_leap, 12, 29),
            Calendar::Jalali
        ));
    }

    #[test]
    fn twenty_nine_february_falls_on_twenty_eight_in_a_common_year() {
        let born = ymd(2000, 2, 29);
        assert!(recurs_on(born, ymd(2026, 2, 28), Calendar::Gregorian));
        assert!(!recurs_on(born, ymd(2026, 3, 1), Calendar::Gregorian));
        assert!(recurs_on(born, ymd(2028, 2, 29), Calendar::Gregorian));
        assert!(!recurs_on(born, ymd(2028, 2, 28), Calendar::Gregorian));
    }

    #[test]
    fn an_ordinary_gregorian_birthday() {
        let born = ymd(1990, 11, 22);
        assert!(recurs_on(born, ymd(2026, 11, 22), Calendar::Gregorian));
        assert!(!recurs_on(born, ymd(2026, 11, 21), Calendar::Gregorian));
        assert!(!recurs_on(born, ymd(2026, 12, 22), Calendar::Gregorian));
    }

    #[test]
    fn every_jalali_anniversary_is_within_the_gregorian_window() {
        let mut day = ymd(1980, 1, 1);
        let born_days = [
            ymd(1991, 3, 21),
            ymd(1996, 3, 19),
            ymd(1984, 2, 29),
            ymd(1989, 12, 31),
        ];
        while day < ymd(2040, 1, 1) {
            for born in born_days {
                if recurs_on(born, day, Calendar::Jalali) {
                    let gap = (day.year() - 1..=day.year() + 1)
                        .filter_map(|y| born.with_year(y).or_else(|| ymd(y, 2, 28).into()))
                        .map(|b| (b - day).num_days().unsigned_abs())
                        .min();
                    assert!(
                        gap.is_some_and(|g| g <= GREGORIAN_WINDOW_DAYS),
                        "{born} on {day}"
                    );
                }
            }
            day = day.succ_opt().expect("next day");
        }
    }
}
