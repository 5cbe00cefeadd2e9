//! HTML rendering of the article page and the site around it, escaped by construction.
//!
//! This module owns the pages a portal publishes — the article page, category, tag and
//! topic thread listings with pagination, the home page, the search results page — and the machine-readable documents around them:
//! RSS 2.0 and Atom feeds, the sitemap (split behind a sitemap index past 50,000 URLs)
//! and a Google News sitemap. It is pure: data in, text out. It never reads a store,
//! never ranks related articles or runs a search (it shows the lists it is given) and needs no template
//! engine.
//!
//! # Shape
//! - [`Renderer`] holds the [`Site`] configuration, a [`Theme`] (how pages look; every
//!   part — head, header, breadcrumbs, body, figure, byline, related list, footer — is
//!   one overridable method, [`DefaultTheme`] is the reference) and a [`UrlScheme`]
//!   (where pages live; [`DefaultUrls`] gives `/tin/{slug}.html`,
//!   `/chuyen-muc/{slug}/trang-2`, `/rss.xml`, ...).
//! - [`Renderer::render`] appends a [`Page`] to a `String`; [`Renderer::write_fmt`] and
//!   [`Renderer::write_io`] send it to any [`std::fmt::Write`] or [`std::io::Write`]
//!   (pulldown-cmark's shape). Pages are small, so those two render into one buffer and
//!   write it in a single call.
//! - [`SitePages`] renders every page of a site one at a time — article pages, listings
//!   cut into pages, the home page, feeds, sitemaps — and hands each to the host as a
//!   path and its text; the host writes them where it wants.
//!
//! # Escaping by construction
//! Themes write through [`Html`]: markup only from `&'static str` literals, text through
//! a text escaper, attribute values (always double-quoted) through an attribute escaper,
//! URLs only as [`Link`] (http, https or relative — never `javascript:`, `data:`,
//! `vbscript:`, whatever the case, embedded whitespace or character references), JSON-LD
//! through a JSON escaper that also escapes `<`, `>`, `&` as `\u003c`, `\u003e`,
//! `\u0026` so `</script>` in a title cannot end the script. Raw HTML can only enter as
//! [`TrustedHtml`], which only the sanitiser (feature `sanitize`) constructs.
//! Characters no HTML document may contain (C0/C1 controls other than tab and newline,
//! noncharacters) are written as U+FFFD and CR LF as LF; [`visible_text`] says exactly
//! what a reader's browser will see.
//!
//! ```
//! use tintuc::model::{Article, Block, Status};
//! use tintuc::render::{ArticleView, Page, RelatedLink, Renderer, Site};
//!
//! let site = Site::new("Trang thông tin điện tử VKSND tỉnh Sóc Trăng",
//!                      "https://vksndsoctrang.gov.vn".parse()?);
//! let r = Renderer::new(site);
//! let mut a = Article::new("a1".parse()?, "Sơ kết <thi đua> 6 tháng".into(),
//!                          "so-ket-thi-dua".parse()?);
//! a.published = Some("2018-08-17T08:00:00+07:00".parse()?);
//! a.body.push(Block::paragraph("Hội nghị đánh giá kết quả."));
//! let related = [RelatedLink::new("Tin khác", "/tin/tin-khac.html".parse()?)];
//! let mut html = String::new();
//! r.render(&Page::Article(&ArticleView::new(&a, &related)), &mut html);
//! assert!(html.contains("<h1>Sơ kết &lt;thi đua&gt; 6 tháng</h1>"));
//! assert!(html.contains(r#"<time datetime="2018-08-17T08:00:00+07:00">Thứ Sáu, 17/08/2018 08:00</time>"#));
//! assert!(html.contains(r#"<link rel="canonical" href="https://vksndsoctrang.gov.vn/tin/so-ket-thi-dua.html">"#));
//! assert!(html.contains(r#""headline":"Sơ kết \u003cthi đua\u003e 6 tháng""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cite;
mod css;
mod curation;
mod date;
mod doc_filter;
mod document;
mod error;
mod files;
mod html;
mod jsonld;
mod layout;
mod search;
mod site;
mod theme;
mod trusted;
mod urls;
mod xml;

