//! The document storage conformance suite, run against the embedded store.

use tintuc::store::{document_conformance, DocumentStore, MemoryDocumentStore};

#[test]
fn memory_document_store_passes_conformance() {
    let report = document_conformance::run(MemoryDocumentStore::new);
    report.assert_ok();
    assert_eq!(report.passed.len(), 7);
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
