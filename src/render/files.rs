//! A static export's file layout: the file each page is kept in, and pages whose links
//! lead from file to file, so the export opens from the file system (`file://`).

use crate::model::Link;

/// The file a static export keeps the page at site-relative `link` in, relative to the
/// export's folder: `/tin/a.html` → `tin/a.html`; a path whose last part has no `.` is a
/// folder, `/chuyen-muc/x` → `chuyen-muc/x/index.html`, `/` → `index.html`. The query
/// and fragment are dropped. `None` for a link that is not site-relative (`https://…`,
/// `//host/…`, `a.html`) or has a `.` or `..` part.
///
/// ```
/// use tintuc::render::file_path;
/// assert_eq!(file_path(&"/tin/a.html#anh".parse()?).as_deref(), Some("tin/a.html"));
/// assert_eq!(file_path(&"/chuyen-muc/x/trang-2".parse()?).as_deref(), Some("chuyen-muc/x/trang-2/index.html"));
/// assert_eq!(file_path(&"/".parse()?).as_deref(), Some("index.html"));
/// assert_eq!(file_path(&"https://example.gov.vn/".parse()?), None);
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
pub fn file_path(link: &Link) -> Option<String> {
    site_file(link.as_str())
}

fn site_file(link: &str) -> Option<String> {
    let path = link.split(['?', '#']).next().unwrap_or("");
    let rel = path.strip_prefix('/')?;
    if rel.starts_with('/') {
        return None;
    }
    let mut out = String::with_capacity(rel.len() + 11);
    for seg in rel.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." {
            return None;
        }
        out.push_str(seg);
        out.push('/');
    }
    let last = rel.rsplit('/').next().unwrap_or("");
    if last.is_empty() || !last.contains('.') {
        out.push_str("index.html");
    } else {
        out.pop();
    }
    Some(out)
}

/// `html` (a page of `page`, as the renderer writes it) with every site-relative `href`
/// and `src` attribute leading to its file ([`file_path`]) relative to the page's own
/// file, the fragment kept: on `/tin/a.html`, `href="/chuyen-muc/x"` becomes
/// `href="../chuyen-muc/x/index.html"`. A query is dropped (a file has none). Absolute
/// URLs (canonical, OpenGraph, feeds) and form actions are left alone, and so is
/// everything outside tags.
///
/// ```
/// use tintuc::render::file_links;
/// let html = r#"<a href="/chuyen-muc/x">/chuyen-muc/x</a><img src="/anh/a.svg" alt="">"#;
/// assert_eq!(file_links(html, &"/tin/a.html".parse()?),
///     r#"<a href="../chuyen-muc/x/index.html">/chuyen-muc/x</a><img src="../anh/a.svg" alt="">"#);
/// assert_eq!(file_links(r#"<a href="/tin/b.html#y">"#, &"/".parse()?), r#"<a href="tin/b.html#y">"#);
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
pub fn file_links(html: &str, page: &Link) -> String {
    let depth = file_path(page).map_or(0, |f| f.matches('/').count());
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    // Outside a tag, `<` always opens one: text and attribute values are escaped.
    while let Some(open) = rest.find('<') {
        let (text, tag_and_more) = rest.split_at(open);
        out.push_str(text);
        let end = tag_end(tag_and_more);
        let (tag, more) = tag_and_more.split_at(end);
        rewrite_tag(tag, depth, &mut out);
        rest = more;
        // The contents of `script` and `style` are not markup.
        for raw in ["<script", "<style"] {
            let head = tag.as_bytes().get(..raw.len());
            if head.is_some_and(|h| h.eq_ignore_ascii_case(raw.as_bytes())) {
                let close = if raw == "<script" {
                    "</script"
                } else {
                    "</style"
                };
                let stop = rest.find(close).unwrap_or(rest.len());
                out.push_str(&rest[..stop]);
                rest = &rest[stop..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `s` (through its `>`, quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Appends one tag with its site-relative `href` and `src` values rewritten.
fn rewrite_tag(tag: &str, depth: usize, out: &mut String) {
    let mut rest = tag;
    loop {
        let next = [" href=\"", " src=\""]
            .iter()
            .filter_map(|a| rest.find(a).map(|i| (i, a.len())))
            .min();
        let Some((at, len)) = next else { break };
        let (head, value_and_more) = rest.split_at(at + len);
        out.push_str(head);
        let close = value_and_more.find('"').unwrap_or(value_and_more.len());
        let (value, more) = value_and_more.split_at(close);
        match site_file(value) {
            Some(file) => {
                for _ in 0..depth {
                    out.push_str("../");
                }
                out.push_str(&file);
                if let Some(i) = value.find('#') {
                    out.push_str(&value[i..]);
                }
            }
            None => out.push_str(value),
        }
        rest = more;
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(s: &str) -> Link {
        s.parse().unwrap()
    }

    #[test]
    fn links_lead_from_file_to_file() {
        let deep = page("/chuyen-muc/x/trang-2");
        let html = r#"<a class="a" href="/">x</a> <a href="/rss.xml">"#;
        assert_eq!(
            file_links(html, &deep),
            r#"<a class="a" href="../../../index.html">x</a> <a href="../../../rss.xml">"#
        );
    }

    #[test]
    fn text_scripts_and_absolute_urls_are_left_alone() {
        let p = page("/tin/a.html");
        for html in [
            r#"<p> href="/x" src="/y"</p>"#,
            r#"<script type="application/ld+json">{"a":"<a href=\"/x\">"}</script>"#,
            r#"<link rel="canonical" href="https://example.gov.vn/tin/a.html">"#,
            r#"<a href="//cdn.example.vn/a.js">"#,
            r#"<form action="/tim-kiem">"#,
            r#"<a title="a > b href=&quot;/x" href="https://x.vn/">"#,
        ] {
            assert_eq!(file_links(html, &p), html);
        }
        assert_eq!(
            file_links(r#"<a title="a > b" href="/tin/b.html">"#, &p),
            r#"<a title="a > b" href="../tin/b.html">"#
        );
    }
}
