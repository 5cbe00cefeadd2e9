//! Query expansion: a query's syllables to weighted index terms (exact, folded, typo,
//! prefix, bigram, document number) and the terms quoted phrases require.

use super::analyze::{AnalyzedQuery, KeyKind};
use super::index::Inner;
use super::query::{MatchKind, Word};

/// Weights of a syllable's terms.
const W_FOLDED: f32 = 1.0;
/// Folded and exact weights when the reader typed marks (exact docs get both).
const W_MARKED_FOLDED: f32 = 0.6;
const W_MARKED_EXACT: f32 = 0.6;
/// Typo variants of a syllable the index knows / does not know.
const W_TYPO_KNOWN: f32 = 0.15;
const W_TYPO_UNKNOWN: f32 = 0.7;
/// Completions of an unfinished syllable the index knows / does not know as a whole.
const W_PREFIX_KNOWN: f32 = 0.3;
const W_PREFIX_UNKNOWN: f32 = 0.7;
const W_BIGRAM: f32 = 1.0;
const W_DOCUMENT: f32 = 2.0;
/// Typo variants kept per syllable (next to a neighbour first, then most frequent).
const MAX_TYPOS: usize = 8;
/// Completions examined per unfinished syllable / kept for a query's only syllable.
const PREFIX_SCAN: usize = 4000;
const MAX_PREFIX_ALONE: usize = 6;
/// Alternatives per syllable considered for bigrams.
const MAX_BIGRAM_ALTS: usize = 64;
/// Shortest folded syllable given typo variants (letters).
const TYPO_MIN_LEN: usize = 4;
/// Longest (Vietnamese syllables have at most 7 letters; this bounds the work on long
/// words and junk, which is quadratic in the length).
const TYPO_MAX_LEN: usize = 12;

/// One weighted query term.
#[derive(Debug, Clone)]
pub(crate) struct QTerm {
    pub id: u32,
    pub key: Word,
    pub kind: MatchKind,
    pub weight: f32,
    /// Query syllables it covers.
    pub mask: u64,
}

/// A syllable's alternative folded forms with their weights, kinds and folded term ids.
type Alt = (String, f32, MatchKind, u32);

/// A known folded syllable and its term id.
type Variant<'a> = (&'a str, u32);

/// Folded syllables one edit away from `s` (ASCII letters and digits) that the index
/// knows, most frequent first (ties in byte order). The candidates are built in one
/// buffer and looked up without allocating.
fn typo_variants<'a>(inner: &'a Inner, s: &str) -> Vec<(usize, &'a str, u32)> {
    const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let b = s.as_bytes();
    let mut out: Vec<(usize, &'a str, u32)> = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(b.len() + 1);
    let mut check = |v: &[u8]| {
        let Ok(v) = std::str::from_utf8(v) else {
            return;
        };
        if v == s {
            return;
        }
        if let Some((key, &id)) = inner.folded.get_key_value(v) {
            out.push((inner.df(id), key.as_str(), id));
        }
    };
    for i in 0..b.len() {
        buf.clear();
        buf.extend_from_slice(b);
        buf.remove(i);
        check(&buf);
        buf.clear();
        buf.extend_from_slice(b);
        for &c in ALPHA {
            if let Some(x) = buf.get_mut(i) {
                *x = c;
            }
            check(&buf);
        }
        if i + 1 < b.len() {
            buf.clear();
            buf.extend_from_slice(b);
            buf.swap(i, i + 1);
            check(&buf);
        }
    }
    for i in 0..=b.len() {
        buf.clear();
        buf.extend_from_slice(b);
        buf.insert(i, b'a');
        for &c in ALPHA {
            if let Some(x) = buf.get_mut(i) {
                *x = c;
            }
            check(&buf);
        }
    }
    out.sort_unstable_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(y.1)));
    out.dedup_by(|a, b| a.1 == b.1);
    out
}

/// Known completions of `prefix` (longer than it, in a document), up to [`PREFIX_SCAN`]
/// of them in byte order, with their document frequencies and term ids.
fn completions<'a>(inner: &'a Inner, prefix: &str) -> Vec<(usize, &'a str, u32)> {
    inner
        .folded_sorted
        .range::<str, _>((
            std::ops::Bound::Excluded(prefix),
            std::ops::Bound::Unbounded,
        ))
        .take_while(|(k, _)| k.starts_with(prefix))
        .filter_map(|(k, &id)| {
            let df = inner.df(id);
            (df > 0).then_some((df, k.as_str(), id))
        })
        .take(PREFIX_SCAN)
        .collect()
}

