//! schema.org JSON-LD, written by hand with a script-safe JSON string escaper.

use crate::model::Link;

use super::html::{abs_parts, json_str_into, Html};
use super::{date, ArticleView, Cx, HeadMeta};

/// A tiny JSON object writer over the page buffer.
struct Obj<'o, 'b> {
    out: &'o mut Html<'b>,
    first: bool,
}

impl<'o, 'b> Obj<'o, 'b> {
    fn open(out: &'o mut Html<'b>) -> Self {
        out.buf().push('{');
        Obj { out, first: true }
    }
    fn key(&mut self, k: &'static str) -> &mut String {
        let b = self.out.buf();
        if !self.first {
            b.push(',');
        }
        self.first = false;
        b.push('"');
        b.push_str(k);
        b.push_str("\":");
        self.out.buf()
    }
    fn str(&mut self, k: &'static str, v: &str) {
        let b = self.key(k);
        b.push('"');
        json_str_into(b, v);
        b.push('"');
    }
    fn raw(&mut self, k: &'static str, v: &'static str) {
        self.key(k).push_str(v);
    }
    /// An absolute URL, written without an intermediate string.
    fn url(&mut self, k: &'static str, cx: &Cx<'_>, link: &Link) {
        let b = self.key(k);
        b.push('"');
        for part in abs_parts(&cx.site.base_url, cx.page, link) {
            json_str_into(b, part);
        }
        b.push('"');
    }
    /// A timestamp in RFC 3339 form (no character needs escaping).
    fn time(&mut self, k: &'static str, t: &crate::model::Timestamp) {
        let b = self.key(k);
        b.push('"');
        date::rfc3339_into(b, t);
        b.push('"');
    }
    /// A schema.org `Date` (`2018-08-17`).
    fn date(&mut self, k: &'static str, t: &crate::model::Timestamp, offset: chrono::FixedOffset) {
        let b = self.key(k);
        b.push('"');
        date::iso_date_into(b, t, offset);
        b.push('"');
    }
    fn close(self) {
        self.out.buf().push('}');
    }
}

fn publisher(cx: &Cx<'_>, out: &mut Html<'_>) {
    let p = &cx.site.publisher;
    let mut o = Obj::open(out);
    o.raw("@type", "\"GovernmentOrganization\"");
    o.str("name", &p.name);
    match &p.url {
        Some(u) => o.str("url", u.as_str()),
        None => o.url("url", cx, &cx.urls.home()),
    }
    if let Some(logo) = &p.logo {
        o.key("logo");
        let mut l = Obj::open(o.out);
        l.raw("@type", "\"ImageObject\"");
        l.url("url", cx, logo);
        l.close();
    }
    o.close();
}

/// `<script type="application/ld+json">` with a `NewsArticle`.
pub(crate) fn news_article(
    cx: &Cx<'_>,
    view: &ArticleView<'_>,
    meta: &HeadMeta<'_>,
    canonical: &Link,
    out: &mut Html<'_>,
) {
    let a = view.article;
    out.raw("<script type=\"application/ld+json\">");
    let mut o = Obj::open(out);
    o.raw("@context", "\"https://schema.org\"");
    o.raw("@type", "\"NewsArticle\"");
    o.key("mainEntityOfPage");
    {
        let mut m = Obj::open(o.out);
        m.raw("@type", "\"WebPage\"");
        m.url("@id", cx, canonical);
        m.close();
    }
    o.url("url", cx, canonical);
    o.str("headline", &a.title);
    o.str("description", meta.description);
    if let Some(img) = meta.image {
        let b = o.key("image");
        b.push_str("[\"");
        for part in abs_parts(&cx.site.base_url, cx.page, img) {
            json_str_into(b, part);
        }
        b.push_str("\"]");
    }
    if let Some(p) = &a.published {
        if a.published_date_only {
            o.date("datePublished", p, cx.site.offset);
        } else {
            o.time("datePublished", p);
        }
    }
    match (&a.updated, &a.published) {
        (Some(u), _) => o.time("dateModified", u),
        (None, Some(p)) if a.published_date_only => o.date("dateModified", p, cx.site.offset),
        (None, Some(p)) => o.time("dateModified", p),
        (None, None) => {}
    }
    if !a.authors.is_empty() {
        o.key("author").push('[');
        for (i, au) in a.authors.iter().enumerate() {
            if i > 0 {
                o.out.buf().push(',');
            }
            let mut p = Obj::open(o.out);
            p.raw("@type", "\"Person\"");
            p.str("name", &au.name);
            p.close();
        }
        o.out.buf().push(']');
    }
    o.key("publisher");
    publisher(cx, o.out);
    if let Some(c) = &a.category {
        o.str("articleSection", &c.name);
    }
    if !a.tags.is_empty() {
        o.key("keywords").push('[');
        for (i, t) in a.tags.iter().enumerate() {
            if i > 0 {
                o.out.buf().push(',');
            }
            o.out.json_str(t);
        }
        o.out.buf().push(']');
    }
    o.raw("inLanguage", "\"vi\"");
    o.close();
    out.raw("</script>\n");
}

/// `<script type="application/ld+json">` with a `BreadcrumbList` ending at the page.
pub(crate) fn breadcrumbs(cx: &Cx<'_>, meta: &HeadMeta<'_>, canonical: &Link, out: &mut Html<'_>) {
    out.raw("<script type=\"application/ld+json\">");
    let mut o = Obj::open(out);
    o.raw("@context", "\"https://schema.org\"");
    o.raw("@type", "\"BreadcrumbList\"");
    o.key("itemListElement").push('[');
    let mut pos = 0u64;
    let last = meta.article.map(|v| (v.article.title.as_str(), canonical));
    let items = meta.crumbs.iter().map(|c| (c.name, &c.url)).chain(last);
    for (name, url) in items {
        pos += 1;
        if pos > 1 {
            o.out.buf().push(',');
        }
        let mut li = Obj::open(o.out);
        li.raw("@type", "\"ListItem\"");
        li.key("position").push_str(&pos.to_string());
        li.str("name", name);
        li.url("item", cx, url);
        li.close();
    }
    o.out.buf().push(']');
    o.close();
    out.raw("</script>\n");
}
