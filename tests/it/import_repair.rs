//! The importer repairs instead of rejecting, reports each repair, and keeps every
//! valid line as it is.

use tintuc::import::{Importer, LineErrorKind, RepairKind};
use tintuc::model::MAX_SLUG_LEN;

fn line(v: serde_json::Value) -> String {
    format!("{v}\n")
}

#[test]
fn stray_controls_no_longer_lose_the_article() {
    let input = line(serde_json::json!({
        "id": "a1", "title": "Sơ kết\tthi đua", "lead": "Tóm\u{1b}tắt",
        "body": "Đoạn một.\u{b}Đoạn hai.\u{c}Đoạn\u{200b} ba.\r\nĐoạn bốn.",
        "tags": ["Thi\u{0} đua"], "author": "Trần\u{7f} Việt"
    }));
    let report = Importer::new().read(input.as_bytes()).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let a = &report.articles[0];
    assert_eq!(a.title, "Sơ kết thi đua");
    assert_eq!(a.lead.as_deref(), Some("Tómtắt"));
    let paras: Vec<_> = a.body.iter().flat_map(|b| b.text_parts()).collect();
    assert_eq!(paras, ["Đoạn một.", "Đoạn hai.", "Đoạn ba.", "Đoạn bốn."]);
    assert_eq!(a.tags, ["Thi đua"]);
    assert_eq!(a.authors[0].name, "Trần Việt");
    let got: Vec<(usize, &str, &RepairKind)> = report
        .repairs
        .iter()
        .map(|r| (r.line, r.field.as_str(), &r.kind))
        .collect();
    assert_eq!(
        got,
        [
            (1, "title", &RepairKind::Spaces { mapped: 1 }),
            (1, "body", &RepairKind::ParagraphBreaks { mapped: 2 }),
            (1, "body", &RepairKind::Invisible { removed: 1 }),
            (1, "lead", &RepairKind::ControlCharacters { removed: 1 }),
            (1, "tags[0]", &RepairKind::ControlCharacters { removed: 1 }),
            (1, "author", &RepairKind::ControlCharacters { removed: 1 }),
        ]
    );
    // Strict mode rejects the same line, naming the first field.
    let err = Importer::new()
        .strict(true)
        .read(input.as_bytes())
        .unwrap_err();
    assert!(
        err.to_string().contains("field `title`: needs repair"),
        "{err}"
    );
}

#[test]
fn legacy_fields_and_lines_are_decoded() {
    // A UTF-8 line whose title is TCVN3 read as Windows-1252, body mojibake.
    let input = line(
        serde_json::json!({"id": "a", "title": "Khèi thi ®ua 1 - S¬ kÕt phong trµo",
        "body": "Viá»‡t Nam"}),
    );
    let r = Importer::new().read(input.as_bytes()).unwrap();
    assert_eq!(r.articles[0].title, "Khối thi đua 1 - Sơ kết phong trào");
    assert_eq!(r.articles[0].body_text(), "Việt Nam");
    assert_eq!(r.repairs.len(), 2);
    // A line of raw TCVN3 bytes (not UTF-8) is decoded whole.
    let raw = b"{\"id\":\"b\",\"title\":\"Kh\xe8i thi \xaeua 1 - S\xac k\xd5t phong tr\xb5o\",\"body\":\"H\xb5 N\xe9i\"}\n";
    let r = Importer::new().read(&raw[..]).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.articles[0].title, "Khối thi đua 1 - Sơ kết phong trào");
    assert_eq!(r.repairs[0].field, "line");
    // Bytes that no encoding explains stay an error, not a lossy decode.
    let r = Importer::new()
        .read(&b"{\"id\":\"c\",\"title\":\"\xff\xfe\",\"body\":\"x\"}\n"[..])
        .unwrap();
    assert!(matches!(
        r.errors[0].kind,
        LineErrorKind::InvalidUtf8 { .. }
    ));
}

#[test]
fn clean_input_is_kept_exactly_and_reports_nothing() {
    let report = Importer::new()
        .read(tintuc::import::SAMPLE_JSONL.as_bytes())
        .unwrap();
    assert!(report.repairs.is_empty(), "{:?}", report.repairs);
    assert_eq!(report.articles, tintuc::import::sample_articles().unwrap());
    assert_eq!(
        report.article_lines,
        (1..=report.articles.len()).collect::<Vec<_>>()
    );
}

#[test]
fn slugs_are_capped_and_stay_distinct() {
    let long = "Hội nghị sơ kết công tác kiểm sát năm 2018 ".repeat(8);
    let input: String = [
        serde_json::json!({"id": "a", "title": format!("{long} đợt một"), "body": "x",
            "category": format!("{long} A"), "tags": [format!("{long} B")]}),
        serde_json::json!({"id": "b", "title": format!("{long} đợt hai"), "body": "y",
            "category": format!("{long} C")}),
        serde_json::json!({"id": "c", "title": "t", "body": "z", "slug": "ab-".repeat(100) + "x"}),
    ]
    .iter()
    .map(|v| format!("{v}\n"))
    .collect();
    let r = Importer::new().read(input.as_bytes()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let (a, b, c) = (&r.articles[0], &r.articles[1], &r.articles[2]);
    for s in [&a.slug, &b.slug, &c.slug] {
        assert!(s.as_str().len() <= MAX_SLUG_LEN, "{s}");
    }
    assert_ne!(a.slug, b.slug);
    let (ca, cb) = (a.category.as_ref().unwrap(), b.category.as_ref().unwrap());
    assert!(ca.slug.as_str().len() <= MAX_SLUG_LEN);
    assert_ne!(ca.slug, cb.slug);
    assert!(ca.slug.as_str().starts_with("hoi-nghi-so-ket"));
    assert!(matches!(
        r.repairs.last().map(|r| (&r.field[..], &r.kind)),
        Some(("slug", RepairKind::SlugShortened { .. }))
    ));
}
