//! Raw HTML that may enter a page: only what the sanitiser produced.

/// HTML cleaned by the sanitiser (feature `sanitize`): the only way raw markup enters a
/// page. No other code can construct it, so a page cannot carry unsanitised HTML.
///
#[cfg_attr(feature = "sanitize", doc = "```")]
#[cfg_attr(not(feature = "sanitize"), doc = "```ignore")]
/// let html = tintuc::render::sanitize(r#"<p onclick="x()">Hội nghị <script>alert(1)</script><a href="javascript:alert(1)">xem</a></p>"#);
/// assert_eq!(html.as_str(), "<p>Hội nghị <a rel=\"noopener noreferrer\">xem</a></p>");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedHtml(String);

impl TrustedHtml {
    /// The HTML.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Cleans HTML from a CMS editor with the crate's allow-list: paragraphs, line breaks,
/// emphasis, sub-headings `h2`–`h6`, lists, quotes, tables, figures and images
/// (`src`, `alt`, `width`, `height`), links (`href`, `title`; http, https and relative
/// only). Everything else — scripts, styles, event handlers, `style` attributes,
/// forms, frames, SVG, MathML — is removed.
///
/// ```
/// let html = tintuc::render::sanitize("<h1>Tiêu đề</h1><img src=x onerror=alert(1) alt=\"Ảnh\">");
/// assert_eq!(html.as_str(), "Tiêu đề<img src=\"x\" alt=\"Ảnh\">");
/// ```
#[cfg(feature = "sanitize")]
pub fn sanitize(html: &str) -> TrustedHtml {
    sanitize_with(&builder(), html)
}

/// Cleans HTML with a host's own ammonia allow-list.
///
/// ```
/// let mut b = ammonia::Builder::empty();
/// b.add_tags(["p"]);
/// let html = tintuc::render::sanitize_with(&b, "<p><b>Đậm</b></p>");
/// assert_eq!(html.as_str(), "<p>Đậm</p>");
/// ```
#[cfg(feature = "sanitize")]
pub fn sanitize_with(builder: &ammonia::Builder<'_>, html: &str) -> TrustedHtml {
    TrustedHtml(builder.clean(html).to_string())
}

#[cfg(feature = "sanitize")]
fn builder() -> ammonia::Builder<'static> {
    use std::collections::{HashMap, HashSet};
    let mut b = ammonia::Builder::empty();
    b.add_tags([
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "small",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "figure",
        "figcaption",
        "img",
        "a",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "hr",
    ]);
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    attrs.insert(
        "img",
        ["src", "alt", "width", "height"].into_iter().collect(),
    );
    attrs.insert("a", ["href", "title"].into_iter().collect());
    attrs.insert("th", ["colspan", "rowspan", "scope"].into_iter().collect());
    attrs.insert("td", ["colspan", "rowspan"].into_iter().collect());
    b.tag_attributes(attrs);
    b.url_schemes(["http", "https"].into_iter().collect());
    b.url_relative(ammonia::UrlRelative::PassThrough);
    b.link_rel(Some("noopener noreferrer"));
    b.clean_content_tags(["script", "style"].into_iter().collect());
    b
}
