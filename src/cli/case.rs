//! `kariz case`: support cases, their SLA clocks and the queue.

use super::args::{self, set_text};
use super::context::Context;
use super::output::{self, Render, Table};
use super::render;
use super::resolve;
use crate::config::{Config, Named};
use crate::desk::{self, QueueFilter, QueueItem};
use crate::model::case::{check_satisfaction, parse_minutes};
use crate::model::{Case, CaseData, CaseNumber};
use crate::sla::{CaseSla, Clock};
use crate::store::Store;
use crate::text::display::isolate;
use crate::vocab::{CaseChannel, CasePriority};
use anyhow::{Result, anyhow};
use clap::{ArgGroup, Subcommand};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a case for a customer (person and/or company)
    Add {
        #[command(flatten)]
        fields: Fields,
        /// Print the new case as JSON
        #[arg(long)]
        json: bool,
    },
    /// The queue: open cases, breached first, then least business time left
    #[command(group(ArgGroup::new("who").args(["mine", "unassigned", "assignee"])))]
    List {
        /// Only cases in this status
        #[arg(long)]
        status: Option<String>,
        /// Only cases assigned to you
        #[arg(long)]
        mine: bool,
        /// Only cases nobody is assigned to
        #[arg(long)]
        unassigned: bool,
        /// Only cases assigned to this login
        #[arg(long)]
        assignee: Option<String>,
        /// Only cases past an SLA target
        #[arg(long)]
        breached: bool,
        /// Only cases with at most this much business time left on a running clock, e.g. 2h, 30m
        #[arg(long, value_name = "TIME")]
        due_within: Option<String>,
        /// Closed cases too
        #[arg(long)]
        all: bool,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show a case: fields, SLA clocks, status history and timeline
    Show {
        /// Case number, e.g. 1405-0042
        number: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a case (only the flags given change)
    Edit {
        /// Case number
        number: String,
        #[command(flatten)]
        fields: Fields,
        /// Empty a field: description, person, company, category, assignee, deal
        #[arg(long, value_name = "FIELD")]
        clear: Vec<String>,
        #[command(flatten)]
        edit: args::EditFlags,
    },
    /// Assign a case to a team member (or to nobody with --nobody)
    Assign {
        /// Case number
        number: String,
        /// Login from the team list (`kariz user list`)
        #[arg(required_unless_present = "nobody")]
        login: Option<String>,
        /// Leave the case unassigned
        #[arg(long, conflicts_with = "login")]
        nobody: bool,
        #[command(flatten)]
        expect: args::Expect,
    },
    /// Move a case to another status of the workflow
    Status {
        /// Case number
        number: String,
        /// Status name from the config's workflow (`kariz config show`)
        status: String,
        #[command(flatten)]
        expect: args::Expect,
    },
    /// Close a case, optionally with the customer's satisfaction
    Close {
        /// Case number
        number: String,
        /// Satisfaction score, 1 (bad) to 5 (excellent)
        #[arg(long)]
        score: Option<u8>,
        /// The customer's comment with the score
        #[arg(long, requires = "score")]
        comment: Option<String>,
        #[command(flatten)]
        expect: args::Expect,
    },
    /// Reopen a resolved or closed case
    Reopen {
        /// Case number
        number: String,
        #[command(flatten)]
        expect: args::Expect,
    },
}

/// The fields a case can be given on the command line.
#[derive(Debug, clap::Args)]
pub struct Fields {
    /// What is wrong, in one line
    #[arg(long)]
    subject: Option<String>,
    /// Details as the customer told them
    #[arg(long)]
    description: Option<String>,
    /// Customer person id
    #[arg(long)]
    person: Option<String>,
    /// Customer company: id or exact name
    #[arg(long)]
    company: Option<String>,
    /// call, email, walk_in, sms or web
    #[arg(long)]
    channel: Option<String>,
    /// A category from the config's [support] categories
    #[arg(long)]
    category: Option<String>,
    /// low, normal, high or urgent
    #[arg(long)]
    priority: Option<String>,
    /// Team member working on it (login)
    #[arg(long)]
    assignee: Option<String>,
    /// Related deal id
    #[arg(long)]
    deal: Option<String>,
    /// Tag (repeat for several)
    #[arg(long = "tag")]
    tags: Vec<String>,
}

const CLEARABLE: &[&str] = &[
    "description",
    "person",
    "company",
    "category",
    "assignee",
    "deal",
];

fn keyword<T: Copy + std::fmt::Display>(flag: &str, text: &str, all: &[T]) -> Result<T> {
    let key = text.trim().to_lowercase().replace('-', "_");
    all.iter()
        .copied()
        .find(|v| v.to_string() == key)
        .ok_or_else(|| {
            let names: Vec<String> = all.iter().map(ToString::to_string).collect();
            anyhow!(
                "--{flag}: {} is not allowed; use one of: {}",
                crate::text::sanitize::quoted(text),
                names.join(", ")
            )
        })
}

impl Fields {
    fn apply(&self, store: &Store, data: &mut CaseData) -> Result<()> {
        if let Some(subject) = &self.subject {
            data.subject = subject.clone();
        }
        set_text(&mut data.description, &self.description);
        if let Some(p) = &self.person {
            data.person_id = Some(args::id(p)?);
        }
        if let Some(c) = &self.company {
            data.company_id = Some(resolve::company(store, c)?);
        }
        if let Some(c) = &self.channel {
            data.channel = keyword("channel", c, CaseChannel::ALL)?;
        }
        set_text(&mut data.category, &self.category);
        // A category typed in Persian or Arabic (its label or word).
        if let Some(category) = &mut data.category {
            *category = crate::locale::named::name_of(store.config(), Named::Category, category);
        }
        if let Some(p) = &self.priority {
            data.priority = keyword("priority", p, CasePriority::ALL)?;
        }
        set_text(&mut data.assignee, &self.assignee);
        if let Some(d) = &self.deal {
            data.deal_id = Some(args::id(d)?);
        }
        for tag in &self.tags {
            if !data.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                data.tags.push(tag.clone());
            }
        }
        Ok(())
    }
}

