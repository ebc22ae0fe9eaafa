//! Reminders and time rules (docs/automation.md): what `kariz remind`
//! delivers — tasks whose reminder time has come, today's birthdays
//! (in the configured calendar), breached support cases — and the events
//! of the time-triggered rules (birthday, SLA breached, idle deal); and
//! `kariz agenda`'s day. Delivery is once per key (the notifications' and
//! rule runs' UNIQUE keys), whichever `remind` run gets there first.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use crate::clock::Clock;
use crate::config::rules::{RuleAction, Trigger};
use crate::desk::{self, QueueFilter, QueueItem};
use crate::error::Result;
use crate::locale::Locale;
use crate::messages::Settings;
use crate::model::{Notification, NotificationData, Person, Task};
use crate::sla::SlaState;
use crate::store::rules::{RuleEvent, RuleRun, Subject};
use crate::store::{Store, TaskFilter, TaskWindow};

/// A time trigger's event, with what fires it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeEvent {
    /// `birthday`, `sla_breached` or `deal_idle`.
    pub on: &'static str,
    /// Days idle, for `deal_idle`.
    pub idle_days: Option<u32>,
    /// The event.
    pub event: RuleEvent,
}

impl TimeEvent {
    /// Whether `trigger` fires for this event.
    #[must_use]
    pub fn fires(&self, trigger: &Trigger) -> bool {
        match trigger {
            Trigger::DealIdle { days } => {
                self.on == "deal_idle" && self.idle_days.is_some_and(|d| d >= *days)
            }
            other => other.is_time() && other.keyword() == self.on,
        }
    }
}

/// What a `remind` run would deliver.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// Notifications (each delivered once by its key).
    pub reminders: Vec<NotificationData>,
    /// Time-rule events.
    pub events: Vec<TimeEvent>,
}

/// What a `remind` run delivered now (not what earlier runs did).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Delivered {
    /// New notifications.
    pub notifications: Vec<Notification>,
    /// Rules that ran.
    pub rules: Vec<RuleRun>,
}

/// Gathers what is due at the clock's now.
pub fn plan(store: &Store, clock: &Clock, locale: &Locale) -> Result<Plan> {
    let now = clock.now_utc();
    let today = clock.today();
    let mut plan = Plan::default();
    for task in due_tasks(store, clock)? {
        plan.reminders.push(task_reminder(&task, clock, locale));
    }
    for person in store.birthdays_on(today)? {
        if let Some(owner) = &person.data.owner {
            plan.reminders.push(NotificationData {
                login: owner.clone(),
                key: format!("birthday:{}:{today}", person.id),
                text: locale.tf_sentence("remind.birthday", &[("name", &person.data.name)]),
            });
        }
        plan.events.push(birthday_event(&person, today));
    }
    for item in breached(store, now)? {
        if let Some(login) = &item.case.data.assignee {
            plan.reminders.push(NotificationData {
                login: login.clone(),
                key: format!("case:{}:breached", item.case.id),
                text: locale.tf_sentence(
                    "remind.case_breached",
                    &[
                        ("number", &item.case.number.to_string()),
                        ("subject", &item.case.data.subject),
                    ],
                ),
            });
        }
        plan.events.extend(breach_events(store, &item)?);
    }
    if store
        .config()
        .rules
        .iter()
        .any(|r| matches!(r.trigger, Trigger::DealIdle { .. }))
    {
        plan.events.extend(idle_events(store, now)?);
    }
    Ok(plan)
}

/// Writes the plan in one transaction: each notification and rule run
/// once. Returns what was new.
pub fn deliver(store: &mut Store, now: DateTime<Utc>, plan: &Plan) -> Result<Delivered> {
    let (ids, rules) = store.write(now, |w| {
        let mut ids = Vec::new();
        for reminder in &plan.reminders {
            if let Some(id) = w.notify(reminder.clone())? {
                ids.push(id);
            }
        }
        let mut rules = Vec::new();
        for event in &plan.events {
            rules.extend(w.run_rules(&|t| event.fires(t), &event.event)?);
        }
        Ok((ids, rules))
    })?;
    let since = store.notifications_since(now)?;
    let notifications = since.into_iter().filter(|n| ids.contains(&n.id)).collect();
    Ok(Delivered {
        notifications,
        rules,
    })
}

