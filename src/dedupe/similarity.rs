//! How alike two names are, and the keys that put records into the same
//! comparison block.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

use crate::model::limits::MAX_NAME;
use crate::text::fold::fold;

/// The folded name with its words sorted, so "Ahmadi Sara" and "Sara
/// Ahmadi" compare equal, as do Arabic and Persian spellings.
pub fn name_key(name: &str) -> String {
    sorted_words(&fold(name))
}

/// An already folded name with its words sorted, from the first
/// [`MAX_NAME`] characters only. Names typed or imported now are no longer
/// than that; older data may hold longer ones (a 1 MB name made the edit
/// distance below, which is quadratic in length, take minutes, and gave
/// the customer page's duplicate hint a block key per word).
pub fn sorted_words(folded: &str) -> String {
    let folded = match folded.char_indices().nth(MAX_NAME) {
        // `end` is a character boundary, so `get` always succeeds.
        Some((end, _)) => folded.get(..end).unwrap_or(folded),
        None => folded,
    };
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.join(" ")
}

/// Block keys for a name: the first four characters of each word of two
/// or more characters ("sara" and "sarah", "ahmadi" and "ahmady" share one).
pub fn name_blocks(key: &str) -> Vec<String> {
    let mut blocks: Vec<String> = key
        .split(' ')
        .filter(|w| w.chars().count() >= 2)
        .map(|w| w.chars().take(4).collect())
        .collect();
    blocks.sort_unstable();
    blocks.dedup();
    blocks
}

/// An e-mail address compared case-insensitively, `None` when empty.
pub fn email_key(email: &str) -> Option<String> {
    let key = email.trim().to_lowercase();
    (!key.is_empty()).then_some(key)
}

/// A phone number's identity (see [`crate::text::phone::identity`], the
/// one rule import matching, merge and search use too).
pub use crate::text::phone::{identity as phone_key, is_shared_line};

/// A web or e-mail domain without `www.`, lower-case.
pub fn domain_key(domain: &str) -> Option<String> {
    let key = domain.trim().to_lowercase();
    let key = key.strip_prefix("www.").unwrap_or(&key).to_string();
    (!key.is_empty()).then_some(key)
}

/// Similarity of two name keys from 0.0 to 1.0: one minus the edit
/// distance over the longer length, in characters.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // Levenshtein, one row at a time: `diagonal` and `up` come from the
    // previous row, `left` is the cell just written in this one.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        let mut left = i + 1;
        current.push(left);
        for (cb, pair) in b.iter().zip(previous.windows(2)) {
            let &[diagonal, up] = pair else { continue };
            left = (diagonal + usize::from(ca != cb)).min(up + 1).min(left + 1);
            current.push(left);
        }
        previous = current;
    }
    let distance = previous.last().copied().unwrap_or(longest);
    1.0 - distance as f64 / longest as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_and_arabic_spellings_share_a_key() {
        assert_eq!(name_key("علي كريمي"), name_key("علی کریمی"));
        assert_eq!(name_key("Ahmadi  Sara"), name_key("sara AHMADI"));
    }

    #[test]
    fn phones_agree_across_prefixes_and_scripts() {
        let want = Some("9123456789".to_string());
        assert_eq!(phone_key("+98 912 345 6789"), want);
        assert_eq!(phone_key("0912-345-6789"), want);
        assert_eq!(phone_key("۰۹۱۲ ۳۴۵ ۶۷۸۹"), want);
        assert_eq!(
            phone_key("0098 912 345 6789 ext. 12"),
            Some("9123456789x12".to_string())
        );
        assert_eq!(phone_key("123"), None);
    }

    #[test]
    fn similarity_scores_typos_high_and_strangers_low() {
        assert_eq!(similarity("sara ahmadi", "sara ahmadi"), 1.0);
        assert!(similarity("ahmadi sara", "ahmady sarah") > 0.8);
        assert!(similarity("ahmadi sara", "karimi reza") < 0.5);
        assert_eq!(similarity("", ""), 1.0);
    }

    proptest::proptest! {
        /// Names and phones come from imports: no input panics, a phone
        /// key is digits with an optional `x` extension, and similarity is
        /// symmetric and between 0 and 1.
        #[test]
        fn keys_and_similarity_never_panic(a in "\\PC{0,16}", b in "\\PC{0,16}") {
            if let Some(key) = phone_key(&a) {
                proptest::prop_assert!(key.chars().all(|c| c.is_ascii_digit() || c == 'x'));
            }
            let s = similarity(&a, &b);
            proptest::prop_assert!((0.0..=1.0).contains(&s), "{s}");
            proptest::prop_assert_eq!(s, similarity(&b, &a));
            let _ = name_blocks(&name_key(&a));
        }
    }

    #[test]
    fn very_long_names_are_compared_on_their_first_characters() {
        // Two 1 MB names (a million characters each): the keys are capped,
        // so this is one 300 x 300 comparison, not a 10^12 one.
        let a = "نام ".repeat(250_000);
        let b = format!("{a}x");
        let (ka, kb) = (name_key(&a), name_key(&b));
        assert!(ka.chars().count() <= MAX_NAME, "{}", ka.len());
        assert_eq!(similarity(&ka, &kb), 1.0);
        assert_eq!(name_blocks(&ka), vec!["نام"]);
    }

    #[test]
    fn blocks_use_word_prefixes() {
        assert_eq!(name_blocks("ahmadi sara"), vec!["ahma", "sara"]);
        assert_eq!(name_blocks(&name_key("Sarah Ahmady")), vec!["ahma", "sara"]);
    }
}
