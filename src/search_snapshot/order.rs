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
        Some(std::str::from_utf8(bytes).map_or("", names::name_of))
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

    /// Takes record `key`, at slot `at` if it has one, out of the order
    /// until [`Snapshot::place_unplaced`] puts it back where its new text
    /// belongs.
    pub(super) fn unplace(&mut self, key: (u8, i64), at: Option<usize>) {
        if let Some(at) = at.and_then(|at| u32::try_from(at).ok())
            && let Some(pos) = self.by_name.iter().position(|n| *n == at)
        {
            self.by_name.remove(pos);
        }
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

    /// Puts every record taken out of the order back at its place (once
    /// the slots are in scan order, so that ties fall in record order); a
    /// record that is gone stays out.
    pub(super) fn place_unplaced(&mut self) {
        let mut keys = std::mem::take(&mut self.unplaced);
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            let Ok(at) = self
                .slots
                .binary_search_by_key(&key, |s| order_key(s.entity, s.id))
            else {
                continue;
            };
            let (Some(name), Ok(number)) = (self.name_at(at), u32::try_from(at)) else {
                continue;
            };
            let pos = self.by_name.partition_point(|&n| {
                let other = self.name_at(n as usize).unwrap_or_default();
                names::compare(other, n, name, number) == Ordering::Less
            });
            self.by_name.insert(pos, number);
        }
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
