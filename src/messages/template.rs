//! Message templates: one text file per template and language in the
//! templates folder (`NAME.fa.txt`, `NAME.en.txt`, or `NAME.txt` for any
//! language), rendered with minijinja. A first line `Subject: …` is the
//! e-mail's subject line; the rest is the text. Placeholders are listed in
//! docs/messages.md.

use std::path::{Path, PathBuf};

use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::error::{Error, Result};

/// What a template can use: `{{ name }}`, `{{ first_name }}`, …
#[derive(Debug, Clone, Default, Serialize)]
pub struct Placeholders {
    /// The person's full name.
    pub name: String,
    /// The first word of the name.
    pub first_name: String,
    /// Their company's name (empty when none).
    pub company: String,
    /// The title of their newest open deal (empty when none).
    pub deal: String,
    /// The expected close date of that deal, in the user's calendar and digits.
    pub deal_close: String,
    /// The owner's name (display name on the team list, else login).
    pub owner: String,
    /// Today in the user's calendar and digits.
    pub today: String,
    /// The person's birthday in the user's calendar and digits.
    pub birthday: String,
    /// The campaign the message is sent for.
    pub campaign: String,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    /// The subject line (from `Subject:`), if the template has one.
    pub subject: Option<String>,
    /// The text.
    pub text: String,
}

/// The file of template `name` in `language` (e.g. `fa`): `NAME.LANG.txt`,
/// else `NAME.txt`.
pub fn find(dir: &Path, name: &str, language: &str) -> Result<PathBuf> {
    let plain = name.trim();
    if plain.is_empty()
        || plain.contains(['/', '\\'])
        || plain.starts_with('.')
        || plain.chars().any(char::is_control)
    {
        return Err(Error::invalid(format!(
            "template name {} is not a plain file name; use letters, digits, - or _",
            crate::text::sanitize::quoted(name)
        )));
    }
    let localized = dir.join(format!("{plain}.{language}.txt"));
    let any = dir.join(format!("{plain}.txt"));
    if localized.is_file() {
        return Ok(localized);
    }
    if any.is_file() {
        return Ok(any);
    }
    Err(Error::invalid(format!(
        "no message template {} for language {language}: write {} (or {})",
        crate::text::sanitize::quoted(plain),
        localized.display(),
        any.display()
    )))
}

/// Reads and renders the template file at `path`.
pub fn render_file(path: &Path, values: &Placeholders) -> Result<Rendered> {
    let source = std::fs::read_to_string(path).map_err(|cause| Error::Io {
        context: format!("reading the message template {}", path.display()),
        cause,
    })?;
    render(&path.display().to_string(), &source, values)
}

/// Renders template `source` (named `origin` in errors). An unknown
/// placeholder is an error, so a typo is not sent to customers.
pub fn render(origin: &str, source: &str, values: &Placeholders) -> Result<Rendered> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let error = |err: minijinja::Error| Error::invalid(format!("message template {origin}: {err}"));
    env.add_template("message", source).map_err(error)?;
    let text = env
        .get_template("message")
        .and_then(|t| t.render(Value::from(Serde(values))))
        .map_err(error)?;
    if let Some(name) = single_braced(&text) {
        return Err(Error::invalid(format!(
            "message template {origin}: {{{name}}} has single braces, so it would be sent as it is; write {{{{ {name} }}}}"
        )));
    }
    Ok(split_subject(&text))
}

/// A placeholder name written `{name}` (as other tools spell it) left in
/// the rendered text: minijinja takes it for plain text, and the customer
/// would get the braces.
fn single_braced(text: &str) -> Option<String> {
    let names = serde_json::to_value(Placeholders::default()).ok()?;
    names.as_object()?.keys().find_map(|name| {
        [format!("{{{name}}}"), format!("{{ {name} }}")]
            .iter()
            .any(|written| text.contains(written.as_str()))
            .then(|| name.clone())
    })
}

/// Takes a first line `Subject: …` off as the subject.
fn split_subject(text: &str) -> Rendered {
    let mut lines = text.splitn(2, '\n');
    let first = lines.next().unwrap_or_default();
    let rest = lines.next().unwrap_or_default();
    let subject = first
        .strip_prefix("Subject:")
        .or_else(|| first.strip_prefix("subject:"));
    match subject {
        Some(subject) => Rendered {
            subject: Some(subject.trim().to_string()),
            text: rest.trim().to_string(),
        },
        None => Rendered {
            subject: None,
            text: text.trim().to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_in_single_braces_is_refused_with_the_right_spelling() {
        let values = Placeholders::default();
        let err = render("yalda.fa.txt", "{name} عزیز، یلدا مبارک", &values).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("yalda.fa.txt"), "{text}");
        assert!(text.contains("{{ name }}"), "{text}");
        assert!(render("t", "{ company } here", &values).is_err());
        // Other braces are text.
        assert!(render("t", "{x} and {{ name }}", &values).is_ok());
    }

    #[test]
    fn subject_line_is_taken_off() {
        let values = Placeholders {
            name: "Sara Ahmadi".into(),
            first_name: "Sara".into(),
            ..Placeholders::default()
        };
        let r = render(
            "t",
            "Subject: Hello {{ first_name }}\n\nDear {{ name }},\nthanks.\n",
            &values,
        )
        .unwrap();
        assert_eq!(r.subject.as_deref(), Some("Hello Sara"));
        assert_eq!(r.text, "Dear Sara Ahmadi,\nthanks.");
        let r = render("t", "Hi {{ first_name }}", &values).unwrap();
        assert_eq!((r.subject, r.text.as_str()), (None, "Hi Sara"));
    }

    #[test]
    fn unknown_placeholder_is_an_error() {
        let err = render("t.txt", "Hi {{ frist_name }}", &Placeholders::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.txt"), "{err}");
    }

    #[test]
    fn template_names_are_plain() {
        assert!(find(Path::new("/tmp"), "../etc/passwd", "fa").is_err());
    }
}
