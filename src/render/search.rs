//! The search results page (`/tim-kiem?q=…&trang=N`): the query echoed in a search box,
//! the total count, each hit's linked title, date, category and highlighted passage,
//! pagination that keeps the query, and `noindex`.
//!
//! The page shows what it is given: running the query (the `search` module, a database)
//! is the caller's business. A hit's passage arrives as [`SnippetHtml`], whose only
//! markup is `<mark>`: built from marked runs ([`SnippetHtml::from_runs`]) or checked
//! when it comes as HTML made with this module's escaper ([`escape_text`]), so the page
//! stays escaped by construction.
//!
//! ```
//! use tintuc::import::sample_articles;
//! use tintuc::render::{escape_text, Renderer, SearchHit, SearchView, Site, SnippetHtml};
//! use tintuc::search::{Index, Query};
//!
//! let articles = sample_articles()?;
//! let index = Index::build(&articles);
//! let results = index.search(&Query::new("so ket thi dua").page(0, 10))?;
//! let hits: Vec<SearchHit<'_>> = results.hits.iter().filter_map(|h| {
//!     let article = articles.iter().find(|a| a.id == h.id)?;
//!     let snippet = SnippetHtml::new(h.snippet.to_html(escape_text)).ok()?;
//!     Some(SearchHit { article, snippet })
//! }).collect();
//! let mut site = Site::new("Cổng thông tin", "https://example.gov.vn".parse()?);
//! site.search_url = Some("/tim-kiem".parse()?);
//! let r = Renderer::new(site);
//! let view = SearchView::new("so ket thi dua", &hits, results.total, 1, 10);
//! let mut html = String::new();
//! r.render_search(&view, &mut html);
//! assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
//! assert!(html.contains(r#"name="q" value="so ket thi dua""#));
//! assert!(html.contains("<mark>"));
//! assert_eq!(r.search_url("so ket", 2).as_str(), "/tim-kiem?q=so+ket&trang=2");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::model::{Article, Link};

use super::html::{escape_into, is_forbidden_char, Html};
use super::{Crumb, Cx, HeadMeta, Renderer, Theme, UrlScheme};

/// Where the search page lives when the site gives no [`super::Site::search_url`].
const DEFAULT_SEARCH_PATH: &str = "/tim-kiem";

/// Longest query shown in the page title and heading, in characters (the search box
/// keeps it whole).
const SHOWN_QUERY_CHARS: usize = 100;

/// Longest link the [`Link`] type admits.
const MAX_LINK_BYTES: usize = 2048;

/// Rules for the search page's own parts, in a second `<style>` after the theme's.
pub const SEARCH_CSS: &str = concat!(
    ".search-page{display:flex;flex-wrap:wrap;gap:4px;margin:12px 0}",
    ".search-page input{font:inherit;padding:4px 8px;border:1px solid #8a8a8a;border-radius:3px;flex:1 1 16em;min-width:0}",
    ".search-page button{font:inherit;padding:4px 14px;border:1px solid #7a0d0d;border-radius:3px;background:#9e1212;color:#fff;cursor:pointer}",
    ".search-count{color:#4a4a4a}",
    ".search-results{padding-left:1.4em}.search-results li{margin:0 0 14px}",
    ".search-results h2{font-size:1.05rem;margin:0}",
    ".search-results .dateline{margin:2px 0;font-size:.9rem;color:#5c5c5c}",
    ".snippet{margin:2px 0}mark{background:#fff0a8;color:inherit}",
    "@media print{.search-page{display:none}}",
);

/// The renderer's text escaper (`&`, `<`, `>` as references; characters no HTML
/// document may contain as U+FFFD, CR LF as LF), in the shape
/// `search::Snippet::to_html` takes.
///
/// ```
/// let mut s = String::new();
/// tintuc::render::escape_text("<b> & ảnh", &mut s);
/// assert_eq!(s, "&lt;b&gt; &amp; ảnh");
/// ```
pub fn escape_text(text: &str, out: &mut String) {
    escape_into(out, text, false);
}

/// Why HTML was refused as a [`SnippetHtml`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SnippetHtmlError {
    /// Markup other than `<mark>` / `</mark>`, an unescaped `>` or `&`, a character no
    /// document may contain, or a `<mark>` left open.
    #[error("snippet html: byte {at}: {reason}")]
    Invalid {
        /// Byte offset of the problem.
        at: usize,
        /// What is wrong there.
        reason: &'static str,
    },
}

