//! Locale: UI strings from a catalogue, calendars, digits, money and week
//! start. Display only: stored data and `--json` output never change.
//!
//! - `catalog`: `t(key)` from `catalog/{en,fa,ar}.toml`, English filling gaps.
//! - `calendar`: the Jalali calendar and month names.
//! - `digits`: Latin, Persian (۰–۹) or Arabic-Indic (٠–٩) digits and the
//!   separators that go with them.
//! - `money`: per-currency decimals and grouping.
//! - `collate`: sort keys for Persian, Arabic and Latin names.
//!
//! Date formats (see docs/locale.md): Gregorian dates are shown as ISO
//! `2026-11-22`; Jalali dates as `1405/09/01`, the slash form used on Iranian
//! forms and receipts, so a Jalali date never looks like an ISO one. Both
//! then take the configured digits.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

/// The calendars live below `model` (date input needs them); re-exported
/// so `locale::calendar` keeps working.
pub use crate::calendar;
pub mod catalog;
pub mod collate;
pub mod contact;
pub mod digits;
pub mod errors;
pub mod money;
pub mod named;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike, Weekday};

use crate::config::Config;
use crate::vocab::{Calendar, Digits, Language};
use calendar::jalali;

/// Everything the front-ends need to show text the way the user asked.
#[derive(Debug, Clone)]
pub struct Locale {
    /// Interface language.
    pub language: Language,
    /// Calendar for shown dates.
    pub calendar: Calendar,
    /// Digit glyphs for shown numbers.
    pub digits: Digits,
}

impl Default for Locale {
    fn default() -> Self {
        Locale::new(Language::En, Calendar::Gregorian, Digits::Latin)
    }
}

impl Locale {
    /// A locale with these options.
    pub fn new(language: Language, calendar: Calendar, digits: Digits) -> Self {
        Locale {
            language,
            calendar,
            digits,
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
        catalog::strings(self.language)
            .get(key)
            .map(String::as_str)
            .unwrap_or(key)
    }

    /// `t(key)` with `{name}` placeholders replaced by the values, each
    /// wrapped in FSI … PDI (`text::display::isolate`, which also makes the
    /// value's own controls visible): inserted data keeps its own direction
    /// and cannot reorder the sentence around it ("«Acme renewal» به مذاکره
    /// منتقل شد"). Draw the result with `text::display::visual_in` (the
    /// views' `ui` helpers), which turns the isolates into layout.
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut out = self.t(key).to_owned();
        for (name, value) in args {
            out = out.replace(
                &format!("{{{name}}}"),
                &crate::text::display::isolate(value),
            );
        }
        out
    }

