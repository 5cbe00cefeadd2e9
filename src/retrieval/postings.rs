//! Posting lists: five-byte postings in impact order, and their accumulation into
//! per-article scores.

use serde::{Deserialize, Serialize};

use crate::retrieval::quantize::{round, sort_by_keys};

/// One posting: the article's slot (little-endian) and its weight for the term, quantised
/// on a square-root scale (`weight ≈ (q / 255)²`: 1–3% relative error over the weights
/// that get posted). Five bytes instead of eight for `(u32, f32)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Posting(pub(crate) [u8; 5]);

/// Every term's posting list (impact order). Most terms are never posted (they are in
/// stored vectors only, not among an article's [`Config::terms_per_doc`] heaviest: two
/// thirds of the VNTC dictionary), so a term costs 4 bytes and a posted one a list
/// header more, instead of a header each (16 bytes: 150 bytes an article at 33.7k).
/// Serialised as one list per term, empty when it has none.
#[derive(Debug, Clone, Default)]
pub(crate) struct Postings {
    /// Per term id: 1 + its index in `lists`, 0 when it has no list.
    pub(crate) at: Vec<u32>,
    pub(crate) lists: Vec<Box<[Posting]>>,
}

impl Postings {
    /// The number of terms.
    pub(crate) fn len(&self) -> usize {
        self.at.len()
    }

    /// Adds a term (the next id) without a list.
    pub(crate) fn push_term(&mut self) {
        self.at.push(0);
    }

    /// The list of term `t` (`None`: no list, or no such term).
    pub(crate) fn get(&self, t: u32) -> Option<&[Posting]> {
        let i = self.at.get(t as usize)?.checked_sub(1)?;
        self.lists.get(i as usize).map(|l| &**l)
    }

    /// The list of term `t` to change, created empty if it has none (`None`: no such term).
    pub(crate) fn list_mut(&mut self, t: u32) -> Option<&mut Box<[Posting]>> {
        let at = self.at.get_mut(t as usize)?;
        if *at == 0 {
            self.lists.push(Box::default());
            *at = self.lists.len() as u32;
        }
        self.lists.get_mut(*at as usize - 1)
    }

    /// The existing list of term `t` to change.
    pub(crate) fn existing_mut(&mut self, t: u32) -> Option<&mut Box<[Posting]>> {
        let i = self.at.get(t as usize)?.checked_sub(1)?;
        self.lists.get_mut(i as usize)
    }

    /// Sets the lists of terms `0..lists.len()` (a build's): empty ones are not kept.
    pub(crate) fn set_lists(&mut self, lists: Vec<Box<[Posting]>>) {
        for (t, list) in lists.into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            if let Some(slot) = self.list_mut(t as u32) {
                *slot = list;
            }
        }
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.at.shrink_to_fit();
        self.lists.shrink_to_fit();
    }

    /// Heap bytes.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.at.capacity() * 4
            + self.lists.capacity() * 16
            + self
                .lists
                .iter()
                .map(|l| l.len() * std::mem::size_of::<Posting>())
                .sum::<usize>()
    }
}

impl Serialize for Postings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.at.len()))?;
        for t in 0..self.at.len() {
            seq.serialize_element(self.get(t as u32).unwrap_or_default())?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Postings {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let lists: Vec<Box<[Posting]>> = Vec::deserialize(d)?;
        let mut p = Postings {
            at: vec![0; lists.len()],
            lists: Vec::new(),
        };
        p.set_lists(lists);
        p.shrink_to_fit();
        Ok(p)
    }
}

impl Posting {
    pub(crate) fn new(slot: u32, w: f32) -> Self {
        let q = round(w.clamp(0.0, 1.0).sqrt() * 255.0).clamp(1.0, 255.0) as u8;
        let [a, b, c, d] = slot.to_le_bytes();
        Posting([a, b, c, d, q])
    }
    pub(crate) fn slot(self) -> u32 {
        let [a, b, c, d, _] = self.0;
        u32::from_le_bytes([a, b, c, d])
    }
    pub(crate) fn q(self) -> u8 {
        self.0[4]
    }
    pub(crate) fn weight(self) -> f32 {
        let x = f32::from(self.q()) / 255.0;
        x * x
    }
    /// Impact order: heaviest first, then by slot (the same after a build and after
    /// incremental inserts).
    pub(crate) fn before(self, other: Posting) -> bool {
        (other.q(), self.slot()) < (self.q(), other.slot())
    }
    /// A key whose integer order is impact order ([`Posting::before`]).
    pub(crate) fn impact_key(self) -> u64 {
        u64::from(255 - self.q()) << 32 | u64::from(self.slot())
    }
    /// The posting with [`Posting::impact_key`] `key`.
    pub(crate) fn from_impact_key(key: u64) -> Posting {
        let [a, b, c, d] = (key as u32).to_le_bytes();
        Posting([a, b, c, d, 255 - (key >> 32) as u8])
    }
}

/// Sorts `v` into impact order ([`Posting::before`]).
pub(crate) fn sort_by_impact(v: &mut [Posting]) {
    sort_by_keys(v, |p| p.impact_key(), Posting::from_impact_key);
}

