//! Property tests: JSON round-trip of arbitrary articles, loader robustness on arbitrary bytes.

use proptest::prelude::*;
use tintuc::import::Importer;
use tintuc::model::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[a-zà-ỹ ]{1,30}",
        Just("Khối thi đua 1 - Sơ kết".to_string()),
    ]
}

fn nonempty_text() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ỹđĐ0-9][\\PC]{0,30}"
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (0i64..2_000_000_000, -12i32..14).prop_map(|(secs, h)| {
        let off = chrono::FixedOffset::east_opt(h * 3600).unwrap();
        chrono::DateTime::from_timestamp(secs, 0)
            .unwrap()
            .with_timezone(&off)
    })
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        nonempty_text().prop_map(Block::paragraph),
        (2u8..=6, nonempty_text()).prop_map(|(level, text)| Block::Heading { level, text }),
        (nonempty_text(), proptest::option::of(text()))
            .prop_map(|(text, cite)| Block::Quote { text, cite }),
        (
            any::<bool>(),
            proptest::collection::vec(nonempty_text(), 1..4)
        )
            .prop_map(|(ordered, items)| Block::List { ordered, items }),
        (
            "[a-z0-9._-][a-z0-9/._-]{0,19}",
            text(),
            proptest::option::of(text()),
            proptest::option::of(any::<u32>()),
            proptest::option::of(any::<u32>())
        )
            .prop_map(|(src, alt, caption, width, height)| Block::Figure(Figure {
                src: Link::new(format!("/{src}")).unwrap(),
                alt,
                caption,
                width,
                height,
            })),
    ]
}

fn article() -> impl Strategy<Value = Article> {
    (
        "[A-Za-z0-9_()-]{1,20}",
        nonempty_text(),
        "[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}",
        proptest::option::of(text()),
        proptest::collection::vec(block(), 0..5),
        proptest::collection::btree_set(nonempty_text(), 0..4),
        proptest::option::of(timestamp()),
        any::<bool>(),
        proptest::option::of((
            "[0-9]{1,4}/[A-Z]{2}-[A-Z]{2,5}",
            proptest::option::of(0u32..3000),
        )),
    )
        .prop_map(
            |(id, title, slug, lead, body, tags, published, draft, doc)| {
                let mut a =
                    Article::new(ArticleId::new(id).unwrap(), title, Slug::new(slug).unwrap());
                a.lead = lead;
                a.body = body;
                a.tags = tags.into_iter().collect();
                a.published = published;
                a.updated = published.map(|p| p + chrono::Duration::hours(3));
                a.status = if draft {
                    Status::Draft
                } else {
                    Status::Published
                };
                a.authors = vec![Author::new("Trần Việt Tuấn")];
                a.category = Category::from_name("Hoạt động ngành");
                if let Some((number, day)) = doc {
                    a.documents.push(CitedDocument {
                        number,
                        kind: Some(DocumentKind::Plan),
                        issuer: Some("UBND tỉnh Sóc Trăng".into()),
                        date: day.map(|d| {
                            chrono::NaiveDate::from_num_days_from_ce_opt(730_000 + d as i32)
                                .unwrap()
                        }),
                        year: None,
                    });
                }
                a.canonical_url =
                    Some(WebUrl::new("https://vksnd.soctrang.gov.vn/tin/a.html").unwrap());
                a
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::cases(256)))]

    #[test]
    fn json_round_trips_exactly(a in article()) {
        let json = serde_json::to_string(&a).unwrap();
        let back: Article = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &a);
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    #[test]
    fn loader_never_panics_and_reports_every_bad_line(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let report = Importer::new().read(&bytes[..]).unwrap();
        // Every non-blank line is either an article or an error: nothing is dropped.
        prop_assert_eq!(report.articles.len() + report.errors.len() + report.blank, report.lines);
        let mut last = 0;
        for e in &report.errors {
            prop_assert!(e.line > last && e.line <= report.lines);
            last = e.line;
        }
    }

    #[test]
    fn loader_on_mixed_valid_and_garbage_lines(
        lines in proptest::collection::vec(prop_oneof![
            "\\PC{0,40}".prop_map(|s| s),
            ("[a-z0-9]{1,6}", "\\PC{0,20}", "\\PC{0,40}").prop_map(|(i, t, b)|
                serde_json::json!({"id": i, "title": t, "body": b}).to_string()),
        ], 0..30)
    ) {
        let input = lines.join("\n");
        let report = Importer::new().read(input.as_bytes()).unwrap();
        prop_assert_eq!(report.articles.len() + report.errors.len() + report.blank, report.lines);
        let mut slugs = std::collections::HashSet::new();
        for a in &report.articles {
            prop_assert!(a.validate().is_ok());
            prop_assert!(slugs.insert(a.slug.clone()), "duplicate slug {}", a.slug);
        }
    }
}

#[test]
fn sample_corpus_round_trips() {
    for a in tintuc::import::sample_articles().unwrap() {
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Article>(&json).unwrap(), a);
    }
}

#[test]
fn sample_lines_reserialise_byte_identical() {
    for (n, line) in tintuc::import::SAMPLE_JSONL.lines().enumerate() {
        let a: Article = serde_json::from_str(line).unwrap();
        assert_eq!(serde_json::to_string(&a).unwrap(), line, "line {}", n + 1);
    }
}
