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
    ///
    /// Keys are sorted and strings escaped exactly as `serde_json` writes an
    /// object of strings, so old and new rows read alike; written by hand
    /// because an import writes one of these per record.
    fn to_json(&self) -> String {
        let mut fields: Vec<(&'static str, String)> = self
            .fields()
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        fields.sort_unstable_by_key(|(k, _)| *k);
        let mut out = String::with_capacity(
            2 + fields
                .iter()
                .map(|(k, v)| k.len() + v.len() + 6)
                .sum::<usize>(),
        );
        out.push('{');
        for (i, (key, value)) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json_string(&mut out, key);
            out.push(':');
            push_json_string(&mut out, value);
        }
        out.push('}');
        out
    }
}

/// Appends `s` as a JSON string literal, escaped as `serde_json` does:
/// quote, backslash and control characters only.
pub fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
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

    struct Fields(Vec<(&'static str, Option<String>)>);

    impl Snapshot for Fields {
        fn fields(&self) -> Vec<(&'static str, Option<String>)> {
            self.0.clone()
        }
    }

    /// What `to_json` wrote before it was written by hand.
    fn serde_json_form(fields: &Fields) -> String {
        let map: serde_json::Map<String, serde_json::Value> = fields
            .fields()
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), serde_json::Value::String(v))))
            .collect();
        serde_json::Value::Object(map).to_string()
    }

    proptest::proptest! {
        #[test]
        fn to_json_writes_what_serde_json_wrote(
            name in proptest::option::of(any_text()),
            notes in proptest::option::of(any_text()),
            tags in proptest::option::of(any_text()),
        ) {
            let fields = Fields(vec![("name", name), ("notes", notes), ("address", tags)]);
            proptest::prop_assert_eq!(fields.to_json(), serde_json_form(&fields));
        }
    }

    fn any_text() -> impl proptest::strategy::Strategy<Value = String> {
        "(\\PC|[\\x00-\\x1f\\x7f\"\\\\/]|سارا|\u{2028}){0,12}"
    }
}
