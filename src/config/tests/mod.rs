//! Tests of the config module: the shipped files, every error path,
//! custom-field values, lookups and robustness.

mod errors_fields;
mod errors_money;
mod errors_pipelines;
mod errors_shape;
mod files;
mod lookups;
mod position;
mod props;
mod ui;
mod values;

use super::{Config, ConfigError};

/// Parses text that must be rejected.
fn parse_err(text: &str) -> ConfigError {
    match Config::parse(text, "test.toml") {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(err) => err,
    }
}

/// Asserts an error's line, that its key path contains `key`, and that its
/// message contains `allowed` (a word of what is allowed).
fn assert_error(text: &str, line: usize, key: &str, allowed: &str) -> ConfigError {
    let err = parse_err(text);
    assert_eq!(err.line, Some(line), "line of {err}");
    let got_key = err.key.clone().unwrap_or_default();
    assert!(
        got_key.contains(key),
        "key {got_key:?} should contain {key:?}: {err}"
    );
    assert!(
        err.message.contains(allowed),
        "message should contain {allowed:?}: {err}"
    );
    assert_eq!(err.origin, "test.toml");
    err
}

/// A valid one-pipeline config whose single stage table can be extended;
/// the stage table starts on line 4 so tests can count lines.
const ONE_STAGE: &str = "[[pipelines]]\nname = \"p\"\n\n[[pipelines.stages]]\nname = \"Open\"\nprobability = 10\nkind = \"open\"\n";