/// When a task is due (its time, or the start of its day).
fn due_at(task: &Task, clock: &Clock) -> Option<DateTime<Utc>> {
    let date = task.data.due_date?;
    Some(clock.local_to_utc(date, task.data.due_time.unwrap_or(NaiveTime::MIN)))
}

/// Open tasks with an owner whose reminder time has come, due yesterday
/// or later (older ones were reminded of then, or are long overdue).
fn due_tasks(store: &Store, clock: &Clock) -> Result<Vec<Task>> {
    let now = clock.now_utc();
    let yesterday = clock.today().checked_sub_days(Days::new(1));
    let tasks = store.tasks(&TaskFilter {
        window: TaskWindow::Open,
        today: clock.today(),
        ..TaskFilter::default()
    })?;
    Ok(tasks
        .into_iter()
        .filter(|t| t.data.owner.is_some())
        .filter(|t| t.data.due_date >= yesterday)
        .filter(|t| {
            due_at(t, clock).is_some_and(|due| {
                let before = chrono::Duration::minutes(i64::from(t.data.remind.unwrap_or(0)));
                due - before <= now
            })
        })
        .collect())
}

fn task_reminder(task: &Task, clock: &Clock, locale: &Locale) -> NotificationData {
    let date = task.data.due_date.unwrap_or(NaiveDate::MIN);
    let when = locale.date_and_time(date, task.data.due_time);
    let at = due_at(task, clock)
        .map(|d| d.timestamp())
        .unwrap_or_default();
    NotificationData {
        login: task.data.owner.clone().unwrap_or_default(),
        key: format!(
            "task:{}:{at}:{}",
            task.id,
            task.data.remind.unwrap_or_default()
        ),
        text: locale.tf_sentence(
            "remind.task",
            &[("when", &when), ("title", &task.data.title)],
        ),
    }
}

fn birthday_event(person: &Person, today: NaiveDate) -> TimeEvent {
    TimeEvent {
        on: "birthday",
        idle_days: None,
        event: RuleEvent {
            key: format!("person:{}:birthday:{today}", person.id),
            subject: Subject::Person(person.id),
            owner: person.data.owner.clone(),
            person_id: Some(person.id),
            company_id: person.data.company_id,
            deal_id: None,
            values: vec![
                ("name".into(), person.data.name.clone()),
                ("title".into(), person.data.name.clone()),
                ("stage".into(), String::new()),
            ],
        },
    }
}

fn breached(store: &Store, now: DateTime<Utc>) -> Result<Vec<QueueItem>> {
    desk::queue(
        store,
        &QueueFilter {
            breached: true,
            ..QueueFilter::default()
        },
        now,
    )
}

fn breach_events(store: &Store, item: &QueueItem) -> Result<Vec<TimeEvent>> {
    let case = &item.case;
    let name = match case.data.person_id {
        Some(p) => store.person(p)?.data.name,
        None => case.data.subject.clone(),
    };
    let clocks = [
        ("first_response", item.sla.first_response),
        ("resolution", item.sla.resolution),
    ];
    Ok(clocks
        .into_iter()
        .filter(|(_, c)| c.is_open() && c.state == SlaState::Breached)
        .map(|(which, _)| TimeEvent {
            on: "sla_breached",
            idle_days: None,
            event: RuleEvent {
                key: format!("case:{}:breach:{which}", case.id),
                subject: Subject::Case(case.id),
                owner: case.data.assignee.clone(),
                person_id: case.data.person_id,
                company_id: case.data.company_id,
                deal_id: case.data.deal_id,
                values: vec![
                    ("name".into(), name.clone()),
                    ("title".into(), case.data.subject.clone()),
                    ("stage".into(), case.data.status.clone()),
                ],
            },
        })
        .collect())
}

