//! Date and time input typed by people at a terminal and by scripts.
//!
//! The current date is always passed in as `today` rather than read from the
//! clock, so the same input always gives the same answer in tests and the
//! caller decides which time zone "today" is in.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use thiserror::Error;

use crate::text::fold::fold_digits;
use crate::text::sanitize::visible;

/// The accepted date forms, in the words every date error ends with.
const DATE_FORMS: &str = "use YYYY-MM-DD, today, tomorrow, +3d, +2w, +1m or a weekday name";

/// Why a typed date or time was rejected. Each message quotes the input (with
/// any control characters made visible) and says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    /// Nothing but whitespace was entered.
    #[error("no date given; {DATE_FORMS}")]
    Empty,
    /// The input is none of the accepted date forms.
    #[error("\"{}\" is not a date; {DATE_FORMS}", visible(.input))]
    NotADate {
        /// The date as typed, trimmed.
        input: String,
    },
    /// A well-formed calendar date that is not in the calendar.
    #[error("\"{}\" does not exist: {month} {year} has {days} days", visible(.input))]
    DoesNotExist {
        /// The date as typed, trimmed.
        input: String,
        /// The English name of the month typed.
        month: &'static str,
        /// The month's number (1–12), for its name in other languages.
        month_number: u32,
        /// Whether the date was read as Jalali.
        jalali: bool,
        /// The year typed.
        year: i32,
        /// How many days that month has in that year.
        days: u32,
    },
    /// A relative date beyond the dates that can be represented.
    #[error(
        "\"{}\" is too far from today; use a smaller offset or a YYYY-MM-DD date",
        visible(.input)
    )]
    OutOfRange {
        /// The date as typed, trimmed.
        input: String,
    },
    /// The input is not a 24-hour time.
    #[error(
        "\"{}\" is not a time; use HH:MM or HH:MM:SS on a 24-hour clock, e.g. 14:30",
        visible(.input)
    )]
    NotATime {
        /// The time as typed, trimmed.
        input: String,
    },
}

/// Parses a date typed by a person or a script, relative to `today`.
///
/// Accepted forms, case-insensitive, with surrounding spaces ignored and
/// Persian or Arabic-Indic digits allowed anywhere:
/// - `2026-12-01` or `2026/12/01` (one- or two-digit month and day);
/// - a Jalali date in the same shapes, `1405-09-01`, `1405/9/1` or
///   `۱۴۰۵/۰۹/۰۱`: years 1300–1499 ([`JALALI_YEARS`]) are read as Jalali,
///   whatever calendar the display uses;
/// - `today`, `tomorrow`, `yesterday`;
/// - an offset from today: `+3d`, `-2d`, `3d` (days), `+2w` (weeks), `+1m`
///   (calendar months, clamped to the end of a shorter month, so Jan 31
///   `+1m` is the last day of February), `+1y` (years, clamped likewise);
/// - a weekday name or its three-letter abbreviation (`monday`, `mon`),
///   meaning the next such day strictly after today, optionally preceded by
///   `next` (`next monday` is the same as `monday`).
///
/// # Errors
///
/// Returns [`DateError::Empty`] for blank input,
/// [`DateError::DoesNotExist`] for a date such as `2026-02-30`,
/// [`DateError::OutOfRange`] for an offset beyond the representable dates,
/// and [`DateError::NotADate`] for anything else.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    parse_date_in_week(input, today, Weekday::Mon)
}

