//! `[[rules]]`: what kariz does by itself when something happens
//! (docs/automation.md), as validated types. The store runs event rules in
//! the transaction of the change that fired them; `kariz remind` runs the
//! time rules.

use serde::Serialize;

/// One `[[rules]]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Unique name; the change log records its actions as `rule:NAME`.
    pub name: String,
    /// What fires it.
    pub trigger: Trigger,
    /// What it does, in order.
    pub actions: Vec<RuleAction>,
}

impl Rule {
    /// The actor its actions are change-logged under.
    #[must_use]
    pub fn actor(&self) -> String {
        format!("rule:{}", self.name)
    }
}

/// What fires a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum Trigger {
    /// A deal enters `stage` (of `pipeline`, or of any pipeline).
    StageEntered {
        /// The stage's name.
        stage: String,
        /// Only deals of this pipeline.
        pipeline: Option<String>,
    },
    /// A deal is won.
    DealWon,
    /// A deal is lost.
    DealLost,
    /// A missed call is logged (`kariz call missed`).
    MissedCall,
    /// A support case is opened.
    CaseCreated,
    /// A case breaches its first-response or resolution target (time rule).
    SlaBreached,
    /// A person's birthday comes round in the configured calendar (time rule).
    Birthday,
    /// An open deal had no activity and no move for `days` days (time rule).
    DealIdle {
        /// Days without activity.
        days: u32,
    },
}

impl Trigger {
    /// Whether `kariz remind` runs it (else a change does).
    #[must_use]
    pub fn is_time(&self) -> bool {
        matches!(
            self,
            Trigger::SlaBreached | Trigger::Birthday | Trigger::DealIdle { .. }
        )
    }

    /// The `on` keyword.
    #[must_use]
    pub fn keyword(&self) -> &'static str {
        match self {
            Trigger::StageEntered { .. } => "stage_entered",
            Trigger::DealWon => "deal_won",
            Trigger::DealLost => "deal_lost",
            Trigger::MissedCall => "missed_call",
            Trigger::CaseCreated => "case_created",
            Trigger::SlaBreached => "sla_breached",
            Trigger::Birthday => "birthday",
            Trigger::DealIdle { .. } => "deal_idle",
        }
    }
}

/// Every `on` keyword, for messages.
pub const TRIGGERS: [&str; 8] = [
    "stage_entered",
    "deal_won",
    "deal_lost",
    "missed_call",
    "case_created",
    "sla_breached",
    "birthday",
    "deal_idle",
];

/// Every `do` keyword, for messages.
pub const ACTIONS: [&str; 5] = [
    "create_task",
    "add_tag",
    "set_field",
    "notify_owner",
    "send_message",
];

/// Who a created task is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskOwner {
    /// The owner of the record that fired the rule.
    RecordOwner,
    /// This login.
    Login(String),
}

/// One action of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum RuleAction {
    /// Creates a task linked to the record.
    CreateTask {
        /// Title, with `{name}`, `{title}`, `{stage}`, `{rule}` filled in.
        title: String,
        /// Days after the event the task is due.
        due_days: u32,
        /// Whose task it is.
        owner: TaskOwner,
    },
    /// Adds a tag to the record (deal, person, or the case).
    AddTag {
        /// The tag.
        tag: String,
    },
    /// Sets a custom field of the record (deal or person).
    SetField {
        /// The field's name.
        field: String,
        /// The value as typed.
        value: String,
    },
    /// A notification to the record's owner, shown in their open kariz.
    NotifyOwner {
        /// Text, with the placeholders of `CreateTask`.
        text: String,
    },
    /// Sends a message from a template to the event's person: queued in
    /// the change's transaction (`message_outbox`), sent by `kariz remind`
    /// outside any transaction.
    SendMessage {
        /// The template's name.
        template: String,
        /// E-mail or SMS (`channel = "sms"` when not given).
        channel: crate::model::Channel,
    },
}

/// Fills `{name}`, `{title}`, `{stage}` and `{rule}` in a rule's text.
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

impl Trigger {
    /// The trigger in words, for `kariz rules check`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Trigger::StageEntered { stage, pipeline } => match pipeline {
                Some(p) => format!("when a deal of pipeline {p:?} enters stage {stage:?}"),
                None => format!("when a deal enters stage {stage:?}"),
            },
            Trigger::DealWon => "when a deal is won".into(),
            Trigger::DealLost => "when a deal is lost".into(),
            Trigger::MissedCall => "when a missed call is logged".into(),
            Trigger::CaseCreated => "when a support case is opened".into(),
            Trigger::SlaBreached => "when a case breaches its SLA (checked by kariz remind)".into(),
            Trigger::Birthday => "on a person's birthday (checked by kariz remind)".into(),
            Trigger::DealIdle { days } => format!(
                "when an open deal has had no activity for {days} days (checked by kariz remind)"
            ),
        }
    }
}

impl RuleAction {
    /// The action in words, for `kariz rules check` and `rules test`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            RuleAction::CreateTask {
                title,
                due_days,
                owner,
            } => {
                let who = match owner {
                    TaskOwner::RecordOwner => "the record's owner".to_owned(),
                    TaskOwner::Login(l) => l.clone(),
                };
                let due = match due_days {
                    0 => "the same day".to_owned(),
                    1 => "the next day".to_owned(),
                    n => format!("{n} days later"),
                };
                format!("create a task {title:?} for {who}, due {due}")
            }
            RuleAction::AddTag { tag } => format!("add the tag {tag:?}"),
            RuleAction::SetField { field, value } => format!("set {field} to {value:?}"),
            RuleAction::NotifyOwner { text } => format!("notify the owner: {text:?}"),
            RuleAction::SendMessage { template, channel } => format!(
                "send the message template {template:?} by {} to the record's person (queued; `kariz remind` sends it)",
                channel.as_str()
            ),
        }
    }
}
