//! Top-k candidate collection from the score accumulator.

use std::cell::RefCell;

/// Per-thread candidate scratch, reused across queries.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The accumulator: one score per slot, all zero between queries.
    pub(crate) acc: Vec<f32>,
    /// The slots the query touched (the first `n`, in the order first touched).
    pub(crate) touched: Vec<u32>,
    /// Their scores, in the same order.
    pub(crate) scores: Vec<f32>,
    /// Histogram of the scores by [`bucket`].
    pub(crate) hist: Vec<u32>,
    /// The selected `(slot, score)` pairs.
    pub(crate) all: Vec<(u32, f32)>,
}

/// The candidate score histogram counts every `SAMPLE`-th touched article.
pub(crate) const SAMPLE: usize = 8;

/// Buckets of the candidate score histogram: the top 11 bits of a non-negative `f32`
/// (exponent and 3 mantissa bits), an order-preserving key with 12.5 % wide buckets.
pub(crate) const HIST_BUCKETS: usize = 1 << 11;

/// The histogram bucket of a non-negative score (monotone: `a <= b` ⇒
/// `bucket(a) <= bucket(b)`).
pub(crate) fn bucket(s: f32) -> usize {
    (s.to_bits() >> 20) as usize & (HIST_BUCKETS - 1)
}

thread_local! {
    pub(crate) static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

#[cfg(test)]
thread_local! {
    /// Queries whose candidates were selected above a sampled floor, and queries whose
    /// floor was too high (fewer than `limit` scores reached it, so all scores were
    /// selected from): lets the tests see both paths run.
    pub(crate) static FLOOR_STATS: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}
