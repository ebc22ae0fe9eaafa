//! The Persian and Arabic example configs, embedded so that
//! `kariz config init --lang` and `kariz demo --lang` work from an
//! installed binary, not only from the source tree.

/// The example config for `lang` as (where it comes from, its text):
/// `fa` (Jalali dates, Persian digits) or `ar` (Arabic digits). English
/// has no example: its config is the commented default.
pub fn example(lang: &str) -> Option<(&'static str, &'static str)> {
    match lang {
        "fa" => Some((
            "config/examples/fa.toml",
            include_str!("../../config/examples/fa.toml"),
        )),
        "ar" => Some((
            "config/examples/ar.toml",
            include_str!("../../config/examples/ar.toml"),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_examples_parse_in_their_language() {
        for lang in ["fa", "ar"] {
            let (origin, text) = example(lang).unwrap();
            let config = crate::config::Config::parse(text, origin).unwrap();
            assert_eq!(config.display.language.as_str(), lang);
        }
        assert!(example("en").is_none());
    }
}
