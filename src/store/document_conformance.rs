//! A conformance suite any [`DocumentStore`] can run against itself.
//!
//! ```
//! use tintuc::store::{document_conformance, MemoryDocumentStore};
//! let report = document_conformance::run(MemoryDocumentStore::new);
//! assert!(report.failures.is_empty(), "{report}");
//! assert_eq!(report.passed.len(), 7);
//! ```

use chrono::NaiveDate;

use super::conformance::Report;
use super::documents::{DocumentLookup, DocumentQuery, DocumentStore, DocumentStoreError};
use super::Revision;
use crate::document::{Document, DocumentId, Validity};
use crate::model::{DocumentKind, Slug};

type CheckResult = Result<(), String>;
type Check<S> = (&'static str, fn(&S) -> CheckResult);

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(format!($($fmt)*));
        }
    };
}

fn e2s(e: DocumentStoreError) -> String {
    format!("unexpected store error: {e}")
}

fn doc(n: u32, symbol: &str, issuer: &str, issued: (i32, u32, u32)) -> Result<Document, String> {
    let symbol: crate::document::Symbol = symbol.parse().map_err(|e| format!("{e}"))?;
    Ok(Document {
        id: DocumentId::new(format!("conf-{n:03}")).map_err(|e| e.to_string())?,
        slug: Slug::new(format!("van-ban-{n}")).map_err(|e| e.to_string())?,
        kind: symbol.kind().unwrap_or(DocumentKind::Other),
        symbol,
        issuer: issuer.into(),
        issuer_aliases: vec![],
        signer: None,
        fields: vec![if n % 2 == 0 { "Thi đua" } else { "Tư pháp" }.into()],
        issued: NaiveDate::from_ymd_opt(issued.0, issued.1, issued.2).ok_or("bad date")?,
        effective: None,
        expires: NaiveDate::from_ymd_opt(issued.0 + 1, 1, 1),
        summary: format!("Văn bản số {n}"),
        body: vec![],
        attachments: vec![],
        relations: vec![],
    })
}

fn check_insert_get<S: DocumentStore>(s: &S) -> CheckResult {
    let d = doc(1, "08/KH-UBND", "UBND tỉnh Sóc Trăng", (2018, 1, 22))?;
    let r = s.put_document(&d, None).map_err(e2s)?;
    ensure!(r == Revision(1), "first revision is {r}");
    let got = s.get_document(&d.id).map_err(e2s)?.ok_or("not found")?;
    ensure!(got.document == d, "document changed by the round trip");
    let by_slug = s.get_document_by_slug(&d.slug).map_err(e2s)?;
    ensure!(
        by_slug.map(|x| x.document.id) == Some(d.id.clone()),
        "get by slug failed"
    );
    ensure!(s.count_documents().map_err(e2s)? == 1, "count != 1");
    Ok(())
}

fn check_conflicts<S: DocumentStore>(s: &S) -> CheckResult {
    let mut d = doc(2, "09/KH-UBND", "UBND tỉnh Sóc Trăng", (2018, 2, 1))?;
    let r1 = s.put_document(&d, None).map_err(e2s)?;
    match s.put_document(&d, None) {
        Err(DocumentStoreError::Conflict {
            actual: Some(a), ..
        }) if a == r1 => {}
        other => return Err(format!("second insert gave {other:?}")),
    }
    d.summary = "Đã sửa".into();
    let r2 = s.put_document(&d, Some(r1)).map_err(e2s)?;
    ensure!(r2 > r1, "revision did not grow");
    match s.put_document(&d, Some(r1)) {
        Err(DocumentStoreError::Conflict { .. }) => {}
        other => return Err(format!("stale update gave {other:?}")),
    }
    match s.delete_document(&d.id, Some(r1)) {
        Err(DocumentStoreError::Conflict { .. }) => {}
        other => return Err(format!("stale delete gave {other:?}")),
    }
    s.delete_document(&d.id, Some(r2)).map_err(e2s)?;
    match s.delete_document(&d.id, None) {
        Err(DocumentStoreError::NotFound { .. }) => Ok(()),
        other => Err(format!("delete of a missing document gave {other:?}")),
    }
}

fn check_slug_unique<S: DocumentStore>(s: &S) -> CheckResult {
    let a = doc(3, "10/KH-UBND", "UBND tỉnh Sóc Trăng", (2018, 3, 1))?;
    s.put_document(&a, None).map_err(e2s)?;
    let mut b = doc(4, "11/KH-UBND", "UBND tỉnh Sóc Trăng", (2018, 3, 2))?;
    b.slug = a.slug.clone();
    match s.put_document(&b, None) {
        Err(DocumentStoreError::SlugTaken { owner, .. }) if owner == a.id => {}
        other => return Err(format!("duplicate slug gave {other:?}")),
    }
    ensure!(
        s.get_document(&b.id).map_err(e2s)?.is_none(),
        "rejected document stored"
    );
    Ok(())
}

fn check_invalid_rejected<S: DocumentStore>(s: &S) -> CheckResult {
    let mut d = doc(5, "12/KH-UBND", "UBND tỉnh Sóc Trăng", (2018, 3, 1))?;
    d.summary = " ".into();
    match s.put_document(&d, None) {
        Err(DocumentStoreError::Invalid(e)) if e.field == "summary" => {}
        other => return Err(format!("invalid document gave {other:?}")),
    }
    ensure!(
        s.count_documents().map_err(e2s)? == 0,
        "invalid document stored"
    );
    Ok(())
}

