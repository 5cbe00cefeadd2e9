//! Golden files for the rendered model article page, a listing page, the home page with
//! a sidebar, both feeds and the sitemaps. Input: tests/golden/articles.jsonl (five articles of the bundled
//! sample, copied so that sample edits do not move the goldens).
//!
//! To accept a deliberate change: `UPDATE_GOLDEN=1 cargo test --test it render_golden::`,
//! then review the diff of tests/golden/.

use std::path::PathBuf;

use tintuc::import::Importer;
use tintuc::model::{Article, Category};
use tintuc::render::{
    ArticleView, CategoryView, DefaultUrls, Page, Publisher, RelatedLink, Renderer, Site,
    SitemapEntry,
};

fn articles() -> Vec<Article> {
    let input = include_str!("../golden/articles.jsonl");
    let report = Importer::new().strict(true).read(input.as_bytes()).unwrap();
    assert_eq!(report.articles.len(), 5);
    report.articles
}

fn renderer(articles: &[Article]) -> Renderer {
    let mut site = Site::new(
        "Trang thông tin điện tử VKSND tỉnh Sóc Trăng",
        "https://vksndsoctrang.example.vn".parse().unwrap(),
    );
    site.publisher = Publisher {
        name: "Viện kiểm sát nhân dân tỉnh Sóc Trăng".into(),
        url: None,
        logo: Some("/logo.png".parse().unwrap()),
    };
    site.description = Some("Tin tức, hoạt động của VKSND tỉnh Sóc Trăng".into());
    let mut sections: Vec<Category> = articles.iter().filter_map(|a| a.category.clone()).collect();
    sections.sort_by(|a, b| a.name.cmp(&b.name));
    sections.dedup();
    site.sections = sections;
    site.owner = Some("Viện kiểm sát nhân dân tỉnh Sóc Trăng".into());
    Renderer::new(site)
}

fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n\
             (UPDATE_GOLDEN=1 cargo test --test it render_golden:: accepts the change)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

fn by_id<'a>(articles: &'a [Article], id: &str) -> &'a Article {
    articles.iter().find(|a| a.id.as_str() == id).unwrap()
}

