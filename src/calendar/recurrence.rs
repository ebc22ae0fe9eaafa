//! Repeating dates: "every 2 weeks on Mon,Thu", "the 1st of every Jalali
//! month", "the last day of every month", "every year".
//!
//! A rule is text the user types and kariz stores in its canonical form
//! ([`Recurrence::parse`], [`fmt::Display`]). [`Recurrence::next_after`] is
//! the one place that says when a repeating task comes round next.
//!
//! Month and year rules count in the calendar the rule names: "every month
//! on day 1 jalali" falls on 1 Farvardin, 1 Ordibehesht… A day that a month
//! does not have (the 31st in a 30-day month, 30 Esfand in a common year,
//! 29 February) falls on that month's last day, so an occurrence is never
//! skipped; the rule keeps its day, so the next month is the 31st again.

#![deny(clippy::indexing_slicing)]

use super::jalali;
use crate::text::digits;
use crate::vocab::{Calendar, Language};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::fmt;

/// The unit a rule counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Every N days.
    Day,
    /// Every N weeks (on the anchor's weekday, or on chosen weekdays).
    Week,
    /// Every N months (on a day of the month, or the last day).
    Month,
    /// Every N years (on a month and day).
    Year,
}

/// The day of the month a month or year rule falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthDay {
    /// That day, or the month's last day when the month is shorter.
    Day(u32),
    /// The month's last day.
    Last,
}

/// A repeat rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    /// Every how many units (1 or more).
    pub every: u32,
    /// Days, weeks, months or years.
    pub unit: Unit,
    /// Week rules: the weekdays, Monday first; empty = the anchor's weekday.
    pub weekdays: Vec<Weekday>,
    /// Month and year rules: the day; `None` = the anchor's day.
    pub day: Option<MonthDay>,
    /// Year rules: the month (1–12 in `calendar`); `None` = the anchor's.
    pub month: Option<u32>,
    /// The calendar months and years are counted in.
    pub calendar: Calendar,
}

/// The longest interval a rule may name (a hundred years of days): keeps
/// every date computation far inside chrono's range.
const MAX_EVERY: u32 = 36_600;

const WEEKDAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "mon", "monday"),
    (Weekday::Tue, "tue", "tuesday"),
    (Weekday::Wed, "wed", "wednesday"),
    (Weekday::Thu, "thu", "thursday"),
    (Weekday::Fri, "fri", "friday"),
    (Weekday::Sat, "sat", "saturday"),
    (Weekday::Sun, "sun", "sunday"),
];

impl Recurrence {
    /// Reads a rule such as `every 2 weeks on mon,thu`, `monthly on day 1
    /// jalali`, `every month on last day`, `yearly on 12/30 jalali`,
    /// `daily`. Digits may be Persian or Arabic. Without a calendar word the
    /// rule counts in `default_calendar` (the user's setting).
    pub fn parse(text: &str, default_calendar: Calendar) -> Result<Recurrence, String> {
        let ascii: String = text
            .chars()
            .map(|c| digits::to_ascii(c).unwrap_or(c))
            .collect::<String>()
            .to_lowercase();
        let words: Vec<&str> = ascii
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        Parser {
            words: &words,
            at: 0,
            text,
        }
        .rule(default_calendar)
    }

    /// This rule with the anchor's weekday, day and month filled in where
    /// the rule left them open, so that later occurrences keep them (a
    /// monthly task first due on the 31st stays on the 31st).
    #[must_use]
    pub fn anchored(&self, anchor: NaiveDate) -> Recurrence {
        let mut rule = self.clone();
        let (_, month, day) = in_calendar(anchor, self.calendar);
        match rule.unit {
            Unit::Day => {}
            Unit::Week => {
                if rule.weekdays.is_empty() {
                    rule.weekdays.push(anchor.weekday());
                }
            }
            Unit::Month => {
                rule.day.get_or_insert(MonthDay::Day(day));
            }
            Unit::Year => {
                rule.day.get_or_insert(MonthDay::Day(day));
                rule.month.get_or_insert(month);
            }
        }
        rule
    }

