//! Rules (`[[rules]]`, docs/automation.md) run by the store: an event
//! (a deal entering a stage, a case opened, a missed call, or a time
//! trigger found by `kariz remind`) is matched against the config's rules;
//! each matching rule first claims its run in `rule_runs` — UNIQUE (rule,
//! event key), so a second process or a second `remind` finds it taken and
//! does nothing — then runs its actions in the same transaction under the
//! actor `rule:NAME`. A failing action rolls back to a savepoint and is
//! recorded in the run's outcome: a rule never blocks the change that
//! fired it.

use super::db;
use super::db::{OptionalExtension, params};
use super::{Store, Writer, codec};
use crate::config::FieldEntity;
use crate::config::rules::{Rule, RuleAction, TaskOwner, Trigger, fill};
use crate::error::{Error, Result};
use crate::model::{Entity, NotificationData, Priority, TaskData};
use chrono::{DateTime, Days, Utc};
use serde::Serialize;

/// The record an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum Subject {
    /// A deal.
    Deal(i64),
    /// A person.
    Person(i64),
    /// A support case.
    Case(i64),
    /// A call.
    Call(i64),
}

/// Something that happened, as rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleEvent {
    /// Identifies the event: a rule runs once per key.
    pub key: String,
    /// What it is about.
    pub subject: Subject,
    /// The record's owner (a deal's owner, a case's assignee…).
    pub owner: Option<String>,
    /// The person a created task links to.
    pub person_id: Option<i64>,
    /// The company a created task links to.
    pub company_id: Option<i64>,
    /// The deal a created task links to.
    pub deal_id: Option<i64>,
    /// `{name}`, `{title}`, `{stage}` for templates.
    pub values: Vec<(String, String)>,
}

/// What one rule did for one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleRun {
    /// The rule's name.
    pub rule: String,
    /// The event's key.
    pub event_key: String,
    /// One line per action: what it did, or why it did nothing.
    pub done: Vec<String>,
}

impl RuleEvent {
    fn filled(&self, rule: &Rule, template: &str) -> String {
        let mut values: Vec<(&str, &str)> = self
            .values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        values.push(("rule", rule.name.as_str()));
        fill(template, &values)
    }
}

