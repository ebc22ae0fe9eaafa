//! Which column feeds which field: automatic for the common exports
//! (Google Contacts old and new, Outlook, generic and Persian headers), or
//! given with `--map "column=field,…"`.

use crate::error::{Error, Remedy};
use std::collections::BTreeMap;

/// A field a CSV column can fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The full name.
    Name,
    /// Parts of a name, joined in this order when there is no full name.
    NamePart(NamePart),
    /// An e-mail; `slot` pairs it with a label column (Google's
    /// "E-mail 1 - Type"), `label` is used when there is none.
    Email { slot: Option<u32>, label: String },
    /// The label of the e-mail in the same slot.
    EmailLabel(u32),
    /// A phone number, as for e-mails.
    Phone { slot: Option<u32>, label: String },
    /// The label of the phone in the same slot.
    PhoneLabel(u32),
    /// Several phones in one cell, `label:value | label:value` (kariz's
    /// own CSV export).
    PhoneList,
    /// Several e-mails in one cell, as for phones.
    EmailList,
    /// Company name (people: the company they work for).
    Company,
    /// Job title.
    Title,
    /// Tags, several in one cell.
    Tags,
    /// Notes.
    Notes,
    /// Owner (a team member).
    Owner,
    /// Birthday.
    Birthday,
    /// Postal address, or one part of it (parts are joined with ", ").
    Address,
    /// The record's id in the system it comes from.
    ExternalId,
    /// Lead source.
    LeadSource,
    /// The campaign of a person or deal, by name.
    Campaign,
    /// Company domain.
    Domain,
    /// Company industry.
    Industry,
    /// Deal pipeline.
    Pipeline,
    /// Deal stage.
    Stage,
    /// Deal value.
    Value,
    /// Deal currency.
    Currency,
    /// Deal win probability.
    Probability,
    /// Deal expected close date.
    ExpectedClose,
    /// Deal or task contact person: an e-mail, an external id or a person id.
    Person,
    /// Task due date (optionally with a time).
    Due,
    /// Task priority.
    Priority,
    /// Deal value in minor units (kariz's export: `value_minor`).
    ValueMinor,
    /// Why a deal was lost.
    LostReason,
    /// Task due time of day (kariz's export: `due_time`).
    DueTime,
    /// A task's repeat rule (kariz's export: `repeat`).
    Repeat,
    /// A task's deal: an id or an external id.
    Deal,
    /// When a task was done; any value marks it done.
    Done,
    /// A custom field declared in the config.
    Custom(String),
    /// Every custom field in one cell, as the JSON object kariz's own CSV
    /// export writes in its `custom` column (`{"segment":"retail"}`).
    CustomObject,
    /// Read but not stored (photos, phonetic names, …).
    Ignore,
}

/// Name parts, in the order they are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NamePart {
    /// "Dr."
    Prefix,
    /// Given (first) name.
    Given,
    /// Middle name.
    Middle,
    /// Family (last) name.
    Family,
    /// "Jr."
    Suffix,
}