use chrono::FixedOffset;

use crate::model::{Article, Block, Category, Link, Timestamp, WebUrl, VIETNAM_OFFSET};

pub use cite::{linked_text, CitationLink};
pub use css::DEFAULT_CSS;
pub use curation::{HomeGroup, HomeView, TopicView};
pub use doc_filter::DocumentFilter;
pub use document::{DocumentFacets, DocumentListView, DocumentView, RelatedDocument, DOCUMENT_CSS};
pub use error::ErrorPage;
pub use files::{file_links, file_path};
pub use html::{visible_text, Html};
pub use search::{escape_text, SearchHit, SearchView, SnippetHtml, SnippetHtmlError, SEARCH_CSS};
pub use site::{PageCount, SitePage, SitePages};
pub use theme::{DefaultTheme, Theme};
pub use trusted::TrustedHtml;
#[cfg(feature = "sanitize")]
pub use trusted::{sanitize, sanitize_with};
pub use urls::{DefaultUrls, UrlScheme};
pub use xml::{
    SitemapEntry, SitemapFile, NEWS_SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS,
};

/// The organisation that publishes the portal (schema.org `GovernmentOrganization`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// Its name, e.g. "Viện kiểm sát nhân dân tỉnh Sóc Trăng".
    pub name: String,
    /// Its home page, when not the portal's own.
    pub url: Option<WebUrl>,
    /// Its logo.
    pub logo: Option<Link>,
}

/// The portal: its name, address and the fixed Vietnamese wording of its pages.
///
/// ```
/// use tintuc::render::Site;
/// let mut site = Site::new("Trang thông tin điện tử VKSND tỉnh Sóc Trăng",
///                          "https://vksndsoctrang.gov.vn".parse()?);
/// assert_eq!(site.detail_heading, "chi tiết tin");
/// site.detail_heading = "Tin chi tiết".into();
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Site {
    /// Portal name shown in the header, titles, feeds.
    pub name: String,
    /// The site's origin, e.g. `https://vksndsoctrang.gov.vn`; site-relative links
    /// from the [`UrlScheme`] are joined to it for canonical, OpenGraph, feed and sitemap
    /// URLs.
    pub base_url: WebUrl,
    /// A one-line description (home page meta, feed description).
    pub description: Option<String>,
    /// The heading over an article ("chi tiết tin").
    pub detail_heading: String,
    /// The heading of the related list ("Tin liên quan").
    pub related_heading: String,
    /// The heading of the list of more articles of the same category under it
    /// ("Các tin khác").
    pub more_heading: String,
    /// The heading of the other articles of the article's topic thread ("Theo dòng sự
    /// kiện").
    pub thread_heading: String,
    /// A line under the site name in the header (e.g. "Cơ quan của Viện kiểm sát nhân
    /// dân tỉnh Sóc Trăng"); none by default.
    pub tagline: Option<String>,
    /// The emblem or banner image shown left of the site name (decorative: the name
    /// beside it says what it is); none by default.
    pub emblem: Option<Link>,
    /// The site's search page: with it, every page carries a search box (`role="search"`,
    /// a GET form with the query in `q`); without it, none, so no box leads nowhere.
    pub search_url: Option<Link>,
    /// The first breadcrumb ("Trang chủ").
    pub home_label: String,
    /// The `<noscript>` notice (empty: none).
    pub noscript_notice: String,
    /// Help pages on enabling JavaScript, linked after the notice (by default Chrome's
    /// and Edge's).
    pub noscript_help: Vec<RelatedLink>,
    /// The publisher (JSON-LD, Atom author, Google News publication name).
    pub publisher: Publisher,
    /// Categories in the header menu, in order.
    pub sections: Vec<Category>,
    /// Blocks of the sidebar, in order ("Tin mới", "Thông báo", "Liên kết website", ...);
    /// blocks without links are not shown, and with none the pages have one column.
    pub sidebar: Vec<SidebarBlock>,
    /// The owning agency, shown in the footer as "Cơ quan chủ quản: …"; none by default.
    pub owner: Option<String>,
    /// The postal address, shown in the footer as "Địa chỉ: …"; none by default.
    pub address: Option<String>,
    /// Telephone, e-mail, ..., shown in the footer as "Liên hệ: …"; none by default.
    pub contact: Option<String>,
    /// The licence line (e.g. "Giấy phép số … do … cấp"); none by default.
    pub licence: Option<String>,
    /// Further lines of the footer, after the owner, address, contact and licence.
    pub footer_lines: Vec<String>,
    /// `twitter:site` handle, if any.
    pub twitter_site: Option<String>,
    /// The offset dates are shown in (Vietnam, +07:00).
    pub offset: FixedOffset,
}

