//! SQL text written once for both engines, adjusted where PostgreSQL
//! spells it differently: parameters are `?1`, `?2` (SQLite) and `$1`,
//! `$2` (PostgreSQL). Quoted text, quoted names and comments are left
//! alone.

/// The PostgreSQL form of a statement written with `?N` parameters.
pub fn to_postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    // A bare `?` is one past the highest number so far, as in SQLite.
    let mut highest = 0u32;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    // A doubled quote reopens at once, so it needs no care.
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let number = if digits.is_empty() {
                    highest + 1
                } else {
                    digits.parse().unwrap_or(highest + 1)
                };
                highest = highest.max(number);
                out.push('$');
                out.push_str(&number.to_string());
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_postgres;

    #[test]
    fn numbered_and_bare_parameters_become_dollars() {
        assert_eq!(
            to_postgres("SELECT a FROM t WHERE b = ?2 AND c = ?1 AND d = ?"),
            "SELECT a FROM t WHERE b = $2 AND c = $1 AND d = $3"
        );
    }

    #[test]
    fn quoted_text_names_and_comments_keep_their_question_marks() {
        assert_eq!(
            to_postgres("SELECT '?1', \"a?\" -- why?\n FROM t WHERE x = ?1"),
            "SELECT '?1', \"a?\" -- why?\n FROM t WHERE x = $1"
        );
        assert_eq!(
            to_postgres("SELECT 'it''s ?' , ?1"),
            "SELECT 'it''s ?' , $1"
        );
    }
}
