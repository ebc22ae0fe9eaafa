//! Refusals in the interface's language: the one function that renders an
//! [`InputError`] (dates, amounts, priorities, contact points, quantities,
//! percentages, overpayments) from the catalogue, and the store's errors
//! built on it. What the user typed is inserted as isolated data (controls
//! made visible, `Locale::tf`); numbers take the configured digits.
//!
//! The English catalogue entries say exactly what each error's `Display`
//! says (a test below strips the isolates and compares), so the CLI in an
//! English config keeps printing `Display`, byte for byte.

use super::Locale;
use crate::error::Error;
use crate::model::Entity;
use crate::model::dates::DateError;
use crate::model::input_error::{CustomProblem, InputError};
use crate::model::money::{AmountShape, MoneyError};
use crate::vocab::Language;

impl Locale {
    /// `error` in the interface's language.
    pub fn input_error(&self, error: &InputError) -> String {
        match error {
            InputError::Date(e) => self.date_error(e),
            InputError::Amount(e) => self.money_error(e),
            InputError::Discount(e) => self.tf_sentence(
                "input.discount",
                &[("reason", self.money_error(e).as_str())],
            ),
            InputError::Priority { input } => self.tf("input.priority", &[("input", input)]),
            InputError::Email { input } => self.tf("input.email", &[("input", input)]),
            InputError::Phone { input } => self.tf("input.phone", &[("input", input)]),
            InputError::Quantity { input } => self.tf("input.quantity", &[("input", input)]),
            InputError::Percent { input } => self.tf("input.percent", &[("input", input)]),
            InputError::CustomField {
                field,
                input,
                problem,
            } => self.custom_field_error(field, input, problem),
            InputError::CaseSubject => self.t("input.case.subject").to_owned(),
            InputError::CaseCustomer => self.t("input.case.customer").to_owned(),
            InputError::Satisfaction { score } => self.tf(
                "input.case.satisfaction",
                &[("score", &self.digits(&score.to_string()))],
            ),
            InputError::CommentNeedsScore => self.t("input.case.comment_needs_score").to_owned(),
            // The shared text rules name the field in English words.
            InputError::Text(message) => message.clone(),
            InputError::Overpayment {
                invoice,
                owed,
                amount,
                currency,
            } => self.tf(
                "input.overpayment",
                &[
                    ("invoice", invoice),
                    ("owed", &self.money_amount(*owed, currency)),
                    ("currency", &self.money_unit(currency)),
                    ("amount", &self.money_amount(*amount, currency)),
                ],
            ),
        }
    }

    /// A store refusal as the interface shows it: refused input and
    /// version conflicts in the interface's language; the others (the
    /// database's own words, files, paths) as the library says them.
    pub fn store_error(&self, error: &Error) -> String {
        match error {
            Error::Input(e) => self.input_error(e),
            Error::Conflict {
                entity,
                id,
                expected,
                actual,
            } => {
                let key = if expected < actual {
                    "error.conflict_stale"
                } else {
                    "error.conflict_version"
                };
                self.tf(
                    key,
                    &[
                        ("entity", &self.record_name(*entity)),
                        ("id", &self.digits(&id.to_string())),
                        ("expected", &self.digits(&expected.to_string())),
                        ("actual", &self.digits(&actual.to_string())),
                    ],
                )
            }
            Error::NotFound { entity, id } => self.tf(
                "error.not_found",
                &[
                    ("entity", &self.record_name(*entity)),
                    ("id", &self.digits(&id.to_string())),
                ],
            ),
            // English keeps the store's own sentence, which counts and
            // names plurals ("2 deals (#4, #9)").
            Error::InUse { message, .. } if self.language == Language::En => message.clone(),
            Error::InUse {
                entity,
                id,
                label,
                links,
                ..
            } => self.in_use(*entity, *id, label, links),
            other => other.to_string(),
        }
    }

    /// A refused delete: the record, and per kind the ids still linked
    /// to it (`deal #4, #9; task #3`), in the interface's words and digits.
    fn in_use(&self, entity: Entity, id: i64, label: &str, links: &[(Entity, Vec<i64>)]) -> String {
        let (separator, groups) = if self.is_rtl() {
            ("، ", "؛ ")
        } else {
            (", ", "; ")
        };
        let shown: Vec<String> = links
            .iter()
            .map(|(kind, ids)| {
                let numbers: Vec<String> = ids
                    .iter()
                    .take(10)
                    .map(|i| format!("#{}", self.digits(&i.to_string())))
                    .collect();
                let more = if ids.len() > 10 { "…" } else { "" };
                format!(
                    "{} {}{more}",
                    self.record_name(*kind),
                    numbers.join(separator)
                )
            })
            .collect();
        self.tf_sentence(
            "error.in_use",
            &[
                ("entity", &self.record_name(entity)),
                ("id", &self.digits(&id.to_string())),
                ("label", &crate::text::display::isolate(label)),
                ("links", &shown.join(groups)),
            ],
        )
    }

