//! Web-form submissions as JSON: one object, an array of objects, or one
//! object per line. Keys: name, phone, email, company, source, campaign,
//! notes (or their Persian and Arabic names, see `field_of`), and any
//! custom field declared for people in the config.

use super::{Submission, field_of, set_field};
use crate::config::{Config, FieldEntity};
use serde_json::Value;

/// The submissions in `text`; an item that is not an object fails alone
/// (its `unreadable` says why). Other keys (a form's hidden fields) are
/// kept in the notes as `key: value` lines, so nothing is lost.
pub fn read(text: &str, config: &Config) -> Result<Vec<Submission>, String> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let items: Vec<Value> = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items,
        Ok(other) => vec![other],
        // One object per line (JSON Lines), as a form handler appends them.
        Err(whole) => {
            let mut items = Vec::new();
            for (n, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                items.push(serde_json::from_str(line).map_err(|_| {
                    format!(
                        "not JSON: {whole}; nor one object per line (line {} fails)",
                        n + 1
                    )
                })?);
            }
            items
        }
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, item)| submission(i + 1, item, config))
        .collect())
}

fn submission(n: usize, item: &Value, config: &Config) -> Submission {
    let mut sub = Submission {
        origin: format!("item {n}"),
        ..Submission::default()
    };
    let Value::Object(map) = item else {
        sub.unreadable = Some(format!("item {n} is not a JSON object"));
        return sub;
    };
    for (key, value) in map {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Null => continue,
            other => other.to_string(),
        };
        if let Some(field) = field_of(key) {
            set_field(&mut sub, field, &text);
        } else if config.custom_field(FieldEntity::Person, key).is_some() {
            sub.custom.insert(key.clone(), text);
        } else {
            set_field(&mut sub, "notes", &format!("{key}: {text}"));
        }
    }
    sub
}
