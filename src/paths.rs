//! Where kariz keeps its files: XDG directories with explicit overrides.
//!
//! Written by hand rather than with a directories crate because the rules
//! are precise and few (an empty variable counts as unset; `--db`/`KARIZ_DB`
//! win) and the common crates map Linux paths differently on macOS.

use std::path::PathBuf;

/// The environment values path resolution depends on, injected for tests.
#[derive(Debug, Clone, Default)]
pub struct PathEnv {
    /// `$HOME`.
    pub home: Option<String>,
    /// `$XDG_DATA_HOME`.
    pub xdg_data_home: Option<String>,
    /// `$XDG_CONFIG_HOME`.
    pub xdg_config_home: Option<String>,
    /// `$XDG_CACHE_HOME`.
    pub xdg_cache_home: Option<String>,
}

impl PathEnv {
    /// Reads the process environment.
    pub fn from_process() -> Self {
        PathEnv {
            home: std::env::var("HOME").ok(),
            xdg_data_home: std::env::var("XDG_DATA_HOME").ok(),
            xdg_config_home: std::env::var("XDG_CONFIG_HOME").ok(),
            xdg_cache_home: std::env::var("XDG_CACHE_HOME").ok(),
        }
    }

    fn base(&self, xdg: &Option<String>, fallback: &str) -> Result<PathBuf, String> {
        if let Some(dir) = non_empty(xdg) {
            return Ok(PathBuf::from(dir));
        }
        match non_empty(&self.home) {
            Some(home) => Ok(PathBuf::from(home).join(fallback)),
            None => Err(
                "neither the XDG directory variable nor HOME is set, so there is no default place for the database and config; name both explicitly"
                    .to_string(),
            ),
        }
    }

    /// `$XDG_DATA_HOME/kariz`, else `~/.local/share/kariz`.
    pub fn data_dir(&self) -> Result<PathBuf, String> {
        Ok(self
            .base(&self.xdg_data_home, ".local/share")?
            .join("kariz"))
    }

    /// `$XDG_CONFIG_HOME/kariz`, else `~/.config/kariz`.
    pub fn config_dir(&self) -> Result<PathBuf, String> {
        Ok(self.base(&self.xdg_config_home, ".config")?.join("kariz"))
    }

    /// `$XDG_CACHE_HOME/kariz`, else `~/.cache/kariz`: files kariz can
    /// rebuild from the database (the search snapshot).
    pub fn cache_dir(&self) -> Result<PathBuf, String> {
        Ok(self.base(&self.xdg_cache_home, ".cache")?.join("kariz"))
    }

    /// Where the interface writes printed documents:
    /// `$XDG_DATA_HOME/kariz/documents`, else
    /// `~/.local/share/kariz/documents`.
    pub fn documents_dir(&self) -> Result<PathBuf, String> {
        Ok(self.data_dir()?.join("documents"))
    }

    /// The user's database.
    pub fn default_db(&self) -> Result<PathBuf, String> {
        Ok(self.data_dir()?.join("kariz.db"))
    }

    /// The demo database, kept apart from the real one.
    pub fn demo_db(&self) -> Result<PathBuf, String> {
        Ok(self.data_dir()?.join("demo.db"))
    }

    /// The config file.
    pub fn default_config(&self) -> Result<PathBuf, String> {
        Ok(self.config_dir()?.join("config.toml"))
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(home: &str, data: &str, config: &str) -> PathEnv {
        let some = |s: &str| Some(s.to_string());
        PathEnv {
            home: some(home),
            xdg_data_home: some(data),
            xdg_config_home: some(config),
            xdg_cache_home: None,
        }
    }

    #[test]
    fn xdg_variables_win_over_home() {
        let e = env("/home/u", "/data", "/conf");
        assert_eq!(
            e.default_db().unwrap(),
            PathBuf::from("/data/kariz/kariz.db")
        );
        assert_eq!(
            e.default_config().unwrap(),
            PathBuf::from("/conf/kariz/config.toml")
        );
    }

    #[test]
    fn empty_xdg_variables_count_as_unset() {
        let e = env("/home/u", "", "");
        assert_eq!(
            e.default_db().unwrap(),
            PathBuf::from("/home/u/.local/share/kariz/kariz.db")
        );
        assert_eq!(
            e.default_config().unwrap(),
            PathBuf::from("/home/u/.config/kariz/config.toml")
        );
        assert_eq!(
            e.demo_db().unwrap(),
            PathBuf::from("/home/u/.local/share/kariz/demo.db")
        );
    }

    #[test]
    fn the_cache_folder_follows_xdg_cache_home_else_home() {
        let mut e = env("/home/u", "/data", "/conf");
        assert_eq!(
            e.cache_dir().unwrap(),
            PathBuf::from("/home/u/.cache/kariz")
        );
        e.xdg_cache_home = Some("/cache".into());
        assert_eq!(e.cache_dir().unwrap(), PathBuf::from("/cache/kariz"));
    }

    #[test]
    fn no_home_is_an_error_that_says_what_to_do() {
        let err = PathEnv::default().default_db().unwrap_err();
        assert!(err.contains("HOME"), "{err}");
        // The flags are the CLI's to name (cli::context).
        assert!(!err.contains("--"), "{err}");
    }
}
