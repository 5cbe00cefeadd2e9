//! A real host: an axum (tokio) news site over the SQLite store.
//!
//! ```text
//! cargo run --example server --features sqlite -- --db tintuc.sqlite3 --addr 127.0.0.1:8080
//! TINTUC_API_TOKEN=secret cargo run --example server --features sqlite   # API on
//! ```
//!
//! - `--db PATH` (default `tintuc.sqlite3`): the database; an empty one is filled with the
//!   bundled sample articles on first run.
//! - `GET /van-ban` and below: the "Văn bản" section (document pages, the listing by
//!   kind, issuer, field, year and validity with pages, `GET /van-ban/rss.xml`), from
//!   the documents stored in the same database file (the bundled sample documents go
//!   into an empty one); article pages link the documents they cite.
//! - `GET /` home, `GET /chuyen-muc/{slug}?trang=N` category pages, `GET /tin/{slug}.html`
//!   article pages with related links, `GET /rss.xml` and `GET /chuyen-muc/{slug}/rss.xml`
//!   feeds, `GET /sitemap.xml`; a Vietnamese 404 page; `ETag`/`Last-Modified` with `304`.
//! - `POST /api/articles` (create) and `PUT /api/articles/{id}` (update, `If-Match:
//!   "<revision>"`) take the article JSON with `Authorization: Bearer $TINTUC_API_TOKEN`.
//!   Without the variable the API is off (404). Bad input gets an
//!   `application/problem+json` answer naming the field.
//!
//! Every store call runs in `tokio::task::spawn_blocking` (the store is synchronous, see
//! `tintuc::store`). Related links are served from an `Arc` snapshot; publishing sends
//! the id to a background task that rebuilds the snapshot off the request path and swaps
//! it in.

// Handler helpers return a finished `Response` as their error: one per request, moved
// once, so boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

#[path = "server/documents.rs"]
mod documents;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use chrono::{DateTime, Timelike, Utc};
use serde::Deserialize;
use tintuc::model::{Article, ArticleId, Category, Slug, Status, ValidationError};
use tintuc::related;
use tintuc::render::{
    ArticleView, CategoryView, DefaultUrls, HomeSection, Page as RenderPage, RelatedLink, Renderer,
    Site, SitemapEntry, SitemapFile,
};
use tintuc::store::{
    ArticleStore, DocumentStore, Filter, ListQuery, MemoryDocumentStore, Revision, ScanIter,
    SqliteDocumentStore, SqliteStore, StoreError, StoredArticle,
};
use tokio::sync::mpsc;

const PER_PAGE: usize = 10;
const RELATED_LINKS: usize = 5;
const TOKEN_ENV: &str = "TINTUC_API_TOKEN";

// -------------------------------------------------------------------------------------
// Related links: `tintuc::related` snapshots, kept current in the background.

/// What article pages read: an immutable snapshot of the related index, the link
/// (title, URL, date) of every published article, and the lists already computed from
/// this snapshot (filled on first request; a new snapshot starts empty).
struct RelatedView {
    index: related::Snapshot,
    links: Arc<HashMap<ArticleId, RelatedLink>>,
    computed: std::sync::Mutex<HashMap<ArticleId, Arc<[RelatedLink]>>>,
    /// Rendered article pages. Every save through the API swaps in a new view (and so
    /// an empty cache); [`PAGE_TTL`] bounds how long a change made by another process
    /// writing the same database can go unseen.
    pages: std::sync::Mutex<HashMap<Slug, Arc<CachedPage>>>,
}

/// A rendered article page with its validators.
struct CachedPage {
    body: Bytes,
    etag: String,
    last_modified: Option<DateTime<Utc>>,
    at: Instant,
}

/// How long a rendered article page is reused.
const PAGE_TTL: Duration = Duration::from_secs(5);

/// Most pages kept per view (the cache is cleared when full).
const MAX_CACHED_PAGES: usize = 10_000;

impl RelatedView {
    fn cached_page(&self, slug: &Slug) -> Option<Arc<CachedPage>> {
        let m = self.pages.lock().ok()?;
        m.get(slug).filter(|p| p.at.elapsed() < PAGE_TTL).cloned()
    }

    fn cache_page(&self, slug: Slug, page: CachedPage) {
        if let Ok(mut m) = self.pages.lock() {
            if m.len() >= MAX_CACHED_PAGES {
                m.clear();
            }
            m.insert(slug, Arc::new(page));
        }
    }

    fn links_for(&self, id: &ArticleId) -> Arc<[RelatedLink]> {
        let cached = self.computed.lock().ok().and_then(|m| m.get(id).cloned());
        if let Some(found) = cached {
            return found;
        }
        let list: Arc<[RelatedLink]> = self
            .index
            .related(
                id,
                &related::QueryOptions::top(RELATED_LINKS).without_explanations(),
            )
            .into_iter()
            .filter_map(|r| self.links.get(&r.id).cloned())
            .collect();
        if let Ok(mut m) = self.computed.lock() {
            m.insert(id.clone(), Arc::clone(&list));
        }
        list
    }
}

/// The writer side, owned by the background task.
struct RelatedWriter {
    index: related::Index,
    links: Arc<HashMap<ArticleId, RelatedLink>>,
}

impl RelatedWriter {
    fn build(store: &dyn ArticleStore) -> Result<Self, StoreError> {
        let index = related::Index::builder().build_from_store(store)?;
        let mut links = HashMap::new();
        for item in ScanIter::new(store) {
            let a = item?.article;
            if a.status == Status::Published {
                links.insert(a.id.clone(), RelatedLink::to(&a, &DefaultUrls));
            }
        }
        Ok(RelatedWriter {
            index,
            links: Arc::new(links),
        })
    }

