//! The pages: every `GET` that is not the API, resolved by the [`Routes`] and rendered
//! by [`crate::render`].

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};

use crate::model::{Article, Category, Slug, Status, Timestamp, Visibility};
use crate::render::{
    escape_text, ArticleView, CategoryView, ErrorPage, HomeGroup, HomeSection, HomeView, Page,
    RelatedLink, SearchHit, SearchView, SitemapEntry, SnippetHtml, TagView, TopicView,
};
use crate::store::{Filter, ListQuery, ScanIter, StoredArticle};

use super::http::{conditional, param, query_params, Finished, Problem};
use super::routes::Route;
use super::state::{Failure, Shared};

/// Bytes reserved for an article page before rendering (the model page is 16.7 KB).
const ARTICLE_PAGE_CAPACITY: usize = 32 * 1024;
const HTML: &str = "text/html; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";
const RSS: &str = "application/rss+xml; charset=utf-8";
const ATOM: &str = "application/atom+xml; charset=utf-8";
/// Articles per category block on the home page.
const HOME_PER_SECTION: usize = 5;
/// Articles in a feed.
const FEED_ITEMS: usize = 20;
/// "Các tin khác" under an article.
const MORE_ITEMS: usize = 6;
/// "Theo dòng sự kiện" under an article.
const THREAD_ITEMS: usize = 5;
/// Articles per curated group block on the home page.
const HOME_PER_GROUP: usize = 5;
/// Candidates for the Google News sitemap (it keeps those of the last two days).
const NEWS_ITEMS: usize = 1000;

/// Every page request.
pub(crate) async fn handle(State(sh): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let headers = &parts.headers;
    if parts.method != Method::GET && parts.method != Method::HEAD {
        let p = Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method not allowed",
            "pages answer GET and HEAD",
        )
        .field("method")
        .header(header::ALLOW, "GET, HEAD");
        return sh.error(headers, ErrorPage::MethodNotAllowed, p);
    }
    let params = match query_params(parts.uri.query()) {
        Ok(p) => p,
        Err(bad) => return sh.failure(headers, Failure::BadRequest(bad.problem())),
    };
    let key = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
    if let Some(page) = sh.cached(&key) {
        return conditional(headers, &page, sh.max_age);
    }
    let stamp = sh.stamp();
    match page(&sh, parts.uri.path(), &params).await {
        Ok(page) => {
            sh.keep(key, stamp, &page);
            conditional(headers, &page, sh.max_age)
        }
        Err(f) => sh.failure(headers, f),
    }
}

/// The page number in `?trang=N` (1 without it).
fn page_param(params: &[(String, String)]) -> Result<usize, Failure> {
    match param(params, "trang") {
        None => Ok(1),
        Some(s) => s.parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(|| {
            Failure::BadRequest(
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    "bad page number",
                    "trang must be a whole number from 1",
                )
                .field("trang"),
            )
        }),
    }
}

async fn page(
    sh: &Arc<Shared>,
    path: &str,
    params: &[(String, String)],
) -> Result<Finished, Failure> {
    if let Some(docs) = &sh.documents {
        if let Some((content_type, body)) = docs.page(&*sh.render, path, sh.now()) {
            return Ok(Finished::new(content_type, body, None));
        }
    }
    match sh.render.route(path).ok_or(Failure::NotFound)? {
        Route::Home => home(sh).await,
        Route::Category { slug, page } => {
            let page = if page == 1 { page_param(params)? } else { page };
            category(sh, slug, page).await
        }
        Route::CategoryFeed { slug } => feed(sh, Filter::Category(slug), false).await,
        Route::Tag { slug, page } => {
            let page = if page == 1 { page_param(params)? } else { page };
            tag(sh, slug, page).await
        }
        Route::Topic { slug, page } => {
            let page = if page == 1 { page_param(params)? } else { page };
            topic(sh, slug, page).await
        }
        Route::Article { slug } => article(sh, slug).await,
        Route::Rss => feed(sh, Filter::All, false).await,
        Route::Atom => feed(sh, Filter::All, true).await,
        Route::Sitemap => sitemap(sh, 0).await,
        Route::SitemapPart(n) => sitemap(sh, n).await,
        Route::NewsSitemap => news_sitemap(sh).await,
        Route::Search => search(sh, params).await,
    }
}

