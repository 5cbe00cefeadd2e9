//! The best `k` documents by relevance and the exact number of matches, term at a time
//! over the query's postings, shortest lists first; the longest lists only complete the
//! scores of documents already found once those documents are sure to fill the page.
//!
//! A score is `Σ weight·idf·BM25 × coverage²`. The terms come in order of document
//! frequency, rarest first (the query scorer, `score`, sorts them so for every path). Each posting
//! adds its term's share to its document's entry in per-thread arrays over the slots
//! (partial score and the mask of query syllables covered), the first time noting the
//! document as touched.
//!
//! Before a long list (when the postings left outnumber the documents touched so far;
//! for pages ending by `MAX_STOP_K`, with no filter) the pass may stop taking new
//! documents. A touched document's partial score times its
//! coverage² is a lower bound of its final score (the shares left are positive and the
//! coverage only grows); the few best by it are scored in full (the remaining lists
//! searched), and the `k`-th best of those scores is a lower bound of the final `k`-th
//! score. A document none of the lists read so far holds scores at most the
//! remaining terms' upper bounds ([`Scorer::bound`], each term's weight times the BM25
//! of its largest frequency in its shortest document) times the coverage² of the
//! syllables they cover. When that is below the `k`-th lower bound, no such document can
//! reach the page: the remaining lists then add their shares to the touched documents
//! only (found through a bitset of them), and set the other documents' bits in a second
//! bitset, which counts them. A long list that has its own bitset ([`super::dense`]) is
//! taken the other way round when the touched documents are few beside it: each looks
//! its posting up by rank, and the list's bits less theirs are OR-ed into the count 64 at
//! a time; the full scores of the stop checks look postings up the same way. Every score on the page is the one an exhaustive pass
//! computes (same terms, same order of additions).
//!
//! Then each touched document is taken once: those that cover a query syllable (or any
//! when the query has none), hold the required terms and pass the filters are matches;
//! with the documents of the counting bitset (which hold the required terms: its bits are
//! met with theirs) they make the exact `total`. A document whose score cannot beat the
//! `k`-th so far is dropped before its date is read. The entries touched are reset after
//! use, so a query costs its postings and its matches, not the number of slots.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::index::Posting;
use super::topk::{Best, Bm25, Ranked, Scorer};

/// A little above 1: absorbs rounding so a bound never falls below the score it bounds.
const SLACK: f32 = 1.0 + 1e-4;
/// Times the pass looks for the point to stop taking new documents (each costs a look
/// at every touched document; it looks only before a list longer than a quarter of them
/// and when the postings left outnumber them twice).
const MAX_CHECKS: usize = 8;
/// Largest page end (`offset + limit`), and most terms left, for which the pass looks:
/// each look scores `POOL_PER_K · k` documents by searching the lists left.
const MAX_STOP_K: usize = 100;
const MAX_STOP_TERMS: usize = 48;

/// The query syllables a slot covers: `u32` when the query's masks fit (an 8-byte
/// [`Entry`], so the entries of 148.8k articles fit a 2 MB L2), else `u64`.
trait Mask: Copy + Default + std::ops::BitOrAssign + std::fmt::Debug {
    fn of(m: u64) -> Self;
    fn wide(self) -> u64;
}

impl Mask for u32 {
    fn of(m: u64) -> u32 {
        m as u32
    }
    fn wide(self) -> u64 {
        u64::from(self)
    }
}

impl Mask for u64 {
    fn of(m: u64) -> u64 {
        m
    }
    fn wide(self) -> u64 {
        self
    }
}

/// A slot's partial score and the query syllables it covers.
#[derive(Debug, Clone, Copy, Default)]
struct Entry<M> {
    score: f32,
    mask: M,
}

/// Per-thread arrays over all slots; every entry is zero between queries.
#[derive(Debug, Default)]
struct Scratch {
    narrow: Vec<Entry<u32>>,
    wide: Vec<Entry<u64>>,
    bufs: Bufs,
}

