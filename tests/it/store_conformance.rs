//! The storage conformance suite, run against the embedded default store.

use tintuc::store::{conformance, ArticleStore, MemoryStore};

#[test]
fn memory_store_passes_conformance() {
    let report = conformance::run(MemoryStore::new);
    report.assert_ok();
    assert_eq!(report.passed.len(), 14);
}

#[test]
fn memory_store_is_send_sync_and_object_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<MemoryStore>();
    let store: std::sync::Arc<dyn ArticleStore> = std::sync::Arc::new(MemoryStore::new());
    assert_eq!(store.count().unwrap(), 0);
    assert_eq!(tintuc::store::ScanIter::new(&*store).count(), 0);
}

#[test]
fn sample_corpus_loads_into_store() {
    let store = MemoryStore::with_articles(tintuc::import::sample_articles().unwrap()).unwrap();
    assert!(store.count().unwrap() >= 20);
    let cats = store.categories().unwrap();
    assert!(cats.len() >= 4, "{} categories", cats.len());
}
