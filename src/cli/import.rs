//! `kariz import`: people, companies, deals and tasks from CSV, vCard and
//! JSON files (or standard input).

use super::context::Context;
use super::output;
use crate::interchange::import::activities;
use crate::interchange::import::csv_source::{self, CsvSettings};
use crate::interchange::import::{
    self, Action, Encoding, ImportEntity, OnDuplicate, Parsed, Step, Summary, mapping, report,
    vcard_source,
};
use anyhow::{Context as _, Result, anyhow, bail};
use clap::Subcommand;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import people, companies, deals, tasks or activities from a CSV file (Google Contacts, Outlook, kariz's own export, a spreadsheet CRM, or any with a header line)
    ///
    /// Columns are mapped from their headers; --map names the others.
    /// --entity deal|task reads deals or tasks (their person by id, e-mail
    /// or external id); --entity activity reads call, e-mail and meeting
    /// history (kind, when, subject, body, owner, person/company/deal).
    /// Rows matching a stored record (same external id,
    /// else e-mail, else phone, as `kariz duplicates` compares them) are
    /// skipped, updated or merged (--on-duplicate). Nothing is written if
    /// any row is rejected, unless --partial.
    Csv {
        #[command(flatten)]
        common: Common,
        /// What the rows are: person, company, deal, task or activity
        #[arg(long, value_enum, default_value = "person")]
        entity: ImportEntity,
        /// Column mappings, e.g. "Full name=name,Cell=phone:mobile,Segment=field:segment"
        #[arg(long, value_name = "COLUMN=FIELD,...")]
        map: Option<String>,
        /// Save this run's --map under NAME for --use-map
        #[arg(long, value_name = "NAME")]
        save_map: Option<String>,
        /// Use a mapping saved with --save-map (--map adds to it)
        #[arg(long, value_name = "NAME")]
        use_map: Option<String>,
        /// Text encoding of the file
        #[arg(long, value_enum, default_value = "utf-8")]
        encoding: Encoding,
    },
    /// Import a vCard file (2.1, 3.0 or 4.0) as people
    Vcard {
        #[command(flatten)]
        common: Common,
        /// Text encoding of the file
        #[arg(long, value_enum, default_value = "utf-8")]
        encoding: Encoding,
    },
    /// Import JSON in the shape `person|company|deal|task|activity list --json` print
    Json {
        #[command(flatten)]
        common: Common,
        /// What the records are: person, company, deal, task or activity
        #[arg(long, value_enum, default_value = "person")]
        entity: ImportEntity,
    },
}

/// Options every import takes.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// The file to import; - reads standard input
    file: PathBuf,
    /// Print what would be created, updated, skipped or rejected, and write nothing
    #[arg(long)]
    dry_run: bool,
    /// Import the good rows even when others are rejected
    #[arg(long)]
    partial: bool,
    /// What to do with a row that matches a stored record
    #[arg(long, value_enum, default_value = "skip")]
    on_duplicate: OnDuplicate,
    /// Write the per-row report (line, column, severity, reason) to this CSV file
    #[arg(long, value_name = "FILE.csv")]
    report: Option<PathBuf>,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

