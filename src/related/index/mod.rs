//! The in-memory related-articles index: its records ([`Doc`], [`Inner`]), the public
//! [`Index`] and [`Snapshot`], and the read API they share. The build pipeline, edits,
//! queries and persistence are submodules.

mod build;
mod edit;
mod latent;
mod persist;
mod query;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{
    CandidateError, CandidateQuery, CandidateSource, Config, Constraints, Edit, Explanation,
    LatentDrift, MemoryUsage, QueryOptions, Related, Subject, Word,
};
use crate::model::{Article, ArticleId, Slug, Status};
use crate::retrieval::analysis::{
    analyze_compact, fnv1a, normalize_label, simhash, simhash_hashed, Analysed, Analyses,
};
use crate::retrieval::collector::{Scratch, SCRATCH};
use crate::retrieval::latent::Latent;
use crate::retrieval::parallel::{par_map, par_map_after_by};
use crate::retrieval::postings::{accumulate, accumulate_found, sort_by_impact, Posting, Postings};
use crate::retrieval::prefetch::touch_lines;
use crate::retrieval::termdict::{
    encode_slots, for_each_slot, BuildKeys, KeyTable, Sketch, TermTable,
};
use crate::retrieval::vectors::{
    decode, dot, encode, for_each_encoded, intersect, sort_by_term, TermWeights,
};
use crate::retrieval::weighting::{weigh_entries, EntryWeight, WeighTables};
use crate::retrieval::{Scored, TermWeight};
use crate::store::{ArticleStore, ScanIter, StoreError};
pub use build::Builder;
use edit::{by_id_table, shape, Interned, Shaped, NOT_YET};
pub use persist::{FormatError, FORMAT_VERSION};

/// Shared terms listed in an explanation.
const EXPLAIN_TERMS: usize = 5;
/// Posting lists shorter than this are always read, whatever [`Config::max_df_ratio`].
const ALWAYS_READ: usize = 256;

/// The top results of every article for one [`QueryOptions`] ([`Index::precompute`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Precomputed {
    /// The options they answer (and any `k` up to `options.k`).
    options: QueryOptions,
    /// Per slot, best first.
    lists: Vec<Box<[PrecomputedHit]>>,
}

/// One precomputed result.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct PrecomputedHit {
    slot: u32,
    score: f32,
    /// Its [`Explanation::feedback`].
    feedback: f32,
}

/// One indexed article.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Doc {
    id: ArticleId,
    /// Pruned, L2-normalised TF-IDF vector ([`Config::vector_terms`] terms), sorted by
    /// term id, compressed to 3 bytes a term: 16-bit term-id gaps and 8-bit weights (see [`encode`]).
    vec: Box<[u8]>,
    scale: f32,
    /// Tag ids, sorted.
    tags: Box<[u32]>,
    /// Term ids of cited document numbers, sorted.
    documents: Box<[u32]>,
    category: Option<u32>,
    /// Publish time, Unix seconds.
    published: Option<i64>,
    is_published: bool,
    /// Scheduled (with a publish time): visible from `published` on.
    #[serde(default)]
    scheduled: bool,
    /// Expiry time, Unix seconds.
    #[serde(default)]
    expires: Option<i64>,
    handpicked: Box<[ArticleId]>,
    body_hash: u64,
    simhash: u64,
    /// Fingerprint of the article's analysed term set ([`terms_fingerprint`]): tells
    /// whether a caller's copy of the old version is the one that was indexed.
    #[serde(default)]
    terms_fp: u64,
}

/// Order-independent fingerprint of an analysed article's terms (their hashes, mixed
/// and summed).
fn terms_fingerprint(analyzed: Analysed<'_>) -> u64 {
    analyzed.hashes().fold(0u64, |acc, (h, _)| {
        acc.wrapping_add((h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9))
    })
}

