//! Related articles ("Tin liên quan"): a Vietnamese-aware ranker that explains itself.
//!
//! ```
//! use tintuc::import::sample_articles;
//! use tintuc::related::{Config, Index, QueryOptions};
//!
//! let articles = sample_articles()?;
//! let index = Index::build(&articles, Config::default());
//! let first = &articles[0];
//! for r in index.related(&first.id, &QueryOptions::top(3)) {
//!     assert_ne!(r.id, first.id);
//!     println!("{} {:.2} {:?}", r.id, r.score, r.why.shared_terms);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! An index is built once with a [`Config`] (saved with it: how articles are weighted,
//! pruned and posted, and how candidates are scored); every query brings its own
//! [`QueryOptions`] (how many, which articles qualify, diversity, a minimum score,
//! explanations or not), so a new constraint never needs a rebuild.
//!
//! # How it ranks
//! 1. **Analysis** ([`analyze`], [`terms`]): NFC, lower case, one tone style (`hoà` =
//!    `hòa`), diacritics kept (`bộ` ≠ `bò`), syllables, syllable bigrams within a clause
//!    (`thi_đua`, approximating words), official document numbers as single tokens
//!    (`08/KH-UBND`), a short list of Vietnamese function syllables
//!    ([`STOP_SYLLABLES`]). No length limits; no short syllable is ever dropped.
//! 2. **Vectors**: each article becomes a TF-IDF vector (saturated term frequency
//!    `tf (k₁ + 1) / (tf + k₁)` as in BM25, see [`Config::tf_saturation`]; title and
//!    lead counted [`Config::title_weight`] / [`Config::lead_weight`] times, a bigram
//!    [`Config::bigram_weight`] times a syllable, IDF
//!    `ln(1 + N / max(df, idf_floor·N))`, see [`Config::idf_floor`]; terms no other article
//!    shares are dropped), pruned to its [`Config::vector_terms`] heaviest terms
//!    (stored compressed) and L2-normalised; the [`Config::terms_per_doc`] heaviest of those
//!    go into the inverted index. Document frequencies live in a fixed-size hashed counter
//!    array, so incremental inserts use the same statistics as a rebuild; with
//!    [`Config::exact_edits`] removals and updates subtract theirs too.
//! 3. **Candidates**: an inverted index over the pruned terms, each posting list ordered by
//!    impact (weight, descending; the weight includes the short-article damping of step 4,
//!    so the heads of the lists are what the rerank scores high). A query accumulates over its terms, skipping terms whose
//!    posting list is longer than [`Config::max_df_ratio`] of the articles and reading at most
//!    [`Config::max_postings`] entries per term (only the [`Config::seed_terms`] heaviest
//!    terms bring in new articles; the others add to the scores of those found), plus
//!    articles that share a tag; the best
//!    [`Config::candidates`] go on (exactly the best, ties broken by index order; they are
//!    picked from the articles above a score floor estimated from a sample, or from all
//!    when too few reach it).
//! 4. **Rerank** (exact): text cosine of the pruned vectors (damped for short
//!    articles, [`Config::length_exponent`]), shared tags (IDF-weighted
//!    cosine), shared cited documents (strong), same category (weak), recency decay
//!    `exp(-days/τ)`; the query's hard [`Constraints`]; exact and near duplicates removed
//!    (same body, or SimHash within [`Config::near_duplicate_bits`]); optional diversity
//!    (MMR, max per category); latent topics (LSA, [`Config::latent_weight`], feature
//!    `latent`): the best [`Config::latent_candidates`] candidates gain the weighted
//!    cosine of their 8-bit topic vectors, so articles about one event in different
//!    words meet; results below [`QueryOptions::min_score`] left out, so a
//!    list is short rather than padded with links that share a function syllable;
//!    hand-picked related ids first. Every result carries an [`Explanation`] unless
//!    [`QueryOptions::explain`] is off.
//!
//! # Index lifecycle
//! [`Index::build`] or a [`Builder`] (threads, progress, [`Builder::build_from_store`]);
//! incremental [`Index::insert`], [`Index::update`], [`Index::remove`];
//! [`Index::snapshot`] gives readers an immutable `Arc`-shared view while one writer goes
//! on (copy-on-write: the first write after a snapshot copies the index once); the index
//! is `Serialize`/`Deserialize` (format [`FORMAT_VERSION`], any other refused with
//! [`FormatError`]) so a web node can load a prebuilt one; [`Index::precompute`] stores
//! every article's results for one [`QueryOptions`] for O(1) serving (mutations
//! invalidate it). [`Index::related`] is the one query: with [`QueryOptions::explain`]
//! off it gives the same ids and scores without building explanations (a precomputed
//! list is then read as it is).
//!
//! # Backend seam: [`CandidateSource`]
//! Candidate generation is the only step that touches every article. A host that outgrows
//! one process can delegate it — "weighted OR of terms + filters → top-C candidate ids with
//! scores" — while the crate keeps analysis, reranking and explanations
//! ([`Index::related_via`]). The in-memory [`Index`] is one implementation. Index
//! the crate's own tokens (from [`analyze`]) in the external engine so both sides agree:
//!
//! - **PostgreSQL full text**: store the terms as a `tsvector` built without a dictionary
//!   (`array_to_tsvector(terms)` or `setweight(...)` per field: A for title/documents, B for
//!   lead, D for body), GIN index; query with a `to_tsquery` OR of the query's top terms
//!   (`'thi_đua' | 'khen_thưởng' | '08/KH-UBND'`) weighted via `ts_rank(weights, …)`, with
//!   `WHERE status = 'published' AND published < $before AND category = $cat`,
//!   `ORDER BY rank DESC LIMIT C`. With feature `postgres` the crate does this itself:
//!   a store opened with `postgres::connect` is a `CandidateSource` (see the `postgres`
//!   module).
//! - **Elasticsearch / OpenSearch**: a `whitespace`-tokenised keyword-like text field fed
//!   the crate's terms (so no syllable splitting of `08/KH-UBND` and no length limits);
//!   a `bool.should` of `term` queries with `boost` = the query weight, `minimum_should_match:
//!   1`, filters in `bool.filter` (`term` on category, `range` on published), `size: C`,
//!   `_source: false`. The index's own BM25 similarity gives the candidate scores.
//! - **Meilisearch**: a `terms` array attribute (searchable) and filterable `category`,
//!   `published`, `status`; a search with the query's top terms joined by spaces,
//!   `matchingStrategy: "last"`, `filter` for the hard filters, `limit: C`,
//!   `showRankingScore: true` for the scores.
//!
//! Candidates the index does not know are dropped; the rerank is the crate's own.

