//! The build's term ids by 64-bit hash key, checked against the strings as they come.

use crate::retrieval::prefetch::read_ahead;

/// A build's term ids by key (`hash & mask`), checked against the strings as they are
/// given.
pub(crate) struct BuildKeys {
    pub(crate) ids: KeyTable,
    pub(crate) mask: u64,
    /// Two different terms met under one key.
    pub(crate) collided: bool,
}

/// Bytes of a term kept in its [`KeySlot`].
pub(crate) const HEAD: usize = 16;

/// A [`KeyTable`] slot: a key, its id + 1 (0: empty) and its term's length and first
/// [`HEAD`] bytes, so that checking a term against its key's usually needs no other
/// memory (32 bytes, aligned: one cache line).
#[derive(Clone, Copy, Default)]
#[repr(align(32))]
pub(crate) struct KeySlot {
    pub(crate) key: u64,
    pub(crate) id1: u32,
    pub(crate) len: u32,
    pub(crate) head: [u8; HEAD],
}

impl KeySlot {
    pub(crate) fn new(key: u64, id1: u32, t: &str) -> KeySlot {
        let mut head = [0u8; HEAD];
        for (h, &b) in head.iter_mut().zip(t.as_bytes()) {
            *h = b;
        }
        KeySlot {
            key,
            id1,
            len: u32::try_from(t.len()).unwrap_or(u32::MAX),
            head,
        }
    }

    pub(crate) fn id(&self) -> u32 {
        self.id1.wrapping_sub(1)
    }

    /// Whether the slot's term is `t`: `None` when only the whole strings can tell
    /// (both longer than [`HEAD`] bytes, with the same length and head).
    pub(crate) fn holds(&self, t: &str) -> Option<bool> {
        let b = t.as_bytes();
        if u32::try_from(b.len()).ok() != Some(self.len) {
            return Some(false);
        }
        let n = b.len().min(HEAD);
        if b.get(..n) != self.head.get(..n) {
            return Some(false);
        }
        (b.len() <= HEAD).then_some(true)
    }
}

/// Key → id for a build ([`BuildKeys`]): open addressing with linear probing over
/// [`KeySlot`]s, load at most 1/2: a lookup reads one slot, usually one cache line.
// Hand-written: its home slots are read ahead ([`KeyTable::touch`]) and its slots hold
// the terms' heads, which hashbrown's table has no way to do (bench: `related_build`;
// the instruction-count A/B cannot see cache misses, a quiet timing run is pending).
#[derive(Default)]
pub(crate) struct KeyTable {
    pub(crate) slots: Vec<KeySlot>,
    pub(crate) len: usize,
}

impl KeyTable {
    /// A table that takes `n` keys without growing.
    pub(crate) fn with_capacity(n: usize) -> KeyTable {
        let mut cap = 1024;
        while cap < n.saturating_mul(2) {
            cap *= 2;
        }
        KeyTable {
            slots: vec![KeySlot::default(); cap],
            len: 0,
        }
    }

    pub(crate) fn home(key: u64, bits: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// The slot of `key`, if it has one.
    pub(crate) fn get(&self, key: u64) -> Option<&KeySlot> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = Self::home(key, mask.count_ones());
        loop {
            match self.slots.get(i) {
                Some(slot) if slot.id1 == 0 => return None,
                Some(slot) if slot.key == key => return Some(slot),
                Some(_) => i = (i + 1) & mask,
                None => return None,
            }
        }
    }

    /// Reads the home slot of each key ahead of [`KeyTable::get`]s ([`read_ahead`]).
    pub(crate) fn touch(&self, keys: impl Iterator<Item = u64>) {
        let Some(mask) = self.slots.len().checked_sub(1) else {
            return;
        };
        let bits = mask.count_ones();
        read_ahead(keys.map(|key| self.slots.get(Self::home(key, bits)).map_or(0, |s| s.id1)));
    }

    /// The slot of `key`, or `None` after giving it `next` for term `t`.
    pub(crate) fn get_or_insert(&mut self, key: u64, next: u32, t: &str) -> Option<KeySlot> {
        if (self.len + 1) * 2 > self.slots.len() {
            let cap = (self.slots.len() * 2).max(1024);
            let old = std::mem::replace(&mut self.slots, vec![KeySlot::default(); cap]);
            for slot in old.into_iter().filter(|s| s.id1 != 0) {
                self.put(slot);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = Self::home(key, mask.count_ones());
        loop {
            match self.slots.get_mut(i) {
                Some(slot) if slot.id1 == 0 => {
                    *slot = KeySlot::new(key, next.wrapping_add(1), t);
                    self.len += 1;
                    return None;
                }
                Some(slot) if slot.key == key => return Some(*slot),
                Some(_) => i = (i + 1) & mask,
                None => return None,
            }
        }
    }

    pub(crate) fn put(&mut self, new: KeySlot) {
        let mask = self.slots.len() - 1;
        let mut i = Self::home(new.key, mask.count_ones());
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.id1 == 0 {
                *slot = new;
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
    fn key_slots_tell_terms_apart_by_their_heads_or_not_at_all() {
        let short = KeySlot::new(7, 1, "thi_đua");
        assert_eq!(short.holds("thi_đua"), Some(true));
        assert_eq!(short.holds("thi_đuA"), Some(false));
        assert_eq!(short.holds("thi_đu"), Some(false));
        assert_eq!(short.holds(""), Some(false));
        let long = "a".repeat(HEAD) + "bc";
        let slot = KeySlot::new(7, 1, &long);
        assert_eq!(slot.holds(&long), None);
        assert_eq!(slot.holds(&("a".repeat(HEAD) + "xy")), None);
        assert_eq!(slot.holds(&("b".repeat(HEAD) + "bc")), Some(false));
        assert_eq!(slot.holds(&("a".repeat(HEAD) + "b")), Some(false));
        let exact = KeySlot::new(7, 1, &"a".repeat(HEAD));
        assert_eq!(exact.holds(&"a".repeat(HEAD)), Some(true));
    }
}
