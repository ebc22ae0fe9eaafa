//! Support cases: a customer's problem tracked from first contact to close.
//!
//! The workflow (which statuses exist, which pause the SLA clock, which
//! moves are allowed) comes from the config and is checked by the store;
//! this file holds the fields, their own checks and the case number.

use super::input_error::InputError;
use super::snapshot::{self, Snapshot};
use super::tag;
use crate::vocab::{CaseChannel, CasePriority};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The editable fields of a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseData {
    /// One line saying what is wrong.
    pub subject: String,
    /// Details as the customer told them.
    pub description: Option<String>,
    /// The customer person.
    pub person_id: Option<i64>,
    /// The customer company.
    pub company_id: Option<i64>,
    /// How the case reached the team.
    pub channel: CaseChannel,
    /// A category from the config's list.
    pub category: Option<String>,
    /// How urgent; picks the SLA targets.
    pub priority: CasePriority,
    /// A status name from the config's workflow.
    pub status: String,
    /// The team member working on it (a login from the team list).
    pub assignee: Option<String>,
    /// A related deal.
    pub deal_id: Option<i64>,
    /// Tags.
    pub tags: Vec<String>,
    /// The customer's satisfaction, 1–5, recorded when closing.
    pub satisfaction: Option<u8>,
    /// The customer's comment with the score.
    pub satisfaction_comment: Option<String>,
}

impl Default for CaseData {
    fn default() -> Self {
        CaseData {
            subject: String::new(),
            description: None,
            person_id: None,
            company_id: None,
            channel: CaseChannel::Call,
            category: None,
            priority: CasePriority::Normal,
            status: String::new(),
            assignee: None,
            deal_id: None,
            tags: Vec::new(),
            satisfaction: None,
            satisfaction_comment: None,
        }
    }
}

impl CaseData {
    /// Checks the fields that do not need the config; the store checks the
    /// status, category, assignee and links against it.
    pub fn validate(&mut self) -> Result<(), String> {
        self.check().map_err(String::from)
    }

    /// [`CaseData::validate`] with the refusal typed, so a front-end can
    /// say it in the interface's language (the text rules of `limits` and
    /// `tag` come as [`InputError::Text`], in English).
    pub fn check(&mut self) -> Result<(), InputError> {
        self.subject = self.subject.trim().to_string();
        if self.subject.is_empty() {
            return Err(InputError::CaseSubject);
        }
        use super::limits::{
            MAX_LINE, MAX_NAME, MAX_TEXT, check_line, check_opt_line, check_opt_text,
        };
        let text = InputError::Text;
        check_line("the subject", &self.subject, MAX_NAME).map_err(text)?;
        check_opt_text("the description", &self.description, MAX_TEXT).map_err(text)?;
        check_opt_line("the category", &self.category, MAX_LINE).map_err(text)?;
        check_opt_line("the assignee", &self.assignee, MAX_LINE).map_err(text)?;
        check_opt_text(
            "the satisfaction comment",
            &self.satisfaction_comment,
            MAX_TEXT,
        )
        .map_err(text)?;
        if self.person_id.is_none() && self.company_id.is_none() {
            return Err(InputError::CaseCustomer);
        }
        if let Some(score) = self.satisfaction
            && check_satisfaction(score).is_err()
        {
            return Err(InputError::Satisfaction { score });
        }
        if self.satisfaction.is_none() && self.satisfaction_comment.is_some() {
            return Err(InputError::CommentNeedsScore);
        }
        self.tags = tag::normalize_all(&self.tags).map_err(text)?;
        Ok(())
    }
}

/// The one rule for a satisfaction score.
pub fn check_satisfaction(score: u8) -> Result<(), String> {
    if (1..=5).contains(&score) {
        Ok(())
    } else {
        Err(format!(
            "satisfaction score {score} is out of range; allowed: 1 to 5"
        ))
    }
}

impl Snapshot for CaseData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("subject", Some(self.subject.clone())),
            ("description", self.description.clone()),
            ("person_id", snapshot::opt(&self.person_id)),
            ("company_id", snapshot::opt(&self.company_id)),
            ("channel", Some(self.channel.as_str().to_string())),
            ("category", self.category.clone()),
            ("priority", Some(self.priority.as_str().to_string())),
            ("status", Some(self.status.clone())),
            ("assignee", self.assignee.clone()),
            ("deal_id", snapshot::opt(&self.deal_id)),
            ("tags", snapshot::list(&self.tags)),
            ("satisfaction", snapshot::opt(&self.satisfaction)),
            ("satisfaction_comment", self.satisfaction_comment.clone()),
        ]
    }
}

/// A case number as people say it on the phone: year and sequence,
/// e.g. `1405-0042` (Jalali year) or `2026-0042`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CaseNumber {
    /// The year the case was opened in (the configured calendar's year).
    pub year: i32,
    /// Its place in that year, from 1.
    pub seq: i64,
}

