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
//! iteration, cycling over the kind's queries. Builds are measured too. Accuracy,
//! percentiles and the baomoi scale: `cargo run --release -p tintuc-peers --example
//! search_eval -- --baomoi`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, TextFieldIndexing, TextOptions, Value, STORED};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{doc, IndexWriter, TantivyDocument};
use tintuc::model::Article;
use tintuc::search::{Index, Query};
use tintuc::text::{convert_tone_style, fold, syllables, ToneStyle};
use tintuc_peers::related::shared_articles;

const K: usize = 10;
/// Queries per kind.
const PER_KIND: usize = 200;

/// Tantivy over title and body (the lead joins the body), as `search_eval` sets it up.
struct Peer {
    reader: tantivy::IndexReader,
    parser: QueryParser,
    pos: tantivy::schema::Field,
}

impl Peer {
    fn build(articles: &[Article], folding: bool) -> tantivy::Result<Peer> {
        let tok = if folding { "fold" } else { "default" };
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(tantivy::schema::IndexRecordOption::WithFreqsAndPositions),
        );
        let mut sb = Schema::builder();
        let pos = sb.add_u64_field("pos", STORED);
        let title = sb.add_text_field("title", text.clone());
        let body = sb.add_text_field("body", text);
        let index = tantivy::Index::create_in_ram(sb.build());
        index.tokenizers().register(
            "fold",
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
        let mut w: IndexWriter = index.writer(50_000_000)?;
        for (i, a) in articles.iter().enumerate() {
            let lead = a.lead.clone().unwrap_or_default();
            w.add_document(doc!(
                pos => i as u64,
                title => a.title.clone(),
                body => format!("{lead}\n{}", a.body_text())
            ))?;
        }
        w.commit()?;
        let reader = index.reader()?;
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_field_boost(title, 2.0);
        Ok(Peer {
            reader,
            parser,
            pos,
        })
    }

    /// Positions of the top 10 (the stored position read back, as a site would read ids).
    fn top(&self, q: &str) -> Vec<u64> {
        let searcher = self.reader.searcher();
        let (query, _) = self.parser.parse_query_lenient(q);
        let Ok(top) = searcher.search(&query, &TopDocs::with_limit(K)) else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(a).ok()?;
                d.get_first(self.pos).and_then(|v| v.as_u64())
            })
            .collect()
    }
}

/// Queries of the five kinds, deterministic (windows placed by the article's index).
fn queries(articles: &[Article]) -> Vec<(&'static str, Vec<String>)> {
    let mut kinds: Vec<(&'static str, Vec<String>)> = [
        "title-folded",
        "title-style",
        "typo",
        "prefix",
        "body-phrase",
    ]
    .into_iter()
    .map(|k| (k, Vec::new()))
    .collect();
    let step = (articles.len() / PER_KIND).max(1);
    for (i, a) in articles.iter().enumerate().step_by(step) {
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

fn bench_corpus(c: &mut Criterion, name: &str, articles: &[Article]) {
    let mut g = c.benchmark_group(format!("search_build/{name}"));
    g.throughput(Throughput::Elements(articles.len() as u64));
    g.sample_size(10);
    g.bench_function("tintuc", |b| b.iter(|| Index::build(articles).len()));
    for (engine, folding) in [("tantivy-default", false), ("tantivy-fold", true)] {
        g.bench_function(engine, |b| {
            b.iter(|| Peer::build(articles, folding).map(|p| p.pos))
        });
    }
    g.finish();

    let index = Index::build(articles);
    let peers = [
        ("tantivy-default", Peer::build(articles, false)),
        ("tantivy-fold", Peer::build(articles, true)),
    ];
    for (kind, qs) in queries(articles) {
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
