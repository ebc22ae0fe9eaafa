//! What every command needs: paths, config, clock and the acting user.

use super::output::Render;
use crate::clock::Clock;
use crate::config::Config;
use crate::paths::PathEnv;
use crate::store::Store;
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};

/// Where a team's shared config lives unless `KARIZ_SYSTEM_CONFIG` says.
pub const SYSTEM_CONFIG: &str = "/etc/kariz/config.toml";

/// A default path that cannot be worked out, with the flags that name it.
pub(super) fn no_default_path(reason: String) -> anyhow::Error {
    anyhow::anyhow!("{reason}: pass --db and --config (or set KARIZ_DB and KARIZ_CONFIG)")
}

/// A database location for messages: a server URL without its password,
/// a file path as it is.
pub fn shown(path: &Path) -> String {
    match path.to_str().filter(|p| crate::store::is_server_url(p)) {
        Some(url) => crate::store::url_without_password(url),
        None => path.display().to_string(),
    }
}

/// Resolved settings for one run of the binary.
pub struct Context {
    /// The database file to use.
    pub db_path: PathBuf,
    /// Whether the database was named with --db or KARIZ_DB.
    pub db_explicit: bool,
    /// `--create`: a named database that does not exist may be created.
    pub create_db: bool,
    /// The config file (which may not exist: then the built-in default is used).
    pub config_path: PathBuf,
    /// Whether the config path was given explicitly (then it must exist).
    pub config_explicit: bool,
    /// The team's system-wide config (`KARIZ_SYSTEM_CONFIG`, else
    /// `/etc/kariz/config.toml` when it exists). With one, the user's own
    /// config may only hold personal settings.
    pub system_config: Option<PathBuf>,
    /// Paths from the environment, for commands that need other defaults.
    pub env: PathEnv,
    /// Now, injected.
    pub clock: Clock,
    /// Who is running kariz: the login of the real uid (see
    /// [`crate::identity`]), never a name from the environment or config.
    pub login: String,
}