fn articles_of(items: &[StoredArticle]) -> Vec<&Article> {
    items.iter().map(|s| &s.article).collect()
}

/// The catalog's articles, held on their own: a page takes them and lets go of the
/// view before it renders (a view held long makes the next write copy the indexes).
fn owned(items: Vec<&Arc<Article>>) -> Vec<Arc<Article>> {
    items.into_iter().cloned().collect()
}

fn refs(items: &[Arc<Article>]) -> Vec<&Article> {
    items.iter().map(|a| &**a).collect()
}

/// The articles of `filter` readers may see at `now`.
fn published(filter: Filter, now: Timestamp) -> ListQuery {
    ListQuery::new(filter).visible_at(now)
}

/// The home page: the curated groups' blocks, then each category's newest articles.
/// While the view's catalog is fresh, everything comes from it; else from the store.
async fn home(sh: &Arc<Shared>) -> Result<Finished, Failure> {
    let now = sh.now();
    let from_catalog = {
        let view = sh.view();
        view.fresh_at(now).then(|| {
            let sections: Vec<(Category, Vec<Arc<Article>>)> = view
                .catalog
                .categories()
                .into_iter()
                .filter_map(|cat| {
                    let items = view.catalog.category(&cat.slug, now, HOME_PER_SECTION);
                    (!items.is_empty()).then(|| (cat, owned(items)))
                })
                .collect();
            (sections, owned(view.catalog.grouped(now)))
        })
    };
    if let Some((sections, grouped)) = from_catalog {
        let sections: Vec<(Category, Vec<&Article>)> = sections
            .iter()
            .map(|(c, items)| (c.clone(), refs(items)))
            .collect();
        return Ok(home_page(sh, &sections, &refs(&grouped), now));
    }
    let (sections, grouped) = sh
        .with_store(move |s| {
            let mut out = Vec::new();
            for (cat, _) in s.categories()? {
                let q =
                    published(Filter::Category(cat.slug.clone()), now).per_page(HOME_PER_SECTION);
                let page = s.list(&q)?;
                if !page.items.is_empty() {
                    out.push((cat, page.items));
                }
            }
            // Curated groups: the visible articles any group lists.
            let mut grouped = Vec::new();
            for item in ScanIter::new(s) {
                let item = item?;
                if !item.article.groups.is_empty() && item.article.is_visible_at(now) {
                    grouped.push(item);
                }
            }
            Ok((out, grouped))
        })
        .await?;
    let sections: Vec<(Category, Vec<&Article>)> = sections
        .iter()
        .map(|(c, items)| (c.clone(), articles_of(items)))
        .collect();
    Ok(home_page(sh, &sections, &articles_of(&grouped), now))
}

/// Renders the home page from its sections and the articles curated groups list.
fn home_page(
    sh: &Shared,
    sections: &[(Category, Vec<&Article>)],
    grouped: &[&Article],
    now: Timestamp,
) -> Finished {
    let groups = HomeGroup::collect(grouped, HOME_PER_GROUP, now);
    let views: Vec<HomeSection<'_>> = sections
        .iter()
        .map(|(category, articles)| HomeSection { category, articles })
        .collect();
    let home = HomeView {
        groups: &groups,
        sections: &views,
    };
    let mut out = String::new();
    sh.render.render(&Page::CuratedHome(&home), &mut out);
    let lm = sections
        .iter()
        .flat_map(|(_, items)| items.iter())
        .chain(grouped)
        .filter_map(|a| a.updated.or(a.published))
        .map(|t| t.with_timezone(&Utc))
        .max();
    Finished::new(HTML, out, lm)
}

/// Page `n` of a category's or topic thread's listing (the articles readers may see,
/// newest first), its total and page count: from the view's catalog while it is
/// fresh, else from the store.
async fn listed(
    sh: &Arc<Shared>,
    filter: Filter,
    n: usize,
) -> Result<(Vec<Arc<Article>>, usize, usize), Failure> {
    let now = sh.now();
    let q = published(filter, now).page(n).per_page(sh.per_page);
    {
        let view = sh.view();
        if view.fresh_at(now) {
            if let Some((items, total)) = view.catalog.list(&q) {
                let page_count = total.div_ceil(q.limit()).max(1);
                return Ok((items.into_iter().cloned().collect(), total, page_count));
            }
        }
    }
    let page = sh.with_store(move |s| s.list(&q)).await?;
    let page_count = page.page_count();
    let items = page
        .items
        .into_iter()
        .map(|s| Arc::new(s.article))
        .collect();
    Ok((items, page.total, page_count))
}

