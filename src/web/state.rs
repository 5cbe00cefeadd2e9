//! What every request reads: the store, the renderer, immutable snapshots of the
//! indexes (related, search, tags) and the page cache; and the single writer that
//! updates the indexes and swaps the snapshots.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::model::{Article, ArticleId, Slug, Timestamp};
use crate::related;
use crate::render::{ErrorPage, RelatedLink, Renderer, Theme, UrlScheme};
use crate::search;
use crate::store::{ArticleStore, Revision, ScanIter, StoreError};

use super::catalog::{recency, Catalog, Filed};
use super::documents::DocumentSite;
use super::http::{wants_json, Finished, Problem};
use super::replica::{Op, Pair, Replica, Tags};
use super::routes::Routes;
use super::site::SiteRenderer;
use super::warm;
use super::{Clock, Config, WebError};

/// Why a request failed before it had a page.
#[derive(Debug)]
pub(crate) enum Failure {
    /// No such page.
    NotFound,
    /// The page existed and was taken down (an article no longer published).
    Gone,
    /// The page moved to this address (an article whose slug changed): 301.
    Moved(String),
    /// A malformed address or query.
    BadRequest(Problem),
    /// The store failed.
    Store(StoreError),
    /// A task on the blocking pool failed (panicked).
    Task(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

/// What pages read: immutable snapshots, swapped whole by the writer.
pub(crate) struct View {
    pub related: related::Snapshot,
    pub search: search::Snapshot,
    pub links: Arc<HashMap<ArticleId, RelatedLink>>,
    pub tags: Arc<Tags>,
    /// Slugs of articles taken down (deleted or unpublished) through this service: 410.
    pub gone: Arc<HashSet<Slug>>,
    /// Former slugs of articles whose slug changed while this service ran: 301 to the
    /// article's address now, while it is published.
    pub moved: Arc<HashMap<Slug, ArticleId>>,
    /// The visible articles, decoded, and their listings.
    pub catalog: Arc<Catalog>,
    /// The catalog lists what readers may see until this instant (the next visibility
    /// transition, which the wake task applies): from then on pages read the store.
    fresh_until: Option<Timestamp>,
    /// Related lists computed from this snapshot, filled on first use.
    computed: Mutex<HashMap<ArticleId, Arc<[RelatedLink]>>>,
}

impl View {
    /// Whether the catalog lists what readers may see at `now`.
    pub fn fresh_at(&self, now: Timestamp) -> bool {
        self.fresh_until.is_none_or(|t| now < t)
    }

    /// The article at `slug`, when the catalog has it visible at `now` (else the store
    /// says what the address is).
    pub fn current(&self, slug: &Slug, now: Timestamp) -> Option<&Arc<Article>> {
        if !self.fresh_at(now) {
            return None;
        }
        self.catalog.by_slug(slug).filter(|a| a.is_visible_at(now))
    }

    /// "Tin liên quan" for `id`: at most `k` published articles.
    pub fn related_links(&self, id: &ArticleId, k: usize) -> Arc<[RelatedLink]> {
        if let Some(found) = self.computed.lock().ok().and_then(|m| m.get(id).cloned()) {
            return found;
        }
        let list: Arc<[RelatedLink]> = self
            .related
            .related(id, &related::QueryOptions::top(k).without_explanations())
            .into_iter()
            .filter_map(|r| self.links.get(&r.id).cloned())
            .collect();
        if let Ok(mut m) = self.computed.lock() {
            if m.len() >= 100_000 {
                m.clear();
            }
            m.insert(id.clone(), Arc::clone(&list));
        }
        list
    }
}

/// The writer's side: the left-right pair of indexes and tables ([`Pair`]) over the
/// articles visible when it last applied a change, each indexed article's slug and tags
/// (to take them off the tables when it changes), and when each stored article next
/// changes visibility.
struct Writer {
    pair: Pair,
    records: HashMap<ArticleId, (Slug, Vec<String>)>,
    /// Visibility transitions to come, soonest first, and each article's entry in it.
    due: BTreeSet<(Timestamp, ArticleId)>,
    due_of: HashMap<ArticleId, Timestamp>,
    /// The fingerprint of each article version in the indexes ([`warm`]).
    seen: HashMap<ArticleId, u64>,
    /// Writes applied to the indexes through [`Shared::write`], and how many of them
    /// readers see (the count at the last [`Shared::publish`]).
    applied: u64,
    published: u64,
}

impl Writer {
    /// The indexes over the store's articles visible at `now`: `saved` brought up to
    /// date, or built when `None`.
    fn build(
        store: &dyn ArticleStore,
        urls: &dyn UrlScheme,
        now: Timestamp,
        saved: Option<warm::Saved>,
    ) -> Result<Writer, StoreError> {
        let mut published = Vec::new();
        let mut filed = Vec::new();
        let mut due = BTreeSet::new();
        let mut due_of = HashMap::new();
        for item in ScanIter::new(store) {
            let a = item?.article;
            if let Some(f) = filed_of(&a) {
                filed.push((a.id.clone(), f));
            }
            if let Some(t) = a.next_transition_after(now) {
                due.insert((t, a.id.clone()));
                due_of.insert(a.id.clone(), t);
            }
            if a.is_visible_at(now) {
                published.push(a);
            }
        }
        let indexes = warm::indexes(&published, saved);
        let published: Vec<Arc<Article>> = published.into_iter().map(Arc::new).collect();
        let replica = Replica::new(indexes.related, indexes.search, &published, filed, urls);
        let records = published
            .iter()
            .map(|a| (a.id.clone(), (a.slug.clone(), a.tags.clone())))
            .collect();
        Ok(Writer {
            pair: Pair::new(replica),
            records,
            due,
            due_of,
            seen: indexes.seen,
            applied: 0,
            published: 0,
        })
    }

    /// Article `id` is now `new` (`None`: deleted), as readers see it at `now`. `old` is
    /// the version it replaced as stored, when known: the related index then keeps its
    /// statistics exact.
    fn apply(
        &mut self,
        id: &ArticleId,
        old: Option<Article>,
        new: Option<Article>,
        urls: &dyn UrlScheme,
        now: Timestamp,
    ) {
        let new = new.filter(|a| a.id == *id);
        let filed = new.as_ref().and_then(filed_of);
        if let Some(t) = self.due_of.remove(id) {
            self.due.remove(&(t, id.clone()));
        }
        if let Some(t) = new.as_ref().and_then(|a| a.next_transition_after(now)) {
            self.due.insert((t, id.clone()));
            self.due_of.insert(id.clone(), t);
        }
        // The old version is in the indexes when the article is (the last one applied).
        let old = old.filter(|a| a.id == *id && self.records.contains_key(id));
        let new = new.filter(|a| a.is_visible_at(now));
        let before = self.records.remove(id);
        match &new {
            Some(n) => {
                self.seen.insert(n.id.clone(), warm::fingerprint(n));
                self.records
                    .insert(n.id.clone(), (n.slug.clone(), n.tags.clone()));
            }
            None => {
                self.seen.remove(id);
            }
        }
        let op = Op {
            id: id.clone(),
            old: old.map(Arc::new),
            new: new.map(Arc::new),
            before,
            filed,
        };
        self.pair.apply(op, urls);
    }

    /// Takes the articles whose visibility changes at or before `now` off the schedule.
    fn due_by(&mut self, now: Timestamp) -> Vec<ArticleId> {
        let mut ids = Vec::new();
        while let Some((t, id)) = self.due.first().cloned() {
            if t > now {
                break;
            }
            self.due.pop_first();
            self.due_of.remove(&id);
            ids.push(id);
        }
        ids
    }

    /// The next visibility transition of a stored article.
    fn next_due(&self) -> Option<Timestamp> {
        self.due.first().map(|(t, _)| *t)
    }

    /// The view readers get of the indexes and tables as they are now.
    fn view(&mut self) -> View {
        let fresh_until = self.next_due();
        let r = self.pair.hand_out();
        View {
            related: r.related.snapshot(),
            search: r.search.snapshot(),
            links: Arc::clone(&r.links),
            tags: Arc::clone(&r.tags),
            gone: Arc::clone(&r.gone),
            moved: Arc::clone(&r.moved),
            catalog: Arc::clone(&r.catalog),
            fresh_until,
            computed: Mutex::default(),
        }
    }
}

/// The primary category `a` is filed under, with its listing key (whatever its status).
fn filed_of(a: &Article) -> Option<Filed> {
    Some((a.category.clone()?, recency(a)))
}

/// Rendered pages by path and query, dropped whole on every write. Each page is kept
/// with when it was made and the instant it goes stale by the service's clock (a
/// document's validity change), if any.
struct PageCache {
    capacity: usize,
    ttl: Duration,
    generation: AtomicU64,
    pages: Mutex<HashMap<String, Kept>>,
}

/// A page in the [`PageCache`].
struct Kept {
    made: Instant,
    /// When the service's clock makes it stale (a document's validity change).
    until: Option<Timestamp>,
    page: Arc<Finished>,
}

/// Taken before a page is rendered, for [`Shared::keep`]: the cache generation (a page
/// rendered from older data is not kept) and when the page goes stale by the clock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp {
    generation: u64,
    until: Option<Timestamp>,
}

/// What a write through the API calls with the article's id once it is applied.
pub(crate) type WriteHook = Box<dyn Fn(&ArticleId) + Send + Sync>;

/// The service's state, shared by every request.
pub(crate) struct Shared {
    pub store: Arc<dyn ArticleStore>,
    pub render: Box<dyn SiteRenderer>,
    pub users: super::ApiUsers,
    pub per_page: usize,
    pub related_links: usize,
    pub max_age: u32,
    pub max_body: usize,
    pub documents: Option<DocumentSite>,
    /// What "now" is: which articles readers may see.
    clock: Clock,
    /// Told when the next visibility transition may have changed (and on drop).
    pub schedule_changed: Arc<tokio::sync::Notify>,
    view: RwLock<Arc<View>>,
    writer: Mutex<Writer>,
    /// Writes through [`Shared::write`] take turns here, on the runtime: only the one
    /// whose turn it is holds a blocking-pool thread (see [`Shared::write`]).
    turn: tokio::sync::Mutex<()>,
    /// Writers waiting for their [`Shared::turn`].
    queued: AtomicUsize,
    /// The count of writes readers see, sent at every [`Shared::publish`] (writers wait
    /// on it for their write to show).
    published: tokio::sync::watch::Sender<u64>,
    cache: Option<PageCache>,
    /// Told the id of every article written through this service, after the write
    /// committed and the indexes took it (e.g. to notify other nodes).
    pub on_write: OnceLock<WriteHook>,
    /// Who created each article, as of a revision (the API's rights checks): a stored
    /// revision's history never changes, so an entry holds until the article is
    /// written again, and a write through the API carries it to the new revision.
    pub creators: Mutex<HashMap<ArticleId, (Revision, Option<String>)>>,
}

impl Drop for Shared {
    /// A synchronous store may block when it closes (the `postgres` client runs its own
    /// runtime to say goodbye), which panics on an async worker: when the last request
    /// or task lets go of the service there, the store and the write hook are closed on
    /// a plain thread.
    fn drop(&mut self) {
        // The wake task holds a weak reference: it sees the service gone and ends.
        self.schedule_changed.notify_one();
        if tokio::runtime::Handle::try_current().is_err() {
            return;
        }
        let placeholder: Arc<dyn ArticleStore> = Arc::new(crate::store::MemoryStore::new());
        let store = std::mem::replace(&mut self.store, placeholder);
        let hook = self.on_write.take();
        let closing = std::thread::Builder::new()
            .name("tintuc-web-close".into())
            .spawn(move || {
                drop(store);
                drop(hook);
            });
        if let Ok(t) = closing {
            let _ = t.join();
        }
    }
}

/// At most this many writes wait for one another in a group commit ([`Shared::write`]).
const GROUP_COMMIT_MAX: u64 = 32;

/// The longest a writer waits for its group to be published before publishing itself.
const GROUP_COMMIT_WAIT: Duration = Duration::from_millis(10);

/// Runs `f` on the blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Failure> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Failure::Task(e.to_string()))
}

