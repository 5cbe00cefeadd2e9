//! The "Văn bản" section: document pages, the filtered documents listing, and citations
//! in article text linked to their documents.
//!
//! ```
//! use tintuc::document::{sample_documents, Registry};
//! use tintuc::render::{DocumentView, Renderer, Site};
//!
//! let registry = Registry::new(sample_documents()?)?;
//! let doc = registry.get(&"ubnd-st-2018-kh-08".parse()?).unwrap();
//! let r = Renderer::new(Site::new("Cổng thông tin", "https://example.gov.vn".parse()?));
//! let related = tintuc::render::RelatedDocument::all(&registry, doc, r.urls());
//! let view = DocumentView::new(doc, "2018-08-17T08:00:00+07:00".parse()?).related(&related);
//! let mut html = String::new();
//! r.render_document(&view, &mut html);
//! assert!(html.contains("<h1>Kế hoạch 08/KH-UBND</h1>"));
//! assert!(html.contains(r#"<span class="hieu-luc con-hieu-luc">Còn hiệu lực</span>"#));
//! assert!(html.contains(r#""@type":"Legislation""#));
//! assert!(html.contains("Văn bản liên quan"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone};

use crate::document::{Document, Registry, Validity};
use crate::model::{DocumentKind, Link, Slug, Timestamp, VIETNAM_OFFSET};

use super::doc_filter::DocumentFilter;
use super::html::{abs_parts, escape_into, json_str_into, Html};
use super::HeadMeta;
use super::{Crumb, Cx, RelatedLink, Renderer, SitemapEntry, Theme, UrlScheme};

/// An entry of "Văn bản liên quan": how it relates, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedDocument {
    /// The relation in words, e.g. "Thay thế", "Được hướng dẫn bởi".
    pub label: &'static str,
    /// The other document's title ([`Document::title`]).
    pub title: String,
    /// Its page.
    pub url: Link,
}

impl RelatedDocument {
    /// Every registered relation of `d`, both ways ([`Registry::related`]).
    pub fn all(registry: &Registry, d: &Document, urls: &dyn UrlScheme) -> Vec<RelatedDocument> {
        registry
            .related(d)
            .into_iter()
            .map(|(label, other)| RelatedDocument {
                label,
                title: other.title(),
                url: urls.document(other),
            })
            .collect()
    }
}

/// A document page's content.
#[derive(Debug, Clone, Copy)]
pub struct DocumentView<'a> {
    /// The document.
    pub document: &'a Document,
    /// "Văn bản liên quan".
    pub related: &'a [RelatedDocument],
    /// "Bài viết trích dẫn": articles citing it (shown newest first, whatever the order).
    pub citing: &'a [RelatedLink],
    /// The instant its validity badge is computed at (the caller's "now").
    pub at: Timestamp,
}

impl<'a> DocumentView<'a> {
    /// The page of `document` as of `at`, with no relations and no citing articles.
    pub fn new(document: &'a Document, at: Timestamp) -> Self {
        DocumentView {
            document,
            related: &[],
            citing: &[],
            at,
        }
    }
    /// With these related documents.
    pub fn related(mut self, related: &'a [RelatedDocument]) -> Self {
        self.related = related;
        self
    }
    /// With these citing articles.
    pub fn citing(mut self, citing: &'a [RelatedLink]) -> Self {
        self.citing = citing;
        self
    }
}

/// Counts behind a listing's filter links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFacets {
    /// Kinds with their document counts.
    pub kinds: Vec<(DocumentKind, usize)>,
    /// Issuers (name, slug, count), by name.
    pub issuers: Vec<(String, Slug, usize)>,
    /// Fields (name, slug, count), by name.
    pub fields: Vec<(String, Slug, usize)>,
    /// Years, newest first.
    pub years: Vec<(i32, usize)>,
    /// Documents in force at `at`.
    pub in_force: usize,
}

