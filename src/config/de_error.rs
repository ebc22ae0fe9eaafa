//! Turning `toml` errors into [`ConfigError`]s that name the line, the key
//! path and what is allowed.
//!
//! The key path comes from [`locate`], since toml's errors only carry a span.

use toml::de::DeTable;

use super::error::ConfigError;
use super::locate::locate;

/// A TOML syntax error: there is no document to find a key path in, so the
/// error gives line and column only.
pub(crate) fn syntax_error(err: &toml::de::Error, text: &str, origin: &str) -> ConfigError {
    let message = format!("invalid TOML: {}", err.message());
    match err.span() {
        Some(span) => ConfigError::at(text, origin, span, None, message),
        None => ConfigError::whole_file(origin, message),
    }
}

/// A shape error found by serde (unknown key, wrong type, missing key).
pub(crate) fn schema_error(
    err: &toml::de::Error,
    text: &str,
    origin: &str,
    root: &DeTable<'_>,
) -> ConfigError {
    let Some(span) = err.span() else {
        return ConfigError::whole_file(origin, friendly_message(err.message(), None).0);
    };
    let located = locate(root, span.start);
    let value_type = located.as_ref().and_then(|found| found.value_type);
    let (message, missing_key) = friendly_message(err.message(), value_type);
    // A missing key is reported on its table; naming the key itself in the
    // path tells the user exactly what to add.
    let key = match (located.map(|found| found.path), missing_key) {
        (Some(path), Some(missing)) => Some(format!("{path}.{missing}")),
        (None, Some(missing)) => Some(missing),
        (path, None) => path,
    };
    ConfigError::at(text, origin, span, key, message)
}

/// Rewrites serde's wording into kariz's "what is wrong; what is allowed"
/// style. Also returns the name of a missing key so it can join the path.
/// `value_type` is toml's name for the offending value, which tells a date
/// apart from a table where serde says "map" for both.
fn friendly_message(message: &str, value_type: Option<&str>) -> (String, Option<String>) {
    let names = backticked(message);
    if message.starts_with("unknown field") {
        let unknown = names.first().map_or("?", String::as_str);
        let allowed = names.get(1..).unwrap_or_default();
        let text = if allowed.is_empty() {
            format!("unknown key `{unknown}`; no keys are allowed here")
        } else {
            format!(
                "unknown key `{unknown}`; allowed keys here: {}",
                allowed.join(", ")
            )
        };
        return (text, None);
    }
    if message.starts_with("missing field") {
        let missing = names.first().cloned().unwrap_or_default();
        return (format!("missing required key `{missing}`"), Some(missing));
    }
    for (prefix, wording) in [
        ("invalid type: ", "wrong type"),
        ("invalid value: ", "invalid value"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            let found = match (found, value_type) {
                ("map", Some("datetime")) => "a date or time",
                ("map", _) => "a table",
                ("sequence", _) => "a list",
                (other, _) => other,
            };
            return (
                format!(
                    "{wording}: found {found}; allowed: {}",
                    plain_type(expected)
                ),
                None,
            );
        }
    }
    (message.to_owned(), None)
}

/// Names serde quotes in backticks, in order.
fn backticked(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// serde's Rust-flavoured type names in words a config author knows.
fn plain_type(expected: &str) -> String {
    match expected {
        "i64" | "u64" | "i32" | "u32" | "u8" => "a whole number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a string" => "text in double quotes".to_owned(),
        "a sequence" => {
            "a list in square brackets, or one [[double-bracket]] table per entry".to_owned()
        }
        "a table" => "a table ([section] or { key = value })".to_owned(),
        other => other.to_owned(),
    }
}
