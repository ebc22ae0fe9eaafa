//! Semantic checks: turns the raw file into the public [`Config`], stopping
//! at the first problem with an error that names line, key path and what is
//! allowed. Sections are checked in file-documentation order.

mod custom_fields;
mod messages;
mod money;
mod pipelines;
mod print;
mod rules;
mod sales;
mod support;
mod ui;

use std::ops::Range;

use toml::Spanned;

use super::error::ConfigError;
use super::raw::{RawConfig, RawDisplay, RawUser};
use super::types::{Config, DisplayConfig, UserConfig};
use crate::vocab::{BidiMode, Calendar, Digits, Keyword, Language};

/// What every check needs to build an error: the text (for line numbers)
/// and where it came from.
pub(crate) struct Ctx<'a> {
    /// The config text the spans point into.
    pub text: &'a str,
    /// File path or `<built-in default>`.
    pub origin: &'a str,
}

impl Ctx<'_> {
    /// An error at `span` about the value at `key`.
    pub(crate) fn error(
        &self,
        span: Range<usize>,
        key: &str,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError::at(self.text, self.origin, span, Some(key.to_owned()), message)
    }

    /// Parses a keyword value such as `kind = "won"`; `what` names it in the
    /// message, e.g. `kind "maybe" is not allowed; use open, won or lost`.
    pub(crate) fn keyword<T: Keyword>(
        &self,
        value: &Spanned<String>,
        key: &str,
        what: &str,
    ) -> Result<T, ConfigError> {
        let text = value.get_ref();
        T::VALUES
            .iter()
            .copied()
            .find(|candidate| candidate.keyword() == text)
            .ok_or_else(|| {
                let allowed: Vec<&str> = T::VALUES.iter().map(|v| v.keyword()).collect();
                self.error(
                    value.span(),
                    key,
                    format!("{what} {text:?} is not allowed; use {}", or_list(&allowed)),
                )
            })
    }

    /// Like [`Ctx::keyword`] for an optional key, falling back to `default`.
    fn keyword_or<T: Keyword>(
        &self,
        value: Option<&Spanned<String>>,
        key: &str,
        what: &str,
        default: T,
    ) -> Result<T, ConfigError> {
        value.map_or(Ok(default), |value| self.keyword(value, key, what))
    }

    /// Rejects an empty or space-padded name. Padding is refused rather than
    /// trimmed because "Won " and "Won" would look identical on the board.
    pub(crate) fn plain_name(
        &self,
        value: &Spanned<String>,
        key: &str,
        what: &str,
    ) -> Result<String, ConfigError> {
        let name = value.get_ref();
        if name.trim().is_empty() {
            return Err(self.error(
                value.span(),
                key,
                format!("{what} must not be empty; write some text in the quotes"),
            ));
        }
        if name.trim() != name {
            return Err(self.error(
                value.span(),
                key,
                format!(
                    "{what} {name:?} has leading or trailing spaces; allowed: the name without them"
                ),
            ));
        }
        Ok(name.clone())
    }
}

/// `a, b or c` for messages listing allowed values.
pub(crate) fn or_list(items: &[&str]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Converts and checks the whole file.
pub(crate) fn build(raw: RawConfig, ctx: &Ctx<'_>) -> Result<Config, ConfigError> {
    let user = user(raw.user, ctx)?;
    let display = display(raw.display, ctx)?;
    let money = money::money(raw.money, ctx)?;
    let pipelines = pipelines::pipelines(raw.pipelines, ctx)?;
    let custom_fields = custom_fields::custom_fields(raw.custom_fields.unwrap_or_default(), ctx)?;
    let keys = ui::keys(raw.keys, ctx)?;
    let theme = ui::theme(raw.theme, ctx)?;
    let print = print::print(raw.print, ctx)?;
    let support = support::support(raw.support, ctx)?;
    let sales = sales::sales(raw.sales, &pipelines, ctx)?;
    let rules = rules::rules(raw.rules, &pipelines, &custom_fields, ctx)?;
    Ok(Config {
        user,
        display,
        money,
        pipelines,
        custom_fields,
        keys,
        theme,
        print,
        support,
        sales,
        rules,
        messages: messages::messages(raw.messages, ctx)?,
    })
}

fn user(raw: Option<RawUser>, ctx: &Ctx<'_>) -> Result<UserConfig, ConfigError> {
    let name = raw.and_then(|user| user.name);
    let name = match name {
        Some(name) => Some(ctx.plain_name(&name, "user.name", "user name")?),
        None => None,
    };
    Ok(UserConfig { name })
}

fn display(raw: Option<RawDisplay>, ctx: &Ctx<'_>) -> Result<DisplayConfig, ConfigError> {
    let defaults = DisplayConfig::default();
    let Some(raw) = raw else {
        return Ok(defaults);
    };
    Ok(DisplayConfig {
        language: ctx.keyword_or::<Language>(
            raw.language.as_ref(),
            "display.language",
            "language",
            defaults.language,
        )?,
        calendar: ctx.keyword_or::<Calendar>(
            raw.calendar.as_ref(),
            "display.calendar",
            "calendar",
            defaults.calendar,
        )?,
        digits: ctx.keyword_or::<Digits>(
            raw.digits.as_ref(),
            "display.digits",
            "digits",
            defaults.digits,
        )?,
        bidi: ctx.keyword_or::<BidiMode>(
            raw.bidi.as_ref(),
            "display.bidi",
            "bidi",
            defaults.bidi,
        )?,
        arabic_shaping: raw.arabic_shaping.unwrap_or(defaults.arabic_shaping),
    })
}
