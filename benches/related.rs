//! Related articles ("Tin liên quan"): building the index over a corpus, and one top-10
//! query (with explanations, and ids and scores only).
//!
//! `cargo bench --bench related` measures the bundled sample, then the VNTC sample from
//! ../shared/data when present (a `SKIP` line says when it is not). The comparison with
//! Tantivy MoreLikeThis on the full VNTC and baomoi corpora, with latency percentiles and
//! memory: `cargo bench -p tintuc-peers --bench related`. With `--features latent` the
//! index has latent topics (when the corpus has enough articles) and `ids-lexical`
//! times the same query without them (`latent_weight` 0).

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tintuc::related::{Config, Index, QueryOptions};

const K: usize = 10;

fn bench(c: &mut Criterion) {
    for corpus in common::corpora() {
        let name = corpus.name.as_str();
        let articles = &corpus.articles;

        let mut g = c.benchmark_group("related_build");
        g.throughput(Throughput::Elements(articles.len() as u64));
        g.sample_size(10);
        g.bench_function(name, |b| {
            b.iter(|| Index::build(articles, Config::default()).len())
        });
        g.finish();

        let index = Index::build(articles, Config::default());
        let explained = QueryOptions::top(K);
        let ids_only = QueryOptions::top(K).without_explanations();
        // One query per iteration, cycling over every article.
        let mut g = c.benchmark_group("related_top10");
        let mut i = 0usize;
        g.bench_function(format!("{name}/explained"), |b| {
            b.iter(|| {
                i = (i + 1) % articles.len();
                index.related(&articles[i].id, &explained).len()
            })
        });
        let mut i = 0usize;
        g.bench_function(format!("{name}/ids"), |b| {
            b.iter(|| {
                i = (i + 1) % articles.len();
                index.related(&articles[i].id, &ids_only).len()
            })
        });
        let lexical = Index::build(
            articles,
            Config {
                latent_weight: 0.0,
                ..Config::default()
            },
        );
        let mut i = 0usize;
        g.bench_function(format!("{name}/ids-lexical"), |b| {
            b.iter(|| {
                i = (i + 1) % articles.len();
                lexical.related(&articles[i].id, &ids_only).len()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