/// A passage as HTML whose only markup is `<mark>…</mark>` (not nested), its text
/// escaped as [`escape_text`] writes it.
///
/// ```
/// use tintuc::render::SnippetHtml;
/// let s = SnippetHtml::from_runs([("Sơ kết ", false), ("<thi>", true)]);
/// assert_eq!(s.as_str(), "Sơ kết <mark>&lt;thi&gt;</mark>");
/// assert!(SnippetHtml::new("a <mark>b</mark> &amp; c".to_owned()).is_ok());
/// assert!(SnippetHtml::new("<b>x</b>".to_owned()).is_err());
/// assert!(SnippetHtml::new("<mark>x".to_owned()).is_err());
/// assert!(SnippetHtml::new("&#106;".to_owned()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SnippetHtml(String);

impl SnippetHtml {
    /// Checks `html`: text escaped by [`escape_text`] (only `&amp;`, `&lt;`, `&gt;`,
    /// `&quot;` references) and non-nested `<mark>…</mark>`.
    pub fn new(html: String) -> Result<SnippetHtml, SnippetHtmlError> {
        const REFS: [&str; 4] = ["&amp;", "&lt;", "&gt;", "&quot;"];
        let bad = |at: usize, reason: &'static str| SnippetHtmlError::Invalid { at, reason };
        let mut open = false;
        let mut i = 0;
        while let Some(rest) = html.get(i..) {
            let Some(c) = rest.chars().next() else { break };
            match c {
                '<' if !open && rest.starts_with("<mark>") => {
                    open = true;
                    i += "<mark>".len();
                }
                '<' if open && rest.starts_with("</mark>") => {
                    open = false;
                    i += "</mark>".len();
                }
                '<' => return Err(bad(i, "markup other than <mark> and </mark>")),
                '>' => return Err(bad(i, "an unescaped `>`")),
                '&' => match REFS.iter().find(|r| rest.starts_with(**r)) {
                    Some(r) => i += r.len(),
                    None => {
                        return Err(bad(
                            i,
                            "a character reference other than &amp; &lt; &gt; &quot;",
                        ))
                    }
                },
                '\r' => return Err(bad(i, "a carriage return")),
                c if is_forbidden_char(c) => {
                    return Err(bad(i, "a character no HTML document may contain"))
                }
                c => i += c.len_utf8(),
            }
        }
        if open {
            return Err(bad(html.len(), "a <mark> left open"));
        }
        Ok(SnippetHtml(html))
    }

    /// Builds it from runs of text, each marked or not; the text is escaped.
    pub fn from_runs<'r>(runs: impl IntoIterator<Item = (&'r str, bool)>) -> SnippetHtml {
        let mut s = String::new();
        for (text, marked) in runs {
            if marked {
                s.push_str("<mark>");
                escape_text(text, &mut s);
                s.push_str("</mark>");
            } else {
                escape_text(text, &mut s);
            }
        }
        SnippetHtml(s)
    }

    /// The HTML.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether there is no passage.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One result on the search page.
#[derive(Debug, Clone)]
pub struct SearchHit<'a> {
    /// The article found.
    pub article: &'a Article,
    /// Its passage with the matched words marked; when empty the page shows the
    /// article's description instead.
    pub snippet: SnippetHtml,
}

/// One page of search results.
#[derive(Debug, Clone, Copy)]
pub struct SearchView<'a> {
    /// What the reader typed (shown in the search box, title and heading).
    pub query: &'a str,
    /// The results on this page, in order.
    pub hits: &'a [SearchHit<'a>],
    /// Results over all pages.
    pub total: usize,
    /// This page's 1-based number.
    pub page: usize,
    /// Results per page (for the page count and the numbering).
    pub per_page: usize,
    /// A line shown above the results, e.g. why the query was refused.
    pub notice: Option<&'a str>,
}

impl<'a> SearchView<'a> {
    /// Page `page` (1-based) of the results for `query`: `hits` of `total`, `per_page`
    /// to a page.
    pub fn new(
        query: &'a str,
        hits: &'a [SearchHit<'a>],
        total: usize,
        page: usize,
        per_page: usize,
    ) -> Self {
        SearchView {
            query,
            hits,
            total,
            page: page.max(1),
            per_page: per_page.max(1),
            notice: None,
        }
    }

    /// The same view with a notice above the results.
    pub fn with_notice(mut self, notice: &'a str) -> Self {
        self.notice = Some(notice);
        self
    }

    /// The number of pages (at least 1).
    ///
    /// ```
    /// let v = tintuc::render::SearchView::new("thi đua", &[], 21, 1, 10);
    /// assert_eq!(v.page_count(), 3);
    /// ```
    pub fn page_count(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// `q` percent-encoded for a query string (space as `+`), cut at a character boundary
/// so that it takes at most `budget` bytes.
fn encode_query(q: &str, budget: usize) -> String {
    let mut out = String::with_capacity(q.len().min(budget));
    let mut buf = [0u8; 4];
    for c in q.chars() {
        let start = out.len();
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~') {
            out.push(c);
        } else if c == ' ' {
            out.push('+');
        } else {
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('%');
                out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
                out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
            }
        }
        if out.len() > budget {
            out.truncate(start);
            break;
        }
    }
    out
}