impl Shared {
    /// Reads the store and builds the indexes, or brings `saved` up to date.
    pub async fn start<T, U>(
        store: Arc<dyn ArticleStore>,
        config: Config<T, U>,
        saved: Option<warm::Saved>,
    ) -> Result<Shared, WebError>
    where
        T: Theme + Send + Sync + 'static,
        U: Routes + Send + Sync + 'static,
    {
        let Config {
            mut site,
            theme,
            urls,
            users,
            per_page,
            related_links,
            page_cache,
            page_ttl,
            max_age,
            max_body,
            documents,
            clock,
        } = config;
        let now = clock();
        let (writer, renderer, documents) = {
            let store = Arc::clone(&store);
            tokio::task::spawn_blocking(move || -> Result<_, WebError> {
                if site.search_url.is_none() {
                    site.search_url = Some(urls.search());
                }
                if site.sections.is_empty() {
                    site.sections = store.categories()?.into_iter().map(|(c, _)| c).collect();
                }
                let renderer = Renderer::new(site).with_theme(theme).with_urls(urls);
                let writer = Writer::build(&*store, renderer.urls(), now, saved)?;
                let documents = match documents {
                    Some(docs) => Some(DocumentSite::build(&*docs, &*store, renderer.urls(), now)?),
                    None => None,
                };
                Ok((writer, renderer, documents))
            })
            .await
            .map_err(|e| WebError::Task(e.to_string()))??
        };
        let mut writer = writer;
        let view = writer.view();
        Ok(Shared {
            store,
            render: Box::new(renderer),
            users,
            per_page,
            related_links,
            max_age,
            max_body,
            documents,
            clock,
            schedule_changed: Arc::new(tokio::sync::Notify::new()),
            view: RwLock::new(Arc::new(view)),
            writer: Mutex::new(writer),
            turn: tokio::sync::Mutex::new(()),
            queued: AtomicUsize::new(0),
            published: tokio::sync::watch::Sender::new(0),
            cache: (page_cache > 0).then(|| PageCache {
                capacity: page_cache,
                ttl: page_ttl,
                generation: AtomicU64::new(0),
                pages: Mutex::default(),
            }),
            on_write: OnceLock::new(),
            creators: Mutex::default(),
        })
    }

