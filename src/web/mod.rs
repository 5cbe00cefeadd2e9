//! The portal as an HTTP service (feature `web`): an axum [`Router`] over any
//! [`ArticleStore`], to serve alone or to mount beside a host's own routes.
//!
//! This module owns the HTTP face of the crate: routing a path to a page, conditional
//! responses, caching headers, error pages and the JSON API. It never renders markup
//! itself ([`crate::render`] does), never ranks ([`crate::related`], [`crate::search`])
//! and never speaks SQL (the [`ArticleStore`] does).
//!
//! # Pages
//! With [`DefaultUrls`]: `/` (home), `/chuyen-muc/{slug}` and `/chuyen-muc/{slug}/trang-N`
//! (also `?trang=N`), `/chuyen-muc/{slug}/rss.xml`, `/the/{tag}` and `/the/{tag}/trang-N`,
//! `/dong-su-kien/{topic}` and `/dong-su-kien/{topic}/trang-N`,
//! `/tin/{slug}.html` (with "Tin liên quan"), `/rss.xml`, `/atom.xml`, `/sitemap.xml`
//! (a sitemap index over `/sitemap-N.xml` past 50,000 articles), `/sitemap-news.xml`
//! (Google News), `/tim-kiem?q=…&trang=N` (search, over [`crate::search`]) and, with a
//! [`DocumentStore`], the "Văn bản" section under `/van-ban`.
//! A host with its own [`UrlScheme`](crate::render::UrlScheme) implements [`Routes`], its inverse.
//!
//! Every page has a strong `ETag` (a hash of its bytes), `Last-Modified` when its
//! articles have dates, and `Cache-Control: public, max-age=N`; `If-None-Match` (weak
//! comparison, so `W/"…"` matches) and `If-Modified-Since` give `304`. Errors are the
//! site's own pages ([`ErrorPage`]: 404, 410 for articles taken down, 503 while the
//! database is unreachable; a `301` from an article's former slug), or RFC 9457 `application/problem+json` for clients that
//! ask for JSON.
//!
//! # The JSON API
//! With a token ([`Config::token`]), `/api/articles` takes `GET` (a page of the listing),
//! `POST` (create) and `/api/articles/{id}` `GET`, `PUT` (`If-Match: "<revision>"`) and
//! `DELETE` (`If-Match`), with `Authorization: Bearer <token>` (the scheme in any case).
//! `/api/articles/{id}/revisions` lists the article's history (a store's
//! [`RevisionStore`](crate::store::RevisionStore)); `…/revisions/{rev}` reads one
//! version, `…/revisions/{rev}/diff?against=N` compares two by field and body block, and
//! `POST …/revisions/{rev}/restore` (`If-Match`) writes one back as a new revision;
//! `GET /api/audit?article=ID` lists its status changes, `GET /api/audit?limit=N` the
//! site's most recent.
//!
//! Each token is a user ([`ApiUser`]) with roles per category ([`Grants`](crate::model::Grants)):
//! [`Config::token`] adds an `admin` holding every right, [`Config::api_users`] adds
//! users read from a tokens file ([`ApiUsers::from_json`]). Every write is checked with
//! [`check_write`](crate::model::check_write) against the version it replaces and
//! answers `403` naming the missing role; the user's name goes into the revision history.
//! Bodies are the plain import format ([`crate::import`]) or the full [`Article`] JSON.
//! Every error is `application/problem+json` naming the field; see the README.
//!
//! # Threads
//! The stores are synchronous: every store call runs on tokio's blocking pool
//! ([`tokio::task::spawn_blocking`]), so a host's async workers never wait on the
//! database. Pages are served from immutable snapshots — the related and search indexes,
//! the tag table and a catalog of the visible articles with every listing a page shows
//! (home, category, topic, tag, feeds, sitemaps) — and read the store only for an
//! address the catalog does not hold or while a visibility transition is due; a write
//! through the API updates the indexes and swaps the snapshots before it answers, so
//! the next request sees it. Writes that reach the store another way (another process,
//! another node) are applied with [`Service::refresh`].
//!
//! # Scheduled publishing and expiry
//! Every page, listing, feed, sitemap, related list and search answers with what
//! readers may see at the service's clock ([`Config::clock`], the system clock by
//! default; [`Article::is_visible_at`]). The service keeps the time of the next
//! transition — a scheduled article's publish time, an expiry — and a task on the
//! runtime sleeps until then, applies it to the indexes and empties the page cache, so
//! an article appears or disappears on time with nobody visiting; each write or refresh
//! recomputes it, and no request polls. [`Service::wake`] does the same on demand.
//! An article not visible is `404 Not Found`, except one that expired, was withdrawn
//! or was taken down through this service: `410 Gone`.
//!
//! ```
//! use std::sync::Arc;
//! use tintuc::render::Site;
//! use tintuc::store::{ArticleStore, MemoryStore};
//! use tintuc::web::{Config, Service};
//!
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let store = Arc::new(MemoryStore::new());
//! for a in tintuc::import::sample_articles()? {
//!     store.put(&a, None)?;
//! }
//! let site = Site::new("Cổng thông tin điện tử", "http://127.0.0.1:8080".parse()?);
//! let service = Service::new(store, Config::new(site).token("bi-mat")).await?;
//! let app: axum::Router = service.router(); // mount beside the host's routes, or serve
//! # let _ = app;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod api;
mod auth;
mod body;
mod catalog;
mod documents;
mod http;
mod pages;
#[cfg(feature = "postgres")]
mod postgres;
mod redirects;
mod replica;
mod routes;
mod site;
mod state;
mod warm;

