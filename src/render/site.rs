//! Every page of a site, one page at a time: what a static export writes, a bench
//! renders in memory and a service pre-renders.
//!
//! [`SitePages`] cuts listings into pages, renders each page into one reused buffer,
//! hands it to the host as a [`SitePage`] (site-relative path and text) and keeps the
//! sitemap and the Google News candidates as it goes; [`SitePages::finish`] then hands
//! over the sitemap files and the news sitemap. It is pure like the rest of `render`:
//! the host reads its store, ranks related links and decides where the text goes (files,
//! memory, an HTTP cache). Pages the host could not publish are left out of the sitemap.
//!
//! Only what readers may see at the build's `now` is rendered
//! ([`Article::is_visible_at`]): an article page for a draft, a scheduled article before
//! its time or an expired one is not published, and listings, the home page and the
//! feeds leave such articles out, whatever the host passes. A host that rebuilds at
//! [`crate::model::next_transition`] publishes scheduled articles and takes expired ones
//! down on time.

use crate::model::{Article, Category, Link, Slug, Timestamp, Topic};

use super::files::file_links;
use super::{
    ArticleView, CategoryView, HomeGroup, HomeSection, HomeView, Page, Renderer, SitemapEntry,
    TagView, Theme, TopicView, UrlScheme,
};

/// One rendered page: where it is published and its text.
#[derive(Debug, Clone, Copy)]
pub struct SitePage<'b> {
    /// Its site-relative path (`/tin/a.html`, `/chuyen-muc/x/trang-2`, `/rss.xml`, ...).
    pub path: &'b Link,
    /// The HTML or XML document.
    pub body: &'b str,
}

/// How many pages of each kind were published, and their bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageCount {
    /// Article pages.
    pub articles: usize,
    /// Category listing pages.
    pub categories: usize,
    /// Tag listing pages.
    pub tags: usize,
    /// Topic thread listing pages.
    pub topics: usize,
    /// The home page, feeds and pages given to [`SitePages::page`] or
    /// [`SitePages::custom`].
    pub others: usize,
    /// Sitemap files (the sitemap, its parts, the news sitemap).
    pub sitemaps: usize,
    /// Bytes of every published page.
    pub bytes: usize,
}

impl PageCount {
    /// Every published page.
    pub fn total(&self) -> usize {
        self.articles + self.categories + self.tags + self.topics + self.others + self.sitemaps
    }
}

/// Renders a site page by page and keeps its sitemap.
///
/// Each method renders one page (or every page of a listing) and calls `publish` with
/// it; `publish` returns whether the page was published (a file written, a response
/// cached). Only published pages enter the sitemap.
///
/// ```
/// use tintuc::model::{Article, Category};
/// use tintuc::render::{ArticleView, HomeSection, Renderer, Site, SitePages};
///
/// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
/// let cat = Category::from_name("Tin tức").ok_or("no slug")?;
/// let mut a = Article::new("a".parse()?, "Tin A".into(), "tin-a".parse()?);
/// a.category = Some(cat.clone());
/// a.status = tintuc::model::Status::Published;
/// let mut files: Vec<(String, usize)> = Vec::new();
/// let mut publish = |p: tintuc::render::SitePage<'_>| {
///     files.push((p.path.to_string(), p.body.len()));
///     true
/// };
/// let mut site = SitePages::new(&r, 10, "2018-12-21T12:00:00+07:00".parse()?);
/// site.article(&ArticleView::new(&a, &[]), &mut publish);
/// site.category(&cat, &[&a], &mut publish);
/// site.home(&[HomeSection { category: &cat, articles: &[&a] }], &mut publish);
/// site.feeds(&[&a], &mut publish);
/// let count = site.finish(&mut publish);
/// assert_eq!(count.total(), 7); // article, listing, home, RSS, Atom, sitemap, news sitemap
/// let paths: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
/// assert_eq!(paths, ["/tin/tin-a.html", "/chuyen-muc/tin-tuc", "/", "/rss.xml",
///                    "/atom.xml", "/sitemap.xml", "/sitemap-news.xml"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SitePages<'r, T, U> {
    renderer: &'r Renderer<T, U>,
    per_page: usize,
    now: Timestamp,
    buf: String,
    home: Option<SitemapEntry>,
    sitemap: Vec<SitemapEntry>,
    news: Vec<Article>,
    count: PageCount,
    file_links: bool,
}

