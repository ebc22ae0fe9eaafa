//! The validated configuration as the rest of kariz sees it.
//!
//! Values of these types only come out of validation (or are built by hand in
//! tests), so code using them can rely on the documented invariants.

use serde::Serialize;

pub use super::label::Labels;

use crate::vocab::{BidiMode, Calendar, Digits, FieldEntity, FieldType, Language, StageKind};

/// A complete, validated kariz configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Config {
    /// `[user]`: who is using kariz.
    pub user: UserConfig,
    /// `[display]`: language, calendar and text layout.
    pub display: DisplayConfig,
    /// `[money]`: currencies offered for deals.
    pub money: MoneyConfig,
    /// `[[pipelines]]`: at least one; the first is the default.
    pub pipelines: Vec<Pipeline>,
    /// `[[custom_fields]]`: extra fields on people, companies and deals.
    pub custom_fields: Vec<CustomField>,
    /// `[keys]`: key bindings that replace the defaults of named commands.
    pub keys: super::ui::KeyBindings,
    /// `[theme]`: colours of the terminal interface.
    pub theme: super::ui::ThemeConfig,
    /// `[print]`: letterhead, fonts, templates and paper of printed documents.
    pub print: PrintConfig,
    /// `[support]`: case workflow, business hours and SLA targets.
    pub support: super::support::SupportConfig,
    /// `[sales]`: quotes, orders and invoices.
    pub sales: SalesConfig,
    /// `[[rules]]`: triggers and actions kariz runs by itself.
    pub rules: Vec<super::rules::Rule>,
    /// `[messages]`: templates, rate limit, SMTP and SMS gateway.
    pub messages: super::messages::MessagesConfig,
}

/// `[sales]` section (docs/quotes.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SalesConfig {
    /// The stage a deal moves to when one of its quotes is accepted, in
    /// every pipeline without its own entry in `accept_stages`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_stage: Option<String>,
    /// Per pipeline name: the stage a deal moves to on acceptance.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub accept_stages: std::collections::BTreeMap<String, String>,
    /// Days from an invoice's date to its due date.
    pub payment_terms_days: u32,
    /// Days a new quote is valid for.
    pub quote_valid_days: u32,
}

impl Default for SalesConfig {
    fn default() -> Self {
        SalesConfig {
            accept_stage: None,
            accept_stages: std::collections::BTreeMap::new(),
            payment_terms_days: 30,
            quote_valid_days: 30,
        }
    }
}

impl SalesConfig {
    /// The stage a deal of `pipeline` moves to when a quote is accepted.
    pub fn accept_stage_for(&self, pipeline: &str) -> Option<&str> {
        self.accept_stages
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(pipeline))
            .map(|(_, s)| s.as_str())
            .or(self.accept_stage.as_deref())
    }
}

/// `[print]` section (docs/printing.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PrintConfig {
    /// Paper size of PDFs.
    pub paper: crate::vocab::Paper,
    /// Font for regular text, instead of the system search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<std::path::PathBuf>,
    /// Font for bold text; `font` when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font_bold: Option<std::path::PathBuf>,
    /// Folder of the user's HTML templates; the config folder's
    /// `templates/` when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub templates: Option<std::path::PathBuf>,
    /// `[print.seller]`: the letterhead.
    pub seller: SellerConfig,
}

/// `[print.seller]`: who issues the documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SellerConfig {
    /// Company name.
    pub name: String,
    /// Postal address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// Registration number.
    pub registration_number: String,
    /// Economic code / tax number.
    pub economic_code: String,
    /// PNG or JPEG logo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<std::path::PathBuf>,
}

/// `[user]` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UserConfig {
    /// Your display name, shown beside your login in history and lists.
    /// It does not change who you are: the actor is always the login of
    /// the operating-system account running kariz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `[display]` section. Parsed and validated now; used by the UI later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisplayConfig {
    /// Interface language.
    pub language: Language,
    /// Calendar for showing and entering dates.
    pub calendar: Calendar,
    /// Digit glyphs for numbers.
    pub digits: Digits,
    /// Who performs bidi layout.
    pub bidi: BidiMode,
    /// Whether kariz joins Arabic-script letters itself.
    pub arabic_shaping: bool,
}

/// Here rather than in `text::display`, which must not depend on config.
impl crate::text::display::DisplayOptions {
    /// The options the config asks for.
    pub fn from_config(config: &Config) -> Self {
        crate::text::display::DisplayOptions {
            bidi: config.display.bidi,
            shaping: config.display.arabic_shaping,
        }
    }
}

impl Default for DisplayConfig {
    fn default() -> Self {
        DisplayConfig {
            language: Language::En,
            calendar: Calendar::Gregorian,
            digits: Digits::Latin,
            bidi: BidiMode::App,
            arabic_shaping: true,
        }
    }
}

/// `[money]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoneyConfig {
    /// Currency for new deals; always one of `currencies`.
    pub default_currency: String,
    /// Known ISO 4217 codes offered in the UI, without duplicates, never empty.
    pub currencies: Vec<String>,
    /// Currency reports convert every total to (`report_currency`; default:
    /// `default_currency`). Any known ISO 4217 code, listed or not.
    pub report_currency: String,
}

impl Default for MoneyConfig {
    fn default() -> Self {
        MoneyConfig {
            // The same as config/default.toml, so "no [money] section" and
            // "the default file" mean the same thing (a test checks it).
            default_currency: "USD".to_owned(),
            currencies: ["USD", "IRR", "AED", "EUR"].map(str::to_owned).to_vec(),
            report_currency: "USD".to_owned(),
        }
    }
}

