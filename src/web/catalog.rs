//! The visible articles as pages read them: each decoded once (`Arc<Article>`, shared
//! by both copies of the left-right pair (`replica::Pair`)), by id and by slug,
//! with each category's and topic thread's articles in the stores' listing order, so
//! an article page needs no store round trip.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::{Article, ArticleId, Slug, Timestamp};
use crate::store::{Filter, ListQuery};

/// The stores' listing order: newest first, undated last, then by id.
type Recency = (Reverse<Option<DateTime<Utc>>>, ArticleId);

fn recency(a: &Article) -> Recency {
    (
        Reverse(a.published.map(|t| t.with_timezone(&Utc))),
        a.id.clone(),
    )
}

/// The visible articles and their listings.
#[derive(Clone, Default)]
pub(crate) struct Catalog {
    by_id: HashMap<ArticleId, Arc<Article>>,
    by_slug: HashMap<Slug, ArticleId>,
    /// By primary or further category (what `Filter::Category` lists).
    by_category: HashMap<Slug, BTreeSet<Recency>>,
    by_topic: HashMap<Slug, BTreeSet<Recency>>,
    /// The articles some curated group lists, by id (a store scan's order).
    grouped: BTreeSet<ArticleId>,
}

/// Takes `key` off `map[k]`, dropping the set once empty.
fn take_off(map: &mut HashMap<Slug, BTreeSet<Recency>>, k: &Slug, key: &Recency) {
    if let Some(set) = map.get_mut(k) {
        set.remove(key);
        if set.is_empty() {
            map.remove(k);
        }
    }
}

fn put_on(map: &mut HashMap<Slug, BTreeSet<Recency>>, k: &Slug, key: &Recency) {
    map.entry(k.clone()).or_default().insert(key.clone());
}

impl Catalog {
    /// Adds `a`, replacing the article with its id.
    pub fn insert(&mut self, a: Arc<Article>) {
        self.remove(&a.id);
        let key = recency(&a);
        self.by_slug.insert(a.slug.clone(), a.id.clone());
        for c in a.category.iter().chain(&a.more_categories) {
            put_on(&mut self.by_category, &c.slug, &key);
        }
        if let Some(t) = &a.topic {
            put_on(&mut self.by_topic, &t.slug, &key);
        }
        if !a.groups.is_empty() {
            self.grouped.insert(a.id.clone());
        }
        self.by_id.insert(a.id.clone(), a);
    }

    /// Removes the article with this id.
    pub fn remove(&mut self, id: &ArticleId) {
        let Some(a) = self.by_id.remove(id) else {
            return;
        };
        let key = recency(&a);
        if self.by_slug.get(&a.slug) == Some(id) {
            self.by_slug.remove(&a.slug);
        }
        for c in a.category.iter().chain(&a.more_categories) {
            take_off(&mut self.by_category, &c.slug, &key);
        }
        if let Some(t) = &a.topic {
            take_off(&mut self.by_topic, &t.slug, &key);
        }
        self.grouped.remove(id);
    }

    /// The article at this slug.
    pub fn by_slug(&self, slug: &Slug) -> Option<&Arc<Article>> {
        self.by_id.get(self.by_slug.get(slug)?)
    }

    /// The article with this id.
    #[cfg(test)]
    pub fn by_id(&self, id: &ArticleId) -> Option<&Arc<Article>> {
        self.by_id.get(id)
    }

    /// The first `n` articles of category `slug` visible at `now`, newest first.
    pub fn category(&self, slug: &Slug, now: Timestamp, n: usize) -> Vec<&Arc<Article>> {
        self.first(self.by_category.get(slug), now, n)
    }

    /// The first `n` articles of topic thread `slug` visible at `now`, newest first.
    pub fn topic(&self, slug: &Slug, now: Timestamp, n: usize) -> Vec<&Arc<Article>> {
        self.first(self.by_topic.get(slug), now, n)
    }

    fn first(
        &self,
        set: Option<&BTreeSet<Recency>>,
        now: Timestamp,
        n: usize,
    ) -> Vec<&Arc<Article>> {
        set.into_iter()
            .flatten()
            .filter_map(|(_, id)| self.by_id.get(id))
            .filter(|a| a.is_visible_at(now))
            .take(n)
            .collect()
    }

