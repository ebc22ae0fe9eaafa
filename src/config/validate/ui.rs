//! `[keys]` and `[theme]`: action names, key chords and colours.

use std::collections::BTreeMap;

use toml::Spanned;

use super::Ctx;
use crate::config::error::ConfigError;
use crate::config::ui::{ANSI_NAMES, KeyBindings, THEME_ROLES, ThemeColor, ThemeConfig};
use crate::keys::{Command, KeyChord};

/// Checks `[keys]`: every name must be a command and every key a chord.
pub(super) fn keys(
    raw: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    ctx: &Ctx<'_>,
) -> Result<KeyBindings, ConfigError> {
    let mut bindings = KeyBindings::new();
    for (name, list) in raw.unwrap_or_default() {
        let key_path = format!("keys.{}", name.get_ref());
        let Some(command) = Command::from_name(name.get_ref()) else {
            let mut names = Command::ALL.iter().map(|c| c.name()).collect::<Vec<_>>();
            names.sort_unstable();
            return Err(ctx.error(
                name.span(),
                &key_path,
                format!(
                    "{:?} is not an action; use one of: {}",
                    name.get_ref(),
                    names.join(", ")
                ),
            ));
        };
        let span = list.span();
        let texts: Option<Vec<&str>> = match list.get_ref() {
            toml::Value::String(one) => Some(vec![one.as_str()]),
            toml::Value::Array(many) => many.iter().map(toml::Value::as_str).collect(),
            _ => None,
        };
        let texts = texts.ok_or_else(|| {
            ctx.error(
                span.clone(),
                &key_path,
                "expected a key such as \"ctrl-s\" or a list of keys such as [\"x\", \"space\"]",
            )
        })?;
        let mut chords = Vec::new();
        for text in texts {
            let chord = KeyChord::parse(text)
                .map_err(|message| ctx.error(span.clone(), &key_path, message))?;
            chords.push(chord);
        }
        bindings.insert(command, chords);
    }
    Ok(bindings)
}

/// Checks `[theme]`: known role names, parseable colours.
pub(super) fn theme(
    raw: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    ctx: &Ctx<'_>,
) -> Result<ThemeConfig, ConfigError> {
    let mut theme = ThemeConfig::default();
    for (role, value) in raw.unwrap_or_default() {
        let key_path = format!("theme.{}", role.get_ref());
        let color = ThemeColor::parse(value.get_ref()).ok_or_else(|| {
            ctx.error(
                value.span(),
                &key_path,
                format!(
                    "colour {:?} is not allowed; use reset, a name ({}), a palette number 0-255 or #rrggbb",
                    value.get_ref(),
                    ANSI_NAMES.join(", ")
                ),
            )
        })?;
        let Some(slot) = theme.role_mut(role.get_ref()) else {
            return Err(ctx.error(
                role.span(),
                &key_path,
                format!(
                    "{:?} is not a theme colour; use one of: {}",
                    role.get_ref(),
                    THEME_ROLES.join(", ")
                ),
            ));
        };
        *slot = color;
    }
    Ok(theme)
}
