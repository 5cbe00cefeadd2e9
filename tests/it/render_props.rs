//! Property: for arbitrary strings in every text field, the rendered article page
//! parses (html5ever, no parse error) and every field reads back exactly — as
//! [`visible_text`] says (CR LF → LF, characters no HTML document may hold → U+FFFD)
//! in the HTML, and byte for byte in the JSON-LD.

use crate::common;

use proptest::prelude::*;
use tintuc::model::{Article, Author, Block, Category, Figure, Status};
use tintuc::render::{visible_text, ArticleView, Page, RelatedLink, Renderer, Site};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[<>&\"' a-zđươ\\r\\n\\t\\u{0}\\u{85}\\u{2028}\\u{fffe}/=;:-]{0,24}",
        Just(String::new()),
    ]
}

#[derive(Debug, Clone)]
struct Fields {
    title: String,
    lead: String,
    para: String,
    heading: String,
    caption: String,
    alt: String,
    author: String,
    category: String,
    tag: String,
    related: String,
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        (text(), text(), text(), text(), text()),
        (text(), text(), text(), text(), text()),
    )
        .prop_map(
            |((title, lead, para, heading, caption), (alt, author, category, tag, related))| {
                Fields {
                    title,
                    lead,
                    para,
                    heading,
                    caption,
                    alt,
                    author,
                    category,
                    tag,
                    related,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::cases(256)))]
    #[test]
    fn arbitrary_text_reads_back(f in fields()) {
        let mut a = Article::new("p1".parse().unwrap(), f.title.clone(), "p1".parse().unwrap());
        a.lead = Some(f.lead.clone());
        a.body = vec![
            Block::paragraph(f.para.clone()),
            Block::Heading { level: 3, text: f.heading.clone() },
            Block::Figure(Figure { src: "/a.jpg".parse().unwrap(), alt: f.alt.clone(), caption: Some(f.caption.clone()), width: None, height: None }),
        ];
        a.authors = vec![Author::new(f.author.clone())];
        a.category = Some(Category { name: f.category.clone(), slug: "c".parse().unwrap() });
        a.tags = vec![f.tag.clone()];
        a.published = Some("2018-08-17T08:00:00+07:00".parse().unwrap());
        a.status = Status::Published;
        let related = [RelatedLink::new(f.related.clone(), "/tin/b.html".parse().unwrap())];
        let r = Renderer::new(Site::new("Cổng thông tin", "https://example.gov.vn".parse().unwrap()));
        let mut html = String::new();
        r.render(&Page::Article(&ArticleView::new(&a, &related)), &mut html);

        let (root, errors) = common::parse(&html);
        prop_assert!(errors.is_empty(), "parse errors {:?}", errors);
        let v = visible_text;
        prop_assert_eq!(root.first(|e| e.name == "h1").text(), v(&f.title));
        let full_title = if f.title.is_empty() { "Cổng thông tin".to_owned() } else { format!("{} - Cổng thông tin", f.title) };
        prop_assert_eq!(root.first(|e| e.name == "title").text(), v(&full_title));
        prop_assert_eq!(root.first(|e| e.has_class("lead")).text(), v(&f.lead));
        let body = root.first(|e| e.has_class("body"));
        prop_assert_eq!(body.first(|e| e.name == "p").text(), v(&f.para));
        prop_assert_eq!(body.first(|e| e.name == "h3").text(), v(&f.heading));
        prop_assert_eq!(root.first(|e| e.name == "figcaption").text(), v(&f.caption));
        prop_assert_eq!(root.first(|e| e.name == "img").attr("alt").unwrap(), v(&f.alt));
        prop_assert_eq!(root.first(|e| e.has_class("author")).text(), v(&f.author));
        let crumbs = root.first(|e| e.has_class("breadcrumbs"));
        prop_assert_eq!(crumbs.find(|e| e.name == "a")[1].text(), v(&f.category));
        prop_assert_eq!(root.first(|e| e.has_class("tags")).text(), v(&f.tag));
        let rel = root.first(|e| e.has_class("related"));
        prop_assert_eq!(rel.first(|e| e.name == "a").text(), v(&f.related));
        let og = root.first(|e| e.name == "meta" && e.attr("property") == Some("og:title"));
        let og_title = if f.title.is_empty() { "Cổng thông tin".to_owned() } else { v(&f.title) };
        prop_assert_eq!(og.attr("content").unwrap(), og_title);

        let scripts = root.find(|e| e.name == "script");
        prop_assert_eq!(scripts.len(), 2);
        let news: serde_json::Value = serde_json::from_str(&scripts[0].text()).unwrap();
        prop_assert_eq!(&news["headline"], &serde_json::Value::from(f.title.clone()));
        prop_assert_eq!(&news["author"][0]["name"], &serde_json::Value::from(f.author.clone()));
        prop_assert_eq!(&news["articleSection"], &serde_json::Value::from(f.category.clone()));
        prop_assert_eq!(&news["keywords"][0], &serde_json::Value::from(f.tag.clone()));
        let crumbs: serde_json::Value = serde_json::from_str(&scripts[1].text()).unwrap();
        prop_assert_eq!(&crumbs["itemListElement"][2]["name"], &serde_json::Value::from(f.title.clone()));
    }
}
