//! Queries, filters, ordering and results.

use crate::model::{ArticleId, Timestamp};

use super::snippet::Snippet;

/// Longest query accepted, in bytes (after trimming).
pub const MAX_QUERY_BYTES: usize = 1024;
/// Most syllables a query may have.
pub const MAX_QUERY_SYLLABLES: usize = 64;
/// Largest page size.
pub const MAX_LIMIT: usize = 1000;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Order {
    /// Best score first (ties: newer first, then index order).
    #[default]
    Relevance,
    /// Newest publication first (undated last), ties by score.
    Newest,
    /// Oldest publication first (undated last), ties by score.
    Oldest,
}

/// Hard filters; an article must pass all that are set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Category slug (`phap-luat`).
    pub category: Option<String>,
    /// Tags the article must all carry (compared folded: `Hòa Bình` = `hoa binh`).
    pub tags: Vec<String>,
    /// Published at or after.
    pub from: Option<Timestamp>,
    /// Published before.
    pub until: Option<Timestamp>,
    /// Readers may see the article at this instant ([`crate::model::Article::is_visible_at`]):
    /// an index may hold scheduled, expired or draft articles; a query with this set
    /// never returns one that is not visible then.
    pub visible_at: Option<Timestamp>,
}

/// A search request: the reader's text, filters, order and page.
///
/// ```
/// use tintuc::search::{Order, Query};
/// let q = Query::new("so ket thi dua").category("thoi-su").order(Order::Newest).page(10, 10);
/// assert_eq!(q.offset, 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// What the reader typed.
    pub text: String,
    /// Hard filters.
    pub filter: Filter,
    /// Result order.
    pub order: Order,
    /// Results to skip.
    pub offset: usize,
    /// Page size (at most [`MAX_LIMIT`]).
    pub limit: usize,
}

impl Query {
    /// A query for `text`, by relevance, first 10 results.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            filter: Filter::default(),
            order: Order::Relevance,
            offset: 0,
            limit: 10,
        }
    }

    /// Sets the page: skip `offset` results, return at most `limit`.
    pub fn page(mut self, offset: usize, limit: usize) -> Query {
        self.offset = offset;
        self.limit = limit;
        self
    }

    /// Sets the order.
    pub fn order(mut self, order: Order) -> Query {
        self.order = order;
        self
    }

    /// Keeps only articles in the category with this slug.
    pub fn category(mut self, slug: impl Into<String>) -> Query {
        self.filter.category = Some(slug.into());
        self
    }

    /// Keeps only articles carrying this tag (repeatable: all must match).
    pub fn tag(mut self, tag: impl Into<String>) -> Query {
        self.filter.tags.push(tag.into());
        self
    }

    /// Keeps only articles readers may see at `now` ([`Filter::visible_at`]).
    ///
    /// ```
    /// use tintuc::model::Status;
    /// use tintuc::search::{Index, Query};
    /// let mut articles = tintuc::import::sample_articles()?;
    /// articles[0].status = Status::Scheduled;
    /// articles[0].published = Some("2030-01-01T10:00:00+07:00".parse()?);
    /// let index = Index::build(&articles);
    /// let q = |t: &str| -> Result<bool, Box<dyn std::error::Error>> {
    ///     let hits = index.search(&Query::new(articles[0].title.clone()).visible_at(t.parse()?))?.hits;
    ///     Ok(hits.iter().any(|h| h.id == articles[0].id))
    /// };
    /// assert!(!q("2030-01-01T09:59:59+07:00")?);
    /// assert!(q("2030-01-01T10:00:00+07:00")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn visible_at(mut self, now: Timestamp) -> Query {
        self.filter.visible_at = Some(now);
        self
    }

    /// Keeps only articles published in `[from, until)` (either bound optional).
    pub fn published(mut self, from: Option<Timestamp>, until: Option<Timestamp>) -> Query {
        self.filter.from = from;
        self.filter.until = until;
        self
    }
}

/// A query term's key in an [`Explanation`]: a short string kept inline (no allocation
/// up to 24 bytes, which holds any syllable and most bigrams). Derefs to `&str`.
///
/// ```
/// use tintuc::search::{Index, Query};
/// let index = Index::build(&tintuc::import::sample_articles()?);
/// let results = index.search(&Query::new("thi dua"))?;
/// let terms: Vec<&str> = results.hits[0].explanation.matches.iter().map(|m| m.term.as_str()).collect();
/// assert!(terms.contains(&"thi dua"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use compact_str::CompactString as Word;

/// How a query term matched an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatchKind {
    /// The syllable with the marks as typed (`bàn` for `bàn`).
    Exact,
    /// The folded syllable (`ban` for `bàn`, `bán`, `ban`…).
    Folded,
    /// A folded syllable one edit away (substitution, insertion, deletion, transposition).
    Typo,
    /// A completion of the unfinished last syllable.
    Prefix,
    /// Two adjacent query syllables adjacent in the article.
    Bigram,
    /// A cited document number (`08/KH-UBND`).
    Document,
}

/// One query term's contribution to a result's score.
#[derive(Debug, Clone, PartialEq)]
pub struct TermMatch {
    /// The index key that matched (folded, exact, `a b` for a bigram).
    pub term: Word,
    /// How it matched.
    pub kind: MatchKind,
    /// Its share of the score before the coverage factor.
    pub score: f32,
}

/// Why a result scored what it did: `score = bm25 × coverage²`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explanation {
    /// The matched terms, best first.
    pub matches: Vec<TermMatch>,
    /// Sum of the terms' BM25 contributions.
    pub bm25: f32,
    /// Share of the query's syllables matched in some way (0–1).
    pub coverage: f32,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The article.
    pub id: ArticleId,
    /// Its score (higher is better).
    pub score: f32,
    /// A passage with the matched syllables marked.
    pub snippet: Snippet,
    /// How the score came about.
    pub explanation: Explanation,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// Articles matching the query and filters, over all pages.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
}

/// One result of [`Index::search_ids`](super::Index::search_ids): the article and its
/// score, as in the matching [`Hit`].
#[derive(Debug, Clone, PartialEq)]
pub struct IdHit {
    /// The article.
    pub id: ArticleId,
    /// Its score (higher is better).
    pub score: f32,
}

/// One page of [`IdHit`]s.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IdResults {
    /// Articles matching the query and filters, over all pages.
    pub total: usize,
    /// This page.
    pub hits: Vec<IdHit>,
}
