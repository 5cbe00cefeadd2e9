//! The article page and feeds on arbitrary text in every field (fields separated by
//! U+0001 in the input). The page, parsed with html5ever, has no script element but
//! the two JSON-LD blocks, no event-handler attribute and no `javascript:` URL, and its
//! text reads the title and the paragraph back; the feeds have no script element.
#![no_main]

use html5ever::parse_document;
use html5ever::tendril::TendrilSink;
use libfuzzer_sys::fuzz_target;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use tintuc::model::{Article, Author, Block, Category, Figure, Link};
use tintuc::render::{ArticleView, Page, RelatedLink, Renderer, Site};

/// Walks the tree: checks every element, collects the text outside scripts.
fn walk(h: &Handle, text: &mut String, scripts: &mut usize) {
    match &h.data {
        NodeData::Element { name, attrs, .. } => {
            let tag = name.local.to_ascii_lowercase();
            if &*tag == "script" {
                let ty = attrs.borrow().iter().find(|a| &*a.name.local == "type").map(|a| a.value.to_string());
                assert_eq!(ty.as_deref(), Some("application/ld+json"), "a script that is not JSON-LD");
                *scripts += 1;
                return;
            }
            let attrs = attrs.borrow();
            // A meta's `content` is a URL only for URL and image properties
            // (`og:url`, `og:image`, `twitter:image`); elsewhere it is text.
            let meta_url = &*tag == "meta"
                && attrs.iter().any(|a| {
                    matches!(&*a.name.local, "property" | "name" | "itemprop" | "http-equiv")
                        && {
                            let v = a.value.to_ascii_lowercase();
                            v.ends_with("url") || v.ends_with("image") || v == "refresh"
                        }
                });
            for a in attrs.iter() {
                let n = a.name.local.to_ascii_lowercase();
                assert!(!n.starts_with("on"), "event handler attribute {n}");
                let url_attr = matches!(
                    &*n,
                    "href" | "src" | "srcset" | "action" | "formaction" | "poster" | "cite"
                        | "background" | "data" | "ping"
                ) || (&*n == "content" && meta_url);
                if !url_attr {
                    continue;
                }
                let v: String = a
                    .value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for bad in ["javascript:", "vbscript:", "data:text/html"] {
                    assert!(!v.starts_with(bad), "{n}={:?}", a.value);
                }
            }
        }
        NodeData::Text { contents } => text.push_str(&contents.borrow()),
        _ => {}
    }
    for c in h.children.borrow().iter() {
        walk(c, text, scripts);
    }
}

/// What a reader sees of `s` in HTML text: runs of whitespace as one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text as a page shows it: characters no document may contain (Unicode
/// noncharacters) are written as U+FFFD, as the renderer documents.
fn shown(s: &str) -> String {
    s.chars()
        .map(|c| {
            let u = c as u32;
            if (0xfdd0..=0xfdef).contains(&u) || (u & 0xfffe) == 0xfffe {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut f = text.split('\u{1}').map(str::to_owned);
    let mut next = || f.next().unwrap_or_default();
    let (title, lead, para, caption, alt, author, cat, tag, url) =
        (next(), next(), next(), next(), next(), next(), next(), next(), next());
    let link = Link::new(url).ok();
    let mut a = Article::new("f".parse().unwrap(), title.clone(), "f".parse().unwrap());
    a.lead = Some(lead);
    a.body = vec![
        Block::paragraph(para.clone()),
        Block::Figure(Figure {
            src: link.clone().unwrap_or_else(|| "/a.jpg".parse().unwrap()),
            alt,
            caption: Some(caption),
            width: None,
            height: None,
        }),
    ];
    a.authors = vec![Author::new(author)];
    a.category = Some(Category { name: cat, slug: "c".parse().unwrap() });
    a.tags = vec![tag];
    a.published = Some("2018-08-17T08:00:00+07:00".parse().unwrap());
    let related = [RelatedLink::new(title.clone(), link.unwrap_or_else(|| "/b.html".parse().unwrap()))];
    let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse().unwrap()));
    let mut html = String::new();
    r.render(&Page::Article(&ArticleView::new(&a, &related)), &mut html);
    let dom = parse_document(RcDom::default(), Default::default()).one(html.as_str());
    let (mut page_text, mut scripts) = (String::new(), 0);
    walk(&dom.document, &mut page_text, &mut scripts);
    assert_eq!(scripts, 2, "the two JSON-LD blocks");
    // The text reads back (HTML parsing drops NUL and turns CR into LF, so only
    // text without control characters is compared).
    let page_text = squash(&page_text);
    for field in [&title, &para] {
        let want = squash(&shown(field));
        if !want.is_empty() && !field.chars().any(char::is_control) {
            assert!(page_text.contains(&want), "{want:?} not read back");
        }
    }
    for feed in [Page::Rss(&[&a]), Page::Atom(&[&a])] {
        let mut xml = String::new();
        r.render(&feed, &mut xml);
        assert!(!xml.to_ascii_lowercase().contains("<script"));
    }
});
