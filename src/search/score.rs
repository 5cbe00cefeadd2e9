//! BM25 scoring of expanded queries, filters, ordering and explanations.

use super::accumulate;
use super::analyze::analyze_query;
use super::expand::expand;
use super::index::{Index, Inner, Snapshot};
#[cfg(test)]
use super::maxscore::{count, top_k};
use super::query::{
    Explanation, Filter, Hit, IdHit, IdResults, MatchKind, Order, Query, Results, TermMatch,
    MAX_LIMIT, MAX_QUERY_BYTES, MAX_QUERY_SYLLABLES,
};
use super::snippet::{snippet, MarkSet};
use super::topk::{idf, Bm25, Ranked, Scorer};
use super::SearchError;
use crate::text::fold;

#[cfg(test)]
thread_local! {
    /// Ranks by relevance through MaxScore and the bitset count only (for the tests that
    /// compare the two paths).
    pub(crate) static MAXSCORE_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
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

/// A query's top `offset + limit` documents by the query's order and the total it
/// matches, handed to `finish` with the scorer (no documents: `finish` is not called).
fn rank<R>(
    inner: &Inner,
    query: &Query,
    finish: impl FnOnce(&Scorer<'_>, usize, Vec<Ranked>) -> R,
) -> Result<Option<R>, SearchError> {
    check(query)?;
    let q = analyze_query(&query.text);
    if q.syllables.len() > MAX_QUERY_SYLLABLES {
        return Err(SearchError::TooManySyllables {
            count: q.syllables.len(),
            max: MAX_QUERY_SYLLABLES,
        });
    }
    if q.syllables.is_empty() && q.documents.is_empty() {
        return Ok(None);
    }
    let (mut terms, required, impossible) = expand(inner, &q);
    // Rarest first: the order every path adds the shares in (see `accumulate`).
    terms.sort_by_key(|t| inner.df(t.id));
    if impossible || terms.is_empty() {
        return Ok(None);
    }
    let syl = q.syllables.len().min(64);
    let all: u64 = if syl == 64 {
        u64::MAX
    } else {
        (1u64 << syl) - 1
    };
    let avg = inner.avg_len();
    let weights = terms
        .iter()
        .map(|t| t.weight * idf(inner.live, inner.df(t.id)))
        .collect();
    let sc = Scorer {
        inner,
        terms: &terms,
        weights,
        avg,
        bm25: Bm25::new(avg),
        syl,
        all,
    };
    let filter = Filters::new(inner, &query.filter);
    let k = query.offset.saturating_add(query.limit);
    let (total, top) = match query.order {
        Order::Newest | Order::Oldest => {
            let mut found = exhaustive(&sc, &required, |slot| filter.accept(slot));
            let total = found.len();
            let newest = query.order == Order::Newest;
            found.sort_by(|a, b| {
                let by_date = match (a.date, b.date) {
                    (Some(x), Some(y)) if newest => y.cmp(&x),
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                };
                by_date
                    .then_with(|| b.score.total_cmp(&a.score))
                    .then_with(|| a.slot.cmp(&b.slot))
            });
            found.truncate(k);
            (total, found)
        }
        _ => {
            #[cfg(test)]
            if MAXSCORE_ONLY.with(std::cell::Cell::get) {
                let total = count(&sc, &required, |slot| filter.accept(slot));
                let top = top_k(&sc, &required, k, |slot| filter.accept(slot));
                return Ok(Some(finish(&sc, total, top)));
            }
            let filtered = !filter.is_empty();
            accumulate::rank(&sc, &required, k, filtered, |slot| filter.accept(slot))
        }
    };
    Ok(Some(finish(&sc, total, top)))
}

pub(crate) fn search(inner: &Inner, query: &Query) -> Result<Results, SearchError> {
    let results = rank(inner, query, |sc, total, top| {
        // each exact term's fold, made once a query, when a hit first marks it
        let mut folded: Vec<Option<String>> = vec![None; sc.terms.len()];
        let mut marking: Vec<usize> = Vec::new();
        let hits = top
            .iter()
            .skip(query.offset)
            .take(query.limit)
            .filter_map(|r| {
                let doc = inner.docs.get(r.slot as usize)?.as_ref()?;
                let explanation = explain(sc, r.slot, &mut marking);
                for &t in &marking {
                    if let (Some(slot @ None), Some(q)) = (folded.get_mut(t), sc.terms.get(t)) {
                        if q.kind == MatchKind::Exact {
                            *slot = Some(fold(&q.key));
                        }
                    }
                }
                let marks = MarkSet::new(marking.iter().flat_map(|&t| {
                    let key = sc.terms.get(t).map_or("", |q| q.key.as_str());
                    let exact = folded.get(t).and_then(Option::as_deref);
                    // a bigram marks both its syllables
                    exact.unwrap_or(key).split(' ')
                }));
                Some(Hit {
                    id: doc.id.clone(),
                    score: r.score,
                    snippet: snippet(doc, &marks),
                    explanation,
                })
            })
            .collect();
        Results { total, hits }
    })?;
    Ok(results.unwrap_or_default())
}

pub(crate) fn search_ids(inner: &Inner, query: &Query) -> Result<IdResults, SearchError> {
    let results = rank(inner, query, |_, total, top| IdResults {
        total,
        hits: top
            .iter()
            .skip(query.offset)
            .take(query.limit)
            .filter_map(|r| {
                let doc = inner.docs.get(r.slot as usize)?.as_ref()?;
                Some(IdHit {
                    id: doc.id.clone(),
                    score: r.score,
                })
            })
            .collect(),
    })?;
    Ok(results.unwrap_or_default())
}

/// The hard filters of a query, ready to test slots.
struct Filters<'a> {
    inner: &'a Inner,
    filter: &'a Filter,
    /// The filter's tags, folded.
    tags: Vec<String>,
}

impl<'a> Filters<'a> {
    fn new(inner: &'a Inner, filter: &'a Filter) -> Filters<'a> {
        Filters {
            inner,
            filter,
            tags: filter.tags.iter().map(|t| fold(t)).collect(),
        }
    }

    fn is_empty(&self) -> bool {
        let f = self.filter;
        f.category.is_none()
            && f.tags.is_empty()
            && f.from.is_none()
            && f.until.is_none()
            && f.visible_at.is_none()
    }

    /// Whether the live document at `slot` passes every filter.
    fn accept(&self, slot: u32) -> bool {
        let Some(Some(doc)) = self.inner.docs.get(slot as usize) else {
            return false;
        };
        let f = self.filter;
        if f.visible_at
            .is_some_and(|now| !doc.lifecycle().is_visible_at(now))
        {
            return false;
        }
        if let Some(cat) = &f.category {
            if doc.category.as_ref().map(|c| c.slug.as_str()) != Some(cat.as_str()) {
                return false;
            }
        }
        if !self
            .tags
            .iter()
            .all(|t| doc.tags.iter().any(|d| fold(d) == *t))
        {
            return false;
        }
        if f.from.is_some() || f.until.is_some() {
            let Some(p) = doc.published else {
                return false;
            };
            if f.from.is_some_and(|from| p < from) || f.until.is_some_and(|u| p >= u) {
                return false;
            }
        }
        true
    }
}

