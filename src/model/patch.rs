//! Field-level merging of an edit into what is stored now (EspoCRM's model).
//!
//! A form remembers the record as it opened (`original`) and produces the
//! record as the user left it (`mine`). Only the fields where the two differ
//! are written, on top of the record as stored at save time (`current`). A
//! field conflicts only when someone else changed that same field since the
//! form opened; edits of other fields by others survive. Tags are a set:
//! the names the user added are added and the ones removed are removed, so
//! two people tagging one record keep both tags. Custom values merge per key.

use super::snapshot::Snapshot;
use super::{ActivityData, CompanyData, CustomValues, DealData, PersonData, TaskData};

/// One field two people changed differently. Values are the change-log's
/// display strings (`None`: empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    /// Field name (`notes`, `custom.region`…).
    pub field: String,
    /// The value when the form opened.
    pub original: Option<String>,
    /// The value someone else saved since.
    pub theirs: Option<String>,
    /// The value this edit would write.
    pub mine: Option<String>,
}

/// A record type whose fields can be taken one by one from another value.
pub trait Patch: Snapshot + Clone {
    /// Copies field `field` (a [`Snapshot`] name) from `from` into `self`.
    fn copy_field(&mut self, from: &Self, field: &str);
    /// The tags, for record types that have them.
    fn tags_mut(&mut self) -> Option<&mut Vec<String>> {
        None
    }
    /// The custom values, for record types that have them.
    fn custom_mut(&mut self) -> Option<&mut CustomValues> {
        None
    }
}

/// The names of the fields `mine` changed relative to `original`.
pub fn changed_fields<T: Patch>(original: &T, mine: &T) -> Vec<&'static str> {
    original
        .fields()
        .into_iter()
        .zip(mine.fields())
        .filter(|((_, a), (_, b))| a != b)
        .map(|((name, _), _)| name)
        .collect()
}

/// `current` with the fields `mine` changed since `original` taken from
/// `mine`, or the fields someone else changed differently meanwhile.
pub fn merge<T: Patch>(original: &T, mine: &T, current: &T) -> Result<T, Vec<FieldConflict>> {
    let orig_fields = original.fields();
    let mine_fields = mine.fields();
    let cur_fields = current.fields();
    let mut merged = current.clone();
    let mut conflicts = Vec::new();
    for ((name, o), ((_, m), (_, c))) in orig_fields
        .iter()
        .zip(mine_fields.iter().zip(cur_fields.iter()))
    {
        if o == m {
            continue;
        }
        match *name {
            "tags" => merge_tags(original, mine, &mut merged),
            "custom" => merge_custom(original, mine, &mut merged, &mut conflicts),
            _ if c == o || c == m => merged.copy_field(mine, name),
            _ => conflicts.push(FieldConflict {
                field: (*name).to_string(),
                original: o.clone(),
                theirs: c.clone(),
                mine: m.clone(),
            }),
        }
    }
    if conflicts.is_empty() {
        Ok(merged)
    } else {
        Err(conflicts)
    }
}

/// `original` with the conflicting fields taken from `theirs`: the base a
/// "keep mine" retries from, so only the user's own fields are written and
/// a third change made meanwhile still conflicts.
pub fn rebase<T: Patch>(original: &T, theirs: &T, fields: &[String]) -> T {
    let mut based = original.clone();
    for field in fields {
        match field.strip_prefix("custom.") {
            Some(key) => {
                let value = theirs
                    .clone()
                    .custom_mut()
                    .and_then(|c| c.get(key).cloned());
                if let Some(custom) = based.custom_mut() {
                    match value {
                        Some(v) => custom.insert(key.to_string(), v),
                        None => custom.remove(key),
                    };
                }
            }
            None => based.copy_field(theirs, field),
        }
    }
    based
}

