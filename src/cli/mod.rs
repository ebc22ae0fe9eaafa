//! The command line: one file per subcommand, each with an `Args` struct
//! whose doc comments are the help text and a `run` function.

mod activity;
mod admin;
mod agenda;
mod args;
mod backup;
mod bulk;
mod call;
mod campaign;
mod case;
mod company;
mod config_cmd;
mod context;
mod deal;
mod deferred;
mod demo;
mod doctor;
mod duplicates;
pub mod exit;
mod export;
mod forget;
mod goal;
mod history;
mod import;
mod ingest;
mod init;
mod invoice;
mod merge;
mod message;
mod migrate;
pub mod output;
mod person;
mod print;
mod product;
mod quote;
mod rate;
mod reassign;
mod remind;
mod render;
mod report;
mod resolve;
mod restore;
mod rules;
mod sales_doc;
mod search;
mod segment;
mod shell;
mod stage;
mod tag;
mod task;
mod tui;
mod user;

/// How much `person|company|deal show` loads: every timeline entry, up to
/// a thousand of a company's people, and no colleagues (not printed).
const SHOW_LIMITS: crate::pages::Limits = crate::pages::Limits {
    people: 1000,
    colleagues: 0,
    activities: 0,
};

use clap::{Parser, Subcommand};
use context::Context;
use deferred::Deferred;
use std::path::PathBuf;
use std::process::ExitCode;