/// The rest of [`Scratch`].
#[derive(Debug, Default)]
struct Bufs {
    touched: Vec<u32>,
    /// Documents holding every required term (a bit per slot).
    need: Vec<u64>,
    spare: Vec<u64>,
    /// The touched documents when the pass stops taking new ones, and the documents it
    /// counts without scoring them (a bit per slot each).
    cand: Vec<u64>,
    rest: Vec<u64>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

#[cfg(test)]
thread_local! {
    /// Queries of this thread whose pass stopped taking new documents (for the tests that
    /// must exercise both ways).
    pub(crate) static STOPPED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Makes this thread's queries take the `u64` entries even when their masks fit 32
    /// bits (for the test that both widths rank alike).
    pub(crate) static WIDE_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The number of documents an exhaustive pass scores above zero among those that hold
/// every `required` term and pass `accept` (asked only when `filtered`), and the best
/// `k` of them, best first.
pub(crate) fn rank(
    sc: &Scorer<'_>,
    required: &[u32],
    k: usize,
    filtered: bool,
    accept: impl FnMut(u32) -> bool,
) -> (usize, Vec<Ranked>) {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => dispatch(sc, required, k, filtered, accept, &mut scratch),
        Err(_) => dispatch(sc, required, k, filtered, accept, &mut Scratch::default()),
    })
}

fn dispatch(
    sc: &Scorer<'_>,
    required: &[u32],
    k: usize,
    filtered: bool,
    accept: impl FnMut(u32) -> bool,
    scratch: &mut Scratch,
) -> (usize, Vec<Ranked>) {
    let Scratch { narrow, wide, bufs } = scratch;
    let fits = (sc.all >> 32) == 0 && (0..sc.terms.len()).all(|t| sc.mask(t) >> 32 == 0);
    #[cfg(test)]
    let fits = fits && !WIDE_ONLY.with(std::cell::Cell::get);
    if fits {
        ranked(sc, required, k, filtered, accept, narrow, bufs)
    } else {
        ranked(sc, required, k, filtered, accept, wide, bufs)
    }
}

/// Sets the bits of `list`'s slots in `bits`.
fn set_bits(bits: &mut [u64], list: &[Posting]) {
    for p in list {
        if let Some(w) = bits.get_mut((p.0 >> 6) as usize) {
            *w |= 1u64 << (p.0 & 63);
        }
    }
}

fn has_bit(bits: &[u64], d: u32) -> bool {
    bits.get((d >> 6) as usize)
        .is_some_and(|w| w & (1u64 << (d & 63)) != 0)
}

/// Candidates scored in full when the pass looks for the point to stop, per page slot.
const POOL_PER_K: usize = 4;

/// A lower bound of the `k`-th best final score, from terms `from..` on: the touched
/// documents that hold the required terms, best partial score times coverage² first,
/// `POOL_PER_K · k` of them scored in full (the remaining lists searched, the shares added
/// in term order: the scores the pass will give them); their `k`-th best. `None` when
/// fewer than `k` have a score.
fn kth_score<M: Mask>(
    sc: &Scorer<'_>,
    entries: &[Entry<M>],
    touched: &[u32],
    k: usize,
    from: usize,
    holds: impl Fn(u32) -> bool,
) -> Option<f32> {
    let pool = k.saturating_mul(POOL_PER_K);
    // Positive floats order as their bits.
    let mut heap: BinaryHeap<Reverse<(u32, u32)>> = BinaryHeap::with_capacity(pool + 1);
    for &d in touched {
        let Some(e) = entries.get(d as usize) else {
            continue;
        };
        let cov = sc.coverage(e.mask.wide());
        let lb = e.score * cov * cov;
        if lb <= 0.0 {
            continue;
        }
        let bits = lb.to_bits();
        if heap.len() < pool {
            if holds(d) {
                heap.push(Reverse((bits, d)));
            }
        } else if heap.peek().is_some_and(|w| bits > w.0 .0) && holds(d) {
            heap.pop();
            heap.push(Reverse((bits, d)));
        }
    }
    if heap.len() < k {
        return None;
    }
    // The pool in slot order, so each remaining list is searched forwards from where the
    // previous document was found (a gallop over nearby postings instead of a binary
    // search of the whole list); each document still adds its shares in term order.
    let mut pool: Vec<(u32, f32, u64, f32)> = heap
        .into_iter()
        .filter_map(|Reverse((_, d))| {
            let e = entries.get(d as usize)?;
            Some((d, e.score, e.mask.wide(), sc.len(d)))
        })
        .collect();
    pool.sort_unstable_by_key(|p| p.0);
    for u in from..sc.terms.len() {
        let (w, mk) = (sc.weights.get(u).copied().unwrap_or(0.0), sc.mask(u));
        let list = sc.list(u);
        if let Some(set) = sc.dense(u) {
            for (d, score, mask, len) in pool.iter_mut() {
                #[cfg(test)]
                assert_eq!(set.position(*d), list.binary_search_by_key(d, |p| p.0).ok());
                if let Some(p) = set.position(*d).and_then(|i| list.get(i)) {
                    *score += w * sc.bm25.score(p.1, *len);
                    *mask |= mk;
                }
            }
            continue;
        }
        let mut rest = list;
        for (d, score, mask, len) in pool.iter_mut() {
            rest = rest.get(gallop(rest, *d)..).unwrap_or_default();
            if let Some(p) = rest.first().filter(|p| p.0 == *d) {
                *score += w * sc.bm25.score(p.1, *len);
                *mask |= mk;
            }
        }
    }
    let mut full: Vec<f32> = pool
        .iter()
        .map(|&(_, score, mask, _)| {
            let cov = sc.coverage(mask);
            score * cov * cov
        })
        .collect();
    full.sort_by(|a, b| b.total_cmp(a));
    k.checked_sub(1).and_then(|i| full.get(i)).copied()
}

