//! Case forms: a new case (from a customer page, or made from a complaint
//! on the timeline keeping its text), a reply or call logged on a case, and
//! closing a case with the customer's score.

use chrono::NaiveTime;

use super::{Base, Field, FieldKind, Form, FormContext, activity_form};
use crate::model::{Activity, ActivityData, ActivityKind, CaseData};
use crate::tui::cases::CaseChange;
use crate::tui::change::Change;
use crate::vocab::{CaseChannel, CasePriority};

/// Who the new case is for, and what it starts from.
#[derive(Debug, Clone, Default)]
pub struct CaseSeed {
    /// The person (id, name).
    pub person: Option<(i64, String)>,
    /// The company (id, name).
    pub company: Option<(i64, String)>,
    /// A related deal (the complaint's).
    pub deal: Option<i64>,
    /// A complaint the case is made from: its subject and body become the
    /// case's, and it joins the case's timeline.
    pub complaint: Option<Activity>,
}

fn words<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| name(*v).to_owned()).collect()
}

/// The new-case form, prefilled with the customer (and the complaint).
pub fn case_form(seed: CaseSeed, config: &crate::config::Config) -> Form {
    let (subject, description, from) = match &seed.complaint {
        Some(a) => (
            a.data.subject.clone(),
            a.data.body.clone().unwrap_or_default(),
            Some(a.id),
        ),
        None => (String::new(), String::new(), None),
    };
    let data = CaseData {
        person_id: seed.person.as_ref().map(|p| p.0),
        company_id: seed.company.as_ref().map(|c| c.0),
        deal_id: seed.deal,
        ..CaseData::default()
    };
    let mut fields = vec![
        Field::new("subject", "field.subject", FieldKind::Text, &subject).required(),
        Field::new(
            "description",
            "field.description",
            FieldKind::Text,
            &description,
        ),
        Field::new(
            "person",
            "field.person",
            FieldKind::Person,
            seed.person.as_ref().map_or("", |p| p.1.as_str()),
        )
        .with_id(data.person_id),
        Field::new(
            "company",
            "field.company",
            FieldKind::Company,
            seed.company.as_ref().map_or("", |c| c.1.as_str()),
        )
        .with_id(data.company_id),
        Field::new(
            "channel",
            "field.channel",
            FieldKind::Choice(words(CaseChannel::ALL, CaseChannel::as_str)),
            data.channel.as_str(),
        )
        .required(),
        Field::new(
            "priority",
            "field.priority",
            FieldKind::Choice(words(CasePriority::ALL, CasePriority::as_str)),
            data.priority.as_str(),
        )
        .required(),
    ];
    fields.extend(category_field(config));
    fields.push(Field::new(
        "assignee",
        "field.assignee",
        FieldKind::Owner,
        "",
    ));
    Form {
        title: "form.new_case",
        fields,
        focus: 0,
        target: None,
        base: Base::Case(Box::new(data), from),
        notice: None,
    }
}

/// The category field, when the config lists categories.
fn category_field(config: &crate::config::Config) -> Option<Field> {
    let categories: Vec<String> = config
        .support
        .categories
        .iter()
        .map(|c| c.name.clone())
        .collect();
    (!categories.is_empty()).then(|| {
        Field::new(
            "category",
            "field.category",
            FieldKind::Choice(categories),
            "",
        )
    })
}

/// The form to log a reply or call on case `case_id`: the activity form
/// with an outgoing e-mail preselected (it counts as the first response).
pub fn case_log_form(
    case_id: i64,
    links: super::ActivityLinks,
    ctx: &FormContext<'_>,
    local_time: NaiveTime,
) -> Form {
    let mut form = activity_form(links, ctx, local_time);
    form.title = "form.log_reply";
    if let Some(kind) = form.fields.iter_mut().find(|f| f.name == "kind") {
        kind.input.set(ActivityKind::Email.as_str());
    }
    if let Base::Activity(data) = form.base {
        form.base = Base::CaseLog(case_id, data);
    }
    form
}

/// The form to close case `id` (version seen) with a 1–5 score and the
/// customer's comment, both optional.
pub fn close_case_form(id: i64, version: i64) -> Form {
    let scores = (1..=5).map(|n: u8| n.to_string()).collect();
    Form {
        title: "form.close_case",
        fields: vec![
            Field::new("score", "field.score", FieldKind::Choice(scores), ""),
            Field::new("comment", "field.comment", FieldKind::Text, ""),
        ],
        focus: 0,
        target: Some((id, version)),
        base: Base::CaseClose(id),
        notice: None,
    }
}

pub(super) fn to_change(
    form: &mut Form,
    mut data: CaseData,
    from_activity: Option<i64>,
    ctx: &FormContext<'_>,
) -> Option<Change> {
    let loc = ctx.locale;
    data.subject = form.text("subject").unwrap_or_default();
    data.description = form.text("description");
    data.person_id = form.text("person").and(form.id("person"));
    data.company_id = form.text("company").and(form.id("company"));
    if form.text("company").is_some() && data.company_id.is_none() {
        form.fail("company", loc.tf("form.error.pick_company", &[]));
    }
    if let Some(text) = form.text("channel") {
        match CaseChannel::from_keyword(&text) {
            Some(channel) => data.channel = channel,
            None => form.fail(
                "channel",
                loc.tf("form.error.pick_channel", &[("text", &text)]),
            ),
        }
    }
    if let Some(text) = form.text("priority") {
        match CasePriority::from_keyword(&text) {
            Some(priority) => data.priority = priority,
            None => form.fail(
                "priority",
                loc.tf("form.error.pick_priority", &[("text", &text)]),
            ),
        }
    }
    data.category = form.text("category");
    data.assignee = form.text("assignee");
    if let Err(error) = data.clone().check() {
        form.fail("subject", ctx.locale.input_error(&error));
    }
    Some(Change::Case(Box::new(CaseChange::Add {
        data: Box::new(data),
        from_activity,
    })))
}

pub(super) fn log_to_change(
    form: &mut Form,
    case_id: i64,
    data: ActivityData,
    ctx: &FormContext<'_>,
) -> Option<Change> {
    match super::activity::to_change(form, data, ctx)? {
        Change::Activity { data, .. } => {
            Some(Change::Case(Box::new(CaseChange::Log { case_id, data })))
        }
        _ => None,
    }
}

pub(super) fn close_to_change(form: &mut Form, id: i64, ctx: &FormContext<'_>) -> Option<Change> {
    let score = match form.text("score") {
        None => None,
        Some(text) => {
            let ascii: String = text
                .chars()
                .map(|c| crate::text::digits::to_ascii(c).unwrap_or(c))
                .collect();
            match ascii.parse::<u8>() {
                Ok(n) if crate::model::case::check_satisfaction(n).is_ok() => Some(n),
                _ => {
                    form.fail("score", ctx.locale.tf("form.error.score", &[]));
                    None
                }
            }
        }
    };
    let comment = form.text("comment");
    if comment.is_some() && score.is_none() && !form.has_errors() {
        form.fail(
            "score",
            ctx.locale.tf("form.error.comment_needs_score", &[]),
        );
    }
    Some(Change::Case(Box::new(CaseChange::Close {
        id,
        version: form.target.map(|(_, v)| v),
        score,
        comment,
    })))
}