/// kariz — a customer-relationship manager for the terminal.
///
/// People, companies, a sales pipeline and today's tasks in one SQLite file.
/// Every command that lists records takes --json for scripts.
#[derive(Debug, Parser)]
#[command(
    name = "kariz",
    version,
    after_help = "Exit codes: 0 ok, 1 error, 2 usage, 3 not found (a record, or the database named with --db/KARIZ_DB), 4 version conflict (someone saved first), 5 delete refused (other records link to it), 6 import --partial rejected rows, 7 doctor found a problem.\nEnvironment: KARIZ_DB, KARIZ_CONFIG, KARIZ_SYSTEM_CONFIG (a team's shared config; default /etc/kariz/config.toml), KARIZ_NOW (pin \"now\", e.g. 2026-11-22T09:00:00+03:30).\nReference: docs/cli.md and docs/config.md."
)]
pub struct Cli {
    // The environment variables are read in `Context`, not by clap, so that
    // an empty one counts as unset (as the XDG ones do) instead of being a
    // usage error.
    /// Database file [env: KARIZ_DB] [default: $XDG_DATA_HOME/kariz/kariz.db,
    /// or …/kariz/demo.db for `kariz demo`]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    /// Config file [env: KARIZ_CONFIG] [default: $XDG_CONFIG_HOME/kariz/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Create the database named with --db or KARIZ_DB if it does not exist
    /// (without this, a missing named database is an error, exit 3)
    #[arg(long, global = true)]
    create: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add, list, show, edit and remove people
    #[command(subcommand)]
    Person(Deferred<person::Command>),
    /// Add, list, show, edit and remove companies
    #[command(subcommand)]
    Company(Deferred<company::Command>),
    /// Deals in the pipeline: add, move, win, lose, list…
    #[command(subcommand)]
    Deal(Deferred<deal::Command>),
    /// Tasks and reminders: today, overdue, upcoming, done
    #[command(subcommand)]
    Task(Deferred<task::Command>),
    /// Calls, e-mails, meetings, notes and complaints on the timeline
    #[command(subcommand)]
    Activity(Deferred<activity::Command>),
    /// Support cases: open, assign, reply, wait, resolve, close; the SLA queue
    #[command(subcommand)]
    Case(Deferred<case::Command>),
    /// Products and services sold on quotes; CSV import and export
    #[command(subcommand)]
    Product(Deferred<product::Command>),
    /// Quotes (pre-invoices) on a deal: lines, send, accept, revise, print
    #[command(subcommand)]
    Quote(Deferred<quote::Command>),
    /// Orders made from accepted quotes
    #[command(subcommand)]
    Order(Deferred<invoice::OrderCommand>),
    /// Invoices: from an order or quote, list, overdue, export for accounting, print
    #[command(subcommand)]
    Invoice(Deferred<invoice::InvoiceCommand>),
    /// Payments against invoices, one by one or from CSV
    #[command(subcommand)]
    Payment(Deferred<invoice::PaymentCommand>),
    /// Tag people, companies and deals
    #[command(subcommand)]
    Tag(Deferred<tag::Command>),
    /// E-mails and texts from templates: send (with preview and dry run), list, failures
    #[command(subcommand)]
    Message(Deferred<message::Command>),
    /// Printable quotes, orders and invoices: a sample and the template
    #[command(subcommand)]
    Print(Deferred<print::Command>),
    /// Caller ID for a phone system: log an incoming or missed call and show the caller in open kariz windows
    #[command(subcommand)]
    Call(Deferred<call::Command>),
    /// Rules from the config: check them, test them against the last days
    #[command(subcommand)]
    Rules(Deferred<rules::Command>),
    /// My day: overdue and today's tasks, birthdays, cases near their SLA
    Agenda(Deferred<agenda::Args>),
    /// Deliver due reminders and run time rules once (cron), or keep running with --watch
    Remind(Deferred<remind::Args>),
    /// Fuzzy search over names, companies, e-mails and phones
    Search(Deferred<search::Args>),
    /// Pipelines and stages from the config; remap deals after a rename
    #[command(subcommand)]
    Stage(Deferred<stage::Command>),
    /// The change log: who changed what, when
    History(Deferred<history::Args>),
    /// Write, check or locate the config file
    #[command(subcommand)]
    Config(Deferred<config_cmd::Command>),
    /// Import people, companies, deals, tasks and activities from CSV, vCard or JSON files (or standard input)
    #[command(subcommand)]
    Import(Deferred<import::Command>),
    /// Build a demo database full of realistic data
    ///
    /// 219 people, 59 companies, deals in every stage, tasks due today and
    /// overdue, a timeline of calls and e-mails, support cases, products,
    /// quotes and an invoice, in English, Persian and Arabic, with dates
    /// placed around today. It lives apart from your real
    /// database (at $XDG_DATA_HOME/kariz/demo.db) unless --db names another
    /// file; it is rebuilt on every run, and an existing file is only
    /// replaced if it is itself a demo database.
    Demo(Deferred<demo::Args>),
    /// Write records as CSV, vCard, JSON or iCalendar
    Export(Deferred<export::Args>),
    /// List likely duplicate people or companies, with a score and the reason
    Duplicates(Deferred<duplicates::Args>),
    /// Merge one person (or company) into another, keeping everything linked
    Merge(Deferred<merge::Args>),
    /// Write a consistent copy of the database while others keep working
    Backup(Deferred<backup::Args>),
    /// Replace the database with a backup (the current one is kept beside it)
    Restore(Deferred<restore::Args>),
    /// Copy the whole database into a new, empty one (PostgreSQL or SQLite)
    Migrate(Deferred<migrate::Args>),
    /// Check the database: integrity, schema, permissions, WAL, config
    Doctor(Deferred<doctor::Args>),
    /// Erase a person for good: records, change-log values, freed pages
    #[command(subcommand)]
    Forget(Deferred<forget::Command>),
    /// Create the database, private or shared with a Unix group
    Init(Deferred<init::Args>),
    /// The team list: who may own records, and their display names
    #[command(subcommand)]
    User(Deferred<user::Command>),
    /// Hand everything one login owns to another (when staff leave)
    Reassign(Deferred<reassign::Args>),
    /// Roles on a PostgreSQL database: grant or revoke rep, support, manager, admin
    #[command(subcommand)]
    Admin(Deferred<admin::Command>),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    ///
    /// Install, e.g. for bash:
    /// kariz completions bash > ~/.local/share/bash-completion/completions/kariz;
    /// zsh: kariz completions zsh > ~/.zfunc/_kariz (with ~/.zfunc in $fpath);
    /// fish: kariz completions fish > ~/.config/fish/completions/kariz.fish.
    Completions(Deferred<shell::CompletionsArgs>),
    /// Print the kariz(1) manual page
    ///
    /// Install: mkdir -p ~/.local/share/man/man1 &&
    /// kariz man > ~/.local/share/man/man1/kariz.1, then `man kariz`.
    Man,
    /// Reports: dashboard, funnel, win rate, cycle, forecast, revenue, lost, sources, activity, campaigns
    #[command(subcommand)]
    Report(Deferred<report::Command>),
    /// Exchange rates for converting report totals: set, list, import
    #[command(subcommand)]
    Rate(Deferred<rate::Command>),
    /// Sales goals per owner, shown on the dashboard: set, list, rm
    #[command(subcommand)]
    Goal(Deferred<goal::Command>),
    /// Saved filters (segments): add, list, show, rm; see docs/segments.md
    #[command(subcommand)]
    Segment(Deferred<segment::Command>),
    /// Campaigns people and deals are attributed to: add, list, show, edit, rm; see docs/campaigns.md
    #[command(subcommand)]
    Campaign(Deferred<campaign::Command>),
    /// Lead capture: web-form submissions (json) and e-mails (maildir) become new people; see docs/campaigns.md
    #[command(subcommand)]
    Ingest(Deferred<ingest::Command>),
}

