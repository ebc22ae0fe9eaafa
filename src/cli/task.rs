//! `kariz task`: tasks and reminders.

use super::args::{self, set_text};
use super::context::Context;
use super::output;
use super::render;
use super::resolve;
use crate::model::{Priority, TaskData};
use crate::store::{Store, TaskFilter, TaskWindow};
use anyhow::{Result, anyhow};
use clap::{ArgGroup, Subcommand};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a task
    Add {
        #[command(flatten)]
        fields: Fields,
        /// Print the new record as JSON
        #[arg(long)]
        json: bool,
    },
    /// List tasks (open ones by default), earliest due first
    #[command(group(ArgGroup::new("window").args(["today", "overdue", "upcoming", "done", "all"])))]
    List {
        /// Open tasks due today
        #[arg(long)]
        today: bool,
        /// Open tasks due before today
        #[arg(long)]
        overdue: bool,
        /// Open tasks due in the next --days days (after today)
        #[arg(long)]
        upcoming: bool,
        /// Days ahead for --upcoming
        #[arg(long, default_value_t = 7, requires = "upcoming")]
        days: u32,
        /// Done tasks
        #[arg(long)]
        done: bool,
        /// Every task, open or done
        #[arg(long)]
        all: bool,
        /// Only tasks of this owner
        #[arg(long)]
        owner: Option<String>,
        /// Only tasks linked to this person (id)
        #[arg(long)]
        person: Option<String>,
        /// Only tasks linked to this company (id or name)
        #[arg(long)]
        company: Option<String>,
        /// Only tasks linked to this deal (id)
        #[arg(long)]
        deal: Option<String>,
        /// At most this many, in the list's order (0 = all)
        #[arg(long)]
        limit: Option<usize>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show one task
    Show {
        /// Task id
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a task (only the flags given change)
    Edit {
        /// Task id
        id: String,
        #[command(flatten)]
        fields: Fields,
        /// Empty a field: due, time, person, company, deal, owner, notes, repeat, remind
        #[arg(long, value_name = "FIELD")]
        clear: Vec<String>,
        /// A repeating task: change only this occurrence (the next ones keep
        /// the series' title, time, priority, owner and notes)
        #[arg(long, conflicts_with = "all")]
        this: bool,
        /// A repeating task: change this occurrence and the ones after it
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        edit: args::EditFlags,
    },
    /// Remove a task
    Rm {
        /// Task id
        id: String,
        #[command(flatten)]
        expect: args::Expect,
    },
    /// Mark a task done
    Done {
        /// Task id (leave out with --where/--segment)
        id: Option<String>,
        #[command(flatten)]
        select: super::segment::Select,
        /// With --where/--segment: print the count and the tasks, change nothing
        #[arg(long)]
        dry_run: bool,
        /// With --where/--segment: print the count and the tasks as JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        expect: args::Expect,
    },
    /// Mark a done task open again
    Reopen {
        /// Task id
        id: String,
        #[command(flatten)]
        expect: args::Expect,
    },
}

/// The fields a task can be given on the command line.
#[derive(Debug, clap::Args)]
pub struct Fields {
    /// What to do
    #[arg(long)]
    title: Option<String>,
    /// Due date: YYYY-MM-DD, today, tomorrow, +3d, +2w, friday, next monday…
    #[arg(long, allow_hyphen_values = true)]
    due: Option<String>,
    /// Due time of day, HH:MM
    #[arg(long)]
    at: Option<String>,
    /// low, normal or high
    #[arg(long)]
    priority: Option<String>,
    /// Linked person id
    #[arg(long)]
    person: Option<String>,
    /// Linked company: id or exact name
    #[arg(long)]
    company: Option<String>,
    /// Linked deal id
    #[arg(long)]
    deal: Option<String>,
    /// Who does it [default on add: you]
    #[arg(long)]
    owner: Option<String>,
    /// Notes
    #[arg(long)]
    notes: Option<String>,
    /// Repeat: "every 2 weeks on mon,thu", "monthly on day 1 jalali",
    /// "every month on last day", "yearly", "daily"; "none" stops it
    #[arg(long, value_name = "RULE")]
    repeat: Option<String>,
    /// Remind the owner this long before it is due (`kariz remind`):
    /// minutes, or 30m, 2h, 1d; 0 = when it is due
    #[arg(long, value_name = "BEFORE")]
    remind: Option<String>,
}

const CLEARABLE: &[&str] = &[
    "due", "time", "person", "company", "deal", "owner", "notes", "repeat", "remind",
];

impl Fields {
    fn apply(&self, ctx: &Context, store: &Store, data: &mut TaskData) -> Result<()> {
        if let Some(title) = &self.title {
            data.title = title.clone();
        }
        if let Some(due) = &self.due {
            data.due_date = Some(args::date("due", due, ctx.clock.today())?);
        }
        if let Some(at) = &self.at {
            data.due_time = Some(args::time("at", at)?);
        }
        if let Some(p) = &self.priority {
            data.priority = Priority::parse(p).map_err(|e| args::refused("priority", e))?;
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
        set_text(&mut data.owner, &self.owner);
        set_text(&mut data.notes, &self.notes);
        if let Some(rule) = &self.repeat {
            data.repeat = (!rule.trim().eq_ignore_ascii_case("none")).then(|| rule.clone());
        }
        if let Some(before) = &self.remind {
            data.remind = Some(remind_minutes(before)?);
        }
        Ok(())
    }
}

fn clear(data: &mut TaskData, fields: &[String]) -> Result<()> {
    args::check_clear(fields, CLEARABLE)?;
    let c = |f: &str| args::clears(fields, f);
    if c("due") {
        data.due_date = None;
        data.due_time = None;
    }
    if c("time") {
        data.due_time = None;
    }
    if c("person") {
        data.person_id = None;
    }
    if c("company") {
        data.company_id = None;
    }
    if c("deal") {
        data.deal_id = None;
    }
    if c("owner") {
        data.owner = None;
    }
    if c("repeat") {
        data.repeat = None;
    }
    if c("notes") {
        data.notes = None;
    }
    if c("remind") {
        data.remind = None;
    }
    Ok(())
}

/// `--remind`: minutes (`45`), or with a unit (`30m`, `2h`, `1d`).
fn remind_minutes(text: &str) -> Result<u32> {
    let digits: String = text
        .trim()
        .chars()
        .map(|c| crate::text::digits::to_ascii(c).unwrap_or(c))
        .collect();
    let t = digits.trim();
    let (number, factor) = if let Some(n) = t.strip_suffix('d') {
        (n, 24 * 60)
    } else if let Some(n) = t.strip_suffix('h') {
        (n, 60)
    } else {
        (t.strip_suffix('m').unwrap_or(t), 1)
    };
    number
        .trim()
        .parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|m| *m <= 366 * 24 * 60)
        .ok_or_else(|| {
            anyhow!(
                "--remind: {} is not a time before the task is due; write minutes or 30m, 2h, 1d (at most a year)",
                crate::text::sanitize::quoted(text)
            )
        })
}

/// Runs one subcommand.
// Long but flat: on purpose, one match arm per subcommand, each a few lines
// that parse flags and call the store; splitting it would only add jumps.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let now = ctx.clock.now_utc();
    match command {
        Command::Add { fields, json } => {
            let mut data = TaskData {
                owner: Some(store.actor().to_string()),
                ..TaskData::default()
            };
            fields.apply(ctx, &store, &mut data)?;
            let id = store.write(now, |w| w.add_task(data))?;
            report(ctx, &store, id, json, "Added")
        }
        Command::List {
            today,
            overdue,
            upcoming,
            days,
            done,
            all,
            owner,
            person,
            company,
            deal,
            limit,
            json,
        } => {
            let window = if today {
                TaskWindow::Today
            } else if overdue {
                TaskWindow::Overdue
            } else if upcoming {
                TaskWindow::Upcoming(days)
            } else if done {
                TaskWindow::Done
            } else if all {
                TaskWindow::All
            } else {
                TaskWindow::Open
            };
            let filter = TaskFilter {
                window,
                today: ctx.clock.today(),
                owner,
                unowned_too: false,
                person_id: person.map(|p| args::id(&p)).transpose()?,
                company_id: company.map(|c| resolve::company(&store, &c)).transpose()?,
                deal_id: deal.map(|d| args::id(&d)).transpose()?,
                limit: limit.unwrap_or(0),
            };
            let tasks = store.tasks(&filter)?;
            if json {
                return output::json(&tasks);
            }
            render::task_table(tasks, ctx, &out).print("No tasks match.")
        }
        Command::Show { id, json } => {
            let task = store.task(args::id(&id)?)?;
            if json {
                return output::json(&task);
            }
            output::line(&format!(
                "Task {} — {}  (version {})",
                task.id, task.data.title, task.version
            ))?;
            let mut d = out.details();
            d.field("Due", Some(render::due_text(&task, &out)))
                .field("Priority", Some(task.data.priority.as_str().to_string()))
                .field("Done", task.done_at.map(|t| out.local_time(&ctx.clock, t)))
                .field("Person", task.person.clone())
                .field("Company", task.company.clone())
                .field("Deal", task.deal.clone())
                .field("Owner", task.data.owner.clone())
                .field("Notes", task.data.notes.clone())
                .field("Repeats", render::repeat_text(&task, store.config(), &out))
                .field(
                    "Remind",
                    task.data
                        .remind
                        .map(|m| format!("{} min before", out.digits(&m.to_string()))),
                )
                .field("Created", Some(out.local_time(&ctx.clock, task.created_at)));
            output::raw(&d.render())?;
            Ok(())
        }
        Command::Edit {
            id,
            fields,
            clear: cleared,
            this,
            all,
            edit: args::EditFlags { version, json },
        } => {
            let id = args::id(&id)?;
            let task = store.task(id)?;
            let mut data = task.data.clone();
            clear(&mut data, &cleared)?;
            fields.apply(ctx, &store, &mut data)?;
            if task.done_at.is_none() && task.data.changes_series(&data) && !this && !all {
                return Err(super::exit::Coded {
                    code: super::exit::USAGE,
                    message: format!(
                        "task {id} repeats ({}): add --this to change only this occurrence, \
                         or --all to change it and the ones after it",
                        task.data.repeat.as_deref().unwrap_or_default()
                    ),
                }
                .into());
            }
            // Without --version only the fields given are written (field-level).
            store.write(now, |w| {
                let save = |w: &mut crate::store::Writer| match version {
                    Some(expected) => w.update_task(id, expected, data),
                    None => w.patch_task(id, &task.data, &data),
                };
                if this {
                    w.edit_only_this(id, save)
                } else {
                    save(w)
                }
            })?;
            let verb = if store.task(id)?.version == task.version {
                "Nothing to change in"
            } else {
                "Changed"
            };
            report(ctx, &store, id, json, verb)
        }
        Command::Rm {
            id,
            expect: args::Expect { version },
        } => {
            let id = args::id(&id)?;
            let task = store.task(id)?;
            store.write(now, |w| w.delete_task(id, version))?;
            output::line(&format!("Removed task {id} ({}).", task.data.title))
        }
        Command::Done {
            id,
            select,
            dry_run,
            json,
            expect: args::Expect { version },
        } => {
            super::bulk::one_or_many(&id, &select, "task")?;
            let Some(id) = id else {
                let Some(filter) = select.resolve(ctx, &store)? else {
                    anyhow::bail!("name the tasks with --where EXPR or --segment NAME");
                };
                return super::bulk::complete_tasks(ctx, &mut store, &filter, (dry_run, json));
            };
            let id = args::id(&id)?;
            store.write(now, |w| w.complete_task(id, version))?;
            report(ctx, &store, id, false, "Done:")?;
            if let Some(next) = store.next_occurrence(id)?
                && next.done_at.is_none()
            {
                output::line(&format!(
                    "Next: task {} due {}.",
                    next.id,
                    render::due_text(&next, &out)
                ))?;
            }
            Ok(())
        }
        Command::Reopen {
            id,
            expect: args::Expect { version },
        } => {
            let id = args::id(&id)?;
            store.write(now, |w| w.reopen_task(id, version))?;
            report(ctx, &store, id, false, "Reopened")
        }
    }
}

fn report(_ctx: &Context, store: &Store, id: i64, json: bool, verb: &str) -> Result<()> {
    let task = store.task(id)?;
    if json {
        return output::json(&task);
    }
    output::line(&format!(
        "{verb} task {id} ({}), version {}.",
        task.data.title, task.version
    ))
}
