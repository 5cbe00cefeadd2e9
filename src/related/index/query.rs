//! Queries: candidates from the posting lists, the exact rerank, explanations and
//! feedback.

use super::*;
use crate::retrieval::collector::collect_top;

/// Whether a filter may reject most articles (anything but the published status). Every
/// field is named, so a new filter field has to be placed here.
pub(super) fn narrows(filter: &Constraints) -> bool {
    let Constraints {
        category,
        window_days,
        only_older,
        published_only: _,
        visible_at: _,
    } = filter;
    category.is_some() || window_days.is_some() || *only_older
}

/// Lighter query terms ([`Config::seed_terms`]) stop finding new articles once this many
/// per candidate wanted have been found.
pub(super) const SEEDED_PER_CANDIDATE: usize = 10;

/// A term as a word of an explanation: a bigram's `_` becomes a space.
pub(super) fn display_word(term: &str) -> Word {
    let mut w = Word::with_capacity(term.len());
    for (i, part) in term.split('_').enumerate() {
        if i > 0 {
            w.push(' ');
        }
        w.push_str(part);
    }
    w
}

/// The [`EXPLAIN_TERMS`] heaviest of the terms offered, heaviest first (ties: lower
/// term id first), in a fixed array.
#[derive(Default)]
struct Heaviest {
    terms: [TermWeight; EXPLAIN_TERMS],
    len: usize,
}

impl Heaviest {
    fn offer(&mut self, x: TermWeight) {
        let heavier = |a: &TermWeight, b: &TermWeight| {
            TermWeight::heavier_first(a, b) == std::cmp::Ordering::Less
        };
        // where `x` goes among the kept ones, if anywhere
        let kept = self.terms.get(..self.len).unwrap_or_default();
        let at = kept
            .iter()
            .position(|k| heavier(&x, k))
            .unwrap_or(kept.len());
        if at >= EXPLAIN_TERMS {
            return;
        }
        let end = self.len.min(EXPLAIN_TERMS - 1);
        if let Some(tail) = self.terms.get_mut(at..=end) {
            tail.rotate_right(1);
            if let Some(first) = tail.first_mut() {
                *first = x;
            }
        }
        self.len = (self.len + 1).min(EXPLAIN_TERMS);
    }

    fn terms(&self) -> &[TermWeight] {
        self.terms.get(..self.len).unwrap_or_default()
    }
}

impl Inner {
    pub(super) fn passes(&self, filter: &Constraints, q_published: Option<i64>, d: &Doc) -> bool {
        match filter.visible_at {
            Some(now) => {
                if !d.lifecycle().is_visible_at(now) {
                    return false;
                }
            }
            None => {
                if filter.published_only && !d.is_published {
                    return false;
                }
            }
        }
        if let Some(c) = &filter.category {
            match (self.category_ids.get(c), d.category) {
                (Some(want), Some(have)) if *want == have => {}
                _ => return false,
            }
        }
        if let (Some(q), Some(p)) = (q_published, d.published) {
            if filter.only_older && p >= q {
                return false;
            }
            if let Some(w) = filter.window_days {
                if (q - p).unsigned_abs() > u64::from(w) * 86_400 {
                    return false;
                }
            }
        }
        true
    }

    pub(super) fn tag_idf(&self, t: u32) -> f32 {
        let df = self.tag_postings.get(t as usize).map_or(0, Vec::len).max(1) as f32;
        (1.0 + self.live.max(1) as f32 / df).ln()
    }

    /// The [`Config::query_terms`] heaviest terms of a query vector, heaviest first
    /// (ties: lower term id first).
    pub(super) fn query_terms(&self, v: &[TermWeight]) -> Vec<TermWeight> {
        let mut v = v.to_vec();
        let heavier = TermWeight::heavier_first;
        let n = self.config.query_terms.max(1);
        if v.len() > n {
            v.select_nth_unstable_by(n - 1, heavier);
            v.truncate(n);
        }
        v.sort_unstable_by(heavier);
        v
    }