impl Site {
    /// A site with Vietnamese defaults; the publisher is named after the portal.
    pub fn new(name: impl Into<String>, base_url: WebUrl) -> Self {
        let name = name.into();
        Site {
            publisher: Publisher {
                name: name.clone(),
                url: None,
                logo: None,
            },
            name,
            base_url,
            description: None,
            detail_heading: "chi tiết tin".into(),
            related_heading: "Tin liên quan".into(),
            more_heading: "Các tin khác".into(),
            thread_heading: "Theo dòng sự kiện".into(),
            tagline: None,
            emblem: None,
            search_url: None,
            home_label: "Trang chủ".into(),
            noscript_notice:
                "Trình duyệt của bạn đang tắt JavaScript. Để bật JavaScript, xem hướng dẫn:".into(),
            noscript_help: vec![
                RelatedLink::new(
                    "Chrome",
                    Link::from_checked_parts(&[
                        "https://support.google.com/chrome/answer/114662?hl=vi",
                    ]),
                ),
                RelatedLink::new(
                    "Edge",
                    Link::from_checked_parts(&[
                        "https://support.microsoft.com/vi-vn/microsoft-edge",
                    ]),
                ),
            ],
            sections: Vec::new(),
            sidebar: Vec::new(),
            owner: None,
            address: None,
            contact: None,
            licence: None,
            footer_lines: Vec::new(),
            twitter_site: None,
            offset: VIETNAM_OFFSET,
        }
    }
}

/// One block of the sidebar: a heading and its links (with dates when given).
///
/// ```
/// use tintuc::render::{RelatedLink, SidebarBlock, Site};
/// let mut site = Site::new("Cổng", "https://example.gov.vn".parse()?);
/// site.sidebar.push(SidebarBlock::new("Liên kết website", vec![
///     RelatedLink::new("Viện kiểm sát nhân dân tối cao", "https://vksndtc.gov.vn".parse()?),
/// ]));
/// assert_eq!(site.sidebar[0].links.len(), 1);
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidebarBlock {
    /// Its heading ("Tin mới", "Thông báo", "Liên kết website").
    pub heading: String,
    /// Its links, in order.
    pub links: Vec<RelatedLink>,
}

impl SidebarBlock {
    /// A block with this heading and these links.
    pub fn new(heading: impl Into<String>, links: Vec<RelatedLink>) -> Self {
        SidebarBlock {
            heading: heading.into(),
            links,
        }
    }
}

/// What a theme method may consult: the site, the URL scheme and the page being written.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    /// The site.
    pub site: &'a Site,
    /// The URL scheme.
    pub urls: &'a dyn UrlScheme,
    /// The site-relative path of the page being written.
    pub page: &'a Link,
    /// The category the page belongs to (its listing, or the article's category): the
    /// menu marks it as current.
    pub section: Option<&'a crate::model::Slug>,
}

impl std::fmt::Debug for Cx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cx")
            .field("site", &self.site.name)
            .field("page", self.page)
            .finish()
    }
}

/// One step of a breadcrumb trail.
#[derive(Debug, Clone)]
pub struct Crumb<'a> {
    /// Its label.
    pub name: &'a str,
    /// Where it leads.
    pub url: Link,
}

