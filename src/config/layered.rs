//! A team's system-wide config with each user's personal settings on top.
//!
//! On a shared server the team's pipelines, stages, money and custom
//! fields live in one system config (`/etc/kariz/config.toml`, or
//! `KARIZ_SYSTEM_CONFIG`), so that everyone works to the same rules. A
//! user's own config may then only change how kariz looks and reacts for
//! them: `[user] name` (their display name), `[display]`, `[keys]` and
//! `[theme]`. Anything else in it is an error naming the key, because a
//! silently ignored pipeline would look like it worked. The system config
//! in turn may not say who anybody is (`[user]`).

use std::path::Path;

use toml::de::DeTable;

use super::{Config, ConfigError};

/// Top-level sections a personal config may hold next to a system config.
pub const PERSONAL_SECTIONS: [&str; 4] = ["user", "display", "keys", "theme"];

impl Config {
    /// The system config at `system`, with the personal settings of
    /// `personal` (if given) laid over it.
    pub fn load_layered(system: &Path, personal: Option<&Path>) -> Result<Config, ConfigError> {
        let system_origin = system.display().to_string();
        let system_text = read(system, &system_origin)?;
        // Each file is first checked on its own, so errors name its lines.
        Config::parse(&system_text, &system_origin)?;
        if let Some(span) = section_span(&system_text, "user") {
            return Err(ConfigError::at(
                &system_text,
                &system_origin,
                span,
                Some("user".into()),
                "the system config cannot say who anyone is: each person sets their display name in their own config ([user] name), and `kariz user add LOGIN --name NAME` puts it on the team list",
            ));
        }
        let Some(personal) = personal else {
            return Config::parse(&system_text, &system_origin);
        };
        let personal_origin = personal.display().to_string();
        let personal_text = read(personal, &personal_origin)?;
        Config::parse(&personal_text, &personal_origin)?;
        if let Ok(document) = DeTable::parse(&personal_text) {
            for (key, _) in document.get_ref() {
                let name = key.get_ref().as_ref();
                if !PERSONAL_SECTIONS.contains(&name) {
                    return Err(ConfigError::at(
                        &personal_text,
                        &personal_origin,
                        key.span(),
                        Some(name.to_owned()),
                        format!(
                            "`{name}` belongs in the system config {system_origin}, which the team shares; your own config may only set {}",
                            PERSONAL_SECTIONS.join(", ")
                        ),
                    ));
                }
            }
        }
        let merged = merge(&system_text, &personal_text).map_err(|message| {
            ConfigError::whole_file(&format!("{system_origin} + {personal_origin}"), message)
        })?;
        Config::parse(&merged, &format!("{system_origin} + {personal_origin}"))
    }
}

fn read(path: &Path, origin: &str) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|err| {
        ConfigError::whole_file(origin, format!("cannot read the config file: {err}"))
    })
}

/// Where the top-level key `name` is written, if it is.
fn section_span(text: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let document = DeTable::parse(text).ok()?;
    document
        .get_ref()
        .iter()
        .find(|(key, _)| key.get_ref().as_ref() == name)
        .map(|(key, _)| key.span())
}

/// The system config's text with the personal sections laid over it: keys
/// of `[display]`, `[keys]` and `[theme]` one by one, `[user]` whole.
fn merge(system: &str, personal: &str) -> Result<String, String> {
    let mut base: toml::Table = system.parse().map_err(|e| format!("{e}"))?;
    let over: toml::Table = personal.parse().map_err(|e| format!("{e}"))?;
    for (section, value) in over {
        match (base.get_mut(&section), value) {
            (Some(toml::Value::Table(into)), toml::Value::Table(from)) if section != "user" => {
                into.extend(from);
            }
            (_, value) => {
                base.insert(section, value);
            }
        }
    }
    toml::to_string(&base).map_err(|e| format!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    const SYSTEM: &str = r#"
[display]
language = "fa"
calendar = "jalali"

[[pipelines]]
name = "support"
stages = [
  { name = "New", probability = 10, kind = "open" },
  { name = "Solved", probability = 100, kind = "won" },
  { name = "Dropped", probability = 0, kind = "lost" },
]
"#;

    #[test]
    fn personal_settings_lay_over_the_system_config() {
        let dir = tempfile::tempdir().unwrap();
        let system = write(dir.path(), "system.toml", SYSTEM);
        let personal = write(
            dir.path(),
            "me.toml",
            "[user]\nname = \"Sara Ahmadi\"\n\n[display]\nlanguage = \"en\"\n",
        );
        let config = Config::load_layered(&system, Some(&personal)).unwrap();
        assert_eq!(config.display.language, Language::En);
        // Keys the person did not set come from the system config.
        assert_eq!(config.display.calendar, crate::config::Calendar::Jalali);
        assert_eq!(config.pipelines[0].name, "support");
        assert_eq!(config.user.name.as_deref(), Some("Sara Ahmadi"));
        let alone = Config::load_layered(&system, None).unwrap();
        assert_eq!(alone.display.language, Language::Fa);
    }

    #[test]
    fn team_settings_in_a_personal_config_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let system = write(dir.path(), "system.toml", SYSTEM);
        let personal = write(
            dir.path(),
            "me.toml",
            "[display]\nlanguage = \"en\"\n\n[money]\ndefault_currency = \"USD\"\n",
        );
        let err = Config::load_layered(&system, Some(&personal))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`money` belongs in the system config"),
            "{err}"
        );
        assert!(err.contains("line 4"), "{err}");
    }

    #[test]
    fn a_system_config_cannot_name_the_user() {
        let dir = tempfile::tempdir().unwrap();
        let system = write(dir.path(), "system.toml", "[user]\nname = \"Everyone\"\n");
        let err = Config::load_layered(&system, None).unwrap_err().to_string();
        assert!(err.contains("cannot say who anyone is"), "{err}");
        assert!(err.contains("line 1"), "{err}");
    }
}