impl DocumentFacets {
    /// The facets of `docs` at `at`.
    pub fn of(docs: &[&Document], at: Timestamp) -> Self {
        let mut kinds: BTreeMap<&'static str, (DocumentKind, usize)> = BTreeMap::new();
        let mut issuers: BTreeMap<Slug, (String, usize)> = BTreeMap::new();
        let mut fields: BTreeMap<Slug, (String, usize)> = BTreeMap::new();
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        let mut in_force = 0;
        for d in docs {
            kinds
                .entry(d.kind.vietnamese_name())
                .or_insert((d.kind, 0))
                .1 += 1;
            if let Some(s) = crate::model::Slug::from_title(&d.issuer) {
                issuers.entry(s).or_insert((d.issuer.clone(), 0)).1 += 1;
            }
            for f in &d.fields {
                if let Some(s) = crate::model::Slug::from_title(f) {
                    fields.entry(s).or_insert((f.clone(), 0)).1 += 1;
                }
            }
            *years.entry(d.year()).or_default() += 1;
            if d.validity_at(at) == Validity::InForce {
                in_force += 1;
            }
        }
        let named = |m: BTreeMap<Slug, (String, usize)>| {
            let mut v: Vec<(String, Slug, usize)> =
                m.into_iter().map(|(s, (n, c))| (n, s, c)).collect();
            v.sort_by(|a, b| crate::text::compare(&a.0, &b.0));
            v
        };
        DocumentFacets {
            kinds: kinds.into_values().collect(),
            issuers: named(issuers),
            fields: named(fields),
            years: years.into_iter().rev().collect(),
            in_force,
        }
    }
}

/// One page of the documents listing.
#[derive(Debug, Clone, Copy)]
pub struct DocumentListView<'a> {
    /// The filter this page shows.
    pub filter: &'a DocumentFilter,
    /// The filter in words ("Kế hoạch", "UBND tỉnh Sóc Trăng", "Năm 2018"); empty for all.
    pub label: &'a str,
    /// The documents on this page, in order.
    pub documents: &'a [&'a Document],
    /// This page's 1-based number.
    pub page: usize,
    /// The number of pages.
    pub page_count: usize,
    /// The filter links shown above the list.
    pub facets: &'a DocumentFacets,
    /// The instant validity badges are computed at.
    pub at: Timestamp,
}

/// Rules for the document pages' own parts (badge, fields table, filter links), in a
/// second `<style>` after the theme's stylesheet.
pub const DOCUMENT_CSS: &str = concat!(
    ".hieu-luc{display:inline-block;padding:0 8px;border-radius:4px;font-size:.85rem;color:#fff;background:#5c5c5c}",
    ".con-hieu-luc{background:#1d6b2f}.het-hieu-luc{background:#9e1212}",
    ".trich-yeu{font-weight:700}",
    ".thuoc-tinh{border-collapse:collapse;width:100%;margin:12px 0}",
    ".thuoc-tinh th,.thuoc-tinh td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}",
    ".thuoc-tinh th{width:35%;background:#f4f4f4}",
    ".bo-loc{font-size:.9rem}.bo-loc p{margin:8px 0 2px;font-weight:700}",
    ".bo-loc ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:2px 12px}",
);

/// The page up to `<main>`: the theme's head, then [`DOCUMENT_CSS`], header, notice.
fn open_document<T: Theme + ?Sized>(
    theme: &T,
    cx: &Cx<'_>,
    meta: &HeadMeta<'_>,
    out: &mut Html<'_>,
) {
    out.raw("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n");
    theme.head(cx, meta, out);
    out.raw("<style>");
    out.raw(DOCUMENT_CSS);
    out.raw("</style>\n</head>\n<body>\n");
    theme.header(cx, out);
    theme.noscript(cx, out);
}

fn close_document<T: Theme + ?Sized>(theme: &T, cx: &Cx<'_>, out: &mut Html<'_>) {
    theme.footer(cx, out);
    out.raw("</body>\n</html>\n");
}

/// `22/01/2018` inside `<time datetime="2018-01-22">`.
fn day_element(out: &mut Html<'_>, d: NaiveDate) {
    let iso = d.format("%Y-%m-%d").to_string();
    let shown = d.format("%d/%m/%Y").to_string();
    out.raw("<time");
    out.attr("datetime", &iso);
    out.raw(">");
    out.text(&shown);
    out.raw("</time>");
}

fn badge(out: &mut Html<'_>, v: Validity) {
    out.raw("<span class=\"hieu-luc ");
    out.raw(v.css_class());
    out.raw("\">");
    out.raw(v.vietnamese_name());
    out.raw("</span>");
}

