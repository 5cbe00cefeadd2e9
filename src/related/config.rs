//! What an index is built with ([`Config`], saved with it) and what one query asks for
//! ([`QueryOptions`], [`Constraints`]).

use serde::{Deserialize, Serialize};

use crate::model::{Article, ArticleId, Slug, Timestamp};
use crate::retrieval::analysis::FieldWeights;
use crate::retrieval::weighting::WeighParams;

/// Hard constraints on the results of one query: an article that fails one is never
/// returned. (The store's listing filter is [`crate::store::Filter`].)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Constraints {
    /// Only articles of this category (by slug).
    pub category: Option<Slug>,
    /// Only articles published within this many days of the query article.
    pub window_days: Option<u32>,
    /// Only articles published before the query article (stable static pages: an old page
    /// never needs re-rendering because a newer article appeared). Articles without a
    /// date pass.
    pub only_older: bool,
    /// Only articles whose status is published (default `true`). Ignored when
    /// [`Constraints::visible_at`] is set.
    pub published_only: bool,
    /// Only articles readers may see at this instant ([`Article::is_visible_at`]; the
    /// index keeps publish and expiry times to the second): scheduled articles from
    /// their publish time on, none past its expiry. What a host serving readers sets.
    pub visible_at: Option<Timestamp>,
}

impl Default for Constraints {
    fn default() -> Self {
        Constraints {
            category: None,
            window_days: None,
            only_older: false,
            published_only: true,
            visible_at: None,
        }
    }
}