/// Formats a count with `.` between thousands, as Vietnamese does (`12.345`).
fn vietnamese_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(d);
    }
    out
}

/// At most [`SHOWN_QUERY_CHARS`] characters of the trimmed query, `…` where cut.
fn shown_query(q: &str) -> String {
    let q = q.trim();
    match q.char_indices().nth(SHOWN_QUERY_CHARS) {
        None => q.to_owned(),
        Some((cut, _)) => format!("{}…", q.get(..cut).unwrap_or(q)),
    }
}

impl<T: Theme, U: UrlScheme> Renderer<T, U> {
    /// The search page's own path: [`super::Site::search_url`], else `/tim-kiem`.
    fn search_path(&self) -> Link {
        self.site
            .search_url
            .clone()
            .unwrap_or_else(|| Link::from_checked_parts(&[DEFAULT_SEARCH_PATH]))
    }

    /// The link to page `page` (1-based) of the results for `query`: the site's search
    /// page with `?q=…` (percent-encoded, space as `+`) and, past page 1, `&trang=N`.
    /// A query too long for a link is cut at a character boundary.
    ///
    /// ```
    /// use tintuc::render::{Renderer, Site};
    /// let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse()?));
    /// assert_eq!(r.search_url("", 1).as_str(), "/tim-kiem");
    /// assert_eq!(r.search_url("hòa & 08/KH", 3).as_str(),
    ///            "/tim-kiem?q=h%C3%B2a+%26+08%2FKH&trang=3");
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn search_url(&self, query: &str, page: usize) -> Link {
        let base = self.search_path();
        let query = query.trim();
        if query.is_empty() && page <= 1 {
            return base;
        }
        let (path, fragment) = match base.as_str().split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (base.as_str(), None),
        };
        let mut s = String::with_capacity(path.len() + query.len() * 3 + 16);
        s.push_str(path);
        s.push(if path.contains('?') { '&' } else { '?' });
        s.push_str("q=");
        let tail = if page > 1 {
            format!("&trang={page}")
        } else {
            String::new()
        };
        let fixed = s.len() + tail.len() + fragment.map_or(0, |f| f.len() + 1);
        s.push_str(&encode_query(query, MAX_LINK_BYTES.saturating_sub(fixed)));
        s.push_str(&tail);
        if let Some(f) = fragment {
            s.push('#');
            s.push_str(f);
        }
        Link::new(s).unwrap_or(base)
    }

    /// Appends a search results page: the theme's frame (head with `noindex`, header,
    /// sidebar, footer), a search box holding the query, the count, the hits (linked
    /// title, date, category, marked passage) numbered across pages, pagination links
    /// that keep the query; "enter a query" when it is empty and "nothing found" when
    /// there are no results.
    pub fn render_search(&self, view: &SearchView<'_>, out: &mut String) {
        let query = view.query.trim();
        let path = self.search_url(query, view.page);
        let cx = Cx {
            site: &self.site,
            urls: &self.urls,
            page: &path,
            section: None,
        };
        let crumbs = [
            Crumb {
                name: &self.site.home_label,
                url: self.urls.home(),
            },
            Crumb {
                name: "Tìm kiếm",
                url: self.search_path(),
            },
        ];
        let shown = shown_query(query);
        let mut title = if shown.is_empty() {
            "Tìm kiếm".to_owned()
        } else {
            format!("Tìm kiếm: {shown}")
        };
        if view.page > 1 {
            title.push_str(" - Trang ");
            title.push_str(&view.page.to_string());
        }
        let description = format!("Kết quả tìm kiếm trên {}", self.site.name);
        let meta = HeadMeta {
            title: &title,
            description: &description,
            og_type: "website",
            image: None,
            crumbs: &crumbs,
            article: None,
        };
        let out = &mut Html::new(out);
        out.raw("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n");
        self.theme.head(&cx, &meta, out);
        out.raw("<meta name=\"robots\" content=\"noindex\">\n<style>");
        out.raw(SEARCH_CSS);
        out.raw("</style>\n");
        if super::layout::has_sidebar(&self.site) {
            out.raw("</head>\n<body class=\"two-col\">\n");
        } else {
            out.raw("</head>\n<body>\n");
        }
        self.theme.header(&cx, out);
        self.theme.noscript(&cx, out);
        out.raw("<div class=\"layout\">\n<main id=\"noi-dung\">\n");
        self.theme.breadcrumbs(&cx, &crumbs, out);
        out.raw("<h1>");
        if shown.is_empty() {
            out.raw("Tìm kiếm");
        } else {
            out.raw("Kết quả tìm kiếm: ");
            out.text(&shown);
        }
        out.raw("</h1>\n<form class=\"search-page\" method=\"get\"");
        out.link_attr("action", &self.search_path());
        out.raw("><label class=\"visually-hidden\" for=\"tu-khoa\">Từ khóa</label><input type=\"search\" id=\"tu-khoa\" name=\"q\"");
        out.attr("value", view.query);
        out.raw(" placeholder=\"Nhập từ khóa…\"><button type=\"submit\">Tìm</button></form>\n");
        if let Some(n) = view.notice.filter(|n| !n.trim().is_empty()) {
            out.raw("<p class=\"notice\" role=\"status\">");
            out.text(n);
            out.raw("</p>\n");
        }
        self.search_results(&cx, view, query, out);
        out.raw("</main>\n");
        self.theme.sidebar(&cx, out);
        out.raw("</div>\n");
        self.theme.footer(&cx, out);
        out.raw("</body>\n</html>\n");
    }

    /// The count, the list and the pagination (or the empty states).
    fn search_results(&self, cx: &Cx<'_>, view: &SearchView<'_>, query: &str, out: &mut Html<'_>) {
        if query.is_empty() {
            out.raw("<p class=\"search-count\">Nhập từ khóa để tìm tin bài, có dấu hay không dấu đều được.</p>\n");
            return;
        }
        if view.total == 0 {
            out.raw("<p class=\"search-count\">Không tìm thấy kết quả nào. Hãy thử từ khóa khác, ít từ hơn, hoặc kiểm tra chính tả.</p>\n");
            return;
        }
        out.raw("<p class=\"search-count\">Tìm thấy ");
        out.text(&vietnamese_count(view.total));
        out.raw(" kết quả</p>\n");
        if view.hits.is_empty() {
            out.raw("<p>Trang này không có kết quả.</p>\n");
        } else {
            let first = (view.page - 1)
                .saturating_mul(view.per_page)
                .saturating_add(1);
            out.raw("<ol class=\"search-results\"");
            if first > 1 {
                out.num_attr("start", first as u64);
            }
            out.raw(">\n");
            for hit in view.hits {
                self.search_hit(cx, hit, out);
            }
            out.raw("</ol>\n");
        }
        let page_url = |n: usize| self.search_url(query, n);
        self.theme
            .pagination(cx, &page_url, view.page, view.page_count(), out);
    }

    fn search_hit(&self, cx: &Cx<'_>, hit: &SearchHit<'_>, out: &mut Html<'_>) {
        let a = hit.article;
        out.raw("<li><h2><a");
        out.link_attr("href", &self.urls.article(a));
        out.raw(">");
        out.text(&a.title);
        out.raw("</a></h2>");
        if a.published.is_some() || a.category.is_some() {
            out.raw("<p class=\"dateline\">");
            if let Some(p) = &a.published {
                super::layout::time_element_of(cx, p, true, a.published_date_only, out);
            }
            if let Some(c) = &a.category {
                if a.published.is_some() {
                    out.raw(" · ");
                }
                out.raw("<a");
                out.link_attr("href", &self.urls.category(&c.slug, 1));
                out.raw(">");
                out.text(&c.name);
                out.raw("</a>");
            }
            out.raw("</p>");
        }
        if hit.snippet.is_empty() {
            let d = super::description_of(a);
            if !d.is_empty() {
                out.raw("<p class=\"snippet\">");
                out.text(&d);
                out.raw("</p>");
            }
        } else {
            out.raw("<p class=\"snippet\">");
            // Checked or built by `SnippetHtml`: escaped text and `<mark>` only.
            out.buf().push_str(hit.snippet.as_str());
            out.raw("</p>");
        }
        out.raw("</li>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_query_encoding() {
        assert_eq!(vietnamese_count(0), "0");
        assert_eq!(vietnamese_count(999), "999");
        assert_eq!(vietnamese_count(1000), "1.000");
        assert_eq!(vietnamese_count(1234567), "1.234.567");
        assert_eq!(encode_query("a b/ạ", 100), "a+b%2F%E1%BA%A1");
        // Never splits an encoded character.
        assert_eq!(encode_query("ạạ", 10), "%E1%BA%A1");
        assert_eq!(shown_query(&"a".repeat(150)).chars().count(), 101);
    }

    #[test]
    fn snippet_html_accepts_exactly_escaped_text_and_marks() {
        let mut esc = String::new();
        escape_text("<script>&\"x\"\u{0}\r\n", &mut esc);
        assert!(SnippetHtml::new(format!("<mark>{esc}</mark>{esc}")).is_ok());
        for bad in [
            "<mark><mark>x</mark></mark>",
            "</mark>",
            "<MARK>x</MARK>",
            "a > b",
            "&lt",
            "&nbsp;",
            "x\u{0}",
            "x\ry",
            "<mark >x</mark>",
        ] {
            assert!(SnippetHtml::new(bad.to_owned()).is_err(), "{bad:?}");
        }
    }
}
