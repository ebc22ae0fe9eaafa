//! `[[custom_fields]]`: names become identifiers in commands and storage,
//! so they are restricted; choice lists must be usable for matching.

use toml::Spanned;

use super::Ctx;
use crate::config::error::ConfigError;
use crate::config::raw::{RawCustomField, SpannedList};
use crate::config::types::CustomField;
use crate::vocab::{FieldEntity, FieldType};

/// All custom fields, in file order.
pub(super) fn custom_fields(
    raw: Vec<Spanned<RawCustomField>>,
    ctx: &Ctx<'_>,
) -> Result<Vec<CustomField>, ConfigError> {
    let mut fields: Vec<CustomField> = Vec::new();
    for (index, spanned) in raw.iter().enumerate() {
        let path = format!("custom_fields[{index}]");
        let field = one_field(spanned.get_ref(), &path, ctx)?;
        if let Some(first) = fields
            .iter()
            .position(|f| f.entity == field.entity && f.name == field.name)
        {
            return Err(ctx.error(
                spanned.get_ref().name.span(),
                &format!("{path}.name"),
                format!(
                    "custom field {:?} is already defined for {} by custom_fields[{first}]; allowed: a name not used by another {} field",
                    field.name, field.entity, field.entity
                ),
            ));
        }
        fields.push(field);
    }
    Ok(fields)
}

/// `[a-z][a-z0-9_]*`: safe as a command-line word and a storage key.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn one_field(raw: &RawCustomField, path: &str, ctx: &Ctx<'_>) -> Result<CustomField, ConfigError> {
    let name = raw.name.get_ref();
    if !is_identifier(name) {
        return Err(ctx.error(
            raw.name.span(),
            &format!("{path}.name"),
            format!(
                "custom field name {name:?} is not allowed; use lower-case letters a-z, digits and underscores, starting with a letter (e.g. industry_segment)"
            ),
        ));
    }
    let label =
        crate::config::label::optional_label(ctx, raw.label.as_ref(), &format!("{path}.label"))?;
    let entity: FieldEntity = ctx.keyword(&raw.entity, &format!("{path}.entity"), "entity")?;
    let field_type: FieldType = ctx.keyword(&raw.field_type, &format!("{path}.type"), "type")?;
    let choices = choices(raw, field_type, path, ctx)?;
    Ok(CustomField {
        name: name.clone(),
        label,
        entity,
        field_type,
        choices,
    })
}

/// `choices` must be present exactly for choice fields. Entries must be
/// unique ignoring case because user input is matched ignoring case.
fn choices(
    raw: &RawCustomField,
    field_type: FieldType,
    path: &str,
    ctx: &Ctx<'_>,
) -> Result<Vec<String>, ConfigError> {
    let key = format!("{path}.choices");
    let list: Option<&SpannedList<String>> = raw.choices.as_ref();
    if field_type != FieldType::Choice {
        return match list {
            Some(list) => Err(ctx.error(
                list.span(),
                &key,
                format!("choices is only allowed when type = \"choice\", and this field is {field_type}; remove choices or use type = \"choice\""),
            )),
            None => Ok(Vec::new()),
        };
    }
    let Some(list) = list.filter(|list| !list.get_ref().is_empty()) else {
        let span = list.map_or(raw.field_type.span(), |list| list.span());
        return Err(ctx.error(
            span,
            &key,
            "a choice field needs a non-empty choices list; allowed: a list such as choices = [\"retail\", \"wholesale\"]",
        ));
    };
    let mut result: Vec<String> = Vec::new();
    for (index, value) in list.get_ref().iter().enumerate() {
        let item_key = format!("{key}[{index}]");
        let choice = ctx.plain_name(value, &item_key, "choice")?;
        let folded = choice.to_lowercase();
        if let Some(first) = result.iter().position(|c| c.to_lowercase() == folded) {
            return Err(ctx.error(
                value.span(),
                &item_key,
                format!("choice {choice:?} repeats choices[{first}]; allowed: each choice once (ignoring case)"),
            ));
        }
        result.push(choice);
    }
    Ok(result)
}
