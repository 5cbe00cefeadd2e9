//! Curation on the rendered pages: the topic thread's listing pages, the "Theo dòng sự
//! kiện" block between "Tin liên quan" and "Các tin khác", the source line, curated
//! groups on the home page, and a category listing holding an article filed under it
//! as a further category — checked by structure, with what readers may not see left out.

use crate::common;

use tintuc::model::{Article, Block, Category, GroupEntry, Status, Topic};
use tintuc::render::{
    ArticleView, HomeGroup, HomeSection, HomeView, Page, RelatedLink, Renderer, Site, SitePage,
    SitePages, UrlScheme,
};
use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore};

const NOW: &str = "2024-05-10T12:00:00+07:00";

fn article(i: usize, published: &str) -> Article {
    let mut a = Article::new(
        format!("a{i}").parse().unwrap(),
        format!("Tin số {i}"),
        format!("tin-so-{i}").parse().unwrap(),
    );
    a.body.push(Block::paragraph(format!("Nội dung tin {i}.")));
    a.published = Some(published.parse().unwrap());
    a.status = Status::Published;
    a.category = Category::from_name("Hoạt động ngành");
    a
}

fn renderer() -> Renderer {
    Renderer::new(Site::new(
        "Cổng thông tin",
        "https://example.gov.vn".parse().unwrap(),
    ))
}

fn hrefs(el: &common::El) -> Vec<String> {
    el.find(|e| e.name == "a")
        .iter()
        .filter_map(|e| e.attr("href"))
        .map(str::to_string)
        .collect()
}

fn link(i: usize) -> RelatedLink {
    RelatedLink::new(
        format!("Tin số {i}"),
        format!("/tin/tin-so-{i}.html").parse().unwrap(),
    )
}