/// Parses the command line, runs it and maps errors to exit codes.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`kariz … | head`): not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report_error(&err);
            exit::code_for(&err)
        }
    }
}

/// Prints an error on standard error: as text, or as one JSON object when
/// the command line asked for `--json`, so scripts parse failures too.
fn report_error(err: &anyhow::Error) {
    let message = exit::message_for(err);
    // The flag belongs to each subcommand, and parsing may be what failed,
    // so the raw arguments are looked at (up to a `--`).
    let json = std::env::args_os()
        .take_while(|a| a != "--")
        .any(|a| a == "--json");
    if json {
        let value = serde_json::json!({
            "error": {
                "message": message,
                "exit_code": exit::number_for(err),
            }
        });
        eprintln!(
            "{}",
            crate::text::sanitize::escape_json_output(&value.to_string())
        );
    } else {
        eprintln!(
            "kariz: error: {}",
            crate::text::sanitize::visible_multiline(&message)
        );
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints clap's help and version as usual, but usage errors (which quote
/// what was typed) with control characters made visible.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return ExitCode::from(err.exit_code() as u8);
    }
    let text = err.render().to_string();
    eprint!("{}", crate::text::sanitize::visible_multiline(&text));
    ExitCode::from(exit::USAGE)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // Generated from the command line definition alone: they work before
    // a config or database exists, and a broken config cannot stop them.
    match &cli.command {
        Some(Command::Completions(Deferred(args))) => return shell::completions(args),
        Some(Command::Man) => return shell::man(),
        _ => {}
    }
    let mut ctx = Context::from_args(cli.db, cli.config)?;
    // `init` exists to create the database, so a named path that does not
    // exist yet is what it expects, not a typo.
    ctx.create_db = cli.create || matches!(cli.command, Some(Command::Init(_)));
    let Some(command) = cli.command else {
        return tui::run(&ctx);
    };
    dispatch(&ctx, command).map_err(|err| exit::localized(err, &ctx))
}