    /// `old`: the version this save replaced (as read from the store at the revision the
    /// save checked), so the index subtracts exactly its statistics.
    fn apply(&mut self, old: Option<&Article>, article: &Article) {
        match old {
            Some(old) => {
                self.index.update_from(old, article);
            }
            None => self.index.update(article),
        }
        let links = Arc::make_mut(&mut self.links);
        if article.status == Status::Published {
            links.insert(article.id.clone(), RelatedLink::to(article, &DefaultUrls));
        } else {
            links.remove(&article.id);
        }
    }

    fn view(&self) -> RelatedView {
        RelatedView {
            index: self.index.snapshot(),
            links: Arc::clone(&self.links),
            computed: Default::default(),
            pages: Default::default(),
        }
    }
}

// -------------------------------------------------------------------------------------
// Application state.

#[derive(Clone)]
struct AppState {
    store: Arc<dyn ArticleStore>,
    token: Option<Arc<str>>,
    related: Arc<RwLock<Arc<RelatedView>>>,
    /// Saved articles for the related updater: (the version replaced, the new one).
    published: mpsc::UnboundedSender<(Option<Article>, Article)>,
    renderer: Arc<Renderer>,
    documents: Arc<documents::DocumentSite>,
}

impl AppState {
    fn related(&self) -> Arc<RelatedView> {
        self.related
            .read()
            .map(|g| Arc::clone(&g))
            .unwrap_or_else(|e| Arc::clone(&e.into_inner()))
    }
}

/// Runs a store call on the blocking pool.
async fn blocking<T: Send + 'static>(
    store: &Arc<dyn ArticleStore>,
    f: impl FnOnce(&dyn ArticleStore) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, AppError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || f(&*store))
        .await
        .map_err(|e| AppError::Internal(format!("store task failed: {e}")))?
        .map_err(AppError::Store)
}

/// Starts the background task that keeps related links current: it waits for saved
/// articles, takes every other one queued meanwhile, updates the index incrementally on
/// the blocking pool and swaps in a new snapshot. Requests only ever read a snapshot.
fn spawn_related_updater(
    writer: RelatedWriter,
    slot: Arc<RwLock<Arc<RelatedView>>>,
) -> mpsc::UnboundedSender<(Option<Article>, Article)> {
    let (tx, mut rx) = mpsc::unbounded_channel::<(Option<Article>, Article)>();
    tokio::spawn(async move {
        let mut writer = Some(writer);
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while let Ok(more) = rx.try_recv() {
                batch.push(more);
            }
            let Some(mut w) = writer.take() else { break };
            let done = tokio::task::spawn_blocking(move || {
                for (old, a) in &batch {
                    w.apply(old.as_ref(), a);
                }
                let view = w.view();
                (w, view)
            })
            .await;
            match done {
                Ok((w, view)) => {
                    *slot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(view);
                    writer = Some(w);
                }
                Err(e) => {
                    eprintln!("related update failed: {e}");
                    break;
                }
            }
        }
    });
    tx
}

/// Builds the application over `store` (filled with the sample when empty), with the
/// sample documents in memory.
#[cfg_attr(not(test), allow(dead_code))]
async fn build_app(
    store: Arc<dyn ArticleStore>,
    token: Option<String>,
) -> Result<Router, Box<dyn std::error::Error + Send + Sync>> {
    let docs: Arc<dyn DocumentStore> = Arc::new(MemoryDocumentStore::new());
    build_app_with(store, token, docs).await
}

/// Builds the application over `store` and the documents in `docs` (both filled with
/// the bundled samples when empty).
async fn build_app_with(
    store: Arc<dyn ArticleStore>,
    token: Option<String>,
    docs: Arc<dyn DocumentStore>,
) -> Result<Router, Box<dyn std::error::Error + Send + Sync>> {
    let loaded = {
        let store = Arc::clone(&store);
        tokio::task::spawn_blocking(
            move || -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
                if store.count()? > 0 {
                    return Ok(0);
                }
                let sample = tintuc::import::sample_articles()?;
                let mut stored = 0;
                for (i, a) in sample.iter().enumerate() {
                    // One article that cannot be stored is reported; the rest load.
                    match store.put(a, None) {
                        Ok(_) => stored += 1,
                        Err(e) => eprintln!("sample line {}: article {}: {e}", i + 1, a.id),
                    }
                }
                Ok(stored)
            },
        )
        .await??
    };
    if loaded > 0 {
        eprintln!("loaded {loaded} sample articles into the empty store");
    }
    let (writer, sections) = {
        let store = Arc::clone(&store);
        tokio::task::spawn_blocking(move || -> Result<_, StoreError> {
            let cats = store.categories()?;
            Ok((RelatedWriter::build(&*store)?, cats))
        })
        .await??
    };
    let related = Arc::new(RwLock::new(Arc::new(writer.view())));
    let published = spawn_related_updater(writer, Arc::clone(&related));
    let mut site = Site::new("Cổng thông tin điện tử", "http://127.0.0.1".parse()?);
    site.sections = sections.into_iter().map(|(c, _)| c).collect();
    let renderer = Renderer::new(site);
    let document_site = {
        let store = Arc::clone(&store);
        let urls = *renderer.urls();
        let at = Utc::now().with_timezone(&tintuc::model::VIETNAM_OFFSET);
        tokio::task::spawn_blocking(move || {
            documents::DocumentSite::build(&*docs, &*store, &urls, at)
        })
        .await??
    };
    let state = AppState {
        store,
        token: token.filter(|t| !t.is_empty()).map(Arc::from),
        related,
        published,
        renderer: Arc::new(renderer),
        documents: Arc::new(document_site),
    };
    Ok(Router::new()
        .route("/", get(home))
        .route("/chuyen-muc/{slug}", get(category))
        .route("/chuyen-muc/{slug}/{part}", get(category_part))
        .route("/tin/{file}", get(article_page))
        .route("/rss.xml", get(feed))
        .route("/atom.xml", get(atom))
        .route("/sitemap.xml", get(sitemap))
        .route("/van-ban", get(document_section))
        .route("/van-ban/{*rest}", get(document_section))
        .route("/api/articles", post(api_create))
        .route("/api/articles/{id}", put(api_update))
        .fallback(not_found_handler)
        .with_state(state))
}

