//! Deals: opportunities moving through a pipeline's stages.

use super::snapshot::{self, Snapshot};
use super::{CustomValues, tag};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// Whether a deal is still being worked on or has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DealStatus {
    /// In an open stage.
    Open,
    /// In the pipeline's won stage.
    Won,
    /// In the pipeline's lost stage.
    Lost,
}

impl DealStatus {
    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Option<DealStatus> {
        match text {
            "open" => Some(DealStatus::Open),
            "won" => Some(DealStatus::Won),
            "lost" => Some(DealStatus::Lost),
            _ => None,
        }
    }
}

/// The editable fields of a deal.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DealData {
    /// What is being sold, e.g. "50 solar panels for Shiraz plant".
    pub title: String,
    /// Pipeline name from the config.
    pub pipeline: String,
    /// Current stage name from that pipeline.
    pub stage: String,
    /// Value in the currency's minor units (cents, fils…).
    pub value_minor: i64,
    /// ISO 4217 currency code.
    pub currency: String,
    /// Win probability overriding the stage's, 0–100.
    pub probability: Option<u8>,
    /// When the deal is expected to close.
    pub expected_close: Option<NaiveDate>,
    /// The contact person.
    pub person_id: Option<i64>,
    /// The customer company.
    pub company_id: Option<i64>,
    /// The team member responsible.
    pub owner: Option<String>,
    /// Why it was lost (required in a lost stage).
    pub lost_reason: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// The campaign the deal came from.
    pub campaign_id: Option<i64>,
    /// Tags.
    pub tags: Vec<String>,
    /// Values of the custom fields declared in the config.
    pub custom: CustomValues,
}

impl DealData {
    /// Checks the fields that do not need the config; the store checks the
    /// pipeline, stage and currency against it.
    pub fn validate(&mut self) -> Result<(), String> {
        self.title = self.title.trim().to_string();
        if self.title.is_empty() {
            return Err("a deal needs a title".into());
        }
        use super::limits::{
            MAX_LINE, MAX_NAME, MAX_TEXT, check_line, check_opt_line, check_opt_text,
        };
        check_line("the title", &self.title, MAX_NAME)?;
        check_opt_line("the owner", &self.owner, MAX_LINE)?;
        check_opt_text("the lost reason", &self.lost_reason, MAX_TEXT)?;
        check_opt_text("the notes", &self.notes, MAX_TEXT)?;
        if self.value_minor < 0 {
            return Err("a deal's value cannot be negative".into());
        }
        if let Some(p) = self.probability
            && p > 100
        {
            return Err(format!(
                "probability {p} is out of range; allowed: 0 to 100"
            ));
        }
        self.tags = tag::normalize_all(&self.tags)?;
        Ok(())
    }
}

impl Snapshot for DealData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("title", Some(self.title.clone())),
            ("pipeline", Some(self.pipeline.clone())),
            ("stage", Some(self.stage.clone())),
            ("value_minor", Some(self.value_minor.to_string())),
            ("currency", Some(self.currency.clone())),
            ("probability", snapshot::opt(&self.probability)),
            ("expected_close", snapshot::opt(&self.expected_close)),
            ("person_id", snapshot::opt(&self.person_id)),
            ("company_id", snapshot::opt(&self.company_id)),
            ("owner", self.owner.clone()),
            ("lost_reason", self.lost_reason.clone()),
            ("notes", self.notes.clone()),
            ("campaign_id", snapshot::opt(&self.campaign_id)),
            ("tags", snapshot::list(&self.tags)),
            ("custom", snapshot::custom(&self.custom)),
        ]
    }
}

/// A stored deal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deal {
    /// Database id.
    pub id: i64,
    /// Editable fields.
    #[serde(flatten)]
    pub data: DealData,
    /// The value as a decimal string in major units, e.g. "1200.50".
    pub value: String,
    /// Open, won or lost (follows the stage's kind).
    pub status: DealStatus,
    /// When the deal entered its current stage (UTC).
    pub stage_entered_at: DateTime<Utc>,
    /// When it was won or lost (UTC).
    pub closed_at: Option<DateTime<Utc>>,
    /// Name of the linked person, for display.
    pub person: Option<String>,
    /// Name of the linked company, for display.
    pub company: Option<String>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version; bumps on every change.
    pub version: i64,
}

impl Deal {
    /// Whole days the deal has been in its current stage at `now`.
    pub fn days_in_stage(&self, now: DateTime<Utc>) -> i64 {
        (now - self.stage_entered_at).num_days().max(0)
    }
}

/// One row of a deal's stage history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageMove {
    /// The deal.
    pub deal_id: i64,
    /// Stage it left; `None` when the deal was created.
    pub from_stage: Option<String>,
    /// Stage it entered.
    pub to_stage: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who moved it.
    pub actor: String,
}
