//! The task form.

use super::{Base, Field, FieldKind, Form, FormContext};
use crate::calendar::recurrence::Recurrence;
use crate::model::task::Priority;
use crate::model::{Task, TaskData};
use crate::tui::change::Change;

/// What a new task is linked to (the page it was added on).
#[derive(Debug, Clone, Copy, Default)]
pub struct TaskLinks {
    /// Person id.
    pub person: Option<i64>,
    /// Company id.
    pub company: Option<i64>,
    /// Deal id.
    pub deal: Option<i64>,
}

const PRIORITIES: [&str; 3] = ["low", "normal", "high"];

/// A form to add a task (`None`) or edit one. New tasks are due today.
pub fn task_form(
    existing: Option<&Task>,
    links: TaskLinks,
    user: &str,
    today: chrono::NaiveDate,
) -> Form {
    let data = existing
        .map(|t| t.data.clone())
        .unwrap_or_else(|| TaskData {
            due_date: Some(today),
            person_id: links.person,
            company_id: links.company,
            deal_id: links.deal,
            owner: Some(user.to_owned()),
            ..TaskData::default()
        });
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    Form {
        title: if existing.is_some() {
            "form.edit_task"
        } else {
            "form.add_task"
        },
        fields: vec![
            Field::new("title", "field.task_title", FieldKind::Text, &data.title).required(),
            Field::new(
                "due_date",
                "field.due_date",
                FieldKind::Date,
                &data.due_date.map(|d| d.to_string()).unwrap_or_default(),
            ),
            Field::new(
                "due_time",
                "field.due_time",
                FieldKind::Time,
                &data
                    .due_time
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default(),
            ),
            Field::new(
                "priority",
                "field.priority",
                FieldKind::Choice(PRIORITIES.map(str::to_owned).to_vec()),
                data.priority.as_str(),
            ),
            Field::new("owner", "field.owner", FieldKind::Owner, &text(&data.owner)),
            Field::new("notes", "field.notes", FieldKind::Text, &text(&data.notes)),
            Field::new(
                "repeat",
                "field.repeat",
                FieldKind::Text,
                &text(&data.repeat),
            ),
        ]
        .into_iter()
        .chain(scope_field(existing))
        .collect(),
        focus: 0,
        target: existing.map(|t| (t.id, t.version)),
        base: Base::Task(Box::new(data)),
        notice: None,
    }
}

/// On an open repeating task: whether the edit is for this occurrence only
/// or for the series ("this one or all"), the series by default.
fn scope_field(existing: Option<&Task>) -> Option<Field> {
    existing.filter(|t| t.data.repeat.is_some() && t.done_at.is_none())?;
    Some(Field::new(
        "scope",
        "field.repeat_scope",
        FieldKind::Choice(SCOPES.map(str::to_owned).to_vec()),
        "all",
    ))
}

const SCOPES: [&str; 2] = ["all", "this"];

pub(super) fn to_change(
    form: &mut Form,
    mut data: TaskData,
    ctx: &FormContext<'_>,
) -> Option<Change> {
    data.title = form.text("title").unwrap_or_default();
    data.due_date = form.date("due_date", ctx);
    data.due_time = form.time("due_time", ctx);
    data.priority = match form.text("priority") {
        None => Priority::Normal,
        Some(text) => match Priority::parse(&text) {
            Ok(p) => p,
            Err(error) => {
                form.fail("priority", ctx.locale.input_error(&error));
                Priority::Normal
            }
        },
    };
    data.owner = form.text("owner");
    data.notes = form.text("notes");
    data.repeat = form
        .text("repeat")
        .filter(|rule| !rule.trim().eq_ignore_ascii_case("none"));
    if let Some(rule) = &data.repeat
        && let Err(message) = Recurrence::parse(rule, ctx.config.display.calendar)
    {
        form.fail("repeat", message);
    }
    let only_this = form.text("scope").as_deref() == Some("this");
    Some(Change::Task {
        target: form.change_target(),
        original: None,
        data: Box::new(data),
        only_this,
    })
}