/// Adds a posting list, weighted by the query term's weight `qw`, to the accumulator;
/// returns the new count of touched slots. `touched` is written without a branch: every
/// slot is stored at position `n`, which only moves on when the slot was untouched
/// (scores are positive, so a slot is untouched only once; the test mispredicted on
/// many postings). A free function over slices, so the loop keeps its bounds and
/// cursors in registers.
pub(crate) fn accumulate(
    list: &[Posting],
    qw: f32,
    by_q: &[f32; 256],
    acc: &mut [f32],
    touched: &mut [u32],
    mut n: usize,
) -> usize {
    for p in list {
        let [a, b, c, d, q] = p.0;
        let slot = u32::from_le_bytes([a, b, c, d]);
        // the posting weight `Posting::weight` by table: an array indexed by a byte
        let s = qw * by_q[usize::from(q)] + f32::MIN_POSITIVE;
        if let Some(x) = acc.get_mut(slot as usize) {
            let old = *x;
            *x = old + s;
            if let Some(t) = touched.get_mut(n) {
                *t = slot;
            }
            n += usize::from(old == 0.0);
        }
    }
    n
}

/// [`accumulate`] for a term that finds no new candidates ([`Config::seed_terms`]): adds
/// to the slots already touched (non-zero) only.
pub(crate) fn accumulate_found(list: &[Posting], qw: f32, by_q: &[f32; 256], acc: &mut [f32]) {
    for p in list {
        let [a, b, c, d, q] = p.0;
        let slot = u32::from_le_bytes([a, b, c, d]);
        let s = qw * by_q[usize::from(q)];
        if let Some(x) = acc.get_mut(slot as usize) {
            let old = *x;
            // a select, not a branch: whether an article was found is unpredictable
            *x = if old == 0.0 { 0.0 } else { old + s };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_keep_slot_and_weight_and_sort_by_impact() {
        for (slot, w) in [(0u32, 1.0f32), (7, 0.25), (u32::MAX, 0.01), (42, 0.0)] {
            let p = Posting::new(slot, w);
            assert_eq!(p.slot(), slot);
            // square-root quantisation: a few per cent, and never 0 (q is at least 1)
            assert!((p.weight() - w).abs() <= 0.03 * w.max(0.01) + 1e-4, "{w}");
            assert_eq!(Posting::from_impact_key(p.impact_key()), p);
        }
        let mut v: Vec<Posting> = [(3, 0.2), (1, 0.9), (2, 0.9), (0, 0.5)]
            .iter()
            .map(|&(s, w)| Posting::new(s, w))
            .collect();
        sort_by_impact(&mut v);
        let order: Vec<u32> = v.iter().map(|p| p.slot()).collect();
        assert_eq!(order, [1, 2, 0, 3]); // heaviest first, ties by slot
        assert!(v.windows(2).all(|w| w[0].before(w[1])));
    }

    #[test]
    fn postings_store_lists_only_for_posted_terms() {
        let mut p = Postings::default();
        for _ in 0..4 {
            p.push_term();
        }
        p.set_lists(vec![
            Box::default(),
            vec![Posting::new(5, 0.5)].into_boxed_slice(),
        ]);
        assert_eq!(p.len(), 4);
        assert!(p.get(0).is_none() && p.get(2).is_none() && p.get(9).is_none());
        assert_eq!(p.get(1).map(|l| l.len()), Some(1));
        assert!(p.existing_mut(3).is_none());
        if let Some(l) = p.list_mut(3) {
            *l = vec![Posting::new(1, 1.0)].into_boxed_slice();
        }
        assert_eq!(p.lists.len(), 2);
        // one list per term when serialised, empty for terms without one
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json.as_array().map(Vec::len), Some(4));
        let back: Postings = serde_json::from_value(json).unwrap();
        assert_eq!(back.get(3), p.get(3));
        assert_eq!(back.lists.len(), 2);
    }

    #[test]
    fn accumulation_marks_each_slot_once() {
        let mut by_q = [0.0f32; 256];
        for (q, w) in by_q.iter_mut().enumerate() {
            *w = Posting([0, 0, 0, 0, q as u8]).weight();
        }
        let list = [Posting::new(2, 1.0), Posting::new(0, 0.5)];
        let (mut acc, mut touched) = (vec![0.0f32; 4], vec![0u32; 4]);
        let n = accumulate(&list, 1.0, &by_q, &mut acc, &mut touched, 0);
        let n = accumulate(&list[..1], 1.0, &by_q, &mut acc, &mut touched, n);
        assert_eq!(n, 2);
        assert_eq!(&touched[..n], [2, 0]);
        // a term that finds nothing new adds to the slots already found only
        accumulate_found(
            &[Posting::new(3, 1.0), Posting::new(0, 1.0)],
            1.0,
            &by_q,
            &mut acc,
        );
        assert_eq!(acc[3], 0.0);
        assert!(acc[0] > 1.0 && acc[2] > 1.9);
    }
}
