//! `kariz activity`: the timeline of calls, e-mails, meetings and notes.

use super::args;
use super::context::Context;
use super::output;
use super::render;
use super::resolve;
use crate::model::{ActivityData, ActivityKind, dates};
use crate::store::{ActivityFilter, Store};
use anyhow::{Result, anyhow};
use chrono::{NaiveTime, Timelike};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log an activity against a person, company or deal, or on a case
    Add {
        #[command(flatten)]
        fields: Fields,
        /// Log it on this support case (e.g. 1405-0042); linked to the
        /// case's customer unless --person/--company/--deal say otherwise.
        /// An outgoing call, e-mail, text or meeting is the case's first
        /// response if it has none yet
        #[arg(long, value_name = "NUMBER")]
        case: Option<String>,
        /// Print the new record as JSON
        #[arg(long)]
        json: bool,
    },
    /// List activities, newest first
    List {
        /// Only this kind (incoming_call, outgoing_call, missed_call, email, meeting, sms, note, complaint)
        #[arg(long)]
        kind: Option<String>,
        /// Only those of this person (id)
        #[arg(long)]
        person: Option<String>,
        /// Only those of this company or its people (id or name)
        #[arg(long)]
        company: Option<String>,
        /// Only those of this deal (id)
        #[arg(long)]
        deal: Option<String>,
        /// Only those recorded by this author
        #[arg(long)]
        author: Option<String>,
        /// At most this many (0 = all)
        #[arg(long)]
        limit: Option<usize>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show one activity
    Show {
        /// Activity id
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change an activity (only the flags given change)
    Edit {
        /// Activity id
        id: String,
        #[command(flatten)]
        fields: Fields,
        /// Remove a link or the body: person, company, deal, body
        #[arg(long, value_name = "FIELD")]
        clear: Vec<String>,
        #[command(flatten)]
        edit: args::EditFlags,
    },
    /// Remove an activity
    Rm {
        /// Activity id
        id: String,
        #[command(flatten)]
        expect: args::Expect,
    },
}

/// The fields an activity can be given on the command line.
#[derive(Debug, clap::Args)]
pub struct Fields {
    /// incoming_call, outgoing_call, missed_call, email, meeting, sms, note or complaint (also: call-in/in/incoming, call-out/out/outgoing/call, call-missed/missed, e-mail/mail, text)
    #[arg(long)]
    kind: Option<String>,
    /// One-line summary
    #[arg(long)]
    subject: Option<String>,
    /// Details
    #[arg(long)]
    body: Option<String>,
    /// When it happened, local time: "2026-11-20 14:30", "yesterday 16:45", today [default: now]
    #[arg(long, allow_hyphen_values = true)]
    at: Option<String>,
    /// Who recorded it [default: you]
    #[arg(long)]
    author: Option<String>,
    /// Linked person id
    #[arg(long)]
    person: Option<String>,
    /// Linked company: id or exact name
    #[arg(long)]
    company: Option<String>,
    /// Linked deal id
    #[arg(long)]
    deal: Option<String>,
}

impl Fields {
    fn apply(&self, ctx: &Context, store: &Store, data: &mut ActivityData) -> Result<()> {
        if let Some(kind) = &self.kind {
            data.kind = ActivityKind::parse(kind).map_err(|e| anyhow!("--kind: {e}"))?;
        }
        if let Some(subject) = &self.subject {
            data.subject = subject.clone();
        }
        if let Some(body) = &self.body {
            data.body = crate::model::optional_text(Some(body.clone()));
        }
        if let Some(at) = &self.at {
            let (day, time) = dates::parse_date_time(at, ctx.clock.today())
                .map_err(|e| args::refused("at", e))?;
            // A bare day keeps the time of day it is now, so "yesterday" sorts sensibly.
            let now = ctx.clock.now_local().time();
            let time = time.unwrap_or(
                NaiveTime::from_hms_opt(now.hour(), now.minute(), 0).unwrap_or_default(),
            );
            data.occurred_at = ctx.clock.local_to_utc(day, time);
        }
        if let Some(author) = &self.author {
            data.author = author.trim().to_string();
        }
        if let Some(p) = &self.person {
            data.person_id = Some(args::id(p)?);
        }
        if let Some(c) = &self.company {
            data.company_id = Some(resolve::company(store, c)?);
        }
        if let Some(d) = &self.deal {
            data.deal_id = Some(args::id(d)?);
        }
        Ok(())
    }
}

/// Runs one subcommand.
// Long but flat: on purpose, one match arm per subcommand, each a few lines
// that parse flags and call the store; splitting it would only add jumps.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let now = ctx.clock.now_utc();
    match command {
        Command::Add { fields, case, json } => {
            if fields.kind.is_none() {
                return Err(anyhow!(
                    "--kind is required: incoming_call, outgoing_call, missed_call, email, meeting, sms, note or complaint"
                ));
            }
            let mut data = ActivityData {
                kind: ActivityKind::Note,
                subject: String::new(),
                body: None,
                occurred_at: now,
                author: store.actor().to_string(),
                person_id: None,
                company_id: None,
                deal_id: None,
            };
            fields.apply(ctx, &store, &mut data)?;
            let id = match case {
                Some(number) => {
                    let number = crate::model::CaseNumber::parse(&number)
                        .map_err(|e| anyhow!("--case: {e}"))?;
                    let case_id = store.case_by_number(number)?.id;
                    store.write(now, |w| w.add_case_activity(case_id, data))?
                }
                None => store.write(now, |w| w.add_activity(data))?,
            };
            report(&store, id, json, "Logged")
        }
        Command::List {
            kind,
            person,
            company,
            deal,
            author,
            limit,
            json,
        } => {
            let filter = ActivityFilter {
                kind: kind
                    .map(|k| ActivityKind::parse(&k).map_err(|e| anyhow!("--kind: {e}")))
                    .transpose()?,
                person_id: person.map(|p| args::id(&p)).transpose()?,
                company_id: company.map(|c| resolve::company(&store, &c)).transpose()?,
                deal_id: deal.map(|d| args::id(&d)).transpose()?,
                author,
                limit: limit.unwrap_or(0),
            };
            let activities = store.activities(&filter)?;
            if json {
                return output::json(&activities);
            }
            render::activity_table(&activities, ctx, &out, true).print("No activities match.")
        }
        Command::Show { id, json } => {
            let a = store.activity(args::id(&id)?)?;
            if json {
                return output::json(&a);
            }
            output::line(&format!(
                "Activity {} — {}  (version {})",
                a.id, a.data.subject, a.version
            ))?;
            let mut d = out.details();
            d.field("Kind", Some(a.data.kind.as_str().to_string()))
                .field("When", Some(out.local_time(&ctx.clock, a.data.occurred_at)))
                .field("By", Some(a.data.author.clone()))
                .field("Person", a.person.clone())
                .field("Company", a.company.clone())
                .field("Deal", a.deal.clone())
                .field("Body", a.data.body.clone());
            output::raw(&d.render())?;
            Ok(())
        }
        Command::Edit {
            id,
            fields,
            clear,
            edit: args::EditFlags { version, json },
        } => {
            let id = args::id(&id)?;
            let a = store.activity(id)?;
            let mut data = a.data.clone();
            args::check_clear(&clear, &["person", "company", "deal", "body"])?;
            if args::clears(&clear, "person") {
                data.person_id = None;
            }
            if args::clears(&clear, "company") {
                data.company_id = None;
            }
            if args::clears(&clear, "deal") {
                data.deal_id = None;
            }
            if args::clears(&clear, "body") {
                data.body = None;
            }
            fields.apply(ctx, &store, &mut data)?;
            // Without --version only the fields given are written (field-level).
            store.write(now, |w| match version {
                Some(expected) => w.update_activity(id, expected, data),
                None => w.patch_activity(id, &a.data, &data),
            })?;
            let verb = if store.activity(id)?.version == a.version {
                "Nothing to change in"
            } else {
                "Changed"
            };
            report(&store, id, json, verb)
        }
        Command::Rm {
            id,
            expect: args::Expect { version },
        } => {
            let id = args::id(&id)?;
            let a = store.activity(id)?;
            store.write(now, |w| w.delete_activity(id, version))?;
            output::line(&format!("Removed activity {id} ({}).", a.data.subject))
        }
    }
}

fn report(store: &Store, id: i64, json: bool, verb: &str) -> Result<()> {
    let a = store.activity(id)?;
    if json {
        return output::json(&a);
    }
    output::line(&format!(
        "{verb} activity {id} ({}: {}), version {}.",
        a.data.kind.as_str(),
        a.data.subject,
        a.version
    ))
}