mod config;
mod index;
#[cfg(feature = "postgres")]
pub mod postgres;

use serde::{Deserialize, Serialize};

use crate::model::{Article, ArticleId, Timestamp};

pub use config::{Config, Constraints, QueryOptions, Subject, DEFAULT_MIN_SCORE};

pub use crate::retrieval::analysis::{terms, AnalyzedDoc, STOP_SYLLABLES};
pub use index::{Builder, FormatError, Index, Snapshot, FORMAT_VERSION};

/// Analyses an article with the field weights of `config`: title, lead and body text
/// (captions, quotes and list items included), the cited documents, and the tags.
///
/// ```
/// use tintuc::model::{Article, Block};
/// use tintuc::related::{analyze, Config};
/// let mut a = Article::new("a1".parse()?, "Sơ kết thi đua".into(), "so-ket".parse()?);
/// a.body.push(Block::paragraph("Thực hiện Kế hoạch số 08/KH-UBND, hội nghị thi đua."));
/// let doc = analyze(&a, &Config::default());
/// let w = |t: &str| doc.terms.iter().find(|(s, _)| s == t).map(|p| p.1);
/// assert!(w("thi_đua") > w("hội_nghị")); // the title counts more than the body
/// assert_eq!(doc.documents, vec!["08/KH-UBND".to_string()]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn analyze(article: &Article, config: &Config) -> AnalyzedDoc {
    crate::retrieval::analysis::analyze(article, &config.fields())
}

