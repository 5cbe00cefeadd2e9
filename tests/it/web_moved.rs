//! `tintuc::web`: an article whose slug changed answers `301` at its former address; the
//! document registry is read once, when the service starts, never per request.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tintuc::document::{Document, DocumentId};
use tintuc::model::Slug;
use tintuc::render::{DefaultUrls, UrlScheme};
use tintuc::store::{
    ArticleStore, DocumentLookup, DocumentQuery, DocumentStore, DocumentStoreError, Listing,
    MemoryDocumentStore, Revision, StoredDocument,
};
use tintuc::web::Config;

use super::web_client::{call, get, sample_store, site, start};

const AUTH: (&str, &str) = ("authorization", "Bearer bi-mat");
const JSON: (&str, &str) = ("content-type", "application/json");

#[test]
fn a_changed_slug_redirects_from_the_old_address() {
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).token("bi-mat")
    });
    let addr = s.addr;
    let id = "vks-st-2018-0817-01";
    let mut a = s.store.get(&id.parse().unwrap()).unwrap().unwrap().article;
    let first = DefaultUrls.article(&a);
    assert_eq!(get(addr, first.as_str()).status, 200);

    let put = |a: &tintuc::model::Article| {
        let body = serde_json::to_vec(a).unwrap();
        let r = call(
            addr,
            "PUT",
            &format!("/api/articles/{id}"),
            &[AUTH, JSON, ("if-match", "*")],
            &body,
        );
        assert_eq!(r.status, 200, "{}", r.text());
    };
    a.slug = Slug::new("khoi-thi-dua-so-ket-doi-ten").unwrap();
    put(&a);
    let second = DefaultUrls.article(&a);
    let r = get(addr, first.as_str());
    assert_eq!(r.status, 301, "{}", r.text());
    assert_eq!(r.header("location"), second.as_str());
    assert_eq!(get(addr, second.as_str()).status, 200);

    // Renamed again: both former addresses lead to the current one.
    a.slug = Slug::new("khoi-thi-dua-so-ket-lan-ba").unwrap();
    put(&a);
    let third = DefaultUrls.article(&a);
    for old in [&first, &second] {
        let r = get(addr, old.as_str());
        assert_eq!(r.status, 301, "{old}");
        assert_eq!(r.header("location"), third.as_str(), "{old}");
    }

    // Back to the first slug: it is served again, the others lead to it.
    a.slug = Slug::new(
        first
            .as_str()
            .trim_start_matches("/tin/")
            .trim_end_matches(".html"),
    )
    .unwrap();
    put(&a);
    assert_eq!(get(addr, first.as_str()).status, 200);
    assert_eq!(get(addr, third.as_str()).header("location"), first.as_str());

    // Deleted: every address it had is gone.
    let r = call(
        addr,
        "DELETE",
        &format!("/api/articles/{id}"),
        &[AUTH, ("if-match", "*")],
        b"",
    );
    assert!(r.status == 200 || r.status == 204, "{}", r.text());
    for old in [&first, &second, &third] {
        assert_eq!(get(addr, old.as_str()).status, 410, "{old}");
    }
    // A slug never used is still 404.
    assert_eq!(get(addr, "/tin/chua-tung-co.html").status, 404);
}

/// A document store that counts every call.
struct Counting {
    inner: MemoryDocumentStore,
    calls: AtomicUsize,
}

impl Counting {
    fn tick(&self) {
        self.calls.fetch_add(1, Ordering::SeqCst);
    }
}

impl DocumentStore for Counting {
    fn get_document(&self, id: &DocumentId) -> Result<Option<StoredDocument>, DocumentStoreError> {
        self.tick();
        self.inner.get_document(id)
    }
    fn get_document_by_slug(
        &self,
        slug: &Slug,
    ) -> Result<Option<StoredDocument>, DocumentStoreError> {
        self.tick();
        self.inner.get_document_by_slug(slug)
    }
    fn put_document(
        &self,
        document: &Document,
        expected: Option<Revision>,
    ) -> Result<Revision, DocumentStoreError> {
        self.tick();
        self.inner.put_document(document, expected)
    }
    fn delete_document(
        &self,
        id: &DocumentId,
        expected: Option<Revision>,
    ) -> Result<(), DocumentStoreError> {
        self.tick();
        self.inner.delete_document(id, expected)
    }
    fn list_documents(
        &self,
        query: &DocumentQuery,
    ) -> Result<Listing<StoredDocument>, DocumentStoreError> {
        self.tick();
        self.inner.list_documents(query)
    }
    fn lookup(&self, lookup: &DocumentLookup) -> Result<Vec<StoredDocument>, DocumentStoreError> {
        self.tick();
        self.inner.lookup(lookup)
    }
    fn count_documents(&self) -> Result<usize, DocumentStoreError> {
        self.tick();
        self.inner.count_documents()
    }
}

#[test]
fn the_document_registry_is_read_once_at_start() {
    let docs = Arc::new(Counting {
        inner: MemoryDocumentStore::new(),
        calls: AtomicUsize::new(0),
    });
    let all = tintuc::document::sample_documents().unwrap();
    for d in &all {
        docs.inner.put_document(d, None).unwrap();
    }
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).documents(Arc::clone(&docs) as Arc<dyn DocumentStore>)
    });
    let at_start = docs.calls.load(Ordering::SeqCst);
    assert!(at_start > 0, "the registry was not read at start");
    let citing = s
        .store
        .get(&"vks-st-2018-0817-01".parse().unwrap())
        .unwrap()
        .unwrap();
    let mut pages = vec![
        "/van-ban".to_string(),
        DefaultUrls.documents_feed().as_str().to_string(),
        DefaultUrls.article(&citing.article).as_str().to_string(),
    ];
    pages.extend(
        all.iter()
            .map(|d| DefaultUrls.document(d).as_str().to_string()),
    );
    for p in &pages {
        assert_eq!(get(s.addr, p).status, 200, "{p}");
    }
    assert_eq!(
        docs.calls.load(Ordering::SeqCst),
        at_start,
        "pages read the document store"
    );
}