    /// The page `query` asks for (its visibility instant; any status filter is not
    /// looked at: the catalog holds visible articles only) and the total, for a
    /// category or topic filter; `None` for the others.
    pub fn list(&self, query: &ListQuery) -> Option<(Vec<&Arc<Article>>, usize)> {
        let set = match &query.filter {
            Filter::Category(slug) => self.by_category.get(slug),
            Filter::Topic(slug) => self.by_topic.get(slug),
            _ => return None,
        };
        let now = query.visible_at?;
        let (offset, limit) = (query.offset(), query.limit());
        let mut items = Vec::new();
        let mut total = 0usize;
        for a in set
            .into_iter()
            .flatten()
            .filter_map(|(_, id)| self.by_id.get(id))
            .filter(|a| a.is_visible_at(now))
        {
            if total >= offset && items.len() < limit {
                items.push(a);
            }
            total += 1;
        }
        Some((items, total))
    }

    /// The articles visible at `now` that some curated group lists, by id.
    pub fn grouped(&self, now: Timestamp) -> Vec<&Arc<Article>> {
        self.grouped
            .iter()
            .filter_map(|id| self.by_id.get(id))
            .filter(|a| a.is_visible_at(now))
            .collect()
    }

    /// The number of articles.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.by_id.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ArticleStore, MemoryStore};

    /// The catalog lists what a store lists, in its order, through edits.
    #[test]
    fn lists_as_a_store_does() {
        let mut articles = crate::import::sample_articles().unwrap();
        let store = MemoryStore::new();
        let mut catalog = Catalog::default();
        for a in &articles {
            store.put(a, None).unwrap();
            catalog.insert(Arc::new(a.clone()));
        }
        // a move to another category and a removal
        let other = articles[1].category.clone();
        articles[0].category = other;
        let rev = |id: &ArticleId| store.get(id).unwrap().map(|s| s.revision);
        store.put(&articles[0], rev(&articles[0].id)).unwrap();
        catalog.insert(Arc::new(articles[0].clone()));
        store.delete(&articles[2].id, rev(&articles[2].id)).unwrap();
        catalog.remove(&articles[2].id);
        let now = chrono::Utc::now().fixed_offset();
        let ids = |v: Vec<&Arc<Article>>| v.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        let mut checked = 0;
        for a in &articles {
            for c in a.category.iter().chain(&a.more_categories) {
                let q = ListQuery::new(Filter::Category(c.slug.clone()))
                    .visible_at(now)
                    .per_page(7);
                let want: Vec<_> = store
                    .list(&q)
                    .unwrap()
                    .items
                    .into_iter()
                    .map(|s| s.article.id)
                    .collect();
                assert_eq!(ids(catalog.category(&c.slug, now, 7)), want);
                checked += 1;
            }
            if let Some(t) = &a.topic {
                let q = ListQuery::new(Filter::Topic(t.slug.clone()))
                    .visible_at(now)
                    .per_page(6);
                let want: Vec<_> = store
                    .list(&q)
                    .unwrap()
                    .items
                    .into_iter()
                    .map(|s| s.article.id)
                    .collect();
                assert_eq!(ids(catalog.topic(&t.slug, now, 6)), want);
            }
            let found = catalog.by_slug(&a.slug).map(|x| x.id.clone());
            let stored = store.get_by_slug(&a.slug).unwrap().map(|s| s.article.id);
            assert_eq!(found, stored);
        }
        let grouped: Vec<ArticleId> = crate::store::ScanIter::new(&store)
            .map(|s| s.unwrap().article)
            .filter(|a| !a.groups.is_empty() && a.is_visible_at(now))
            .map(|a| a.id)
            .collect();
        assert_eq!(ids(catalog.grouped(now)), grouped);
        // listing pages of two, with their totals
        for a in &articles {
            for f in a
                .category
                .iter()
                .map(|c| Filter::Category(c.slug.clone()))
                .chain(a.topic.iter().map(|t| Filter::Topic(t.slug.clone())))
            {
                for page in 1..4 {
                    let q = ListQuery::new(f.clone())
                        .visible_at(now)
                        .page(page)
                        .per_page(2);
                    let want = store.list(&q).unwrap();
                    let (got, total) = catalog.list(&q).unwrap();
                    assert_eq!(total, want.total);
                    let want: Vec<_> = want.items.into_iter().map(|s| s.article.id).collect();
                    assert_eq!(ids(got), want);
                }
            }
        }
        assert!(checked > 0);
        assert_eq!(catalog.len(), articles.len() - 1);
    }
}
