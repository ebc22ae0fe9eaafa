//! Add and edit forms: fields with inline validation. Each entity's file
//! builds its form (from an existing record or defaults) and turns a filled
//! form back into a [`Change`], marking the fields it cannot accept.

mod activity;
mod case;
mod company;
mod deal;
mod localize;
mod person;
mod quote;
mod task;

pub use activity::ActivityLinks;
pub use activity::{activity_edit_form, activity_form};
pub use case::{CaseSeed, case_form, case_log_form, close_case_form};
pub use company::company_form;
pub use deal::DealLinks;
pub use deal::deal_form;
pub use localize::choice_label;
pub use person::person_form;
pub use quote::{LineBase, PaymentBase, payment_form, quote_line_form};
pub use task::TaskLinks;
pub use task::task_form;

use chrono::{NaiveDate, NaiveTime};

use super::change::Change;
use super::input::TextInput;
use crate::config::Config;
use crate::model::contact::ContactPoint;
use crate::model::dates::{parse_date_in_week, parse_time};
use crate::model::{ActivityData, CompanyData, DealData, PersonData, TaskData};

/// What kind of value a field holds; decides validation and pickers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A date (ISO, Jalali, today, +3d, next monday…).
    Date,
    /// A 24-hour time.
    Time,
    /// A money amount in the currency of the field named `currency`.
    Amount,
    /// 0 to 100.
    Percent,
    /// One of these values (picked with a fuzzy picker).
    Choice(Vec<String>),
    /// One of these values or any typed text (a lost reason: the
    /// pipeline's reasons, or "other").
    Suggest(Vec<String>),
    /// A person (picked from the search index).
    Person,
    /// A company (picked, or a new name that is created on save).
    Company,
    /// Phones or e-mails: `label:value, label:value`.
    Contacts,
    /// Tags, comma-separated.
    Tags,
    /// An owner login, picked from the team list (free text while the
    /// list is empty; the store refuses logins not on a non-empty list).
    Owner,
    /// A number (quantity, price, percentage), shown in the user's digits
    /// and read in any digits.
    Number,
}

impl FieldKind {
    /// Whether Enter/Ctrl-P or typing opens a picker.
    pub fn picks(&self) -> bool {
        matches!(
            self,
            FieldKind::Choice(_)
                | FieldKind::Suggest(_)
                | FieldKind::Person
                | FieldKind::Company
                | FieldKind::Owner
        )
    }
}

/// One field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Stable name (`name`, `due_date`…).
    pub name: &'static str,
    /// Catalogue key of the label.
    pub label: &'static str,
    /// The text.
    pub input: TextInput,
    /// Validation kind.
    pub kind: FieldKind,
    /// Must not be empty.
    pub required: bool,
    /// The id picked for person/company fields.
    pub id: Option<i64>,
    /// Why the value was refused, shown next to the field.
    pub error: Option<String>,
    /// For a custom field from the config: its name and its label.
    pub custom: Option<(String, String)>,
}

impl Field {
    /// A field with an initial value.
    pub fn new(name: &'static str, label: &'static str, kind: FieldKind, value: &str) -> Field {
        Field {
            name,
            label,
            input: TextInput::new(value),
            kind,
            required: false,
            id: None,
            error: None,
            custom: None,
        }
    }

    /// The label to show: the custom field's own label, else the catalogue
    /// string for `label` (looked up by the caller's `t`).
    pub fn label_text<'a>(&'a self, t: impl Fn(&'a str) -> &'a str) -> &'a str {
        match &self.custom {
            Some((_, label)) => label,
            None => t(self.label),
        }
    }

    /// Marks the field required.
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Sets the picked id.
    pub fn with_id(mut self, id: Option<i64>) -> Field {
        self.id = id;
        self
    }
}

/// The record a form edits, kept whole so fields the form does not show
/// (custom fields, addresses) survive an edit.
#[derive(Debug, Clone)]
pub enum Base {
    /// A person.
    Person(Box<PersonData>),
    /// A company.
    Company(Box<CompanyData>),
    /// A deal.
    Deal(Box<DealData>),
    /// A task.
    Task(Box<TaskData>),
    /// An activity.
    Activity(Box<ActivityData>),
    /// A new case, and the complaint it is made from.
    Case(Box<crate::model::CaseData>, Option<i64>),
    /// A reply or call logged on case (id).
    CaseLog(i64, Box<ActivityData>),
    /// Closing case (id) with a score.
    CaseClose(i64),
    /// A line of a draft quote.
    QuoteLine(Box<quote::LineBase>),
    /// A payment against the invoice of a quote.
    Payment(Box<quote::PaymentBase>),
}