// -------------------------------------------------------------------------------------
// Errors and problem responses.

#[derive(Debug)]
enum AppError {
    NotFound,
    Store(StoreError),
    Internal(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => not_found_page(),
            AppError::Store(e) => {
                eprintln!("store error: {e}");
                html_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    page_shell("Lỗi máy chủ", "<p>Đã xảy ra lỗi. Vui lòng thử lại sau.</p>"),
                )
            }
            AppError::Internal(e) => {
                eprintln!("internal error: {e}");
                html_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    page_shell("Lỗi máy chủ", "<p>Đã xảy ra lỗi. Vui lòng thử lại sau.</p>"),
                )
            }
        }
    }
}

/// An RFC 9457 problem response.
fn problem(status: StatusCode, title: &str, detail: &str, field: Option<&str>) -> Response {
    problem_with(status, title, detail, field, None)
}

fn problem_with(
    status: StatusCode,
    title: &str,
    detail: &str,
    field: Option<&str>,
    errors: Option<serde_json::Value>,
) -> Response {
    let mut body = serde_json::json!({
        "type": "about:blank",
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
    });
    if let (Some(f), Some(obj)) = (field, body.as_object_mut()) {
        obj.insert("field".into(), f.into());
    }
    if let (Some(e), Some(obj)) = (errors, body.as_object_mut()) {
        obj.insert("errors".into(), e);
    }
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    resp
}

fn validation_problem(errors: &[ValidationError]) -> Response {
    let list: Vec<serde_json::Value> = errors
        .iter()
        .map(|e| serde_json::json!({"field": e.field, "message": e.kind.to_string()}))
        .collect();
    let first = errors.first();
    problem_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid article",
        &first.map_or_else(String::new, |e| e.to_string()),
        first.map(|e| e.field.as_str()),
        Some(serde_json::Value::Array(list)),
    )
}

fn store_problem(e: StoreError) -> Response {
    match e {
        StoreError::Invalid(v) => validation_problem(&[v]),
        StoreError::Conflict { .. } => problem(
            StatusCode::CONFLICT,
            "revision conflict",
            &e.to_string(),
            Some("revision"),
        ),
        StoreError::SlugTaken { .. } => problem(
            StatusCode::CONFLICT,
            "slug taken",
            &e.to_string(),
            Some("slug"),
        ),
        StoreError::NotFound { .. } => problem(
            StatusCode::NOT_FOUND,
            "not found",
            &e.to_string(),
            Some("id"),
        ),
        other => {
            eprintln!("store error: {other}");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "storage error",
                "storage failed",
                None,
            )
        }
    }
}

// -------------------------------------------------------------------------------------
// Conditional responses.

fn html_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// The error pages' frame (the renderer has no error page).
fn page_shell(title: &str, main: &str) -> String {
    let mut escaped = String::new();
    tintuc::render::Html::new(&mut escaped).text(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{escaped}</title></head><body><main>{main}</main></body></html>\n"
    )
}

fn not_found_page() -> Response {
    html_response(
        StatusCode::NOT_FOUND,
        page_shell(
            "Không tìm thấy trang",
            "<h1>Không tìm thấy trang</h1><p>Trang bạn tìm không tồn tại hoặc đã bị gỡ bỏ.</p>\
             <p><a href=\"/\">Về trang chủ</a></p>",
        ),
    )
}

/// A strong ETag from the body bytes (FNV-1a 64): correct whatever went into the page.
fn etag_of(body: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in body {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{h:016x}-{}\"", body.len())
}

/// A `200` with `ETag` (and `Last-Modified` when known), or a `304` when the request's
/// validators match.
fn conditional(
    req: &HeaderMap,
    content_type: &'static str,
    body: String,
    last_modified: Option<DateTime<Utc>>,
) -> Response {
    let etag = etag_of(body.as_bytes());
    conditional_parts(req, content_type, Bytes::from(body), &etag, last_modified)
}

/// [`conditional`] with the ETag already known (cached pages).
fn conditional_parts(
    req: &HeaderMap,
    content_type: &'static str,
    body: Bytes,
    etag: &str,
    last_modified: Option<DateTime<Utc>>,
) -> Response {
    // Whole seconds: that is all the header carries.
    let lm = last_modified.map(|t| t.with_nanosecond(0).unwrap_or(t));
    let not_modified = if let Some(inm) = req.get(header::IF_NONE_MATCH) {
        inm.to_str().is_ok_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == "*" || t == etag)
        })
    } else if let (Some(ims), Some(lm)) = (req.get(header::IF_MODIFIED_SINCE), lm) {
        ims.to_str()
            .ok()
            .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
            .is_some_and(|since| lm <= since.with_timezone(&Utc))
    } else {
        false
    };
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, v);
    }
    if let Some(lm) = lm {
        if let Ok(v) = HeaderValue::from_str(&lm.format("%a, %d %b %Y %H:%M:%S GMT").to_string()) {
            headers.insert(header::LAST_MODIFIED, v);
        }
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    if not_modified {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    (StatusCode::OK, headers, body).into_response()
}

fn newest<'a>(items: impl Iterator<Item = &'a StoredArticle>) -> Option<DateTime<Utc>> {
    items
        .filter_map(|s| s.article.updated.or(s.article.published))
        .map(|t| t.with_timezone(&Utc))
        .max()
}

