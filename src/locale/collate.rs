//! Sort keys for names: Persian alphabetical order for Persian, Arabic
//! order for Arabic, Latin case- and accent-insensitive, digits first.
//!
//! A key is a byte string: comparing two keys byte by byte gives the order
//! of their names, so SQLite can keep them in an index (`ORDER BY
//! sort_key, id`) and page through a list with a keyset.
//!
//! Each character becomes one or two 4-byte big-endian weights. The high
//! byte is a band, in this order:
//! 1. a space (word break), so "Ali Z" sorts before "Alia";
//! 2. punctuation and symbols (by code point);
//! 3. digits 0–9 (in any digit set);
//! 4. Latin letters a–z (case, accents and ligatures ignored: É = e, ß = ss);
//! 5. Arabic-script letters in Persian alphabetical order:
//!    ء آ ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی;
//!    Arabic letter forms sort with the Persian letter they are typed for
//!    (ي ى ئ with ی, ك with ک, أ إ ٱ with ا, ة ۀ with ه, ؤ with و);
//! 6. every other letter, by code point.
//!
//! Persian and Arabic alphabetical order differ in one place: Arabic puts
//! ه before و. A name written with Arabic-only letter forms (ي ك ة ى) and
//! none of the Persian-only ones (پ چ ژ گ ی ک) is taken to be Arabic and gets
//! the Arabic order; everything else gets the Persian order.
//! Harakat, tatweel, ZWNJ and bidi controls are ignored, as in search.

use crate::text::letters;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

const SPACE: u32 = 0x0100_0000;
const SYMBOL: u32 = 0x0200_0000;
const DIGIT: u32 = 0x0300_0000;
const LATIN: u32 = 0x0400_0000;
const ARABIC_SCRIPT: u32 = 0x0500_0000;
const OTHER_LETTER: u32 = 0x0600_0000;

/// The Persian alphabet in dictionary order, with hamza first.
const PERSIAN_ORDER: &str = "ءآابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی";

/// Arabic letter forms and the Persian letter they sort with: the table
/// shared with search, plus ە with ه, which only order folds (see
/// `text::letters` for why the two differ).
fn as_persian_letter(c: char) -> char {
    if c == 'ە' {
        return 'ه';
    }
    letters::persian_form(c).unwrap_or(c)
}

/// Whether `c` is ignored for ordering: what search ignores too, plus the
/// zero-width space and every combining mark (accents do not move a name).
fn is_ignored(c: char) -> bool {
    letters::is_invisible(c) || c == '\u{200b}' || c.is_control() || is_combining_mark(c)
}

/// Whether the text reads as Arabic rather than Persian (see module docs).
fn is_arabic_text(text: &str) -> bool {
    let arabic_only = text.chars().any(|c| matches!(c, 'ي' | 'ك' | 'ة' | 'ى'));
    let persian_only = text
        .chars()
        .any(|c| matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک'));
    arabic_only && !persian_only
}

use crate::text::digits::value as digit_value;

/// Latin letters NFD does not take apart, spelled as base letters.
fn latin_spelling(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ł' | 'Ł' => "l",
        'ı' => "i",
        'þ' | 'Þ' => "th",
        _ => return None,
    })
}

