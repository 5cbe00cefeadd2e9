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
        pre_mask[j + 1] = pre_mask[j] | sc.mask(t);
    }
    let bound = |sum: f32, mask: u64| {
        let c = sc.coverage(mask);
        sum * SLACK * c * c
    };
    // order[..p] are non-essential.
    let mut p = 0usize;
    let mut pos = vec![0usize; m];
    let mut contrib = vec![0f32; m];
    let mut heap: BinaryHeap<Ranked> = BinaryHeap::with_capacity(k + 1);
    let mut theta = f32::NEG_INFINITY;
    loop {
        let mut d = u32::MAX;
        for &t in order.get(p..).unwrap_or(&[]) {
            if let Some(q) = lists[t].get(pos[t]) {
                d = d.min(q.0);
            }
        }
        if d == u32::MAX {
            break;
        }
        let len = sc.len(d);
        let mut partial = 0f32;
        let mut mask = 0u64;
        for &t in order.get(p..).unwrap_or(&[]) {
            if let Some(q) = lists[t].get(pos[t]).filter(|q| q.0 == d) {
                let c = sc.weights[t] * bm25(q.1, len, sc.avg);
                contrib[t] = c;
                partial += c;
                mask |= sc.mask(t);
                pos[t] += 1;
            }
        }
        let full = heap.len() >= k;
        let mut pruned = full && bound(partial + pre_ub[p], mask | pre_mask[p]) < theta;
        if !pruned {
            for j in (0..p).rev() {
                let t = order[j];
                pos[t] = advance(lists[t], pos[t], d);
                if let Some(q) = lists[t].get(pos[t]).filter(|q| q.0 == d) {
                    let c = sc.weights[t] * bm25(q.1, len, sc.avg);
                    contrib[t] = c;
                    partial += c;
                    mask |= sc.mask(t);
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
            // The exhaustive pass adds term scores in term order.
            let mut s = 0f32;
            for c in &contrib {
                s += c;
            }
            let cov = sc.coverage(mask);
            let score = s * cov * cov;
            if score > 0.0 {
                let r = Ranked {
                    score,
                    date: sc
                        .inner
                        .docs
                        .get(d as usize)
                        .and_then(|x| x.as_ref())
                        .and_then(|x| x.published),
                    slot: d,
                };
                if heap.len() < k {
                    heap.push(r);
                } else if heap.peek().is_some_and(|w| r < *w) {
                    heap.pop();
                    heap.push(r);
                }
                if heap.len() >= k {
                    theta = heap.peek().map_or(theta, |w| w.score);
                    while p < m && bound(pre_ub[p + 1], pre_mask[p + 1]) < theta {
                        p += 1;
                    }
                }
            }
        }
        contrib.iter_mut().for_each(|c| *c = 0.0);
    }
    heap.into_sorted_vec()
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
