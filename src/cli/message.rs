//! `kariz message`: send e-mails and texts from templates, and list what
//! was sent and what failed. The send path is `crate::messages::send`.

use super::args;
use super::context::Context;
use super::output::{self, Render};
use crate::messages::{self, Outcome, Request, Settings, Status};
use crate::model::{Channel, Message};
use crate::store::{MessageFilter, OutboxState, PageKey, PersonFilter, Store};
use anyhow::{Result, anyhow, bail};
use clap::{ArgGroup, Subcommand};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Send a message from a template to people (one, a list, everyone with a tag, or a segment)
    #[command(group(ArgGroup::new("whom").args(["to", "tag", "where_", "segment"]).required(true).multiple(true)))]
    Send(SendArgs),
    /// Messages rules queued and `kariz remind` has not sent: queued (with the next try after a temporary failure), being sent, failed
    Outbox {
        /// Also the ones sent and skipped
        #[arg(long, conflicts_with = "failed")]
        all: bool,
        /// Only the ones failed for good: refused, or out of retries (put one back with `kariz message retry ID`)
        #[arg(long)]
        failed: bool,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Put a failed outbox message back in the queue: the next `kariz remind` sends it, with its retries counted afresh
    Retry {
        /// The outbox id (see `kariz message outbox --failed`)
        #[arg(value_name = "OUTBOX_ID")]
        id: String,
        /// Print the outbox row as JSON
        #[arg(long)]
        json: bool,
    },
    /// Messages sent, newest first; --failed for the failures report
    List {
        /// Only messages that failed
        #[arg(long)]
        failed: bool,
        /// Only messages to this person (id)
        #[arg(long)]
        person: Option<String>,
        /// At most this many (0 = all)
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct SendArgs {
    /// Person id (repeat, or separate with commas, for more)
    #[arg(long, value_name = "PERSON_ID", value_delimiter = ',')]
    to: Vec<String>,
    /// Everyone with this tag
    #[arg(long)]
    tag: Option<String>,
    #[command(flatten)]
    select: super::segment::Select,
    /// email or sms
    #[arg(long, default_value = "sms")]
    channel: String,
    /// Template name: templates/messages/NAME.LANG.txt in the config folder
    #[arg(long)]
    template: String,
    /// Template language (fa, en, ar) [default: the interface language]
    #[arg(long)]
    lang: Option<String>,
    /// The campaign these messages are for (name or id; see `kariz campaign list`); counted as people reached in `kariz report campaigns`
    #[arg(long, value_name = "NAME")]
    campaign: Option<String>,
    /// Render and check everything, send nothing, log nothing; prints the count and the recipients
    #[arg(long)]
    dry_run: bool,
    /// Show each rendered message (implies --dry-run)
    #[arg(long)]
    preview: bool,
    /// Print the results as JSON
    #[arg(long)]
    json: bool,
}

/// Runs one subcommand.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    match command {
        Command::Send(send) => run_send(ctx, &mut store, &out, send),
        Command::Outbox { all, failed, json } => {
            let states = if failed {
                vec![OutboxState::Failed]
            } else if all {
                OUTBOX_ALL.to_vec()
            } else {
                OUTBOX_ALL[..3].to_vec()
            };
            outbox(ctx, &store, &out, &states, json)
        }
        Command::Retry { id, json } => retry(ctx, &mut store, &out, &id, json),
        Command::List {
            failed,
            person,
            limit,
            json,
        } => {
            let person_id = person.as_deref().map(args::id).transpose()?;
            let messages = store.messages(&MessageFilter {
                failed,
                person_id,
                limit,
            })?;
            if json {
                return output::json(&messages);
            }
            list(ctx, &out, &messages, failed)
        }
    }
}

fn run_send(ctx: &Context, store: &mut Store, out: &Render, send: SendArgs) -> Result<()> {
    let channel = Channel::parse(&send.channel)
        .ok_or_else(|| anyhow!("--channel {:?}: use email or sms", send.channel))?;
    // An unknown campaign is refused before anything is sent.
    let campaign = match &send.campaign {
        Some(name) => Some(
            store
                .campaign(name)
                .map_err(|e| anyhow!("--campaign: {e}; add it with `kariz campaign add`"))?
                .data
                .name,
        ),
        None => None,
    };
    let people = recipients(ctx, store, &send)?;
    if people.is_empty() {
        bail!("nobody to send to: no person has that tag or matches that filter");
    }
    let request = Request {
        people,
        channel,
        template: send.template.clone(),
        language: send.lang.clone(),
        campaign,
        dry_run: send.dry_run || send.preview,
        rule: None,
        retry: messages::Retry::Here,
    };
    let env = |name: &str| std::env::var(name).ok();
    let settings = Settings {
        templates: ctx.templates_dir(store.config()),
        config_dir: ctx.config_dir(),
        env: &env,
        clock: &ctx.clock,
    };
    let outcomes = messages::send(store, &settings, &request)?;
    if send.json {
        return output::json(&outcomes);
    }
    if send.preview {
        preview(out, &outcomes)?;
    }
    summary(out, &outcomes, request.dry_run)
}

