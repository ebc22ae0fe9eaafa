//! People: the contacts a team sells to and supports.

use super::contact::{self, ContactPoint};
use super::input_error::InputError;
use super::snapshot::{self, Snapshot};
use super::{CustomValues, tag};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// The editable fields of a person.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PersonData {
    /// Full name as the person writes it.
    pub name: String,
    /// The company the person works for.
    pub company_id: Option<i64>,
    /// Job title.
    pub title: Option<String>,
    /// Phone numbers with labels.
    pub phones: Vec<ContactPoint>,
    /// E-mail addresses with labels.
    pub emails: Vec<ContactPoint>,
    /// Postal address.
    pub address: Option<String>,
    /// Date of birth.
    pub birthday: Option<NaiveDate>,
    /// Where the lead came from (web-form, referral, exhibition…).
    pub lead_source: Option<String>,
    /// The campaign the lead came from.
    pub campaign_id: Option<i64>,
    /// The team member responsible.
    pub owner: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Tags (segments).
    pub tags: Vec<String>,
    /// Values of the custom fields declared in the config.
    pub custom: CustomValues,
}

impl PersonData {
    /// The name people are greeted by: the first word of the name after
    /// any titles (`Dr.`, `Mr`, `Eng.`, `دکتر`, `مهندس`, `آقای`, `خانم`,
    /// `د.`, `الدكتور`, `السيد`…), so "Dr. Lukas Weber" is "Lukas" and
    /// "دکتر امیر حقیقی" is "امیر". A name of titles only gives its last
    /// word.
    #[must_use]
    pub fn first_name(&self) -> &str {
        const TITLES: &[&str] = &[
            "dr",
            "dr.",
            "mr",
            "mr.",
            "mrs",
            "mrs.",
            "ms",
            "ms.",
            "miss",
            "prof",
            "prof.",
            "eng",
            "eng.",
            "sir",
            "دکتر",
            "مهندس",
            "آقای",
            "آقا",
            "خانم",
            "استاد",
            "حاج",
            "حاجی",
            "د.",
            "م.",
            "الدكتور",
            "دكتور",
            "السيد",
            "السيدة",
            "المهندس",
            "الأستاذ",
            "الشيخ",
            "أ.",
        ];
        let mut words = self.name.split_whitespace().peekable();
        while let Some(word) = words.next() {
            let title = TITLES.iter().any(|t| t.eq_ignore_ascii_case(word));
            if !title || words.peek().is_none() {
                return word;
            }
        }
        ""
    }

    /// Checks and normalises the fields; the error names the bad field.
    pub fn validate(&mut self) -> Result<(), String> {
        self.check().map_err(String::from)
    }

    /// [`Self::validate`] with a refused phone or e-mail typed
    /// ([`InputError::Phone`], [`InputError::Email`]), so a front-end can
    /// say it in the interface's language; the other rules come as
    /// [`InputError::Text`], in English.
    pub fn check(&mut self) -> Result<(), InputError> {
        self.check_text().map_err(InputError::Text)?;
        for phone in &self.phones {
            phone.validate_phone()?;
        }
        for email in &self.emails {
            email.validate_email()?;
        }
        self.check_rest().map_err(InputError::Text)
    }

    /// The name and the text fields.
    fn check_text(&mut self) -> Result<(), String> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err("a person needs a name".into());
        }
        use super::limits::{
            MAX_LINE, MAX_NAME, MAX_TEXT, check_line, check_opt_line, check_opt_text,
        };
        check_line("the name", &self.name, MAX_NAME)?;
        check_opt_line("the title", &self.title, MAX_NAME)?;
        check_opt_text("the address", &self.address, MAX_TEXT)?;
        check_opt_line("the lead source", &self.lead_source, MAX_LINE)?;
        check_opt_line("the owner", &self.owner, MAX_LINE)?;
        check_opt_text("the notes", &self.notes, MAX_TEXT)?;
        Ok(())
    }

    /// What is checked after the phones and e-mails.
    fn check_rest(&mut self) -> Result<(), String> {
        contact::check_all(&self.phones, &self.emails)?;
        self.tags = tag::normalize_all(&self.tags)?;
        Ok(())
    }
}

impl Snapshot for PersonData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("name", Some(self.name.clone())),
            ("company_id", snapshot::opt(&self.company_id)),
            ("title", self.title.clone()),
            ("phones", contact::snapshot(&self.phones)),
            ("emails", contact::snapshot(&self.emails)),
            ("address", self.address.clone()),
            ("birthday", snapshot::opt(&self.birthday)),
            ("lead_source", self.lead_source.clone()),
            ("campaign_id", snapshot::opt(&self.campaign_id)),
            ("owner", self.owner.clone()),
            ("notes", self.notes.clone()),
            ("tags", snapshot::list(&self.tags)),
            ("custom", snapshot::custom(&self.custom)),
        ]
    }
}

/// A stored person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    /// Database id.
    pub id: i64,
    /// Editable fields.
    #[serde(flatten)]
    pub data: PersonData,
    /// Name of the linked company, for display.
    pub company: Option<String>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version; bumps on every change.
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> PersonData {
        PersonData {
            name: name.into(),
            ..PersonData::default()
        }
    }

    #[test]
    fn first_names_skip_titles_in_three_languages() {
        for (name, first) in [
            ("Dr. Lukas Weber", "Lukas"),
            ("mrs Sara Ahmadi", "Sara"),
            ("دکتر امیر حقیقی", "امیر"),
            ("مهندس  رضا کریمی", "رضا"),
            ("د. مُحَمَّد الكَعبي", "مُحَمَّد"),
            ("السيد يوسف السادة", "يوسف"),
            ("Zahra", "Zahra"),
            ("Dr.", "Dr."),
            ("", ""),
        ] {
            assert_eq!(named(name).first_name(), first, "{name}");
        }
    }
}