/// The weights of one (NFKC, non-ignored, non-space) character.
fn push_weights(c: char, arabic: bool, out: &mut Vec<u32>) {
    if let Some(d) = digit_value(c) {
        out.push(DIGIT + d);
        return;
    }
    if let Some(spelled) = latin_spelling(c) {
        out.extend(spelled.bytes().map(|b| LATIN + u32::from(b - b'a')));
        return;
    }
    // The base letter of an accented Latin letter, lower-cased.
    if let Some(base) = c.nfd().next().map(|b| b.to_ascii_lowercase())
        && base.is_ascii_lowercase()
    {
        out.push(LATIN + (u32::from(base) - u32::from('a')));
        return;
    }
    let letter = as_persian_letter(c);
    if let Some(rank) = PERSIAN_ORDER.chars().position(|p| p == letter) {
        let mut rank = u32::try_from(rank).unwrap_or(u32::MAX >> 8);
        if arabic {
            // Arabic order: ه before و (adjacent in the Persian order).
            rank = match letter {
                'و' => rank + 1,
                'ه' => rank - 1,
                _ => rank,
            };
        }
        out.push(ARABIC_SCRIPT + rank);
        return;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    if c.is_alphanumeric() {
        out.push(OTHER_LETTER + u32::from(lower));
    } else {
        out.push(SYMBOL + u32::from(c));
    }
}

/// The byte-comparable sort key of a name (see the module docs for the
/// order). Equal keys mean "same place"; callers break ties by id.
///
/// ```
/// use kariz::locale::collate::sort_key;
/// assert!(sort_key("بابک") < sort_key("پروین"));
/// assert!(sort_key("پروین") < sort_key("تینا"));
/// assert_eq!(sort_key("Sara"), sort_key("sara"));
/// ```
#[must_use]
pub fn sort_key(name: &str) -> Vec<u8> {
    let arabic = is_arabic_text(name);
    let mut weights = Vec::with_capacity(name.len());
    let mut pending_space = false;
    // NFKC leaves ASCII as it is; skipping it is most of the cost for the
    // Latin names of a big import.
    let chars: Box<dyn Iterator<Item = char>> = if name.is_ascii() {
        Box::new(name.chars())
    } else {
        Box::new(name.nfkc())
    };
    for c in chars {
        if c.is_whitespace() {
            pending_space = !weights.is_empty();
            continue;
        }
        if is_ignored(c) {
            continue;
        }
        if pending_space {
            weights.push(SPACE);
            pending_space = false;
        }
        push_weights(c, arabic, &mut weights);
    }
    weights.iter().flat_map(|w| w.to_be_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Sorts `names` by key and checks the result is `names` itself.
    fn assert_sorted(names: &[&str]) {
        let mut shuffled: Vec<&str> = names.iter().rev().copied().collect();
        shuffled.sort_by_key(|n| sort_key(n));
        assert_eq!(shuffled, names);
    }

    #[test]
    fn persian_alphabetical_order() {
        assert_sorted(&[
            "آرش",
            "احمد",
            "بابک",
            "پروانه",
            "تینا",
            "ثریا",
            "جواد",
            "چنگیز",
            "حسن",
            "خسرو",
            "داریوش",
            "ذبیح",
            "رضا",
            "زهرا",
            "ژاله",
            "سارا",
            "شیرین",
            "صادق",
            "ضیا",
            "طاهره",
            "ظریف",
            "عباس",
            "غلام",
            "فرهاد",
            "قاسم",
            "کاوه",
            "گلناز",
            "لیلا",
            "مریم",
            "نادر",
            "وحید",
            "هادی",
            "یاسمن",
        ]);
    }

    #[test]
    fn persian_letters_are_not_at_the_end() {
        assert_sorted(&["ب", "پ", "ت"]);
        assert_sorted(&["ج", "چ", "ح"]);
        assert_sorted(&["ز", "ژ", "س"]);
        assert_sorted(&["ک", "گ", "ل"]);
        assert_sorted(&["بهرام", "بیژن", "پرویز", "تهمینه"]);
    }

    #[test]
    fn arabic_names_in_arabic_order() {
        // Arabic spelling (ي): ه before و.
        assert_sorted(&["هاني", "وليد", "يوسف"]);
        // Persian spelling (ی): و before ه.
        assert_sorted(&["وحید", "هادی", "یوسف"]);
        // Arabic letter forms sort with their Persian twins.
        assert_eq!(sort_key("علي"), sort_key("علی"));
        assert_eq!(sort_key("كريم"), sort_key("کریم"));
        assert_eq!(sort_key("ةي"), sort_key("هي"));
        assert_eq!(sort_key("أحمد"), sort_key("احمد"));
        assert!(sort_key("آرش") < sort_key("ابراهیم"));
    }

    #[test]
    fn marks_joiners_and_tatweel_are_ignored() {
        assert_eq!(sort_key("مُحَمَّد"), sort_key("محمد"));
        assert_eq!(sort_key("مـحـمـد"), sort_key("محمد"));
        assert_eq!(sort_key("نیک\u{200c}نام"), sort_key("نیکنام"));
        assert_eq!(sort_key("\u{200f}علی\u{200e}"), sort_key("علی"));
        assert_eq!(
            sort_key("\u{fee3}\u{fea4}\u{fee4}\u{feaa}"),
            sort_key("محمد")
        );
    }

    #[test]
    fn latin_digits_and_mixed() {
        assert_sorted(&[
            "3M", "Acme", "Ali Z", "Alia", "Elena", "Émile", "Emma", "Strasse", "Zoe", "بابک",
            "Ωmega",
        ]);
        assert_eq!(sort_key("Sara"), sort_key("SARA"));
        assert_eq!(sort_key("Straße"), sort_key("strasse"));
        assert_eq!(sort_key("  Sara \t Ahmadi "), sort_key("sara ahmadi"));
        assert_eq!(sort_key("۱۲"), sort_key("12"));
        assert_eq!(sort_key("١٢"), sort_key("12"));
        assert_sorted(&["", "0", "9", "a"]);
        assert_eq!(sort_key(" "), sort_key(""));
        assert_sorted(&["O'Brien", "Obama"]);
    }

    proptest! {
        #[test]
        fn keys_are_whole_weights_and_never_panic(s in any::<String>()) {
            let key = sort_key(&s);
            prop_assert_eq!(key.len() % 4, 0);
        }

        #[test]
        fn key_order_is_a_prefix_order(a in "[a-z ابپتجچدرزژسشکگلمنوهی]{0,8}", b in "[a-zابپتجچدرزژسشکگلمنوهی]{0,8}") {
            // A name sorts before any longer name it starts with (in one
            // script convention: adding an Arabic-only letter can switch a
            // name to the Arabic order).
            let longer = format!("{a}{b}");
            prop_assert!(sort_key(&a) <= sort_key(&longer));
        }
    }
}

#[cfg(test)]
mod shared_with_search {
    use super::sort_key;
    use crate::text::fold::fold;
    use crate::text::letters::{is_invisible, persian_form};

    /// `text::letters`: every letter form in the shared table is the same letter for search
    /// and for order.
    #[test]
    fn search_and_order_agree_on_the_shared_table() {
        for c in "يىئكأإٱؤةۀ".chars() {
            let p = persian_form(c).unwrap();
            // پ marks the name as Persian, so both get the Persian order
            // (an Arabic-looking name swaps ه and و; see locale::collate).
            let (a, b) = (format!("پ{c}پ"), format!("پ{p}پ"));
            assert_eq!(fold(&a), fold(&b), "search: {c:?} vs {p:?}");
            assert_eq!(sort_key(&a), sort_key(&b), "order: {c:?} vs {p:?}");
        }
        for c in "\u{64e}\u{670}\u{640}\u{200c}\u{200d}\u{200f}\u{61c}\u{202b}\u{2067}".chars() {
            assert!(is_invisible(c));
            let text = format!("علی{c}رضا");
            assert_eq!(fold(&text), fold("علیرضا"), "search: {c:?}");
            assert_eq!(sort_key(&text), sort_key("علیرضا"), "order: {c:?}");
        }
    }

    /// The differences the module docs list, each as it behaves.
    #[test]
    fn the_documented_differences() {
        assert_eq!(fold("آرش"), fold("ارش"));
        assert_ne!(sort_key("آرش"), sort_key("ارش"));
        assert_ne!(fold("بە"), fold("به"));
        assert_eq!(sort_key("بە"), sort_key("به"));
        assert_ne!(fold("é"), fold("e"));
        assert_eq!(sort_key("é"), sort_key("e"));
        assert_ne!(fold("a\u{200b}b"), fold("ab"));
        assert_eq!(sort_key("a\u{200b}b"), sort_key("ab"));
    }
}
