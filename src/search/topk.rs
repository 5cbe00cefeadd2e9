//! The best `k` documents by relevance without scoring every match (MaxScore), and the
//! exact number of matches from a bitset.
//!
//! Terms are sorted by an upper bound of what they can add to a score (their weight times
//! the BM25 of their largest frequency in their shortest document). Once `k` documents are
//! held, the terms whose bounds together (times the coverage factor of the syllables they
//! cover) cannot reach the `k`-th score are *non-essential*: a document found only in
//! their lists cannot enter the top `k`, so only the other lists are walked, and the
//! non-essential ones are looked up (by galloping search) for the documents those give.
//! Every document that can enter the top `k` is scored in full, as an exhaustive pass
//! would score it (same terms, same order of additions), so the top `k` are the same.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::expand::QTerm;
use super::index::{Inner, Posting};
use crate::model::Timestamp;

/// A little above 1: absorbs rounding so a bound never falls below the score it bounds.
const SLACK: f32 = 1.0 + 1e-4;

/// What scoring needs of a query.
pub(crate) struct Scorer<'a> {
    pub inner: &'a Inner,
    pub terms: &'a [QTerm],
    /// Each term's weight times its idf.
    pub weights: Vec<f32>,
    pub avg: f32,
    /// Query syllables (at most 64) and the mask of all of them.
    pub syl: usize,
    pub all: u64,
}

impl Scorer<'_> {
    pub(crate) fn list(&self, t: usize) -> &[Posting] {
        self.terms
            .get(t)
            .and_then(|t| self.inner.postings.get(t.id as usize))
            .map_or(&[][..], Vec::as_slice)
    }

    pub(crate) fn len(&self, slot: u32) -> f32 {
        self.inner
            .lens
            .get(slot as usize)
            .copied()
            .unwrap_or(self.avg)
    }

    /// The coverage factor of a document whose matched terms cover `mask`.
    pub(crate) fn coverage(&self, mask: u64) -> f32 {
        coverage(mask, self.all, self.syl)
    }

    fn mask(&self, t: usize) -> u64 {
        self.terms.get(t).map_or(0, |t| t.mask)
    }

    /// An upper bound on term `t`'s score in any document.
    fn bound(&self, t: usize) -> f32 {
        let b = self
            .terms
            .get(t)
            .and_then(|q| self.inner.bounds.get(q.id as usize))
            .copied()
            .unwrap_or_default();
        let w = self.weights.get(t).copied().unwrap_or(0.0);
        if b.max_tf <= 0.0 {
            0.0
        } else {
            w * bm25(b.max_tf, b.min_len.max(0.0), self.avg)
        }
    }
}

/// Share of the query's syllables matched.
pub(crate) fn coverage(mask: u64, all: u64, syl: usize) -> f32 {
    if syl == 0 {
        1.0
    } else {
        (mask & all).count_ones() as f32 / syl as f32
    }
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

pub(crate) fn idf(n: usize, df: usize) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

pub(crate) fn bm25(tf: f32, len: f32, avg: f32) -> f32 {
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg))
}

/// A scored document; `Ord` is rank order (`Less` ranks first): score, then newer
/// publication, then index order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranked {
    pub score: f32,
    pub date: Option<Timestamp>,
    pub slot: u32,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| other.date.cmp(&self.date))
            .then_with(|| self.slot.cmp(&other.slot))
    }
}