/// [`parse_date`], plus the words that depend on where the user's week
/// starts: `next week` (and Persian `هفته بعد`, Arabic `الأسبوع القادم`)
/// is the first `week_start` after today (a Saturday for a Persian
/// locale). Persian and Arabic words for today, tomorrow, yesterday and the
/// weekdays are accepted in any locale (`فردا`, `غدا`, `سه‌شنبه`, `الخميس`).
pub fn parse_date_in_week(
    input: &str,
    today: NaiveDate,
    week_start: Weekday,
) -> Result<NaiveDate, DateError> {
    let trimmed = input.trim();
    if let Some(word) = native_word(trimmed) {
        let out_of_range = || DateError::OutOfRange {
            input: trimmed.to_owned(),
        };
        return match word {
            Word::Today => Ok(today),
            Word::Tomorrow => today.succ_opt().ok_or_else(out_of_range),
            Word::Yesterday => today.pred_opt().ok_or_else(out_of_range),
            Word::NextWeek => next_weekday(today, week_start).ok_or_else(out_of_range),
            Word::Day(weekday) => next_weekday(today, weekday).ok_or_else(out_of_range),
        };
    }
    if trimmed.is_empty() {
        return Err(DateError::Empty);
    }
    let not_a_date = || DateError::NotADate {
        input: trimmed.to_owned(),
    };
    let out_of_range = || DateError::OutOfRange {
        input: trimmed.to_owned(),
    };
    let normalized = fold_digits(trimmed).to_lowercase();
    let words: Vec<&str> = normalized.split_whitespace().collect();
    match words.as_slice() {
        ["today"] => Ok(today),
        ["tomorrow"] => today.succ_opt().ok_or_else(out_of_range),
        ["yesterday"] => today.pred_opt().ok_or_else(out_of_range),
        ["next", name] => {
            let weekday = weekday_named(name).ok_or_else(not_a_date)?;
            next_weekday(today, weekday).ok_or_else(out_of_range)
        }
        [word] => {
            if let Some(weekday) = weekday_named(word) {
                next_weekday(today, weekday).ok_or_else(out_of_range)
            } else if let Some(offset) = parse_offset(word) {
                offset.apply(today).ok_or_else(out_of_range)
            } else {
                parse_calendar_date(word, trimmed).unwrap_or_else(|| Err(not_a_date()))
            }
        }
        _ => Err(not_a_date()),
    }
}

/// A date word that is not an English keyword or a number.
#[derive(Clone, Copy)]
enum Word {
    Today,
    Tomorrow,
    Yesterday,
    NextWeek,
    Day(Weekday),
}

