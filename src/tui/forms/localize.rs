//! Forms in the user's language: the words a form shows for canonical
//! values (an activity kind, a priority) and its dates in the configured
//! calendar and digits. What is stored stays canonical: choices keep their
//! canonical value in the field, dates are parsed back by
//! `model::dates`, which reads Jalali dates and Persian or Arabic digits.

use chrono::NaiveDate;

use super::{Base, FieldKind, Form};
use crate::config::{Config, Named};
use crate::locale::Locale;

/// The catalogue key naming `value` of the choice field `field`, for the
/// fields whose values are kariz's own words (not names from the config).
pub fn choice_key(field: &str, value: &str) -> Option<String> {
    match field {
        "kind" => Some(format!("activity.{value}")),
        "priority" => Some(format!("priority.{value}")),
        "channel" => Some(format!("case_channel.{value}")),
        "scope" => Some(format!("repeat_scope.{value}")),
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

/// A form's `label:value, …` text with the labels in the interface
/// language (`Form::contacts` reads them back to the canonical words).
fn contacts_shown(locale: &Locale, text: &str) -> String {
    text.split(", ")
        .map(|part| match part.split_once(':') {
            Some((label, value)) => format!("{}:{value}", locale.contact_label(label)),
            None => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Form {
    /// What the form shows for `value` of its choice field `field`: a
    /// deal's stage and lost reason by their labels from the config (in the
    /// deal's pipeline),
    /// kariz's own words by the catalogue, anything else as it is.
    pub fn choice_shown(
        &self,
        config: &Config,
        locale: &Locale,
        field: &str,
        value: &str,
    ) -> String {
        match (&self.base, field) {
            (Base::Deal(deal), "stage") => config
                .stage_label(&deal.pipeline, value, locale.language)
                .to_owned(),
            (Base::Deal(deal), "lost_reason") => config
                .pipeline(&deal.pipeline)
                .map_or(value, |p| p.lost_reason_label(value, locale.language))
                .to_owned(),
            (Base::CaseClose(_), "score") => locale.digits(value),
            (Base::Case(..), "category") => locale.named(config, Named::Category, value),
            _ => choice_label(locale, field, value),
        }
    }

    /// The canonical value among `values` that the form shows as `label`
    /// (what a picker of shown labels hands back), or the label itself.
    pub fn choice_value(
        &self,
        config: &Config,
        locale: &Locale,
        field: &str,
        values: &[String],
        label: &str,
    ) -> String {
        values
            .iter()
            .find(|v| self.choice_shown(config, locale, field, v) == label)
            .cloned()
            .unwrap_or_else(|| label.to_owned())
    }

    /// Rewrites the prefilled dates and times in the configured calendar
    /// and digits ("today" becomes `۱۴۰۵/۰۹/۰۱` in a Jalali, Persian-digit
    /// setup), and phone and e-mail labels in the interface language
    /// (`موبایل:…`). Called once when a form opens; typed text is never
    /// touched.
    pub fn localize(&mut self, locale: &Locale, today: NaiveDate) {
        for field in &mut self.fields {
            let text = field.input.text();
            let shown = match field.kind {
                FieldKind::Date if text.trim() == "today" => locale.date(today),
                FieldKind::Date => match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                    Ok(date) => locale.date(date),
                    Err(_) => continue,
                },
                FieldKind::Time | FieldKind::Number => locale.digits(&text),
                FieldKind::Contacts => contacts_shown(locale, &text),
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

    fn form(base: Base) -> Form {
        Form {
            title: "form.add_task",
            fields: Vec::new(),
            focus: 0,
            target: None,
            base,
            notice: None,
        }
    }

    #[test]
    fn activity_kinds_and_priorities_are_translated_and_mapped_back() {
        let config = Config::default_config();
        let task = form(Base::Task(Box::default()));
        let shown = task.choice_shown(&config, &fa(), "kind", "outgoing_call");
        assert_eq!(shown, "تماس خروجی");
        let kinds: Vec<String> = crate::model::ActivityKind::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect();
        let back = task.choice_value(&config, &fa(), "kind", &kinds, &shown);
        assert_eq!(back, "outgoing_call");
        let values = ["low", "normal", "high"].map(str::to_owned);
        for priority in ["low", "normal", "high"] {
            let shown = task.choice_shown(&config, &fa(), "priority", priority);
            assert_ne!(shown, priority);
            let back = task.choice_value(&config, &fa(), "priority", &values, &shown);
            assert_eq!(back, priority);
        }
        // Values from the config without a label are shown as they are.
        assert_eq!(choice_label(&fa(), "currency", "USD"), "USD");
    }

    #[test]
    fn a_deal_stage_is_shown_by_its_label_and_stored_by_its_name() {
        let text = include_str!("../../../config/examples/fa.toml");
        let config = Config::parse(text, "fa.toml").unwrap();
        let data = crate::model::DealData {
            pipeline: "sales".to_owned(),
            ..Default::default()
        };
        let deal = form(Base::Deal(Box::new(data)));
        let shown = deal.choice_shown(&config, &fa(), "stage", "Lead");
        assert_eq!(shown, "سرنخ");
        let stages: Vec<String> = config
            .default_pipeline()
            .stage_names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            deal.choice_value(&config, &fa(), "stage", &stages, &shown),
            "Lead"
        );
    }

    #[test]
    fn phone_labels_are_shown_translated_and_read_back() {
        let mut form = Form {
            title: "form.add_person",
            fields: vec![Field::new(
                "phones",
                "field.phones",
                FieldKind::Contacts,
                "mobile:0912 345 6789, villa:021-1234, work:+98 21 8888",
            )],
            focus: 0,
            target: None,
            base: Base::Task(Box::default()),
            notice: None,
        };
        form.localize(&fa(), day(2026, 11, 22));
        let shown = form.fields[0].input.text();
        assert_eq!(
            shown,
            "موبایل:0912 345 6789, villa:021-1234, محل کار:+98 21 8888"
        );
        let config = Config::default_config();
        let locale = fa();
        let to_utc = |d: NaiveDate, t: chrono::NaiveTime| d.and_time(t).and_utc();
        let ctx = super::super::FormContext {
            today: day(2026, 11, 22),
            week_start: Weekday::Sat,
            config: &config,
            user: "sara",
            locale: &locale,
            now: to_utc(day(2026, 11, 22), chrono::NaiveTime::MIN),
            local_to_utc: &to_utc,
        };
        let points = form.contacts("phones", false, &ctx);
        let labels: Vec<&str> = points.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["mobile", "villa", "work"]);
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
