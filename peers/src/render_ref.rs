//! Reference implementations of tintuc's article page with template engines (askama,
//! sailfish), for the render bench. Same markup, same content, same escaping duties:
//! the view model is built from the same `Article` inside the timed loop (URLs, dates,
//! description, JSON-LD), as a host using a template engine would.

use chrono::{Datelike, Timelike};
use serde::Serialize;
use tintuc::model::{Article, Block, Timestamp};
use tintuc::render::{RelatedLink, Site, UrlScheme};

/// A link with its label.
pub struct Nav<'a> {
    /// Absolute or site-relative URL.
    pub href: String,
    /// Label.
    pub name: &'a str,
}

/// A date in both forms the page needs.
pub struct When {
    /// RFC 3339.
    pub iso: String,
    /// `Thứ Sáu, 17/08/2018 08:00` or `17/08/2018`.
    pub shown: String,
}

/// One related link.
pub struct Rel<'a> {
    /// URL.
    pub href: &'a str,
    /// Title.
    pub title: &'a str,
    /// Date.
    pub when: Option<When>,
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
struct Org<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    name: &'a str,
    url: String,
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
    modified: Option<&'a str>,
    author: Vec<Person<'a>>,
    publisher: Org<'a>,
    #[serde(rename = "articleSection", skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
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
    /// Feeds.
    pub rss: String,
    /// Feeds.
    pub atom: String,
    /// Absolute representative image.
    pub image: Option<String>,
    /// Publish time.
    pub published: Option<When>,
    /// Update time (when different).
    pub updated: Option<When>,
    /// Header menu.
    pub sections: Vec<Nav<'a>>,
    /// Home link.
    pub home: String,
    /// Breadcrumbs.
    pub crumbs: Vec<Nav<'a>>,
    /// Related list.
    pub related: Vec<Rel<'a>>,
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

fn when(t: &Timestamp, site: &Site, long: bool) -> When {
    let l = t.with_timezone(&site.offset);
    let shown = if long {
        format!(
            "{}, {:02}/{:02}/{:04} {:02}:{:02}",
            WEEKDAYS[l.weekday().num_days_from_monday() as usize],
            l.day(),
            l.month(),
            l.year(),
            l.hour(),
            l.minute()
        )
    } else {
        format!("{:02}/{:02}/{:04}", l.day(), l.month(), l.year())
    };
    When {
        iso: l.to_rfc3339(),
        shown,
    }
}

fn abs(site: &Site, path: &str) -> String {
    if path.starts_with("http") {
        path.to_owned()
    } else {
        format!("{}{}", site.base_url.as_str().trim_end_matches('/'), path)
    }
}

/// JSON for a `<script>` element: `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`.
pub fn script_json<T: Serialize>(v: &T) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if !s.contains(['<', '>', '&']) {
        return s;
    }
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn description(a: &Article) -> String {
    let src = a.lead.as_deref().or_else(|| {
        a.body.iter().find_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
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

impl<'a> RefPage<'a> {
    /// Builds the view model.
    pub fn new(
        site: &'a Site,
        urls: &dyn UrlScheme,
        a: &'a Article,
        related: &'a [RelatedLink],
    ) -> Self {
        let path = urls.article(a);
        let canonical = abs(site, path.as_str());
        let image = a.first_figure().map(|f| abs(site, f.src.as_str()));
        let published = a.published.as_ref().map(|t| when(t, site, true));
        let updated = a
            .updated
            .filter(|u| Some(*u) != a.published)
            .map(|t| when(&t, site, true));
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
        let pub_iso = a.published.map(|t| t.to_rfc3339());
        let mod_iso = a.updated.or(a.published).map(|t| t.to_rfc3339());
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
            modified: mod_iso.as_deref(),
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
                url: abs(site, &home),
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
                item: abs(site, &c.href),
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
        RefPage {
            site,
            a,
            description,
            canonical,
            rss: abs(site, urls.rss().as_str()),
            atom: abs(site, urls.atom().as_str()),
            image,
            published,
            updated,
            sections: site
                .sections
                .iter()
                .map(|c| Nav {
                    href: urls.category(&c.slug, 1).to_string(),
                    name: &c.name,
                })
                .collect(),
            home,
            crumbs,
            related: related
                .iter()
                .map(|r| Rel {
                    href: r.url.as_str(),
                    title: &r.title,
                    when: r.published.as_ref().map(|t| when(t, site, false)),
                })
                .collect(),
            news_json,
            crumbs_json,
            css: tintuc::render::DEFAULT_CSS,
        }
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
