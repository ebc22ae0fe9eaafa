//! Tag names: free labels for segments such as priority, industry or region.

/// Normalises and checks a tag name: trimmed, non-empty, at most 64
/// characters, no control characters and no commas (lists use commas).
pub fn normalize(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a tag name cannot be empty".into());
    }
    if name.chars().count() > 64 {
        return Err(format!("tag {name:?} is longer than 64 characters"));
    }
    if name.chars().any(|c| c.is_control() || c == ',') {
        return Err(format!(
            "tag {} contains a comma or a control character; use letters, digits, - and _",
            crate::text::sanitize::quoted(name)
        ));
    }
    Ok(name.to_string())
}

/// Normalises a list of tags, dropping duplicates (case-insensitively) and
/// keeping the first spelling.
pub fn normalize_all(names: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let tag = normalize(name)?;
        if !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            out.push(tag);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_and_deduplicated() {
        let tags = normalize_all(&[" vip ".into(), "VIP".into(), "region-gulf".into()]).unwrap();
        assert_eq!(tags, vec!["vip", "region-gulf"]);
    }

    #[test]
    fn bad_tags_are_rejected() {
        assert!(normalize("  ").is_err());
        assert!(normalize("a,b").is_err());
        assert!(normalize("a\u{1b}b").unwrap_err().contains("\\u{1b}"));
    }
}
