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

/// The exit code for an error that reached the command boundary.
pub fn code_for(err: &anyhow::Error) -> ExitCode {
    let code = match err.downcast_ref::<Error>() {
        Some(Error::NotFound { .. } | Error::NotFoundNamed { .. }) => NOT_FOUND,
        Some(Error::Conflict { .. } | Error::FieldConflict { .. }) => CONFLICT,
        Some(Error::InUse(_)) => IN_USE,
        _ => ERROR,
    };
    ExitCode::from(code)
}