impl<'r, T: Theme, U: UrlScheme> SitePages<'r, T, U> {
    /// Pages of `renderer`'s site with `per_page` articles per listing page (at least
    /// one) as readers see them at `now`: which articles are visible, and the Google News
    /// sitemap's "now" (the build never reads the clock).
    pub fn new(renderer: &'r Renderer<T, U>, per_page: usize, now: Timestamp) -> Self {
        SitePages {
            renderer,
            per_page: per_page.max(1),
            now,
            buf: String::with_capacity(64 * 1024),
            home: None,
            sitemap: Vec::new(),
            news: Vec::new(),
            count: PageCount::default(),
            file_links: false,
        }
    }

    /// With `on`, links between HTML pages lead from file to file ([`file_links`]), so
    /// an export opens from the file system; feeds and sitemaps keep absolute URLs.
    ///
    /// ```
    /// use tintuc::render::{Renderer, Site, SitePages};
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let mut site = SitePages::new(&r, 10, "2018-12-21T12:00:00+07:00".parse()?).file_links(true);
    /// let mut home = String::new();
    /// site.home(&[], &mut |p| { home = p.body.to_string(); true });
    /// assert!(home.contains(r#"href="index.html""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn file_links(mut self, on: bool) -> Self {
        self.file_links = on;
        self
    }

    /// The pages published so far.
    pub fn count(&self) -> PageCount {
        self.count
    }

    /// The sitemap entries so far (the home page's comes first in the sitemap).
    pub fn sitemap(&self) -> &[SitemapEntry] {
        &self.sitemap
    }

    fn emit<P>(&mut self, path: &Link, publish: &mut P) -> bool
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let doctype = self.buf.as_bytes().get(..15);
        let html = doctype.is_some_and(|d| d.eq_ignore_ascii_case(b"<!doctype html>"));
        let (ok, len) = if self.file_links && html {
            let body = file_links(&self.buf, path);
            (publish(SitePage { path, body: &body }), body.len())
        } else {
            let body = &self.buf;
            (publish(SitePage { path, body }), body.len())
        };
        if ok {
            self.count.bytes += len;
        }
        ok
    }

    /// Every page of a listing over `articles` (those not visible at `now` left out; at
    /// least one page): `render` renders page `page` of `page_count`, holding `items`,
    /// and each page published enters the sitemap. Returns the pages published.
    fn listing<P>(
        &mut self,
        articles: &[&Article],
        publish: &mut P,
        mut render: impl FnMut(&mut Self, &[&Article], usize, usize, &mut P) -> Option<Link>,
    ) -> usize
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let articles = &self.visible(articles);
        let page_count = articles.len().div_ceil(self.per_page).max(1);
        let mut n = 0;
        for page in 1..=page_count {
            let items = page_of(articles, page, self.per_page);
            if let Some(url) = render(self, items, page, page_count, publish) {
                self.sitemap.push(SitemapEntry {
                    url,
                    lastmod: newest_change(items),
                    date_only: false,
                });
                n += 1;
            }
        }
        n
    }

    fn render_page<P>(&mut self, page: &Page<'_>, publish: &mut P) -> Option<Link>
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        self.buf.clear();
        self.renderer.render(page, &mut self.buf);
        let path = self.renderer.path_of(page);
        self.emit(&path, publish).then_some(path)
    }

    /// The article page; a published article enters the sitemap, and the Google News
    /// sitemap when published in the two days up to `now`. An article readers may not
    /// see at `now` is not rendered (`false`).
    ///
    /// ```
    /// use tintuc::model::{Article, Status};
    /// use tintuc::render::{ArticleView, Renderer, Site, SitePages};
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let mut a = Article::new("a".parse()?, "Tin A".into(), "tin-a".parse()?);
    /// a.status = Status::Scheduled;
    /// a.published = Some("2018-12-21T12:00:00+07:00".parse()?);
    /// let mut at = |now: &str| -> Result<bool, Box<dyn std::error::Error>> {
    ///     let mut site = SitePages::new(&r, 10, now.parse()?);
    ///     Ok(site.article(&ArticleView::new(&a, &[]), &mut |_| true))
    /// };
    /// assert!(!at("2018-12-21T11:59:59+07:00")?);
    /// assert!(at("2018-12-21T12:00:00+07:00")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn article<P>(&mut self, view: &ArticleView<'_>, publish: &mut P) -> bool
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let a = view.article;
        if !a.is_visible_at(self.now) {
            return false;
        }
        let ok = self.render_page(&Page::Article(view), publish).is_some();
        if ok {
            self.sitemap
                .push(SitemapEntry::article(a, self.renderer.urls()));
            let since = self.now - chrono::Duration::days(2);
            if a.published.is_some_and(|p| p >= since && p <= self.now) {
                self.news.push(a.clone());
            }
            self.count.articles += 1;
        }
        ok
    }

    /// Every page of the category's listing over `articles` (in the order shown,
    /// newest first; those not visible at `now` left out); at least one page. Returns
    /// the pages published.
    pub fn category<P>(
        &mut self,
        category: &Category,
        articles: &[&Article],
        publish: &mut P,
    ) -> usize
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let n = self.listing(
            articles,
            publish,
            |site, items, page, page_count, publish| {
                let view = CategoryView {
                    category,
                    articles: items,
                    page,
                    page_count,
                };
                site.render_page(&Page::Category(&view), publish)
            },
        );
        self.count.categories += n;
        n
    }

    /// Every page of the tag's listing over `articles` (in the order shown; those not
    /// visible at `now` left out); at least one page. Returns the pages published.
    pub fn tag<P>(
        &mut self,
        tag: &str,
        slug: &Slug,
        articles: &[&Article],
        publish: &mut P,
    ) -> usize
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let n = self.listing(
            articles,
            publish,
            |site, items, page, page_count, publish| {
                let view = TagView {
                    tag,
                    slug,
                    articles: items,
                    page,
                    page_count,
                };
                site.render_page(&Page::Tag(&view), publish)
            },
        );
        self.count.tags += n;
        n
    }

    /// Every page of the topic thread's listing over `articles` (in the order shown,
    /// newest first; those not visible at `now` left out); at least one page. Its pages
    /// enter the sitemap like tag pages. Returns the pages published.
    ///
    /// ```
    /// use tintuc::model::{Article, Status, Topic};
    /// use tintuc::render::{Renderer, Site, SitePages};
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let topic = Topic::from_name("Bão số 3").ok_or("no slug")?;
    /// let mut a = Article::new("a".parse()?, "Bão đổ bộ".into(), "bao-do-bo".parse()?);
    /// a.status = Status::Published;
    /// a.topic = Some(topic.clone());
    /// let mut site = SitePages::new(&r, 10, "2018-12-21T12:00:00+07:00".parse()?);
    /// let mut html = String::new();
    /// site.topic(&topic, &[&a], &mut |p| { html = p.body.to_string(); true });
    /// assert!(html.contains("<h1>Bão số 3</h1>") && html.contains("/tin/bao-do-bo.html"));
    /// assert_eq!(site.sitemap()[0].url.as_str(), "/dong-su-kien/bao-so-3");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn topic<P>(&mut self, topic: &Topic, articles: &[&Article], publish: &mut P) -> usize
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let n = self.listing(
            articles,
            publish,
            |site, items, page, page_count, publish| {
                let view = TopicView {
                    topic,
                    articles: items,
                    page,
                    page_count,
                };
                site.render_page(&Page::Topic(&view), publish)
            },
        );
        self.count.topics += n;
        n
    }

    /// The home page with category blocks only ([`SitePages::curated_home`] without
    /// groups).
    pub fn home<P>(&mut self, sections: &[HomeSection<'_>], publish: &mut P) -> bool
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        self.curated_home(
            &HomeView {
                groups: &[],
                sections,
            },
            publish,
        )
    }

    /// The home page with its curated groups' blocks and category blocks (articles not
    /// visible at `now` left out of both); it comes first in the sitemap.
    pub fn curated_home<P>(&mut self, home: &HomeView<'_>, publish: &mut P) -> bool
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let groups: Vec<HomeGroup<'_>> = home
            .groups
            .iter()
            .map(|g| HomeGroup {
                name: g.name,
                slug: g.slug,
                articles: self.visible(&g.articles),
            })
            .collect();
        let sections = home.sections;
        let lists: Vec<Vec<&Article>> = sections.iter().map(|s| self.visible(s.articles)).collect();
        let sections: Vec<HomeSection<'_>> = sections
            .iter()
            .zip(&lists)
            .map(|(s, articles)| HomeSection {
                category: s.category,
                articles,
            })
            .collect();
        let view = HomeView {
            groups: &groups,
            sections: &sections,
        };
        let Some(url) = self.render_page(&Page::CuratedHome(&view), publish) else {
            return false;
        };
        let newest = sections
            .iter()
            .flat_map(|s| s.articles.iter().copied())
            .chain(groups.iter().flat_map(|g| g.articles.iter().copied()));
        self.home = Some(SitemapEntry {
            url,
            lastmod: newest.filter_map(|a| a.updated.or(a.published)).max(),
            date_only: false,
        });
        self.count.others += 1;
        true
    }

    /// The RSS and Atom feeds of `newest` (newest first; those not visible at `now`
    /// left out). Returns the feeds published.
    pub fn feeds<P>(&mut self, newest: &[&Article], publish: &mut P) -> usize
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let newest = &self.visible(newest);
        let mut n = 0;
        for page in [Page::Rss(newest), Page::Atom(newest)] {
            n += usize::from(self.render_page(&page, publish).is_some());
        }
        self.count.others += n;
        n
    }

    /// The articles of `list` readers may see at `now`, in order.
    fn visible<'a>(&self, list: &[&'a Article]) -> Vec<&'a Article> {
        list.iter()
            .copied()
            .filter(|a| a.is_visible_at(self.now))
            .collect()
    }

    /// Any other page, kept out of the sitemap.
    pub fn page<P>(&mut self, page: &Page<'_>, publish: &mut P) -> bool
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let ok = self.render_page(page, publish).is_some();
        self.count.others += usize::from(ok);
        ok
    }

    /// A page the host renders itself (a document page, a documents listing) at `path`:
    /// `render` appends it to the buffer it is given. With `lastmod`, a published page
    /// enters the sitemap with that time (`Some(None)`: in the sitemap without one).
    ///
    /// ```
    /// use tintuc::render::{Renderer, Site, SitePages};
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let mut site = SitePages::new(&r, 10, "2018-12-21T12:00:00+07:00".parse()?);
    /// let mut got = String::new();
    /// site.custom(&"/gioi-thieu.html".parse()?, Some(None), |buf| buf.push_str("<p>Giới thiệu</p>"),
    ///             &mut |p| { got = format!("{} {}", p.path, p.body); true });
    /// assert_eq!(got, "/gioi-thieu.html <p>Giới thiệu</p>");
    /// assert_eq!(site.sitemap()[0].url.as_str(), "/gioi-thieu.html");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn custom<P>(
        &mut self,
        path: &Link,
        lastmod: Option<Option<Timestamp>>,
        render: impl FnOnce(&mut String),
        publish: &mut P,
    ) -> bool
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        self.buf.clear();
        render(&mut self.buf);
        let ok = self.emit(path, publish);
        if ok {
            if let Some(lastmod) = lastmod {
                self.sitemap.push(SitemapEntry {
                    url: path.clone(),
                    lastmod,
                    date_only: false,
                });
            }
            self.count.others += 1;
        }
        ok
    }

    /// The sitemap (an index and its parts past 50,000 URLs) and the Google News
    /// sitemap; returns the count of every page published.
    pub fn finish<P>(mut self, publish: &mut P) -> PageCount
    where
        P: FnMut(SitePage<'_>) -> bool + ?Sized,
    {
        let mut entries = std::mem::take(&mut self.sitemap);
        if let Some(home) = self.home.take() {
            entries.insert(0, home);
        }
        for f in self.renderer.sitemap_files(&entries) {
            if publish(SitePage {
                path: &f.path,
                body: &f.xml,
            }) {
                self.count.sitemaps += 1;
                self.count.bytes += f.xml.len();
            }
        }
        drop(entries);
        let news = std::mem::take(&mut self.news);
        let refs: Vec<&Article> = news.iter().collect();
        let page = Page::NewsSitemap {
            articles: &refs,
            now: self.now,
        };
        if self.render_page(&page, publish).is_some() {
            self.count.sitemaps += 1;
        }
        self.count
    }
}