/// Persian and Arabic date words, and `next week`, compared after folding
/// (so ي/ی, ك/ک, أ/ا, harakat and ZWNJ do not matter) with spaces removed
/// (`سه شنبه` and `سه‌شنبه` are the same word).
fn native_word(input: &str) -> Option<Word> {
    let key: String = crate::text::fold::fold(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    const WORDS: &[(&str, Word)] = &[
        ("nextweek", Word::NextWeek),
        ("امروز", Word::Today),
        ("فردا", Word::Tomorrow),
        ("دیروز", Word::Yesterday),
        ("هفتهبعد", Word::NextWeek),
        ("هفتهیبعد", Word::NextWeek),
        ("هفتهآینده", Word::NextWeek),
        ("شنبه", Word::Day(Weekday::Sat)),
        ("یکشنبه", Word::Day(Weekday::Sun)),
        ("دوشنبه", Word::Day(Weekday::Mon)),
        ("سهشنبه", Word::Day(Weekday::Tue)),
        ("چهارشنبه", Word::Day(Weekday::Wed)),
        ("پنجشنبه", Word::Day(Weekday::Thu)),
        ("جمعه", Word::Day(Weekday::Fri)),
        ("الیوم", Word::Today),
        ("غدا", Word::Tomorrow),
        ("امس", Word::Yesterday),
        ("الاسبوعالقادم", Word::NextWeek),
        ("السبت", Word::Day(Weekday::Sat)),
        ("الاحد", Word::Day(Weekday::Sun)),
        ("الاثنین", Word::Day(Weekday::Mon)),
        ("الثلاثاء", Word::Day(Weekday::Tue)),
        ("الاربعاء", Word::Day(Weekday::Wed)),
        ("الخمیس", Word::Day(Weekday::Thu)),
        ("الجمعه", Word::Day(Weekday::Fri)),
        ("الجمعة", Word::Day(Weekday::Fri)),
    ];
    WORDS
        .iter()
        .find_map(|(word, meaning)| (crate::text::fold::fold(word) == key).then_some(*meaning))
}

/// The weekday called `name` in full or by its three-letter abbreviation.
fn weekday_named(name: &str) -> Option<Weekday> {
    Some(match name {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// The first `weekday` strictly after `today`: on a Monday, "monday" means a
/// week later, because a reminder for today would be typed as "today".
fn next_weekday(today: NaiveDate, weekday: Weekday) -> Option<NaiveDate> {
    let ahead = (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    today.checked_add_days(Days::new(u64::from(ahead)))
}

/// A signed distance from today in one calendar unit.
struct Offset {
    /// Whether the offset goes into the past.
    back: bool,
    /// The size of the offset.
    amount: Unit,
}

/// The size of an [`Offset`], in the unit that was typed.
#[derive(Clone, Copy)]
enum Unit {
    /// A number of days (weeks are converted to days).
    Days(u64),
    /// A number of calendar months (years are converted to months).
    Months(u32),
}

impl Offset {
    /// The date `self` away from `today`, if it can be represented.
    fn apply(&self, today: NaiveDate) -> Option<NaiveDate> {
        match (self.amount, self.back) {
            (Unit::Days(n), false) => today.checked_add_days(Days::new(n)),
            (Unit::Days(n), true) => today.checked_sub_days(Days::new(n)),
            (Unit::Months(n), false) => today.checked_add_months(Months::new(n)),
            (Unit::Months(n), true) => today.checked_sub_months(Months::new(n)),
        }
    }
}

/// Reads `[+-]N(d|w|m|y)`, or returns `None` when `word` does not have that
/// shape.
fn parse_offset(word: &str) -> Option<Offset> {
    let (back, rest) = match word.strip_prefix(['+', '-', '\u{2212}']) {
        Some(rest) => (!word.starts_with('+'), rest),
        None => (false, word),
    };
    let unit = rest.chars().last()?;
    let number = rest.strip_suffix(unit)?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // All digits, so parsing fails only on overflow. Saturating keeps such an
    // offset far beyond chrono's range, so applying it reports out of range.
    let n = number.parse::<u64>().unwrap_or(u64::MAX);
    let months = |per_unit: u32| {
        u32::try_from(n)
            .unwrap_or(u32::MAX)
            .saturating_mul(per_unit)
    };
    let amount = match unit {
        'd' => Unit::Days(n),
        'w' => Unit::Days(n.saturating_mul(7)),
        'm' => Unit::Months(months(1)),
        'y' => Unit::Months(months(12)),
        _ => return None,
    };
    Some(Offset { back, amount })
}

/// Reads `YYYY-MM-DD` or `YYYY/MM/DD` from `word` (already digit-folded).
/// Returns `None` when `word` does not have that shape; `original` is
/// quoted in errors.
fn parse_calendar_date(word: &str, original: &str) -> Option<Result<NaiveDate, DateError>> {
    let separator = if word.contains('-') { '-' } else { '/' };
    let mut parts = word.split(separator);
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let is_number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some()
        || !is_number(year, 4..=4)
        || !is_number(month, 1..=2)
        || !is_number(day, 1..=2)
    {
        return None;
    }
    let (year, month, day) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    if JALALI_YEARS.contains(&year) {
        return parse_jalali_date(year, month, day, original);
    }
    if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
        return Some(Ok(date));
    }
    // Day 0 or 32 is a typo, not a date missing from this month.
    if !(1..=31).contains(&day) {
        return None;
    }
    let days = days_in_month(year, month)?;
    Some(Err(DateError::DoesNotExist {
        input: original.to_owned(),
        month: month_name(month)?,
        month_number: month,
        jalali: false,
        year,
        days,
    }))
}

/// Years read as Jalali (Solar Hijri) rather than Gregorian. Jalali 1300 is
/// Gregorian 1921 and 1499 is 2120, while Gregorian 1300–1499 is no date a
/// CRM records, so a four-digit year in this range can only mean Jalali.
pub const JALALI_YEARS: std::ops::RangeInclusive<i32> = 1300..=1499;

/// Converts a Jalali `year`/`month`/`day` (year in [`JALALI_YEARS`]); same
/// contract as [`parse_calendar_date`].
fn parse_jalali_date(
    year: i32,
    month: u32,
    day: u32,
    original: &str,
) -> Option<Result<NaiveDate, DateError>> {
    use crate::calendar::{jalali, names};
    if let Some(date) = jalali::to_gregorian(year, month, day) {
        return Some(Ok(date));
    }
    if !(1..=31).contains(&day) {
        return None;
    }
    let days = jalali::days_in_month(year, month)?;
    Some(Err(DateError::DoesNotExist {
        input: original.to_owned(),
        month: names::jalali_month(crate::vocab::Language::En, month)?,
        month_number: month,
        jalali: true,
        year,
        days,
    }))
}

/// The number of days in `month` of `year`, or `None` for a month that is
/// not 1–12.
fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(Months::new(1))?;
    u32::try_from(next.signed_duration_since(first).num_days()).ok()
}

/// The English name of `month` (1–12).
fn month_name(month: u32) -> Option<&'static str> {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(usize::try_from(month.checked_sub(1)?).ok()?)
        .copied()
}

/// Parses a 24-hour time: `14:30`, `9:05` or `14:30:15`, with Persian or
/// Arabic-Indic digits allowed and surrounding spaces ignored.
///
/// # Errors
///
/// Returns [`DateError::NotATime`] for anything else, including `24:00`,
/// `12:60`, a missing or one-digit minute, and letters.
pub fn parse_time(input: &str) -> Result<NaiveTime, DateError> {
    let trimmed = input.trim();
    let not_a_time = || DateError::NotATime {
        input: trimmed.to_owned(),
    };
    let normalized = fold_digits(trimmed);
    let parts: Vec<&str> = normalized.split(':').collect();
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        if len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<u32>().ok()
        } else {
            None
        }
    };
    let (hour, minute, second) = match parts.as_slice() {
        [h, m] => (number(h, 1..=2), number(m, 2..=2), Some(0)),
        [h, m, s] => (number(h, 1..=2), number(m, 2..=2), number(s, 2..=2)),
        _ => return Err(not_a_time()),
    };
    match (hour, minute, second) {
        (Some(h), Some(m), Some(s)) => NaiveTime::from_hms_opt(h, m, s).ok_or_else(not_a_time),
        _ => Err(not_a_time()),
    }
}