/// Every document with a positive score that holds the `required` terms and passes
/// `accept`, in index order (term at a time over an array of scores).
fn exhaustive(
    sc: &Scorer<'_>,
    required: &[u32],
    mut accept: impl FnMut(u32) -> bool,
) -> Vec<Ranked> {
    let inner = sc.inner;
    let slots = inner.docs.len();
    let mut scores = vec![0f32; slots];
    let mut masks = vec![0u64; slots];
    let mut touched: Vec<u32> = Vec::new();
    for (t, q) in sc.terms.iter().enumerate() {
        let w = sc.weights.get(t).copied().unwrap_or(0.0);
        for p in sc.list(t) {
            let slot = p.0 as usize;
            let (Some(s), Some(m)) = (scores.get_mut(slot), masks.get_mut(slot)) else {
                continue;
            };
            if *s == 0.0 && *m == 0 {
                touched.push(p.0);
            }
            *s += w * sc.bm25.score(p.1, sc.len(p.0));
            *m |= q.mask;
        }
    }
    touched.sort_unstable();
    let mut ok = vec![true; if required.is_empty() { 0 } else { slots }];
    for id in required {
        let mut has = vec![false; slots];
        for p in inner
            .postings
            .get(*id as usize)
            .map_or(&[][..], Vec::as_slice)
        {
            if let Some(h) = has.get_mut(p.0 as usize) {
                *h = true;
            }
        }
        for (o, h) in ok.iter_mut().zip(has) {
            *o &= h;
        }
    }
    let mut found = Vec::new();
    for slot in touched {
        let i = slot as usize;
        if !required.is_empty() && !ok.get(i).copied().unwrap_or(false) {
            continue;
        }
        if !accept(slot) {
            continue;
        }
        let cov = sc.coverage(masks.get(i).copied().unwrap_or(0));
        let score = scores.get(i).copied().unwrap_or(0.0) * cov * cov;
        if score > 0.0 {
            found.push(Ranked {
                score,
                date: inner
                    .docs
                    .get(i)
                    .and_then(|d| d.as_ref())
                    .and_then(|d| d.published),
                slot,
            });
        }
    }
    found
}

