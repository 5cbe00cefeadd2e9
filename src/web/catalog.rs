//! The visible articles as pages read them: each decoded once (`Arc<Article>`, shared
//! by both copies of the left-right pair (`replica::Pair`)), by id and by slug, with
//! every listing a page shows — all articles (feeds, sitemaps), each category, topic
//! thread and tag — in the stores' listing order, and the categories the stored
//! articles are filed under (the home page's sections), so that no page needs a store
//! round trip while the catalog is fresh.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::{Article, ArticleId, Category, Slug, Timestamp};
use crate::store::{Filter, ListQuery};

/// The stores' listing order: newest first, undated last, then by id.
pub(crate) type Recency = (Reverse<Option<DateTime<Utc>>>, ArticleId);

/// A stored article's primary category and its place in the listing order, whatever
/// its status: what [`ArticleStore::categories`](crate::store::ArticleStore::categories)
/// counts and names categories by.
pub(crate) type Filed = (Category, Recency);

/// The listing key of `a`.
pub(crate) fn recency(a: &Article) -> Recency {
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
    /// Every article, newest first.
    all: BTreeSet<Recency>,
    /// By tag slug: every spelling that slugs alike ("Thi đua", "thi đua") together.
    by_tag: HashMap<Slug, BTreeSet<Recency>>,
    /// Each stored article's primary category (visible or not), by id ...
    filed: HashMap<ArticleId, (Slug, Recency)>,
    /// ... and each category's stored articles, newest first, with the name each gives
    /// it (the newest names it).
    names: HashMap<Slug, BTreeMap<Recency, String>>,
}