/// Runs one import.
// Long but flat: on purpose, one match arm per file format, each reading its
// rows its own way; what they share (planning, writing, the summary) is in
// `execute`.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let owner = store.actor().to_string();
    let (common, entity, rows, unmapped) = match command {
        Command::Csv {
            common,
            entity,
            map,
            save_map,
            use_map,
            encoding,
        } => {
            let mut mapping = match &use_map {
                Some(name) => load_map(ctx, name)?,
                None => BTreeMap::new(),
            };
            if let Some(text) = &map {
                mapping.extend(mapping::parse_map(text).map_err(|e| anyhow!("--map: {e}"))?);
            }
            // Streamed when planning reads no stored record (see
            // import::stream); the plan-then-write path otherwise. A UTF-8
            // file streamed is read a block at a time, never held whole.
            let streamable = !common.dry_run
                && entity == ImportEntity::Person
                && common.on_duplicate == OnDuplicate::Skip;
            let in_blocks =
                streamable && encoding == Encoding::Utf8 && common.file.as_os_str() != "-";
            let held = match in_blocks {
                true => None,
                false => Some(read(&common.file, encoding)?),
            };
            if entity == ImportEntity::Activity {
                let text = held.as_deref().unwrap_or_default();
                let (rows, unmapped) =
                    activities::read_csv(text, &mapping).map_err(|e| in_file(&common.file, e))?;
                if let Some(name) = &save_map {
                    save_map_file(ctx, name, &mapping)?;
                }
                return import_activities(ctx, &mut store, &common, rows, &unmapped);
            }
            // A copy, so the store can be written while the rows are read.
            let config = store.config().clone();
            let settings = CsvSettings {
                entity,
                map: &mapping,
                config: &config,
                default_owner: &owner,
            };
            if streamable {
                // An upper bound of the rows: the file's lines.
                let lines = match &held {
                    Some(text) => text.bytes().filter(|b| *b == b'\n').count(),
                    None => checked_lines(&common.file)?,
                };
                let planner = import::Planner::new(&store, entity, common.on_duplicate, lines)?;
                if import::stream::can_stream(&planner) {
                    let rows = match &held {
                        Some(text) => csv_source::rows(text, &settings),
                        None => csv_source::rows_of_file(open(&common.file)?, &settings),
                    }
                    .map_err(|e| in_file(&common.file, e))?;
                    if let Some(name) = &save_map {
                        save_map_file(ctx, name, &mapping)?;
                    }
                    let unmapped: Vec<String> =
                        rows.plan.unmapped().iter().map(|s| s.to_string()).collect();
                    return stream_csv(ctx, &mut store, &common, (rows, planner), lines, &unmapped);
                }
            }
            let text = match held {
                Some(text) => text,
                None => read(&common.file, encoding)?,
            };
            let read = csv_source::read(&text, &settings).map_err(|e| in_file(&common.file, e))?;
            if let Some(name) = &save_map {
                save_map_file(ctx, name, &mapping)?;
            }
            let unmapped: Vec<String> =
                read.plan.unmapped().iter().map(|s| s.to_string()).collect();
            (common, entity, read.rows, unmapped)
        }
        Command::Vcard { common, encoding } => {
            let bytes = read_bytes(&common.file)?;
            // Folds that split a UTF-8 character are mended before decoding
            // (RFC 6350 §3.2: unfold the octets, then decode).
            let bytes = match encoding {
                Encoding::Utf8 => crate::interchange::vcard::parse::mend_split_characters(&bytes),
                _ => std::borrow::Cow::Borrowed(bytes.as_slice()),
            };
            let text =
                import::decode(&bytes, encoding).map_err(|e| undecodable(&common.file, e))?;
            let rows = vcard_source::read(&text, &owner);
            (common, ImportEntity::Person, rows, vec![])
        }
        Command::Json { common, entity } => {
            let text = read(&common.file, Encoding::Utf8)?;
            if matches!(entity, ImportEntity::Deal | ImportEntity::Task) {
                let config = store.config().clone();
                let map = BTreeMap::new();
                let settings = CsvSettings {
                    entity,
                    map: &map,
                    config: &config,
                    default_owner: &owner,
                };
                let rows = import::json_source::read_work(&text, &settings)
                    .map_err(|e| anyhow!("{}: {e}", common.file.display()))?;
                return execute(ctx, &mut store, &common, entity, rows, &[]);
            }
            if entity == ImportEntity::Activity {
                let rows = activities::read_json(&text)
                    .map_err(|e| anyhow!("{}: {e}", common.file.display()))?;
                return import_activities(ctx, &mut store, &common, rows, &[]);
            }
            let rows = import::json_source::read(&text, entity, &owner)
                .map_err(|e| anyhow!("{}: {e}", common.file.display()))?;
            (common, entity, rows, vec![])
        }
    };
    execute(ctx, &mut store, &common, entity, rows, &unmapped)
}

fn read(path: &Path, encoding: Encoding) -> Result<String> {
    let bytes = read_bytes(path)?;
    import::decode_owned(bytes, encoding).map_err(|e| undecodable(path, e))
}

/// The line ends of the UTF-8 file at `path`, read a block at a time and
/// checked as [`read`] checks a whole file: an import refused for a byte
/// that is not UTF-8 writes nothing, wherever the byte is.
fn checked_lines(path: &Path) -> Result<usize> {
    import::check_utf8(open(path)?)
        .with_context(|| format!("reading {}", path.display()))?
        .map_err(|e| undecodable(path, e))
}

/// The file at `path`, opened to be read.
fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))
}

/// A library error about a file, with the file's path in front; the flag
/// that fixes it (`--map`) is added where errors are printed
/// (`exit::message_for`).
fn in_file(path: &Path, err: crate::Error) -> anyhow::Error {
    anyhow::Error::new(err).context(path.display().to_string())
}

/// A file that is not text in the chosen encoding, with the `--encoding`
/// to try when the library names a likely one.
fn undecodable(path: &Path, err: import::DecodeError) -> anyhow::Error {
    match err.likely {
        Some(likely) => anyhow!(
            "{}: {err}; {}",
            path.display(),
            super::exit::remedy_flag(crate::error::Remedy::Encoding(likely.as_str()))
        ),
        None => anyhow!("{}: {err}", path.display()),
    }
}

/// The file's bytes; `-` is standard input.
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("reading standard input")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

