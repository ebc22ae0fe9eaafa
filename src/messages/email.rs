//! E-mail through SMTP with lettre: a well-kept, blocking SMTP client with
//! STARTTLS and implicit TLS (rustls, so no system OpenSSL is needed),
//! PLAIN/LOGIN authentication and proper MIME encoding of Persian text.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{SmtpTransport, Transport};

use crate::config::messages::{EmailConfig, EmailTls};

use super::Failure;

/// One e-mail to send.
pub struct Mail<'a> {
    /// The recipient's address.
    pub to: &'a str,
    /// The recipient's name, shown beside the address.
    pub to_name: &'a str,
    /// The subject line.
    pub subject: &'a str,
    /// The plain text.
    pub text: &'a str,
    /// The Date header (the injected clock's now).
    pub date: DateTime<Utc>,
}

/// Sends `mail` through the server in `config`; `password` when it needs one.
pub fn send(
    config: &EmailConfig,
    password: Option<&str>,
    mail: &Mail<'_>,
) -> Result<String, Failure> {
    let permanent = |reason: String| Failure {
        temporary: false,
        reason,
    };
    let from = config
        .from
        .parse::<lettre::message::Mailbox>()
        .map_err(|e| {
            permanent(format!(
                "the sender address {:?} is not valid: {e}",
                config.from
            ))
        })?;
    let to = lettre::message::Mailbox::new(
        Some(mail.to_name.to_string()).filter(|n| !n.trim().is_empty()),
        mail.to
            .parse()
            .map_err(|e| permanent(format!("the address {:?} is not valid: {e}", mail.to)))?,
    );
    let message = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject)
        .date(SystemTime::from(mail.date))
        .header(ContentType::TEXT_PLAIN)
        .body(mail.text.to_string())
        .map_err(|e| permanent(format!("the e-mail could not be built: {e}")))?;
    let builder = match config.tls {
        EmailTls::Tls => SmtpTransport::relay(&config.host),
        EmailTls::Starttls => SmtpTransport::starttls_relay(&config.host),
        EmailTls::None => Ok(SmtpTransport::builder_dangerous(config.host.as_str())),
    }
    .map_err(|e| {
        permanent(format!(
            "the SMTP server {} cannot be used: {e}",
            config.host
        ))
    })?;
    let mut builder = builder
        .port(config.port)
        .timeout(Some(Duration::from_secs(30)));
    if let Some(user) = &config.user {
        builder = builder.credentials(Credentials::new(
            user.clone(),
            password.unwrap_or_default().to_string(),
        ));
    }
    match builder.build().send(&message) {
        Ok(response) => Ok(response.message().collect::<Vec<_>>().join(" ")),
        Err(e) => Err(Failure {
            temporary: !e.is_permanent(),
            reason: format!(
                "the SMTP server {}:{} refused it: {e}",
                config.host, config.port
            ),
        }),
    }
}