// -------------------------------------------------------------------------------------
// Pages, all rendered by `tintuc::render`.

#[derive(Deserialize)]
struct PageParam {
    trang: Option<String>,
}

impl PageParam {
    /// `None` for a malformed page number (answered with 404, like a missing page).
    fn page(&self) -> Option<usize> {
        match &self.trang {
            None => Some(1),
            Some(s) => s.parse::<usize>().ok().filter(|&n| n >= 1),
        }
    }
}

const HTML: &str = "text/html; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";
const RSS: &str = "application/rss+xml; charset=utf-8";
const ATOM: &str = "application/atom+xml; charset=utf-8";
const HOME_PER_SECTION: usize = 5;

fn articles_of(items: &[StoredArticle]) -> Vec<&Article> {
    items.iter().map(|s| &s.article).collect()
}

async fn home(State(st): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let sections = blocking(&st.store, move |s| {
        let mut out = Vec::new();
        for (cat, _) in s.categories()? {
            let q = ListQuery::new(Filter::Category(cat.slug.clone()))
                .status(Status::Published)
                .per_page(HOME_PER_SECTION);
            let page = s.list(&q)?;
            if !page.items.is_empty() {
                out.push((cat, page.items));
            }
        }
        Ok(out)
    })
    .await?;
    let refs: Vec<(&Category, Vec<&Article>)> = sections
        .iter()
        .map(|(c, items)| (c, articles_of(items)))
        .collect();
    let views: Vec<HomeSection<'_>> = refs
        .iter()
        .map(|(category, articles)| HomeSection { category, articles })
        .collect();
    let mut out = String::new();
    st.renderer.render(&RenderPage::Home(&views), &mut out);
    let lm = newest(sections.iter().flat_map(|(_, items)| items.iter()));
    Ok(conditional(&headers, HTML, out, lm))
}

async fn category_page(
    st: AppState,
    slug: String,
    n: usize,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let slug = Slug::new(slug).map_err(|_| AppError::NotFound)?;
    let filter = Filter::Category(slug.clone());
    let page = blocking(&st.store, move |s| {
        s.list(
            &ListQuery::new(filter)
                .status(Status::Published)
                .page(n)
                .per_page(PER_PAGE),
        )
    })
    .await?;
    if page.total == 0 || n > page.page_count() {
        return Err(AppError::NotFound);
    }
    let category = page
        .items
        .first()
        .and_then(|s| s.article.category.clone())
        .ok_or(AppError::NotFound)?;
    let articles = articles_of(&page.items);
    let view = CategoryView {
        category: &category,
        articles: &articles,
        page: n,
        page_count: page.page_count(),
    };
    let mut out = String::new();
    st.renderer.render(&RenderPage::Category(&view), &mut out);
    Ok(conditional(&headers, HTML, out, newest(page.items.iter())))
}

/// `/chuyen-muc/{slug}?trang=N`.
async fn category(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<PageParam>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let n = q.page().ok_or(AppError::NotFound)?;
    category_page(st, slug, n, headers).await
}

/// `/chuyen-muc/{slug}/trang-N` (the renderer's own pager links) and
/// `/chuyen-muc/{slug}/rss.xml`.
async fn category_part(
    State(st): State<AppState>,
    Path((slug, part)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if part == "rss.xml" {
        return category_feed(st, slug, headers).await;
    }
    let n = part
        .strip_prefix("trang-")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n >= 2)
        .ok_or(AppError::NotFound)?;
    category_page(st, slug, n, headers).await
}

async fn article_page(
    State(st): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let slug = file
        .strip_suffix(".html")
        .and_then(|s| Slug::new(s).ok())
        .ok_or(AppError::NotFound)?;
    let view = st.related();
    if let Some(page) = view.cached_page(&slug) {
        return Ok(conditional_parts(
            &headers,
            HTML,
            page.body.clone(),
            &page.etag,
            page.last_modified,
        ));
    }
    let key = slug.clone();
    let stored = blocking(&st.store, move |s| s.get_by_slug(&key))
        .await?
        .filter(|s| s.article.status == Status::Published)
        .ok_or(AppError::NotFound)?;
    let links = view.links_for(&stored.article.id);
    let citations = st
        .documents
        .citation_links(&stored.article, st.renderer.urls());
    let mut out = String::new();
    st.renderer.render(
        &RenderPage::Article(&ArticleView::new(&stored.article, &links).with_citations(&citations)),
        &mut out,
    );
    let page = CachedPage {
        etag: etag_of(out.as_bytes()),
        body: Bytes::from(out),
        last_modified: stored
            .article
            .updated
            .or(stored.article.published)
            .map(|t| t.with_timezone(&Utc)),
        at: Instant::now(),
    };
    let resp = conditional_parts(
        &headers,
        HTML,
        page.body.clone(),
        &page.etag,
        page.last_modified,
    );
    view.cache_page(slug, page);
    Ok(resp)
}

/// A page of the "Văn bản" section (see `documents`), or the 404 page.
async fn document_section(
    State(st): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (content_type, body) = st
        .documents
        .page(&st.renderer, uri.path())
        .ok_or(AppError::NotFound)?;
    let etag = etag_of(body.as_bytes());
    Ok(conditional_parts(
        &headers,
        content_type,
        Bytes::from(body),
        &etag,
        None,
    ))
}

async fn latest(st: &AppState, filter: Filter) -> Result<Vec<StoredArticle>, AppError> {
    blocking(&st.store, move |s| {
        Ok(s.list(
            &ListQuery::new(filter)
                .status(Status::Published)
                .per_page(20),
        )?
        .items)
    })
    .await
}

