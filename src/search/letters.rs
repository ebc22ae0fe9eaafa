//! Which letters a text holds, as 64 bits: a test that rejects most
//! records before any of their text is read.
//!
//! Every way a text query matches (the fuzzy scorer, the quick scorer, the
//! one-letter word starts) needs each of the query's characters somewhere
//! in the record. So a record whose letter set lacks one of the query's
//! cannot be a hit, and a search that keeps each record's set beside it
//! (the search snapshot's record table) reads only the texts of records
//! holding all of them: at a million people, about one record in
//! twenty-five for "sarah smith", where the rarest byte alone ('h') let
//! two in three through to the subsequence test.
//!
//! Sets may claim letters a text does not hold (several characters share a
//! bit), never the reverse: a set lets extra records through to the exact
//! tests, and never drops one that could match.

/// The set of `text`'s characters.
pub fn of(text: &str) -> u64 {
    text.chars().fold(0, |set, c| set | bit(c))
}

/// Whether a record whose set is `record` may hold every character of a
/// query whose set is `query`.
pub fn may_hold(record: u64, query: u64) -> bool {
    record & query == query
}

/// A character's bit. Folded text is lower case, so Latin letters and
/// digits get a bit each (digits are in nearly every record, as phone
/// numbers: sharing a bit with them would make a letter useless), the rest
/// of ASCII one bit, and every other character one of the remaining 27 by
/// its code point: Arabic and Persian letters are neighbours in Unicode,
/// so a remainder spreads them over all 27.
fn bit(c: char) -> u64 {
    let n = match c {
        'a'..='z' => u32::from(c) - u32::from('a'),
        '0'..='9' => 26 + u32::from(c) - u32::from('0'),
        _ if c.is_ascii() => 36,
        _ => 37 + u32::from(c) % 27,
    };
    1 << n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_holds_its_own_letters_and_not_others() {
        let sara = of("sara ahmadi\nacme\n09120000001");
        assert!(may_hold(sara, of("sara")));
        assert!(may_hold(sara, of("ahmadi0912")));
        assert!(!may_hold(sara, of("smith")));
        let persian = of("گلاره موسوی\n\n09120000002");
        assert!(may_hold(persian, of("گلارهموسوی")));
        assert!(!may_hold(persian, of("ض")));
        assert!(!may_hold(persian, of("g")));
    }

    #[test]
    fn every_bit_is_claimed_by_some_character_and_none_is_lost() {
        let every = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .fold(0, |set, c| set | bit(c));
        assert_eq!(every, u64::MAX);
    }

    proptest::proptest! {
        #[test]
        fn a_text_may_hold_any_of_its_parts(text in "\\PC{0,60}", from in 0usize..60, len in 0usize..10) {
            let chars: Vec<char> = text.chars().collect();
            let from = from.min(chars.len());
            let part: String = chars[from..(from + len).min(chars.len())].iter().collect();
            proptest::prop_assert!(may_hold(of(&text), of(&part)));
        }
    }
}
