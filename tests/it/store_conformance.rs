//! The storage conformance suite, run against the embedded default store.

use tintuc::store::{conformance, revision_conformance, ArticleStore, MemoryStore};

#[test]
fn memory_store_passes_conformance() {
    let report = conformance::run(MemoryStore::new);
    report.assert_ok();
    assert_eq!(report.passed.len(), 14);
}

#[test]
fn memory_store_passes_revision_conformance() {
    let report = revision_conformance::run(MemoryStore::new);
    report.assert_ok();
    assert_eq!(report.passed.len(), 5);
    // Through `Arc`, as hosts share it.
    let report = revision_conformance::run(|| std::sync::Arc::new(MemoryStore::new()));
    report.assert_ok();
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

/// The 8-writer check on one shared `MemoryStore`: no lost update, no lost version.
#[test]
fn eight_writers_on_a_shared_memory_store_lose_nothing() {
    let shared = std::sync::Arc::new(MemoryStore::new());
    crate::common::store_checks::eight_writers(|| shared.clone());
}
