//! The `[messages]` section's types: templates folder, rate limit,
//! retries, the SMTP server (`[messages.email]`) and the SMS gateway
//! (`[messages.sms]`). See docs/messages.md.

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `[messages]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessagesConfig {
    /// Folder of message templates; the config folder's
    /// `templates/messages/` when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub templates: Option<PathBuf>,
    /// At most this many messages a second (0: no limit).
    pub per_second: u32,
    /// How many times a temporary failure is retried.
    pub retries: u32,
    /// Wait before the first retry, in milliseconds; doubled each time.
    pub backoff_ms: u64,
    /// `[messages.email]`: the SMTP server, if e-mail is set up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailConfig>,
    /// `[messages.sms]`: the SMS gateway, if texts are set up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms: Option<SmsConfig>,
}

impl Default for MessagesConfig {
    fn default() -> Self {
        MessagesConfig {
            templates: None,
            per_second: 5,
            retries: 2,
            backoff_ms: 1000,
            email: None,
            sms: None,
        }
    }
}

/// Where a password or API key is read from; never the config itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Secret {
    /// The value of this environment variable.
    Env(String),
    /// The contents of this file, which must not be readable by group or others.
    File(PathBuf),
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailTls {
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain connection upgraded with STARTTLS (port 587), required.
    Starttls,
    /// No encryption (a local relay only).
    None,
}

/// `[messages.email]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmailConfig {
    /// SMTP server host name.
    pub host: String,
    /// Port; 465 for `tls`, 587 for `starttls`, 25 for `none` by default.
    pub port: u16,
    /// Encryption.
    pub tls: EmailTls,
    /// Login name, if the server needs one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Where the password comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// The sender, e.g. `Kariz <sales@example.com>`.
    pub from: String,
    /// `reminders = true`: `kariz remind` also e-mails each reminder to
    /// its owner's address on the team list.
    pub reminders: bool,
}

/// HTTP method of the SMS gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// Parameters in the query string.
    Get,
    /// Parameters as a form body.
    Post,
}

/// When the gateway's answer means the text was accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuccessRule {
    /// The HTTP status that means success.
    pub status: u16,
    /// A JSON path (`return.status`) and the value it must have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json: Option<(String, String)>,
    /// A text the body must contain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
}

/// How texts are sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsGateway {
    /// An HTTP request per text.
    Http {
        /// URL, with `{to}`, `{text}` and `{api_key}` placeholders allowed.
        url: String,
        /// GET or POST.
        method: HttpMethod,
        /// Parameters (query or form), values with placeholders.
        params: BTreeMap<String, String>,
        /// When the answer means success.
        success: SuccessRule,
    },
    /// A program run per text, arguments with placeholders; exit 0 is success.
    Command(Vec<String>),
}

/// `[messages.sms]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SmsConfig {
    /// The gateway.
    pub gateway: SmsGateway,
    /// Where the API key comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<Secret>,
}