/// What the `<head>` of a page describes.
#[derive(Debug, Clone, Copy)]
pub struct HeadMeta<'a> {
    /// The page's own title (the site name is appended).
    pub title: &'a str,
    /// The meta description.
    pub description: &'a str,
    /// `article` or `website` (OpenGraph type).
    pub og_type: &'static str,
    /// The representative image, if any.
    pub image: Option<&'a Link>,
    /// The breadcrumb trail (for the `BreadcrumbList` JSON-LD; empty on the home page).
    pub crumbs: &'a [Crumb<'a>],
    /// The article, on article pages (adds `article:*` tags and `NewsArticle` JSON-LD).
    pub article: Option<&'a ArticleView<'a>>,
}

/// An entry of the "Tin liên quan" list. The page shows what it is given; computing
/// it (hand-picked ids, the `related` module's index) is the caller's business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedLink {
    /// The related article's title.
    pub title: String,
    /// Its URL.
    pub url: Link,
    /// Its publish time, shown as a short date.
    pub published: Option<Timestamp>,
}

impl RelatedLink {
    /// A link with a title and no date.
    ///
    /// ```
    /// let l = tintuc::render::RelatedLink::new("Tin khác", "/tin/tin-khac.html".parse()?);
    /// assert_eq!(l.url.as_str(), "/tin/tin-khac.html");
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn new(title: impl Into<String>, url: Link) -> Self {
        RelatedLink {
            title: title.into(),
            url,
            published: None,
        }
    }

    /// The link to `article` under `urls`, with its title and publish time.
    ///
    /// ```
    /// use tintuc::render::{DefaultUrls, RelatedLink};
    /// let a = tintuc::model::Article::new("a".parse()?, "Tin A".into(), "tin-a".parse()?);
    /// assert_eq!(RelatedLink::to(&a, &DefaultUrls).url.as_str(), "/tin/tin-a.html");
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn to(article: &Article, urls: &dyn UrlScheme) -> Self {
        RelatedLink {
            title: article.title.clone(),
            url: urls.article(article),
            published: article.published,
        }
    }
}

/// An article page's content: the article, its related links and, optionally, a
/// sanitised HTML body that replaces the blocks.
#[derive(Debug, Clone, Copy)]
pub struct ArticleView<'a> {
    /// The article.
    pub article: &'a Article,
    /// "Tin liên quan", in order.
    pub related: &'a [RelatedLink],
    /// A body from a CMS editor, cleaned by the sanitiser; shown instead of the blocks.
    pub body_html: Option<&'a TrustedHtml>,
    /// Resolved citations: each symbol in lead and body text links to its document.
    pub citations: &'a [CitationLink],
    /// "Các tin khác": the latest articles of the same category, newest first. The page
    /// leaves out the article itself and those already in [`ArticleView::related`].
    pub more: &'a [RelatedLink],
    /// "Theo dòng sự kiện": other articles of the article's topic, newest first (shown
    /// only when the article has a topic; the page leaves out the article itself).
    pub thread: &'a [RelatedLink],
}

impl<'a> ArticleView<'a> {
    /// The view of `article` with these related links.
    ///
    /// ```
    /// use tintuc::render::ArticleView;
    /// let mut a = tintuc::model::Article::new("a".parse()?, "Tin".into(), "tin".parse()?);
    /// a.lead = Some("Khối thi đua 1 tổ chức Hội nghị sơ kết.".into());
    /// let view = ArticleView::new(&a, &[]);
    /// assert_eq!(view.description(), "Khối thi đua 1 tổ chức Hội nghị sơ kết.");
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn new(article: &'a Article, related: &'a [RelatedLink]) -> Self {
        ArticleView {
            article,
            related,
            body_html: None,
            citations: &[],
            more: &[],
            thread: &[],
        }
    }

