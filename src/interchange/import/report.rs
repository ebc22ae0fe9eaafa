//! The per-row report: printed, and written as CSV with `--report`.

use super::plan::Step;
use crate::interchange::csv_safety::protect;
use std::fmt::Write as _;

/// Quotes one CSV cell, with formula protection (the report is meant to be
/// opened in a spreadsheet, and it quotes the file's own cells).
fn cell(text: &str) -> String {
    let text = protect(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// The issues of every step as CSV: `line,column,severity,reason`.
pub fn csv(steps: &[Step]) -> String {
    let mut out = String::from("line,column,severity,reason\n");
    for issue in steps.iter().flat_map(|s| &s.issues) {
        let _ = writeln!(
            out,
            "{},{},{},{}",
            issue.line,
            cell(issue.column.as_deref().unwrap_or("")),
            if issue.warning { "warning" } else { "error" },
            cell(&issue.reason)
        );
    }
    out
}

/// One issue as a line of text: `line 7, column "E-mail 1 - Value": …`.
pub fn issue_line(issue: &super::Issue) -> String {
    let kind = if issue.warning { "warning" } else { "error" };
    match &issue.column {
        Some(c) => format!(
            "line {}, column {c:?}: {kind}: {}",
            issue.line, issue.reason
        ),
        None => format!("line {}: {kind}: {}", issue.line, issue.reason),
    }
}