/// The build configuration, saved with the index: how articles are weighted, pruned
/// and posted, and how candidates are scored. What one query wants (how many, which
/// articles qualify, diversity, a minimum score) is a [`QueryOptions`]. The defaults
/// are the ones evaluated in `docs/bench-related.md`.
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
    /// more, so a long article that repeats a few words is not pulled towards them. 0
    /// gives the logarithmic `1 + ln tf`. Applied when articles are weighted (build,
    /// insert, outside queries): an index keeps the weights it was built with. Chosen on
    /// the VNTC eval corpus, see `docs/bench-related.md`.
    ///
    /// ```
    /// use tintuc::related::{Config, Index, QueryOptions};
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
    /// (`docs/bench-related.md`). Applied when articles are analysed: an index keeps the
    /// weights it was built with.
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
    /// Heaviest query terms used to generate candidates (default 35, see
    /// `docs/bench-related.md`).
    pub query_terms: usize,
    /// How many of those query terms surely find candidates (default 8): the heaviest
    /// `seed_terms` terms' posting lists (of those read) bring in every article they
    /// hold; a lighter term's list brings in new articles only while fewer than 10 per
    /// wanted candidate ([`Config::candidates`]) have been found, and otherwise adds to
    /// the scores of the articles already found (unless the query's [`Constraints`] narrow
    /// the results by category, date window or age: then every term finds candidates). On a
    /// large site an article that shares nothing but light terms with the query does
    /// not reach the reranked candidates, and skipping those makes a query 15–20 %
    /// cheaper at 148.8k articles with the same precision (measured in
    /// `docs/bench-related.md`). At least 1; `query_terms` or more: every
    /// term finds candidates.
    ///
    /// ```
    /// use tintuc::related::{Config, Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let one = Index::build(&articles, Config { seed_terms: 1, ..Config::default() });
    /// let every = Index::build(&articles, Config { seed_terms: usize::MAX, ..Config::default() });
    /// // a small site: fewer articles than 10 per candidate, so every term finds some
    /// assert_eq!(one.related(&articles[0].id, &QueryOptions::top(5)), every.related(&articles[0].id, &QueryOptions::top(5)));
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
    /// `Explanation::text`. Chosen on the VNTC eval corpus, see
    /// `docs/bench-related.md`.
    ///
    /// ```
    /// use tintuc::related::{Config, Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let flat = Index::build(&articles, Config { length_exponent: 0.0, ..Config::default() });
    /// let damped = Index::build(&articles, Config::default());
    /// let (a, b) = (flat.related(&articles[0].id, &QueryOptions::top(5)), damped.related(&articles[0].id, &QueryOptions::top(5)));
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
    /// Candidates reranked per query (default 100).
    pub candidates: usize,
    /// Query terms present in more than this share of the articles are skipped when
    /// generating candidates (default 0.1).
    pub max_df_ratio: f32,
    /// Posting entries read per query term, best impact first (default 700). Impact
    /// order is by posting weight, which includes the short-article damping of
    /// [`Config::length_exponent`]: short articles do not fill the heads of the lists, so
    /// few entries find the candidates the rerank scores high (`docs/bench-related.md`).
    pub max_postings: usize,
    /// Keep each article's list of document-frequency counters (its distinct terms,
    /// about 1.5 bytes a term: roughly 1 KB for a long news article, see
    /// `docs/bench-related.md`) so that `Index::remove` and `Index::update` subtract
    /// its document frequencies exactly (default false: frequencies only grow until a
    /// rebuild, and the index stays under 2 KB an article). Without it, a host that has
    /// the indexed version at hand (read from its store before the write) gets the same
    /// exact statistics at no memory cost from `Index::remove_article` and
    /// `Index::update_from`. With it, removing what was
    /// inserted, or updating an article and back, gives the statistics and results of
    /// the index before. Other articles' stored vectors keep the weights they were
    /// built with either way.
    ///
    /// ```
    /// use tintuc::related::{Config, Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let config = Config { exact_edits: true, ..Config::default() };
    /// let (first, rest) = articles.split_first().unwrap();
    /// let mut index = Index::build(rest, config);
    /// let before = index.related(&rest[0].id, &QueryOptions::top(5));
    /// index.insert(first);
    /// index.remove(&first.id);
    /// assert_eq!(index.related(&rest[0].id, &QueryOptions::top(5)), before);
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
    /// use tintuc::related::{Config, Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let plain = Index::build(&articles, Config { feedback_docs: 0, ..Config::default() });
    /// let index = Index::build(&articles, Config::default());
    /// let r = index.related(&articles[0].id, &QueryOptions::top(5));
    /// // every score is still the sum of its explained parts
    /// for x in &r {
    ///     let w = &x.why;
    ///     let sum = w.text + w.tags + w.documents + w.category + w.recency + w.feedback + w.latent;
    ///     assert!((x.score - sum).abs() < 1e-4 || w.handpicked);
    /// }
    /// assert!(plain.related(&articles[0].id, &QueryOptions::top(5)).iter().all(|x| x.why.feedback == 0.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub feedback_weight: f32,
    /// Weight of the latent-topic cosine (default 1; 0 turns topics off): a
    /// candidate among the [`Config::latent_candidates`] best gains `latent_weight ×`
    /// the cosine (when positive) of its topic vector and the query's. The topics are a
    /// truncated SVD (LSA) of the article × term TF-IDF matrix (syllables and
    /// two-syllable words, each weighted by its idf squared), fitted when the index
    /// is built (feature `latent`; without it a build fits none and ranks lexically),
    /// stored as a term–topic matrix and one byte a topic per article (only with at
    /// least 8 articles a topic: 256 for 32 topics; a smaller site ranks lexically); articles
    /// inserted later are folded in by projection (`Index::latent_drift`,
    /// `Index::refit_latent`). Two articles about one event in
    /// different words (`tăng giá` / `leo thang`) share topics where they share few
    /// terms. Chosen with [`Config::latent_dims`] by five-fold cross-validation on VNTC
    /// train (`peers/examples/latent_cv.rs`; the figures are in `ARCHITECTURE.md`).
    ///
    /// ```
    /// use tintuc::related::{Config, Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let lexical = Index::build(&articles, Config { latent_weight: 0.0, ..Config::default() });
    /// assert!(lexical.latent_drift().is_none());
    /// let r = lexical.related(&articles[0].id, &QueryOptions::top(5));
    /// assert!(r.iter().all(|x| x.why.latent == 0.0 && x.why.topic.is_empty()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub latent_weight: f32,
    /// Topics of the latent model: bytes per article (default 32; at least 1, at most
    /// 1024).
    pub latent_dims: usize,
    /// The latent cosine is added for this many of the best lexical candidates (default
    /// 100, as many as [`Config::candidates`]); the others are ranked without it.
    pub latent_candidates: usize,
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
            candidates: 100,
            max_df_ratio: 0.1,
            max_postings: 700,
            exact_edits: false,
            feedback_docs: 3,
            feedback_weight: 1.0,
            latent_weight: 1.0,
            latent_dims: 32,
            latent_candidates: 100,
        }
    }
}

/// The default [`QueryOptions::min_score`]. Below it a candidate shares little more
/// than a function syllable or two with the query (the same category and day alone
/// score 0.1). On held-out VNTC queries it leaves p@10 as it is to within 0.0001
/// (`docs/bench-related-holdout.md`).
pub const DEFAULT_MIN_SCORE: f32 = 0.1;

