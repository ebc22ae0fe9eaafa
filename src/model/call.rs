//! A call a phone system reported (`kariz call incoming|missed`): who
//! called, which agent it rang, and what kariz logged for it.

use super::snapshot::{self, Snapshot};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Whether the call was taken or missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CallKind {
    /// Ringing now (or answered): the caller's page opens.
    Incoming,
    /// Nobody answered: a call-back task is made.
    Missed,
}

impl CallKind {
    /// The stored and printed name.
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Incoming => "incoming",
            CallKind::Missed => "missed",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Option<CallKind> {
        match text {
            "incoming" => Some(CallKind::Incoming),
            "missed" => Some(CallKind::Missed),
            _ => None,
        }
    }
}

/// What a call row holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallData {
    /// Taken or missed.
    pub kind: CallKind,
    /// The number as the phone system sent it.
    pub number: String,
    /// The login of the agent it rang; `None`: everyone.
    pub agent: Option<String>,
    /// The caller, when a person matched (the first of several).
    pub person_id: Option<i64>,
    /// The caller's company, when only a company's number matched.
    pub company_id: Option<i64>,
    /// The activity logged for it.
    pub activity_id: Option<i64>,
    /// The call-back task made for a missed call.
    pub task_id: Option<i64>,
}

impl Snapshot for CallData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("kind", Some(self.kind.as_str().to_owned())),
            ("number", Some(self.number.clone())),
            ("agent", self.agent.clone()),
            ("person_id", snapshot::opt(&self.person_id)),
            ("company_id", snapshot::opt(&self.company_id)),
            ("activity_id", snapshot::opt(&self.activity_id)),
            ("task_id", snapshot::opt(&self.task_id)),
        ]
    }
}

/// A stored call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Call {
    /// Id.
    pub id: i64,
    /// Its fields.
    #[serde(flatten)]
    pub data: CallData,
    /// When it was reported.
    pub at: DateTime<Utc>,
    /// Optimistic version.
    pub version: i64,
}

impl Call {
    /// Whether an open kariz of `login` shows this call: it rang that
    /// agent, or no agent was named (everyone's).
    pub fn rings(&self, login: &str) -> bool {
        self.data
            .agent
            .as_deref()
            .is_none_or(|agent| agent == login)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in [CallKind::Incoming, CallKind::Missed] {
            assert_eq!(CallKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(CallKind::parse("other"), None);
    }

    #[test]
    fn rings_the_agent_or_everyone() {
        let mut call = Call {
            id: 1,
            data: CallData {
                kind: CallKind::Incoming,
                number: "0912".into(),
                agent: None,
                person_id: None,
                company_id: None,
                activity_id: None,
                task_id: None,
            },
            at: DateTime::<Utc>::UNIX_EPOCH,
            version: 1,
        };
        assert!(call.rings("sara"));
        call.data.agent = Some("reza".into());
        assert!(!call.rings("sara"));
        assert!(call.rings("reza"));
    }
}
