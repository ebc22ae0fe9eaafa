//! The file exactly as written, before semantic checks.
//!
//! serde handles syntax, unknown keys and basic types here. Values that need
//! a friendlier check than serde gives (keywords, ranges, codes) are read
//! loosely (`String`, `i64`) and wrapped in `Spanned` so validation can report
//! their line; see `validate` for the conversion into the public types.

use serde::Deserialize;
use toml::Spanned;

pub(crate) use super::label::RawLabel;

/// A string value with its position in the file.
pub(crate) type SpannedStr = Spanned<String>;
/// A list value with its position and the position of every element.
pub(crate) type SpannedList<T> = Spanned<Vec<Spanned<T>>>;

/// The whole file; every section is optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawConfig {
    pub user: Option<RawUser>,
    pub display: Option<RawDisplay>,
    pub money: Option<RawMoney>,
    pub pipelines: Option<SpannedList<RawPipeline>>,
    pub custom_fields: Option<Vec<Spanned<RawCustomField>>>,
    pub keys: Option<std::collections::BTreeMap<SpannedStr, Spanned<toml::Value>>>,
    pub theme: Option<std::collections::BTreeMap<SpannedStr, SpannedStr>>,
    pub print: Option<RawPrint>,
    pub support: Option<Spanned<RawSupport>>,
    pub sales: Option<RawSales>,
    pub rules: Option<SpannedList<RawRule>>,
    pub messages: Option<RawMessages>,
}

/// `[sales]`: quotes, orders and invoices.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawSales {
    pub accept_stage: Option<SpannedStr>,
    pub accept_stages: Option<std::collections::BTreeMap<String, SpannedStr>>,
    pub payment_terms_days: Option<Spanned<i64>>,
    pub quote_valid_days: Option<Spanned<i64>>,
}

/// One `[[rules]]` table (docs/automation.md).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawRule {
    pub name: SpannedStr,
    pub on: SpannedStr,
    pub stage: Option<SpannedStr>,
    pub pipeline: Option<SpannedStr>,
    pub days: Option<Spanned<i64>>,
    pub actions: Option<SpannedList<RawRuleAction>>,
}

/// One `[[rules.actions]]` table; which keys apply depends on `do`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawRuleAction {
    #[serde(rename = "do")]
    pub action: SpannedStr,
    pub title: Option<SpannedStr>,
    pub due: Option<SpannedStr>,
    pub owner: Option<SpannedStr>,
    pub tag: Option<SpannedStr>,
    pub field: Option<SpannedStr>,
    pub value: Option<SpannedStr>,
    pub text: Option<SpannedStr>,
    pub template: Option<SpannedStr>,
    pub channel: Option<SpannedStr>,
}

/// `[messages]`: templates, rate limit, retries, SMTP and SMS gateway.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawMessages {
    pub templates: Option<SpannedStr>,
    pub per_second: Option<u32>,
    pub retries: Option<u32>,
    pub backoff_ms: Option<u64>,
    pub email: Option<Spanned<RawEmail>>,
    pub sms: Option<Spanned<RawSms>>,
}

/// `[messages.email]`: the SMTP server.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawEmail {
    pub host: Option<SpannedStr>,
    pub port: Option<u16>,
    pub tls: Option<SpannedStr>,
    pub user: Option<String>,
    pub password_env: Option<SpannedStr>,
    pub password_file: Option<SpannedStr>,
    pub from: Option<SpannedStr>,
    pub reminders: Option<bool>,
}

/// `[messages.sms]`: the SMS gateway (HTTP or a command).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawSms {
    pub url: Option<SpannedStr>,
    pub method: Option<SpannedStr>,
    pub params: Option<std::collections::BTreeMap<String, String>>,
    pub api_key_env: Option<SpannedStr>,
    pub api_key_file: Option<SpannedStr>,
    pub success_status: Option<u16>,
    pub success_json_path: Option<String>,
    pub success_json_value: Option<String>,
    pub success_contains: Option<String>,
    pub command: Option<Spanned<Vec<String>>>,
}

