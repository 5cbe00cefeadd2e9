//! The revision history over the JSON API: list, read, diff, restore (with `If-Match`),
//! deletes kept as tombstones, problem+json errors, and 501 for a store without history.

use std::sync::Arc;

use tintuc::model::{Article, ArticleId, Category, Slug, Status};
use tintuc::store::{
    ArticleStore, ListQuery, Listing, MemoryStore, Revision, StoreError, StoredArticle,
};
use tintuc::web::Config;

use super::web_client::{call, get, sample_store, site, start};

const AUTH: (&str, &str) = ("authorization", "Bearer bi-mat");
const JSON: (&str, &str) = ("content-type", "application/json");

fn published(store: &dyn ArticleStore) -> StoredArticle {
    store
        .list(&ListQuery::new(Default::default()).status(Status::Published))
        .unwrap()
        .items
        .remove(0)
}

#[test]
fn list_read_diff_restore_memory() {
    list_read_diff_restore(sample_store());
}

#[cfg(feature = "sqlite")]
#[test]
fn list_read_diff_restore_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = tintuc::store::SqliteStore::open(dir.path().join("revs.sqlite3")).unwrap();
    for a in tintuc::import::sample_articles().unwrap() {
        store.put(&a, None).unwrap();
    }
    list_read_diff_restore(Arc::new(store));
}

