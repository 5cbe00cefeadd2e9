//! From a request path back to the page: the inverse of a [`UrlScheme`].

use crate::model::{Link, Slug};
use crate::render::{DefaultUrls, UrlScheme};

/// A page of the portal, as named by a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Route {
    /// The home page.
    Home,
    /// Page `page` (1-based) of a category listing.
    Category {
        /// The category's slug.
        slug: Slug,
        /// The page.
        page: usize,
    },
    /// A category's RSS feed.
    CategoryFeed {
        /// The category's slug.
        slug: Slug,
    },
    /// Page `page` of a tag listing.
    Tag {
        /// The tag's slug ([`Slug::from_title`] of the tag).
        slug: Slug,
        /// The page.
        page: usize,
    },
    /// Page `page` of a topic thread's listing.
    Topic {
        /// The topic's slug.
        slug: Slug,
        /// The page.
        page: usize,
    },
    /// An article page.
    Article {
        /// The article's slug.
        slug: Slug,
    },
    /// The site's RSS 2.0 feed.
    Rss,
    /// The site's Atom feed.
    Atom,
    /// The sitemap, or the sitemap index past 50,000 URLs.
    Sitemap,
    /// Part `n` (1-based) of a split sitemap.
    SitemapPart(usize),
    /// The Google News sitemap.
    NewsSitemap,
    /// The search page.
    Search,
}

/// The inverse of a [`UrlScheme`]: which page a request path names. The default method
/// reads [`DefaultUrls`]' layout; a host with its own scheme overrides [`Routes::route`]
/// for the paths it changed and falls back to [`default_route`] for the rest.
///
/// ```
/// use tintuc::render::{DefaultUrls, UrlScheme};
/// use tintuc::web::{Route, Routes};
/// let a = tintuc::model::Article::new("a".parse()?, "T".into(), "so-ket".parse()?);
/// let path = DefaultUrls.article(&a);
/// assert_eq!(DefaultUrls.route(path.as_str()), Some(Route::Article { slug: a.slug.clone() }));
/// assert_eq!(DefaultUrls.route("/tin/../etc/passwd"), None);
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
pub trait Routes: UrlScheme {
    /// The page at `path` (without the query), or `None`.
    fn route(&self, path: &str) -> Option<Route> {
        default_route(path)
    }

    /// Where the search page lives: `/tim-kiem`.
    fn search(&self) -> Link {
        Link::from_checked_parts(&["/tim-kiem"])
    }
}

impl Routes for DefaultUrls {}

/// A `trang-N` path segment, N ≥ 2 (page 1 has no suffix).
fn page_segment(s: &str) -> Option<usize> {
    let n = s.strip_prefix("trang-")?;
    if n.starts_with('0') {
        return None;
    }
    n.parse::<usize>().ok().filter(|&n| n >= 2)
}

