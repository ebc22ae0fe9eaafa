//! Messages to customers: e-mail through SMTP and texts through an SMS
//! gateway, from templates per language (docs/messages.md).
//!
//! [`send`] is the one send path: the CLI's `kariz message send` uses it,
//! and so can the rules engine. For each person it checks the
//! do-not-contact flag and the address, renders the template, waits for
//! the rate limit, sends with retries on temporary failures (doubling the
//! wait each time), and logs the result — sent, or failed with the reason —
//! as a message and an activity on the person's timeline, in one write.

pub mod email;
pub mod outbox;
pub mod secret;
pub mod sms;
pub mod template;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::clock::Clock;
use crate::config::messages::{EmailConfig, SmsConfig};
use crate::error::{Error, Result};
use crate::locale::Locale;
use crate::model::{
    ActivityData, ActivityKind, Channel, DealStatus, MessageData, MessageStatus, Person,
};
use crate::store::{DealFilter, Store};
use template::{Placeholders, Rendered};

/// Why a send did not go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Worth trying again (a busy gateway, a dropped connection).
    pub temporary: bool,
    /// What the provider or the connection said.
    pub reason: String,
}

/// What to send, to whom.
#[derive(Debug, Clone)]
pub struct Request {
    /// The people to send to.
    pub people: Vec<i64>,
    /// E-mail or SMS.
    pub channel: Channel,
    /// The template's name.
    pub template: String,
    /// The template language (`fa`, `en`, `ar`); the interface language when unset.
    pub language: Option<String>,
    /// The campaign the messages are sent for.
    pub campaign: Option<String>,
    /// Render and check everything, send and log nothing.
    pub dry_run: bool,
    /// The rule that queued these messages: they are logged as done by
    /// `rule:NAME`, not by the user who sent them.
    pub rule: Option<String>,
    /// How a temporary failure is handled.
    pub retry: Retry,
}

/// How a send handles a temporary failure (a dropped connection, a busy
/// gateway, a temporary SMTP code: [`Failure::temporary`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Retried here, `[messages] retries` times, waiting `backoff_ms`
    /// doubled each time (`kariz message send`).
    Here,
    /// One attempt; a temporary failure is returned with
    /// [`Outcome::temporary`] set and not logged: the outbox tries it
    /// again in a later `kariz remind`.
    Later,
    /// One attempt, its result logged whatever it is (the outbox's last).
    Last,
}

/// Where the templates are and how to read secrets.
pub struct Settings<'a> {
    /// The templates folder.
    pub templates: PathBuf,
    /// The config's folder: relative secret files are read from there.
    pub config_dir: PathBuf,
    /// Environment lookups, for secrets named by a variable.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The clock (message times and dates in templates).
    pub clock: &'a Clock,
}

/// What happened to one person's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Accepted by the server or gateway.
    Sent,
    /// Not accepted; see the reason.
    Failed,
    /// Not sent: the person asked not to be contacted.
    DoNotContact,
    /// Not sent: no e-mail address or phone number.
    NoAddress,
    /// A dry run: rendered, not sent.
    DryRun,
}

/// One person's result.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The person's id.
    pub person_id: i64,
    /// Their name.
    pub person: String,
    /// Where it went (or would go).
    pub recipient: Option<String>,
    /// What happened.
    pub status: Status,
    /// Why it failed.
    pub reason: Option<String>,
    /// The subject line (e-mail).
    pub subject: Option<String>,
    /// The rendered text.
    pub text: Option<String>,
    /// How many attempts it took.
    pub attempts: u32,
    /// The logged message's id.
    pub message_id: Option<i64>,
    /// The failure is worth trying again (see [`Retry::Later`]).
    #[serde(skip)]
    pub temporary: bool,
}

/// Sends one plain e-mail through `[messages.email]` with the config's
/// retries — a reminder to a team member, not a customer's message, so it
/// is not logged on any timeline. Returns the attempts it took, or why it
/// failed.
pub fn email_plain(
    config: &crate::config::Config,
    settings: &Settings<'_>,
    to: (&str, &str),
    subject: &str,
    text: &str,
) -> Result<u32> {
    let sender = sender(config, Channel::Email, settings)?;
    let rendered = Rendered {
        subject: Some(subject.to_owned()),
        text: text.to_owned(),
    };
    let (address, name) = to;
    match deliver(
        &sender,
        &config.messages,
        config.messages.retries,
        settings,
        (name, address),
        &rendered,
    ) {
        (Ok(_), attempts) => Ok(attempts),
        (Err(f), _) => Err(Error::Invalid(f.reason)),
    }
}

