//! Hash → id lookup for the term strings (and the article ids), on
//! [`hashbrown::HashTable`]: the table stores only the 4-byte ids; the strings stay in
//! the index, and a lookup compares them only where a 7-bit tag of the hash matches.

use hashbrown::HashTable;

use super::keys::KeyTable;

/// Ids by the hash of their string (`fnv1a`); the caller's `is(id)` tells whether an
/// id's string is the one looked up, and `hash_of(id)` re-hashes it when the table grows.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermTable {
    ids: HashTable<u32>,
}

impl TermTable {
    /// The table of a keyed build's terms ([`KeyTable`] keys are the terms' full
    /// hashes), sized for them.
    pub(crate) fn from_keys(keys: &KeyTable, hash_of: impl Fn(u32) -> u64) -> TermTable {
        let mut ids = HashTable::with_capacity(keys.len);
        for slot in keys.slots.iter().filter(|s| s.id1 != 0) {
            ids.insert_unique(slot.key, slot.id(), |&id| hash_of(id));
        }
        TermTable { ids }
    }

    /// The id with hash `h` for which `is(id)` holds.
    pub(crate) fn find(&self, h: u64, is: impl Fn(u32) -> bool) -> Option<u32> {
        self.ids.find(h, |&id| is(id)).copied()
    }

    /// Adds an id that is not present yet.
    pub(crate) fn insert(&mut self, h: u64, id: u32, hash_of: impl Fn(u32) -> u64) {
        self.ids.insert_unique(h, id, |&id| hash_of(id));
    }

    /// Removes the id with hash `h` for which `is(id)` holds.
    pub(crate) fn remove(&mut self, h: u64, is: impl Fn(u32) -> bool) -> Option<u32> {
        let entry = self.ids.find_entry(h, |&id| is(id)).ok()?;
        Some(entry.remove().0)
    }

    /// The number of ids.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Heap bytes (an id and a control byte per bucket; at most 7/8 of the buckets
    /// are used).
    pub(crate) fn memory_bytes(&self) -> usize {
        self.ids.capacity().div_ceil(7) * 8 * (std::mem::size_of::<u32>() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_removal_keeps_every_other_entry_findable() {
        // keys with colliding hashes stress the probing and the removal
        let hash = |k: u32| u64::from(k % 7) << 32 | u64::from(k % 5);
        let mut table = TermTable::default();
        let mut live: std::collections::BTreeSet<u32> = Default::default();
        let mut x = 12345u32;
        for step in 0..20_000u32 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let k = (x >> 8) % 500;
            if live.contains(&k) {
                assert_eq!(table.remove(hash(k), |id| id == k), Some(k));
                live.remove(&k);
            } else {
                table.insert(hash(k), k, hash);
                live.insert(k);
            }
            if step % 997 == 0 {
                for k in 0..500 {
                    let want = live.contains(&k).then_some(k);
                    assert_eq!(table.find(hash(k), |id| id == k), want, "key {k}");
                }
            }
        }
        assert_eq!(table.len(), live.len());
    }
}