impl CaseNumber {
    /// Parses `1405-0042`, `1405-42` (any digits: Persian and Arabic too).
    pub fn parse(text: &str) -> Result<CaseNumber, String> {
        let ascii: String = text
            .trim()
            .chars()
            .map(|c| crate::text::digits::to_ascii(c).unwrap_or(c))
            .collect();
        let parsed = ascii.split_once('-').and_then(|(y, s)| {
            let year = y.parse::<i32>().ok()?;
            let seq = s.parse::<i64>().ok()?;
            (year > 0 && seq > 0).then_some(CaseNumber { year, seq })
        });
        parsed.ok_or_else(|| {
            format!(
                "case number {} is not a case number; write it as year-number, e.g. 1405-0042",
                crate::text::sanitize::quoted(text)
            )
        })
    }
}

impl std::fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:04}", self.year, self.seq)
    }
}

/// A stored case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// Database id.
    pub id: i64,
    /// The number people say.
    #[serde(serialize_with = "number_text")]
    pub number: CaseNumber,
    /// Editable fields.
    #[serde(flatten)]
    pub data: CaseData,
    /// When the first reply went out (the first outgoing activity).
    pub first_response_at: Option<DateTime<Utc>>,
    /// When it last reached a resolved or closed status; cleared on reopen.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was closed; cleared on reopen.
    pub closed_at: Option<DateTime<Utc>>,
    /// Name of the linked person, for display.
    pub person: Option<String>,
    /// Name of the linked company, for display.
    pub company: Option<String>,
    /// When it was opened (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version; bumps on every change.
    pub version: i64,
}

fn number_text<S: serde::Serializer>(n: &CaseNumber, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(n)
}

/// One row of a case's status history: the SLA clock is computed from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusMove {
    /// Status it left; `None` when the case was opened.
    pub from_status: Option<String>,
    /// Status it entered.
    pub to_status: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who moved it.
    pub actor: String,
}

/// Parses a span of working time: `2h`, `90m`, `1h30m`, `1.5h`; returns
/// minutes. Used by the SLA targets in the config and `--due-within`.
pub fn parse_minutes(text: &str) -> Result<u32, String> {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| crate::text::digits::to_ascii(c).unwrap_or(c))
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let bad = || {
        format!(
            "{} is not a length of time; write hours and minutes, e.g. 4h, 30m or 1h30m",
            crate::text::sanitize::quoted(text)
        )
    };
    if ascii.is_empty() {
        return Err(bad());
    }
    let mut total = 0f64;
    let mut number = String::new();
    for c in ascii.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'h' | 'm' => {
                let value: f64 = number.parse().map_err(|_| bad())?;
                total += if c == 'h' { value * 60.0 } else { value };
                number.clear();
            }
            _ => return Err(bad()),
        }
    }
    if !number.is_empty() {
        return Err(bad());
    }
    let minutes = total.round();
    if !(1.0..=1_000_000.0).contains(&minutes) {
        return Err(bad());
    }
    Ok(minutes as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_and_parse() {
        let n = CaseNumber {
            year: 1405,
            seq: 42,
        };
        assert_eq!(n.to_string(), "1405-0042");
        assert_eq!(CaseNumber::parse("1405-0042"), Ok(n));
        assert_eq!(CaseNumber::parse("۱۴۰۵-۴۲"), Ok(n));
        assert_eq!(
            CaseNumber {
                year: 2026,
                seq: 12345
            }
            .to_string(),
            "2026-12345"
        );
        assert!(CaseNumber::parse("42").unwrap_err().contains("1405-0042"));
        assert!(CaseNumber::parse("1405-0").is_err());
    }

    #[test]
    fn spans_of_time_parse() {
        assert_eq!(parse_minutes("2h"), Ok(120));
        assert_eq!(parse_minutes("90m"), Ok(90));
        assert_eq!(parse_minutes("1h30m"), Ok(90));
        assert_eq!(parse_minutes("1.5h"), Ok(90));
        assert_eq!(parse_minutes("۴h"), Ok(240));
        assert!(parse_minutes("2").is_err());
        assert!(parse_minutes("2d").unwrap_err().contains("1h30m"));
        assert!(parse_minutes("0m").is_err());
    }

    #[test]
    fn a_case_needs_a_customer_and_a_valid_score() {
        let mut data = CaseData {
            subject: "Inverter beeps".into(),
            ..CaseData::default()
        };
        assert!(
            data.validate()
                .unwrap_err()
                .contains("a person or a company")
        );
        data.person_id = Some(1);
        assert!(data.validate().is_ok());
        data.satisfaction = Some(6);
        assert!(data.validate().unwrap_err().contains("1 to 5"));
        data.satisfaction = None;
        data.satisfaction_comment = Some("great".into());
        assert!(data.validate().unwrap_err().contains("needs a score"));
    }
}
