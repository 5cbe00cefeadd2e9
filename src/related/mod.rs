//! Related articles ("Tin liên quan"): a Vietnamese-aware ranker that explains itself.
//!
//! ```
//! use tintuc::import::sample_articles;
//! use tintuc::related::{Config, Index};
//!
//! let articles = sample_articles()?;
//! let index = Index::build(&articles, Config::default());
//! let first = &articles[0];
//! for r in index.related(&first.id, 3) {
//!     assert_ne!(r.id, first.id);
//!     println!("{} {:.2} {:?}", r.id, r.score, r.why.shared_terms);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
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
//!    `exp(-days/τ)`; hard [`Filter`]s; exact and near duplicates removed (same body, or
//!    SimHash within [`Config::near_duplicate_bits`]); optional diversity (MMR, max per category);
//!    hand-picked related ids first. Every result carries an [`Explanation`].
//!
//! # Index lifecycle
//! [`Index::build`] / [`Index::from_store`]; incremental [`Index::insert`],
//! [`Index::update`], [`Index::remove`]; [`Index::snapshot`] gives readers an immutable
//! `Arc`-shared view while one writer goes on (copy-on-write: the first write after a
//! snapshot copies the index once); the index is `Serialize`/`Deserialize` so a web node
//! can load a prebuilt one; [`Index::precompute`] stores the top-K per article for O(1)
//! serving (mutations invalidate it). [`Index::related_ids`] gives the same ranking's ids
//! and scores without building explanations (a precomputed list is then read as it is).
//!
//! # Backend seam: [`CandidateSource`]
//! Candidate generation is the only step that touches every article. A host that outgrows
//! one process can delegate it — "weighted OR of terms + filters → top-C candidate ids with
//! scores" — while the crate keeps analysis, reranking and explanations
//! ([`Index::related_with_source`]). The in-memory [`Index`] is one implementation. Index
//! the crate's own tokens (from [`analyze`]) in the external engine so both sides agree:
//!
//! - **PostgreSQL full text**: store the terms as a `tsvector` built without a dictionary
//!   (`array_to_tsvector(terms)` or `setweight(...)` per field: A for title/documents, B for
//!   lead, D for body), GIN index; query with a `to_tsquery` OR of the query's top terms
//!   (`'thi_đua' | 'khen_thưởng' | '08/KH-UBND'`) weighted via `ts_rank(weights, …)`, with
//!   `WHERE status = 'published' AND published < $before AND category = $cat`,
//!   `ORDER BY rank DESC LIMIT C`.
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

mod index;

use serde::{Deserialize, Serialize};

use crate::model::{Article, ArticleId, Slug, Timestamp};
use crate::retrieval::analysis::FieldWeights;
use crate::retrieval::weighting::WeighParams;

pub use crate::retrieval::analysis::{terms, AnalyzedDoc, STOP_SYLLABLES};
pub use index::{Index, Snapshot};

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

/// Hard filters: an article that fails one is never returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only articles of this category (by slug).
    pub category: Option<Slug>,
    /// Only articles published within this many days of the query article.
    pub window_days: Option<u32>,
    /// Only articles published before the query article (stable static pages: an old page
    /// never needs re-rendering because a newer article appeared). Articles without a
    /// date pass.
    pub only_older: bool,
    /// Only articles whose status is published (default `true`).
    pub published_only: bool,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            category: None,
            window_days: None,
            only_older: false,
            published_only: true,
        }
    }
}

