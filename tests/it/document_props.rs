//! Property tests for documents: JSON round trip, and resolution never linking a
//! citation to a document of another issuer, year, date or kind.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use tintuc::document::{
    issuer_key, Attachment, Document, Registry, Relation, RelationKind, Resolution, Symbol,
};
use tintuc::model::{CitedDocument, DocumentKind};

const ISSUERS: &[&str] = &[
    "UBND tỉnh Sóc Trăng",
    "UBND tỉnh Bạc Liêu",
    "HĐND tỉnh Sóc Trăng",
    "VKSND tỉnh Sóc Trăng",
];
/// Ways citations write the issuers above (same index), or another body entirely.
const WRITTEN: &[&str] = &[
    "Ủy ban nhân dân tỉnh Sóc Trăng",
    "Uỷ ban Nhân dân tỉnh Bạc Liêu",
    "Hội đồng nhân dân tỉnh Sóc Trăng",
    "Viện kiểm sát nhân dân tỉnh Sóc Trăng",
    "UBND tỉnh Cà Mau",
    "UBND tỉnh",
];
const CODES: &[(&str, DocumentKind)] = &[
    ("KH", DocumentKind::Plan),
    ("QĐ", DocumentKind::Decision),
    ("CV", DocumentKind::OfficialLetter),
    ("TB", DocumentKind::Notice),
];
const ISSUER_CODES: &[&str] = &["UBND", "HĐND", "VKS"];