fn clear(data: &mut CaseData, fields: &[String]) -> Result<()> {
    args::check_clear(fields, CLEARABLE)?;
    let c = |f: &str| args::clears(fields, f);
    if c("description") {
        data.description = None;
    }
    if c("person") {
        data.person_id = None;
    }
    if c("company") {
        data.company_id = None;
    }
    if c("category") {
        data.category = None;
    }
    if c("assignee") {
        data.assignee = None;
    }
    if c("deal") {
        data.deal_id = None;
    }
    Ok(())
}

/// The case with the number typed on the command line.
pub fn find(store: &Store, number: &str) -> Result<Case> {
    let number = CaseNumber::parse(number).map_err(|e| anyhow!(e))?;
    Ok(store.case_by_number(number)?)
}

/// Runs one subcommand.
// Long but flat: on purpose, one match arm per subcommand.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let now = ctx.clock.now_utc();
    match command {
        Command::Add { fields, json } => {
            if fields.subject.is_none() {
                return Err(anyhow!(
                    "--subject is required: say in one line what is wrong, e.g. --subject \"Inverter shows E04\""
                ));
            }
            let mut data = CaseData::default();
            fields.apply(&store, &mut data)?;
            let (id, _) = store.write(now, |w| w.add_case(data))?;
            report(ctx, &store, id, json, "Opened")
        }
        Command::List {
            status,
            mine,
            unassigned,
            assignee,
            breached,
            due_within,
            all,
            json,
        } => {
            let filter = QueueFilter {
                status,
                assignee: if mine {
                    Some(store.actor().to_string())
                } else {
                    assignee
                },
                unassigned,
                include_closed: all,
                breached,
                due_within_minutes: due_within
                    .map(|d| parse_minutes(&d).map_err(|e| anyhow!("--due-within: {e}")))
                    .transpose()?,
            };
            let items = desk::queue(&store, &filter, now)?;
            if json {
                return output::json(&items);
            }
            queue_table(&items, store.config(), ctx, &ctx.render(store.config()))
                .print("No cases match.")
        }
        Command::Show { number, json } => {
            let case = find(&store, &number)?;
            let page = desk::case_page(&store, case.id, now)?;
            if json {
                return output::json(&page);
            }
            show(ctx, &store, &page)
        }
        Command::Edit {
            number,
            fields,
            clear: cleared,
            edit: args::EditFlags { version, json },
        } => {
            let case = find(&store, &number)?;
            let id = case.id;
            let mut data = case.data.clone();
            clear(&mut data, &cleared)?;
            fields.apply(&store, &mut data)?;
            // Without --version only the fields given are written (field-level).
            store.write(now, |w| match version {
                Some(expected) => w.update_case(id, expected, data),
                None => w.patch_case(id, &case.data, &data),
            })?;
            let verb = if store.case(id)?.version == case.version {
                "Nothing to change in"
            } else {
                "Changed"
            };
            report(ctx, &store, id, json, verb)
        }
        Command::Assign {
            number,
            login,
            nobody: _,
            expect: args::Expect { version },
        } => {
            let case = find(&store, &number)?;
            let mut data = case.data.clone();
            data.assignee = login.map(|l| l.trim().to_string());
            store.write(now, |w| {
                w.update_case(case.id, version.unwrap_or(case.version), data)
            })?;
            report(ctx, &store, case.id, false, "Assigned")
        }
        Command::Status {
            number,
            status,
            expect: args::Expect { version },
        } => {
            let case = find(&store, &number)?;
            // A status typed in Persian or Arabic (its label or word).
            let status = crate::locale::named::name_of(store.config(), Named::CaseStatus, &status);
            store.write(now, |w| w.move_case(case.id, version, &status))?;
            report(ctx, &store, case.id, false, "Moved")
        }
        Command::Close {
            number,
            score,
            comment,
            expect: args::Expect { version },
        } => {
            if let Some(score) = score {
                check_satisfaction(score).map_err(|e| anyhow!("--score: {e}"))?;
            }
            let case = find(&store, &number)?;
            store.write(now, |w| w.close_case(case.id, version, score, comment))?;
            report(ctx, &store, case.id, false, "Closed")
        }
        Command::Reopen {
            number,
            expect: args::Expect { version },
        } => {
            let case = find(&store, &number)?;
            store.write(now, |w| w.reopen_case(case.id, version))?;
            report(ctx, &store, case.id, false, "Reopened")
        }
    }
}

