//! Exit codes, documented in docs/cli.md. Scripts branch on them.

use crate::error::{Error, Remedy};
use std::process::ExitCode;

/// Success.
pub const OK: u8 = 0;
/// Any error not listed below.
pub const ERROR: u8 = 1;
/// The command line was wrong (clap's own code).
pub const USAGE: u8 = 2;
/// The record asked for does not exist.
pub const NOT_FOUND: u8 = 3;
/// Someone else saved the record first; nothing was written.
pub const CONFLICT: u8 = 4;
/// A delete was refused because other records still point at the record.
pub const IN_USE: u8 = 5;
/// `import --partial` wrote the good rows but rejected some.
pub const PARTIAL: u8 = 6;
/// `kariz doctor` found a problem that needs attention (see its report).
pub const UNHEALTHY: u8 = 7;

/// A database named with --db or KARIZ_DB does not exist (exit 3).
#[derive(Debug)]
pub struct MissingDatabase(pub std::path::PathBuf);

impl std::fmt::Display for MissingDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "database {} does not exist; nothing was created. Check the path (--db or KARIZ_DB), or pass --create to start a new database there",
            crate::text::sanitize::quoted(&self.0.display().to_string())
        )
    }
}

impl std::error::Error for MissingDatabase {}

/// A failure whose exit code is given, its message already printed or
/// carried (`import --partial` with rejected rows, an unhealthy doctor).
#[derive(Debug)]
pub struct Coded {
    /// The exit code.
    pub code: u8,
    /// What to say on standard error.
    pub message: String,
}

impl std::fmt::Display for Coded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Coded {}

/// The error as the CLI prints it: the library's message, then what to type
/// next. The library's own messages name no commands or flags, because the
/// TUI shows them too.
pub fn message_for(err: &anyhow::Error) -> String {
    let message = format!("{err:#}");
    match err.downcast_ref::<Error>().and_then(hint) {
        Some(hint) => format!("{message}; {hint}"),
        None => message,
    }
}

/// `err` in the language of the config the command ran under: when its
/// chain holds a refused value or request (`InputError`) and the config
/// is Persian or Arabic, the same chain said in that language, with the
/// same exit code. English (and a config that cannot be read) keeps the
/// error as it is, so its message stays byte for byte what it was.
pub fn localized(err: anyhow::Error, ctx: &super::context::Context) -> anyhow::Error {
    if !err.chain().any(|cause| refusal(cause).is_some()) {
        return err;
    }
    let Ok(config) = ctx.config() else {
        return err;
    };
    let locale = crate::locale::Locale::from_config(&config);
    if locale.language == crate::vocab::Language::En {
        return err;
    }
    let said: Vec<String> = err
        .chain()
        .map(|cause| match refusal(cause) {
            // Standard error is logical text, as the CLI's piped output:
            // kariz's isolate marks are left out (`isolate` already made
            // the data's own marks visible).
            Some(refused) => locale
                .input_error(&refused)
                .replace(['\u{2068}', '\u{2069}'], ""),
            None => cause.to_string(),
        })
        .collect();
    anyhow::Error::new(Coded {
        code: number_for(&err),
        message: said.join(": "),
    })
}

