//! Foundation benches: importing the plain JSONL format and listing from `MemoryStore`.
//!
//! `cargo bench --bench foundation` (reads ../shared/data/vntc/vntc_sample_3000.jsonl;
//! skipped with a message when absent).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tintuc::import::Importer;
use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore};

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/vntc/vntc_sample_3000.jsonl"
    );
    let Ok(data) = std::fs::read(path) else {
        eprintln!("SKIP: {path} not found");
        return;
    };
    let mut g = c.benchmark_group("import");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.sample_size(10);
    g.bench_function("vntc_sample_3000", |b| {
        b.iter(|| Importer::new().read(&data[..]).map(|r| r.articles.len()))
    });
    g.finish();

    let articles = Importer::new()
        .read(&data[..])
        .map(|r| r.articles)
        .unwrap_or_default();
    let store = MemoryStore::new();
    for a in &articles {
        let _ = store.put(a, None);
    }
    let cat = articles
        .first()
        .and_then(|a| a.category.clone())
        .map(|c| c.slug);
    let mut g = c.benchmark_group("memory_store");
    g.bench_function("get", |b| {
        let id = &articles[articles.len() / 2].id;
        b.iter(|| store.get(id).map(|x| x.is_some()))
    });
    if let Some(cat) = cat {
        g.bench_function("list_category_page_5", |b| {
            let q = ListQuery::new(Filter::Category(cat.clone()))
                .page(5)
                .per_page(20);
            b.iter(|| store.list(&q).map(|p| p.items.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
