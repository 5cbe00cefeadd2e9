//! The embedded default store.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, Utc};

use super::revisions::{check_editor, created_by, newest_first};
use super::{
    status_changes, ArticleRevision, ArticleStore, Filter, ListQuery, Listing, Revision,
    RevisionInfo, RevisionStore, StatusChange, StoreError, StoredArticle,
};
use crate::model::{Article, ArticleId, Category, Slug};

/// Recency order: newest first, undated last, then by id.
type RecencyKey = (Reverse<Option<DateTime<Utc>>>, ArticleId);

fn recency_key(a: &Article) -> RecencyKey {
    (
        Reverse(a.published.map(|t| t.with_timezone(&Utc))),
        a.id.clone(),
    )
}

#[derive(Debug, Default)]
struct Inner {
    /// No revision history is kept ([`MemoryStore::without_history`]).
    no_history: bool,
    by_id: BTreeMap<ArticleId, StoredArticle>,
    by_slug: HashMap<Slug, ArticleId>,
    recent: BTreeSet<RecencyKey>,
    /// By primary category.
    by_category: HashMap<Slug, BTreeSet<RecencyKey>>,
    /// By further category ([`Article::more_categories`]).
    by_more_category: HashMap<Slug, BTreeSet<RecencyKey>>,
    by_tag: HashMap<String, BTreeSet<RecencyKey>>,
    by_topic: HashMap<Slug, BTreeSet<RecencyKey>>,
    /// Every write per id, oldest first, appended under the same lock as the write. The
    /// newest entry of a stored article holds no copy of it (`article: None` without
    /// `deleted`): its version is the one in `by_id`, moved here when a later write
    /// replaces it, so a store without edits holds each article once.
    history: HashMap<ArticleId, Vec<ArticleRevision>>,
}

/// Takes `key` off `map[k]`, dropping the set once empty.
fn take_off<K: std::hash::Hash + Eq>(
    map: &mut HashMap<K, BTreeSet<RecencyKey>>,
    k: &K,
    key: &RecencyKey,
) {
    if let Some(set) = map.get_mut(k) {
        set.remove(key);
        if set.is_empty() {
            map.remove(k);
        }
    }
}

impl Inner {
    /// The revision the next write of `id` gets: one past the last recorded, so numbers
    /// keep growing across a delete.
    fn next_revision(&self, id: &ArticleId) -> Revision {
        let last = self
            .history
            .get(id)
            .and_then(|h| h.last())
            .map(|r| r.info.revision)
            .or_else(|| self.by_id.get(id).map(|s| s.revision));
        Revision(last.map_or(1, |r| r.0.saturating_add(1)))
    }

    /// Appends a write of `id`; `replaced` is the version it replaced (now out of
    /// `by_id`), kept in the entry that stood for it.
    fn record(&mut self, id: &ArticleId, info: RevisionInfo, replaced: Option<Article>) {
        if self.no_history {
            return;
        }
        let h = self.history.entry(id.clone()).or_default();
        if let (Some(last), Some(old)) = (h.last_mut(), replaced) {
            if last.article.is_none() && !last.info.deleted {
                last.article = Some(old);
            }
        }
        h.push(ArticleRevision::new(info, None));
    }

    fn unindex(&mut self, a: &Article) {
        let key = recency_key(a);
        self.by_slug.remove(&a.slug);
        self.recent.remove(&key);
        if let Some(c) = &a.category {
            take_off(&mut self.by_category, &c.slug, &key);
        }
        for c in &a.more_categories {
            take_off(&mut self.by_more_category, &c.slug, &key);
        }
        for t in &a.tags {
            take_off(&mut self.by_tag, t, &key);
        }
        if let Some(t) = &a.topic {
            take_off(&mut self.by_topic, &t.slug, &key);
        }
    }

    fn index(&mut self, a: &Article) {
        let key = recency_key(a);
        self.by_slug.insert(a.slug.clone(), a.id.clone());
        self.recent.insert(key.clone());
        if let Some(c) = &a.category {
            self.by_category
                .entry(c.slug.clone())
                .or_default()
                .insert(key.clone());
        }
        for c in &a.more_categories {
            self.by_more_category
                .entry(c.slug.clone())
                .or_default()
                .insert(key.clone());
        }
        if let Some(t) = &a.topic {
            self.by_topic
                .entry(t.slug.clone())
                .or_default()
                .insert(key.clone());
        }
        for t in &a.tags {
            self.by_tag
                .entry(t.clone())
                .or_default()
                .insert(key.clone());
        }
    }
}