/// The refusal a link of an error chain is, if it is one.
fn refusal(
    cause: &(dyn std::error::Error + 'static),
) -> Option<crate::model::input_error::InputError> {
    use crate::model::input_error::InputError;
    if let Some(e) = cause.downcast_ref::<InputError>() {
        return Some(e.clone());
    }
    if let Some(Error::Input(e)) = cause.downcast_ref::<Error>() {
        return Some(e.clone());
    }
    if let Some(e) = cause.downcast_ref::<crate::model::dates::DateError>() {
        return Some(e.clone().into());
    }
    cause
        .downcast_ref::<crate::model::money::MoneyError>()
        .map(|e| e.clone().into())
}

/// The CLI's next step for a library error, if it has one.
fn hint(err: &Error) -> Option<String> {
    Some(match err {
        Error::NotFound { entity, .. } | Error::NotFoundNamed { entity, .. } => {
            format!("list them with `kariz {entity} list`")
        }
        Error::Conflict { entity, id, .. } => {
            format!("run `kariz {entity} show {id}` and apply your change again")
        }
        Error::InUse { .. } => "or pass --unlink to keep them without it".to_owned(),
        Error::LostReasonRequired { .. } => "give it with --reason TEXT".to_owned(),
        Error::Rejected { remedy, .. } => remedy_flag(*remedy),
        _ => return None,
    })
}

/// The flag that gives what a rejected request lacks. The one home of
/// these flag names for library errors, so library messages name none.
pub fn remedy_flag(remedy: Remedy) -> String {
    match remedy {
        Remedy::DropFilter("stage") => "leave out --stage, or use --entity deal".to_owned(),
        Remedy::DropFilter(filter) => format!("leave out --{filter}"),
        Remedy::RecordKind(kinds) => format!("choose one with --entity ({kinds})"),
        Remedy::TargetPipeline => "name it with --to-pipeline PIPELINE".to_owned(),
        Remedy::ColumnMap => "map one with --map \"COLUMN=FIELD\"".to_owned(),
        Remedy::Encoding(encoding) => format!("read it with --encoding {encoding}"),
        Remedy::DatabasePath => "name another with --db PATH or KARIZ_DB".to_owned(),
        Remedy::TeamOwner => {
            "`kariz user add LOGIN` adds you, --owner LOGIN names another owner".to_owned()
        }
        Remedy::Force => "or pass --force if you are sure no one is using it".to_owned(),
        Remedy::Link => "link it with --person, --company or --deal".to_owned(),
    }
}

/// The exit code for an error that reached the command boundary.
pub fn code_for(err: &anyhow::Error) -> ExitCode {
    ExitCode::from(number_for(err))
}

/// The exit code for an error, as a number (also printed in JSON errors).
pub fn number_for(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<MissingDatabase>().is_some() {
        return NOT_FOUND;
    }
    if let Some(coded) = err.downcast_ref::<Coded>() {
        return coded.code;
    }
    match err.downcast_ref::<Error>() {
        Some(Error::NotFound { .. } | Error::NotFoundNamed { .. }) => NOT_FOUND,
        Some(Error::Conflict { .. } | Error::FieldConflict { .. }) => CONFLICT,
        Some(Error::InUse { .. }) => IN_USE,
        _ => ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entity;

    #[test]
    fn hints_are_added_here_not_in_the_library() {
        let cases = [
            (
                Error::NotFound {
                    entity: Entity::Deal,
                    id: 7,
                },
                "deal 7 does not exist; list them with `kariz deal list`",
            ),
            (
                Error::LostReasonRequired {
                    stage: "Lost".into(),
                },
                "moving a deal to \"Lost\" needs a reason why it was lost; give it with --reason TEXT",
            ),
            (
                Error::InUse {
                    message: "person 1 (Sara) is still linked to 1 deal (#2)".into(),
                    entity: crate::model::Entity::Person,
                    id: 1,
                    label: "Sara".into(),
                    links: vec![(crate::model::Entity::Deal, vec![2])],
                },
                "person 1 (Sara) is still linked to 1 deal (#2); or pass --unlink to keep them without it",
            ),
        ];
        for (err, want) in cases {
            assert!(!err.to_string().contains("kariz "), "{err}");
            assert!(!err.to_string().contains("--"), "{err}");
            assert_eq!(message_for(&anyhow::Error::new(err)), want);
        }
        let conflict = anyhow::Error::new(Error::Conflict {
            entity: Entity::Person,
            id: 3,
            expected: 1,
            actual: 2,
        })
        .context("saving person 3");
        let message = message_for(&conflict);
        assert!(
            message.starts_with("saving person 3: person 3 was changed"),
            "{message}"
        );
        assert!(
            message.ends_with("run `kariz person show 3` and apply your change again"),
            "{message}"
        );
        let other = anyhow::Error::new(Error::invalid("bad"));
        assert_eq!(message_for(&other), "bad");
    }

    /// Every remedy a library error can carry gets its flag here, and the
    /// library's own message (which the TUI shows) names none.
    #[test]
    fn every_remedy_is_named_by_its_flag_at_the_cli() {
        let cases = [
            (Remedy::DropFilter("tag"), "--tag"),
            (Remedy::DropFilter("stage"), "--entity deal"),
            (
                Remedy::RecordKind("task or activity"),
                "--entity (task or activity)",
            ),
            (Remedy::TargetPipeline, "--to-pipeline"),
            (Remedy::ColumnMap, "--map"),
            (Remedy::Encoding("utf-16"), "--encoding utf-16"),
            (Remedy::DatabasePath, "--db"),
            (Remedy::TeamOwner, "--owner"),
            (Remedy::Force, "--force"),
            (Remedy::Link, "--person, --company or --deal"),
        ];
        for (remedy, flag) in cases {
            let err = Error::rejected("what is wrong", remedy);
            assert_eq!(err.to_string(), "what is wrong");
            let shown = message_for(&anyhow::Error::new(err).context("in a file"));
            assert!(shown.starts_with("in a file: what is wrong; "), "{shown}");
            assert!(shown.contains(flag), "{remedy:?}: {shown}");
        }
    }
}