fn same_tag(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Adds the tags `mine` added and removes the ones it removed.
fn merge_tags<T: Patch>(original: &T, mine: &T, merged: &mut T) {
    let (mut original, mut mine) = (original.clone(), mine.clone());
    let before = original.tags_mut().cloned().unwrap_or_default();
    let after = mine.tags_mut().cloned().unwrap_or_default();
    let Some(tags) = merged.tags_mut() else {
        return;
    };
    apply_tag_ops(tags, &added(&before, &after), &added(&after, &before));
}

/// The names in `after` that `before` lacks (case-insensitively).
pub fn added(before: &[String], after: &[String]) -> Vec<String> {
    after
        .iter()
        .filter(|t| !before.iter().any(|b| same_tag(b, t)))
        .cloned()
        .collect()
}

/// Adds `add` and removes `remove` from `tags`, case-insensitively.
pub fn apply_tag_ops(tags: &mut Vec<String>, add: &[String], remove: &[String]) {
    tags.retain(|t| !remove.iter().any(|r| same_tag(r, t)));
    for name in add {
        if !tags.iter().any(|t| same_tag(t, name)) {
            tags.push(name.clone());
        }
    }
}

fn merge_custom<T: Patch>(
    original: &T,
    mine: &T,
    merged: &mut T,
    conflicts: &mut Vec<FieldConflict>,
) {
    let (mut original, mut mine) = (original.clone(), mine.clone());
    let before = original.custom_mut().cloned().unwrap_or_default();
    let after = mine.custom_mut().cloned().unwrap_or_default();
    let Some(current) = merged.custom_mut() else {
        return;
    };
    let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let show = |v: Option<&serde_json::Value>| {
        v.map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    for key in keys {
        let (o, m, c) = (before.get(key), after.get(key), current.get(key));
        if o == m {
            continue;
        }
        if c == o || c == m {
            match m {
                Some(v) => current.insert(key.clone(), v.clone()),
                None => current.remove(key),
            };
        } else {
            conflicts.push(FieldConflict {
                field: format!("custom.{key}"),
                original: show(o),
                theirs: show(c),
                mine: show(m),
            });
        }
    }
}

/// Implements [`Patch`] by listing the fields by their snapshot names.
macro_rules! patch_fields {
    ($ty:ty, [$($field:ident),*] $(, tags: $tags:ident)? $(, custom: $custom:ident)?) => {
        impl Patch for $ty {
            fn copy_field(&mut self, from: &Self, field: &str) {
                match field {
                    $(stringify!($field) => self.$field = from.$field.clone(),)*
                    $(stringify!($tags) => self.$tags = from.$tags.clone(),)?
                    $(stringify!($custom) => self.$custom = from.$custom.clone(),)?
                    _ => {}
                }
            }
            $(fn tags_mut(&mut self) -> Option<&mut Vec<String>> {
                Some(&mut self.$tags)
            })?
            $(fn custom_mut(&mut self) -> Option<&mut CustomValues> {
                Some(&mut self.$custom)
            })?
        }
    };
}

patch_fields!(PersonData, [name, company_id, title, phones, emails, address, birthday,
    lead_source, campaign_id, owner, notes], tags: tags, custom: custom);
patch_fields!(CompanyData, [name, domain, industry, phones, emails, address, owner, notes],
    tags: tags, custom: custom);
patch_fields!(DealData, [title, pipeline, stage, value_minor, currency, probability,
    expected_close, person_id, company_id, owner, lost_reason, notes, campaign_id], tags: tags, custom: custom);
patch_fields!(
    super::CaseData,
    [
        subject,
        description,
        person_id,
        company_id,
        channel,
        category,
        priority,
        status,
        assignee,
        deal_id,
        satisfaction,
        satisfaction_comment
    ],
    tags: tags
);
patch_fields!(
    TaskData,
    [
        title, due_date, due_time, priority, person_id, company_id, deal_id, owner, notes
    ]
);
patch_fields!(
    ActivityData,
    [
        kind,
        subject,
        body,
        occurred_at,
        author,
        person_id,
        company_id,
        deal_id
    ]
);

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, notes: Option<&str>, tags: &[&str]) -> PersonData {
        PersonData {
            name: name.into(),
            notes: notes.map(Into::into),
            tags: tags.iter().map(|t| (*t).to_string()).collect(),
            ..PersonData::default()
        }
    }

    #[test]
    fn edits_of_different_fields_both_survive() {
        let original = person("Sara", None, &[]);
        let mine = person("Sara K", None, &[]);
        let current = person("Sara", Some("called"), &[]);
        let merged = merge(&original, &mine, &current).unwrap();
        assert_eq!(merged.name, "Sara K");
        assert_eq!(merged.notes.as_deref(), Some("called"));
    }

    #[test]
    fn same_field_changed_twice_conflicts_with_all_three_values() {
        let original = person("Sara", Some("a"), &[]);
        let mine = person("Sara", Some("mine"), &[]);
        let current = person("Sara", Some("theirs"), &[]);
        let conflicts = merge(&original, &mine, &current).unwrap_err();
        assert_eq!(
            conflicts,
            vec![FieldConflict {
                field: "notes".into(),
                original: Some("a".into()),
                theirs: Some("theirs".into()),
                mine: Some("mine".into()),
            }]
        );
        // Keep mine: rebase on theirs, and the retry writes only notes.
        let based = rebase(&original, &current, &["notes".into()]);
        let merged = merge(&based, &mine, &current).unwrap();
        assert_eq!(merged.notes.as_deref(), Some("mine"));
    }

    #[test]
    fn tags_added_by_both_survive_and_removals_apply() {
        let original = person("Sara", None, &["vip", "old"]);
        let mine = person("Sara", None, &["vip", "mine"]);
        let current = person("Sara", None, &["vip", "old", "theirs"]);
        let merged = merge(&original, &mine, &current).unwrap();
        assert_eq!(merged.tags, vec!["vip", "theirs", "mine"]);
    }

    #[test]
    fn custom_values_merge_per_key() {
        let mut original = person("Sara", None, &[]);
        original.custom.insert("a".into(), "1".into());
        let mut mine = original.clone();
        mine.custom.insert("a".into(), "2".into());
        let mut current = original.clone();
        current.custom.insert("b".into(), "x".into());
        let merged = merge(&original, &mine, &current).unwrap();
        assert_eq!(merged.custom.get("a"), Some(&"2".into()));
        assert_eq!(merged.custom.get("b"), Some(&"x".into()));
        current.custom.insert("a".into(), "3".into());
        let conflicts = merge(&original, &mine, &current).unwrap_err();
        assert_eq!(conflicts[0].field, "custom.a");
    }
}