use std::sync::Arc;
use std::time::Duration;

use axum::routing::any;
use axum::Router;

use crate::model::{Article, Timestamp, VIETNAM_OFFSET};
use crate::render::{DefaultTheme, DefaultUrls, Site, Theme};
use crate::store::{ArticleStore, DocumentStore, StoreError};

pub use crate::render::ErrorPage;
pub use auth::{ApiUser, ApiUsers, ApiUsersError, ADMIN_USER};
#[cfg(feature = "postgres")]
pub use postgres::{PgSync, SavedIndexes, CHANNEL};
pub use redirects::Redirects;
pub use routes::{default_route, Route, Routes};

use state::Shared;

/// Why a [`Service`] could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// Reading the articles to build the indexes failed.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// Reading the documents failed.
    #[error("documents: {0}")]
    Documents(#[from] crate::store::DocumentStoreError),
    /// The documents could not be put in a registry (duplicate ids).
    #[error("documents: {0}")]
    Registry(String),
    /// A start-up task on the blocking pool failed.
    #[error("start-up task failed: {0}")]
    Task(String),
    /// Joining the other nodes failed (PostgreSQL LISTEN/NOTIFY).
    #[error("sync: {0}")]
    Sync(String),
    /// Reading or writing the saved indexes failed.
    #[error("saved indexes: {0}")]
    Saved(String),
}

/// How the service looks and behaves: the site (name, base URL, menu), theme, URL
/// scheme, page size, API token, cache.
///
/// ```
/// use tintuc::render::Site;
/// use tintuc::web::Config;
/// let site = Site::new("Cổng thông tin", "https://example.gov.vn".parse()?);
/// let config = Config::new(site).per_page(20).page_cache(10_000).max_age(120);
/// assert_eq!(config.site().name, "Cổng thông tin");
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
pub struct Config<T = DefaultTheme, U = DefaultUrls> {
    site: Site,
    theme: T,
    urls: U,
    users: ApiUsers,
    per_page: usize,
    related_links: usize,
    page_cache: usize,
    page_ttl: Duration,
    max_age: u32,
    max_body: usize,
    documents: Option<Arc<dyn DocumentStore>>,
    clock: Clock,
}

/// Where a [`Service`] reads the time ([`Config::clock`]).
pub(crate) type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// The system clock, in Vietnam's offset.
fn system_clock() -> Timestamp {
    chrono::Utc::now().with_timezone(&VIETNAM_OFFSET)
}

impl<T, U> std::fmt::Debug for Config<T, U> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("site", &self.site.name)
            .field("api_users", &self.users.len())
            .field("per_page", &self.per_page)
            .field("page_cache", &self.page_cache)
            .field("documents", &self.documents.is_some())
            .finish()
    }
}

impl Config {
    /// The default theme and URLs for `site`: 10 articles per listing page, 5 related
    /// links, no page cache, `max-age=60`, bodies up to 1 MiB, the API off.
    pub fn new(site: Site) -> Self {
        Config {
            site,
            theme: DefaultTheme,
            urls: DefaultUrls,
            users: ApiUsers::new(),
            per_page: 10,
            related_links: 5,
            page_cache: 0,
            page_ttl: Duration::from_secs(5),
            max_age: 60,
            max_body: 1 << 20,
            documents: None,
            clock: Arc::new(system_clock),
        }
    }
}

impl<T, U> Config<T, U> {
    /// The site.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The same configuration with another theme.
    pub fn theme<T2: Theme>(self, theme: T2) -> Config<T2, U> {
        let Config {
            site,
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
            ..
        } = self;
        Config {
            site,
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
        }
    }

