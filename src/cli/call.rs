//! `kariz call incoming|missed NUMBER [--agent LOGIN]`: what a phone
//! system runs when a call comes in (docs/telephony.md). It finds the
//! caller whatever the stored format, logs the call on their timeline
//! (a missed one also gets a call-back task due now), and records the call
//! row every open kariz of the agent (all, without one) reacts to by
//! showing the caller's page.
//!
//! Startup matters (one run per call): the database is opened without the
//! stage check (a call writes no deal), and the lookup is one index hit.

use super::context::Context;
use super::output;
use crate::locale::Locale;
use crate::model::{ActivityData, ActivityKind, CallData, CallKind, Entity, Priority, TaskData};
use crate::store::{Caller, Store};
use anyhow::{Result, anyhow};
use chrono::{NaiveTime, Timelike};
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The phone rings: log the call on the caller and show their page in every open kariz of the agent (all, without --agent)
    Incoming(CallArgs),
    /// Nobody answered: log it and give the agent (else the caller's owner) a call-back task due now
    Missed(CallArgs),
}

/// What the phone system passes.
#[derive(Debug, clap::Args)]
pub struct CallArgs {
    /// The calling number as the phone system sends it, in any format (+98 912…, 0098…, 0912…, Persian or Arabic digits, spaces, dashes)
    #[arg(allow_hyphen_values = true)]
    number: String,
    /// Login of the agent whose phone rang [default: everyone]
    #[arg(long, value_name = "LOGIN")]
    agent: Option<String>,
    /// Print what was found and logged as JSON
    #[arg(long)]
    json: bool,
}

/// What a call did, for `--json`.
#[derive(Debug, Serialize)]
struct Outcome {
    call: crate::model::Call,
    callers: Vec<Caller>,
    activity_id: Option<i64>,
    task_id: Option<i64>,
}

/// Runs one subcommand.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let (kind, args) = match command {
        Command::Incoming(args) => (CallKind::Incoming, args),
        Command::Missed(args) => (CallKind::Missed, args),
    };
    let number = args.number.trim().to_owned();
    if crate::text::phone::caller_key(&number).is_none() {
        return Err(anyhow!(
            "the number {} is not a phone number kariz can look up: it needs at least {} digits (ASCII, Persian or Arabic); pass the caller ID the phone system gives, e.g. ${{CALLERID(num)}}",
            crate::text::sanitize::quoted(&number),
            crate::text::phone::IDENTITY_MIN_DIGITS
        ));
    }
    let mut store = ctx.open_unchecked()?;
    let agent = args
        .agent
        .as_deref()
        .map(|login| check_agent(&store, login))
        .transpose()?;
    let callers = store.callers(&number)?;
    let outcome = log(ctx, &mut store, kind, &number, agent, callers)?;
    if args.json {
        return output::json(&outcome);
    }
    print(&outcome)
}

/// The agent must be someone who may own the call-back task: on the
/// team list once it has members (the owner rule, `store/users.rs`).
fn check_agent(store: &Store, login: &str) -> Result<String> {
    let login = crate::model::user::check_login(login).map_err(|e| anyhow!("--agent: {e}"))?;
    if let Some(problem) = store.owner_problem(&login)? {
        return Err(anyhow!("--agent: unknown agent: {problem}"));
    }
    Ok(login)
}

/// Writes the activity, the call-back task (missed calls) and the call row
/// in one transaction.
/// Who a call is about: the first caller found, as a person or a company.
struct Link<'a> {
    first: Option<&'a Caller>,
    person_id: Option<i64>,
    company_id: Option<i64>,
}

