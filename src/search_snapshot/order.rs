//! The snapshot's name order: its records' numbers sorted by name
//! ([`crate::search::names`]), stored in the file after the texts. The
//! interface's index answers a one-letter query from that order; sorting a
//! million names each time the interface started was half of its index's
//! load. The order is made once when a snapshot is built, and kept up to
//! date when one is refreshed: a changed record is taken out and put back
//! at its place, the others keep theirs.

use super::{Snapshot, order_key};
use crate::search::names;
use std::cmp::Ordering;

/// Bytes per record in the stored order.
pub(super) const ENTRY_BYTES: usize = 4;

/// The stored order of a file of `count` records; `None` unless it holds
/// each record exactly once.
pub(super) fn decode(bytes: &[u8], count: usize) -> Option<Vec<u32>> {
    let order: Vec<u32> = bytes
        .chunks_exact(ENTRY_BYTES)
        .filter_map(|b| Some(u32::from_le_bytes(b.try_into().ok()?)))
        .collect();
    names::is_permutation(&order, count).then_some(order)
}

impl Snapshot {
    /// Slot `at`'s name; `None` once the record is gone. A text that is not
    /// UTF-8 (left out of searches) sorts as an empty name, so that the
    /// order still has a place for every live record.
    pub(super) fn name_at(&self, at: usize) -> Option<&str> {
        let bytes = self.bytes(self.slots.get(at)?)?;
        Some(std::str::from_utf8(bytes).map_or("", crate::store::scan::name_field))
    }

    /// Every live slot in name order, sorted from scratch.
    pub(super) fn order_afresh(&self) -> Vec<u32> {
        let live: Vec<(u32, &str)> = (0..self.slots.len())
            .filter_map(|at| Some((u32::try_from(at).ok()?, self.name_at(at)?)))
            .collect();
        names::order(live.iter().map(|(_, name)| *name))
            .into_iter()
            .filter_map(|i| live.get(i as usize).map(|(at, _)| *at))
            .collect()
    }

    /// Notes that record `key`'s text changed (or that it is new, or gone):
    /// [`Snapshot::place_unplaced`] moves it to where it now belongs.
    pub(super) fn unplace(&mut self, key: (u8, i64)) {
        self.unplaced.push(key);
    }

    /// Renumbers the order after the slots moved: slot `i` is now at
    /// `now_at[i]`. The slots kept their relative order (a stable sort), so
    /// the order stays sorted.
    pub(super) fn renumber_order(&mut self, now_at: &[u32]) {
        for i in &mut self.by_name {
            *i = now_at.get(*i as usize).copied().unwrap_or(*i);
        }
    }

    /// Moves every record noted by [`Snapshot::unplace`] to its place, once
    /// the slots are in scan order (so that ties fall in record order): they
    /// are taken out in one pass, sorted among themselves, and merged back
    /// in one copy of the order; a record that is gone stays out. A refresh
    /// of many records costs one pass over a million places, not one each.
    pub(super) fn place_unplaced(&mut self) {
        let mut keys = std::mem::take(&mut self.unplaced);
        keys.sort_unstable();
        keys.dedup();
        let mut taken: Vec<u32> = keys
            .iter()
            .filter_map(|key| {
                let at = self
                    .slots
                    .binary_search_by_key(key, |s| order_key(s.entity, s.id))
                    .ok()?;
                u32::try_from(at).ok()
            })
            .collect();
        if taken.is_empty() {
            return;
        }
        taken.sort_unstable();
        self.by_name.retain(|i| taken.binary_search(i).is_err());
        let name = |at: u32| self.name_at(at as usize).unwrap_or_default();
        let before = |a: u32, b: u32| names::compare(name(a), a, name(b), b) == Ordering::Less;
        let mut placed: Vec<u32> = taken
            .into_iter()
            .filter(|at| self.name_at(*at as usize).is_some())
            .collect();
        placed.sort_by(|a, b| names::compare(name(*a), *a, name(*b), *b));
        let mut merged = Vec::with_capacity(self.by_name.len() + placed.len());
        let mut from = 0;
        for at in placed {
            let rest = self.by_name.get(from..).unwrap_or_default();
            let to = from + rest.partition_point(|n| before(*n, at));
            merged.extend_from_slice(self.by_name.get(from..to).unwrap_or_default());
            merged.push(at);
            from = to;
        }
        merged.extend_from_slice(self.by_name.get(from..).unwrap_or_default());
        self.by_name = merged;
    }

    /// The order numbered by live records (slots with a text, counted in
    /// slot order), as the file and the interface's index number them.
    pub(super) fn live_order(&self) -> Vec<u32> {
        let mut number = Vec::with_capacity(self.slots.len());
        let mut live = 0u32;
        for slot in &self.slots {
            number.push(slot.span.map(|_| live));
            if slot.span.is_some() {
                live += 1;
            }
        }
        let order: Vec<u32> = self
            .by_name
            .iter()
            .filter_map(|i| number.get(*i as usize).copied().flatten())
            .collect();
        if names::is_permutation(&order, live as usize) {
            return order;
        }
        // Not one place per live record: a fault of ours. Sort afresh rather
        // than store an order that would be refused when read.
        let fresh = self.order_afresh();
        fresh
            .iter()
            .filter_map(|i| number.get(*i as usize).copied().flatten())
            .collect()
    }
}