#[test]
fn model_article_page() {
    let all = articles();
    let r = renderer(&all);
    let a = by_id(&all, "vks-st-2018-0817-01");
    let related: Vec<RelatedLink> = a
        .related
        .iter()
        .map(|id| RelatedLink::to(by_id(&all, id.as_str()), &DefaultUrls))
        .collect();
    assert_eq!(related.len(), 4);
    // "Các tin khác": the category's articles, newest first (the page leaves out the
    // article itself and the related ones).
    let mut same: Vec<&Article> = all.iter().filter(|x| x.category == a.category).collect();
    same.sort_by_key(|x| std::cmp::Reverse(x.published));
    let more: Vec<RelatedLink> = same
        .iter()
        .map(|x| RelatedLink::to(x, &DefaultUrls))
        .collect();
    let mut html = String::new();
    r.render(
        &Page::Article(&ArticleView::new(a, &related).with_more(&more)),
        &mut html,
    );
    // The parts the issue names, so a regenerated golden cannot silently lose them.
    for needle in [
        "<html lang=\"vi\">",
        "<p class=\"section-heading\">chi tiết tin</p>",
        "<time datetime=\"2018-08-17T08:00:00+07:00\">Thứ Sáu, 17/08/2018 08:00</time>",
        "<figcaption>Toàn cảnh Hội nghị</figcaption>",
        "width=\"800\" height=\"533\"",
        "<h2 id=\"tin-lien-quan\">Tin liên quan</h2>",
        "<meta property=\"og:locale\" content=\"vi_VN\">",
        "\"@type\":\"GovernmentOrganization\"",
        "\"inLanguage\":\"vi\"",
        "<noscript>",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert_eq!(html.matches("<h1>").count(), 1);
    // "»" is in the text a reader copies, not drawn by CSS.
    assert_eq!(
        html.matches("<li><span class=\"bullet\" aria-hidden=\"true\">»</span> <a")
            .count(),
        4
    );
    assert!(!html.contains("::before{content:\"»\""));
    check("model-article.html", &html);
}

#[test]
fn listing_page_with_pagination() {
    let all = articles();
    let r = renderer(&all);
    let cat = by_id(&all, "vks-st-2018-0817-01").category.clone().unwrap();
    let mut in_cat: Vec<&Article> = all
        .iter()
        .filter(|a| a.category.as_ref() == Some(&cat))
        .collect();
    in_cat.sort_by_key(|a| std::cmp::Reverse(a.published));
    assert!(
        in_cat.len() >= 3,
        "fixture needs 3 articles in {}",
        cat.name
    );
    let page2 = &in_cat[2..in_cat.len().min(4)];
    let view = CategoryView {
        category: &cat,
        articles: page2,
        page: 2,
        page_count: 2,
    };
    let mut html = String::new();
    r.render(&Page::Category(&view), &mut html);
    assert!(html.contains("<link rel=\"canonical\" href=\"https://vksndsoctrang.example.vn/chuyen-muc/thi-dua-khen-thuong/trang-2\">"));
    assert!(html.contains("<a rel=\"prev\" href=\"/chuyen-muc/thi-dua-khen-thuong\">"));
    check("listing-page-2.html", &html);
}

#[test]
fn feeds() {
    let all = articles();
    let r = renderer(&all);
    let mut newest: Vec<&Article> = all.iter().collect();
    newest.sort_by_key(|a| std::cmp::Reverse(a.published));
    let mut rss = String::new();
    r.render(&Page::Rss(&newest), &mut rss);
    assert!(rss.contains("<language>vi</language>"));
    assert!(rss.contains("<pubDate>Fri, 17 Aug 2018 08:00:00 +0700</pubDate>"));
    check("rss.xml", &rss);
    let mut atom = String::new();
    r.render(&Page::Atom(&newest), &mut atom);
    assert!(atom.contains("<published>2018-08-17T08:00:00+07:00</published>"));
    check("atom.xml", &atom);
}

#[test]
fn sitemaps() {
    let all = articles();
    let r = renderer(&all);
    let entries: Vec<SitemapEntry> = all
        .iter()
        .map(|a| SitemapEntry::article(a, &DefaultUrls))
        .collect();
    let files = r.sitemap_files(&entries);
    assert_eq!(files.len(), 1);
    // lastmod is the article's update time (15:30), not its publish time or the clock.
    assert!(files[0]
        .xml
        .contains("<lastmod>2018-08-17T15:30:00+07:00</lastmod>"));
    check("sitemap.xml", &files[0].xml);
    let refs: Vec<&Article> = all.iter().collect();
    let mut news = String::new();
    let now = "2018-09-12T09:00:00+07:00".parse().unwrap();
    r.render(
        &Page::NewsSitemap {
            articles: &refs,
            now,
        },
        &mut news,
    );
    // Only the article of 11/09 is within two days of `now`.
    assert_eq!(news.matches("<url>").count(), 1);
    check("sitemap-news.xml", &news);
}

#[test]
fn home_page_with_sidebar() {
    let all = articles();
    let r = renderer(&all);
    let mut site = r.site().clone();
    site.tagline = Some("Cơ quan của Viện kiểm sát nhân dân tỉnh Sóc Trăng".into());
    site.emblem = Some("/anh/bieu-trung.svg".parse().unwrap());
    site.search_url = Some("/tim-kiem".parse().unwrap());
    let mut newest: Vec<&Article> = all.iter().collect();
    newest.sort_by_key(|a| std::cmp::Reverse(a.published));
    site.sidebar = vec![
        tintuc::render::SidebarBlock::new(
            "Tin mới",
            newest
                .iter()
                .take(3)
                .map(|a| RelatedLink::to(a, &DefaultUrls))
                .collect(),
        ),
        tintuc::render::SidebarBlock::new(
            "Liên kết website",
            vec![RelatedLink::new(
                "Viện kiểm sát nhân dân tối cao",
                "https://vksndtc.gov.vn".parse().unwrap(),
            )],
        ),
    ];
    let r = Renderer::new(site);
    let per_cat: Vec<(Category, Vec<&Article>)> = r
        .site()
        .sections
        .iter()
        .map(|c| {
            let list = newest
                .iter()
                .copied()
                .filter(|a| a.category.as_ref() == Some(c))
                .collect();
            (c.clone(), list)
        })
        .collect();
    let sections: Vec<tintuc::render::HomeSection<'_>> = per_cat
        .iter()
        .map(|(category, articles)| tintuc::render::HomeSection { category, articles })
        .collect();
    let mut html = String::new();
    r.render(&Page::Home(&sections), &mut html);
    for needle in [
        "<body class=\"two-col\">",
        "<img class=\"emblem\" src=\"/anh/bieu-trung.svg\" alt=\"\"",
        "<form class=\"search\" role=\"search\" method=\"get\" action=\"/tim-kiem\">",
        "<section class=\"featured\"",
        "<aside class=\"sidebar\">",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    check("home.html", &html);
}
