//! Held-out protocol for the related-articles comparison: the query articles are NOT in
//! the index (as on a web node asked about a new article), so every ranker must analyse
//! the query's text against statistics it has never seen it in.

use std::collections::HashMap;

use tantivy::schema::OwnedValue;
use tintuc::model::Article;

use crate::related::{top_k, MltSettings, Tantivy};

/// Title and body text of an article, one paragraph per line.
pub fn text_of(a: &Article) -> String {
    let mut text = a.title.clone();
    for b in &a.body {
        for p in b.text_parts() {
            text.push('\n');
            text.push_str(p);
        }
    }
    text
}

/// Body text only (for Tantivy's body field).
fn body_of(a: &Article) -> String {
    a.body
        .iter()
        .flat_map(|b| b.text_parts())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Tantivy {
    /// Top-`k` indexed positions more like `article`, which is not in the index
    /// (MoreLikeThis over the article's own title and body fields).
    pub fn related_unindexed(
        &self,
        searcher: &tantivy::Searcher,
        s: &MltSettings,
        article: &Article,
        k: usize,
    ) -> Vec<usize> {
        let schema = self.index.schema();
        let (Ok(title), Ok(body)) = (schema.get_field("title"), schema.get_field("body")) else {
            return Vec::new();
        };
        let q = s.builder().with_document_fields(vec![
            (title, vec![OwnedValue::Str(article.title.clone())]),
            (body, vec![OwnedValue::Str(body_of(article))]),
        ]);
        self.top_positions(searcher, &q, k)
    }
}

/// Exhaustive TF-IDF cosine (`1 + ln tf`, `ln(1 + N/df)`, L2-normalised) over the crate's
/// tokens, with statistics from the indexed articles only; queries are analysed on the fly
/// and terms unseen in the index are ignored (they cannot match anything).
pub struct BruteHoldout {
    dict: HashMap<String, u32>,
    idf: Vec<f32>,
    postings: Vec<Vec<(u32, f32)>>,
    vecs: Vec<Vec<(u32, f32)>>,
    len: usize,
    bigrams: bool,
}

fn tf_of(text: &str, bigrams: bool) -> HashMap<String, f32> {
    let mut tf: HashMap<String, f32> = HashMap::new();
    for t in tintuc::related::terms(text) {
        if !bigrams && t.contains('_') {
            continue;
        }
        *tf.entry(t).or_default() += 1.0;
    }
    tf
}

impl BruteHoldout {
    /// Builds over the indexed articles.
    pub fn build(articles: &[&Article], bigrams: bool) -> BruteHoldout {
        let mut dict: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut tfs: Vec<Vec<(u32, f32)>> = Vec::with_capacity(articles.len());
        for a in articles {
            let tf = tf_of(&text_of(a), bigrams);
            let mut v = Vec::with_capacity(tf.len());
            for (t, f) in tf {
                let n = dict.len() as u32;
                let id = *dict.entry(t).or_insert(n);
                if id as usize == df.len() {
                    df.push(0);
                }
                df[id as usize] += 1;
                v.push((id, f));
            }
            tfs.push(v);
        }
        let n = articles.len() as f32;
        let idf: Vec<f32> = df.iter().map(|&d| (1.0 + n / d as f32).ln()).collect();
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); df.len()];
        let mut vecs = Vec::with_capacity(tfs.len());
        for (d, v) in tfs.into_iter().enumerate() {
            let mut w: Vec<(u32, f32)> = v
                .into_iter()
                .map(|(t, f)| (t, (1.0 + f.ln()) * idf[t as usize]))
                .collect();
            let norm = w.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            for x in &mut w {
                x.1 /= norm;
                postings[x.0 as usize].push((d as u32, x.1));
            }
            vecs.push(w);
        }
        BruteHoldout {
            dict,
            idf,
            postings,
            vecs,
            len: articles.len(),
            bigrams,
        }
    }

    /// `article`'s TF-IDF terms (`1 + ln tf` times the indexed IDF; unseen terms dropped).
    fn query_vector(&self, article: &Article) -> Vec<(u32, f32)> {
        tf_of(&text_of(article), self.bigrams)
            .into_iter()
            .filter_map(|(t, f)| {
                let id = *self.dict.get(&t)?;
                Some((id, (1.0 + f.ln()) * self.idf[id as usize]))
            })
            .collect()
    }

    /// Top-`k` indexed positions by exact cosine to `article` (not indexed).
    pub fn related(&self, article: &Article, k: usize, acc: &mut Vec<f32>) -> Vec<usize> {
        acc.clear();
        acc.resize(self.len, 0.0);
        let q = self.query_vector(article);
        for &(t, w) in &q {
            for &(d, x) in &self.postings[t as usize] {
                acc[d as usize] += w * x;
            }
        }
        top_k(acc, k)
    }

    /// Pseudo-relevance feedback (Rocchio): the first pass's top `m` documents' mean
    /// vector, times `beta`, is added to the normalised query; the first pass's top
    /// `rerank` documents are re-scored with it.
    pub fn related_prf(
        &self,
        article: &Article,
        k: usize,
        acc: &mut Vec<f32>,
        m: usize,
        beta: f32,
        rerank: usize,
    ) -> Vec<usize> {
        let first = self.related(article, rerank.max(k), acc);
        let mut q: HashMap<u32, f32> = HashMap::new();
        let qv = self.query_vector(article);
        let norm = qv.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
        for (t, w) in qv {
            *q.entry(t).or_default() += w / norm;
        }
        let m = m.min(first.len());
        for &d in first.iter().take(m) {
            for &(t, w) in &self.vecs[d] {
                *q.entry(t).or_default() += beta * w / m as f32;
            }
        }
        let mut scored: Vec<(f32, usize)> = first
            .iter()
            .map(|&d| {
                let s: f32 = self.vecs[d]
                    .iter()
                    .map(|(t, w)| q.get(t).copied().unwrap_or(0.0) * w)
                    .sum();
                (s, d)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(k).map(|x| x.1).collect()
    }
}