    /// The same view with "Các tin khác", the latest of the same category.
    ///
    /// ```
    /// use tintuc::render::{ArticleView, Page, RelatedLink, Renderer, Site};
    /// let a = tintuc::model::Article::new("a".parse()?, "Tin".into(), "tin".parse()?);
    /// let related = [RelatedLink::new("Tin B", "/tin/b.html".parse()?)];
    /// let more = [RelatedLink::new("Tin B", "/tin/b.html".parse()?),
    ///             RelatedLink::new("Tin C", "/tin/c.html".parse()?)];
    /// let view = ArticleView::new(&a, &related).with_more(&more);
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let mut html = String::new();
    /// r.render(&Page::Article(&view), &mut html);
    /// assert!(html.contains("Các tin khác"));
    /// assert_eq!(html.matches("/tin/b.html").count(), 1); // listed once, under "Tin liên quan"
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_more(mut self, more: &'a [RelatedLink]) -> Self {
        self.more = more;
        self
    }

    /// The same view with "Theo dòng sự kiện": other articles of the article's topic,
    /// newest first, placed after "Tin liên quan"; "Các tin khác" then leaves them out.
    ///
    /// ```
    /// use tintuc::model::{Article, Topic};
    /// use tintuc::render::{ArticleView, Page, RelatedLink, Renderer, Site};
    /// let mut a = Article::new("a".parse()?, "Tin".into(), "tin".parse()?);
    /// a.topic = Topic::from_name("Bão số 3");
    /// let thread = [RelatedLink::new("Bão số 3 đổ bộ", "/tin/b.html".parse()?)];
    /// let view = ArticleView::new(&a, &[]).with_thread(&thread);
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let mut html = String::new();
    /// r.render(&Page::Article(&view), &mut html);
    /// assert!(html.contains("Theo dòng sự kiện"));
    /// assert!(html.contains(r#"<a href="/dong-su-kien/bao-so-3">Bão số 3</a>"#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_thread(mut self, thread: &'a [RelatedLink]) -> Self {
        self.thread = thread;
        self
    }

    /// The same view with citations linked to their documents.
    ///
    /// ```
    /// use tintuc::render::{ArticleView, CitationLink, Page, Renderer, Site};
    /// let mut a = tintuc::model::Article::new("a".parse()?, "Tin".into(), "tin".parse()?);
    /// a.body.push(tintuc::model::Block::paragraph("Thực hiện Kế hoạch số 08/KH-UBND."));
    /// let links = [CitationLink { text: "08/KH-UBND".into(),
    ///     url: "/van-ban/kh-08.html".parse()?, title: "Kế hoạch 08/KH-UBND".into() }];
    /// let view = ArticleView::new(&a, &[]).with_citations(&links);
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let mut html = String::new();
    /// r.render(&Page::Article(&view), &mut html);
    /// assert!(html.contains(r#"số <a class="van-ban" href="/van-ban/kh-08.html""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_citations(mut self, citations: &'a [CitationLink]) -> Self {
        self.citations = citations;
        self
    }

    /// The meta description: the article's lead, else the first paragraph, cut to about 160
    /// characters at a word boundary.
    pub fn description(&self) -> String {
        description_of(self.article)
    }
}

pub(crate) fn description_of(a: &Article) -> String {
    let src = a
        .lead
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .or_else(|| {
            a.body.iter().find_map(|b| match b {
                Block::Paragraph { text } if !text.trim().is_empty() => Some(text.as_str()),
                _ => None,
            })
        });
    let Some(src) = src else { return String::new() };
    let src = src.trim();
    const MAX: usize = 160;
    // Fewer bytes than MAX means fewer characters too: no need to count.
    if src.len() <= MAX {
        return src.to_owned();
    }
    match src.char_indices().nth(MAX) {
        None => src.to_owned(),
        Some((cut, _)) => {
            let head = src.get(..cut).unwrap_or(src);
            let head = match head.rfind(char::is_whitespace) {
                Some(sp) if sp > cut / 2 => head.get(..sp).unwrap_or(head),
                _ => head,
            };
            let mut s = head.trim_end().to_owned();
            s.push('…');
            s
        }
    }
}

/// One page of a category listing.
#[derive(Debug, Clone, Copy)]
pub struct CategoryView<'a> {
    /// The category.
    pub category: &'a Category,
    /// The articles on this page, in order.
    pub articles: &'a [&'a Article],
    /// This page's 1-based number.
    pub page: usize,
    /// The number of pages.
    pub page_count: usize,
}