async fn feed(State(st): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let items = latest(&st, Filter::All).await?;
    let mut out = String::new();
    st.renderer
        .render(&RenderPage::Rss(&articles_of(&items)), &mut out);
    Ok(conditional(&headers, RSS, out, newest(items.iter())))
}

async fn atom(State(st): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let items = latest(&st, Filter::All).await?;
    let mut out = String::new();
    st.renderer
        .render(&RenderPage::Atom(&articles_of(&items)), &mut out);
    Ok(conditional(&headers, ATOM, out, newest(items.iter())))
}

async fn category_feed(
    st: AppState,
    slug: String,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let slug = Slug::new(slug).map_err(|_| AppError::NotFound)?;
    let items = latest(&st, Filter::Category(slug)).await?;
    if items.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut out = String::new();
    st.renderer
        .render(&RenderPage::Rss(&articles_of(&items)), &mut out);
    Ok(conditional(&headers, RSS, out, newest(items.iter())))
}

/// Every sitemap file (one, or an index and its parts past 50,000 articles).
async fn sitemap_files(
    st: &AppState,
) -> Result<(Vec<SitemapFile>, Option<DateTime<Utc>>), AppError> {
    let items = blocking(&st.store, |s| {
        let mut v = Vec::new();
        for item in ScanIter::new(s) {
            let item = item?;
            if item.article.status == Status::Published {
                v.push(item);
            }
        }
        Ok(v)
    })
    .await?;
    let entries: Vec<SitemapEntry> = items
        .iter()
        .map(|s| SitemapEntry::article(&s.article, &DefaultUrls))
        .collect();
    Ok((st.renderer.sitemap_files(&entries), newest(items.iter())))
}

async fn sitemap(State(st): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let (files, lm) = sitemap_files(&st).await?;
    let first = files.into_iter().next().ok_or(AppError::NotFound)?;
    Ok(conditional(&headers, XML, first.xml, lm))
}

/// Unknown paths: the parts of a split sitemap, else the 404 page.
async fn not_found_handler(
    State(st): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let path = uri.path();
    if path.starts_with("/sitemap-") && path.ends_with(".xml") {
        let (files, lm) = sitemap_files(&st).await?;
        if let Some(f) = files.into_iter().find(|f| f.path.as_str() == path) {
            return Ok(conditional(&headers, XML, f.xml, lm));
        }
    }
    Err(AppError::NotFound)
}

// -------------------------------------------------------------------------------------
// JSON API.

/// Checks the bearer token. `Err` is the response to send.
fn authorize(st: &AppState, headers: &HeaderMap) -> Result<(), Response> {
    let Some(token) = &st.token else {
        // API off: it does not exist.
        return Err(not_found_page());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        None => {
            let mut r = problem(
                StatusCode::UNAUTHORIZED,
                "missing bearer token",
                "send Authorization: Bearer <token>",
                None,
            );
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            Err(r)
        }
        Some(g) if constant_time_eq(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(problem(
            StatusCode::FORBIDDEN,
            "wrong bearer token",
            "the token is not valid",
            None,
        )),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Parses and validates the request body as an article.
fn parse_article(body: &Bytes) -> Result<Article, Response> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let article: Article = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        // The path names the field (`slug`, `body[2].src`); "." is the document itself.
        let path = e.path().to_string();
        let inner = e.into_inner();
        let field = match inner.classify() {
            serde_json::error::Category::Data if path != "." => Some(path),
            _ => None,
        };
        // "missing field `x`" is reported at the enclosing object: name `x` itself.
        let msg = inner.to_string();
        let field = match msg.split('`').nth(1) {
            Some(name) if msg.starts_with("missing field") => Some(match field {
                Some(p) => format!("{p}.{name}"),
                None => name.to_string(),
            }),
            _ => field,
        };
        problem(
            StatusCode::BAD_REQUEST,
            "malformed article json",
            &msg,
            field.as_deref(),
        )
    })?;
    let errors = article.validation_errors();
    if !errors.is_empty() {
        return Err(validation_problem(&errors));
    }
    Ok(article)
}

fn saved(
    status: StatusCode,
    st: &AppState,
    old: Option<Article>,
    article: &Article,
    rev: Revision,
) -> Response {
    // Pages rendered before this save must not be served after the response; the
    // related snapshot catches up in the background (the response does not wait) and
    // brings a fresh, empty cache with it.
    if let Ok(mut pages) = st.related().pages.lock() {
        pages.clear();
    }
    let _ = st.published.send((old, article.clone()));
    let body = serde_json::json!({"id": article.id, "slug": article.slug, "revision": rev});
    let mut r = (status, axum::Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/tin/{}.html", article.slug)) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("\"{rev}\"")) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

async fn api_create(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authorize(&st, &headers) {
        return r;
    }
    let article = match parse_article(&body) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let a2 = article.clone();
    match blocking(&st.store, move |s| s.put(&a2, None)).await {
        Ok(rev) => saved(StatusCode::CREATED, &st, None, &article, rev),
        Err(AppError::Store(e)) => store_problem(e),
        Err(e) => e.into_response(),
    }
}

