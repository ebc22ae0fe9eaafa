//! The deal form.

use super::{Base, Field, FieldKind, Form, FormContext};
use crate::config::Config;
use crate::model::money::{decimal_string, parse_amount};
use crate::model::{Deal, DealData};
use crate::tui::change::Change;

/// Links a new deal starts with (from the page it was added on).
#[derive(Debug, Clone, Default)]
pub struct DealLinks {
    /// Person id and name.
    pub person: Option<(i64, String)>,
    /// Company id and name.
    pub company: Option<(i64, String)>,
    /// Pipeline to add to.
    pub pipeline: Option<String>,
}

/// A form to add a deal (`None`) or edit one.
pub fn deal_form(existing: Option<&Deal>, links: DealLinks, config: &Config, user: &str) -> Form {
    let data = existing
        .map(|d| d.data.clone())
        .unwrap_or_else(|| new_deal(&links, config, user));
    let person = existing
        .and_then(|d| d.person.clone())
        .or(links.person.map(|p| p.1))
        .unwrap_or_default();
    let company = existing
        .and_then(|d| d.company.clone())
        .or(links.company.map(|c| c.1))
        .unwrap_or_default();
    let mut fields = deal_fields(&data, &person, &company, existing.is_some(), config);
    fields.extend(super::custom_fields(
        config,
        crate::config::FieldEntity::Deal,
        &data.custom,
    ));
    Form {
        title: if existing.is_some() {
            "form.edit_deal"
        } else {
            "form.add_deal"
        },
        fields,
        focus: 0,
        target: existing.map(|d| (d.id, d.version)),
        base: Base::Deal(Box::new(data)),
        notice: None,
    }
}

/// A new deal's starting values: the page's pipeline (else the default)
/// at its first open stage, the page's person and company, the user as
/// owner.
fn new_deal(links: &DealLinks, config: &Config, user: &str) -> DealData {
    let pipeline = links
        .pipeline
        .as_deref()
        .and_then(|name| config.pipeline(name))
        .unwrap_or_else(|| config.default_pipeline());
    DealData {
        pipeline: pipeline.name.clone(),
        stage: pipeline.first_open_stage().name.clone(),
        currency: config.money.default_currency.clone(),
        person_id: links.person.as_ref().map(|p| p.0),
        company_id: links.company.as_ref().map(|c| c.0),
        owner: Some(user.to_owned()),
        ..DealData::default()
    }
}

/// The deal's own fields (custom fields aside), filled from `data`; the
/// value is left empty on a new deal.
fn deal_fields(
    data: &DealData,
    person: &str,
    company: &str,
    editing: bool,
    config: &Config,
) -> Vec<Field> {
    let stages = config
        .pipeline(&data.pipeline)
        .map(|p| p.stage_names().into_iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let reasons = config
        .pipeline(&data.pipeline)
        .map(crate::config::Pipeline::lost_reason_names)
        .unwrap_or_default();
    let value = if editing {
        decimal_string(data.value_minor, &data.currency)
    } else {
        String::new()
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        Field::new("title", "field.deal_title", FieldKind::Text, &data.title).required(),
        Field::new("person", "field.person", FieldKind::Person, person).with_id(data.person_id),
        Field::new("company", "field.company", FieldKind::Company, company)
            .with_id(data.company_id),
        Field::new(
            "stage",
            "field.stage",
            FieldKind::Choice(stages),
            &data.stage,
        )
        .required(),
        // Filled when the stage is the lost one; a reason from the
        // pipeline's list or typed.
        Field::new(
            "lost_reason",
            "deal.lost_reason",
            FieldKind::Suggest(reasons),
            &text(&data.lost_reason),
        ),
        Field::new("value", "field.value", FieldKind::Amount, &value),
        Field::new(
            "currency",
            "field.currency",
            FieldKind::Choice(config.money.currencies.clone()),
            &data.currency,
        )
        .required(),
        Field::new(
            "probability",
            "field.probability",
            FieldKind::Percent,
            &data.probability.map(|p| p.to_string()).unwrap_or_default(),
        ),
        Field::new(
            "expected_close",
            "field.expected_close",
            FieldKind::Date,
            &data
                .expected_close
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        Field::new("owner", "field.owner", FieldKind::Owner, &text(&data.owner)),
        Field::new("notes", "field.notes", FieldKind::Text, &text(&data.notes)),
    ]
}

pub(super) fn to_change(
    form: &mut Form,
    mut data: DealData,
    ctx: &FormContext<'_>,
) -> Option<Change> {
    data.title = form.text("title").unwrap_or_default();
    data.person_id = form.text("person").and(form.id("person"));
    if form.text("person").is_some() && data.person_id.is_none() {
        form.fail(
            "person",
            ctx.locale.tf("form.error.pick_person_or_empty", &[]),
        );
    }
    data.company_id = form.text("company").and(form.id("company"));
    if form.text("company").is_some() && data.company_id.is_none() {
        form.fail(
            "company",
            ctx.locale.tf("form.error.pick_company_or_empty", &[]),
        );
    }
    data.currency = form.text("currency").unwrap_or_default();
    if !ctx.config.money.currencies.contains(&data.currency) {
        let allowed = ctx.config.money.currencies.join(", ");
        form.fail(
            "currency",
            ctx.locale
                .tf("form.error.currency", &[("allowed", &allowed)]),
        );
    }
    stage_and_reason(form, &mut data, ctx);
    data.value_minor = match form.text("value") {
        None => 0,
        Some(text) => match parse_amount(&text, &data.currency) {
            Ok(v) => v,
            Err(err) => {
                form.fail("value", ctx.locale.input_error(&err.into()));
                0
            }
        },
    };
    data.probability = match form.text("probability") {
        None => None,
        // Persian or Arabic-Indic digits and percent sign read as typed.
        Some(text) => match crate::text::fold::fold_digits(&text)
            .trim_end_matches(['%', '\u{66a}'])
            .trim()
            .parse::<u8>()
        {
            Ok(p) if p <= 100 => Some(p),
            _ => {
                form.fail("probability", ctx.locale.tf("form.error.probability", &[]));
                None
            }
        },
    };
    data.expected_close = form.date("expected_close", ctx);
    data.owner = form.text("owner");
    data.notes = form.text("notes");
    form.read_custom(ctx, crate::config::FieldEntity::Deal, &mut data.custom);
    Some(Change::Deal {
        target: form.change_target(),
        original: None,
        data: Box::new(data),
    })
}

/// The form's stage (by name) and, for the lost stage, its reason: one
/// given as a listed reason's label (in any language) is stored by the
/// reason's name.
fn stage_and_reason(form: &mut Form, data: &mut DealData, ctx: &FormContext<'_>) {
    data.stage = form.text("stage").unwrap_or_default();
    let pipeline = ctx.config.pipeline(&data.pipeline);
    data.lost_reason = form
        .text("lost_reason")
        .map(|r| pipeline.map_or(r.clone(), |p| p.canonical_lost_reason(&r)));
    match pipeline.and_then(|p| p.stage(&data.stage)) {
        Some(stage) => {
            data.stage = stage.name.clone();
            match stage.kind {
                crate::config::StageKind::Lost if data.lost_reason.is_none() => {
                    form.fail("lost_reason", ctx.locale.tf("form.error.lost_reason", &[]))
                }
                crate::config::StageKind::Lost => {}
                // Only a lost deal has a reason (the store clears it too).
                _ => data.lost_reason = None,
            }
        }
        None => form.fail("stage", ctx.locale.tf("form.error.pick_stage", &[])),
    }
}