/// The configured channel, with its secret read.
enum Sender<'a> {
    Email(&'a EmailConfig, Option<String>),
    Sms(&'a SmsConfig, String),
}

/// Sends `request`, one person at a time, logging each result.
pub fn send(store: &mut Store, settings: &Settings<'_>, request: &Request) -> Result<Vec<Outcome>> {
    let mut pace = Pace::new(store.config().messages.per_second);
    send_paced(store, settings, request, &mut pace)
}

/// [`send`] with a rate limit shared with other requests (the outbox sends
/// one request per queued message).
pub fn send_paced(
    store: &mut Store,
    settings: &Settings<'_>,
    request: &Request,
    pace: &mut Pace,
) -> Result<Vec<Outcome>> {
    let config = store.config().clone();
    let sender = if request.dry_run {
        None
    } else {
        Some(sender(&config, request.channel, settings)?)
    };
    let language = request
        .language
        .clone()
        .unwrap_or_else(|| config.display.language.as_str().to_string());
    let path = template::find(&settings.templates, &request.template, &language)?;
    let mut outcomes = Vec::with_capacity(request.people.len());
    for &id in &request.people {
        let person = store.person(id)?;
        let mut outcome = Outcome {
            person_id: id,
            person: person.data.name.clone(),
            recipient: recipient(&person, request.channel),
            status: Status::DryRun,
            reason: None,
            subject: None,
            text: None,
            attempts: 0,
            message_id: None,
            temporary: false,
        };
        if store.do_not_contact(id)? {
            outcome.status = Status::DoNotContact;
            outcomes.push(outcome);
            continue;
        }
        let values = placeholders(store, settings.clock, &person, request)?;
        let rendered = template::render_file(&path, &values)?;
        outcome.subject = rendered.subject.clone();
        outcome.text = Some(rendered.text.clone());
        let Some(to) = outcome.recipient.clone() else {
            outcome.status = Status::NoAddress;
            outcomes.push(outcome);
            continue;
        };
        if let Some(sender) = &sender {
            pace.wait();
            let retries = match request.retry {
                Retry::Here => config.messages.retries,
                Retry::Later | Retry::Last => 0,
            };
            let (result, attempts) = deliver(
                sender,
                &config.messages,
                retries,
                settings,
                (&person.data.name, &to),
                &rendered,
            );
            outcome.attempts = attempts;
            (outcome.status, outcome.reason, outcome.temporary) = match result {
                Ok(_) => (Status::Sent, None, false),
                Err(f) => (Status::Failed, Some(f.reason), f.temporary),
            };
            // A failure the outbox tries again later is not logged yet:
            // the timeline and the failures report get the final result.
            if !(outcome.temporary && request.retry == Retry::Later) {
                outcome.message_id =
                    Some(log(store, settings.clock, request, &outcome, &rendered)?);
            }
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// The channel's settings and secret, or why it cannot be used.
fn sender<'a>(
    config: &'a crate::config::Config,
    channel: Channel,
    settings: &Settings<'_>,
) -> Result<Sender<'a>> {
    match channel {
        Channel::Email => {
            let email = config.messages.email.as_ref().ok_or_else(|| {
                Error::invalid("e-mail is not set up: add a [messages.email] section to the config (see docs/messages.md)")
            })?;
            let password = email
                .password
                .as_ref()
                .map(|s| secret::read(s, settings.env, &settings.config_dir, "SMTP password"))
                .transpose()?;
            Ok(Sender::Email(email, password))
        }
        Channel::Sms => {
            let sms = config.messages.sms.as_ref().ok_or_else(|| {
                Error::invalid("SMS is not set up: add a [messages.sms] section to the config (see docs/messages.md)")
            })?;
            let key = sms
                .api_key
                .as_ref()
                .map(|s| secret::read(s, settings.env, &settings.config_dir, "SMS API key"))
                .transpose()?
                .unwrap_or_default();
            Ok(Sender::Sms(sms, key))
        }
    }
}

/// The first e-mail address, or the first mobile number (else the first phone).
fn recipient(person: &Person, channel: Channel) -> Option<String> {
    match channel {
        Channel::Email => person
            .data
            .emails
            .first()
            .map(|e| e.value.trim().to_string()),
        Channel::Sms => person
            .data
            .phones
            .iter()
            .find(|p| crate::text::phone::is_mobile_label(&p.label))
            .or_else(|| person.data.phones.first())
            .map(|p| crate::text::phone::dial_form(&p.value)),
    }
}

/// The template's values for `person`, dates in the user's calendar and digits.
fn placeholders(
    store: &Store,
    clock: &Clock,
    person: &Person,
    request: &Request,
) -> Result<Placeholders> {
    let locale = Locale::from_config(store.config());
    let deal = store
        .deals(&DealFilter {
            person_id: Some(person.id),
            status: Some(DealStatus::Open),
            ..DealFilter::default()
        })?
        .into_iter()
        .max_by_key(|d| d.id);
    let owner = match &person.data.owner {
        Some(login) => store
            .team_user(login)?
            .and_then(|u| u.display_name)
            .unwrap_or_else(|| login.clone()),
        None => String::new(),
    };
    let name = person.data.name.clone();
    Ok(Placeholders {
        first_name: person.data.first_name().to_owned(),
        name,
        company: person.company.clone().unwrap_or_default(),
        deal: deal
            .as_ref()
            .map(|d| d.data.title.clone())
            .unwrap_or_default(),
        deal_close: deal
            .and_then(|d| d.data.expected_close)
            .map(|d| locale.date(d))
            .unwrap_or_default(),
        owner,
        today: locale.date(clock.today()),
        birthday: person
            .data
            .birthday
            .map(|d| locale.date(d))
            .unwrap_or_default(),
        campaign: request.campaign.clone().unwrap_or_default(),
    })
}

/// Sends one message, retrying temporary failures `retries` times with a
/// doubling wait; returns the last result and the number of attempts.
fn deliver(
    sender: &Sender<'_>,
    config: &crate::config::MessagesConfig,
    retries: u32,
    settings: &Settings<'_>,
    (to_name, to): (&str, &str),
    rendered: &Rendered,
) -> (Result<String, Failure>, u32) {
    let mut wait = Duration::from_millis(config.backoff_ms);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let result = match sender {
            Sender::Email(email_config, password) => email::send(
                email_config,
                password.as_deref(),
                &email::Mail {
                    to,
                    to_name,
                    subject: rendered.subject.as_deref().unwrap_or_default(),
                    text: &rendered.text,
                    date: settings.clock.now_utc(),
                },
            ),
            Sender::Sms(sms_config, key) => sms::send(&sms_config.gateway, key, to, &rendered.text),
        };
        match result {
            Err(f) if f.temporary && attempts <= retries => {
                std::thread::sleep(wait);
                wait = wait.saturating_mul(2);
            }
            other => return (other, attempts),
        }
    }
}

/// The timeline activity's kind and subject line, in the interface language.
fn activity_subject(
    locale: &Locale,
    request: &Request,
    rendered: &Rendered,
    status: MessageStatus,
    reason: Option<&str>,
) -> (ActivityKind, String) {
    let (kind, key) = match (request.channel, status) {
        (Channel::Email, MessageStatus::Sent) => (ActivityKind::Email, "message.email_sent"),
        (Channel::Email, MessageStatus::Failed) => (ActivityKind::Email, "message.email_failed"),
        (Channel::Sms, MessageStatus::Sent) => (ActivityKind::Sms, "message.sms_sent"),
        (Channel::Sms, MessageStatus::Failed) => (ActivityKind::Sms, "message.sms_failed"),
    };
    let short_reason: String = reason.unwrap_or_default().chars().take(120).collect();
    let what = rendered
        .subject
        .clone()
        .unwrap_or_else(|| request.template.clone());
    let subject = locale.tf_sentence(
        key,
        &[
            ("subject", &one_line(&what)),
            ("template", &one_line(&request.template)),
            ("reason", &short_reason),
        ],
    );
    (kind, subject)
}

/// Logs the message and its timeline activity in one write.
fn log(
    store: &mut Store,
    clock: &Clock,
    request: &Request,
    outcome: &Outcome,
    rendered: &Rendered,
) -> Result<i64> {
    let now = clock.now_utc();
    let status = if outcome.status == Status::Sent {
        MessageStatus::Sent
    } else {
        MessageStatus::Failed
    };
    let reason = outcome.reason.as_deref().map(one_line);
    let locale = Locale::from_config(store.config());
    let (kind, subject) = activity_subject(&locale, request, rendered, status, reason.as_deref());
    let subject: String = subject
        .chars()
        .take(crate::model::limits::MAX_LINE)
        .collect();
    let mut body = rendered.text.clone();
    if let Some(reason) = &reason {
        body = format!("{body}\n\n{reason}");
    }
    let data = MessageData {
        person_id: outcome.person_id,
        channel: request.channel,
        template: request.template.clone(),
        recipient: outcome.recipient.clone().unwrap_or_default(),
        subject: rendered.subject.clone(),
        body: rendered.text.clone(),
        status,
        reason,
        attempts: outcome.attempts.max(1),
        campaign: request.campaign.clone(),
        activity_id: None,
        sent_at: now,
    };
    store.write(now, |w| {
        if let Some(rule) = &request.rule {
            w.act_as_rule(rule);
        }
        let activity = w.add_activity(ActivityData {
            kind,
            subject,
            body: Some(body),
            occurred_at: now,
            author: w.actor().to_string(),
            person_id: Some(outcome.person_id),
            company_id: None,
            deal_id: None,
        })?;
        w.add_message(&MessageData {
            activity_id: Some(activity),
            ..data
        })
    })
}

/// Text on one line, control characters replaced by spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The rate limit: at most `per_second` sends a second.
pub struct Pace {
    every: Option<Duration>,
    last: Option<Instant>,
}

impl Pace {
    /// At most `per_second` sends a second (0: no limit).
    #[must_use]
    pub fn new(per_second: u32) -> Pace {
        Pace {
            every: (per_second > 0).then(|| Duration::from_secs(1) / per_second),
            last: None,
        }
    }

    /// Waits until the next send is allowed.
    pub fn wait(&mut self) {
        if let (Some(every), Some(last)) = (self.every, self.last) {
            let since = last.elapsed();
            if since < every {
                std::thread::sleep(every - since);
            }
        }
        self.last = Some(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pace_spaces_sends() {
        let mut pace = Pace::new(50);
        let start = Instant::now();
        pace.wait();
        pace.wait();
        pace.wait();
        assert!(start.elapsed() >= Duration::from_millis(40));
    }
}