/// An add or edit form.
#[derive(Debug, Clone)]
pub struct Form {
    /// Catalogue key of the title.
    pub title: &'static str,
    /// The fields in order.
    pub fields: Vec<Field>,
    /// Focused field.
    pub focus: usize,
    /// The record edited (id, version seen), or `None` when adding.
    pub target: Option<(i64, i64)>,
    /// The record as loaded (or defaults when adding).
    pub base: Base,
    /// Set when someone else changed or deleted the record while this form
    /// is open (from the change feed), shown above the keys.
    pub notice: Option<String>,
}

impl Form {
    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The trimmed text of a field, `None` when empty.
    pub fn text(&self, name: &str) -> Option<String> {
        self.field(name)
            .map(|f| f.input.text().trim().to_owned())
            .filter(|t| !t.is_empty())
    }

    fn set_error(&mut self, name: &str, message: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            f.error = Some(message);
        }
    }

    /// Whether any field was refused.
    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// Checks every field and builds the change; on failure the refused
    /// fields carry their messages and focus moves to the first of them.
    pub fn to_change(&mut self, ctx: &FormContext<'_>) -> Option<Change> {
        for f in &mut self.fields {
            f.error = None;
        }
        let required: Vec<&'static str> = self
            .fields
            .iter()
            .filter(|f| f.required && f.input.is_empty())
            .map(|f| f.name)
            .collect();
        for name in required {
            self.set_error(name, ctx.locale.t("form.required").to_owned());
        }
        let change = match self.base.clone() {
            Base::Person(base) => person::to_change(self, *base, ctx),
            Base::Company(base) => company::to_change(self, *base, ctx),
            Base::Deal(base) => deal::to_change(self, *base, ctx),
            Base::Task(base) => task::to_change(self, *base, ctx),
            Base::Activity(base) => activity::to_change(self, *base, ctx),
            Base::Case(base, from) => case::to_change(self, *base, from, ctx),
            Base::CaseLog(id, base) => case::log_to_change(self, id, *base, ctx),
            Base::CaseClose(id) => case::close_to_change(self, id, ctx),
            Base::QuoteLine(base) => quote::to_change(self, *base, ctx),
            Base::Payment(base) => quote::payment_to_change(self, &base, ctx),
        };
        if self.has_errors() {
            if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
                self.focus = first;
            }
            return None;
        }
        change.map(|c| self.based_on_original(c))
    }

    /// An edit remembers the record as the form opened it, so the save
    /// writes only the fields the user changed (see `model::patch`).
    fn based_on_original(&self, mut change: Change) -> Change {
        if self.target.is_none() {
            return change;
        }
        match (&mut change, &self.base) {
            (Change::Person { original, .. }, Base::Person(b)) => *original = Some(b.clone()),
            (Change::Company { original, .. }, Base::Company(b)) => *original = Some(b.clone()),
            (Change::Deal { original, .. }, Base::Deal(b)) => *original = Some(b.clone()),
            (Change::Task { original, .. }, Base::Task(b)) => *original = Some(b.clone()),
            (Change::Activity { original, .. }, Base::Activity(b)) => {
                *original = Some(b.clone());
            }
            _ => {}
        }
        change
    }

    /// The kind of record the form edits.
    pub fn entity(&self) -> crate::model::Entity {
        use crate::model::Entity;
        match self.base {
            Base::Person(_) => Entity::Person,
            Base::Company(_) => Entity::Company,
            Base::Deal(_) => Entity::Deal,
            Base::Task(_) => Entity::Task,
            Base::Activity(_) | Base::CaseLog(..) => Entity::Activity,
            Base::Case(..) | Base::CaseClose(_) => Entity::Case,
            Base::QuoteLine(_) => Entity::Quote,
            Base::Payment(_) => Entity::Payment,
        }
    }

    /// The target for a change: `None` to add, else (id, version seen).
    pub fn change_target(&self) -> Option<(i64, Option<i64>)> {
        self.target.map(|(id, version)| (id, Some(version)))
    }

    // --- typed readers used by the entity files; each records its error ---

    pub(super) fn date(&mut self, name: &str, ctx: &FormContext<'_>) -> Option<NaiveDate> {
        let text = self.text(name)?;
        match parse_date_in_week(&text, ctx.today, ctx.week_start) {
            Ok(date) => Some(date),
            Err(err) => {
                self.set_error(name, ctx.locale.input_error(&err.into()));
                None
            }
        }
    }

    pub(super) fn time(&mut self, name: &str, ctx: &FormContext<'_>) -> Option<NaiveTime> {
        let text = self.text(name)?;
        match parse_time(&text) {
            Ok(time) => Some(time),
            Err(err) => {
                self.set_error(name, ctx.locale.input_error(&err.into()));
                None
            }
        }
    }

    pub(super) fn contacts(
        &mut self,
        name: &str,
        email: bool,
        ctx: &FormContext<'_>,
    ) -> Vec<ContactPoint> {
        let Some(text) = self.text(name) else {
            return Vec::new();
        };
        let default_label = if email { "work" } else { "mobile" };
        let mut points = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let mut point = ContactPoint::parse(part, default_label);
            // The form shows labels in the interface language (`موبایل:…`);
            // the stored label is the canonical word.
            point.label = crate::locale::contact::canonical_label(&point.label);
            let checked = if email {
                point.validate_email()
            } else {
                point.validate_phone()
            };
            if let Err(error) = checked {
                self.set_error(name, ctx.locale.input_error(&error));
            }
            points.push(point);
        }
        points
    }

    /// Comma-separated tags, checked with the model's tag rule (the error
    /// goes on this field).
    pub(super) fn tags(&mut self, name: &str) -> Vec<String> {
        let tags: Vec<String> = self
            .text(name)
            .map(|t| {
                t.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if let Err(message) = crate::model::tag::normalize_all(&tags) {
            self.set_error(name, message);
        }
        tags
    }

    pub(super) fn id(&self, name: &str) -> Option<i64> {
        self.field(name).and_then(|f| f.id)
    }

    pub(super) fn fail(&mut self, name: &str, message: String) {
        self.set_error(name, message);
    }
}

/// What forms need to know to build and check values.
pub struct FormContext<'a> {
    /// Today, for relative dates.
    pub today: NaiveDate,
    /// Where the user's week starts (`next week`).
    pub week_start: chrono::Weekday,
    /// The configuration (pipelines, currencies).
    pub config: &'a Config,
    /// The user, default owner and author.
    pub user: &'a str,
    /// The interface's locale: the messages under refused fields.
    pub locale: &'a crate::locale::Locale,
    /// Now, for new activities.
    pub now: chrono::DateTime<chrono::Utc>,
    /// Local date and time to UTC, in the user's zone.
    pub local_to_utc: &'a dyn Fn(NaiveDate, NaiveTime) -> chrono::DateTime<chrono::Utc>,
}