fn report(ctx: &Context, store: &Store, id: i64, json: bool, verb: &str) -> Result<()> {
    let out = ctx.render(store.config());
    let case = store.case(id)?;
    if json {
        let page = desk::case_page(store, id, ctx.clock.now_utc())?;
        return output::json(&page);
    }
    // The subject and the status (by its label) are inserted data: each an
    // isolate, so a Persian one cannot reorder the English sentence.
    let status = out
        .locale()
        .named(store.config(), Named::CaseStatus, &case.data.status);
    out.sentence(&format!(
        "{verb} case {} ({}), status {}, version {}.",
        out.digits(&case.number.to_string()),
        isolate(&case.data.subject),
        isolate(&status),
        case.version
    ))
}

/// Business time as `3h 20m` (negative: overdue by that much).
fn span_text(seconds: i64, out: &Render) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let minutes = (seconds.abs() + 59) / 60;
    let text = match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    };
    out.digits(&format!("{sign}{text}"))
}

/// The one-word state of a case's clocks for the queue.
fn sla_word(sla: &CaseSla) -> String {
    let open: Vec<&Clock> = [&sla.first_response, &sla.resolution]
        .into_iter()
        .filter(|c| c.is_open())
        .collect();
    if open.is_empty() {
        return "done".into();
    }
    if sla.breached() {
        return "breached".into();
    }
    if open.iter().all(|c| c.paused) {
        return "paused".into();
    }
    if open.iter().any(|c| c.state == crate::sla::SlaState::AtRisk) {
        return "at_risk".into();
    }
    "on_track".into()
}

fn customer(case: &Case) -> String {
    match (&case.person, &case.company) {
        (Some(p), Some(c)) => format!("{p} ({c})"),
        (Some(p), None) => p.clone(),
        (None, Some(c)) => c.clone(),
        (None, None) => String::new(),
    }
}