async fn api_update(
    State(st): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) = authorize(&st, &headers) {
        return r;
    }
    let Some(expected) = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_matches('"'))
    else {
        return problem(
            StatusCode::PRECONDITION_REQUIRED,
            "missing If-Match",
            "send If-Match: \"<revision>\" with the revision you edited",
            Some("revision"),
        );
    };
    let Ok(expected) = expected.parse::<u64>() else {
        return problem(
            StatusCode::BAD_REQUEST,
            "bad If-Match",
            "the revision must be a number",
            Some("revision"),
        );
    };
    let article = match parse_article(&body) {
        Ok(a) => a,
        Err(r) => return r,
    };
    if article.id.as_str() != id {
        return problem(
            StatusCode::BAD_REQUEST,
            "id mismatch",
            "the body's id differs from the URL's",
            Some("id"),
        );
    }
    let a2 = article.clone();
    // The version this save replaces: if the put below succeeds at `expected`, the
    // version read here at `expected` is the one it replaced (else the index is told
    // nothing about it and treats the edit like a plain update).
    let put = blocking(&st.store, move |s| {
        let old = s
            .get(&a2.id)?
            .filter(|o| o.revision == Revision(expected))
            .map(|o| o.article);
        s.put(&a2, Some(Revision(expected))).map(|rev| (old, rev))
    });
    match put.await {
        Ok((old, rev)) => saved(StatusCode::OK, &st, old, &article, rev),
        Err(AppError::Store(e)) => store_problem(e),
        Err(e) => e.into_response(),
    }
}

// -------------------------------------------------------------------------------------

