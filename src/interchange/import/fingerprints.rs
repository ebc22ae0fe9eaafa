//! The match keys of an import's own rows, kept as fingerprints.
//!
//! Rows of one file match each other (the same e-mail twice is one
//! person), so the planner remembers every new row's keys: a million
//! people is three million keys (e-mail, phone, name). As strings in one
//! map per kind that was about 110 MB per kind; as 96-bit fingerprints in
//! one table it is 16 bytes a key (about 70 MB for a million people).
//!
//! Why a fingerprint is enough: two different keys would have to agree on
//! 96 bits of two independently keyed SipHash values. Among the 3 million
//! keys of a million-row import the chance that any two do is about
//! 10^-16, far below the chance of a memory error on the machine. The keys
//! are random per run, so no file can be crafted to collide.
//!
//! Stored records' keys stay as text (`plan::Keys`): they are read from the
//! database and compared exactly.

use crate::error::Result;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher, RandomState};

/// What a key is; part of its fingerprint, so an e-mail and a name with the
/// same text are two keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    External,
    Email,
    Phone,
    Name,
}

/// 96 bits of a key: the first value's 64 and 32 of the second's. Three
/// words rather than a `u128`, so a slot with its row is 16 bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Print([u32; 3]);

impl Hash for Print {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Already a hash: the table uses its first 64 bits as they are.
        state.write_u64(u64::from(self.0[0]) << 32 | u64::from(self.0[1]));
    }
}

/// Passes a [`Print`]'s bits through: hashing them again would only cost.
#[derive(Default)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is called (see `Print::hash`); anything else is
        // folded in so the hasher stays correct if that ever changes.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The keys of the rows planned so far: fingerprint → the row's index.
pub(super) struct RowKeyPrints {
    rows: HashMap<Print, u32, BuildHasherDefault<AsIs>>,
    first: RandomState,
    second: RandomState,
}

impl RowKeyPrints {
    pub(super) fn new() -> RowKeyPrints {
        RowKeyPrints {
            rows: HashMap::default(),
            first: RandomState::new(),
            second: RandomState::new(),
        }
    }

    /// Room for `keys` keys, so a big import does not rehash the table
    /// (which briefly holds it twice) again and again.
    pub(super) fn reserve(&mut self, keys: usize) {
        self.rows.reserve(keys);
    }

    fn print(&self, kind: Kind, key: &str) -> Print {
        let a = self.first.hash_one((kind, key));
        let b = self.second.hash_one((kind, key));
        // Keeping the high and low halves of `a` and the low half of `b`.
        Print([(a >> 32) as u32, a as u32, b as u32])
    }

    /// The row that first had this key, if any.
    pub(super) fn get(&self, kind: Kind, key: &str) -> Option<usize> {
        self.rows
            .get(&self.print(kind, key))
            .map(|row| *row as usize)
    }

    /// Remembers `key` of row `row`, unless an earlier row has it.
    pub(super) fn remember(&mut self, kind: Kind, key: &str, row: usize) -> Result<()> {
        let row = u32::try_from(row).map_err(|_| {
            crate::Error::invalid(
                "more than 4,294,967,295 rows in one import; split the file and import the parts one after another",
            )
        })?;
        let print = self.print(kind, key);
        self.rows.entry(print).or_insert(row);
        Ok(())
    }

    /// Keys remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.rows.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_row_with_a_key_is_the_one_found() {
        let mut prints = RowKeyPrints::new();
        prints.remember(Kind::Email, "sara@example.com", 3).unwrap();
        prints.remember(Kind::Email, "sara@example.com", 9).unwrap();
        assert_eq!(prints.get(Kind::Email, "sara@example.com"), Some(3));
        assert_eq!(prints.get(Kind::Email, "ali@example.com"), None);
        assert_eq!(prints.len(), 1);
    }

    #[test]
    fn the_same_text_of_two_kinds_is_two_keys() {
        let mut prints = RowKeyPrints::new();
        prints.remember(Kind::Name, "سارا", 1).unwrap();
        assert_eq!(prints.get(Kind::Name, "سارا"), Some(1));
        assert_eq!(prints.get(Kind::External, "سارا"), None);
        prints.remember(Kind::External, "سارا", 2).unwrap();
        assert_eq!(prints.get(Kind::External, "سارا"), Some(2));
        assert_eq!(prints.get(Kind::Name, "سارا"), Some(1));
    }

    #[test]
    fn distinct_keys_stay_distinct() {
        // A collision among them would make one row a false duplicate.
        let mut prints = RowKeyPrints::new();
        prints.reserve(200_000);
        for i in 0..200_000usize {
            prints
                .remember(Kind::Email, &format!("p{i}@example.com"), i)
                .unwrap();
        }
        assert_eq!(prints.len(), 200_000);
        assert_eq!(
            prints.get(Kind::Email, "p199999@example.com"),
            Some(199_999)
        );
    }

    #[test]
    fn a_row_past_what_the_table_can_number_is_refused() {
        let mut prints = RowKeyPrints::new();
        let err = prints
            .remember(Kind::Email, "x@example.com", u32::MAX as usize + 1)
            .unwrap_err();
        assert!(err.to_string().contains("split the file"), "{err}");
    }
}
