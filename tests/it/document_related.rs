//! Related articles favour articles citing the same document by its resolved identity
//! (`Registry::with_resolved_citations`), not by the symbol as written.

use tintuc::document::{read_documents, sample_documents, Registry};
use tintuc::model::{Article, Block, Status};
use tintuc::related::{analyze, Config, Index, QueryOptions};

fn registry() -> Registry {
    let mut docs = sample_documents().unwrap();
    // The same number at another province, in the same year.
    let extra = r#"{"id":"bl-2018-kh-08","slug":"ke-hoach-08-kh-ubnd-bac-lieu-2018","symbol":"08/KH-UBND","kind":"Kế hoạch","issuer":"UBND tỉnh Bạc Liêu","issuer_aliases":["Ủy ban nhân dân tỉnh Bạc Liêu"],"issued":"05/02/2018","summary":"Tổ chức hoạt động thi đua năm 2018"}"#;
    docs.extend(read_documents(extra.as_bytes()).unwrap().documents);
    Registry::new(docs).unwrap()
}

fn article(id: &str, title: &str, body: &[&str]) -> Article {
    let mut a = Article::new(id.parse().unwrap(), title.into(), id.parse().unwrap());
    a.published = Some("2018-08-17T08:00:00+07:00".parse().unwrap());
    a.body = body.iter().map(|p| Block::paragraph(*p)).collect();
    a.status = Status::Published;
    a
}

/// Four articles on different occasions; three cite the Sóc Trăng plan, written three
/// ways, one cites Bạc Liêu's plan with the same number.
fn articles() -> Vec<Article> {
    vec![
        article(
            "st-a",
            "Hội nghị sơ kết 6 tháng phong trào thi đua của cụm",
            &[
                "Thực hiện Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc Trăng về thi đua.",
                "Các đơn vị báo cáo kết quả sơ kết 6 tháng đầu năm và phương hướng nhiệm vụ.",
            ],
        ),
        article(
            "st-b",
            "Khối thi đua ký kết giao ước",
            &[
                "Theo KH số 08/KH-UBND ngày 22-01-2018, khối tổ chức lễ ký kết giao ước thi đua.",
                "Trưởng khối phát biểu, đề nghị các thành viên phát huy tinh thần đoàn kết.",
            ],
        ),
        article(
            "bl-c",
            "Bạc Liêu phát động phong trào thi đua",
            &[
                "Thực hiện Kế hoạch số 08/KH-UBND ngày 05/02/2018 của Ủy ban nhân dân tỉnh Bạc Liêu về thi đua.",
                "Lễ phát động có đông đảo cán bộ, công chức tham dự.",
            ],
        ),
        article(
            "st-d",
            "Tổng kết công tác khen thưởng",
            &[
                "Căn cứ Kế hoạch số 08/KH-UBND ngày 22 tháng 01 năm 2018 của UBND tỉnh Sóc Trăng.",
                "Hội đồng xét duyệt danh sách tập thể, cá nhân được đề nghị khen thưởng.",
            ],
        ),
    ]
}

#[test]
fn one_identity_for_every_writing_of_one_document() {
    let registry = registry();
    let config = Config::default();
    let docs: Vec<Vec<String>> = articles()
        .iter()
        .map(|a| analyze(&registry.with_resolved_citations(a), &config).documents)
        .collect();
    let st = "08/KH-UBND (UBND-ST-2018-KH-08)";
    assert_eq!(docs[0], [st]);
    assert_eq!(docs[1], [st]);
    assert_eq!(docs[3], [st]);
    assert_eq!(docs[2], ["08/KH-UBND (BL-2018-KH-08)"]);
    // Without the registry, the symbol as written is one term for both provinces.
    let raw: Vec<Vec<String>> = articles()
        .iter()
        .map(|a| analyze(a, &config).documents)
        .collect();
    assert_eq!(raw[0], raw[2]);
}

#[test]
fn related_lists_share_only_resolved_documents() {
    let registry = registry();
    // The four among the sample articles, so the text statistics are a site's.
    let mut all = articles();
    all.extend(tintuc::import::sample_articles().unwrap());
    let copies: Vec<Article> = all
        .iter()
        .map(|a| registry.with_resolved_citations(a))
        .collect();
    let index = Index::build(&copies, Config::default());
    let options = QueryOptions::top(20).min_score(0.0);
    let related = index.related(&copies[0].id, &options);
    let shared = |id: &str| {
        related
            .iter()
            .find(|r| r.id.as_str() == id)
            .map(|r| r.why.shared_documents.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        shared("st-b"),
        ["08/KH-UBND (UBND-ST-2018-KH-08)"],
        "{related:#?}"
    );
    assert_eq!(shared("st-d"), ["08/KH-UBND (UBND-ST-2018-KH-08)"]);
    assert!(shared("bl-c").is_empty(), "{related:?}");
    let pos = |id: &str| related.iter().position(|r| r.id.as_str() == id);
    assert!(
        pos("st-b") < pos("bl-c").or(Some(usize::MAX)),
        "{related:?}"
    );
    // Built from the articles as they are, the two provinces' plans are one document.
    let raw = Index::build(&all, Config::default());
    let related = raw.related(&all[0].id, &options);
    let bl = related.iter().find(|r| r.id.as_str() == "bl-c").unwrap();
    assert_eq!(bl.why.shared_documents, ["08/KH-UBND"]);
}
