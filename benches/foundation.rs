//! Foundation benches: importing JSON Lines and listing from `MemoryStore`.
//!
//! `cargo bench --bench foundation`: imports the bundled sample (`data/sample.jsonl`, the
//! full article JSON form), then ../shared/data/vntc/vntc_sample_3000.jsonl (the plain
//! format) and lists from a `MemoryStore` holding it; a `SKIP` line says when
//! ../shared/data is absent.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tintuc::import::Importer;
use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore};

fn bench(c: &mut Criterion) {
    let sample = tintuc::import::SAMPLE_JSONL.as_bytes();
    let mut g = c.benchmark_group("import");
    g.throughput(Throughput::Bytes(sample.len() as u64));
    g.bench_function("sample", |b| {
        b.iter(|| Importer::new().read(sample).map(|r| r.articles.len()))
    });
    g.finish();

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
