//! The "Văn bản" section of the web service stays current while the service runs: a
//! document's validity badge and the "in force" listing follow the service's clock, and
//! "Bài viết trích dẫn" follows articles written, scheduled and deleted through the API.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use tintuc::document::Document;
use tintuc::render::{DefaultUrls, UrlScheme};
use tintuc::store::{DocumentStore, MemoryDocumentStore};
use tintuc::web::Config;

use super::web_client::{at, call, from_nanos, get, nanos, sample_store, site, start};

const AUTH: (&str, &str) = ("authorization", "Bearer bi-mat");
const JSON: (&str, &str) = ("content-type", "application/json");

/// An article in the plain import format citing 21/KH-VKS (issued 27/04/2018, expires
/// 27/07/2018), published at `published`.
fn citing(id: &str, title: &str, published: &str) -> Vec<u8> {
    serde_json::json!({
        "id": id,
        "title": title,
        "body": "Thực hiện Kế hoạch số 21/KH-VKS ngày 27/4/2018 của VKSND tỉnh Sóc Trăng, \
                 các đơn vị tổ chức đợt thi đua cao điểm.",
        "category": "Hoạt động ngành",
        "published": published,
    })
    .to_string()
    .into_bytes()
}

/// The sample documents in a store, and 21/KH-VKS (the plan the articles cite) among them.
fn sample_documents() -> (Arc<MemoryDocumentStore>, Document) {
    let docs = Arc::new(MemoryDocumentStore::new());
    for d in tintuc::document::sample_documents().unwrap() {
        docs.put_document(&d, None).unwrap();
    }
    let plan = docs
        .all_documents()
        .unwrap()
        .into_iter()
        .find(|d| d.id.as_str() == "vks-st-2018-kh-21")
        .unwrap();
    (docs, plan)
}

/// The "Bài viết trích dẫn" part of a document page (empty when it has none).
fn cited_by(page: &str) -> &str {
    page.split_once("Bài viết trích dẫn")
        .map_or("", |(_, rest)| rest)
}

#[test]
fn validity_and_citing_articles_follow_the_clock_and_the_api() {
    let (docs, plan) = sample_documents();
    let clock = Arc::new(AtomicI64::new(nanos(at("2018-07-20T09:00:00+07:00"))));
    let read = Arc::clone(&clock);
    let s = start(sample_store(), |addr| {
        Config::new(site(addr))
            .token("bi-mat")
            .documents(Arc::clone(&docs) as Arc<dyn DocumentStore>)
            .clock(move || from_nanos(read.load(Ordering::SeqCst)))
    });
    let addr = s.addr;
    let url = DefaultUrls.document(&plan);
    let page = || {
        let r = get(addr, url.as_str());
        assert_eq!(r.status, 200);
        r.text()
    };
    let in_force = DefaultUrls
        .documents(&tintuc::render::DocumentFilter::InForce, 1)
        .as_str()
        .to_string();

    // In force on 20/07/2018, listed under "Còn hiệu lực".
    assert!(page().contains("Còn hiệu lực</span>"));
    assert!(get(addr, &in_force).text().contains(url.as_str()));

    // Written through the API: listed at once; one scheduled for August: not yet.
    let now = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        &citing(
            "thi-dua-cao-diem",
            "Thi đua cao điểm",
            "2018-07-19T08:00:00+07:00",
        ),
    );
    assert_eq!(now.status, 201, "{}", now.text());
    let later = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        &citing(
            "so-ket-dot-thi-dua",
            "Sơ kết đợt thi đua",
            "2018-08-02T08:00:00+07:00",
        ),
    );
    assert_eq!(later.status, 201, "{}", later.text());
    let p = page();
    assert!(cited_by(&p).contains("Thi đua cao điểm"), "{p}");
    assert!(!cited_by(&p).contains("Sơ kết đợt thi đua"));

    // 03/08/2018: the plan has expired and the scheduled article is out.
    clock.store(nanos(at("2018-08-03T09:00:00+07:00")), Ordering::SeqCst);
    let p = page();
    assert!(p.contains("Hết hiệu lực</span>"), "{p}");
    assert!(!p.contains("Còn hiệu lực</span>"));
    assert!(cited_by(&p).contains("Sơ kết đợt thi đua"));
    assert!(!get(addr, &in_force).text().contains(url.as_str()));

    // Deleted through the API: no longer listed.
    let gone = call(
        addr,
        "DELETE",
        "/api/articles/thi-dua-cao-diem",
        &[AUTH, ("if-match", "*")],
        b"",
    );
    assert!(
        gone.status == 204 || gone.status == 200,
        "{} {}",
        gone.status,
        gone.text()
    );
    let p = page();
    assert!(!cited_by(&p).contains("Thi đua cao điểm"));
    assert!(cited_by(&p).contains("Sơ kết đợt thi đua"));
}