/// Fields for the config's custom fields of `entity`, filled from `values`.
pub(super) fn custom_fields(
    config: &Config,
    entity: crate::config::FieldEntity,
    values: &crate::model::CustomValues,
) -> Vec<Field> {
    config
        .custom_fields_for(entity)
        .map(|cf| {
            let value = match values.get(&cf.name) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            let kind = if cf.choices.is_empty() {
                FieldKind::Text
            } else {
                FieldKind::Choice(cf.choices.clone())
            };
            let mut field = Field::new("custom", "field.custom", kind, &value);
            // The config's language is the interface's (the session's
            // locale is built from it).
            let label = cf.display_label(config.display.language);
            field.custom = Some((cf.name.clone(), label.to_owned()));
            field
        })
        .collect()
}

impl Form {
    /// Reads the custom fields back into `values`, checking each against
    /// the config (an empty field removes the value).
    pub(super) fn read_custom(
        &mut self,
        ctx: &FormContext<'_>,
        entity: crate::config::FieldEntity,
        values: &mut crate::model::CustomValues,
    ) {
        for field in &mut self.fields {
            let Some((name, _)) = &field.custom else {
                continue;
            };
            let text = field.input.text();
            if text.trim().is_empty() {
                values.remove(name);
                continue;
            }
            match ctx.config.custom_field(entity, name) {
                Some(cf) => match cf.check_value(&text) {
                    Ok(value) => {
                        values.insert(name.clone(), value);
                    }
                    Err(error) => field.error = Some(ctx.locale.input_error(&error)),
                },
                None => {
                    field.error = Some(
                        ctx.locale
                            .tf("form.error.custom_field_gone", &[("name", name)]),
                    );
                }
            }
        }
    }
}

/// Contact points as the form shows them: `label:value, …`.
pub(super) fn contacts_text(points: &[ContactPoint]) -> String {
    points
        .iter()
        .map(ContactPoint::to_field)
        .collect::<Vec<_>>()
        .join(", ")
}