#[test]
fn the_thread_block_sits_between_related_and_more_and_more_leaves_it_out() {
    let mut a = article(1, "2024-05-09T08:00:00+07:00");
    a.topic = Topic::from_name("Bão số 3 <2024>");
    a.authors = vec![tintuc::model::Author::new("Phòng 2")];
    a.source_name = Some("Báo Sóc Trăng".into());
    a.source_url = Some("https://baosoctrang.example.vn/a?x=1&y=2".parse().unwrap());
    let related = [link(2)];
    // The page's own article and a related one are left out of the thread only where
    // they would repeat: the thread shows 3 and 4, "Các tin khác" then only 5.
    let thread = [link(1), link(3), link(4)];
    let more = [link(2), link(3), link(4), link(5)];
    let view = ArticleView::new(&a, &related)
        .with_thread(&thread)
        .with_more(&more);
    let mut html = String::new();
    renderer().render(&Page::Article(&view), &mut html);
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    let main = root.first(|e| e.name == "main");
    let sections: Vec<String> = main
        .find(|e| e.name == "section")
        .iter()
        .filter_map(|e| e.attr("aria-labelledby"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        sections,
        ["tin-lien-quan", "theo-dong-su-kien", "cac-tin-khac"]
    );
    let thread_el = main.first(|e| e.has_class("thread"));
    assert_eq!(
        thread_el.first(|e| e.name == "h2").text(),
        "Theo dòng sự kiện"
    );
    assert_eq!(
        hrefs(thread_el),
        [
            "/dong-su-kien/bao-so-3-2024",
            "/tin/tin-so-3.html",
            "/tin/tin-so-4.html"
        ]
    );
    assert!(
        html.contains(">Bão số 3 &lt;2024&gt;</a>"),
        "escaped topic name"
    );
    let more_el = main.first(|e| e.attr("aria-labelledby") == Some("cac-tin-khac"));
    assert_eq!(hrefs(more_el), ["/tin/tin-so-5.html"]);
    // The source follows the byline, inside the article, linked.
    let article_el = main.first(|e| e.name == "article");
    let paras: Vec<&str> = article_el
        .find(|e| e.name == "p")
        .iter()
        .filter_map(|e| e.attr("class"))
        .collect();
    let byline = paras.iter().position(|c| *c == "byline").unwrap();
    assert_eq!(paras.get(byline + 1), Some(&"byline source"));
    assert!(html.contains(
        r#"Nguồn: <a href="https://baosoctrang.example.vn/a?x=1&amp;y=2">Báo Sóc Trăng</a>"#
    ));

    // No topic: no thread block, whatever is given; a source without a URL is text.
    a.topic = None;
    a.source_url = None;
    let view = ArticleView::new(&a, &related)
        .with_thread(&thread)
        .with_more(&more);
    html.clear();
    renderer().render(&Page::Article(&view), &mut html);
    assert!(!html.contains("Theo dòng sự kiện"));
    assert!(html.contains(r#"<p class="byline source">Nguồn: Báo Sóc Trăng</p>"#));
    // No source at all: no line.
    a.source_name = None;
    html.clear();
    renderer().render(&Page::Article(&ArticleView::new(&a, &[])), &mut html);
    assert!(!html.contains("Nguồn:"));
}

#[test]
fn topic_pages_list_visible_articles_in_pages_and_enter_the_sitemap() {
    let topic = Topic::from_name("Bão số 3").unwrap();
    let mut all: Vec<Article> = (0..5)
        .map(|i| article(i, &format!("2024-05-0{}T08:00:00+07:00", 9 - i)))
        .collect();
    for a in &mut all {
        a.topic = Some(topic.clone());
    }
    // a0 is scheduled after now: left out.
    all[0].status = Status::Scheduled;
    all[0].published = Some("2024-05-11T08:00:00+07:00".parse().unwrap());
    let refs: Vec<&Article> = all.iter().collect();
    let r = renderer();
    let mut site = SitePages::new(&r, 2, NOW.parse().unwrap());
    let mut pages: Vec<(String, String)> = Vec::new();
    let n = site.topic(&topic, &refs, &mut |p: SitePage<'_>| {
        pages.push((p.path.to_string(), p.body.to_string()));
        true
    });
    assert_eq!(n, 2);
    assert_eq!(site.count().topics, 2);
    let paths: Vec<&str> = pages.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        paths,
        ["/dong-su-kien/bao-so-3", "/dong-su-kien/bao-so-3/trang-2"]
    );
    let (root, errors) = common::parse(&pages[0].1);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(root.first(|e| e.name == "h1").text(), "Bão số 3");
    let list = root.first(|e| e.has_class("article-list"));
    assert_eq!(hrefs(list), ["/tin/tin-so-1.html", "/tin/tin-so-2.html"]);
    assert!(!pages[0].1.contains("tin-so-0."), "scheduled, not yet");
    let (root, _) = common::parse(&pages[1].1);
    assert_eq!(root.first(|e| e.name == "h1").text(), "Bão số 3 - Trang 2");
    let sitemap: Vec<&str> = site.sitemap().iter().map(|e| e.url.as_str()).collect();
    assert_eq!(sitemap, paths);
    assert_eq!(
        r.urls().topic(&topic.slug, 3).as_str(),
        "/dong-su-kien/bao-so-3/trang-3"
    );
}

#[test]
fn curated_groups_come_first_on_the_home_page_in_their_order() {
    let entry = |position| GroupEntry {
        name: "Tin tiêu điểm".into(),
        slug: "tin-tieu-diem".parse().unwrap(),
        position,
    };
    let mut g1 = article(1, "2024-05-01T08:00:00+07:00");
    g1.groups = vec![entry(1)];
    let mut g2 = article(2, "2024-05-02T08:00:00+07:00");
    g2.groups = vec![entry(1)];
    let mut g3 = article(3, "2024-05-03T08:00:00+07:00");
    g3.groups = vec![entry(0)];
    let mut hidden = article(4, "2024-05-04T08:00:00+07:00");
    hidden.groups = vec![entry(0)];
    hidden.status = Status::Draft;
    let newest = article(5, "2024-05-09T08:00:00+07:00");
    let cat = newest.category.clone().unwrap();
    let grouped = [&g1, &g2, &g3, &hidden];
    let groups = HomeGroup::collect(&grouped, 5, NOW.parse().unwrap());
    assert_eq!(groups.len(), 1);
    let in_cat = [&newest, &g3, &g2, &g1];
    let sections = [HomeSection {
        category: &cat,
        articles: &in_cat,
    }];
    let r = renderer();
    let mut site = SitePages::new(&r, 10, NOW.parse().unwrap());
    let mut html = String::new();
    assert!(site.curated_home(
        &HomeView {
            groups: &groups,
            sections: &sections,
        },
        &mut |p: SitePage<'_>| {
            html = p.body.to_string();
            true
        },
    ));
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    let blocks = root.find(|e| e.has_class("home-section"));
    assert_eq!(blocks.len(), 2);
    assert!(blocks[0].has_class("home-group"));
    assert_eq!(blocks[0].first(|e| e.name == "h2").text(), "Tin tiêu điểm");
    // position 0 first, then position 1 newest first; the draft never.
    assert_eq!(
        hrefs(blocks[0]),
        [
            "/tin/tin-so-3.html",
            "/tin/tin-so-2.html",
            "/tin/tin-so-1.html"
        ]
    );
    assert!(!html.contains("tin-so-4."));
    assert_eq!(hrefs(blocks[1])[0], "/chuyen-muc/hoat-dong-nganh");

    // Without groups, the curated home page is the plain one.
    let mut plain = String::new();
    r.render(&Page::Home(&sections), &mut plain);
    let mut empty = String::new();
    r.render(
        &Page::CuratedHome(&HomeView {
            groups: &[],
            sections: &sections,
        }),
        &mut empty,
    );
    assert_eq!(plain, empty);
}

#[test]
fn a_category_listing_holds_articles_filed_under_it_as_a_further_category() {
    let notices = Category::from_name("Thông báo").unwrap();
    let own = {
        let mut a = article(1, "2024-05-01T08:00:00+07:00");
        a.category = Some(notices.clone());
        a
    };
    let mut further = article(2, "2024-05-02T08:00:00+07:00");
    further.more_categories = vec![notices.clone()];
    let other = article(3, "2024-05-03T08:00:00+07:00");
    let store = MemoryStore::new();
    for a in [&own, &further, &other] {
        store.put(a, None).unwrap();
    }
    let listed = store
        .list(
            &ListQuery::new(Filter::Category(notices.slug.clone()))
                .visible_at(NOW.parse().unwrap()),
        )
        .unwrap();
    let articles: Vec<Article> = listed.items.into_iter().map(|s| s.article).collect();
    let refs: Vec<&Article> = articles.iter().collect();
    let r = renderer();
    let mut site = SitePages::new(&r, 10, NOW.parse().unwrap());
    let mut html = String::new();
    site.category(&notices, &refs, &mut |p: SitePage<'_>| {
        html = p.body.to_string();
        true
    });
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    let list = root.first(|e| e.has_class("article-list"));
    assert_eq!(hrefs(list), ["/tin/tin-so-2.html", "/tin/tin-so-1.html"]);
    // Its own page still belongs to its primary category.
    let mut page = String::new();
    r.render(&Page::Article(&ArticleView::new(&further, &[])), &mut page);
    assert!(page.contains(r#"<li><a href="/chuyen-muc/hoat-dong-nganh">Hoạt động ngành</a></li>"#));
    assert!(!page.contains("/chuyen-muc/thong-bao"));
}