/// The query side of a ranking: an indexed article or an outside one.
struct Query<'a> {
    vec: std::borrow::Cow<'a, [TermWeight]>,
    weights: TermWeights,
    tags: &'a [u32],
    documents: &'a [u32],
    category: Option<u32>,
    published: Option<i64>,
    handpicked: &'a [ArticleId],
    body_hash: u64,
    simhash: u64,
    exclude: Option<u32>,
    /// Its latent-topic vector, when the index has topics and it has one.
    latent: Option<std::borrow::Cow<'a, [i8]>>,
    options: &'a QueryOptions,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Inner {
    /// First, so that an index of another format fails on it before anything else.
    #[serde(default)]
    version: persist::FormatVersion,
    config: Config,
    docs: Vec<Option<Doc>>,
    free: Vec<u32>,
    /// Article id → slot, keyed on `docs[slot].id` (rebuilt after deserialising).
    #[serde(skip)]
    by_id: TermTable,
    /// Term strings, concatenated; term `i` is `term_text[term_starts[i]..term_starts[i + 1]]`.
    term_text: String,
    term_starts: Vec<u32>,
    /// Term string → its id (rebuilt from `term_text` after deserialising).
    #[serde(skip)]
    term_ids: TermTable,
    /// Per term: `(slot, weight)`, weight descending (impact order).
    /// (Boxed slices: 16 bytes a term instead of 24, most terms are never posted.)
    postings: Postings,
    tag_names: Vec<Box<str>>,
    tag_ids: HashMap<Box<str>, u32>,
    tag_postings: Vec<Vec<u32>>,
    category_slugs: Vec<Slug>,
    category_ids: HashMap<Slug, u32>,
    df: Sketch,
    /// With [`Config::exact_edits`], per slot: the document-frequency counter slots its
    /// article added to (sorted, LEB128 gaps), subtracted when it is removed or replaced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    df_slots: Vec<Box<[u8]>>,
    live: u32,
    /// Dropped by any mutation.
    precomputed: Option<Precomputed>,
    /// The latent topics ([`Config::latent_weight`]), when fitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    latent: Option<Latent>,
}

/// A read-only, `Arc`-shared view of an [`Index`] at one moment: cheap to clone and to
/// send to reader threads while the writer goes on updating the index.
///
/// ```
/// use tintuc::import::sample_articles;
/// use tintuc::related::{Config, Index, QueryOptions};
/// let articles = sample_articles()?;
/// let mut index = Index::build(&articles, Config::default());
/// let snap = index.snapshot();
/// index.remove(&articles[1].id);
/// // the snapshot still sees the article; the index does not
/// assert!(snap.contains(&articles[1].id));
/// assert!(!index.contains(&articles[1].id));
/// let reader = std::thread::spawn(move || snap.related(&articles[0].id, &QueryOptions::top(5)).len());
/// assert!(reader.join().unwrap() <= 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Snapshot(Arc<Inner>);

/// The related-articles index. See the [module docs](super) for how it ranks.
///
/// ```
/// use tintuc::import::sample_articles;
/// use tintuc::related::{Config, Index, QueryOptions};
/// let articles = sample_articles()?;
/// let mut index = Index::build(&articles, Config::default());
/// let r = index.related(&articles[0].id, &QueryOptions::top(5));
/// assert!(r.len() <= 5);
/// assert!(r.windows(2).all(|w| w[0].why.handpicked || w[0].score >= w[1].score));
/// // incremental updates, no panic after deletes
/// index.remove(&articles[2].id);
/// assert!(index.related(&articles[2].id, &QueryOptions::top(5)).is_empty());
/// index.insert(&articles[2]);
/// assert_eq!(index.len(), articles.len());
/// // serde round trip
/// let json = serde_json::to_string(&index)?;
/// let back: Index = serde_json::from_str(&json)?;
/// assert_eq!(back.related(&articles[0].id, &QueryOptions::top(5)), index.related(&articles[0].id, &QueryOptions::top(5)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Index {
    inner: Arc<Inner>,
}

/// are long dependent loops, and a cold vector read in one of them stalls it with
/// nothing else in flight.
fn warm<'a>(docs: impl Iterator<Item = &'a Doc>) {
    touch_lines(docs.map(|d| &*d.vec), |b| *b);
}

/// The hash of term `id` (`fnv1a` of its string; of "" for no such term), from the
/// term strings: what the term table re-hashes by when it grows.
fn term_hash(starts: &[u32], text: &str, id: u32) -> u64 {
    let a = starts.get(id as usize).copied().unwrap_or(0) as usize;
    let b = starts.get(id as usize + 1).copied().unwrap_or(0) as usize;
    fnv1a(text.get(a..b).unwrap_or("").as_bytes())
}

/// Hash of the id of the article in a `docs` entry (0 for an empty one).
fn id_hash(d: Option<&Option<Doc>>) -> u64 {
    d.and_then(Option::as_ref)
        .map_or(0, |d| fnv1a(d.id.as_str().as_bytes()))
}

