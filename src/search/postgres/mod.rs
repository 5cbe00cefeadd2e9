//! Site search over a shared PostgreSQL database (feature `postgres`), for sites whose
//! web nodes keep no index of their own.
//!
//! The crate analyses, PostgreSQL stores and matches, the crate ranks:
//! - **Stored.** A `search_docs` table beside the store's `articles` holds, per article,
//!   a `keys tsvector` of the crate's own folded keys — folded syllables (`thi`),
//!   adjacent-syllable bigrams (`thi dua`) and cited document numbers (`08/kh-ubnd`) —
//!   written as a `tsvector` literal so PostgreSQL never re-splits them, with weight A for
//!   keys of the title and D for the rest; a GIN index serves `@@`. The row also carries
//!   the filter fields (status, category slug, publication time, folded tags) and the
//!   article's revision. Its `id` references `articles` with `ON DELETE CASCADE`.
//! - **Matched.** A query is analysed as [`super::Index`] analyses it. The *narrow*
//!   query asks for articles with every query syllable (the unfinished last one as a
//!   prefix, `'tr':*`; one no article has as any of its one-edit variants) or with any
//!   selective key: the query's bigrams, the unfinished syllable as a prefix of a bigram
//!   (`'phong tr':*`), document numbers. Candidates are taken first from the articles
//!   with every adjacent pair of known query syllables (the query as a phrase), then
//!   from the narrow query; in each, the newest [`RANK_CAP`] matches are ordered by
//!   `ts_rank` and the best kept. Only when fewer than ten match does the
//!   *broad* query (any key or syllable) add more. Quoted phrases and the filters are
//!   applied in SQL. Queries run with sequential scans off: the planner prices `@@` as
//!   cheap and would read every row's `tsvector`, where the GIN index reads none.
//! - **Ranked.** The candidates' articles are read back and searched with the in-memory
//!   index's scoring (exact marks preferred, typos, prefixes, bigrams, coverage), so hits
//!   carry the same [`super::Snippet`] and [`super::Explanation`]. BM25's document
//!   frequencies are those of the candidates, not of the whole table.
//!   [`Results::total`] counts the articles the narrow query (or, when it was used, the
//!   broad one) matches in SQL.
//! - **Cost.** `ts_rank` reads each ranked row's whole `tsvector`, and ranking
//!   re-analyses each candidate article: both grow with [`PostgresSearch::candidates`]
//!   and with article length, and dominate a query's time.
//!
//! # Keeping it current
//! [`PostgresSearch`] is itself an [`ArticleStore`]: `put` writes the article through the
//! wrapped [`PostgresStore`], then its search row (an upsert that never replaces a newer
//! revision); `delete` removes both (the cascade). The two writes are two transactions:
//! should the second fail, the article is stored, `put` reports the error, and
//! [`PostgresSearch::sync`] (run by [`PostgresSearch::new`], and whenever the host
//! likes) indexes every article whose row is missing or older than the article — also
//! those written by processes that use a plain [`PostgresStore`].
//!
//! ```no_run
//! use tintuc::search::{postgres, Query};
//! use tintuc::store::ArticleStore;
//!
//! let search = postgres::connect("host=127.0.0.1 dbname=tintuc")?;
//! for a in tintuc::import::sample_articles()? {
//!     search.put(&a, None)?; // stored and indexed
//! }
//! let results = search.search(&Query::new("so ket thi du"))?;
//! for hit in &results.hits {
//!     println!("{} {:.2} {}", hit.id, hit.score, hit.snippet.plain());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod keys;
mod plan;
mod sql;

use self::keys::write_row;
use self::plan::{Plan, SqlFilter};
use self::sql::ClientRef;
use super::analyze::analyze_query;
use super::{Index, Order, Query, Results, SearchError};
use crate::model::{Article, ArticleId, Category, Slug};
use crate::store::{
    ArticleStore, ListQuery, Listing, PostgresStore, Revision, StoreError, StoredArticle,
};

/// Candidates ranked by the crate, unless the page needs more.
pub const DEFAULT_CANDIDATES: usize = 100;
/// Most candidates one query reads back.
pub const MAX_CANDIDATES: usize = 2000;

/// Below this many candidates from the narrow query, the broad one adds more.
const MIN_CANDIDATES: usize = 10;

/// Most matching rows whose keys are ranked by `ts_rank` (the newest of them): ranking
/// reads each row's whole `tsvector`, the matching itself only the GIN index.
pub const RANK_CAP: i64 = 1000;

/// Advisory lock key taken while creating the tables ("tsearch" in ASCII).
const SCHEMA_LOCK: i64 = 0x74_7365_6172_6368;

