//! Phone and e-mail labels (`mobile`, `work`, …) in the interface language.
//! What is stored is always the canonical English word: imports, the CLI
//! and the vCard export understand it. Labels kariz does not know (a
//! user's own word) are shown and stored as they are.

use super::Locale;
use crate::vocab::Language;

/// The labels kariz writes itself (forms, imports from phones and CRMs),
/// each translated in the catalogues as `contact.<label>`.
pub const KNOWN: &[&str] = &["mobile", "work", "home", "fax", "main", "other", "office"];

impl Locale {
    /// A phone or e-mail label as shown: its translation when kariz knows
    /// it, else the label as stored.
    pub fn contact_label<'a>(&'a self, label: &'a str) -> &'a str {
        if KNOWN.contains(&label) {
            let key = format!("contact.{label}");
            match super::catalog::strings(self.language).get(&key) {
                Some(shown) => shown,
                None => label,
            }
        } else {
            label
        }
    }
}

/// The stored form of a label typed in any interface language: the known
/// label whose English, Persian or Arabic name it is (ignoring case), else
/// the text lower-cased (as `ContactPoint::parse` stores it).
pub fn canonical_label(typed: &str) -> String {
    let wanted = typed.trim().to_lowercase();
    for language in [Language::En, Language::Fa, Language::Ar] {
        let strings = super::catalog::strings(language);
        for label in KNOWN {
            let shown = strings.get(&format!("contact.{label}"));
            if shown.is_some_and(|s| s.to_lowercase() == wanted) {
                return (*label).to_owned();
            }
        }
    }
    wanted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Calendar, Digits};

    #[test]
    fn known_labels_are_translated_and_read_back() {
        let fa = Locale::new(Language::Fa, Calendar::Jalali, Digits::Persian);
        let ar = Locale::new(Language::Ar, Calendar::Gregorian, Digits::Arabic);
        let en = Locale::default();
        for label in KNOWN {
            for locale in [&fa, &ar, &en] {
                let shown = locale.contact_label(label);
                assert_eq!(canonical_label(shown), *label, "{shown}");
            }
            assert_ne!(fa.contact_label(label), *label);
            assert_ne!(ar.contact_label(label), *label);
        }
        assert_eq!(fa.contact_label("mobile"), "موبایل");
        // A user's own word stays as it is, stored lower-cased.
        assert_eq!(fa.contact_label("villa"), "villa");
        assert_eq!(canonical_label("Villa"), "villa");
        assert_eq!(canonical_label("Mobile"), "mobile");
    }
}
