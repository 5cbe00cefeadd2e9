//! Citations in article text linked to their documents' pages.

use crate::document::{symbol_spans, Document};
use crate::model::{Block, Link};

use super::html::Html;
use super::urls::UrlScheme;

/// A resolved citation to link in article text: where its symbol is written as `text`
/// (the symbol exactly as the article writes it), the link goes to `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationLink {
    /// The symbol as written in the article (`08/KH-UBND`).
    pub text: String,
    /// The document page.
    pub url: Link,
    /// The link's `title` (the document's title).
    pub title: String,
}

impl CitationLink {
    /// The link from `written` (the citation's number as the article writes it) to `d`.
    pub fn to(written: &str, d: &Document, urls: &dyn UrlScheme) -> Self {
        CitationLink {
            text: written.to_string(),
            url: urls.document(d),
            title: d.title(),
        }
    }
}

/// Writes `text` escaped, with every stand-alone occurrence of a link's symbol wrapped in
/// `<a class="van-ban">`. The visible text is `text` exactly (links add no characters).
///
/// ```
/// use tintuc::render::{linked_text, CitationLink, Html};
/// let link = CitationLink { text: "08/KH-UBND".into(), url: "/van-ban/kh-08.html".parse()?, title: "Kế hoạch 08/KH-UBND".into() };
/// let mut s = String::new();
/// linked_text(&mut Html::new(&mut s), "Theo Kế hoạch số 08/KH-UBND <mới>", &[link]);
/// assert_eq!(s, r#"Theo Kế hoạch số <a class="van-ban" href="/van-ban/kh-08.html" title="Kế hoạch 08/KH-UBND">08/KH-UBND</a> &lt;mới&gt;"#);
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
pub fn linked_text(out: &mut Html<'_>, text: &str, links: &[CitationLink]) {
    if links.is_empty() {
        out.text(text);
        return;
    }
    let symbols: Vec<&str> = links.iter().map(|l| l.text.as_str()).collect();
    let mut at = 0;
    for (range, i) in symbol_spans(text, &symbols) {
        let (Some(before), Some(sym), Some(link)) = (
            text.get(at..range.start),
            text.get(range.clone()),
            links.get(i),
        ) else {
            continue;
        };
        out.text(before);
        out.raw("<a class=\"van-ban\"");
        out.link_attr("href", &link.url);
        out.attr("title", &link.title);
        out.raw(">");
        out.text(sym);
        out.raw("</a>");
        at = range.end;
    }
    out.text(text.get(at..).unwrap_or_default());
}

/// Writes a paragraph, quote or list block with its citations linked and returns
/// `true`; any other block (figures, headings) is left to the theme: `false`.
pub(crate) fn linked_block(block: &Block, links: &[CitationLink], out: &mut Html<'_>) -> bool {
    text_block(block, out, |out, t| linked_text(out, t, links))
}

/// Writes a paragraph, quote or list block, its running text through `text` (a quote's
/// source always as plain text), and returns `true`; any other block: `false`.
pub(crate) fn text_block(
    block: &Block,
    out: &mut Html<'_>,
    text: impl Fn(&mut Html<'_>, &str),
) -> bool {
    match block {
        Block::Paragraph { text: t } => {
            out.raw("<p>");
            text(out, t);
            out.raw("</p>\n");
        }
        Block::Quote { text: t, cite } => {
            out.raw("<blockquote><p>");
            text(out, t);
            out.raw("</p>");
            if let Some(c) = cite {
                out.raw("<p class=\"cite\">— ");
                out.text(c);
                out.raw("</p>");
            }
            out.raw("</blockquote>\n");
        }
        Block::List { ordered, items } => {
            out.raw(if *ordered { "<ol>" } else { "<ul>" });
            for it in items {
                out.raw("<li>");
                text(out, it);
                out.raw("</li>");
            }
            out.raw(if *ordered { "</ol>\n" } else { "</ul>\n" });
        }
        _ => return false,
    }
    true
}