fn fill<S: DocumentStore>(s: &S) -> Result<(), String> {
    let docs = [
        doc(10, "08/KH-UBND", "UBND tỉnh Sóc Trăng", (2018, 1, 22))?,
        doc(11, "08/KH-UBND", "UBND tỉnh Sóc Trăng", (2019, 1, 18))?,
        doc(12, "08/KH-UBND", "UBND tỉnh Bạc Liêu", (2018, 2, 5))?,
        doc(13, "08/2018/QĐ-UBND", "UBND tỉnh Sóc Trăng", (2018, 3, 1))?,
        doc(14, "20/NQ-HĐND", "HĐND tỉnh Sóc Trăng", (2017, 12, 8))?,
    ];
    for d in &docs {
        s.put_document(d, None).map_err(e2s)?;
    }
    Ok(())
}

fn ids(v: impl IntoIterator<Item = super::documents::StoredDocument>) -> Vec<String> {
    v.into_iter().map(|s| s.document.id.to_string()).collect()
}

fn check_lookup<S: DocumentStore>(s: &S) -> CheckResult {
    fill(s)?;
    let sym = "08/KH-UBND".parse().map_err(|e| format!("{e}"))?;
    let all = ids(s.lookup(&DocumentLookup::new(sym)).map_err(e2s)?);
    ensure!(
        all == ["conf-010", "conf-012", "conf-011"],
        "lookup by symbol: {all:?}"
    );
    let sym = "08/2018/KH-UBND".parse().map_err(|e| format!("{e}"))?;
    let y = ids(s.lookup(&DocumentLookup::new(sym)).map_err(e2s)?);
    ensure!(
        y == ["conf-010", "conf-012"],
        "the symbol's year narrows: {y:?}"
    );
    let sym = "08/KH-UBND".parse().map_err(|e| format!("{e}"))?;
    let i = ids(s
        .lookup(
            &DocumentLookup::new(sym)
                .issuer("Ủy ban nhân dân tỉnh Bạc Liêu")
                .kind(DocumentKind::Plan),
        )
        .map_err(e2s)?);
    ensure!(i == ["conf-012"], "issuer and kind narrow: {i:?}");
    let sym = "08/QĐ-UBND".parse().map_err(|e| format!("{e}"))?;
    let q = ids(s.lookup(&DocumentLookup::new(sym)).map_err(e2s)?);
    ensure!(q == ["conf-013"], "a decision is not a plan: {q:?}");
    Ok(())
}

fn check_listing_filters<S: DocumentStore>(s: &S) -> CheckResult {
    fill(s)?;
    let all = s.list_documents(&DocumentQuery::new()).map_err(e2s)?;
    ensure!(
        ids(all.items) == ["conf-011", "conf-013", "conf-012", "conf-010", "conf-014"],
        "listing is not newest first"
    );
    let q = DocumentQuery::new()
        .kind(DocumentKind::Plan)
        .year(2018)
        .per_page(1)
        .page(2);
    let p = s.list_documents(&q).map_err(e2s)?;
    ensure!(
        p.total == 2 && ids(p.items.clone()) == ["conf-010"],
        "kind+year page 2: {} {:?}",
        p.total,
        ids(p.items)
    );
    let p = s
        .list_documents(&DocumentQuery::new().issuer("HĐND tỉnh Sóc Trăng"))
        .map_err(e2s)?;
    ensure!(ids(p.items) == ["conf-014"], "issuer filter");
    let p = s
        .list_documents(&DocumentQuery::new().field("Thi đua"))
        .map_err(e2s)?;
    ensure!(p.total == 3, "field filter total {}", p.total);
    let at = "2018-06-01T00:00:00+07:00"
        .parse()
        .map_err(|e| format!("{e}"))?;
    let p = s
        .list_documents(&DocumentQuery::new().validity(Validity::InForce, at))
        .map_err(e2s)?;
    ensure!(
        ids(p.items) == ["conf-013", "conf-012", "conf-010"],
        "in force filter"
    );
    Ok(())
}

fn check_all_documents<S: DocumentStore>(s: &S) -> CheckResult {
    fill(s)?;
    let all = s.all_documents().map_err(e2s)?;
    ensure!(all.len() == 5, "all_documents gave {}", all.len());
    Ok(())
}

/// Runs every check, each on a fresh store from `factory`.
pub fn run<S: DocumentStore, F: Fn() -> S>(factory: F) -> Report {
    let checks: [Check<S>; 7] = [
        ("insert_get", check_insert_get),
        ("conflicts", check_conflicts),
        ("slug_unique", check_slug_unique),
        ("invalid_rejected", check_invalid_rejected),
        ("lookup", check_lookup),
        ("listing_filters", check_listing_filters),
        ("all_documents", check_all_documents),
    ];
    let mut report = Report::default();
    for (name, check) in checks {
        match check(&factory()) {
            Ok(()) => report.passed.push(name),
            Err(why) => report.failures.push((name, why)),
        }
    }
    report
}