#[test]
fn an_article_page_links_what_its_current_version_cites() {
    let (docs, _) = sample_documents();
    let all = docs.all_documents().unwrap();
    let url_of = |id: &str| {
        let d = all.iter().find(|d| d.id.as_str() == id).unwrap();
        DefaultUrls.document(d).as_str().to_string()
    };
    let (kh21, kh03) = (url_of("vks-st-2018-kh-21"), url_of("vks-st-2018-kh-03"));
    let s = start(sample_store(), |addr| {
        Config::new(site(addr))
            .token("bi-mat")
            .documents(Arc::clone(&docs) as Arc<dyn DocumentStore>)
            .clock(|| at("2018-07-20T09:00:00+07:00"))
    });
    let addr = s.addr;
    let first = citing(
        "thi-dua-cao-diem",
        "Thi đua cao điểm",
        "2018-07-19T08:00:00+07:00",
    );
    let r = call(addr, "POST", "/api/articles", &[AUTH, JSON], &first);
    assert_eq!(r.status, 201, "{}", r.text());
    let page = || {
        let r = get(addr, "/tin/thi-dua-cao-diem.html");
        assert_eq!(r.status, 200);
        r.text()
    };
    // Twice: the second answer comes from the citations read for this version.
    for _ in 0..2 {
        let p = page();
        assert!(p.contains(&kh21), "{p}");
        assert!(!p.contains(&kh03));
    }
    // The edited version cites another plan; its page says so at once.
    let edited = String::from_utf8(first)
        .unwrap()
        .replace("21/KH-VKS ngày 27/4/2018", "03/KH-VKS ngày 15/01/2018");
    let r = call(
        addr,
        "PUT",
        "/api/articles/thi-dua-cao-diem",
        &[AUTH, JSON, ("if-match", "*")],
        edited.as_bytes(),
    );
    assert!(
        r.status == 200 || r.status == 204,
        "{} {}",
        r.status,
        r.text()
    );
    for _ in 0..2 {
        let p = page();
        assert!(p.contains(&kh03), "{p}");
        assert!(!p.contains(&kh21), "{p}");
    }
}

#[test]
fn a_cached_page_is_not_served_past_a_validity_change() {
    // 21/KH-VKS expires on 27/07/2018: expired from midnight in Vietnam.
    let (docs, plan) = sample_documents();
    let clock = Arc::new(AtomicI64::new(nanos(at("2018-07-26T23:59:00+07:00"))));
    let read = Arc::clone(&clock);
    // Pages kept for an hour of real time: only the clock can make them stale here.
    let s = start(sample_store(), |addr| {
        Config::new(site(addr))
            .documents(Arc::clone(&docs) as Arc<dyn DocumentStore>)
            .page_cache(1000)
            .page_ttl(std::time::Duration::from_secs(3600))
            .clock(move || from_nanos(read.load(Ordering::SeqCst)))
    });
    let addr = s.addr;
    let url = DefaultUrls.document(&plan);
    let in_force = DefaultUrls
        .documents(&tintuc::render::DocumentFilter::InForce, 1)
        .as_str()
        .to_string();
    // A minute before midnight: in force; both pages are now in the cache.
    for _ in 0..2 {
        assert!(get(addr, url.as_str())
            .text()
            .contains("Còn hiệu lực</span>"));
        assert!(get(addr, &in_force).text().contains(url.as_str()));
    }
    // Midnight: expired at once, on the document's page and in the listing.
    clock.store(nanos(at("2018-07-27T00:00:00+07:00")), Ordering::SeqCst);
    let p = get(addr, url.as_str()).text();
    assert!(p.contains("Hết hiệu lực</span>"), "{p}");
    assert!(!get(addr, &in_force).text().contains(url.as_str()));
}
