//! Date-only publication dates and protocol-relative links, end to end.

use tintuc::import::parse_line;
use tintuc::model::{Article, Link};
use tintuc::render::{ArticleView, Page, Renderer, Site};

fn page(a: &Article) -> String {
    let r = Renderer::new(Site::new("Cổng", "https://vks.gov.vn".parse().unwrap()));
    let mut out = String::new();
    r.render(&Page::Article(&ArticleView::new(a, &[])), &mut out);
    out
}

#[test]
fn a_date_alone_renders_as_a_date() {
    let a = parse_line(r#"{"id":"a","title":"Tin","body":"x","published":"17/8/2018"}"#).unwrap();
    assert!(a.published_date_only);
    let html = page(&a);
    assert!(
        html.contains("<time datetime=\"2018-08-17\">Thứ Sáu, 17/08/2018</time>"),
        "{html}"
    );
    assert!(!html.contains("00:00"), "{html}");
    assert!(html.contains("\"datePublished\":\"2018-08-17\""), "{html}");
    assert!(html.contains("\"dateModified\":\"2018-08-17\""), "{html}");
    // JSON round-trips exactly, the flag included.
    let json = serde_json::to_string(&a).unwrap();
    assert!(json.contains("\"published_date_only\":true"), "{json}");
    let back: Article = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    // With a time: unchanged forms, and no flag in the JSON.
    let t = parse_line(r#"{"id":"b","title":"Tin","body":"x","published":"17/08/2018 08:00"}"#)
        .unwrap();
    assert!(!t.published_date_only);
    assert!(page(&t).contains("Thứ Sáu, 17/08/2018 08:00</time>"));
    assert!(!serde_json::to_string(&t).unwrap().contains("date_only"));
}

#[test]
fn protocol_relative_links_are_absolute() {
    let l = Link::new("//evil.example/x.jpg").unwrap();
    assert!(l.is_absolute());
    for bad in ["//", "///x.jpg", "//:1/x", "https:/x", "http:x"] {
        assert!(Link::new(bad).is_err(), "{bad}");
    }
    let line = r#"{"id":"a","title":"Tin","slug":"tin","status":"published","body":[{"type":"figure","src":"//evil.example/x.jpg","alt":"Ảnh"}]}"#;
    let a = parse_line(line).unwrap();
    let html = page(&a);
    // The page's scheme, never a path on the site itself.
    assert!(html.contains("https://evil.example/x.jpg"), "{html}");
    assert!(!html.contains("https://vks.gov.vn//evil"), "{html}");
}
