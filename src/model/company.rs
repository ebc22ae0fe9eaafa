//! Companies: the organisations people belong to.

use super::contact::{self, ContactPoint};
use super::input_error::InputError;
use super::snapshot::{self, Snapshot};
use super::{CustomValues, tag};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The editable fields of a company.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CompanyData {
    /// Registered or common name.
    pub name: String,
    /// Website or e-mail domain, e.g. `example.com`.
    pub domain: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// Phone numbers with labels.
    pub phones: Vec<ContactPoint>,
    /// E-mail addresses with labels.
    pub emails: Vec<ContactPoint>,
    /// Postal address.
    pub address: Option<String>,
    /// The team member responsible.
    pub owner: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Tags (segments).
    pub tags: Vec<String>,
    /// Values of the custom fields declared in the config.
    pub custom: CustomValues,
}

impl CompanyData {
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
            return Err("a company needs a name".into());
        }
        use super::limits::{
            MAX_LINE, MAX_NAME, MAX_TEXT, check_line, check_opt_line, check_opt_text,
        };
        check_line("the name", &self.name, MAX_NAME)?;
        check_opt_line("the domain", &self.domain, MAX_LINE)?;
        check_opt_line("the industry", &self.industry, MAX_LINE)?;
        check_opt_text("the address", &self.address, MAX_TEXT)?;
        check_opt_line("the owner", &self.owner, MAX_LINE)?;
        check_opt_text("the notes", &self.notes, MAX_TEXT)?;
        Ok(())
    }

    /// What is checked after the phones and e-mails.
    fn check_rest(&mut self) -> Result<(), String> {
        contact::check_all(&self.phones, &self.emails)?;
        if let Some(domain) = &self.domain
            && (domain.contains(char::is_whitespace) || !domain.contains('.'))
        {
            return Err(format!(
                "domain {} is not a domain; use the form example.com",
                crate::text::sanitize::quoted(domain)
            ));
        }
        self.tags = tag::normalize_all(&self.tags)?;
        Ok(())
    }
}

impl Snapshot for CompanyData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("name", Some(self.name.clone())),
            ("domain", self.domain.clone()),
            ("industry", self.industry.clone()),
            ("phones", contact::snapshot(&self.phones)),
            ("emails", contact::snapshot(&self.emails)),
            ("address", self.address.clone()),
            ("owner", self.owner.clone()),
            ("notes", self.notes.clone()),
            ("tags", snapshot::list(&self.tags)),
            ("custom", snapshot::custom(&self.custom)),
        ]
    }
}

/// A stored company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Company {
    /// Database id.
    pub id: i64,
    /// Editable fields.
    #[serde(flatten)]
    pub data: CompanyData,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version; bumps on every change.
    pub version: i64,
}