/// The newest update or publish time of `articles`.
fn newest_of(articles: &[&Article]) -> Option<DateTime<Utc>> {
    articles
        .iter()
        .filter_map(|a| a.updated.or(a.published))
        .map(|t| t.with_timezone(&Utc))
        .max()
}

async fn category(sh: &Arc<Shared>, slug: Slug, n: usize) -> Result<Finished, Failure> {
    let (items, total, page_count) = listed(sh, Filter::Category(slug.clone()), n).await?;
    if total == 0 || n > page_count {
        return Err(Failure::NotFound);
    }
    // Named as the first article names it, primary or further category alike.
    let category = items
        .first()
        .and_then(|a| {
            a.category
                .iter()
                .chain(&a.more_categories)
                .find(|c| c.slug == slug)
                .cloned()
        })
        .ok_or(Failure::NotFound)?;
    let articles: Vec<&Article> = items.iter().map(|a| &**a).collect();
    let view = CategoryView {
        category: &category,
        articles: &articles,
        page: n,
        page_count,
    };
    let mut out = String::new();
    sh.render.render(&Page::Category(&view), &mut out);
    Ok(Finished::new(HTML, out, newest_of(&articles)))
}

/// A topic thread's page: its visible articles, newest first, under the topic's name.
async fn topic(sh: &Arc<Shared>, slug: Slug, n: usize) -> Result<Finished, Failure> {
    let (items, total, page_count) = listed(sh, Filter::Topic(slug), n).await?;
    if total == 0 || n > page_count {
        return Err(Failure::NotFound);
    }
    let topic = items
        .first()
        .and_then(|a| a.topic.clone())
        .ok_or(Failure::NotFound)?;
    let articles: Vec<&Article> = items.iter().map(|a| &**a).collect();
    let view = TopicView {
        topic: &topic,
        articles: &articles,
        page: n,
        page_count,
    };
    let mut out = String::new();
    sh.render.render(&Page::Topic(&view), &mut out);
    Ok(Finished::new(HTML, out, newest_of(&articles)))
}

/// A tag's page: the articles of every spelling of the tag that slugs alike ("Thi đua",
/// "thi đua"), newest first; it is shown as its most used spelling. From the view's
/// catalog while it is fresh, else from the store.
async fn tag(sh: &Arc<Shared>, slug: Slug, n: usize) -> Result<Finished, Failure> {
    let view = sh.view();
    let spellings: Vec<(String, usize)> = view
        .tags
        .get(&slug)
        .map(|m| m.iter().map(|(t, c)| (t.clone(), *c)).collect())
        .unwrap_or_default();
    let shown = spellings
        .iter()
        .max_by_key(|(_, c)| *c)
        .map(|(t, _)| t.clone())
        .ok_or(Failure::NotFound)?;
    let (per_page, now) = (sh.per_page, sh.now());
    if view.fresh_at(now) {
        let (items, total) = view.catalog.tag(&slug, now, n, per_page);
        let items = owned(items);
        drop(view);
        return tag_page(sh, &shown, &slug, &refs(&items), n, total);
    }
    drop(view);
    let (per_page, now) = (sh.per_page, sh.now());
    let (items, total) = sh
        .with_store(move |s| {
            if let [(only, _)] = spellings.as_slice() {
                let page = s.list(
                    &published(Filter::Tag(only.clone()), now)
                        .page(n)
                        .per_page(per_page),
                )?;
                return Ok((page.items, page.total));
            }
            // Several spellings: merge their first n pages (newest first, each id once).
            let upto = n.saturating_mul(per_page);
            let mut all: Vec<StoredArticle> = Vec::new();
            let mut total = 0;
            for (t, _) in &spellings {
                let page = s.list(&published(Filter::Tag(t.clone()), now).per_page(upto))?;
                total += page.total;
                for item in page.items {
                    if !all.iter().any(|a| a.article.id == item.article.id) {
                        all.push(item);
                    } else {
                        total -= 1;
                    }
                }
            }
            all.sort_by(|a, b| {
                b.article
                    .published
                    .cmp(&a.article.published)
                    .then_with(|| a.article.id.cmp(&b.article.id))
            });
            let items = all
                .into_iter()
                .skip(upto - per_page)
                .take(per_page)
                .collect();
            Ok((items, total))
        })
        .await?;
    tag_page(sh, &shown, &slug, &articles_of(&items), n, total)
}

