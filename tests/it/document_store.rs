//! The document storage conformance suite, run against the embedded store.

use tintuc::store::{document_conformance, DocumentStore, MemoryDocumentStore};

#[test]
fn memory_document_store_passes_conformance() {
    let report = document_conformance::run(MemoryDocumentStore::new);
    report.assert_ok();
    assert_eq!(report.passed.len(), 7);
}

#[test]
fn arc_of_a_store_is_a_store() {
    let report = document_conformance::run(|| std::sync::Arc::new(MemoryDocumentStore::new()));
    report.assert_ok();
}

#[test]
fn memory_document_store_is_send_sync_and_object_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<MemoryDocumentStore>();
    let store: std::sync::Arc<dyn DocumentStore> =
        std::sync::Arc::new(MemoryDocumentStore::with_sample().unwrap());
    let registry = tintuc::document::Registry::new(store.all_documents().unwrap()).unwrap();
    assert_eq!(registry.documents().len(), store.count_documents().unwrap());
}

#[cfg(feature = "sqlite")]
#[test]
fn sqlite_document_store_passes_conformance() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tintuc::store::SqliteDocumentStore;
    let dir = tempfile::tempdir().unwrap();
    let n = AtomicUsize::new(0);
    let report = document_conformance::run(|| {
        let i = n.fetch_add(1, Ordering::SeqCst);
        SqliteDocumentStore::open(dir.path().join(format!("docs-{i}.sqlite3"))).unwrap()
    });
    report.assert_ok();
    assert_eq!(report.passed.len(), 7);
}

#[cfg(feature = "sqlite")]
#[test]
fn sqlite_documents_share_a_file_with_articles() {
    use tintuc::store::{ArticleStore, SqliteDocumentStore, SqliteStore};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.sqlite3");
    let articles = SqliteStore::open(&path).unwrap();
    let docs = SqliteDocumentStore::open(&path).unwrap();
    for d in tintuc::document::sample_documents().unwrap() {
        docs.put_document(&d, None).unwrap();
    }
    for a in tintuc::import::sample_articles().unwrap() {
        articles.put(&a, None).unwrap();
    }
    drop((articles, docs));
    let articles = SqliteStore::open(&path).unwrap();
    let docs = SqliteDocumentStore::open(&path).unwrap();
    assert_eq!(
        docs.count_documents().unwrap(),
        tintuc::document::sample_documents().unwrap().len()
    );
    assert!(articles.count().unwrap() >= 20);
}

/// Against a real server: `TINTUC_TEST_PG` (see `scripts/pg-test-server.sh`); SKIP when unset.
#[cfg(feature = "postgres")]
#[test]
fn postgres_document_store_passes_conformance() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tintuc::store::PostgresDocumentStore;
    let Some(params) = std::env::var("TINTUC_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty())
    else {
        println!("SKIP: TINTUC_TEST_PG not set");
        return;
    };
    let n = AtomicUsize::new(0);
    let tag = std::process::id();
    let names = std::sync::Mutex::new(Vec::new());
    let report = document_conformance::run(|| {
        let schema = format!("t_docs_{tag}_{}", n.fetch_add(1, Ordering::SeqCst));
        names.lock().unwrap().push(schema.clone());
        PostgresDocumentStore::connect_in_schema(&params, &schema)
            .unwrap_or_else(|e| panic!("TINTUC_TEST_PG is set but connecting failed: {e:?}"))
    });
    let schemas = names.into_inner().unwrap();
    let mut client = postgres::Client::connect(&params, postgres::NoTls).unwrap();
    for s in schemas {
        client
            .batch_execute(&format!("DROP SCHEMA {s} CASCADE"))
            .unwrap();
    }
    report.assert_ok();
    assert_eq!(report.passed.len(), 7);
}