fn unix(a: &Article) -> Option<i64> {
    a.published.map(|t| t.timestamp())
}

/// A Unix second as a timestamp (out of range: the far past, which no publish or expiry
/// time reaches).
fn from_unix(secs: i64) -> crate::model::Timestamp {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC)
        .fixed_offset()
}

impl Doc {
    /// What [`crate::model::Lifecycle`] reads, from the indexed fields (to the second).
    fn lifecycle(&self) -> crate::model::Lifecycle {
        let status = if self.is_published {
            Status::Published
        } else if self.scheduled {
            Status::Scheduled
        } else {
            Status::Draft
        };
        crate::model::Lifecycle {
            status,
            published: self.published.map(from_unix),
            expires: self.expires.map(from_unix),
        }
    }
}

/// The text-cosine factor of a candidate with `n_terms` stored terms
/// ([`Config::length_exponent`]): `(n_terms / vector_terms)^exponent`, at most 1.
fn length_factor(n_terms: usize, c: &Config) -> f32 {
    let full = c.vector_terms.max(1);
    if c.length_exponent <= 0.0 || n_terms >= full {
        return 1.0;
    }
    (n_terms as f32 / full as f32).powf(c.length_exponent)
}

/// Vectors with fewer entries than this are never SimHash near duplicates (equal bodies
/// always are): over a few terms, one heavy shared term (a cited document, a tag word)
/// sets most of the 64 bits, and two different short articles that cite the same plan
/// came out within 1 bit of each other.
const SIMHASH_MIN_TERMS: usize = 24;

/// The number of entries of an article's stored vector (3 bytes each; a term whose id
/// gap needs an escape counts twice, which is rare and only errs towards comparing).
fn stored_terms(d: &Doc) -> usize {
    d.vec.len() / 3
}

/// Terms of the pseudo-relevance feedback vector (its heaviest).
const FEEDBACK_TERMS: usize = 120;

/// Hash of an empty body: articles without body text are not duplicates of each other.
const EMPTY_BODY: u64 = crate::retrieval::analysis::EMPTY_HASH;

macro_rules! read_api {
    () => {
        /// The articles related to `subject`, best first (hand-picked ones first): an
        /// indexed article by its id (nothing when it is not indexed), or any
        /// [`Article`] (if one with its id is indexed, that one is left out). `options`
        /// says how many, which articles qualify, and whether results are explained.
        ///
        /// ```
        /// use tintuc::related::{Index, QueryOptions};
        /// let articles = tintuc::import::sample_articles()?;
        /// let index = Index::build(&articles, Default::default());
        /// let by_id = index.related(&articles[0].id, &QueryOptions::top(5));
        /// assert!(by_id.len() <= 5 && by_id.iter().all(|r| r.id != articles[0].id));
        /// // an article the index need not hold
        /// let draft = index.related(&articles[0], &QueryOptions::top(5));
        /// assert_eq!(draft.len(), by_id.len());
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn related<'s>(
            &self,
            subject: impl Into<Subject<'s>>,
            options: &QueryOptions,
        ) -> Vec<Related> {
            let inner = self.inner();
            match subject.into() {
                Subject::Indexed(id) => match inner.slot_of(id) {
                    Some(slot) => inner.related_slot(slot, options),
                    None => Vec::new(),
                },
                Subject::Article(article) => inner.related_for(article, options),
            }
        }

        /// Number of indexed articles.
        pub fn len(&self) -> usize {
            self.inner().live as usize
        }

        /// Whether no article is indexed.
        pub fn is_empty(&self) -> bool {
            self.inner().live == 0
        }

        /// Whether an article with this id is indexed.
        pub fn contains(&self, id: &ArticleId) -> bool {
            self.inner().slot_of(id).is_some()
        }

        /// The configuration the index ranks with.
        pub fn config(&self) -> &Config {
            &self.inner().config
        }
    };
}

impl Snapshot {
    fn inner(&self) -> &Inner {
        &self.0
    }
    read_api!();
}

impl Index {
    fn inner(&self) -> &Inner {
        &self.inner
    }
    read_api!();

