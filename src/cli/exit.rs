//! Exit codes, documented in docs/cli.md. Scripts branch on them.

use crate::error::Error;
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
        Some(Error::Conflict { .. }) => CONFLICT,
        Some(Error::InUse(_)) => IN_USE,
        _ => ERROR,
    }
}