/// A thread-safe in-memory store: the embedded default.
///
/// Reads take a shared lock and never wait on I/O, so async handlers may call it directly.
/// Listings use maintained recency indexes (per category, tag and topic), so a page costs
/// O(offset + page size) rather than a sort of the whole store.
///
/// ```
/// use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore};
/// let store = MemoryStore::with_articles(tintuc::import::sample_articles()?)?;
/// let page = store.list(&ListQuery::new(Filter::All).per_page(5))?;
/// assert_eq!(page.items.len(), 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: RwLock<Inner>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty store that keeps no revision history: for a site that is only read and
    /// rendered (a static build), where the history's entry per article is memory spent
    /// for nothing. [`ArticleStore::revision_store`] is then `None`, and revision numbers
    /// start again at 1 after a delete.
    ///
    /// ```
    /// use tintuc::store::{ArticleStore, MemoryStore};
    /// let store = MemoryStore::without_history();
    /// store.put(&tintuc::import::sample_articles()?[0], None)?;
    /// assert!(store.revision_store().is_none());
    /// assert_eq!(store.count()?, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn without_history() -> Self {
        let store = Self::default();
        store.write().no_history = true;
        store
    }

    /// A store holding `articles`, put in order as new articles (the first error stops).
    ///
    /// ```
    /// use tintuc::store::{ArticleStore, MemoryStore};
    /// let store = MemoryStore::with_articles(tintuc::import::sample_articles()?)?;
    /// assert!(store.count()? >= 20);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_articles(articles: impl IntoIterator<Item = Article>) -> Result<Self, StoreError> {
        let store = Self::new();
        for article in articles {
            store.put(&article, None)?;
        }
        Ok(store)
    }

    // A panic while holding the lock cannot leave the maps half-updated in a way that
    // breaks memory safety; recover the guard rather than poisoning every later call.
    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }
    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }
}

impl ArticleStore for MemoryStore {
    fn get(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        Ok(self.read().by_id.get(id).cloned())
    }

    fn get_by_slug(&self, slug: &Slug) -> Result<Option<StoredArticle>, StoreError> {
        let inner = self.read();
        Ok(inner
            .by_slug
            .get(slug)
            .and_then(|id| inner.by_id.get(id))
            .cloned())
    }

    fn slug_exists(&self, slug: &Slug) -> Result<bool, StoreError> {
        Ok(self.read().by_slug.contains_key(slug))
    }

    fn put(&self, article: &Article, expected: Option<Revision>) -> Result<Revision, StoreError> {
        self.put_as(article, expected, None)
    }

    fn delete(&self, id: &ArticleId, expected: Option<Revision>) -> Result<(), StoreError> {
        self.delete_as(id, expected, None).map(drop)
    }

    fn revision_store(&self) -> Option<&dyn RevisionStore> {
        if self.read().no_history {
            None
        } else {
            Some(self)
        }
    }

    fn list(&self, query: &ListQuery) -> Result<Listing<StoredArticle>, StoreError> {
        let inner = self.read();
        let empty = BTreeSet::new();
        let mut further = None;
        let set = match &query.filter {
            Filter::All => &inner.recent,
            Filter::Category(slug) => {
                further = inner.by_more_category.get(slug);
                inner.by_category.get(slug).unwrap_or(&empty)
            }
            Filter::Tag(tag) => inner.by_tag.get(tag).unwrap_or(&empty),
            Filter::Topic(slug) => inner.by_topic.get(slug).unwrap_or(&empty),
        };
        let (offset, limit) = (query.offset(), query.limit());
        let mut items = Vec::with_capacity(limit.min(set.len()));
        let mut total = 0usize;
        // A category's further articles merge in recency order (both sets are sorted).
        let keys: Box<dyn Iterator<Item = &RecencyKey>> = match further {
            Some(more) => Box::new(set.union(more)),
            None => Box::new(set.iter()),
        };
        let known_len = further.is_none().then_some(set.len());
        for (_, id) in keys {
            let Some(stored) = inner.by_id.get(id) else {
                continue;
            };
            if query.status.is_some_and(|s| s != stored.article.status) {
                continue;
            }
            if query
                .visible_at
                .is_some_and(|now| !stored.article.is_visible_at(now))
            {
                continue;
            }
            if total >= offset && items.len() < limit {
                items.push(stored.clone());
            }
            total += 1;
            // Without a status or visibility filter the set size is the total: stop early.
            if let Some(len) = known_len {
                if query.status.is_none() && query.visible_at.is_none() && items.len() == limit {
                    total = len;
                    break;
                }
            }
        }
        Ok(Listing {
            items,
            total,
            page: query.page.max(1),
            per_page: limit,
        })
    }

