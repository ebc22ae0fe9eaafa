//! Campaigns: what a team spent to reach people (an exhibition, an SMS
//! run, an ad), so leads, deals and won value can be set against the cost.

use super::snapshot::{self, Snapshot};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// How a campaign reaches people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignChannel {
    /// Text messages.
    Sms,
    /// E-mail.
    Email,
    /// A stand at an exhibition or fair.
    Exhibition,
    /// The website (forms, landing pages).
    Web,
    /// Paid advertising.
    Ad,
    /// Customers passing names on.
    Referral,
    /// Anything else.
    Other,
}

impl CampaignChannel {
    /// Every channel, in display order.
    pub const ALL: [CampaignChannel; 7] = [
        CampaignChannel::Sms,
        CampaignChannel::Email,
        CampaignChannel::Exhibition,
        CampaignChannel::Web,
        CampaignChannel::Ad,
        CampaignChannel::Referral,
        CampaignChannel::Other,
    ];

    /// The stored and typed name.
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignChannel::Sms => "sms",
            CampaignChannel::Email => "email",
            CampaignChannel::Exhibition => "exhibition",
            CampaignChannel::Web => "web",
            CampaignChannel::Ad => "ad",
            CampaignChannel::Referral => "referral",
            CampaignChannel::Other => "other",
        }
    }

    /// Parses a typed name (case and surrounding spaces ignored; `e-mail`
    /// is `email`).
    pub fn parse(text: &str) -> Option<CampaignChannel> {
        let text = text.trim().to_ascii_lowercase();
        let text = if text == "e-mail" { "email" } else { &text };
        CampaignChannel::ALL
            .into_iter()
            .find(|c| c.as_str() == text)
    }

    /// "sms, email, …" for error messages.
    pub fn allowed() -> String {
        CampaignChannel::ALL
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The editable fields of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignData {
    /// Unique name (ignoring case), e.g. "Tehran fair 1405".
    pub name: String,
    /// How it reaches people.
    pub channel: CampaignChannel,
    /// What it cost, in the currency's minor units.
    pub cost_minor: i64,
    /// ISO 4217 currency of the cost.
    pub currency: String,
    /// First day.
    pub starts_on: Option<NaiveDate>,
    /// Last day.
    pub ends_on: Option<NaiveDate>,
    /// The segment expression of the people it targets (docs/segments.md).
    pub segment: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
}

impl CampaignData {
    /// Checks and normalises the fields; the error names the bad field.
    pub fn validate(&mut self) -> Result<(), String> {
        use super::limits::{
            MAX_LINE, MAX_NAME, MAX_TEXT, check_line, check_opt_line, check_opt_text,
        };
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err("a campaign needs a name, e.g. \"Tehran fair 1405\"".into());
        }
        check_line("the name", &self.name, MAX_NAME)?;
        self.segment = super::optional_text(self.segment.take());
        check_opt_line("the segment", &self.segment, MAX_LINE)?;
        check_opt_text("the notes", &self.notes, MAX_TEXT)?;
        if self.cost_minor < 0 {
            return Err("the cost cannot be negative".into());
        }
        self.currency = self.currency.trim().to_ascii_uppercase();
        if super::money::minor_units(&self.currency).is_none() {
            return Err(format!(
                "the currency {:?} is not an ISO 4217 code such as IRR, USD or AED",
                self.currency
            ));
        }
        if let (Some(start), Some(end)) = (self.starts_on, self.ends_on)
            && end < start
        {
            return Err(format!(
                "the campaign ends ({end}) before it starts ({start})"
            ));
        }
        Ok(())
    }
}

impl Snapshot for CampaignData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("name", Some(self.name.clone())),
            ("channel", Some(self.channel.as_str().to_owned())),
            ("cost_minor", Some(self.cost_minor.to_string())),
            ("currency", Some(self.currency.clone())),
            ("starts_on", snapshot::opt(&self.starts_on)),
            ("ends_on", snapshot::opt(&self.ends_on)),
            ("segment", self.segment.clone()),
            ("notes", self.notes.clone()),
        ]
    }
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campaign {
    /// Database id.
    pub id: i64,
    /// Editable fields.
    #[serde(flatten)]
    pub data: CampaignData,
    /// The cost as a decimal string, e.g. "1500.00".
    pub cost: String,
    /// Who changed it last.
    pub actor: String,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version.
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> CampaignData {
        CampaignData {
            name: " Fair ".into(),
            channel: CampaignChannel::Exhibition,
            cost_minor: 100,
            currency: "usd".into(),
            starts_on: NaiveDate::from_ymd_opt(2026, 3, 1),
            ends_on: NaiveDate::from_ymd_opt(2026, 3, 4),
            segment: Some("  ".into()),
            notes: None,
        }
    }

    #[test]
    fn validate_normalises() {
        let mut d = data();
        d.validate().unwrap();
        assert_eq!(d.name, "Fair");
        assert_eq!(d.currency, "USD");
        assert_eq!(d.segment, None);
    }

    #[test]
    fn validate_refuses_bad_fields() {
        let mut d = data();
        d.ends_on = NaiveDate::from_ymd_opt(2026, 2, 1);
        assert!(d.validate().unwrap_err().contains("before it starts"));
        let mut d = data();
        d.currency = "XYZW".into();
        assert!(d.validate().unwrap_err().contains("ISO 4217"));
        let mut d = data();
        d.name = " ".into();
        assert!(d.validate().is_err());
    }

    #[test]
    fn channels_parse() {
        assert_eq!(CampaignChannel::parse(" SMS "), Some(CampaignChannel::Sms));
        assert_eq!(
            CampaignChannel::parse("e-mail"),
            Some(CampaignChannel::Email)
        );
        assert_eq!(CampaignChannel::parse("tv"), None);
        assert!(CampaignChannel::allowed().contains("referral"));
    }
}