/// What one query asks for: how many results, which articles qualify, diversity, the
/// lowest score worth a link, and whether results carry explanations in words.
///
/// ```
/// use tintuc::related::{Index, QueryOptions};
/// let articles = tintuc::import::sample_articles()?;
/// let index = Index::build(&articles, Default::default());
/// let five = QueryOptions::top(5);
/// let full = index.related(&articles[0].id, &five);
/// // the fast path: the same ids and scores, no words
/// let ids = index.related(&articles[0].id, &five.clone().without_explanations());
/// assert_eq!(
///     full.iter().map(|r| (&r.id, r.score)).collect::<Vec<_>>(),
///     ids.iter().map(|r| (&r.id, r.score)).collect::<Vec<_>>(),
/// );
/// assert!(ids.iter().all(|r| r.why.shared_terms.is_empty()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryOptions {
    /// How many results at most (default 10).
    pub k: usize,
    /// Hard constraints on the results.
    pub constraints: Constraints,
    /// At most this many results per category (default none).
    pub max_per_category: Option<usize>,
    /// Maximal marginal relevance λ in (0, 1]: `λ·score − (1−λ)·max cosine to the results
    /// already picked` (default none = pure score order).
    pub mmr_lambda: Option<f32>,
    /// Results scoring below this are left out, so a list is short rather than padded
    /// with articles that share a function syllable or two with the query (default
    /// [`DEFAULT_MIN_SCORE`]; 0 keeps every candidate that scores above 0). Hand-picked
    /// articles always qualify.
    pub min_score: f32,
    /// Whether each result's `Explanation` is filled in (default true). Without, only
    /// the id, the score and `Explanation::handpicked` are set: nothing is turned into
    /// words, and a precomputed list (`Index::precompute`) is read as it is. For
    /// hosts that only link the results.
    pub explain: bool,
}

impl Default for QueryOptions {
    fn default() -> Self {
        QueryOptions {
            k: 10,
            constraints: Constraints::default(),
            max_per_category: None,
            mmr_lambda: None,
            min_score: DEFAULT_MIN_SCORE,
            explain: true,
        }
    }
}

impl QueryOptions {
    /// The default options with `k` results at most.
    pub fn top(k: usize) -> Self {
        QueryOptions {
            k,
            ..QueryOptions::default()
        }
    }

    /// These options without explanations ([`QueryOptions::explain`] off).
    pub fn without_explanations(mut self) -> Self {
        self.explain = false;
        self
    }

    /// These options with the constraints `constraints`.
    pub fn constrained(mut self, constraints: Constraints) -> Self {
        self.constraints = constraints;
        self
    }

    /// These options keeping only the articles readers may see at `now`
    /// ([`Constraints::visible_at`]).
    ///
    /// ```
    /// use tintuc::model::Status;
    /// use tintuc::related::{Index, QueryOptions};
    /// let mut articles = tintuc::import::sample_articles()?;
    /// let now = "2030-01-01T00:00:00+07:00".parse()?;
    /// let first = Index::build(&articles, Default::default()).related(&articles[0].id, &QueryOptions::top(1))[0].id.clone();
    /// let other = articles.iter_mut().find(|a| a.id == first).ok_or("missing")?;
    /// other.status = Status::Scheduled;
    /// other.published = Some("2030-01-01T00:00:01+07:00".parse()?);
    /// let index = Index::build(&articles, Default::default());
    /// let got = index.related(&articles[0].id, &QueryOptions::top(10).visible_at(now));
    /// assert!(got.iter().all(|r| r.id != first));
    /// let later = QueryOptions::top(1).visible_at("2030-01-01T00:00:01+07:00".parse()?);
    /// assert_eq!(index.related(&articles[0].id, &later)[0].id, first);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn visible_at(mut self, now: Timestamp) -> Self {
        self.constraints.visible_at = Some(now);
        self
    }

    /// These options with the minimum score `min_score` (0: no minimum).
    pub fn min_score(mut self, min_score: f32) -> Self {
        self.min_score = min_score;
        self
    }
}

/// What a query is about: an indexed article (by id) or any article (a draft being
/// edited, a page from elsewhere; if an article with its id is indexed, that one is
/// left out of the results).
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// The indexed article with this id (no results when it is not indexed).
    Indexed(&'a ArticleId),
    /// An article that need not be indexed.
    Article(&'a Article),
}

impl<'a> From<&'a ArticleId> for Subject<'a> {
    fn from(id: &'a ArticleId) -> Self {
        Subject::Indexed(id)
    }
}

impl<'a> From<&'a Article> for Subject<'a> {
    fn from(article: &'a Article) -> Self {
        Subject::Article(article)
    }
}
