//! Storage behind traits: hosts bring their own database.
//!
//! [`ArticleStore`] is the one trait a backend implements; [`MemoryStore`] is the
//! embedded default (thread-safe, `Send + Sync`), and [`conformance`] is a suite any
//! implementation can run against itself.
//!
//! # Why a synchronous trait (and how async hosts use it)
//! The trait is **synchronous** and object-safe (`&dyn ArticleStore`, `Arc<dyn ArticleStore>`).
//! The reasons:
//! - everything else in the crate (text, slugs, ranking, rendering) is pure computation
//!   over values; only storage touches the outside, so only storage needs a policy;
//! - the in-memory store never blocks for longer than a map lookup under an `RwLock`, so
//!   an async handler may call it directly;
//! - the real backends Rust portals use for this workload are either synchronous
//!   (SQLite via rusqlite, the `postgres` crate) or trivially wrapped; an async trait would
//!   force an executor on every synchronous host and on our own CLI and tests, while a
//!   sync trait costs async hosts one line.
//!
//! **Guidance for async hosts (axum, actix-web):** keep an `Arc<dyn ArticleStore>` in
//! the application state. With [`MemoryStore`], call it directly. With a store that does
//! I/O (SQLite, PostgreSQL), call it inside `tokio::task::spawn_blocking` (or actix's
//! `web::block`) so the runtime's worker threads never wait on the database:
//!
//! ```ignore
//! let store = state.store.clone();
//! let article = tokio::task::spawn_blocking(move || store.get_by_slug(&slug)).await??;
//! ```
//!
//! # Optimistic concurrency
//! Every stored article carries a [`Revision`]. [`ArticleStore::put`] takes the revision
//! the editor started from: `None` means "insert, it must not exist yet", `Some(r)` means
//! "update, only if the stored revision is still `r`". A stale revision fails with
//! [`StoreError::Conflict`], so two editors can never silently overwrite each other.
//!
//! ```
//! use tintuc::model::{Article, Status};
//! use tintuc::store::{ArticleStore, MemoryStore, StoreError};
//!
//! let store = MemoryStore::new();
//! let mut a = Article::new("a1".parse()?, "Tiêu đề".into(), "tieu-de".parse()?);
//! let r1 = store.put(&a, None)?;
//! a.title = "Tiêu đề mới".into();
//! let r2 = store.put(&a, Some(r1))?;             // first editor wins
//! let stale = store.put(&a, Some(r1));           // second editor started from r1 too
//! assert!(matches!(stale, Err(StoreError::Conflict { .. })));
//! assert_eq!(store.get(&a.id)?.unwrap().revision, r2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Article, ArticleId, Category, Slug, Status, Timestamp, ValidationError};

pub mod conformance;
pub mod document_conformance;
mod documents;
mod memory;
mod memory_documents;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
mod postgres_documents;
pub mod revision_conformance;
mod revisions;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod sql;
#[cfg(feature = "sqlite")]
mod sqlite;
#[cfg(feature = "sqlite")]
mod sqlite_documents;

#[cfg(feature = "postgres")]
pub use self::postgres::PostgresStore;
pub use documents::{
    DocumentLookup, DocumentQuery, DocumentStore, DocumentStoreError, StoredDocument,
};
pub use memory::MemoryStore;
pub use memory_documents::MemoryDocumentStore;
#[cfg(feature = "postgres")]
pub use postgres_documents::PostgresDocumentStore;
pub use revisions::{
    status_changes, ArticleRevision, RevisionInfo, RevisionStore, StatusChange, MAX_EDITOR_LEN,
};
#[cfg(feature = "postgres")]
pub(crate) use sql::{instant_key, visible_clause};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
#[cfg(feature = "sqlite")]
pub use sqlite_documents::SqliteDocumentStore;

/// A stored article's revision number. Starts at 1 and grows by one on each update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Revision(pub u64);

impl fmt::Display for Revision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An article together with its current revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredArticle {
    /// The article.
    pub article: Article,
    /// Its revision in the store.
    pub revision: Revision,
}

/// Which articles a [`ListQuery`] selects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Filter {
    /// Every article.
    #[default]
    All,
    /// Articles in the category with this slug, as their primary category or one of
    /// their [`Article::more_categories`](crate::model::Article::more_categories).
    Category(Slug),
    /// Articles carrying this tag (exact match on the tag text).
    Tag(String),
    /// Articles following the topic thread with this slug.
    Topic(Slug),
}