/// Each term's contribution to one document's score; `marking` gets the terms whose
/// folded syllables a snippet marks (typo and prefix matches only for query syllables not
/// matched as typed).
fn explain(sc: &Scorer<'_>, slot: u32, marking: &mut Vec<usize>) -> Explanation {
    let len = sc.len(slot);
    let mut matched: Vec<(usize, f32)> = Vec::new();
    let mut mask = 0u64;
    for (t, q) in sc.terms.iter().enumerate() {
        let list = sc.list(t);
        // a long list's bitset finds the posting by rank, without a search's cache misses
        let found = match sc.dense(t) {
            Some(set) => set.position(slot),
            None => list.binary_search_by_key(&slot, |p| p.0).ok(),
        };
        if let Some(pos) = found {
            let tf = list.get(pos).map_or(0.0, |p| p.1);
            let w = sc.weights.get(t).copied().unwrap_or(0.0);
            matched.push((t, w * sc.bm25.score(tf, len)));
            mask |= q.mask;
        }
    }
    let term = |t: usize| sc.terms.get(t);
    let direct: u64 = matched
        .iter()
        .filter_map(|&(t, _)| term(t))
        .filter(|q| matches!(q.kind, MatchKind::Exact | MatchKind::Folded))
        .fold(0, |m, q| m | q.mask);
    marking.clear();
    marking.extend(matched.iter().map(|&(t, _)| t).filter(|&t| {
        term(t).is_some_and(|q| match q.kind {
            MatchKind::Typo | MatchKind::Prefix => q.mask & !direct != 0,
            MatchKind::Document => false,
            _ => true,
        })
    }));
    let mut matches: Vec<TermMatch> = matched
        .into_iter()
        .filter_map(|(t, score)| {
            let q = term(t)?;
            Some(TermMatch {
                term: q.key.clone(),
                kind: q.kind,
                score,
            })
        })
        .collect();
    matches.sort_by(|a, b| b.score.total_cmp(&a.score));
    let bm25: f32 = matches.iter().map(|m| m.score).sum();
    Explanation {
        matches,
        bm25,
        coverage: sc.coverage(mask),
    }
}

impl Index {
    /// Runs a query; see [`Query`] and the [module docs](crate::search).
    pub fn search(&self, query: &Query) -> Result<Results, SearchError> {
        search(&self.inner, query)
    }

    /// Runs a query as [`Index::search`] does, returning only the ids and scores of the
    /// page (same order, scores and `total`) without snippets or explanations: for a
    /// JSON API or a suggestion box.
    ///
    /// ```
    /// use tintuc::search::{Index, Query};
    /// let articles = tintuc::import::sample_articles()?;
    /// let index = Index::build(&articles);
    /// let q = Query::new("so ket phong trao thi du");
    /// let ids = index.search_ids(&q)?;
    /// let full = index.search(&q)?;
    /// assert_eq!(ids.total, full.total);
    /// assert_eq!(ids.hits[0].id, full.hits[0].id);
    /// assert_eq!(ids.hits[0].score, full.hits[0].score);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn search_ids(&self, query: &Query) -> Result<IdResults, SearchError> {
        search_ids(&self.inner, query)
    }
}

impl Snapshot {
    /// Runs a query, as [`Index::search`].
    pub fn search(&self, query: &Query) -> Result<Results, SearchError> {
        search(&self.0, query)
    }

    /// Runs a query for ids and scores only, as [`Index::search_ids`].
    pub fn search_ids(&self, query: &Query) -> Result<IdResults, SearchError> {
        search_ids(&self.0, query)
    }
}
