//! Query expansion (exact, folded, typo, prefix, bigram terms) and BM25 scoring.

use std::collections::HashSet;

use super::analyze::{analyze_query, AnalyzedQuery, KeyKind};
use super::index::{Index, Inner, Snapshot};
use super::query::{
    Explanation, Hit, MatchKind, Order, Query, Results, TermMatch, MAX_LIMIT, MAX_QUERY_BYTES,
    MAX_QUERY_SYLLABLES,
};
use super::snippet::snippet;
use super::SearchError;
use crate::text::fold;

const K1: f32 = 1.2;
const B: f32 = 0.75;
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
/// Typo variants kept per syllable (most frequent first).
const MAX_TYPOS: usize = 8;
/// Completions examined / kept per unfinished syllable.
const PREFIX_SCAN: usize = 4000;
const MAX_PREFIX: usize = 12;
/// Alternatives per syllable considered for bigrams.
const MAX_BIGRAM_ALTS: usize = 64;
/// Shortest folded syllable given typo variants (letters).
const TYPO_MIN_LEN: usize = 4;
/// Longest (Vietnamese syllables have at most 7 letters; this bounds the work on long
/// words and junk, which is quadratic in the length).
const TYPO_MAX_LEN: usize = 12;

/// One weighted query term.
#[derive(Debug, Clone)]
struct QTerm {
    id: u32,
    key: String,
    kind: MatchKind,
    weight: f32,
    /// Query syllables it covers.
    mask: u64,
}

/// A syllable's alternative folded forms with their weights and kinds.
type Alt = (String, f32, MatchKind);

/// Folded syllables one edit away from `s` (ASCII letters and digits) that the index knows.
fn typo_variants(inner: &Inner, s: &str) -> Vec<String> {
    const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let b = s.as_bytes();
    let mut out: HashSet<String> = HashSet::new();
    let mut check = |v: Vec<u8>| {
        if let Ok(v) = String::from_utf8(v) {
            if v != s && inner.folded.contains_key(&v) {
                out.insert(v);
            }
        }
    };
    for i in 0..b.len() {
        let mut d = b.to_vec();
        d.remove(i);
        check(d);
        for &c in ALPHA {
            let mut sub = b.to_vec();
            if let Some(x) = sub.get_mut(i) {
                *x = c;
            }
            check(sub);
        }
        if i + 1 < b.len() {
            let mut t = b.to_vec();
            t.swap(i, i + 1);
            check(t);
        }
    }
    for i in 0..=b.len() {
        for &c in ALPHA {
            let mut ins = b.to_vec();
            ins.insert(i, c);
            check(ins);
        }
    }
    let mut v: Vec<String> = out.into_iter().collect();
    v.sort_by(|x, y| {
        let dx = inner.folded.get(x).map_or(0, |&id| inner.df(id));
        let dy = inner.folded.get(y).map_or(0, |&id| inner.df(id));
        dy.cmp(&dx).then_with(|| x.cmp(y))
    });
    v
}

/// Known completions of `prefix` (longer than it), up to [`PREFIX_SCAN`] of them.
fn completions(inner: &Inner, prefix: &str) -> Vec<String> {
    inner
        .folded_sorted
        .range::<str, _>((
            std::ops::Bound::Excluded(prefix),
            std::ops::Bound::Unbounded,
        ))
        .take_while(|k| k.starts_with(prefix))
        .filter(|k| inner.folded.get(*k).is_some_and(|&id| inner.df(id) > 0))
        .take(PREFIX_SCAN)
        .cloned()
        .collect()
}

fn bit(i: usize) -> u64 {
    if i < 64 {
        1u64 << i
    } else {
        0
    }
}

