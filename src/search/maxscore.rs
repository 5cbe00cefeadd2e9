//! The best `k` documents by relevance without scoring every match (MaxScore), and the
//! exact number of matches from a bitset.
//!
//! Each term has an upper bound of what it can add to a score (its weight times the BM25
//! of its largest frequency in its shortest document). First the documents of the
//! highest-bound lists are scored, which sets a bar: the `k`-th score. The terms whose
//! bounds together (times the coverage factor of the syllables they cover) stay below the
//! bar are *non-essential*: a document only they hold cannot enter the top `k`. The
//! other lists are summed term at a time; their documents are taken best bound first,
//! the non-essential lists looked up for each while it can still pass the bar, and those
//! that can are scored in full, as an exhaustive pass would score them (same terms, same
//! order of additions), so the top `k` are the same.
//!
//! Relevance queries are ranked by the one-pass scorer (`accumulate`); this is the reference the tests
//! compare it with (its bounds and candidates are chosen independently of it).

use std::cell::RefCell;
use std::collections::BinaryHeap;

use super::index::Posting;
use super::topk::{Best, Ranked, Scorer};
use std::cmp::Ordering;

/// A little above 1: absorbs rounding so a bound never falls below the score it bounds.
const SLACK: f32 = 1.0 + 1e-4;

/// A document of the essential lists: its score bound, slot, partial score and mask.
/// `Ord` puts the best bound first (ties: lower slot first), the order the candidates
/// are taken in.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    bound: f32,
    slot: u32,
    partial: f32,
    mask: u64,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.bound
            .total_cmp(&other.bound)
            .then_with(|| other.slot.cmp(&self.slot))
    }
}

/// Per-thread arrays over all slots for the partial scores and masks of one query; every
/// entry is zero between queries (the touched ones are reset after use).
#[derive(Debug, Default)]
struct Scratch {
    part: Vec<f32>,
    mask: Vec<u64>,
    touched: Vec<u32>,
}

