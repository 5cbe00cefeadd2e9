//! Site search ("Tìm kiếm"): building the index, and one top-10 query of each of the five
//! kinds readers type (title fragment without marks, in the other tone style, with a
//! typo, unfinished, a body phrase without marks).
//!
//! `cargo bench --bench search` measures the bundled sample, then the VNTC sample from
//! ../shared/data when present (a `SKIP` line says when it is not). The comparison with
//! Tantivy (default tokenizer and ASCII folding) in the same run:
//! `cargo bench -p tintuc-peers --bench search`; accuracy and latency percentiles:
//! `cargo run --release -p tintuc-peers --example search_eval`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tintuc::model::Article;
use tintuc::search::{Index, Query};
use tintuc::text::{convert_tone_style, fold, syllables, ToneStyle};

/// Queries of the five kinds made from every article (deterministic: a title window at a
/// position set by the article's index).
fn queries(articles: &[Article]) -> [(&'static str, Vec<String>); 5] {
    let mut kinds: [(&'static str, Vec<String>); 5] = [
        ("title-folded", Vec::new()),
        ("title-style", Vec::new()),
        ("typo", Vec::new()),
        ("prefix", Vec::new()),
        ("body-phrase", Vec::new()),
    ];
    for (i, a) in articles.iter().enumerate() {
        let title: Vec<&str> = syllables(&a.title).map(|s| s.text).collect();
        if title.len() >= 4 {
            let at = i % (title.len() - 3);
            let window = &title[at..at + 4];
            let folded: Vec<String> = window.iter().map(|s| fold(s)).collect();
            kinds[0].1.push(folded.join(" "));
            let marked = window.join(" ");
            let other = convert_tone_style(&marked, ToneStyle::New);
            let other = if other == marked {
                convert_tone_style(&marked, ToneStyle::Old)
            } else {
                other
            };
            kinds[1].1.push(other.into_owned());
            // Swap two letters of the longest syllable.
            let mut typo = folded.clone();
            if let Some(w) = typo.iter_mut().max_by_key(|w| w.len()) {
                if w.len() >= 4 && w.is_ascii() {
                    let mut b = w.clone().into_bytes();
                    b.swap(1, 2);
                    *w = String::from_utf8(b).unwrap_or_default();
                }
            }
            kinds[2].1.push(typo.join(" "));
            let mut prefix = folded;
            if let Some(last) = prefix.last_mut() {
                if last.len() > 2 && last.is_ascii() {
                    last.truncate(2);
                }
            }
            kinds[3].1.push(prefix.join(" "));
        }
        let body: Vec<&str> = a
            .body
            .iter()
            .flat_map(|b| b.text_parts())
            .flat_map(syllables)
            .map(|s| s.text)
            .collect();
        if body.len() >= 6 {
            let at = (i * 7) % (body.len() - 5);
            kinds[4].1.push(fold(&body[at..at + 6].join(" ")));
        }
    }
    kinds
}

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
        for (kind, qs) in queries(articles) {
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
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