    /// A record kind in words ("person", "شخص").
    pub fn record_name(&self, entity: Entity) -> String {
        let key = format!("record.{}", entity.as_str());
        self.t(&key).to_owned()
    }

    fn custom_field_error(&self, field: &str, input: &str, problem: &CustomProblem) -> String {
        let args = [("field", field), ("input", input)];
        match problem {
            CustomProblem::Number => self.tf("input.custom.number", &args),
            CustomProblem::Date => self.tf("input.custom.date", &args),
            CustomProblem::Choice { choices, allowed } => {
                let choices = match self.language {
                    Language::En => allowed.clone(),
                    Language::Fa | Language::Ar => choices.join("، "),
                };
                let mut args = args.to_vec();
                args.push(("choices", &choices));
                self.tf("input.custom.choice", &args)
            }
        }
    }

    fn date_error(&self, error: &DateError) -> String {
        let forms = self.t("input.date.forms");
        match error {
            DateError::Empty => self.tf_sentence("input.date.empty", &[("forms", forms)]),
            DateError::NotADate { input } => self
                .tf("input.date.not_a_date", &[("input", input)])
                .replace("{forms}", forms),
            DateError::DoesNotExist {
                input,
                month,
                month_number,
                jalali,
                year,
                days,
            } => {
                let names = crate::calendar::names::jalali_month;
                let month = match (self.language, jalali) {
                    (Language::En, _) => Some(*month),
                    (_, true) => names(self.language, *month_number),
                    (_, false) => {
                        crate::calendar::names::gregorian_month(self.language, *month_number)
                    }
                }
                .unwrap_or(month);
                self.tf(
                    "input.date.does_not_exist",
                    &[
                        ("input", input),
                        ("month", month),
                        ("year", &self.digits(&year.to_string())),
                        ("days", &self.digits(&days.to_string())),
                    ],
                )
            }
            DateError::OutOfRange { input } => {
                self.tf("input.date.out_of_range", &[("input", input)])
            }
            DateError::NotATime { input } => self.tf("input.date.not_a_time", &[("input", input)]),
        }
    }

    fn money_error(&self, error: &MoneyError) -> String {
        match error {
            MoneyError::Empty => self.t("input.amount.empty").to_owned(),
            MoneyError::Negative { input } => self.tf("input.amount.negative", &[("input", input)]),
            MoneyError::TooManyDecimals {
                input,
                currency,
                allowed,
                found,
            } => self.tf(
                if *allowed == 1 {
                    "input.amount.too_many_decimals_one"
                } else {
                    "input.amount.too_many_decimals"
                },
                &[
                    ("currency", &self.money_unit(currency)),
                    ("allowed", &self.digits(&allowed.to_string())),
                    ("input", input),
                    ("found", &self.digits(&found.to_string())),
                ],
            ),
            MoneyError::InvalidCharacter { input, found } => self.tf(
                "input.amount.invalid_character",
                &[("input", input), ("found", &found.to_string())],
            ),
            MoneyError::Malformed { input, reason } => self
                .tf("input.amount.malformed", &[("input", input)])
                .replace("{reason}", self.t(shape_key(*reason))),
            MoneyError::TooLarge {
                input, currency, ..
            } => self.tf(
                "input.amount.too_large",
                &[
                    ("input", input),
                    ("currency", &self.money_unit(currency)),
                    ("max", &self.money_amount(i64::MAX, currency)),
                ],
            ),
            MoneyError::UnknownCurrency { currency } => {
                self.tf("input.amount.unknown_currency", &[("currency", currency)])
            }
        }
    }
}

/// The catalogue key of the words for an amount's shape.
fn shape_key(shape: AmountShape) -> &'static str {
    match shape {
        AmountShape::TwoPoints => "input.amount.shape.two_points",
        AmountShape::NothingAfterPoint => "input.amount.shape.nothing_after_point",
        AmountShape::NothingBeforePoint => "input.amount.shape.nothing_before_point",
        AmountShape::SeparatorAfterPoint => "input.amount.shape.separator_after_point",
        AmountShape::LoneSeparator => "input.amount.shape.lone_separator",
        AmountShape::Grouping => "input.amount.shape.grouping",
    }
}