/// The people named with --to, everyone with --tag, and everyone matching
/// --where/--segment (in that order, each once).
fn recipients(ctx: &Context, store: &Store, send: &SendArgs) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for text in &send.to {
        ids.push(args::id(text)?);
    }
    if let Some(tag) = &send.tag {
        let filter = PersonFilter {
            tag: Some(tag.clone()),
            ..PersonFilter::default()
        };
        let people = output::all_pages(
            None,
            |after, n| store.people(&filter, after, n),
            PageKey::after_person,
        )?;
        ids.extend(people.iter().map(|p| p.id));
    }
    if let Some(filter) = send.select.resolve(ctx, store)? {
        ids.extend(store.matching_ids(&filter, crate::store::Target::Person)?);
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    Ok(ids)
}

fn preview(out: &Render, outcomes: &[Outcome]) -> Result<()> {
    for o in outcomes {
        out.sentence(&format!(
            "── {} (person {}) → {}",
            crate::text::display::isolate(&o.person),
            o.person_id,
            crate::text::display::isolate(o.recipient.as_deref().unwrap_or("no address"))
        ))?;
        if let Some(subject) = &o.subject {
            output::line(&format!("Subject: {subject}"))?;
        }
        match &o.text {
            Some(text) => output::lines(text)?,
            None => output::line("(not rendered: the person asked not to be contacted)")?,
        }
    }
    Ok(())
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Sent => "sent",
        Status::Failed => "failed",
        Status::DoNotContact => "skipped: do not contact",
        Status::NoAddress => "skipped: no address",
        Status::DryRun => "would send",
    }
}

fn summary(out: &Render, outcomes: &[Outcome], dry_run: bool) -> Result<()> {
    let mut table = out
        .table(&["person", "name", "to", "result", "reason"])
        .align_right("person");
    for o in outcomes {
        table.row(vec![
            o.person_id.to_string(),
            o.person.clone(),
            o.recipient.clone().unwrap_or_default(),
            status_word(o.status).to_string(),
            o.reason.clone().unwrap_or_default(),
        ]);
    }
    table.print("Nobody to send to.")?;
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    let skipped = count(Status::DoNotContact) + count(Status::NoAddress);
    if dry_run {
        output::line(&format!(
            "Dry run: {} would be sent, {skipped} skipped; nothing was sent or logged.",
            count(Status::DryRun)
        ))
    } else {
        output::line(&format!(
            "{} sent, {} failed, {skipped} skipped.",
            count(Status::Sent),
            count(Status::Failed)
        ))
    }
}

fn list(ctx: &Context, out: &Render, messages: &[Message], failed: bool) -> Result<()> {
    let mut table = out
        .table(&[
            "id", "when", "person", "channel", "to", "template", "result", "tries", "reason",
        ])
        .align_right("id");
    for m in messages {
        table.row(vec![
            m.id.to_string(),
            out.local_time(&ctx.clock, m.data.sent_at),
            format!("{} ({})", m.person, m.data.person_id),
            m.data.channel.as_str().to_string(),
            m.data.recipient.clone(),
            m.data.template.clone(),
            m.data.status.as_str().to_string(),
            out.count(m.data.attempts),
            m.data.reason.clone().unwrap_or_default(),
        ]);
    }
    table.print(if failed {
        "No failed messages."
    } else {
        "No messages sent yet; send one with `kariz message send`."
    })
}

/// Every outbox state, the waiting ones first (`kariz message outbox`
/// without `--all` lists the first three).
const OUTBOX_ALL: [OutboxState; 5] = [
    OutboxState::Queued,
    OutboxState::Sending,
    OutboxState::Failed,
    OutboxState::Sent,
    OutboxState::Skipped,
];

/// `kariz message outbox`: what rules queued and is not sent yet (queued,
/// being sent, failed); with --all the sent and skipped ones too, with
/// --failed only the failures.
fn outbox(
    ctx: &Context,
    store: &Store,
    out: &Render,
    states: &[OutboxState],
    json: bool,
) -> Result<()> {
    let rows = store.outbox(states)?;
    if json {
        return output::json(&rows);
    }
    let mut table = out
        .table(&[
            "id", "queued", "rule", "person", "channel", "template", "state", "tries", "next try",
            "reason",
        ])
        .align_right("id");
    for r in &rows {
        let next = match (r.state, r.next_attempt_at) {
            (OutboxState::Queued, Some(at)) => out.local_time(&ctx.clock, at),
            _ => String::new(),
        };
        table.row(vec![
            r.id.to_string(),
            out.local_time(&ctx.clock, r.created_at),
            r.message.rule.clone(),
            format!("{} ({})", r.person, r.message.person_id),
            r.message.channel.as_str().to_string(),
            r.message.template.clone(),
            r.state.as_str().to_string(),
            out.count(r.attempts),
            next,
            r.last_error.clone().unwrap_or_default(),
        ]);
    }
    table.print(if states == [OutboxState::Failed] {
        "No failed messages in the outbox."
    } else if states.len() == OUTBOX_ALL.len() {
        "The outbox is empty: no rule has queued a message."
    } else {
        "Nothing waiting: `kariz remind` has sent everything rules queued."
    })
}

/// `kariz message retry ID`: a failed outbox row back in the queue.
fn retry(ctx: &Context, store: &mut Store, out: &Render, id: &str, json: bool) -> Result<()> {
    let id = args::id(id)?;
    let row = store.write(ctx.clock.now_utc(), |w| w.requeue_outbox(id))?;
    if json {
        return output::json(&row);
    }
    out.sentence(&format!(
        "Outbox message {id} ({} by {} to {}) is queued again: the next `kariz remind` sends it",
        crate::text::display::isolate(&row.message.template),
        row.message.channel.as_str(),
        crate::text::display::isolate(&row.person),
    ))?;
    Ok(())
}
