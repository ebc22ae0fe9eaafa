//! How alike two names are, and the keys that put records into the same
//! comparison block.

use crate::model::limits::MAX_NAME;
use crate::text::fold::{fold, phone_digits};

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

/// A phone number as its last ten digits (so +98 912…, 0098 912… and
/// 0912… agree), then `x` and the extension if any; `None` for fewer than
/// 7 digits.
pub fn phone_key(phone: &str) -> Option<String> {
    // An extension ("ext. 380", "x12") starts at the first letter.
    let (number, extension) = match phone.find(|c: char| c.is_alphabetic()) {
        Some(at) => (&phone[..at], phone_digits(&phone[at..])),
        None => (phone, String::new()),
    };
    let digits = phone_digits(number);
    if digits.len() < 7 {
        return None;
    }
    let skip = digits.len().saturating_sub(10);
    let mut key = digits[skip..].to_string();
    if !extension.is_empty() {
        key.push('x');
        key.push_str(&extension);
    }
    Some(key)
}

/// Whether a phone label names a shared line (an office or switchboard
/// number that colleagues have in common) rather than a personal one.
pub fn is_shared_line(label: &str) -> bool {
    matches!(
        label.trim().to_lowercase().as_str(),
        "work" | "office" | "main" | "fax" | "company" | "switchboard" | "business"
    )
}

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
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    1.0 - previous[b.len()] as f64 / longest as f64
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
