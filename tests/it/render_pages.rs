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
            date_only: false,
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
        date_only: false,
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

fn with_figure(mut a: Article) -> Article {
    a.lead = Some(format!("Tóm tắt {}.", a.title));
    a.body.insert(
        0,
        Block::Figure(tintuc::model::Figure {
            src: format!("/anh/{}.svg", a.slug).parse().unwrap(),
            alt: format!("Ảnh {}", a.title),
            caption: None,
            width: Some(800),
            height: Some(450),
        }),
    );
    a
}

#[test]
fn home_page_features_the_newest_then_one_block_per_category() {
    let other = Category {
        name: "Thông báo".into(),
        slug: "thong-bao".parse().unwrap(),
    };
    let a1 = with_figure(article(1, "2024-05-09T12:00:00+07:00"));
    let a2 = with_figure(article(2, "2024-05-08T12:00:00+07:00"));
    let a3 = with_figure(article(3, "2024-05-07T12:00:00+07:00"));
    let mut b1 = with_figure(article(4, "2024-05-10T12:00:00+07:00"));
    b1.category = Some(other.clone());
    let mut b2 = with_figure(article(5, "2024-05-06T12:00:00+07:00"));
    b2.category = Some(other.clone());
    let cat = a1.category.clone().unwrap();
    let first = [&a1, &a2, &a3];
    let second = [&b1, &b2];
    let mut html = String::new();
    renderer().render(
        &Page::Home(&[
            HomeSection {
                category: &cat,
                articles: &first,
            },
            HomeSection {
                category: &other,
                articles: &second,
            },
        ]),
        &mut html,
    );
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(root.find(|e| e.name == "h1").len(), 1);
    // The featured story is the newest of all (b1, of the second category), with
    // its image and lead.
    let featured = root.first(|e| e.has_class("featured"));
    let f_links: Vec<&str> = featured
        .find(|e| e.name == "a")
        .iter()
        .filter_map(|e| e.attr("href"))
        .collect();
    assert_eq!(f_links, ["/tin/tin-so-4.html"]);
    assert_eq!(
        featured.first(|e| e.name == "img").attr("src"),
        Some("/anh/tin-so-4.svg")
    );
    assert!(featured.text().contains("Tóm tắt Tin số 4."));
    let sections = root.find(|e| e.has_class("home-section"));
    assert_eq!(sections.len(), 2);
    // First block: a1 with image and lead, then a2, a3 as titles.
    let s0 = sections[0];
    let links: Vec<&str> = s0
        .find(|e| e.name == "a")
        .iter()
        .filter_map(|e| e.attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "/chuyen-muc/hoat-dong-nganh",
            "/tin/tin-so-1.html",
            "/tin/tin-so-2.html",
            "/tin/tin-so-3.html"
        ]
    );
    let imgs = s0.find(|e| e.name == "img");
    assert_eq!(imgs.len(), 1);
    assert_eq!(imgs[0].attr("src"), Some("/anh/tin-so-1.svg"));
    assert!(s0.text().contains("Tóm tắt Tin số 1."));
    assert!(
        !s0.text().contains("Tóm tắt Tin số 2."),
        "the rest are titles"
    );
    assert!(s0
        .first(|e| e.has_class("titles"))
        .text()
        .contains("» Tin số 2"));
    // Second block: the featured story is not repeated.
    let links: Vec<&str> = sections[1]
        .find(|e| e.name == "a")
        .iter()
        .filter_map(|e| e.attr("href"))
        .collect();
    assert_eq!(links, ["/chuyen-muc/thong-bao", "/tin/tin-so-5.html"]);

    // Without a figure, the newest story gives way to the newest one with an image.
    let mut b1 = b1.clone();
    b1.body.retain(|b| !matches!(b, Block::Figure(_)));
    let second = [&b1, &b2];
    html.clear();
    renderer().render(
        &Page::Home(&[
            HomeSection {
                category: &cat,
                articles: &first,
            },
            HomeSection {
                category: &other,
                articles: &second,
            },
        ]),
        &mut html,
    );
    let (root, _) = common::parse(&html);
    let featured = root.first(|e| e.has_class("featured"));
    assert_eq!(
        featured.first(|e| e.name == "a").attr("href"),
        Some("/tin/tin-so-1.html")
    );
}