/// What [`Index::remove_article`] or [`Index::update_from`] did to the document
/// frequencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Edit {
    /// No article with that id was indexed.
    NotIndexed,
    /// The indexed version was given: its frequencies were subtracted exactly (as if the
    /// index had been rebuilt without it).
    Exact,
    /// The copy given is not the indexed version (its terms differ), so its frequencies
    /// could not be subtracted; the article was still removed or replaced.
    Stale,
}

/// Estimated heap bytes of an index ([`Index::memory_bytes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct MemoryUsage {
    /// What queries read: vectors, postings, dictionaries, ids.
    pub index: usize,
    /// The statistics: the document-frequency sketch, plus the per-article counter
    /// lists with [`Config::exact_edits`].
    pub statistics: usize,
    /// The precomputed lists ([`Index::precompute`]).
    pub precomputed: usize,
    /// The latent topics: the term–topic matrix and one topic vector per article
    /// ([`Config::latent_weight`]).
    pub latent: usize,
}

impl MemoryUsage {
    /// All parts together.
    pub fn total(&self) -> usize {
        self.index + self.statistics + self.precomputed + self.latent
    }
}

/// How far the articles folded into the latent topics since their fit have moved from
/// it ([`Index::latent_drift`]): a host refits ([`Index::refit_latent`] or a rebuild)
/// when [`LatentDrift::folded_share`] or [`LatentDrift::residual_gain`] passes its own
/// threshold.
///
/// ```
/// use tintuc::related::{Config, Index};
/// let articles = tintuc::import::sample_articles()?;
/// let index = Index::build(&articles, Config::default());
/// // a refit is due when a fifth of the articles came after it
/// let due = index.latent_drift().is_some_and(|d| d.folded_share() > 0.2);
/// assert!(!due);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct LatentDrift {
    /// Articles indexed when the topics were fitted (the fit's matrix holds at most
    /// 40,000 of them, spread evenly; every one was projected onto the topics).
    pub fitted: usize,
    /// Articles folded in since (inserts and updates, counted each time).
    pub folded: usize,
    /// Mean share of a fitted article's vector of the topics' terms (weighted as the
    /// fit weighs them, unit length) the topics leave out.
    pub residual_fitted: f32,
    /// The same share over the folded articles (0 without any).
    pub residual_folded: f32,
}

impl LatentDrift {
    /// Folded articles over all articles projected: 0 right after a fit.
    pub fn folded_share(&self) -> f32 {
        let all = self.fitted + self.folded;
        if all == 0 {
            0.0
        } else {
            self.folded as f32 / all as f32
        }
    }

    /// How much more of a folded article than of a fitted one the topics leave out
    /// (0 or less: the new articles fit the topics as well as the old ones did).
    pub fn residual_gain(&self) -> f32 {
        if self.folded == 0 {
            0.0
        } else {
            self.residual_folded - self.residual_fitted
        }
    }
}

/// One related article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    /// Its id.
    pub id: ArticleId,
    /// The combined score (sum of the contributions in `why`; hand-picked articles get
    /// 1 + their score).
    pub score: f32,
    /// Why it was picked.
    pub why: Explanation,
}