    /// The same configuration with another URL scheme (and its inverse, [`Routes`]).
    pub fn urls<U2: Routes>(self, urls: U2) -> Config<T, U2> {
        let Config {
            site,
            theme,
            users,
            per_page,
            related_links,
            page_cache,
            page_ttl,
            max_age,
            max_body,
            documents,
            clock,
            ..
        } = self;
        Config {
            site,
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
        }
    }

    /// Turns the JSON API on, behind this bearer token, for a user named `admin` holding
    /// [`Role::Admin`](crate::model::Role::Admin) in every category (an empty token, or
    /// one holding whitespace, adds nobody).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        let admin = ApiUser::new(ADMIN_USER, crate::model::Grants::admin());
        // A refused token adds nobody, like an empty one.
        let _ = self.users.insert(token, admin);
        self
    }

    /// Turns the JSON API on for these users (added to any already configured): each
    /// token acts as its user, with its roles per category. See [`ApiUsers`] and the
    /// README's "Rights" section.
    ///
    /// ```
    /// use tintuc::render::Site;
    /// use tintuc::web::{ApiUsers, Config};
    /// let users = ApiUsers::from_json(r#"{"tok-lan": {"user": "lan", "roles": {"thoi-su": ["author"]}}}"#)?;
    /// let site = Site::new("Cổng thông tin", "https://example.gov.vn".parse()?);
    /// let config = Config::new(site).token("bi-mat").api_users(users);
    /// # let _ = config;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn api_users(mut self, users: ApiUsers) -> Self {
        for (token, user) in users.into_entries() {
            // Already checked when they were inserted.
            let _ = self.users.insert(token, user);
        }
        self
    }

    /// Whether the JSON API is on: some token is configured.
    pub fn api_on(&self) -> bool {
        !self.users.is_empty()
    }

    /// Articles per listing page (category, tag, search), at least 1.
    pub fn per_page(mut self, n: usize) -> Self {
        self.per_page = n.max(1);
        self
    }

    /// Links in "Tin liên quan".
    pub fn related_links(mut self, n: usize) -> Self {
        self.related_links = n;
        self
    }

    /// Keeps up to `pages` rendered pages in memory (0, the default: none). A write
    /// through the API empties it; pages are reused for at most [`Config::page_ttl`],
    /// which bounds how long a write made elsewhere can go unseen, and never once the
    /// service's clock reaches a change of an official document's validity (midnight
    /// in Vietnam on an effective or expiry date), so badges and the "Còn hiệu lực"
    /// listing change on time.
    pub fn page_cache(mut self, pages: usize) -> Self {
        self.page_cache = pages;
        self
    }

    /// How long a cached page is reused (5 s by default).
    pub fn page_ttl(mut self, ttl: Duration) -> Self {
        self.page_ttl = ttl;
        self
    }

    /// `Cache-Control: public, max-age=N` on pages, feeds and sitemaps (60 by default).
    pub fn max_age(mut self, seconds: u32) -> Self {
        self.max_age = seconds;
        self
    }

    /// The largest API request body, in bytes (1 MiB by default); larger ones get 413.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Reads "now" from `clock` (the system clock by default): which articles readers
    /// may see, and when the service wakes to publish a scheduled article or take an
    /// expired one down. For tests and replays; the wake task sleeps on the runtime's
    /// timer for the difference between the next transition and `clock()`.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicI64, Ordering};
    /// use std::sync::Arc;
    /// use tintuc::render::Site;
    /// use tintuc::web::Config;
    /// let secs = Arc::new(AtomicI64::new(1_700_000_000));
    /// let clock = Arc::clone(&secs);
    /// let config = Config::new(Site::new("Cổng", "https://example.gov.vn".parse()?))
    ///     .clock(move || chrono::DateTime::from_timestamp(clock.load(Ordering::Relaxed), 0)
    ///         .unwrap_or_default()
    ///         .fixed_offset());
    /// secs.fetch_add(60, Ordering::Relaxed); // the service's "now" moves a minute on
    /// # let _ = config;
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn clock(mut self, clock: impl Fn() -> Timestamp + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Serves the "Văn bản" section from these documents, and links article citations
    /// to them. The registry is read when the service starts.
    pub fn documents(mut self, documents: Arc<dyn DocumentStore>) -> Self {
        self.documents = Some(documents);
        self
    }
}

/// The running portal: the store, the rendered site's configuration and the indexes
/// (related links, search, tags) kept current by the API's writes. Cheap to clone.
#[derive(Clone)]
pub struct Service {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("site", &self.shared.render.site().name)
            .finish()
    }
}