impl Scratch {
    fn fit(&mut self, slots: usize) {
        if self.part.len() < slots {
            self.part.resize(slots, 0.0);
            self.mask.resize(slots, 0);
        }
        self.touched.clear();
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Postings of the highest-bound terms whose documents are scored first, so the `k`-th
/// score (the bar a document must pass) starts near where it ends.
const SEED_POSTINGS: usize = 256;

/// The best `k` documents (best first) that have all `required` terms and pass
/// `accept`, by the score `Σ weight·idf·BM25 × coverage²`.
pub(crate) fn top_k(
    sc: &Scorer<'_>,
    required: &[u32],
    k: usize,
    mut accept: impl FnMut(u32) -> bool,
) -> Vec<Ranked> {
    let m = sc.terms.len();
    if k == 0 || m == 0 {
        return Vec::new();
    }
    let lists: Vec<&[Posting]> = (0..m).map(|t| sc.list(t)).collect();
    let masks: Vec<u64> = (0..m).map(|t| sc.mask(t)).collect();
    let req: Vec<&[Posting]> = required
        .iter()
        .map(|&id| {
            sc.inner
                .postings
                .get(id as usize)
                .map_or(&[][..], Vec::as_slice)
        })
        .collect();
    // Terms by bound, smallest first; prefix sums of bounds and masks over that order.
    let ub: Vec<f32> = (0..m).map(|t| sc.bound(t)).collect();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| ub[a].total_cmp(&ub[b]).then(a.cmp(&b)));
    let mut pre_ub = vec![0f32; m + 1];
    let mut pre_mask = vec![0u64; m + 1];
    for (j, &t) in order.iter().enumerate() {
        pre_ub[j + 1] = pre_ub[j] + ub[t];
        pre_mask[j + 1] = pre_mask[j] | masks[t];
    }
    let bound = |sum: f32, mask: u64| {
        let c = sc.coverage(mask);
        sum * SLACK * c * c
    };
    let date = |d: u32| {
        sc.inner
            .docs
            .get(d as usize)
            .and_then(|x| x.as_ref())
            .and_then(|x| x.published)
    };
    // The score of a document from its terms' contributions (added in term order, as the
    // exhaustive pass adds them).
    let score = |contrib: &[f32], mask: u64| {
        let mut s = 0f32;
        for c in contrib {
            s += c;
        }
        let cov = sc.coverage(mask);
        s * cov * cov
    };
    let mut best = Best::new(k);
    let mut contrib = vec![0f32; m];
    // Scores `d` in full (every list searched), as the exhaustive pass scores it, and
    // offers it when it holds the required terms and passes the filters.
    let mut evaluate = |d: u32, best: &mut Best| {
        if !req
            .iter()
            .all(|l| l.binary_search_by_key(&d, |p| p.0).is_ok())
            || !accept(d)
        {
            return;
        }
        let len = sc.len(d);
        let mut mask = 0u64;
        for (u, list) in lists.iter().enumerate() {
            contrib[u] = match list.binary_search_by_key(&d, |p| p.0) {
                Ok(i) => {
                    mask |= masks[u];
                    let tf = list.get(i).map_or(0.0, |p| p.1);
                    sc.weights[u] * sc.bm25.score(tf, len)
                }
                Err(_) => 0.0,
            };
        }
        let s = score(&contrib, mask);
        if s > 0.0 {
            best.offer(Ranked {
                score: s,
                date: date(d),
                slot: d,
            });
        }
    };
    // Seed: the documents of the highest-bound lists.
    let slots = sc.inner.docs.len();
    let mut seeded = vec![0u64; slots.div_ceil(64)];
    let mut budget = SEED_POSTINGS;
    for &t in order.iter().rev() {
        let Some(rest) = budget.checked_sub(lists[t].len()) else {
            break;
        };
        budget = rest;
        for q in lists[t] {
            let d = q.0;
            match seeded.get_mut((d >> 6) as usize) {
                Some(w) if *w & (1u64 << (d & 63)) == 0 => *w |= 1u64 << (d & 63),
                _ => continue,
            }
            evaluate(d, &mut best);
        }
    }
    // order[..p] are non-essential: a document only they hold cannot reach the bar.
    let mut p = 0usize;
    if best.full() {
        while p < m && bound(pre_ub[p + 1], pre_mask[p + 1]) < best.theta {
            p += 1;
        }
    }
    let essential = order.get(p..).unwrap_or(&[]);
    let is_seeded = |d: u32| {
        seeded
            .get((d >> 6) as usize)
            .is_some_and(|w| w & (1u64 << (d & 63)) != 0)
    };
    // The essential lists' documents with their partial scores and masks, term at a
    // time into per-thread arrays over all slots (reset after use), then those that can
    // still reach the bar as it stands now, best bound first (a heap: usually only the
    // first few are taken before the bar stops the loop).
    let bar = if best.full() {
        best.theta
    } else {
        f32::NEG_INFINITY
    };
    let gather = |scratch: &mut Scratch| {
        scratch.fit(slots);
        for &t in essential {
            for q in lists[t] {
                let i = q.0 as usize;
                let (Some(s), Some(mk)) = (scratch.part.get_mut(i), scratch.mask.get_mut(i)) else {
                    continue;
                };
                // Every term score is positive: 0 means untouched.
                if *s == 0.0 {
                    scratch.touched.push(q.0);
                }
                *s += sc.weights[t] * sc.bm25.score(q.1, sc.len(q.0));
                *mk |= masks[t];
            }
        }
        let mut out = Vec::new();
        for &d in &scratch.touched {
            let i = d as usize;
            let (Some(s), Some(mk)) = (scratch.part.get_mut(i), scratch.mask.get_mut(i)) else {
                continue;
            };
            let (partial, m) = (std::mem::take(s), std::mem::take(mk));
            if is_seeded(d) {
                continue;
            }
            let ub_d = bound(partial + pre_ub[p], m | pre_mask[p]);
            if ub_d >= bar {
                out.push(Candidate {
                    bound: ub_d,
                    slot: d,
                    partial,
                    mask: m,
                });
            }
        }
        scratch.touched.clear();
        BinaryHeap::from(out)
    };
    let mut ranked: BinaryHeap<Candidate> = SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => gather(&mut scratch),
        Err(_) => gather(&mut Scratch::default()),
    });
    while let Some(Candidate {
        bound: ub_d,
        slot: d,
        partial,
        mask: mk,
    }) = ranked.pop()
    {
        if best.full() && ub_d < best.theta {
            break;
        }
        // Look the non-essential terms up, largest bound first, while it can still pass.
        let (mut s, mut mk) = (partial, mk);
        let mut pruned = false;
        let len = sc.len(d);
        for j in (0..p).rev() {
            let t = order[j];
            if let Ok(i) = lists[t].binary_search_by_key(&d, |q| q.0) {
                let tf = lists[t].get(i).map_or(0.0, |q| q.1);
                s += sc.weights[t] * sc.bm25.score(tf, len);
                mk |= masks[t];
            }
            if best.full() && bound(s + pre_ub[j], mk | pre_mask[j]) < best.theta {
                pruned = true;
                break;
            }
        }
        if !pruned {
            evaluate(d, &mut best);
        }
    }
    best.heap.into_sorted_vec()
}

/// The number of documents that have a term whose mask meets the query's syllables (any
/// term when the query has no syllable), hold every `required` term and pass `accept`:
/// the documents an exhaustive pass gives a positive score.
pub(crate) fn count(
    sc: &Scorer<'_>,
    required: &[u32],
    mut accept: impl FnMut(u32) -> bool,
) -> usize {
    let words = sc.inner.docs.len().div_ceil(64);
    let mut bits = vec![0u64; words];
    let set = |bits: &mut [u64], list: &[Posting]| {
        for q in list {
            if let Some(w) = bits.get_mut((q.0 >> 6) as usize) {
                *w |= 1u64 << (q.0 & 63);
            }
        }
    };
    for (t, q) in sc.terms.iter().enumerate() {
        if sc.syl == 0 || q.mask & sc.all != 0 {
            set(&mut bits, sc.list(t));
        }
    }
    if !required.is_empty() {
        let mut need = vec![0u64; words];
        for &id in required {
            need.iter_mut().for_each(|w| *w = 0);
            set(
                &mut need,
                sc.inner
                    .postings
                    .get(id as usize)
                    .map_or(&[][..], Vec::as_slice),
            );
            for (b, n) in bits.iter_mut().zip(&need) {
                *b &= n;
            }
        }
    }
    let mut total = 0usize;
    for (i, &w) in bits.iter().enumerate() {
        let mut w = w;
        while w != 0 {
            let slot = (i as u32) << 6 | w.trailing_zeros();
            total += usize::from(accept(slot));
            w &= w - 1;
        }
    }
    total
}
