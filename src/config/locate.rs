//! Finding which key of a TOML document a byte offset belongs to.
//!
//! toml's errors carry a byte span but not the key path (its key list is
//! private and lacks array indices), so the path is recovered from the
//! spanned document.

use toml::de::{DeTable, DeValue};

/// The node of the document an error span points at.
pub(crate) struct Located {
    /// Key path such as `pipelines[0].stages[2].probability`.
    pub path: String,
    /// toml's type name when the node is a value (not a key).
    pub value_type: Option<&'static str>,
    /// Span length, to keep the innermost candidate.
    len: usize,
}

/// The smallest key or value whose span contains `offset`. Tables written
/// as `[header]` have the header as their span and do not contain their
/// keys, so the search looks at every node rather than descending only into
/// containing ones; ties go to the deeper path (an array element over the
/// array it sits in). Recursion depth is bounded by toml's nesting limit.
pub(crate) fn locate(root: &DeTable<'_>, offset: usize) -> Option<Located> {
    let mut best = None;
    visit_table(root, "", offset, &mut best);
    best
}

/// Remembers the node if its span holds `offset` and beats the best so far.
fn consider(
    span: std::ops::Range<usize>,
    path: &str,
    value_type: Option<&'static str>,
    offset: usize,
    best: &mut Option<Located>,
) {
    let holds =
        span.start <= offset && (offset < span.end || span.is_empty() && offset == span.start);
    if !holds {
        return;
    }
    let len = span.len();
    let better = best.as_ref().is_none_or(|current| {
        len < current.len || (len == current.len && path.len() > current.path.len())
    });
    if better {
        *best = Some(Located {
            path: path.to_owned(),
            value_type,
            len,
        });
    }
}

fn visit_table(table: &DeTable<'_>, prefix: &str, offset: usize, best: &mut Option<Located>) {
    for (key, value) in table.iter() {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        consider(key.span(), &path, None, offset, best);
        consider(
            value.span(),
            &path,
            Some(value.get_ref().type_str()),
            offset,
            best,
        );
        visit_value(value.get_ref(), &path, offset, best);
    }
}

fn visit_value(value: &DeValue<'_>, path: &str, offset: usize, best: &mut Option<Located>) {
    match value {
        DeValue::Table(table) => visit_table(table, path, offset, best),
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let item_path = format!("{path}[{index}]");
                let item_type = Some(item.get_ref().type_str());
                consider(item.span(), &item_path, item_type, offset, best);
                visit_value(item.get_ref(), &item_path, offset, best);
            }
        }
        _ => {}
    }
}
