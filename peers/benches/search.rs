//! Site search: tintuc's `search` index against Tantivy (BM25 over title and body, title
//! boosted 2×) with its default tokenizer and with ASCII folding: same articles, same
//! queries, same run.
//!
//! ```text
//! cargo bench -p tintuc-peers --bench search -- --warm-up-time 1 --measurement-time 3
//! ```
//! Corpus: the VNTC sample (3,000 articles) from ../shared/data, then VNTC train; skipped
//! with a message when absent. Queries of the five kinds (title fragment folded, in the
//! other tone style, with two letters swapped, unfinished, a folded body phrase), one per
//! iteration, cycling over the kind's queries: `tintuc` with snippets and explanations,
//! `tintuc-ids` ids and scores only (`search_ids`, as the Tantivy peers return ids).
//! Builds are measured too. Accuracy,
//! percentiles and the baomoi scale: `cargo run --release -p tintuc-peers --example
//! search_eval -- --baomoi`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tintuc::model::Article;
use tintuc::search::{Index, Query};
use tintuc_peers::bench_queries::bench_queries;
use tintuc_peers::related::shared_articles;
use tintuc_peers::tantivy_search::TantivySearch;

const K: usize = 10;
/// Queries per kind.
const PER_KIND: usize = 200;

fn bench_corpus(c: &mut Criterion, name: &str, articles: &[Article]) {
    let mut g = c.benchmark_group(format!("search_build/{name}"));
    g.throughput(Throughput::Elements(articles.len() as u64));
    g.sample_size(10);
    g.bench_function("tintuc", |b| b.iter(|| Index::build(articles).len()));
    for (engine, folding) in [("tantivy-default", false), ("tantivy-fold", true)] {
        g.bench_function(engine, |b| {
            b.iter(|| TantivySearch::build(engine, articles, folding).map(|p| p.bytes))
        });
    }
    g.finish();

    let index = Index::build(articles);
    let peers = [
        (
            "tantivy-default",
            TantivySearch::build("tantivy-default", articles, false),
        ),
        (
            "tantivy-fold",
            TantivySearch::build("tantivy-fold", articles, true),
        ),
    ];
    for (kind, qs) in bench_queries(articles, (articles.len() / PER_KIND).max(1)) {
        if qs.is_empty() {
            continue;
        }
        let mut g = c.benchmark_group(format!("search_top10/{name}/{kind}"));
        let mut i = 0usize;
        g.bench_function("tintuc", |b| {
            b.iter(|| {
                i = (i + 1) % qs.len();
                index
                    .search(&Query::new(qs[i].as_str()).page(0, K))
                    .map_or(0, |r| r.hits.len())
            })
        });
        let mut i = 0usize;
        g.bench_function("tintuc-ids", |b| {
            b.iter(|| {
                i = (i + 1) % qs.len();
                index
                    .search_ids(&Query::new(qs[i].as_str()).page(0, K))
                    .map_or(0, |r| r.hits.len())
            })
        });
        for (engine, peer) in &peers {
            let Ok(peer) = peer else {
                eprintln!("SKIP: {engine} did not build");
                continue;
            };
            let mut i = 0usize;
            g.bench_function(*engine, |b| {
                b.iter(|| {
                    i = (i + 1) % qs.len();
                    peer.top(&qs[i]).len()
                })
            });
        }
        g.finish();
    }
}

fn bench(c: &mut Criterion) {
    if let Some(articles) = shared_articles("vntc/vntc_sample_3000.jsonl") {
        bench_corpus(c, &format!("vntc-{}", articles.len()), &articles);
    }
    if let Some(articles) = shared_articles("vntc/vntc_train.jsonl.gz") {
        let name = format!("vntc-train-{}k", articles.len() / 1000);
        bench_corpus(c, &name, &articles);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