    fn scan(
        &self,
        after: Option<&ArticleId>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        use std::ops::Bound;
        let inner = self.read();
        let lower = match after {
            Some(a) => Bound::Excluded(a.clone()),
            None => Bound::Unbounded,
        };
        Ok(inner
            .by_id
            .range((lower, Bound::Unbounded))
            .take(limit)
            .map(|(_, v)| v.clone())
            .collect())
    }

    fn count(&self) -> Result<usize, StoreError> {
        Ok(self.read().by_id.len())
    }

    fn categories(&self) -> Result<Vec<(Category, usize)>, StoreError> {
        let inner = self.read();
        let mut v: Vec<(Category, usize)> = inner
            .by_category
            .values()
            .filter_map(|set| {
                let (_, id) = set.iter().next()?;
                let cat = inner.by_id.get(id)?.article.category.clone()?;
                Some((cat, set.len()))
            })
            .collect();
        v.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.slug.cmp(&b.0.slug)));
        Ok(v)
    }
}

impl RevisionStore for MemoryStore {
    fn put_as(
        &self,
        article: &Article,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        article.validate()?;
        check_editor(by)?;
        let mut inner = self.write();
        let actual = inner.by_id.get(&article.id).map(|s| s.revision);
        if actual != expected {
            return Err(StoreError::Conflict {
                id: article.id.clone(),
                expected,
                actual,
            });
        }
        if let Some(owner) = inner.by_slug.get(&article.slug) {
            if owner != &article.id {
                return Err(StoreError::SlugTaken {
                    slug: article.slug.clone(),
                    owner: owner.clone(),
                });
            }
        }
        let revision = inner.next_revision(&article.id);
        let old = inner.by_id.remove(&article.id);
        if let Some(old) = &old {
            inner.unindex(&old.article);
        }
        let info = RevisionInfo::for_write(
            revision,
            old.as_ref().map(|o| &o.article),
            Some(article),
            by,
        );
        inner.index(article);
        inner.by_id.insert(
            article.id.clone(),
            StoredArticle {
                article: article.clone(),
                revision,
            },
        );
        inner.record(&article.id, info, old.map(|o| o.article));
        Ok(revision)
    }

    fn delete_as(
        &self,
        id: &ArticleId,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        check_editor(by)?;
        let mut inner = self.write();
        let actual = match inner.by_id.get(id) {
            None => return Err(StoreError::NotFound { id: id.clone() }),
            Some(s) => s.revision,
        };
        if let Some(exp) = expected {
            if exp != actual {
                return Err(StoreError::Conflict {
                    id: id.clone(),
                    expected,
                    actual: Some(actual),
                });
            }
        }
        let revision = inner.next_revision(id);
        if let Some(old) = inner.by_id.remove(id) {
            inner.unindex(&old.article);
            let info = RevisionInfo::for_write(revision, Some(&old.article), None, by);
            inner.record(id, info, Some(old.article));
        }
        Ok(revision)
    }

    fn recent_status_changes(&self, limit: usize) -> Result<Vec<StatusChange>, StoreError> {
        let inner = self.read();
        let mut all: Vec<StatusChange> = Vec::new();
        for (id, h) in &inner.history {
            let infos: Vec<RevisionInfo> = h.iter().map(|r| r.info.clone()).collect();
            all.extend(status_changes(id, &infos));
        }
        newest_first(&mut all);
        all.truncate(limit);
        Ok(all)
    }

    fn revisions(&self, id: &ArticleId) -> Result<Vec<RevisionInfo>, StoreError> {
        Ok(self
            .read()
            .history
            .get(id)
            .map(|h| h.iter().map(|r| r.info.clone()).collect())
            .unwrap_or_default())
    }

    fn creator(&self, id: &ArticleId, as_of: Revision) -> Result<Option<String>, StoreError> {
        let inner = self.read();
        let Some(h) = inner.history.get(id) else {
            return Ok(None);
        };
        // Entries are in revision order; nothing is copied but the name.
        Ok(created_by(h, |r| &r.info, as_of))
    }

    fn revision(
        &self,
        id: &ArticleId,
        revision: Revision,
    ) -> Result<Option<ArticleRevision>, StoreError> {
        let inner = self.read();
        let Some(h) = inner.history.get(id) else {
            return Ok(None);
        };
        // Entries are in revision order.
        let Some(r) = h
            .binary_search_by_key(&revision, |r| r.info.revision)
            .ok()
            .and_then(|i| h.get(i))
        else {
            return Ok(None);
        };
        let mut r = r.clone();
        if r.article.is_none() && !r.info.deleted {
            // The newest entry of a stored article: its version is the stored one.
            r.article = inner.by_id.get(id).map(|s| s.article.clone());
        }
        Ok(Some(r))
    }
}
