//! Submissions from a Maildir folder: each file in `new/` is one e-mail
//! (a form mailer's, or a customer's). The sender's name and address,
//! the subject and the text body are read with the `mail-parser` crate,
//! which decodes MIME parts, transfer encodings, charsets and RFC 2047
//! encoded words (`=?UTF-8?B?…?=` names and subjects), so Persian and
//! Arabic mail arrives as written. In the body, `Key: value` lines whose
//! key names a field (`Name:`, `Phone:`, `نام:`, `تلفن:`, `الهاتف:` …, see
//! `field_of`) fill it; the other lines are the notes. Fields the body
//! gives win over the sender's name and address.
//!
//! A message that was stored is moved to `cur/` with the seen flag
//! (`NAME:2,S`), so the next run does not read it again; one that failed
//! stays in `new/` for the next run, and the report says why.

use super::{Submission, field_of, set_field};
use crate::config::{Config, FieldEntity};
use std::path::{Path, PathBuf};

/// One message file in `new/`, read.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The file in `new/`.
    pub path: PathBuf,
    /// What it says.
    pub submission: Submission,
}

/// The messages in `dir/new`, by file name (delivery order for the usual
/// time-stamped names).
pub fn read(dir: &Path, config: &Config) -> Result<Vec<Mail>, String> {
    let new = dir.join("new");
    let cur = dir.join("cur");
    if !new.is_dir() || !cur.is_dir() {
        return Err(format!(
            "{} is not a Maildir folder: it needs new/ and cur/ inside",
            dir.display()
        ));
    }
    let entries = std::fs::read_dir(&new).map_err(|e| format!("{}: {e}", new.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            let origin = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let submission = match std::fs::read(&path) {
                Ok(bytes) => parse(&bytes, origin, config),
                Err(e) => Submission {
                    origin,
                    unreadable: Some(format!("cannot read the file: {e}")),
                    ..Submission::default()
                },
            };
            Mail { path, submission }
        })
        .collect())
}

/// Moves a stored message from `new/` to `cur/`, marked seen.
pub fn mark_done(mail: &Mail) -> std::io::Result<()> {
    let Some(name) = mail.path.file_name() else {
        return Ok(());
    };
    let Some(dir) = mail.path.parent().and_then(Path::parent) else {
        return Ok(());
    };
    let mut target = name.to_string_lossy().into_owned();
    if !target.contains(":2,") {
        target.push_str(":2,S");
    }
    std::fs::rename(&mail.path, dir.join("cur").join(target))
}

/// One message's bytes to a submission.
pub fn parse(bytes: &[u8], origin: String, config: &Config) -> Submission {
    let mut sub = Submission {
        origin,
        ..Submission::default()
    };
    let Some(message) = mail_parser::MessageParser::default().parse(bytes) else {
        sub.unreadable = Some("not an e-mail message (no headers could be read)".into());
        return sub;
    };
    sub.subject = message.subject().map(str::to_string);
    let body = message
        .body_text(0)
        .map(|b| b.into_owned())
        .unwrap_or_default();
    let mut notes = Vec::new();
    for line in body.lines() {
        match key_value(line) {
            Some((key, value)) => {
                if let Some(field) = field_of(key) {
                    set_field(&mut sub, field, value);
                } else if config
                    .custom_field(FieldEntity::Person, key.trim())
                    .is_some()
                {
                    sub.custom
                        .entry(key.trim().to_string())
                        .or_insert_with(|| value.trim().to_string());
                } else {
                    notes.push(line.trim_end().to_string());
                }
            }
            None => notes.push(line.trim_end().to_string()),
        }
    }
    let rest = notes.join("\n").trim().to_string();
    if !rest.is_empty() {
        set_field(&mut sub, "notes", &rest);
    }
    if let Some(from) = message.from().and_then(|a| a.first()) {
        if sub.name.is_none() {
            sub.name = from
                .name()
                .map(str::to_string)
                .filter(|n| !n.trim().is_empty());
        }
        if sub.email.is_none() {
            sub.email = from.address().map(str::to_string);
        }
    }
    sub
}

/// `Key: value` (an ASCII or full-width colon) with a short key.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':').or_else(|| line.split_once('：'))?;
    let words = key.split_whitespace().count();
    (words > 0 && words <= 4 && !value.trim().is_empty()).then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::default_config()
    }

    #[test]
    fn persian_body_lines_and_an_encoded_sender() {
        let raw = "From: =?UTF-8?B?2LPYp9ix2Kcg2KfYrdmF2K/bjA==?= <sara@example.ir>\r\n\
                   Subject: =?UTF-8?B?2K/Ysdiu2YjYp9iz2Kog2YLbjNmF2Ko=?=\r\n\
                   Content-Type: text/plain; charset=utf-8\r\n\
                   Content-Transfer-Encoding: 8bit\r\n\r\n\
                   نام: رضا کریمی\r\nتلفن: ۰۹۱۲ ۳۴۵ ۶۷۸۹\r\nلطفا تماس بگیرید\r\n";
        let sub = parse(raw.as_bytes(), "1.eml".into(), &config());
        assert_eq!(sub.name.as_deref(), Some("رضا کریمی"));
        assert_eq!(sub.phone.as_deref(), Some("۰۹۱۲ ۳۴۵ ۶۷۸۹"));
        assert_eq!(sub.email.as_deref(), Some("sara@example.ir"));
        assert_eq!(sub.subject.as_deref(), Some("درخواست قیمت"));
        assert_eq!(sub.notes.as_deref(), Some("لطفا تماس بگیرید"));
    }

    #[test]
    fn the_sender_is_the_lead_when_the_body_names_nobody() {
        let raw = "From: \"Julien Moreau\" <julien@example.fr>\r\nSubject: Quote\r\n\r\nHello, please call me.\r\n";
        let sub = parse(raw.as_bytes(), "2".into(), &config());
        assert_eq!(sub.name.as_deref(), Some("Julien Moreau"));
        assert_eq!(sub.email.as_deref(), Some("julien@example.fr"));
        assert_eq!(sub.notes.as_deref(), Some("Hello, please call me."));
    }

    #[test]
    fn key_value_needs_a_short_key_and_a_value() {
        assert_eq!(key_value("Name: Ali"), Some(("Name", " Ali")));
        assert_eq!(key_value("Note: "), None);
        assert_eq!(key_value("this is a long sentence with: a colon"), None);
    }
}
