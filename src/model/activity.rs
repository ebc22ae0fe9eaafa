//! Activities: the timeline of calls, e-mails, meetings and notes.

use super::snapshot::{self, Snapshot};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// What kind of interaction an activity records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// The customer called us.
    IncomingCall,
    /// We called the customer.
    OutgoingCall,
    /// A call nobody answered.
    MissedCall,
    /// An e-mail.
    Email,
    /// A meeting.
    Meeting,
    /// A text message.
    Sms,
    /// A note.
    Note,
    /// A complaint (support case).
    Complaint,
}

impl ActivityKind {
    /// Every kind, in display order.
    pub const ALL: [ActivityKind; 8] = [
        ActivityKind::IncomingCall,
        ActivityKind::OutgoingCall,
        ActivityKind::MissedCall,
        ActivityKind::Email,
        ActivityKind::Meeting,
        ActivityKind::Sms,
        ActivityKind::Note,
        ActivityKind::Complaint,
    ];

    /// The stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::IncomingCall => "incoming_call",
            ActivityKind::OutgoingCall => "outgoing_call",
            ActivityKind::MissedCall => "missed_call",
            ActivityKind::Email => "email",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Sms => "sms",
            ActivityKind::Note => "note",
            ActivityKind::Complaint => "complaint",
        }
    }

    /// Whether logging this on a support case counts as the team's reply
    /// (its first response): calls we made, e-mails, texts and meetings.
    /// kariz does not record which way an e-mail or text went; one logged
    /// on a case is taken as the team's reply, since the customer's own
    /// message is what opened the case.
    pub fn counts_as_response(self) -> bool {
        matches!(
            self,
            ActivityKind::OutgoingCall
                | ActivityKind::Email
                | ActivityKind::Sms
                | ActivityKind::Meeting
        )
    }

    /// Parses a stored name, also accepting `-` for `_` and short aliases
    /// people type (`call-in`, `in`, `out`, `missed`, `e-mail`, `text`).
    pub fn parse(text: &str) -> Result<ActivityKind, String> {
        let key = text.trim().to_lowercase().replace('-', "_");
        let kind = match key.as_str() {
            "call_in" | "in" | "incoming" => Some(ActivityKind::IncomingCall),
            "call_out" | "out" | "outgoing" | "call" => Some(ActivityKind::OutgoingCall),
            "call_missed" | "missed" => Some(ActivityKind::MissedCall),
            "e_mail" | "mail" => Some(ActivityKind::Email),
            "text" => Some(ActivityKind::Sms),
            _ => ActivityKind::ALL.into_iter().find(|k| k.as_str() == key),
        };
        kind.ok_or_else(|| {
            let names: Vec<&str> = ActivityKind::ALL.iter().map(|k| k.as_str()).collect();
            format!(
                "activity kind {text:?} is not known; use one of: {}",
                names.join(", ")
            )
        })
    }
}

/// The editable fields of an activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityData {
    /// Call, e-mail, meeting…
    pub kind: ActivityKind,
    /// One-line summary.
    pub subject: String,
    /// Details.
    pub body: Option<String>,
    /// When it happened (UTC).
    pub occurred_at: DateTime<Utc>,
    /// Who recorded it.
    pub author: String,
    /// Linked person.
    pub person_id: Option<i64>,
    /// Linked company.
    pub company_id: Option<i64>,
    /// Linked deal.
    pub deal_id: Option<i64>,
}

impl ActivityData {
    /// Checks and normalises the fields.
    pub fn validate(&mut self) -> Result<(), String> {
        self.subject = self.subject.trim().to_string();
        if self.subject.is_empty() {
            return Err("an activity needs a subject".into());
        }
        use super::limits::{MAX_LINE, MAX_NAME, MAX_TEXT, check_line, check_opt_text};
        check_line("the subject", &self.subject, MAX_NAME)?;
        check_opt_text("the body", &self.body, MAX_TEXT)?;
        check_line("the author", &self.author, MAX_LINE)?;
        Ok(())
    }

    /// A new activity must say whom it is about. (An existing one may lose
    /// its links when the person it was about is deleted with `--unlink`,
    /// and must stay editable then.)
    pub fn require_link(&self) -> Result<(), String> {
        if self.person_id.is_none() && self.company_id.is_none() && self.deal_id.is_none() {
            return Err("an activity must be linked to a person, a company or a deal".into());
        }
        Ok(())
    }
}

impl Snapshot for ActivityData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("kind", Some(self.kind.as_str().to_string())),
            ("subject", Some(self.subject.clone())),
            ("body", self.body.clone()),
            (
                "occurred_at",
                Some(self.occurred_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            ),
            ("author", Some(self.author.clone())),
            ("person_id", snapshot::opt(&self.person_id)),
            ("company_id", snapshot::opt(&self.company_id)),
            ("deal_id", snapshot::opt(&self.deal_id)),
        ]
    }
}

/// A stored activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// Database id.
    pub id: i64,
    /// Editable fields.
    #[serde(flatten)]
    pub data: ActivityData,
    /// Name of the linked person, for display.
    pub person: Option<String>,
    /// Name of the linked company, for display.
    pub company: Option<String>,
    /// Title of the linked deal, for display.
    pub deal: Option<String>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version; bumps on every change.
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_names_and_aliases() {
        for kind in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(kind.as_str()), Ok(kind));
        }
        assert_eq!(
            ActivityKind::parse("call-in"),
            Ok(ActivityKind::IncomingCall)
        );
        assert_eq!(ActivityKind::parse("Missed"), Ok(ActivityKind::MissedCall));
        let err = ActivityKind::parse("fax").unwrap_err();
        assert!(err.contains("incoming_call"), "{err}");
    }
}
