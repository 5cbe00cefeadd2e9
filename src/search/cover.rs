//! The best `k` documents by relevance and the exact number of matches, driven by the
//! set of query syllables each document covers.
//!
//! A score is `Σ weight·idf·BM25 × coverage²`, so a document that covers few of the
//! query's syllables cannot rank however often it holds them. Each term's postings are
//! set in a bitset over the slots (a word per 64 slots, only over the words its postings
//! span); OR-ing them gives a bitset per query syllable, and their union is the set of
//! matching documents, whose size is the exact `total`. A document's *syllable set* is
//! then read off the syllable bitsets, and every set `M` has a bound: the sum of the
//! bounds of the terms whose syllables lie within `M`, times `coverage(M)²`. The sets
//! are taken best bound first; the documents of each are bounded again by the terms
//! they actually hold (one bit test per term), and those that can still pass the `k`-th
//! score so far are scored in full, as the exhaustive pass scores them (same terms,
//! same order of additions), so the top `k` are the same. Once the next set's bound is
//! below the `k`-th score, no document left can enter.
//!
//! Work per query: one bit set per posting, a few word operations per term and
//! syllable set over the slots, and a binary search per held term for the few documents
//! scored. Queries of more than [`MAX_SYL`] syllables, or whose bitsets would not fit
//! [`MAX_WORDS`], go through MaxScore ([`super::topk`]).

use std::cell::RefCell;

use super::topk::{bm25, Best, Ranked, Scorer, SLACK};

/// Longest query (syllables) ranked here: the bound table has `2^syllables` entries.
pub(crate) const MAX_SYL: usize = 12;
/// Largest scratch (64-bit words) a query may use here.
const MAX_WORDS: usize = 1 << 22;
/// Syllable sets taken one by one (a pass over the slots each) before the documents
/// left are taken one at a time instead (when few documents pass the filters, the
/// `k`-th score may stay unknown for long).
const MAX_PASSES: usize = 48;

thread_local! {
    static SCRATCH: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Where each term's bitset lies in the scratch: its first word (slot / 64) and its
/// offset and length in the scratch.
#[derive(Clone, Copy, Default)]
struct Span {
    lo: usize,
    off: usize,
    len: usize,
}

impl Span {
    /// Whether `slot`'s bit is set in this term's bitset.
    fn has(&self, bits: &[u64], slot: u32) -> bool {
        let w = (slot >> 6) as usize;
        w >= self.lo
            && w - self.lo < self.len
            && bits
                .get(self.off + w - self.lo)
                .is_some_and(|x| x & (1u64 << (slot & 63)) != 0)
    }
}

/// The term spans and the scratch size a query needs, or `None` when it is ranked by
/// MaxScore instead.
fn layout(sc: &Scorer<'_>, words: usize) -> Option<(Vec<Span>, usize)> {
    if sc.syl == 0 || sc.syl > MAX_SYL {
        return None;
    }
    let mut spans = Vec::with_capacity(sc.terms.len());
    let mut off = 0usize;
    for t in 0..sc.terms.len() {
        let list = sc.list(t);
        let span = match (list.first(), list.last()) {
            (Some(a), Some(b)) => {
                let lo = (a.0 >> 6) as usize;
                let len = (b.0 >> 6) as usize + 1 - lo;
                Span { lo, off, len }
            }
            _ => Span::default(),
        };
        off += span.len;
        spans.push(span);
    }
    // Terms, then a bitset per syllable, the matching documents, and a spare one.
    let size = off + (sc.syl + 2) * words;
    (size <= MAX_WORDS).then_some((spans, size))
}

/// The number of matching documents (as [`super::topk::count`] counts them) and the
/// best `k` of them (best first), or `None` when the query is for MaxScore
/// ([`super::topk::top_k`]). `accept` is asked about every matching document when
/// `filtered`, else never.
pub(crate) fn rank(
    sc: &Scorer<'_>,
    required: &[u32],
    k: usize,
    filtered: bool,
    accept: impl FnMut(u32) -> bool,
) -> Option<(usize, Vec<Ranked>)> {
    let words = sc.inner.docs.len().div_ceil(64);
    let (spans, size) = layout(sc, words)?;
    let run = |bits: &mut Vec<u64>| {
        bits.clear();
        bits.resize(size, 0);
        ranked(sc, required, k, filtered, accept, &spans, words, bits)
    };
    Some(SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut bits) => run(&mut bits),
        Err(_) => run(&mut Vec::new()),
    }))
}