/// Runs one subcommand.
fn dispatch(ctx: &Context, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Person(Deferred(cmd)) => person::run(ctx, cmd),
        Command::Company(Deferred(cmd)) => company::run(ctx, cmd),
        Command::Deal(Deferred(cmd)) => deal::run(ctx, cmd),
        Command::Task(Deferred(cmd)) => task::run(ctx, cmd),
        Command::Activity(Deferred(cmd)) => activity::run(ctx, cmd),
        Command::Case(Deferred(cmd)) => case::run(ctx, cmd),
        Command::Tag(Deferred(cmd)) => tag::run(ctx, cmd),
        Command::Product(Deferred(cmd)) => product::run(ctx, cmd),
        Command::Quote(Deferred(cmd)) => quote::run(ctx, cmd),
        Command::Order(Deferred(cmd)) => invoice::run_order(ctx, cmd),
        Command::Invoice(Deferred(cmd)) => invoice::run_invoice(ctx, cmd),
        Command::Payment(Deferred(cmd)) => invoice::run_payment(ctx, cmd),
        Command::Message(Deferred(cmd)) => message::run(ctx, cmd),
        Command::Call(Deferred(cmd)) => call::run(ctx, cmd),
        Command::Rules(Deferred(cmd)) => rules::run(ctx, cmd),
        Command::Agenda(Deferred(args)) => agenda::run(ctx, args),
        Command::Remind(Deferred(args)) => remind::run(ctx, args),
        Command::Search(Deferred(args)) => search::run(ctx, args),
        Command::Print(Deferred(cmd)) => print::run(ctx, cmd),
        Command::Stage(Deferred(cmd)) => stage::run(ctx, cmd),
        Command::History(Deferred(args)) => history::run(ctx, args),
        Command::Config(Deferred(cmd)) => config_cmd::run(ctx, cmd),
        Command::Demo(Deferred(args)) => demo::run(ctx, args),
        Command::Import(Deferred(cmd)) => import::run(ctx, cmd),
        Command::Export(Deferred(args)) => export::run(ctx, args),
        Command::Duplicates(Deferred(args)) => duplicates::run(ctx, args),
        Command::Merge(Deferred(args)) => merge::run(ctx, args),
        Command::Backup(Deferred(args)) => backup::run(ctx, args),
        Command::Restore(Deferred(args)) => restore::run(ctx, args),
        Command::Migrate(Deferred(args)) => migrate::run(ctx, args),
        Command::Doctor(Deferred(args)) => doctor::run(ctx, args),
        Command::Forget(Deferred(cmd)) => forget::run(ctx, cmd),
        Command::Init(Deferred(args)) => init::run(ctx, args),
        Command::User(Deferred(cmd)) => user::run(ctx, cmd),
        Command::Admin(Deferred(cmd)) => admin::run(ctx, cmd),
        Command::Reassign(Deferred(args)) => reassign::run(ctx, args),
        Command::Completions(_) | Command::Man => Ok(()),
        Command::Report(Deferred(cmd)) => report::run(ctx, cmd),
        Command::Rate(Deferred(cmd)) => rate::run(ctx, cmd),
        Command::Goal(Deferred(cmd)) => goal::run(ctx, cmd),
        Command::Segment(Deferred(cmd)) => segment::run(ctx, cmd),
        Command::Campaign(Deferred(cmd)) => campaign::run(ctx, cmd),
        Command::Ingest(Deferred(cmd)) => ingest::run(ctx, cmd),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Subcommand files use the shared modules (args, context, output,
    /// exit, render, resolve, and tui.rs, the launcher `demo` uses too),
    /// never each other, so cli/ has no cycles.
    #[test]
    fn subcommand_files_do_not_import_each_other() {
        const SUBCOMMANDS: [&str; 22] = [
            "activity",
            "call",
            "case",
            "company",
            "config_cmd",
            "deal",
            "demo",
            "duplicates",
            "export",
            "history",
            "import",
            "invoice",
            "merge",
            "person",
            "print",
            "product",
            "quote",
            "search",
            "shell",
            "stage",
            "tag",
            "task",
        ];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            // A folder holds a file's own parts (cli/output/), not subcommands.
            if path.is_dir() {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            for sub in SUBCOMMANDS {
                let uses = [format!("super::{sub}::"), format!("super::{sub};")];
                if sub != name && uses.iter().any(|u| text.contains(u.as_str())) {
                    found.push(format!("cli/{name}.rs uses cli/{sub}.rs"));
                }
            }
        }
        assert!(
            found.is_empty(),
            "move what they share to cli/render.rs or cli/resolve.rs: {found:?}"
        );
    }

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_work_after_the_subcommand() {
        let cli = Cli::try_parse_from(["kariz", "person", "list", "--db", "/tmp/x.db"]).unwrap();
        assert_eq!(cli.db, Some(PathBuf::from("/tmp/x.db")));
    }
}