/// A word of an [`Explanation`] (a syllable, a two-syllable word, a tag, a document
/// number): a string kept inline up to 24 bytes, so that explaining ten results costs
/// few allocations. It dereferences to `&str` and serialises as a JSON string.
///
/// ```
/// use tintuc::related::{Config, Index, QueryOptions};
/// let articles = tintuc::import::sample_articles()?;
/// let index = Index::build(&articles, Config::default());
/// for hit in index.related(&articles[0].id, &QueryOptions::top(5)) {
///     let words: Vec<&str> = hit.why.shared_terms.iter().map(|w| w.as_str()).collect();
///     assert!(words.iter().all(|w| !w.contains('_')));
///     assert_eq!(serde_json::to_value(&hit.why.shared_terms)?, serde_json::json!(words));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use compact_str::CompactString as Word;

/// Why an article is related: the evidence and each component's contribution.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Explanation {
    /// The shared terms that weigh most, as words (`thi đua`, `08/KH-UBND`), best first.
    pub shared_terms: Vec<Word>,
    /// Shared tags (normalised).
    pub shared_tags: Vec<Word>,
    /// Shared cited document numbers.
    pub shared_documents: Vec<Word>,
    /// Whole days between the publish times, when both are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_apart: Option<i64>,
    /// Hand-picked by an editor.
    pub handpicked: bool,
    /// Contribution of the text cosine.
    pub text: f32,
    /// Contribution of shared tags.
    pub tags: f32,
    /// Contribution of shared documents.
    pub documents: f32,
    /// Contribution of the same category.
    pub category: f32,
    /// Contribution of recency.
    pub recency: f32,
    /// Contribution of pseudo-relevance feedback: `text_weight × feedback_weight ×` the
    /// mean cosine to the query's best first-pass matches (see [`Config::feedback_docs`]).
    #[serde(default)]
    pub feedback: f32,
    /// Contribution of the latent topics: [`Config::latent_weight`] × the topic cosine
    /// (0 when topics are off, the cosine is not positive, or the article is not among
    /// the [`Config::latent_candidates`] best lexical candidates).
    #[serde(default)]
    pub latent: f32,
    /// "Cùng chủ đề": the heaviest terms (syllables or two-syllable words) of the
    /// strongest topic both articles share (with a latent contribution; empty
    /// otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topic: Vec<Word>,
}

/// A candidate query for a [`CandidateSource`]: weighted OR of terms, plus filters.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateQuery<'a> {
    /// The query's terms (crate tokens, see [`terms`]) with their weights, heaviest first.
    pub terms: Vec<(&'a str, f32)>,
    /// The query's tags (normalised).
    pub tags: Vec<&'a str>,
    /// The article itself, to leave out.
    pub exclude: Option<&'a ArticleId>,
    /// Hard constraints to apply where the engine can (the rerank applies them again).
    pub constraints: &'a Constraints,
    /// The query article's publish time, for the date filters.
    pub published: Option<Timestamp>,
    /// How many candidates to return.
    pub limit: usize,
}

/// An error from an external candidate engine.
#[derive(Debug, thiserror::Error)]
#[error("candidate source failed: {message}")]
pub struct CandidateError {
    /// What went wrong.
    pub message: String,
    /// The engine's error.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// Candidate generation: "weighted OR of terms + filters → top-C candidate ids with
/// scores", best first. See the module docs for PostgreSQL, Elasticsearch/OpenSearch and
/// Meilisearch. [`Index`] implements it in memory.
///
/// ```
/// use tintuc::import::sample_articles;
/// use tintuc::related::{CandidateQuery, CandidateSource, Config, Constraints, Index};
/// let articles = sample_articles()?;
/// let index = Index::build(&articles, Config::default());
/// let constraints = Constraints::default();
/// let q = CandidateQuery { terms: vec![("thi_đua", 1.0)], tags: vec![], exclude: None,
///                          constraints: &constraints, published: None, limit: 5 };
/// let found = index.candidates(&q)?;
/// assert!(found.len() <= 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait CandidateSource {
    /// Up to `query.limit` candidate ids with scores, best first.
    fn candidates(
        &self,
        query: &CandidateQuery<'_>,
    ) -> Result<Vec<(ArticleId, f32)>, CandidateError>;
}