/// The articles of 1-based page `page`.
fn page_of<'a, 'b>(articles: &'a [&'b Article], page: usize, per_page: usize) -> &'a [&'b Article] {
    let from = (page - 1).saturating_mul(per_page).min(articles.len());
    let to = from.saturating_add(per_page).min(articles.len());
    articles.get(from..to).unwrap_or_default()
}

/// When the newest of these articles last changed.
fn newest_change(articles: &[&Article]) -> Option<Timestamp> {
    articles
        .iter()
        .filter_map(|a| a.updated.or(a.published))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Site;

    fn article(i: usize, cat: &Category) -> Article {
        let mut a = Article::new(
            format!("a{i}").parse().unwrap(),
            format!("Tin số {i}"),
            format!("tin-so-{i}").parse().unwrap(),
        );
        a.category = Some(cat.clone());
        a.status = crate::model::Status::Published;
        a.published = Some(
            format!("2018-12-{:02}T08:00:00+07:00", 21 - i)
                .parse()
                .unwrap(),
        );
        a
    }

    #[test]
    fn listings_are_cut_into_pages_and_only_published_pages_enter_the_sitemap() {
        let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse().unwrap()));
        let cat = Category::from_name("Tin tức").unwrap();
        let all: Vec<Article> = (0..5).map(|i| article(i, &cat)).collect();
        let refs: Vec<&Article> = all.iter().collect();
        let mut site = SitePages::new(&r, 2, "2018-12-21T12:00:00+07:00".parse().unwrap());
        let mut seen = Vec::new();
        // the second listing page is refused
        let mut publish = |p: SitePage<'_>| {
            seen.push(p.path.to_string());
            p.path.as_str() != "/chuyen-muc/tin-tuc/trang-2"
        };
        assert_eq!(site.category(&cat, &refs, &mut publish), 2);
        for a in &all {
            assert!(site.article(&ArticleView::new(a, &[]), &mut publish));
        }
        let in_sitemap: Vec<&str> = site.sitemap().iter().map(|e| e.url.as_str()).collect();
        assert_eq!(
            in_sitemap[..2],
            ["/chuyen-muc/tin-tuc", "/chuyen-muc/tin-tuc/trang-3"]
        );
        assert_eq!(site.sitemap()[0].lastmod, all[0].published);
        let mut xml = Vec::new();
        let count = site.finish(&mut |p: SitePage<'_>| {
            xml.push(p.body.to_string());
            true
        });
        assert_eq!(
            (count.categories, count.articles, count.sitemaps),
            (2, 5, 2)
        );
        assert_eq!(
            seen[..3],
            [
                "/chuyen-muc/tin-tuc",
                "/chuyen-muc/tin-tuc/trang-2",
                "/chuyen-muc/tin-tuc/trang-3"
            ]
        );
        // the news sitemap holds the articles of the two days up to now: a0, a1
        assert_eq!(xml[1].matches("<url>").count(), 2, "{}", xml[1]);
        assert!(!xml[0].contains("trang-2"));
    }

    #[test]
    fn an_empty_listing_has_one_page() {
        let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse().unwrap()));
        let cat = Category::from_name("Tin tức").unwrap();
        let mut site = SitePages::new(&r, 0, "2018-12-21T12:00:00+07:00".parse().unwrap());
        let mut n = 0;
        assert_eq!(
            site.category(&cat, &[], &mut |_| {
                n += 1;
                true
            }),
            1
        );
        assert_eq!(n, 1);
    }
}