impl<'a> Link<'a> {
    fn of(callers: &'a [Caller]) -> Link<'a> {
        let first = callers.first();
        let (person_id, company_id) = match first {
            Some(c) if c.entity == Entity::Person => (Some(c.id), None),
            Some(c) => (None, Some(c.id)),
            None => (None, None),
        };
        Link {
            first,
            person_id,
            company_id,
        }
    }
}

/// The call on the caller's timeline (none for an unknown number).
fn call_activity(
    locale: &Locale,
    kind: CallKind,
    number: &str,
    link: &Link<'_>,
    author: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<ActivityData> {
    link.first?;
    let (activity_kind, key) = match kind {
        CallKind::Incoming => (ActivityKind::IncomingCall, "call.incoming_subject"),
        CallKind::Missed => (ActivityKind::MissedCall, "call.missed_subject"),
    };
    Some(ActivityData {
        kind: activity_kind,
        subject: locale.tf_sentence(key, &[("number", number)]),
        body: None,
        occurred_at: now,
        author: author.to_owned(),
        person_id: link.person_id,
        company_id: link.company_id,
        deal_id: None,
    })
}

/// A missed call's call-back task, due now, for `owner`.
fn call_back_task(
    ctx: &Context,
    locale: &Locale,
    number: &str,
    link: &Link<'_>,
    owner: Option<String>,
) -> TaskData {
    let title = match link.first {
        Some(c) => locale.tf_sentence(
            "call.call_back",
            &[("name", c.name.as_str()), ("number", number)],
        ),
        None => locale.tf_sentence("call.call_back_unknown", &[("number", number)]),
    };
    let local = ctx.clock.now_local();
    TaskData {
        title,
        due_date: Some(ctx.clock.today()),
        due_time: NaiveTime::from_hms_opt(local.hour(), local.minute(), 0),
        priority: Priority::High,
        person_id: link.person_id,
        company_id: link.company_id,
        deal_id: None,
        owner,
        notes: None,
        repeat: None,
        remind: None,
    }
}

fn log(
    ctx: &Context,
    store: &mut Store,
    kind: CallKind,
    number: &str,
    agent: Option<String>,
    callers: Vec<Caller>,
) -> Result<Outcome> {
    let now = ctx.clock.now_utc();
    // Stored words (a subject, a task title) in the team's language, with
    // no display marks: `tf_sentence`, not `tf`.
    let locale = ctx.render(store.config()).locale().clone();
    let link = Link::of(&callers);
    // The call-back goes to the agent, else to whoever owns the caller.
    let owner = match (&agent, link.first) {
        (Some(agent), _) => Some(agent.clone()),
        (None, Some(c)) if c.entity == Entity::Person => store.person(c.id)?.data.owner,
        (None, Some(c)) => store.company(c.id)?.data.owner,
        (None, None) => None,
    };
    let author = agent.clone().unwrap_or_else(|| store.actor().to_owned());
    let activity = call_activity(&locale, kind, number, &link, &author, now);
    let task =
        (kind == CallKind::Missed).then(|| call_back_task(ctx, &locale, number, &link, owner));
    let (call, activity_id, task_id) = store.write(now, |w| {
        let activity_id = activity.map(|a| w.add_activity(a)).transpose()?;
        let task_id = task.map(|t| w.add_task(t)).transpose()?;
        let call = w.add_call(CallData {
            kind,
            number: number.to_owned(),
            agent: agent.clone(),
            person_id: link.person_id,
            company_id: link.company_id,
            activity_id,
            task_id,
        })?;
        Ok((call, activity_id, task_id))
    })?;
    Ok(Outcome {
        call: store.call(call)?,
        callers,
        activity_id,
        task_id,
    })
}

fn print(outcome: &Outcome) -> Result<()> {
    let call = &outcome.call;
    let what = match call.data.kind {
        CallKind::Incoming => "Incoming call",
        CallKind::Missed => "Missed call",
    };
    let to = match &call.data.agent {
        Some(agent) => format!(" for {agent}"),
        None => String::new(),
    };
    let mut lines = vec![format!("{what} {}{to} from {}:", call.id, call.data.number)];
    if outcome.callers.is_empty() {
        lines.push(
            "  unknown caller (open kariz windows offer a new person with this number)".into(),
        );
    }
    for c in &outcome.callers {
        let company = c
            .company
            .as_deref()
            .map(|n| format!(", {n}"))
            .unwrap_or_default();
        let label = if c.label.is_empty() {
            String::new()
        } else {
            format!("{}: ", c.label)
        };
        lines.push(format!(
            "  {} {} — {}{company} ({label}{})",
            c.entity, c.id, c.name, c.phone
        ));
    }
    if let Some(id) = outcome.activity_id {
        lines.push(format!("Logged activity {id}."));
    }
    if let Some(id) = outcome.task_id {
        lines.push(format!("Call-back task {id}, due now."));
    }
    output::lines(&lines.join("\n"))
}
