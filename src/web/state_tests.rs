//! Tests that reach into the service state's writer (a test-only child of `state`).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use super::Shared;
use crate::model::{Article, ArticleId, Slug};
use crate::render::Site;
use crate::store::{ArticleStore, MemoryStore};
use crate::web::Config;

/// Stores article `n` (a draft) through [`Shared::write`].
async fn write(shared: &Arc<Shared>, n: usize) -> Result<(), super::Failure> {
    let id = ArticleId::new(format!("bai-{n}")).unwrap();
    let a = Article::new(
        id.clone(),
        format!("Bài số {n}"),
        Slug::new(format!("bai-so-{n}")).unwrap(),
    );
    shared
        .write(id, move |s| {
            s.put(&a, None)?;
            Ok(((), None, Some(a)))
        })
        .await
}

/// A rebuild (after the PostgreSQL listener reconnects) lands while a writer waits for
/// its write to be published: the writer must still return. The rebuild used to reset
/// the write counts, and the writer then waited for a count the service would reach only
/// after as many more writes.
#[test]
fn a_rebuild_does_not_strand_a_waiting_writer() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store: Arc<dyn ArticleStore> = Arc::new(MemoryStore::new());
        let site = Site::new("Cổng thử", "https://example.gov.vn".parse().unwrap());
        let shared = Arc::new(Shared::start(store, Config::new(site), None).await.unwrap());
        for n in 0..3 {
            write(&shared, n).await.unwrap();
        }
        assert_eq!(*shared.published.borrow(), 3);
        // As if another writer waited for its turn: the fourth write is applied but left
        // for that writer to publish, and its own writer waits (10 ms) before doing it.
        shared.queued.fetch_add(1, Ordering::AcqRel);
        let fourth = tokio::spawn({
            let shared = Arc::clone(&shared);
            async move { write(&shared, 3).await }
        });
        let t0 = std::time::Instant::now();
        while shared.writer.lock().unwrap().applied < 4 {
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "the write was never applied"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        shared.rebuild_now().unwrap();
        shared.queued.fetch_sub(1, Ordering::AcqRel);
        let done = tokio::time::timeout(Duration::from_secs(10), fourth).await;
        assert!(
            matches!(done, Ok(Ok(Ok(())))),
            "the writer did not return after the rebuild"
        );
        let w = shared.writer.lock().unwrap();
        assert_eq!((w.applied, w.published), (4, 4));
        drop(w);
        assert_eq!(*shared.published.borrow(), 4);
    });
}