fn usage() -> ! {
    eprintln!("usage: server [--db PATH] [--addr HOST:PORT]\n  API: set {TOKEN_ENV} to enable POST/PUT /api/articles");
    std::process::exit(2)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut db = String::from("tintuc.sqlite3");
    let mut addr: SocketAddr = "127.0.0.1:8080".parse()?;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().unwrap_or_else(|| usage()),
            "--addr" => addr = args.next().unwrap_or_else(|| usage()).parse()?,
            "-h" | "--help" => usage(),
            other => {
                eprintln!("unexpected argument {other:?}");
                usage()
            }
        }
    }
    let store: Arc<dyn ArticleStore> = {
        let db = db.clone();
        Arc::new(tokio::task::spawn_blocking(move || SqliteStore::open(db)).await??)
    };
    let token = std::env::var(TOKEN_ENV).ok();
    if token.is_none() {
        eprintln!("{TOKEN_ENV} not set: the JSON API is off");
    }
    let docs: Arc<dyn DocumentStore> = {
        let db = db.clone();
        Arc::new(tokio::task::spawn_blocking(move || SqliteDocumentStore::open(db)).await??)
    };
    let app = build_app_with(store, token, docs).await?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("serving {db} on http://{}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

// -------------------------------------------------------------------------------------
// Loopback integration test: `cargo test --example server --features sqlite`.

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, Full};
    use hyper::Request;

    struct Reply {
        status: u16,
        headers: HeaderMap,
        body: String,
    }

    async fn call(
        addr: SocketAddr,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let io = hyper_util::rt::TokioIo::new(stream);
        let (mut sender, conn) = hyper::client::conn::http1::handshake(io).await.unwrap();
        tokio::spawn(conn);
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("host", "localhost");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(Full::new(Bytes::from(body.to_string()))).unwrap();
        let resp = sender.send_request(req).await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8(body.to_vec()).unwrap(),
        }
    }

    async fn start(token: Option<&str>) -> (SocketAddr, tempfile::TempDir, Arc<dyn ArticleStore>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.sqlite3");
        let store: Arc<dyn ArticleStore> = Arc::new(SqliteStore::open(&path).unwrap());
        let app = build_app(Arc::clone(&store), token.map(String::from))
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (addr, dir, store)
    }

    fn header<'a>(r: &'a Reply, name: &str) -> &'a str {
        r.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pages_feeds_and_caching_over_loopback() {
        let (addr, _dir, store) = start(None).await;
        let sample = tintuc::import::sample_articles().unwrap();
        assert_eq!(
            store.count().unwrap(),
            sample.len(),
            "sample loaded on first run"
        );

        let home = call(addr, "GET", "/", &[], "").await;
        assert_eq!(home.status, 200);
        assert!(home.body.contains("lang=\"vi\""));
        let cats = store.categories().unwrap();
        for (c, _) in &cats {
            assert!(
                home.body.contains(&format!("/chuyen-muc/{}", c.slug)),
                "{}",
                c.slug
            );
        }

        // A category's pages (`?trang=N` and the renderer's `/trang-N`) cover its
        // published articles exactly once.
        let (cat, _) = cats.iter().max_by_key(|(_, n)| *n).unwrap();
        let listed = store
            .list(
                &ListQuery::new(Filter::Category(cat.slug.clone()))
                    .status(Status::Published)
                    .per_page(1000),
            )
            .unwrap();
        let pages = listed.total.div_ceil(PER_PAGE).max(1);
        let mut bodies = Vec::new();
        for p in 1..=pages {
            let r = call(
                addr,
                "GET",
                &format!("/chuyen-muc/{}?trang={p}", cat.slug),
                &[],
                "",
            )
            .await;
            assert_eq!(r.status, 200);
            if p > 1 {
                let alt = call(
                    addr,
                    "GET",
                    &format!("/chuyen-muc/{}/trang-{p}", cat.slug),
                    &[],
                    "",
                )
                .await;
                assert_eq!(alt.status, 200);
                assert_eq!(alt.body, r.body);
            }
            bodies.push(r.body);
        }
        for s in &listed.items {
            let href = format!("href=\"/tin/{}.html\"", s.article.slug);
            let n: usize = bodies.iter().filter(|b| b.contains(&href)).count();
            assert_eq!(n, 1, "{} on {n} pages", s.article.slug);
        }
        let past = call(
            addr,
            "GET",
            &format!("/chuyen-muc/{}?trang={}", cat.slug, pages + 1),
            &[],
            "",
        )
        .await;
        assert_eq!(past.status, 404);
        assert_eq!(
            call(
                addr,
                "GET",
                &format!("/chuyen-muc/{}?trang=abc", cat.slug),
                &[],
                ""
            )
            .await
            .status,
            404
        );
        assert_eq!(
            call(
                addr,
                "GET",
                &format!("/chuyen-muc/{}/trang-1", cat.slug),
                &[],
                ""
            )
            .await
            .status,
            404
        );

        // Article page: content, related links, validators, 304.
        let a = sample
            .iter()
            .find(|a| a.status == Status::Published && !a.tags.is_empty())
            .unwrap();
        let url = format!("/tin/{}.html", a.slug);
        let page = call(addr, "GET", &url, &[], "").await;
        assert_eq!(page.status, 200);
        let mut title = String::new();
        tintuc::render::Html::new(&mut title).text(&a.title);
        assert!(page.body.contains(&title));
        assert!(
            page.body.contains("Tin liên quan"),
            "no related links on {url}"
        );
        let etag = header(&page, "etag").to_string();
        let lm = header(&page, "last-modified").to_string();
        assert!(!etag.is_empty() && !lm.is_empty());
        assert_eq!(
            call(addr, "GET", &url, &[("if-none-match", &etag)], "")
                .await
                .status,
            304
        );
        assert_eq!(
            call(addr, "GET", &url, &[("if-modified-since", &lm)], "")
                .await
                .status,
            304
        );
        assert_eq!(
            call(addr, "GET", &url, &[("if-none-match", "\"other\"")], "")
                .await
                .status,
            200
        );
        assert_eq!(
            call(
                addr,
                "GET",
                &url,
                &[("if-modified-since", "Mon, 01 Jan 2001 00:00:00 GMT")],
                ""
            )
            .await
            .status,
            200
        );

        // 404s in Vietnamese.
        for missing in [
            "/tin/khong-co-bai-nay.html",
            "/tin/x",
            "/khong-co",
            "/chuyen-muc/khong-co",
        ] {
            let r = call(addr, "GET", missing, &[], "").await;
            assert_eq!(r.status, 404, "{missing}");
            assert!(r.body.contains("Không tìm thấy trang"), "{missing}");
        }

        // Feeds and sitemap.
        let atom = call(addr, "GET", "/atom.xml", &[], "").await;
        assert_eq!(atom.status, 200);
        assert!(atom.body.contains("<entry>"));
        let rss = call(addr, "GET", "/rss.xml", &[], "").await;
        assert_eq!(rss.status, 200);
        assert!(header(&rss, "content-type").starts_with("application/rss+xml"));
        assert!(rss.body.contains("<item>"));
        let cat_rss = call(
            addr,
            "GET",
            &format!("/chuyen-muc/{}/rss.xml", cat.slug),
            &[],
            "",
        )
        .await;
        assert_eq!(cat_rss.status, 200);
        let sm = call(addr, "GET", "/sitemap.xml", &[], "").await;
        assert_eq!(sm.status, 200);
        let published = sample
            .iter()
            .filter(|a| a.status == Status::Published)
            .count();
        assert_eq!(sm.body.matches("<url>").count(), published);

        // API off without a token.
        let r = call(
            addr,
            "POST",
            "/api/articles",
            &[("authorization", "Bearer x")],
            "{}",
        )
        .await;
        assert_eq!(r.status, 404);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn api_validates_saves_and_updates_related() {
        let (addr, _dir, store) = start(Some("bi-mat")).await;
        let auth = ("authorization", "Bearer bi-mat");
        let json = ("content-type", "application/json");

        // Authentication.
        assert_eq!(
            call(addr, "POST", "/api/articles", &[json], "{}")
                .await
                .status,
            401
        );
        assert_eq!(
            call(
                addr,
                "POST",
                "/api/articles",
                &[json, ("authorization", "Bearer sai")],
                "{}"
            )
            .await
            .status,
            403
        );

        // Malformed JSON, and an invalid article: problem+json naming the field.
        let r = call(addr, "POST", "/api/articles", &[json, auth], "{not json").await;
        assert_eq!(r.status, 400);
        assert_eq!(header(&r, "content-type"), "application/problem+json");
        let mut a = tintuc::import::sample_articles()
            .unwrap()
            .into_iter()
            .find(|a| a.status == Status::Published && !a.tags.is_empty())
            .unwrap();
        a.id = ArticleId::new("api-moi-1").unwrap();
        a.slug = Slug::new("bai-moi-qua-api").unwrap();
        a.title = "   ".into();
        let r = call(
            addr,
            "POST",
            "/api/articles",
            &[json, auth],
            &serde_json::to_string(&a).unwrap(),
        )
        .await;
        assert_eq!(r.status, 422);
        assert_eq!(header(&r, "content-type"), "application/problem+json");
        let p: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(p["field"], "title");
        assert_eq!(p["errors"][0]["field"], "title");

        let r = call(
            addr,
            "POST",
            "/api/articles",
            &[json, auth],
            r#"{"id":"x","title":"T"}"#,
        )
        .await;
        assert_eq!(r.status, 400);
        let p: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(p["field"], "slug", "{p}");
        let r = call(
            addr,
            "POST",
            "/api/articles",
            &[json, auth],
            r#"{"id":"x","title":"T","slug":"Sai Slug"}"#,
        )
        .await;
        assert_eq!(r.status, 400);
        let p: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(p["field"], "slug", "{p}");

        // Create: the page is served, and the related snapshot catches up in the background.
        a.title = "Bài mới đăng qua API về thi đua khen thưởng".into();
        let r = call(
            addr,
            "POST",
            "/api/articles",
            &[json, auth],
            &serde_json::to_string(&a).unwrap(),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        assert_eq!(header(&r, "location"), "/tin/bai-moi-qua-api.html");
        assert_eq!(store.get(&a.id).unwrap().unwrap().revision, Revision(1));
        let page = call(addr, "GET", "/tin/bai-moi-qua-api.html", &[], "").await;
        assert_eq!(page.status, 200);
        let mut has_related = false;
        for _ in 0..100 {
            let page = call(addr, "GET", "/tin/bai-moi-qua-api.html", &[], "").await;
            if page.body.contains("Tin liên quan") {
                has_related = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            has_related,
            "related snapshot never picked up the new article"
        );

        // Duplicate create and slug clash: 409 naming the field.
        let r = call(
            addr,
            "POST",
            "/api/articles",
            &[json, auth],
            &serde_json::to_string(&a).unwrap(),
        )
        .await;
        assert_eq!(r.status, 409);
        let mut b = a.clone();
        b.id = ArticleId::new("api-moi-2").unwrap();
        let r = call(
            addr,
            "POST",
            "/api/articles",
            &[json, auth],
            &serde_json::to_string(&b).unwrap(),
        )
        .await;
        assert_eq!(r.status, 409);
        let p: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(p["field"], "slug");

        // Update: If-Match required; stale revision is a conflict; a good one bumps it.
        a.title = "Tiêu đề đã sửa".into();
        let body = serde_json::to_string(&a).unwrap();
        assert_eq!(
            call(addr, "PUT", "/api/articles/api-moi-1", &[json, auth], &body)
                .await
                .status,
            428
        );
        let r = call(
            addr,
            "PUT",
            "/api/articles/api-moi-1",
            &[json, auth, ("if-match", "\"1\"")],
            &body,
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = call(
            addr,
            "PUT",
            "/api/articles/api-moi-1",
            &[json, auth, ("if-match", "\"1\"")],
            &body,
        )
        .await;
        assert_eq!(r.status, 409);
        assert_eq!(store.get(&a.id).unwrap().unwrap().revision, Revision(2));
        let page = call(addr, "GET", "/tin/bai-moi-qua-api.html", &[], "").await;
        assert!(page.body.contains("Tiêu đề đã sửa"));
        assert_eq!(
            call(
                addr,
                "PUT",
                "/api/articles/khac",
                &[json, auth, ("if-match", "\"2\"")],
                &body
            )
            .await
            .status,
            400
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn document_pages_over_loopback() {
        use tintuc::model::DocumentKind;
        use tintuc::render::{DocumentFilter, UrlScheme};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.sqlite3");
        let store: Arc<dyn ArticleStore> = Arc::new(SqliteStore::open(&path).unwrap());
        let docs: Arc<dyn DocumentStore> = Arc::new(SqliteDocumentStore::open(&path).unwrap());
        let app = build_app_with(Arc::clone(&store), None, Arc::clone(&docs))
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let urls = DefaultUrls;
        // Pages are written out for an HTML validator when asked.
        let out = std::env::var_os("TINTUC_SERVER_PAGES");
        let save = |name: &str, body: &str| {
            if let Some(d) = &out {
                std::fs::write(std::path::Path::new(d).join(name), body).unwrap();
            }
        };

        let stored = docs.all_documents().unwrap();
        assert!(
            !stored.is_empty(),
            "sample documents stored in the database"
        );
        let plan = stored
            .iter()
            .find(|d| d.id.as_str() == "ubnd-st-2018-kh-08")
            .unwrap();
        let citing = tintuc::import::sample_articles()
            .unwrap()
            .into_iter()
            .find(|a| a.id.as_str() == "vks-st-2018-0817-01")
            .unwrap();
        let plan_url = urls.document(plan);

        // The document page: its fields and the article citing it.
        let r = call(addr, "GET", plan_url.as_str(), &[], "").await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(header(&r, "content-type").starts_with("text/html"));
        assert!(r.body.contains("08/KH-UBND"));
        assert!(r.body.contains("Bài viết trích dẫn"));
        assert!(r.body.contains(urls.article(&citing).as_str()));
        save("document.html", &r.body);
        let etag = header(&r, "etag").to_string();
        let again = call(
            addr,
            "GET",
            plan_url.as_str(),
            &[("if-none-match", &etag)],
            "",
        )
        .await;
        assert_eq!(again.status, 304);

        // The listing, a filtered listing and the feed.
        let r = call(addr, "GET", "/van-ban", &[], "").await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains(plan_url.as_str()));
        save("documents.html", &r.body);
        let plans = urls.documents(&DocumentFilter::Kind(DocumentKind::Plan), 1);
        let r = call(addr, "GET", plans.as_str(), &[], "").await;
        assert_eq!(r.status, 200, "{plans:?}");
        assert!(r.body.contains(plan_url.as_str()));
        let decrees = urls.documents(&DocumentFilter::Kind(DocumentKind::Decree), 1);
        let r = call(addr, "GET", decrees.as_str(), &[], "").await;
        assert!(r.status == 404 || !r.body.contains(plan_url.as_str()));
        let r = call(addr, "GET", urls.documents_feed().as_str(), &[], "").await;
        assert_eq!(r.status, 200);
        assert!(header(&r, "content-type").starts_with("application/rss+xml"));
        assert!(r.body.contains("08/KH-UBND"));
        assert_eq!(
            call(addr, "GET", "/van-ban/khong-co.html", &[], "")
                .await
                .status,
            404
        );
        assert_eq!(
            call(addr, "GET", "/van-ban/trang-99", &[], "").await.status,
            404
        );

        // The citing article's page links the plan where the body cites it.
        let r = call(addr, "GET", urls.article(&citing).as_str(), &[], "").await;
        assert_eq!(r.status, 200);
        assert!(
            r.body.contains(&format!("href=\"{}\"", plan_url.as_str())),
            "article page links {plan_url:?}"
        );
        save("article.html", &r.body);
    }
}
