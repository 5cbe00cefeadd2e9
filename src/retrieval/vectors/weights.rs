//! The query side of a dot product: a small term → weight table read without branches
//! on whether a candidate's term matches.

#[cfg(test)]
use super::codec::for_each_encoded;
use super::codec::GAP_ESCAPE;
use crate::retrieval::{TermId, TermWeight};

/// An empty [`TermWeights`] slot: no term has this id, and its weight adds nothing.
const EMPTY: TermWeight = TermWeight {
    term: TermId::MAX,
    weight: 0.0,
};

/// A query side's term → weight table for the rerank's dot products: open addressing
/// (linear probing) sized to at most a quarter full, small enough to stay in L1 (9 KiB
/// for 240 terms). A term that is in the table sits in its home slot unless that slot's
/// `spill` flag is set, so most lookups are one load of a (key, weight) pair and a mask,
/// with no branch that depends on whether the term matches (the bloom filter test and
/// forward scan of [`dot_bloom`] mispredict on many of the ~30,000 entries a query reads).
// Hand-written rather than a hashbrown table: the branch-free lookup is the rerank's
// inner loop (bench: `related_top10` in peers/benches/related.rs).
pub(crate) struct TermWeights {
    /// A term and its weight; [`EMPTY`] when empty.
    pub(crate) slots: Vec<TermWeight>,
    /// Some term whose home is this slot sits further on, within `max_probe` slots.
    pub(crate) spill: Vec<bool>,
    pub(crate) shift: u32,
    /// The longest distance of a term from its home slot.
    pub(crate) max_probe: usize,
}

/// Tables a thread's dropped [`TermWeights`] leave for its next ones (at most this many).
const POOLED: usize = 4;