    /// The instant pages are served for.
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// The next visibility transition of a stored article, as the indexes know it.
    pub fn next_due(&self) -> Option<Timestamp> {
        self.writer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .next_due()
    }

    /// Applies every visibility transition due at the clock's now, on the calling thread
    /// (which must not be a runtime worker): each article due is read again from the
    /// store and applied, and the snapshots and page cache are renewed when any was.
    /// Returns the next transition. An article whose read fails goes back on the
    /// schedule, due at once.
    pub fn wake_now(&self) -> Result<Option<Timestamp>, StoreError> {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let now = self.now();
        let ids = w.due_by(now);
        let mut result = Ok(());
        let mut applied = false;
        for (i, id) in ids.iter().enumerate() {
            match self.store.get(id) {
                Ok(new) => {
                    let new = new.map(|s| s.article);
                    self.cited(id, new.as_ref());
                    w.apply(id, None, new, self.render.urls(), now);
                    applied = true;
                }
                Err(e) => {
                    for id in ids.iter().skip(i) {
                        w.due.insert((now, id.clone()));
                        w.due_of.insert(id.clone(), now);
                    }
                    result = Err(e);
                    break;
                }
            }
        }
        if applied {
            self.publish(&mut w);
        }
        result.map(|()| w.next_due())
    }

