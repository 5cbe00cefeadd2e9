//! Document pages and linked citations: escaped by construction, parse cleanly, and the
//! article text reads back exactly with its citations linked.

use crate::common;

use proptest::prelude::*;
use tintuc::document::{sample_documents, Document, Registry};
use tintuc::model::{Article, Block};
use tintuc::render::{
    visible_text, ArticleView, CitationLink, DocumentFacets, DocumentFilter, DocumentListView,
    DocumentView, Page, RelatedDocument, RelatedLink, Renderer, Site,
};

const SYMBOLS: &[&str] = &[
    "08/KH-UBND",
    "8/KH-UBND",
    "30/2020/NĐ-CP",
    "49-NQ/TW",
    "01/CT-VKSTC",
];

fn renderer() -> Renderer {
    Renderer::new(Site::new(
        "Cổng thông tin <VKSND>",
        "https://example.gov.vn".parse().unwrap(),
    ))
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[<>&\"' a-zđươ/\\-0-9\\r\\n\\u{0}]{0,12}",
        (0..SYMBOLS.len()).prop_map(|i| SYMBOLS[i].to_string()),
        any::<String>(),
    ]
}

fn para() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::cases(256)))]
    #[test]
    fn linked_citations_read_back_exactly(lead in para(), p1 in para(), item in para(), linked in proptest::collection::vec(any::<bool>(), SYMBOLS.len())) {
        let mut a = Article::new("a1".parse().unwrap(), "Tin".into(), "tin".parse().unwrap());
        a.lead = Some(lead.clone());
        a.body = vec![Block::paragraph(p1.clone()), Block::List { ordered: false, items: vec![item.clone()] }];
        let links: Vec<CitationLink> = SYMBOLS
            .iter()
            .zip(&linked)
            .enumerate()
            .filter(|(_, (_, on))| **on)
            .map(|(i, (s, _))| CitationLink {
                text: s.to_string(),
                url: format!("/van-ban/vb-{i}.html").parse().unwrap(),
                title: format!("Văn bản \"{s}\" <{i}>"),
            })
            .collect();
        let mut html = String::new();
        renderer().render(&Page::Article(&ArticleView::new(&a, &[]).with_citations(&links)), &mut html);
        let (root, errors) = common::parse(&html);
        prop_assert!(errors.is_empty(), "parse errors {:?}", errors);
        prop_assert_eq!(root.first(|e| e.has_class("lead")).text(), visible_text(&lead));
        let body = root.first(|e| e.has_class("body"));
        prop_assert_eq!(body.first(|e| e.name == "p").text(), visible_text(&p1));
        prop_assert_eq!(body.first(|e| e.name == "li").text(), visible_text(&item));
        let symbols: Vec<&str> = links.iter().map(|l| l.text.as_str()).collect();
        let expected: usize = [&lead, &p1, &item]
            .iter()
            .map(|t| tintuc::document::symbol_spans(t, &symbols).len())
            .sum();
        let anchors = root.find(|e| e.has_class("van-ban"));
        prop_assert_eq!(anchors.len(), expected);
        for el in anchors {
            let l = links.iter().find(|l| l.text == el.text()).expect("anchor text is a symbol");
            prop_assert_eq!(el.attr("href"), Some(l.url.as_str()));
            prop_assert_eq!(el.attr("title"), Some(l.title.as_str()));
        }
    }

    #[test]
    fn document_page_fields_read_back(summary in any::<String>(), issuer in "[<>&\"a-zđ ]{1,20}", body in any::<String>()) {
        let mut d = sample_documents().unwrap().remove(0);
        d.summary = format!("x{summary}");
        d.issuer = format!("Ủy ban {issuer}");
        d.body = vec![format!("y{body}")];
        let view = DocumentView::new(&d, "2018-08-17T08:00:00+07:00".parse().unwrap());
        let mut html = String::new();
        renderer().render_document(&view, &mut html);
        let (root, errors) = common::parse(&html);
        prop_assert!(errors.is_empty(), "parse errors {:?}", errors);
        prop_assert_eq!(root.first(|e| e.has_class("trich-yeu")).text(), visible_text(&d.summary));
        let ld = root.find(|e| e.name == "script").into_iter().map(|s| s.text()).find(|t| t.contains("Legislation")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        prop_assert_eq!(&v["abstract"], &serde_json::Value::from(d.summary.clone()));
        prop_assert_eq!(&v["legislationPassedBy"]["name"], &serde_json::Value::from(d.issuer.clone()));
    }
}

fn registry() -> Registry {
    Registry::new(sample_documents().unwrap()).unwrap()
}

