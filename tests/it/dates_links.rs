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

fn feeds(list: &[&Article]) -> (String, String) {
    let r = Renderer::new(Site::new("Cổng", "https://vks.gov.vn".parse().unwrap()));
    let (mut rss, mut atom) = (String::new(), String::new());
    r.render(&Page::Rss(list), &mut rss);
    r.render(&Page::Atom(list), &mut atom);
    (rss, atom)
}

/// Element nesting of generated XML (no comments, CDATA or `>` in attributes): every
/// start tag closed in order, one root.
fn balanced(xml: &str) -> bool {
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = xml.trim_start();
    if let Some(decl_end) = rest.strip_prefix("<?xml").and_then(|r| r.find("?>")) {
        rest = &rest[5 + decl_end + 2..];
    }
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            return false;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let name = |t: &str| t.split([' ', '\n', '/']).next().unwrap_or("").to_string();
        if let Some(end) = tag.strip_prefix('/') {
            if stack.pop() != Some(end) {
                return false;
            }
        } else {
            if stack.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                let n = name(tag);
                let Some(start) = tag.find(n.as_str()) else {
                    return false;
                };
                stack.push(&tag[start..start + n.len()]);
            }
        }
    }
    stack.is_empty() && roots == 1
}

#[test]
fn a_date_alone_is_a_dc_date_in_feeds() {
    let a = parse_line(r#"{"id":"a","title":"Tin","body":"x","published":"17/8/2018"}"#).unwrap();
    assert!(a.published_date_only);
    let (rss, atom) = feeds(&[&a]);
    assert!(balanced(&rss) && balanced(&atom), "{rss}\n{atom}");
    // RSS: the date alone, no made-up time of day.
    assert!(rss.contains("<dc:date>2018-08-17</dc:date>"), "{rss}");
    assert!(!rss.contains("<pubDate>"), "{rss}");
    assert!(rss.contains("xmlns:dc=\"http://purl.org/dc/elements/1.1/\""));
    // Atom: the date alone instead of `published`; the required `updated` is a
    // date-time, 00:00 of that date in the site's offset.
    assert!(atom.contains("<dc:date>2018-08-17</dc:date>"), "{atom}");
    assert!(!atom.contains("<published>"), "{atom}");
    assert!(atom.contains("xmlns:dc=\"http://purl.org/dc/elements/1.1/\""));
    assert_eq!(
        atom.matches("<updated>2018-08-17T00:00:00+07:00</updated>")
            .count(),
        2,
        "{atom}"
    );
    // With an update time, Atom's `updated` is that time.
    let mut u = a.clone();
    u.updated = Some("2018-08-18T09:30:00+07:00".parse().unwrap());
    let (_, atom) = feeds(&[&u]);
    assert!(atom.contains("<dc:date>2018-08-17</dc:date>"), "{atom}");
    assert!(atom.contains("<updated>2018-08-18T09:30:00+07:00</updated>"));
    assert!(!atom.contains("T00:00:00"), "{atom}");
}

#[test]
fn a_timed_value_keeps_its_feed_dates() {
    let t = parse_line(r#"{"id":"b","title":"Tin","body":"x","published":"17/08/2018 08:00"}"#)
        .unwrap();
    let d = parse_line(r#"{"id":"c","title":"Tin","body":"x","published":"16/8/2018"}"#).unwrap();
    let (rss, atom) = feeds(&[&t, &d]);
    assert!(balanced(&rss) && balanced(&atom), "{rss}\n{atom}");
    assert!(
        rss.contains("<pubDate>Fri, 17 Aug 2018 08:00:00 +0700</pubDate>"),
        "{rss}"
    );
    assert!(atom.contains("<published>2018-08-17T08:00:00+07:00</published>"));
    // one of each: the timed item keeps its date-time, the date-only one its date
    assert_eq!(rss.matches("<pubDate>").count(), 1, "{rss}");
    assert_eq!(
        rss.matches("<dc:date>2018-08-16</dc:date>").count(),
        1,
        "{rss}"
    );
    assert_eq!(atom.matches("<dc:date>2018-08-16</dc:date>").count(), 1);
    assert!(atom.contains("<updated>2018-08-16T00:00:00+07:00</updated>"));
    // the newest change dates the channel
    assert!(rss.contains("<lastBuildDate>Fri, 17 Aug 2018 08:00:00 +0700</lastBuildDate>"));
    assert!(!balanced("<a><b></a></b>") && !balanced("<a/><b/>"));
}

#[test]
fn a_date_alone_is_a_date_in_sitemaps() {
    use tintuc::render::{DefaultUrls, SitemapEntry};
    let r = Renderer::new(Site::new("Cổng", "https://vks.gov.vn".parse().unwrap()));
    let a = parse_line(r#"{"id":"a","title":"Tin","body":"x","published":"17/8/2018"}"#).unwrap();
    let timed = parse_line(
        r#"{"id":"b","title":"Tin hai","body":"x","published":"2018-08-17T08:00:00+07:00"}"#,
    )
    .unwrap();
    let entries = [
        SitemapEntry::article(&a, &DefaultUrls),
        SitemapEntry::article(&timed, &DefaultUrls),
    ];
    assert!(entries[0].date_only && !entries[1].date_only);
    let mut xml = String::new();
    r.render(&Page::Sitemap(&entries), &mut xml);
    assert!(xml.contains("<lastmod>2018-08-17</lastmod>"), "{xml}");
    assert!(
        xml.contains("<lastmod>2018-08-17T08:00:00+07:00</lastmod>"),
        "{xml}"
    );
    assert!(!xml.contains("T00:00:00"), "{xml}");
    // An update time is a real time: the entry is no longer date-only.
    let mut u = a.clone();
    u.updated = Some("2018-08-18T09:30:00+07:00".parse().unwrap());
    assert!(!SitemapEntry::article(&u, &DefaultUrls).date_only);
    // Google News: the publication date alone.
    let now = "2018-08-18T12:00:00+07:00".parse().unwrap();
    let mut news = String::new();
    r.render(
        &Page::NewsSitemap {
            articles: &[&a, &timed],
            now,
        },
        &mut news,
    );
    assert!(
        news.contains("<news:publication_date>2018-08-17</news:publication_date>"),
        "{news}"
    );
    assert!(
        news.contains("<news:publication_date>2018-08-17T08:00:00+07:00</news:publication_date>")
    );
}

/// Found by the `model_values` fuzz target: a `WebUrl` that `Link` refused. Every
/// `WebUrl` is an absolute `Link`: `://` must follow the scheme, and neither takes an
/// HTML character reference.
#[test]
fn a_web_url_is_always_an_absolute_link() {
    use tintuc::model::WebUrl;
    let found = "http:o:/p555555555=5555555555&5;555515555555-/p:o://A";
    assert!(WebUrl::new(found).is_err());
    assert!(Link::new(found).is_err());
    for bad in ["http:x://host/a", "https:/host//x://y", "http://h/&amp;x"] {
        assert!(WebUrl::new(bad).is_err(), "{bad}");
        assert!(Link::new(bad).is_err(), "{bad}");
    }
    for good in ["http://h/a?b=1&c=2", "HTTPS://vks.gov.vn/tin/a.html"] {
        let u = WebUrl::new(good).unwrap();
        assert!(
            Link::new(u.as_str()).is_ok_and(|l| l.is_absolute()),
            "{good}"
        );
    }
}
