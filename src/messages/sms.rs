//! Texts through the configured gateway: an HTTP request (URL, method,
//! parameters with `{to}`, `{text}` and `{api_key}`, and a success rule, so
//! a provider such as Kavenegar or Ghasedak is set up in the config alone),
//! or a program run per text. ureq is the HTTP client: small and blocking,
//! which is all one request per text needs.

use std::time::Duration;

use crate::config::messages::{HttpMethod, SmsGateway, SuccessRule};

use super::Failure;

/// Sends `text` to `to` through `gateway`; `Ok` holds the gateway's answer.
pub fn send(gateway: &SmsGateway, api_key: &str, to: &str, text: &str) -> Result<String, Failure> {
    let fill = |template: &str, encode: bool| {
        let value = |v: &str| {
            if encode {
                percent_encode(v)
            } else {
                v.to_string()
            }
        };
        template
            .replace("{to}", &value(to))
            .replace("{text}", &value(text))
            .replace("{api_key}", &value(api_key))
    };
    match gateway {
        SmsGateway::Http {
            url,
            method,
            params,
            success,
        } => {
            let url = fill(url, true);
            let params: Vec<(String, String)> = params
                .iter()
                .map(|(k, v)| (k.clone(), fill(v, false)))
                .collect();
            http(&url, *method, &params, success)
        }
        SmsGateway::Command(argv) => {
            let argv: Vec<String> = argv.iter().map(|a| fill(a, false)).collect();
            command(&argv)
        }
    }
}

fn http(
    url: &str,
    method: HttpMethod,
    params: &[(String, String)],
    success: &SuccessRule,
) -> Result<String, Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let pairs = params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let response = match method {
        HttpMethod::Get => agent.get(url).query_pairs(pairs).call(),
        HttpMethod::Post => agent.post(url).send_form(pairs),
    };
    let mut response = response.map_err(|e| Failure {
        temporary: true,
        reason: format!("the SMS gateway could not be reached: {e}"),
    })?;
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    judge(status, &body, success)
}

/// Applies the success rule to the gateway's answer.
fn judge(status: u16, body: &str, success: &SuccessRule) -> Result<String, Failure> {
    let short = first_line(body);
    if status != success.status {
        return Err(Failure {
            temporary: status >= 500 || status == 429 || status == 408,
            reason: format!("the SMS gateway answered HTTP {status}: {short}"),
        });
    }
    if let Some((path, want)) = &success.json {
        let found = serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| json_at(&v, path));
        if found.as_deref() != Some(want.as_str()) {
            return Err(Failure {
                temporary: false,
                reason: format!(
                    "the SMS gateway refused it ({path} is {}, not {want}): {short}",
                    found.unwrap_or_else(|| "missing".into())
                ),
            });
        }
    }
    if let Some(needle) = &success.contains
        && !body.contains(needle.as_str())
    {
        return Err(Failure {
            temporary: false,
            reason: format!("the SMS gateway's answer lacks {needle:?}: {short}"),
        });
    }
    Ok(short)
}

/// The value at a dotted path (`return.status`, `entries.0.messageid`) as text.
fn json_at(value: &serde_json::Value, path: &str) -> Option<String> {
    let mut at = value;
    for part in path.split('.') {
        at = match at {
            serde_json::Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            other => other.get(part)?,
        };
    }
    Some(match at {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn command(argv: &[String]) -> Result<String, Failure> {
    let Some((program, args)) = argv.split_first() else {
        return Err(Failure {
            temporary: false,
            reason: "the SMS command is empty".into(),
        });
    };
    let output = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| Failure {
            temporary: false,
            reason: format!("the SMS command {program} could not be run: {e}"),
        })?;
    let said = |bytes: &[u8]| first_line(&String::from_utf8_lossy(bytes));
    if output.status.success() {
        Ok(said(&output.stdout))
    } else {
        Err(Failure {
            temporary: false,
            reason: format!(
                "the SMS command {program} failed ({}): {}",
                output.status,
                said(&output.stderr)
            ),
        })
    }
}

/// The first line of an answer, at most 200 characters.
fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}

/// Percent-encodes everything but unreserved URL characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> SuccessRule {
        SuccessRule {
            status: 200,
            json: Some(("return.status".into(), "200".into())),
            contains: None,
        }
    }

    #[test]
    fn success_rule_reads_the_json_path() {
        let ok =
            r#"{"return":{"status":200,"message":"تایید شد"},"entries":[{"messageid":8792343}]}"#;
        assert!(judge(200, ok, &rule()).is_ok());
        let refused = r#"{"return":{"status":418,"message":"اعتبار حساب شما کافی نیست"}}"#;
        let err = judge(200, refused, &rule()).unwrap_err();
        assert!(
            !err.temporary && err.reason.contains("418"),
            "{}",
            err.reason
        );
        let busy = judge(503, "", &rule()).unwrap_err();
        assert!(busy.temporary);
        assert!(!judge(401, "", &rule()).unwrap_err().temporary);
        assert_eq!(
            json_at(&serde_json::from_str(ok).unwrap(), "entries.0.messageid").as_deref(),
            Some("8792343")
        );
    }

    #[test]
    fn url_values_are_encoded() {
        assert_eq!(
            percent_encode("سلام a&b"),
            "%D8%B3%D9%84%D8%A7%D9%85%20a%26b"
        );
    }
}