impl Service {
    /// Reads the store (on the blocking pool) to build the related and search indexes
    /// and the tag table, and the documents when configured. The site's menu is the
    /// store's categories when `site.sections` is empty, and its search box leads to
    /// [`Routes::search`] when `site.search_url` is unset.
    pub async fn new<T, U>(
        store: Arc<dyn ArticleStore>,
        config: Config<T, U>,
    ) -> Result<Service, WebError>
    where
        T: Theme + Send + Sync + 'static,
        U: Routes + Send + Sync + 'static,
    {
        let shared = Arc::new(Shared::start(store, config, None).await?);
        spawn_wake_task(&shared);
        Ok(Service { shared })
    }

    /// Applies every visibility transition due at the clock's now — scheduled articles
    /// whose time came, articles that expired — to the indexes and caches (what the
    /// service's own wake task does at each transition), and returns the next
    /// transition, if any. For hosts that drive time themselves.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use tintuc::model::{Article, Status};
    /// use tintuc::render::Site;
    /// use tintuc::store::{ArticleStore, MemoryStore};
    /// use tintuc::web::{Config, Service};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let store = Arc::new(MemoryStore::new());
    /// let mut a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
    /// a.status = Status::Scheduled;
    /// a.published = Some("2030-01-01T10:00:00+07:00".parse()?);
    /// store.put(&a, None)?;
    /// let site = Site::new("Cổng", "http://127.0.0.1:8080".parse()?);
    /// let service = Service::new(store, Config::new(site)).await?;
    /// assert_eq!(service.wake().await?, a.published);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn wake(&self) -> Result<Option<Timestamp>, StoreError> {
        let sh = Arc::clone(&self.shared);
        match state::blocking(move || sh.wake_now()).await {
            Ok(r) => r,
            Err(f) => Err(StoreError::backend(
                "applying scheduled changes",
                std::io::Error::other(format!("{f:?}")),
            )),
        }
    }

    /// The routes: every page under the [`Routes`], the API under `/api`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/api", any(api::handle))
            .route("/api/{*rest}", any(api::handle))
            .fallback(pages::handle)
            .with_state(Arc::clone(&self.shared))
    }

    /// Re-reads the article `id` from the store and brings the indexes and caches up to
    /// date with it (changed, added, unpublished or deleted) — for writes made by another
    /// process or node.
    pub async fn refresh(&self, id: &crate::model::ArticleId) -> Result<(), StoreError> {
        self.shared.refresh(id.clone()).await
    }

    /// Applies a write this host made to the store itself (not through the API):
    /// article `id`, `old` the version replaced as stored (`None` for a new article or
    /// when unknown), `new` the version now stored (`None` after a delete).
    pub async fn applied(
        &self,
        id: &crate::model::ArticleId,
        old: Option<Article>,
        new: Option<Article>,
    ) {
        self.shared.apply(id.clone(), old, new).await
    }
}

/// After a failed wake (the store unreachable), how long before the next try.
const WAKE_RETRY: Duration = Duration::from_secs(1);

/// With nothing scheduled, how long the wake task sleeps before looking again (a write
/// wakes it sooner).
const IDLE_WAKE: Duration = Duration::from_secs(3600);

/// The task that applies visibility transitions on time: it sleeps until the next one
/// (or until a write moves it), then wakes the service. It holds the service weakly and
/// ends when the service is dropped.
fn spawn_wake_task(shared: &Arc<Shared>) {
    let weak = Arc::downgrade(shared);
    let changed = Arc::clone(&shared.schedule_changed);
    tokio::spawn(async move {
        let mut pause = None;
        loop {
            let wait = match pause.take() {
                Some(p) => p,
                None => {
                    let Some(sh) = weak.upgrade() else { return };
                    let (next, now) = (sh.next_due(), sh.now());
                    drop(sh);
                    match next {
                        Some(t) => (t - now).to_std().unwrap_or(Duration::ZERO),
                        None => IDLE_WAKE,
                    }
                }
            };
            if !wait.is_zero() {
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = changed.notified() => continue,
                }
            }
            let Some(sh) = weak.upgrade() else { return };
            if sh.next_due().is_some_and(|t| t <= sh.now()) {
                let woken = Arc::clone(&sh);
                drop(sh);
                match state::blocking(move || woken.wake_now()).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => {
                        eprintln!("tintuc::web: applying scheduled changes: {e}");
                        pause = Some(WAKE_RETRY);
                    }
                    Err(f) => {
                        eprintln!("tintuc::web: applying scheduled changes: {f:?}");
                        pause = Some(WAKE_RETRY);
                    }
                }
            }
        }
    });
}
