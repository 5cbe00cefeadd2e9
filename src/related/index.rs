//! The in-memory related-articles index.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::analyze::{
    analyze_compact, fnv1a, normalize_label, simhash, simhash_hashed, Analysed, Analyses,
};
use super::{
    CandidateError, CandidateQuery, CandidateSource, Config, Edit, Explanation, Filter, Related,
};
use crate::model::{Article, ArticleId, Slug, Status};
use crate::store::{ArticleStore, ScanIter, StoreError};

/// Shared terms listed in an explanation.
const EXPLAIN_TERMS: usize = 5;
/// Posting lists shorter than this are always read, whatever [`Config::max_df_ratio`].
const ALWAYS_READ: usize = 256;
/// log2 of the number of document-frequency counters.
const SKETCH_BITS: u32 = 22;

/// Document frequencies in a fixed-size hashed counter array (2^22 saturating 16-bit
/// counters, 8 MiB; a one-row count-min sketch): every term ever seen is counted without
/// keeping its string. Never under-counts; a collision adds a rare term's count to
/// another's. Removals and updates subtract only with [`Config::exact_edits`] (which
/// keeps each article's list of counter slots); otherwise a rebuild refreshes them.
#[derive(Debug, Clone)]
struct Sketch {
    rows: Vec<u16>,
}

