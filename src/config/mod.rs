//! kariz configuration: one TOML file with the user, display, money,
//! pipeline and custom-field settings.
//!
//! Loading happens in three steps, each with its own file: the TOML text is
//! parsed into a spanned document (syntax errors, `de_error`), deserialized
//! into loose `raw` structs (unknown keys, wrong types), then `validate`
//! checks the meaning and builds the public types in `types`. Every error
//! names the line, the key path and what is allowed.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

mod custom_field;
mod de_error;
mod error;
pub mod examples;
pub(crate) mod label;
mod layered;
mod locate;
mod lookup;
pub mod messages;
mod position;
mod raw;
pub mod rules;
mod support;
mod types;
pub mod ui;
mod validate;

#[cfg(test)]
mod tests;

use std::path::Path;

use serde::Deserialize;
use toml::de::{DeTable, Deserializer};

// The vocabulary lives below config, model, text and locale (so they need
// not import each other for it); re-exported so `config::Language` etc.
// keep working.
pub use crate::vocab::{
    BidiMode, Calendar, CaseChannel, CasePriority, CaseStatusKind, Digits, FieldEntity, FieldType,
    Language, StageKind,
};
pub use error::ConfigError;
pub use layered::PERSONAL_SECTIONS;
pub use lookup::Named;
pub use messages::MessagesConfig;
pub use support::{CaseStatus, Category, SlaTarget, SlaTargets, SupportConfig, WorkInterval};
pub use types::{
    Config, CustomField, DisplayConfig, Labels, LostReason, MoneyConfig, Pipeline, PrintConfig,
    SalesConfig, SellerConfig, Stage, UserConfig,
};
pub use ui::{KeyBindings, ThemeColor, ThemeConfig};

use raw::RawConfig;
use validate::Ctx;

/// The commented default configuration, embedded in the binary; it is what
/// `kariz config init` writes for users.
pub const DEFAULT_TOML: &str = include_str!("../../config/default.toml");

/// `origin` used in messages about [`DEFAULT_TOML`].
pub const DEFAULT_ORIGIN: &str = "<built-in default>";

impl Config {
    /// The configuration in [`DEFAULT_TOML`]. A test proves it parses; should
    /// it ever not, the same settings built in code are returned instead of
    /// panicking (with the same money settings).
    pub fn default_config() -> Config {
        // Parsed once per process: a command asks for it more than once
        // (opening a database that may be the demo, then the user's config
        // on top), and a parse cost a tenth of a small command's work.
        static PARSED: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
        PARSED
            .get_or_init(|| {
                Config::parse(DEFAULT_TOML, DEFAULT_ORIGIN).unwrap_or_else(|_| Config::builtin())
            })
            .clone()
    }

    /// What an empty config file means, built without parsing.
    pub(crate) fn builtin() -> Config {
        Config {
            user: UserConfig::default(),
            display: DisplayConfig::default(),
            money: MoneyConfig::default(),
            pipelines: vec![types::builtin_sales_pipeline()],
            custom_fields: Vec::new(),
            keys: KeyBindings::new(),
            theme: ThemeConfig::default(),
            print: PrintConfig::default(),
            support: SupportConfig::default(),
            sales: SalesConfig::default(),
            rules: Vec::new(),
            messages: MessagesConfig::default(),
        }
    }

    /// Parses and validates config text. `origin` (a file path, or
    /// [`DEFAULT_ORIGIN`]) is only used in error messages.
    pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let document =
            DeTable::parse(text).map_err(|err| de_error::syntax_error(&err, text, origin))?;
        // The document is kept so a serde error's span can be mapped back
        // to a key path; cloning only copies the tree, strings stay borrowed.
        let raw = RawConfig::deserialize(Deserializer::from(document.clone()))
            .map_err(|err| de_error::schema_error(&err, text, origin, document.get_ref()))?;
        validate::build(raw, &Ctx { text, origin })
    }

    /// Reads and parses the config file at `path`. A missing or unreadable
    /// file is an error naming the path; callers that want "no file means
    /// defaults" should check existence first.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| {
            ConfigError::whole_file(&origin, format!("cannot read the config file: {err}"))
        })?;
        Config::parse(&text, &origin)
    }
}