fn row(out: &mut Html<'_>, th: &'static str) {
    out.raw("<tr><th scope=\"row\">");
    out.raw(th);
    out.raw("</th><td>");
}

/// A size in Vietnamese units: `840 B`, `180 KB`, `2,4 MB`.
fn size_text(n: u64) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{} KB", n.div_ceil(1024))
    } else {
        let tenths = n.saturating_mul(10).div_ceil(1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

/// The `Legislation` JSON-LD of a document page.
fn legislation(cx: &Cx<'_>, d: &Document, at: Timestamp, canonical: &Link, out: &mut Html<'_>) {
    let b = out.buf();
    let s = |b: &mut String, k: &str, v: &str| {
        b.push_str(",\"");
        b.push_str(k);
        b.push_str("\":\"");
        json_str_into(b, v);
        b.push('"');
    };
    let url = |b: &mut String, link: &Link| {
        b.push('"');
        for part in abs_parts(&cx.site.base_url, cx.page, link) {
            json_str_into(b, part);
        }
        b.push('"');
    };
    b.push_str("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Legislation\",\"url\":");
    url(b, canonical);
    s(b, "name", &d.title());
    s(b, "legislationIdentifier", d.symbol.as_str());
    s(b, "legislationType", d.kind.vietnamese_name());
    s(
        b,
        "legislationDate",
        &d.issued.format("%Y-%m-%d").to_string(),
    );
    s(b, "datePublished", &d.issued.format("%Y-%m-%d").to_string());
    if let Some(e) = d.expires {
        s(b, "expires", &e.format("%Y-%m-%d").to_string());
    }
    s(b, "abstract", &d.summary);
    let force = match d.validity_at(at) {
        Validity::InForce => "https://schema.org/InForce",
        _ => "https://schema.org/NotInForce",
    };
    s(b, "legislationLegalForce", force);
    b.push_str(",\"legislationPassedBy\":{\"@type\":\"GovernmentOrganization\",\"name\":\"");
    json_str_into(b, &d.issuer);
    b.push_str("\"}");
    if let Some(signer) = &d.signer {
        b.push_str(",\"legislationResponsible\":{\"@type\":\"Person\",\"name\":\"");
        json_str_into(b, signer);
        b.push_str("\"}");
    }
    if !d.attachments.is_empty() {
        b.push_str(",\"associatedMedia\":[");
        for (i, a) in d.attachments.iter().enumerate() {
            if i > 0 {
                b.push(',');
            }
            b.push_str("{\"@type\":\"MediaObject\",\"contentUrl\":");
            url(b, &a.url);
            s(b, "name", &a.name);
            s(b, "encodingFormat", &a.media_type);
            if let Some(n) = a.size {
                b.push_str(&format!(",\"contentSize\":\"{n}\""));
            }
            b.push('}');
        }
        b.push(']');
    }
    b.push_str(",\"inLanguage\":\"vi\"}</script>\n");
}

impl<T: Theme, U: UrlScheme> Renderer<T, U> {
    /// Appends a document page: its fields, validity badge, text, attachments, "Văn bản
    /// liên quan", "Bài viết trích dẫn" (newest first) and `Legislation` JSON-LD.
    pub fn render_document(&self, view: &DocumentView<'_>, out: &mut String) {
        let d = view.document;
        let path = self.urls.document(d);
        let cx = Cx {
            site: &self.site,
            urls: &self.urls,
            page: &path,
            section: None,
        };
        let filter_all = DocumentFilter::All;
        let title = format!("{} {}", d.kind.vietnamese_name(), d.symbol);
        let crumbs = [
            Crumb {
                name: &self.site.home_label,
                url: self.urls.home(),
            },
            Crumb {
                name: "Văn bản",
                url: self.urls.documents(&filter_all, 1),
            },
            Crumb {
                name: &title,
                url: path.clone(),
            },
        ];
        let description = format!("{}: {}", title, d.summary.trim());
        let meta = HeadMeta {
            title: &title,
            description: &description,
            og_type: "article",
            image: None,
            crumbs: &crumbs,
            article: None,
        };
        let out = &mut Html::new(out);
        open_document(&self.theme, &cx, &meta, out);
        out.raw("<main id=\"noi-dung\">\n<p class=\"section-heading\">Văn bản</p>\n");
        self.theme.breadcrumbs(&cx, &crumbs, out);
        out.raw("<article class=\"van-ban\">\n<h1>");
        out.text(&title);
        out.raw("</h1>\n<p class=\"trich-yeu\">");
        out.text(&d.summary);
        out.raw("</p>\n<p>");
        badge(out, d.validity_at(view.at));
        out.raw("</p>\n<table class=\"thuoc-tinh\"><tbody>\n");
        row(out, "Số ký hiệu");
        out.text(d.symbol.as_str());
        out.raw("</td></tr>\n");
        row(out, "Loại văn bản");
        out.raw("<a");
        out.link_attr(
            "href",
            &self.urls.documents(&DocumentFilter::Kind(d.kind), 1),
        );
        out.raw(">");
        out.raw(d.kind.vietnamese_name());
        out.raw("</a></td></tr>\n");
        row(out, "Cơ quan ban hành");
        match crate::model::Slug::from_title(&d.issuer) {
            Some(s) => {
                out.raw("<a");
                out.link_attr("href", &self.urls.documents(&DocumentFilter::Issuer(s), 1));
                out.raw(">");
                out.text(&d.issuer);
                out.raw("</a>");
            }
            None => out.text(&d.issuer),
        }
        out.raw("</td></tr>\n");
        if let Some(signer) = &d.signer {
            row(out, "Người ký");
            out.text(signer);
            out.raw("</td></tr>\n");
        }
        if !d.fields.is_empty() {
            row(out, "Lĩnh vực");
            for (i, f) in d.fields.iter().enumerate() {
                if i > 0 {
                    out.raw(", ");
                }
                match crate::model::Slug::from_title(f) {
                    Some(s) => {
                        out.raw("<a");
                        out.link_attr("href", &self.urls.documents(&DocumentFilter::Field(s), 1));
                        out.raw(">");
                        out.text(f);
                        out.raw("</a>");
                    }
                    None => out.text(f),
                }
            }
            out.raw("</td></tr>\n");
        }
        row(out, "Ngày ban hành");
        day_element(out, d.issued);
        out.raw("</td></tr>\n");
        row(out, "Ngày hiệu lực");
        day_element(out, d.effective_from());
        out.raw("</td></tr>\n");
        if let Some(e) = d.expires {
            row(out, "Ngày hết hiệu lực");
            day_element(out, e);
            out.raw("</td></tr>\n");
        }
        out.raw("</tbody></table>\n");
        if !d.body.is_empty() {
            out.raw("<div class=\"body\">\n");
            for p in &d.body {
                out.raw("<p>");
                out.text(p);
                out.raw("</p>\n");
            }
            out.raw("</div>\n");
        }
        if !d.attachments.is_empty() {
            out.raw("<section class=\"tep-dinh-kem\" aria-labelledby=\"tep-dinh-kem\">\n<h2 id=\"tep-dinh-kem\">Tệp đính kèm</h2>\n<ul>\n");
            for a in &d.attachments {
                out.raw("<li><a");
                out.link_attr("href", &a.url);
                out.attr("type", &a.media_type);
                out.raw(">");
                out.text(&a.name);
                out.raw("</a>");
                if let Some(n) = a.size {
                    out.raw(" (");
                    out.text(&size_text(n));
                    out.raw(")");
                }
                out.raw("</li>\n");
            }
            out.raw("</ul>\n</section>\n");
        }
        out.raw("</article>\n");
        if !view.related.is_empty() {
            out.raw("<section class=\"related\" aria-labelledby=\"van-ban-lien-quan\">\n<h2 id=\"van-ban-lien-quan\">Văn bản liên quan</h2>\n<ul>\n");
            for r in view.related {
                out.raw("<li>");
                out.text(r.label);
                out.raw(": <a");
                out.link_attr("href", &r.url);
                out.raw(">");
                out.text(&r.title);
                out.raw("</a></li>\n");
            }
            out.raw("</ul>\n</section>\n");
        }
        if !view.citing.is_empty() {
            let mut citing: Vec<&RelatedLink> = view.citing.iter().collect();
            citing.sort_by_key(|l| std::cmp::Reverse(l.published));
            out.raw("<section class=\"related\" aria-labelledby=\"bai-viet-trich-dan\">\n<h2 id=\"bai-viet-trich-dan\">Bài viết trích dẫn</h2>\n<ul>\n");
            for l in citing {
                out.raw("<li><a");
                out.link_attr("href", &l.url);
                out.raw(">");
                out.text(&l.title);
                out.raw("</a>");
                if let Some(p) = &l.published {
                    out.raw(" ");
                    day_element(out, p.with_timezone(&self.site.offset).date_naive());
                }
                out.raw("</li>\n");
            }
            out.raw("</ul>\n</section>\n");
        }
        legislation(&cx, d, view.at, &path, out);
        out.raw("</main>\n");
        close_document(&self.theme, &cx, out);
    }

    /// Appends one page of the documents listing: filter links (kind, issuer, field,
    /// year, in force), the documents with their badges, pagination.
    pub fn render_documents(&self, view: &DocumentListView<'_>, out: &mut String) {
        let path = self.urls.documents(view.filter, view.page);
        let cx = Cx {
            site: &self.site,
            urls: &self.urls,
            page: &path,
            section: None,
        };
        let mut title = String::from("Văn bản");
        if !view.label.is_empty() {
            title.push_str(" - ");
            title.push_str(view.label);
        }
        if view.page > 1 {
            title.push_str(&format!(" - Trang {}", view.page));
        }
        let crumbs = [
            Crumb {
                name: &self.site.home_label,
                url: self.urls.home(),
            },
            Crumb {
                name: "Văn bản",
                url: self.urls.documents(&DocumentFilter::All, 1),
            },
        ];
        let description = format!("{}: văn bản của {}", title, self.site.name);
        let meta = HeadMeta {
            title: &title,
            description: &description,
            og_type: "website",
            image: None,
            crumbs: &crumbs,
            article: None,
        };
        let out = &mut Html::new(out);
        open_document(&self.theme, &cx, &meta, out);
        out.raw("<main id=\"noi-dung\">\n");
        self.theme.breadcrumbs(&cx, &crumbs, out);
        out.raw("<h1>");
        out.text(&title);
        out.raw("</h1>\n");
        self.document_filters(view, out);
        out.raw("<ul class=\"article-list\">\n");
        for d in view.documents {
            out.raw("<li><h2><a");
            out.link_attr("href", &self.urls.document(d));
            out.raw(">");
            out.raw(d.kind.vietnamese_name());
            out.raw(" ");
            out.text(d.symbol.as_str());
            out.raw("</a></h2><p>");
            out.text(&d.summary);
            out.raw("</p><p class=\"dateline\">");
            out.text(&d.issuer);
            out.raw(" · ");
            day_element(out, d.issued);
            out.raw(" · ");
            badge(out, d.validity_at(view.at));
            out.raw("</p></li>\n");
        }
        out.raw("</ul>\n");
        let filter = view.filter;
        let page_url = |n: usize| self.urls.documents(filter, n);
        self.theme
            .pagination(&cx, &page_url, view.page, view.page_count, out);
        out.raw("</main>\n");
        close_document(&self.theme, &cx, out);
    }

    fn document_filters(&self, view: &DocumentListView<'_>, out: &mut Html<'_>) {
        let f = view.facets;
        out.raw("<nav class=\"bo-loc\" aria-label=\"Lọc văn bản\">\n");
        let link = |out: &mut Html<'_>, filter: DocumentFilter, name: &str, n: usize| {
            out.raw("<li><a");
            out.link_attr("href", &self.urls.documents(&filter, 1));
            if &filter == view.filter {
                out.raw(" aria-current=\"page\"");
            }
            out.raw(">");
            out.text(name);
            out.raw("</a> (");
            out.num(n as u64);
            out.raw(")</li>");
        };
        out.raw("<p>Tình trạng</p><ul>");
        link(
            out,
            DocumentFilter::All,
            "Tất cả",
            f.kinds.iter().map(|k| k.1).sum(),
        );
        link(out, DocumentFilter::InForce, "Còn hiệu lực", f.in_force);
        out.raw("</ul>\n<p>Loại văn bản</p><ul>");
        for (k, n) in &f.kinds {
            link(out, DocumentFilter::Kind(*k), k.vietnamese_name(), *n);
        }
        out.raw("</ul>\n<p>Cơ quan ban hành</p><ul>");
        for (name, s, n) in &f.issuers {
            link(out, DocumentFilter::Issuer(s.clone()), name, *n);
        }
        if !f.fields.is_empty() {
            out.raw("</ul>\n<p>Lĩnh vực</p><ul>");
            for (name, s, n) in &f.fields {
                link(out, DocumentFilter::Field(s.clone()), name, *n);
            }
        }
        out.raw("</ul>\n<p>Năm ban hành</p><ul>");
        for (y, n) in &f.years {
            link(out, DocumentFilter::Year(*y), &y.to_string(), *n);
        }
        out.raw("</ul>\n</nav>\n");
    }

    /// Appends the documents feed (RSS 2.0), in the order given (newest first).
    ///
    /// ```
    /// use tintuc::render::{Renderer, Site};
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// let docs = tintuc::document::sample_documents()?;
    /// let mut xml = String::new();
    /// r.render_documents_feed(&[&docs[0]], &mut xml);
    /// assert!(xml.contains("<link>https://example.gov.vn/van-ban/ke-hoach-08-kh-ubnd-2018.html</link>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render_documents_feed(&self, documents: &[&Document], out: &mut String) {
        let abs = |link: &Link| {
            let mut s = String::new();
            super::html::absolutize(&mut s, &self.site.base_url, &self.urls.home(), link);
            s
        };
        let el = |out: &mut String, open: &str, text: &str, close: &str| {
            out.push_str(open);
            escape_into(out, text, false);
            out.push_str(close);
        };
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
        el(
            out,
            "<title>",
            &format!("{} - Văn bản", self.site.name),
            "</title>\n",
        );
        el(
            out,
            "<link>",
            &abs(&self.urls.documents(&DocumentFilter::All, 1)),
            "</link>\n",
        );
        el(
            out,
            "<description>",
            &format!("Văn bản mới của {}", self.site.name),
            "</description>\n",
        );
        out.push_str("<language>vi</language>\n<atom:link href=\"");
        escape_into(out, &abs(&self.urls.documents_feed()), true);
        out.push_str("\" rel=\"self\" type=\"application/rss+xml\"/>\n");
        for d in documents {
            let url = abs(&self.urls.document(d));
            out.push_str("<item>\n");
            el(out, "<title>", &d.title(), "</title>\n");
            el(out, "<link>", &url, "</link>\n");
            el(out, "<guid isPermaLink=\"true\">", &url, "</guid>\n");
            // The issue date has no time of day: a W3C-DTF date, not a midnight pubDate.
            out.push_str("<dc:date>");
            super::date::iso_date_into(out, &day_start(d.issued), self.site.offset);
            out.push_str("</dc:date>\n");
            let mut html = String::new();
            escape_into(&mut html, &d.summary, false);
            el(out, "<description>", &html, "</description>\n");
            el(out, "<category>", d.kind.vietnamese_name(), "</category>\n");
            out.push_str("</item>\n");
        }
        out.push_str("</channel>\n</rss>\n");
    }
}