/// Serialised sparsely: `[[slot, count], ...]` for the non-zero counters.
impl Serialize for Sketch {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let nonzero = self.rows.iter().filter(|&&c| c != 0).count();
        let mut seq = s.serialize_seq(Some(nonzero))?;
        for (i, &c) in self.rows.iter().enumerate() {
            if c != 0 {
                seq.serialize_element(&(i as u32, c))?;
            }
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Sketch {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs: Vec<(u32, u16)> = Vec::deserialize(d)?;
        let mut sketch = Sketch::new();
        for (i, c) in pairs {
            match sketch.rows.get_mut(i as usize) {
                Some(slot) => *slot = c,
                None => {
                    return Err(serde::de::Error::custom(format!(
                        "related index: sketch slot {i} out of range"
                    )))
                }
            }
        }
        Ok(sketch)
    }
}

impl Sketch {
    fn new() -> Self {
        Sketch {
            rows: vec![0; 1 << SKETCH_BITS],
        }
    }
    fn slot(h: u64) -> usize {
        // high bits: FNV-1a mixes them best
        (h >> (64 - SKETCH_BITS)) as usize
    }
    fn get(&self, h: u64) -> u32 {
        u32::from(self.rows.get(Self::slot(h)).copied().unwrap_or(0))
    }
    fn add(&mut self, h: u64) {
        if let Some(c) = self.rows.get_mut(Self::slot(h)) {
            *c = c.saturating_add(1);
        }
    }
    /// Undoes an `add` to `slot` (a saturated counter stays saturated: its true count is
    /// unknown).
    fn sub_slot(&mut self, slot: usize) {
        if let Some(c) = self.rows.get_mut(slot) {
            if *c != u16::MAX {
                *c = c.saturating_sub(1);
            }
        }
    }
}

/// Term string → term id (and article id → slot): open addressing with linear probing over 8-byte slots
/// (`hash fragment << 32 | id + 1`, 0 = empty), load at most 3/4. A quarter of the
/// memory of a `HashMap<u64, u32>`; the term strings themselves stay in `term_text`, and
/// a probe compares a 32-bit fragment of the hash before the string.
#[derive(Debug, Clone, Default)]
struct TermTable {
    slots: Vec<u64>,
    len: usize,
}

impl TermTable {
    /// The table of a keyed build's terms ([`KeyTable`] keys are the terms' full hashes),
    /// sized as inserting them one by one would have grown it.
    fn from_keys(keys: &KeyTable) -> TermTable {
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

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }
    /// Home position from the stored fragment alone, so that entries can be moved back
    /// when one is removed.
    fn home(h: u64, mask: usize) -> usize {
        ((h >> 32).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
    }
    fn fragment(h: u64) -> u64 {
        h & 0xFFFF_FFFF_0000_0000
    }
    /// The id of the term with hash `h` for which `is(id)` holds.
    fn find(&self, h: u64, is: impl Fn(u32) -> bool) -> Option<u32> {
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
    fn insert(&mut self, h: u64, id: u32, hash_of: impl Fn(u32) -> u64) {
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
    fn remove(&mut self, h: u64, is: impl Fn(u32) -> bool) -> Option<u32> {
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
    fn put(&mut self, h: u64, id: u32) {
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

/// One posting: the article's slot (little-endian) and its weight for the term, quantised
/// on a square-root scale (`weight ≈ (q / 255)²`: 1–3% relative error over the weights
/// that get posted). Five bytes instead of eight for `(u32, f32)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Posting([u8; 5]);

/// Every term's posting list (impact order). Most terms are never posted (they are in
/// stored vectors only, not among an article's [`Config::terms_per_doc`] heaviest: two
/// thirds of the VNTC dictionary), so a term costs 4 bytes and a posted one a list
/// header more, instead of a header each (16 bytes: 150 bytes an article at 33.7k).
/// Serialised as before this layout: one list per term, empty when it has none.
#[derive(Debug, Clone, Default)]
struct Postings {
    /// Per term id: 1 + its index in `lists`, 0 when it has no list.
    at: Vec<u32>,
    lists: Vec<Box<[Posting]>>,
}

impl Postings {
    /// The number of terms.
    fn len(&self) -> usize {
        self.at.len()
    }

    /// Adds a term (the next id) without a list.
    fn push_term(&mut self) {
        self.at.push(0);
    }

    /// The list of term `t` (`None`: no list, or no such term).
    fn get(&self, t: u32) -> Option<&[Posting]> {
        let i = self.at.get(t as usize)?.checked_sub(1)?;
        self.lists.get(i as usize).map(|l| &**l)
    }

    /// The list of term `t` to change, created empty if it has none (`None`: no such term).
    fn list_mut(&mut self, t: u32) -> Option<&mut Box<[Posting]>> {
        let at = self.at.get_mut(t as usize)?;
        if *at == 0 {
            self.lists.push(Box::default());
            *at = self.lists.len() as u32;
        }
        self.lists.get_mut(*at as usize - 1)
    }

    /// The existing list of term `t` to change.
    fn existing_mut(&mut self, t: u32) -> Option<&mut Box<[Posting]>> {
        let i = self.at.get(t as usize)?.checked_sub(1)?;
        self.lists.get_mut(i as usize)
    }

    /// Sets the lists of terms `0..lists.len()` (a build's): empty ones are not kept.
    fn set_lists(&mut self, lists: Vec<Box<[Posting]>>) {
        for (t, list) in lists.into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            if let Some(slot) = self.list_mut(t as u32) {
                *slot = list;
            }
        }
    }

    fn shrink_to_fit(&mut self) {
        self.at.shrink_to_fit();
        self.lists.shrink_to_fit();
    }

    /// Heap bytes.
    fn memory_bytes(&self) -> usize {
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
    fn new(slot: u32, w: f32) -> Self {
        let q = round(w.clamp(0.0, 1.0).sqrt() * 255.0).clamp(1.0, 255.0) as u8;
        let [a, b, c, d] = slot.to_le_bytes();
        Posting([a, b, c, d, q])
    }
    fn slot(self) -> u32 {
        let [a, b, c, d, _] = self.0;
        u32::from_le_bytes([a, b, c, d])
    }
    fn q(self) -> u8 {
        self.0[4]
    }
    fn weight(self) -> f32 {
        let x = f32::from(self.q()) / 255.0;
        x * x
    }
    /// Impact order: heaviest first, then by slot (the same after a build and after
    /// incremental inserts).
    fn before(self, other: Posting) -> bool {
        (other.q(), self.slot()) < (self.q(), other.slot())
    }
    /// A key whose integer order is impact order ([`Posting::before`]).
    fn impact_key(self) -> u64 {
        u64::from(255 - self.q()) << 32 | u64::from(self.slot())
    }
    /// The posting with [`Posting::impact_key`] `key`.
    fn from_impact_key(key: u64) -> Posting {
        let [a, b, c, d] = (key as u32).to_le_bytes();
        Posting([a, b, c, d, 255 - (key >> 32) as u8])
    }
}

thread_local! {
    /// [`sort_by_keys`]' keys, kept between calls (a build sorts one vector an article
    /// and one list a term).
    static SORT_KEYS: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Sorts `v` by the integer keys `key` gives (`from_key` inverts it; keys are distinct):
/// faster than comparing the items by a key function.
fn sort_by_keys<T>(v: &mut [T], key: impl Fn(&T) -> u64, from_key: impl Fn(u64) -> T) {
    let mut keys = SORT_KEYS.with(std::cell::Cell::take);
    keys.clear();
    keys.extend(v.iter().map(key));
    keys.sort_unstable();
    for (x, &k) in v.iter_mut().zip(&keys) {
        *x = from_key(k);
    }
    if keys.capacity() <= 1 << 16 {
        SORT_KEYS.with(|c| c.set(keys));
    }
}

/// Sorts `v` into impact order ([`Posting::before`]).
fn sort_by_impact(v: &mut [Posting]) {
    sort_by_keys(v, |p| p.impact_key(), Posting::from_impact_key);
}

/// Sorts `(term id, weight)` pairs with distinct term ids by term id.
fn sort_by_term(v: &mut [(u32, f32)]) {
    sort_by_keys(
        v,
        |&(t, w)| u64::from(t) << 32 | u64::from(w.to_bits()),
        |k| ((k >> 32) as u32, f32::from_bits(k as u32)),
    );
}

/// Precomputed top-K: `(k, per slot: [(slot, score, feedback contribution)])`.
type Precomputed = (usize, Vec<Box<[(u32, f32, f32)]>>);

/// One indexed article.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Doc {
    id: ArticleId,
    /// Pruned, L2-normalised TF-IDF vector ([`Config::vector_terms`] terms), sorted by
    /// term id, compressed to 3 bytes a term: 16-bit term-id gaps and 8-bit weights (see [`encode`]).
    vec: Box<[u8]>,
    scale: f32,
    /// Tag ids, sorted.
    tags: Box<[u32]>,
    /// Term ids of cited document numbers, sorted.
    documents: Box<[u32]>,
    category: Option<u32>,
    /// Publish time, Unix seconds.
    published: Option<i64>,
    is_published: bool,
    handpicked: Box<[ArticleId]>,
    body_hash: u64,
    simhash: u64,
    /// Fingerprint of the article's analysed term set ([`terms_fingerprint`]): tells
    /// whether a caller's copy of the old version is the one that was indexed.
    #[serde(default)]
    terms_fp: u64,
}

/// `x.round()` without the library call (the baseline x86-64 target has no rounding
/// instruction) for the quantisers' range, `0 ≤ x < 2^23`, where `x - trunc(x)` is
/// exact; the library call elsewhere.
#[inline]
fn round(x: f32) -> f32 {
    if x.is_sign_positive() && x < 8_388_608.0 {
        let t = x as u32 as f32;
        if x - t >= 0.5 {
            t + 1.0
        } else {
            t
        }
    } else {
        x.round()
    }
}

/// Order-independent fingerprint of an analysed article's terms (their hashes, mixed
/// and summed).
fn terms_fingerprint(analyzed: Analysed<'_>) -> u64 {
    analyzed.hashes().fold(0u64, |acc, (h, _)| {
        acc.wrapping_add((h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9))
    })
}

/// The counter slots of an article's terms, sorted, as LEB128 gaps.
fn encode_slots(analyzed: Analysed<'_>) -> Box<[u8]> {
    let mut slots: Vec<u32> = analyzed
        .hashes()
        .map(|(h, _)| Sketch::slot(h) as u32)
        .collect();
    slots.sort_unstable();
    let mut out = Vec::with_capacity(slots.len() * 2);
    let mut prev = 0u32;
    for s in slots {
        let mut gap = s - prev;
        prev = s;
        loop {
            let b = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
    }
    out.into_boxed_slice()
}

fn for_each_slot(bytes: &[u8], mut f: impl FnMut(usize)) {
    let (mut prev, mut gap, mut shift) = (0u32, 0u32, 0u32);
    for &b in bytes {
        gap |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        shift += 7;
        if b & 0x80 == 0 {
            prev = prev.wrapping_add(gap);
            f(prev as usize);
            gap = 0;
            shift = 0;
        }
    }
}

/// Escape chunk: a gap field of `0xFFFF` adds `(m + 1) × 0xFFFF` to the next gap.
const GAP_ESCAPE: u32 = 0xFFFF;

/// Compresses a vector sorted by term id into 3-byte chunks `[gap lo, gap hi, weight]`
/// (weight in 1..=255, times `scale / 255`); a gap of `0xFFFF` or more is preceded by
/// escape chunks `[0xFF, 0xFF, m]`. Fixed-size chunks decode without the unpredictable
/// branches of variable-length integers (the rerank decodes ~24,000 entries a query).
fn encode(v: &[(u32, f32)]) -> (Box<[u8]>, f32) {
    let scale = v.iter().map(|x| x.1).fold(0.0f32, f32::max);
    let mut out = Vec::with_capacity(v.len() * 3);
    let mut prev = 0u32;
    for &(t, w) in v {
        let mut gap = t.wrapping_sub(prev);
        prev = t;
        while gap >= GAP_ESCAPE {
            let m = (gap / GAP_ESCAPE - 1).min(255);
            out.extend_from_slice(&[0xFF, 0xFF, m as u8]);
            gap -= (m + 1) * GAP_ESCAPE;
        }
        let q = if scale > 0.0 {
            round(w / scale * 255.0)
        } else {
            0.0
        };
        let [lo, hi, ..] = gap.to_le_bytes();
        out.extend_from_slice(&[lo, hi, q.clamp(1.0, 255.0) as u8]);
    }
    (out.into_boxed_slice(), scale)
}

fn decode(bytes: &[u8], scale: f32) -> Vec<(u32, f32)> {
    let mut out = Vec::with_capacity(bytes.len() / 2);
    for_each_encoded(bytes, scale, |t, w| out.push((t, w)));
    out
}

/// A 4096-bit filter of a vector's term ids: most terms of another article are not in
/// the query, and one bit test rules them out without a search. (The query path now
/// uses [`TermWeights`]; this stays as the tests' reference.)
#[cfg(test)]
type Bloom = [u64; 64];

#[cfg(test)]
fn bloom_slot(t: u32) -> (usize, u64) {
    let h = t.wrapping_mul(0x9E37_79B1) >> 20;
    (((h >> 6) & 63) as usize, 1u64 << (h & 63))
}

#[cfg(test)]
fn bloom_of(v: &[(u32, f32)]) -> Bloom {
    let mut b = [0u64; 64];
    for &(t, _) in v {
        let (i, bit) = bloom_slot(t);
        if let Some(w) = b.get_mut(i) {
            *w |= bit;
        }
    }
    b
}

/// [`dot_encoded`] with a bloom filter of `q` (same result, fewer comparisons); the
/// reference for [`TermWeights::dot`], which replaced it on the query path.
#[cfg(test)]
fn dot_bloom(q: &[(u32, f32)], bloom: &Bloom, bytes: &[u8], scale: f32) -> f32 {
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
            while q.get(j).is_some_and(|x| x.0 < t) {
                j += 1;
            }
            if let Some(x) = q.get(j) {
                if x.0 == t {
                    p = x.1 * w;
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

/// A query side's term → weight table for the rerank's dot products: open addressing
/// (linear probing) sized to at most a quarter full, small enough to stay in L1 (9 KiB
/// for 240 terms). A term that is in the table sits in its home slot unless that slot's
/// `spill` flag is set, so most lookups are one load of a (key, weight) pair and a mask,
/// with no branch that depends on whether the term matches (the bloom filter test and
/// forward scan this replaced mispredicted on many of the ~30,000 entries a query reads).
struct TermWeights {
    /// `(term, weight)`; `(u32::MAX, 0.0)` when empty.
    slots: Vec<(u32, f32)>,
    /// Some term whose home is this slot sits further on, within `max_probe` slots.
    spill: Vec<bool>,
    shift: u32,
    /// The longest distance of a term from its home slot.
    max_probe: usize,
}

impl TermWeights {
    fn new(q: &[(u32, f32)]) -> Self {
        let bits = (q.len().max(16) * 4).next_power_of_two().trailing_zeros();
        let size = 1usize << bits;
        let mut t = TermWeights {
            slots: vec![(u32::MAX, 0.0); size],
            spill: vec![false; size],
            shift: 32 - bits,
            max_probe: 0,
        };
        let mut used = vec![false; size];
        let mask = size - 1;
        for &(term, w) in q {
            let home = t.home(term);
            let mut i = home;
            while used.get(i).copied().unwrap_or(false) {
                i = (i + 1) & mask;
            }
            if i != home {
                if let Some(f) = t.spill.get_mut(home) {
                    *f = true;
                }
                t.max_probe = t.max_probe.max(i.wrapping_sub(home) & mask);
            }
            if let (Some(u), Some(slot)) = (used.get_mut(i), t.slots.get_mut(i)) {
                *u = true;
                *slot = (term, w);
            }
        }
        t
    }

    fn home(&self, term: u32) -> usize {
        (term.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    /// The weight of `term`, 0 when absent.
    fn get(&self, term: u32) -> f32 {
        let h = self.home(term);
        if self.spill.get(h).copied().unwrap_or(true) {
            return self.get_spilled(term, h);
        }
        let (k, w) = self.slots.get(h).copied().unwrap_or((u32::MAX, 0.0));
        // `w` when the key matches, else +0.0, by a mask: whether a candidate's term is
        // the query's is unpredictable, and a branch on it mispredicted often
        f32::from_bits(w.to_bits() & 0u32.wrapping_sub(u32::from(k == term)))
    }

    /// A spilled home slot: sum over the probe window `h ..= h + max_probe` (every term
    /// sits within it; empty slots weigh 0, a term occurs once, so the sum is its weight
    /// exactly). A loop, not a call: a call would send the caller's sum to the stack.
    fn get_spilled(&self, term: u32, h: usize) -> f32 {
        let mask = self.slots.len().wrapping_sub(1);
        let mut w = 0.0f32;
        for i in 0..=self.max_probe {
            let j = h.wrapping_add(i) & mask;
            if let Some(&(k, x)) = self.slots.get(j) {
                if k == term {
                    w += x;
                }
            }
        }
        w
    }

    /// Dot product with a compressed vector: the same sum, in the same order, as
    /// [`dot_bloom`] (an absent term adds `0.0`).
    fn dot(&self, bytes: &[u8], scale: f32) -> f32 {
        self.dot_count(bytes, scale).0
    }

    /// [`TermWeights::dot`] and the number of terms in `bytes`. The products go to a
    /// small buffer summed by [`LaneSums`] (entry `j` into lane `j % 8`): no chain of
    /// dependent additions through the whole vector (it was the rerank's critical path).
    /// (The decoding loop of [`for_each_encoded`], written out so that the state stays
    /// in registers: through a closure it went to the stack and back on every entry.)
    #[inline]
    fn dot_count(&self, bytes: &[u8], scale: f32) -> (f32, usize) {
        self.dot_visit(bytes, scale, |_, _| {})
    }

    /// [`TermWeights::dot_count`], calling `shared(term, product)` for every term in both
    /// (the query's weights are positive: a term is shared exactly when its weight is not
    /// 0), in term order.
    #[inline]
    fn dot_visit(
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
const LANE_BUF: usize = 64;

/// Eight running sums: value `j` of a sequence goes to sum `j % 8` (in order), and the
/// total is their fixed pairwise sum, so the same sequence always gives the same bits.
#[derive(Default)]
struct LaneSums([f32; 8]);

impl LaneSums {
    /// Adds `values` (a whole number of 8-value chunks; a shorter tail is ignored).
    fn add(&mut self, values: &[f32]) {
        for c in values.chunks_exact(8) {
            for (l, x) in self.0.iter_mut().zip(c) {
                *l += x;
            }
        }
    }

    fn sum(&self) -> f32 {
        let [a, b, c, d, e, f, g, h] = self.0;
        ((a + e) + (b + f)) + ((c + g) + (d + h))
    }
}

#[cfg(test)]
fn dot_encoded(q: &[(u32, f32)], bytes: &[u8], scale: f32) -> f32 {
    let mut i = 0;
    let mut s = 0.0f32;
    for_each_encoded(bytes, scale, |t, w| {
        while q.get(i).is_some_and(|x| x.0 < t) {
            i += 1;
        }
        if let Some(x) = q.get(i) {
            if x.0 == t {
                s += x.1 * w;
            }
        }
    });
    s
}

fn for_each_encoded(bytes: &[u8], scale: f32, mut f: impl FnMut(u32, f32)) {
    let k = scale / 255.0;
    let mut prev = 0u32;
    let mut carry = 0u32;
    for c in bytes.chunks_exact(3) {
        if let [lo, hi, w] = *c {
            let gap = u32::from(u16::from_le_bytes([lo, hi]));
            if gap == GAP_ESCAPE {
                carry = carry.wrapping_add((u32::from(w) + 1).wrapping_mul(GAP_ESCAPE));
            } else {
                prev = prev.wrapping_add(carry).wrapping_add(gap);
                carry = 0;
                f(prev, f32::from(w) * k);
            }
        }
    }
}

/// The query side of a ranking: an indexed article or an outside one.
struct Query<'a> {
    vec: std::borrow::Cow<'a, [(u32, f32)]>,
    weights: TermWeights,
    tags: &'a [u32],
    documents: &'a [u32],
    category: Option<u32>,
    published: Option<i64>,
    handpicked: &'a [ArticleId],
    body_hash: u64,
    simhash: u64,
    exclude: Option<u32>,
    /// Whether the results' explanations list their shared terms, tags and documents
    /// as words (`false` for [`Index::related_ids`]: the scores are the same).
    words: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Inner {
    config: Config,
    docs: Vec<Option<Doc>>,
    free: Vec<u32>,
    /// Article id → slot, keyed on `docs[slot].id` (rebuilt after deserialising).
    #[serde(skip)]
    by_id: TermTable,
    /// Term strings, concatenated; term `i` is `term_text[term_starts[i]..term_starts[i + 1]]`.
    term_text: String,
    term_starts: Vec<u32>,
    /// Term string → its id (rebuilt from `term_text` after deserialising).
    #[serde(skip)]
    term_ids: TermTable,
    /// Per term: `(slot, weight)`, weight descending (impact order).
    /// (Boxed slices: 16 bytes a term instead of 24, most terms are never posted.)
    postings: Postings,
    tag_names: Vec<Box<str>>,
    tag_ids: HashMap<Box<str>, u32>,
    tag_postings: Vec<Vec<u32>>,
    category_slugs: Vec<Slug>,
    category_ids: HashMap<Slug, u32>,
    df: Sketch,
    /// With [`Config::exact_edits`], per slot: the document-frequency counter slots its
    /// article added to (sorted, LEB128 gaps), subtracted when it is removed or replaced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    df_slots: Vec<Box<[u8]>>,
    live: u32,
    /// Precomputed `(k, per slot: [(slot, score)])`, dropped by any mutation.
    precomputed: Option<Precomputed>,
    /// The term-weighting version the stored vectors and postings were made with
    /// ([`WEIGHTING`]); 0 in indexes saved before it was recorded. Kept as loaded, so
    /// that articles added later are weighted and posted like the stored ones.
    #[serde(default)]
    weighting: u8,
}

/// Term-weighting version of new indexes:
/// - 0 (indexes saved before it was recorded): every term weighs `1 + ln tf`, so such an
///   index loads with `tf_saturation` 0;
/// - 1: [`Config::tf_saturation`];
/// - 2: posting weights are damped by the article's [`length_factor`] (the short-candidate
///   damping the rerank applies), so impact-ordered lists put first what the rerank
///   scores high. Articles added to an index of version 1 or 0 are posted undamped;
/// - 3: [`Config::bigram_weight`]; an index of an earlier version loads with 1.
const WEIGHTING: u8 = 3;

/// The first [`WEIGHTING`] with BM25 term-frequency saturation.
const SATURATED_TF: u8 = 1;

/// The first [`WEIGHTING`] whose postings are length-damped.
const DAMPED_POSTINGS: u8 = 2;

/// The first [`WEIGHTING`] with [`Config::bigram_weight`].
const WEIGHTED_BIGRAMS: u8 = 3;

/// A read-only, `Arc`-shared view of an [`Index`] at one moment: cheap to clone and to
/// send to reader threads while the writer goes on updating the index.
///
/// ```
/// use tintuc::import::sample_articles;
/// use tintuc::related::{Config, Index};
/// let articles = sample_articles()?;
/// let mut index = Index::build(&articles, Config::default());
/// let snap = index.snapshot();
/// index.remove(&articles[1].id);
/// // the snapshot still sees the article; the index does not
/// assert!(snap.contains(&articles[1].id));
/// assert!(!index.contains(&articles[1].id));
/// let reader = std::thread::spawn(move || snap.related(&articles[0].id, 5).len());
/// assert!(reader.join().unwrap() <= 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Snapshot(Arc<Inner>);

/// The related-articles index. See the [module docs](super) for how it ranks.
///
/// ```
/// use tintuc::import::sample_articles;
/// use tintuc::related::{Config, Index};
/// let articles = sample_articles()?;
/// let mut index = Index::build(&articles, Config::default());
/// let r = index.related(&articles[0].id, 5);
/// assert!(r.len() <= 5);
/// assert!(r.windows(2).all(|w| w[0].why.handpicked || w[0].score >= w[1].score));
/// // incremental updates, no panic after deletes
/// index.remove(&articles[2].id);
/// assert!(index.related(&articles[2].id, 5).is_empty());
/// index.insert(&articles[2]);
/// assert_eq!(index.len(), articles.len());
/// // serde round trip
/// let json = serde_json::to_string(&index)?;
/// let back: Index = serde_json::from_str(&json)?;
/// assert_eq!(back.related(&articles[0].id, 5), index.related(&articles[0].id, 5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Index {
    inner: Arc<Inner>,
}

impl Serialize for Index {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.inner.as_ref().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Index {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut inner = Inner::deserialize(d)?;
        if inner.weighting < SATURATED_TF {
            // saved before `tf_saturation`: its vectors are `1 + ln tf` weighted
            inner.config.tf_saturation = 0.0;
        }
        if inner.weighting < WEIGHTED_BIGRAMS {
            // saved before `bigram_weight`: its bigrams count as much as syllables
            inner.config.bigram_weight = 1.0;
        }
        inner.rebuild_term_ids();
        inner.rebuild_by_id();
        Ok(Index {
            inner: Arc::new(inner),
        })
    }
}

/// `items.iter().map(f)` on up to `threads` scoped threads that take chunks of 64 items
/// in turn (a slow thread does not hold the others up); the output is in input order,
/// whatever the thread count. A chunk whose thread failed is redone on this thread.
fn par_map<'a, T: Sync, U: Send>(
    items: &'a [T],
    threads: usize,
    f: impl Fn(&'a T) -> U + Sync,
) -> Vec<U> {
    par_map_after(items, threads, f, || ()).0
}

/// [`par_map`] where this thread first runs `first` (while the other threads already
/// map) and then maps too: serial work overlapped with parallel work.
fn par_map_after<'a, T: Sync, U: Send, R>(
    items: &'a [T],
    threads: usize,
    f: impl Fn(&'a T) -> U + Sync,
    first: impl FnOnce() -> R,
) -> (Vec<U>, R) {
    par_map_after_by(items, threads, 64, f, first)
}

/// [`par_map_after`] where the threads take `chunk` items at a time.
fn par_map_after_by<'a, T: Sync, U: Send, R>(
    items: &'a [T],
    threads: usize,
    chunk: usize,
    f: impl Fn(&'a T) -> U + Sync,
    first: impl FnOnce() -> R,
) -> (Vec<U>, R) {
    let chunk = chunk.max(1);
    let chunks = items.len().div_ceil(chunk);
    if threads <= 1 || chunks <= 1 {
        let r = first();
        return (items.iter().map(f).collect(), r);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let part = |c: usize| items.get(c * chunk..((c + 1) * chunk).min(items.len()));
    let work = || {
        let mut out = Vec::new();
        loop {
            let c = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(p) = part(c) else { break };
            out.push((c, p.iter().map(&f).collect::<Vec<U>>()));
        }
        out
    };
    let (mut done, r): (Vec<(usize, Vec<U>)>, R) = std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads.min(chunks)).map(|_| s.spawn(work)).collect();
        let r = first();
        let mut done = work();
        for h in handles {
            done.extend(h.join().unwrap_or_default());
        }
        (done, r)
    });
    done.sort_unstable_by_key(|x| x.0);
    let mut out = Vec::with_capacity(items.len());
    let mut expect = 0;
    for (c, v) in done {
        while expect < c {
            out.extend(part(expect).unwrap_or(&[]).iter().map(&f));
            expect += 1;
        }
        out.extend(v);
        expect = c + 1;
    }
    while expect < chunks {
        out.extend(part(expect).unwrap_or(&[]).iter().map(&f));
        expect += 1;
    }
    (out, r)
}

/// `articles` without those whose id comes again later (later duplicates replace earlier
/// ones, as repeated inserts would), in order. Each id is read once, to hash it; ids
/// are compared only where hashes are equal.
fn last_of_each_id(articles: Vec<&Article>) -> Vec<&Article> {
    last_of_each_id_by(articles, |id| fnv1a(id.as_str().as_bytes()))
}

/// [`last_of_each_id`] with the hash `hash` (the tests make every id collide).
fn last_of_each_id_by(articles: Vec<&Article>, hash: impl Fn(&ArticleId) -> u64) -> Vec<&Article> {
    let mut hashed: Vec<(u64, u32)> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (hash(&a.id), i as u32))
        .collect();
    hashed.sort_unstable();
    let mut keep = vec![true; articles.len()];
    let id = |i: u32| articles.get(i as usize).map(|a| &a.id);
    let mut run = 0;
    while let Some(&(h, _)) = hashed.get(run) {
        let end = run
            + hashed
                .get(run..)
                .map_or(0, |r| r.partition_point(|x| x.0 == h));
        if let Some(same) = hashed.get_mut(run..end).filter(|r| r.len() > 1) {
            // equal hashes: by id, then position; all but the last of each id go
            same.sort_unstable_by(|a, b| id(a.1).cmp(&id(b.1)).then(a.1.cmp(&b.1)));
            for pair in same.windows(2) {
                if let [a, b] = pair {
                    if id(a.1) == id(b.1) {
                        if let Some(k) = keep.get_mut(a.1 as usize) {
                            *k = false;
                        }
                    }
                }
            }
        }
        run = end;
    }
    articles
        .into_iter()
        .zip(keep)
        .filter_map(|(a, k)| k.then_some(a))
        .collect()
}

/// The article-id table of `docs` (as inserting them in slot order builds it).
fn by_id_table(docs: &[Option<Doc>]) -> TermTable {
    let mut table = TermTable::default();
    for (slot, d) in docs.iter().enumerate() {
        if let Some(d) = d {
            table.insert(fnv1a(d.id.as_str().as_bytes()), slot as u32, |s| {
                id_hash(docs.get(s as usize))
            });
        }
    }
    table
}

/// Reads every value of `values` ahead of a loop that would meet their memory one cold
/// miss at a time: the loads are independent of each other, so they overlap, and the
/// loop then finds them in cache. The values are only combined so that the loads are not
/// optimised away.
fn read_ahead<T: Into<u64>>(values: impl Iterator<Item = T>) {
    std::hint::black_box(values.fold(0u64, |x, v| x ^ v.into()));
}

/// [`read_ahead`] of one byte of every cache line of each slice (`byte` picks it from an
/// item).
fn touch_lines<'a, T: 'a>(slices: impl Iterator<Item = &'a [T]>, byte: impl Fn(&T) -> u8) {
    let step = (64 / std::mem::size_of::<T>().max(1)).max(1);
    read_ahead(slices.flat_map(|s| s.iter().step_by(step).map(&byte)));
}

/// The articles' stored vectors into cache ([`touch_lines`]): the rerank's dot products
/// are long dependent loops, and a cold vector read in one of them stalls it with
/// nothing else in flight.
fn warm<'a>(docs: impl Iterator<Item = &'a Doc>) {
    touch_lines(docs.map(|d| &*d.vec), |b| *b);
}

/// Hash of the id of the article in a `docs` entry (0 for an empty one).
fn id_hash(d: Option<&Option<Doc>>) -> u64 {
    d.and_then(Option::as_ref)
        .map_or(0, |d| fnv1a(d.id.as_str().as_bytes()))
}

fn unix(a: &Article) -> Option<i64> {
    a.published.map(|t| t.timestamp())
}

/// The term-frequency factor of a weight: BM25's saturation `tf (k₁ + 1) / (tf + k₁)`
/// for `k1 > 0` ([`Config::tf_saturation`]), else the logarithmic `1 + ln tf`.
fn sublinear(tf: f32, k1: f32) -> f32 {
    let tf = tf.max(0.0);
    if k1 > 0.0 {
        tf * (k1 + 1.0) / (tf + k1)
    } else if tf >= 1.0 {
        1.0 + tf.ln()
    } else {
        tf
    }
}

fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += x.1 * y.1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(*x);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Adds a posting list, weighted by the query term's weight `qw`, to the accumulator;
/// returns the new count of touched slots. `touched` is written without a branch: every
/// slot is stored at position `n`, which only moves on when the slot was untouched
/// (scores are positive, so a slot is untouched only once; the test mispredicted on
/// many postings). A free function over slices, so the loop keeps its bounds and
/// cursors in registers.
fn accumulate(
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

/// Whether a filter may reject most articles (anything but the published status). Every
/// field is named, so a new filter field has to be placed here.
fn narrows(filter: &Filter) -> bool {
    let Filter {
        category,
        window_days,
        only_older,
        published_only: _,
    } = filter;
    category.is_some() || window_days.is_some() || *only_older
}

/// Lighter query terms ([`Config::seed_terms`]) stop finding new articles once this many
/// per candidate wanted have been found.
const SEEDED_PER_CANDIDATE: usize = 10;

/// [`accumulate`] for a term that finds no new candidates ([`Config::seed_terms`]): adds
/// to the slots already touched (non-zero) only.
fn accumulate_found(list: &[Posting], qw: f32, by_q: &[f32; 256], acc: &mut [f32]) {
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

/// Per-thread candidate scratch, reused across queries.
#[derive(Default)]
struct Scratch {
    /// The accumulator: one score per slot, all zero between queries.
    acc: Vec<f32>,
    /// The slots the query touched (the first `n`, in the order first touched).
    touched: Vec<u32>,
    /// Their scores, in the same order.
    scores: Vec<f32>,
    /// Histogram of the scores by [`bucket`].
    hist: Vec<u32>,
    /// The selected `(slot, score)` pairs.
    all: Vec<(u32, f32)>,
}

/// The candidate score histogram counts every `SAMPLE`-th touched article.
const SAMPLE: usize = 8;

/// Buckets of the candidate score histogram: the top 11 bits of a non-negative `f32`
/// (exponent and 3 mantissa bits), an order-preserving key with 12.5 % wide buckets.
const HIST_BUCKETS: usize = 1 << 11;

/// The histogram bucket of a non-negative score (monotone: `a <= b` ⇒
/// `bucket(a) <= bucket(b)`).
fn bucket(s: f32) -> usize {
    (s.to_bits() >> 20) as usize & (HIST_BUCKETS - 1)
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

#[cfg(test)]
thread_local! {
    /// Queries whose candidates were selected above a sampled floor, and queries whose
    /// floor was too high (fewer than `limit` scores reached it, so all scores were
    /// selected from): lets the tests see both paths run.
    static FLOOR_STATS: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// TF-IDF weights of an analysed article's terms with the statistics `df` over `live`
/// articles, pruned to [`Config::vector_terms`] and L2-normalised: `(entry index in
/// `analyzed`, weight)`, in a deterministic order.
///
/// Terms no other article has cannot match anything and are left out
/// (`counted`: the article itself is already in the statistics).
fn weigh_entries(
    df: &Sketch,
    live: u32,
    config: &Config,
    analyzed: Analysed<'_>,
    counted: bool,
    tables: Option<&WeighTables>,
) -> Vec<(u32, f32)> {
    let n = live.max(1) as f32;
    let min_df = if counted { 2 } else { 1 };
    if tables.is_some() {
        // the article's counters read ahead (the counter array is larger than the caches)
        read_ahead(
            analyzed
                .hashes()
                .map(|(h, _)| df.rows.get(Sketch::slot(h)).copied().unwrap_or(0)),
        );
    }
    let mut v: Vec<(u32, f32)> = Vec::with_capacity(analyzed.len());
    v.extend(analyzed.hashes().enumerate().filter_map(|(i, (h, tf))| {
        let df = df.get(h);
        (df >= min_df).then(|| {
            let idf = match tables.and_then(|t| t.idf.get(df as usize)) {
                Some(&idf) => idf,
                None => idf_of(df, n, config),
            };
            let sub = match tables {
                // weighted frequencies are mostly small whole numbers
                Some(t) if tf >= 0.0 && (tf as usize) < t.sub.len() && tf as usize as f32 == tf => {
                    t.sub
                        .get(tf as usize)
                        .copied()
                        .unwrap_or_else(|| sublinear(tf, config.tf_saturation))
                }
                _ => sublinear(tf, config.tf_saturation),
            };
            (i as u32, sub * idf)
        })
    }));
    let keep = config.vector_terms.max(1);
    if v.len() > keep {
        v.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1));
        v.truncate(keep);
    }
    let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in &mut v {
            x.1 /= norm;
        }
    }
    v
}

/// A build's lookup tables for [`weigh_entries`] (same results, less work).
struct WeighTables {
    /// IDF of every counter value (the counters are 16-bit): one logarithm per value,
    /// not per term.
    idf: Vec<f32>,
    /// `sublinear(tf, k1)` of the whole numbers `tf` below 64.
    sub: Vec<f32>,
}

impl WeighTables {
    fn new(n: f32, config: &Config) -> Self {
        let idf = (0..=u32::from(u16::MAX))
            .map(|d| idf_of(d, n, config))
            .collect();
        let sub = (0..64u8)
            .map(|tf| sublinear(f32::from(tf), config.tf_saturation))
            .collect();
        WeighTables { idf, sub }
    }
}

/// Inverse document frequency of a term in `df` of `n` articles.
fn idf_of(df: u32, n: f32, config: &Config) -> f32 {
    let df_eff = (df as f32).max(config.idf_floor * n);
    (1.0 + n / df_eff).ln()
}

/// Articles a build analyses, weighs and places at a time.
const BATCH: usize = 4096;

/// A term without an id when its batch began.
const NOT_YET: u32 = u32::MAX;

/// A build's term ids by key (`hash & mask`), checked against the strings as they are
/// given.
struct BuildKeys {
    ids: KeyTable,
    mask: u64,
    /// Two different terms met under one key.
    collided: bool,
}

/// Bytes of a term kept in its [`KeySlot`].
const HEAD: usize = 16;

/// A [`KeyTable`] slot: a key, its id + 1 (0: empty) and its term's length and first
/// [`HEAD`] bytes, so that checking a term against its key's usually needs no other
/// memory (32 bytes, aligned: one cache line).
#[derive(Clone, Copy, Default)]
#[repr(align(32))]
struct KeySlot {
    key: u64,
    id1: u32,
    len: u32,
    head: [u8; HEAD],
}

impl KeySlot {
    fn new(key: u64, id1: u32, t: &str) -> KeySlot {
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

    fn id(&self) -> u32 {
        self.id1.wrapping_sub(1)
    }

    /// Whether the slot's term is `t`: `None` when only the whole strings can tell
    /// (both longer than [`HEAD`] bytes, with the same length and head).
    fn holds(&self, t: &str) -> Option<bool> {
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
#[derive(Default)]
struct KeyTable {
    slots: Vec<KeySlot>,
    len: usize,
}

impl KeyTable {
    /// A table that takes `n` keys without growing.
    fn with_capacity(n: usize) -> KeyTable {
        let mut cap = 1024;
        while cap < n.saturating_mul(2) {
            cap *= 2;
        }
        KeyTable {
            slots: vec![KeySlot::default(); cap],
            len: 0,
        }
    }

    fn home(key: u64, bits: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// The slot of `key`, if it has one.
    fn get(&self, key: u64) -> Option<&KeySlot> {
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
    fn touch(&self, keys: impl Iterator<Item = u64>) {
        let Some(mask) = self.slots.len().checked_sub(1) else {
            return;
        };
        let bits = mask.count_ones();
        read_ahead(keys.map(|key| self.slots.get(Self::home(key, bits)).map_or(0, |s| s.id1)));
    }

    /// The slot of `key`, or `None` after giving it `next` for term `t`.
    fn get_or_insert(&mut self, key: u64, next: u32, t: &str) -> Option<KeySlot> {
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

    fn put(&mut self, new: KeySlot) {
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

/// An article's ids ([`Inner::intern_article`]): `(term id, weight)` in the order of its
/// weights, tag ids, document term ids, category id, slot.
struct Interned {
    vec: Vec<(u32, f32)>,
    tags: Vec<u32>,
    documents: Vec<u32>,
    category: Option<u32>,
    slot: u32,
}

/// An article's weights ([`weigh_entries`]), their SimHash and its terms' fingerprint.
type Weighed = (Vec<(u32, f32)>, (u64, u64));

/// A batch to shape: its articles, their analyses, and their hashes (as in [`Weighed`])
/// and ids.
type ToShape<'a> = (&'a [&'a Article], Parts, Vec<((u64, u64), Interned)>);

/// Articles a build analyses to one [`Analyses`] (a thread's unit of work; one
/// allocation for their terms, one for their text).
const PART: usize = 64;

/// A batch of a build, analysed [`PART`] articles to an [`Analyses`].
#[derive(Debug, Default)]
struct Parts(Vec<Analyses>);

impl Parts {
    fn len(&self) -> usize {
        self.0.iter().map(Analyses::articles).sum()
    }

    /// Article `d` of the batch.
    fn get(&self, d: usize) -> Option<Analysed<'_>> {
        self.0.get(d / PART)?.get(d % PART)
    }

    fn iter(&self) -> impl Iterator<Item = Analysed<'_>> {
        self.0
            .iter()
            .flat_map(|p| (0..p.articles()).filter_map(move |i| p.get(i)))
    }
}

/// A build's parallel work while a batch is interned: shaping the previous batch's
/// articles, weighing the next batch's.
enum Job {
    /// A chunk of [`PART`] articles shaped, and the `(term id, posting)`s they post, in
    /// article order (one buffer a chunk: no allocation an article to free later on the
    /// serial thread).
    Shaped(Vec<Shaped>, Vec<(u32, Posting)>),
    Weighed(Vec<Weighed>),
}

/// An article ready to install ([`shape`]): its document and with
/// [`Config::exact_edits`] its counter slots (its postings go to the buffer given to
/// [`shape`]).
struct Shaped {
    slot: u32,
    doc: Doc,
    df_slots: Option<Box<[u8]>>,
}

thread_local! {
    /// [`shape`]'s sorted vector, kept between articles.
    static SHAPE_VEC: std::cell::Cell<Vec<(u32, f32)>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The part of placing an article that needs no index state (and runs in parallel in a
/// build): sorts its ids, picks the postings (appended to `posted`), encodes its vector;
/// given the SimHash of its weights and its [`terms_fingerprint`].
fn shape(
    config: &Config,
    weighting: u8,
    article: &Article,
    analyzed: Analysed<'_>,
    interned: &Interned,
    (simhash, terms_fp): (u64, u64),
    posted: &mut Vec<(u32, Posting)>,
) -> Shaped {
    let (mut tags, mut documents) = (interned.tags.clone(), interned.documents.clone());
    let (category, slot) = (interned.category, interned.slot);
    // the vector sorted by term id, in the thread's buffer (no allocation an article)
    let mut vec = SHAPE_VEC.with(std::cell::Cell::take);
    vec.clear();
    vec.extend_from_slice(&interned.vec);
    sort_by_term(&mut vec);
    tags.sort_unstable();
    tags.dedup();
    documents.sort_unstable();
    documents.dedup();
    let (enc, scale) = encode(&vec);
    // Post only the heaviest terms (impact-ordered lists), in impact order as the rerank
    // sees it: a short article's weights are high only because its vector is normalised
    // over few terms.
    let f = if weighting >= DAMPED_POSTINGS {
        length_factor(vec.len(), config)
    } else {
        1.0
    };
    let post = |&(t, w): &(u32, f32)| (t, Posting::new(slot, w * f));
    let n_post = config.terms_per_doc.max(1);
    if vec.len() > n_post {
        // (the vector is encoded: selecting reorders it in place)
        vec.select_nth_unstable_by(n_post - 1, |a, b| b.1.total_cmp(&a.1));
        vec.truncate(n_post);
    }
    posted.extend(vec.iter().map(post));
    if vec.capacity() <= 1 << 16 {
        SHAPE_VEC.with(|c| c.set(vec));
    }
    let doc = Doc {
        id: article.id.clone(),
        vec: enc,
        scale,
        tags: tags.into_boxed_slice(),
        documents: documents.into_boxed_slice(),
        category,
        published: unix(article),
        is_published: article.status == Status::Published,
        handpicked: article.related.clone().into_boxed_slice(),
        body_hash: analyzed.body_hash,
        simhash,
        terms_fp,
    };
    Shaped {
        slot,
        doc,
        df_slots: config.exact_edits.then(|| encode_slots(analyzed)),
    }
}

impl Inner {
    fn new(config: Config) -> Self {
        Inner {
            config,
            docs: Vec::new(),
            free: Vec::new(),
            by_id: TermTable::default(),
            term_text: String::new(),
            term_starts: vec![0],
            term_ids: TermTable::default(),
            postings: Postings::default(),
            tag_names: Vec::new(),
            tag_ids: HashMap::new(),
            tag_postings: Vec::new(),
            category_slugs: Vec::new(),
            category_ids: HashMap::new(),
            df: Sketch::new(),
            df_slots: Vec::new(),
            live: 0,
            precomputed: None,
            weighting: WEIGHTING,
        }
    }

    fn doc(&self, slot: u32) -> Option<&Doc> {
        self.docs.get(slot as usize).and_then(Option::as_ref)
    }

    fn term_str(&self, id: u32) -> Option<&str> {
        let a = *self.term_starts.get(id as usize)? as usize;
        let b = *self.term_starts.get(id as usize + 1)? as usize;
        self.term_text.get(a..b)
    }

    fn term_id(&self, t: &str) -> Option<u32> {
        self.term_id_hashed(fnv1a(t.as_bytes()), t)
    }

    /// [`Inner::term_id`] with the term's hash already known (`h = fnv1a(t)`).
    fn term_id_hashed(&self, h: u64, t: &str) -> Option<u32> {
        self.term_ids.find(h, |id| self.term_str(id) == Some(t))
    }

    #[cfg(test)]
    fn intern_term(&mut self, t: &str) -> u32 {
        self.intern_term_hashed(fnv1a(t.as_bytes()), t)
    }

    /// [`Inner::intern_term`] with the term's hash already known (`h = fnv1a(t)`).
    fn intern_term_hashed(&mut self, h: u64, t: &str) -> u32 {
        if let Some(id) = self.term_id_hashed(h, t) {
            return id;
        }
        let id = (self.term_starts.len() - 1) as u32;
        self.term_text.push_str(t);
        self.term_starts.push(self.term_text.len() as u32);
        let (starts, text) = (&self.term_starts, &self.term_text);
        self.term_ids.insert(h, id, |i| {
            let a = starts.get(i as usize).copied().unwrap_or(0) as usize;
            let b = starts.get(i as usize + 1).copied().unwrap_or(0) as usize;
            fnv1a(text.get(a..b).unwrap_or("").as_bytes())
        });
        self.postings.push_term();
        id
    }

    /// Build-time interning by key ([`BuildKeys`]): no hashing of strings, and the
    /// string → id table is left for [`Inner::rebuild_term_ids`] at the end. A term that
    /// meets another's key sets [`BuildKeys::collided`].
    fn intern_by_key(&mut self, keys: &mut BuildKeys, h: u64, t: &str) -> u32 {
        let next = (self.term_starts.len() - 1) as u32;
        match keys.ids.get_or_insert(h & keys.mask, next, t) {
            None => {
                self.term_text.push_str(t);
                self.term_starts.push(self.term_text.len() as u32);
                self.postings.push_term();
                next
            }
            Some(slot) => {
                let id = slot.id();
                if !slot
                    .holds(t)
                    .unwrap_or_else(|| self.term_str(id) == Some(t))
                {
                    keys.collided = true;
                }
                id
            }
        }
    }

    /// Rebuilds the article-id table from the documents (after deserialising).
    fn rebuild_by_id(&mut self) {
        self.by_id = by_id_table(&self.docs);
    }

    /// Rebuilds the term table from the term strings (after deserialising).
    fn rebuild_term_ids(&mut self) {
        let n = self.term_starts.len().saturating_sub(1);
        let mut table = TermTable::default();
        for id in 0..n as u32 {
            let h = fnv1a(self.term_str(id).unwrap_or("").as_bytes());
            if table
                .find(h, |i| self.term_str(i) == self.term_str(id))
                .is_none()
            {
                let (starts, text) = (&self.term_starts, &self.term_text);
                table.insert(h, id, |i| {
                    let a = starts.get(i as usize).copied().unwrap_or(0) as usize;
                    let b = starts.get(i as usize + 1).copied().unwrap_or(0) as usize;
                    fnv1a(text.get(a..b).unwrap_or("").as_bytes())
                });
            }
        }
        self.term_ids = table;
    }

    fn intern_tag(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.tag_ids.get(t) {
            return id;
        }
        let id = self.tag_names.len() as u32;
        self.tag_names.push(t.into());
        self.tag_ids.insert(t.into(), id);
        self.tag_postings.push(Vec::new());
        id
    }

    fn intern_category(&mut self, s: &Slug) -> u32 {
        if let Some(&id) = self.category_ids.get(s) {
            return id;
        }
        let id = self.category_slugs.len() as u32;
        self.category_slugs.push(s.clone());
        self.category_ids.insert(s.clone(), id);
        id
    }

    /// TF-IDF weights with the current statistics, pruned and L2-normalised
    /// ([`weigh_entries`] with this index's statistics).
    fn weigh<'a>(&self, analyzed: Analysed<'a>, counted: bool) -> Vec<(u64, &'a str, f32)> {
        weigh_entries(&self.df, self.live, &self.config, analyzed, counted, None)
            .into_iter()
            .map(|(i, w)| {
                let (h, t) = analyzed.entry(i);
                (h, t, w)
            })
            .collect()
    }

    /// [`Inner::add_df`] of every article of `all`.
    fn add_df_all(&mut self, all: &Analyses) {
        for (h, _) in all.all_hashes() {
            self.df.add(h);
        }
    }

    fn add_df(&mut self, analyzed: Analysed<'_>) {
        for (h, _) in analyzed.hashes() {
            self.df.add(h);
        }
    }

    /// Adds an analysed article whose document frequencies are already counted
    /// ([`Inner::intern_article`], [`shape`], then [`Inner::install`]).
    ///
    /// `weighted`: the article's weights (from [`Inner::weigh`]) and `simhash` their
    /// SimHash; the article's posting lists stay impact-ordered.
    fn place(
        &mut self,
        article: &Article,
        analyzed: Analysed<'_>,
        weighted: &[(u64, &str, f32)],
        simhash: u64,
    ) {
        let interned = self.intern_article(article, analyzed, weighted);
        let mut posted = Vec::new();
        let shaped = shape(
            &self.config,
            self.weighting,
            article,
            analyzed,
            &interned,
            (simhash, terms_fingerprint(analyzed)),
            &mut posted,
        );
        self.install(article, shaped, Some(&posted));
    }

    /// The serial part of placing an article: its term, tag and category ids (terms in
    /// the order of `weighted`, then its documents: that order fixes new terms' ids) and
    /// its slot.
    fn intern_article(
        &mut self,
        article: &Article,
        analyzed: Analysed<'_>,
        weighted: &[(u64, &str, f32)],
    ) -> Interned {
        let vec: Vec<(u32, f32)> = weighted
            .iter()
            .map(|&(h, t, w)| (self.intern_term_hashed(h, t), w))
            .collect();
        let documents: Vec<u32> = analyzed
            .documents
            .iter()
            .map(|d| self.intern_term_hashed(fnv1a(d.as_bytes()), d))
            .collect();
        self.intern_rest(article, analyzed, vec, documents)
    }

    /// [`Inner::intern_article`] in a keyed build ([`BuildKeys`]): `known` holds the
    /// article's weighted terms (`weights`: [`weigh_entries`]), then its documents, as
    /// `(id, weight)` with the ids they had when their batch began; the others
    /// ([`NOT_YET`]) are given here by key, in that order.
    fn intern_known(
        &mut self,
        keys: &mut BuildKeys,
        article: &Article,
        analyzed: Analysed<'_>,
        weights: &[(u32, f32)],
        mut known: Vec<(u32, f32)>,
    ) -> Interned {
        let n = weights.len();
        for (k, slot) in known.iter_mut().enumerate() {
            if slot.0 != NOT_YET {
                continue;
            }
            let (h, t) = match weights.get(k) {
                Some(&(i, _)) => analyzed.entry(i),
                None => {
                    let d = analyzed.documents.get(k - n).map_or("", String::as_str);
                    (fnv1a(d.as_bytes()), d)
                }
            };
            slot.0 = self.intern_by_key(keys, h, t);
        }
        let documents = known.get(n..).unwrap_or(&[]).iter().map(|x| x.0).collect();
        known.truncate(n);
        self.intern_rest(article, analyzed, known, documents)
    }

    /// The rest of [`Inner::intern_article`]: tags, category, slot.
    fn intern_rest(
        &mut self,
        article: &Article,
        analyzed: Analysed<'_>,
        vec: Vec<(u32, f32)>,
        documents: Vec<u32>,
    ) -> Interned {
        let tags: Vec<u32> = analyzed.tags.iter().map(|t| self.intern_tag(t)).collect();
        let category = article
            .category
            .as_ref()
            .map(|c| self.intern_category(&c.slug));
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.docs.push(None);
                (self.docs.len() - 1) as u32
            }
        };
        Interned {
            vec,
            tags,
            documents,
            category,
            slot,
        }
    }

    /// The serial end of placing an article: its postings (`posted`: inserted into the
    /// posting lists, which stay impact-ordered; `None` in a build, which stages them
    /// by chunk, sorts and installs them afterwards, and fills the article-id table),
    /// its document, its id.
    fn install(&mut self, article: &Article, shaped: Shaped, posted: Option<&[(u32, Posting)]>) {
        let Shaped {
            slot,
            doc,
            df_slots,
        } = shaped;
        // a build fills the article-id table at its end
        let build = posted.is_none();
        for &(t, p) in posted.unwrap_or_default() {
            if let Some(list) = self.postings.list_mut(t) {
                let mut v = std::mem::take(list).into_vec();
                let pos = v.partition_point(|x| x.before(p));
                v.insert(pos, p);
                *list = v.into_boxed_slice();
            }
        }
        for &t in doc.tags.iter() {
            if let Some(list) = self.tag_postings.get_mut(t as usize) {
                list.push(slot);
            }
        }
        if let Some(slots) = df_slots {
            if self.df_slots.len() <= slot as usize {
                self.df_slots.resize_with(slot as usize + 1, Box::default);
            }
            if let Some(x) = self.df_slots.get_mut(slot as usize) {
                *x = slots;
            }
        }
        if let Some(s) = self.docs.get_mut(slot as usize) {
            *s = Some(doc);
        }
        if build {
            return;
        }
        let docs = &self.docs;
        self.by_id
            .insert(fnv1a(article.id.as_str().as_bytes()), slot, |s| {
                id_hash(docs.get(s as usize))
            });
    }

    /// The slot of the indexed article `id`.
    fn slot_of(&self, id: &ArticleId) -> Option<u32> {
        self.by_id.find(fnv1a(id.as_str().as_bytes()), |s| {
            self.doc(s).is_some_and(|d| d.id == *id)
        })
    }

    fn remove(&mut self, id: &ArticleId) -> bool {
        let docs = &self.docs;
        let found = self.by_id.remove(fnv1a(id.as_str().as_bytes()), |s| {
            docs.get(s as usize)
                .and_then(Option::as_ref)
                .is_some_and(|d| d.id == *id)
        });
        let Some(slot) = found else {
            return false;
        };
        let Some(doc) = self.docs.get_mut(slot as usize).and_then(Option::take) else {
            return false;
        };
        for (t, _) in decode(&doc.vec, doc.scale) {
            if let Some(list) = self.postings.existing_mut(t) {
                if list.iter().any(|p| p.slot() == slot) {
                    *list = list.iter().copied().filter(|p| p.slot() != slot).collect();
                }
            }
        }
        if let Some(x) = self.df_slots.get_mut(slot as usize) {
            let df = &mut self.df;
            for_each_slot(&std::mem::take(x), |s| df.sub_slot(s));
        }
        for &t in doc.tags.iter() {
            if let Some(list) = self.tag_postings.get_mut(t as usize) {
                list.retain(|&s| s != slot);
            }
        }
        self.free.push(slot);
        self.live = self.live.saturating_sub(1);
        self.precomputed = None;
        true
    }

    fn insert(&mut self, article: &Article) {
        let existed = self.remove(&article.id);
        // statistics include the new article, as in a rebuild. A replaced article's
        // counts were subtracted by `remove` with `exact_edits`; without it they stay
        // (and the new version's terms are not counted again).
        self.place_new(article, !existed || self.config.exact_edits);
    }

    /// Analyses and places an article whose id is not indexed; `count`: add its terms
    /// to the document frequencies.
    fn place_new(&mut self, article: &Article, count: bool) {
        let all = analyze_compact(article, &self.config);
        let analyzed = all.view();
        self.live += 1;
        if count {
            self.add_df(analyzed);
        }
        let weighted = self.weigh(analyzed, true);
        let sim = simhash(weighted.iter().map(|&(_, t, w)| (t, w)));
        self.place(article, analyzed, &weighted, sim);
        self.precomputed = None;
    }

    /// Removes the indexed version of `old.id`, subtracting `old`'s document frequencies
    /// when `old` is that version (same analysed terms).
    fn remove_version(&mut self, old: &Article) -> Edit {
        let Some(slot) = self.slot_of(&old.id) else {
            return Edit::NotIndexed;
        };
        if self.config.exact_edits {
            self.remove(&old.id);
            return Edit::Exact;
        }
        let all = analyze_compact(old, &self.config);
        let analyzed = all.view();
        let same = self
            .doc(slot)
            .is_some_and(|d| d.terms_fp == terms_fingerprint(analyzed));
        self.remove(&old.id);
        if !same {
            return Edit::Stale;
        }
        for (h, _, _) in analyzed.terms() {
            self.df.sub_slot(Sketch::slot(h));
        }
        Edit::Exact
    }

    fn passes(&self, filter: &Filter, q_published: Option<i64>, d: &Doc) -> bool {
        if filter.published_only && !d.is_published {
            return false;
        }
        if let Some(c) = &filter.category {
            match (self.category_ids.get(c), d.category) {
                (Some(want), Some(have)) if *want == have => {}
                _ => return false,
            }
        }
        if let (Some(q), Some(p)) = (q_published, d.published) {
            if filter.only_older && p >= q {
                return false;
            }
            if let Some(w) = filter.window_days {
                if (q - p).unsigned_abs() > u64::from(w) * 86_400 {
                    return false;
                }
            }
        }
        true
    }

    fn tag_idf(&self, t: u32) -> f32 {
        let df = self.tag_postings.get(t as usize).map_or(0, Vec::len).max(1) as f32;
        (1.0 + self.live.max(1) as f32 / df).ln()
    }

    /// The query's heaviest [`Config::query_terms`] terms, sorted by term id.
    /// The [`Config::query_terms`] heaviest terms of a query vector, heaviest first
    /// (ties: lower term id first).
    fn query_terms(&self, v: &[(u32, f32)]) -> Vec<(u32, f32)> {
        let mut v = v.to_vec();
        let heavier = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let n = self.config.query_terms.max(1);
        if v.len() > n {
            v.select_nth_unstable_by(n - 1, heavier);
            v.truncate(n);
        }
        v.sort_unstable_by(heavier);
        v
    }

    /// Candidate generation over the inverted index: `(slot, partial score)`, best first.
    /// `terms` come heaviest first (the first [`Config::seed_terms`] find candidates).
    fn candidate_slots(
        &self,
        terms: &[(u32, f32)],
        tags: &[u32],
        exclude: Option<u32>,
        filter: &Filter,
        published: Option<i64>,
        limit: usize,
    ) -> Vec<(u32, f32)> {
        let run = |scratch: &mut Scratch| {
            let Scratch {
                acc,
                touched,
                scores,
                hist,
                all,
            } = scratch;
            if acc.len() < self.docs.len() {
                acc.resize(self.docs.len(), 0.0);
            }
            // (see `accumulate` for how `touched` is written)
            if touched.len() < self.docs.len() {
                touched.resize(self.docs.len(), 0);
            }
            let mut n = 0usize;
            let df_cap = (self.config.max_df_ratio * self.live as f32) as usize;
            let add = |slot: u32, s: f32, acc: &mut [f32], touched: &mut [u32], n: &mut usize| {
                if let Some(a) = acc.get_mut(slot as usize) {
                    if let Some(x) = touched.get_mut(*n) {
                        *x = slot;
                    }
                    *n += usize::from(*a == 0.0);
                    *a += s;
                }
            };
            // posting weight by quantised value, computed as `Posting::weight` does (the
            // same bits, without a division per posting)
            let mut by_q = [0.0f32; 256];
            for (q, w) in by_q.iter_mut().enumerate() {
                let mut bytes = [0u8; 5];
                if let Some(b) = bytes.get_mut(4) {
                    *b = q as u8;
                }
                *w = Posting(bytes).weight();
            }
            // the part of each list to read
            let lists = terms.iter().filter_map(|&(t, qw)| {
                let list = self.postings.get(t)?;
                if list.len() > ALWAYS_READ && list.len() > df_cap {
                    return None;
                }
                Some((list.get(..self.config.max_postings).unwrap_or(list), qw))
            });
            // One byte of each of their cache lines first: in a query's first run the
            // lists are in main memory, and these independent loads overlap, where the
            // accumulation loop meets each list's first lines one list at a time
            // (accumulation 42 -> 40 µs a query at 148.8k, measured alternately).
            touch_lines(lists.clone().map(|(list, _)| list), |p| p.q());
            // The heaviest `seed_terms` terms (they come first) find the candidates; the
            // others only add to the scores of articles already found, once there are
            // enough of those to choose from (and not when a filter may reject most).
            let enough = if narrows(filter) {
                usize::MAX
            } else {
                SEEDED_PER_CANDIDATE.saturating_mul(limit.max(1))
            };
            for (i, (list, qw)) in lists.enumerate() {
                if i < self.config.seed_terms.max(1) || n < enough {
                    n = accumulate(list, qw, &by_q, acc, touched, n);
                } else {
                    accumulate_found(list, qw, &by_q, acc);
                }
            }
            if self.config.tag_weight > 0.0 && !tags.is_empty() {
                let total: f32 = tags.iter().map(|&t| self.tag_idf(t)).sum();
                for &t in tags {
                    let Some(list) = self.tag_postings.get(t as usize) else {
                        continue;
                    };
                    let s = self.config.tag_weight * self.tag_idf(t) / total.max(f32::EPSILON);
                    for &slot in list.iter().take(self.config.max_postings) {
                        add(slot, s, acc, touched, &mut n);
                    }
                }
            }
            // Collection: each touched slot's score goes to `scores` (in touched order)
            // and the accumulator is cleared. Selection floor: a histogram of every
            // `SAMPLE`-th score by its top bits (monotone in the score) estimates a floor
            // that about twice `limit` scores reach; only the scores at or above it are
            // selected from. If fewer than `limit` reach it, all scores are (so the
            // selection is exact either way).
            let limit = limit.max(1);
            let touched = touched.get(..n).unwrap_or(touched.as_slice());
            scores.clear();
            scores.extend(
                touched
                    .iter()
                    .map(|&slot| match acc.get_mut(slot as usize) {
                        Some(a) => std::mem::replace(a, 0.0),
                        None => 0.0,
                    }),
            );
            hist.clear();
            hist.resize(HIST_BUCKETS, 0);
            for &s in scores.iter().step_by(SAMPLE) {
                if let Some(h) = hist.get_mut(bucket(s)) {
                    *h += 1;
                }
            }
            let need = 2 * limit.div_ceil(SAMPLE);
            let mut floor = 0.0f32;
            let mut above = 0usize;
            for (b, &c) in hist.iter().enumerate().rev() {
                above += c as usize;
                if above >= need {
                    floor = f32::from_bits((b as u32) << 20);
                    break;
                }
            }
            let keep = |slot: u32, s: f32| s > 0.0 && Some(slot) != exclude;
            // every touched article the query may return, in touched order
            let all_kept = |all: &mut Vec<(u32, f32)>| {
                all.clear();
                all.extend(
                    touched
                        .iter()
                        .zip(scores.iter())
                        .filter(|&(&slot, &s)| keep(slot, s))
                        .map(|(&slot, &s)| (slot, s)),
                );
            };
            all.clear();
            for (&slot, &s) in touched.iter().zip(scores.iter()) {
                if s >= floor && keep(slot, s) {
                    all.push((slot, s));
                }
            }
            if all.len() < limit && floor > 0.0 {
                #[cfg(test)]
                FLOOR_STATS.with(|m| m.set((m.get().0, m.get().1 + 1)));
                all_kept(all);
            }
            #[cfg(test)]
            if floor > 0.0 && all.len() >= limit {
                FLOOR_STATS.with(|m| m.set((m.get().0 + 1, m.get().1)));
            }
            let best_first =
                |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if all.len() > limit {
                all.select_nth_unstable_by(limit - 1, best_first);
                all.truncate(limit);
            }
            let passes = |&(slot, _): &(u32, f32)| {
                self.doc(slot)
                    .is_some_and(|d| self.passes(filter, published, d))
            };
            let mut out: Vec<(u32, f32)> = if all.iter().all(passes) {
                all.clone()
            } else {
                // Some of the best fail the filters. Filters are checked on the best
                // scores first (each check reads an article's record): the best
                // 4 × `limit` of all touched articles, then, if too few of those pass,
                // the rest.
                all_kept(all);
                let head = (4 * limit).min(all.len());
                if head > limit && head < all.len() {
                    all.select_nth_unstable_by(head - 1, best_first);
                }
                let (first, rest) = all.split_at(head);
                let mut out: Vec<(u32, f32)> = first.iter().copied().filter(passes).collect();
                if out.len() < limit {
                    out.extend(rest.iter().copied().filter(passes));
                }
                if out.len() > limit {
                    out.select_nth_unstable_by(limit - 1, best_first);
                    out.truncate(limit);
                }
                out
            };
            out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            out
        };
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => run(&mut s),
            Err(_) => run(&mut Scratch::default()),
        })
    }

    /// Scores one candidate against the query with every component.
    /// `words`: also list the shared terms, tags and documents (only for results).
    fn explain(&self, q: &Query<'_>, d: &Doc, words: bool) -> (f32, f32, Explanation) {
        let c = &self.config;
        let mut shared: Vec<(u32, f32)> = Vec::new();
        // the same sum whether or not the words are listed (the score is the sum of the
        // explained parts)
        let (cos, n_terms) = if words {
            shared.reserve(64);
            q.weights
                .dot_visit(&d.vec, d.scale, |t, p| shared.push((t, p)))
        } else {
            q.weights.dot_count(&d.vec, d.scale)
        };
        // the heaviest first (ties: lower term id first, the order `shared` is in)
        let heavier = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if shared.len() > EXPLAIN_TERMS {
            shared.select_nth_unstable_by(EXPLAIN_TERMS - 1, heavier);
            shared.truncate(EXPLAIN_TERMS);
        }
        shared.sort_unstable_by(heavier);
        let shared_terms = shared
            .iter()
            .take(EXPLAIN_TERMS)
            .filter_map(|(t, _)| self.term_str(*t))
            .map(|s| s.replace('_', " "))
            .collect();
        let shared_tag_ids = intersect(q.tags, &d.tags);
        let tags = if shared_tag_ids.is_empty() {
            0.0
        } else {
            let sq = |ts: &[u32]| ts.iter().map(|&t| self.tag_idf(t).powi(2)).sum::<f32>();
            let num = sq(&shared_tag_ids);
            c.tag_weight * num / (sq(q.tags).sqrt() * sq(&d.tags).sqrt()).max(f32::EPSILON)
        };
        let shared_doc_ids = intersect(q.documents, &d.documents);
        let documents = if shared_doc_ids.is_empty() {
            0.0
        } else {
            let m = q.documents.len().min(d.documents.len()).max(1) as f32;
            c.document_weight * shared_doc_ids.len() as f32 / m
        };
        let category = match (q.category, d.category) {
            (Some(a), Some(b)) if a == b => c.category_weight,
            _ => 0.0,
        };
        let days_apart = match (q.published, d.published) {
            (Some(a), Some(b)) => Some((a - b).abs() / 86_400),
            _ => None,
        };
        let recency = match (q.published, d.published) {
            (Some(a), Some(b)) if c.recency_days > 0.0 => {
                let days = (a - b).abs() as f32 / 86_400.0;
                c.recency_weight * (-days / c.recency_days).exp()
            }
            _ => 0.0,
        };
        let text = c.text_weight * cos * length_factor(n_terms, c);
        let why = Explanation {
            shared_terms,
            shared_tags: if words {
                shared_tag_ids
                    .iter()
                    .filter_map(|t| self.tag_names.get(*t as usize))
                    .map(|s| s.to_string())
                    .collect()
            } else {
                Vec::new()
            },
            shared_documents: if words {
                shared_doc_ids
                    .iter()
                    .filter_map(|t| self.term_str(*t))
                    .map(|s| s.to_string())
                    .collect()
            } else {
                Vec::new()
            },
            days_apart,
            handpicked: false,
            text,
            tags,
            documents,
            category,
            recency,
            feedback: 0.0,
        };
        (text + tags + documents + category + recency, cos, why)
    }

    /// Same body, or SimHashes within [`Config::near_duplicate_bits`] when both
    /// vectors have at least [`SIMHASH_MIN_TERMS`] entries (`terms`: the other side's).
    fn near_duplicate(&self, body_hash: u64, simhash: u64, terms: usize, d: &Doc) -> bool {
        if body_hash == EMPTY_BODY {
            return false;
        }
        body_hash == d.body_hash
            || (d.body_hash != EMPTY_BODY
                && terms >= SIMHASH_MIN_TERMS
                && stored_terms(d) >= SIMHASH_MIN_TERMS
                && (simhash ^ d.simhash).count_ones() <= self.config.near_duplicate_bits)
    }

    /// Exact rerank of candidate slots; hand-picked first, duplicates out, diversity.
    fn rerank(&self, q: &Query<'_>, candidates: &[u32], k: usize) -> Vec<Related> {
        let c = &self.config;
        let mut out: Vec<Related> = Vec::with_capacity(k);
        let mut picked: Vec<u32> = Vec::with_capacity(k);
        if k == 0 {
            return out;
        }
        let q_published = q.published;
        if c.handpicked_first {
            for id in q.handpicked {
                let Some(slot) = self.slot_of(id) else {
                    continue;
                };
                if Some(slot) == q.exclude || picked.contains(&slot) || out.len() >= k {
                    continue;
                }
                let Some(d) = self.doc(slot) else { continue };
                if !self.passes(&c.filter, q_published, d) {
                    continue;
                }
                let (score, _, mut why) = self.explain(q, d, q.words);
                why.handpicked = true;
                out.push(Related {
                    id: d.id.clone(),
                    score: 1.0 + score,
                    why,
                });
                picked.push(slot);
            }
        }
        warm(candidates.iter().filter_map(|&slot| self.doc(slot)));
        // (slot, score): explanations are built for the results only
        let mut scored: Vec<(u32, f32)> = Vec::with_capacity(candidates.len());
        for &slot in candidates {
            if Some(slot) == q.exclude || picked.contains(&slot) {
                continue;
            }
            let Some(d) = self.doc(slot) else { continue };
            if !self.passes(&c.filter, q_published, d) {
                continue;
            }
            if self.near_duplicate(q.body_hash, q.simhash, q.vec.len(), d) {
                continue;
            }
            scored.push((slot, self.explain(q, d, false).0));
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let feedback = self.feedback(&mut scored, k);
        let mut per_category: HashMap<u32, usize> = HashMap::new();
        let mut picked_vecs: Vec<Vec<(u32, f32)>> = picked
            .iter()
            .filter_map(|p| self.doc(*p))
            .map(|d| decode(&d.vec, d.scale))
            .collect();
        let lambda = c.mmr_lambda.map(|l| l.clamp(0.0, 1.0));
        while out.len() < k && !scored.is_empty() {
            // Pick the next result: best score, or best MMR value.
            let mut best: Option<(usize, f32)> = None;
            for (i, (slot, score)) in scored.iter().enumerate() {
                let value = match lambda {
                    Some(l) if !picked.is_empty() => {
                        let d = self
                            .doc(*slot)
                            .map_or(Vec::new(), |d| decode(&d.vec, d.scale));
                        let sim = picked_vecs
                            .iter()
                            .map(|p| dot(&d, p))
                            .fold(0.0f32, f32::max);
                        l * score - (1.0 - l) * sim
                    }
                    _ => {
                        best = Some((i, *score));
                        break;
                    }
                };
                if best.map_or(true, |b| value > b.1) {
                    best = Some((i, value));
                }
            }
            let Some((i, _)) = best else { break };
            let (slot, score) = scored.remove(i);
            let Some(d) = self.doc(slot) else { continue };
            if let (Some(max), Some(cat)) = (c.max_per_category, d.category) {
                let n = per_category.entry(cat).or_default();
                if *n >= max {
                    continue;
                }
                *n += 1;
            }
            // The same release republished twice: keep only the first of near duplicates.
            let dup = picked
                .iter()
                .filter_map(|p| self.doc(*p))
                .any(|p| self.near_duplicate(p.body_hash, p.simhash, stored_terms(p), d));
            if dup {
                continue;
            }
            picked.push(slot);
            if lambda.is_some() {
                picked_vecs.push(decode(&d.vec, d.scale));
            }
            let mut why = self.explain(q, d, q.words).2;
            why.feedback = feedback.iter().find(|f| f.0 == slot).map_or(0.0, |f| f.1);
            out.push(Related {
                id: d.id.clone(),
                score,
                why,
            });
        }
        out
    }

    /// Pseudo-relevance feedback ([`Config::feedback_docs`]): adds to the score of each
    /// of the best `3k` candidates its weighted cosine to the sum of the best
    /// `feedback_docs` candidates' vectors (their heaviest [`FEEDBACK_TERMS`] terms),
    /// re-sorts, and returns those candidates' feedback contributions. Feedback is never
    /// negative, so the candidates below the best `3k` stay in order below them.
    fn feedback(&self, scored: &mut [(u32, f32)], k: usize) -> Vec<(u32, f32)> {
        let c = &self.config;
        let m = c.feedback_docs;
        if m == 0 || c.feedback_weight <= 0.0 || scored.len() <= m {
            return Vec::new();
        }
        // The best m candidates' vectors, summed: each (sorted by term id) is merged
        // into the sum so far, so a term's weights add up best candidate first.
        let mut merged: Vec<(u32, f32)> = Vec::with_capacity(m * c.vector_terms);
        let mut next: Vec<(u32, f32)> = Vec::with_capacity(m * c.vector_terms);
        for &(slot, _) in scored.iter().take(m) {
            let Some(d) = self.doc(slot) else { continue };
            next.clear();
            let mut i = 0;
            for_each_encoded(&d.vec, d.scale, |t, w| {
                while let Some(&x) = merged.get(i).filter(|x| x.0 < t) {
                    next.push(x);
                    i += 1;
                }
                match merged.get(i) {
                    Some(&x) if x.0 == t => {
                        next.push((t, x.1 + w));
                        i += 1;
                    }
                    _ => next.push((t, w)),
                }
            });
            next.extend_from_slice(merged.get(i..).unwrap_or_default());
            std::mem::swap(&mut merged, &mut next);
        }
        // Only the heaviest terms of the feedback vector, and only the first-pass best
        // 3k candidates are scored again: below that, feedback never lifted a candidate
        // into the top k in the evaluation, and the cost stays ~15 % of a query.
        if merged.len() > FEEDBACK_TERMS {
            merged.select_nth_unstable_by(FEEDBACK_TERMS - 1, |a, b| {
                b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
            });
            merged.truncate(FEEDBACK_TERMS);
        }
        let table = TermWeights::new(&merged);
        let scale = c.text_weight * c.feedback_weight / m as f32;
        let mut out = Vec::with_capacity(scored.len());
        let n = scored.len().min(3 * k.max(10));
        let scored = scored.get_mut(..n).unwrap_or_default();
        for (slot, score) in scored.iter_mut() {
            let Some(d) = self.doc(*slot) else { continue };
            let f = scale * table.dot(&d.vec, d.scale);
            *score += f;
            out.push((*slot, f));
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    fn query_for_slot(&self, slot: u32) -> Option<Query<'_>> {
        let d = self.doc(slot)?;
        let vec = decode(&d.vec, d.scale);
        Some(Query {
            weights: TermWeights::new(&vec),
            vec: std::borrow::Cow::Owned(vec),
            tags: &d.tags,
            documents: &d.documents,
            category: d.category,
            published: d.published,
            handpicked: &d.handpicked,
            body_hash: d.body_hash,
            simhash: d.simhash,
            exclude: Some(slot),
            words: true,
        })
    }

    fn related_slot(&self, slot: u32, k: usize) -> Vec<Related> {
        let Some(q) = self.query_for_slot(slot) else {
            return Vec::new();
        };
        if let Some((pk, lists)) = &self.precomputed {
            if k <= *pk {
                if let Some(list) = lists.get(slot as usize) {
                    return self.serve_precomputed(&q, list, k);
                }
            }
        }
        self.search(&q, k)
    }

    /// [`Inner::related_slot`]'s ids and scores, without explanations in words; a
    /// precomputed list is read as it is.
    fn related_ids_slot(&self, slot: u32, k: usize) -> Vec<(ArticleId, f32)> {
        if let Some((pk, lists)) = &self.precomputed {
            if k <= *pk {
                if let Some(list) = lists.get(slot as usize) {
                    return list
                        .iter()
                        .take(k)
                        .filter_map(|&(s, score, _)| Some((self.doc(s)?.id.clone(), score)))
                        .collect();
                }
            }
        }
        let Some(mut q) = self.query_for_slot(slot) else {
            return Vec::new();
        };
        q.words = false;
        self.search(&q, k)
            .into_iter()
            .map(|r| (r.id, r.score))
            .collect()
    }

    /// Candidate generation over the inverted index, then the exact rerank.
    fn search(&self, q: &Query<'_>, k: usize) -> Vec<Related> {
        let cands = self.candidate_slots(
            &self.query_terms(&q.vec),
            q.tags,
            q.exclude,
            &self.config.filter,
            q.published,
            self.config.candidates.max(k),
        );
        let slots: Vec<u32> = cands.iter().map(|c| c.0).collect();
        self.rerank(q, &slots, k)
    }

    fn serve_precomputed(&self, q: &Query<'_>, list: &[(u32, f32, f32)], k: usize) -> Vec<Related> {
        list.iter()
            .take(k)
            .filter_map(|&(slot, score, feedback)| {
                let d = self.doc(slot)?;
                let (_, _, mut why) = self.explain(q, d, true);
                why.handpicked = score >= 1.0 && q.handpicked.contains(&d.id);
                why.feedback = feedback;
                Some(Related {
                    id: d.id.clone(),
                    score,
                    why,
                })
            })
            .collect()
    }

    fn related_for(&self, article: &Article, k: usize) -> Vec<Related> {
        let all = analyze_compact(article, &self.config);
        let analyzed = all.view();
        let weighted = self.weigh(analyzed, false);
        let mut vec: Vec<(u32, f32)> = weighted
            .iter()
            .filter_map(|&(h, t, w)| self.term_id_hashed(h, t).map(|id| (id, w)))
            .collect();
        vec.sort_unstable_by_key(|x| x.0);
        let mut tags: Vec<u32> = analyzed
            .tags
            .iter()
            .filter_map(|t| self.tag_ids.get(t.as_str()).copied())
            .collect();
        tags.sort_unstable();
        let mut documents: Vec<u32> = analyzed
            .documents
            .iter()
            .filter_map(|t| self.term_id(t))
            .collect();
        documents.sort_unstable();
        documents.dedup();
        let q = Query {
            weights: TermWeights::new(&vec),
            vec: std::borrow::Cow::Borrowed(&vec),
            tags: &tags,
            documents: &documents,
            category: article
                .category
                .as_ref()
                .and_then(|c| self.category_ids.get(&c.slug).copied()),
            published: unix(article),
            handpicked: &article.related,
            body_hash: analyzed.body_hash,
            simhash: simhash(weighted.iter().map(|&(_, t, w)| (t, w))),
            exclude: self.slot_of(&article.id),
            words: true,
        };
        self.search(&q, k)
    }
}

/// The text-cosine factor of a candidate with `n_terms` stored terms
/// ([`Config::length_exponent`]): `(n_terms / vector_terms)^exponent`, at most 1.
fn length_factor(n_terms: usize, c: &Config) -> f32 {
    let full = c.vector_terms.max(1);
    if c.length_exponent <= 0.0 || n_terms >= full {
        return 1.0;
    }
    (n_terms as f32 / full as f32).powf(c.length_exponent)
}

/// Vectors with fewer entries than this are never SimHash near duplicates (equal bodies
/// always are): over a few terms, one heavy shared term (a cited document, a tag word)
/// sets most of the 64 bits, and two different short articles that cite the same plan
/// came out within 1 bit of each other.
const SIMHASH_MIN_TERMS: usize = 24;

/// The number of entries of an article's stored vector (3 bytes each; a term whose id
/// gap needs an escape counts twice, which is rare and only errs towards comparing).
fn stored_terms(d: &Doc) -> usize {
    d.vec.len() / 3
}

/// Terms of the pseudo-relevance feedback vector (its heaviest).
const FEEDBACK_TERMS: usize = 120;

/// Hash of an empty body: articles without body text are not duplicates of each other.
const EMPTY_BODY: u64 = super::analyze::EMPTY_HASH;

macro_rules! read_api {
    () => {
        /// Up to `k` articles related to the indexed article `id`, best first (hand-picked
        /// ones first). Empty when `id` is not indexed.
        pub fn related(&self, id: &ArticleId, k: usize) -> Vec<Related> {
            match self.inner().slot_of(id) {
                Some(slot) => self.inner().related_slot(slot, k),
                None => Vec::new(),
            }
        }

        /// The ids and scores of [`related`](Self::related)'s results, in the same order,
        /// without their explanations: nothing is turned into words, and a precomputed
        /// list ([`Index::precompute`]) is read as it is. For hosts that only link the
        /// results (a "Tin liên quan" list of titles).
        ///
        /// ```
        /// use tintuc::import::sample_articles;
        /// use tintuc::related::{Config, Index};
        ///
        /// let articles = sample_articles()?;
        /// let index = Index::build(&articles, Config::default());
        /// let id = &articles[0].id;
        /// let full: Vec<_> = index.related(id, 5).into_iter().map(|r| (r.id, r.score)).collect();
        /// assert_eq!(index.related_ids(id, 5), full);
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn related_ids(&self, id: &ArticleId, k: usize) -> Vec<(ArticleId, f32)> {
            match self.inner().slot_of(id) {
                Some(slot) => self.inner().related_ids_slot(slot, k),
                None => Vec::new(),
            }
        }

        /// Up to `k` indexed articles related to `article`, which need not be indexed
        /// (a draft being edited, a page from elsewhere). If an article with the same id
        /// is indexed, it is left out of the results.
        pub fn related_for(&self, article: &Article, k: usize) -> Vec<Related> {
            self.inner().related_for(article, k)
        }

        /// Number of indexed articles.
        pub fn len(&self) -> usize {
            self.inner().live as usize
        }

        /// Whether no article is indexed.
        pub fn is_empty(&self) -> bool {
            self.inner().live == 0
        }

        /// Whether an article with this id is indexed.
        pub fn contains(&self, id: &ArticleId) -> bool {
            self.inner().slot_of(id).is_some()
        }

        /// The configuration the index ranks with.
        pub fn config(&self) -> &Config {
            &self.inner().config
        }
    };
}

impl Snapshot {
    fn inner(&self) -> &Inner {
        &self.0
    }
    read_api!();
}

impl Index {
    fn inner(&self) -> &Inner {
        &self.inner
    }
    read_api!();

    /// Builds an index over articles (analysis runs on all available cores).
    ///
    /// ```
    /// let articles = tintuc::import::sample_articles()?;
    /// let index = tintuc::related::Index::build(&articles, Default::default());
    /// assert_eq!(index.len(), articles.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build<'a>(articles: impl IntoIterator<Item = &'a Article>, config: Config) -> Index {
        Index::build_with_progress(articles, config, |_, _| {})
    }

    /// [`Index::build`], calling `progress(done, total)` as articles are analysed (for a
    /// progress indicator on large corpora).
    ///
    /// ```
    /// let articles = tintuc::import::sample_articles()?;
    /// let mut last = (0, 0);
    /// let index = tintuc::related::Index::build_with_progress(&articles, Default::default(),
    ///     |done, total| last = (done, total));
    /// assert_eq!(last, (articles.len(), articles.len()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_with_progress<'a>(
        articles: impl IntoIterator<Item = &'a Article>,
        config: Config,
        progress: impl FnMut(usize, usize),
    ) -> Index {
        Index::build_impl(articles, config, 0, progress)
    }

    /// [`Index::build`] with at most `threads` analysis threads (`0`: one per available
    /// core, [`std::thread::available_parallelism`], as [`Index::build`] does; `1`: all
    /// work on the calling thread). The index is the same whatever the thread count.
    ///
    /// ```
    /// let articles = tintuc::import::sample_articles()?;
    /// let one = tintuc::related::Index::build_with_threads(&articles, Default::default(), 1);
    /// let four = tintuc::related::Index::build_with_threads(&articles, Default::default(), 4);
    /// assert_eq!(serde_json::to_value(&one)?, serde_json::to_value(&four)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_with_threads<'a>(
        articles: impl IntoIterator<Item = &'a Article>,
        config: Config,
        threads: usize,
    ) -> Index {
        Index::build_impl(articles, config, threads, |_, _| {})
    }

    fn build_impl<'a>(
        articles: impl IntoIterator<Item = &'a Article>,
        config: Config,
        threads: usize,
        mut progress: impl FnMut(usize, usize),
    ) -> Index {
        let articles: Vec<&Article> = articles.into_iter().collect();
        let articles = last_of_each_id(articles);
        let threads = match threads {
            0 => std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, 16),
            n => n,
        };
        match Index::build_from(&articles, &config, threads, &mut progress, u64::MAX, BATCH) {
            Some(index) => index,
            // two different terms share a 64-bit hash: the exact (string-comparing) way
            None => Index::build_from(&articles, &config, threads, &mut |_, _| {}, 0, BATCH)
                .unwrap_or_else(|| Index {
                    inner: Arc::new(Inner::new(config.clone())),
                }),
        }
    }

    /// The build over de-duplicated articles, `batch` articles at a time ([`BATCH`]). Terms are interned by their 64-bit hash
    /// (`hash & key_mask`) without comparing strings, one cache miss a term instead of
    /// three; every batch is then checked in parallel, and `None` is returned if two
    /// different terms met under one key. `key_mask == 0` interns the exact way instead
    /// (as incremental inserts do), and never fails. Both ways give the same index.
    fn build_from(
        articles: &[&Article],
        config: &Config,
        threads: usize,
        progress: &mut dyn FnMut(usize, usize),
        key_mask: u64,
        batch: usize,
    ) -> Option<Index> {
        let total = articles.len();
        let mut inner = Inner::new(config.clone());
        // each batch's analyses, [`PART`] articles to an `Analyses`
        let mut analyzed: Vec<Parts> = Vec::new();
        let mut done = 0;
        for batch in articles.chunks(batch.max(1)) {
            // the previous batch is counted while this one is analysed
            let pieces: Vec<&[&Article]> = batch.chunks(PART).collect();
            let (parts, ()) = par_map_after_by(
                &pieces,
                threads,
                1,
                |p| Analyses::of(p, config),
                || {
                    for part in analyzed.last().map_or(&[][..], |b| &b.0[..]) {
                        inner.add_df_all(part);
                    }
                },
            );
            analyzed.push(Parts(parts));
            done += batch.len();
            progress(done, total);
        }
        if total == 0 {
            progress(0, 0);
        }
        for part in analyzed.last().map_or(&[][..], |b| &b.0[..]) {
            inner.add_df_all(part);
        }
        // weigh with the final statistics: every article counted
        inner.live = done as u32;
        // Weights in parallel (read-only), then interning and postings in order, a batch
        // at a time: each batch's analyses and weights are freed once it is placed, so
        // the build's peak memory is the analyses alone, not analyses plus weights of the
        // whole corpus (33.7k VNTC articles: ~1.5 GB less peak, measured with the portal).
        // With more than one thread the next batch is weighed while this one's new terms
        // are interned (weighing only reads the statistics, interning never touches
        // them); lookups of known terms, shaping and the final posting sort are parallel
        // too, so only new terms, slots and the installation stay serial.
        let df = std::mem::replace(&mut inner.df, Sketch { rows: Vec::new() });
        let (live, wconfig) = (inner.live, inner.config.clone());
        let tables = WeighTables::new(live.max(1) as f32, &wconfig);
        // The postings, staged as shaped: one buffer per chunk of articles, in slot order
        // (the serial part only moves the buffers). Every article takes a slot.
        let mut staging: Vec<Vec<(u32, Posting)>> = Vec::with_capacity(total.div_ceil(PART));
        let posts = inner.config.terms_per_doc.clamp(1, 64);
        inner.docs.reserve(total);
        // Sized once for the terms with a count of two or more (about the terms that get
        // ids: a term must be in two articles to be weighed): no rehashing in the serial
        // part.
        let expected = df.rows.iter().filter(|&&c| c >= 2).count();
        let mut keys = BuildKeys {
            ids: KeyTable::with_capacity(expected),
            mask: key_mask,
            collided: false,
        };
        let keyed = key_mask != 0;
        let weigh = |a: Analysed<'_>| {
            let w = weigh_entries(&df, live, &wconfig, a, true, Some(&tables));
            let sim = simhash_hashed(w.iter().map(|&(i, w)| (a.entry(i).0, w)));
            // the fingerprint while the terms are in cache (shaping comes a batch later)
            (w, (sim, terms_fingerprint(a)))
        };
        let batches: Vec<&[&Article]> = articles.chunks(batch.max(1)).collect();
        let mut analyzed = analyzed.into_iter();
        let mut take = || -> Parts { analyzed.next().unwrap_or_default() };
        let mut docs = take();
        let at: Vec<usize> = (0..docs.len()).collect();
        let mut weights: Vec<Weighed> = par_map(&at, threads, |&d| {
            docs.get(d).map(weigh).unwrap_or_default()
        });
        // The batch before this one (shaped while this one is interned: its articles,
        // analyses and ids), and the one before that (installed first: its articles and
        // shaped articles).
        let mut to_shape: ToShape<'_> = (&[], Parts::default(), Vec::new());
        let mut to_install: (&[&Article], Vec<Shaped>) = (&[], Vec::new());
        let weighting = inner.weighting;
        // chunk `c` of the batch to shape: its articles shaped, and their postings
        let shape_chunk = |to_shape: &ToShape<'_>, c: usize| {
            let (articles, docs, interned) = to_shape;
            let from = c * PART;
            let to = (from + PART).min(interned.len());
            let mut posted = Vec::with_capacity((to.saturating_sub(from)) * posts);
            let shaped: Vec<Shaped> = (from..to)
                .filter_map(|d| match (articles.get(d), docs.get(d), interned.get(d)) {
                    (Some(article), Some(doc), Some((sim, i))) => Some(shape(
                        &wconfig,
                        weighting,
                        article,
                        doc,
                        i,
                        *sim,
                        &mut posted,
                    )),
                    _ => None,
                })
                .collect();
            (shaped, posted)
        };
        // chunk `c` of a batch's articles weighed
        let weigh_chunk = |docs: &Parts, c: usize| -> Vec<Weighed> {
            let from = c * PART;
            (from..(from + PART).min(docs.len()))
                .filter_map(|d| docs.get(d).map(weigh))
                .collect()
        };
        for batch in &batches {
            // In parallel: the ids that the terms already have (the key table and the
            // term strings are only read), each checked against its string.
            let known: Vec<(Vec<(u32, f32)>, bool)> = if keyed {
                let (inner, ids) = (&inner, &keys.ids);
                let at: Vec<usize> = (0..docs.len()).collect();
                par_map(&at, threads, |&d| {
                    let (Some(a), Some((w, _))) = (docs.get(d), weights.get(d)) else {
                        return (Vec::new(), true);
                    };
                    // the article's terms, then its documents
                    let term = |k: usize| match w.get(k) {
                        Some(&(i, w)) => {
                            let (h, t) = a.entry(i);
                            (h, t, w)
                        }
                        None => {
                            let d = a.documents.get(k - w.len()).map_or("", String::as_str);
                            (fnv1a(d.as_bytes()), d, 0.0)
                        }
                    };
                    let n = w.len() + a.documents.len();
                    // The key table's slots read ahead (independent loads that overlap),
                    // then each term found and checked against the head of the string
                    // kept in its slot (the whole string only when both are long).
                    ids.touch((0..n).map(|k| term(k).0 & key_mask));
                    let mut ok = true;
                    let known: Vec<(u32, f32)> = (0..n)
                        .map(|k| {
                            let (h, t, w) = term(k);
                            match ids.get(h & key_mask) {
                                Some(slot) => {
                                    let id = slot.id();
                                    ok &= slot
                                        .holds(t)
                                        .unwrap_or_else(|| inner.term_str(id) == Some(t));
                                    (id, w)
                                }
                                None => (NOT_YET, w),
                            }
                        })
                        .collect();
                    (known, ok)
                })
            } else {
                Vec::new()
            };
            // In order: the batch before the previous one is installed, then this one's
            // new terms get their ids (that order fixes them), tags, categories, slots;
            // meanwhile the other threads shape the previous batch and weigh the next.
            let next_docs = take();
            let n_shape = to_shape.2.len();
            // jobs of one chunk of articles each: the chunks to shape, then to weigh
            let shape_chunks = n_shape.div_ceil(PART);
            let jobs: Vec<usize> = (0..shape_chunks + next_docs.len().div_ceil(PART)).collect();
            let (done, interned) = par_map_after_by(
                &jobs,
                threads,
                1,
                |&j| match j.checked_sub(shape_chunks) {
                    None => {
                        let (shaped, posted) = shape_chunk(&to_shape, j);
                        Job::Shaped(shaped, posted)
                    }
                    Some(c) => Job::Weighed(weigh_chunk(&next_docs, c)),
                },
                || {
                    let (articles, shaped) = std::mem::take(&mut to_install);
                    for (article, shaped) in articles.iter().zip(shaped) {
                        inner.install(article, shaped, None);
                    }
                    let mut interned = Vec::with_capacity(batch.len());
                    let mut weighted: Vec<(u64, &str, f32)> = Vec::new();
                    let mut known = known.into_iter();
                    for ((article, doc), (w, sim)) in batch.iter().zip(docs.iter()).zip(&weights) {
                        let i = match known.next() {
                            Some((known, ok)) if keyed => {
                                keys.collided |= !ok;
                                inner.intern_known(&mut keys, article, doc, w, known)
                            }
                            _ => {
                                weighted.clear();
                                weighted.extend(w.iter().map(|&(i, w)| {
                                    let (h, t) = doc.entry(i);
                                    (h, t, w)
                                }));
                                inner.intern_article(article, doc, &weighted)
                            }
                        };
                        interned.push((*sim, i));
                    }
                    interned
                },
            );
            let mut shaped = Vec::with_capacity(n_shape);
            let mut next_weights = Vec::with_capacity(next_docs.len());
            for job in done {
                match job {
                    Job::Shaped(s, posted) => {
                        shaped.extend(s);
                        // (in slot order: batches and their chunks are shaped in order)
                        staging.push(posted);
                    }
                    Job::Weighed(w) => next_weights.extend(w),
                }
            }
            to_install = (to_shape.0, shaped);
            to_shape = (batch, std::mem::replace(&mut docs, next_docs), interned);
            weights = next_weights;
        }
        // the last two batches
        let (articles, shaped) = std::mem::take(&mut to_install);
        for (article, shaped) in articles.iter().zip(shaped) {
            inner.install(article, shaped, None);
        }
        let chunks: Vec<usize> = (0..to_shape.2.len().div_ceil(PART)).collect();
        let shaped = par_map_after_by(&chunks, threads, 1, |&c| shape_chunk(&to_shape, c), || ()).0;
        let mut last = Vec::with_capacity(to_shape.2.len());
        for (s, posted) in shaped {
            last.extend(s);
            staging.push(posted);
        }
        for (article, shaped) in to_shape.0.iter().zip(last) {
            inner.install(article, shaped, None);
        }
        drop(to_shape);
        inner.df = df;
        if keys.collided {
            return None;
        }
        // Posting lists into impact order (in parallel) while the string → id table is
        // filled from the keys, whose hashes are the terms' (the same table as exact
        // interning grows: same capacity, same lookups), and the article-id table from
        // the documents.
        let n_terms = inner.postings.len();
        // the staged postings by term (a counting sort: each term's in slot order), and
        // each term's list in impact order
        let by_term = move |threads: usize| -> Vec<Box<[Posting]>> {
            let mut starts = vec![0usize; n_terms + 1];
            for &(t, _) in staging.iter().flatten() {
                if let Some(c) = starts.get_mut(t as usize + 1) {
                    *c += 1;
                }
            }
            for i in 1..starts.len() {
                starts[i] += starts[i - 1];
            }
            let mut by_term = vec![Posting([0; 5]); staging.iter().map(Vec::len).sum()];
            let mut next = starts.clone();
            for &(t, p) in staging.iter().flatten() {
                if let Some(at) = next.get_mut(t as usize) {
                    if let Some(x) = by_term.get_mut(*at) {
                        *x = p;
                    }
                    *at += 1;
                }
            }
            drop((next, staging));
            let terms: Vec<usize> = (0..n_terms).collect();
            par_map(&terms, threads, |&t| -> Box<[Posting]> {
                let (a, b) = (starts.get(t).copied(), starts.get(t + 1).copied());
                let mut v = by_term
                    .get(a.unwrap_or(0)..b.unwrap_or(0))
                    .unwrap_or(&[])
                    .to_vec();
                sort_by_impact(&mut v);
                v.into_boxed_slice()
            })
        };
        let tables = || {
            (
                keyed.then(|| TermTable::from_keys(&keys.ids)),
                by_id_table(&inner.docs),
            )
        };
        let (sorted, (table, by_id)) = if threads <= 1 {
            (by_term(1), tables())
        } else {
            std::thread::scope(|s| {
                let spawned = s.spawn(tables);
                let sorted = by_term(threads);
                (sorted, spawned.join().unwrap_or_else(|_| tables()))
            })
        };
        inner.by_id = by_id;
        if keyed {
            match table {
                Some(table) => inner.term_ids = table,
                None => inner.rebuild_term_ids(),
            }
        }
        inner.postings.set_lists(sorted);
        // growth slack is a third of the dictionary's memory on large corpora
        inner.postings.shrink_to_fit();
        inner.term_text.shrink_to_fit();
        inner.term_starts.shrink_to_fit();
        inner.docs.shrink_to_fit();
        inner.df_slots.shrink_to_fit();
        for list in &mut inner.tag_postings {
            list.shrink_to_fit();
        }
        Some(Index {
            inner: Arc::new(inner),
        })
    }

    /// Builds an index over every article of a store.
    ///
    /// ```
    /// use tintuc::store::MemoryStore;
    /// let store = MemoryStore::with_articles(tintuc::import::sample_articles()?)?;
    /// let index = tintuc::related::Index::from_store(&store, Default::default())?;
    /// assert!(!index.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_store(store: &dyn ArticleStore, config: Config) -> Result<Index, StoreError> {
        let mut articles = Vec::new();
        for item in ScanIter::new(store) {
            articles.push(item?.article);
        }
        Ok(Index::build(&articles, config))
    }

    /// An immutable view for readers (an `Arc` clone: O(1)). The next write to this index
    /// copies it once while snapshots are alive (copy-on-write).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(Arc::clone(&self.inner))
    }

    /// Adds an article, or replaces the indexed article with the same id. Other
    /// articles' vectors keep the statistics they were built with (a rebuild refreshes
    /// them; on a large corpus the difference is negligible). A replaced article's
    /// document frequencies are subtracted only with [`Config::exact_edits`].
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let (first, rest) = articles.split_first().unwrap();
    /// let mut index = Index::build(rest, Config::default());
    /// index.insert(first);
    /// assert!(index.contains(&first.id));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(&mut self, article: &Article) {
        Arc::make_mut(&mut self.inner).insert(article);
    }

    /// Same as [`Index::insert`]: replaces the article with the same id (see
    /// [`Index::update_from`] to keep the document frequencies exact).
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let mut articles = tintuc::import::sample_articles()?;
    /// let mut index = Index::build(&articles, Config::default());
    /// articles[0].title = "Tiêu đề mới".into();
    /// index.update(&articles[0]);
    /// assert_eq!(index.len(), articles.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update(&mut self, article: &Article) {
        self.insert(article);
    }

    /// Removes an article; returns whether it was indexed. Queries for it return nothing
    /// afterwards, and it never appears in results. Its document frequencies are
    /// subtracted only with [`Config::exact_edits`]; [`Index::remove_article`] subtracts
    /// them without that option when given the indexed version.
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let mut index = Index::build(&articles, Config::default());
    /// assert!(index.remove(&articles[0].id));
    /// assert!(!index.remove(&articles[0].id));
    /// assert!(index.related(&articles[1].id, 30).iter().all(|r| r.id != articles[0].id));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove(&mut self, id: &ArticleId) -> bool {
        if self.inner.slot_of(id).is_none() {
            return false;
        }
        Arc::make_mut(&mut self.inner).remove(id)
    }

    /// Removes `old` (by its id) and, without [`Config::exact_edits`] and at no memory
    /// cost, subtracts its document frequencies exactly when `old` is the version that
    /// was indexed — e.g. the copy a host reads from its store before deleting. The
    /// index keeps an 8-byte fingerprint of each article's terms to check that; for any
    /// other copy the article is still removed, its frequencies stay (as with
    /// [`Index::remove`]) and [`Edit::Stale`] says so.
    ///
    /// ```
    /// use tintuc::related::{Config, Edit, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let (first, rest) = articles.split_first().unwrap();
    /// let mut index = Index::build(rest, Config::default());
    /// let before = index.related(&rest[0].id, 5);
    /// index.insert(first);
    /// assert_eq!(index.remove_article(first), Edit::Exact);
    /// assert_eq!(index.related(&rest[0].id, 5), before); // statistics as before
    /// assert_eq!(index.remove_article(first), Edit::NotIndexed);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_article(&mut self, old: &Article) -> Edit {
        if self.inner.slot_of(&old.id).is_none() {
            return Edit::NotIndexed;
        }
        Arc::make_mut(&mut self.inner).remove_version(old)
    }

    /// Replaces the indexed version `old` by `new` (same id expected; `new` is indexed
    /// under its own id), keeping the document frequencies exact as
    /// [`Index::remove_article`] does: `old`'s terms are subtracted and `new`'s added
    /// when `old` is the indexed version ([`Edit::Exact`]). Otherwise the frequencies
    /// are left as [`Index::update`] leaves them ([`Edit::Stale`]); when nothing with
    /// `old`'s id was indexed, `new` is inserted ([`Edit::NotIndexed`]).
    ///
    /// ```
    /// use tintuc::related::{Config, Edit, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let mut index = Index::build(&articles, Config::default());
    /// let before = index.related(&articles[1].id, 5);
    /// let mut changed = articles[0].clone();
    /// changed.title = "Một tiêu đề khác hẳn".into();
    /// assert_eq!(index.update_from(&articles[0], &changed), Edit::Exact);
    /// assert_eq!(index.update_from(&changed, &articles[0]), Edit::Exact);
    /// assert_eq!(index.related(&articles[1].id, 5), before); // back where it was
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update_from(&mut self, old: &Article, new: &Article) -> Edit {
        let inner = Arc::make_mut(&mut self.inner);
        let edit = inner.remove_version(old);
        // the new id may differ from the old one: replace whatever holds it
        let replaced = inner.remove(&new.id);
        let count = match edit {
            Edit::Exact | Edit::NotIndexed => !replaced || inner.config.exact_edits,
            _ => inner.config.exact_edits,
        };
        inner.place_new(new, count);
        inner.precomputed = None;
        edit
    }

    /// Precomputes the top `k` for every article, so that [`Index::related`] with at most
    /// `k` results is served from memory (explanations are still computed on demand). Any
    /// later insert, update or remove drops the precomputed lists.
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let mut index = Index::build(&articles, Config::default());
    /// let live = index.related(&articles[0].id, 5);
    /// index.precompute(10);
    /// assert_eq!(index.related(&articles[0].id, 5), live);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn precompute(&mut self, k: usize) {
        let inner = Arc::make_mut(&mut self.inner);
        inner.precomputed = None;
        let lists: Vec<Box<[(u32, f32, f32)]>> = (0..inner.docs.len() as u32)
            .map(|slot| {
                inner
                    .related_slot(slot, k)
                    .iter()
                    .filter_map(|r| inner.slot_of(&r.id).map(|s| (s, r.score, r.why.feedback)))
                    .collect()
            })
            .collect();
        inner.precomputed = Some((k, lists));
    }

    /// Like [`Index::related`], with candidates from an external [`CandidateSource`]
    /// (PostgreSQL, Elasticsearch, …); ids the index does not know are dropped, the rerank
    /// and explanations are this index's.
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let index = Index::build(&articles, Config::default());
    /// // the in-memory index is itself a candidate source
    /// let via = index.related_with_source(&articles[0].id, 5, &index)?;
    /// assert_eq!(via, index.related(&articles[0].id, 5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn related_with_source(
        &self,
        id: &ArticleId,
        k: usize,
        source: &dyn CandidateSource,
    ) -> Result<Vec<Related>, CandidateError> {
        let inner = self.inner();
        let Some(q) = inner.slot_of(id).and_then(|s| inner.query_for_slot(s)) else {
            return Ok(Vec::new());
        };
        let mut terms: Vec<(&str, f32)> = q
            .vec
            .iter()
            .filter_map(|&(t, w)| inner.term_str(t).map(|s| (s, w)))
            .collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let tags: Vec<&str> = q
            .tags
            .iter()
            .filter_map(|&t| inner.tag_names.get(t as usize).map(|s| &**s))
            .collect();
        let cq = CandidateQuery {
            terms,
            tags,
            exclude: Some(id),
            filter: &inner.config.filter,
            published: inner
                .doc(q.exclude.unwrap_or(u32::MAX))
                .and_then(|d| d.published)
                .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
                .map(|t| t.fixed_offset()),
            limit: inner.config.candidates.max(k),
        };
        let found = source.candidates(&cq)?;
        let slots: Vec<u32> = found
            .iter()
            .filter_map(|(id, _)| inner.slot_of(id))
            .collect();
        Ok(inner.rerank(&q, &slots, k))
    }

    /// Estimated heap bytes of the query index (vectors, postings, dictionaries, ids),
    /// and separately of the statistics (the document-frequency sketch, plus the
    /// per-article counter lists with [`Config::exact_edits`]) and of the precomputed
    /// lists: `(query index, statistics, precomputed)`.
    ///
    /// ```
    /// let articles = tintuc::import::sample_articles()?;
    /// let index = tintuc::related::Index::build(&articles, Default::default());
    /// let (query, sketch, pre) = index.memory_bytes();
    /// assert!(query > 0 && sketch == 8 << 20 && pre == 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn memory_bytes(&self) -> (usize, usize, usize) {
        let i = self.inner();
        let mut q = i.docs.capacity() * std::mem::size_of::<Option<Doc>>();
        for d in i.docs.iter().flatten() {
            q += d.id.as_str().len()
                + d.vec.len()
                + d.tags.len() * 4
                + d.documents.len() * 4
                + d.handpicked
                    .iter()
                    .map(|h| h.as_str().len() + 24)
                    .sum::<usize>();
        }
        q += i.by_id.slots.capacity() * 8;
        q += i.term_starts.capacity() * 4 + i.term_text.capacity();
        q += i.term_ids.slots.capacity() * 8;
        q += i.postings.memory_bytes();
        q += i
            .tag_names
            .iter()
            .map(|t| t.len() * 2 + 16 + 24)
            .sum::<usize>();
        q += i
            .tag_postings
            .iter()
            .map(|p| p.capacity() * 4 + 24)
            .sum::<usize>();
        q += i.free.capacity() * 4;
        let sketch = i.df.rows.len() * 2
            + i.df_slots.capacity() * 16
            + i.df_slots.iter().map(|x| x.len()).sum::<usize>();
        let pre = i.precomputed.as_ref().map_or(0, |(_, l)| {
            l.iter().map(|x| x.len() * 12 + 16).sum::<usize>()
        });
        (q, sketch, pre)
    }
}

impl CandidateSource for Index {
    fn candidates(
        &self,
        query: &CandidateQuery<'_>,
    ) -> Result<Vec<(ArticleId, f32)>, CandidateError> {
        let inner = self.inner();
        let mut terms: Vec<(u32, f32)> = query
            .terms
            .iter()
            .filter_map(|(t, w)| inner.term_id(t).map(|id| (id, *w)))
            .collect();
        // heaviest first, as `candidate_slots` takes them (`Config::seed_terms`)
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let tags: Vec<u32> = query
            .tags
            .iter()
            .filter_map(|t| inner.tag_ids.get(normalize_label(t).as_str()).copied())
            .collect();
        let exclude = query.exclude.and_then(|id| inner.slot_of(id));
        let found = inner.candidate_slots(
            &terms,
            &tags,
            exclude,
            query.filter,
            query.published.map(|t| t.timestamp()),
            query.limit,
        );
        Ok(found
            .into_iter()
            .filter_map(|(slot, s)| inner.doc(slot).map(|d| (d.id.clone(), s)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Category, CitedDocument};

    fn art(id: &str, title: &str, body: &str) -> Article {
        let mut a = Article::new(
            id.parse().unwrap(),
            title.into(),
            crate::model::Slug::from_title(id).unwrap(),
        );
        a.body.push(Block::paragraph(body));
        a.status = Status::Published;
        a
    }

    fn corpus() -> Vec<Article> {
        let mut v = vec![
            art("a1", "Sơ kết phong trào thi đua khen thưởng", "Hội nghị sơ kết phong trào thi đua khen thưởng sáu tháng đầu năm của khối thi đua."),
            art("a2", "Tổng kết thi đua khen thưởng năm 2018", "Khối thi đua tổng kết phong trào thi đua khen thưởng, trao bằng khen cho tập thể."),
            art("a3", "Kiểm sát việc giải quyết vụ án hình sự", "Viện kiểm sát kiểm sát việc giải quyết vụ án hình sự tại huyện."),
            art("a4", "Cuộc thi kỹ năng kiểm sát vụ án hình sự", "Cuộc thi kỹ năng kiểm sát việc giải quyết vụ án hình sự cho kiểm sát viên."),
            art("a5", "Giá lúa tăng ở đồng bằng", "Nông dân đồng bằng bán lúa được giá, thương lái thu mua lúa gạo."),
            art("a6", "Xuất khẩu gạo tăng mạnh", "Doanh nghiệp xuất khẩu gạo, giá lúa gạo tăng, nông dân phấn khởi."),
        ];
        for (i, a) in v.iter_mut().enumerate() {
            a.published = Some(
                format!("2018-08-{:02}T08:00:00+07:00", 10 + i)
                    .parse()
                    .unwrap(),
            );
        }
        v
    }

    #[test]
    fn round_is_f32_round() {
        // every f32 in [0, 256) with a step of 2^-16, the halves around it, and the rest
        let mut xs: Vec<f32> = (0..(256u32 << 16)).map(|i| i as f32 / 65536.0).collect();
        xs.extend([
            0.5,
            1.5,
            2.5,
            254.5,
            0.499_999_97,
            0.500_000_06,
            -0.0,
            -0.5,
            -1.5,
        ]);
        xs.extend([
            8_388_607.5,
            8_388_608.0,
            1e30,
            -1e30,
            f32::INFINITY,
            f32::MIN_POSITIVE,
        ]);
        for x in xs {
            assert_eq!(round(x).to_bits(), x.round().to_bits(), "{x}");
        }
        assert!(round(f32::NAN).is_nan());
    }

    #[test]
    fn term_table_grows_and_finds_every_term() {
        let mut inner = Inner::new(Config::default());
        let words: Vec<String> = (0..5000).map(|i| format!("t{i}_x")).collect();
        let ids: Vec<u32> = words.iter().map(|w| inner.intern_term(w)).collect();
        assert_eq!(ids, (0..5000).collect::<Vec<u32>>());
        // interning again finds the same ids
        for (w, &id) in words.iter().zip(&ids) {
            assert_eq!(inner.intern_term(w), id);
            assert_eq!(inner.term_id(w), Some(id));
        }
        assert_eq!(inner.term_id("absent"), None);
        assert!(inner.term_ids.len * 4 <= inner.term_ids.slots.len() * 3);
        let before = inner.term_ids.slots.len();
        inner.rebuild_term_ids();
        assert_eq!(inner.term_ids.slots.len(), before);
        assert_eq!(inner.term_id("t4999_x"), Some(4999));
    }

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

    fn exact() -> Config {
        Config {
            exact_edits: true,
            ..Config::default()
        }
    }

    #[test]
    fn index_saved_before_tf_saturation_keeps_its_weighting() {
        let articles = crate::import::sample_articles().unwrap();
        let old = Index::build(
            &articles,
            Config {
                tf_saturation: 0.0,
                bigram_weight: 1.0,
                ..Config::default()
            },
        );
        // what an index saved before the settings existed looks like
        let mut json = serde_json::to_value(&old).unwrap();
        let obj = json.as_object_mut().unwrap();
        obj.remove("weighting");
        let config = obj["config"].as_object_mut().unwrap();
        config.remove("tf_saturation");
        config.remove("bigram_weight");
        let back: Index = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back.config().tf_saturation, 0.0);
        assert_eq!(back.config().bigram_weight, 1.0);
        // the version stays as loaded; everything else is the same
        let mut again = serde_json::to_value(&back).unwrap();
        assert_eq!(again["weighting"], 0);
        again.as_object_mut().unwrap().remove("weighting");
        json["config"]["tf_saturation"] = serde_json::json!(0.0);
        json["config"]["bigram_weight"] = serde_json::json!(1.0);
        assert_eq!(again, json);
        // a current index keeps its settings
        let new = Index::build(&articles, Config::default());
        let json = serde_json::to_string(&new).unwrap();
        let back: Index = serde_json::from_str(&json).unwrap();
        assert_eq!(back.config().tf_saturation, Config::default().tf_saturation);
        assert_eq!(back.config().bigram_weight, Config::default().bigram_weight);
    }

    #[test]
    fn index_saved_before_bigram_weight_weighs_new_articles_as_before() {
        let articles = corpus();
        let (first, rest) = articles.split_first().unwrap();
        let full = Config {
            bigram_weight: 1.0,
            ..Config::default()
        };
        // an index of version 2 (saved before `bigram_weight`), then one article added
        let mut json = serde_json::to_value(Index::build(rest, full.clone())).unwrap();
        json["weighting"] = serde_json::json!(2);
        json["config"]
            .as_object_mut()
            .unwrap()
            .remove("bigram_weight");
        let mut old: Index = serde_json::from_value(json).unwrap();
        assert_eq!(old.config().bigram_weight, 1.0);
        old.insert(first);
        // the same as adding it to the index as it was built
        let mut built = Index::build(rest, full);
        built.insert(first);
        for a in &articles {
            assert_eq!(old.related(&a.id, 5), built.related(&a.id, 5));
        }
        // and not what the current default gives
        let mut current = Index::build(rest, Config::default());
        current.insert(first);
        let vec_of = |i: &Index| {
            let inner = i.inner();
            let d = inner.doc(inner.slot_of(&first.id).unwrap()).unwrap();
            decode(&d.vec, d.scale)
        };
        assert_ne!(vec_of(&old), vec_of(&current));
    }

    /// The weight an article's posting under its heaviest term has, and the weight its
    /// stored vector gives that term.
    fn posted_and_vector_weight(index: &Index, id: &str) -> (f32, f32) {
        let inner = index.inner();
        let slot = inner.slot_of(&id.parse().unwrap()).unwrap();
        let d = inner.doc(slot).unwrap();
        let vec = decode(&d.vec, d.scale);
        let &(t, w) = vec.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        let p = inner
            .postings
            .get(t)
            .unwrap()
            .iter()
            .find(|p| p.slot() == slot)
            .unwrap();
        (p.weight(), w)
    }

    #[test]
    fn postings_keep_lists_for_posted_terms_and_serialise_one_per_term() {
        let articles = corpus();
        // few terms posted per article, so that most are in vectors only
        let config = Config {
            terms_per_doc: 3,
            ..Config::default()
        };
        let index = Index::build(&articles, config);
        let inner = index.inner();
        let terms = inner.term_starts.len() - 1;
        assert_eq!(inner.postings.at.len(), terms);
        let posted = (0..terms as u32)
            .filter(|&t| inner.postings.get(t).is_some())
            .count();
        assert_eq!(inner.postings.lists.len(), posted);
        assert!(posted < terms, "some terms are in vectors only");
        assert!(inner.postings.lists.iter().all(|l| !l.is_empty()));
        // the serialised form has one list per term, empty when the term has none
        let json = serde_json::to_value(&index).unwrap();
        let lists = json["postings"].as_array().unwrap();
        assert_eq!(lists.len(), terms);
        for (t, l) in lists.iter().enumerate() {
            let n = l.as_array().unwrap().len();
            assert_eq!(n, inner.postings.get(t as u32).map_or(0, <[Posting]>::len));
        }
        let back: Index = serde_json::from_value(json).unwrap();
        assert_eq!(back.inner().postings.at, inner.postings.at);
        assert_eq!(back.inner().postings.lists, inner.postings.lists);
        // a term without a list gets one when an article posts it
        let mut index = back;
        let unposted = (0..terms as u32)
            .find(|&t| index.inner().postings.get(t).is_none())
            .unwrap();
        let word = index.inner().term_str(unposted).unwrap().replace('_', " ");
        let new = art("new", &word, &word);
        index.insert(&new);
        let slot = index.inner().slot_of(&new.id).unwrap();
        assert!(index
            .inner()
            .postings
            .get(unposted)
            .is_some_and(|l| l.iter().any(|p| p.slot() == slot)));
    }

    #[test]
    fn postings_are_length_damped_and_older_indexes_stay_undamped() {
        let articles = corpus();
        let short = art("short", "Hội nghị thi đua", "Thi đua khen thưởng.");
        let config = Config::default();
        let mut index = Index::build(&articles, config.clone());
        index.insert(&short);
        let (posted, w) = posted_and_vector_weight(&index, "short");
        let n = decode(
            &index
                .inner()
                .doc(index.inner().slot_of(&short.id).unwrap())
                .unwrap()
                .vec,
            1.0,
        )
        .len();
        let f = length_factor(n, &config);
        assert!(f < 0.9, "a short article is damped: {f}");
        assert_eq!(
            Posting::new(0, posted).q(),
            Posting::new(0, w * f).q(),
            "posted {posted}, vector weight {w}, factor {f}"
        );
        // an index saved at version 1 (before damped postings) posts new articles undamped
        let mut json = serde_json::to_value(Index::build(&articles, config)).unwrap();
        json["weighting"] = serde_json::json!(1);
        let mut old: Index = serde_json::from_value(json).unwrap();
        old.insert(&short);
        let (posted, w) = posted_and_vector_weight(&old, "short");
        assert_eq!(Posting::new(0, posted).q(), Posting::new(0, w).q());
        assert_eq!(serde_json::to_value(&old).unwrap()["weighting"], 1);
    }

    #[test]
    fn exact_edits_restore_statistics_and_results() {
        let c = corpus();
        let (extra, rest) = c.split_last().unwrap();
        let base = Index::build(rest, exact());
        let results = |index: &Index| -> Vec<Vec<Related>> {
            rest.iter().map(|a| index.related(&a.id, 5)).collect()
        };
        let want = results(&base);
        // insert, then remove
        let mut index = base.clone();
        index.insert(extra);
        assert_ne!(index.inner.df.rows, base.inner.df.rows);
        assert!(index.remove(&extra.id));
        assert_eq!(index.inner.df.rows, base.inner.df.rows);
        assert_eq!(index.len(), base.len());
        assert_eq!(results(&index), want);
        // update to another text, then back
        let mut changed = rest[0].clone();
        changed.title = "Một tiêu đề hoàn toàn khác về bóng đá".into();
        index.update(&changed);
        assert_ne!(index.inner.df.rows, base.inner.df.rows);
        index.update(&rest[0]);
        assert_eq!(index.inner.df.rows, base.inner.df.rows);
        assert_eq!(results(&index), want);
        // a build over more articles, minus the extra ones, has the smaller build's counts
        let mut bigger = Index::build(&c, exact());
        bigger.remove(&extra.id);
        assert_eq!(bigger.inner.df.rows, base.inner.df.rows);
        // serde keeps the lists: removal after a round trip still subtracts
        let json = serde_json::to_string(&index).unwrap();
        let mut back: Index = serde_json::from_str(&json).unwrap();
        back.insert(extra);
        back.remove(&extra.id);
        assert_eq!(back.inner.df.rows, base.inner.df.rows);
        // without exact_edits, removals do not subtract (and no lists are kept)
        let mut plain = Index::build(&c, Config::default());
        let before = plain.inner.df.rows.clone();
        plain.remove(&extra.id);
        assert_eq!(plain.inner.df.rows, before);
        assert!(plain.inner.df_slots.is_empty());
    }

    #[test]
    fn edits_with_the_old_version_keep_exact_statistics_without_the_option() {
        let c = corpus();
        let (extra, rest) = c.split_last().unwrap();
        let base = Index::build(rest, Config::default());
        assert!(!base.config().exact_edits);
        let want: Vec<Vec<Related>> = rest.iter().map(|a| base.related(&a.id, 5)).collect();
        let mut index = base.clone();
        index.insert(extra);
        assert_ne!(index.inner.df.rows, base.inner.df.rows);
        assert_eq!(index.remove_article(extra), Edit::Exact);
        assert_eq!(index.inner.df.rows, base.inner.df.rows);
        assert_eq!(index.remove_article(extra), Edit::NotIndexed);
        // update to another text and back, giving the indexed version each time
        let mut changed = rest[0].clone();
        changed.title = "Một tiêu đề hoàn toàn khác về bóng đá".into();
        assert_eq!(index.update_from(&rest[0], &changed), Edit::Exact);
        assert_ne!(index.inner.df.rows, base.inner.df.rows);
        // the same update from a copy that is not the indexed version: flagged, no
        // subtraction (and the new text is not counted twice)
        let rows = index.inner.df.rows.clone();
        assert_eq!(index.update_from(&rest[0], &changed), Edit::Stale);
        assert_eq!(index.inner.df.rows, rows);
        assert_eq!(index.update_from(&changed, &rest[0]), Edit::Exact);
        assert_eq!(index.inner.df.rows, base.inner.df.rows);
        let got: Vec<Vec<Related>> = rest.iter().map(|a| index.related(&a.id, 5)).collect();
        assert_eq!(got, want);
        assert_eq!(index.len(), base.len());
        // the fingerprint survives serde
        let json = serde_json::to_string(&index).unwrap();
        let mut back: Index = serde_json::from_str(&json).unwrap();
        back.insert(extra);
        assert_eq!(back.remove_article(extra), Edit::Exact);
        assert_eq!(back.inner.df.rows, base.inner.df.rows);
        // an insert under a new id through update_from counts the new article once
        let mut other = extra.clone();
        other.id = "moi-hoan-toan".parse().unwrap();
        let mut fresh = base.clone();
        assert_eq!(fresh.update_from(&other, &other), Edit::NotIndexed);
        assert_eq!(fresh.remove_article(&other), Edit::Exact);
        assert_eq!(fresh.inner.df.rows, base.inner.df.rows);
    }

    /// The candidate stage's answer computed the plain way: every touched article's
    /// score (added in the same order, so the same bits), all of them sorted, the best
    /// `limit` that pass the filters.
    fn candidates_exhaustive(inner: &Inner, slot: u32, limit: usize) -> Vec<(u32, f32)> {
        let q = inner.query_for_slot(slot).unwrap();
        let df_cap = (inner.config.max_df_ratio * inner.live as f32) as usize;
        let mut acc: HashMap<u32, f32> = HashMap::new();
        // heaviest term first; after `seed_terms` lists, only articles already found
        let mut terms = inner.query_terms(&q.vec);
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut lists_read = 0;
        for (t, qw) in terms {
            let list = inner.postings.get(t).unwrap_or_default();
            if list.len() > ALWAYS_READ && list.len() > df_cap {
                continue;
            }
            let seed = lists_read < inner.config.seed_terms.max(1)
                || narrows(&inner.config.filter)
                || acc.len() < SEEDED_PER_CANDIDATE * limit.max(1);
            lists_read += 1;
            for p in list.iter().take(inner.config.max_postings) {
                if seed {
                    *acc.entry(p.slot()).or_insert(0.0) += qw * p.weight() + f32::MIN_POSITIVE;
                } else if let Some(a) = acc.get_mut(&p.slot()) {
                    *a += qw * p.weight();
                }
            }
        }
        if inner.config.tag_weight > 0.0 && !q.tags.is_empty() {
            let total: f32 = q.tags.iter().map(|&t| inner.tag_idf(t)).sum();
            for &t in q.tags {
                let s = inner.config.tag_weight * inner.tag_idf(t) / total.max(f32::EPSILON);
                for &d in inner.tag_postings[t as usize]
                    .iter()
                    .take(inner.config.max_postings)
                {
                    *acc.entry(d).or_insert(0.0) += s;
                }
            }
        }
        let mut all: Vec<(u32, f32)> = acc
            .into_iter()
            .filter(|&(d, _)| Some(d) != q.exclude)
            .filter(|&(d, _)| {
                let doc = inner.doc(d).unwrap();
                inner.passes(&inner.config.filter, q.published, doc)
            })
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(limit);
        all
    }

    fn candidates_fast(inner: &Inner, slot: u32, limit: usize) -> Vec<(u32, f32)> {
        let q = inner.query_for_slot(slot).unwrap();
        inner.candidate_slots(
            &inner.query_terms(&q.vec),
            q.tags,
            q.exclude,
            &inner.config.filter,
            q.published,
            limit,
        )
    }

    /// Articles drawn from a small vocabulary (deterministic), so that queries touch
    /// many articles with many equal and near-equal scores.
    fn synthetic(n: usize, vocab: usize, seed: u64) -> Vec<Article> {
        const SYL: [&str; 24] = [
            "lúa",
            "gạo",
            "giá",
            "kiểm",
            "sát",
            "thi",
            "đua",
            "khen",
            "thưởng",
            "vụ",
            "án",
            "hình",
            "sự",
            "nông",
            "dân",
            "xuất",
            "khẩu",
            "đồng",
            "bằng",
            "huyện",
            "tỉnh",
            "hội",
            "nghị",
            "bão",
        ];
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let vocab = vocab.clamp(2, SYL.len());
        (0..n)
            .map(|i| {
                let words = 3 + (next() % 12) as usize;
                let body: Vec<&str> = (0..words)
                    .map(|_| SYL[(next() % vocab as u64) as usize])
                    .collect();
                let title: Vec<&str> = body.iter().take(3).copied().collect();
                let mut a = art(&format!("s{i}"), &title.join(" "), &body.join(" "));
                a.published = Some(
                    format!("2018-08-{:02}T08:00:00+07:00", 1 + i % 28)
                        .parse()
                        .unwrap(),
                );
                if i % 5 == 0 {
                    a.status = Status::Draft;
                }
                a
            })
            .collect()
    }

    #[test]
    fn candidate_selection_equals_exhaustive_top() {
        FLOOR_STATS.with(|m| m.set((0, 0)));
        for (n, vocab, seed) in [(300, 24, 7), (600, 10, 11), (150, 5, 3)] {
            let index = Index::build(&synthetic(n, vocab, seed), Config::default());
            let inner = index.inner();
            for slot in (0..inner.docs.len() as u32).step_by(7) {
                if inner.doc(slot).is_none() {
                    continue;
                }
                for limit in [1, 2, 5, 8, 13, 40, 100, 1000] {
                    assert_eq!(
                        candidates_fast(inner, slot, limit),
                        candidates_exhaustive(inner, slot, limit),
                        "n {n} vocab {vocab} slot {slot} limit {limit}"
                    );
                }
            }
        }
        let (used, missed) = FLOOR_STATS.with(|m| m.get());
        assert!(used > 0, "the sampled floor was never used");
        assert!(missed > 0, "the floor was never too high");
    }

    /// A 600-article synthetic index with the given [`Config::seed_terms`].
    fn seeded(seed_terms: usize) -> Index {
        let config = Config {
            seed_terms,
            ..Config::default()
        };
        Index::build(&synthetic(600, 24, 11), config)
    }

    #[test]
    fn seed_terms_restrict_only_unfiltered_queries() {
        let (one, every) = (seeded(1), seeded(usize::MAX));
        let (a, b) = (one.inner(), every.inner());
        let window = Filter {
            window_days: Some(100_000),
            ..Filter::default()
        };
        let mut differ = 0;
        for slot in (0..a.docs.len() as u32).step_by(5) {
            let Some(q) = a.query_for_slot(slot) else {
                continue;
            };
            let terms = a.query_terms(&q.vec);
            let run = |inner: &Inner, filter: &Filter| {
                inner.candidate_slots(&terms, q.tags, q.exclude, filter, q.published, 3)
            };
            // a filter that may narrow the results: every term finds candidates
            assert_eq!(run(a, &window), run(b, &window), "slot {slot}");
            differ += usize::from(run(a, &Filter::default()) != run(b, &Filter::default()));
        }
        assert!(differ > 0, "seed_terms 1 never changed the candidates");
    }

    #[test]
    fn index_as_candidate_source_seeds_with_the_heaviest_terms() {
        let index = seeded(1);
        let inner = index.inner();
        let filter = Filter::default();
        let slots = |found: Vec<(u32, f32)>| found.into_iter().map(|c| c.0).collect::<Vec<_>>();
        let mut id_order_differs = false;
        for slot in (0..inner.docs.len() as u32).step_by(9) {
            let Some(q) = inner.query_for_slot(slot) else {
                continue;
            };
            let mut by_weight = q.vec.to_vec();
            by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            // the host may list the terms in any order
            let terms: Vec<(&str, f32)> = by_weight
                .iter()
                .rev()
                .map(|&(t, w)| (inner.term_str(t).unwrap(), w))
                .collect();
            let cq = CandidateQuery {
                terms,
                tags: Vec::new(),
                exclude: None,
                filter: &filter,
                published: None,
                limit: 3,
            };
            let got: Vec<u32> = index
                .candidates(&cq)
                .unwrap()
                .iter()
                .map(|(id, _)| inner.slot_of(id).unwrap())
                .collect();
            let want = slots(inner.candidate_slots(&by_weight, &[], None, &filter, None, 3));
            assert_eq!(got, want, "slot {slot}");
            let mut by_id = by_weight.clone();
            by_id.sort_by_key(|x| x.0);
            id_order_differs |=
                slots(inner.candidate_slots(&by_id, &[], None, &filter, None, 3)) != want;
        }
        assert!(id_order_differs, "the term order never mattered");
    }

    proptest::proptest! {
        /// Random corpora, queries and limits: the sampled-floor selection gives the
        /// exhaustive top `limit`, ties broken by slot.
        #[test]
        fn candidate_selection_equals_exhaustive_top_random(
            n in 20usize..250,
            vocab in 2usize..24,
            seed in 0u64..u64::MAX,
            limit in 1usize..60,
            query in 0usize..1000,
            seed_terms in 1usize..40,
        ) {
            let config = Config { seed_terms, ..Config::default() };
            let index = Index::build(&synthetic(n, vocab, seed), config);
            let inner = index.inner();
            let slot = (query % n) as u32;
            if inner.doc(slot).is_some() {
                proptest::prop_assert_eq!(
                    candidates_fast(inner, slot, limit),
                    candidates_exhaustive(inner, slot, limit)
                );
            }
        }

        /// The branch-free merge gives the bloom-filtered scan's dot product bit for bit.
        #[test]
        fn term_weights_dot_equals_dot_bloom(
            a in proptest::collection::btree_map(0u32..400, 0.01f32..1.0, 0..120),
            b in proptest::collection::btree_map(0u32..400, 0.01f32..1.0, 0..120),
            far in 0u32..3,
        ) {
            // `far` spreads the ids so gap escapes occur too
            let spread = |m: &std::collections::BTreeMap<u32, f32>| -> Vec<(u32, f32)> {
                m.iter().map(|(&t, &w)| (t * (1 + far * 40_000), w)).collect()
            };
            let (q, v) = (spread(&a), spread(&b));
            let (bytes, scale) = encode(&v);
            let bloom = bloom_of(&q);
            proptest::prop_assert_eq!(
                TermWeights::new(&q).dot(&bytes, scale).to_bits(),
                dot_bloom(&q, &bloom, &bytes, scale).to_bits()
            );
            // the term count next to the sum: every term, no escape chunk
            let (sum, n) = TermWeights::new(&q).dot_count(&bytes, scale);
            proptest::prop_assert_eq!(n, v.len());
            proptest::prop_assert_eq!(sum.to_bits(), TermWeights::new(&q).dot(&bytes, scale).to_bits());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Random insert / update / remove sequences: no panic, and with `exact_edits`
        /// the statistics equal those of a fresh build over the articles left.
        #[test]
        fn random_edits_keep_exact_statistics(
            ops in proptest::collection::vec((0u8..3, 0usize..8, 0usize..3), 0..40)
        ) {
            let texts = [
                ("Thi đua khen thưởng", "Hội nghị sơ kết phong trào thi đua 6 tháng."),
                ("Giá xăng tăng", "Giá xăng dầu tăng lần thứ ba, người dân lo lắng."),
                ("Bóng đá", "Đội tuyển bóng đá thắng trận giao hữu."),
            ];
            let version = |i: usize, v: usize| {
                let (t, b) = texts[(i + v) % 3];
                art(&format!("p{i}"), &format!("{t} {v}"), &format!("{b} Bài {i}."))
            };
            let start: Vec<Article> = (0..3).map(|i| version(i, 0)).collect();
            let mut index = Index::build(&start, exact());
            let mut live: std::collections::BTreeMap<usize, usize> =
                (0..3).map(|i| (i, 0)).collect();
            for (op, i, v) in ops {
                match op {
                    0 | 1 => {
                        index.update(&version(i, v));
                        live.insert(i, v);
                    }
                    _ => {
                        let was = index.remove(&version(i, 0).id);
                        proptest::prop_assert_eq!(was, live.remove(&i).is_some());
                    }
                }
                for &j in live.keys() {
                    let r = index.related(&version(j, 0).id, 3);
                    proptest::prop_assert!(r.iter().all(|x| index.contains(&x.id)));
                }
            }
            let left: Vec<Article> = live.iter().map(|(&i, &v)| version(i, v)).collect();
            let fresh = Index::build(&left, exact());
            proptest::prop_assert_eq!(index.len(), fresh.len());
            proptest::prop_assert!(index.inner.df.rows == fresh.inner.df.rows);
        }
    }

    #[test]
    fn interning_by_key_builds_the_exact_index_and_detects_collisions() {
        let mut articles = corpus();
        for i in 0..200 {
            let mut a = art(
                &format!("k{i}"),
                &format!("Kế hoạch số {i}/KH-UBND về thi đua năm {}", 2000 + i % 9),
                &format!(
                    "Hội nghị lần {i} bàn về giá xăng dầu và bóng đá, tỉnh {}",
                    i % 13
                ),
            );
            a.tags = vec![format!("Chủ đề {}", i % 5)];
            articles.push(a);
        }
        let refs: Vec<&Article> = articles.iter().collect();
        let json = |x: &Index| serde_json::to_value(x).unwrap();
        for config in [Config::default(), exact()] {
            let build = |mask: u64, threads: usize| {
                Index::build_from(&refs, &config, threads, &mut |_, _| {}, mask, BATCH)
            };
            let exact_way = build(0, 1).unwrap();
            for threads in [1, 3] {
                assert_eq!(json(&build(u64::MAX, threads).unwrap()), json(&exact_way));
            }
            // in many batches (pipelined: one is interned while the one before is shaped
            // and the one before that installed), either way
            for (mask, batch, threads) in [
                (u64::MAX, 7, 1),
                (u64::MAX, 5, 2),
                (0, 3, 3),
                (u64::MAX, 64, 2),
            ] {
                let batched =
                    Index::build_from(&refs, &config, threads, &mut |_, _| {}, mask, batch);
                assert_eq!(
                    json(&batched.unwrap()),
                    json(&exact_way),
                    "{mask} {batch} {threads}"
                );
            }
            // two bits of key: distinct terms collide, the check sees it
            assert!(build(0b11, 2).is_none());
            assert_eq!(
                json(&Index::build_with_threads(&articles, config.clone(), 2)),
                json(&exact_way)
            );
            // the string → id table finds every term after a keyed build
            let keyed = build(u64::MAX, 2).unwrap();
            let inner = keyed.inner();
            for id in 0..(inner.term_starts.len() - 1) as u32 {
                let t = inner.term_str(id).unwrap();
                assert_eq!(inner.term_id(t), Some(id), "{t}");
            }
        }
    }

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

    #[test]
    fn keyed_build_detects_collisions_of_long_terms_with_one_head() {
        // three long terms, each in two articles, alike in their first HEAD bytes and
        // length: with one bit of key two of them share a key, and only the whole
        // strings tell them apart
        let articles: Vec<Article> = (0..6)
            .map(|i| {
                let term = "a".repeat(HEAD) + ["xyz", "xzy", "yzx"][i % 3];
                art(&format!("l{i}"), &term, &term)
            })
            .collect();
        let refs: Vec<&Article> = articles.iter().collect();
        let build = |mask: u64| Index::build_from(&refs, &exact(), 1, &mut |_, _| {}, mask, BATCH);
        assert!(build(1).is_none());
        let json = |x: &Index| serde_json::to_value(x).unwrap();
        assert_eq!(json(&build(u64::MAX).unwrap()), json(&build(0).unwrap()));
    }

    proptest::proptest! {
        #[test]
        fn later_duplicates_of_an_id_replace_earlier_ones(ids in proptest::collection::vec(0u8..6, 0..40)) {
            let articles: Vec<Article> = ids
                .iter()
                .enumerate()
                .map(|(i, id)| art(&format!("d{id}"), &format!("bài {i}"), "thân bài"))
                .collect();
            let refs: Vec<&Article> = articles.iter().collect();
            // the reference: an article stays when no later one has its id
            let want: Vec<&str> = articles
                .iter()
                .enumerate()
                .filter(|(i, a)| !articles.iter().skip(i + 1).any(|b| b.id == a.id))
                .map(|(_, a)| a.title.as_str())
                .collect();
            let titles = |v: Vec<&Article>| -> Vec<String> { v.iter().map(|a| a.title.clone()).collect() };
            proptest::prop_assert_eq!(titles(last_of_each_id(refs.clone())), want.clone());
            // every hash equal: the ids themselves tell the articles apart
            proptest::prop_assert_eq!(titles(last_of_each_id_by(refs.clone(), |_| 7)), want.clone());
            proptest::prop_assert_eq!(
                titles(last_of_each_id_by(refs, |id| id.as_str().len() as u64 % 2)),
                want
            );
        }
    }

    #[test]
    fn build_is_the_same_whatever_the_thread_count() {
        let topics = [
            "thi đua khen thưởng",
            "bóng đá giải vô địch",
            "giá xăng dầu tăng",
        ];
        let articles: Vec<Article> = (0..300)
            .map(|i| {
                let t = topics[i % 3];
                art(
                    &format!("a{i}"),
                    &format!("{t} số {i}"),
                    &format!("{t} năm {} tại tỉnh {} và {t}", 2000 + i % 17, i % 11),
                )
            })
            .collect();
        let want = serde_json::to_value(Index::build_with_threads(&articles, Config::default(), 1))
            .unwrap();
        for threads in [0, 2, 3, 5] {
            let got = Index::build_with_threads(&articles, Config::default(), threads);
            assert_eq!(
                serde_json::to_value(&got).unwrap(),
                want,
                "{threads} threads"
            );
        }
        assert_eq!(par_map(&[1, 2, 3], 4, |x| x * 2), vec![2, 4, 6]);
        let many: Vec<u32> = (0..1000).collect();
        assert_eq!(
            par_map(&many, 3, |x| x + 1),
            (1..1001).collect::<Vec<u32>>()
        );
    }

    #[test]
    fn par_map_after_runs_its_serial_part_once_and_keeps_the_order() {
        let many: Vec<u32> = (0..1000).collect();
        for threads in [1, 2, 3] {
            for items in [&many[..0], &many[..10], &many[..]] {
                let mut runs = 0;
                let (out, r) = par_map_after(
                    items,
                    threads,
                    |x| x * 3,
                    || {
                        runs += 1;
                        items.len()
                    },
                );
                assert_eq!(runs, 1, "{threads} threads");
                assert_eq!(r, items.len());
                assert_eq!(out, items.iter().map(|x| x * 3).collect::<Vec<u32>>());
            }
        }
    }

    #[test]
    fn encode_decode_round_trip_and_dot() {
        let v = vec![
            (3u32, 0.5f32),
            (200, 0.25),
            (65_738, 0.3), // gap exactly 0xFFFF (one escape chunk, then gap 0)
            (70_000, 0.8),
            (70_001, 0.1),
            (20_000_000, 0.2), // gap > 255 × 0xFFFF: several escape chunks
            (u32::MAX, 0.05),
        ];
        let (bytes, scale) = encode(&v);
        let back = decode(&bytes, scale);
        assert_eq!(back.len(), v.len());
        for (a, b) in v.iter().zip(&back) {
            assert_eq!(a.0, b.0);
            assert!((a.1 - b.1).abs() <= scale / 255.0);
        }
        let q = vec![(3u32, 1.0f32), (70_000, 0.5), (90_000, 1.0)];
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
        assert_eq!(encode(&[(1, 1.0), (9, 0.5)]).0.len(), 6);
    }

    #[test]
    fn text_similarity_ranks_topic_first() {
        let c = corpus();
        let index = Index::build(&c, Config::default());
        let r = index.related(&c[0].id, 3);
        assert_eq!(r[0].id.as_str(), "a2");
        assert!(r[0].why.text > 0.0);
        assert!(r[0]
            .why
            .shared_terms
            .iter()
            .any(|t| t == "thi đua" || t == "khen thưởng"));
        let r = index.related(&c[4].id, 1);
        assert_eq!(r[0].id.as_str(), "a6");
        assert!(r.iter().all(|x| x.id != c[4].id));
    }

    #[test]
    fn term_frequency_saturates_like_bm25() {
        // one mention counts once either way; repetitions add ever less, below k1 + 1
        assert_eq!(sublinear(1.0, 1.2), 1.0);
        assert!((sublinear(2.0, 1.2) - 2.0 * 2.2 / 3.2).abs() < 1e-6);
        assert!(sublinear(1e6, 1.2) < 2.2 && sublinear(1e6, 1.2) > 2.19);
        let mut prev = 0.0;
        for tf in 1..50 {
            let x = sublinear(tf as f32, 1.2);
            assert!(x > prev);
            prev = x;
        }
        // 0 keeps the logarithmic factor of earlier versions
        assert_eq!(sublinear(1.0, 0.0), 1.0);
        assert!((sublinear(10.0, 0.0) - (1.0 + 10f32.ln())).abs() < 1e-6);
        assert_eq!(sublinear(0.5, 0.0), 0.5);
        assert_eq!(sublinear(-1.0, 1.2), 0.0);
        // saturation flattens an article's vector: a term said ten times no longer
        // outweighs a term said once by 1 + ln 10 (x3.3), only by x1.96
        let body = format!("{} hội nghị.", "thi đua ".repeat(10));
        let mut c = corpus();
        c.push(art("a7", "Một bài khác", &body));
        let weight_ratio = |config: Config| {
            let index = Index::build(&c, config);
            let inner = index.inner();
            let d = inner.doc(inner.slot_of(&c[6].id).unwrap()).unwrap();
            let v = decode(&d.vec, d.scale);
            let w = |t: &str| {
                let id = inner.term_id(t).unwrap();
                v.iter().find(|x| x.0 == id).unwrap().1
            };
            // the same IDFs in both configurations: only the tf factor differs
            w("đua") / w("nghị")
        };
        let log = weight_ratio(Config {
            tf_saturation: 0.0,
            ..Config::default()
        });
        let bm25 = weight_ratio(Config::default());
        assert!(bm25 < log, "{bm25} !< {log}");
    }

    #[test]
    fn short_candidates_are_damped_by_their_length() {
        let c = Config::default();
        assert_eq!(length_factor(240, &c), 1.0);
        assert_eq!(length_factor(500, &c), 1.0);
        assert!((length_factor(30, &c) - 0.125f32.powf(0.25)).abs() < 1e-6);
        assert!(length_factor(10, &c) < length_factor(30, &c));
        let off = Config {
            length_exponent: 0.0,
            ..Config::default()
        };
        assert_eq!(length_factor(3, &off), 1.0);
        // the explained text part is the cosine times the factor of the candidate's
        // stored term count; without damping the same candidates' texts are larger
        let articles = corpus();
        let flat = Index::build(&articles, off);
        let damped = Index::build(&articles, Config::default());
        let mut checked = 0;
        for q in &articles {
            let a = flat.related(&q.id, 5);
            for x in damped.related(&q.id, 5) {
                let inner = damped.inner();
                let d = inner.doc(inner.slot_of(&x.id).unwrap()).unwrap();
                let n = decode(&d.vec, d.scale).len();
                assert!(n < 240);
                if let Some(y) = a.iter().find(|y| y.id == x.id) {
                    let want = y.why.text * length_factor(n, &c);
                    assert!((x.why.text - want).abs() < 1e-6, "{} vs {want}", x.why.text);
                    assert!(x.why.text < y.why.text);
                    checked += 1;
                }
                let w = &x.why;
                let sum = w.text + w.tags + w.documents + w.category + w.recency + w.feedback;
                assert!((sum - x.score).abs() < 1e-5);
            }
        }
        assert!(checked > 10, "{checked}");
    }

    /// (Also a regression test: a3 and a4 are different short articles citing the same
    /// document with the same tag; their SimHashes came out 1 bit apart, and a4 was
    /// dropped as a near duplicate before [`SIMHASH_MIN_TERMS`].)
    #[test]
    fn components_add_up_and_explain() {
        let mut c = corpus();
        c[2].tags = vec!["Kiểm sát".into()];
        c[3].tags = vec!["kiểm sát".into()];
        let doc = CitedDocument {
            number: "08/KH-UBND".into(),
            kind: None,
            issuer: None,
            date: None,
        };
        c[2].documents.push(doc.clone());
        c[3].documents.push(doc);
        c[2].category = Category::from_name("Hoạt động ngành");
        c[3].category = Category::from_name("Hoạt động ngành");
        let index = Index::build(&c, Config::default());
        let r = index.related(&c[2].id, 1);
        let w = &r[0].why;
        assert_eq!(r[0].id.as_str(), "a4");
        assert_eq!(w.shared_tags, vec!["kiểm sát".to_string()]);
        assert_eq!(w.shared_documents, vec!["08/KH-UBND".to_string()]);
        assert_eq!(w.days_apart, Some(1));
        assert!((w.documents - 0.5).abs() < 1e-6);
        assert!((w.category - 0.05).abs() < 1e-6);
        assert!(w.tags > 0.0 && w.recency > 0.0);
        let sum = w.text + w.tags + w.documents + w.category + w.recency + w.feedback;
        assert!((sum - r[0].score).abs() < 1e-5);
        let json = serde_json::to_value(&r[0]).unwrap();
        assert!(json["why"]["shared_terms"].is_array());
    }

    #[test]
    fn handpicked_first_and_filters() {
        let mut c = corpus();
        c[0].related = vec!["a5".parse().unwrap()];
        c[1].status = Status::Draft;
        let index = Index::build(&c, Config::default());
        let r = index.related(&c[0].id, 3);
        assert_eq!(r[0].id.as_str(), "a5");
        assert!(r[0].why.handpicked);
        assert!(
            r.iter().all(|x| x.id.as_str() != "a2"),
            "drafts are filtered"
        );

        let mut config = Config::default();
        config.filter.only_older = true;
        let index = Index::build(&c, config);
        let r = index.related(&c[3].id, 5);
        assert!(r.iter().all(|x| x.id.as_str() < "a4"));
        assert!(!r.is_empty());

        let mut config = Config::default();
        config.filter.window_days = Some(1);
        let index = Index::build(&c, config);
        assert!(
            index.related(&c[0].id, 5).is_empty()
                || index
                    .related(&c[0].id, 5)
                    .iter()
                    .all(|x| x.why.days_apart.unwrap_or(0) <= 1)
        );
    }

    #[test]
    fn near_duplicates_are_excluded() {
        let mut c = corpus();
        let mut dup = c[0].clone();
        dup.id = "a1-copy".parse().unwrap();
        c.push(dup);
        let index = Index::build(&c, Config::default());
        let r = index.related(&c[0].id, 5);
        assert!(r.iter().all(|x| x.id.as_str() != "a1-copy"));
        let config = Config {
            near_duplicate_bits: 0,
            max_per_category: Some(1),
            mmr_lambda: Some(0.7),
            ..Config::default()
        };
        let index = Index::build(&c, config);
        // identical bodies are duplicates whatever the SimHash tolerance
        let r = index.related(&c[0].id, 5);
        assert!(r.iter().all(|x| x.id.as_str() != "a1-copy"));
    }

    #[test]
    fn incremental_matches_rebuild() {
        let c = crate::import::sample_articles().unwrap();
        let full = Index::build(&c, Config::default());
        let (last, rest) = c.split_last().unwrap();
        let mut inc = Index::build(rest, Config::default());
        inc.insert(last);
        let (mut same, mut total) = (0usize, 0usize);
        for a in &c {
            let x = full.related(&a.id, 3);
            let y = inc.related(&a.id, 3);
            for (p, q) in x.iter().zip(&y) {
                total += 1;
                if p.id == q.id {
                    same += 1;
                    // the other articles keep the weights they got with one article
                    // fewer (of 24: document frequencies and N move), so scores agree
                    // only roughly (the largest gap here is 12 %)
                    assert!(
                        (p.score - q.score).abs() <= 0.15 * p.score.max(q.score),
                        "{} vs {}",
                        p.score,
                        q.score
                    );
                }
            }
        }
        assert!(same * 10 >= total * 9, "{same} of {total} positions agree");
        // update = remove + insert; the same article gives the same ranking for itself
        let before = inc.related(&last.id, 3);
        inc.update(last);
        assert_eq!(inc.related(&last.id, 3), before);
    }

    #[test]
    fn no_panic_after_deletes() {
        let c = crate::import::sample_articles().unwrap();
        let mut index = Index::build(&c, Config::default());
        for (i, a) in c.iter().enumerate() {
            if i % 2 == 0 {
                assert!(index.remove(&a.id));
            }
        }
        for a in &c {
            let r = index.related(&a.id, 10);
            assert!(r.iter().all(|x| index.contains(&x.id)));
            let _ = index.related_for(a, 10);
        }
        for a in &c {
            index.remove(&a.id);
        }
        assert!(index.is_empty());
        assert!(index.related_for(&c[0], 5).is_empty());
        for a in &c {
            index.insert(a);
        }
        assert_eq!(index.len(), c.len());
        assert!(!index.related(&c[0].id, 5).is_empty());
    }

    #[test]
    fn serde_round_trip_and_precompute() {
        let c = crate::import::sample_articles().unwrap();
        let mut index = Index::build(&c, Config::default());
        let json = serde_json::to_string(&index).unwrap();
        let back: Index = serde_json::from_str(&json).unwrap();
        for a in &c {
            assert_eq!(back.related(&a.id, 5), index.related(&a.id, 5));
        }
        let live: Vec<_> = c.iter().map(|a| index.related(&a.id, 5)).collect();
        index.precompute(5);
        assert!(index.memory_bytes().2 > 0);
        let served: Vec<_> = c.iter().map(|a| index.related(&a.id, 5)).collect();
        assert_eq!(live, served);
        index.remove(&c[0].id);
        assert_eq!(index.memory_bytes().2, 0);
    }

    #[test]
    fn related_ids_are_related_without_the_words() {
        let mut c = synthetic(400, 300, 11);
        // a hand-picked article first, and a missing one skipped
        let picked = c[7].id.clone();
        c[3].related = vec![picked.clone(), ArticleId::new("nowhere").unwrap()];
        let mut index = Index::build(&c, Config::default());
        let same = |index: &Index| {
            for a in &c {
                for k in [0, 1, 10] {
                    let full: Vec<(ArticleId, f32)> = index
                        .related(&a.id, k)
                        .into_iter()
                        .map(|r| (r.id, r.score))
                        .collect();
                    assert_eq!(index.related_ids(&a.id, k), full, "{} k {k}", a.id);
                    assert_eq!(index.snapshot().related_ids(&a.id, k), full);
                }
            }
        };
        same(&index);
        assert_eq!(
            index.related_ids(&c[3].id, 10).first().map(|r| &r.0),
            Some(&picked)
        );
        assert!(index
            .related_ids(&ArticleId::new("nowhere").unwrap(), 10)
            .is_empty());
        index.precompute(10);
        same(&index);
        index.remove(&c[5].id);
        same(&index);
    }

    #[test]
    fn related_for_an_outside_article() {
        let c = corpus();
        let index = Index::build(&c[1..], Config::default());
        let r = index.related_for(&c[0], 2);
        assert_eq!(r[0].id.as_str(), "a2");
    }
}