#[test]
fn header_sidebar_search_and_footer_come_from_the_site() {
    use tintuc::render::SidebarBlock;
    let a = article(1, "2024-05-10T12:00:00+07:00");
    let cat = a.category.clone().unwrap();
    // A bare site: no search box, no sidebar, no footer claims, one column.
    let mut site = Site::new("Cổng thông tin", "https://example.gov.vn".parse().unwrap());
    site.sections = vec![
        cat.clone(),
        Category {
            name: "Thông báo".into(),
            slug: "thong-bao".parse().unwrap(),
        },
    ];
    let mut html = String::new();
    Renderer::new(site.clone()).render(&Page::Article(&ArticleView::new(&a, &[])), &mut html);
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(root.find(|e| e.name == "form").is_empty());
    assert!(root.find(|e| e.name == "aside").is_empty());
    assert_eq!(root.first(|e| e.name == "body").attr("class"), None);
    let footer = root.first(|e| e.has_class("site-footer")).text();
    assert!(!footer.contains("Cơ quan chủ quản"), "{footer}");
    assert!(!footer.contains("tintuc"), "{footer}");
    // The article's section is marked in the menu, the other is not.
    let menu = root.first(|e| e.has_class("menu"));
    let current: Vec<_> = menu.find(|e| e.attr("aria-current").is_some());
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].attr("href"), Some("/chuyen-muc/hoat-dong-nganh"));
    assert_eq!(current[0].attr("aria-current"), Some("true"));
    // The noscript notice tells how to enable JavaScript.
    assert!(html.contains("<noscript><p class=\"noscript\">Trình duyệt của bạn đang tắt JavaScript. Để bật JavaScript"));
    assert!(html.contains(">Chrome</a>") && html.contains(">Edge</a>"));

    // A full site.
    site.tagline = Some("Cơ quan của Viện kiểm sát".into());
    site.emblem = Some("/anh/quoc-huy.svg".parse().unwrap());
    site.search_url = Some("/tim-kiem".parse().unwrap());
    site.owner = Some("Viện kiểm sát nhân dân tỉnh X".into());
    site.address = Some("Số 1, đường Y".into());
    site.contact = Some("Điện thoại: 0299 000 000".into());
    site.licence = Some("Giấy phép số 01/GP-TTĐT".into());
    site.sidebar = vec![
        SidebarBlock::new(
            "Tin mới",
            vec![RelatedLink::to(&a, &tintuc::render::DefaultUrls)],
        ),
        SidebarBlock::new("Thông báo", vec![]),
        SidebarBlock::new(
            "Liên kết website",
            vec![RelatedLink::new(
                "Chính phủ",
                "https://chinhphu.vn".parse().unwrap(),
            )],
        ),
    ];
    let view = CategoryView {
        category: &cat,
        articles: &[&a],
        page: 1,
        page_count: 1,
    };
    html.clear();
    Renderer::new(site).render(&Page::Category(&view), &mut html);
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        root.first(|e| e.name == "body").attr("class"),
        Some("two-col")
    );
    let form = root.first(|e| e.name == "form");
    assert_eq!(form.attr("role"), Some("search"));
    assert_eq!(form.attr("method"), Some("get"));
    assert_eq!(form.attr("action"), Some("/tim-kiem"));
    assert_eq!(form.first(|e| e.name == "input").attr("name"), Some("q"));
    let brand = root.first(|e| e.has_class("brand"));
    assert_eq!(
        brand.first(|e| e.name == "img").attr("src"),
        Some("/anh/quoc-huy.svg")
    );
    assert!(brand.text().contains("Cơ quan của Viện kiểm sát"));
    let current = root.first(|e| e.attr("aria-current").is_some());
    assert_eq!(current.attr("aria-current"), Some("page"));
    let aside = root.first(|e| e.name == "aside");
    let headings: Vec<String> = aside
        .find(|e| e.name == "h2")
        .iter()
        .map(|e| e.text())
        .collect();
    assert_eq!(
        headings,
        ["Tin mới", "Liên kết website"],
        "empty blocks are left out"
    );
    let footer = root.first(|e| e.has_class("site-footer")).text();
    for part in [
        "Cơ quan chủ quản: Viện kiểm sát nhân dân tỉnh X",
        "Địa chỉ: Số 1, đường Y",
        "Liên hệ: Điện thoại: 0299 000 000",
        "Giấy phép số 01/GP-TTĐT",
    ] {
        assert!(footer.contains(part), "{part} in {footer}");
    }
}

#[test]
fn more_of_the_category_leaves_out_the_related_and_the_article_itself() {
    let a = article(1, "2024-05-10T12:00:00+07:00");
    let b = article(2, "2024-05-09T12:00:00+07:00");
    let c = article(3, "2024-05-08T12:00:00+07:00");
    let urls = tintuc::render::DefaultUrls;
    let related = [RelatedLink::to(&b, &urls)];
    let more = [
        RelatedLink::to(&a, &urls),
        RelatedLink::to(&b, &urls),
        RelatedLink::to(&c, &urls),
    ];
    let mut html = String::new();
    renderer().render(
        &Page::Article(&ArticleView::new(&a, &related).with_more(&more)),
        &mut html,
    );
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    let sections = root.find(|e| e.has_class("related"));
    assert_eq!(sections.len(), 2);
    assert_eq!(
        sections[0].first(|e| e.name == "h2").text(),
        "Tin liên quan"
    );
    assert_eq!(sections[1].first(|e| e.name == "h2").text(), "Các tin khác");
    let items: Vec<String> = sections[1]
        .find(|e| e.name == "li")
        .iter()
        .map(|e| e.text())
        .collect();
    assert_eq!(items, ["» Tin số 3 08/05/2024"]);
    // Nothing left: no empty section.
    html.clear();
    renderer().render(
        &Page::Article(&ArticleView::new(&a, &related).with_more(&more[..2])),
        &mut html,
    );
    assert!(!html.contains("Các tin khác"));
}

#[test]
fn pagination_gap_is_not_drawn_like_the_current_page() {
    let css = tintuc::render::DEFAULT_CSS;
    assert!(css.contains(".pagination [aria-current]{background:#0a4a94"));
    assert!(css.contains(".pagination .gap{border-color:transparent;background:none"));
    assert!(!css.contains(".pagination span{background"));
    assert!(css.contains("@media print{"));
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