fn queue_table(items: &[QueueItem], config: &Config, ctx: &Context, out: &Render) -> Table {
    let mut table = out
        .table(&[
            "Number", "Priority", "Status", "SLA", "Left", "Due", "Subject", "Customer", "Assignee",
        ])
        .align_right("Left");
    for item in items {
        let open = [&item.sla.first_response, &item.sla.resolution]
            .into_iter()
            .filter(|c| c.is_open())
            .min_by_key(|c| c.left_seconds);
        table.row(vec![
            out.digits(&item.case.number.to_string()),
            item.case.data.priority.as_str().to_string(),
            out.locale()
                .named(config, Named::CaseStatus, &item.case.data.status),
            sla_word(&item.sla),
            open.map(|c| span_text(c.left_seconds, out))
                .unwrap_or_default(),
            item.sla
                .next_due()
                .map(|t| out.local_time(&ctx.clock, t))
                .unwrap_or_default(),
            output::cut(&item.case.data.subject, 40),
            output::cut(&customer(&item.case), 30),
            item.case.data.assignee.clone().unwrap_or_default(),
        ]);
    }
    table
}

fn clock_text(clock: &Clock, ctx: &Context, out: &Render) -> String {
    let target = span_text(i64::from(clock.target_minutes) * 60, out);
    let used = span_text(clock.used_seconds, out);
    match clock.done_at {
        Some(done) => format!(
            "{} at {} ({used} of {target})",
            clock.state.as_str(),
            out.local_time(&ctx.clock, done)
        ),
        None if clock.paused => format!(
            "paused ({} left of {target})",
            span_text(clock.left_seconds, out)
        ),
        None => format!(
            "{}, due {} ({} left of {target})",
            clock.state.as_str(),
            clock
                .due_at
                .map(|t| out.local_time(&ctx.clock, t))
                .unwrap_or_else(|| "-".into()),
            span_text(clock.left_seconds, out)
        ),
    }
}

fn show(ctx: &Context, store: &Store, page: &desk::CasePage) -> Result<()> {
    let out = ctx.render(store.config());
    let out = &out;
    let case = &page.case;
    output::line(&format!(
        "Case {} — {}  (version {})",
        out.digits(&case.number.to_string()),
        case.data.subject,
        case.version
    ))?;
    // Statuses and categories by their config labels in the output's
    // language; --json keeps the stored names.
    let config = store.config();
    let named = |kind, name: &str| out.locale().named(config, kind, name);
    let mut d = out.details();
    d.field("Status", Some(named(Named::CaseStatus, &case.data.status)))
        .field("Priority", Some(case.data.priority.as_str().to_string()))
        .field("Channel", Some(case.data.channel.as_str().to_string()))
        .field(
            "Category",
            case.data
                .category
                .as_deref()
                .map(|c| named(Named::Category, c)),
        )
        .field("Person", case.person.clone())
        .field("Company", case.company.clone())
        .field("Assignee", case.data.assignee.clone())
        .field(
            "Deal",
            case.data
                .deal_id
                .and_then(|id| store.deal(id).ok())
                .map(|deal| deal.data.title),
        )
        .field(
            "Tags",
            (!case.data.tags.is_empty()).then(|| case.data.tags.join(", ")),
        )
        .field("Opened", Some(out.local_time(&ctx.clock, case.created_at)))
        .field(
            "First reply",
            Some(clock_text(&page.sla.first_response, ctx, out)),
        )
        .field(
            "Resolution",
            Some(clock_text(&page.sla.resolution, ctx, out)),
        )
        .field(
            "Satisfaction",
            case.data.satisfaction.map(|s| {
                let score = out.digits(&format!("{s}/5"));
                match &case.data.satisfaction_comment {
                    Some(c) => format!("{score} — {c}"),
                    None => score,
                }
            }),
        )
        .field("Description", case.data.description.clone());
    output::raw(&d.render())?;
    output::line("")?;
    output::line("Status history")?;
    let mut moves = out.table(&["When", "Status", "By"]);
    for m in &page.history {
        moves.row(vec![
            out.local_time(&ctx.clock, m.at),
            named(Named::CaseStatus, &m.to_status),
            m.actor.clone(),
        ]);
    }
    moves.print("No status changes.")?;
    output::line("")?;
    render::print_timeline(&page.timeline, ctx, out)
}