    /// The first occurrence strictly after `after`, of the series whose
    /// occurrence fell on `anchor`. `None` only at the end of the calendar's
    /// range.
    #[must_use]
    pub fn next_after(&self, anchor: NaiveDate, after: NaiveDate) -> Option<NaiveDate> {
        let rule = self.anchored(anchor);
        let every = i64::from(rule.every.max(1));
        match rule.unit {
            Unit::Day => {
                let gap = after.signed_duration_since(anchor).num_days();
                let steps = if gap < 0 { 1 } else { gap / every + 1 };
                anchor.checked_add_days(Days::new(u64::try_from(steps * every).ok()?))
            }
            Unit::Week => rule.next_weekday(anchor, after, every),
            Unit::Month | Unit::Year => {
                let months = if rule.unit == Unit::Year {
                    every * 12
                } else {
                    every
                };
                rule.next_in_months(anchor, after, months)
            }
        }
    }

    /// Week rules: the first chosen weekday after `after` in a week that
    /// is a whole number of `every` weeks from the anchor's week.
    fn next_weekday(&self, anchor: NaiveDate, after: NaiveDate, every: i64) -> Option<NaiveDate> {
        let first_day = week_start(self.calendar);
        let anchor_week = anchor.week(first_day).first_day();
        let mut day = after.max(anchor.checked_sub_days(Days::new(1))?);
        // Within `every` weeks plus one every weekday has come round.
        for _ in 0..(every * 7 + 7) {
            day = day.succ_opt()?;
            let weeks = day
                .week(first_day)
                .first_day()
                .signed_duration_since(anchor_week)
                .num_days()
                / 7;
            if weeks % every == 0 && self.weekdays.contains(&day.weekday()) && day > after {
                return Some(day);
            }
        }
        None
    }

    /// Month and year rules: the first month `k * months` after the
    /// anchor's (in the rule's calendar) whose day falls after `after`.
    fn next_in_months(
        &self,
        anchor: NaiveDate,
        after: NaiveDate,
        months: i64,
    ) -> Option<NaiveDate> {
        let (year, month, _) = in_calendar(anchor, self.calendar);
        let mut index = i64::from(year) * 12 + i64::from(month) - 1;
        if let Some(wanted) = self.month {
            // A year rule on another month starts at that month of the
            // anchor's year (or the next year, when it has passed).
            let anchor_month = i64::from(month);
            index += i64::from(wanted) - anchor_month;
            if i64::from(wanted) < anchor_month {
                index += 12;
            }
        }
        let (after_year, after_month, _) = in_calendar(after, self.calendar);
        let after_index = i64::from(after_year) * 12 + i64::from(after_month) - 1;
        if after_index > index {
            // Skip whole periods that lie before `after`.
            index += (after_index - index) / months * months;
        }
        for _ in 0..3 {
            let year = i32::try_from(index.div_euclid(12)).ok()?;
            let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
            let date = self.day_in(year, month)?;
            if date > after && date >= anchor {
                return Some(date);
            }
            index += months;
        }
        None
    }

    /// The rule's day in a month of its calendar, clamped to the month.
    fn day_in(&self, year: i32, month: u32) -> Option<NaiveDate> {
        let last = days_in_month(year, month, self.calendar)?;
        let day = match self.day {
            Some(MonthDay::Day(d)) => d.min(last),
            Some(MonthDay::Last) | None => last,
        };
        match self.calendar {
            Calendar::Gregorian => NaiveDate::from_ymd_opt(year, month, day),
            Calendar::Jalali => jalali::to_gregorian(year, month, day),
        }
    }

    /// The rule in words, in the interface language, for lists and forms
    /// (numbers in ASCII digits: the display layer localises them).
    #[must_use]
    pub fn describe(&self, language: Language) -> String {
        let words = Words::of(language);
        let mut out = if self.every == 1 {
            words.each(self.unit).to_string()
        } else {
            format!("{} {} {}", words.every, self.every, words.units(self.unit))
        };
        if !self.weekdays.is_empty() {
            let days: Vec<&str> = self.weekdays.iter().map(|d| words.weekday(*d)).collect();
            out.push_str(words.on);
            out.push_str(&days.join(words.and));
        }
        match (self.month, self.day) {
            (Some(month), Some(day)) => {
                out.push_str(words.on);
                out.push_str(&format!("{}/{}", month, words.day(day)));
            }
            (None, Some(day)) => {
                out.push_str(words.on);
                out.push_str(&words.day_of_month(day));
            }
            _ => {}
        }
        if self.calendar == Calendar::Jalali && matches!(self.unit, Unit::Month | Unit::Year) {
            out.push_str(words.jalali);
        }
        out
    }
}

