//! The order of records by name, for answering a one-letter query with the
//! names that start with it, alphabetically: one home for the order, which
//! the interface's index and the search snapshot both keep.
//!
//! A record's name is its search text's first field
//! ([`crate::store::scan::name_field`]). Names compare by
//! their bytes (folded text, so that is the alphabet's order for Persian,
//! Arabic and Latin alike); equal names stay in record order.

use std::cmp::Ordering;

/// From this many records the order is sorted on both cores.
const PARALLEL_FROM: usize = 50_000;

/// A record's place in name order: its name's bytes, the first 32 as two
/// numbers compared at once, then the rest, then the record number (ties
/// in record order). Comparing names as strings made the sort half the
/// interface's index load at a million people: Persian and Arabic names
/// share their first letters (a letter is two bytes), and a team's list
/// repeats whole names, which a string comparison reads to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NameKey<'a> {
    head: u128,
    next: u128,
    rest: &'a [u8],
    record: u32,
}

impl<'a> NameKey<'a> {
    fn new(name: &'a str, record: u32) -> NameKey<'a> {
        let bytes = name.as_bytes();
        let number = |from: usize| {
            let mut part = [0u8; 16];
            for (slot, b) in part.iter_mut().zip(bytes.iter().skip(from)) {
                *slot = *b;
            }
            u128::from_be_bytes(part)
        };
        NameKey {
            head: number(0),
            next: number(16),
            rest: bytes.get(32..).unwrap_or_default(),
            record,
        }
    }
}

impl Ord for NameKey<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        // A name of 32 bytes or fewer ends inside the numbers (padded with
        // zero bytes), so most ties never look at `rest`.
        (self.head, self.next)
            .cmp(&(other.head, other.next))
            .then_with(|| {
                if self.rest.is_empty() && other.rest.is_empty() {
                    Ordering::Equal
                } else {
                    self.rest.cmp(other.rest)
                }
            })
            .then(self.record.cmp(&other.record))
    }
}

impl PartialOrd for NameKey<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How record `a` named `a_name` compares with record `b` named `b_name`
/// in name order.
pub fn compare(a_name: &str, a: u32, b_name: &str, b: u32) -> Ordering {
    NameKey::new(a_name, a).cmp(&NameKey::new(b_name, b))
}

/// Records `0..names.len()` in name order (`names[i]` is record i's name).
pub fn order<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Vec<u32> {
    order_split(names, PARALLEL_FROM)
}

/// [`order`], sorting two halves on both cores from `parallel_from`
/// records and merging them (at a million records the sort was a third of
/// the interface's index load).
fn order_split<'a>(
    names: impl ExactSizeIterator<Item = &'a str>,
    parallel_from: usize,
) -> Vec<u32> {
    let mut keys: Vec<NameKey<'a>> = names
        .zip(0u32..)
        .map(|(name, i)| NameKey::new(name, i))
        .collect();
    // Every key differs (the record number is in it), so sorting the
    // halves and merging them gives the one order a whole sort gives.
    if keys.len() < parallel_from {
        keys.sort_unstable();
        return keys.into_iter().map(|key| key.record).collect();
    }
    let count = keys.len();
    let (left, right) = keys.split_at_mut(count / 2);
    std::thread::scope(|s| {
        s.spawn(|| left.sort_unstable());
        right.sort_unstable();
    });
    let mut order = Vec::with_capacity(count);
    let (mut left, mut right) = (left.iter().peekable(), right.iter().peekable());
    loop {
        let next = match (left.peek(), right.peek()) {
            (Some(l), Some(r)) if l <= r => left.next(),
            (Some(_), Some(_)) => right.next(),
            (Some(_), None) => left.next(),
            (None, _) => right.next(),
        };
        let Some(key) = next else { break };
        order.push(key.record);
    }
    order
}

/// Whether `order` holds each of `0..count` exactly once (a name order read
/// from a file is checked before it is used).
pub fn is_permutation(order: &[u32], count: usize) -> bool {
    if order.len() != count {
        return false;
    }
    let mut seen = vec![false; count];
    order.iter().all(|&i| match seen.get_mut(i as usize) {
        Some(slot) if !*slot => {
            *slot = true;
            true
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition: names by their bytes, ties by record.
    fn by_definition(names: &[&str]) -> Vec<u32> {
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_by(|a, b| (names[*a as usize], a).cmp(&(names[*b as usize], b)));
        order
    }

    fn sample() -> Vec<String> {
        let firsts = [
            "sara",
            "sarah",
            "sam",
            "a",
            "",
            "زهرا",
            "زهره",
            "محمد",
            "محمدرضا",
            "أحمد",
        ];
        let lasts = [
            "",
            " ahmadi",
            " نیک‌نام",
            " الخطيب",
            " a very long family name past thirty-two bytes",
            " a very long family name past thirty-two bytez",
        ];
        let mut names = Vec::new();
        for round in 0..3 {
            for (i, f) in firsts.iter().enumerate() {
                for l in lasts.iter().skip((i + round) % 2) {
                    names.push(format!("{f}{l}"));
                }
            }
        }
        names
    }

    #[test]
    fn the_order_is_names_by_their_bytes_then_records_on_one_core_and_on_two() {
        let names = sample();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let expected = by_definition(&names);
        assert_eq!(order_split(names.iter().copied(), usize::MAX), expected);
        assert_eq!(order_split(names.iter().copied(), 1), expected);
        assert_eq!(order(names.iter().copied()), expected);
    }

    #[test]
    fn compare_agrees_with_the_order() {
        let names = sample();
        let order = order(names.iter().map(String::as_str));
        for pair in order.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            assert_eq!(
                compare(&names[a as usize], a, &names[b as usize], b),
                Ordering::Less
            );
        }
    }

    #[test]
    fn a_permutation_has_every_record_once() {
        assert!(is_permutation(&[2, 0, 1], 3));
        assert!(is_permutation(&[], 0));
        assert!(!is_permutation(&[0, 0, 1], 3));
        assert!(!is_permutation(&[0, 1, 3], 3));
        assert!(!is_permutation(&[0, 1], 3));
    }
}