/// Midnight in Vietnam on `d`.
fn day_start(d: NaiveDate) -> Timestamp {
    VIETNAM_OFFSET
        .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
        .single()
        .unwrap_or_else(|| VIETNAM_OFFSET.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)))
}

impl SitemapEntry {
    /// The entry for a document page; `lastmod` is its issue day (documents do not change
    /// after issue; amendments are documents of their own).
    ///
    /// ```
    /// use tintuc::render::{DefaultUrls, SitemapEntry};
    /// let d = &tintuc::document::sample_documents()?[0];
    /// let e = SitemapEntry::document(d, &DefaultUrls);
    /// assert_eq!(e.url.as_str(), "/van-ban/ke-hoach-08-kh-ubnd-2018.html");
    /// assert_eq!(e.lastmod.unwrap().to_rfc3339(), "2018-01-22T00:00:00+07:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn document(document: &Document, urls: &dyn UrlScheme) -> Self {
        SitemapEntry {
            url: urls.document(document),
            lastmod: Some(day_start(document.issued)),
            date_only: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size_text(840), "840 B");
        assert_eq!(size_text(184_320), "180 KB");
        assert_eq!(size_text(2_516_582), "2,4 MB");
        assert!(size_text(u64::MAX).ends_with(" MB"));
    }
}
