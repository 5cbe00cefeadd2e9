//! The best `k` documents by relevance and the exact number of matches, in one pass
//! over the query's postings (term at a time).
//!
//! A score is `Σ weight·idf·BM25 × coverage²`. Each posting adds its term's share to its
//! document's entry in per-thread arrays over the slots (partial score and the mask of
//! query syllables covered), the first time noting the document as touched. Then each
//! touched document is taken once: those that cover a query syllable (or any when the
//! query has none), hold the required terms and pass the filters are the matches, whose
//! number is the exact `total`; the score of each is its partial score times its
//! coverage², the additions made in term order as the exhaustive pass makes them, so the
//! scores and the top `k` are the same. A document whose score cannot beat the `k`-th
//! so far is dropped before its date is read. The entries touched are reset after use,
//! so a query costs its postings and its matches, not the number of slots.

use std::cell::RefCell;

use super::topk::{bm25, Best, Ranked, Scorer};

/// A slot's partial score and the query syllables it covers.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    score: f32,
    mask: u64,
}

/// Per-thread arrays over all slots; every entry is zero between queries.
#[derive(Debug, Default)]
struct Scratch {
    entries: Vec<Entry>,
    touched: Vec<u32>,
    /// Documents holding every required term (a bit per slot).
    need: Vec<u64>,
    spare: Vec<u64>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
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
        Ok(mut scratch) => ranked(sc, required, k, filtered, accept, &mut scratch),
        Err(_) => ranked(sc, required, k, filtered, accept, &mut Scratch::default()),
    })
}

/// Sets the bits of `list`'s slots in `bits`.
fn set_bits(bits: &mut [u64], list: &[super::index::Posting]) {
    for p in list {
        if let Some(w) = bits.get_mut((p.0 >> 6) as usize) {
            *w |= 1u64 << (p.0 & 63);
        }
    }
}

fn ranked(
    sc: &Scorer<'_>,
    required: &[u32],
    k: usize,
    filtered: bool,
    mut accept: impl FnMut(u32) -> bool,
    scratch: &mut Scratch,
) -> (usize, Vec<Ranked>) {
    let slots = sc.inner.docs.len();
    if scratch.entries.len() < slots {
        scratch.entries.resize(slots, Entry::default());
    }
    scratch.touched.clear();
    let Scratch {
        entries,
        touched,
        need,
        spare,
    } = scratch;
    let (lens, avg) = (sc.inner.lens.as_slice(), sc.avg);
    let entries = entries.get_mut(..slots).unwrap_or_default();
    for (t, q) in sc.terms.iter().enumerate() {
        let (w, mask) = (sc.weights.get(t).copied().unwrap_or(0.0), q.mask);
        for p in sc.list(t) {
            let i = p.0 as usize;
            let (Some(e), Some(&len)) = (entries.get_mut(i), lens.get(i)) else {
                continue;
            };
            // Every term's share is positive: 0 means untouched.
            if e.score == 0.0 {
                touched.push(p.0);
            }
            e.score += w * bm25(p.1, len, avg);
            e.mask |= mask;
        }
    }
    if !required.is_empty() {
        let words = slots.div_ceil(64);
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
    let holds = |d: u32| {
        required.is_empty()
            || need
                .get((d >> 6) as usize)
                .is_some_and(|w| w & (1u64 << (d & 63)) != 0)
    };
    let mut best = Best::new(k);
    let mut total = 0usize;
    for &d in touched.iter() {
        let Some(e) = entries.get_mut(d as usize) else {
            continue;
        };
        let Entry { score, mask } = std::mem::take(e);
        let cov = sc.coverage(mask);
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