fn list_read_diff_restore(store: Arc<dyn ArticleStore>) {
    let s = start(store, |addr| Config::new(site(addr)).token("bi-mat"));
    let (addr, store) = (s.addr, &s.store);
    let original = published(&**store);
    let id = original.article.id.clone();
    let base = format!("/api/articles/{id}");
    assert_eq!(original.revision, Revision(1));

    let r = call(addr, "GET", &format!("{base}/revisions"), &[AUTH], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["id"], id.as_str());
    assert_eq!(j["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(j["revisions"][0]["revision"], 1);

    // An update through the API adds revision 2, changing the title only.
    let mut edited = original.article.clone();
    edited.title = "Tiêu đề đã sửa qua API".into();
    let r = call(
        addr,
        "PUT",
        &base,
        &[AUTH, JSON, ("if-match", "\"1\"")],
        serde_json::to_string(&edited).unwrap().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let j = call(addr, "GET", &format!("{base}/revisions"), &[AUTH], b"").json();
    let revs = j["revisions"].as_array().unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[1]["revision"], 2);
    assert_eq!(revs[1]["changed"], serde_json::json!(["title"]));
    assert!(revs[1]["at"].as_str().unwrap().contains('T'));

    // One past version, exactly as written.
    let r = call(addr, "GET", &format!("{base}/revisions/1"), &[AUTH], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let old: Article = serde_json::from_value(r.json()["article"].clone()).unwrap();
    assert_eq!(old, original.article);

    // Diff: against the previous entry by default, or any other.
    for path in ["revisions/2/diff", "revisions/2/diff?against=1"] {
        let j = call(addr, "GET", &format!("{base}/{path}"), &[AUTH], b"").json();
        assert_eq!(j["from"], 1, "{path}");
        assert_eq!(j["to"], 2);
        assert_eq!(j["fields"], serde_json::json!(["title"]));
        assert_eq!(j["blocks"], serde_json::json!([]));
    }
    let j = call(
        addr,
        "GET",
        &format!("{base}/revisions/1/diff"),
        &[AUTH],
        b"",
    )
    .json();
    assert!(j["from"].is_null());
    assert_eq!(
        j["blocks"].as_array().unwrap().len(),
        original.article.body.len()
    );
    call(
        addr,
        "GET",
        &format!("{base}/revisions/2/diff?against=9"),
        &[AUTH],
        b"",
    )
    .assert_problem(404, Some("revision"));
    call(
        addr,
        "GET",
        &format!("{base}/revisions/2/diff?against=x"),
        &[AUTH],
        b"",
    )
    .assert_problem(400, Some("against"));

    // Restore: If-Match required and checked; the restored text is served at once.
    let restore = format!("{base}/revisions/1/restore");
    call(addr, "POST", &restore, &[AUTH], b"").assert_problem(428, Some("If-Match"));
    call(addr, "POST", &restore, &[AUTH, ("if-match", "\"1\"")], b"")
        .assert_problem(412, Some("If-Match"));
    let r = call(addr, "POST", &restore, &[AUTH, ("if-match", "\"2\"")], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("etag"), "\"3\"");
    assert_eq!(r.json()["revision"], 3);
    let now = store.get(&id).unwrap().unwrap();
    assert_eq!(
        (now.revision, &now.article),
        (Revision(3), &original.article)
    );
    let page = r.json()["url"].as_str().unwrap().to_string();
    let path = page.split_once(&addr.to_string()).unwrap().1.to_string();
    let html = get(addr, &path).text();
    assert!(
        html.contains(&original.article.title),
        "page serves the restored title"
    );
    assert!(!html.contains("Tiêu đề đã sửa qua API"));

    // A delete keeps the history with a tombstone; restoring brings the article back.
    let r = call(addr, "DELETE", &base, &[AUTH, ("if-match", "\"3\"")], b"");
    assert_eq!(r.status, 204);
    let j = call(addr, "GET", &format!("{base}/revisions"), &[AUTH], b"").json();
    let revs = j["revisions"].as_array().unwrap();
    assert_eq!(revs.len(), 4);
    assert_eq!(revs[3]["deleted"], true);
    let j = call(addr, "GET", &format!("{base}/revisions/4"), &[AUTH], b"").json();
    assert!(j["article"].is_null());
    call(
        addr,
        "POST",
        &format!("{base}/revisions/4/restore"),
        &[AUTH, ("if-match", "*")],
        b"",
    )
    .assert_problem(404, Some("revision"));
    let r = call(
        addr,
        "POST",
        &format!("{base}/revisions/2/restore"),
        &[AUTH, ("if-match", "*")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["revision"], 5);
    assert_eq!(store.get(&id).unwrap().unwrap().article, edited);
}

#[test]
fn errors_are_problems() {
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).token("bi-mat")
    });
    let addr = s.addr;
    let id = published(&*s.store).article.id;
    let base = format!("/api/articles/{id}/revisions");
    call(addr, "GET", &base, &[], b"").assert_problem(401, Some("Authorization"));
    call(
        addr,
        "GET",
        "/api/articles/khong-co/revisions",
        &[AUTH],
        b"",
    )
    .assert_problem(404, Some("id"));
    call(addr, "GET", &format!("{base}/9"), &[AUTH], b"").assert_problem(404, Some("revision"));
    call(addr, "GET", &format!("{base}/abc"), &[AUTH], b"").assert_problem(400, Some("revision"));
    call(addr, "GET", &format!("{base}/1/khac"), &[AUTH], b"").assert_problem(404, None);
    let r = call(addr, "DELETE", &base, &[AUTH], b"");
    r.assert_problem(405, Some("method"));
    assert_eq!(r.header("allow"), "GET, HEAD");
    let r = call(addr, "GET", &format!("{base}/1/restore"), &[AUTH], b"");
    r.assert_problem(405, Some("method"));
    assert_eq!(r.header("allow"), "POST");
}

/// A host's own store that keeps no history.
struct NoHistory(MemoryStore);

impl ArticleStore for NoHistory {
    fn get(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        self.0.get(id)
    }
    fn get_by_slug(&self, slug: &Slug) -> Result<Option<StoredArticle>, StoreError> {
        self.0.get_by_slug(slug)
    }
    fn put(&self, a: &Article, expected: Option<Revision>) -> Result<Revision, StoreError> {
        self.0.put(a, expected)
    }
    fn delete(&self, id: &ArticleId, expected: Option<Revision>) -> Result<(), StoreError> {
        self.0.delete(id, expected)
    }
    fn list(&self, q: &ListQuery) -> Result<Listing<StoredArticle>, StoreError> {
        self.0.list(q)
    }
    fn scan(
        &self,
        after: Option<&ArticleId>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        self.0.scan(after, limit)
    }
    fn count(&self) -> Result<usize, StoreError> {
        self.0.count()
    }
    fn categories(&self) -> Result<Vec<(Category, usize)>, StoreError> {
        self.0.categories()
    }
}

#[test]
fn a_store_without_history_answers_501() {
    let store = MemoryStore::with_articles(tintuc::import::sample_articles().unwrap()).unwrap();
    let s = start(Arc::new(NoHistory(store)), |addr| {
        Config::new(site(addr)).token("bi-mat")
    });
    let id = published(&*s.store).article.id;
    for (method, path) in [
        ("GET", format!("/api/articles/{id}/revisions")),
        ("GET", format!("/api/articles/{id}/revisions/1")),
        ("GET", format!("/api/articles/{id}/revisions/1/diff")),
        ("POST", format!("/api/articles/{id}/revisions/1/restore")),
    ] {
        let headers: &[(&str, &str)] = &[AUTH, ("if-match", "*")];
        call(s.addr, method, &path, headers, b"").assert_problem(501, None);
    }
}