impl fmt::Display for Recurrence {
    /// The canonical text, read back by [`Recurrence::parse`] whatever the
    /// user's calendar (a Jalali month rule says so).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        };
        if self.every == 1 {
            write!(f, "every {unit}")?;
        } else {
            write!(f, "every {} {unit}s", self.every)?;
        }
        if !self.weekdays.is_empty() {
            let days: Vec<&str> = self.weekdays.iter().map(|d| weekday_name(*d)).collect();
            write!(f, " on {}", days.join(","))?;
        }
        match (self.month, self.day) {
            (Some(month), Some(MonthDay::Day(day))) => write!(f, " on {month}/{day}")?,
            (Some(month), Some(MonthDay::Last)) => write!(f, " on {month}/last")?,
            (None, Some(MonthDay::Day(day))) => write!(f, " on day {day}")?,
            (None, Some(MonthDay::Last)) => f.write_str(" on last day")?,
            _ => {}
        }
        // Weeks are counted from Saturday or Monday by calendar, months and
        // years in it: the stored rule names it so it reads back the same.
        if self.unit != Unit::Day {
            write!(f, " {}", self.calendar.as_str())?;
        }
        Ok(())
    }
}

/// Reads the words of a rule, one at a time.
struct Parser<'a> {
    words: &'a [&'a str],
    at: usize,
    text: &'a str,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.words.get(self.at).copied()
    }

    fn next(&mut self) -> Option<&'a str> {
        let word = self.words.get(self.at).copied();
        self.at += 1;
        word
    }

    fn fail(&self, what: &str) -> String {
        format!(
            "repeat rule {:?}: {what}; write e.g. \"every 2 weeks on mon,thu\", \
             \"every month on day 1 jalali\", \"every month on last day\", \"yearly\"",
            self.text
        )
    }

    fn rule(mut self, default_calendar: Calendar) -> Result<Recurrence, String> {
        let (every, unit) = match self.next() {
            Some("daily") => (1, Unit::Day),
            Some("weekly") => (1, Unit::Week),
            Some("monthly") => (1, Unit::Month),
            Some("yearly" | "annually") => (1, Unit::Year),
            Some("every") => self.interval()?,
            Some(other) => return Err(self.fail(&format!("it cannot start with {other:?}"))),
            None => return Err(self.fail("it is empty")),
        };
        let mut rule = Recurrence {
            every,
            unit,
            weekdays: Vec::new(),
            day: None,
            month: None,
            calendar: default_calendar,
        };
        while let Some(word) = self.next() {
            match word {
                "on" | "the" => self.on(&mut rule)?,
                "jalali" | "persian" | "shamsi" => rule.calendar = Calendar::Jalali,
                "gregorian" => rule.calendar = Calendar::Gregorian,
                other => return Err(self.fail(&format!("{other:?} is not understood"))),
            }
        }
        if rule.unit == Unit::Day {
            // N days are N days in any calendar: one canonical rule.
            rule.calendar = Calendar::Gregorian;
        }
        Ok(rule)
    }

    fn interval(&mut self) -> Result<(u32, Unit), String> {
        let mut every = 1;
        if let Some(word) = self.peek()
            && let Ok(n) = word.parse::<u32>()
        {
            if n == 0 || n > MAX_EVERY {
                return Err(self.fail(&format!("every {n} is out of range (1 to {MAX_EVERY})")));
            }
            every = n;
            self.at += 1;
        }
        let unit = match self.next() {
            Some("day" | "days") => Unit::Day,
            Some("week" | "weeks") => Unit::Week,
            Some("month" | "months") => Unit::Month,
            Some("year" | "years") => Unit::Year,
            Some(other) => return Err(self.fail(&format!("{other:?} is not a unit"))),
            None => return Err(self.fail("the unit (days, weeks, months, years) is missing")),
        };
        Ok((every, unit))
    }

    /// What follows "on": weekdays, "day N", "N", "last day", "M/D".
    fn on(&mut self, rule: &mut Recurrence) -> Result<(), String> {
        match rule.unit {
            Unit::Day => Err(self.fail("a daily rule takes no \"on\"")),
            Unit::Week => {
                while let Some(day) = self.peek().and_then(weekday) {
                    if !rule.weekdays.contains(&day) {
                        rule.weekdays.push(day);
                    }
                    self.at += 1;
                }
                if rule.weekdays.is_empty() {
                    return Err(self.fail("\"on\" needs weekdays (mon, tue, … sun)"));
                }
                rule.weekdays.sort_by_key(Weekday::num_days_from_monday);
                Ok(())
            }
            Unit::Month => {
                rule.day = Some(self.month_day()?);
                Ok(())
            }
            Unit::Year => {
                let word = self.next().unwrap_or_default();
                let Some((month, day)) = word.split_once('/') else {
                    return Err(self.fail("a yearly rule takes \"on MONTH/DAY\""));
                };
                let month = month
                    .parse::<u32>()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(|| self.fail(&format!("month {month:?} is not 1 to 12")))?;
                rule.month = Some(month);
                rule.day = Some(if day == "last" {
                    MonthDay::Last
                } else {
                    MonthDay::Day(self.day_number(day)?)
                });
                Ok(())
            }
        }
    }

    fn month_day(&mut self) -> Result<MonthDay, String> {
        match self.next() {
            Some("last") => {
                if self.peek() == Some("day") {
                    self.at += 1;
                }
                Ok(MonthDay::Last)
            }
            Some("day") => {
                let word = self.next().unwrap_or_default();
                Ok(MonthDay::Day(self.day_number(word)?))
            }
            Some(word) => Ok(MonthDay::Day(self.day_number(word)?)),
            None => Err(self.fail("\"on\" needs a day of the month or \"last day\"")),
        }
    }

    fn day_number(&self, word: &str) -> Result<u32, String> {
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        digits
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=31).contains(d))
            .ok_or_else(|| self.fail(&format!("day {word:?} is not 1 to 31")))
    }
}