impl Writer<'_> {
    /// Runs every rule whose trigger `fires` for `event`, once per rule and
    /// event; returns what the rules that ran now did. Inside a rule's
    /// actions no further rules fire.
    pub fn run_rules(
        &mut self,
        fires: &dyn Fn(&Trigger) -> bool,
        event: &RuleEvent,
    ) -> Result<Vec<RuleRun>> {
        if self.rule_actor.is_some() {
            return Ok(Vec::new());
        }
        let config = self.config;
        let mut runs = Vec::new();
        for rule in config.rules.iter().filter(|r| fires(&r.trigger)) {
            let claimed = self
                .conn()
                .prepare_cached(
                    "INSERT INTO rule_runs (rule, event_key, at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (rule, event_key) DO NOTHING",
                )?
                .execute(params![rule.name, event.key, codec::ts(self.now)])?;
            if claimed == 0 {
                continue;
            }
            self.rule_actor = Some(rule.actor());
            let done = self.run_actions(rule, event);
            self.rule_actor = None;
            let done = done?;
            self.conn().execute(
                "UPDATE rule_runs SET outcome = ?1 WHERE rule = ?2 AND event_key = ?3",
                params![done.join("\n"), rule.name, event.key],
            )?;
            runs.push(RuleRun {
                rule: rule.name.clone(),
                event_key: event.key.clone(),
                done,
            });
        }
        Ok(runs)
    }

    fn run_actions(&mut self, rule: &Rule, event: &RuleEvent) -> Result<Vec<String>> {
        let mut done = Vec::new();
        for (i, action) in rule.actions.iter().enumerate() {
            self.conn().execute_batch("SAVEPOINT rule_action")?;
            match self.run_action(rule, i, action, event) {
                Ok(line) => {
                    self.conn().execute_batch("RELEASE rule_action")?;
                    done.push(line);
                }
                Err(e) => {
                    self.conn()
                        .execute_batch("ROLLBACK TO rule_action; RELEASE rule_action")?;
                    done.push(format!("failed: {e}"));
                }
            }
        }
        Ok(done)
    }

    fn run_action(
        &mut self,
        rule: &Rule,
        index: usize,
        action: &RuleAction,
        event: &RuleEvent,
    ) -> Result<String> {
        match action {
            RuleAction::CreateTask {
                title,
                due_days,
                owner,
            } => {
                let owner = match owner {
                    TaskOwner::RecordOwner => event.owner.clone(),
                    TaskOwner::Login(login) => Some(login.clone()),
                };
                let id = self.add_task(TaskData {
                    title: event.filled(rule, title),
                    due_date: self
                        .team_today()
                        .checked_add_days(Days::new(u64::from(*due_days))),
                    priority: Priority::Normal,
                    person_id: event.person_id,
                    company_id: event.company_id,
                    deal_id: event.deal_id,
                    owner,
                    ..TaskData::default()
                })?;
                Ok(format!("created task {id}"))
            }
            RuleAction::AddTag { tag } => {
                let (entity, id) = self.tag_target(event)?;
                self.change_tags(entity, id, std::slice::from_ref(tag), &[])?;
                Ok(format!("tagged {entity} {id} {tag:?}"))
            }
            RuleAction::SetField { field, value } => self.set_field(event, field, value),
            RuleAction::NotifyOwner { text } => {
                let Some(login) = event.owner.clone() else {
                    return Ok("no owner to notify".into());
                };
                let id = self.notify(NotificationData {
                    login: login.clone(),
                    key: format!("rule:{}:{}:{index}", rule.name, event.key),
                    text: event.filled(rule, text),
                })?;
                Ok(match id {
                    Some(_) => format!("notified {login}"),
                    None => format!("{login} was notified before"),
                })
            }
            RuleAction::SendMessage { template, channel } => {
                self.queue_rule_message(rule, index, event, template, *channel)
            }
        }
    }

    /// Queues a rule's message for `kariz remind` to send: no network I/O
    /// inside the write transaction.
    fn queue_rule_message(
        &mut self,
        rule: &Rule,
        index: usize,
        event: &RuleEvent,
        template: &str,
        channel: crate::model::Channel,
    ) -> Result<String> {
        let Some(person_id) = event.person_id else {
            return Ok(format!("no person to send {template:?} to"));
        };
        let queued = self.queue_message(&super::QueuedMessage {
            person_id,
            channel,
            template: template.to_owned(),
            language: Some(self.config.display.language.as_str().to_owned()),
            rule: rule.name.clone(),
            event_key: event.key.clone(),
            action: index,
        })?;
        Ok(match queued {
            Some(id) => format!(
                "queued {template:?} by {} to person {person_id} (outbox {id})",
                channel.as_str()
            ),
            None => format!("{template:?} was queued for this event before"),
        })
    }

    fn tag_target(&self, event: &RuleEvent) -> Result<(Entity, i64)> {
        match (event.subject, event.person_id) {
            (Subject::Deal(id), _) => Ok((Entity::Deal, id)),
            (Subject::Case(id), _) => Ok((Entity::Case, id)),
            (Subject::Person(id), _) | (Subject::Call(_), Some(id)) => Ok((Entity::Person, id)),
            (Subject::Call(_), None) => Err(Error::invalid(
                "the call's number belongs to no person, so there is nothing to tag",
            )),
        }
    }

    fn set_field(&mut self, event: &RuleEvent, field: &str, value: &str) -> Result<String> {
        let target = match (event.subject, event.person_id) {
            (Subject::Deal(id), _) => (FieldEntity::Deal, id),
            (_, Some(id)) => (FieldEntity::Person, id),
            _ => return Ok(format!("no deal or person to set {field} on")),
        };
        let Some(declared) = self.config.custom_field(target.0, field) else {
            return Ok(format!("{field} is not a field of this record"));
        };
        let parsed = declared.validate_value(value).map_err(Error::Invalid)?;
        match target {
            (FieldEntity::Deal, id) => {
                self.hold(Entity::Deal, id)?;
                let deal = self.deal(id)?;
                let mut data = deal.data.clone();
                data.custom.insert(field.to_owned(), parsed);
                self.update_deal(id, deal.version, data)?;
                Ok(format!("set {field} of deal {id}"))
            }
            (_, id) => {
                self.hold(Entity::Person, id)?;
                let person = self.person(id)?;
                let mut data = person.data.clone();
                data.custom.insert(field.to_owned(), parsed);
                self.update_person(id, person.version, data)?;
                Ok(format!("set {field} of person {id}"))
            }
        }
    }

    /// Fires the rules of a deal entering a stage (on creation or a move);
    /// `move_id` is its stage-history row, which names the event.
    pub(super) fn deal_entered(&mut self, deal_id: i64, move_id: i64) -> Result<()> {
        if self.config.rules.is_empty() {
            return Ok(());
        }
        let deal = self.deal(deal_id)?;
        let d = &deal.data;
        let name = match d.person_id {
            Some(p) => self.person(p)?.data.name,
            None => d.title.clone(),
        };
        let kind = self
            .config
            .pipeline(&d.pipeline)
            .and_then(|p| p.stage(&d.stage))
            .map(|s| s.kind);
        let event = RuleEvent {
            key: format!("deal:{deal_id}:move:{move_id}"),
            subject: Subject::Deal(deal_id),
            owner: d.owner.clone(),
            person_id: d.person_id,
            company_id: d.company_id,
            deal_id: Some(deal_id),
            values: vec![
                ("name".into(), name),
                ("title".into(), d.title.clone()),
                ("stage".into(), d.stage.clone()),
            ],
        };
        let (stage, pipeline) = (d.stage.clone(), d.pipeline.clone());
        let fires = move |t: &Trigger| match t {
            Trigger::StageEntered {
                stage: s,
                pipeline: p,
            } => *s == stage && p.as_ref().is_none_or(|p| *p == pipeline),
            Trigger::DealWon => kind == Some(crate::vocab::StageKind::Won),
            Trigger::DealLost => kind == Some(crate::vocab::StageKind::Lost),
            _ => false,
        };
        self.run_rules(&fires, &event).map(|_| ())
    }

    /// Fires the rules of a new case.
    pub(super) fn case_created(&mut self, case_id: i64) -> Result<()> {
        if self.config.rules.is_empty() {
            return Ok(());
        }
        let case = self.case(case_id)?;
        let event = case_event(self, &case, format!("case:{case_id}:created"))?;
        self.run_rules(&|t| *t == Trigger::CaseCreated, &event)
            .map(|_| ())
    }

    /// Fires the rules of a missed call.
    pub(super) fn call_missed(
        &mut self,
        call_id: i64,
        data: &crate::model::CallData,
    ) -> Result<()> {
        if self.config.rules.is_empty() {
            return Ok(());
        }
        let (owner, name) = match data.person_id {
            Some(p) => {
                let person = self.person(p)?;
                (person.data.owner, person.data.name)
            }
            None => (None, data.number.clone()),
        };
        let event = RuleEvent {
            key: format!("call:{call_id}:missed"),
            subject: Subject::Call(call_id),
            owner: data.agent.clone().or(owner),
            person_id: data.person_id,
            company_id: data.company_id,
            deal_id: None,
            values: vec![
                ("name".into(), name),
                ("title".into(), data.number.clone()),
                ("stage".into(), String::new()),
            ],
        };
        self.run_rules(&|t| *t == Trigger::MissedCall, &event)
            .map(|_| ())
    }
}