/// Lower-cases, trims, and turns `_` into spaces so `First_Name`,
/// `first name` and `First Name` compare equal.
fn normal(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn email(label: &str) -> Target {
    Target::Email {
        slot: None,
        label: label.into(),
    }
}

fn phone(label: &str) -> Target {
    Target::Phone {
        slot: None,
        label: label.into(),
    }
}

/// Google's numbered columns: "E-mail 1 - Value", "Phone 2 - Type",
/// "Organization 1 - Name", "Address 1 - Formatted"…
fn google_numbered(header: &str) -> Option<Target> {
    let (left, right) = header.split_once(" - ")?;
    let (kind, number) = left.rsplit_once(' ')?;
    let slot: u32 = number.parse().ok()?;
    let target = match (kind, right) {
        ("e-mail" | "email", "value") => Target::Email {
            slot: Some(slot),
            label: "work".into(),
        },
        ("e-mail" | "email", "type" | "label") => Target::EmailLabel(slot),
        ("phone", "value") => Target::Phone {
            slot: Some(slot),
            label: "mobile".into(),
        },
        ("phone", "type" | "label") => Target::PhoneLabel(slot),
        ("organization", "name") if slot == 1 => Target::Company,
        ("organization", "title") if slot == 1 => Target::Title,
        ("address", "formatted") if slot == 1 => Target::Address,
        _ => Target::Ignore,
    };
    Some(target)
}

/// The field a header names when nothing was said, or `None` when the
/// header is not recognised (it is then reported and ignored).
// Long but flat: a table, one arm per field listing the header synonyms
// (English, Persian, Arabic, common exports) that name it.
pub fn auto(header: &str) -> Option<Target> {
    let h = normal(header);
    if let Some(target) = google_numbered(&h) {
        return Some(target);
    }
    let target = match h.as_str() {
        "name"
        | "full name"
        | "display name"
        | "contact name"
        | "نام کامل"
        | "نام"
        | "الاسم"
        | "الاسم الكامل" => Target::Name,
        "given name" | "first name" | "firstname" | "نام کوچک" | "الاسم الأول" => {
            Target::NamePart(NamePart::Given)
        }
        "additional name" | "middle name" => Target::NamePart(NamePart::Middle),
        "family name" | "last name" | "lastname" | "surname" | "نام خانوادگی" | "اسم العائلة" => {
            Target::NamePart(NamePart::Family)
        }
        "name prefix" | "title prefix" => Target::NamePart(NamePart::Prefix),
        "name suffix" | "suffix" => Target::NamePart(NamePart::Suffix),
        "email"
        | "e-mail"
        | "email address"
        | "e-mail address"
        | "mail"
        | "ایمیل"
        | "پست الکترونیک"
        | "البريد الإلكتروني" => email("work"),
        "e-mail 2 address" | "e-mail 3 address" | "email 2" | "email 3" => email("other"),
        // kariz's own export: "label:value | label:value".
        "phones" => Target::PhoneList,
        "emails" | "e-mails" => Target::EmailList,
        "phone" | "phone number" | "telephone" | "tel" | "تلفن" | "شماره تلفن" | "الهاتف" => {
            phone("mobile")
        }
        "mobile" | "mobile phone" | "cell" | "cell phone" | "موبایل" | "تلفن همراه" | "الجوال" => {
            phone("mobile")
        }
        "business phone" | "business phone 2" | "work phone" | "company main phone" => {
            phone("work")
        }
        "home phone" | "home phone 2" => phone("home"),
        "primary phone" => phone("main"),
        "other phone" => phone("other"),
        "business fax" | "home fax" | "fax" => phone("fax"),
        "company" | "organization" | "organization name" | "organisation" | "company name"
        | "شرکت" | "الشركة" => Target::Company,
        "title" | "job title" | "organization title" | "position" | "سمت" | "المسمى الوظيفي" => {
            Target::Title
        }
        "tags" | "tag" | "labels" | "group membership" | "categories" | "برچسب" | "برچسب‌ها"
        | "الوسوم" => Target::Tags,
        "notes" | "note" | "comments" | "یادداشت" | "ملاحظات" => Target::Notes,
        "owner" | "account owner" | "مسئول" => Target::Owner,
        "birthday"
        | "birth date"
        | "date of birth"
        | "dob"
        | "تولد"
        | "تاریخ تولد"
        | "تاريخ الميلاد" => Target::Birthday,
        "address"
        | "home address"
        | "business address"
        | "business street"
        | "business city"
        | "business state"
        | "business postal code"
        | "business country/region"
        | "آدرس"
        | "نشانی"
        | "العنوان" => Target::Address,
        "id" | "external id" | "external_id" | "uid" | "contact id" | "record id" => {
            Target::ExternalId
        }
        "source" | "lead source" | "منبع" => Target::LeadSource,
        "campaign" | "کمپین" | "الحملة" | "حملة" => Target::Campaign,
        "domain" | "website" | "web page" | "web site" => Target::Domain,
        "industry" | "صنعت" => Target::Industry,
        "pipeline" => Target::Pipeline,
        "stage" | "deal stage" => Target::Stage,
        "value" | "amount" | "deal value" => Target::Value,
        "currency" => Target::Currency,
        "probability" => Target::Probability,
        "expected close" | "close date" | "expected close date" => Target::ExpectedClose,
        "person" | "contact" | "contact email" | "person email" => Target::Person,
        "due" | "due date" | "deadline" => Target::Due,
        "priority" => Target::Priority,
        "custom" | "custom fields" => Target::CustomObject,
        // kariz's own deal and task exports.
        "value minor" => Target::ValueMinor,
        "lost reason" => Target::LostReason,
        "due time" => Target::DueTime,
        "repeat" | "repeats" | "recurrence" => Target::Repeat,
        "deal id" => Target::Deal,
        "person id" => Target::Person,
        "done at" | "completed at" | "completed" => Target::Done,
        // Derived: the stage says whether a deal is open, won or lost; the
        // company column names the company.
        "status" | "company id" => Target::Ignore,
        "deal" | "deal title" | "task" | "subject" => Target::Name,
        _ if IGNORED.contains(&h.as_str()) => Target::Ignore,
        _ => return None,
    };
    Some(target)
}

/// Columns common exports carry that kariz has no field for; ignored
/// without a warning.
const IGNORED: &[&str] = &[
    "yomi name",
    "given name yomi",
    "additional name yomi",
    "family name yomi",
    "phonetic first name",
    "phonetic middle name",
    "phonetic last name",
    "nickname",
    "short name",
    "maiden name",
    "initials",
    "file as",
    "photo",
    "gender",
    "location",
    "billing information",
    "directory server",
    "mileage",
    "occupation",
    "hobby",
    "sensitivity",
    "priority ",
    "subject ",
    "e-mail display name",
    "e-mail 2 display name",
    "e-mail 3 display name",
    "e-mail type",
    "e-mail 2 type",
    "e-mail 3 type",
    "organization department",
    "department",
];

/// Parses a field name as written in `--map` ("email:home", "field:segment").
pub fn parse_target(text: &str) -> Result<Target, String> {
    let t = text.trim().to_lowercase();
    let (head, arg) = match t.split_once(':') {
        Some((h, a)) => (h.trim().to_string(), Some(a.trim().to_string())),
        None => (t.clone(), None),
    };
    let target = match (head.as_str(), arg) {
        ("email", label) => email(label.as_deref().unwrap_or("work")),
        ("phone", label) => phone(label.as_deref().unwrap_or("mobile")),
        ("field" | "custom", Some(name)) if !name.is_empty() => {
            // Keep the spelling the user typed after the colon.
            let original = text.trim().split_once(':').map_or("", |(_, n)| n.trim());
            Target::Custom(original.to_string())
        }
        (_, Some(_)) => return Err(unknown_field(text)),
        ("name" | "title_of_deal", None) => Target::Name,
        ("first_name" | "given_name" | "first name", None) => Target::NamePart(NamePart::Given),
        ("middle_name", None) => Target::NamePart(NamePart::Middle),
        ("last_name" | "family_name" | "last name", None) => Target::NamePart(NamePart::Family),
        ("company", None) => Target::Company,
        ("title", None) => Target::Title,
        ("tags" | "tag", None) => Target::Tags,
        ("notes", None) => Target::Notes,
        ("owner", None) => Target::Owner,
        ("birthday", None) => Target::Birthday,
        ("address", None) => Target::Address,
        ("external_id" | "id", None) => Target::ExternalId,
        ("source" | "lead_source", None) => Target::LeadSource,
        ("campaign", None) => Target::Campaign,
        ("domain", None) => Target::Domain,
        ("industry", None) => Target::Industry,
        ("pipeline", None) => Target::Pipeline,
        ("stage", None) => Target::Stage,
        ("value", None) => Target::Value,
        ("currency", None) => Target::Currency,
        ("probability", None) => Target::Probability,
        ("expected_close" | "close", None) => Target::ExpectedClose,
        ("person", None) => Target::Person,
        ("due", None) => Target::Due,
        ("priority", None) => Target::Priority,
        ("custom", None) => Target::CustomObject,
        ("value_minor", None) => Target::ValueMinor,
        ("lost_reason", None) => Target::LostReason,
        ("due_time", None) => Target::DueTime,
        ("repeat", None) => Target::Repeat,
        ("deal", None) => Target::Deal,
        ("done" | "done_at", None) => Target::Done,
        ("ignore" | "skip", None) => Target::Ignore,
        _ => return Err(unknown_field(text)),
    };
    Ok(target)
}

fn unknown_field(text: &str) -> String {
    format!(
        "{text:?} is not a field; use one of: name, first_name, middle_name, last_name, email[:LABEL], phone[:LABEL], company, title, tags, notes, owner, birthday, address, external_id, source, campaign, domain, industry, pipeline, stage, value, currency, probability, expected_close, person, due, priority, value_minor, lost_reason, due_time, repeat, deal, done, field:NAME (custom), custom (all custom fields as a JSON object), ignore"
    )
}

/// Parses `--map "column=field,column=field"`. A column name holding a
/// comma or `=` can be quoted: `"\"Name, full\"=name"`.
pub fn parse_map(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for pair in split_pairs(text) {
        let pair = pair.trim();
        if pair.is_empty() {
            continue;
        }
        let Some((column, field)) = rsplit_outside_quotes(pair) else {
            return Err(format!(
                "{pair:?} is not column=field, e.g. \"Full name=name,Cell=phone:mobile\""
            ));
        };
        let column = column.trim().trim_matches('"').to_string();
        parse_target(&field).map_err(|e| format!("{column:?}: {e}"))?;
        map.insert(column, field.trim().to_string());
    }
    Ok(map)
}

fn split_pairs(text: &str) -> Vec<String> {
    let mut pairs = vec![String::new()];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                if let Some(last) = pairs.last_mut() {
                    last.push(c);
                }
            }
            ',' if !quoted => pairs.push(String::new()),
            _ => {
                if let Some(last) = pairs.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    pairs
}

fn rsplit_outside_quotes(pair: &str) -> Option<(String, String)> {
    let (column, field) = pair.rsplit_once('=')?;
    Some((column.to_string(), field.to_string()))
}

/// How each column of a file is used.
#[derive(Debug, Clone, Default)]
pub struct ColumnPlan {
    /// Per column: its header and target (`None`: not recognised, ignored).
    pub columns: Vec<(String, Option<Target>)>,
}

impl ColumnPlan {
    /// Maps the headers: explicit mappings first, then the automatic ones.
    pub fn new(headers: &[String], explicit: &BTreeMap<String, String>) -> Result<Self, Error> {
        let mut used = vec![false; explicit.len()];
        let keys: Vec<&String> = explicit.keys().collect();
        let mut columns = Vec::with_capacity(headers.len());
        for header in headers {
            let wanted = keys
                .iter()
                .position(|k| normal(k) == normal(header))
                .map(|i| {
                    used[i] = true;
                    parse_target(&explicit[keys[i]])
                })
                .transpose()
                .map_err(Error::Invalid)?;
            let target = wanted.or_else(|| auto(header));
            columns.push((header.clone(), target));
        }
        if let Some(i) = used.iter().position(|u| !u) {
            return Err(Error::rejected(
                format!(
                    "the column mapping names the column {:?}, which the file does not have; its columns are: {}",
                    keys[i],
                    headers.join(", ")
                ),
                Remedy::ColumnMap,
            ));
        }
        Ok(ColumnPlan { columns })
    }

    /// Headers nothing was mapped to.
    pub fn unmapped(&self) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|(_, t)| t.is_none())
            .map(|(h, _)| h.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_old_and_new_headers() {
        assert_eq!(auto("Given Name"), Some(Target::NamePart(NamePart::Given)));
        assert_eq!(
            auto("Family Name"),
            Some(Target::NamePart(NamePart::Family))
        );
        assert_eq!(auto("E-mail 2 - Type"), Some(Target::EmailLabel(2)));
        assert_eq!(auto("E-mail 1 - Label"), Some(Target::EmailLabel(1)));
        assert_eq!(
            auto("Phone 3 - Value"),
            Some(Target::Phone {
                slot: Some(3),
                label: "mobile".into()
            })
        );
        assert_eq!(auto("Organization 1 - Name"), Some(Target::Company));
        assert_eq!(auto("Organization Name"), Some(Target::Company));
        assert_eq!(auto("Group Membership"), Some(Target::Tags));
        assert_eq!(auto("Labels"), Some(Target::Tags));
        assert_eq!(auto("Website 1 - Value"), Some(Target::Ignore));
    }

    #[test]
    fn outlook_and_persian_headers() {
        assert_eq!(auto("E-mail Address"), Some(email("work")));
        assert_eq!(auto("Mobile Phone"), Some(phone("mobile")));
        assert_eq!(auto("Business Phone"), Some(phone("work")));
        assert_eq!(auto("Job Title"), Some(Target::Title));
        assert_eq!(auto("نام"), Some(Target::Name));
        assert_eq!(auto("ایمیل"), Some(email("work")));
        assert_eq!(auto("Favourite colour"), None);
    }

    #[test]
    fn explicit_map_parses_and_rejects() {
        let map = parse_map("Full=name, Cell=phone:mobile,\"a, b\"=notes").unwrap();
        assert_eq!(map["Full"], "name");
        assert_eq!(map["Cell"], "phone:mobile");
        assert_eq!(map["a, b"], "notes");
        assert!(parse_map("x=colour").unwrap_err().contains("not a field"));
        assert!(parse_map("nofield").unwrap_err().contains("column=field"));
    }

    #[test]
    fn a_map_naming_a_missing_column_fails() {
        let map = parse_map("Nope=name").unwrap();
        let err = ColumnPlan::new(&["Name".into()], &map)
            .unwrap_err()
            .to_string();
        assert!(err.contains("Nope"));
        assert!(!err.contains("--"), "{err}");
    }
}