impl Context {
    /// Resolves paths from flags, then `KARIZ_DB`/`KARIZ_CONFIG` (empty
    /// counts as unset), then the XDG defaults.
    pub fn from_args(db: Option<PathBuf>, config: Option<PathBuf>) -> Result<Context> {
        let from_env = |key: &str| {
            std::env::var_os(key)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let db = db.or_else(|| from_env("KARIZ_DB"));
        let config = config.or_else(|| from_env("KARIZ_CONFIG"));
        let env = PathEnv::from_process();
        let clock = Clock::from_env_values(
            std::env::var("KARIZ_NOW").ok().as_deref(),
            std::env::var("KARIZ_NOW_START").ok().as_deref(),
        )
        .map_err(anyhow::Error::msg)?;
        let db_explicit = db.is_some();
        let db_path = match db {
            Some(p) => p,
            None => env.default_db().map_err(no_default_path)?,
        };
        let config_explicit = config.is_some();
        let config_path = match config {
            Some(p) => p,
            None => env.default_config().map_err(no_default_path)?,
        };
        let login = crate::identity::current_login();
        let system_config = from_env("KARIZ_SYSTEM_CONFIG")
            .or_else(|| Some(PathBuf::from(SYSTEM_CONFIG)).filter(|p| p.exists()));
        Ok(Context {
            db_path,
            db_explicit,
            create_db: false,
            config_path,
            config_explicit,
            system_config,
            env,
            clock,
            login,
        })
    }

    /// Loads the config file, or the built-in default when there is none and
    /// none was asked for explicitly.
    pub fn config(&self) -> Result<Config> {
        // Only a preference: a database that cannot be read here fails
        // with its own error when it is opened, so ignore it for this.
        self.config_with(|key| crate::store::peek_meta(&self.db_path, key).ok().flatten())
    }

    /// [`Context::config`] reading the database's meta rows through `peek`.
    fn config_with(&self, peek: impl Fn(&str) -> Option<String>) -> Result<Config> {
        let personal = self.config_explicit || self.config_path.exists();
        let config = match (&self.system_config, personal) {
            // A demo built with --lang opens in that language, as `demo
            // --lang` itself does: only --config/KARIZ_CONFIG and a team's
            // system config come before it (docs/config.md).
            (None, _) if let Some((origin, text)) = self.demo_example(peek) => {
                Config::parse(text, origin)?
            }
            (Some(system), true) => Config::load_layered(system, Some(&self.config_path))?,
            (Some(system), false) => Config::load_layered(system, None)?,
            (None, false) => Config::default_config(),
            (None, true) => Config::load(&self.config_path)?,
        };
        Ok(config)
    }

    /// How human output looks under `config` (normally the one the store
    /// was opened with): its locale, and on a terminal right-to-left text
    /// laid out the way the TUI lays it out (most terminals do no bidi);
    /// piped output stays in logical order for scripts.
    pub fn render(&self, config: &Config) -> Render {
        let display = std::io::IsTerminal::is_terminal(&std::io::stdout())
            .then(|| crate::text::display::DisplayOptions::from_config(config));
        Render::new(crate::locale::Locale::from_config(config), display)
    }

    /// The example config of the language a demo database was built with,
    /// unless a config was named explicitly.
    fn demo_example(
        &self,
        peek: impl Fn(&str) -> Option<String>,
    ) -> Option<(&'static str, &'static str)> {
        if !self.may_be_demo() {
            return None;
        }
        if peek(crate::demo::DEMO_MARKER).as_deref() != Some("1") {
            return None;
        }
        peek(crate::demo::DEMO_LANGUAGE).and_then(|lang| crate::config::examples::example(&lang))
    }

    /// Whether the config may come from the database's demo language: no
    /// config was named and the database already exists.
    fn may_be_demo(&self) -> bool {
        !self.config_explicit && (self.db_path.is_file() || self.on_server())
    }

    /// The database's location for messages: a server URL without its
    /// password.
    pub fn db_shown(&self) -> String {
        shown(&self.db_path)
    }

    /// Whether the database is a PostgreSQL URL rather than a file.
    pub fn on_server(&self) -> bool {
        self.db_path
            .to_str()
            .is_some_and(crate::store::is_server_url)
    }

    /// The login recorded as owner, author and actor. The config's
    /// `[user] name` is only a display name and cannot change it.
    pub fn actor(&self, _config: &Config) -> String {
        self.login.clone()
    }

    /// Opens the database with the config, refusing to go on while deals
    /// sit in stages the config does not define.
    pub fn open(&self) -> Result<Store> {
        let store = self.open_unchecked()?;
        store.check_stages()?;
        Ok(store)
    }

    /// Opens the database without the stage check (for `stage remap`).
    pub fn open_unchecked(&self) -> Result<Store> {
        self.require_db()?;
        self.open_at(&self.db_path)
    }

    /// Fails loudly when a database named with --db or KARIZ_DB does not
    /// exist: a typo must not quietly become a new, empty database (a cron
    /// report would then say "nothing overdue"). Only the default path is
    /// created on first use, or a named one with --create.
    /// A server URL names a database the server has or refuses, with its
    /// own error; there is no file to look for.
    pub fn require_db(&self) -> Result<()> {
        if self.db_explicit && !self.create_db && !self.on_server() && !self.db_path.exists() {
            return Err(super::exit::MissingDatabase(self.db_path.clone()).into());
        }
        Ok(())
    }

    /// Opens a database at another path with this run's config and user.
    pub fn open_at(&self, path: &Path) -> Result<Store> {
        if path != self.db_path || !self.may_be_demo() {
            return self.open_at_with(path, self.config()?);
        }
        // The demo's language is read through the connection being opened:
        // a second connection only to peek at it cost a command about a
        // millisecond on a file and two round trips to a server.
        let store = self.open_at_with(path, Config::default_config())?;
        let config = self.config_with(|key| store.meta(key).ok().flatten())?;
        Ok(store.with_config(config))
    }

    /// [`Context::open_at`] with a config of the caller's (the demo's
    /// language example), so what is written follows it.
    pub fn open_at_with(&self, path: &Path, config: Config) -> Result<Store> {
        let actor = self.actor(&config);
        Store::open(path, config, actor)
            .with_context(|| format!("opening database {}", shown(path)))
    }

    /// The config file's folder (relative secret files and templates are
    /// read from there).
    pub fn config_dir(&self) -> PathBuf {
        self.config_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The message templates folder: `[messages] templates` (relative to
    /// the config's folder), else the config folder's `templates/messages/`.
    pub fn templates_dir(&self, config: &Config) -> PathBuf {
        let base = self.config_dir();
        match &config.messages.templates {
            Some(dir) => base.join(dir),
            None => base.join("templates").join("messages"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn config(lang: &str) -> Config {
        let (origin, text) = crate::config::examples::example(lang).unwrap();
        Config::parse(text, origin).unwrap()
    }

    /// The locale is a value per config, not a first-setter-wins global: a
    /// Persian and an English render made in one process each keep theirs,
    /// whichever was made first.
    #[test]
    fn two_configs_render_in_their_own_locale_in_one_process() {
        let ctx = Context::from_args(Some("unused.db".into()), Some("unused.toml".into())).unwrap();
        let fa = ctx.render(&config("fa"));
        let en = ctx.render(&Config::default_config());
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(fa.date(day), "۱۴۰۵/۰۹/۰۱");
        assert_eq!(en.date(day), "2026-11-22");
        assert_eq!(fa.count(12), "۱۲");
        assert_eq!(en.count(12), "12");
        assert_eq!(fa.digits("40%"), "۴۰%");
        assert_eq!(en.money(1_250_000, "USD"), "12,500.00 USD");
        // Made again in the other order: still each its own.
        let en = ctx.render(&Config::default_config());
        let fa = ctx.render(&config("fa"));
        assert_eq!(en.date(day), "2026-11-22");
        assert_eq!(fa.date(day), "۱۴۰۵/۰۹/۰۱");
        let mut table = fa.table(&["n"]);
        table.row(vec![fa.count(7)]);
        assert_eq!(table.render("none"), "N\n۷\n");
    }
}
