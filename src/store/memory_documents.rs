//! The embedded document store.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::RwLock;

use chrono::NaiveDate;

use super::documents::{
    DocumentLookup, DocumentQuery, DocumentStore, DocumentStoreError, StoredDocument,
};
use super::{Listing, Revision};
use crate::document::{Document, DocumentId};
use crate::model::Slug;

type Order = (Reverse<NaiveDate>, DocumentId);

#[derive(Debug, Default)]
struct Inner {
    by_id: BTreeMap<DocumentId, StoredDocument>,
    by_slug: HashMap<Slug, DocumentId>,
    by_key: HashMap<String, BTreeSet<DocumentId>>,
    order: BTreeSet<Order>,
}

fn order(d: &Document) -> Order {
    (Reverse(d.issued), d.id.clone())
}

impl Inner {
    fn unindex(&mut self, d: &Document) {
        self.by_slug.remove(&d.slug);
        self.order.remove(&order(d));
        let key = d.symbol.key();
        if let Some(set) = self.by_key.get_mut(&key) {
            set.remove(&d.id);
            if set.is_empty() {
                self.by_key.remove(&key);
            }
        }
    }
    fn index(&mut self, d: &Document) {
        self.by_slug.insert(d.slug.clone(), d.id.clone());
        self.order.insert(order(d));
        self.by_key
            .entry(d.symbol.key())
            .or_default()
            .insert(d.id.clone());
    }
}

/// Documents in memory: thread-safe, `Send + Sync`, the embedded default.
///
/// ```
/// use tintuc::store::{DocumentStore, MemoryDocumentStore};
/// let store = MemoryDocumentStore::with_sample()?;
/// assert!(store.count_documents()? >= 10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct MemoryDocumentStore {
    inner: RwLock<Inner>,
}

fn poisoned<T>(_: T) -> DocumentStoreError {
    DocumentStoreError::Backend {
        message: "document store lock poisoned".into(),
        source: Box::new(std::io::Error::other("poisoned lock")),
    }
}

impl MemoryDocumentStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding the bundled sample registry
    /// ([`crate::document::sample_documents`]).
    pub fn with_sample() -> Result<Self, DocumentStoreError> {
        let s = Self::new();
        let docs =
            crate::document::sample_documents().map_err(|e| DocumentStoreError::Backend {
                message: "reading the sample documents".into(),
                source: Box::new(e),
            })?;
        for d in docs {
            s.put_document(&d, None)?;
        }
        Ok(s)
    }
}

impl DocumentStore for MemoryDocumentStore {
    fn get_document(&self, id: &DocumentId) -> Result<Option<StoredDocument>, DocumentStoreError> {
        Ok(self.inner.read().map_err(poisoned)?.by_id.get(id).cloned())
    }

    fn get_document_by_slug(
        &self,
        slug: &Slug,
    ) -> Result<Option<StoredDocument>, DocumentStoreError> {
        let g = self.inner.read().map_err(poisoned)?;
        Ok(g.by_slug.get(slug).and_then(|id| g.by_id.get(id)).cloned())
    }

    fn put_document(
        &self,
        document: &Document,
        expected: Option<Revision>,
    ) -> Result<Revision, DocumentStoreError> {
        document.validate()?;
        let mut g = self.inner.write().map_err(poisoned)?;
        let actual = g.by_id.get(&document.id).map(|s| s.revision);
        if actual != expected {
            return Err(DocumentStoreError::Conflict {
                id: document.id.clone(),
                expected,
                actual,
            });
        }
        if let Some(owner) = g.by_slug.get(&document.slug) {
            if owner != &document.id {
                return Err(DocumentStoreError::SlugTaken {
                    slug: document.slug.clone(),
                    owner: owner.clone(),
                });
            }
        }
        let revision = Revision(actual.map_or(1, |r| r.0 + 1));
        if let Some(old) = g.by_id.get(&document.id).map(|s| s.document.clone()) {
            g.unindex(&old);
        }
        g.index(document);
        g.by_id.insert(
            document.id.clone(),
            StoredDocument {
                document: document.clone(),
                revision,
            },
        );
        Ok(revision)
    }

    fn delete_document(
        &self,
        id: &DocumentId,
        expected: Option<Revision>,
    ) -> Result<(), DocumentStoreError> {
        let mut g = self.inner.write().map_err(poisoned)?;
        let Some(current) = g.by_id.get(id).cloned() else {
            return Err(DocumentStoreError::NotFound { id: id.clone() });
        };
        if expected.is_some_and(|e| e != current.revision) {
            return Err(DocumentStoreError::Conflict {
                id: id.clone(),
                expected,
                actual: Some(current.revision),
            });
        }
        g.unindex(&current.document);
        g.by_id.remove(id);
        Ok(())
    }

    fn list_documents(
        &self,
        query: &DocumentQuery,
    ) -> Result<Listing<StoredDocument>, DocumentStoreError> {
        let g = self.inner.read().map_err(poisoned)?;
        let (offset, limit) = (query.offset(), query.limit());
        let mut total = 0;
        let mut items = Vec::new();
        for (_, id) in &g.order {
            let Some(s) = g.by_id.get(id) else { continue };
            if !query.matches(&s.document) {
                continue;
            }
            if total >= offset && items.len() < limit {
                items.push(s.clone());
            }
            total += 1;
        }
        Ok(Listing {
            items,
            total,
            page: query.page.max(1),
            per_page: limit,
        })
    }

    fn lookup(&self, lookup: &DocumentLookup) -> Result<Vec<StoredDocument>, DocumentStoreError> {
        let g = self.inner.read().map_err(poisoned)?;
        let mut out: Vec<StoredDocument> = g
            .by_key
            .get(&lookup.symbol.key())
            .into_iter()
            .flatten()
            .filter_map(|id| g.by_id.get(id))
            .filter(|s| lookup.matches(&s.document))
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            (a.document.issued, &a.document.id).cmp(&(b.document.issued, &b.document.id))
        });
        Ok(out)
    }

    fn count_documents(&self) -> Result<usize, DocumentStoreError> {
        Ok(self.inner.read().map_err(poisoned)?.by_id.len())
    }
}