    /// Candidate generation over the inverted index: slots and partial scores, best first.
    /// `terms` come heaviest first (the first [`Config::seed_terms`] find candidates).
    pub(super) fn candidate_slots(
        &self,
        terms: &[TermWeight],
        tags: &[u32],
        exclude: Option<u32>,
        filter: &Constraints,
        published: Option<i64>,
        limit: usize,
    ) -> Vec<Scored> {
        let run = |scratch: &mut Scratch| {
            let Scratch {
                acc,
                touched,
                scores,
                hist,
                all,
            } = scratch;
            if acc.len() < self.docs.len() {
                acc.resize(self.docs.len(), 0.0);
            }
            // (see `accumulate` for how `touched` is written)
            if touched.len() < self.docs.len() {
                touched.resize(self.docs.len(), 0);
            }
            let mut n = 0usize;
            let df_cap = (self.config.max_df_ratio * self.live as f32) as usize;
            let add = |slot: u32, s: f32, acc: &mut [f32], touched: &mut [u32], n: &mut usize| {
                if let Some(a) = acc.get_mut(slot as usize) {
                    if let Some(x) = touched.get_mut(*n) {
                        *x = slot;
                    }
                    *n += usize::from(*a == 0.0);
                    *a += s;
                }
            };
            // posting weight by quantised value, computed as `Posting::weight` does (the
            // same bits, without a division per posting)
            let mut by_q = [0.0f32; 256];
            for (q, w) in by_q.iter_mut().enumerate() {
                let mut bytes = [0u8; 5];
                if let Some(b) = bytes.get_mut(4) {
                    *b = q as u8;
                }
                *w = Posting(bytes).weight();
            }
            // the part of each list to read
            let lists = terms.iter().filter_map(
                |&TermWeight {
                     term: t,
                     weight: qw,
                 }| {
                    let list = self.postings.get(t)?;
                    if list.len() > ALWAYS_READ && list.len() > df_cap {
                        return None;
                    }
                    Some((list.get(..self.config.max_postings).unwrap_or(list), qw))
                },
            );
            // One byte of each of their cache lines first: in a query's first run the
            // lists are in main memory, and these independent loads overlap, where the
            // accumulation loop meets each list's first lines one list at a time
            // (accumulation 42 -> 40 µs a query at 148.8k, measured alternately).
            touch_lines(lists.clone().map(|(list, _)| list), |p| p.q());
            // The heaviest `seed_terms` terms (they come first) find the candidates; the
            // others only add to the scores of articles already found, once there are
            // enough of those to choose from (and not when a filter may reject most).
            let enough = if narrows(filter) {
                usize::MAX
            } else {
                SEEDED_PER_CANDIDATE.saturating_mul(limit.max(1))
            };
            for (i, (list, qw)) in lists.enumerate() {
                if i < self.config.seed_terms.max(1) || n < enough {
                    n = accumulate(list, qw, &by_q, acc, touched, n);
                } else {
                    accumulate_found(list, qw, &by_q, acc);
                }
            }
            if self.config.tag_weight > 0.0 && !tags.is_empty() {
                let total: f32 = tags.iter().map(|&t| self.tag_idf(t)).sum();
                for &t in tags {
                    let Some(list) = self.tag_postings.get(t as usize) else {
                        continue;
                    };
                    let s = self.config.tag_weight * self.tag_idf(t) / total.max(f32::EPSILON);
                    for &slot in list.iter().take(self.config.max_postings) {
                        add(slot, s, acc, touched, &mut n);
                    }
                }
            }
            let touched = touched.get(..n).unwrap_or(touched.as_slice());
            let passes = |slot: u32| {
                self.doc(slot)
                    .is_some_and(|d| self.passes(filter, published, d))
            };
            collect_top(acc, touched, scores, hist, all, exclude, limit, passes)
        };
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => run(&mut s),
            Err(_) => run(&mut Scratch::default()),
        })
    }

    /// Scores one candidate against the query with every component.
    /// `words`: also list the shared terms, tags and documents (only for results).
    /// `latent`: the candidate's slot when it gets a latent contribution (one of the
    /// [`Config::latent_candidates`] best candidates).
    pub(super) fn explain(
        &self,
        q: &Query<'_>,
        d: &Doc,
        words: bool,
        latent: Option<u32>,
    ) -> (f32, f32, Explanation) {
        let c = &self.config;
        // the heaviest shared terms, kept as they come (no buffer of every shared term:
        // an explanation's allocations are a fifth of a query's time at 148.8k)
        let mut shared = Heaviest::default();
        // the same sum whether or not the words are listed (the score is the sum of the
        // explained parts)
        let (cos, n_terms) = if words {
            q.weights
                .dot_visit(&d.vec, d.scale, |t, p| shared.offer(TermWeight::new(t, p)))
        } else {
            q.weights.dot_count(&d.vec, d.scale)
        };
        let shared = shared.terms();
        let mut shared_terms = Vec::with_capacity(shared.len());
        shared_terms.extend(
            shared
                .iter()
                .filter_map(|x| self.term_str(x.term))
                .map(display_word),
        );
        let shared_tag_ids = intersect(q.tags, &d.tags);
        let tags = if shared_tag_ids.is_empty() {
            0.0
        } else {
            let sq = |ts: &[u32]| ts.iter().map(|&t| self.tag_idf(t).powi(2)).sum::<f32>();
            let num = sq(&shared_tag_ids);
            c.tag_weight * num / (sq(q.tags).sqrt() * sq(&d.tags).sqrt()).max(f32::EPSILON)
        };
        let shared_doc_ids = intersect(q.documents, &d.documents);
        let documents = if shared_doc_ids.is_empty() {
            0.0
        } else {
            let m = q.documents.len().min(d.documents.len()).max(1) as f32;
            c.document_weight * shared_doc_ids.len() as f32 / m
        };
        let category = match (q.category, d.category) {
            (Some(a), Some(b)) if a == b => c.category_weight,
            _ => 0.0,
        };
        let days_apart = match (q.published, d.published) {
            (Some(a), Some(b)) => Some((a - b).abs() / 86_400),
            _ => None,
        };
        let recency = match (q.published, d.published) {
            (Some(a), Some(b)) if c.recency_days > 0.0 => {
                let days = (a - b).abs() as f32 / 86_400.0;
                c.recency_weight * (-days / c.recency_days).exp()
            }
            _ => 0.0,
        };
        let text = c.text_weight * cos * length_factor(n_terms, c);
        let (latent, topic) = self.latent_part(q, latent, words);
        let why = Explanation {
            shared_terms,
            shared_tags: if words {
                shared_tag_ids
                    .iter()
                    .filter_map(|t| self.tag_names.get(*t as usize))
                    .map(|s| Word::from(s.as_ref()))
                    .collect()
            } else {
                Vec::new()
            },
            shared_documents: if words {
                shared_doc_ids
                    .iter()
                    .filter_map(|t| self.term_str(*t))
                    .map(Word::from)
                    .collect()
            } else {
                Vec::new()
            },
            days_apart,
            handpicked: false,
            text,
            tags,
            documents,
            category,
            recency,
            feedback: 0.0,
            latent,
            topic,
        };
        (
            text + tags + documents + category + recency + latent,
            cos,
            why,
        )
    }

    /// Same body, or SimHashes within [`Config::near_duplicate_bits`] when both
    /// vectors have at least [`SIMHASH_MIN_TERMS`] entries (`terms`: the other side's).
    pub(super) fn near_duplicate(
        &self,
        body_hash: u64,
        simhash: u64,
        terms: usize,
        d: &Doc,
    ) -> bool {
        if body_hash == EMPTY_BODY {
            return false;
        }
        body_hash == d.body_hash
            || (d.body_hash != EMPTY_BODY
                && terms >= SIMHASH_MIN_TERMS
                && stored_terms(d) >= SIMHASH_MIN_TERMS
                && (simhash ^ d.simhash).count_ones() <= self.config.near_duplicate_bits)
    }

    /// Exact rerank of candidate slots; hand-picked first, duplicates out, diversity,
    /// the minimum score.
    pub(super) fn rerank(&self, q: &Query<'_>, candidates: &[u32]) -> Vec<Related> {
        let c = &self.config;
        let o = q.options;
        let k = o.k;
        let mut out: Vec<Related> = Vec::with_capacity(k);
        let mut picked: Vec<u32> = Vec::with_capacity(k);
        if k == 0 {
            return out;
        }
        let q_published = q.published;
        if c.handpicked_first {
            for id in q.handpicked {
                let Some(slot) = self.slot_of(id) else {
                    continue;
                };
                if Some(slot) == q.exclude || picked.contains(&slot) || out.len() >= k {
                    continue;
                }
                let Some(d) = self.doc(slot) else { continue };
                if !self.passes(&o.constraints, q_published, d) {
                    continue;
                }
                let (score, _, why) = self.explain(q, d, o.explain, Some(slot));
                let mut why = if o.explain {
                    why
                } else {
                    Explanation::default()
                };
                why.handpicked = true;
                out.push(Related {
                    id: d.id.clone(),
                    score: 1.0 + score,
                    why,
                });
                picked.push(slot);
            }
        }
        warm(candidates.iter().filter_map(|&slot| self.doc(slot)));
        // the candidates that get a latent contribution: the best, as they come
        let window = candidates.get(..c.latent_candidates).unwrap_or(candidates);
        // their topic vectors read ahead as well (one line each, scattered over the
        // vectors of every article: otherwise one cold miss a candidate)
        if let (Some(l), Some(_)) = (self.latent.as_ref(), q.latent.as_ref()) {
            touch_lines(window.iter().filter_map(|&slot| l.stored(slot)), |&b| {
                b as u8
            });
        }
        let in_window = |slot: u32| window.contains(&slot).then_some(slot);
        // explanations are built for the results only
        let mut scored: Vec<Scored> = Vec::with_capacity(candidates.len());
        for (rank, &slot) in candidates.iter().enumerate() {
            if Some(slot) == q.exclude || picked.contains(&slot) {
                continue;
            }
            let Some(d) = self.doc(slot) else { continue };
            if !self.passes(&o.constraints, q_published, d) {
                continue;
            }
            if self.near_duplicate(q.body_hash, q.simhash, q.vec.len(), d) {
                continue;
            }
            let latent = (rank < window.len()).then_some(slot);
            scored.push(Scored::new(slot, self.explain(q, d, false, latent).0));
        }
        scored.sort_by(Scored::best_first);
        let feedback = self.feedback(&mut scored, k);
        if o.min_score > 0.0 {
            // sorted best first: the rest score lower still
            let keep = scored.partition_point(|s| s.score >= o.min_score);
            scored.truncate(keep);
        }
        let mut per_category: HashMap<u32, usize> = HashMap::new();
        let mut picked_vecs: Vec<Vec<TermWeight>> = picked
            .iter()
            .filter_map(|p| self.doc(*p))
            .map(|d| decode(&d.vec, d.scale))
            .collect();
        let lambda = o.mmr_lambda.map(|l| l.clamp(0.0, 1.0));
        while out.len() < k && !scored.is_empty() {
            // Pick the next result: best score, or best MMR value.
            let mut best: Option<(usize, f32)> = None;
            for (i, &Scored { slot, score }) in scored.iter().enumerate() {
                let value = match lambda {
                    Some(l) if !picked.is_empty() => {
                        let d = self
                            .doc(slot)
                            .map_or(Vec::new(), |d| decode(&d.vec, d.scale));
                        let sim = picked_vecs
                            .iter()
                            .map(|p| dot(&d, p))
                            .fold(0.0f32, f32::max);
                        l * score - (1.0 - l) * sim
                    }
                    _ => {
                        best = Some((i, score));
                        break;
                    }
                };
                if best.is_none_or(|b| value > b.1) {
                    best = Some((i, value));
                }
            }
            let Some((i, _)) = best else { break };
            let Scored { slot, score } = scored.remove(i);
            let Some(d) = self.doc(slot) else { continue };
            if let (Some(max), Some(cat)) = (o.max_per_category, d.category) {
                let n = per_category.entry(cat).or_default();
                if *n >= max {
                    continue;
                }
                *n += 1;
            }
            // The same release republished twice: keep only the first of near duplicates.
            let dup = picked
                .iter()
                .filter_map(|p| self.doc(*p))
                .any(|p| self.near_duplicate(p.body_hash, p.simhash, stored_terms(p), d));
            if dup {
                continue;
            }
            picked.push(slot);
            if lambda.is_some() {
                picked_vecs.push(decode(&d.vec, d.scale));
            }
            let mut why = if o.explain {
                self.explain(q, d, true, in_window(slot)).2
            } else {
                Explanation::default()
            };
            why.feedback = feedback
                .iter()
                .find(|f| f.slot == slot)
                .map_or(0.0, |f| f.score);
            out.push(Related {
                id: d.id.clone(),
                score,
                why,
            });
        }
        out
    }

    /// Pseudo-relevance feedback ([`Config::feedback_docs`]): adds to the score of each
    /// of the best `3k` candidates its weighted cosine to the sum of the best
    /// `feedback_docs` candidates' vectors (their heaviest [`FEEDBACK_TERMS`] terms),
    /// re-sorts, and returns those candidates' feedback contributions (as their scores). Feedback is never
    /// negative, so the candidates below the best `3k` stay in order below them.
    pub(super) fn feedback(&self, scored: &mut [Scored], k: usize) -> Vec<Scored> {
        let c = &self.config;
        let m = c.feedback_docs;
        if m == 0 || c.feedback_weight <= 0.0 || scored.len() <= m {
            return Vec::new();
        }
        // The best m candidates' vectors, summed: each (sorted by term id) is merged
        // into the sum so far, so a term's weights add up best candidate first.
        let mut merged: Vec<TermWeight> = Vec::with_capacity(m * c.vector_terms);
        let mut next: Vec<TermWeight> = Vec::with_capacity(m * c.vector_terms);
        for s in scored.iter().take(m) {
            let Some(d) = self.doc(s.slot) else { continue };
            next.clear();
            let mut i = 0;
            for_each_encoded(&d.vec, d.scale, |t, w| {
                while let Some(&x) = merged.get(i).filter(|x| x.term < t) {
                    next.push(x);
                    i += 1;
                }
                match merged.get(i) {
                    Some(&x) if x.term == t => {
                        next.push(TermWeight::new(t, x.weight + w));
                        i += 1;
                    }
                    _ => next.push(TermWeight::new(t, w)),
                }
            });
            next.extend_from_slice(merged.get(i..).unwrap_or_default());
            std::mem::swap(&mut merged, &mut next);
        }
        // Only the heaviest terms of the feedback vector, and only the first-pass best
        // 3k candidates are scored again: below that, feedback never lifted a candidate
        // into the top k in the evaluation, and the cost stays ~15 % of a query.
        if merged.len() > FEEDBACK_TERMS {
            merged.select_nth_unstable_by(FEEDBACK_TERMS - 1, TermWeight::heavier_first);
            merged.truncate(FEEDBACK_TERMS);
        }
        let table = TermWeights::new(&merged);
        let scale = c.text_weight * c.feedback_weight / m as f32;
        let mut out = Vec::with_capacity(scored.len());
        let n = scored.len().min(3 * k.max(10));
        let scored = scored.get_mut(..n).unwrap_or_default();
        for s in scored.iter_mut() {
            let Some(d) = self.doc(s.slot) else { continue };
            let f = scale * table.dot(&d.vec, d.scale);
            s.score += f;
            out.push(Scored::new(s.slot, f));
        }
        scored.sort_by(Scored::best_first);
        out
    }

    pub(super) fn query_for_slot<'q>(
        &'q self,
        slot: u32,
        options: &'q QueryOptions,
    ) -> Option<Query<'q>> {
        let d = self.doc(slot)?;
        let vec = decode(&d.vec, d.scale);
        Some(Query {
            weights: TermWeights::new(&vec),
            vec: std::borrow::Cow::Owned(vec),
            tags: &d.tags,
            documents: &d.documents,
            category: d.category,
            published: d.published,
            handpicked: &d.handpicked,
            body_hash: d.body_hash,
            simhash: d.simhash,
            exclude: Some(slot),
            latent: self.latent_of_slot(slot),
            options,
        })
    }

    /// The precomputed list of `slot` when it answers `options`: computed with the same
    /// options and at least `options.k` results.
    fn precomputed_for(&self, slot: u32, options: &QueryOptions) -> Option<&[PrecomputedHit]> {
        let pre = self.precomputed.as_ref()?;
        // (the lists are computed with explanations; either way is served from them)
        let same = QueryOptions {
            k: pre.options.k,
            explain: pre.options.explain,
            ..options.clone()
        } == pre.options;
        if !same || options.k > pre.options.k {
            return None;
        }
        pre.lists.get(slot as usize).map(|l| &**l)
    }

    pub(super) fn related_slot(&self, slot: u32, options: &QueryOptions) -> Vec<Related> {
        if let Some(list) = self.precomputed_for(slot, options) {
            if !options.explain {
                // read as it is: no query vector, no explanation
                let picks = self.doc(slot).map_or(&[][..], |d| &d.handpicked[..]);
                return list
                    .iter()
                    .take(options.k)
                    .filter_map(|h| {
                        let d = self.doc(h.slot)?;
                        let why = Explanation {
                            handpicked: h.score >= 1.0 && picks.contains(&d.id),
                            feedback: h.feedback,
                            ..Explanation::default()
                        };
                        Some(Related {
                            id: d.id.clone(),
                            score: h.score,
                            why,
                        })
                    })
                    .collect();
            }
            let Some(q) = self.query_for_slot(slot, options) else {
                return Vec::new();
            };
            return self.serve_precomputed(&q, list);
        }
        let Some(q) = self.query_for_slot(slot, options) else {
            return Vec::new();
        };
        self.search(&q)
    }

    /// Candidate generation over the inverted index, then the exact rerank.
    pub(super) fn search(&self, q: &Query<'_>) -> Vec<Related> {
        let cands = self.candidate_slots(
            &self.query_terms(&q.vec),
            q.tags,
            q.exclude,
            &q.options.constraints,
            q.published,
            self.config.candidates.max(q.options.k),
        );
        let slots: Vec<u32> = cands.iter().map(|c| c.slot).collect();
        self.rerank(q, &slots)
    }

    pub(super) fn serve_precomputed(&self, q: &Query<'_>, list: &[PrecomputedHit]) -> Vec<Related> {
        list.iter()
            .take(q.options.k)
            .filter_map(|h| {
                let d = self.doc(h.slot)?;
                let (_, _, mut why) = self.explain(q, d, true, Some(h.slot));
                why.handpicked = h.score >= 1.0 && q.handpicked.contains(&d.id);
                why.feedback = h.feedback;
                Some(Related {
                    id: d.id.clone(),
                    score: h.score,
                    why,
                })
            })
            .collect()
    }

    pub(super) fn related_for(&self, article: &Article, options: &QueryOptions) -> Vec<Related> {
        let all = analyze_compact(article, &self.config.fields());
        let analyzed = all.view();
        let weighted = self.weigh(analyzed, false);
        let mut vec: Vec<TermWeight> = weighted
            .iter()
            .filter_map(|&(h, t, w)| self.term_id_hashed(h, t).map(|id| TermWeight::new(id, w)))
            .collect();
        vec.sort_unstable_by_key(|x| x.term);
        let mut tags: Vec<u32> = analyzed
            .tags
            .iter()
            .filter_map(|t| self.tag_ids.get(t.as_str()).copied())
            .collect();
        tags.sort_unstable();
        let mut documents: Vec<u32> = analyzed
            .documents
            .iter()
            .filter_map(|t| self.term_id(t))
            .collect();
        documents.sort_unstable();
        documents.dedup();
        let q = Query {
            weights: TermWeights::new(&vec),
            vec: std::borrow::Cow::Borrowed(&vec),
            tags: &tags,
            documents: &documents,
            category: article
                .category
                .as_ref()
                .and_then(|c| self.category_ids.get(&c.slug).copied()),
            published: unix(article),
            handpicked: &article.related,
            body_hash: analyzed.body_hash,
            simhash: simhash(weighted.iter().map(|&(_, t, w)| (t, w))),
            exclude: self.slot_of(&article.id),
            latent: self.latent_of_vec(&vec),
            options,
        };
        self.search(&q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept terms are the heaviest of those offered, heaviest first, ties by lower
    /// term id: what sorting every offered term and taking the first gives.
    #[test]
    fn heaviest_keeps_what_a_full_sort_would() {
        let mut x = 11u32;
        for n in [0usize, 1, 3, 5, 6, 40, 300] {
            let offered: Vec<TermWeight> = (0..n as u32)
                .map(|t| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    // few distinct weights, so that ties by term id are exercised
                    TermWeight::new(t * 3, ((x >> 16) % 7) as f32 * 0.25)
                })
                .collect();
            let mut h = Heaviest::default();
            for &t in &offered {
                h.offer(t);
            }
            let mut want = offered.clone();
            want.sort_by(TermWeight::heavier_first);
            want.truncate(EXPLAIN_TERMS);
            assert_eq!(h.terms(), &want[..], "{n} offered");
        }
    }
}
