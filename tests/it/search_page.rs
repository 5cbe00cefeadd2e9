//! The search results page (`render::Renderer::render_search`) over real results of the
//! in-memory index: states (results, page 2, empty query, nothing found, notice), links
//! that keep the query, `noindex`, marked passages; and every page parses without an
//! HTML error. The rendered pages are also written to `CARGO_TARGET_TMPDIR/search-pages`
//! for the Nu HTML Checker step of `.ci/run`.

use crate::common;

use tintuc::import::sample_articles;
use tintuc::model::Article;
use tintuc::render::{
    escape_text, Renderer, SearchHit, SearchView, SidebarBlock, Site, SnippetHtml,
};
use tintuc::search::{Index, Query};

fn renderer() -> Renderer {
    let mut site = Site::new(
        "Trang thông tin điện tử VKSND tỉnh Sóc Trăng",
        "https://vks.example.vn".parse().unwrap(),
    );
    site.search_url = Some("/tim-kiem".parse().unwrap());
    site.sidebar = vec![SidebarBlock::new(
        "Liên kết website",
        vec![tintuc::render::RelatedLink::new(
            "VKSND tối cao",
            "https://vksndtc.gov.vn".parse().unwrap(),
        )],
    )];
    Renderer::new(site)
}

/// Runs `q` on the index and renders page `page` with `per_page` results a page.
fn page_for(
    r: &Renderer,
    index: &Index,
    articles: &[Article],
    q: &str,
    page: usize,
    per_page: usize,
) -> String {
    let results = index
        .search(&Query::new(q).page((page - 1) * per_page, per_page))
        .unwrap();
    let hits: Vec<SearchHit<'_>> = results
        .hits
        .iter()
        .map(|h| SearchHit {
            article: articles.iter().find(|a| a.id == h.id).unwrap(),
            snippet: SnippetHtml::new(h.snippet.to_html(escape_text)).unwrap(),
        })
        .collect();
    let mut html = String::new();
    r.render_search(
        &SearchView::new(q, &hits, results.total, page, per_page),
        &mut html,
    );
    html
}

fn write_for_vnu(name: &str, html: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-pages");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), html).unwrap();
}

fn parsed(html: &str) -> common::El {
    let (root, errors) = common::parse(html);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(root.find(|e| e.name == "h1").len(), 1);
    let robots = root.first(|e| e.name == "meta" && e.attr("name") == Some("robots"));
    assert_eq!(robots.attr("content"), Some("noindex"));
    root
}

#[test]
fn results_pages_keep_the_query_and_mark_the_matches() {
    let articles = sample_articles().unwrap();
    let index = Index::build(&articles);
    let r = renderer();
    let q = "thi dua";
    let total = index.search(&Query::new(q)).unwrap().total;
    assert!(total >= 3, "{total} results for {q:?}");

    let html = page_for(&r, &index, &articles, q, 1, 1);
    write_for_vnu("ket-qua.html", &html);
    let root = parsed(&html);
    let input = root.first(|e| e.attr("id") == Some("tu-khoa"));
    assert_eq!(input.attr("value"), Some(q));
    assert_eq!(
        root.first(|e| e.has_class("search-count")).text(),
        format!("Tìm thấy {total} kết quả")
    );
    let list = root.first(|e| e.has_class("search-results"));
    assert_eq!(list.find(|e| e.name == "li").len(), 1);
    assert_eq!(list.attr("start"), None);
    let marks = list.find(|e| e.name == "mark");
    assert!(!marks.is_empty());
    for m in marks {
        let folded = tintuc::text::fold(&m.text()).to_lowercase();
        assert!(folded == "thi" || folded == "dua", "{:?}", m.text());
    }
    let first = index.search(&Query::new(q)).unwrap().hits[0].id.clone();
    let a = articles.iter().find(|a| a.id == first).unwrap();
    let title_link = list.first(|e| e.name == "h2").first(|e| e.name == "a");
    assert_eq!(title_link.text(), a.title);
    if let Some(c) = &a.category {
        assert!(list
            .first(|e| e.has_class("dateline"))
            .find(|e| e.name == "a")
            .iter()
            .any(|l| l.text() == c.name));
    }
    let canonical = root.first(|e| e.name == "link" && e.attr("rel") == Some("canonical"));
    assert_eq!(
        canonical.attr("href"),
        Some("https://vks.example.vn/tim-kiem?q=thi+dua")
    );
    let nav = root.first(|e| e.has_class("pagination"));
    let hrefs: Vec<&str> = nav
        .find(|e| e.name == "a")
        .iter()
        .filter_map(|e| e.attr("href"))
        .collect();
    assert!(hrefs.contains(&"/tim-kiem?q=thi+dua&trang=2"), "{hrefs:?}");
    assert!(hrefs
        .iter()
        .all(|h| h.starts_with("/tim-kiem?q=thi+dua&trang=")));

    // Page 2: numbered on from 2, links back to page 1 without `trang`.
    let html = page_for(&r, &index, &articles, q, 2, 1);
    write_for_vnu("ket-qua-trang-2.html", &html);
    let root = parsed(&html);
    assert_eq!(
        root.first(|e| e.has_class("search-results")).attr("start"),
        Some("2")
    );
    let nav = root.first(|e| e.has_class("pagination"));
    assert_eq!(
        nav.first(|e| e.attr("rel") == Some("prev")).attr("href"),
        Some("/tim-kiem?q=thi+dua")
    );
    assert!(root.first(|e| e.name == "title").text().contains("Trang 2"));

    // Past the last page: the count stays, the list says there is nothing here.
    let html = page_for(&r, &index, &articles, q, total + 5, 1);
    let root = parsed(&html);
    assert!(root.find(|e| e.has_class("search-results")).is_empty());
    assert!(html.contains("Trang này không có kết quả."));
}