fn weekday(word: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(_, short, long)| word == *short || word == *long)
        .map(|(day, _, _)| *day)
}

fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(d, _, _)| *d == day)
        .map_or("mon", |(_, short, _)| short)
}

/// The first day of the week that "every 2 weeks" counts from: Saturday
/// where the Jalali calendar is used, Monday elsewhere (ISO).
fn week_start(calendar: Calendar) -> Weekday {
    match calendar {
        Calendar::Jalali => Weekday::Sat,
        Calendar::Gregorian => Weekday::Mon,
    }
}

/// Year, month and day of `date` in `calendar` (Gregorian outside the
/// Jalali table's range).
fn in_calendar(date: NaiveDate, calendar: Calendar) -> (i32, u32, u32) {
    match calendar {
        Calendar::Jalali => match jalali::from_gregorian(date) {
            Some(j) => (j.year, j.month, j.day),
            None => (date.year(), date.month(), date.day()),
        },
        Calendar::Gregorian => (date.year(), date.month(), date.day()),
    }
}

fn days_in_month(year: i32, month: u32, calendar: Calendar) -> Option<u32> {
    match calendar {
        Calendar::Jalali => jalali::days_in_month(year, month),
        Calendar::Gregorian => {
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            let next = first.checked_add_months(chrono::Months::new(1))?;
            u32::try_from(next.signed_duration_since(first).num_days()).ok()
        }
    }
}

/// The words [`Recurrence::describe`] uses, per interface language.
struct Words {
    every: &'static str,
    each_unit: [&'static str; 4],
    units: [&'static str; 4],
    on: &'static str,
    and: &'static str,
    last: &'static str,
    day_prefix: &'static str,
    jalali: &'static str,
    weekdays: [&'static str; 7],
}

impl Words {
    fn of(language: Language) -> Words {
        match language {
            Language::En => Words {
                every: "every",
                each_unit: ["every day", "every week", "every month", "every year"],
                units: ["days", "weeks", "months", "years"],
                on: " on ",
                and: ", ",
                last: "the last day",
                day_prefix: "day ",
                jalali: " (Jalali)",
                weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            },
            Language::Fa => Words {
                every: "هر",
                each_unit: ["هر روز", "هر هفته", "هر ماه", "هر سال"],
                units: ["روز", "هفته", "ماه", "سال"],
                on: "، ",
                and: " و ",
                last: "روز آخر",
                day_prefix: "روز ",
                jalali: " (شمسی)",
                weekdays: [
                    "دوشنبه",
                    "سه‌شنبه",
                    "چهارشنبه",
                    "پنجشنبه",
                    "جمعه",
                    "شنبه",
                    "یکشنبه",
                ],
            },
            Language::Ar => Words {
                every: "كل",
                each_unit: ["كل يوم", "كل أسبوع", "كل شهر", "كل سنة"],
                units: ["أيام", "أسابيع", "أشهر", "سنوات"],
                on: "، ",
                and: " و",
                last: "آخر يوم",
                day_prefix: "يوم ",
                jalali: " (هجري شمسي)",
                weekdays: [
                    "الاثنين",
                    "الثلاثاء",
                    "الأربعاء",
                    "الخميس",
                    "الجمعة",
                    "السبت",
                    "الأحد",
                ],
            },
        }
    }

    fn each(&self, unit: Unit) -> &'static str {
        self.each_unit
            .get(unit_index(unit))
            .copied()
            .unwrap_or_default()
    }

    fn units(&self, unit: Unit) -> &'static str {
        self.units
            .get(unit_index(unit))
            .copied()
            .unwrap_or_default()
    }

    fn weekday(&self, day: Weekday) -> &'static str {
        self.weekdays
            .get(day.num_days_from_monday() as usize)
            .copied()
            .unwrap_or_default()
    }