/// Parses a date in any form [`parse_date`] accepts, optionally followed by a
/// space or `T` and a time in any form [`parse_time`] accepts:
/// `2026-11-20 14:30`, `2026-11-20T14:30`, `today 09:00`,
/// `next monday 10:00`. The time is `None` when none was given.
///
/// # Errors
///
/// Returns the [`DateError`] of whichever part is wrong, quoting only that
/// part, so `2026-11-20 25:00` reports that `25:00` is not a time.
pub fn parse_date_time(
    input: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, Option<NaiveTime>), DateError> {
    let trimmed = input.trim();
    let whole = match parse_date(trimmed, today) {
        Ok(date) => return Ok((date, None)),
        Err(e) => e,
    };
    // Only split off a time when the tail looks like one; otherwise the
    // error about the whole input ("next mondy") is the helpful one.
    let Some((date, time)) = split_time(trimmed).filter(|(_, t)| t.contains(':')) else {
        return Err(whole);
    };
    let date = parse_date(date, today)?;
    let time = parse_time(time)?;
    Ok((date, Some(time)))
}

/// Splits `s` before a trailing time: at the last whitespace, or else at a
/// `T` between two digits as in ISO 8601 (`2026-11-20T14:30`).
fn split_time(s: &str) -> Option<(&str, &str)> {
    if let Some(split) = s.rsplit_once(char::is_whitespace) {
        return Some(split);
    }
    // `is_numeric` also matches Persian and Arabic-Indic digits; any other
    // numeral that slips through is rejected by the date and time parsers.
    let (i, _) = s.char_indices().find(|&(i, c)| {
        matches!(c, 'T' | 't')
            && s.get(..i)
                .and_then(|b| b.chars().next_back())
                .is_some_and(char::is_numeric)
            && s.get(i + 1..)
                .and_then(|a| a.chars().next())
                .is_some_and(char::is_numeric)
    })?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }

    /// The fixed "today" of the tables: a Sunday.
    fn today() -> NaiveDate {
        ymd(2026, 11, 22)
    }

    #[test]
    fn today_is_a_sunday() {
        assert_eq!(today().weekday(), Weekday::Sun);
    }

    #[test]
    fn parse_date_table() {
        let cases = [
            ("2026-12-01", ymd(2026, 12, 1)),
            ("2026/12/01", ymd(2026, 12, 1)),
            ("  2026-12-01\t", ymd(2026, 12, 1)),
            ("2027-1-5", ymd(2027, 1, 5)),
            ("2028-02-29", ymd(2028, 2, 29)),
            ("۲۰۲۶-۱۲-۰۱", ymd(2026, 12, 1)),
            ("٢٠٢٦/١٢/٠١", ymd(2026, 12, 1)),
            ("today", ymd(2026, 11, 22)),
            ("TODAY", ymd(2026, 11, 22)),
            ("Tomorrow", ymd(2026, 11, 23)),
            ("yesterday", ymd(2026, 11, 21)),
            ("+3d", ymd(2026, 11, 25)),
            ("3d", ymd(2026, 11, 25)),
            ("+3D", ymd(2026, 11, 25)),
            ("-2d", ymd(2026, 11, 20)),
            ("+0d", ymd(2026, 11, 22)),
            ("+۱۰d", ymd(2026, 12, 2)),
            ("+40d", ymd(2027, 1, 1)),
            ("+2w", ymd(2026, 12, 6)),
            ("-1w", ymd(2026, 11, 15)),
            ("+1m", ymd(2026, 12, 22)),
            ("+3m", ymd(2027, 2, 22)),
            ("-1m", ymd(2026, 10, 22)),
            ("+1y", ymd(2027, 11, 22)),
            ("-2y", ymd(2024, 11, 22)),
            ("monday", ymd(2026, 11, 23)),
            ("mon", ymd(2026, 11, 23)),
            ("Tue", ymd(2026, 11, 24)),
            ("wednesday", ymd(2026, 11, 25)),
            ("thu", ymd(2026, 11, 26)),
            ("FRIDAY", ymd(2026, 11, 27)),
            ("sat", ymd(2026, 11, 28)),
            ("sunday", ymd(2026, 11, 29)),
            ("sun", ymd(2026, 11, 29)),
            ("next monday", ymd(2026, 11, 23)),
            ("Next   Fri", ymd(2026, 11, 27)),
            ("next sunday", ymd(2026, 11, 29)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input, today()), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn jalali_dates() {
        let cases = [
            ("۱۴۰۵/۰۹/۰۱", ymd(2026, 11, 22)),
            ("1405-09-01", ymd(2026, 11, 22)),
            ("1405/9/1", ymd(2026, 11, 22)),
            ("١٤٠٥-٠٩-٠١", ymd(2026, 11, 22)),
            ("1404-01-01", ymd(2025, 3, 21)),
            ("1405-10-01", ymd(2026, 12, 22)),
            ("1403-12-30", ymd(2025, 3, 20)),
            ("1300-01-01", ymd(1921, 3, 21)),
            ("1499-12-29", ymd(2121, 3, 20)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input, today()), Ok(want), "{input:?}");
        }
        assert_eq!(
            parse_date_time("1405/09/01 14:30", today()),
            Ok((ymd(2026, 11, 22), Some(hm(14, 30))))
        );
        // Just outside the Jalali years: Gregorian.
        assert_eq!(parse_date("1500-01-01", today()), Ok(ymd(1500, 1, 1)));
        assert_eq!(parse_date("1299-01-01", today()), Ok(ymd(1299, 1, 1)));
    }

    #[test]
    fn impossible_jalali_dates_name_the_jalali_month() {
        let cases: &[(&str, &[&str])] = &[
            (
                "1405-12-31",
                &["\"1405-12-31\" does not exist", "Esfand 1405 has 29 days"],
            ),
            ("1405-12-30", &["Esfand 1405 has 29 days"]),
            ("1403-12-31", &["Esfand 1403 has 30 days"]),
            ("1405-07-31", &["Mehr 1405 has 30 days"]),
            ("1405-13-01", &["is not a date"]),
            ("1405-01-32", &["is not a date"]),
            ("1405-01-00", &["is not a date"]),
        ];
        for (input, fragments) in cases {
            let err = match parse_date(input, today()) {
                Ok(d) => panic!("{input:?} parsed as {d}"),
                Err(e) => e.to_string(),
            };
            for fragment in *fragments {
                assert!(
                    err.contains(fragment),
                    "{input:?}: {err:?} lacks {fragment:?}"
                );
            }
        }
    }

    #[test]
    fn months_clamp_to_the_end_of_a_shorter_month() {
        assert_eq!(parse_date("+1m", ymd(2027, 1, 31)), Ok(ymd(2027, 2, 28)));
        assert_eq!(parse_date("+1m", ymd(2028, 1, 31)), Ok(ymd(2028, 2, 29)));
        assert_eq!(parse_date("+1m", ymd(2026, 3, 31)), Ok(ymd(2026, 4, 30)));
        assert_eq!(parse_date("-1m", ymd(2026, 3, 31)), Ok(ymd(2026, 2, 28)));
        assert_eq!(parse_date("+1y", ymd(2028, 2, 29)), Ok(ymd(2029, 2, 28)));
    }

    #[test]
    fn weekday_on_that_same_weekday_means_a_week_later() {
        let monday = ymd(2026, 11, 23);
        assert_eq!(parse_date("monday", monday), Ok(ymd(2026, 11, 30)));
        assert_eq!(parse_date("tuesday", monday), Ok(ymd(2026, 11, 24)));
    }

    #[test]
    fn parse_date_errors_name_the_input_and_the_forms() {
        let forms = "use YYYY-MM-DD, today, tomorrow, +3d, +2w, +1m or a weekday name";
        let cases: &[(&str, &[&str])] = &[
            ("2026-13-01", &["\"2026-13-01\" is not a date;", forms]),
            ("2026-00-10", &["\"2026-00-10\" is not a date"]),
            ("2026-12-00", &["\"2026-12-00\" is not a date"]),
            ("2026-12-32", &["\"2026-12-32\" is not a date"]),
            (
                "2026-02-30",
                &["\"2026-02-30\" does not exist", "February 2026 has 28 days"],
            ),
            (
                "2026-02-29",
                &["does not exist", "February 2026 has 28 days"],
            ),
            ("2026-04-31", &["does not exist", "April 2026 has 30 days"]),
            ("", &["no date given", forms]),
            ("   ", &["no date given"]),
            ("someday", &["\"someday\" is not a date", forms]),
            ("Mondy", &["\"Mondy\" is not a date"]),
            ("+3x", &["\"+3x\" is not a date"]),
            ("+d", &["\"+d\" is not a date"]),
            ("3", &["\"3\" is not a date"]),
            ("2026-12/01", &["is not a date"]),
            ("26-12-01", &["is not a date"]),
            ("2026-12-01-02", &["is not a date"]),
            ("12/01/2026", &["is not a date"]),
            ("next", &["\"next\" is not a date"]),
            ("next year", &["\"next year\" is not a date"]),
            ("monday 09:00", &["is not a date"]),
            ("+99999999999999999999d", &["too far from today"]),
            ("+999999999d", &["too far from today"]),
            ("+999999999y", &["too far from today"]),
            ("-4294967295m", &["too far from today"]),
            ("x\u{1b}[2J", &["\"x\\u{1b}[2J\" is not a date"]),
        ];
        for (input, fragments) in cases {
            let err = match parse_date(input, today()) {
                Ok(d) => panic!("{input:?} parsed as {d}"),
                Err(e) => e.to_string(),
            };
            for fragment in *fragments {
                assert!(
                    err.contains(fragment),
                    "{input:?}: {err:?} lacks {fragment:?}"
                );
            }
        }
    }

    #[test]
    fn parse_time_table() {
        let good = [
            ("14:30", hm(14, 30)),
            ("9:05", hm(9, 5)),
            ("09:05", hm(9, 5)),
            (" 0:00 ", hm(0, 0)),
            ("23:59", hm(23, 59)),
            ("۱۴:۳۰", hm(14, 30)),
            ("١٤:٣٠", hm(14, 30)),
        ];
        for (input, want) in good {
            assert_eq!(parse_time(input), Ok(want), "{input:?}");
        }
        assert_eq!(
            parse_time("14:30:15"),
            NaiveTime::from_hms_opt(14, 30, 15).ok_or_else(|| parse_time("").unwrap_err())
        );
        for input in [
            "24:00", "12:60", "12:30:60", "ab:cd", "14", "14:3", "14:300", "123:00", "-1:00",
            "14:30:", ":30", "14.30", "2pm", "", "14: 30",
        ] {
            let err = parse_time(input).map(|_| ()).unwrap_err();
            assert_eq!(
                err,
                DateError::NotATime {
                    input: input.trim().to_owned()
                },
                "{input:?}"
            );
            assert!(
                err.to_string().contains("is not a time; use HH:MM"),
                "{err}"
            );
        }
    }

    #[test]
    fn parse_date_time_table() {
        let cases = [
            ("2026-11-20 14:30", ymd(2026, 11, 20), Some(hm(14, 30))),
            ("2026-11-20T14:30", ymd(2026, 11, 20), Some(hm(14, 30))),
            ("2026-11-20t9:05", ymd(2026, 11, 20), Some(hm(9, 5))),
            ("۲۰۲۶-۱۱-۲۰T۱۴:۳۰", ymd(2026, 11, 20), Some(hm(14, 30))),
            ("today 09:00", ymd(2026, 11, 22), Some(hm(9, 0))),
            ("yesterday 16:45", ymd(2026, 11, 21), Some(hm(16, 45))),
            ("tomorrow   08:15", ymd(2026, 11, 23), Some(hm(8, 15))),
            ("next monday 10:00", ymd(2026, 11, 23), Some(hm(10, 0))),
            (
                "+2d 12:00:30",
                ymd(2026, 11, 24),
                NaiveTime::from_hms_opt(12, 0, 30),
            ),
            ("2026-11-20", ymd(2026, 11, 20), None),
            ("tomorrow", ymd(2026, 11, 23), None),
            ("next tuesday", ymd(2026, 11, 24), None),
        ];
        for (input, date, time) in cases {
            assert_eq!(
                parse_date_time(input, today()),
                Ok((date, time)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn parse_date_time_blames_the_wrong_part() {
        let cases = [
            (
                "2026-11-20 25:00",
                DateError::NotATime {
                    input: "25:00".into(),
                },
            ),
            (
                "2026-11-20T12:60",
                DateError::NotATime {
                    input: "12:60".into(),
                },
            ),
            (
                "2026-13-20 10:00",
                DateError::NotADate {
                    input: "2026-13-20".into(),
                },
            ),
            (
                "today at 9",
                DateError::NotADate {
                    input: "today at 9".into(),
                },
            ),
            (
                "next mondy",
                DateError::NotADate {
                    input: "next mondy".into(),
                },
            ),
            ("", DateError::Empty),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date_time(input, today()), Err(want), "{input:?}");
        }
        let err = parse_date_time("2026-02-30 10:00", today())
            .map(|_| ())
            .unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    #[test]
    fn offsets_at_the_edge_of_the_calendar_are_errors() {
        let last = NaiveDate::MAX;
        assert!(matches!(
            parse_date("tomorrow", last),
            Err(DateError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("+1d", last),
            Err(DateError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("mon", last),
            Err(DateError::OutOfRange { .. })
        ));
        let first = NaiveDate::MIN;
        assert!(matches!(
            parse_date("yesterday", first),
            Err(DateError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("-1m", first),
            Err(DateError::OutOfRange { .. })
        ));
    }

    proptest! {
        #[test]
        fn parsers_never_panic_on_anything(s in any::<String>(), days in -400_000i64..400_000) {
            let base = today()
                .checked_add_signed(chrono::TimeDelta::days(days))
                .unwrap_or(today());
            let _ = parse_date(&s, base);
            let _ = parse_time(&s);
            let _ = parse_date_time(&s, base);
        }

        #[test]
        fn parsers_never_panic_on_date_like_input(
            s in prop_oneof![
                "[-+−]?[0-9۰-۹]{0,12}[dwmyx]?",
                "[0-9]{1,5}[-/][0-9]{0,3}[-/][0-9]{0,3}([ Tt][0-9]{0,3}:[0-9]{0,3}(:[0-9]{0,3})?)?",
            ],
            edge in prop::sample::select(vec![NaiveDate::MIN, NaiveDate::MAX, today()]),
        ) {
            let _ = parse_date(&s, edge);
            let _ = parse_time(&s);
            let _ = parse_date_time(&s, edge);
        }

        #[test]
        fn every_real_date_round_trips(days in 0i64..200_000) {
            let date = ymd(1900, 1, 1) + chrono::TimeDelta::days(days);
            if date.year() <= 9999 {
                let typed = date.format("%Y-%m-%d").to_string();
                prop_assert_eq!(parse_date(&typed, today()), Ok(date));
            }
        }

        #[test]
        fn jalali_input_never_panics_and_round_trips(
            y in 1300i32..1500, m in 0u32..14, d in 0u32..33,
            sep in prop::sample::select(vec!["-", "/"]),
        ) {
            let typed = format!("{y}{sep}{m}{sep}{d}");
            if let Ok(date) = parse_date(&typed, today()) {
                let j = crate::calendar::jalali::from_gregorian(date);
                prop_assert_eq!(j.map(|j| (j.year, j.month, j.day)), Some((y, m, d)));
            }
        }

        #[test]
        fn every_valid_time_round_trips(h in 0u32..24, m in 0u32..60, s in 0u32..60) {
            let time = NaiveTime::from_hms_opt(h, m, s)
                .ok_or_else(|| TestCaseError::fail("bad time"))?;
            prop_assert_eq!(parse_time(&time.format("%H:%M:%S").to_string()), Ok(time));
        }
    }

    #[test]
    fn persian_and_arabic_date_words() {
        // 2026-11-22 is a Sunday.
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(parse_date("فردا", today), Ok(day(11, 23)));
        assert_eq!(parse_date("امروز", today), Ok(today));
        assert_eq!(parse_date("غداً", today), Ok(day(11, 23)));
        assert_eq!(parse_date("سه‌شنبه", today), Ok(day(11, 24)));
        assert_eq!(parse_date("سه شنبه", today), Ok(day(11, 24)));
        assert_eq!(parse_date("پنجشنبه", today), Ok(day(11, 26)));
        assert_eq!(parse_date("الخميس", today), Ok(day(11, 26)));
        assert_eq!(parse_date("الجمعة", today), Ok(day(11, 27)));
        assert_eq!(parse_date("يکشنبه", today), Ok(day(11, 29)), "Arabic yeh");
    }

    #[test]
    fn next_week_starts_on_the_locales_first_day() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(parse_date("next week", today), Ok(day(11, 23)), "Monday");
        assert_eq!(
            parse_date_in_week("هفته بعد", today, Weekday::Sat),
            Ok(day(11, 28)),
            "Saturday for Persian"
        );
        assert_eq!(
            parse_date_in_week("الأسبوع القادم", today, Weekday::Sun),
            Ok(day(11, 29)),
            "Sunday for Arabic"
        );
    }
}