/// One kanban board: a named, ordered list of stages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    /// Unique (ignoring case) pipeline name, e.g. `sales`.
    pub name: String,
    /// What the interface shows for the pipeline, per language; deals and
    /// `--pipeline` always use `name`.
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub label: Labels,
    /// Stages in board order; at least one open, at most one won and one lost.
    pub stages: Vec<Stage>,
    /// Reasons offered when a deal is marked lost, in the order given
    /// (names non-empty, unique ignoring case); the user may also type
    /// another.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lost_reasons: Vec<LostReason>,
}

impl Pipeline {
    /// The pipeline as shown in `language`: its label, else its name.
    pub fn display_name(&self, language: Language) -> &str {
        self.label.shown(language, &self.name)
    }

    /// The names of the lost reasons (what is stored on a lost deal).
    pub fn lost_reason_names(&self) -> Vec<String> {
        self.lost_reasons.iter().map(|r| r.name.clone()).collect()
    }

    /// What to show for a deal's stored lost `reason`: the label of the
    /// listed reason with that name (ignoring case; or with that label, as
    /// older kariz stored a reason picked by its label), else the text as
    /// typed.
    pub fn lost_reason_label<'a>(&'a self, reason: &'a str, language: Language) -> &'a str {
        self.lost_reason_named(reason)
            .map_or(reason, |r| r.label.shown(language, &r.name))
    }

    /// The listed reason `typed` names: its name or one of its labels in
    /// any language, ignoring case and surrounding spaces.
    pub fn lost_reason_named(&self, typed: &str) -> Option<&LostReason> {
        let wanted = typed.trim().to_lowercase();
        self.lost_reasons
            .iter()
            .find(|r| r.name.to_lowercase() == wanted)
            .or_else(|| self.lost_reasons.iter().find(|r| r.label.matches(typed)))
    }

    /// What to store for a lost reason typed or picked in any interface
    /// language: the listed reason's name when `typed` is its name or a
    /// label of it (so reports group one reason whatever language it was
    /// given in), else the text as typed, trimmed.
    pub fn canonical_lost_reason(&self, typed: &str) -> String {
        self.lost_reason_named(typed)
            .map_or_else(|| typed.trim().to_owned(), |r| r.name.clone())
    }
}

/// One of a pipeline's `lost_reasons`: `"No budget"`, or
/// `{ name = "No budget", label = { fa = "بودجه ندارد" } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LostReason {
    /// Stored on a deal lost for this reason; unique ignoring case.
    pub name: String,
    /// What the interface shows, per language.
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub label: Labels,
}

impl LostReason {
    /// A reason without translations.
    pub fn plain(name: &str) -> LostReason {
        LostReason {
            name: name.to_owned(),
            label: Labels::default(),
        }
    }
}

/// One column of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// Unique (ignoring case) name within the pipeline.
    pub name: String,
    /// Win probability in percent, 0 to 100, used to weight forecasts.
    pub probability: u8,
    /// Open, won or lost.
    pub kind: StageKind,
    /// Days after which an open deal in this stage counts as rotting; only
    /// ever set on open stages, and at least 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rot_days: Option<u32>,
    /// What the interface shows for the stage, per language; the stored
    /// value is always `name`.
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub label: Labels,
}

impl Stage {
    /// The stage as shown in `language`: its label in that language, else
    /// its one-for-all label, else its name.
    pub fn display_name(&self, language: crate::vocab::Language) -> &str {
        self.label.shown(language, &self.name)
    }
}

/// A user-defined extra field on people, companies or deals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomField {
    /// Identifier matching `[a-z][a-z0-9_]*`, unique per entity.
    pub name: String,
    /// Heading shown in the UI, per language; empty means show `name`.
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub label: Labels,
    /// What kind of record the field belongs to.
    pub entity: FieldEntity,
    /// What kind of value the field holds.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// Allowed values for `choice` fields (non-empty, unique ignoring case);
    /// empty for every other type.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

impl CustomField {
    /// The heading to show in `language`: the label if set, else the name.
    pub fn display_label(&self, language: Language) -> &str {
        self.label.shown(language, &self.name)
    }
}

/// The lost reasons of the built-in sales pipeline (as in
/// `config/default.toml`).
pub(crate) fn default_lost_reasons() -> Vec<LostReason> {
    [
        "Price too high",
        "Chose a competitor",
        "No budget",
        "No decision / went quiet",
        "Timing: not now",
        "Requirements not met",
    ]
    .map(LostReason::plain)
    .to_vec()
}

/// The sales pipeline used when the file defines none. Kept in code (and
/// tested equal to the one in `config/default.toml`) so that a config without
/// `[[pipelines]]` never depends on re-parsing the embedded default.
pub(crate) fn builtin_sales_pipeline() -> Pipeline {
    let stage = |name: &str, probability, kind, rot_days| Stage {
        name: name.to_owned(),
        probability,
        kind,
        rot_days,
        label: Labels::default(),
    };
    Pipeline {
        name: "sales".to_owned(),
        label: Labels::default(),
        stages: vec![
            stage("Lead", 10, StageKind::Open, Some(14)),
            stage("Qualified", 25, StageKind::Open, Some(14)),
            stage("Proposal", 50, StageKind::Open, Some(10)),
            stage("Negotiation", 75, StageKind::Open, Some(7)),
            stage("Won", 100, StageKind::Won, None),
            stage("Lost", 0, StageKind::Lost, None),
        ],
        lost_reasons: default_lost_reasons(),
    }
}
