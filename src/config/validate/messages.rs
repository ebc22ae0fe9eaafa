//! `[messages]`: templates folder, rate limit, retries, SMTP and SMS
//! gateway. Whether secrets and templates exist is checked when sending
//! (a shared config may name files only the sending machine has).

use std::path::PathBuf;

use toml::Spanned;

use super::Ctx;
use crate::config::error::ConfigError;
use crate::config::messages::{
    EmailConfig, EmailTls, HttpMethod, MessagesConfig, Secret, SmsConfig, SmsGateway, SuccessRule,
};
use crate::config::raw::{RawEmail, RawMessages, RawSms};

pub(super) fn messages(
    raw: Option<RawMessages>,
    ctx: &Ctx<'_>,
) -> Result<MessagesConfig, ConfigError> {
    let defaults = MessagesConfig::default();
    let Some(raw) = raw else {
        return Ok(defaults);
    };
    let templates = match raw.templates {
        Some(t) if t.get_ref().trim().is_empty() => {
            return Err(ctx.error(
                t.span(),
                "messages.templates",
                "an empty path; write the templates folder, or remove the line",
            ));
        }
        Some(t) => Some(PathBuf::from(t.into_inner())),
        None => None,
    };
    Ok(MessagesConfig {
        templates,
        per_second: raw.per_second.unwrap_or(defaults.per_second),
        retries: raw.retries.unwrap_or(defaults.retries),
        backoff_ms: raw.backoff_ms.unwrap_or(defaults.backoff_ms),
        email: raw.email.map(|e| email(e, ctx)).transpose()?,
        sms: raw.sms.map(|s| sms(s, ctx)).transpose()?,
    })
}

fn required(
    value: Option<Spanned<String>>,
    whole: std::ops::Range<usize>,
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<String, ConfigError> {
    match value {
        Some(v) if !v.get_ref().trim().is_empty() => Ok(v.into_inner().trim().to_string()),
        Some(v) => Err(ctx.error(v.span(), key, "is empty; write a value")),
        None => Err(ctx.error(whole, key, format!("is missing; add `{key} = …`"))),
    }
}

fn secret(
    env: Option<Spanned<String>>,
    file: Option<Spanned<String>>,
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<Option<Secret>, ConfigError> {
    match (env, file) {
        (Some(_), Some(f)) => Err(ctx.error(
            f.span(),
            &format!("{key}_file"),
            format!("give either {key}_env or {key}_file, not both"),
        )),
        (Some(e), None) => Ok(Some(Secret::Env(e.into_inner()))),
        (None, Some(f)) => Ok(Some(Secret::File(PathBuf::from(f.into_inner())))),
        (None, None) => Ok(None),
    }
}

fn email(raw: Spanned<RawEmail>, ctx: &Ctx<'_>) -> Result<EmailConfig, ConfigError> {
    let span = raw.span();
    let raw = raw.into_inner();
    let tls = match raw.tls.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
        None | Some(("starttls", _)) => EmailTls::Starttls,
        Some(("tls", _)) => EmailTls::Tls,
        Some(("none", _)) => EmailTls::None,
        Some((_, span)) => {
            return Err(ctx.error(
                span,
                "messages.email.tls",
                "is not known; allowed: starttls, tls or none",
            ));
        }
    };
    let port = raw.port.unwrap_or(match tls {
        EmailTls::Tls => 465,
        EmailTls::Starttls => 587,
        EmailTls::None => 25,
    });
    Ok(EmailConfig {
        host: required(raw.host, span.clone(), "messages.email.host", ctx)?,
        port,
        tls,
        user: raw.user.filter(|u| !u.trim().is_empty()),
        password: secret(
            raw.password_env,
            raw.password_file,
            "messages.email.password",
            ctx,
        )?,
        from: required(raw.from, span, "messages.email.from", ctx)?,
        reminders: raw.reminders.unwrap_or(false),
    })
}

fn sms(raw: Spanned<RawSms>, ctx: &Ctx<'_>) -> Result<SmsConfig, ConfigError> {
    let span = raw.span();
    let raw = raw.into_inner();
    let api_key = secret(
        raw.api_key_env,
        raw.api_key_file,
        "messages.sms.api_key",
        ctx,
    )?;
    if let Some(command) = raw.command {
        if command.get_ref().is_empty() {
            return Err(ctx.error(
                command.span(),
                "messages.sms.command",
                "is empty; give the program and its arguments, e.g. [\"send-sms\", \"{to}\", \"{text}\"]",
            ));
        }
        return Ok(SmsConfig {
            gateway: SmsGateway::Command(command.into_inner()),
            api_key,
        });
    }
    let method = match raw
        .method
        .as_ref()
        .map(|m| (m.get_ref().to_ascii_uppercase(), m.span()))
    {
        None => HttpMethod::Post,
        Some((m, _)) if m == "GET" => HttpMethod::Get,
        Some((m, _)) if m == "POST" => HttpMethod::Post,
        Some((_, span)) => {
            return Err(ctx.error(span, "messages.sms.method", "allowed: GET or POST"));
        }
    };
    let json = match (raw.success_json_path, raw.success_json_value) {
        (Some(p), Some(v)) => Some((p, v)),
        (None, None) => None,
        _ => {
            return Err(ctx.error(
                span,
                "messages.sms.success_json_path",
                "success_json_path and success_json_value go together; give both or neither",
            ));
        }
    };
    Ok(SmsConfig {
        gateway: SmsGateway::Http {
            url: required(raw.url, span, "messages.sms.url", ctx)?,
            method,
            params: raw.params.unwrap_or_default(),
            success: SuccessRule {
                status: raw.success_status.unwrap_or(200),
                json,
                contains: raw.success_contains,
            },
        },
        api_key,
    })
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::config::messages::{EmailTls, HttpMethod, Secret, SmsGateway};

    #[test]
    fn messages_section_reads_email_and_sms() {
        let config = Config::parse(
            "[messages]\nper_second = 2\n[messages.email]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\npassword_env = \"SMTP_PASS\"\n[messages.sms]\nurl = \"https://api.kavenegar.com/v1/{api_key}/sms/send.json\"\nmethod = \"get\"\nparams = { receptor = \"{to}\", message = \"{text}\" }\nsuccess_json_path = \"return.status\"\nsuccess_json_value = \"200\"\napi_key_file = \"key\"\n",
            "t",
        )
        .unwrap();
        let m = &config.messages;
        assert_eq!(m.per_second, 2);
        let email = m.email.as_ref().unwrap();
        assert_eq!((email.tls, email.port), (EmailTls::Starttls, 587));
        assert_eq!(email.password, Some(Secret::Env("SMTP_PASS".into())));
        let sms = m.sms.as_ref().unwrap();
        let SmsGateway::Http {
            method,
            params,
            success,
            ..
        } = &sms.gateway
        else {
            panic!("http gateway expected");
        };
        assert_eq!(*method, HttpMethod::Get);
        assert_eq!(params["receptor"], "{to}");
        assert_eq!(success.json.as_ref().unwrap().0, "return.status");
    }

    #[test]
    fn messages_errors_name_the_key() {
        let err = Config::parse("[messages.email]\nfrom = \"a@b.c\"\n", "t")
            .unwrap_err()
            .to_string();
        assert!(err.contains("messages.email.host"), "{err}");
        let err = Config::parse(
            "[messages.email]\nhost = \"h\"\nfrom = \"a@b.c\"\ntls = \"ssl\"\n",
            "t",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("starttls, tls or none"), "{err}");
    }
}