fn day() -> impl Strategy<Value = NaiveDate> {
    (2016i32..2020, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

prop_compose! {
    fn document(n: usize)(number in 1u32..4, code in 0..CODES.len(), icode in 0..ISSUER_CODES.len(),
                          issuer in 0..ISSUERS.len(), issued in day(), with_year in 0..3u8,
                          expires in proptest::option::of(1u64..800),
                          size in proptest::option::of(0u64..10_000_000))
                         -> Document {
        let (c, kind) = CODES[code];
        // Some symbols carry the year before the year of issue (a paper dated early in
        // January, an ordinance numbered by its session): allowed, an advisory.
        let sym = match with_year {
            0 => format!("{number:02}/{c}-{}", ISSUER_CODES[icode]),
            1 => format!("{number:02}/{}/{c}-{}", issued.year(), ISSUER_CODES[icode]),
            _ => format!("{number:02}/{}/{c}-{}", issued.year() - 1, ISSUER_CODES[icode]),
        };
        Document {
            id: format!("d{n}").parse().unwrap(),
            slug: format!("van-ban-{n}").parse().unwrap(),
            symbol: sym.parse().unwrap(),
            kind,
            issuer: ISSUERS[issuer].into(),
            issuer_aliases: vec![],
            signer: Some("Chủ tịch".into()),
            fields: vec!["Thi đua, khen thưởng".into()],
            issued,
            effective: None,
            expires: expires.map(|d| issued + chrono::Days::new(d)),
            summary: format!("Văn bản <số> {n} & \"trích yếu\""),
            body: vec!["Đoạn một.".into()],
            attachments: vec![Attachment {
                name: "tệp đính kèm.pdf".into(),
                media_type: "application/pdf".into(),
                size,
                url: "/files/a.pdf".parse().unwrap(),
            }],
            relations: if n > 0 {
                vec![Relation { kind: RelationKind::Amends, target: "d0".parse().unwrap() }]
            } else {
                vec![]
            },
        }
    }
}

fn registry_docs() -> impl Strategy<Value = Vec<Document>> {
    (0..12usize).prop_flat_map(|n| (0..n).map(document).collect::<Vec<_>>())
}

prop_compose! {
    fn citation()(number in 1u32..4, code in 0..CODES.len(), icode in 0..ISSUER_CODES.len(),
                  year in proptest::option::of(2016i32..2020),
                  date in proptest::option::of(day()),
                  kind in proptest::option::of(0..CODES.len()),
                  written in proptest::option::of(0..WRITTEN.len()))
                 -> CitedDocument {
        let c = CODES[code].0;
        let number = match year {
            Some(y) => format!("{number}/{y}/{c}-{}", ISSUER_CODES[icode]),
            None => format!("{number:02}/{c}-{}", ISSUER_CODES[icode]),
        };
        CitedDocument {
            number,
            kind: kind.map(|k| CODES[k].1),
            issuer: written.map(|w| WRITTEN[w].to_string()),
            date,
            year: None,
        }
    }
}

/// The names a registered document answers to.
fn names(d: &Document) -> Vec<String> {
    std::iter::once(&d.issuer)
        .chain(&d.issuer_aliases)
        .map(|n| issuer_key(n))
        .collect()
}

fn agrees(c: &CitedDocument, d: &Document) {
    let sym: Symbol = c.number.parse().unwrap();
    assert_eq!(sym.key(), d.symbol.key(), "another symbol");
    if let Some(y) = sym.year().or(c.date.map(|x| x.year())) {
        assert_eq!(y, d.year(), "another year");
    }
    if let Some(date) = c.date {
        assert_eq!(date, d.issued, "another date");
    }
    if let Some(k) = c.kind {
        assert_eq!(k, d.kind, "another kind");
    }
    assert_eq!(sym.kind(), Some(d.kind), "another type code");
    if let Some(i) = &c.issuer {
        assert!(
            names(d).contains(&issuer_key(i)),
            "another issuer: {i} vs {}",
            d.issuer
        );
    }
}

proptest! {
    #[test]
    fn json_round_trip(d in document(1)) {
        d.validate().unwrap();
        let year_apart = d.symbol.year().is_some_and(|y| y != d.issued.year());
        prop_assert_eq!(d.advisories().len(), usize::from(year_apart));
        let json = serde_json::to_string(&d).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &d);
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    #[test]
    fn resolution_never_links_another_issuer_year_or_kind(docs in registry_docs(), cites in proptest::collection::vec(citation(), 1..8)) {
        // Random registries may repeat a symbol in a year; that is allowed.
        let registry = Registry::new(docs).unwrap();
        for c in &cites {
            match registry.resolve(c) {
                Resolution::Resolved(d) => agrees(c, d),
                Resolution::Ambiguous(ds) => {
                    prop_assert!(ds.len() > 1);
                    for d in ds { agrees(c, d) }
                }
                Resolution::Unknown(_) => {}
            }
            let ctx = NaiveDate::from_ymd_opt(2018, 6, 1).unwrap();
            if let Resolution::Resolved(d) = registry.resolve_at(c, ctx) {
                // With a context day, a yearless citation still keeps every stated part.
                let sym: Symbol = c.number.parse().unwrap();
                prop_assert_eq!(sym.key(), d.symbol.key());
                if let Some(date) = c.date { prop_assert_eq!(date, d.issued); }
                if let Some(k) = c.kind { prop_assert_eq!(k, d.kind); }
                if let Some(i) = &c.issuer { prop_assert!(names(d).contains(&issuer_key(i))); }
                if sym.year().or(c.date.map(|x| x.year())).is_none() {
                    prop_assert!(d.issued <= ctx && d.issued >= ctx - chrono::Days::new(365));
                }
            }
        }
    }
}

/// Ministries and their codes, for the miswritten-code property below.
const MINISTRIES: &[(&str, &str)] = &[
    ("Bộ Tài chính", "BTC"),
    ("Bộ Công nghiệp", "BCN"),
    ("Bộ Thương mại", "BTM"),
];
/// Type codes the registered documents carry.
const TYPE_CODES: &[(&str, DocumentKind)] = &[
    ("CT", DocumentKind::Directive),
    ("QĐ", DocumentKind::Decision),
    ("TT", DocumentKind::Circular),
];

prop_compose! {
    fn ministry_document(n: usize)(number in 1u32..4, t in 0..TYPE_CODES.len(),
                                   m in 0..MINISTRIES.len(), year in 2003i32..2006,
                                   month in 1u32..=12) -> Document {
        let (code, kind) = TYPE_CODES[t];
        let (issuer, mcode) = MINISTRIES[m];
        Document {
            id: format!("m{n}").parse().unwrap(),
            slug: format!("bo-{n}").parse().unwrap(),
            symbol: format!("{number}/{year}/{code}-{mcode}").parse().unwrap(),
            kind,
            issuer: issuer.into(),
            issuer_aliases: vec![],
            signer: None,
            fields: vec![],
            issued: NaiveDate::from_ymd_opt(year, month, 1).unwrap(),
            effective: None,
            expires: None,
            summary: "Trích yếu".into(),
            body: vec![],
            attachments: vec![],
            relations: vec![],
        }
    }
}

prop_compose! {
    /// Citations with a type code that names no kind (`CP`, `QC`) or one that does, a
    /// ministry code with or without its `B`, a kind in the words or none, a year in
    /// the symbol or not, and an issuer or none.
    fn miswritten_citation()(number in 1u32..4, t in 0..5usize, m in 0..MINISTRIES.len(),
                             without_b in any::<bool>(), year in proptest::option::of(2003i32..2006),
                             kind in proptest::option::of(0..TYPE_CODES.len()),
                             issuer in proptest::option::of(0..MINISTRIES.len())) -> CitedDocument {
        let code = ["CP", "QC", "CT", "QĐ", "TT"][t];
        let mcode = MINISTRIES[m].1;
        let mcode = if without_b { &mcode[1..] } else { mcode };
        let number = match year {
            Some(y) => format!("{number}/{y}/{code}-{mcode}"),
            None => format!("{number}/{code}-{mcode}"),
        };
        CitedDocument {
            number,
            kind: kind.map(|k| TYPE_CODES[k].1),
            issuer: issuer.map(|i| MINISTRIES[i].0.to_string()),
            date: None,
            year: None,
        }
    }
}

proptest! {
    #[test]
    fn miswritten_codes_never_link_another_issuer_year_or_kind(
        docs in (0..10usize).prop_flat_map(|n| (0..n).map(ministry_document).collect::<Vec<_>>()),
        cites in proptest::collection::vec(miswritten_citation(), 1..8),
    ) {
        let registry = Registry::new(docs).unwrap();
        for c in &cites {
            let Resolution::Resolved(d) = registry.resolve(c) else { continue };
            let sym: Symbol = c.number.parse().unwrap();
            prop_assert_eq!(sym.number(), d.symbol.number(), "another number");
            // A miswritten code resolves only with a stated year, and only to that year.
            prop_assert_eq!(sym.year(), Some(d.year()), "another year");
            if let Some(k) = sym.kind() {
                prop_assert_eq!(k, d.kind, "another type code");
            }
            if let Some(k) = c.kind {
                prop_assert_eq!(k, d.kind, "another kind");
            }
            if sym.kind().is_none() && sym.type_code() != "qc" {
                // A code that names no kind is read by the words' kind only.
                prop_assert!(c.kind.is_some(), "no kind stated");
            }
            if let Some(i) = &c.issuer {
                prop_assert_eq!(issuer_key(i), issuer_key(&d.issuer), "another issuer");
            }
            // The ministry codes differ at most by a leading B.
            let strip = |s: &Symbol| -> Vec<String> {
                s.issuer_codes().iter().map(|c| c.trim_start_matches('b').to_string()).collect()
            };
            prop_assert_eq!(strip(&sym), strip(&d.symbol), "another body's code");
        }
    }
}

/// Social-insurance bodies, registered in full, and the ways citations write them: in
/// full, abbreviated (`BHXH`), another body, or none.
const INSURERS: &[&str] = &["Bảo hiểm xã hội Việt Nam", "Bảo hiểm xã hội tỉnh Nghệ An"];
const INSURERS_WRITTEN: &[&str] = &[
    "BHXH Việt Nam",
    "BHXH tỉnh Nghệ An",
    "Bảo hiểm xã hội Việt Nam",
    "BHXH",
    "BHXH tỉnh Hà Tĩnh",
    "BHYT Việt Nam",
];

/// An issuer written with `BHXH` names a registered one only when the name read in full
/// is the registered name.
fn same_insurer(written: &str, registered: &str) -> bool {
    let full = |s: &str| issuer_key(&s.replace("BHXH", "Bảo hiểm xã hội"));
    full(written) == full(registered)
}

proptest! {
    #[test]
    fn abbreviated_insurers_never_link_another_body(
        docs in (0..8usize).prop_flat_map(|n| {
            (0..n)
                .map(|i| (1u32..3, 0..INSURERS.len(), 2016i32..2018).prop_map(move |(num, b, y)| (i, num, b, y)))
                .collect::<Vec<_>>()
        }),
        cites in proptest::collection::vec((1u32..3, 0..INSURERS_WRITTEN.len(), 2016i32..2018), 1..6),
    ) {
        let docs: Vec<Document> = docs
            .into_iter()
            .map(|(i, num, b, y)| Document {
                id: format!("bh{i}").parse().unwrap(),
                slug: format!("bh-{i}").parse().unwrap(),
                symbol: format!("{num}/TB-BHXH").parse().unwrap(),
                kind: DocumentKind::Notice,
                issuer: INSURERS[b].into(),
                issuer_aliases: vec![],
                signer: None,
                fields: vec![],
                issued: NaiveDate::from_ymd_opt(y, 2, 14).unwrap(),
                effective: None,
                expires: None,
                summary: "Trích yếu".into(),
                body: vec![],
                attachments: vec![],
                relations: vec![],
            })
            .collect();
        let registry = Registry::new(docs).unwrap();
        for (num, w, y) in cites {
            let c = CitedDocument {
                number: format!("{num}/TB-BHXH"),
                kind: Some(DocumentKind::Notice),
                issuer: Some(INSURERS_WRITTEN[w].to_string()),
                date: None,
                year: Some(y),
            };
            if let Resolution::Resolved(d) = registry.resolve(&c) {
                prop_assert_eq!(d.year(), y, "another year");
                prop_assert!(same_insurer(INSURERS_WRITTEN[w], &d.issuer), "another issuer: {} vs {}", INSURERS_WRITTEN[w], d.issuer);
            }
        }
    }
}
