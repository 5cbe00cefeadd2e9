//! Reference implementations of tintuc's article page with template engines (askama,
//! sailfish), for the render bench: the same page as tintuc's default theme writes it,
//! byte for byte, with the same escaping duties. The view model is built from the same
//! `Article` and `Site` inside the timed loop (URLs, dates, description, JSON-LD), as a
//! host using a template engine would; the engines escape every string themselves.
//!
//! The page covers what an [`ArticleView::new`](tintuc::render::ArticleView::new)
//! page holds (article, site frame, related links): no sanitised HTML body, citations,
//! "Các tin khác" or "Theo dòng sự kiện" lists. Its markup matches tintuc's for text
//! without `"`, `'`, `&`, `<`, `>` (each engine escapes those its own way: askama
//! `&#34;`, `&#39;`, `&#38;`, `&#60;`, `&#62;`; sailfish `&quot;`, `&#039;`; tintuc
//! leaves `'` and, in text, `"` as they are) and without control characters (tintuc
//! writes U+FFFD).

use chrono::{Datelike, SecondsFormat, Timelike};
use serde::Serialize;
use tintuc::model::{Article, Block, Slug, Timestamp};
use tintuc::render::{RelatedLink, Site, UrlScheme};

/// A link with its label.
pub struct Nav<'a> {
    /// Absolute or site-relative URL.
    pub href: String,
    /// Label.
    pub name: &'a str,
}

/// An entry of the section menu.
pub struct MenuItem<'a> {
    /// Site-relative URL.
    pub href: String,
    /// Label.
    pub name: &'a str,
    /// `aria-current`: `page` on the section's own page, `true` in the section.
    pub current: Option<&'static str>,
}

/// A date in both forms the page needs.
pub struct When {
    /// `datetime`: RFC 3339 in the site's offset, or the date alone.
    pub iso: String,
    /// `Thứ Sáu, 17/08/2018 08:00`, `Thứ Sáu, 17/08/2018` or `17/08/2018`.
    pub shown: String,
}

/// One link of a list (related articles, sidebar blocks).
pub struct Rel<'a> {
    /// URL.
    pub href: &'a str,
    /// Title.
    pub title: &'a str,
    /// Date.
    pub when: Option<When>,
}

/// A sidebar block that has links.
pub struct Side<'a> {
    /// Heading.
    pub heading: &'a str,
    /// Links.
    pub links: Vec<Rel<'a>>,
}

/// A tag, linked to its page when it has a slug.
pub struct Tag<'a> {
    /// Tag page.
    pub href: Option<String>,
    /// Tag.
    pub name: &'a str,
}

/// The article's source line ("Nguồn: …").
pub struct Source<'a> {
    /// The source's URL.
    pub href: Option<&'a str>,
    /// The text shown: its name, else its URL.
    pub name: &'a str,
}

/// A footer line: fixed label and the site's value.
pub struct FooterLine<'a> {
    /// "Cơ quan chủ quản: ", "Địa chỉ: ", ... (empty for the licence).
    pub label: &'static str,
    /// The value.
    pub value: &'a str,
}

#[derive(Serialize)]
struct TypedId<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    #[serde(rename = "@id")]
    id: &'a str,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Logo {
    #[serde(rename = "@type")]
    ty: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Org<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    name: &'a str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<Logo>,
}

/// schema.org NewsArticle.
#[derive(Serialize)]
pub struct NewsJson<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    ty: &'static str,
    #[serde(rename = "mainEntityOfPage")]
    main: TypedId<'a>,
    url: &'a str,
    headline: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    image: Vec<&'a str>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Person<'a>>,
    publisher: Org<'a>,
    #[serde(rename = "articleSection", skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
    #[serde(rename = "inLanguage")]
    lang: &'static str,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    position: usize,
    name: &'a str,
    item: String,
}

/// schema.org BreadcrumbList.
#[derive(Serialize)]
pub struct CrumbsJson<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    ty: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem<'a>>,
}

/// The article page's view model.
pub struct RefPage<'a> {
    /// Site.
    pub site: &'a Site,
    /// Article.
    pub a: &'a Article,
    /// Meta description.
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// Feeds, absolute (head).
    pub rss: String,
    /// Feeds, absolute (head).
    pub atom: String,
    /// Feeds, site-relative (footer).
    pub rss_link: String,
    /// Feeds, site-relative (footer).
    pub atom_link: String,
    /// Absolute representative image.
    pub image: Option<String>,
    /// `article:published_time`.
    pub published_meta: Option<String>,
    /// `article:modified_time`.
    pub modified_meta: Option<String>,
    /// Publish time (dateline).
    pub published: Option<When>,
    /// Update time (when different).
    pub updated: Option<When>,
    /// Home link.
    pub home: String,
    /// Tagline, when not blank.
    pub tagline: Option<&'a str>,
    /// Header menu.
    pub sections: Vec<MenuItem<'a>>,
    /// Links after the `<noscript>` notice.
    pub noscript_help: Vec<Nav<'a>>,
    /// Breadcrumbs.
    pub crumbs: Vec<Nav<'a>>,
    /// Source line.
    pub source: Option<Source<'a>>,
    /// Tags.
    pub tags: Vec<Tag<'a>>,
    /// Related list.
    pub related: Vec<Rel<'a>>,
    /// Sidebar blocks with links.
    pub sidebar: Vec<Side<'a>>,
    /// Owner, address, contact, licence lines given.
    pub footer: Vec<FooterLine<'a>>,
    /// JSON-LD, already serialised and made script-safe.
    pub news_json: String,
    /// JSON-LD, already serialised and made script-safe.
    pub crumbs_json: String,
    /// Stylesheet.
    pub css: &'static str,
}

