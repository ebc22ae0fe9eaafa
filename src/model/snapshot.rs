//! Field-by-field views of a record, for the change log.

/// A record's editable fields as display strings, in a fixed order.
///
/// The change log diffs two snapshots to write one row per changed field,
/// so every editable record type implements this once and the store stays
/// generic.
pub trait Snapshot {
    /// `(field name, value)` pairs; `None` for an empty field.
    fn fields(&self) -> Vec<(&'static str, Option<String>)>;

    /// The non-empty fields as a JSON object (stored for creates and deletes).
    fn to_json(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .fields()
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), serde_json::Value::String(v))))
            .collect();
        serde_json::Value::Object(map).to_string()
    }
}

/// Formats an optional displayable value.
pub fn opt<T: ToString>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(ToString::to_string)
}

/// Formats a list, `None` when empty.
pub fn list(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(", "))
}

/// Formats custom values as JSON, `None` when empty.
pub fn custom(values: &super::CustomValues) -> Option<String> {
    (!values.is_empty()).then(|| serde_json::to_string(values).unwrap_or_default())
}

/// The `(field, old, new)` triples where two snapshots differ.
pub fn diff(
    before: &[(&'static str, Option<String>)],
    after: &[(&'static str, Option<String>)],
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    before
        .iter()
        .zip(after)
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| (*field, old.clone(), new.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_only_changed_fields() {
        let before = vec![("name", Some("A".into())), ("title", None)];
        let after = vec![("name", Some("B".into())), ("title", None)];
        assert_eq!(
            diff(&before, &after),
            vec![("name", Some("A".to_string()), Some("B".to_string()))]
        );
    }
}
