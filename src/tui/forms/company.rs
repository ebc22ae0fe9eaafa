//! The company form.

use super::{Base, Field, FieldKind, Form, FormContext, contacts_text};
use crate::model::{Company, CompanyData};
use crate::tui::change::Change;

/// A form to add a company (`None`) or edit one.
pub fn company_form(
    existing: Option<&Company>,
    config: &crate::config::Config,
    user: &str,
) -> Form {
    let data = existing
        .map(|c| c.data.clone())
        .unwrap_or_else(|| CompanyData {
            owner: Some(user.to_owned()),
            ..CompanyData::default()
        });
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut fields = vec![
        Field::new("name", "field.name", FieldKind::Text, &data.name).required(),
        Field::new(
            "domain",
            "field.domain",
            FieldKind::Text,
            &text(&data.domain),
        ),
        Field::new(
            "industry",
            "field.industry",
            FieldKind::Text,
            &text(&data.industry),
        ),
        Field::new(
            "phones",
            "field.phones",
            FieldKind::Contacts,
            &contacts_text(&data.phones),
        ),
        Field::new(
            "emails",
            "field.emails",
            FieldKind::Contacts,
            &contacts_text(&data.emails),
        ),
        Field::new("owner", "field.owner", FieldKind::Owner, &text(&data.owner)),
        Field::new("tags", "field.tags", FieldKind::Tags, &data.tags.join(", ")),
        Field::new("notes", "field.notes", FieldKind::Text, &text(&data.notes)),
    ];
    fields.extend(super::custom_fields(
        config,
        crate::config::FieldEntity::Company,
        &data.custom,
    ));
    Form {
        title: if existing.is_some() {
            "form.edit_company"
        } else {
            "form.add_company"
        },
        fields,
        focus: 0,
        target: existing.map(|c| (c.id, c.version)),
        base: Base::Company(Box::new(data)),
        notice: None,
    }
}

pub(super) fn to_change(
    form: &mut Form,
    mut data: CompanyData,
    ctx: &FormContext<'_>,
) -> Option<Change> {
    data.name = form.text("name").unwrap_or_default();
    data.domain = form.text("domain");
    data.industry = form.text("industry");
    data.phones = form.contacts("phones", false, ctx);
    data.emails = form.contacts("emails", true, ctx);
    data.owner = form.text("owner");
    data.tags = form.tags("tags");
    data.notes = form.text("notes");
    form.read_custom(ctx, crate::config::FieldEntity::Company, &mut data.custom);
    Some(Change::Company {
        target: form.change_target(),
        original: None,
        data: Box::new(data),
    })
}