    /// The current snapshots.
    pub fn view(&self) -> Arc<View> {
        self.view
            .read()
            .map(|g| Arc::clone(&g))
            .unwrap_or_else(|e| Arc::clone(&e.into_inner()))
    }

    /// The cache's stamp for a page about to be rendered (see [`Stamp`]).
    pub fn stamp(&self) -> Stamp {
        let Some(c) = &self.cache else {
            return Stamp {
                generation: 0,
                until: None,
            };
        };
        Stamp {
            generation: c.generation.load(Ordering::Acquire),
            until: self
                .documents
                .as_ref()
                .and_then(|d| d.next_change_after(self.now())),
        }
    }

    pub fn cached(&self, key: &str) -> Option<Arc<Finished>> {
        let c = self.cache.as_ref()?;
        let (until, page) = {
            let pages = c.pages.lock().ok()?;
            let kept = pages.get(key)?;
            if kept.made.elapsed() >= c.ttl {
                return None;
            }
            (kept.until, Arc::clone(&kept.page))
        };
        match until {
            Some(t) if self.now() >= t => None,
            _ => Some(page),
        }
    }

    /// Keeps a copy of `page` (its body trimmed to size) under `key`, unless a write
    /// came after `stamp`.
    pub fn keep(&self, key: String, stamp: Stamp, page: &Finished) {
        let Some(c) = &self.cache else { return };
        if c.generation.load(Ordering::Acquire) != stamp.generation {
            return;
        }
        let page = Arc::new(page.compact());
        let Ok(mut pages) = c.pages.lock() else {
            return;
        };
        if c.generation.load(Ordering::Acquire) != stamp.generation {
            return;
        }
        if pages.len() >= c.capacity {
            pages.clear();
        }
        pages.insert(
            key,
            Kept {
                made: Instant::now(),
                until: stamp.until,
                page,
            },
        );
    }

