//! Feeds (RSS 2.0, Atom) and sitemaps (sitemaps.org, Google News).
//!
//! A date-only `published` value ([`Article::published_date_only`]) is written as a
//! date in feeds too: RSS `pubDate` and Atom `published` must be date-times (RFC 822,
//! RFC 3339), so such an article carries the Dublin Core `<dc:date>2018-08-17</dc:date>`
//! (W3C-DTF, a date alone) in their place rather than a made-up `00:00`.

use chrono::FixedOffset;

use crate::model::{Article, Link, Timestamp};

use super::html::{absolutize, escape_into};
use super::{date, Renderer, Theme, UrlScheme};

/// At most this many URLs in one sitemap file (sitemaps.org).
pub const SITEMAP_MAX_URLS: usize = 50_000;
/// At most this many bytes in one uncompressed sitemap file (sitemaps.org: 50 MiB).
pub const SITEMAP_MAX_BYTES: usize = 52_428_800;
/// At most this many URLs in a Google News sitemap.
pub const NEWS_SITEMAP_MAX_URLS: usize = 1_000;

/// One `<url>` of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// The page (site-relative or absolute).
    pub url: Link,
    /// When the page's content last changed; never the build time.
    pub lastmod: Option<Timestamp>,
    /// `lastmod` is a calendar date without a time of day (a date-only `published`, a
    /// document's issue date): written as `2018-08-17`, which sitemaps.org's W3C
    /// Datetime allows, instead of a made-up `T00:00:00+07:00`.
    pub date_only: bool,
}

impl SitemapEntry {
    /// The entry for an article: its URL and `updated`, else `published`, time (a
    /// date-only `published` stays a date, see [`SitemapEntry::date_only`]).
    ///
    /// ```
    /// use tintuc::render::{DefaultUrls, SitemapEntry};
    /// let mut a = tintuc::model::Article::new("a".parse()?, "T".into(), "t".parse()?);
    /// a.published = Some("2018-08-17T08:00:00+07:00".parse()?);
    /// let e = SitemapEntry::article(&a, &DefaultUrls);
    /// assert_eq!(e.url.as_str(), "/tin/t.html");
    /// assert_eq!(e.lastmod, a.published);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn article(article: &Article, urls: &dyn UrlScheme) -> Self {
        SitemapEntry {
            url: urls.article(article),
            lastmod: article.updated.or(article.published),
            date_only: article.updated.is_none() && article.published_date_only,
        }
    }
}

/// One file of the site's sitemap: where it goes and its XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapFile {
    /// Its site-relative location (`/sitemap.xml`, `/sitemap-1.xml`, ...).
    pub path: Link,
    /// The XML document.
    pub xml: String,
}

/// Writes a URL for XML: absolute, entity-escaped, and with non-ASCII bytes
/// percent-encoded (sitemaps want RFC 3986 URLs).
fn loc(out: &mut String, r: &Renderer<impl Theme, impl UrlScheme>, link: &Link) {
    let mut abs = String::new();
    absolutize(&mut abs, &r.site.base_url, &r.urls.home(), link);
    if abs.is_ascii() {
        escape_into(out, &abs, false);
    } else {
        let mut enc = String::with_capacity(abs.len() * 2);
        for &b in abs.as_bytes() {
            if b.is_ascii() {
                enc.push(b as char);
            } else {
                enc.push_str(&format!("%{b:02X}"));
            }
        }
        escape_into(out, &enc, false);
    }
}

fn abs(r: &Renderer<impl Theme, impl UrlScheme>, link: &Link) -> String {
    let mut s = String::new();
    absolutize(&mut s, &r.site.base_url, &r.urls.home(), link);
    s
}

fn text_el(out: &mut String, open: &str, text: &str, close: &str) {
    out.push_str(open);
    escape_into(out, text, false);
    out.push_str(close);
}