/// A paginated listing request. Results are ordered newest first (by publish time;
/// articles without one come last), ties broken by id.
///
/// ```
/// use tintuc::store::{Filter, ListQuery};
/// use tintuc::model::Status;
/// let q = ListQuery::new(Filter::Category("phap-luat".parse()?))
///     .status(Status::Published)
///     .page(2)
///     .per_page(20);
/// assert_eq!(q.offset(), 20);
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// Selection.
    pub filter: Filter,
    /// Only this status, if set.
    pub status: Option<Status>,
    /// Only articles readers may see at this instant ([`Article::is_visible_at`]), if
    /// set: what every public listing asks for.
    pub visible_at: Option<Timestamp>,
    /// 1-based page number (0 is treated as 1).
    pub page: usize,
    /// Page size (at least 1, at most [`MAX_PER_PAGE`]).
    pub per_page: usize,
}

/// Largest accepted page size.
pub const MAX_PER_PAGE: usize = 1000;

impl ListQuery {
    /// First page of 20, any status.
    pub fn new(filter: Filter) -> Self {
        ListQuery {
            filter,
            status: None,
            visible_at: None,
            page: 1,
            per_page: 20,
        }
    }
    /// Restricts to one status.
    pub fn status(mut self, status: Status) -> Self {
        self.status = Some(status);
        self
    }
    /// Restricts to the articles readers may see at `now` ([`Article::is_visible_at`]):
    /// scheduled articles from their publish time on, none past its expiry.
    ///
    /// ```
    /// use tintuc::model::{Article, Status};
    /// use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore};
    /// let store = MemoryStore::new();
    /// let mut a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
    /// a.status = Status::Scheduled;
    /// a.published = Some("2024-05-01T10:00:00+07:00".parse()?);
    /// store.put(&a, None)?;
    /// let at = |t: &str| -> Result<usize, Box<dyn std::error::Error>> {
    ///     Ok(store.list(&ListQuery::new(Filter::All).visible_at(t.parse()?))?.total)
    /// };
    /// assert_eq!(at("2024-05-01T09:59:59+07:00")?, 0);
    /// assert_eq!(at("2024-05-01T10:00:00+07:00")?, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn visible_at(mut self, now: Timestamp) -> Self {
        self.visible_at = Some(now);
        self
    }
    /// Sets the 1-based page number.
    pub fn page(mut self, page: usize) -> Self {
        self.page = page;
        self
    }
    /// Sets the page size (clamped to `1..=MAX_PER_PAGE`).
    pub fn per_page(mut self, per_page: usize) -> Self {
        self.per_page = per_page;
        self
    }
    /// The effective page size.
    pub fn limit(&self) -> usize {
        self.per_page.clamp(1, MAX_PER_PAGE)
    }
    /// Number of items before this page.
    pub fn offset(&self) -> usize {
        self.page
            .max(1)
            .saturating_sub(1)
            .saturating_mul(self.limit())
    }
}

/// One page of a listing ([`ArticleStore::list`]): its items and where it sits among all
/// matching items.
///
/// ```
/// use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore};
/// let store = MemoryStore::with_articles(tintuc::import::sample_articles()?)?;
/// let listing = store.list(&ListQuery::new(Filter::All).page(2).per_page(5))?;
/// assert_eq!((listing.page, listing.items.len()), (2, 5));
/// assert_eq!(listing.page_count(), listing.total.div_ceil(5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// Items matching the query across all pages.
    pub total: usize,
    /// This page's 1-based number.
    pub page: usize,
    /// The page size used.
    pub per_page: usize,
}

