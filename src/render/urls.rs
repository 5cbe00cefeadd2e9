//! Where each page lives: the host's URL scheme.

use crate::document::Document;
use crate::model::{Article, Link, Slug};

use super::doc_filter::{kind_slug, DocumentFilter};

/// Maps pages to site-relative links. Hosts implement it to keep their existing URLs;
/// [`DefaultUrls`] is the portal layout used when they do not.
///
/// Every method returns a [`Link`], so a scheme cannot produce a `javascript:` URL.
///
/// ```
/// use tintuc::model::{Link, Slug};
/// use tintuc::render::{DefaultUrls, UrlScheme};
///
/// /// Keeps an old portal's `?id=` URLs for categories, everything else default.
/// struct OldPortal;
/// impl UrlScheme for OldPortal {
///     fn category(&self, slug: &Slug, page: usize) -> Link {
///         format!("/index.php?cm={slug}&trang={page}").parse().unwrap_or_else(|_| self.home())
///     }
/// }
/// let cat: Slug = "hoat-dong-nganh".parse()?;
/// assert_eq!(OldPortal.category(&cat, 2).as_str(), "/index.php?cm=hoat-dong-nganh&trang=2");
/// assert_eq!(DefaultUrls.category(&cat, 2).as_str(), "/chuyen-muc/hoat-dong-nganh/trang-2");
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
pub trait UrlScheme {
    /// The home page: `/`.
    fn home(&self) -> Link {
        Link::from_checked_parts(&["/"])
    }
    /// An article page: `/tin/{slug}.html`.
    fn article(&self, article: &Article) -> Link {
        Link::from_checked_parts(&["/tin/", article.slug.as_str(), ".html"])
    }
    /// Page `page` (1-based) of a category listing: `/chuyen-muc/{slug}`, then
    /// `/chuyen-muc/{slug}/trang-2`, ...
    fn category(&self, slug: &Slug, page: usize) -> Link {
        if page <= 1 {
            Link::from_checked_parts(&["/chuyen-muc/", slug.as_str()])
        } else {
            let n = page.to_string();
            Link::from_checked_parts(&["/chuyen-muc/", slug.as_str(), "/trang-", &n])
        }
    }
    /// Page `page` (1-based) of a tag listing: `/the/{tag-slug}`, then
    /// `/the/{tag-slug}/trang-2`, ...
    fn tag(&self, slug: &Slug, page: usize) -> Link {
        if page <= 1 {
            Link::from_checked_parts(&["/the/", slug.as_str()])
        } else {
            let n = page.to_string();
            Link::from_checked_parts(&["/the/", slug.as_str(), "/trang-", &n])
        }
    }
    /// Page `page` (1-based) of a topic thread's listing: `/dong-su-kien/{slug}`, then
    /// `/dong-su-kien/{slug}/trang-2`, ...
    ///
    /// ```
    /// use tintuc::render::{DefaultUrls, UrlScheme};
    /// let t: tintuc::model::Slug = "bao-so-3".parse()?;
    /// assert_eq!(DefaultUrls.topic(&t, 1).as_str(), "/dong-su-kien/bao-so-3");
    /// assert_eq!(DefaultUrls.topic(&t, 2).as_str(), "/dong-su-kien/bao-so-3/trang-2");
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    fn topic(&self, slug: &Slug, page: usize) -> Link {
        if page <= 1 {
            Link::from_checked_parts(&["/dong-su-kien/", slug.as_str()])
        } else {
            let n = page.to_string();
            Link::from_checked_parts(&["/dong-su-kien/", slug.as_str(), "/trang-", &n])
        }
    }
    /// The RSS 2.0 feed: `/rss.xml`.
    fn rss(&self) -> Link {
        Link::from_checked_parts(&["/rss.xml"])
    }
    /// The Atom feed: `/atom.xml`.
    fn atom(&self) -> Link {
        Link::from_checked_parts(&["/atom.xml"])
    }
    /// The sitemap (or sitemap index, past 50,000 URLs): `/sitemap.xml`.
    fn sitemap(&self) -> Link {
        Link::from_checked_parts(&["/sitemap.xml"])
    }
    /// Part `n` (1-based) of a split sitemap: `/sitemap-{n}.xml`.
    fn sitemap_part(&self, n: usize) -> Link {
        let n = n.to_string();
        Link::from_checked_parts(&["/sitemap-", &n, ".xml"])
    }
    /// The Google News sitemap: `/sitemap-news.xml`.
    fn news_sitemap(&self) -> Link {
        Link::from_checked_parts(&["/sitemap-news.xml"])
    }
    /// A document page: `/van-ban/{slug}.html`.
    fn document(&self, document: &Document) -> Link {
        Link::from_checked_parts(&["/van-ban/", document.slug.as_str(), ".html"])
    }
    /// Page `page` (1-based) of the documents listing under `filter`: `/van-ban`,
    /// `/van-ban/loai/ke-hoach`, `/van-ban/co-quan/{slug}`, `/van-ban/linh-vuc/{slug}`,
    /// `/van-ban/nam/2018`, `/van-ban/con-hieu-luc`, then `/trang-2`, ...
    fn documents(&self, filter: &DocumentFilter, page: usize) -> Link {
        let year;
        let parts: [&str; 2] = match filter {
            DocumentFilter::All => ["", ""],
            DocumentFilter::Kind(k) => ["/loai/", kind_slug(*k)],
            DocumentFilter::Issuer(s) => ["/co-quan/", s.as_str()],
            DocumentFilter::Field(s) => ["/linh-vuc/", s.as_str()],
            DocumentFilter::Year(y) => {
                year = y.to_string();
                ["/nam/", year.as_str()]
            }
            DocumentFilter::InForce => ["/con-hieu-luc", ""],
        };
        if page <= 1 {
            Link::from_checked_parts(&["/van-ban", parts[0], parts[1]])
        } else {
            let n = page.to_string();
            Link::from_checked_parts(&["/van-ban", parts[0], parts[1], "/trang-", &n])
        }
    }
    /// The documents feed (RSS 2.0): `/van-ban/rss.xml`.
    fn documents_feed(&self) -> Link {
        Link::from_checked_parts(&["/van-ban/rss.xml"])
    }
}

/// The default URL scheme (every [`UrlScheme`] method's default).
///
/// ```
/// use tintuc::render::{DefaultUrls, UrlScheme};
/// let a = tintuc::model::Article::new("a1".parse()?, "T".into(), "so-ket-thi-dua".parse()?);
/// assert_eq!(DefaultUrls.article(&a).as_str(), "/tin/so-ket-thi-dua.html");
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultUrls;

impl UrlScheme for DefaultUrls {}

impl<F> UrlScheme for F
where
    F: Fn(&Article) -> Link,
{
    /// A closure maps articles; every other page keeps its default URL.
    fn article(&self, article: &Article) -> Link {
        self(article)
    }
}