/// Page `n` of tag `slug` (shown as `shown`): `articles` of `total`.
fn tag_page(
    sh: &Shared,
    shown: &str,
    slug: &Slug,
    articles: &[&Article],
    n: usize,
    total: usize,
) -> Result<Finished, Failure> {
    let page_count = total.div_ceil(sh.per_page).max(1);
    if articles.is_empty() || n > page_count {
        return Err(Failure::NotFound);
    }
    let tv = TagView {
        tag: shown,
        slug,
        articles,
        page: n,
        page_count,
    };
    let mut out = String::new();
    sh.render.render(&Page::Tag(&tv), &mut out);
    Ok(Finished::new(HTML, out, newest_of(articles)))
}

/// An article readers may see at the service's now; otherwise 410 for one that expired,
/// was withdrawn or was taken down through the service, 404 for the rest (drafts,
/// articles in review, scheduled ones before their time).
///
/// A visible article, "Các tin khác" and "Theo dòng sự kiện" come from the view's
/// catalog (no store round trip) while it is fresh; any other address reads the store.
async fn article(sh: &Arc<Shared>, slug: Slug) -> Result<Finished, Failure> {
    let view = sh.view();
    let now = sh.now();
    if let Some(a) = view.current(&slug, now) {
        let more = match &a.category {
            Some(c) => owned(view.catalog.category(&c.slug, now, MORE_ITEMS + 1)),
            None => Vec::new(),
        };
        let thread = match &a.topic {
            Some(t) => owned(view.catalog.topic(&t.slug, now, THREAD_ITEMS + 1)),
            None => Vec::new(),
        };
        let links = view.related_links(&a.id, sh.related_links);
        let a = Arc::clone(a);
        drop(view);
        return Ok(article_page(
            sh,
            &links,
            &a,
            Some(&a),
            &refs(&more),
            &refs(&thread),
        ));
    }
    drop(view);
    let key = slug.clone();
    let (stored, more, thread) = sh
        .with_store(move |s| {
            let Some(stored) = s.get_by_slug(&key)? else {
                return Ok((None, Vec::new(), Vec::new()));
            };
            let more = match &stored.article.category {
                Some(c) if stored.article.is_visible_at(now) => {
                    s.list(
                        &published(Filter::Category(c.slug.clone()), now).per_page(MORE_ITEMS + 1),
                    )?
                    .items
                }
                _ => Vec::new(),
            };
            let thread = match &stored.article.topic {
                Some(t) if stored.article.is_visible_at(now) => {
                    s.list(
                        &published(Filter::Topic(t.slug.clone()), now).per_page(THREAD_ITEMS + 1),
                    )?
                    .items
                }
                _ => Vec::new(),
            };
            Ok((Some(stored), more, thread))
        })
        .await?;
    let view = sh.view();
    let stored = match stored {
        Some(s) if matches!(s.article.visibility_at(now), Visibility::Visible) => s,
        _ if view.moved.contains_key(&slug) => {
            // A former slug: to the article's address now, or 410 if it is gone too.
            let to = view.moved.get(&slug).and_then(|id| view.links.get(id));
            return Err(match to {
                Some(link) => Failure::Moved(link.url.as_str().to_string()),
                None => Failure::Gone,
            });
        }
        Some(s)
            if matches!(s.article.visibility_at(now), Visibility::Expired { .. })
                || s.article.status == Status::Withdrawn =>
        {
            return Err(Failure::Gone)
        }
        _ if view.gone.contains(&slug) => return Err(Failure::Gone),
        _ => return Err(Failure::NotFound),
    };
    let links = view.related_links(&stored.article.id, sh.related_links);
    drop(view);
    Ok(article_page(
        sh,
        &links,
        &stored.article,
        None,
        &articles_of(&more),
        &articles_of(&thread),
    ))
}