#[test]
fn empty_and_fruitless_queries_and_notices() {
    let articles = sample_articles().unwrap();
    let index = Index::build(&articles);
    let r = renderer();

    let html = page_for(&r, &index, &articles, "   ", 1, 10);
    write_for_vnu("trong.html", &html);
    let root = parsed(&html);
    assert_eq!(root.first(|e| e.name == "h1").text(), "Tìm kiếm");
    assert!(root.find(|e| e.has_class("search-results")).is_empty());
    assert!(root.find(|e| e.has_class("pagination")).is_empty());
    assert!(html.contains("Nhập từ khóa"));

    let q = "zzqx wwkj";
    let html = page_for(&r, &index, &articles, q, 1, 10);
    write_for_vnu("khong-co.html", &html);
    let root = parsed(&html);
    assert!(root
        .first(|e| e.has_class("search-count"))
        .text()
        .starts_with("Không tìm thấy kết quả nào"));
    assert_eq!(
        root.first(|e| e.name == "h1").text(),
        format!("Kết quả tìm kiếm: {q}")
    );

    let long = "phong trào thi đua ".repeat(200);
    let hits: [SearchHit<'_>; 0] = [];
    let mut html = String::new();
    r.render_search(
        &SearchView::new(&long, &hits, 0, 1, 10).with_notice("Từ khóa quá dài."),
        &mut html,
    );
    write_for_vnu("thong-bao.html", &html);
    let root = parsed(&html);
    assert_eq!(
        root.first(|e| e.has_class("notice")).text(),
        "Từ khóa quá dài."
    );
    // The box keeps the whole query; the heading shows the first 100 characters.
    let input = root.first(|e| e.attr("id") == Some("tu-khoa"));
    assert_eq!(input.attr("value"), Some(long.as_str()));
    assert_eq!(
        root.first(|e| e.name == "h1").text().chars().count(),
        "Kết quả tìm kiếm: ".chars().count() + 101
    );
    // Links stay within what a Link admits, cut at a character boundary.
    let link = r.search_url(&long, 7);
    assert!(link.as_str().len() <= 2048);
    assert!(link.as_str().ends_with("&trang=7"));
}

#[test]
fn a_hit_without_a_passage_shows_the_description() {
    let articles = sample_articles().unwrap();
    let a = articles.iter().find(|a| a.lead.is_some()).unwrap();
    let hits = [SearchHit {
        article: a,
        snippet: SnippetHtml::default(),
    }];
    let mut html = String::new();
    renderer().render_search(&SearchView::new("x", &hits, 1, 1, 10), &mut html);
    let root = parsed(&html);
    let shown = root.first(|e| e.has_class("snippet")).text();
    assert!(!shown.is_empty());
    assert!(a
        .lead
        .as_deref()
        .unwrap()
        .starts_with(shown.trim_end_matches('…')));
}