/// One page of a tag listing.
#[derive(Debug, Clone, Copy)]
pub struct TagView<'a> {
    /// The tag as written.
    pub tag: &'a str,
    /// Its slug (from [`Slug::from_title`](crate::model::Slug::from_title)), as in the article pages' tag links.
    pub slug: &'a crate::model::Slug,
    /// The articles on this page, in order.
    pub articles: &'a [&'a Article],
    /// This page's 1-based number.
    pub page: usize,
    /// The number of pages.
    pub page_count: usize,
}

/// One block of the home page: a category and its latest articles.
#[derive(Debug, Clone, Copy)]
pub struct HomeSection<'a> {
    /// The category.
    pub category: &'a Category,
    /// Its latest articles, newest first.
    pub articles: &'a [&'a Article],
}

/// A document the renderer writes.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Page<'a> {
    /// An article page.
    Article(&'a ArticleView<'a>),
    /// A page of a category listing.
    Category(&'a CategoryView<'a>),
    /// A page of a tag listing.
    Tag(&'a TagView<'a>),
    /// The home page with category blocks only.
    Home(&'a [HomeSection<'a>]),
    /// The home page with curated groups' blocks before the category blocks.
    CuratedHome(&'a HomeView<'a>),
    /// A page of a topic thread's listing.
    Topic(&'a TopicView<'a>),
    /// The RSS 2.0 feed of these articles (in the order given, newest first).
    Rss(&'a [&'a Article]),
    /// The Atom feed of these articles (those with a publish or update time).
    Atom(&'a [&'a Article]),
    /// One sitemap `urlset` (at most 50,000 entries; see [`Renderer::sitemap_files`]).
    Sitemap(&'a [SitemapEntry]),
    /// A sitemap index over sitemap files.
    SitemapIndex(&'a [SitemapEntry]),
    /// The Google News sitemap: articles published in the two days up to `now`,
    /// newest first, at most 1,000.
    NewsSitemap {
        /// Candidate articles.
        articles: &'a [&'a Article],
        /// The caller's "now" (the build never reads the clock).
        now: Timestamp,
    },
}

/// Renders pages for one site with a theme and a URL scheme.
///
/// ```
/// use tintuc::render::{Page, Renderer, Site};
/// let r = Renderer::new(Site::new("Cổng thông tin", "https://example.gov.vn".parse()?));
/// let a = tintuc::model::Article::new("a".parse()?, "Tin".into(), "tin".parse()?);
/// let mut out = Vec::new();
/// r.write_io(&Page::Rss(&[&a]), &mut out)?;
/// assert!(String::from_utf8(out)?.contains("<link>https://example.gov.vn/tin/tin.html</link>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Renderer<T = DefaultTheme, U = DefaultUrls> {
    site: Site,
    theme: T,
    urls: U,
}

impl Renderer {
    /// A renderer with the default theme and URL scheme.
    pub fn new(site: Site) -> Self {
        Renderer {
            site,
            theme: DefaultTheme,
            urls: DefaultUrls,
        }
    }
}

impl<T: Theme, U: UrlScheme> Renderer<T, U> {
    /// The same renderer with another theme.
    pub fn with_theme<T2: Theme>(self, theme: T2) -> Renderer<T2, U> {
        Renderer {
            site: self.site,
            theme,
            urls: self.urls,
        }
    }

    /// The same renderer with another URL scheme.
    pub fn with_urls<U2: UrlScheme>(self, urls: U2) -> Renderer<T, U2> {
        Renderer {
            site: self.site,
            theme: self.theme,
            urls,
        }
    }

    /// The site.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The URL scheme.
    pub fn urls(&self) -> &U {
        &self.urls
    }

    /// The theme.
    pub fn theme(&self) -> &T {
        &self.theme
    }