#[derive(Serialize)]
struct JsonResult<'a> {
    file: String,
    entity: ImportEntity,
    dry_run: bool,
    written: bool,
    #[serde(flatten)]
    summary: Summary,
    unmapped_columns: &'a [String],
    rows: Vec<&'a Step>,
}

fn execute(
    ctx: &Context,
    store: &mut crate::store::Store,
    common: &Common,
    entity: ImportEntity,
    rows: Vec<Parsed>,
    unmapped: &[String],
) -> Result<()> {
    let mut steps = import::plan(store, entity, rows, common.on_duplicate)?;
    let summary = Summary::of(&steps);
    let blocked = summary.rejected > 0 && !common.partial;
    let write = !common.dry_run && !blocked;
    if write {
        let bar = progress((summary.created + summary.updated) as u64);
        let mut tick = || {
            if let Some(b) = &bar {
                b.inc(1);
            }
        };
        import::apply(store, ctx.clock.now_utc(), &mut steps, &mut tick)?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
    }
    finish(
        common,
        entity,
        (&steps, Summary::of(&steps)),
        unmapped,
        write,
    )
}

/// An import of activities (history): planned against the stored
/// activities and links, written in one transaction, reported like the
/// other imports.
fn import_activities(
    ctx: &Context,
    store: &mut crate::store::Store,
    common: &Common,
    rows: Vec<activities::ActivityRow>,
    unmapped: &[String],
) -> Result<()> {
    let author = store.actor().to_string();
    let (mut steps, datas) = activities::plan(store, &ctx.clock, rows, &author)?;
    let summary = Summary::of(&steps);
    let blocked = summary.rejected > 0 && !common.partial;
    let write = !common.dry_run && !blocked;
    if write {
        let bar = progress(summary.created as u64);
        let mut tick = || {
            if let Some(b) = &bar {
                b.inc(1);
            }
        };
        activities::apply(store, ctx.clock.now_utc(), &mut steps, datas, &mut tick)?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
    }
    finish(
        common,
        ImportEntity::Activity,
        (&steps, Summary::of(&steps)),
        unmapped,
        write,
    )
}

/// A CSV import of people written while it is read (see
/// `import::stream`); the same plan, report and output as [`execute`].
fn stream_csv(
    ctx: &Context,
    store: &mut crate::store::Store,
    common: &Common,
    (rows, planner): (csv_source::CsvRows<'_>, import::Planner),
    lines: usize,
    unmapped: &[String],
) -> Result<()> {
    // The number of rows is not known before the file is read: the bar
    // counts up to the number of lines, an upper bound.
    let bar = progress(lines as u64);
    let mut tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let streamed = import::stream::import_people(
        store,
        ctx.clock.now_utc(),
        &common.file.display().to_string(),
        rows,
        planner,
        common.partial,
        &mut tick,
    )?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    finish(
        common,
        ImportEntity::Person,
        (&streamed.steps, streamed.summary),
        unmapped,
        streamed.written,
    )
}

/// Writes the report and prints the result of a planned (and perhaps
/// written) import; fails when rows were rejected without --partial.
/// `steps` are every row's in a dry run, otherwise at least those with
/// errors or warnings; `summary` counts every row.
fn finish(
    common: &Common,
    entity: ImportEntity,
    (steps, summary): (&[Step], Summary),
    unmapped: &[String],
    write: bool,
) -> Result<()> {
    if let Some(path) = &common.report {
        write_private(path, &report::csv(steps))?;
    }
    let blocked = summary.rejected > 0 && !common.partial;
    if common.json {
        // Every row in a dry run; only the ones with something to say otherwise.
        let rows = steps
            .iter()
            .filter(|s| common.dry_run || !s.issues.is_empty())
            .collect();
        output::json(&JsonResult {
            file: common.file.display().to_string(),
            entity,
            dry_run: common.dry_run,
            written: write,
            summary,
            unmapped_columns: unmapped,
            rows,
        })?;
    } else {
        print_text(common, entity, steps, summary, unmapped, write)?;
    }
    if blocked {
        bail!(
            "{} row(s) rejected, so nothing was imported; fix them (see the report above{}) or use --partial to import the good rows only",
            summary.rejected,
            if common.report.is_some() {
                " and the --report file"
            } else {
                ""
            }
        );
    }
    if summary.rejected > 0 && write {
        // --partial: the good rows are in, but a script must not mistake
        // this for a clean import.
        return Err(super::exit::Coded {
            code: super::exit::PARTIAL,
            message: format!(
                "{} row(s) rejected and not imported (the other rows were imported); see the report above{}",
                summary.rejected,
                if common.report.is_some() {
                    " and the --report file"
                } else {
                    ""
                }
            ),
        }
        .into());
    }
    Ok(())
}

fn describe(step: &Step, entity: ImportEntity) -> String {
    let what = entity.as_str();
    let matched = match (step.id, step.same_as_line, step.matched_by) {
        (Some(id), _, Some(by)) => format!(" ({what} {id}, same {})", by_word(by)),
        (None, Some(line), Some(by)) => format!(" (line {line}, same {})", by_word(by)),
        _ => String::new(),
    };
    match step.action {
        Action::Create => format!("create {what} {:?}", step.name),
        Action::Update => format!(
            "update {what} {:?}{matched}: {}",
            step.name,
            step.changes.join(", ")
        ),
        Action::Skip => format!("skip {:?}{matched}", step.name),
        Action::Reject => "reject".to_string(),
    }
}

fn by_word(by: import::MatchedBy) -> &'static str {
    match by {
        import::MatchedBy::ExternalId => "external id",
        import::MatchedBy::Email => "e-mail",
        import::MatchedBy::Phone => "phone",
        import::MatchedBy::Name => "name",
        import::MatchedBy::SharedLine => "office phone and name",
        import::MatchedBy::SameActivity => "kind, time, subject and links",
    }
}