/// Renders article `a` with "Các tin khác" from `more` and "Theo dòng sự kiện" from
/// `thread` (the first articles of its category and topic, `a` among them or not).
/// `shared` is the catalog's version of `a`, whose citations are read once.
fn article_page(
    sh: &Shared,
    links: &[RelatedLink],
    a: &Article,
    shared: Option<&Arc<Article>>,
    more: &[&Article],
    thread: &[&Article],
) -> Finished {
    let urls = sh.render.urls();
    let more: Vec<RelatedLink> = more
        .iter()
        .filter(|m| m.id != a.id)
        .take(MORE_ITEMS)
        .map(|m| RelatedLink::to(m, urls))
        .collect();
    let thread: Vec<RelatedLink> = thread
        .iter()
        .filter(|m| m.id != a.id)
        .take(THREAD_ITEMS)
        .map(|m| RelatedLink::to(m, urls))
        .collect();
    let citations = sh
        .documents
        .as_ref()
        .map(|d| match shared {
            Some(s) => d.citation_links_of(s, urls),
            None => d.citation_links(a, urls),
        })
        .unwrap_or_default();
    // Room for a typical page at once: growing the buffer by doubling copies it five
    // or six times (scripts/load/page-callgrind.sh); `Finished::new` gives back the rest.
    let mut out = String::with_capacity(ARTICLE_PAGE_CAPACITY);
    let page = ArticleView::new(a, links)
        .with_citations(&citations)
        .with_more(&more)
        .with_thread(&thread);
    sh.render.render(&Page::Article(&page), &mut out);
    let lm = a.updated.or(a.published).map(|t| t.with_timezone(&Utc));
    Finished::new(HTML, out, lm)
}

/// The newest articles of `filter` (all, or a category) as RSS or Atom: from the
/// view's catalog while it is fresh, else from the store.
async fn feed(sh: &Arc<Shared>, filter: Filter, atom: bool) -> Result<Finished, Failure> {
    let scoped = filter != Filter::All;
    let now = sh.now();
    let from_catalog = {
        let view = sh.view();
        view.fresh_at(now).then(|| {
            owned(match &filter {
                Filter::Category(slug) => view.catalog.category(slug, now, FEED_ITEMS),
                _ => view.catalog.newest(now, FEED_ITEMS),
            })
        })
    };
    if let Some(items) = from_catalog {
        return feed_page(sh, &refs(&items), scoped, atom);
    }
    let items = sh
        .with_store(move |s| Ok(s.list(&published(filter, now).per_page(FEED_ITEMS))?.items))
        .await?;
    feed_page(sh, &articles_of(&items), scoped, atom)
}

/// A feed of `articles` (a category's, when `scoped`: none is 404).
fn feed_page(
    sh: &Shared,
    articles: &[&Article],
    scoped: bool,
    atom: bool,
) -> Result<Finished, Failure> {
    if scoped && articles.is_empty() {
        return Err(Failure::NotFound);
    }
    let mut out = String::new();
    let (page, content_type) = if atom {
        (Page::Atom(articles), ATOM)
    } else {
        (Page::Rss(articles), RSS)
    };
    sh.render.render(&page, &mut out);
    Ok(Finished::new(content_type, out, newest_of(articles)))
}

/// The sitemap (`part` 0) or one part of a split one: every visible article, by id,
/// from the view's catalog while it is fresh, else from the store.
async fn sitemap(sh: &Arc<Shared>, part: usize) -> Result<Finished, Failure> {
    let now = sh.now();
    let from_catalog = {
        let view = sh.view();
        view.fresh_at(now)
            .then(|| owned(view.catalog.visible_by_id(now)))
    };
    if let Some(items) = from_catalog {
        return sitemap_file(sh, &refs(&items), part);
    }
    let items = sh
        .with_store(move |s| {
            let mut v = Vec::new();
            for item in ScanIter::new(s) {
                let item = item?;
                if item.article.is_visible_at(now) {
                    v.push(item);
                }
            }
            Ok(v)
        })
        .await?;
    sitemap_file(sh, &articles_of(&items), part)
}