/// The distinct slugs of `a`'s tags.
fn tag_slugs(a: &Article) -> Vec<Slug> {
    let mut v: Vec<Slug> = a.tags.iter().filter_map(|t| Slug::from_title(t)).collect();
    v.sort();
    v.dedup();
    v
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
        for t in tag_slugs(&a) {
            put_on(&mut self.by_tag, &t, &key);
        }
        self.all.insert(key);
        self.by_id.insert(a.id.clone(), a);
    }

    /// Files stored article `id` under its primary category (`None`: it has none, or
    /// it was deleted), visible or not.
    pub fn file(&mut self, id: &ArticleId, filed: Option<Filed>) {
        if let Some((slug, key)) = self.filed.remove(id) {
            if let Some(m) = self.names.get_mut(&slug) {
                m.remove(&key);
                if m.is_empty() {
                    self.names.remove(&slug);
                }
            }
        }
        if let Some((c, key)) = filed {
            self.names
                .entry(c.slug.clone())
                .or_default()
                .insert(key.clone(), c.name);
            self.filed.insert(id.clone(), (c.slug, key));
        }
    }

    /// Every category some stored article is filed under, named as its newest article
    /// names it, ordered by name then slug: what the stores' `categories` lists.
    pub fn categories(&self) -> Vec<Category> {
        let mut v: Vec<Category> = self
            .names
            .iter()
            .filter_map(|(slug, m)| {
                let name = m.values().next()?;
                Some(Category {
                    name: name.clone(),
                    slug: slug.clone(),
                })
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.slug.cmp(&b.slug)));
        v
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
        for t in tag_slugs(&a) {
            take_off(&mut self.by_tag, &t, &key);
        }
        self.all.remove(&key);
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

    /// The first `n` articles visible at `now`, newest first (feeds, Google News).
    pub fn newest(&self, now: Timestamp, n: usize) -> Vec<&Arc<Article>> {
        self.first(Some(&self.all), now, n)
    }

    /// Every article visible at `now`, by id (a store scan's order: the sitemap).
    pub fn visible_by_id(&self, now: Timestamp) -> Vec<&Arc<Article>> {
        let mut v: Vec<&Arc<Article>> = self
            .by_id
            .values()
            .filter(|a| a.is_visible_at(now))
            .collect();
        v.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        v
    }

    /// The article with this id, visible at `now`.
    pub fn visible(&self, id: &ArticleId, now: Timestamp) -> Option<&Arc<Article>> {
        self.by_id.get(id).filter(|a| a.is_visible_at(now))
    }

    /// Page `page` (from 1) of `per_page` articles carrying a tag with slug `slug`
    /// under any spelling, visible at `now`, newest first, and their total.
    pub fn tag(
        &self,
        slug: &Slug,
        now: Timestamp,
        page: usize,
        per_page: usize,
    ) -> (Vec<&Arc<Article>>, usize) {
        let offset = page.saturating_sub(1).saturating_mul(per_page);
        self.page_of(self.by_tag.get(slug), now, offset, per_page)
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
            Filter::All => Some(&self.all),
            Filter::Tag(_) => return None,
        };
        let now = query.visible_at?;
        Some(self.page_of(set, now, query.offset(), query.limit()))
    }

    /// `limit` articles of `set` visible at `now` from `offset`, and their total.
    fn page_of(
        &self,
        set: Option<&BTreeSet<Recency>>,
        now: Timestamp,
        offset: usize,
        limit: usize,
    ) -> (Vec<&Arc<Article>>, usize) {
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
        (items, total)
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
        let file = |c: &mut Catalog, a: &Article| {
            c.file(&a.id, a.category.clone().map(|cat| (cat, recency(a))));
        };
        for a in &articles {
            store.put(a, None).unwrap();
            catalog.insert(Arc::new(a.clone()));
            file(&mut catalog, a);
        }
        // a move to another category and a removal
        let other = articles[1].category.clone();
        articles[0].category = other;
        let rev = |id: &ArticleId| store.get(id).unwrap().map(|s| s.revision);
        store.put(&articles[0], rev(&articles[0].id)).unwrap();
        catalog.insert(Arc::new(articles[0].clone()));
        file(&mut catalog, &articles[0]);
        store.delete(&articles[2].id, rev(&articles[2].id)).unwrap();
        catalog.remove(&articles[2].id);
        catalog.file(&articles[2].id, None);
        articles.remove(2);
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
        assert_eq!(catalog.len(), articles.len());
        // feeds, the sitemap, the home page's categories
        let all = ListQuery::new(Filter::All).visible_at(now).per_page(1000);
        let want: Vec<_> = store
            .list(&all)
            .unwrap()
            .items
            .into_iter()
            .map(|s| s.article.id)
            .collect();
        assert_eq!(ids(catalog.newest(now, 1000)), want);
        assert_eq!(ids(catalog.newest(now, 3)), want[..3].to_vec());
        let scanned: Vec<ArticleId> = crate::store::ScanIter::new(&store)
            .map(|s| s.unwrap().article)
            .filter(|a| a.is_visible_at(now))
            .map(|a| a.id)
            .collect();
        assert_eq!(ids(catalog.visible_by_id(now)), scanned);
        let cats: Vec<Category> = store
            .categories()
            .unwrap()
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(catalog.categories(), cats);
        // tags with one spelling list as the store lists them; pages of two
        let mut tags_checked = 0;
        for a in &articles {
            for t in &a.tags {
                let slug = Slug::from_title(t).unwrap();
                let spellings: std::collections::BTreeSet<&String> = articles
                    .iter()
                    .flat_map(|x| &x.tags)
                    .filter(|x| Slug::from_title(x).as_ref() == Some(&slug))
                    .collect();
                if spellings.len() > 1 {
                    continue;
                }
                for page in 1..3 {
                    let q = ListQuery::new(Filter::Tag(t.clone()))
                        .visible_at(now)
                        .page(page)
                        .per_page(2);
                    let want = store.list(&q).unwrap();
                    let (got, total) = catalog.tag(&slug, now, page, 2);
                    assert_eq!(total, want.total, "{t}");
                    let want: Vec<_> = want.items.into_iter().map(|s| s.article.id).collect();
                    assert_eq!(ids(got), want, "{t}");
                }
                tags_checked += 1;
            }
        }
        assert!(tags_checked > 0);
    }
}
