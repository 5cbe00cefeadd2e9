//! The page layout: a [`Theme`] with one overridable method per part.

use crate::model::{Article, Author, Block, Figure, Link, Topic};

use super::css::DEFAULT_CSS;
use super::html::{Escaped, Html};
use super::{
    ArticleView, CategoryView, Crumb, Cx, HeadMeta, HomeView, RelatedLink, TagView, TopicView,
};

/// How pages look. Every method has a default (together they are [`DefaultTheme`]), so
/// a host overrides only the parts it wants — its own header and footer, say — and
/// keeps the rest. An override can still call the default of a part through
/// [`DefaultTheme`] (`DefaultTheme.article_body(cx, view, out)`) to wrap it.
///
/// Methods write through [`Html`], which escapes every string by context; the only
/// unescaped input is the theme's own `&'static str` markup and sanitised
/// [`super::TrustedHtml`].
///
/// ```
/// use tintuc::model::{Article, Block, Status};
/// use tintuc::render::{ArticleView, Cx, Html, Page, Renderer, Site, Theme};
///
/// /// The default look with the ministry's own footer.
/// struct MinistryTheme;
/// impl Theme for MinistryTheme {
///     fn footer(&self, _cx: &Cx<'_>, out: &mut Html<'_>) {
///         out.raw("<footer class=\"site-footer\"><p>Bản quyền thuộc Bộ Tư pháp</p></footer>");
///     }
/// }
/// let site = Site::new("Cổng thông tin điện tử Bộ Tư pháp", "https://moj.gov.vn".parse()?);
/// let r = Renderer::new(site).with_theme(MinistryTheme);
/// let mut a = Article::new("a1".parse()?, "Tin mới".into(), "tin-moi".parse()?);
/// a.body.push(Block::paragraph("Nội dung."));
/// let mut html = String::new();
/// r.render(&Page::Article(&ArticleView::new(&a, &[])), &mut html);
/// assert!(html.contains("Bản quyền thuộc Bộ Tư pháp"));
/// assert!(html.contains("<h1>Tin mới</h1>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Theme {
    /// The stylesheet inlined into every page.
    fn stylesheet(&self) -> &str {
        DEFAULT_CSS
    }

    /// The contents of `<head>`: charset, viewport, title, description, canonical URL,
    /// feeds, OpenGraph, Twitter card, JSON-LD and the stylesheet.
    fn head(&self, cx: &Cx<'_>, meta: &HeadMeta<'_>, out: &mut Html<'_>) {
        default_head(self, cx, meta, out)
    }

    /// The site header: emblem, portal name and tagline, the search box when the site
    /// has a search page, and the section menu with the current section marked
    /// (`aria-current`).
    fn header(&self, cx: &Cx<'_>, out: &mut Html<'_>) {
        super::layout::header(cx, out)
    }

    /// The `<noscript>` notice, with links to help on enabling JavaScript.
    fn noscript(&self, cx: &Cx<'_>, out: &mut Html<'_>) {
        super::layout::noscript(cx, out)
    }

    /// The sidebar: the site's blocks that have links ("Tin mới", "Thông báo", "Liên
    /// kết website", ...); nothing when there are none.
    fn sidebar(&self, cx: &Cx<'_>, out: &mut Html<'_>) {
        super::layout::sidebar(cx, out)
    }

    /// The breadcrumb trail.
    fn breadcrumbs(&self, _cx: &Cx<'_>, crumbs: &[Crumb<'_>], out: &mut Html<'_>) {
        out.raw("<nav class=\"breadcrumbs\" aria-label=\"Đường dẫn\"><ol>");
        for c in crumbs {
            out.raw("<li><a");
            out.link_attr("href", &c.url);
            out.raw(">");
            out.text(c.name);
            out.raw("</a></li>");
        }
        out.raw("</ol></nav>\n");
    }

    /// The `<article>` element: title, dateline, lead, body, byline, source, tags.
    fn article(&self, cx: &Cx<'_>, view: &ArticleView<'_>, out: &mut Html<'_>) {
        let a = view.article;
        out.raw("<article>\n<h1>");
        out.text(&a.title);
        out.raw("</h1>\n");
        self.dateline(cx, a, out);
        if let Some(lead) = &a.lead {
            out.raw("<p class=\"lead\">");
            super::cite::linked_text(out, lead, view.citations);
            out.raw("</p>\n");
        }
        self.article_body(cx, view, out);
        self.byline(cx, &a.authors, out);
        self.source(cx, a, out);
        self.tags(cx, &a.tags, out);
        out.raw("</article>\n");
    }

    /// The publish (and update) time in Vietnamese form inside `<time datetime>`.
    fn dateline(&self, cx: &Cx<'_>, article: &Article, out: &mut Html<'_>) {
        let Some(p) = article.published else { return };
        out.raw("<p class=\"dateline\">");
        super::layout::time_element_of(cx, &p, true, article.published_date_only, out);
        if let Some(u) = article.updated.filter(|u| *u != p) {
            out.raw(" · Cập nhật: ");
            super::layout::time_element(cx, &u, true, out);
        }
        out.raw("</p>\n");
    }

    /// The body: sanitised HTML when the view carries it, else the blocks in order.
    fn article_body(&self, cx: &Cx<'_>, view: &ArticleView<'_>, out: &mut Html<'_>) {
        out.raw("<div class=\"body\">\n");
        if let Some(html) = view.body_html {
            out.trusted(html);
        } else {
            for b in &view.article.body {
                if view.citations.is_empty() || !super::cite::linked_block(b, view.citations, out) {
                    self.block(cx, b, out);
                }
            }
        }
        out.raw("</div>\n");
    }

    /// One body block.
    fn block(&self, cx: &Cx<'_>, block: &Block, out: &mut Html<'_>) {
        match block {
            Block::Heading { level, text } => {
                let (open, close) = match level {
                    0..=2 => ("<h2>", "</h2>\n"),
                    3 => ("<h3>", "</h3>\n"),
                    4 => ("<h4>", "</h4>\n"),
                    5 => ("<h5>", "</h5>\n"),
                    _ => ("<h6>", "</h6>\n"),
                };
                out.raw(open);
                out.text(text);
                out.raw(close);
            }
            Block::Figure(f) => self.figure(cx, f, out),
            _ => {
                super::cite::text_block(block, out, |out, t| out.text(t));
            }
        }
    }

    /// A figure: `img` with `alt` (and `width`/`height` when known), `figcaption`.
    fn figure(&self, _cx: &Cx<'_>, figure: &Figure, out: &mut Html<'_>) {
        out.raw("<figure><img");
        out.link_attr("src", &figure.src);
        out.attr("alt", &figure.alt);
        if let (Some(w), Some(h)) = (figure.width, figure.height) {
            out.num_attr("width", u64::from(w));
            out.num_attr("height", u64::from(h));
        }
        out.raw(">");
        if let Some(c) = &figure.caption {
            out.raw("<figcaption>");
            out.text(c);
            out.raw("</figcaption>");
        }
        out.raw("</figure>\n");
    }

    /// The author byline.
    fn byline(&self, _cx: &Cx<'_>, authors: &[Author], out: &mut Html<'_>) {
        if authors.is_empty() {
            return;
        }
        out.raw("<p class=\"byline\">");
        for (i, a) in authors.iter().enumerate() {
            if i > 0 {
                out.raw(", ");
            }
            out.raw("<span class=\"author\">");
            out.text(&a.name);
            out.raw("</span>");
            if let Some(r) = &a.role {
                out.raw(" (");
                out.text(r);
                out.raw(")");
            }
        }
        out.raw("</p>\n");
    }

    /// "Nguồn: …": the article's source (nguồn tin), linked when it gives the source's
    /// URL; nothing when it names none.
    fn source(&self, _cx: &Cx<'_>, article: &Article, out: &mut Html<'_>) {
        super::curation::source(article, out)
    }

    /// The tags, each linked to its tag page (plain text when a tag has nothing to
    /// build a slug from).
    fn tags(&self, cx: &Cx<'_>, tags: &[String], out: &mut Html<'_>) {
        if tags.is_empty() {
            return;
        }
        out.raw("<ul class=\"tags\" aria-label=\"Từ khóa\">");
        for t in tags {
            out.raw("<li>");
            match crate::model::Slug::from_title(t) {
                Some(slug) => {
                    out.raw("<a");
                    out.link_attr("href", &cx.urls.tag(&slug, 1));
                    out.raw(">");
                    out.text(t);
                    out.raw("</a>");
                }
                None => out.text(t),
            }
            out.raw("</li>");
        }
        out.raw("</ul>\n");
    }

    /// "Tin liên quan": the related list, each link after a "»" that is part of the text.
    fn related(&self, cx: &Cx<'_>, links: &[RelatedLink], out: &mut Html<'_>) {
        super::layout::link_list(
            cx,
            "related",
            "tin-lien-quan",
            &cx.site.related_heading,
            links.iter(),
            out,
        )
    }

    /// "Theo dòng sự kiện": the topic, linked to its page, and other articles following
    /// it (the page's own article left out); nothing when there are none.
    fn thread(&self, cx: &Cx<'_>, topic: &Topic, links: &[RelatedLink], out: &mut Html<'_>) {
        super::layout::thread(cx, topic, links, out)
    }

    /// "Các tin khác": the latest of the same category, leaving out the article itself
    /// and the links already in `related`.
    fn more(&self, cx: &Cx<'_>, related: &[RelatedLink], more: &[RelatedLink], out: &mut Html<'_>) {
        super::layout::more(cx, related, more, out)
    }

    /// The site footer: the site name, then the owner, address, contact and licence the
    /// site gives, its further footer lines, and the feeds. It claims nothing else.
    fn footer(&self, cx: &Cx<'_>, out: &mut Html<'_>) {
        super::layout::footer(cx, out)
    }

    /// One article in a listing: linked title, date, lead.
    fn listing_item(
        &self,
        cx: &Cx<'_>,
        article: &Article,
        heading: &'static str,
        out: &mut Html<'_>,
    ) {
        let (open, close) = if heading == "h3" {
            ("<h3><a", "</a></h3>")
        } else {
            ("<h2><a", "</a></h2>")
        };
        out.raw("<li>");
        out.raw(open);
        out.link_attr("href", &cx.urls.article(article));
        out.raw(">");
        out.text(&article.title);
        out.raw(close);
        if let Some(p) = &article.published {
            out.raw("<p class=\"dateline\">");
            super::layout::time_element_of(cx, p, true, article.published_date_only, out);
            out.raw("</p>");
        }
        if let Some(lead) = &article.lead {
            out.raw("<p>");
            out.text(lead);
            out.raw("</p>");
        }
        out.raw("</li>\n");
    }

    /// Page links for a listing: previous, numbers (with gaps), next. `page_url(n)` is
    /// the link to page `n`.
    fn pagination(
        &self,
        _cx: &Cx<'_>,
        page_url: &dyn Fn(usize) -> Link,
        page: usize,
        page_count: usize,
        out: &mut Html<'_>,
    ) {
        if page_count <= 1 {
            return;
        }
        out.raw("<nav class=\"pagination\" aria-label=\"Phân trang\">");
        if page > 1 {
            out.raw("<a rel=\"prev\"");
            out.link_attr("href", &page_url(page - 1));
            out.raw(">« Trang trước</a>");
        }
        let mut last_shown = 0;
        for n in 1..=page_count {
            let near = n + 2 >= page && n <= page + 2;
            if !(n == 1 || n == page_count || near) {
                continue;
            }
            if last_shown + 1 < n {
                out.raw("<span class=\"gap\" aria-hidden=\"true\">…</span>");
            }
            last_shown = n;
            if n == page {
                out.raw("<span aria-current=\"page\">");
                out.num(n as u64);
                out.raw("</span>");
            } else {
                out.raw("<a");
                out.link_attr("href", &page_url(n));
                out.raw(">");
                out.num(n as u64);
                out.raw("</a>");
            }
        }
        if page < page_count {
            out.raw("<a rel=\"next\"");
            out.link_attr("href", &page_url(page + 1));
            out.raw(">Trang sau »</a>");
        }
        out.raw("</nav>\n");
    }

    /// The whole article page.
    fn article_page(&self, cx: &Cx<'_>, view: &ArticleView<'_>, out: &mut Html<'_>) {
        let a = view.article;
        let home = cx.urls.home();
        let mut crumbs = vec![Crumb {
            name: &cx.site.home_label,
            url: home,
        }];
        if let Some(c) = &a.category {
            crumbs.push(Crumb {
                name: &c.name,
                url: cx.urls.category(&c.slug, 1),
            });
        }
        let description = view.description();
        let image = a.first_figure().map(|f| &f.src);
        let meta = HeadMeta {
            title: &a.title,
            description: &description,
            og_type: "article",
            image,
            crumbs: &crumbs,
            article: Some(view),
        };
        open_document(self, cx, &meta, out);
        out.raw("<main id=\"noi-dung\">\n<p class=\"section-heading\">");
        out.text(&cx.site.detail_heading);
        out.raw("</p>\n");
        self.breadcrumbs(cx, &crumbs, out);
        self.article(cx, view, out);
        self.related(cx, view.related, out);
        match &a.topic {
            Some(topic) if !view.thread.is_empty() => {
                self.thread(cx, topic, view.thread, out);
                let shown: Vec<RelatedLink> =
                    view.related.iter().chain(view.thread).cloned().collect();
                self.more(cx, &shown, view.more, out);
            }
            _ => self.more(cx, view.related, view.more, out),
        }
        out.raw("</main>\n");
        close_document(self, cx, out);
    }

    /// A page of a category listing.
    fn category_page(&self, cx: &Cx<'_>, view: &CategoryView<'_>, out: &mut Html<'_>) {
        let slug = &view.category.slug;
        let page_url = |n: usize| cx.urls.category(slug, n);
        listing_page(
            self,
            cx,
            &view.category.name,
            &page_url,
            view.articles,
            view.page,
            view.page_count,
            out,
        );
    }

    /// A page of a tag listing.
    fn tag_page(&self, cx: &Cx<'_>, view: &TagView<'_>, out: &mut Html<'_>) {
        let page_url = |n: usize| cx.urls.tag(view.slug, n);
        listing_page(
            self,
            cx,
            view.tag,
            &page_url,
            view.articles,
            view.page,
            view.page_count,
            out,
        );
    }

    /// A page of a topic thread's listing: the topic's name as its title, its articles
    /// newest first.
    fn topic_page(&self, cx: &Cx<'_>, view: &TopicView<'_>, out: &mut Html<'_>) {
        let page_url = |n: usize| cx.urls.topic(&view.topic.slug, n);
        listing_page(
            self,
            cx,
            &view.topic.name,
            &page_url,
            view.articles,
            view.page,
            view.page_count,
            out,
        );
    }

    /// The home page: the featured story (the most recently published article of all
    /// sections that has a figure, else the most recent) with its image and lead, then
    /// one block per curated group (in the order given, its articles in the group's
    /// order), then one block per section (in the order given, its articles newest
    /// first); each block shows its first article's image and lead and the others as
    /// titles, and leaves out the featured story.
    fn home_page(&self, cx: &Cx<'_>, home: &HomeView<'_>, out: &mut Html<'_>) {
        let description = cx.site.description.as_deref().unwrap_or(&cx.site.name);
        let meta = HeadMeta {
            title: "",
            description,
            og_type: "website",
            image: None,
            crumbs: &[],
            article: None,
        };
        open_document(self, cx, &meta, out);
        out.raw("<main id=\"noi-dung\">\n<h1 class=\"visually-hidden\">");
        out.text(&cx.site.name);
        out.raw("</h1>\n");
        super::layout::home_main(cx, home, out);
        out.raw("</main>\n");
        close_document(self, cx, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn listing_page<T: Theme + ?Sized>(
    theme: &T,
    cx: &Cx<'_>,
    name: &str,
    page_url: &dyn Fn(usize) -> Link,
    articles: &[&Article],
    page: usize,
    page_count: usize,
    out: &mut Html<'_>,
) {
    let crumbs = [
        Crumb {
            name: &cx.site.home_label,
            url: cx.urls.home(),
        },
        Crumb {
            name,
            url: page_url(1),
        },
    ];
    let mut title = name.to_owned();
    if page > 1 {
        title.push_str(" - Trang ");
        title.push_str(&page.to_string());
    }
    let description = format!("{}: tin bài của {}", title, cx.site.name);
    let meta = HeadMeta {
        title: &title,
        description: &description,
        og_type: "website",
        image: None,
        crumbs: &crumbs,
        article: None,
    };
    open_document(theme, cx, &meta, out);
    out.raw("<main id=\"noi-dung\">\n");
    theme.breadcrumbs(cx, &crumbs, out);
    out.raw("<h1>");
    out.text(&title);
    out.raw("</h1>\n<ul class=\"article-list\">\n");
    for a in articles {
        theme.listing_item(cx, a, "h2", out);
    }
    out.raw("</ul>\n");
    theme.pagination(cx, page_url, page, page_count, out);
    out.raw("</main>\n");
    close_document(theme, cx, out);
}

fn open_document<T: Theme + ?Sized>(
    theme: &T,
    cx: &Cx<'_>,
    meta: &HeadMeta<'_>,
    out: &mut Html<'_>,
) {
    out.raw("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n");
    theme.head(cx, meta, out);
    if super::layout::has_sidebar(cx.site) {
        out.raw("</head>\n<body class=\"two-col\">\n");
    } else {
        out.raw("</head>\n<body>\n");
    }
    theme.header(cx, out);
    theme.noscript(cx, out);
    out.raw("<div class=\"layout\">\n");
}

fn close_document<T: Theme + ?Sized>(theme: &T, cx: &Cx<'_>, out: &mut Html<'_>) {
    theme.sidebar(cx, out);
    out.raw("</div>\n");
    theme.footer(cx, out);
    out.raw("</body>\n</html>\n");
}

fn meta_property(out: &mut Html<'_>, property: &'static str, content: &str) {
    out.raw("<meta");
    out.attr("property", property);
    out.attr("content", content);
    out.raw(">\n");
}

fn default_head<T: Theme + ?Sized>(
    theme: &T,
    cx: &Cx<'_>,
    meta: &HeadMeta<'_>,
    out: &mut Html<'_>,
) {
    let site = cx.site;
    let base = &site.base_url;
    let page = &cx.page;
    out.raw("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    let mut full_title = String::with_capacity(meta.title.len() + site.name.len() + 3);
    if !meta.title.is_empty() {
        full_title.push_str(meta.title);
        full_title.push_str(" - ");
    }
    full_title.push_str(&site.name);
    out.text(&full_title);
    // Strings repeated in the head are escaped once.
    let desc = Escaped::attr(meta.description);
    let og_title = Escaped::attr(if meta.title.is_empty() {
        &site.name
    } else {
        meta.title
    });
    let site_name = Escaped::attr(&site.name);
    out.raw("</title>\n<meta name=\"description\"");
    out.escaped_attr("content", &desc);
    out.raw(">\n<link rel=\"canonical\"");
    let canonical = meta
        .article
        .and_then(|v| v.article.canonical_url.as_ref())
        .map(|u| Link::from(u.clone()));
    let canonical = canonical.as_ref().unwrap_or(page);
    out.abs_link_attr("href", base, page, canonical);
    out.raw(">\n<link rel=\"alternate\" type=\"application/rss+xml\"");
    out.escaped_attr("title", &site_name);
    out.abs_link_attr("href", base, page, &cx.urls.rss());
    out.raw(">\n<link rel=\"alternate\" type=\"application/atom+xml\"");
    out.escaped_attr("title", &site_name);
    out.abs_link_attr("href", base, page, &cx.urls.atom());
    out.raw(">\n");
    // OpenGraph
    meta_property(out, "og:locale", "vi_VN");
    meta_property(out, "og:type", meta.og_type);
    out.raw("<meta property=\"og:site_name\"");
    out.escaped_attr("content", &site_name);
    out.raw(">\n<meta property=\"og:title\"");
    out.escaped_attr("content", &og_title);
    out.raw(">\n<meta property=\"og:description\"");
    out.escaped_attr("content", &desc);
    out.raw(">\n");
    out.raw("<meta property=\"og:url\"");
    out.abs_link_attr("content", base, page, canonical);
    out.raw(">\n");
    if let Some(img) = meta.image {
        out.raw("<meta property=\"og:image\"");
        out.abs_link_attr("content", base, page, img);
        out.raw(">\n");
    }
    if let Some(view) = meta.article {
        let a = view.article;
        let mut t = String::new();
        if let Some(p) = &a.published {
            if a.published_date_only {
                super::date::iso_date_into(&mut t, p, cx.site.offset);
            } else {
                super::date::rfc3339_into(&mut t, p);
            }
            meta_property(out, "article:published_time", &t);
        }
        if let Some(u) = &a.updated {
            t.clear();
            super::date::rfc3339_into(&mut t, u);
            meta_property(out, "article:modified_time", &t);
        }
        if let Some(c) = &a.category {
            meta_property(out, "article:section", &c.name);
        }
        for tag in &a.tags {
            meta_property(out, "article:tag", tag);
        }
    }
    // Twitter card
    out.raw("<meta name=\"twitter:card\"");
    out.attr(
        "content",
        if meta.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
    );
    out.raw(">\n");
    if let Some(handle) = &site.twitter_site {
        out.raw("<meta name=\"twitter:site\"");
        out.attr("content", handle);
        out.raw(">\n");
    }
    out.raw("<meta name=\"twitter:title\"");
    out.escaped_attr("content", &og_title);
    out.raw(">\n<meta name=\"twitter:description\"");
    out.escaped_attr("content", &desc);
    out.raw(">\n");
    if let Some(img) = meta.image {
        out.raw("<meta name=\"twitter:image\"");
        out.abs_link_attr("content", base, page, img);
        out.raw(">\n");
    }
    if let Some(view) = meta.article {
        super::jsonld::news_article(cx, view, meta, canonical, out);
    }
    if !meta.crumbs.is_empty() {
        super::jsonld::breadcrumbs(cx, meta, canonical, out);
    }
    out.raw("<style>");
    out.css(theme.stylesheet());
    out.raw("</style>\n");
}

/// The reference theme: every [`Theme`] method's default.
///
/// ```
/// use tintuc::render::{DefaultTheme, Theme, DEFAULT_CSS};
/// assert_eq!(DefaultTheme.stylesheet(), DEFAULT_CSS);
/// assert!(DEFAULT_CSS.contains("@media print"));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultTheme;

impl Theme for DefaultTheme {}