    /// Runs a store call on the blocking pool.
    pub async fn with_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn ArticleStore) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, Failure> {
        let store = Arc::clone(&self.store);
        Ok(blocking(move || f(&*store)).await??)
    }

    /// Runs a write on the blocking pool while holding the writer (writes through this
    /// service are applied one at a time, in the order the store took them), then
    /// applies what it returns — (the version replaced, the version stored) — to the
    /// indexes, swaps the snapshots and empties the page cache before returning.
    ///
    /// Writers wait for their turn on the runtime, not on a blocking-pool thread: a
    /// burst of writes would otherwise hold every pool thread waiting for the writer
    /// lock, leaving none for the page reads that call the store, and the extra
    /// threads made resident memory rise faster (ten-minute soak,
    /// docs/load-testing.md).
    pub async fn write<T: Send + 'static>(
        self: &Arc<Self>,
        id: ArticleId,
        f: impl FnOnce(&dyn ArticleStore) -> Result<(T, Option<Article>, Option<Article>), StoreError>
            + Send
            + 'static,
    ) -> Result<T, Failure> {
        // A task of its own: a request dropped mid-write (its client gone) neither
        // cancels the write nor leaves it applied but unpublished.
        tokio::spawn(Arc::clone(self).write_in_turn(id, f))
            .await
            .map_err(|e| Failure::Task(e.to_string()))?
    }

    /// [`Shared::write`]'s work, in its own task.
    async fn write_in_turn<T: Send + 'static>(
        self: Arc<Self>,
        id: ArticleId,
        f: impl FnOnce(&dyn ArticleStore) -> Result<(T, Option<Article>, Option<Article>), StoreError>
            + Send
            + 'static,
    ) -> Result<T, Failure> {
        // This task runs to its end (see `write`), so the count comes down again.
        self.queued.fetch_add(1, Ordering::AcqRel);
        let turn = self.turn.lock().await;
        self.queued.fetch_sub(1, Ordering::AcqRel);
        let me = Arc::clone(&self);
        let tell = id.clone();
        let (out, mine) = blocking(move || {
            let mut w = me.writer.lock().unwrap_or_else(|e| e.into_inner());
            let written = f(&*me.store);
            let (out, old, new) = match written {
                Ok(x) => x,
                Err(e) => {
                    me.publish_if_last(&mut w);
                    return Err(Failure::from(e));
                }
            };
            me.cited(&id, new.as_ref());
            w.apply(&id, old, new, me.render.urls(), me.now());
            w.applied += 1;
            let mine = w.applied;
            // Group commit: while other writers wait for their turn, the snapshots are
            // swapped once, by the last of them, instead of once per write. Each swap
            // makes the next write copy the indexes (the readers hold the old ones), so
            // under a burst of writes this saves a copy of every index per write.
            me.publish_if_last(&mut w);
            Ok((out, mine))
        })
        .await??;
        drop(turn);
        let mut seen = self.published.subscribe();
        while *seen.borrow_and_update() < mine {
            let shown = tokio::time::timeout(GROUP_COMMIT_WAIT, seen.changed()).await;
            if matches!(shown, Ok(Ok(()))) {
                continue;
            }
            // Whoever was to publish failed, or writers keep coming: publish now.
            let me = Arc::clone(&self);
            blocking(move || {
                let mut w = me.writer.lock().unwrap_or_else(|e| e.into_inner());
                if w.published < mine {
                    me.publish(&mut w);
                }
            })
            .await?;
        }
        if self.on_write.get().is_some() {
            let me = Arc::clone(&self);
            blocking(move || {
                if let Some(tell_others) = me.on_write.get() {
                    tell_others(&tell);
                }
            })
            .await?;
        }
        Ok(out)
    }

    /// Publishes writes readers do not see yet, unless another writer is waiting for
    /// the lock (it will publish them with its own).
    fn publish_if_last(&self, w: &mut Writer) {
        let pending = w.applied.saturating_sub(w.published);
        if pending > 0 && (pending >= GROUP_COMMIT_MAX || self.queued.load(Ordering::Acquire) == 0)
        {
            self.publish(w);
        }
    }

    /// Swaps in the writer's snapshots, empties the page cache and tells the wake task
    /// (the next transition may have moved).
    fn publish(&self, w: &mut Writer) {
        w.published = w.applied;
        self.published.send_replace(w.published);
        self.schedule_changed.notify_one();
        let view = Arc::new(w.view());
        *self.view.write().unwrap_or_else(|e| e.into_inner()) = view;
        if let Some(c) = &self.cache {
            c.generation.fetch_add(1, Ordering::AcqRel);
            if let Ok(mut pages) = c.pages.lock() {
                pages.clear();
            }
        }
    }

    /// Applies a write made elsewhere: article `id`, `old` replaced by `new`.
    pub async fn apply(
        self: &Arc<Self>,
        id: ArticleId,
        old: Option<Article>,
        new: Option<Article>,
    ) {
        let me = Arc::clone(self);
        let _ = blocking(move || {
            let mut w = me.writer.lock().unwrap_or_else(|e| e.into_inner());
            me.cited(&id, new.as_ref());
            w.apply(&id, old, new, me.render.urls(), me.now());
            me.publish(&mut w);
        })
        .await;
    }

    /// Re-reads `id` from the store and applies it.
    pub async fn refresh(self: &Arc<Self>, id: ArticleId) -> Result<(), StoreError> {
        let me = Arc::clone(self);
        match blocking(move || me.refresh_now(&id)).await {
            Ok(r) => r,
            Err(f) => Err(StoreError::backend(
                "refreshing an article",
                std::io::Error::other(format!("{f:?}")),
            )),
        }
    }

    /// Keeps the documents' "Bài viết trích dẫn" current: article `id` is now `new`.
    fn cited(&self, id: &ArticleId, new: Option<&Article>) {
        if let Some(docs) = &self.documents {
            docs.article_changed(id, new, self.render.urls());
        }
    }

    /// [`Shared::refresh`] on the calling thread (which must not be a runtime worker).
    pub fn refresh_now(&self, id: &ArticleId) -> Result<(), StoreError> {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let new = self.store.get(id)?.map(|s| s.article);
        self.cited(id, new.as_ref());
        w.apply(id, None, new, self.render.urls(), self.now());
        self.publish(&mut w);
        Ok(())
    }

    /// The indexes as they are now, with their fingerprints (cheap: copy-on-write).
    #[cfg(feature = "postgres")]
    pub fn saved(&self) -> warm::Saved {
        let w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let r = w.pair.front();
        warm::Saved {
            related: r.related.clone(),
            search: r.search.clone(),
            seen: w.seen.clone(),
        }
    }

    /// Rebuilds every index from the store, on the calling thread (after notifications
    /// may have been missed).
    #[cfg(feature = "postgres")]
    pub fn rebuild_now(&self) -> Result<(), StoreError> {
        // Under the writer lock: no write lands between the scan and the swap.
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut fresh = Writer::build(&*self.store, self.render.urls(), self.now(), None)?;
        // The write counts carry over: a writer waiting for its write to be published
        // compares against them, and the rebuilt indexes hold every write applied so
        // far (they are in the store), so publishing below shows them all.
        fresh.applied = w.applied;
        fresh.published = w.published;
        *w = fresh;
        if let Some(docs) = &self.documents {
            docs.rescan(&*self.store, self.render.urls())?;
        }
        self.publish(&mut w);
        Ok(())
    }

    /// The answer to a failure: the site's error page, or problem+json for a client
    /// that asked for JSON.
    pub fn failure(&self, req: &HeaderMap, failure: Failure) -> Response {
        let (kind, problem) = match failure {
            Failure::NotFound => (
                ErrorPage::NotFound,
                Problem::new(
                    StatusCode::NOT_FOUND,
                    "not found",
                    "no page at this address",
                ),
            ),
            Failure::Gone => (
                ErrorPage::Gone,
                Problem::new(StatusCode::GONE, "gone", "this page was taken down"),
            ),
            Failure::Moved(to) => return moved(&to),
            Failure::BadRequest(p) => (ErrorPage::BadRequest, p),
            Failure::Store(e) => store_failure(e),
            Failure::Task(e) => {
                eprintln!("tintuc::web: task failed: {e}");
                (
                    ErrorPage::ServerError,
                    Problem::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal error",
                        "the server failed",
                    ),
                )
            }
        };
        self.error(req, kind, problem)
    }

    /// `problem` as JSON when asked for, else the error page `kind` with its status.
    pub fn error(&self, req: &HeaderMap, kind: ErrorPage, problem: Problem) -> Response {
        let extra = problem.headers.clone();
        let mut r = if wants_json(req) {
            problem.into_response()
        } else {
            let mut html = String::new();
            self.render.render_error(kind, &mut html);
            let status =
                StatusCode::from_u16(kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut r = (status, html).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            for (k, v) in extra {
                r.headers_mut().insert(k, v);
            }
            r
        };
        r.headers_mut()
            .insert(header::VARY, header::HeaderValue::from_static("Accept"));
        r
    }
}

/// `301 Moved Permanently` to `to`.
fn moved(to: &str) -> Response {
    let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(v) = header::HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

/// A store error as a page and a problem: a backend failure is 503 (the database may
/// come back), the rest (which pages do not cause) 500.
pub(crate) fn store_failure(e: StoreError) -> (ErrorPage, Problem) {
    match e {
        StoreError::Backend { .. } => {
            eprintln!("tintuc::web: store: {e}");
            (
                ErrorPage::Unavailable,
                Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "store unavailable",
                    "the database cannot be reached; try again shortly",
                )
                .header(header::RETRY_AFTER, "5"),
            )
        }
        other => {
            eprintln!("tintuc::web: store: {other}");
            (
                ErrorPage::ServerError,
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error",
                    "the store failed",
                ),
            )
        }
    }
}

#[cfg(all(test, feature = "postgres"))]
#[path = "state_tests.rs"]
mod tests;