/// The first position of `list` (ordered by slot) whose slot is at least `d`: doubling
/// steps from the front, then a binary search within the last step.
fn gallop(list: &[Posting], d: u32) -> usize {
    let mut end = 1;
    while end < list.len() && list.get(end - 1).is_some_and(|p| p.0 < d) {
        end *= 2;
    }
    let start = end / 2;
    let end = end.min(list.len());
    start
        + list
            .get(start..end)
            .map_or(0, |w| w.partition_point(|p| p.0 < d))
}

/// Adds one term's shares (`w` times BM25) to its documents' entries, noting the
/// documents touched for the first time. Its own function so the loop's few values stay
/// in registers (`search_eval --only-tintuc`, same-run A/B).
#[inline(never)]
fn add_list<M: Mask>(
    list: &[Posting],
    w: f32,
    mask: M,
    bm25: Bm25,
    entries: &mut [Entry<M>],
    lens: &[f32],
    touched: &mut Vec<u32>,
) {
    let n = entries.len().min(lens.len());
    let entries = entries.get_mut(..n).unwrap_or_default();
    let lens = lens.get(..n).unwrap_or_default();
    for p in list {
        let i = p.0 as usize;
        let (Some(e), Some(&len)) = (entries.get_mut(i), lens.get(i)) else {
            continue;
        };
        // Every term's share is positive: 0 means untouched.
        if e.score == 0.0 {
            touched.push(p.0);
        }
        e.score += w * bm25.score(p.1, len);
        e.mask |= mask;
    }
}

