//! Top-k candidate collection from the score accumulator.

use std::cell::RefCell;

use crate::retrieval::{Scored, Slot};

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
    pub(crate) all: Vec<Scored>,
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

/// Collects the best `limit` of a query's scores, best first (ties: lower slot first).
/// `acc` holds a score per slot, `touched` the slots with one (each once); both are
/// cleared for the next query. Slots that are `exclude` or fail `passes` are left out.
///
/// Each touched slot's score goes to `scores` (in touched order). Selection floor: a
/// histogram of every [`SAMPLE`]-th score by its top bits (monotone in the score)
/// estimates a floor that about twice `limit` scores reach; only the scores at or above
/// it are selected from. If fewer than `limit` reach it, all scores are (so the
/// selection is exact either way).
#[allow(clippy::too_many_arguments)]
pub(crate) fn collect_top(
    acc: &mut [f32],
    touched: &[Slot],
    scores: &mut Vec<f32>,
    hist: &mut Vec<u32>,
    all: &mut Vec<Scored>,
    exclude: Option<Slot>,
    limit: usize,
    passes: impl Fn(Slot) -> bool,
) -> Vec<Scored> {
    let limit = limit.max(1);
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
    let all_kept = |all: &mut Vec<Scored>| {
        all.clear();
        all.extend(
            touched
                .iter()
                .zip(scores.iter())
                .filter(|&(&slot, &s)| keep(slot, s))
                .map(|(&slot, &s)| Scored::new(slot, s)),
        );
    };
    all.clear();
    for (&slot, &s) in touched.iter().zip(scores.iter()) {
        if s >= floor && keep(slot, s) {
            all.push(Scored::new(slot, s));
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
    let best_first = Scored::best_first;
    if all.len() > limit {
        all.select_nth_unstable_by(limit - 1, best_first);
        all.truncate(limit);
    }
    let passes = |x: &Scored| passes(x.slot);
    let mut out: Vec<Scored> = if all.iter().all(passes) {
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
        let mut out: Vec<Scored> = first.iter().copied().filter(passes).collect();
        if out.len() < limit {
            out.extend(rest.iter().copied().filter(passes));
        }
        if out.len() > limit {
            out.select_nth_unstable_by(limit - 1, best_first);
            out.truncate(limit);
        }
        out
    };
    out.sort_by(best_first);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_that_pass_best_first_and_the_accumulator_cleared() {
        let n = 2000;
        let mut acc = vec![0.0f32; n];
        let mut touched = Vec::new();
        let mut x = 7u32;
        for slot in 0..n as u32 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            if x % 3 != 0 {
                acc[slot as usize] = (x >> 8) as f32 / 16_777_216.0 + f32::MIN_POSITIVE;
                touched.push(slot);
            }
        }
        let mut want: Vec<Scored> = touched
            .iter()
            .map(|&s| Scored::new(s, acc[s as usize]))
            .filter(|c| c.slot != 5 && c.slot % 2 == 0)
            .collect();
        want.sort_by(Scored::best_first);
        want.truncate(25);
        let (mut scores, mut hist, mut all) = (Vec::new(), Vec::new(), Vec::new());
        let got = collect_top(
            &mut acc,
            &touched,
            &mut scores,
            &mut hist,
            &mut all,
            Some(5),
            25,
            |s| s % 2 == 0,
        );
        assert_eq!(got, want);
        assert!(acc.iter().all(|&a| a == 0.0));
    }
}
