//! The team list: who may own records, with the names people know them by.

use super::snapshot::Snapshot;
use serde::Serialize;

/// Longest login accepted (POSIX allows 32; some systems more).
pub const MAX_LOGIN: usize = 64;
/// Longest display name accepted.
pub const MAX_DISPLAY_NAME: usize = 200;

/// One member of the team list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamUser {
    /// Row id.
    pub id: i64,
    /// The operating-system login (what the change log records).
    pub login: String,
    /// The name people know them by, if given.
    pub display_name: Option<String>,
    /// Their e-mail address, where reminders go when
    /// `[messages.email] reminders = true`.
    pub email: Option<String>,
    /// `false` once they left the team (`kariz user rm`): their records
    /// stay, but nothing new can be given to them.
    pub active: bool,
    /// When added (UTC).
    pub created_at: String,
    /// Last change (UTC).
    pub updated_at: String,
    /// Optimistic-locking version.
    pub version: i64,
}

impl TeamUser {
    /// `login (Display Name)`, or the login alone.
    pub fn label(&self) -> String {
        label(&self.login, self.display_name.as_deref())
    }
}

/// `login (Display Name)`, or the login alone when there is no name or it
/// is the login itself.
pub fn label(login: &str, display_name: Option<&str>) -> String {
    match display_name {
        Some(name) if name != login => format!("{login} ({name})"),
        _ => login.to_string(),
    }
}

impl Snapshot for TeamUser {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("login", Some(self.login.clone())),
            ("display_name", self.display_name.clone()),
            ("email", self.email.clone()),
            (
                "active",
                Some(if self.active { "yes" } else { "left" }.to_string()),
            ),
        ]
    }
}

/// Checks a login: non-empty, at most [`MAX_LOGIN`] characters, no spaces,
/// no control characters (what account names allow, loosely).
pub fn check_login(login: &str) -> Result<String, String> {
    let login = login.trim();
    if login.is_empty() {
        return Err("a login cannot be empty; give the user's account name on this server".into());
    }
    if login.chars().count() > MAX_LOGIN {
        return Err(format!(
            "login {} is longer than {MAX_LOGIN} characters",
            crate::text::sanitize::quoted(login)
        ));
    }
    if login
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == ',')
    {
        return Err(format!(
            "login {} contains a space, comma or control character; use the account name as `id -un` prints it",
            crate::text::sanitize::quoted(login)
        ));
    }
    Ok(login.to_string())
}

/// Checks a display name: trimmed, at most [`MAX_DISPLAY_NAME`]
/// characters, no control characters; empty means none.
pub fn check_display_name(name: Option<&str>) -> Result<Option<String>, String> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if name.chars().count() > MAX_DISPLAY_NAME {
        return Err(format!(
            "the display name is longer than {MAX_DISPLAY_NAME} characters"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "display name {} contains a control character",
            crate::text::sanitize::quoted(name)
        ));
    }
    Ok(Some(name.to_string()))
}

/// Up to three of `candidates` closest to `typed` (edit distance, case
/// folded), closest first, for "did you mean" in messages.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let typed: Vec<char> = typed.to_lowercase().chars().collect();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| {
            let folded: Vec<char> = c.to_lowercase().chars().collect();
            // A prefix typed in full counts as close whatever the rest.
            let d = if folded.starts_with(&typed) && !typed.is_empty() {
                0
            } else {
                distance(&typed, &folded)
            };
            (d, c)
        })
        .collect();
    scored.sort();
    // Farther than half the typed length is not a likely typo.
    let limit = (typed.len() / 2).max(2);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

/// Levenshtein distance, in characters. Logins are short, so the plain
/// two-row algorithm is plenty.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        // Each cell from the one above-left (substitute), above (delete)
        // and left (insert), walked with iterators so nothing indexes.
        for ((cb, diagonal), above) in b.iter().zip(&previous).zip(previous.iter().skip(1)) {
            let left = current.last().copied().unwrap_or(usize::MAX);
            let cell = (diagonal + usize::from(ca != cb))
                .min(above.saturating_add(1))
                .min(left.saturating_add(1));
            current.push(cell);
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_logins_come_first() {
        let team = ["sara", "reza", "maryam", "samira"];
        assert_eq!(closest("sarah", team)[0], "sara");
        assert_eq!(closest("rez", team)[0], "reza");
        assert_eq!(closest("MARYAM", team)[0], "maryam");
        assert!(closest("zzzzzzzzzzzzzzzzzzzz", team).is_empty());
    }

    #[test]
    fn logins_and_names_are_checked() {
        assert_eq!(check_login(" sara ").unwrap(), "sara");
        assert!(check_login("").is_err());
        assert!(check_login("sara ahmadi").is_err());
        assert!(check_login("a\u{1b}b").unwrap_err().contains("\\u{1b}"));
        assert_eq!(check_display_name(Some("  ")).unwrap(), None);
        assert_eq!(
            check_display_name(Some(" Sara Ahmadi "))
                .unwrap()
                .as_deref(),
            Some("Sara Ahmadi")
        );
        assert!(check_display_name(Some("a\u{0}")).is_err());
    }

    #[test]
    fn labels_show_both_names() {
        assert_eq!(label("sara", Some("Sara Ahmadi")), "sara (Sara Ahmadi)");
        assert_eq!(label("sara", None), "sara");
        assert_eq!(label("sara", Some("sara")), "sara");
    }
}
