//! SQL text written once for both engines, adjusted where PostgreSQL
//! spells it differently: parameters are `?1`, `?2` (SQLite) and `$1`,
//! `$2` (PostgreSQL). Quoted text, quoted names and comments are left
//! alone.

/// The PostgreSQL form of a statement written with `?N` parameters, with
/// the few spellings the engines do not share adjusted:
/// - `LIMIT ?N` with -1 for "no limit" (SQLite) becomes `LIMIT NULL`;
/// - `json_each(?N)` over a JSON array of ids becomes `kariz_json_each`,
///   a function `pg_open.rs` creates (PostgreSQL's `json_each` reads
///   objects, not arrays).
pub fn to_postgres(sql: &str) -> String {
    let numbered = renumber(sql);
    let limited = rewrite_limits(&numbered);
    limited.replace("json_each(", "kariz_json_each(")
}

/// `LIMIT $N` → `LIMIT NULLIF($N, CAST(-1 AS BIGINT))`.
fn rewrite_limits(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut rest = sql;
    while let Some(at) = rest.find("LIMIT $") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let digits = from
            .get(7..)
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_digit)
            .count();
        let param = from.get(6..7 + digits).unwrap_or_default();
        // The -1 is cast so the parameter is typed BIGINT, as every
        // integer kariz binds is.
        out.push_str(&format!("LIMIT NULLIF({param}, CAST(-1 AS BIGINT))"));
        rest = from.get(7 + digits..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `?N` and bare `?` parameters as `$N`.
fn renumber(sql: &str) -> String {
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

/// `sql` (in `$N` form) with every `$N IS NULL` / `$N IS NOT NULL` test
/// replaced by a constant, so what remains tells each parameter's type.
pub fn without_null_tests(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let digits = from
            .get(1..)
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_digit)
            .count();
        let after = from.get(1 + digits..).unwrap_or_default();
        let test = [(" IS NOT NULL", "FALSE"), (" IS NULL", "TRUE")]
            .into_iter()
            .find(|(words, _)| after.starts_with(words));
        match test {
            Some((words, constant)) if digits > 0 => {
                out.push_str(constant);
                rest = after.get(words.len()..).unwrap_or_default();
            }
            _ => {
                out.push('$');
                rest = from.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether PostgreSQL cannot type some parameter of `sql` (in `$N` form)
/// by itself: one that appears only in `$N IS NULL` tests, or not at all
/// below the highest. The server refuses to prepare such a statement;
/// asking it anyway costs a round trip and, inside a transaction, aborts
/// the transaction.
pub fn has_untyped_parameter(sql: &str) -> bool {
    let probe = without_null_tests(sql);
    (1..=highest_parameter(sql)).any(|n| !mentions(&probe, n))
}

/// Whether `sql` (in `$N` form) has any parameter.
pub fn has_parameters(sql: &str) -> bool {
    highest_parameter(sql) > 0
}

/// The highest `$N` in `sql` (0 when there is none).
fn highest_parameter(sql: &str) -> usize {
    sql.split('$')
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .max()
        .unwrap_or(0)
}

/// Whether `sql` (in `$N` form) uses parameter `n`.
pub fn mentions(sql: &str, n: usize) -> bool {
    let token = format!("${n}");
    sql.match_indices(&token).any(|(at, _)| {
        !sql.get(at + token.len()..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::{has_parameters, has_untyped_parameter, to_postgres};

    #[test]
    fn a_statement_has_parameters_when_it_names_one() {
        assert!(!has_parameters("SELECT rolname FROM pg_roles"));
        assert!(!has_parameters("SELECT '$' || name FROM tags"));
        assert!(has_parameters("SELECT 1 WHERE id = $1"));
        assert!(has_parameters(&to_postgres("SELECT 1 WHERE id = ?12")));
    }

    #[test]
    fn parameters_only_tested_for_null_or_missing_are_untyped() {
        assert!(has_untyped_parameter("SELECT 1 WHERE $1 IS NULL"));
        assert!(has_untyped_parameter("SELECT $2::int"), "$1 is missing");
        assert!(!has_untyped_parameter(
            "SELECT 1 FROM t WHERE ($1 IS NULL OR t.a = $1) AND t.b = $2"
        ));
        assert!(!has_untyped_parameter("SELECT 1"));
        assert!(has_untyped_parameter("SELECT $10::int"), "$1 to $9 missing");
    }

    #[test]
    fn null_tests_give_way_to_constants_and_mentions_are_exact() {
        let sql = "WHERE ($1 IS NULL OR a = $1) AND ($12 IS NOT NULL) AND b = $2";
        let probe = super::without_null_tests(sql);
        assert_eq!(probe, "WHERE (TRUE OR a = $1) AND (FALSE) AND b = $2");
        assert!(super::mentions(&probe, 1));
        assert!(!super::mentions(&probe, 12));
        assert!(!super::mentions("a = $12", 1));
    }

    #[test]
    fn no_limit_and_id_lists_take_postgresql_spellings() {
        assert_eq!(
            to_postgres("SELECT id FROM t WHERE id IN (SELECT value FROM json_each(?1)) LIMIT ?2"),
            "SELECT id FROM t WHERE id IN (SELECT value FROM kariz_json_each($1)) LIMIT NULLIF($2, CAST(-1 AS BIGINT))"
        );
    }

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