    fn day(&self, day: MonthDay) -> String {
        match day {
            MonthDay::Day(d) => d.to_string(),
            MonthDay::Last => self.last.to_string(),
        }
    }

    fn day_of_month(&self, day: MonthDay) -> String {
        match day {
            MonthDay::Day(d) => format!("{}{d}", self.day_prefix),
            MonthDay::Last => self.last.to_string(),
        }
    }
}

fn unit_index(unit: Unit) -> usize {
    match unit {
        Unit::Day => 0,
        Unit::Week => 1,
        Unit::Month => 2,
        Unit::Year => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn jalali(y: i32, m: u32, d: u32) -> NaiveDate {
        jalali::to_gregorian(y, m, d).unwrap()
    }

    fn rule(text: &str) -> Recurrence {
        Recurrence::parse(text, Calendar::Gregorian).unwrap()
    }

    /// The next `n` occurrences, each computed from the one before, as a
    /// completed task creates the next.
    fn series(rule: &Recurrence, first: NaiveDate, n: usize) -> Vec<NaiveDate> {
        let rule = rule.anchored(first);
        let mut out = vec![first];
        for _ in 1..n {
            let last = *out.last().unwrap();
            out.push(rule.next_after(last, last).unwrap());
        }
        out
    }

    #[test]
    fn the_31st_of_every_month_falls_on_shorter_months_last_day_and_comes_back() {
        let dates = series(&rule("monthly"), date(2027, 1, 31), 5);
        assert_eq!(
            dates,
            [
                date(2027, 1, 31),
                date(2027, 2, 28),
                date(2027, 3, 31),
                date(2027, 4, 30),
                date(2027, 5, 31)
            ]
        );
        // A leap year has 29 February.
        assert_eq!(
            series(&rule("monthly"), date(2028, 1, 31), 2)[1],
            date(2028, 2, 29)
        );
    }

    #[test]
    fn the_first_of_every_jalali_month() {
        let r = rule("every month on day 1 jalali");
        let dates = series(&r, jalali(1405, 1, 1), 3);
        // 1 Farvardin 1405 is 21 March 2026; Farvardin has 31 days.
        assert_eq!(
            dates,
            [date(2026, 3, 21), date(2026, 4, 21), date(2026, 5, 22)]
        );
        assert_eq!(dates[2], jalali(1405, 3, 1));
    }

    #[test]
    fn the_last_day_of_every_jalali_month_follows_31_30_and_esfand() {
        let r = rule("every month on last day jalali");
        let dates = series(&r, jalali(1405, 6, 31), 2);
        assert_eq!(dates[1], jalali(1405, 7, 30));
        // Esfand: 29 days in a common year, 30 in a leap year.
        assert_eq!(jalali::is_leap_year(1403), Some(true));
        assert_eq!(jalali::is_leap_year(1404), Some(false));
        let esfand = series(&r, jalali(1403, 11, 30), 3);
        assert_eq!(esfand[1], jalali(1403, 12, 30));
        assert_eq!(esfand[2], jalali(1404, 1, 31));
    }

    #[test]
    fn a_yearly_rule_on_30_esfand_falls_on_29_esfand_in_common_years() {
        let r = rule("yearly on 12/30 jalali");
        let dates = series(&r, jalali(1403, 12, 30), 3);
        assert_eq!(dates[1], jalali(1404, 12, 29));
        assert_eq!(dates[1], date(2026, 3, 20));
        // …and keeps its day, so a leap year has it again (1408).
        let later = r
            .next_after(jalali(1407, 12, 29), jalali(1407, 12, 29))
            .unwrap();
        assert_eq!(jalali::is_leap_year(1408), Some(true));
        assert_eq!(later, jalali(1408, 12, 30));
    }

    #[test]
    fn a_29_february_yearly_task_falls_on_28_february_in_common_years() {
        let dates = series(&rule("yearly"), date(2028, 2, 29), 3);
        assert_eq!(dates[1..], [date(2029, 2, 28), date(2030, 2, 28)]);
        assert_eq!(
            series(&rule("yearly"), date(2028, 2, 29), 5)[4],
            date(2032, 2, 29)
        );
    }

    #[test]
    fn every_two_weeks_on_monday_and_thursday_skips_the_odd_weeks() {
        let dates = series(&rule("every 2 weeks on mon,thu"), date(2026, 12, 7), 5);
        assert_eq!(
            dates,
            [
                date(2026, 12, 7),
                date(2026, 12, 10),
                date(2026, 12, 21),
                date(2026, 12, 24),
                date(2027, 1, 4)
            ]
        );
    }

    #[test]
    fn a_weekly_rule_without_days_keeps_the_first_due_weekday() {
        // 2026-12-05 is a Saturday.
        let dates = series(&rule("weekly"), date(2026, 12, 5), 3);
        assert_eq!(dates[1..], [date(2026, 12, 12), date(2026, 12, 19)]);
    }

    #[test]
    fn every_n_days_skips_to_the_first_after_a_late_completion() {
        let r = rule("every 3 days");
        assert_eq!(
            r.next_after(date(2026, 12, 1), date(2026, 12, 9)),
            Some(date(2026, 12, 10))
        );
        assert_eq!(
            r.next_after(date(2026, 12, 1), date(2026, 12, 1)),
            Some(date(2026, 12, 4))
        );
        // A monthly task completed months late comes back once, after.
        assert_eq!(
            rule("monthly on day 15").next_after(date(2026, 1, 15), date(2026, 6, 20)),
            Some(date(2026, 7, 15))
        );
    }

    #[test]
    fn the_canonical_text_reads_back_as_the_same_rule() {
        for text in [
            "daily",
            "every 3 days",
            "weekly on sat,mon",
            "every 2 weeks on thursday, monday",
            "monthly on day 1 jalali",
            "every 3 months on last day",
            "yearly on 12/30 jalali",
            "every year on 2/last",
            "every ۲ weeks on wed",
        ] {
            for calendar in [Calendar::Gregorian, Calendar::Jalali] {
                let first = Recurrence::parse(text, calendar).unwrap();
                let again = Recurrence::parse(&first.to_string(), Calendar::Gregorian).unwrap();
                assert_eq!(first, again, "{text} → {first}");
            }
        }
        assert_eq!(rule("every ۲ weeks on wed").every, 2);
        assert_eq!(
            rule("every 2 weeks on thu,mon").to_string(),
            "every 2 weeks on mon,thu gregorian"
        );
        assert_eq!(
            Recurrence::parse("monthly", Calendar::Jalali)
                .unwrap()
                .anchored(jalali(1405, 1, 17))
                .to_string(),
            "every month on day 17 jalali"
        );
    }

    #[test]
    fn bad_rules_say_what_is_wrong_and_show_examples() {
        for (text, says) in [
            ("", "empty"),
            ("every 0 days", "out of range"),
            ("every fortnight", "not a unit"),
            ("weekly on funday", "needs weekdays"),
            ("monthly on day 32", "not 1 to 31"),
            ("daily on mon", "takes no"),
            ("yearly on 13/1", "not 1 to 12"),
            ("sometimes", "cannot start"),
            ("monthly soon", "not understood"),
        ] {
            let error = Recurrence::parse(text, Calendar::Gregorian).unwrap_err();
            assert!(error.contains(says), "{text}: {error}");
            assert!(error.contains("every 2 weeks on mon,thu"), "{error}");
        }
    }

    #[test]
    fn descriptions_are_in_the_interface_language() {
        let r = rule("every 2 weeks on mon,thu");
        assert_eq!(r.describe(Language::En), "every 2 weeks on Mon, Thu");
        assert_eq!(r.describe(Language::Fa), "هر 2 هفته، دوشنبه و پنجشنبه");
        let m = rule("monthly on day 1 jalali");
        assert_eq!(m.describe(Language::Fa), "هر ماه، روز 1 (شمسی)");
        assert_eq!(m.describe(Language::Ar), "كل شهر، يوم 1 (هجري شمسي)");
    }
}
