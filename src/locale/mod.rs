//! Locale: UI strings from a catalogue, calendars, digits, money and week
//! start. Display only: stored data and `--json` output never change.
//!
//! STUB (interface only): issue 4 fills in Persian/Arabic catalogues, the
//! Jalali calendar, digit sets, per-currency money formatting and collation.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Weekday};

use crate::config::{Calendar, Config, Digits, Language};

const EN: &str = include_str!("catalog/en.toml");

/// Everything the front-ends need to show text the way the user asked.
#[derive(Debug, Clone)]
pub struct Locale {
    /// Interface language.
    pub language: Language,
    /// Calendar for shown dates.
    pub calendar: Calendar,
    /// Digit glyphs for shown numbers.
    pub digits: Digits,
    strings: HashMap<String, String>,
}

impl Default for Locale {
    fn default() -> Self {
        Locale::new(Language::En, Calendar::Gregorian, Digits::Latin)
    }
}

impl Locale {
    /// A locale with these options.
    pub fn new(language: Language, calendar: Calendar, digits: Digits) -> Self {
        let strings = toml::from_str::<HashMap<String, String>>(EN).unwrap_or_default();
        Locale {
            language,
            calendar,
            digits,
            strings,
        }
    }

    /// The locale the config asks for.
    pub fn from_config(config: &Config) -> Self {
        Locale::new(
            config.display.language,
            config.display.calendar,
            config.display.digits,
        )
    }

    /// The UI string for `key`; the key itself when the catalogue lacks it
    /// (a test keeps every key used in the code present in every catalogue).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map(String::as_str).unwrap_or(key)
    }

    /// `t(key)` with `{name}` placeholders replaced.
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut out = self.t(key).to_owned();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// Whether the interface reads right to left (labels on the right,
    /// pipeline stages flowing right to left).
    pub fn is_rtl(&self) -> bool {
        matches!(self.language, Language::Fa | Language::Ar)
    }

    /// The first day of the week.
    pub fn week_start(&self) -> Weekday {
        Weekday::Mon
    }

    /// A date in the configured calendar and digits, e.g. `2026-11-22`.
    pub fn date(&self, date: NaiveDate) -> String {
        self.digits(&format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month(),
            date.day()
        ))
    }

    /// A short date for narrow columns, e.g. `11-22` (year left out).
    pub fn short_date(&self, date: NaiveDate) -> String {
        self.digits(&format!("{:02}-{:02}", date.month(), date.day()))
    }

    /// A local date and time, e.g. `2026-11-22 14:30`.
    pub fn date_time(&self, at: DateTime<FixedOffset>) -> String {
        let date = self.date(at.date_naive());
        format!("{date} {}", self.digits(&at.format("%H:%M").to_string()))
    }

    /// ASCII digits in `text` turned into the configured digit set.
    pub fn digits(&self, text: &str) -> String {
        text.to_owned()
    }

    /// A count or other integer.
    pub fn number(&self, n: i64) -> String {
        self.digits(&n.to_string())
    }

    /// An amount in minor units with its currency, e.g. `USD 1,200.00`.
    pub fn money(&self, minor: i64, currency: &str) -> String {
        self.digits(&format!(
            "{currency} {}",
            crate::model::money::format_amount(minor, currency)
        ))
    }
}