/// 00:00 of `t`'s calendar date in `offset`.
fn midnight(t: &Timestamp, offset: FixedOffset) -> Timestamp {
    t.with_timezone(&offset)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|n| n.and_local_timezone(offset).single())
        .unwrap_or(*t)
}

/// When a feed says the article last changed, as the date-time RSS `lastBuildDate` and
/// Atom `updated` require: its `updated` time, else its `published` one — for a
/// date-only `published`, 00:00 of that date in the site's offset (the earliest moment
/// the date allows, so a reader never sees the entry as newer than it is).
fn changed_at(a: &Article, offset: FixedOffset) -> Option<Timestamp> {
    match (a.updated, a.published) {
        (Some(u), _) => Some(u),
        (None, Some(p)) if a.published_date_only => Some(midnight(&p, offset)),
        (None, p) => p,
    }
}

/// `<dc:date>2018-08-17</dc:date>`: a date-only `published`, in the site's offset.
fn dc_date(out: &mut String, p: &Timestamp, offset: FixedOffset) {
    out.push_str("<dc:date>");
    date::iso_date_into(out, p, offset);
    out.push_str("</dc:date>\n");
}

fn summary(a: &Article) -> Option<String> {
    let d = super::description_of(a);
    (!d.is_empty()).then_some(d)
}