    /// An immutable view for readers (an `Arc` clone: O(1)). The next write to this index
    /// copies it once while snapshots are alive (copy-on-write).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(Arc::clone(&self.inner))
    }

    /// The address of the shared data and how many indexes and snapshots hold it (one:
    /// the next edit changes it in place instead of copying it).
    #[cfg(feature = "web")]
    pub(crate) fn holders(&self) -> (usize, usize) {
        (
            Arc::as_ptr(&self.inner) as usize,
            Arc::strong_count(&self.inner),
        )
    }

    /// Adds an article, or replaces the indexed article with the same id. Other
    /// articles' vectors keep the statistics they were built with (a rebuild refreshes
    /// them; on a large corpus the difference is negligible). A replaced article's
    /// document frequencies are subtracted only with [`Config::exact_edits`].
    ///
    /// ```
    /// use tintuc::related::{Config, Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let (first, rest) = articles.split_first().unwrap();
    /// let mut index = Index::build(rest, Config::default());
    /// index.insert(first);
    /// assert!(index.contains(&first.id));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(&mut self, article: &Article) {
        Arc::make_mut(&mut self.inner).insert(article);
    }

    /// Same as [`Index::insert`]: replaces the article with the same id (see
    /// [`Index::update_from`] to keep the document frequencies exact).
    ///
    /// ```
    /// use tintuc::related::{Config, Index, QueryOptions};
    /// let mut articles = tintuc::import::sample_articles()?;
    /// let mut index = Index::build(&articles, Config::default());
    /// articles[0].title = "Tiêu đề mới".into();
    /// index.update(&articles[0]);
    /// assert_eq!(index.len(), articles.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update(&mut self, article: &Article) {
        self.insert(article);
    }

    /// Removes an article; returns whether it was indexed. Queries for it return nothing
    /// afterwards, and it never appears in results. Its document frequencies are
    /// subtracted only with [`Config::exact_edits`]; [`Index::remove_article`] subtracts
    /// them without that option when given the indexed version.
    ///
    /// ```
    /// use tintuc::related::{Config, Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let mut index = Index::build(&articles, Config::default());
    /// assert!(index.remove(&articles[0].id));
    /// assert!(!index.remove(&articles[0].id));
    /// assert!(index.related(&articles[1].id, &QueryOptions::top(30)).iter().all(|r| r.id != articles[0].id));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove(&mut self, id: &ArticleId) -> bool {
        if self.inner.slot_of(id).is_none() {
            return false;
        }
        Arc::make_mut(&mut self.inner).remove(id)
    }

    /// Removes `old` (by its id) and, without [`Config::exact_edits`] and at no memory
    /// cost, subtracts its document frequencies exactly when `old` is the version that
    /// was indexed — e.g. the copy a host reads from its store before deleting. The
    /// index keeps an 8-byte fingerprint of each article's terms to check that; for any
    /// other copy the article is still removed, its frequencies stay (as with
    /// [`Index::remove`]) and [`Edit::Stale`] says so.
    ///
    /// ```
    /// use tintuc::related::{Config, Edit, Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let (first, rest) = articles.split_first().unwrap();
    /// let mut index = Index::build(rest, Config::default());
    /// let before = index.related(&rest[0].id, &QueryOptions::top(5));
    /// index.insert(first);
    /// assert_eq!(index.remove_article(first), Edit::Exact);
    /// assert_eq!(index.related(&rest[0].id, &QueryOptions::top(5)), before); // statistics as before
    /// assert_eq!(index.remove_article(first), Edit::NotIndexed);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_article(&mut self, old: &Article) -> Edit {
        if self.inner.slot_of(&old.id).is_none() {
            return Edit::NotIndexed;
        }
        Arc::make_mut(&mut self.inner).remove_version(old)
    }

    /// Replaces the indexed version `old` by `new` (same id expected; `new` is indexed
    /// under its own id), keeping the document frequencies exact as
    /// [`Index::remove_article`] does: `old`'s terms are subtracted and `new`'s added
    /// when `old` is the indexed version ([`Edit::Exact`]). Otherwise the frequencies
    /// are left as [`Index::update`] leaves them ([`Edit::Stale`]); when nothing with
    /// `old`'s id was indexed, `new` is inserted ([`Edit::NotIndexed`]).
    ///
    /// ```
    /// use tintuc::related::{Config, Edit, Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let mut index = Index::build(&articles, Config::default());
    /// let before = index.related(&articles[1].id, &QueryOptions::top(5));
    /// let mut changed = articles[0].clone();
    /// changed.title = "Một tiêu đề khác hẳn".into();
    /// assert_eq!(index.update_from(&articles[0], &changed), Edit::Exact);
    /// assert_eq!(index.update_from(&changed, &articles[0]), Edit::Exact);
    /// assert_eq!(index.related(&articles[1].id, &QueryOptions::top(5)), before); // back where it was
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update_from(&mut self, old: &Article, new: &Article) -> Edit {
        let inner = Arc::make_mut(&mut self.inner);
        let edit = inner.remove_version(old);
        // the new id may differ from the old one: replace whatever holds it
        let replaced = inner.remove(&new.id);
        let count = match edit {
            Edit::Exact | Edit::NotIndexed => !replaced || inner.config.exact_edits,
            _ => inner.config.exact_edits,
        };
        inner.place_new(new, count);
        inner.precomputed = None;
        edit
    }

    /// Precomputes every article's results for `options`, so that [`Index::related`]
    /// with the same options (and at most `options.k` results) is served from memory
    /// (explanations, when asked for, are still computed on demand). Any later insert,
    /// update or remove drops the precomputed lists.
    ///
    /// ```
    /// use tintuc::related::{Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let mut index = Index::build(&articles, Default::default());
    /// let five = QueryOptions::top(5);
    /// let live = index.related(&articles[0].id, &five);
    /// index.precompute(&QueryOptions::top(10));
    /// assert_eq!(index.related(&articles[0].id, &five), live);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn precompute(&mut self, options: &QueryOptions) {
        let inner = Arc::make_mut(&mut self.inner);
        inner.precomputed = None;
        let explained = QueryOptions {
            explain: true,
            ..options.clone()
        };
        let lists: Vec<Box<[PrecomputedHit]>> = (0..inner.docs.len() as u32)
            .map(|slot| {
                inner
                    .related_slot(slot, &explained)
                    .iter()
                    .filter_map(|r| {
                        inner.slot_of(&r.id).map(|slot| PrecomputedHit {
                            slot,
                            score: r.score,
                            feedback: r.why.feedback,
                        })
                    })
                    .collect()
            })
            .collect();
        inner.precomputed = Some(Precomputed {
            options: explained,
            lists,
        });
    }

    /// [`Index::related`] with the candidates from an external [`CandidateSource`]
    /// (PostgreSQL, Elasticsearch, …) instead of this index's posting lists: the seam for
    /// a host that moves candidate generation out of process. Ids the index does not know
    /// are dropped; the rerank and explanations are this index's.
    ///
    /// ```
    /// use tintuc::related::{Index, QueryOptions};
    /// let articles = tintuc::import::sample_articles()?;
    /// let index = Index::build(&articles, Default::default());
    /// let five = QueryOptions::top(5);
    /// // the in-memory index is itself a candidate source
    /// let via = index.related_via(&articles[0].id, &five, &index)?;
    /// assert_eq!(via, index.related(&articles[0].id, &five));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn related_via(
        &self,
        id: &ArticleId,
        options: &QueryOptions,
        source: &dyn CandidateSource,
    ) -> Result<Vec<Related>, CandidateError> {
        let inner = self.inner();
        let Some(q) = inner
            .slot_of(id)
            .and_then(|s| inner.query_for_slot(s, options))
        else {
            return Ok(Vec::new());
        };
        let mut terms: Vec<(&str, f32)> = q
            .vec
            .iter()
            .filter_map(|x| inner.term_str(x.term).map(|s| (s, x.weight)))
            .collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let tags: Vec<&str> = q
            .tags
            .iter()
            .filter_map(|&t| inner.tag_names.get(t as usize).map(|s| &**s))
            .collect();
        let cq = CandidateQuery {
            terms,
            tags,
            exclude: Some(id),
            constraints: &options.constraints,
            published: q
                .published
                .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
                .map(|t| t.fixed_offset()),
            limit: inner.config.candidates.max(options.k),
        };
        let found = source.candidates(&cq)?;
        let slots: Vec<u32> = found
            .iter()
            .filter_map(|(id, _)| inner.slot_of(id))
            .collect();
        Ok(inner.rerank(&q, &slots))
    }

    /// Estimated heap bytes of the index, by part (see [`MemoryUsage`]).
    ///
    /// ```
    /// let articles = tintuc::import::sample_articles()?;
    /// let index = tintuc::related::Index::build(&articles, Default::default());
    /// let m = index.memory_bytes();
    /// assert!(m.index > 0 && m.statistics == 8 << 20 && m.precomputed == 0);
    /// assert_eq!(m.total(), m.index + m.statistics);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn memory_bytes(&self) -> MemoryUsage {
        let i = self.inner();
        let mut q = i.docs.capacity() * std::mem::size_of::<Option<Doc>>();
        for d in i.docs.iter().flatten() {
            q += d.id.as_str().len()
                + d.vec.len()
                + d.tags.len() * 4
                + d.documents.len() * 4
                + d.handpicked
                    .iter()
                    .map(|h| h.as_str().len() + 24)
                    .sum::<usize>();
        }
        q += i.by_id.memory_bytes();
        q += i.term_starts.capacity() * 4 + i.term_text.capacity();
        q += i.term_ids.memory_bytes();
        q += i.postings.memory_bytes();
        q += i
            .tag_names
            .iter()
            .map(|t| t.len() * 2 + 16 + 24)
            .sum::<usize>();
        q += i
            .tag_postings
            .iter()
            .map(|p| p.capacity() * 4 + 24)
            .sum::<usize>();
        q += i.free.capacity() * 4;
        let sketch = i.df.rows.len() * 2
            + i.df_slots.capacity() * 16
            + i.df_slots.iter().map(|x| x.len()).sum::<usize>();
        let pre = i.precomputed.as_ref().map_or(0, |p| {
            p.lists
                .iter()
                .map(|x| x.len() * std::mem::size_of::<PrecomputedHit>() + 16)
                .sum::<usize>()
        });
        MemoryUsage {
            index: q,
            statistics: sketch,
            precomputed: pre,
            latent: i.latent.as_ref().map_or(0, Latent::memory_bytes),
        }
    }

    /// How far the articles folded into the latent topics since their fit have moved
    /// from it; `None` when the index has no topics ([`Config::latent_weight`] 0, or
    /// built without the `latent` feature).
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let (first, rest) = articles.split_first().unwrap();
    /// let mut index = Index::build(rest, Config::default());
    /// index.insert(first);
    /// if let Some(drift) = index.latent_drift() {
    ///     // (with the `latent` feature)
    ///     assert_eq!((drift.fitted, drift.folded), (rest.len(), 1));
    ///     assert!(drift.folded_share() > 0.0);
    ///     index.refit_latent();
    ///     assert_eq!(index.latent_drift().unwrap().folded, 0);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn latent_drift(&self) -> Option<LatentDrift> {
        let d = self.inner().latent.as_ref()?.drift();
        Some(LatentDrift {
            fitted: d.fitted,
            folded: d.folded,
            residual_fitted: d.residual_fitted,
            residual_folded: d.residual_folded,
        })
    }

    /// Fits the latent topics again over the indexed articles' stored vectors (as a
    /// build does, on rayon's pool), replacing the folded-in vectors; returns whether
    /// the index has topics afterwards. Needs the `latent` feature (without it the
    /// topics stay as they are) and a positive [`Config::latent_weight`].
    ///
    /// ```
    /// use tintuc::related::{Config, Index};
    /// let articles = tintuc::import::sample_articles()?;
    /// let mut index = Index::build(&articles, Config::default());
    /// let fitted = index.refit_latent();
    /// assert_eq!(fitted, index.latent_drift().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refit_latent(&mut self) -> bool {
        let inner = Arc::make_mut(&mut self.inner);
        inner.fit_latent(rayon::current_num_threads());
        inner.precomputed = None;
        inner.latent.is_some()
    }
}

impl CandidateSource for Index {
    fn candidates(
        &self,
        query: &CandidateQuery<'_>,
    ) -> Result<Vec<(ArticleId, f32)>, CandidateError> {
        let inner = self.inner();
        let mut terms: Vec<TermWeight> = query
            .terms
            .iter()
            .filter_map(|(t, w)| inner.term_id(t).map(|id| TermWeight::new(id, *w)))
            .collect();
        // heaviest first, as `candidate_slots` takes them (`Config::seed_terms`)
        terms.sort_by(TermWeight::heavier_first);
        let tags: Vec<u32> = query
            .tags
            .iter()
            .filter_map(|t| inner.tag_ids.get(normalize_label(t).as_str()).copied())
            .collect();
        let exclude = query.exclude.and_then(|id| inner.slot_of(id));
        let found = inner.candidate_slots(
            &terms,
            &tags,
            exclude,
            query.constraints,
            query.published.map(|t| t.timestamp()),
            query.limit,
        );
        Ok(found
            .into_iter()
            .filter_map(|c| inner.doc(c.slot).map(|d| (d.id.clone(), c.score)))
            .collect())
    }
}
