//! Translatable names from the config: the one type every configured name
//! shown to people uses (stages, pipelines, lost reasons, custom-field
//! labels; later case categories and products), with its raw form and its
//! check.
//!
//! In the file a label is a plain string (the same text in every language)
//! or a table of languages: `label = { en = "Lead", fa = "سرنخ", ar = "عميل
//! محتمل" }`. What is stored and what `--json` and the command line's
//! arguments use is always the item's stable `name`; only what people read
//! changes. docs/config.md ("Translatable labels") is the user's side.
//!
//! To use it on a new kind of item: put `label: Option<Spanned<RawLabel>>`
//! in its raw struct, call [`label`] in its validation, keep a [`Labels`] in
//! its public type and show `labels.shown(language, &name)`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::error::ConfigError;
use super::validate::Ctx;
use crate::vocab::{Keyword, Language};

/// A name translated into the interface languages. Empty means "show the
/// item's name". The key `""` holds a plain label (one for every
/// language). Serialized (`config show --json`) as it was written: a string
/// for a plain label, else the table of languages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels(pub BTreeMap<String, String>);

impl Serialize for Labels {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.0.len(), self.0.get("")) {
            (1, Some(plain)) => serializer.serialize_str(plain),
            _ => self.0.serialize(serializer),
        }
    }
}

impl Labels {
    /// One text for every language (what `label = "…"` gives).
    pub fn plain(text: &str) -> Labels {
        Labels(BTreeMap::from([(String::new(), text.to_owned())]))
    }

    /// Nothing set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The label for `language`, else the plain one, else `None`.
    pub fn get(&self, language: Language) -> Option<&str> {
        self.0
            .get(language.as_str())
            .or_else(|| self.0.get(""))
            .map(String::as_str)
    }

    /// What to show in `language`: the label, else `name` (the stable key).
    pub fn shown<'a>(&'a self, language: Language, name: &'a str) -> &'a str {
        self.get(language).unwrap_or(name)
    }

    /// Whether `text` is one of the labels, in any language, compared as
    /// search compares names (`text::fold`: case, Arabic and Persian letter
    /// forms such as ي/ی and ك/ک, harakat, ZWNJ, surrounding spaces): how a
    /// name typed or picked in the interface language is read back to the
    /// stable name.
    pub fn matches(&self, text: &str) -> bool {
        let wanted = crate::text::fold::fold(text.trim());
        !wanted.is_empty()
            && self
                .0
                .values()
                .any(|l| crate::text::fold::fold(l) == wanted)
    }
}

/// A label as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "a string or a table of languages (en, fa, ar) to strings"
)]
pub(crate) enum RawLabel {
    Plain(String),
    ByLanguage(BTreeMap<String, String>),
}

/// Checks a `label` at `key`: a non-empty string without padding, or a
/// table from `en`, `fa`, `ar` to such strings.
pub(crate) fn label(
    ctx: &Ctx<'_>,
    value: &Spanned<RawLabel>,
    key: &str,
) -> Result<Labels, ConfigError> {
    let mut labels = BTreeMap::new();
    match value.get_ref() {
        RawLabel::Plain(text) => {
            let spanned = Spanned::new(value.span(), text.clone());
            labels.insert(String::new(), ctx.plain_name(&spanned, key, "label")?);
        }
        RawLabel::ByLanguage(table) => {
            if table.is_empty() {
                return Err(ctx.error(
                    value.span(),
                    key,
                    "label is an empty table; give at least one language (en, fa, ar) or remove label",
                ));
            }
            for (lang, text) in table {
                let lang_key = format!("{key}.{lang}");
                if Language::from_keyword(lang).is_none() {
                    let allowed: Vec<&str> = Language::VALUES.iter().map(|l| l.keyword()).collect();
                    return Err(ctx.error(
                        value.span(),
                        &lang_key,
                        format!(
                            "unknown language {lang:?} in a label; allowed: {}",
                            allowed.join(", ")
                        ),
                    ));
                }
                let spanned = Spanned::new(value.span(), text.clone());
                let name = ctx.plain_name(&spanned, &lang_key, "label")?;
                if name.chars().any(char::is_control) {
                    return Err(ctx.error(
                        value.span(),
                        &lang_key,
                        "label contains a control character (such as a newline or tab); allowed: one line of plain text",
                    ));
                }
                labels.insert(lang.clone(), name);
            }
        }
    }
    if let Some(text) = labels.get("")
        && text.chars().any(char::is_control)
    {
        return Err(ctx.error(
            value.span(),
            key,
            "label contains a control character (such as a newline or tab); allowed: one line of plain text",
        ));
    }
    Ok(Labels(labels))
}

/// An optional `label` at `key` (absent: empty, the name is shown).
pub(crate) fn optional_label(
    ctx: &Ctx<'_>,
    value: Option<&Spanned<RawLabel>>,
    key: &str,
) -> Result<Labels, ConfigError> {
    value.map_or(Ok(Labels::default()), |value| label(ctx, value, key))
}
