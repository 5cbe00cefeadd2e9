//! Site search ("Tìm kiếm"): building the index, and one top-10 query of each of the five
//! kinds readers type (title fragment without marks, in the other tone style, with a
//! typo, unfinished, a body phrase without marks), with snippets and explanations
//! (`search`) and ids only (`…/ids`, `search_ids`).
//!
//! `cargo bench --bench search` measures the bundled sample, then the VNTC sample from
//! ../shared/data when present (a `SKIP` line says when it is not). The comparison with
//! Tantivy (default tokenizer and ASCII folding) in the same run:
//! `cargo bench -p tintuc-peers --bench search`; accuracy and latency percentiles:
//! `cargo run --release -p tintuc-peers --example search_eval`.

mod common;
#[path = "common/search_queries.rs"]
mod search_queries;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tintuc::search::{Index, Query};

fn bench(c: &mut Criterion) {
    for corpus in common::corpora() {
        let name = corpus.name.as_str();
        let articles = &corpus.articles;

        let mut g = c.benchmark_group("search_build");
        g.throughput(Throughput::Elements(articles.len() as u64));
        g.sample_size(10);
        g.bench_function(name, |b| b.iter(|| Index::build(articles).len()));
        g.finish();

        let index = Index::build(articles);
        let mut g = c.benchmark_group("search_top10");
        for (kind, qs) in search_queries::bench_queries(articles, 1) {
            if qs.is_empty() {
                continue;
            }
            // One query per iteration, cycling over the kind's queries.
            let mut i = 0usize;
            g.bench_function(format!("{name}/{kind}"), |b| {
                b.iter(|| {
                    i = (i + 1) % qs.len();
                    index
                        .search(&Query::new(qs[i].as_str()))
                        .map_or(0, |r| r.hits.len())
                })
            });
            let mut i = 0usize;
            g.bench_function(format!("{name}/{kind}/ids"), |b| {
                b.iter(|| {
                    i = (i + 1) % qs.len();
                    index
                        .search_ids(&Query::new(qs[i].as_str()))
                        .map_or(0, |r| r.hits.len())
                })
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