/// The first index `>= from` in `list` whose slot is `>= slot` (galloping search).
fn advance(list: &[Posting], from: usize, slot: u32) -> usize {
    let mut lo = from;
    let mut step = 1;
    let mut hi = from;
    while list.get(hi).is_some_and(|p| p.0 < slot) {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    let hi = hi.min(list.len());
    lo + list
        .get(lo..hi)
        .map_or(0, |s| s.partition_point(|p| p.0 < slot))
}

/// Postings of the highest-bound terms whose documents are scored first, so the `k`-th
/// score (the bar a document must pass) starts near where it ends.
const SEED_POSTINGS: usize = 256;

/// The `k` best documents seen so far; `theta` is the `k`-th score once there are `k`.
struct Best {
    heap: BinaryHeap<Ranked>,
    k: usize,
    theta: f32,
}

impl Best {
    fn full(&self) -> bool {
        self.heap.len() >= self.k
    }

    fn offer(&mut self, r: Ranked) {
        if self.heap.len() < self.k {
            self.heap.push(r);
        } else if self.heap.peek().is_some_and(|w| r < *w) {
            self.heap.pop();
            self.heap.push(r);
        }
        if self.full() {
            self.theta = self.heap.peek().map_or(self.theta, |w| w.score);
        }
    }
}

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
    let mut req_pos = vec![0usize; req.len()];
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
    let mut best = Best {
        heap: BinaryHeap::with_capacity(k + 1),
        k,
        theta: f32::NEG_INFINITY,
    };
    let mut contrib = vec![0f32; m];
    let mut hit: Vec<usize> = Vec::with_capacity(m);
    // Seed: the documents of the highest-bound lists, each scored in full.
    let mut seeded = vec![0u64; sc.inner.docs.len().div_ceil(64)];
    let is_seeded = |seeded: &[u64], d: u32| {
        seeded
            .get((d >> 6) as usize)
            .is_some_and(|w| w & (1u64 << (d & 63)) != 0)
    };
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
            if !req
                .iter()
                .all(|l| l.binary_search_by_key(&d, |p| p.0).is_ok())
                || !accept(d)
            {
                continue;
            }
            let len = sc.len(d);
            let mut mask = 0u64;
            for (u, list) in lists.iter().enumerate() {
                if let Ok(i) = list.binary_search_by_key(&d, |p| p.0) {
                    let tf = list.get(i).map_or(0.0, |p| p.1);
                    contrib[u] = sc.weights[u] * bm25(tf, len, sc.avg);
                    mask |= masks[u];
                    hit.push(u);
                }
            }
            let s = score(&contrib, mask);
            if s > 0.0 {
                best.offer(Ranked {
                    score: s,
                    date: date(d),
                    slot: d,
                });
            }
            for u in hit.drain(..) {
                contrib[u] = 0.0;
            }
        }
    }
    // order[..p] are non-essential.
    let mut p = 0usize;
    let raise = |p: &mut usize, theta: f32| {
        while *p < m && bound(pre_ub[*p + 1], pre_mask[*p + 1]) < theta {
            *p += 1;
        }
    };
    if best.full() {
        raise(&mut p, best.theta);
    }
    let mut pos = vec![0usize; m];
    loop {
        let essential = order.get(p..).unwrap_or(&[]);
        let mut d = u32::MAX;
        for &t in essential {
            if let Some(q) = lists[t].get(pos[t]) {
                d = d.min(q.0);
            }
        }
        if d == u32::MAX {
            break;
        }
        if is_seeded(&seeded, d) {
            for &t in essential {
                if lists[t].get(pos[t]).is_some_and(|q| q.0 == d) {
                    pos[t] += 1;
                }
            }
            continue;
        }
        let len = sc.len(d);
        let mut partial = 0f32;
        let mut mask = 0u64;
        for &t in essential {
            if let Some(q) = lists[t].get(pos[t]).filter(|q| q.0 == d) {
                let c = sc.weights[t] * bm25(q.1, len, sc.avg);
                contrib[t] = c;
                hit.push(t);
                partial += c;
                mask |= masks[t];
                pos[t] += 1;
            }
        }
        let full = best.full();
        let theta = best.theta;
        let mut pruned = full && bound(partial + pre_ub[p], mask | pre_mask[p]) < theta;
        if !pruned {
            for j in (0..p).rev() {
                let t = order[j];
                pos[t] = advance(lists[t], pos[t], d);
                if let Some(q) = lists[t].get(pos[t]).filter(|q| q.0 == d) {
                    let c = sc.weights[t] * bm25(q.1, len, sc.avg);
                    contrib[t] = c;
                    hit.push(t);
                    partial += c;
                    mask |= masks[t];
                }
                if full && bound(partial + pre_ub[j], mask | pre_mask[j]) < theta {
                    pruned = true;
                    break;
                }
            }
        }
        if !pruned {
            for (r, list) in req.iter().enumerate() {
                req_pos[r] = advance(list, req_pos[r], d);
                if list.get(req_pos[r]).map_or(true, |q| q.0 != d) {
                    pruned = true;
                    break;
                }
            }
        }
        if !pruned && accept(d) {
            let s = score(&contrib, mask);
            if s > 0.0 {
                best.offer(Ranked {
                    score: s,
                    date: date(d),
                    slot: d,
                });
                if best.full() {
                    raise(&mut p, best.theta);
                }
            }
        }
        for t in hit.drain(..) {
            contrib[t] = 0.0;
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
