//! The table behind [`super::index::Index`]: record ids to record positions.
//!
//! A general hash map of `&str` reads three places per lookup: its control
//! bytes, its bucket, and the key's text inside the record, each a cache miss
//! once a million records no longer fit in the cache. Resolving references
//! is a lookup per reference, so this table keeps each id's hash, position
//! and (for ids up to [`INLINE`] bytes, nearly all of them) its text in one
//! 32-byte slot: a lookup reads one slot, usually one cache line. Longer ids
//! are compared with the record's own id.

use std::hash::BuildHasher;

use crate::model::Record;

/// The longest id kept in its slot.
const INLINE: usize = 19;

/// One slot: empty when `hash` is 0 (hashes are made odd, so never 0).
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    hash: u64,
    at: u32,
    len: u8,
    text: [u8; INLINE],
}

/// Ids to positions, with linear probing in a table at most half full.
#[derive(Debug)]
pub struct IdTable {
    slots: Box<[Slot]>,
    mask: usize,
    len: usize,
}

impl IdTable {
    /// A table for up to `ids` ids without growing.
    pub fn with_capacity(ids: usize) -> Self {
        let size = (ids.max(8) * 2).next_power_of_two();
        Self {
            slots: vec![Slot::default(); size].into_boxed_slice(),
            mask: size - 1,
            len: 0,
        }
    }

    /// The position stored for `id`, if any. `records` are the records the
    /// positions point into (for ids too long to be kept in a slot).
    pub fn get(&self, id: &str, records: &[Record]) -> Option<u32> {
        let hash = hash_of(id);
        let mut i = start(hash, self.mask);
        loop {
            let slot = &self.slots[i];
            if slot.hash == 0 {
                return None;
            }
            if slot.hash == hash && holds(slot, id, records) {
                return Some(slot.at);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Reads the first slot of each id, so that lookups of them that follow
    /// find their slots in the cache. Lookups one after another each wait
    /// for memory; these reads do not depend on one another, so the
    /// processor overlaps them.
    pub fn warm<'i>(&self, ids: impl Iterator<Item = &'i str>) {
        let mut seen = 0u64;
        for id in ids {
            seen ^= self.slots[start(hash_of(id), self.mask)].hash;
        }
        std::hint::black_box(seen);
    }

    /// Stores `at` for `id` and gives `None`, or, when `id` is there
    /// already, leaves it and gives its position to update.
    pub fn insert(&mut self, id: &str, at: u32, records: &[Record]) -> Option<&mut u32> {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let hash = hash_of(id);
        let mut i = start(hash, self.mask);
        loop {
            let slot = &self.slots[i];
            if slot.hash == 0 {
                self.slots[i] = new_slot(hash, id, at);
                self.len += 1;
                return None;
            }
            if slot.hash == hash && holds(slot, id, records) {
                return Some(&mut self.slots[i].at);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Doubles the table, keeping every slot.
    fn grow(&mut self) {
        let mut bigger = Self::with_capacity(self.slots.len());
        for slot in self.slots.iter().filter(|s| s.hash != 0) {
            let mut i = start(slot.hash, bigger.mask);
            while bigger.slots[i].hash != 0 {
                i = (i + 1) & bigger.mask;
            }
            bigger.slots[i] = *slot;
        }
        bigger.len = self.len;
        *self = bigger;
    }

    /// Every stored position, in no particular order.
    pub fn positions(&self) -> impl Iterator<Item = u32> + '_ {
        self.slots.iter().filter(|s| s.hash != 0).map(|s| s.at)
    }
}

fn hash_of(id: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(id) | 1
}

fn start(hash: u64, mask: usize) -> usize {
    // The high bits are the best mixed; the mask keeps what fits.
    #[allow(clippy::cast_possible_truncation)]
    let folded = ((hash >> 32) ^ hash) as usize;
    folded & mask
}

fn new_slot(hash: u64, id: &str, at: u32) -> Slot {
    let mut slot = Slot {
        hash,
        at,
        len: u8::try_from(id.len()).unwrap_or(u8::MAX),
        text: [0; INLINE],
    };
    let kept = id.len().min(INLINE);
    slot.text[..kept].copy_from_slice(&id.as_bytes()[..kept]);
    slot
}

/// Whether the slot (whose hash matched) is `id`'s.
fn holds(slot: &Slot, id: &str, records: &[Record]) -> bool {
    if id.len() <= INLINE {
        usize::from(slot.len) == id.len() && &slot.text[..id.len()] == id.as_bytes()
    } else {
        records
            .get((slot.at & !super::index::REPEATED) as usize)
            .and_then(Record::id)
            == Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_stored_and_nothing_else() {
        let mut table = IdTable::with_capacity(1);
        let ids: Vec<(u32, String)> = (0..1000).map(|n| (n, format!("p-{n}"))).collect();
        for (n, id) in &ids {
            assert!(table.insert(id, *n, &[]).is_none());
        }
        for (n, id) in &ids {
            assert_eq!(table.get(id, &[]), Some(*n));
        }
        assert_eq!(table.get("p-1000", &[]), None);
        assert_eq!(table.get("", &[]), None);
        assert_eq!(table.positions().count(), 1000);
    }

    #[test]
    fn a_second_insert_gives_the_first_position() {
        let mut table = IdTable::with_capacity(4);
        assert!(table.insert("a", 1, &[]).is_none());
        let earlier = table.insert("a", 2, &[]).map(|at| *at);
        assert_eq!(earlier, Some(1));
    }
}