/// Articles indexed per transaction by [`PostgresSearch::sync`].
const SYNC_BATCH: i64 = 256;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS search_docs (
    id            text COLLATE "C" NOT NULL PRIMARY KEY
                  REFERENCES articles (id) ON DELETE CASCADE,
    revision      bigint  NOT NULL,
    published     boolean NOT NULL,
    category_slug text COLLATE "C",
    published_ns  bigint,
    tags          text[]  NOT NULL,
    keys          tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS search_docs_keys ON search_docs USING gin (keys);
"#;

/// Why a PostgreSQL search failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PgSearchError {
    /// The query was refused (too long, too many syllables, page too large).
    #[error(transparent)]
    Query(#[from] SearchError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Search over a [`PostgresStore`], keeping its search rows current on every write; see
/// the [module docs](self). `Send + Sync`; call it from `spawn_blocking` in async hosts.
pub struct PostgresSearch {
    store: PostgresStore,
    published_only: bool,
    candidates: usize,
}

impl std::fmt::Debug for PostgresSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresSearch")
            .field("store", &self.store)
            .field("published_only", &self.published_only)
            .field("candidates", &self.candidates)
            .finish()
    }
}

/// Connects like [`PostgresStore::connect`] and wraps the store in a [`PostgresSearch`].
///
/// ```no_run
/// let search = tintuc::search::postgres::connect("host=127.0.0.1 user=tintuc dbname=tintuc")?;
/// # Ok::<(), tintuc::store::StoreError>(())
/// ```
pub fn connect(params: &str) -> Result<PostgresSearch, StoreError> {
    PostgresSearch::new(PostgresStore::connect(params)?)
}

/// Like [`connect`], with the tables in `schema` (see [`PostgresStore::connect_in_schema`]).
///
/// ```no_run
/// let search = tintuc::search::postgres::connect_in_schema("host=127.0.0.1 dbname=tintuc", "portal")?;
/// # Ok::<(), tintuc::store::StoreError>(())
/// ```
pub fn connect_in_schema(params: &str, schema: &str) -> Result<PostgresSearch, StoreError> {
    PostgresSearch::new(PostgresStore::connect_in_schema(params, schema)?)
}

impl PostgresSearch {
    /// Wraps `store` (opened any way, e.g. with related-article terms): creates the
    /// search table if missing, then [`PostgresSearch::sync`]s it. By default only
    /// published articles are found and [`DEFAULT_CANDIDATES`] are ranked.
    ///
    /// ```no_run
    /// use tintuc::search::postgres::PostgresSearch;
    /// let store = tintuc::store::PostgresStore::connect("host=127.0.0.1 dbname=tintuc")?;
    /// let search = PostgresSearch::new(store)?.published_only(false).candidates(200);
    /// # Ok::<(), tintuc::store::StoreError>(())
    /// ```
    pub fn new(store: PostgresStore) -> Result<PostgresSearch, StoreError> {
        store.with_client(|c| {
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
            tx.batch_execute(SCHEMA)?;
            tx.commit()
        })?;
        let search = PostgresSearch {
            store,
            published_only: true,
            candidates: DEFAULT_CANDIDATES,
        };
        search.sync()?;
        Ok(search)
    }

    /// Whether drafts are left out of the results (`true` by default).
    pub fn published_only(mut self, yes: bool) -> PostgresSearch {
        self.published_only = yes;
        self
    }

    /// How many candidates the crate ranks (1 to [`MAX_CANDIDATES`]; a page reaching
    /// further reads as many as it needs, up to that bound).
    pub fn candidates(mut self, n: usize) -> PostgresSearch {
        self.candidates = n.clamp(1, MAX_CANDIDATES);
        self
    }

    /// The wrapped store.
    pub fn store(&self) -> &PostgresStore {
        &self.store
    }

    /// Indexes every article whose search row is missing or older than the article;
    /// returns how many were indexed.
    ///
    /// ```no_run
    /// let search = tintuc::search::postgres::connect("host=127.0.0.1 dbname=tintuc")?;
    /// // After another process wrote through a plain PostgresStore:
    /// let n = search.sync()?;
    /// # Ok::<(), tintuc::store::StoreError>(())
    /// ```
    pub fn sync(&self) -> Result<usize, StoreError> {
        let mut done = 0usize;
        let mut after = String::new();
        loop {
            let rows = self.store.with_client(|c| {
                c.query(
                    "SELECT a.id, a.json, a.revision FROM articles a \
                     LEFT JOIN search_docs s ON s.id = a.id \
                     WHERE a.id > $1 AND (s.id IS NULL OR s.revision < a.revision) \
                     ORDER BY a.id LIMIT $2",
                    &[&after, &SYNC_BATCH],
                )
            })?;
            let Some(last) = rows.last() else { break };
            after = last.try_get(0).map_err(|e| db_err("reading an id", e))?;
            let mut batch = Vec::with_capacity(rows.len());
            for row in &rows {
                let json: String = row.try_get(1).map_err(|e| db_err("reading json", e))?;
                let rev: i64 = row
                    .try_get(2)
                    .map_err(|e| db_err("reading a revision", e))?;
                let article: Article = serde_json::from_str(&json)
                    .map_err(|e| StoreError::backend("decoding article json", e))?;
                batch.push((article, rev));
            }
            self.store.with_client(|c| {
                let mut tx = c.transaction()?;
                for (a, rev) in &batch {
                    write_row(&mut tx, a, *rev)?;
                }
                tx.commit()
            })?;
            done += batch.len();
        }
        Ok(done)
    }

