//! `kariz export`: records to CSV, vCard, JSON or iCalendar.

use super::context::Context;
use crate::interchange::export::{self, Format, Request};
use crate::model::Entity;
use crate::model::dates::parse_date;
use crate::store::{DayStart, RecordFilter};
use anyhow::{Context as _, Result};
use chrono::{Days, NaiveDate, NaiveTime};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, IsTerminal, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// File formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    /// Comma-separated values, one header row per kind of record
    Csv,
    /// vCard 4.0 (people or companies)
    Vcard,
    /// JSON array, as `kariz … list --json` prints
    Json,
    /// iCalendar: tasks as to-dos, meetings and calls as events
    Ics,
}

/// Kinds of record.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum EntityArg {
    Person,
    Company,
    Deal,
    Task,
    Activity,
}

impl From<EntityArg> for Entity {
    fn from(e: EntityArg) -> Entity {
        match e {
            EntityArg::Person => Entity::Person,
            EntityArg::Company => Entity::Company,
            EntityArg::Deal => Entity::Deal,
            EntityArg::Task => Entity::Task,
            EntityArg::Activity => Entity::Activity,
        }
    }
}

/// Write records to standard output or a file
///
/// Records come out in id order. CSV cells that a spreadsheet would run as
/// a formula get a leading ' (removed again by `kariz import csv`). A file
/// given with -o is created with mode 0600 and appears only once complete.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File format
    #[arg(value_enum)]
    format: FormatArg,
    /// Kind of record [default: person; for ics: task and activity]
    #[arg(long, value_enum)]
    entity: Option<EntityArg>,
    /// Write to this file instead of standard output (replaced if it exists)
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only records with this tag (people, companies, deals)
    #[arg(long)]
    tag: Option<String>,
    /// Only records owned by this user (activities: recorded by)
    #[arg(long)]
    owner: Option<String>,
    /// Only deals in this stage
    #[arg(long)]
    stage: Option<String>,
    /// From this day on: creation day for people, companies and deals, due
    /// day for tasks, day of the activity (relative dates such as -1m work)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    since: Option<String>,
    /// Up to and including this day (same dates as --since)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    until: Option<String>,
    #[command(flatten)]
    select: super::segment::Select,
}

fn format_of(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Csv => Format::Csv,
        FormatArg::Vcard => Format::Vcard,
        FormatArg::Json => Format::Json,
        FormatArg::Ics => Format::Ics,
    }
}

fn day(ctx: &Context, flag: &str, text: &Option<String>) -> Result<Option<NaiveDate>> {
    text.as_deref()
        .map(|t| parse_date(t, ctx.clock.today()).with_context(|| format!("--{flag}")))
        .transpose()
}

fn day_start(ctx: &Context, day: NaiveDate) -> DayStart {
    DayStart {
        day,
        at: ctx.clock.local_to_utc(day, NaiveTime::MIN),
    }
}

fn request(ctx: &Context, args: &Args) -> Result<Request> {
    let format = format_of(args.format);
    let since = day(ctx, "since", &args.since)?;
    let until = day(ctx, "until", &args.until)?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        anyhow::bail!("--since {s} is after --until {u}; nothing could match");
    }
    let before = until
        .map(|u| {
            u.checked_add_days(Days::new(1))
                .context("--until is too far in the future")
        })
        .transpose()?;
    Ok(Request {
        format,
        entities: match args.entity {
            Some(e) => vec![e.into()],
            None => format.default_entities(),
        },
        filter: RecordFilter {
            owner: args.owner.clone(),
            tag: args.tag.clone(),
            stage: args.stage.clone(),
            from: since.map(|d| day_start(ctx, d)),
            before: before.map(|d| day_start(ctx, d)),
            segment: None,
        },
        clock: ctx.clock.clone(),
    })
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let store = ctx.open()?;
    let mut request = request(ctx, &args)?;
    request.filter.segment = args.select.resolve(ctx, &store)?;
    request.check()?;
    let Some(path) = &args.output else {
        return match to_stdout(&store, &request) {
            Ok(_) => Ok(()),
            // The reader went away (`kariz export csv | head`): not an error.
            Err(crate::Error::Io { cause, .. })
                if cause.kind() == std::io::ErrorKind::BrokenPipe =>
            {
                Ok(())
            }
            Err(e) => Err(e.into()),
        };
    };
    let bar = progress_bar(&store, &request)?;
    let written = write_file(path, |out| {
        export::write(&store, &request, out, &mut || bar.inc(1))
    })?;
    bar.finish_and_clear();
    eprintln!(
        "Exported {written} record{} to {}.",
        if written == 1 { "" } else { "s" },
        crate::text::sanitize::visible(&path.display().to_string())
    );
    Ok(())
}

/// Writes the export to standard output. On a terminal, controls and bidi
/// overrides in the data are shown as `\u{1b}` (escaped inside JSON
/// strings), as tables show them, so a stored escape sequence cannot drive
/// the terminal; piped or redirected, the bytes are exact.
fn to_stdout(store: &crate::store::Store, request: &Request) -> crate::Result<u64> {
    use crate::text::visible_writer::{Mode, VisibleWriter};
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        let mut out = BufWriter::new(stdout.lock());
        return export::write(store, request, &mut out, &mut || {});
    }
    let mode = match request.format {
        Format::Json => Mode::Json,
        Format::Csv | Format::Vcard | Format::Ics => Mode::Text,
    };
    let mut out = BufWriter::new(VisibleWriter::new(stdout.lock(), mode));
    let written = export::write(store, request, &mut out, &mut || {})?;
    let io = |e| crate::Error::io("writing to the terminal", e);
    let shown = out.into_inner().map_err(|e| io(e.into_error()))?;
    drop(shown.finish().map_err(io)?);
    Ok(written)
}

/// A progress bar on standard error when it is a terminal; hidden otherwise.
fn progress_bar(store: &crate::store::Store, request: &Request) -> Result<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return Ok(indicatif::ProgressBar::hidden());
    }
    let bar = indicatif::ProgressBar::new(request.total(store)?);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} records, {per_sec}, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Ok(bar)
}

/// Writes through a private temporary file beside `path` (mode 0600), then
/// renames it over `path`, so the file never exists half-written or
/// readable by others; on failure the temporary file is removed.
fn write_file<T>(path: &Path, work: impl FnOnce(&mut dyn Write) -> crate::Result<T>) -> Result<T> {
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file name", path.display()))?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.kariz-tmp", std::process::id()));
    let temp = match dir {
        Some(d) => d.join(&temp_name),
        None => PathBuf::from(&temp_name),
    };
    let file: File = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)
        .with_context(|| format!("creating {}", temp.display()))?;
    let result = (|| -> Result<T> {
        let mut out = BufWriter::new(file);
        let value = work(&mut out)?;
        let file = out
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("writing {}", path.display()))?;
        file.sync_all()
            .with_context(|| format!("writing {}", path.display()))?;
        std::fs::rename(&temp, path)
            .with_context(|| format!("moving the export into place at {}", path.display()))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| format!("exporting to {}", path.display()))
}
