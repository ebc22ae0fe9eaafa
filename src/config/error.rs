//! The single error type of the config module.

use std::fmt;
use std::ops::Range;

use super::position::line_col;

/// Why a configuration could not be loaded: where (file, line, key path such
/// as `pipelines[0].stages[2].probability`) and what is allowed instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// File path, or `<built-in default>` for the embedded default.
    pub origin: String,
    /// 1-based line of the offending text, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the offending text, when known.
    pub column: Option<usize>,
    /// Key path of the offending value, when known.
    pub key: Option<String>,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl ConfigError {
    /// An error about the file as a whole (e.g. it cannot be read).
    pub(crate) fn whole_file(origin: &str, message: impl Into<String>) -> Self {
        ConfigError {
            origin: origin.to_owned(),
            line: None,
            column: None,
            key: None,
            message: message.into(),
        }
    }

    /// An error at byte `span` of `text`; line and column are derived from
    /// the span start so syntax and semantic errors report positions alike.
    pub(crate) fn at(
        text: &str,
        origin: &str,
        span: Range<usize>,
        key: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_col(text, span.start);
        ConfigError {
            origin: origin.to_owned(),
            line: Some(line),
            column: Some(column),
            key,
            message: message.into(),
        }
    }
}

/// ``config error in <origin>, line <L>, key `<key>`: <message>``, leaving out
/// what is unknown. The column is shown only when there is no key (syntax
/// errors), where it is the only thing pinpointing the mistake.
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "config error in {}", self.origin)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
            if let (None, Some(column)) = (&self.key, self.column) {
                write!(f, ", column {column}")?;
            }
        }
        if let Some(key) = &self.key {
            write!(f, ", key `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}
