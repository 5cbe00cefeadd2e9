//! Hash → id lookup for the term strings (and the article ids).

use super::keys::KeyTable;

/// Term string → term id (and article id → slot): open addressing with linear probing over 8-byte slots
/// (`hash fragment << 32 | id + 1`, 0 = empty), load at most 3/4. A quarter of the
/// memory of a `HashMap<u64, u32>`; the term strings themselves stay in `term_text`, and
/// a probe compares a 32-bit fragment of the hash before the string.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermTable {
    pub(crate) slots: Vec<u64>,
    pub(crate) len: usize,
}

impl TermTable {
    /// The table of a keyed build's terms ([`KeyTable`] keys are the terms' full hashes),
    /// sized as inserting them one by one would have grown it.
    pub(crate) fn from_keys(keys: &KeyTable) -> TermTable {
        let n = keys.len;
        if n == 0 {
            return TermTable::default();
        }
        let mut cap = 16;
        while n * 4 > cap * 3 {
            cap *= 2;
        }
        let mut table = TermTable {
            slots: vec![0; cap],
            len: 0,
        };
        for slot in keys.slots.iter().filter(|s| s.id1 != 0) {
            table.put(slot.key, slot.id());
        }
        table
    }

    pub(crate) fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }
    /// Home position from the stored fragment alone, so that entries can be moved back
    /// when one is removed.
    pub(crate) fn home(h: u64, mask: usize) -> usize {
        ((h >> 32).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
    }
    pub(crate) fn fragment(h: u64) -> u64 {
        h & 0xFFFF_FFFF_0000_0000
    }
    /// The id of the term with hash `h` for which `is(id)` holds.
    pub(crate) fn find(&self, h: u64, is: impl Fn(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.mask();
        let mut i = Self::home(h, mask);
        loop {
            let s = *self.slots.get(i)?;
            if s == 0 {
                return None;
            }
            if s & 0xFFFF_FFFF_0000_0000 == Self::fragment(h) {
                let id = (s as u32).wrapping_sub(1);
                if is(id) {
                    return Some(id);
                }
            }
            i = (i + 1) & mask;
        }
    }
    /// Adds a new term (not already present); `hash_of(id)` re-hashes stored terms when
    /// the table grows.
    pub(crate) fn insert(&mut self, h: u64, id: u32, hash_of: impl Fn(u32) -> u64) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let cap = (self.slots.len() * 2).max(16);
            let old = std::mem::replace(&mut self.slots, vec![0; cap]);
            self.len = 0;
            for s in old.into_iter().filter(|&s| s != 0) {
                let id = (s as u32).wrapping_sub(1);
                self.put(hash_of(id), id);
            }
        }
        self.put(h, id);
    }
    /// Removes the entry with hash `h` for which `is(id)` holds (backward-shift deletion:
    /// no tombstones, later entries of the probe run move back).
    pub(crate) fn remove(&mut self, h: u64, is: impl Fn(u32) -> bool) -> Option<u32> {
        let id = self.find(h, &is)?;
        let mask = self.mask();
        let mut i = Self::home(h, mask);
        while self.slots.get(i).is_some_and(|&s| {
            s & 0xFFFF_FFFF_0000_0000 != Self::fragment(h) || (s as u32).wrapping_sub(1) != id
        }) {
            i = (i + 1) & mask;
        }
        let mut hole = i;
        let mut j = i;
        loop {
            j = (j + 1) & mask;
            let s = self.slots.get(j).copied().unwrap_or(0);
            if s == 0 {
                break;
            }
            let home = Self::home(s, mask);
            // the entry at j may fill the hole if the hole lies on its probe path
            if (j.wrapping_sub(home) & mask) >= (j.wrapping_sub(hole) & mask) {
                if let Some(x) = self.slots.get_mut(hole) {
                    *x = s;
                }
                hole = j;
            }
        }
        if let Some(x) = self.slots.get_mut(hole) {
            *x = 0;
        }
        self.len -= 1;
        Some(id)
    }
    pub(crate) fn put(&mut self, h: u64, id: u32) {
        let mask = self.mask();
        let mut i = Self::home(h, mask);
        while let Some(s) = self.slots.get_mut(i) {
            if *s == 0 {
                *s = Self::fragment(h) | u64::from(id.wrapping_add(1));
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_removal_keeps_every_other_entry_findable() {
        // keys with colliding hash fragments and home positions stress the backward shift
        let hash = |k: u32| u64::from(k % 7) << 32 | u64::from(k);
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
        assert_eq!(table.len, live.len());
    }
}
