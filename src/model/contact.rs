//! Phone numbers and e-mail addresses with a label.

use crate::model::input_error::InputError;
use serde::{Deserialize, Serialize};

/// One phone number or e-mail address, e.g. `work: +98 21 8877 6655`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPoint {
    /// Lower-case label such as `work`, `mobile`, `home`.
    pub label: String,
    /// The number or address as the user typed it.
    pub value: String,
}

/// Checks the labels and values of phones and e-mails against the text
/// limits (their formats are checked by `validate_phone`/`validate_email`).
pub fn check_all(phones: &[ContactPoint], emails: &[ContactPoint]) -> Result<(), String> {
    use super::limits::{MAX_LINE, check_line};
    for point in phones.iter().chain(emails) {
        check_line("a phone or e-mail label", &point.label, MAX_LINE)?;
        check_line("a phone or e-mail", &point.value, MAX_LINE)?;
    }
    Ok(())
}

impl ContactPoint {
    /// Parses `label:value` or a bare value (which gets `default_label`).
    ///
    /// A prefix only counts as a label when it is a short word, so that a
    /// value containing a colon is not split by accident.
    pub fn parse(text: &str, default_label: &str) -> ContactPoint {
        let text = text.trim();
        if let Some((label, value)) = text.split_once(':') {
            let label = label.trim();
            let is_word = !label.is_empty()
                && label.chars().count() <= 20
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == ' ');
            if is_word && !value.trim().is_empty() {
                return ContactPoint {
                    label: label.to_lowercase(),
                    value: value.trim().to_string(),
                };
            }
        }
        ContactPoint {
            label: default_label.to_string(),
            value: text.to_string(),
        }
    }

    /// Checks an e-mail address: one `@`, something on both sides, no spaces.
    pub fn validate_email(&self) -> Result<(), InputError> {
        let v = &self.value;
        let ok = match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && !v.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if ok {
            Ok(())
        } else {
            Err(InputError::Email { input: v.clone() })
        }
    }

    /// Checks a phone number: digits (any script) with the usual
    /// punctuation, optionally followed by an extension ("ext. 380", "x12").
    pub fn validate_phone(&self) -> Result<(), InputError> {
        let v = &self.value;
        // ASCII lower-casing keeps byte offsets, so `at` indexes `v` too.
        let lower = v.to_ascii_lowercase();
        let number = match lower.find("ext").or_else(|| lower.rfind('x')) {
            Some(at) => {
                let ext = lower
                    .get(at..)
                    .unwrap_or_default()
                    .trim_start_matches("ext")
                    .trim_start_matches(['x', '.', ' ']);
                if ext.is_empty() || !ext.chars().all(char::is_numeric) {
                    v.as_str()
                } else {
                    v.get(..at).unwrap_or(v)
                }
            }
            None => v.as_str(),
        };
        let digits = number.chars().filter(|c| c.is_numeric()).count();
        let allowed = number
            .chars()
            .all(|c| c.is_numeric() || " +-()./".contains(c) || c == '\u{a0}');
        if digits >= 3 && allowed {
            Ok(())
        } else {
            Err(InputError::Phone { input: v.clone() })
        }
    }

    /// `label:value`, the form the CLI accepts back.
    pub fn to_field(&self) -> String {
        format!("{}:{}", self.label, self.value)
    }
}

/// Joins contact points as `label:value | label:value`, `None` when empty.
pub fn snapshot(points: &[ContactPoint]) -> Option<String> {
    (!points.is_empty()).then(|| {
        points
            .iter()
            .map(ContactPoint::to_field)
            .collect::<Vec<_>>()
            .join(" | ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Parsing and checking any typed text never panics (the extension
        /// search slices by byte offsets).
        #[test]
        fn any_text_parses_and_validates_without_panicking(text in "\\PC{0,40}") {
            let p = ContactPoint::parse(&text, "work");
            let _ = p.validate_phone();
            let _ = p.validate_email();
        }
    }

    #[test]
    fn label_prefix_is_split_off() {
        let p = ContactPoint::parse("Mobile: +98 912 345 6789", "work");
        assert_eq!(p.label, "mobile");
        assert_eq!(p.value, "+98 912 345 6789");
    }

    #[test]
    fn bare_value_gets_default_label() {
        let p = ContactPoint::parse("sara@example.com", "work");
        assert_eq!(
            p,
            ContactPoint {
                label: "work".into(),
                value: "sara@example.com".into()
            }
        );
    }

    #[test]
    fn emails_are_checked() {
        let ok = ContactPoint::parse("a@b.co", "work");
        assert!(ok.validate_email().is_ok());
        for bad in ["ab.co", "a@b", "a @b.co", "@b.co", "a@b.co."] {
            let err = ContactPoint::parse(bad, "work")
                .validate_email()
                .unwrap_err();
            assert!(err.to_string().contains("name@example.com"), "{bad}: {err}");
        }
    }

    #[test]
    fn phones_accept_persian_digits_and_reject_words() {
        assert!(
            ContactPoint::parse("۰۹۱۲-۳۴۵-۶۷۸۹", "mobile")
                .validate_phone()
                .is_ok()
        );
        assert!(
            ContactPoint::parse("(+966) 55 123 4567", "mobile")
                .validate_phone()
                .is_ok()
        );
        assert!(
            ContactPoint::parse("call me", "mobile")
                .validate_phone()
                .is_err()
        );
        assert!(
            ContactPoint::parse("+98 31 3377 4120 ext. 380", "work")
                .validate_phone()
                .is_ok()
        );
        assert!(
            ContactPoint::parse("021 555 x12", "work")
                .validate_phone()
                .is_ok()
        );
        assert!(
            ContactPoint::parse("021 555 extra", "work")
                .validate_phone()
                .is_err()
        );
    }
}
