//! The article page and feeds on arbitrary text in every field (fields separated by
//! U+0001 in the input): never panics, and no text can open a script element — the
//! page holds exactly the two JSON-LD scripts, the feeds none.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::model::{Article, Author, Block, Category, Figure, Link};
use tintuc::render::{ArticleView, Page, RelatedLink, Renderer, Site};

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
        Block::paragraph(para),
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
    let related = [RelatedLink::new(title, link.unwrap_or_else(|| "/b.html".parse().unwrap()))];
    let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse().unwrap()));
    let mut html = String::new();
    r.render(&Page::Article(&ArticleView::new(&a, &related)), &mut html);
    let lower = html.to_ascii_lowercase();
    assert_eq!(lower.matches("<script").count(), 2);
    assert_eq!(lower.matches("</script").count(), 2);
    for feed in [Page::Rss(&[&a]), Page::Atom(&[&a])] {
        let mut xml = String::new();
        r.render(&feed, &mut xml);
        assert!(!xml.to_ascii_lowercase().contains("<script"));
    }
});