/// Sets the bits of `list`'s slots in `bits` (whose first word is slot `lo * 64`).
fn set_bits(bits: &mut [u64], lo: usize, list: &[super::index::Posting]) {
    for p in list {
        if let Some(w) = bits.get_mut(((p.0 >> 6) as usize).wrapping_sub(lo)) {
            *w |= 1u64 << (p.0 & 63);
        }
    }
}

/// Calls `f` with the slot of every bit set in `word` (word index `w`).
fn each_bit(w: usize, mut word: u64, mut f: impl FnMut(u32)) {
    while word != 0 {
        f(((w as u32) << 6) | word.trailing_zeros());
        word &= word - 1;
    }
}

#[allow(clippy::too_many_arguments)]
fn ranked(
    sc: &Scorer<'_>,
    required: &[u32],
    k: usize,
    filtered: bool,
    mut accept: impl FnMut(u32) -> bool,
    spans: &[Span],
    words: usize,
    bits: &mut [u64],
) -> (usize, Vec<Ranked>) {
    let m = sc.terms.len();
    let syl = sc.syl;
    let terms_end = spans.last().map_or(0, |s| s.off + s.len);
    let (term_bits, rest) = bits.split_at_mut(terms_end.min(bits.len()));
    let (syl_bits, rest) = rest.split_at_mut((syl * words).min(rest.len()));
    let (found, spare) = rest.split_at_mut(words.min(rest.len()));
    // Each term's bitset, OR-ed into the bitsets of the syllables it covers.
    for (t, s) in spans.iter().enumerate() {
        let Some(mine) = term_bits.get_mut(s.off..s.off + s.len) else {
            continue;
        };
        set_bits(mine, s.lo, sc.list(t));
        let mask = sc.mask(t) & sc.all;
        for i in 0..syl {
            if mask & (1u64 << i) == 0 {
                continue;
            }
            let at = i * words + s.lo;
            if let Some(dst) = syl_bits.get_mut(at..at + s.len) {
                for (d, x) in dst.iter_mut().zip(mine.iter()) {
                    *d |= x;
                }
            }
        }
    }
    // The matching documents: those covering a syllable, holding the required terms and
    // passing the filters.
    for i in 0..syl {
        if let Some(b) = syl_bits.get(i * words..(i + 1) * words) {
            for (f, x) in found.iter_mut().zip(b) {
                *f |= x;
            }
        }
    }
    for &id in required {
        spare.iter_mut().for_each(|w| *w = 0);
        set_bits(
            spare,
            0,
            sc.inner
                .postings
                .get(id as usize)
                .map_or(&[], Vec::as_slice),
        );
        for (f, x) in found.iter_mut().zip(spare.iter()) {
            *f &= x;
        }
    }
    if filtered {
        for (w, f) in found.iter_mut().enumerate() {
            let mut keep = *f;
            each_bit(w, *f, |d| {
                if !accept(d) {
                    keep &= !(1u64 << (d & 63));
                }
            });
            *f = keep;
        }
    }
    let total = found.iter().map(|w| w.count_ones() as usize).sum();
    if k == 0 || total == 0 {
        return (total, Vec::new());
    }
    // Each syllable set's bound: the bounds of the terms within it, times its coverage².
    let sets = 1usize << syl;
    let ub: Vec<f32> = (0..m).map(|t| sc.bound(t)).collect();
    let mut sum = vec![0f32; sets];
    for (t, u) in ub.iter().enumerate() {
        if let Some(s) = sum.get_mut((sc.mask(t) & sc.all) as usize) {
            *s += u;
        }
    }
    for i in 0..syl {
        for set in 0..sets {
            if set & (1 << i) != 0 {
                let below = sum.get(set ^ (1 << i)).copied().unwrap_or(0.0);
                if let Some(s) = sum.get_mut(set) {
                    *s += below;
                }
            }
        }
    }
    let bound_of = |set: usize, s: f32| {
        let c = sc.coverage(set as u64);
        s * SLACK * c * c
    };
    let set_bound: Vec<f32> = (0..sets)
        .map(|set| bound_of(set, sum.get(set).copied().unwrap_or(0.0)))
        .collect();
    let mut order: Vec<usize> = (1..sets).collect();
    order.sort_by(|&a, &b| set_bound[b].total_cmp(&set_bound[a]).then(a.cmp(&b)));

    let mut best = Best::new(k);
    let date = |d: u32| {
        sc.inner
            .docs
            .get(d as usize)
            .and_then(|x| x.as_ref())
            .and_then(|x| x.published)
    };
    // Scores `d` (syllable set `set`, whose terms are `within`) unless the terms it holds
    // cannot lift it to the bar.
    let consider = |d: u32, set: usize, within: &[usize], best: &mut Best| {
        if best.full() {
            let held: f32 = within
                .iter()
                .filter(|&&t| spans.get(t).is_some_and(|s| s.has(term_bits, d)))
                .map(|&t| ub.get(t).copied().unwrap_or(0.0))
                .sum();
            if bound_of(set, held) < best.theta {
                return;
            }
        }
        // As the exhaustive pass: contributions added in term order.
        let len = sc.len(d);
        let mut s = 0f32;
        for &t in within {
            if !spans.get(t).is_some_and(|s| s.has(term_bits, d)) {
                continue;
            }
            let list = sc.list(t);
            if let Ok(i) = list.binary_search_by_key(&d, |p| p.0) {
                let tf = list.get(i).map_or(0.0, |p| p.1);
                s += sc.weights.get(t).copied().unwrap_or(0.0) * bm25(tf, len, sc.avg);
            }
        }
        let cov = sc.coverage(set as u64);
        let score = s * cov * cov;
        if score > 0.0 {
            best.offer(Ranked {
                score,
                date: date(d),
                slot: d,
            });
        }
    };
    let within = |set: usize| -> Vec<usize> {
        (0..m)
            .filter(|&t| (sc.mask(t) & sc.all) as usize & !set == 0)
            .collect()
    };
    let syl_word = |i: usize, w: usize| syl_bits.get(i * words + w).copied().unwrap_or(0);
    let mut done = vec![false; sets];
    let mut finished = false;
    for &set in order.iter().take(MAX_PASSES) {
        if best.full() && set_bound.get(set).copied().unwrap_or(0.0) < best.theta {
            finished = true;
            break;
        }
        let inside = within(set);
        for (w, &f) in found.iter().enumerate() {
            let mut x = f;
            for i in 0..syl {
                if x == 0 {
                    break;
                }
                if set & (1 << i) != 0 {
                    x &= syl_word(i, w);
                } else {
                    x &= !syl_word(i, w);
                }
            }
            each_bit(w, x, |d| consider(d, set, &inside, &mut best));
        }
        if let Some(x) = done.get_mut(set) {
            *x = true;
        }
    }
    if !finished && order.len() > MAX_PASSES {
        // The documents of the sets not taken yet, one at a time.
        let mut inside: Vec<Option<Vec<usize>>> = vec![None; sets];
        for (w, &f) in found.iter().enumerate() {
            each_bit(w, f, |d| {
                let set = (0..syl)
                    .filter(|&i| syl_word(i, w) & (1u64 << (d & 63)) != 0)
                    .fold(0usize, |s, i| s | 1 << i);
                if done.get(set).copied().unwrap_or(true)
                    || (best.full() && set_bound.get(set).copied().unwrap_or(0.0) < best.theta)
                {
                    return;
                }
                if let Some(slot) = inside.get_mut(set) {
                    let terms = slot.get_or_insert_with(|| within(set));
                    consider(d, set, terms, &mut best);
                }
            });
        }
    }
    (total, best.heap.into_sorted_vec())
}
