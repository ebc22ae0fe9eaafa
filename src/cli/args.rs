//! Parsing helpers shared by the subcommands: dates, amounts, custom
//! fields, contact points and links typed as flags.

use crate::config::{Config, FieldEntity};
use crate::model::input_error::InputError;
use crate::model::{ContactPoint, CustomValues, dates, optional_text};
use anyhow::{Result, anyhow, bail};
use chrono::{NaiveDate, NaiveTime};

/// A refused flag value, naming the flag: `--due: "x" is not a date; …`.
/// The refusal stays typed in the error chain, so the command boundary
/// says it in the config's language (`exit::localized`).
pub fn refused(flag: &str, error: impl Into<InputError>) -> anyhow::Error {
    anyhow::Error::new(error.into()).context(format!("--{flag}"))
}

/// Parses a date flag (ISO, relative or weekday forms), naming the flag on error.
pub fn date(flag: &str, text: &str, today: NaiveDate) -> Result<NaiveDate> {
    dates::parse_date(text, today).map_err(|e| refused(flag, e))
}

/// Parses an optional date flag.
pub fn opt_date(flag: &str, text: &Option<String>, today: NaiveDate) -> Result<Option<NaiveDate>> {
    text.as_deref().map(|t| date(flag, t, today)).transpose()
}

/// Parses a time-of-day flag.
pub fn time(flag: &str, text: &str) -> Result<NaiveTime> {
    dates::parse_time(text).map_err(|e| refused(flag, e))
}

/// Parses repeated `label:value` contact flags.
pub fn points(values: &[String], default_label: &str) -> Vec<ContactPoint> {
    values
        .iter()
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            // A label typed in Persian or Arabic (`موبایل:…`) is stored as
            // the canonical word, as the interface's forms do.
            let mut point = ContactPoint::parse(v, default_label);
            point.label = crate::locale::contact::canonical_label(&point.label);
            point
        })
        .collect()
}

/// Applies `--field KEY=VALUE` flags: validates each against the config's
/// declaration; an empty value removes the field.
pub fn apply_custom(
    config: &Config,
    entity: FieldEntity,
    flags: &[String],
    values: &mut CustomValues,
) -> Result<()> {
    for flag in flags {
        let Some((key, raw)) = flag.split_once('=') else {
            bail!("--field {flag:?}: use KEY=VALUE, e.g. --field segment=retail");
        };
        let key = key.trim();
        let Some(field) = config.custom_field(entity, key) else {
            let known: Vec<&str> = config
                .custom_fields_for(entity)
                .map(|f| f.name.as_str())
                .collect();
            bail!(
                "--field {key:?}: no custom field of that name for {} in the config; declared: {}",
                entity.as_str(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            );
        };
        // Stored under the declared spelling, whatever case was typed.
        values.remove(key);
        if raw.trim().is_empty() {
            values.remove(&field.name);
            continue;
        }
        let value = field
            .check_value(raw)
            .map_err(|e| anyhow::Error::new(e).context(format!("--field {key}")))?;
        values.insert(field.name.clone(), value);
    }
    Ok(())
}

/// Sets an optional text field when its flag was given (an empty value clears it).
pub fn set_text(target: &mut Option<String>, flag: &Option<String>) {
    if let Some(value) = flag {
        *target = optional_text(Some(value.clone()));
    }
}

/// Parses an id argument that may be written `#12` or `12`.
pub fn id(text: &str) -> Result<i64> {
    text.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .map_err(|_| anyhow!("{text:?} is not a record id; ids are whole numbers such as 12"))
}

/// Names the fields `--clear` accepts, for its error message.
pub fn check_clear(requested: &[String], allowed: &[&str]) -> Result<()> {
    for name in requested {
        if !allowed.contains(&name.as_str()) {
            bail!(
                "--clear {name:?}: not a field that can be cleared; use one of: {}",
                allowed.join(", ")
            );
        }
    }
    Ok(())
}

/// Whether `--clear` names this field.
pub fn clears(requested: &[String], field: &str) -> bool {
    requested.iter().any(|r| r == field)
}

/// The value of a deal-style amount flag in minor units.
pub fn amount(text: &str, currency: &str) -> Result<i64> {
    crate::model::money::parse_amount(text, currency).map_err(|e| refused("value", e))
}

/// `--version`, on every command that changes one record: optimistic
/// locking for scripts that read a record and write it back.
#[derive(Debug, clap::Args)]
pub struct Expect {
    /// Fail with a conflict (exit 4) unless the record is still at this version
    #[arg(long)]
    pub version: Option<i64>,
}

/// The flags every `edit` shares besides the entity's own fields.
#[derive(Debug, clap::Args)]
pub struct EditFlags {
    /// Fail with a conflict (exit 4) unless the record is still at this version
    #[arg(long)]
    pub version: Option<i64>,
    /// Print the changed record as JSON
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_hash_prefix_and_reject_words() {
        assert_eq!(id("#12").unwrap(), 12);
        assert_eq!(id(" 7 ").unwrap(), 7);
        assert!(
            id("sara")
                .unwrap_err()
                .to_string()
                .contains("whole numbers")
        );
    }

    #[test]
    fn clear_rejects_unknown_fields() {
        assert!(check_clear(&["title".into()], &["title", "notes"]).is_ok());
        let err = check_clear(&["name".into()], &["title", "notes"]).unwrap_err();
        assert!(err.to_string().contains("title, notes"));
    }
}