fn idle_events(store: &Store, now: DateTime<Utc>) -> Result<Vec<TimeEvent>> {
    let mut events = Vec::new();
    for (id, touched) in store.open_deals_last_touched()? {
        let days = u32::try_from((now - touched).num_days()).unwrap_or(0);
        if days == 0 {
            continue;
        }
        let deal = store.deal(id)?;
        let name = match deal.data.person_id {
            Some(p) => store.person(p)?.data.name,
            None => deal.data.title.clone(),
        };
        events.push(TimeEvent {
            on: "deal_idle",
            idle_days: Some(days),
            event: RuleEvent {
                key: format!("deal:{id}:idle:{}", touched.timestamp()),
                subject: Subject::Deal(id),
                owner: deal.data.owner.clone(),
                person_id: deal.data.person_id,
                company_id: deal.data.company_id,
                deal_id: Some(id),
                values: vec![
                    ("name".into(), name),
                    ("title".into(), deal.data.title.clone()),
                    ("stage".into(), deal.data.stage.clone()),
                ],
            },
        });
    }
    Ok(events)
}

/// One user's day for `kariz agenda`.
#[derive(Debug, Clone, Serialize)]
pub struct Agenda {
    /// The local date.
    pub today: NaiveDate,
    /// Open tasks due before today.
    pub overdue: Vec<Task>,
    /// Open tasks due today.
    pub due_today: Vec<Task>,
    /// People (of this user, or nobody's) whose birthday is today.
    pub birthdays: Vec<Person>,
    /// This user's cases past or near their SLA targets.
    pub cases: Vec<QueueItem>,
}

/// `login`'s day at the clock's now.
pub fn agenda(store: &Store, clock: &Clock, login: &str) -> Result<Agenda> {
    let today = clock.today();
    let mine = |window| TaskFilter {
        window,
        today,
        owner: Some(login.to_owned()),
        unowned_too: true,
        ..TaskFilter::default()
    };
    let birthdays = store
        .birthdays_on(today)?
        .into_iter()
        .filter(|p| p.data.owner.as_deref().is_none_or(|o| o == login))
        .collect();
    let cases = desk::queue(
        store,
        &QueueFilter {
            assignee: Some(login.to_owned()),
            ..QueueFilter::default()
        },
        clock.now_utc(),
    )?
    .into_iter()
    .filter(|item| {
        [item.sla.first_response, item.sla.resolution]
            .iter()
            .any(|c| c.is_open() && matches!(c.state, SlaState::Breached | SlaState::AtRisk))
    })
    .collect();
    Ok(Agenda {
        today,
        overdue: store.tasks(&mine(TaskWindow::Overdue))?,
        due_today: store.tasks(&mine(TaskWindow::Today))?,
        birthdays,
        cases,
    })
}

/// What a rule would have done for one event (`kariz rules test`).
#[derive(Debug, Clone, Serialize)]
pub struct Replayed {
    /// When the event happened (`None`: a time trigger due now).
    pub at: Option<DateTime<Utc>>,
    /// The rule.
    pub rule: String,
    /// The event's key.
    pub event_key: String,
    /// Its actions, in words.
    pub actions: Vec<String>,
    /// Whether the rule already ran for this event.
    pub already_ran: bool,
}

/// An event found for replay: when, its key, its person, and which
/// triggers fire.
type Found = (
    Option<DateTime<Utc>>,
    String,
    Option<i64>,
    Box<dyn Fn(&Trigger) -> bool>,
);

/// The stage moves and new cases since `since`, as events.
fn past_events(store: &Store, since: DateTime<Utc>) -> Result<Vec<Found>> {
    let config = store.config();
    let mut found: Vec<Found> = Vec::new();
    for m in store.stage_moves_since(since)? {
        let Ok(deal) = store.deal(m.deal_id) else {
            continue;
        };
        let kind = config
            .pipeline(&deal.data.pipeline)
            .and_then(|p| p.stage(&m.stage))
            .map(|s| s.kind);
        let pipeline = deal.data.pipeline.clone();
        let stage = m.stage.clone();
        found.push((
            Some(m.at),
            format!("deal:{}:move:{}", m.deal_id, m.move_id),
            deal.data.person_id,
            Box::new(move |t: &Trigger| match t {
                Trigger::StageEntered {
                    stage: s,
                    pipeline: p,
                } => *s == stage && p.as_ref().is_none_or(|p| *p == pipeline),
                Trigger::DealWon => kind == Some(crate::vocab::StageKind::Won),
                Trigger::DealLost => kind == Some(crate::vocab::StageKind::Lost),
                _ => false,
            }),
        ));
    }
    let cases = store.cases(&crate::store::CaseFilter {
        include_closed: true,
        ..crate::store::CaseFilter::default()
    })?;
    for case in cases.into_iter().filter(|c| c.created_at >= since) {
        found.push((
            Some(case.created_at),
            format!("case:{}:created", case.id),
            case.data.person_id,
            Box::new(|t: &Trigger| *t == Trigger::CaseCreated),
        ));
    }
    Ok(found)
}

