//! The longest posting lists also as bitsets over the slots, with a rank directory: which
//! documents hold the term is one bit test, and where a document's posting sits in the
//! list is one popcount. The ranking pass uses them once it has stopped taking new
//! documents: the documents it still scores look their postings up instead of walking
//! the whole list, and the documents it only counts are the list's bits OR-ed in 64 at a
//! time (`search_eval --baomoi --per-kind 100 --only-tintuc --repeat 3 --min-of`, same-run
//! A/B).

/// A list gets a set when it holds at least one slot in this many (its bitset is then at
/// most an eighth of its postings' bytes, its rank directory a sixteenth)...
const MIN_SHARE: usize = 32;
/// ...and at least this many postings.
const MIN_LEN: usize = 1024;

#[cfg(test)]
thread_local! {
    /// Replaces [`MIN_LEN`] for this thread's builds (tests of small indexes that must
    /// take the bitset paths).
    pub(crate) static MIN_LEN_FOR_TESTS: std::cell::Cell<Option<usize>> =
        const { std::cell::Cell::new(None) };
}

/// Whether a list of `len` postings over `slots` slots gets a set.
pub(crate) fn wanted(len: usize, slots: usize) -> bool {
    #[cfg(test)]
    let min_len = MIN_LEN_FOR_TESTS
        .with(std::cell::Cell::get)
        .unwrap_or(MIN_LEN);
    #[cfg(not(test))]
    let min_len = MIN_LEN;
    len >= min_len && len.saturating_mul(MIN_SHARE) >= slots
}

/// The slots of one posting list as bits, and before each 64-bit word the number of
/// slots in the words before it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Dense {
    bits: Vec<u64>,
    ranks: Vec<u32>,
}

impl Dense {
    /// The set of a posting list's slots, given in increasing order (as every list is
    /// ordered by slot).
    pub(crate) fn of(slots: impl Iterator<Item = u32>) -> Dense {
        let mut bits: Vec<u64> = Vec::new();
        for d in slots {
            let i = (d >> 6) as usize;
            if bits.len() <= i {
                bits.resize(i + 1, 0);
            }
            if let Some(w) = bits.get_mut(i) {
                *w |= 1u64 << (d & 63);
            }
        }
        let words = bits.len();
        let mut ranks = Vec::with_capacity(words);
        let mut before = 0u32;
        for w in &bits {
            ranks.push(before);
            before = before.saturating_add(w.count_ones());
        }
        Dense { bits, ranks }
    }

    /// The bit words (a slot past them is not in the set).
    pub(crate) fn words(&self) -> &[u64] {
        &self.bits
    }

    /// Where slot `d`'s posting sits in the list, if the list holds `d`.
    #[inline]
    pub(crate) fn position(&self, d: u32) -> Option<usize> {
        let i = (d >> 6) as usize;
        let w = *self.bits.get(i)?;
        let bit = 1u64 << (d & 63);
        if w & bit == 0 {
            return None;
        }
        let before = *self.ranks.get(i)? as usize;
        Some(before + (w & (bit - 1)).count_ones() as usize)
    }

    /// Adds slot `d`, past every slot in the set (a new document's slot).
    pub(crate) fn push(&mut self, d: u32) {
        let i = (d >> 6) as usize;
        let total = self.len() as u32;
        while self.bits.len() <= i {
            self.bits.push(0);
            // every slot so far lies in the words before
            self.ranks.push(total);
        }
        if let Some(w) = self.bits.get_mut(i) {
            *w |= 1u64 << (d & 63);
        }
    }

    /// Removes slot `d` (a removed document's).
    pub(crate) fn remove(&mut self, d: u32) {
        let i = (d >> 6) as usize;
        let Some(w) = self.bits.get_mut(i) else {
            return;
        };
        let bit = 1u64 << (d & 63);
        if *w & bit == 0 {
            return;
        }
        *w &= !bit;
        for r in self.ranks.iter_mut().skip(i + 1) {
            *r = r.saturating_sub(1);
        }
    }

    /// Slots in the set.
    pub(crate) fn len(&self) -> usize {
        match (self.ranks.last(), self.bits.last()) {
            (Some(&r), Some(w)) => r as usize + w.count_ones() as usize,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every slot's position agrees with a search of the list, through pushes and
    /// removals.
    #[test]
    fn positions_follow_the_list_through_edits() {
        let mut slots: Vec<u32> = (0..3000u32).filter(|s| s % 7 == 0 || s % 11 == 3).collect();
        let mut d = Dense::of(slots.iter().copied());
        let check = |d: &Dense, slots: &[u32]| {
            assert_eq!(d.len(), slots.len());
            for s in 0..3300u32 {
                assert_eq!(d.position(s), slots.binary_search(&s).ok(), "slot {s}");
            }
        };
        check(&d, &slots);
        for s in [3001u32, 3064, 3065, 3200] {
            d.push(s);
            slots.push(s);
            check(&d, &slots);
        }
        for s in [0u32, 63, 64, 1400, 3064, 5] {
            d.remove(s);
            slots.retain(|&x| x != s);
            check(&d, &slots);
        }
        assert_eq!(d, Dense::of(slots.iter().copied()).with_words_of(&d));
        assert_eq!(Dense::of(std::iter::empty()).len(), 0);
        assert_eq!(Dense::of(std::iter::empty()).position(0), None);
    }

    impl Dense {
        /// The same set padded to `other`'s number of words (a removal keeps its words).
        fn with_words_of(mut self, other: &Dense) -> Dense {
            let total = self.len() as u32;
            while self.bits.len() < other.bits.len() {
                self.bits.push(0);
                self.ranks.push(total);
            }
            self
        }
    }

    #[test]
    fn only_long_lists_of_a_large_share_get_a_set() {
        assert!(!wanted(1023, 2000));
        assert!(wanted(1024, 32 * 1024));
        assert!(!wanted(1024, 32 * 1024 + 1));
    }
}