/// [`DefaultUrls`]' layout read back: `/`, `/chuyen-muc/{slug}[/trang-N|/rss.xml]`,
/// `/the/{slug}[/trang-N]`, `/dong-su-kien/{slug}[/trang-N]`, `/tin/{slug}.html`, `/rss.xml`, `/atom.xml`,
/// `/sitemap.xml`, `/sitemap-N.xml`, `/sitemap-news.xml`, `/tim-kiem`.
///
/// ```
/// use tintuc::web::{default_route, Route};
/// assert_eq!(default_route("/the/thi-dua/trang-2"),
///            Some(Route::Tag { slug: "thi-dua".parse()?, page: 2 }));
/// assert_eq!(default_route("/the/thi-dua/trang-1"), None); // page 1 is /the/thi-dua
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
pub fn default_route(path: &str) -> Option<Route> {
    let slug = |s: &str| Slug::new(s).ok();
    let mut parts = path.strip_prefix('/')?.split('/');
    let first = parts.next()?;
    let second = parts.next();
    let third = parts.next();
    if parts.next().is_some() {
        return None;
    }
    Some(match (first, second, third) {
        ("", None, None) => Route::Home,
        ("rss.xml", None, None) => Route::Rss,
        ("atom.xml", None, None) => Route::Atom,
        ("sitemap.xml", None, None) => Route::Sitemap,
        ("sitemap-news.xml", None, None) => Route::NewsSitemap,
        ("tim-kiem", None, None) => Route::Search,
        ("chuyen-muc", Some(s), None) => Route::Category {
            slug: slug(s)?,
            page: 1,
        },
        ("chuyen-muc", Some(s), Some("rss.xml")) => Route::CategoryFeed { slug: slug(s)? },
        ("chuyen-muc", Some(s), Some(p)) => Route::Category {
            slug: slug(s)?,
            page: page_segment(p)?,
        },
        ("the", Some(s), None) => Route::Tag {
            slug: slug(s)?,
            page: 1,
        },
        ("the", Some(s), Some(p)) => Route::Tag {
            slug: slug(s)?,
            page: page_segment(p)?,
        },
        ("dong-su-kien", Some(s), None) => Route::Topic {
            slug: slug(s)?,
            page: 1,
        },
        ("dong-su-kien", Some(s), Some(p)) => Route::Topic {
            slug: slug(s)?,
            page: page_segment(p)?,
        },
        ("tin", Some(f), None) => Route::Article {
            slug: slug(f.strip_suffix(".html")?)?,
        },
        (f, None, None) => {
            let n = f.strip_prefix("sitemap-")?.strip_suffix(".xml")?;
            if n.starts_with('0') {
                return None;
            }
            Route::SitemapPart(n.parse().ok().filter(|&n| n >= 1)?)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_routes_invert_default_urls() {
        let u = DefaultUrls;
        let s: Slug = "thi-dua-khen-thuong".parse().unwrap();
        let a = crate::model::Article::new("a".parse().unwrap(), "T".into(), s.clone());
        let cases = [
            (u.home(), Route::Home),
            (u.article(&a), Route::Article { slug: s.clone() }),
            (
                u.category(&s, 1),
                Route::Category {
                    slug: s.clone(),
                    page: 1,
                },
            ),
            (
                u.category(&s, 7),
                Route::Category {
                    slug: s.clone(),
                    page: 7,
                },
            ),
            (
                u.tag(&s, 1),
                Route::Tag {
                    slug: s.clone(),
                    page: 1,
                },
            ),
            (
                u.tag(&s, 3),
                Route::Tag {
                    slug: s.clone(),
                    page: 3,
                },
            ),
            (
                u.topic(&s, 1),
                Route::Topic {
                    slug: s.clone(),
                    page: 1,
                },
            ),
            (
                u.topic(&s, 4),
                Route::Topic {
                    slug: s.clone(),
                    page: 4,
                },
            ),
            (u.rss(), Route::Rss),
            (u.atom(), Route::Atom),
            (u.sitemap(), Route::Sitemap),
            (u.sitemap_part(12), Route::SitemapPart(12)),
            (u.news_sitemap(), Route::NewsSitemap),
            (Routes::search(&u), Route::Search),
        ];
        for (link, route) in cases {
            assert_eq!(u.route(link.as_str()), Some(route), "{link:?}");
        }
        for bad in [
            "",
            "tin/x.html",
            "/tin/x",
            "/tin/X.html",
            "/tin/../x.html",
            "/tin/%2e%2e.html",
            "/chuyen-muc/x/trang-1",
            "/chuyen-muc/x/trang-01",
            "/chuyen-muc/x/trang-99999999999999999999999",
            "/chuyen-muc/x/y/z",
            "/dong-su-kien/x/trang-1",
            "/dong-su-kien",
            "/sitemap-0.xml",
            "/sitemap-.xml",
            "//",
        ] {
            assert_eq!(u.route(bad), None, "{bad}");
        }
    }
}
