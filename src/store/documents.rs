//! Storage for the document registry: [`DocumentStore`], beside [`super::ArticleStore`].
//!
//! Same contract as articles: synchronous and object-safe, optimistic concurrency with
//! a [`Revision`] per document, validation before any write, unique slugs. Listings
//! filter by kind, issuer, field, year and validity; [`DocumentStore::lookup`] finds the
//! documents a citation could mean (number and symbol, kind, issuer, year) — the exact
//! choice among them is [`crate::document::Registry`]'s.
//!
//! ```
//! use tintuc::document::sample_documents;
//! use tintuc::store::{DocumentLookup, DocumentQuery, DocumentStore, MemoryDocumentStore};
//!
//! let store = MemoryDocumentStore::new();
//! for d in sample_documents()? {
//!     store.put_document(&d, None)?;
//! }
//! let found = store.lookup(&DocumentLookup::new("08/KH-UBND".parse()?).year(2018))?;
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].document.id.as_str(), "ubnd-st-2018-kh-08");
//! let plans = store.list_documents(&DocumentQuery::new().kind(tintuc::model::DocumentKind::Plan))?;
//! assert!(plans.total >= 5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use super::{Listing, Revision, MAX_PER_PAGE};
use crate::document::{issuer_key, Document, DocumentError, DocumentId, Symbol, Validity};
use crate::model::{DocumentKind, Slug, Timestamp};

/// A document together with its current revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDocument {
    /// The document.
    pub document: Document,
    /// Its revision in the store.
    pub revision: Revision,
}

/// Document storage errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentStoreError {
    /// No document with this id.
    #[error("document {id} not found")]
    NotFound {
        /// The missing id.
        id: DocumentId,
    },
    /// The document changed since the caller read it, or an insert found it existing.
    #[error("conflict on document {id}: expected revision {expected:?}, found {actual:?}")]
    Conflict {
        /// The document.
        id: DocumentId,
        /// The revision the caller expected (`None`: expected no document).
        expected: Option<Revision>,
        /// The revision stored (`None`: no document).
        actual: Option<Revision>,
    },
    /// Another document already uses this slug.
    #[error("slug {slug} is already used by document {owner}")]
    SlugTaken {
        /// The slug.
        slug: Slug,
        /// The document that has it.
        owner: DocumentId,
    },
    /// The document failed validation; nothing was written.
    #[error("invalid document: {0}")]
    Invalid(#[from] DocumentError),
    /// The backend failed.
    #[error("storage backend error: {message}")]
    Backend {
        /// What the store was doing.
        message: String,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
}

/// A page of the documents listing: filters, newest issue date first (ties by id).
///
/// ```
/// use tintuc::store::DocumentQuery;
/// let q = DocumentQuery::new().issuer("UBND tỉnh Sóc Trăng").year(2018).page(2).per_page(10);
/// assert_eq!(q.offset(), 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentQuery {
    /// Only this kind.
    pub kind: Option<DocumentKind>,
    /// Only this issuer (compared with [`issuer_key`]: `UBND` = `Ủy ban nhân dân`).
    pub issuer: Option<String>,
    /// Only documents in this field (lĩnh vực), exact text.
    pub field: Option<String>,
    /// Only documents of this year ([`Document::year`]).
    pub year: Option<i32>,
    /// Only documents with this validity at the given instant.
    pub validity: Option<(Validity, Timestamp)>,
    /// 1-based page number (0 is treated as 1).
    pub page: usize,
    /// Page size (clamped to `1..=MAX_PER_PAGE`).
    pub per_page: usize,
}

impl Default for DocumentQuery {
    fn default() -> Self {
        Self::new()
    }
}

impl DocumentQuery {
    /// Every document, first page of 20.
    pub fn new() -> Self {
        DocumentQuery {
            kind: None,
            issuer: None,
            field: None,
            year: None,
            validity: None,
            page: 1,
            per_page: 20,
        }
    }
    /// Only this kind.
    pub fn kind(mut self, kind: DocumentKind) -> Self {
        self.kind = Some(kind);
        self
    }
    /// Only this issuer.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }
    /// Only this field.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
    /// Only this year.
    pub fn year(mut self, year: i32) -> Self {
        self.year = Some(year);
        self
    }
    /// Only documents with `validity` at `at` (e.g. in force now).
    pub fn validity(mut self, validity: Validity, at: Timestamp) -> Self {
        self.validity = Some((validity, at));
        self
    }
    /// Sets the 1-based page number.
    pub fn page(mut self, page: usize) -> Self {
        self.page = page;
        self
    }
    /// Sets the page size.
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
    /// Whether `d` passes the filters.
    pub fn matches(&self, d: &Document) -> bool {
        self.kind.is_none_or(|k| d.kind == k)
            && self
                .issuer
                .as_deref()
                .is_none_or(|i| issuer_key(i) == issuer_key(&d.issuer))
            && self
                .field
                .as_deref()
                .is_none_or(|f| d.fields.iter().any(|x| x == f))
            && self.year.is_none_or(|y| d.year() == y)
            && self.validity.is_none_or(|(v, at)| d.validity_at(at) == v)
    }
}

