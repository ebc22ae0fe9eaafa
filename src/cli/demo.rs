//! `kariz demo`: build a demo database from the embedded demo data.

use super::context::Context;
use super::output;
use crate::demo::{self, DEMO_MARKER, Rng};
use crate::store::side_files;
use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};

/// Options of `kariz demo` (its help text is on the `Demo` command).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also generate this many synthetic people (with companies, deals,
    /// tasks and activities in proportion), for trying kariz at scale
    #[arg(long, value_name = "N")]
    size: Option<usize>,
    /// Seed for the synthetic data
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Only build the database; do not open the terminal interface (it
    /// opens when standard input and output are a terminal)
    #[arg(long)]
    no_open: bool,
    /// Open the demo in Persian (fa: Jalali dates, Persian digits) or
    /// Arabic (ar: Arabic digits), with config/examples/fa.toml or ar.toml;
    /// --config, if given, wins
    #[arg(long, value_name = "LANG", value_parser = ["en", "fa", "ar"])]
    lang: Option<String>,
}

/// The config the demo opens with: --config/KARIZ_CONFIG if given, else the
/// example for --lang, else the usual config file.
fn demo_config(ctx: &Context, lang: Option<&str>) -> Result<crate::config::Config> {
    match lang.and_then(crate::config::examples::example) {
        Some((origin, text)) if !ctx.config_explicit => {
            Ok(crate::config::Config::parse(text, origin)?)
        }
        _ => ctx.config(),
    }
}

/// Whether an existing file is a demo database we may replace.
fn is_demo(path: &Path) -> Result<bool> {
    let marker = crate::store::peek_meta(path, DEMO_MARKER)
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(marker.as_deref() == Some("1"))
}

/// A path as one shell word, quoted only when it needs to be, so the
/// printed commands can be pasted as they are.
fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || "/._-+:@%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Fills a new database at `path`; the store is closed when this returns,
/// so the file can be renamed.
fn build(
    ctx: &Context,
    args: &Args,
    path: &Path,
) -> Result<(demo::DemoCounts, Option<demo::SynthCounts>)> {
    // Written under the config it will open with: case and document
    // numbers take the year of its calendar (1405-0001 in Persian).
    let mut store = ctx.open_at_with(path, demo_config(ctx, args.lang.as_deref())?)?;
    let counts = demo::load_demo_data(&mut store, &ctx.clock)?;
    let synth = match args.size {
        Some(n) if n > 0 => Some(demo::generate(
            &mut store,
            &ctx.clock,
            n,
            &mut Rng::new(args.seed),
        )?),
        _ => None,
    };
    store.write(ctx.clock.now_utc(), |w| {
        w.set_meta(DEMO_MARKER, "1")?;
        w.set_meta("demo_built_on", &ctx.clock.today().to_string())?;
        // Recorded so that opening this demo later without --lang comes
        // up in the same language (see `Context::config`).
        match &args.lang {
            Some(lang) => w.set_meta(demo::DEMO_LANGUAGE, lang),
            None => Ok(()),
        }
    })?;
    Ok((counts, synth))
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let target = if ctx.db_explicit {
        ctx.db_path.clone()
    } else {
        ctx.env.demo_db().map_err(super::context::no_default_path)?
    };
    let summary = match target.to_str().filter(|t| crate::store::is_server_url(t)) {
        Some(url) => build_on_server(ctx, &args, url)?,
        None => build_file(ctx, &args, &target)?,
    };
    // A server URL is printed without its password (PGPASSWORD or
    // ~/.pgpass supply it), as every message shows it.
    let shown = match target.to_str() {
        Some(t) if crate::store::is_server_url(t) => crate::store::url_without_password(t),
        _ => target.display().to_string(),
    };
    let (c, synth) = summary;
    output::line(&format!(
        "Built the demo database {}: {} people, {} companies, {} deals, {} tasks, {} activities.",
        shown, c.people, c.companies, c.deals, c.tasks, c.activities
    ))?;
    if let Some(s) = synth {
        output::line(&format!(
            "Plus synthetic: {} people, {} companies, {} deals, {} tasks, {} activities.",
            s.people, s.companies, s.deals, s.tasks, s.activities
        ))?;
    }
    if super::tui::interactive() && !args.no_open {
        let config = demo_config(ctx, args.lang.as_deref())?;
        super::tui::run_at(ctx, &target, config)?;
    }
    let db = shell_word(&shown);
    output::lines(&format!(
        "Try it:\n  kariz --db {db} task list --today\n  kariz --db {db} deal list\n  kariz --db {db} search نیکنام\nOr point this shell at it (your own database is untouched):\n  export KARIZ_DB={db}"
    ))
}

type Summary = (demo::DemoCounts, Option<demo::SynthCounts>);

/// Builds a demo database file next to `target` and renames it over it.
fn build_file(ctx: &Context, args: &Args, target: &Path) -> Result<Summary> {
    let non_empty = std::fs::metadata(target)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if non_empty && !is_demo(target)? {
        bail!(
            "{} exists and is not a demo database; refusing to overwrite it. Pass --db with another path",
            target.display()
        );
    }
    // Build next to the target and rename over it, so a failed build leaves
    // the previous demo in place and readers never see half a database.
    let mut building = target.as_os_str().to_owned();
    building.push(".building");
    let building = PathBuf::from(building);
    for p in std::iter::once(building.clone()).chain(side_files(&building)) {
        let _ = std::fs::remove_file(p);
    }
    let built = build(ctx, args, &building);
    let remove_building = || {
        for p in std::iter::once(building.clone()).chain(side_files(&building)) {
            let _ = std::fs::remove_file(p);
        }
    };
    let summary = match built {
        Ok(summary) => summary,
        Err(err) => {
            // Nothing half-built is left lying next to the database.
            remove_building();
            return Err(err);
        }
    };
    for p in side_files(target) {
        let _ = std::fs::remove_file(p);
    }
    std::fs::rename(&building, target)
        .with_context(|| format!("moving the new demo database to {}", target.display()))?;
    Ok(summary)
}

/// Builds a demo in a PostgreSQL database: an empty one, or a demo, which
/// is emptied first. A database cannot be renamed over another as a file
/// can, so a failed build empties it again rather than leave half a demo.
fn build_on_server(ctx: &Context, args: &Args, url: &str) -> Result<Summary> {
    let target = Path::new(url);
    if crate::store::server_has_tables(url)? {
        if !is_demo(target)? {
            bail!(
                "{} holds a database that is not a demo; refusing to overwrite it. Pass --db with another location",
                ctx.db_path.display()
            );
        }
        crate::store::clear_server_demo(url)?;
    }
    let built = build(ctx, args, target);
    if built.is_err() {
        let _ = crate::store::clear_server_demo(url);
    }
    built
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn paths_are_quoted_only_when_needed() {
        assert_eq!(
            shell_word("/home/sara/.local/share/kariz/demo.db"),
            "/home/sara/.local/share/kariz/demo.db"
        );
        assert_eq!(shell_word("/tmp/my demo.db"), "'/tmp/my demo.db'");
        assert_eq!(shell_word("/tmp/it's.db"), r"'/tmp/it'\''s.db'");
    }
}