/// File `part` of the sitemap over `articles` (0: the sitemap or its index).
fn sitemap_file(sh: &Shared, articles: &[&Article], part: usize) -> Result<Finished, Failure> {
    let urls = sh.render.urls();
    let entries: Vec<SitemapEntry> = articles
        .iter()
        .map(|a| SitemapEntry::article(a, urls))
        .collect();
    let files = sh.render.sitemap_files(&entries);
    // `files[0]` is the sitemap or the index; parts follow when it is an index.
    let file = if part == 0 {
        files.into_iter().next()
    } else if files.len() > 1 {
        files.into_iter().nth(part)
    } else {
        None
    };
    let file = file.ok_or(Failure::NotFound)?;
    Ok(Finished::new(XML, file.xml, newest_of(articles)))
}

/// The Google News sitemap: from the view's catalog while it is fresh, else from the
/// store.
async fn news_sitemap(sh: &Arc<Shared>) -> Result<Finished, Failure> {
    let now = sh.now();
    let from_catalog = {
        let view = sh.view();
        view.fresh_at(now)
            .then(|| owned(view.catalog.newest(now, NEWS_ITEMS)))
    };
    if let Some(items) = from_catalog {
        return Ok(news_page(sh, &refs(&items), now));
    }
    let items = sh
        .with_store(move |s| {
            Ok(s.list(&published(Filter::All, now).per_page(NEWS_ITEMS))?
                .items)
        })
        .await?;
    Ok(news_page(sh, &articles_of(&items), now))
}

fn news_page(sh: &Shared, articles: &[&Article], now: Timestamp) -> Finished {
    let mut out = String::new();
    sh.render
        .render(&Page::NewsSitemap { articles, now }, &mut out);
    Finished::new(XML, out, newest_of(articles))
}

/// `/tim-kiem?q=…&trang=N`: the published articles matching `q`, best first.
async fn search(sh: &Arc<Shared>, params: &[(String, String)]) -> Result<Finished, Failure> {
    let q = param(params, "q").unwrap_or("").to_string();
    let n = page_param(params)?;
    let per_page = sh.per_page;
    let view = sh.view();
    let offset = (n - 1).checked_mul(per_page).ok_or(Failure::NotFound)?;
    let now = sh.now();
    let query = crate::search::Query::new(q.clone())
        .page(offset, per_page)
        .visible_at(now);
    let (results, notice) = match view.search.search(&query) {
        Ok(r) => (r, None),
        // A query the index refuses (too long): the page says why, with no results.
        Err(e) => (Default::default(), Some(e.to_string())),
    };
    if n > 1 && offset >= results.total {
        return Err(Failure::NotFound);
    }
    // The hits' articles: from the catalog while it is fresh, else from the store.
    let found: Vec<Option<Arc<Article>>> = if view.fresh_at(now) {
        let found = results
            .hits
            .iter()
            .map(|h| view.catalog.visible(&h.id, now).cloned())
            .collect();
        drop(view);
        found
    } else {
        drop(view);
        let ids: Vec<_> = results.hits.iter().map(|h| h.id.clone()).collect();
        sh.with_store(move |s| {
            let mut v = Vec::with_capacity(ids.len());
            for id in &ids {
                v.push(s.get(id)?.map(|x| Arc::new(x.article)));
            }
            Ok(v)
        })
        .await?
    };
    let hits: Vec<SearchHit<'_>> = results
        .hits
        .iter()
        .zip(&found)
        .filter_map(|(h, a)| {
            let article = a.as_deref().filter(|a| a.is_visible_at(now))?;
            let snippet = SnippetHtml::new(h.snippet.to_html(escape_text))
                .unwrap_or_else(|_| SnippetHtml::from_runs(std::iter::empty()));
            Some(SearchHit { article, snippet })
        })
        .collect();
    let mut page = SearchView::new(&q, &hits, results.total, n, per_page);
    let notice = notice.map(|e| format!("Không thể tìm: {e}"));
    if let Some(text) = &notice {
        page = page.with_notice(text);
    }
    let mut out = String::new();
    sh.render.render_search(&page, &mut out);
    Ok(Finished::new(HTML, out, None))
}