/// The isolates `Locale::tf` puts around inserted values taken out again
/// (and the visible escapes `sanitize::visible` gives a plain value are
/// what `Display` shows too): English catalogue text as the CLI prints it.
#[cfg(test)]
fn without_isolates(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Calendar, Digits};

    fn fa() -> Locale {
        Locale::new(Language::Fa, Calendar::Jalali, Digits::Persian)
    }

    fn ar() -> Locale {
        Locale::new(Language::Ar, Calendar::Gregorian, Digits::Arabic)
    }

    /// Every kind of refusal has its own words in English, Persian and
    /// Arabic: none falls back to a key or to another language.
    /// A refused delete in the interface's words: the record, its name
    /// isolated, and each kind of record still linked with its ids.
    #[test]
    fn a_refused_delete_is_said_in_each_language() {
        let err = Error::InUse {
            message: "person 5 (Sara) is still linked to 2 deals (#4, #9)".into(),
            entity: Entity::Person,
            id: 5,
            label: "Sara".into(),
            links: vec![(Entity::Deal, vec![4, 9]), (Entity::Task, vec![3])],
        };
        let fa = fa().store_error(&err);
        assert_eq!(
            fa,
            "شخص ۵ (\u{2068}Sara\u{2069}) هنوز به این‌ها پیوند دارد: معامله #۴، #۹؛ کار #۳؛ چیزی حذف نشد. اول آن‌ها را حذف کنید یا به رکورد دیگری پیوند دهید"
        );
        let ar = ar().store_error(&err);
        assert!(ar.contains("#٤، #٩"), "{ar}");
        assert!(!ar.contains("deal"), "{ar}");
        let en = Locale::default().store_error(&err);
        assert_eq!(en, "person 5 (Sara) is still linked to 2 deals (#4, #9)");
    }

    #[test]
    fn every_error_kind_has_an_entry_in_every_language() {
        let en = Locale::default();
        for locale in [fa(), ar()] {
            for error in InputError::samples() {
                let said = locale.input_error(&error);
                assert!(!said.contains("input."), "{error:?}: {said}");
                assert!(!said.contains('{'), "{error:?}: {said}");
                assert!(
                    said.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)),
                    "{:?} {error:?} is not translated: {said}",
                    locale.language
                );
                assert_ne!(said, en.input_error(&error), "{error:?}");
            }
            for entity in Entity::ALL {
                let key = format!("record.{}", entity.as_str());
                assert_ne!(locale.record_name(entity), key);
                assert_ne!(locale.record_name(entity), en.record_name(entity));
            }
        }
        for shape in AmountShape::ALL {
            for language in [Language::En, Language::Fa, Language::Ar] {
                let strings = crate::locale::catalog::load(language);
                assert!(strings.contains_key(shape_key(shape)), "{shape:?}");
            }
        }
    }

    /// The English catalogue says what `Display` says, so the CLI's
    /// English (which prints `Display`) and the interface's agree.
    #[test]
    fn english_entries_say_what_display_says() {
        let en = Locale::default();
        for error in InputError::samples() {
            assert_eq!(
                without_isolates(&en.input_error(&error)),
                error.to_string(),
                "{error:?}"
            );
        }
        let conflict = Error::Conflict {
            entity: Entity::Person,
            id: 3,
            expected: 1,
            actual: 2,
        };
        assert_eq!(
            without_isolates(&en.store_error(&conflict)),
            conflict.to_string()
        );
        let impossible = Error::Conflict {
            entity: Entity::Deal,
            id: 3,
            expected: 9,
            actual: 2,
        };
        assert_eq!(
            without_isolates(&en.store_error(&impossible)),
            impossible.to_string()
        );
        let gone = Error::NotFound {
            entity: Entity::Case,
            id: 12,
        };
        assert_eq!(without_isolates(&en.store_error(&gone)), gone.to_string());
        assert_eq!(
            fa().store_error(&gone),
            "\u{2068}درخواست\u{2069} \u{2068}۱۲\u{2069} وجود ندارد"
        );
    }

    #[test]
    fn persian_date_error_names_the_jalali_month_in_persian_digits() {
        let error = InputError::Date(DateError::DoesNotExist {
            input: "1404/12/30".to_owned(),
            month: "Esfand",
            month_number: 12,
            jalali: true,
            year: 1404,
            days: 29,
        });
        let said = fa().input_error(&error);
        assert!(said.contains("\u{2068}1404/12/30\u{2069}"), "{said}");
        assert!(said.contains("اسفند"), "{said}");
        assert!(said.contains("۱۴۰۴") && said.contains("۲۹"), "{said}");
    }

    #[test]
    fn overpayment_in_arabic_digits_with_the_currency_word() {
        let error = InputError::Overpayment {
            invoice: "INV-1".to_owned(),
            owed: 120_050,
            amount: 200_000,
            currency: "USD".to_owned(),
        };
        let said = ar().input_error(&error);
        assert!(said.contains("١٬٢٠٠٫٥٠"), "{said}");
        assert!(said.contains("٢٬٠٠٠٫٠٠"), "{said}");
    }

    /// What was typed is isolated and its controls made visible.
    #[test]
    fn typed_value_is_isolated_and_made_visible() {
        let error = InputError::Date(DateError::NotADate {
            input: "x\u{202e}y".to_owned(),
        });
        let said = fa().input_error(&error);
        assert!(said.contains("\u{2068}x\\u{202e}y\u{2069}"), "{said:?}");
    }
}