fn ranked<M: Mask>(
    sc: &Scorer<'_>,
    required: &[u32],
    k: usize,
    filtered: bool,
    mut accept: impl FnMut(u32) -> bool,
    entries: &mut Vec<Entry<M>>,
    bufs: &mut Bufs,
) -> (usize, Vec<Ranked>) {
    let slots = sc.inner.docs.len();
    let words = slots.div_ceil(64);
    if entries.len() < slots {
        entries.resize(slots, Entry::default());
    }
    bufs.touched.clear();
    let Bufs {
        touched,
        need,
        spare,
        cand,
        rest,
    } = bufs;
    let lens = sc.inner.lens.as_slice();
    let entries = entries.get_mut(..slots).unwrap_or_default();
    if !required.is_empty() {
        need.clear();
        need.resize(words, u64::MAX);
        for &id in required {
            spare.clear();
            spare.resize(words, 0);
            set_bits(
                spare,
                sc.inner
                    .postings
                    .get(id as usize)
                    .map_or(&[], Vec::as_slice),
            );
            for (n, s) in need.iter_mut().zip(spare.iter()) {
                *n &= s;
            }
        }
    }
    let need: &[u64] = need;
    let holds = |d: u32| required.is_empty() || has_bit(need, d);
    let m = sc.terms.len();
    // Stopping early needs a page of at most MAX_STOP_K, no filter (the count would ask
    // every document) and a syllable (a document number alone covers nothing).
    let may_stop = (1..=MAX_STOP_K).contains(&k) && !filtered && sc.syl > 0;
    // From the end: the bounds, syllables and postings of the terms from t on.
    let mut suffix: Vec<(f32, u64, usize)> = Vec::new();
    if may_stop {
        suffix.resize(m + 1, (0.0, 0, 0));
        for t in (0..m).rev() {
            let (b, mk, n) = suffix.get(t + 1).copied().unwrap_or_default();
            let q = sc.terms.get(t).map_or(0, |q| q.mask);
            if let Some(s) = suffix.get_mut(t) {
                *s = (b + sc.bound(t), mk | q, n + sc.list(t).len());
            }
        }
    }
    let mut stop = m;
    let mut checks = 0;
    for t in 0..m {
        if may_stop && t > 0 && checks < MAX_CHECKS {
            let (b, mk, left) = suffix.get(t).copied().unwrap_or_default();
            if left > 2 * touched.len()
                && 4 * sc.list(t).len() > touched.len()
                && m - t <= MAX_STOP_TERMS
            {
                checks += 1;
                let cov = sc.coverage(mk);
                let outside = b * SLACK * cov * cov;
                if kth_score(sc, entries, touched, k, t, holds).is_some_and(|lb| outside < lb) {
                    stop = t;
                    break;
                }
            }
        }
        let (w, mask) = (sc.weights.get(t).copied().unwrap_or(0.0), M::of(sc.mask(t)));
        add_list(sc.list(t), w, mask, sc.bm25, entries, lens, touched);
    }
    let mut counted = 0usize;
    if stop < m {
        #[cfg(test)]
        STOPPED.with(|c| c.set(c.get() + 1));
        cand.clear();
        cand.resize(words, 0);
        rest.clear();
        rest.resize(words, 0);
        for &d in touched.iter() {
            if let Some(c) = cand.get_mut((d >> 6) as usize) {
                *c |= 1u64 << (d & 63);
            }
        }
        for t in stop..m {
            let (w, wide) = (sc.weights.get(t).copied().unwrap_or(0.0), sc.mask(t));
            let (mask, counts) = (M::of(wide), wide & sc.all != 0);
            let list = sc.list(t);
            // A long list with a bitset: the documents still scored look their postings
            // up, the others are its bits, 64 at a time.
            if let Some(set) = sc.dense(t).filter(|_| 4 * touched.len() < list.len()) {
                for &d in touched.iter() {
                    let Some(p) = set.position(d).and_then(|i| list.get(i)) else {
                        continue;
                    };
                    let i = d as usize;
                    if let (Some(e), Some(&len)) = (entries.get_mut(i), lens.get(i)) {
                        e.score += w * sc.bm25.score(p.1, len);
                        e.mask |= mask;
                    }
                }
                if counts {
                    for ((r, &b), &c) in rest.iter_mut().zip(set.words()).zip(cand.iter()) {
                        *r |= b & !c;
                    }
                }
                continue;
            }
            for p in list {
                let (word, bit) = ((p.0 >> 6) as usize, 1u64 << (p.0 & 63));
                if cand.get(word).is_some_and(|c| c & bit != 0) {
                    let i = p.0 as usize;
                    if let (Some(e), Some(&len)) = (entries.get_mut(i), lens.get(i)) {
                        e.score += w * sc.bm25.score(p.1, len);
                        e.mask |= mask;
                    }
                } else if counts {
                    if let Some(r) = rest.get_mut(word) {
                        *r |= bit;
                    }
                }
            }
        }
        counted = if required.is_empty() {
            rest.iter().map(|r| r.count_ones() as usize).sum()
        } else {
            rest.iter()
                .zip(need.iter())
                .map(|(r, n)| (r & n).count_ones() as usize)
                .sum()
        };
    }
    let mut best = Best::new(k);
    let mut total = counted;
    for &d in touched.iter() {
        let Some(e) = entries.get_mut(d as usize) else {
            continue;
        };
        let Entry { score, mask } = std::mem::take(e);
        let cov = sc.coverage(mask.wide());
        let score = score * cov * cov;
        if score <= 0.0 || !holds(d) || (filtered && !accept(d)) {
            continue;
        }
        total += 1;
        if k == 0 || (best.full() && score < best.theta) {
            continue;
        }
        best.offer(Ranked {
            score,
            date: sc
                .inner
                .docs
                .get(d as usize)
                .and_then(|x| x.as_ref())
                .and_then(|x| x.published),
            slot: d,
        });
    }
    touched.clear();
    (total, best.heap.into_sorted_vec())
}

#[cfg(test)]
mod tests {
    use super::{gallop, Posting};

    #[test]
    fn gallop_finds_the_first_slot_not_below() {
        let list: Vec<Posting> = [2u32, 3, 5, 8, 13, 21, 34, 55, 89]
            .iter()
            .map(|&s| Posting(s, 1.0))
            .collect();
        for d in 0..100 {
            assert_eq!(
                gallop(&list, d),
                list.partition_point(|p| p.0 < d),
                "slot {d}"
            );
        }
        assert_eq!(gallop(&[], 7), 0);
    }
}
