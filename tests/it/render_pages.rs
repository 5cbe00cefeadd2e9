//! Behaviour of the pages around the article: listings, home, feeds, sitemaps, the
//! theme and URL seams, and the fmt/io adapters.

use crate::common;

use tintuc::model::{Article, Block, Category, Link, Status, Timestamp};
use tintuc::render::{
    ArticleView, CategoryView, Cx, HomeSection, Html, Page, RelatedLink, Renderer, Site,
    SitemapEntry, Theme,
};

fn article(i: usize, published: &str) -> Article {
    let mut a = Article::new(
        format!("a{i}").parse().unwrap(),
        format!("Tin số {i}"),
        format!("tin-so-{i}").parse().unwrap(),
    );
    a.body.push(Block::paragraph(format!("Nội dung tin {i}.")));
    a.published = Some(published.parse().unwrap());
    a.status = Status::Published;
    a.category = Some(Category {
        name: "Hoạt động ngành".into(),
        slug: "hoat-dong-nganh".parse().unwrap(),
    });
    a
}

fn renderer() -> Renderer {
    Renderer::new(Site::new(
        "Cổng thông tin",
        "https://example.gov.vn".parse().unwrap(),
    ))
}

#[test]
fn news_sitemap_keeps_two_days_before_now_and_at_most_1000() {
    let base: Timestamp = "2024-05-10T12:00:00+07:00".parse().unwrap();
    let articles: Vec<Article> = (0..1500)
        .map(|i| {
            let t = base - chrono::Duration::minutes(i as i64 * 2);
            article(i, &t.to_rfc3339())
        })
        .chain([
            article(9000, "2024-05-07T12:00:00+07:00"),
            article(9001, "2024-05-11T12:00:00+07:00"),
        ])
        .collect();
    let refs: Vec<&Article> = articles.iter().collect();
    let mut xml = String::new();
    renderer().render(
        &Page::NewsSitemap {
            articles: &refs,
            now: base,
        },
        &mut xml,
    );
    assert_eq!(xml.matches("<url>").count(), 1000);
    assert!(xml.contains("/tin/tin-so-0.html"), "newest first");
    assert!(!xml.contains("tin-so-1200."), "cut at 1,000");
    assert!(!xml.contains("tin-so-9000."), "older than two days");
    assert!(!xml.contains("tin-so-9001."), "after now");
}

#[test]
fn sitemap_index_parts_carry_their_newest_lastmod() {
    let entries: Vec<SitemapEntry> = (0..50_001)
        .map(|i| SitemapEntry {
            url: format!("/tin/{i}.html").parse().unwrap(),
            lastmod: Some(
                if i == 50_000 {
                    "2020-01-02T00:00:00+07:00"
                } else {
                    "2019-01-01T00:00:00+07:00"
                }
                .parse()
                .unwrap(),
            ),
        })
        .collect();
    let files = renderer().sitemap_files(&entries);
    assert_eq!(files.len(), 3);
    assert_eq!(files[0].path.as_str(), "/sitemap.xml");
    assert!(files[0].xml.contains("<sitemap><loc>https://example.gov.vn/sitemap-1.xml</loc><lastmod>2019-01-01T00:00:00+07:00</lastmod></sitemap>"));
    assert!(files[0].xml.contains("<sitemap><loc>https://example.gov.vn/sitemap-2.xml</loc><lastmod>2020-01-02T00:00:00+07:00</lastmod></sitemap>"));
    assert_eq!(files[1].xml.matches("<url>").count(), 50_000);
    assert_eq!(files[2].xml.matches("<url>").count(), 1);
    // Entries without a time get no lastmod (never the build time).
    let one = renderer().sitemap_files(&[SitemapEntry {
        url: "/".parse().unwrap(),
        lastmod: None,
    }]);
    assert!(!one[0].xml.contains("lastmod"));
}

#[test]
fn pagination_links_are_real_and_pages_self_canonical() {
    let a = article(1, "2024-05-10T12:00:00+07:00");
    let cat = a.category.clone().unwrap();
    let list = [&a];
    for page in [1, 5, 10] {
        let mut html = String::new();
        renderer().render(
            &Page::Category(&CategoryView {
                category: &cat,
                articles: &list,
                page,
                page_count: 10,
            }),
            &mut html,
        );
        let (root, errors) = common::parse(&html);
        assert!(errors.is_empty());
        let me = if page == 1 {
            "/chuyen-muc/hoat-dong-nganh".to_owned()
        } else {
            format!("/chuyen-muc/hoat-dong-nganh/trang-{page}")
        };
        let canonical = root.first(|e| e.name == "link" && e.attr("rel") == Some("canonical"));
        assert_eq!(
            canonical.attr("href").unwrap(),
            format!("https://example.gov.vn{me}")
        );
        let nav = root.first(|e| e.has_class("pagination"));
        let hrefs: Vec<&str> = nav
            .find(|e| e.name == "a")
            .iter()
            .filter_map(|e| e.attr("href"))
            .collect();
        assert!(
            !hrefs.contains(&me.as_str()),
            "the current page is not a link"
        );
        assert!(hrefs.contains(&"/chuyen-muc/hoat-dong-nganh/trang-10") || page == 10);
        assert_eq!(
            nav.first(|e| e.attr("aria-current") == Some("page")).text(),
            page.to_string()
        );
        assert_eq!(root.find(|e| e.name == "h1").len(), 1);
    }
}