/// Expands an analysed query into weighted terms; returns them and the required term ids
/// (quoted phrases).
fn expand(inner: &Inner, q: &AnalyzedQuery) -> (Vec<QTerm>, Vec<u32>, bool) {
    let mut terms: Vec<QTerm> = Vec::new();
    let mut required: Vec<u32> = Vec::new();
    let mut impossible = false;
    let mut alts: Vec<Vec<Alt>> = Vec::with_capacity(q.syllables.len());
    let push = |terms: &mut Vec<QTerm>, kind: KeyKind, key: &str, mk: MatchKind, w: f32, m| {
        if let Some(id) = inner.dict(kind, key) {
            if inner.df(id) > 0 {
                terms.push(QTerm {
                    id,
                    key: key.to_string(),
                    kind: mk,
                    weight: w,
                    mask: m,
                });
            }
        }
    };
    for (i, s) in q.syllables.iter().enumerate() {
        let m = bit(i);
        let known = inner
            .folded
            .get(&s.folded)
            .is_some_and(|&id| inner.df(id) > 0);
        let mut a: Vec<Alt> = Vec::new();
        if known {
            a.push((s.folded.clone(), 1.0, MatchKind::Folded));
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
                let prev = i.checked_sub(1).and_then(|j| q.syllables.get(j));
                let next = q.syllables.get(i + 1);
                let linked = |v: &str| {
                    prev.is_some_and(|p| inner.bigram.contains_key(&format!("{} {v}", p.folded)))
                        || next.is_some_and(|n| {
                            inner.bigram.contains_key(&format!("{v} {}", n.folded))
                        })
                };
                let (mut near, far): (Vec<String>, Vec<String>) = typo_variants(inner, &s.folded)
                    .into_iter()
                    .partition(|v| linked(v));
                if !known {
                    near.extend(far);
                }
                for v in near.into_iter().take(MAX_TYPOS) {
                    push(&mut terms, KeyKind::Folded, &v, MatchKind::Typo, w, m);
                    a.push((v, w, MatchKind::Typo));
                }
            }
            if s.prefix {
                let w = if known {
                    W_PREFIX_KNOWN
                } else {
                    W_PREFIX_UNKNOWN
                };
                let all = completions(inner, &s.folded);
                // Completions that follow the previous syllable in some article first.
                let prev: Vec<&Alt> = alts.last().map(|p| p.iter().collect()).unwrap_or_default();
                let mut linked: Vec<(usize, String)> = Vec::new();
                let mut rest: Vec<(usize, String)> = Vec::new();
                for c in all {
                    let df = inner.folded.get(&c).map_or(0, |&id| inner.df(id));
                    let joined = prev
                        .iter()
                        .any(|(p, _, _)| inner.bigram.contains_key(&format!("{p} {c}")));
                    if joined {
                        linked.push((df, c));
                    } else {
                        rest.push((df, c));
                    }
                }
                linked.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
                rest.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
                for (_, c) in linked.iter().take(MAX_PREFIX) {
                    push(&mut terms, KeyKind::Folded, c, MatchKind::Prefix, w, m);
                }
                for (_, c) in rest.iter().take(MAX_PREFIX / 2) {
                    push(
                        &mut terms,
                        KeyKind::Folded,
                        c,
                        MatchKind::Prefix,
                        w * 0.5,
                        m,
                    );
                }
                // Every linked completion may form a bigram with the previous syllable.
                for (_, c) in linked.into_iter().take(MAX_BIGRAM_ALTS) {
                    a.push((c, w, MatchKind::Prefix));
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
        for (a, wa, _) in pa.iter().take(MAX_BIGRAM_ALTS) {
            for (b, wb, _) in pb.iter().take(MAX_BIGRAM_ALTS) {
                let key = format!("{a} {b}");
                push(
                    &mut terms,
                    KeyKind::Bigram,
                    &key,
                    MatchKind::Bigram,
                    W_BIGRAM * wa.min(*wb),
                    m,
                );
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

fn idf(n: usize, df: usize) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

fn bm25(tf: f32, len: f32, avg: f32) -> f32 {
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg))
}

/// Validates a query's size.
fn check(query: &Query) -> Result<(), SearchError> {
    let len = query.text.trim().len();
    if len > MAX_QUERY_BYTES {
        return Err(SearchError::QueryTooLong {
            bytes: len,
            max: MAX_QUERY_BYTES,
        });
    }
    if query.limit > MAX_LIMIT {
        return Err(SearchError::LimitTooLarge {
            limit: query.limit,
            max: MAX_LIMIT,
        });
    }
    Ok(())
}

pub(crate) fn search(inner: &Inner, query: &Query) -> Result<Results, SearchError> {
    check(query)?;
    let q = analyze_query(&query.text);
    if q.syllables.len() > MAX_QUERY_SYLLABLES {
        return Err(SearchError::TooManySyllables {
            count: q.syllables.len(),
            max: MAX_QUERY_SYLLABLES,
        });
    }
    if q.syllables.is_empty() && q.documents.is_empty() {
        return Ok(Results::default());
    }
    let (terms, required, impossible) = expand(inner, &q);
    if impossible || terms.is_empty() {
        return Ok(Results::default());
    }
    let n = inner.live;
    let avg = inner.avg_len();
    let slots = inner.docs.len();
    let mut scores = vec![0f32; slots];
    let mut masks = vec![0u64; slots];
    let mut touched: Vec<u32> = Vec::new();
    for t in &terms {
        let Some(list) = inner.postings.get(t.id as usize) else {
            continue;
        };
        let w = t.weight * idf(n, list.len());
        for p in list {
            let slot = p.0 as usize;
            let (Some(s), Some(m)) = (scores.get_mut(slot), masks.get_mut(slot)) else {
                continue;
            };
            if *s == 0.0 && *m == 0 {
                touched.push(p.0);
            }
            let len = inner.lens.get(slot).copied().unwrap_or(avg);
            *s += w * bm25(p.1, len, avg);
            *m |= t.mask;
        }
    }
    let mut req_ok = vec![true; if required.is_empty() { 0 } else { slots }];
    for id in &required {
        let list = inner
            .postings
            .get(*id as usize)
            .map_or(&[][..], Vec::as_slice);
        let mut has = vec![false; slots];
        for p in list {
            if let Some(h) = has.get_mut(p.0 as usize) {
                *h = true;
            }
        }
        for (ok, h) in req_ok.iter_mut().zip(has) {
            *ok &= h;
        }
    }
    let syl = q.syllables.len().min(64);
    let all: u64 = if syl == 64 {
        u64::MAX
    } else {
        (1u64 << syl) - 1
    };
    let tags: Vec<String> = query.filter.tags.iter().map(|t| fold(t)).collect();
    let mut found: Vec<(u32, f32)> = Vec::new();
    for &slot in &touched {
        let i = slot as usize;
        if !required.is_empty() && !req_ok.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some(Some(doc)) = inner.docs.get(i) else {
            continue;
        };
        let f = &query.filter;
        if let Some(cat) = &f.category {
            if doc.category.as_ref().map(|c| c.slug.as_str()) != Some(cat.as_str()) {
                continue;
            }
        }
        if !tags.iter().all(|t| doc.tags.iter().any(|d| fold(d) == *t)) {
            continue;
        }
        if f.from.is_some() || f.until.is_some() {
            let Some(p) = doc.published else { continue };
            if f.from.is_some_and(|from| p < from) || f.until.is_some_and(|u| p >= u) {
                continue;
            }
        }
        let coverage = coverage(masks.get(i).copied().unwrap_or(0), all, syl);
        let s = scores.get(i).copied().unwrap_or(0.0) * coverage * coverage;
        if s > 0.0 {
            found.push((slot, s));
        }
    }
    let total = found.len();
    let date = |slot: u32| {
        inner
            .docs
            .get(slot as usize)
            .and_then(|d| d.as_ref())
            .and_then(|d| d.published)
    };
    match query.order {
        Order::Newest | Order::Oldest => {
            let newest = query.order == Order::Newest;
            found.sort_by(|a, b| {
                let (da, db) = (date(a.0), date(b.0));
                let by_date = match (da, db) {
                    (Some(x), Some(y)) if newest => y.cmp(&x),
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                };
                by_date
                    .then_with(|| b.1.total_cmp(&a.1))
                    .then_with(|| a.0.cmp(&b.0))
            });
        }
        _ => {
            let end = query.offset.saturating_add(query.limit).min(found.len());
            if end > 0 && end < found.len() {
                found.select_nth_unstable_by(end - 1, |a, b| cmp_relevance(inner, a, b));
                found.truncate(end);
            }
            found.sort_by(|a, b| cmp_relevance(inner, a, b));
        }
    }
    let hits = found
        .iter()
        .skip(query.offset)
        .take(query.limit)
        .filter_map(|&(slot, score)| {
            let doc = inner.docs.get(slot as usize)?.as_ref()?;
            let (explanation, marks) =
                explain(inner, &terms, slot, masks.get(slot as usize), all, syl);
            Some(Hit {
                id: doc.id.clone(),
                score,
                snippet: snippet(doc, &marks),
                explanation,
            })
        })
        .collect();
    Ok(Results { total, hits })
}

fn coverage(mask: u64, all: u64, syl: usize) -> f32 {
    if syl == 0 {
        1.0
    } else {
        (mask & all).count_ones() as f32 / syl as f32
    }
}

fn cmp_relevance(inner: &Inner, a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    let date = |slot: u32| {
        inner
            .docs
            .get(slot as usize)
            .and_then(|d| d.as_ref())
            .and_then(|d| d.published)
    };
    b.1.total_cmp(&a.1)
        .then_with(|| date(b.0).cmp(&date(a.0)))
        .then_with(|| a.0.cmp(&b.0))
}

/// Each term's contribution to one document's score, and the folded syllables a snippet
/// marks (typo and prefix matches only for query syllables not matched as typed).
fn explain(
    inner: &Inner,
    terms: &[QTerm],
    slot: u32,
    mask: Option<&u64>,
    all: u64,
    syl: usize,
) -> (Explanation, HashSet<String>) {
    let n = inner.live;
    let avg = inner.avg_len();
    let len = inner.lens.get(slot as usize).copied().unwrap_or(avg);
    let mut matched: Vec<(&QTerm, f32)> = Vec::new();
    for t in terms {
        let Some(list) = inner.postings.get(t.id as usize) else {
            continue;
        };
        if let Ok(pos) = list.binary_search_by_key(&slot, |p| p.0) {
            let tf = list.get(pos).map_or(0.0, |p| p.1);
            matched.push((t, t.weight * idf(n, list.len()) * bm25(tf, len, avg)));
        }
    }
    let direct: u64 = matched
        .iter()
        .filter(|(t, _)| matches!(t.kind, MatchKind::Exact | MatchKind::Folded))
        .fold(0, |m, (t, _)| m | t.mask);
    let mut marks: HashSet<String> = HashSet::new();
    for (t, _) in &matched {
        match t.kind {
            MatchKind::Exact => {
                marks.insert(fold(&t.key));
            }
            MatchKind::Bigram => marks.extend(t.key.split(' ').map(str::to_string)),
            MatchKind::Typo | MatchKind::Prefix if t.mask & !direct == 0 => {}
            MatchKind::Document => {}
            _ => {
                marks.insert(t.key.clone());
            }
        }
    }
    let mut matches: Vec<TermMatch> = matched
        .into_iter()
        .map(|(t, score)| TermMatch {
            term: t.key.clone(),
            kind: t.kind,
            score,
        })
        .collect();
    matches.sort_by(|a, b| b.score.total_cmp(&a.score));
    let bm25: f32 = matches.iter().map(|m| m.score).sum();
    let explanation = Explanation {
        matches,
        bm25,
        coverage: coverage(mask.copied().unwrap_or(0), all, syl),
    };
    (explanation, marks)
}

impl Index {
    /// Runs a query; see [`Query`] and the [module docs](crate::search).
    pub fn search(&self, query: &Query) -> Result<Results, SearchError> {
        search(&self.inner, query)
    }
}

impl Snapshot {
    /// Runs a query, as [`Index::search`].
    pub fn search(&self, query: &Query) -> Result<Results, SearchError> {
        search(&self.0, query)
    }
}