thread_local! {
    /// Slot and spill arrays of dropped tables: a query builds two tables of several
    /// KiB, and after a large index build each fresh allocation of that size costs the
    /// system allocator a pass over its free lists (bench `related_top10`).
    static POOL: std::cell::RefCell<Vec<(Vec<TermWeight>, Vec<bool>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl TermWeights {
    pub(crate) fn new(q: &[TermWeight]) -> Self {
        let bits = (q.len().max(16) * 4).next_power_of_two().trailing_zeros();
        let size = 1usize << bits;
        // (`try_with`: a table may be built or dropped while the thread's locals go away)
        let (mut slots, mut spill) = POOL
            .try_with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.pop()))
            .ok()
            .flatten()
            .unwrap_or_default();
        slots.clear();
        slots.resize(size, EMPTY);
        spill.clear();
        spill.resize(size, false);
        let mut t = TermWeights {
            slots,
            spill,
            shift: 32 - bits,
            max_probe: 0,
        };
        let mask = size - 1;
        for &x in q {
            let home = t.home(x.term);
            let mut i = home;
            // an empty slot holds the id no term has
            while t.slots.get(i).is_some_and(|s| s.term != EMPTY.term) {
                i = (i + 1) & mask;
            }
            if i != home {
                if let Some(f) = t.spill.get_mut(home) {
                    *f = true;
                }
                t.max_probe = t.max_probe.max(i.wrapping_sub(home) & mask);
            }
            if let Some(slot) = t.slots.get_mut(i) {
                *slot = x;
            }
        }
        t
    }

    pub(crate) fn home(&self, term: u32) -> usize {
        (term.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    /// The weight of `term`, 0 when absent.
    pub(crate) fn get(&self, term: u32) -> f32 {
        let h = self.home(term);
        if self.spill.get(h).copied().unwrap_or(true) {
            return self.get_spilled(term, h);
        }
        let TermWeight { term: k, weight: w } = self.slots.get(h).copied().unwrap_or(EMPTY);
        // `w` when the key matches, else +0.0, by a mask: whether a candidate's term is
        // the query's is unpredictable, and a branch on it mispredicted often
        f32::from_bits(w.to_bits() & 0u32.wrapping_sub(u32::from(k == term)))
    }

    /// A spilled home slot: sum over the probe window `h ..= h + max_probe` (every term
    /// sits within it; empty slots weigh 0, a term occurs once, so the sum is its weight
    /// exactly). A loop, not a call: a call would send the caller's sum to the stack.
    pub(crate) fn get_spilled(&self, term: u32, h: usize) -> f32 {
        let mask = self.slots.len().wrapping_sub(1);
        let mut w = 0.0f32;
        for i in 0..=self.max_probe {
            let j = h.wrapping_add(i) & mask;
            if let Some(&TermWeight { term: k, weight: x }) = self.slots.get(j) {
                if k == term {
                    w += x;
                }
            }
        }
        w
    }

    /// Dot product with a compressed vector: the same sum, in the same order, as
    /// [`dot_bloom`] (an absent term adds `0.0`).
    pub(crate) fn dot(&self, bytes: &[u8], scale: f32) -> f32 {
        self.dot_count(bytes, scale).0
    }

    /// [`TermWeights::dot`] and the number of terms in `bytes`. The products go to a
    /// small buffer summed by [`LaneSums`] (entry `j` into lane `j % 8`): no chain of
    /// dependent additions through the whole vector (it was the rerank's critical path).
    /// (The decoding loop of [`for_each_encoded`], written out so that the state stays
    /// in registers: through a closure it went to the stack and back on every entry.)
    #[inline]
    pub(crate) fn dot_count(&self, bytes: &[u8], scale: f32) -> (f32, usize) {
        self.dot_visit(bytes, scale, |_, _| {})
    }

    /// [`TermWeights::dot_count`], calling `shared(term, product)` for every term in both
    /// (the query's weights are positive: a term is shared exactly when its weight is not
    /// 0), in term order.
    #[inline]
    pub(crate) fn dot_visit(
        &self,
        bytes: &[u8],
        scale: f32,
        mut shared: impl FnMut(u32, f32),
    ) -> (f32, usize) {
        let k = scale / 255.0;
        let (mut prev, mut carry, mut n) = (0u32, 0u32, 0usize);
        let mut buf = [0.0f32; LANE_BUF];
        let mut len = 0usize;
        let mut lanes = LaneSums::default();
        for c in bytes.chunks_exact(3) {
            if let [lo, hi, w] = *c {
                let gap = u32::from(u16::from_le_bytes([lo, hi]));
                if gap == GAP_ESCAPE {
                    carry = carry.wrapping_add((u32::from(w) + 1).wrapping_mul(GAP_ESCAPE));
                } else {
                    prev = prev.wrapping_add(carry).wrapping_add(gap);
                    carry = 0;
                    n += 1;
                    let x = self.get(prev);
                    let p = x * (f32::from(w) * k);
                    if x != 0.0 {
                        shared(prev, p);
                    }
                    if let Some(b) = buf.get_mut(len) {
                        *b = p;
                    }
                    len += 1;
                    if len == LANE_BUF {
                        lanes.add(&buf);
                        len = 0;
                    }
                }
            }
        }
        for x in buf.iter_mut().skip(len) {
            *x = 0.0;
        }
        lanes.add(&buf[..len.next_multiple_of(8).min(LANE_BUF)]);
        (lanes.sum(), n)
    }
}

/// Products buffered per [`LaneSums::add`] (a multiple of 8).
pub(crate) const LANE_BUF: usize = 64;

/// Eight running sums: value `j` of a sequence goes to sum `j % 8` (in order), and the
/// total is their fixed pairwise sum, so the same sequence always gives the same bits.
#[derive(Default)]
pub(crate) struct LaneSums([f32; 8]);

impl LaneSums {
    /// Adds `values` (a whole number of 8-value chunks; a shorter tail is ignored).
    pub(crate) fn add(&mut self, values: &[f32]) {
        for c in values.chunks_exact(8) {
            for (l, x) in self.0.iter_mut().zip(c) {
                *l += x;
            }
        }
    }

    pub(crate) fn sum(&self) -> f32 {
        let [a, b, c, d, e, f, g, h] = self.0;
        ((a + e) + (b + f)) + ((c + g) + (d + h))
    }
}

/// A 4096-bit filter of a vector's term ids: most terms of another article are not in
/// the query, and one bit test rules them out without a search. (The query path now
/// uses [`TermWeights`]; this stays as the tests' reference.)
#[cfg(test)]
pub(crate) type Bloom = [u64; 64];

#[cfg(test)]
pub(crate) fn bloom_slot(t: u32) -> (usize, u64) {
    let h = t.wrapping_mul(0x9E37_79B1) >> 20;
    (((h >> 6) & 63) as usize, 1u64 << (h & 63))
}

#[cfg(test)]
pub(crate) fn bloom_of(v: &[TermWeight]) -> Bloom {
    let mut b = [0u64; 64];
    for x in v {
        let (i, bit) = bloom_slot(x.term);
        if let Some(w) = b.get_mut(i) {
            *w |= bit;
        }
    }
    b
}

/// [`dot_encoded`] with a bloom filter of `q` (same result, fewer comparisons); the
/// reference [`TermWeights::dot`] is tested against.
#[cfg(test)]
pub(crate) fn dot_bloom(q: &[TermWeight], bloom: &Bloom, bytes: &[u8], scale: f32) -> f32 {
    // every entry's product (0 for a term not in `q`), summed as `TermWeights::dot` does
    let mut products: Vec<f32> = Vec::new();
    // Both sides are sorted by term id: a term that passes the filter is looked up by
    // moving forward from the previous match (at most `q.len()` steps per vector in all),
    // not by a binary search with its unpredictable branches.
    let mut j = 0usize;
    for_each_encoded(bytes, scale, |t, w| {
        let (i, bit) = bloom_slot(t);
        let mut p = 0.0f32 * w;
        if bloom.get(i).is_some_and(|x| x & bit != 0) {
            while q.get(j).is_some_and(|x| x.term < t) {
                j += 1;
            }
            if let Some(x) = q.get(j) {
                if x.term == t {
                    p = x.weight * w;
                }
            }
        }
        products.push(p);
    });
    products.resize(products.len().next_multiple_of(8), 0.0);
    let mut lanes = LaneSums::default();
    lanes.add(&products);
    lanes.sum()
}

impl Drop for TermWeights {
    fn drop(&mut self) {
        let slots = std::mem::take(&mut self.slots);
        let spill = std::mem::take(&mut self.spill);
        let _ = POOL.try_with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                if p.len() < POOLED {
                    p.push((slots, spill));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::codec::{decode, dot, dot_encoded, encode};
    use super::*;

    #[test]
    fn encode_decode_round_trip_and_dot() {
        let tw = |v: &[(u32, f32)]| -> Vec<TermWeight> {
            v.iter().map(|&(t, w)| TermWeight::new(t, w)).collect()
        };
        let v = tw(&[
            (3u32, 0.5f32),
            (200, 0.25),
            (65_738, 0.3), // gap exactly 0xFFFF (one escape chunk, then gap 0)
            (70_000, 0.8),
            (70_001, 0.1),
            (20_000_000, 0.2), // gap > 255 × 0xFFFF: several escape chunks
            (u32::MAX, 0.05),
        ]);
        let (bytes, scale) = encode(&v);
        let back = decode(&bytes, scale);
        assert_eq!(back.len(), v.len());
        for (a, b) in v.iter().zip(&back) {
            assert_eq!(a.term, b.term);
            assert!((a.weight - b.weight).abs() <= scale / 255.0);
        }
        let q = tw(&[(3u32, 1.0f32), (70_000, 0.5), (90_000, 1.0)]);
        assert!((dot_encoded(&q, &bytes, scale) - dot(&q, &back)).abs() < 1e-6);
        let b = bloom_of(&q);
        assert!((dot_bloom(&q, &b, &bytes, scale) - dot(&q, &back)).abs() < 1e-6);
        assert_eq!(
            TermWeights::new(&q).dot(&bytes, scale).to_bits(),
            dot_bloom(&q, &b, &bytes, scale).to_bits()
        );
        assert!(decode(&[0x80, 0x80], 1.0).is_empty()); // truncated input: no panic
        assert!(decode(&[0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 1.0).is_empty());
        // short vectors take three bytes a term
        assert_eq!(encode(&tw(&[(1, 1.0), (9, 0.5)])).0.len(), 6);
    }
}