/// Ranking settings. The defaults are the ones evaluated in `docs/bench-related.md`.
///
/// ```
/// let c = tintuc::related::Config::default();
/// assert_eq!(c.title_weight, 2.0);
/// assert!(c.document_weight > c.category_weight);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// How many times a title occurrence counts against a body occurrence (default 2).
    pub title_weight: f32,
    /// How many times a lead (sapo) occurrence counts (default 2).
    pub lead_weight: f32,
    /// Term-frequency saturation `k₁` (default 1.2): a term's (field-weighted) frequency
    /// `tf` counts `tf (k₁ + 1) / (tf + k₁)` times, as in BM25 — a second mention adds
    /// less than under `1 + ln tf`, and no number of mentions counts `k₁ + 1` times or
    /// more, so a long article that repeats a few words is not pulled towards them. 0 gives the logarithmic
    /// `1 + ln tf` of earlier versions. Applied when articles are weighted (build,
    /// insert, outside queries): an index keeps the weights it was built with, and one
    /// saved before this setting existed loads with 0. Chosen on
    /// the VNTC eval corpus, see `docs/bench-related.md` (session 3 — quality).
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let log_tf = Index::build(&articles, Config { tf_saturation: 0.0, ..Config::default() });
    /// assert_eq!(log_tf.config().tf_saturation, 0.0);
    /// assert_eq!(Config::default().tf_saturation, 1.2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub tf_saturation: f32,
    /// How much an occurrence of a syllable bigram (`thi_đua`) counts against one of a
    /// single syllable (default 0.5), before term-frequency saturation; 0 leaves bigrams
    /// out (as does a negative or non-finite value). A bigram repeats
    /// what its two syllables already say; at full weight the bigrams of long articles
    /// crowd the syllables out of the pruned vectors. Chosen on the VNTC eval corpus
    /// (`docs/bench-related.md`, session 4). Applied when articles are analysed: an index
    /// keeps the weights it was built with, and one saved before this setting existed
    /// loads with 1 (the weight its vectors were made with).
    ///
    /// ```
    /// use tintuc::model::{Article, Block};
    /// use tintuc::related::{analyze, Config};
    /// let mut a = Article::new("a1".parse()?, "Thi đua".into(), "thi-dua".parse()?);
    /// a.body.push(Block::paragraph("Phong trào thi đua."));
    /// let w = |c: &Config, t: &str| {
    ///     analyze(&a, c).terms.iter().find(|(s, _)| s == t).map(|p| p.1)
    /// };
    /// let c = Config::default();
    /// assert_eq!(w(&c, "thi_đua"), w(&c, "thi").map(|x| x * c.bigram_weight));
    /// let full = Config { bigram_weight: 1.0, ..Config::default() };
    /// assert_eq!(w(&full, "thi_đua"), w(&full, "thi"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub bigram_weight: f32,
    /// Terms per article in the inverted index (its heaviest; default 50; chosen on the VNTC eval corpus).
    pub terms_per_doc: usize,
    /// Terms per article vector used for the exact rerank (default 240; stored
    /// compressed, about 3 bytes a term).
    pub vector_terms: usize,
    /// Heaviest query terms used to generate candidates (default 35; 60 before version
    /// 2 of the postings, see `docs/bench-related.md`, session 4).
    pub query_terms: usize,
    /// How many of those query terms surely find candidates (default 8): the heaviest
    /// `seed_terms` terms' posting lists (of those read) bring in every article they
    /// hold; a lighter term's list brings in new articles only while fewer than 10 per
    /// wanted candidate ([`Config::candidates`]) have been found, and otherwise adds to
    /// the scores of the articles already found (unless [`Config::filter`] narrows the
    /// results by category, date window or age: then every term finds candidates). On a
    /// large site an article that shares nothing but light terms with the query does
    /// not reach the reranked candidates, and skipping those makes a query 15–20 %
    /// cheaper at 148.8k articles with the same precision (measured in
    /// `docs/bench-related.md`, session 5). At least 1; `query_terms` or more: every
    /// term finds candidates.
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let one = Index::build(&articles, Config { seed_terms: 1, ..Config::default() });
    /// let every = Index::build(&articles, Config { seed_terms: usize::MAX, ..Config::default() });
    /// // a small site: fewer articles than 10 per candidate, so every term finds some
    /// assert_eq!(one.related(&articles[0].id, 5), every.related(&articles[0].id, 5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub seed_terms: usize,
    /// Document frequencies below this share of the articles count as this share when
    /// weighting (default 0.04): a name seen in three articles says less about the topic
    /// than its raw IDF claims, and pruned vectors need terms other articles share.
    pub idf_floor: f32,
    /// Weight of the text cosine (default 1).
    pub text_weight: f32,
    /// Short-article damping of the text cosine (default 0.25; 0 turns it off): a
    /// candidate whose stored vector has `n` terms, fewer than [`Config::vector_terms`]
    /// (a short article), has its text cosine multiplied by `(n / vector_terms)^exponent`
    /// (30 of 240 terms: × 0.59). Cosine normalisation lets a short article score high on
    /// a few shared words; this pivots it back, as pivoted length normalisation does in
    /// retrieval. Applied at query time only (the index is the same), and included in
    /// [`Explanation::text`]. Chosen on the VNTC eval corpus, see
    /// `docs/bench-related.md` (session 3 — quality).
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let flat = Index::build(&articles, Config { length_exponent: 0.0, ..Config::default() });
    /// let damped = Index::build(&articles, Config::default());
    /// let (a, b) = (flat.related(&articles[0].id, 5), damped.related(&articles[0].id, 5));
    /// // the damping never raises a text score
    /// for x in &b {
    ///     if let Some(y) = a.iter().find(|y| y.id == x.id) {
    ///         assert!(x.why.text <= y.why.text + 1e-6);
    ///     }
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub length_exponent: f32,
    /// Weight of the IDF-weighted tag cosine (default 0.3).
    pub tag_weight: f32,
    /// Weight of shared cited documents: `weight × shared / min(count)` (default 0.5).
    pub document_weight: f32,
    /// Bonus for the same category (default 0.05, weak).
    pub category_weight: f32,
    /// Weight of recency `exp(-days apart / τ)` (default 0.05).
    pub recency_weight: f32,
    /// The recency time constant τ in days (default 30; per site).
    pub recency_days: f32,
    /// Hand-picked related ids (the article's `related` list) come first (default true).
    pub handpicked_first: bool,
    /// Candidates whose body SimHash differs from the query's (or from an earlier
    /// result's) in at most this many of 64 bits are near duplicates and are skipped
    /// (default 3); identical bodies always are. The SimHash is compared only when both
    /// articles keep at least 24 vector terms: over fewer, one heavy shared term (a cited
    /// document) decides most bits, and different short articles looked alike.
    pub near_duplicate_bits: u32,
    /// At most this many results per category (default none).
    pub max_per_category: Option<usize>,
    /// Maximal marginal relevance λ in (0, 1]: `λ·score − (1−λ)·max cosine to the results
    /// already picked` (default none = pure score order).
    pub mmr_lambda: Option<f32>,
    /// Hard filters.
    pub filter: Filter,
    /// Candidates reranked per query (default 100).
    pub candidates: usize,
    /// Query terms present in more than this share of the articles are skipped when
    /// generating candidates (default 0.1).
    pub max_df_ratio: f32,
    /// Posting entries read per query term, best impact first (default 700). Impact
    /// order is by posting weight, which (since the index's weighting version 2) includes
    /// the short-article damping of [`Config::length_exponent`]: short articles no longer
    /// fill the heads of the lists, so fewer entries find the same candidates (2000
    /// before; measured in `docs/bench-related.md`, session 4).
    pub max_postings: usize,
    /// Keep each article's list of document-frequency counters (its distinct terms,
    /// about 1.5 bytes a term: roughly 1 KB for a long news article, see
    /// `docs/bench-related.md`) so that [`Index::remove`] and [`Index::update`] subtract
    /// its document frequencies exactly (default false: frequencies only grow until a
    /// rebuild, and the index stays under 2 KB an article). Without it, a host that has
    /// the indexed version at hand (read from its store before the write) gets the same
    /// exact statistics at no memory cost from [`Index::remove_article`] and
    /// [`Index::update_from`]. With it, removing what was
    /// inserted, or updating an article and back, gives the statistics and results of
    /// the index before. Other articles' stored vectors keep the weights they were
    /// built with either way.
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let config = Config { exact_edits: true, ..Config::default() };
    /// let (first, rest) = articles.split_first().unwrap();
    /// let mut index = Index::build(rest, config);
    /// let before = index.related(&rest[0].id, 5);
    /// index.insert(first);
    /// index.remove(&first.id);
    /// assert_eq!(index.related(&rest[0].id, 5), before);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub exact_edits: bool,
    /// Pseudo-relevance feedback: after the candidates are scored, the text of the best
    /// `feedback_docs` of them is added to the query (Rocchio) and the best candidates
    /// are scored again, so articles close to the query's topic but sharing fewer of its own
    /// words move up. 0 turns it off (default 3; measured in `docs/bench-related.md`).
    pub feedback_docs: usize,
    /// Weight of the feedback: a candidate gains `text_weight × feedback_weight ×` its
    /// mean cosine to those best matches (default 1).
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let plain = Index::build(&articles, Config { feedback_docs: 0, ..Config::default() });
    /// let index = Index::build(&articles, Config::default());
    /// let r = index.related(&articles[0].id, 5);
    /// // every score is still the sum of its explained parts
    /// for x in &r {
    ///     let w = &x.why;
    ///     let sum = w.text + w.tags + w.documents + w.category + w.recency + w.feedback;
    ///     assert!((x.score - sum).abs() < 1e-4 || w.handpicked);
    /// }
    /// assert!(plain.related(&articles[0].id, 5).iter().all(|x| x.why.feedback == 0.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub feedback_weight: f32,
}

