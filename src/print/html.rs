//! HTML output through a template the user can copy and change.
//!
//! Templates are Jinja-style (minijinja): loops over the lines and `if` for
//! optional parts are needed, which a plain placeholder syntax would have to
//! reinvent, and every value is HTML-escaped automatically because the
//! template's name ends in `.html`, so a customer called `<script>` prints
//! as text. The default template is embedded; a folder set in the config
//! (`[print] templates`) overrides it per kind (`quote.html`, `order.html`,
//! `invoice.html`) or for all (`document.html`).

use std::path::{Path, PathBuf};

use minijinja::Environment;
use minijinja::value::{Serde, Value};

use super::PrintError;
use super::document::DocumentKind;
use super::view::View;

/// The embedded default template (docs/printing.md shows how to copy it).
pub const DEFAULT_TEMPLATE: &str = include_str!("templates/document.html");

/// The template file that would be used for `kind` in `folder`, if any.
#[must_use]
pub fn template_file(folder: &Path, kind: DocumentKind) -> Option<PathBuf> {
    [
        format!("{}.html", kind.keyword()),
        "document.html".to_owned(),
    ]
    .into_iter()
    .map(|name| folder.join(name))
    .find(|path| path.is_file())
}

/// Renders `view` with the template from `folder` (when given and it holds
/// one for `kind`) or the embedded default.
pub fn render(
    view: &View,
    kind: DocumentKind,
    folder: Option<&Path>,
) -> Result<String, PrintError> {
    let (name, source) = match folder.and_then(|f| template_file(f, kind)) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|err| PrintError::Template {
                path: path.display().to_string(),
                message: format!("cannot read it: {err}"),
            })?;
            (path.display().to_string(), text)
        }
        None => (
            "<built-in document.html>".to_owned(),
            DEFAULT_TEMPLATE.to_owned(),
        ),
    };
    render_source(view, &name, source)
}

/// Renders `view` with template text `source`; `name` is used in errors.
pub fn render_source(view: &View, name: &str, source: String) -> Result<String, PrintError> {
    let template_error = |err: minijinja::Error| PrintError::Template {
        path: name.to_owned(),
        message: err.to_string(),
    };
    let mut env = Environment::new();
    // Escape whatever the file is called: the output is always HTML.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template_owned("document.html", source)
        .map_err(template_error)?;
    let template = env.get_template("document.html").map_err(template_error)?;
    template
        .render(Value::from(Serde(view)))
        .map_err(template_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::sample::sample;
    use crate::print::view::view;
    use crate::vocab::{Calendar, Digits, Language};
    use chrono::NaiveDate;

    #[test]
    fn user_text_is_escaped_even_in_a_template_not_named_html() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut doc = sample(
            Language::En,
            Calendar::Gregorian,
            Digits::Latin,
            day,
            1,
            None,
        );
        doc.buyer.name = "<img src=x onerror=alert(1)> \"Bob\" & 'Co'".to_owned();
        doc.lines[0].description = "<b>bold</b>".to_owned();
        let v = view(&doc);
        let out = render_source(
            &v,
            "custom.txt",
            "{{ buyer.name }}|{% for l in lines %}{{ l.description }}{% endfor %}".to_owned(),
        )
        .unwrap();
        assert_eq!(
            out,
            "&lt;img src=x onerror=alert(1)&gt; &quot;Bob&quot; &amp; &#x27;Co&#x27;|&lt;b&gt;bold&lt;&#x2f;b&gt;"
        );
        let full = render(&v, doc.kind, None).unwrap();
        assert!(full.contains("&lt;img src=x"));
        assert!(!full.contains("<img src=x"));
    }

    #[test]
    fn a_broken_template_names_its_file() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let doc = sample(
            Language::En,
            Calendar::Gregorian,
            Digits::Latin,
            day,
            1,
            None,
        );
        let err = render_source(&view(&doc), "/x/quote.html", "{% if %}".to_owned()).unwrap_err();
        assert!(err.to_string().contains("/x/quote.html"), "{err}");
    }
}