#[test]
fn document_page_shows_everything() {
    let reg = registry();
    let d = reg.get(&"ubnd-st-2018-kh-08".parse().unwrap()).unwrap();
    let r = renderer();
    let related = RelatedDocument::all(&reg, d, r.urls());
    let mut older = RelatedLink::new("Tin cũ", "/tin/cu.html".parse().unwrap());
    older.published = Some("2018-03-01T08:00:00+07:00".parse().unwrap());
    let mut newer = RelatedLink::new("Tin mới", "/tin/moi.html".parse().unwrap());
    newer.published = Some("2018-12-20T08:00:00+07:00".parse().unwrap());
    let citing = [older, newer];
    let at = "2019-02-01T00:00:00+07:00".parse().unwrap();
    let view = DocumentView::new(d, at).related(&related).citing(&citing);
    let mut html = String::new();
    r.render_document(&view, &mut html);
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        root.first(|e| e.has_class("hieu-luc")).text(),
        "Hết hiệu lực"
    );
    let table = root.first(|e| e.has_class("thuoc-tinh")).text();
    for want in [
        "08/KH-UBND",
        "Kế hoạch",
        "UBND tỉnh Sóc Trăng",
        "Phó Chủ tịch UBND tỉnh",
        "Thi đua, khen thưởng",
        "22/01/2018",
        "01/01/2019",
    ] {
        assert!(table.contains(want), "{want} missing from {table}");
    }
    let att = root.first(|e| e.has_class("tep-dinh-kem"));
    assert_eq!(
        att.first(|e| e.name == "a").attr("href"),
        Some("/files/van-ban/2018/08-kh-ubnd.pdf")
    );
    assert!(att.text().contains("(180 KB)"));
    let sections = root.find(|e| e.has_class("related"));
    assert!(sections[0].text().contains("Bị thay thế bởi: Kế hoạch 08/KH-UBND: Tổ chức hoạt động của các cụm, khối thi đua năm 2019"));
    assert!(sections[0]
        .text()
        .contains("Được thực hiện bởi: Kế hoạch 16/KH-KTĐ"));
    let citing: Vec<String> = sections[1]
        .find(|e| e.name == "a")
        .iter()
        .map(|a| a.text())
        .collect();
    assert_eq!(citing, ["Tin mới", "Tin cũ"], "newest first");
    let ld = root
        .find(|e| e.name == "script")
        .into_iter()
        .map(|s| s.text())
        .find(|t| t.contains("Legislation"))
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(v["legislationIdentifier"], "08/KH-UBND");
    assert_eq!(v["legislationLegalForce"], "https://schema.org/NotInForce");
    assert_eq!(
        v["url"],
        "https://example.gov.vn/van-ban/ke-hoach-08-kh-ubnd-2018.html"
    );
    assert_eq!(v["associatedMedia"][0]["contentSize"], "184320");
}

#[test]
fn listing_filters_and_pages() {
    let docs = sample_documents().unwrap();
    let at = "2018-08-17T08:00:00+07:00".parse().unwrap();
    let all: Vec<&Document> = docs.iter().collect();
    let facets = DocumentFacets::of(&all, at);
    let filter = DocumentFilter::Kind(tintuc::model::DocumentKind::Plan);
    let plans: Vec<&Document> = all
        .iter()
        .copied()
        .filter(|d| filter.matches(d, at))
        .collect();
    assert!(plans.len() >= 5);
    let view = DocumentListView {
        filter: &filter,
        label: "Kế hoạch",
        documents: &plans[2..4],
        page: 2,
        page_count: 3,
        facets: &facets,
        at,
    };
    let r = renderer();
    let mut html = String::new();
    r.render_documents(&view, &mut html);
    let (root, errors) = common::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        root.first(|e| e.name == "h1").text(),
        "Văn bản - Kế hoạch - Trang 2"
    );
    let current = root.first(|e| e.attr("aria-current") == Some("page") && e.name == "a");
    assert_eq!(current.attr("href"), Some("/van-ban/loai/ke-hoach"));
    let filters = root.first(|e| e.has_class("bo-loc"));
    let hrefs: Vec<&str> = filters
        .find(|e| e.name == "a")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    for want in [
        "/van-ban",
        "/van-ban/con-hieu-luc",
        "/van-ban/co-quan/ubnd-tinh-soc-trang",
        "/van-ban/linh-vuc/thi-dua-khen-thuong",
        "/van-ban/nam/2018",
    ] {
        assert!(hrefs.contains(&want), "{want} not in {hrefs:?}");
    }
    let pages = root.first(|e| e.has_class("pagination"));
    assert!(!pages
        .find(|e| e.attr("href") == Some("/van-ban/loai/ke-hoach/trang-3"))
        .is_empty());
    assert_eq!(
        root.find(|e| e.has_class("article-list"))[0]
            .find(|e| e.name == "li")
            .len(),
        2
    );
}

#[test]
fn feed_is_well_formed_and_escaped() {
    let mut docs = sample_documents().unwrap();
    docs[0].summary = "a < b & \"c\"".into();
    let refs: Vec<&Document> = docs.iter().collect();
    let mut xml = String::new();
    renderer().render_documents_feed(&refs, &mut xml);
    assert!(xml.contains("<description>a &amp;lt; b &amp;amp; \"c\"</description>"));
    assert_eq!(xml.matches("<item>").count(), docs.len());
    assert!(xml.contains("<dc:date>2018-01-22</dc:date>"), "{xml}");
    assert!(
        !xml.contains("<pubDate>"),
        "an issue date is not a midnight time"
    );
}