impl Config {
    /// The weighting side of this configuration.
    pub(crate) fn weigh_params(&self) -> WeighParams {
        WeighParams {
            tf_saturation: self.tf_saturation,
            idf_floor: self.idf_floor,
            vector_terms: self.vector_terms,
        }
    }

    /// The analysis side of this configuration.
    pub(crate) fn fields(&self) -> FieldWeights {
        FieldWeights {
            title: self.title_weight,
            lead: self.lead_weight,
            bigram: self.bigram_weight,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title_weight: 2.0,
            lead_weight: 2.0,
            tf_saturation: 1.2,
            bigram_weight: 0.5,
            terms_per_doc: 50,
            vector_terms: 240,
            query_terms: 35,
            seed_terms: 8,
            idf_floor: 0.04,
            text_weight: 1.0,
            length_exponent: 0.25,
            tag_weight: 0.3,
            document_weight: 0.5,
            category_weight: 0.05,
            recency_weight: 0.05,
            recency_days: 30.0,
            handpicked_first: true,
            near_duplicate_bits: 3,
            max_per_category: None,
            mmr_lambda: None,
            filter: Filter::default(),
            candidates: 100,
            max_df_ratio: 0.1,
            max_postings: 700,
            exact_edits: false,
            feedback_docs: 3,
            feedback_weight: 1.0,
        }
    }
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

/// Why an article is related: the evidence and each component's contribution.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Explanation {
    /// The shared terms that weigh most, as words (`thi đua`, `08/KH-UBND`), best first.
    pub shared_terms: Vec<String>,
    /// Shared tags (normalised).
    pub shared_tags: Vec<String>,
    /// Shared cited document numbers.
    pub shared_documents: Vec<String>,
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
    /// Hard filters to apply where the engine can (the rerank applies them again).
    pub filter: &'a Filter,
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
/// use tintuc::related::{CandidateQuery, CandidateSource, Config, Filter, Index};
/// let articles = sample_articles()?;
/// let index = Index::build(&articles, Config::default());
/// let filter = Filter::default();
/// let q = CandidateQuery { terms: vec![("thi_đua", 1.0)], tags: vec![], exclude: None,
///                          filter: &filter, published: None, limit: 5 };
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
