//! Messages: e-mails and texts kariz sent (or tried to send) to a person,
//! with their delivery result.

use super::snapshot::{self, Snapshot};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// How a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// E-mail through SMTP.
    Email,
    /// A text message through an SMS gateway.
    Sms,
}

impl Channel {
    /// The stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    /// Parses `email` (or `e-mail`, `mail`) and `sms` (or `text`).
    pub fn parse(text: &str) -> Option<Channel> {
        match text.trim().to_ascii_lowercase().as_str() {
            "email" | "e-mail" | "mail" => Some(Channel::Email),
            "sms" | "text" => Some(Channel::Sms),
            _ => None,
        }
    }
}

/// Whether a message reached the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    /// The SMTP server or the SMS gateway accepted it.
    Sent,
    /// It was not accepted, after any retries; the reason says why.
    Failed,
}

impl MessageStatus {
    /// The stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Sent => "sent",
            MessageStatus::Failed => "failed",
        }
    }

    /// Parses a stored name.
    pub fn parse(text: &str) -> Option<MessageStatus> {
        match text {
            "sent" => Some(MessageStatus::Sent),
            "failed" => Some(MessageStatus::Failed),
            _ => None,
        }
    }
}

/// A message as logged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageData {
    /// The person it was for.
    pub person_id: i64,
    /// E-mail or SMS.
    pub channel: Channel,
    /// The template's name.
    pub template: String,
    /// The address or number it went to.
    pub recipient: String,
    /// The e-mail's subject line.
    pub subject: Option<String>,
    /// The text as sent.
    pub body: String,
    /// Sent or failed.
    pub status: MessageStatus,
    /// Why it failed (or the provider's answer).
    pub reason: Option<String>,
    /// How many times sending was tried.
    pub attempts: u32,
    /// The campaign it was sent for.
    pub campaign: Option<String>,
    /// The timeline activity that records it.
    pub activity_id: Option<i64>,
    /// When it was sent (the last attempt).
    pub sent_at: DateTime<Utc>,
}

impl Snapshot for MessageData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("person_id", Some(self.person_id.to_string())),
            ("channel", Some(self.channel.as_str().to_string())),
            ("template", Some(self.template.clone())),
            ("recipient", Some(self.recipient.clone())),
            ("subject", self.subject.clone()),
            ("status", Some(self.status.as_str().to_string())),
            ("reason", self.reason.clone()),
            ("attempts", Some(self.attempts.to_string())),
            ("campaign", self.campaign.clone()),
            ("activity_id", snapshot::opt(&self.activity_id)),
        ]
    }
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    /// Its id.
    pub id: i64,
    /// Its fields.
    #[serde(flatten)]
    pub data: MessageData,
    /// The person's name.
    pub person: String,
    /// Who sent it (login).
    pub actor: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_parse_their_aliases() {
        assert_eq!(Channel::parse("E-Mail"), Some(Channel::Email));
        assert_eq!(Channel::parse("text"), Some(Channel::Sms));
        assert_eq!(Channel::parse("fax"), None);
        assert_eq!(MessageStatus::parse("failed"), Some(MessageStatus::Failed));
    }
}
