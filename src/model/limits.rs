//! Text limits: how long a field may be and which characters it may hold.
//! The one home of the rule; every record's `validate` calls it, so the
//! command line, the interface, imports and merges all refuse the same
//! input with the same words.
//!
//! Control characters are refused rather than stored and escaped: a NUL
//! breaks SQLite's text functions (a name of "\u{0}" used to pass an
//! import and then fail every integrity check), and an escape sequence in
//! a name has no honest use. Lengths are bounded so that duplicate
//! detection (which compares names pairwise) and the customer page stay
//! fast with the longest value allowed.

/// Longest name (person, company) or title (deal, task, activity subject,
/// job title), in characters.
pub const MAX_NAME: usize = 300;

/// Longest other one-line value (owner, industry, lead source, domain,
/// phone, e-mail, label), in characters.
pub const MAX_LINE: usize = 1_000;

/// Longest free text (notes, an activity's body, an address, a lost
/// reason), in characters: about a book chapter.
pub const MAX_TEXT: usize = 1_000_000;

/// Checks a one-line value: no control characters at all (not even a line
/// break or tab), at most `max` characters. `field` names it in the error.
pub fn check_line(field: &str, value: &str, max: usize) -> Result<(), String> {
    check(field, value, max, |_| false)
}

/// Checks free text: line breaks and tabs are fine, other control
/// characters (NUL, escape, C1 controls) are not; at most `max` characters.
pub fn check_text(field: &str, value: &str, max: usize) -> Result<(), String> {
    check(field, value, max, |c| matches!(c, '\n' | '\r' | '\t'))
}

/// [`check_line`] for an optional value.
pub fn check_opt_line(field: &str, value: &Option<String>, max: usize) -> Result<(), String> {
    value
        .as_deref()
        .map_or(Ok(()), |v| check_line(field, v, max))
}

/// [`check_text`] for an optional value.
pub fn check_opt_text(field: &str, value: &Option<String>, max: usize) -> Result<(), String> {
    value
        .as_deref()
        .map_or(Ok(()), |v| check_text(field, v, max))
}

fn check(
    field: &str,
    value: &str,
    max: usize,
    allowed: impl Fn(char) -> bool,
) -> Result<(), String> {
    let mut count = 0usize;
    for (at, c) in value.chars().enumerate() {
        if c.is_control() && !allowed(c) {
            return Err(format!(
                "{field} contains the control character U+{:04X} ({}) at character {}; type it without control characters (they would drive or confuse terminals)",
                u32::from(c),
                crate::text::sanitize::visible(&c.to_string()),
                at + 1
            ));
        }
        count = at + 1;
    }
    if count > max {
        return Err(format!(
            "{field} is {count} characters long; the most allowed is {max}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_refused_with_their_position() {
        let err = check_line("name", "Sa\u{0}ra", MAX_NAME).unwrap_err();
        assert!(
            err.contains("name contains the control character U+0000"),
            "{err}"
        );
        assert!(err.contains("\\u{0}"), "{err}");
        assert!(err.contains("at character 3"), "{err}");
        assert!(check_line("name", "a\u{1b}[2J", MAX_NAME).is_err());
        assert!(check_line("name", "a\u{85}b", MAX_NAME).is_err());
        assert!(check_line("name", "two\nlines", MAX_NAME).is_err());
        assert!(check_text("notes", "two\nlines\tand a tab\r\n", MAX_TEXT).is_ok());
        assert!(check_text("notes", "bell\u{7}", MAX_TEXT).is_err());
    }

    #[test]
    fn right_to_left_text_and_joiners_are_fine() {
        // ZWNJ (U+200C) is part of Persian spelling; it is a format
        // character, not a control.
        assert!(check_line("name", "علی‌رضا حاجی‌آبادی", MAX_NAME).is_ok());
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        let at_limit = "ن".repeat(MAX_NAME);
        assert!(check_line("name", &at_limit, MAX_NAME).is_ok());
        let over = "ن".repeat(MAX_NAME + 1);
        let err = check_line("name", &over, MAX_NAME).unwrap_err();
        assert!(err.contains("301 characters long"), "{err}");
        assert!(err.contains("300"), "{err}");
    }
}