fn print_text(
    common: &Common,
    entity: ImportEntity,
    steps: &[Step],
    s: Summary,
    unmapped: &[String],
    written: bool,
) -> Result<()> {
    if !unmapped.is_empty() {
        output::line(&format!(
            "Columns not imported (map them with --map \"COLUMN=FIELD\"): {}",
            unmapped.join(", ")
        ))?;
    }
    for step in steps {
        if common.dry_run {
            output::line(&format!("line {}: {}", step.line, describe(step, entity)))?;
        }
        for issue in &step.issues {
            output::line(&format!("  {}", report::issue_line(issue)))?;
        }
    }
    let verb = if written {
        "Imported"
    } else if common.dry_run {
        "Dry run, nothing written"
    } else {
        "Not imported"
    };
    output::line(&format!(
        "{verb}: {} created, {} updated, {} skipped, {} rejected, {} warnings ({}).",
        s.created,
        s.updated,
        s.skipped,
        s.rejected,
        s.warnings,
        common.file.display()
    ))
}

/// A progress bar on stderr when it is a terminal, otherwise nothing.
/// Rows from which an import warns that others' saves will wait for it.
const BIG_IMPORT: u64 = 50_000;

fn progress(len: u64) -> Option<indicatif::ProgressBar> {
    if len >= BIG_IMPORT {
        // The whole import is one transaction (all or nothing), so it holds
        // the write lock until it ends: say what that means for colleagues.
        eprintln!(
            "kariz: importing up to {len} rows in one transaction; until it finishes, other kariz users' saves wait (each up to {} s, then they are told the database is busy).",
            crate::store::BUSY_TIMEOUT.as_secs()
        );
    }
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    let style =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {rate}  ETA {eta}")
            .ok()?
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} rows/s", state.per_sec());
                },
            );
    bar.set_style(style);
    Some(bar)
}

/// Writes a file only the user can read (reports quote customer data).
fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("writing the report {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing the report {}", path.display()))
}

/// Saved mappings live in `import-maps.toml` next to the config file: they
/// describe files, not data, so they stay out of the database.
fn maps_path(ctx: &Context) -> PathBuf {
    ctx.config_path.parent().map_or_else(
        || PathBuf::from("import-maps.toml"),
        |d| d.join("import-maps.toml"),
    )
}

type Maps = BTreeMap<String, BTreeMap<String, String>>;

fn load_maps(path: &Path) -> Result<Maps> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .with_context(|| format!("reading saved mappings {}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Maps::new()),
        Err(e) => Err(e).with_context(|| format!("reading saved mappings {}", path.display())),
    }
}

fn load_map(ctx: &Context, name: &str) -> Result<BTreeMap<String, String>> {
    let path = maps_path(ctx);
    let maps = load_maps(&path)?;
    maps.get(name).cloned().ok_or_else(|| {
        anyhow!(
            "no saved mapping named {name:?} in {}; saved: {}. Save one with --map … --save-map {name}",
            path.display(),
            if maps.is_empty() { "none".to_string() } else { maps.keys().cloned().collect::<Vec<_>>().join(", ") }
        )
    })
}

fn save_map_file(ctx: &Context, name: &str, map: &BTreeMap<String, String>) -> Result<()> {
    if name.trim().is_empty() {
        bail!("--save-map needs a name");
    }
    let path = maps_path(ctx);
    let mut maps = load_maps(&path)?;
    maps.insert(name.to_string(), map.clone());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let text = toml::to_string(&maps)?;
    let tmp = path.with_extension("toml.tmp");
    write_private(&tmp, &text)?;
    std::fs::rename(&tmp, &path).with_context(|| format!("saving {}", path.display()))
}