/// Replays the stage moves and new cases since `since`, and the time
/// triggers due now, against the rules, without writing.
pub fn replay(store: &Store, clock: &Clock, since: DateTime<Utc>) -> Result<Vec<Replayed>> {
    let config = store.config();
    let mut found = past_events(store, since)?;
    let locale = Locale::from_config(config);
    for event in plan(store, clock, &locale)?.events {
        let key = event.event.key.clone();
        let person = event.event.person_id;
        found.push((
            None,
            key,
            person,
            Box::new(move |t: &Trigger| event.fires(t)),
        ));
    }
    let mut out = Vec::new();
    for (at, key, person_id, fires) in found {
        let person = match person_id {
            Some(id) => store.person(id).ok().map(|p| p.data.name),
            None => None,
        };
        for rule in config.rules.iter().filter(|r| fires(&r.trigger)) {
            let already_ran = store.rule_ran(&rule.name, &key)?;
            out.push(Replayed {
                at,
                rule: rule.name.clone(),
                event_key: key.clone(),
                actions: rule
                    .actions
                    .iter()
                    .map(|a| replayed_action(a, person.as_deref(), already_ran))
                    .collect(),
                already_ran,
            });
        }
    }
    Ok(out)
}

/// An action in words for `kariz rules test`; a message names its person.
fn replayed_action(action: &RuleAction, person: Option<&str>, ran: bool) -> String {
    match (action, person) {
        (RuleAction::SendMessage { template, channel }, Some(name)) => format!(
            "{} {template} by {} to {name}",
            if ran { "queued" } else { "would send" },
            channel.as_str()
        ),
        (RuleAction::SendMessage { template, .. }, None) => {
            format!("no person to send {template} to")
        }
        (other, _) => other.describe(),
    }
}

/// A reminder e-mailed to its owner (`[messages.email] reminders = true`).
#[derive(Debug, Clone, Serialize)]
pub struct Emailed {
    /// The notification.
    pub notification_id: i64,
    /// Whose it is.
    pub login: String,
    /// Their address on the team list.
    pub to: Option<String>,
    /// Why it was not sent (`None`: sent).
    pub error: Option<String>,
}

/// E-mails each of `notifications` — the ones new in this run, so each
/// reminder once, by its key — to its owner's address on the team list,
/// when `[messages.email] reminders = true`. Outside any transaction; a
/// failure is reported, not retried by a later run.
pub fn email_reminders(
    store: &Store,
    settings: &Settings<'_>,
    locale: &Locale,
    notifications: &[Notification],
) -> Result<Vec<Emailed>> {
    let config = store.config();
    if !config.messages.email.as_ref().is_some_and(|e| e.reminders) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for n in notifications {
        let member = store.team_user(&n.data.login)?;
        let to = member.as_ref().and_then(|m| m.email.clone());
        let error = match &to {
            None => Some(format!(
                "{} has no e-mail address on the team list",
                n.data.login
            )),
            Some(address) => {
                let name = member
                    .as_ref()
                    .and_then(|m| m.display_name.clone())
                    .unwrap_or_else(|| n.data.login.clone());
                let short: String = n.data.text.chars().take(100).collect();
                let subject = locale.tf_sentence("remind.email_subject", &[("text", &short)]);
                let subject = subject.replace(['\r', '\n'], " ");
                crate::messages::email_plain(
                    config,
                    settings,
                    (address, &name),
                    &subject,
                    &n.data.text,
                )
                .err()
                .map(|e| e.to_string())
            }
        };
        out.push(Emailed {
            notification_id: n.id,
            login: n.data.login.clone(),
            to,
            error,
        });
    }
    Ok(out)
}
