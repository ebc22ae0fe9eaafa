//! `kariz agenda`: my day for a terminal or a login script — overdue and
//! today's tasks, today's birthdays (in the configured calendar), my cases
//! past or near their SLA targets.

use super::context::Context;
use super::output;
use anyhow::Result;

/// `kariz agenda`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the agenda as JSON
    #[arg(long)]
    json: bool,
}

/// Prints the acting user's day.
pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let store = ctx.open()?;
    let out = ctx.render(store.config());
    let agenda = crate::remind::agenda(&store, &ctx.clock, store.actor())?;
    if args.json {
        return output::json(&agenda);
    }
    let locale = out.locale().clone();
    out.sentence(&locale.tf(
        "agenda.heading",
        &[("date", &locale.long_date(agenda.today))],
    ))?;
    let sections = [
        ("agenda.overdue", &agenda.overdue),
        ("agenda.today", &agenda.due_today),
    ];
    for (key, tasks) in sections {
        if tasks.is_empty() {
            continue;
        }
        out.sentence(locale.t(key))?;
        for task in tasks {
            let due = out.date_and_time(
                task.data.due_date.unwrap_or(agenda.today),
                task.data.due_time,
            );
            out.sentence(&format!(
                "  {due}  {}",
                crate::text::display::isolate(&task.data.title)
            ))?;
        }
    }
    if !agenda.birthdays.is_empty() {
        out.sentence(locale.t("agenda.birthdays"))?;
        for person in &agenda.birthdays {
            out.sentence(&format!(
                "  {}",
                crate::text::display::isolate(&person.data.name)
            ))?;
        }
    }
    if !agenda.cases.is_empty() {
        out.sentence(locale.t("agenda.cases"))?;
        for item in &agenda.cases {
            out.sentence(&format!(
                "  {}  {}",
                out.digits(&item.case.number.to_string()),
                crate::text::display::isolate(&item.case.data.subject)
            ))?;
        }
    }
    let empty = agenda.overdue.is_empty()
        && agenda.due_today.is_empty()
        && agenda.birthdays.is_empty()
        && agenda.cases.is_empty();
    if empty {
        out.sentence(locale.t("agenda.nothing"))?;
    }
    Ok(())
}
