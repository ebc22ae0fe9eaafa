//! The person form.

use super::{Base, Field, FieldKind, Form, FormContext, contacts_text};
use crate::model::{Person, PersonData};
use crate::tui::change::Change;

/// A form to add a person (`None`) or edit one. `company` prefills the
/// company when adding from a company page.
pub fn person_form(
    existing: Option<&Person>,
    company: Option<(i64, String)>,
    config: &crate::config::Config,
    user: &str,
) -> Form {
    let data = existing
        .map(|p| p.data.clone())
        .unwrap_or_else(|| PersonData {
            owner: Some(user.to_owned()),
            company_id: company.as_ref().map(|c| c.0),
            ..PersonData::default()
        });
    let company_name = existing
        .and_then(|p| p.company.clone())
        .or(company.map(|c| c.1))
        .unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut fields = vec![
        Field::new("name", "field.name", FieldKind::Text, &data.name).required(),
        Field::new(
            "company",
            "field.company",
            FieldKind::Company,
            &company_name,
        )
        .with_id(data.company_id),
        Field::new("title", "field.title", FieldKind::Text, &text(&data.title)),
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
        Field::new(
            "birthday",
            "field.birthday",
            FieldKind::Date,
            &data.birthday.map(|d| d.to_string()).unwrap_or_default(),
        ),
        Field::new(
            "address",
            "field.address",
            FieldKind::Text,
            &text(&data.address),
        ),
        Field::new(
            "lead_source",
            "field.lead_source",
            FieldKind::Text,
            &text(&data.lead_source),
        ),
        Field::new("owner", "field.owner", FieldKind::Owner, &text(&data.owner)),
        Field::new("tags", "field.tags", FieldKind::Tags, &data.tags.join(", ")),
        Field::new("notes", "field.notes", FieldKind::Text, &text(&data.notes)),
    ];
    fields.extend(super::custom_fields(
        config,
        crate::config::FieldEntity::Person,
        &data.custom,
    ));
    Form {
        title: if existing.is_some() {
            "form.edit_person"
        } else {
            "form.add_person"
        },
        fields,
        focus: 0,
        target: existing.map(|p| (p.id, p.version)),
        base: Base::Person(Box::new(data)),
        notice: None,
    }
}

pub(super) fn to_change(
    form: &mut Form,
    mut data: PersonData,
    ctx: &FormContext<'_>,
) -> Option<Change> {
    data.name = form.text("name").unwrap_or_default();
    let company_name = form.text("company");
    data.company_id = company_name.as_ref().and(form.id("company"));
    data.title = form.text("title");
    data.phones = form.contacts("phones", false, ctx);
    data.emails = form.contacts("emails", true, ctx);
    data.birthday = form.date("birthday", ctx);
    data.address = form.text("address");
    data.lead_source = form.text("lead_source");
    data.owner = form.text("owner");
    data.tags = form.tags("tags");
    data.notes = form.text("notes");
    form.read_custom(ctx, crate::config::FieldEntity::Person, &mut data.custom);
    let new_company = match (data.company_id, company_name) {
        (None, Some(name)) => Some(name),
        _ => None,
    };
    Some(Change::Person {
        target: form.change_target(),
        original: None,
        data: Box::new(data),
        new_company,
    })
}