    /// The site-relative path a page is published at.
    ///
    /// ```
    /// use tintuc::render::{Page, Renderer, Site};
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// assert_eq!(r.path_of(&Page::Atom(&[])).as_str(), "/atom.xml");
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn path_of(&self, page: &Page<'_>) -> Link {
        match page {
            Page::Article(v) => self.urls.article(v.article),
            Page::Category(v) => self.urls.category(&v.category.slug, v.page),
            Page::Tag(v) => self.urls.tag(v.slug, v.page),
            Page::Home(_) | Page::CuratedHome(_) => self.urls.home(),
            Page::Topic(v) => self.urls.topic(&v.topic.slug, v.page),
            Page::Rss(_) => self.urls.rss(),
            Page::Atom(_) => self.urls.atom(),
            Page::Sitemap(_) | Page::SitemapIndex(_) => self.urls.sitemap(),
            Page::NewsSitemap { .. } => self.urls.news_sitemap(),
        }
    }

    /// Appends the page to `out`.
    pub fn render(&self, page: &Page<'_>, out: &mut String) {
        let path = self.path_of(page);
        let section = match page {
            Page::Article(v) => v.article.category.as_ref().map(|c| &c.slug),
            Page::Category(v) => Some(&v.category.slug),
            _ => None,
        };
        let cx = Cx {
            site: &self.site,
            urls: &self.urls,
            page: &path,
            section,
        };
        match page {
            Page::Article(v) => {
                out.reserve(8192);
                self.theme.article_page(&cx, v, &mut Html::new(out))
            }
            Page::Category(v) => self.theme.category_page(&cx, v, &mut Html::new(out)),
            Page::Tag(v) => self.theme.tag_page(&cx, v, &mut Html::new(out)),
            Page::Home(sections) => {
                let home = HomeView {
                    groups: &[],
                    sections,
                };
                self.theme.home_page(&cx, &home, &mut Html::new(out))
            }
            Page::CuratedHome(home) => self.theme.home_page(&cx, home, &mut Html::new(out)),
            Page::Topic(v) => self.theme.topic_page(&cx, v, &mut Html::new(out)),
            Page::Rss(a) => xml::rss(self, a, out),
            Page::Atom(a) => xml::atom(self, a, out),
            Page::Sitemap(e) => xml::urlset(self, e, out),
            Page::SitemapIndex(e) => xml::sitemap_index(self, e, out),
            Page::NewsSitemap { articles, now } => xml::news_sitemap(self, articles, *now, out),
        }
    }

    /// Writes the page to a [`std::fmt::Write`].
    ///
    /// ```
    /// use tintuc::render::{Page, Renderer, Site};
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let mut out = String::new();
    /// r.write_fmt(&Page::Sitemap(&[]), &mut out)?;
    /// assert!(out.starts_with("<?xml"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_fmt<W: std::fmt::Write>(&self, page: &Page<'_>, mut w: W) -> std::fmt::Result {
        let mut s = String::new();
        self.render(page, &mut s);
        w.write_str(&s)
    }

    /// Writes the page to a [`std::io::Write`].
    pub fn write_io<W: std::io::Write>(&self, page: &Page<'_>, mut w: W) -> std::io::Result<()> {
        let mut s = String::new();
        self.render(page, &mut s);
        w.write_all(s.as_bytes())
    }

    /// The whole sitemap: one `/sitemap.xml` while it fits (50,000 URLs, 50 MiB), else a
    /// sitemap index at `/sitemap.xml` over `/sitemap-1.xml`, `/sitemap-2.xml`, ... —
    /// each part's `lastmod` in the index is the newest of its entries.
    ///
    /// ```
    /// use tintuc::render::{Renderer, Site, SitemapEntry};
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let e: Vec<_> = (0..50_001).map(|i| SitemapEntry {
    ///     url: format!("/tin/{i}.html").parse().unwrap(), lastmod: None, date_only: false }).collect();
    /// let files = r.sitemap_files(&e);
    /// assert_eq!(files.len(), 3); // the index and two parts
    /// assert!(files[0].xml.contains("<sitemapindex"));
    /// assert_eq!(files[2].path.as_str(), "/sitemap-2.xml");
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn sitemap_files(&self, entries: &[SitemapEntry]) -> Vec<SitemapFile> {
        xml::sitemap_files(self, entries)
    }
}
