//! `kariz config`: write, check and locate the config file.

use super::context::Context;
use super::output;
use crate::config::{Config, DEFAULT_TOML};
use anyhow::{Context as _, Result, bail};
use clap::Subcommand;
use std::path::PathBuf;

/// What `config init` writes when a system config holds the team's
/// settings: the sections a personal config may hold, commented out.
const PERSONAL_TOML: &str = r#"# Your own kariz settings. The team's pipelines, money and custom fields
# are in the system config (`kariz config path` shows where); this file may
# only hold the sections below. See docs/config.md.

[user]
# Your display name, shown beside your login.
# name = "Sara Ahmadi"

[display]
# language = "en"        # en, fa or ar
# calendar = "gregorian" # gregorian or jalali
# digits = "latin"       # latin, persian or arabic
# bidi = "app"           # app or terminal

[keys]
# mark_done = ["x"]

[theme]
# accent = "cyan"
"#;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the commented default config to the config path
    Init {
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
        /// Write the Persian (fa: Jalali dates, Persian digits) or Arabic
        /// (ar: Arabic digits) example config instead of the English default
        #[arg(long, value_name = "LANG", value_parser = ["en", "fa", "ar"])]
        lang: Option<String>,
    },
    /// Validate a config file [default: the config path]
    Check {
        /// The file to check
        file: Option<PathBuf>,
    },
    /// Print where the config and database are
    Path,
}

/// What `config path` adds after the database: whether the file exists
/// yet; a server database is no file to look for.
fn db_state(ctx: &Context) -> &'static str {
    if ctx.on_server() {
        " (PostgreSQL)"
    } else if ctx.db_path.exists() {
        ""
    } else {
        " (not created yet)"
    }
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    match command {
        Command::Init { force, lang } => {
            let path = &ctx.config_path;
            if path.exists() && !force {
                bail!(
                    "{} already exists; pass --force to overwrite it",
                    path.display()
                );
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            // Next to a team's system config only personal settings are
            // allowed, so the full default would be refused at once.
            if let Some(system) = &ctx.system_config {
                std::fs::write(path, PERSONAL_TOML)
                    .with_context(|| format!("writing {}", path.display()))?;
                return output::line(&format!(
                    "Wrote a personal config to {}; the team's settings are in {}.",
                    path.display(),
                    system.display()
                ));
            }
            if let Some((origin, text)) = lang.as_deref().and_then(crate::config::examples::example)
            {
                std::fs::write(path, text)
                    .with_context(|| format!("writing {}", path.display()))?;
                return output::line(&format!(
                    "Wrote the {} example config ({origin}) to {}.",
                    lang.as_deref().unwrap_or_default(),
                    path.display()
                ));
            }
            std::fs::write(path, DEFAULT_TOML)
                .with_context(|| format!("writing {}", path.display()))?;
            output::line(&format!("Wrote the default config to {}.", path.display()))
        }
        Command::Check { file } => {
            let path = file.unwrap_or_else(|| ctx.config_path.clone());
            if !path.exists() {
                bail!(
                    "{} does not exist; `kariz config init` writes the default there",
                    path.display()
                );
            }
            let config = Config::load(&path)?;
            let stages: usize = config.pipelines.iter().map(|p| p.stages.len()).sum();
            output::line(&format!(
                "{} is valid: {} pipeline(s), {stages} stage(s), {} currency(ies), {} custom field(s).",
                path.display(),
                config.pipelines.len(),
                config.money.currencies.len(),
                config.custom_fields.len()
            ))
        }
        Command::Path => {
            let exists = |p: &PathBuf| if p.exists() { "" } else { " (not created yet)" };
            output::line(&format!(
                "config:   {}{}",
                ctx.config_path.display(),
                exists(&ctx.config_path)
            ))?;
            if let Some(system) = &ctx.system_config {
                output::line(&format!(
                    "system:   {}{} (the team's settings; yours may only set {})",
                    system.display(),
                    exists(system),
                    crate::config::PERSONAL_SECTIONS.join(", ")
                ))?;
            }
            output::line(&format!("database: {}{}", ctx.db_shown(), db_state(ctx)))
        }
    }
}