/// `[print]`: printed quotes, orders and invoices.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawPrint {
    pub paper: Option<SpannedStr>,
    pub font: Option<SpannedStr>,
    pub font_bold: Option<SpannedStr>,
    pub templates: Option<SpannedStr>,
    pub seller: Option<RawSeller>,
}

/// `[print.seller]`: the letterhead.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawSeller {
    pub name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub registration_number: Option<String>,
    pub economic_code: Option<String>,
    pub logo: Option<SpannedStr>,
}

/// `[user]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawUser {
    pub name: Option<SpannedStr>,
}

/// `[display]`; keywords are checked by validation for a clearer message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawDisplay {
    pub language: Option<SpannedStr>,
    pub calendar: Option<SpannedStr>,
    pub digits: Option<SpannedStr>,
    pub bidi: Option<SpannedStr>,
    pub arabic_shaping: Option<bool>,
}

/// `[money]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawMoney {
    pub default_currency: Option<SpannedStr>,
    pub currencies: Option<SpannedList<String>>,
    pub report_currency: Option<SpannedStr>,
}

/// One `[[pipelines]]` table. `stages` is optional here so that a missing
/// list gets the "add at least one stage" message rather than serde's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawPipeline {
    pub name: SpannedStr,
    pub label: Option<Spanned<RawLabel>>,
    pub stages: Option<SpannedList<RawStage>>,
    pub lost_reasons: Option<SpannedList<RawLostReason>>,
}

/// One entry of `lost_reasons`: a plain reason or a table with its label.
/// (Untagged enums cannot hold `Spanned` values, so errors point at the
/// entry.)
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a string, or a table with name and label (e.g. { name = \"No budget\", label = { fa = \"بودجه ندارد\" } })"
)]
pub(crate) enum RawLostReason {
    Plain(String),
    Labelled(RawLabelledReason),
}

/// `{ name = "…", label = … }` in `lost_reasons`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLabelledReason {
    pub name: String,
    pub label: Option<RawLabel>,
}

/// One `[[pipelines.stages]]` table; numbers are `i64` so that 120 or -1 get
/// a range message instead of serde's "expected u8".
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawStage {
    pub name: SpannedStr,
    pub probability: Spanned<i64>,
    pub kind: SpannedStr,
    pub rot_days: Option<Spanned<i64>>,
    pub label: Option<Spanned<RawLabel>>,
}

/// One `[[custom_fields]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawCustomField {
    pub name: SpannedStr,
    pub label: Option<Spanned<RawLabel>>,
    pub entity: SpannedStr,
    #[serde(rename = "type")]
    pub field_type: SpannedStr,
    pub choices: Option<SpannedList<String>>,
}

/// `[support]`: the case workflow, business hours and SLA targets.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawSupport {
    pub time_zone: Option<SpannedStr>,
    pub at_risk_percent: Option<Spanned<i64>>,
    pub hours: Option<std::collections::BTreeMap<SpannedStr, Spanned<RawHours>>>,
    pub holidays: Option<SpannedList<String>>,
    pub categories: Option<SpannedList<RawCategory>>,
    pub statuses: Option<SpannedList<RawCaseStatus>>,
    pub reopen_to: Option<SpannedStr>,
    pub reply_to: Option<SpannedStr>,
    pub sla: Option<std::collections::BTreeMap<SpannedStr, Spanned<RawSla>>>,
}

/// A day's hours: `"08:00-16:00"`, a list of such intervals, or `""` (off).
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a string like \"08:00-16:00\" or a list of them"
)]
pub(crate) enum RawHours {
    One(String),
    Many(Vec<String>),
}

/// A category: a name, or a table with a name and a label.
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a category name, or a table with name and label"
)]
pub(crate) enum RawCategory {
    Plain(String),
    Table {
        name: String,
        label: Option<RawLabel>,
    },
}

/// One `[[support.statuses]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawCaseStatus {
    pub name: SpannedStr,
    pub kind: Option<SpannedStr>,
    pub pauses: Option<bool>,
    pub next: Option<SpannedList<String>>,
    pub label: Option<Spanned<RawLabel>>,
}

/// `[support.sla.<priority>]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct RawSla {
    pub first_response: SpannedStr,
    pub resolution: SpannedStr,
}
