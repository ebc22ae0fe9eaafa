//! Forms in the user's language: the words a form shows for canonical
//! values (an activity kind, a priority) and its dates in the configured
//! calendar and digits. What is stored stays canonical: choices keep their
//! canonical value in the field, dates are parsed back by
//! `model::dates`, which reads Jalali dates and Persian or Arabic digits.

use chrono::NaiveDate;

use super::{FieldKind, Form};
use crate::locale::Locale;

/// The catalogue key naming `value` of the choice field `field`, for the
/// fields whose values are kariz's own words (not names from the config).
pub fn choice_key(field: &str, value: &str) -> Option<String> {
    match field {
        "kind" => Some(format!("activity.{value}")),
        "priority" => Some(format!("priority.{value}")),
        _ => None,
    }
}

/// What the form shows for `value` of field `field`: its translation when
/// the catalogue has one, else the value itself.
pub fn choice_label(locale: &Locale, field: &str, value: &str) -> String {
    match choice_key(field, value) {
        Some(key) if locale.t(&key) != key => locale.t(&key).to_owned(),
        _ => value.to_owned(),
    }
}

/// The canonical value of a choice field whose shown label is `label`
/// (what a picker of translated labels hands back), or the label itself.
pub fn choice_value(locale: &Locale, field: &str, values: &[String], label: &str) -> String {
    values
        .iter()
        .find(|v| choice_label(locale, field, v) == label)
        .cloned()
        .unwrap_or_else(|| label.to_owned())
}

impl Form {
    /// Rewrites the prefilled dates and times in the configured calendar
    /// and digits ("today" becomes `۱۴۰۵/۰۹/۰۱` in a Jalali, Persian-digit
    /// setup). Called once when a form opens; typed text is never touched.
    pub fn localize(&mut self, locale: &Locale, today: NaiveDate) {
        for field in &mut self.fields {
            let text = field.input.text();
            let shown = match field.kind {
                FieldKind::Date if text.trim() == "today" => locale.date(today),
                FieldKind::Date => match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                    Ok(date) => locale.date(date),
                    Err(_) => continue,
                },
                FieldKind::Time => locale.digits(&text),
                _ => continue,
            };
            field.input.set(&shown);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::parse_date_in_week;
    use crate::tui::forms::{Base, Field};
    use crate::vocab::{Calendar, Digits, Language};
    use chrono::Weekday;

    fn fa() -> Locale {
        Locale::new(Language::Fa, Calendar::Jalali, Digits::Persian)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn activity_kinds_and_priorities_are_translated_and_mapped_back() {
        let shown = choice_label(&fa(), "kind", "outgoing_call");
        assert_eq!(shown, "تماس خروجی");
        let kinds: Vec<String> = crate::model::ActivityKind::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect();
        assert_eq!(choice_value(&fa(), "kind", &kinds, &shown), "outgoing_call");
        for priority in ["low", "normal", "high"] {
            let shown = choice_label(&fa(), "priority", priority);
            assert_ne!(shown, priority);
            let values = ["low", "normal", "high"].map(str::to_owned);
            assert_eq!(choice_value(&fa(), "priority", &values, &shown), priority);
        }
        // Values from the config are not kariz's words: shown as they are.
        assert_eq!(choice_label(&fa(), "stage", "lead"), "lead");
    }

    #[test]
    fn prefilled_dates_follow_the_calendar_and_are_read_back() {
        let today = day(2026, 11, 22);
        let mut form = Form {
            title: "form.add_task",
            fields: vec![
                Field::new("due", "field.due_date", FieldKind::Date, "today"),
                Field::new("other", "field.date", FieldKind::Date, "2026-12-21"),
                Field::new("time", "field.time", FieldKind::Time, "09:30"),
                Field::new("typed", "field.date", FieldKind::Date, "+3d"),
            ],
            focus: 0,
            target: None,
            base: Base::Task(Box::default()),
            notice: None,
        };
        form.localize(&fa(), today);
        let texts: Vec<String> = form.fields.iter().map(|f| f.input.text()).collect();
        assert_eq!(texts, ["۱۴۰۵/۰۹/۰۱", "۱۴۰۵/۰۹/۳۰", "۰۹:۳۰", "+3d"]);
        // What is shown is accepted back as the same day.
        let back = parse_date_in_week(&texts[0], today, Weekday::Sat).unwrap();
        assert_eq!(back, today);
        let back = parse_date_in_week(&texts[1], today, Weekday::Sat).unwrap();
        assert_eq!(back, day(2026, 12, 21));
        let time = crate::model::dates::parse_time(&texts[2]).unwrap();
        assert_eq!(time.to_string(), "09:30:00");
    }
}