#[test]
fn home_page_lists_latest_per_category() {
    let a = article(1, "2024-05-10T12:00:00+07:00");
    let b = article(2, "2024-05-09T12:00:00+07:00");
    let cat = a.category.clone().unwrap();
    let list = [&a, &b];
    let mut html = String::new();
    renderer().render(
        &Page::Home(&[HomeSection {
            category: &cat,
            articles: &list,
        }]),
        &mut html,
    );
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty());
    assert_eq!(root.find(|e| e.name == "h1").len(), 1);
    let section = root.first(|e| e.has_class("home-section"));
    let links: Vec<&str> = section
        .find(|e| e.name == "a")
        .iter()
        .filter_map(|e| e.attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "/chuyen-muc/hoat-dong-nganh",
            "/tin/tin-so-1.html",
            "/tin/tin-so-2.html"
        ]
    );
}

struct Plain;
impl Theme for Plain {
    fn footer(&self, _cx: &Cx<'_>, out: &mut Html<'_>) {
        out.raw("<footer><p>Bản quyền</p></footer>\n");
    }
    fn related(&self, cx: &Cx<'_>, links: &[RelatedLink], out: &mut Html<'_>) {
        out.raw("<div class=\"xem-them\">");
        tintuc::render::DefaultTheme.related(cx, links, out);
        out.raw("</div>");
    }
}

#[test]
fn a_theme_overrides_parts_and_keeps_the_rest() {
    let a = article(1, "2018-08-17T08:00:00+07:00");
    let related = [RelatedLink::new(
        "Tin khác",
        "/tin/khac.html".parse().unwrap(),
    )];
    let r = renderer().with_theme(Plain);
    let mut html = String::new();
    r.render(&Page::Article(&ArticleView::new(&a, &related)), &mut html);
    assert!(html.contains("<footer><p>Bản quyền</p></footer>"));
    assert!(!html.contains("<footer class=\"site-footer\">"));
    assert!(html.contains("<div class=\"xem-them\"><section class=\"related\""));
    assert!(html
        .contains("<time datetime=\"2018-08-17T08:00:00+07:00\">Thứ Sáu, 17/08/2018 08:00</time>"));
}

#[test]
fn a_closure_is_a_url_scheme() {
    let a = article(7, "2018-08-17T08:00:00+07:00");
    let r = renderer()
        .with_urls(|a: &Article| -> Link { format!("/bai-viet/{}", a.id).parse().unwrap() });
    let mut html = String::new();
    r.render(&Page::Article(&ArticleView::new(&a, &[])), &mut html);
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.gov.vn/bai-viet/a7\">"));
    assert!(
        html.contains("href=\"/chuyen-muc/hoat-dong-nganh\""),
        "other pages keep the default"
    );
}

#[test]
fn fmt_and_io_adapters_write_the_same_bytes() {
    let a = article(1, "2018-08-17T08:00:00+07:00");
    let r = renderer();
    let view = ArticleView::new(&a, &[]);
    let page = Page::Article(&view);
    let mut s = String::new();
    r.render(&page, &mut s);
    let mut f = String::new();
    r.write_fmt(&page, &mut f).unwrap();
    let mut io = Vec::new();
    r.write_io(&page, &mut io).unwrap();
    assert_eq!(s, f);
    assert_eq!(s.as_bytes(), io.as_slice());
}

#[test]
fn feeds_skip_nothing_dated_and_atom_needs_dates() {
    let a = article(1, "2018-08-17T08:00:00+07:00");
    let mut undated = article(2, "2018-08-17T08:00:00+07:00");
    undated.published = None;
    let list = [&a, &undated];
    let (mut rss, mut atom) = (String::new(), String::new());
    renderer().render(&Page::Rss(&list), &mut rss);
    renderer().render(&Page::Atom(&list), &mut atom);
    assert_eq!(rss.matches("<item>").count(), 2, "RSS dates are optional");
    assert_eq!(
        atom.matches("<entry>").count(),
        1,
        "Atom entries need a date"
    );
    assert!(atom.contains("<updated>2018-08-17T08:00:00+07:00</updated>"));
}

#[test]
fn tag_links_lead_to_tag_pages() {
    let mut a = article(1, "2018-08-17T08:00:00+07:00");
    a.tags = vec!["Thi đua".into(), "!!!".into()];
    let r = renderer();
    let mut html = String::new();
    r.render(&Page::Article(&ArticleView::new(&a, &[])), &mut html);
    assert!(html.contains("<li><a href=\"/the/thi-dua\">Thi đua</a></li><li>!!!</li>"));
    let slug = "thi-dua".parse().unwrap();
    let list = [&a];
    let view = tintuc::render::TagView {
        tag: "Thi đua",
        slug: &slug,
        articles: &list,
        page: 2,
        page_count: 2,
    };
    let mut page = String::new();
    r.render(&Page::Tag(&view), &mut page);
    let (root, errors) = common::parse(&page);
    assert!(errors.is_empty());
    assert_eq!(root.first(|e| e.name == "h1").text(), "Thi đua - Trang 2");
    let canonical = root.first(|e| e.name == "link" && e.attr("rel") == Some("canonical"));
    assert_eq!(
        canonical.attr("href"),
        Some("https://example.gov.vn/the/thi-dua/trang-2")
    );
    assert!(page.contains("<a rel=\"prev\" href=\"/the/thi-dua\">"));
}
