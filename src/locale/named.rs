//! Names from the config as people read them: the one lookup every
//! front-end (views, forms, pickers, command-line pages, reports) uses for
//! a pipeline, stage, lost reason, case category or status, or custom
//! field. The config's label in the interface language comes first
//! (`Config::shown`, docs/config.md "Translatable labels"); kariz's own
//! default names (the default case workflow and categories, which the
//! config need not spell out) then come from the catalogues; anything else
//! is shown as stored. What is stored is always the name.

use super::Locale;
use crate::config::{Config, Named};
use crate::vocab::Language;

impl Locale {
    /// What people see for the stored `value`, a name of the `named` kind.
    pub fn named(&self, config: &Config, named: Named<'_>, value: &str) -> String {
        let shown = config.shown(named, value, self.language);
        if shown != value {
            return shown.to_owned();
        }
        let prefix = match named {
            Named::CaseStatus => "case_status",
            Named::Category => "case_category",
            _ => return value.to_owned(),
        };
        // The catalogue word of a default name (only when the config has no
        // label of its own for it).
        let key = format!("{prefix}.{value}");
        match super::catalog::strings(self.language).get(&key) {
            Some(word) => word.clone(),
            None => value.to_owned(),
        }
    }
}

/// The stored name that `typed` gives for a name of the `named` kind: the
/// config's own lookup (a name or a label), else a default name whose
/// catalogue word in English, Persian or Arabic it is (`باز` is `open`),
/// else `typed` as it is (the store then names what is allowed).
pub fn name_of(config: &Config, named: Named<'_>, typed: &str) -> String {
    let (found, prefix, names): (Option<&str>, &str, Vec<&str>) = match named {
        Named::CaseStatus => (
            config.support.status(typed).map(|s| s.name.as_str()),
            "case_status",
            config
                .support
                .statuses
                .iter()
                .map(|s| s.name.as_str())
                .collect(),
        ),
        Named::Category => (
            config.support.category(typed).map(|c| c.name.as_str()),
            "case_category",
            config
                .support
                .categories
                .iter()
                .map(|c| c.name.as_str())
                .collect(),
        ),
        _ => return typed.to_owned(),
    };
    if let Some(name) = found {
        return name.to_owned();
    }
    let wanted = crate::text::fold::fold(typed);
    for language in [Language::En, Language::Fa, Language::Ar] {
        let strings = super::catalog::strings(language);
        for name in &names {
            let word = strings.get(&format!("{prefix}.{name}"));
            if word.is_some_and(|w| crate::text::fold::fold(w) == wanted) {
                return (*name).to_owned();
            }
        }
    }
    typed.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Calendar, Digits};

    #[test]
    fn config_labels_then_catalogue_words_then_the_name() {
        let fa = Locale::new(Language::Fa, Calendar::Jalali, Digits::Persian);
        let config = Config::parse(
            "[support]\ncategories = [\"question\", { name = \"repair\", label = { fa = \"تعمیر\" } }, \"warranty\"]\n",
            "t.toml",
        )
        .expect("valid");
        assert_eq!(fa.named(&config, Named::Category, "repair"), "تعمیر");
        assert_eq!(fa.named(&config, Named::Category, "question"), "پرسش");
        assert_eq!(fa.named(&config, Named::Category, "warranty"), "warranty");
        assert_eq!(
            fa.named(&config, Named::CaseStatus, "waiting_on_customer"),
            "در انتظار مشتری"
        );
        assert_eq!(fa.named(&config, Named::Pipeline, "sales"), "sales");
        // A label typed in Persian finds the category; its name is kept.
        let found = config.support.category("تعمیر").expect("by label");
        assert_eq!(found.name, "repair");
        // Typed back: a label, a catalogue word in any language, a name.
        assert_eq!(name_of(&config, Named::Category, "تعمیر"), "repair");
        assert_eq!(name_of(&config, Named::Category, "استفسار"), "question");
        assert_eq!(name_of(&config, Named::CaseStatus, "باز"), "open");
        assert_eq!(
            name_of(&config, Named::CaseStatus, "Waiting on customer"),
            "waiting_on_customer"
        );
        assert_eq!(name_of(&config, Named::CaseStatus, "closing"), "closing");
    }
}