/// The RSS 2.0 feed of `articles`, in the order given: one `<item>` each, dated or not.
///
/// An item's `pubDate` is its `published` time (RFC 822); a date-only `published`
/// ([`Article::published_date_only`]) is written as `<dc:date>2018-08-17</dc:date>`
/// instead, since `pubDate` must carry a time of day. The channel's `lastBuildDate` is
/// the newest item's [`changed_at`] (never the build time).
pub(crate) fn rss(
    r: &Renderer<impl Theme, impl UrlScheme>,
    articles: &[&Article],
    out: &mut String,
) {
    let site = &r.site;
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    text_el(out, "<title>", &site.name, "</title>\n");
    text_el(out, "<link>", &abs(r, &r.urls.home()), "</link>\n");
    text_el(
        out,
        "<description>",
        site.description.as_deref().unwrap_or(&site.name),
        "</description>\n",
    );
    out.push_str("<language>vi</language>\n<atom:link href=\"");
    escape_into(out, &abs(r, &r.urls.rss()), true);
    out.push_str("\" rel=\"self\" type=\"application/rss+xml\"/>\n");
    // The channel changed when its newest item did (never the build time).
    if let Some(latest) = articles
        .iter()
        .filter_map(|a| changed_at(a, site.offset))
        .max()
    {
        out.push_str("<lastBuildDate>");
        date::rfc822_into(out, &latest);
        out.push_str("</lastBuildDate>\n");
    }
    for a in articles {
        let url = abs(r, &r.urls.article(a));
        out.push_str("<item>\n");
        text_el(out, "<title>", &a.title, "</title>\n");
        text_el(out, "<link>", &url, "</link>\n");
        text_el(out, "<guid isPermaLink=\"true\">", &url, "</guid>\n");
        match &a.published {
            Some(p) if a.published_date_only => dc_date(out, p, site.offset),
            Some(p) => {
                out.push_str("<pubDate>");
                date::rfc822_into(out, p);
                out.push_str("</pubDate>\n");
            }
            None => {}
        }
        if let Some(d) = summary(a) {
            // RSS readers take <description> as HTML once the XML is decoded: escape
            // the plain text for HTML first, then for XML.
            let mut html = String::with_capacity(d.len() + 16);
            escape_into(&mut html, &d, false);
            text_el(out, "<description>", &html, "</description>\n");
        }
        for au in &a.authors {
            text_el(out, "<dc:creator>", &au.name, "</dc:creator>\n");
        }
        if let Some(c) = &a.category {
            text_el(out, "<category>", &c.name, "</category>\n");
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
}

/// The Atom feed of `articles`: one `<entry>` for each article with a `published` or
/// `updated` value (Atom requires `updated`), in the order given.
///
/// An entry's `published` is its `published` time (RFC 3339); a date-only `published`
/// ([`Article::published_date_only`]) is written as `<dc:date>2018-08-17</dc:date>`
/// instead (an extension element; `published` must carry a time of day). The entry's
/// required `updated` is a date-time by [`changed_at`]: the article's `updated` time,
/// else its publication date at 00:00 in the site's offset. The feed's `updated` is the
/// newest entry's.
pub(crate) fn atom(
    r: &Renderer<impl Theme, impl UrlScheme>,
    articles: &[&Article],
    out: &mut String,
) {
    let site = &r.site;
    let home = abs(r, &r.urls.home());
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xml:lang=\"vi\">\n");
    text_el(out, "<title>", &site.name, "</title>\n");
    if let Some(d) = &site.description {
        text_el(out, "<subtitle>", d, "</subtitle>\n");
    }
    out.push_str("<link rel=\"alternate\" type=\"text/html\" href=\"");
    escape_into(out, &home, true);
    out.push_str("\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
    escape_into(out, &abs(r, &r.urls.atom()), true);
    out.push_str("\"/>\n");
    text_el(out, "<id>", &home, "</id>\n");
    let dated: Vec<(&Article, Timestamp)> = articles
        .iter()
        .filter_map(|a| changed_at(a, site.offset).map(|t| (*a, t)))
        .collect();
    // Atom requires `updated`; with no dated entry the feed has not changed since the epoch.
    let latest = dated.iter().map(|x| x.1).max().unwrap_or_default();
    out.push_str("<updated>");
    date::rfc3339_into(out, &latest);
    out.push_str("</updated>\n<author><name>");
    escape_into(out, &site.publisher.name, false);
    out.push_str("</name></author>\n");
    for (a, updated) in dated {
        let url = abs(r, &r.urls.article(a));
        out.push_str("<entry>\n");
        text_el(out, "<title>", &a.title, "</title>\n");
        out.push_str("<link rel=\"alternate\" type=\"text/html\" href=\"");
        escape_into(out, &url, true);
        out.push_str("\"/>\n");
        text_el(out, "<id>", &url, "</id>\n");
        match &a.published {
            Some(p) if a.published_date_only => dc_date(out, p, site.offset),
            Some(p) => {
                out.push_str("<published>");
                date::rfc3339_into(out, p);
                out.push_str("</published>\n");
            }
            None => {}
        }
        out.push_str("<updated>");
        date::rfc3339_into(out, &updated);
        out.push_str("</updated>\n");
        for au in &a.authors {
            text_el(out, "<author><name>", &au.name, "</name></author>\n");
        }
        if let Some(c) = &a.category {
            out.push_str("<category term=\"");
            escape_into(out, c.slug.as_str(), true);
            out.push_str("\" label=\"");
            escape_into(out, &c.name, true);
            out.push_str("\"/>\n");
        }
        if let Some(d) = summary(a) {
            text_el(out, "<summary>", &d, "</summary>\n");
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
}

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

fn url_entry(r: &Renderer<impl Theme, impl UrlScheme>, e: &SitemapEntry, out: &mut String) {
    out.push_str("<url><loc>");
    loc(out, r, &e.url);
    out.push_str("</loc>");
    if let Some(t) = &e.lastmod {
        out.push_str("<lastmod>");
        if e.date_only {
            date::iso_date_into(out, t, r.site.offset);
        } else {
            date::rfc3339_into(out, t);
        }
        out.push_str("</lastmod>");
    }
    out.push_str("</url>\n");
}

pub(crate) fn urlset(
    r: &Renderer<impl Theme, impl UrlScheme>,
    entries: &[SitemapEntry],
    out: &mut String,
) {
    out.push_str(URLSET_OPEN);
    for e in entries {
        url_entry(r, e, out);
    }
    out.push_str(URLSET_CLOSE);
}

pub(crate) fn sitemap_index(
    r: &Renderer<impl Theme, impl UrlScheme>,
    parts: &[SitemapEntry],
    out: &mut String,
) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for e in parts {
        out.push_str("<sitemap><loc>");
        loc(out, r, &e.url);
        out.push_str("</loc>");
        if let Some(t) = &e.lastmod {
            out.push_str("<lastmod>");
            date::rfc3339_into(out, t);
            out.push_str("</lastmod>");
        }
        out.push_str("</sitemap>\n");
    }
    out.push_str("</sitemapindex>\n");
}

pub(crate) fn sitemap_files(
    r: &Renderer<impl Theme, impl UrlScheme>,
    entries: &[SitemapEntry],
) -> Vec<SitemapFile> {
    let mut one = String::new();
    urlset(r, entries, &mut one);
    if entries.len() <= SITEMAP_MAX_URLS && one.len() <= SITEMAP_MAX_BYTES {
        return vec![SitemapFile {
            path: r.urls.sitemap(),
            xml: one,
        }];
    }
    drop(one);
    let mut files = Vec::new();
    let mut index = Vec::new();
    let mut cur = String::from(URLSET_OPEN);
    let mut count = 0usize;
    let mut lastmod: Option<Timestamp> = None;
    let mut entry = String::new();
    let mut flush = |cur: &mut String,
                     count: &mut usize,
                     lastmod: &mut Option<Timestamp>,
                     files: &mut Vec<SitemapFile>| {
        cur.push_str(URLSET_CLOSE);
        let path = r.urls.sitemap_part(files.len() + 1);
        index.push(SitemapEntry {
            url: path.clone(),
            lastmod: lastmod.take(),
            date_only: false,
        });
        files.push(SitemapFile {
            path,
            xml: std::mem::replace(cur, String::from(URLSET_OPEN)),
        });
        *count = 0;
    };
    for e in entries {
        entry.clear();
        url_entry(r, e, &mut entry);
        let full = count == SITEMAP_MAX_URLS
            || cur.len() + entry.len() + URLSET_CLOSE.len() > SITEMAP_MAX_BYTES;
        if full && count > 0 {
            flush(&mut cur, &mut count, &mut lastmod, &mut files);
        }
        cur.push_str(&entry);
        count += 1;
        lastmod = lastmod.max(e.lastmod);
    }
    if count > 0 {
        flush(&mut cur, &mut count, &mut lastmod, &mut files);
    }
    let mut xml = String::new();
    sitemap_index(r, &index, &mut xml);
    files.insert(
        0,
        SitemapFile {
            path: r.urls.sitemap(),
            xml,
        },
    );
    files
}

pub(crate) fn news_sitemap(
    r: &Renderer<impl Theme, impl UrlScheme>,
    articles: &[&Article],
    now: Timestamp,
    out: &mut String,
) {
    let since = now - chrono::Duration::days(2);
    let mut recent: Vec<(&Article, Timestamp)> = articles
        .iter()
        .filter_map(|a| {
            a.published
                .filter(|p| *p >= since && *p <= now)
                .map(|p| (*a, p))
        })
        .collect();
    recent.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.id.cmp(&y.0.id)));
    recent.truncate(NEWS_SITEMAP_MAX_URLS);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n");
    for (a, p) in recent {
        out.push_str("<url><loc>");
        loc(out, r, &r.urls.article(a));
        out.push_str("</loc><news:news><news:publication><news:name>");
        escape_into(out, &r.site.publisher.name, false);
        out.push_str("</news:name><news:language>vi</news:language></news:publication><news:publication_date>");
        // A date-only publication stays a date (W3C Datetime `YYYY-MM-DD`).
        if a.published_date_only {
            date::iso_date_into(out, &p, r.site.offset);
        } else {
            date::rfc3339_into(out, &p);
        }
        out.push_str("</news:publication_date>");
        text_el(out, "<news:title>", &a.title, "</news:title>");
        out.push_str("</news:news></url>\n");
    }
    out.push_str(URLSET_CLOSE);
}