    /// Runs a query: candidates from PostgreSQL, ranking by the crate (see the
    /// [module docs](self)). The query is checked as [`Index::search`] checks it.
    pub fn search(&self, query: &Query) -> Result<Results, PgSearchError> {
        // The exact rules of the in-memory search (length, syllables, page size).
        Index::new().search(query)?;
        let q = analyze_query(&query.text);
        if q.syllables.is_empty() && q.documents.is_empty() {
            return Ok(Results::default());
        }
        let plan = Plan::of(&q);
        let budget = self
            .candidates
            .max(query.offset.saturating_add(query.limit))
            .min(MAX_CANDIDATES);
        let filter = SqlFilter::of(query, self.published_only);
        let mut client = ClientRef(&self.store);
        let unknown = client.unknown(&plan.known_candidates())?;
        let narrow = plan.narrow_query(&unknown);
        let broad = plan.broad_query(&unknown);
        let (Some(narrow), Some(broad)) = (narrow, broad) else {
            return Ok(Results::default());
        };
        let newest = query.order == Order::Newest;
        let by_date = matches!(query.order, Order::Newest | Order::Oldest);
        let pick = |client: &mut ClientRef<'_>, tsq: &str, exclude: &[String], n: usize| {
            if by_date {
                client.by_date(tsq, &filter, newest, exclude, n)
            } else {
                client.ranked(tsq, &filter, exclude, n)
            }
        };
        // The query as a phrase first (few articles, the likeliest), then the rest.
        let mut ids = match plan.phrase_query(&unknown) {
            Some(phrase) if !by_date => pick(&mut client, &phrase, &[], budget)?,
            _ => Vec::new(),
        };
        if ids.len() < budget {
            let more = pick(&mut client, &narrow, &ids, budget - ids.len())?;
            ids.extend(more);
        }
        let mut total = client.count(&narrow, &filter)?;
        if ids.len() < MIN_CANDIDATES.min(budget) {
            let more = pick(&mut client, &broad, &ids, budget - ids.len())?;
            ids.extend(more);
            total = client.count(&broad, &filter)?;
        }
        let articles = client.articles(&ids)?;
        let index = Index::build(&articles);
        let mut results = index.search(query)?;
        results.total = results.total.max(total);
        Ok(results)
    }

    /// Writes the search row of `article` at `revision` (unless a newer one is there).
    fn index(&self, article: &Article, revision: Revision) -> Result<(), StoreError> {
        let rev =
            i64::try_from(revision.0).map_err(|e| StoreError::backend("encoding a revision", e))?;
        self.store.with_client(|c| {
            let mut tx = c.transaction()?;
            write_row(&mut tx, article, rev)?;
            tx.commit()
        })
    }
}

pub(super) fn db_err(what: &'static str, e: postgres::Error) -> StoreError {
    StoreError::backend(what, e)
}

impl ArticleStore for PostgresSearch {
    fn get(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        self.store.get(id)
    }

    fn get_by_slug(&self, slug: &Slug) -> Result<Option<StoredArticle>, StoreError> {
        self.store.get_by_slug(slug)
    }

    fn slug_exists(&self, slug: &Slug) -> Result<bool, StoreError> {
        self.store.slug_exists(slug)
    }

    /// Stores the article, then its search row. When the second step fails the article
    /// is stored all the same and the error is returned; [`PostgresSearch::sync`]
    /// indexes it later.
    fn put(&self, article: &Article, expected: Option<Revision>) -> Result<Revision, StoreError> {
        let rev = self.store.put(article, expected)?;
        self.index(article, rev)?;
        Ok(rev)
    }

    /// Deletes the article; its search row goes with it (`ON DELETE CASCADE`).
    fn delete(&self, id: &ArticleId, expected: Option<Revision>) -> Result<(), StoreError> {
        self.store.delete(id, expected)
    }

    fn list(&self, query: &ListQuery) -> Result<Listing<StoredArticle>, StoreError> {
        self.store.list(query)
    }

    fn scan(
        &self,
        after: Option<&ArticleId>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        self.store.scan(after, limit)
    }

    fn count(&self) -> Result<usize, StoreError> {
        self.store.count()
    }

    fn categories(&self) -> Result<Vec<(Category, usize)>, StoreError> {
        self.store.categories()
    }
}
