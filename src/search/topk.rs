//! What scoring a query needs ([`Scorer`]), BM25, the coverage factor, the rank order
//! of scored documents ([`Ranked`]) and the best `k` so far ([`Best`]).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::dense::Dense;
use super::expand::QTerm;
use super::index::{Inner, Posting};
use crate::model::Timestamp;

/// What scoring needs of a query.
pub(crate) struct Scorer<'a> {
    pub inner: &'a Inner,
    pub terms: &'a [QTerm],
    /// Each term's weight times its idf.
    pub weights: Vec<f32>,
    pub avg: f32,
    /// BM25 with the index's average length.
    pub bm25: Bm25,
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

    /// Term `t`'s list as a bitset, when it is long enough to have one.
    pub(crate) fn dense(&self, t: usize) -> Option<&Dense> {
        self.terms.get(t).and_then(|q| self.inner.dense.get(&q.id))
    }

    pub(crate) fn len(&self, slot: u32) -> f32 {
        self.inner
            .lens
            .get(slot as usize)
            .copied()
            .unwrap_or(self.avg)
    }

    /// The query syllables term `t` covers.
    pub(crate) fn mask(&self, t: usize) -> u64 {
        self.terms.get(t).map_or(0, |t| t.mask)
    }

    /// An upper bound on term `t`'s score in any document (its weight times the BM25 of
    /// the largest frequency its postings have held in the shortest document they have
    /// held).
    pub(crate) fn bound(&self, t: usize) -> f32 {
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
            w * self.bm25.score(b.max_tf, b.min_len.max(0.0))
        }
    }

    /// The coverage factor of a document whose matched terms cover `mask`.
    pub(crate) fn coverage(&self, mask: u64) -> f32 {
        coverage(mask, self.all, self.syl)
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

/// BM25's saturation of a term frequency in a document of a given length, with the
/// constants of one average length worked out once:
/// `tf·(k₁+1) / (tf + k₁·(1−b) + k₁·b/avg·len)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bm25 {
    base: f32,
    per_len: f32,
}

impl Bm25 {
    pub(crate) fn new(avg: f32) -> Bm25 {
        Bm25 {
            base: K1 * (1.0 - B),
            per_len: K1 * B / avg,
        }
    }

    /// Increasing in `tf`, decreasing in `len`.
    #[inline]
    pub(crate) fn score(self, tf: f32, len: f32) -> f32 {
        tf * (K1 + 1.0) / (tf + self.base + self.per_len * len)
    }
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

/// The `k` best documents seen so far; `theta` is the `k`-th score once there are `k`.
pub(crate) struct Best {
    pub heap: BinaryHeap<Ranked>,
    pub k: usize,
    pub theta: f32,
}

impl Best {
    pub(crate) fn new(k: usize) -> Best {
        Best {
            heap: BinaryHeap::with_capacity(k + 1),
            k,
            theta: f32::NEG_INFINITY,
        }
    }

    pub(crate) fn full(&self) -> bool {
        self.heap.len() >= self.k
    }

    pub(crate) fn offer(&mut self, r: Ranked) {
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
