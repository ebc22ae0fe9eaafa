//! A message for one user — a reminder or a rule's notice — delivered once
//! to their open kariz (the message line) and by `kariz remind`.

use super::snapshot::Snapshot;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// What a notification says and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotificationData {
    /// The login it is for.
    pub login: String,
    /// What it delivers once: two notifications with one key are one.
    pub key: String,
    /// The message, in the team's language.
    pub text: String,
}

impl Snapshot for NotificationData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("login", Some(self.login.clone())),
            ("key", Some(self.key.clone())),
            ("text", Some(self.text.clone())),
        ]
    }
}

/// A stored notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// Its id.
    pub id: i64,
    /// Its fields.
    #[serde(flatten)]
    pub data: NotificationData,
    /// When it was delivered.
    pub at: DateTime<Utc>,
    /// When the user's kariz showed it (`None`: not yet).
    pub seen_at: Option<DateTime<Utc>>,
}

impl NotificationData {
    /// Checks the text rules every record follows.
    pub fn validate(&self) -> Result<(), String> {
        super::user::check_login(&self.login)?;
        super::limits::check_line("the notification key", &self.key, super::limits::MAX_LINE)?;
        super::limits::check_text("the notification", &self.text, super::limits::MAX_LINE)
    }
}