/// The folded syllables that follow the one with term id `a` in some bigram
/// ([`Inner::after`]), with the bigrams' term ids.
fn after(inner: &Inner, a: Option<u32>) -> &[(u32, u32)] {
    a.and_then(|a| inner.after.get(&a))
        .map_or(&[], Vec::as_slice)
}

/// The term id of the bigram of `a` and `b`, from `a`'s list ([`after`]).
fn bigram_in(after_a: &[(u32, u32)], b: u32) -> Option<u32> {
    let at = after_a.binary_search_by_key(&b, |e| e.0).ok()?;
    after_a.get(at).map(|e| e.1)
}

pub(crate) fn bit(i: usize) -> u64 {
    if i < 64 {
        1u64 << i
    } else {
        0
    }
}

/// Expands an analysed query into weighted terms; returns them and the required term ids
/// (quoted phrases).
pub(crate) fn expand(inner: &Inner, q: &AnalyzedQuery) -> (Vec<QTerm>, Vec<u32>, bool) {
    let mut terms: Vec<QTerm> = Vec::new();
    let mut required: Vec<u32> = Vec::new();
    let mut impossible = false;
    let mut alts: Vec<Vec<Alt>> = Vec::with_capacity(q.syllables.len());
    let mut buf = String::new();
    let push = |terms: &mut Vec<QTerm>, kind: KeyKind, key: &str, mk: MatchKind, w: f32, m| {
        if let Some(id) = inner.dict(kind, key) {
            if inner.df(id) > 0 {
                terms.push(QTerm {
                    id,
                    key: Word::new(key),
                    kind: mk,
                    weight: w,
                    mask: m,
                });
            }
        }
    };
    for (i, s) in q.syllables.iter().enumerate() {
        let m = bit(i);
        let folded_id = inner.folded.get(&s.folded).copied();
        let known = folded_id.is_some_and(|id| inner.df(id) > 0);
        let mut a: Vec<Alt> = Vec::new();
        if let (true, Some(id)) = (known, folded_id) {
            a.push((s.folded.clone(), 1.0, MatchKind::Folded, id));
        }
        match &s.exact {
            Some(exact) => {
                push(
                    &mut terms,
                    KeyKind::Folded,
                    &s.folded,
                    MatchKind::Folded,
                    W_MARKED_FOLDED,
                    m,
                );
                push(
                    &mut terms,
                    KeyKind::Exact,
                    exact,
                    MatchKind::Exact,
                    W_MARKED_EXACT,
                    m,
                );
            }
            None => push(
                &mut terms,
                KeyKind::Folded,
                &s.folded,
                MatchKind::Folded,
                W_FOLDED,
                m,
            ),
        }
        if s.phrase.is_none() {
            let letters = s.folded.chars().count();
            if (TYPO_MIN_LEN..=TYPO_MAX_LEN).contains(&letters) && s.folded.is_ascii() {
                let w = if known { W_TYPO_KNOWN } else { W_TYPO_UNKNOWN };
                // Variants that sit next to a neighbouring query syllable in some article
                // first; a syllable the index knows keeps only those.
                let id_of = |j: usize| {
                    let n = q.syllables.get(j)?;
                    inner.folded.get(&n.folded).copied()
                };
                let after_prev = after(inner, i.checked_sub(1).and_then(id_of));
                let before_next = id_of(i + 1)
                    .and_then(|n| inner.before.get(&n))
                    .map_or(&[][..], Vec::as_slice);
                let linked = |v: u32| {
                    bigram_in(after_prev, v).is_some() || before_next.binary_search(&v).is_ok()
                };
                let (mut near, far): (Vec<Variant>, Vec<Variant>) = typo_variants(inner, &s.folded)
                    .into_iter()
                    .map(|(_, v, id)| (v, id))
                    .partition(|v| linked(v.1));
                if !known {
                    near.extend(far);
                }
                for (v, id) in near.into_iter().take(MAX_TYPOS) {
                    // A known syllable's variants count only where they sit next to the
                    // neighbour (their bigrams below): their own lists are long (other
                    // common syllables) and matter little.
                    if !known {
                        push(&mut terms, KeyKind::Folded, v, MatchKind::Typo, w, m);
                    }
                    a.push((v.to_string(), w, MatchKind::Typo, id));
                }
            }
            if s.prefix {
                let w = if known {
                    W_PREFIX_KNOWN
                } else {
                    W_PREFIX_UNKNOWN
                };
                // Completions that follow the previous syllable in some article, and the
                // others, each list by document frequency (ties in byte order). Only the
                // first MAX_BIGRAM_ALTS linked and MAX_PREFIX_ALONE other ones are used,
                // so the completions are checked most frequent first until both are found.
                let mut all = completions(inner, &s.folded);
                all.sort_unstable_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(y.1)));
                let prev: Vec<&[(u32, u32)]> = alts
                    .last()
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|p| after(inner, Some(p.3)))
                    .collect();
                let mut linked: Vec<(&str, u32)> = Vec::new();
                let mut rest: Vec<&str> = Vec::new();
                for (_, c, id) in all {
                    if linked.len() >= MAX_BIGRAM_ALTS && rest.len() >= MAX_PREFIX_ALONE {
                        break;
                    }
                    if prev.iter().any(|p| bigram_in(p, id).is_some()) {
                        linked.push((c, id));
                    } else {
                        rest.push(c);
                    }
                }
                // Alone, the most frequent completions match by themselves (at half
                // weight); after another syllable, only next to it (their bigrams below).
                if i == 0 {
                    for c in rest.iter().take(MAX_PREFIX_ALONE) {
                        push(
                            &mut terms,
                            KeyKind::Folded,
                            c,
                            MatchKind::Prefix,
                            w * 0.5,
                            m,
                        );
                    }
                }
                // Every linked completion may form a bigram with the previous syllable.
                for (c, id) in linked.into_iter().take(MAX_BIGRAM_ALTS) {
                    a.push((c.to_string(), w, MatchKind::Prefix, id));
                }
            }
        }
        alts.push(a);
    }
    // Bigrams of adjacent syllables over their alternatives.
    for i in 1..q.syllables.len() {
        let (Some(pa), Some(pb)) = (alts.get(i - 1), alts.get(i)) else {
            continue;
        };
        let m = bit(i - 1) | bit(i);
        for (a, wa, _, aid) in pa.iter().take(MAX_BIGRAM_ALTS) {
            let after_a = after(inner, Some(*aid));
            for (b, wb, _, bid) in pb.iter().take(MAX_BIGRAM_ALTS) {
                let Some(id) = bigram_in(after_a, *bid) else {
                    continue;
                };
                if inner.df(id) > 0 {
                    buf.clear();
                    buf.push_str(a);
                    buf.push(' ');
                    buf.push_str(b);
                    terms.push(QTerm {
                        id,
                        key: Word::new(&buf),
                        kind: MatchKind::Bigram,
                        weight: W_BIGRAM * wa.min(*wb),
                        mask: m,
                    });
                }
            }
        }
    }
    // Quoted phrases: every adjacent pair (or the single syllable) is required.
    let mut i = 0;
    while let Some(s) = q.syllables.get(i) {
        let Some(p) = s.phrase else {
            i += 1;
            continue;
        };
        let mut j = i;
        while q.syllables.get(j + 1).is_some_and(|t| t.phrase == Some(p)) {
            j += 1;
        }
        let mut need: Vec<Option<u32>> = Vec::new();
        if i == j {
            need.push(inner.dict(KeyKind::Folded, &s.folded));
        }
        for k in i..j {
            if let (Some(x), Some(y)) = (q.syllables.get(k), q.syllables.get(k + 1)) {
                need.push(inner.dict(KeyKind::Bigram, &format!("{} {}", x.folded, y.folded)));
            }
        }
        for k in i..=j {
            if let Some(e) = q.syllables.get(k).and_then(|x| x.exact.as_ref()) {
                need.push(inner.dict(KeyKind::Exact, e));
            }
        }
        for n in need {
            match n {
                Some(id) if inner.df(id) > 0 => required.push(id),
                _ => impossible = true,
            }
        }
        i = j + 1;
    }
    for d in &q.documents {
        push(
            &mut terms,
            KeyKind::Document,
            d,
            MatchKind::Document,
            W_DOCUMENT,
            0,
        );
    }
    required.sort_unstable();
    required.dedup();
    (terms, required, impossible)
}