/// What [`DocumentStore::lookup`] searches for: a symbol (any written form with the same
/// [`Symbol::key`]), optionally narrowed by kind, issuer and year.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentLookup {
    /// The number and symbol.
    pub symbol: Symbol,
    /// Only this kind.
    pub kind: Option<DocumentKind>,
    /// Only this issuer (by [`issuer_key`], also against the document's aliases).
    pub issuer: Option<String>,
    /// Only this year.
    pub year: Option<i32>,
}

impl DocumentLookup {
    /// Documents carrying `symbol`.
    pub fn new(symbol: Symbol) -> Self {
        let year = symbol.year();
        DocumentLookup {
            symbol,
            kind: None,
            issuer: None,
            year,
        }
    }
    /// Only this kind.
    pub fn kind(mut self, kind: DocumentKind) -> Self {
        self.kind = Some(kind);
        self
    }
    /// Only this issuer.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }
    /// Only this year.
    pub fn year(mut self, year: i32) -> Self {
        self.year = Some(year);
        self
    }
    /// Whether `d` is one of the documents looked for.
    pub fn matches(&self, d: &Document) -> bool {
        d.symbol.key() == self.symbol.key()
            && self.kind.is_none_or(|k| d.kind == k)
            && self.year.is_none_or(|y| d.year() == y)
            && self.issuer.as_deref().is_none_or(|i| {
                let k = issuer_key(i);
                std::iter::once(&d.issuer)
                    .chain(&d.issuer_aliases)
                    .any(|n| issuer_key(n) == k)
            })
    }
}

/// A place documents live. Implement it for your database and run
/// `store::document_conformance::run` against it.
pub trait DocumentStore: Send + Sync {
    /// The document with this id.
    fn get_document(&self, id: &DocumentId) -> Result<Option<StoredDocument>, DocumentStoreError>;

    /// The document with this slug.
    fn get_document_by_slug(
        &self,
        slug: &Slug,
    ) -> Result<Option<StoredDocument>, DocumentStoreError>;

    /// Inserts (`expected == None`) or updates (`expected == Some(current)`) a document
    /// after validating it; returns the new revision. Nothing is written on failure.
    fn put_document(
        &self,
        document: &Document,
        expected: Option<Revision>,
    ) -> Result<Revision, DocumentStoreError>;

    /// Deletes a document (with `Some(r)`: only at revision `r`).
    fn delete_document(
        &self,
        id: &DocumentId,
        expected: Option<Revision>,
    ) -> Result<(), DocumentStoreError>;

    /// One page of the listing, newest issue date first, ties by id.
    fn list_documents(
        &self,
        query: &DocumentQuery,
    ) -> Result<Listing<StoredDocument>, DocumentStoreError>;

    /// Every document matching `lookup`, oldest issue date first.
    fn lookup(&self, lookup: &DocumentLookup) -> Result<Vec<StoredDocument>, DocumentStoreError>;

    /// Number of stored documents.
    fn count_documents(&self) -> Result<usize, DocumentStoreError>;

    /// Every document, newest first: what [`crate::document::Registry::new`] is built from.
    fn all_documents(&self) -> Result<Vec<Document>, DocumentStoreError> {
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let p = self.list_documents(&DocumentQuery::new().page(page).per_page(MAX_PER_PAGE))?;
            let n = p.items.len();
            out.extend(p.items.into_iter().map(|s| s.document));
            if n < MAX_PER_PAGE || out.len() >= p.total {
                return Ok(out);
            }
            page += 1;
        }
    }
}

impl<T: DocumentStore + ?Sized> DocumentStore for std::sync::Arc<T> {
    fn get_document(&self, id: &DocumentId) -> Result<Option<StoredDocument>, DocumentStoreError> {
        (**self).get_document(id)
    }
    fn get_document_by_slug(
        &self,
        slug: &Slug,
    ) -> Result<Option<StoredDocument>, DocumentStoreError> {
        (**self).get_document_by_slug(slug)
    }
    fn put_document(
        &self,
        document: &Document,
        expected: Option<Revision>,
    ) -> Result<Revision, DocumentStoreError> {
        (**self).put_document(document, expected)
    }
    fn delete_document(
        &self,
        id: &DocumentId,
        expected: Option<Revision>,
    ) -> Result<(), DocumentStoreError> {
        (**self).delete_document(id, expected)
    }
    fn list_documents(
        &self,
        query: &DocumentQuery,
    ) -> Result<Listing<StoredDocument>, DocumentStoreError> {
        (**self).list_documents(query)
    }
    fn lookup(&self, lookup: &DocumentLookup) -> Result<Vec<StoredDocument>, DocumentStoreError> {
        (**self).lookup(lookup)
    }
    fn count_documents(&self) -> Result<usize, DocumentStoreError> {
        (**self).count_documents()
    }
    fn all_documents(&self) -> Result<Vec<Document>, DocumentStoreError> {
        (**self).all_documents()
    }
}