/// The event of a case (created, or breaching its SLA).
pub fn case_event(w: &Writer<'_>, case: &crate::model::Case, key: String) -> Result<RuleEvent> {
    let name = match case.data.person_id {
        Some(p) => w.person(p)?.data.name,
        None => case.data.subject.clone(),
    };
    Ok(RuleEvent {
        key,
        subject: Subject::Case(case.id),
        owner: case.data.assignee.clone(),
        person_id: case.data.person_id,
        company_id: case.data.company_id,
        deal_id: case.data.deal_id,
        values: vec![
            ("name".into(), name),
            ("title".into(), case.data.subject.clone()),
            ("stage".into(), case.data.status.clone()),
        ],
    })
}

/// A rule's run as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredRun {
    /// The rule.
    pub rule: String,
    /// The event.
    pub event_key: String,
    /// When it ran.
    pub at: DateTime<Utc>,
    /// What it did, one line per action.
    pub outcome: String,
}

impl Store {
    /// Whether `rule` ran for the event `key`.
    pub fn rule_ran(&self, rule: &str, key: &str) -> Result<bool> {
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM rule_runs WHERE rule = ?1 AND event_key = ?2",
                params![rule, key],
                |r| r.get(0),
            )
            .optional()?;
        Ok(found.is_some())
    }

    /// Rule runs at or after `since`, oldest first.
    pub fn rule_runs_since(&self, since: DateTime<Utc>) -> Result<Vec<StoredRun>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rule, event_key, at, outcome FROM rule_runs WHERE at >= ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([codec::ts(since)], |r| {
            Ok(StoredRun {
                rule: r.get(0)?,
                event_key: r.get(1)?,
                at: codec::get_ts(r, 2)?,
                outcome: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<db::Result<Vec<_>>>()?)
    }
}

impl Store {
    /// Open deals with the last time they were touched (moved into their
    /// stage, or an activity logged on them), for idle-deal rules.
    pub fn open_deals_last_touched(&self) -> Result<Vec<(i64, DateTime<Utc>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, max(d.stage_entered_at,
                    coalesce((SELECT max(a.occurred_at) FROM activities a WHERE a.deal_id = d.id),
                             d.stage_entered_at))
             FROM deals d WHERE d.status = 'open' ORDER BY d.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, codec::get_ts(r, 1)?)))?;
        Ok(rows.collect::<db::Result<Vec<_>>>()?)
    }
}

/// A stage move from the history, for replaying rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoveEvent {
    /// The stage-history row (names the event).
    pub move_id: i64,
    /// The deal.
    pub deal_id: i64,
    /// The stage entered.
    pub stage: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl Store {
    /// Stage moves (and deals created in a stage) at or after `since`.
    pub fn stage_moves_since(&self, since: DateTime<Utc>) -> Result<Vec<MoveEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, deal_id, to_stage, at FROM deal_stage_history WHERE at >= ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([codec::ts(since)], |r| {
            Ok(MoveEvent {
                move_id: r.get(0)?,
                deal_id: r.get(1)?,
                stage: r.get(2)?,
                at: codec::get_ts(r, 3)?,
            })
        })?;
        Ok(rows.collect::<db::Result<Vec<_>>>()?)
    }
}