    /// Like [`Locale::tf`] for values that are kariz's own sentences,
    /// already built with `tf` (the step named in "Undone: …"): inserted
    /// as they are, so their isolates stay isolates. Never for user data.
    pub fn tf_sentence(&self, key: &str, args: &[(&str, &str)]) -> String {
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

    /// The first day of the week: Saturday in Iran, Sunday in Saudi Arabia
    /// (the Arabic default), Monday (ISO) in English.
    pub fn week_start(&self) -> Weekday {
        match self.language {
            Language::Fa => Weekday::Sat,
            Language::Ar => Weekday::Sun,
            Language::En => Weekday::Mon,
        }
    }

    /// `date` in the configured calendar as (year, month, day). Dates the
    /// Jalali calendar cannot convert (before 622 or after 3798) stay
    /// Gregorian rather than failing.
    fn ymd(&self, date: NaiveDate) -> (i32, u32, u32, Calendar) {
        if self.calendar == Calendar::Jalali
            && let Some(j) = jalali::from_gregorian(date)
        {
            return (j.year, j.month, j.day, Calendar::Jalali);
        }
        (date.year(), date.month(), date.day(), Calendar::Gregorian)
    }

    /// A date in the configured calendar and digits: `2026-11-22`, or
    /// `1405/09/01` (shown as `۱۴۰۵/۰۹/۰۱` with Persian digits) in Jalali.
    pub fn date(&self, date: NaiveDate) -> String {
        let (y, m, d, calendar) = self.ymd(date);
        let separator = match calendar {
            Calendar::Jalali => '/',
            Calendar::Gregorian => '-',
        };
        self.digits(&numeric_date(y, m, d, separator))
    }

    /// A short date for narrow columns, e.g. `11-22`, or `09/01` in Jalali
    /// (year left out).
    pub fn short_date(&self, date: NaiveDate) -> String {
        let (_, m, d, calendar) = self.ymd(date);
        let text = match calendar {
            Calendar::Jalali => format!("{m:02}/{d:02}"),
            Calendar::Gregorian => format!("{m:02}-{d:02}"),
        };
        self.digits(&text)
    }

    /// A date with the month named, e.g. `22 November 2026`, `۱ آذر ۱۴۰۵`.
    pub fn long_date(&self, date: NaiveDate) -> String {
        let (y, m, d, calendar) = self.ymd(date);
        let month = match calendar {
            Calendar::Jalali => calendar::names::jalali_month(self.language, m),
            Calendar::Gregorian => calendar::names::gregorian_month(self.language, m),
        }
        .unwrap_or("?");
        self.digits(&format!("{d} {month} {y}"))
    }

    /// A local date and time, e.g. `2026-11-22 14:30`, `۱۴۰۵/۰۹/۰۱ ۱۴:۳۰`.
    pub fn date_time(&self, at: DateTime<FixedOffset>) -> String {
        self.date_and_time(at.date_naive(), Some(at.time()))
    }

    /// A date with an optional time of day: `2026-11-22 14:30`, or the
    /// date alone.
    pub fn date_and_time(&self, date: NaiveDate, time: Option<NaiveTime>) -> String {
        match time {
            Some(t) => format!("{} {}", self.date(date), self.time(t)),
            None => self.date(date),
        }
    }

    /// A time of day, hours and minutes: `14:30`, `۱۴:۳۰`.
    pub fn time(&self, t: NaiveTime) -> String {
        // Not chrono's format string: a task list formats thousands.
        let mut text = String::with_capacity(5);
        two_digits(&mut text, t.hour());
        text.push(':');
        two_digits(&mut text, t.minute());
        self.digits(&text)
    }

    /// ASCII digits in `text` turned into the configured digit set.
    pub fn digits(&self, text: &str) -> String {
        digits::convert(text, self.digits)
    }

    /// A decimal figure kariz wrote in ASCII (`1.5`, `62.5%`) in the
    /// locale's digits and decimal separator: `۱٫۵`, `٦٢٫٥%`.
    pub fn decimal(&self, text: &str) -> String {
        digits::decimal(text, self.digits)
    }

    /// A count or other integer, thousands grouped: `12,500`, `۱۲٬۵۰۰`.
    pub fn number(&self, n: i64) -> String {
        digits::grouped(n, self.digits)
    }

    /// An amount in minor units with its currency: `1,200.00 USD`,
    /// `۸۵۰٬۰۰۰٬۰۰۰ ریال`, `١٬٢٠٠٫٠٠ د.إ` (amount, then the unit).
    pub fn money(&self, minor: i64, currency: &str) -> String {
        money::format(minor, currency, self.language, self.digits)
    }

    /// The number part of [`Locale::money`], for a display that keeps the
    /// amount as a left-to-right island apart from the unit word.
    pub fn money_amount(&self, minor: i64, currency: &str) -> String {
        money::amount(minor, currency, self.digits)
    }

    /// The unit word of [`Locale::money`] (`USD`, `ریال`, `تومان`).
    pub fn money_unit(&self, currency: &str) -> String {
        money::unit(currency, self.language)
    }
}

/// `YYYY-MM-DD` with `separator`, written without a format string: a task
/// list writes one per row.
fn numeric_date(y: i32, m: u32, d: u32, separator: char) -> String {
    let mut out = String::with_capacity(10);
    if (0..=9999).contains(&y) {
        for n in [y.unsigned_abs() / 100, y.unsigned_abs() % 100] {
            two_digits(&mut out, n);
        }
    } else {
        out.push_str(&format!("{y:04}"));
    }
    out.push(separator);
    two_digits(&mut out, m);
    out.push(separator);
    two_digits(&mut out, d);
    out
}

fn two_digits(out: &mut String, n: u32) {
    for digit in [n / 10 % 10, n % 10] {
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn fa() -> Locale {
        Locale::new(Language::Fa, Calendar::Jalali, Digits::Persian)
    }

    #[test]
    fn numeric_dates_are_zero_padded_like_a_format_string() {
        for (y, m, d) in [
            (2026, 11, 22),
            (33, 1, 2),
            (0, 12, 31),
            (-5, 3, 4),
            (12345, 6, 7),
        ] {
            assert_eq!(numeric_date(y, m, d, '-'), format!("{y:04}-{m:02}-{d:02}"));
        }
        let t = chrono::NaiveTime::from_hms_opt(7, 5, 0).expect("valid time");
        assert_eq!(Locale::default().time(t), "07:05");
        assert_eq!(fa().time(t), "۰۷:۰۵");
    }

    #[test]
    fn dates_follow_calendar_and_digits() {
        let day = ymd(2026, 11, 22);
        let en = Locale::default();
        assert_eq!(en.date(day), "2026-11-22");
        assert_eq!(en.short_date(day), "11-22");
        assert_eq!(en.long_date(day), "22 November 2026");
        assert_eq!(fa().date(day), "۱۴۰۵/۰۹/۰۱");
        assert_eq!(fa().short_date(day), "۰۹/۰۱");
        assert_eq!(fa().long_date(day), "۱ آذر ۱۴۰۵");
        let latin_jalali = Locale::new(Language::En, Calendar::Jalali, Digits::Latin);
        assert_eq!(latin_jalali.date(day), "1405/09/01");
        assert_eq!(latin_jalali.long_date(day), "1 Azar 1405");
        let ar = Locale::new(Language::Ar, Calendar::Gregorian, Digits::Arabic);
        assert_eq!(ar.date(day), "٢٠٢٦-١١-٢٢");
        assert_eq!(ar.long_date(day), "٢٢ نوفمبر ٢٠٢٦");
    }

    #[test]
    fn date_time_uses_the_local_date() {
        let at = DateTime::parse_from_rfc3339("2026-12-21T23:30:00+03:30").expect("time");
        assert_eq!(fa().date_time(at), "۱۴۰۵/۰۹/۳۰ ۲۳:۳۰");
        assert_eq!(Locale::default().date_time(at), "2026-12-21 23:30");
    }

    #[test]
    fn dates_outside_the_jalali_range_stay_gregorian() {
        assert_eq!(fa().date(ymd(100, 1, 2)), "۰۱۰۰-۰۱-۰۲");
        assert!(!fa().date(NaiveDate::MAX).is_empty());
        assert!(!fa().date(NaiveDate::MIN).is_empty());
    }

    #[test]
    fn week_starts() {
        assert_eq!(fa().week_start(), Weekday::Sat);
        let ar = Locale::new(Language::Ar, Calendar::Gregorian, Digits::Arabic);
        assert_eq!(ar.week_start(), Weekday::Sun);
        assert_eq!(Locale::default().week_start(), Weekday::Mon);
    }

    #[test]
    fn numbers_and_money() {
        assert_eq!(fa().number(12_500), "۱۲٬۵۰۰");
        assert_eq!(Locale::default().number(7), "7");
        assert_eq!(Locale::default().money(120_000, "USD"), "1,200.00 USD");
        assert_eq!(fa().money(850_000_000, "IRR"), "۸۵۰٬۰۰۰٬۰۰۰ ریال");
        assert_eq!(fa().money_amount(120_050, "USD"), "۱٬۲۰۰٫۵۰");
        assert_eq!(fa().money_unit("IRT"), "تومان");
    }

    #[test]
    fn strings_fall_back_to_english_then_the_key() {
        assert!(fa().is_rtl());
        assert!(!Locale::default().is_rtl());
        assert_eq!(fa().t("no.such.key"), "no.such.key");
        assert_eq!(
            Locale::default().tf("no.such {n}", &[("n", "3")]),
            "no.such \u{2068}3\u{2069}"
        );
    }

    /// Inserted data is isolated, and its own controls (an isolate of its
    /// own included) are made visible, so only kariz's isolates remain.
    #[test]
    fn inserted_data_is_isolated_and_made_safe() {
        let said = fa().tf("msg.deal_won", &[("title", "Acme\u{2069}\u{1b}[2J")]);
        assert!(
            said.contains("\u{2068}Acme\\u{2069}\\u{1b}[2J\u{2069}"),
            "{said:?}"
        );
        let step = fa().tf("msg.deal_won", &[("title", "Acme")]);
        let undone = fa().tf_sentence("msg.undone", &[("what", &step)]);
        assert!(undone.contains(&step));
    }
}
