//! The activity form: log a call, e-mail, meeting, SMS, note or complaint.

use chrono::{FixedOffset, NaiveTime, Timelike};

use super::{Base, Field, FieldKind, Form, FormContext};
use crate::model::{Activity, ActivityData, ActivityKind};
use crate::tui::change::Change;

/// What a new activity is linked to.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityLinks {
    /// Person id.
    pub person: Option<i64>,
    /// Company id.
    pub company: Option<i64>,
    /// Deal id.
    pub deal: Option<i64>,
}

/// A short form to log an activity now (date and time prefilled).
pub fn activity_form(links: ActivityLinks, ctx: &FormContext<'_>, local_time: NaiveTime) -> Form {
    let data = ActivityData {
        kind: ActivityKind::OutgoingCall,
        subject: String::new(),
        body: None,
        occurred_at: ctx.now,
        author: ctx.user.to_owned(),
        person_id: links.person,
        company_id: links.company,
        deal_id: links.deal,
    };
    let kinds = ActivityKind::ALL
        .iter()
        .map(|k| k.as_str().to_owned())
        .collect();
    Form {
        title: "form.log_activity",
        fields: vec![
            Field::new(
                "kind",
                "field.kind",
                FieldKind::Choice(kinds),
                data.kind.as_str(),
            )
            .required(),
            Field::new("subject", "field.subject", FieldKind::Text, "").required(),
            Field::new("body", "field.body", FieldKind::Text, ""),
            Field::new("date", "field.date", FieldKind::Date, "today"),
            Field::new(
                "time",
                "field.time",
                FieldKind::Time,
                &format!("{:02}:{:02}", local_time.hour(), local_time.minute()),
            ),
        ],
        focus: 1,
        target: None,
        base: Base::Activity(Box::new(data)),
        notice: None,
    }
}

/// The form to fix a logged activity (its time shown in the user's zone).
pub fn activity_edit_form(activity: &Activity, offset: FixedOffset) -> Form {
    let data = activity.data.clone();
    let local = data.occurred_at.with_timezone(&offset);
    let kinds = ActivityKind::ALL
        .iter()
        .map(|k| k.as_str().to_owned())
        .collect();
    Form {
        title: "form.edit_activity",
        fields: vec![
            Field::new(
                "kind",
                "field.kind",
                FieldKind::Choice(kinds),
                data.kind.as_str(),
            )
            .required(),
            Field::new("subject", "field.subject", FieldKind::Text, &data.subject).required(),
            Field::new(
                "body",
                "field.body",
                FieldKind::Text,
                data.body.as_deref().unwrap_or_default(),
            ),
            Field::new(
                "date",
                "field.date",
                FieldKind::Date,
                &local.date_naive().format("%Y-%m-%d").to_string(),
            ),
            Field::new(
                "time",
                "field.time",
                FieldKind::Time,
                &format!("{:02}:{:02}", local.hour(), local.minute()),
            ),
        ],
        focus: 1,
        target: Some((activity.id, activity.version)),
        base: Base::Activity(Box::new(data)),
        notice: None,
    }
}

pub(super) fn to_change(
    form: &mut Form,
    mut data: ActivityData,
    ctx: &FormContext<'_>,
) -> Option<Change> {
    match form.text("kind").map(|k| ActivityKind::parse(&k)) {
        Some(Ok(kind)) => data.kind = kind,
        Some(Err(message)) => form.fail("kind", message),
        None => {}
    }
    data.subject = form.text("subject").unwrap_or_default();
    data.body = form.text("body");
    let date = form.date("date", ctx);
    let time = form.time("time", ctx);
    if let (Some(date), Some(time)) = (date, time) {
        let at = (ctx.local_to_utc)(date, time);
        // The form shows minutes: an untouched time keeps its seconds, so
        // an edit of the notes does not also rewrite when it happened.
        let minute = "%Y-%m-%dT%H:%M";
        if at.format(minute).to_string() != data.occurred_at.format(minute).to_string() {
            data.occurred_at = at;
        }
    }
    Some(Change::Activity {
        target: form.change_target(),
        original: None,
        data: Box::new(data),
    })
}