impl<T> Listing<T> {
    /// Number of pages (at least 1, so an empty listing still has a first page).
    pub fn page_count(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// Storage errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No article with this id.
    #[error("article {id} not found")]
    NotFound {
        /// The missing id.
        id: ArticleId,
    },
    /// The article changed since the caller read it, or an insert found it existing.
    #[error("conflict on article {id}: expected revision {expected:?}, found {actual:?}")]
    Conflict {
        /// The article.
        id: ArticleId,
        /// The revision the caller expected (`None`: expected no article).
        expected: Option<Revision>,
        /// The revision actually stored (`None`: no article).
        actual: Option<Revision>,
    },
    /// Another article already uses this slug.
    #[error("slug {slug} is already used by article {owner}")]
    SlugTaken {
        /// The slug.
        slug: Slug,
        /// The article that has it.
        owner: ArticleId,
    },
    /// No such revision of the article was recorded, or it is a delete's tombstone
    /// (see [`RevisionStore::restore`]).
    #[error("article {id} has no revision {revision} to restore")]
    RevisionNotFound {
        /// The article.
        id: ArticleId,
        /// The revision asked for.
        revision: Revision,
    },
    /// The editor name given to [`RevisionStore::put_as`] is too long or holds control
    /// characters; nothing was written.
    #[error("invalid editor name {editor:?}")]
    InvalidEditor {
        /// The name (its first 40 characters).
        editor: String,
    },
    /// The article failed validation; nothing was written.
    #[error("invalid article: {0}")]
    Invalid(#[from] ValidationError),
    /// The backend failed (I/O, database, serialisation).
    #[error("storage backend error: {message}")]
    Backend {
        /// What the store was doing.
        message: String,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
}

impl StoreError {
    /// Wraps a backend error with context.
    ///
    /// ```
    /// let e = tintuc::store::StoreError::backend("reading articles", std::io::Error::other("disk"));
    /// assert_eq!(e.to_string(), "storage backend error: reading articles");
    /// ```
    pub fn backend(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        StoreError::Backend {
            message: message.into(),
            source: Box::new(source),
        }
    }
}

/// A place articles live. Implement this for your database; run
/// [`conformance::run`] against your implementation in your tests.
///
/// All methods take `&self`: implementations use interior mutability and are shared
/// across threads (`Arc<dyn ArticleStore>`).
pub trait ArticleStore: Send + Sync {
    /// The article with this id.
    fn get(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError>;

    /// The article with this slug.
    fn get_by_slug(&self, slug: &Slug) -> Result<Option<StoredArticle>, StoreError>;

    /// Inserts (`expected == None`) or updates (`expected == Some(current revision)`)
    /// an article after validating it. Returns the new revision.
    ///
    /// Fails with [`StoreError::Conflict`] when the expectation does not hold,
    /// [`StoreError::SlugTaken`] when another article has the slug and
    /// [`StoreError::Invalid`] when validation fails; nothing is written then.
    fn put(&self, article: &Article, expected: Option<Revision>) -> Result<Revision, StoreError>;

    /// Deletes an article. With `expected == Some(r)` only if its revision is still `r`.
    /// Fails with [`StoreError::NotFound`] when absent.
    fn delete(&self, id: &ArticleId, expected: Option<Revision>) -> Result<(), StoreError>;

    /// One page of a listing, newest first.
    fn list(&self, query: &ListQuery) -> Result<Listing<StoredArticle>, StoreError>;

    /// Up to `limit` articles with ids greater than `after`, in id order: the
    /// primitive behind [`ArticleStore::iter`] (keyset pagination, stable under writes).
    fn scan(
        &self,
        after: Option<&ArticleId>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError>;

    /// Number of stored articles.
    fn count(&self) -> Result<usize, StoreError>;

    /// Whether some article uses this slug.
    fn slug_exists(&self, slug: &Slug) -> Result<bool, StoreError> {
        Ok(self.get_by_slug(slug)?.is_some())
    }

    /// Every category in use with its article count, ordered by name.
    fn categories(&self) -> Result<Vec<(Category, usize)>, StoreError> {
        let mut map: std::collections::BTreeMap<Slug, (Category, usize)> = Default::default();
        for item in ScanIter::new(self) {
            if let Some(c) = item?.article.category {
                map.entry(c.slug.clone()).or_insert((c, 0)).1 += 1;
            }
        }
        let mut v: Vec<_> = map.into_values().collect();
        v.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        Ok(v)
    }

    /// This store's revision history, when it keeps one (see [`RevisionStore`]); the
    /// default is `None`. Lets code holding a `dyn ArticleStore` (the web service)
    /// reach the history.
    ///
    /// ```
    /// use tintuc::store::{ArticleStore, MemoryStore};
    /// let store: std::sync::Arc<dyn ArticleStore> = std::sync::Arc::new(MemoryStore::new());
    /// assert!(store.revision_store().is_some());
    /// ```
    fn revision_store(&self) -> Option<&dyn RevisionStore> {
        None
    }

    /// Iterates over every article in id order, fetching in batches of 256.
    ///
    /// ```
    /// use tintuc::store::{ArticleStore, MemoryStore};
    /// let store = MemoryStore::with_articles(tintuc::import::sample_articles()?)?;
    /// let n = store.iter().filter(|r| r.is_ok()).count();
    /// assert_eq!(n, store.count()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn iter(&self) -> ScanIter<'_, Self>
    where
        Self: Sized,
    {
        ScanIter::new(self)
    }
}

/// Returns `base` if no stored article uses it, else the first free `base-2`, `base-3`, ….
///
/// ```
/// use tintuc::model::{Article, Slug};
/// use tintuc::store::{unique_slug, ArticleStore, MemoryStore};
///
/// let store = MemoryStore::new();
/// let base = Slug::from_title("Hội nghị sơ kết").unwrap();
/// assert_eq!(unique_slug(&store, &base)?.as_str(), "hoi-nghi-so-ket");
/// store.put(&Article::new("a1".parse()?, "Hội nghị sơ kết".into(), base.clone()), None)?;
/// assert_eq!(unique_slug(&store, &base)?.as_str(), "hoi-nghi-so-ket-2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn unique_slug(store: &dyn ArticleStore, base: &Slug) -> Result<Slug, StoreError> {
    if !store.slug_exists(base)? {
        return Ok(base.clone());
    }
    let mut n: u64 = 2;
    loop {
        let candidate = format!("{}-{n}", base.as_str());
        if let Ok(slug) = Slug::new(candidate) {
            if !store.slug_exists(&slug)? {
                return Ok(slug);
            }
        }
        n += 1;
    }
}

/// Iterator over a whole store, in id order; see [`ArticleStore::iter`].
pub struct ScanIter<'a, S: ?Sized> {
    store: &'a S,
    after: Option<ArticleId>,
    buf: std::vec::IntoIter<StoredArticle>,
    done: bool,
}

impl<S: ?Sized> fmt::Debug for ScanIter<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScanIter")
            .field("after", &self.after)
            .field("done", &self.done)
            .finish()
    }
}

impl<'a, S: ArticleStore + ?Sized> ScanIter<'a, S> {
    /// Starts iterating over `store` (works for `dyn ArticleStore` too).
    pub fn new(store: &'a S) -> Self {
        ScanIter {
            store,
            after: None,
            buf: Vec::new().into_iter(),
            done: false,
        }
    }
}

const SCAN_BATCH: usize = 256;

impl<S: ArticleStore + ?Sized> Iterator for ScanIter<'_, S> {
    type Item = Result<StoredArticle, StoreError>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(a) = self.buf.next() {
                self.after = Some(a.article.id.clone());
                return Some(Ok(a));
            }
            if self.done {
                return None;
            }
            match self.store.scan(self.after.as_ref(), SCAN_BATCH) {
                Ok(batch) => {
                    if batch.len() < SCAN_BATCH {
                        self.done = true;
                    }
                    if batch.is_empty() {
                        return None;
                    }
                    self.buf = batch.into_iter();
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

impl<T: ArticleStore + ?Sized> ArticleStore for std::sync::Arc<T> {
    fn get(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        (**self).get(id)
    }
    fn get_by_slug(&self, slug: &Slug) -> Result<Option<StoredArticle>, StoreError> {
        (**self).get_by_slug(slug)
    }
    fn put(&self, article: &Article, expected: Option<Revision>) -> Result<Revision, StoreError> {
        (**self).put(article, expected)
    }
    fn delete(&self, id: &ArticleId, expected: Option<Revision>) -> Result<(), StoreError> {
        (**self).delete(id, expected)
    }
    fn list(&self, query: &ListQuery) -> Result<Listing<StoredArticle>, StoreError> {
        (**self).list(query)
    }
    fn scan(
        &self,
        after: Option<&ArticleId>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        (**self).scan(after, limit)
    }
    fn count(&self) -> Result<usize, StoreError> {
        (**self).count()
    }
    fn slug_exists(&self, slug: &Slug) -> Result<bool, StoreError> {
        (**self).slug_exists(slug)
    }
    fn categories(&self) -> Result<Vec<(Category, usize)>, StoreError> {
        (**self).categories()
    }
    fn revision_store(&self) -> Option<&dyn RevisionStore> {
        (**self).revision_store()
    }
}