const WEEKDAYS: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
];

/// RFC 3339 with seconds (`Z` for UTC).
fn rfc3339(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2018-08-17` in the site's offset.
fn iso_date(t: &Timestamp, site: &Site) -> String {
    let l = t.with_timezone(&site.offset);
    format!("{:04}-{:02}-{:02}", l.year(), l.month(), l.day())
}

/// A `<time>`'s attribute and text: long (`Thứ Sáu, 17/08/2018 08:00`, without the time
/// of day when `date_only`) or short (`17/08/2018`).
fn when(t: &Timestamp, site: &Site, long: bool, date_only: bool) -> When {
    let l = t.with_timezone(&site.offset);
    let dmy = format!("{:02}/{:02}/{:04}", l.day(), l.month(), l.year());
    let weekday = WEEKDAYS[l.weekday().num_days_from_monday() as usize];
    let shown = match (long, date_only) {
        (false, _) => dmy,
        (true, true) => format!("{weekday}, {dmy}"),
        (true, false) => format!("{weekday}, {dmy} {:02}:{:02}", l.hour(), l.minute()),
    };
    When {
        iso: if date_only {
            iso_date(t, site)
        } else {
            rfc3339(&l)
        },
        shown,
    }
}

/// `link` made absolute against the site (`page`: the path of the page written).
fn abs(site: &Site, page: &str, link: &str) -> String {
    let base = site.base_url.as_str().trim_end_matches('/');
    let lower = link.get(..8).unwrap_or(link).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        link.to_owned()
    } else if link.starts_with("//") {
        format!("{}:{link}", base.split_once(':').map_or("https", |x| x.0))
    } else if link.starts_with('/') {
        format!("{base}{link}")
    } else {
        let page = if page.starts_with('/') { page } else { "/" };
        let path = page.split(['?', '#']).next().unwrap_or(page);
        if link.starts_with(['?', '#']) {
            format!("{base}{path}{link}")
        } else {
            let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
            format!("{base}{dir}{link}")
        }
    }
}

/// JSON for a `<script>` element: `<`, `>`, `&`, U+2028, U+2029 as `\u` escapes.
pub fn script_json<T: Serialize>(v: &T) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if !s.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return s;
    }
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The lead, else the first paragraph, cut to about 160 characters at a word boundary.
fn description(a: &Article) -> String {
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
    let src = src.unwrap_or("").trim();
    match src.char_indices().nth(160) {
        None => src.to_owned(),
        Some((cut, _)) => {
            let head = &src[..cut];
            let head = match head.rfind(char::is_whitespace) {
                Some(sp) if sp > cut / 2 => &head[..sp],
                _ => head,
            };
            format!("{}…", head.trim_end())
        }
    }
}

fn not_blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|v| !v.trim().is_empty())
}

fn rel<'a>(r: &'a RelatedLink, site: &Site) -> Rel<'a> {
    Rel {
        href: r.url.as_str(),
        title: &r.title,
        when: r.published.as_ref().map(|t| when(t, site, false, false)),
    }
}

impl<'a> RefPage<'a> {
    /// Builds the view model.
    pub fn new(
        site: &'a Site,
        urls: &dyn UrlScheme,
        a: &'a Article,
        related: &'a [RelatedLink],
    ) -> Self {
        let path = urls.article(a);
        let page = path.as_str();
        let canonical = match &a.canonical_url {
            Some(u) => abs(site, page, u.as_str()),
            None => abs(site, page, page),
        };
        let image = a.first_figure().map(|f| abs(site, page, f.src.as_str()));
        let published = a
            .published
            .as_ref()
            .map(|t| when(t, site, true, a.published_date_only));
        let updated = a
            .updated
            .filter(|u| Some(*u) != a.published)
            .map(|t| when(&t, site, true, false));
        let pub_iso = a.published.as_ref().map(|t| {
            if a.published_date_only {
                iso_date(t, site)
            } else {
                rfc3339(t)
            }
        });
        let mod_iso = match (&a.updated, &a.published) {
            (Some(u), _) => Some(rfc3339(u)),
            (None, Some(_)) => pub_iso.clone(),
            (None, None) => None,
        };
        let home = urls.home().to_string();
        let mut crumbs = vec![Nav {
            href: home.clone(),
            name: &site.home_label,
        }];
        if let Some(c) = &a.category {
            crumbs.push(Nav {
                href: urls.category(&c.slug, 1).to_string(),
                name: &c.name,
            });
        }
        let description = description(a);
        let news = NewsJson {
            context: "https://schema.org",
            ty: "NewsArticle",
            main: TypedId {
                ty: "WebPage",
                id: &canonical,
            },
            url: &canonical,
            headline: &a.title,
            description: &description,
            image: image.as_deref().into_iter().collect(),
            published: pub_iso.as_deref(),
            modified: mod_iso,
            author: a
                .authors
                .iter()
                .map(|x| Person {
                    ty: "Person",
                    name: &x.name,
                })
                .collect(),
            publisher: Org {
                ty: "GovernmentOrganization",
                name: &site.publisher.name,
                url: match &site.publisher.url {
                    Some(u) => u.as_str().to_owned(),
                    None => abs(site, page, &home),
                },
                logo: site.publisher.logo.as_ref().map(|l| Logo {
                    ty: "ImageObject",
                    url: abs(site, page, l.as_str()),
                }),
            },
            section: a.category.as_ref().map(|c| c.name.as_str()),
            keywords: &a.tags,
            lang: "vi",
        };
        let news_json = script_json(&news);
        let mut items: Vec<ListItem<'_>> = crumbs
            .iter()
            .enumerate()
            .map(|(i, c)| ListItem {
                ty: "ListItem",
                position: i + 1,
                name: c.name,
                item: abs(site, page, &c.href),
            })
            .collect();
        items.push(ListItem {
            ty: "ListItem",
            position: items.len() + 1,
            name: &a.title,
            item: canonical.clone(),
        });
        let crumbs_json = script_json(&CrumbsJson {
            context: "https://schema.org",
            ty: "BreadcrumbList",
            items,
        });
        let section = a.category.as_ref().map(|c| &c.slug);
        let sections = site
            .sections
            .iter()
            .map(|c| {
                let href = urls.category(&c.slug, 1).to_string();
                let current = if href == page {
                    Some("page")
                } else if section == Some(&c.slug) {
                    Some("true")
                } else {
                    None
                };
                MenuItem {
                    href,
                    name: &c.name,
                    current,
                }
            })
            .collect();
        let source_name = not_blank(&a.source_name);
        let source = match (&a.source_url, source_name) {
            (Some(u), name) => Some(Source {
                href: Some(u.as_str()),
                name: name.unwrap_or(u.as_str()),
            }),
            (None, Some(name)) => Some(Source { href: None, name }),
            (None, None) => None,
        };
        let labelled = [
            ("Cơ quan chủ quản: ", &site.owner),
            ("Địa chỉ: ", &site.address),
            ("Liên hệ: ", &site.contact),
            ("", &site.licence),
        ];
        RefPage {
            site,
            a,
            description,
            canonical,
            rss: abs(site, page, urls.rss().as_str()),
            atom: abs(site, page, urls.atom().as_str()),
            rss_link: urls.rss().to_string(),
            atom_link: urls.atom().to_string(),
            image,
            published_meta: pub_iso,
            modified_meta: a.updated.as_ref().map(rfc3339),
            published,
            updated,
            home,
            tagline: not_blank(&site.tagline),
            sections,
            noscript_help: site
                .noscript_help
                .iter()
                .map(|l| Nav {
                    href: l.url.to_string(),
                    name: &l.title,
                })
                .collect(),
            crumbs,
            source,
            tags: a
                .tags
                .iter()
                .map(|t| Tag {
                    href: Slug::from_title(t).map(|s| urls.tag(&s, 1).to_string()),
                    name: t,
                })
                .collect(),
            related: related.iter().map(|r| rel(r, site)).collect(),
            sidebar: site
                .sidebar
                .iter()
                .filter(|b| !b.links.is_empty())
                .map(|b| Side {
                    heading: &b.heading,
                    links: b.links.iter().map(|r| rel(r, site)).collect(),
                })
                .collect(),
            footer: labelled
                .into_iter()
                .filter_map(|(label, v)| not_blank(v).map(|value| FooterLine { label, value }))
                .collect(),
            news_json,
            crumbs_json,
            css: tintuc::render::DEFAULT_CSS,
        }
    }

    /// The HTML heading level of a body heading: 2 to 6.
    pub fn h(&self, level: &u8) -> u8 {
        (*level).clamp(2, 6)
    }
}

/// The page as an askama template.
#[derive(askama::Template)]
#[template(path = "article.html")]
pub struct AskamaArticle<'a> {
    /// View model.
    pub p: &'a RefPage<'a>,
}

/// The page as a sailfish template.
#[derive(sailfish::TemplateSimple)]
#[template(path = "article.stpl")]
pub struct SailfishArticle<'a> {
    /// View model.
    pub p: &'a RefPage<'a>,
}
