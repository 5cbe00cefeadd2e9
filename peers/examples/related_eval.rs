//! Precision@10 of related-article rankers on VNTC (labels never given to the rankers).
//!
//! ```text
//! cargo run --release -p tintuc-peers --example related_eval -- [FILE.jsonl(.gz)] [--queries N]
//! ```
//! Default file: ../shared/data/vntc/vntc_train.jsonl.gz. Indexes every de-duplicated
//! article (title + body only) and queries a deterministic sample of N (default 2,400).
use std::time::Instant;

use tintuc::related::{Config, Index, QueryOptions};
use tintuc_peers::related::{
    eval_args, load, print_report, sample, timed_queries, BruteForce, Run, Tantivy, MLT_DEFAULT,
    MLT_TUNED,
};

const K: usize = 10;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some((path, queries)) = eval_args()? else {
        return Ok(());
    };
    let t = Instant::now();
    let mut corpus = load(&path, usize::MAX)?;
    // EXTRA_CORPUS=FILE appends a second corpus (as the bench's vntc+baomoi run does; for
    // profiling at that size, the p@10 then mixes two label sets).
    if let Some(extra) = std::env::var_os("EXTRA_CORPUS") {
        corpus.extend(load(std::path::Path::new(&extra), usize::MAX)?);
    }
    let articles: Vec<_> = corpus.iter().map(|l| l.article.clone()).collect();
    let labels: Vec<&str> = corpus.iter().map(|l| l.label.as_str()).collect();
    let qs = sample(articles.len(), queries);
    eprintln!(
        "{} unique articles loaded in {:.1?}; {} queries",
        articles.len(),
        t.elapsed(),
        qs.len()
    );

    let mut results: Vec<Run> = Vec::new();

    // tintuc
    let t = Instant::now();
    // TINTUC_RELATED_CONFIG='{"terms_per_doc":80}' overrides defaults (for tuning runs).
    let config: Config = match std::env::var("TINTUC_RELATED_CONFIG") {
        Ok(json) => serde_json::from_str(&json)?,
        Err(_) => Config::default(),
    };
    let only_tintuc = std::env::var_os("ONLY_TINTUC").is_some();
    if std::env::var_os("TIME_ANALYSIS").is_some() {
        let t = Instant::now();
        let n: usize = articles
            .iter()
            .map(|a| tintuc::related::analyze(a, &config).terms.len())
            .sum();
        eprintln!(
            "analysis alone (1 thread): {:.2?} for {} terms",
            t.elapsed(),
            n
        );
    }
    let index = Index::build(&articles, config);
    let build = t.elapsed().as_secs_f64();
    let m = index.memory_bytes();
    let (mem, sketch) = (m.index, m.statistics);
    eprintln!(
        "tintuc query index ≈ {:.0} B/article (+ df counters {:.0} B/article)",
        mem as f64 / articles.len() as f64,
        sketch as f64 / articles.len() as f64
    );
    let pos: std::collections::HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // QUERY_REPEAT=N runs the tintuc queries N - 1 extra times first (for profiling).
    let repeat: usize = std::env::var("QUERY_REPEAT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    for _ in 1..repeat {
        for &q in &qs {
            std::hint::black_box(index.related(&articles[q].id, &QueryOptions::top(K)));
        }
    }
    let (found, lat) = timed_queries(
        &qs,
        |q| index.related(&articles[q].id, &QueryOptions::top(K)),
        |r| {
            r.iter()
                .filter_map(|x| pos.get(x.id.as_str()).copied())
                .collect()
        },
    );
    results.push(("tintuc (default config)".into(), found, lat, build));

    for (name, bigrams) in if only_tintuc {
        vec![]
    } else {
        vec![
            ("brute-force cosine, syllables", false),
            ("brute-force cosine, syllables+bigrams", true),
        ]
    } {
        let t = Instant::now();
        let bf = BruteForce::build(&articles, bigrams);
        let build = t.elapsed().as_secs_f64();
        let mut acc = Vec::new();
        let (found, lat) = timed_queries(&qs, |q| bf.related(q, K, &mut acc), |r| r);
        results.push((name.into(), found, lat, build));
    }

    let t = Instant::now();
    let tv = Tantivy::build(if only_tintuc { &[] } else { &articles })?;
    let build = t.elapsed().as_secs_f64();
    let searcher = tv.searcher();
    for s in if only_tintuc {
        vec![]
    } else {
        vec![MLT_DEFAULT, MLT_TUNED]
    } {
        let (found, lat) = timed_queries(&qs, |q| tv.related(&searcher, &s, q, K), |r| r);
        results.push((s.name.into(), found, lat, build));
    }

    println!(
        "corpus: {} ({} unique bodies), queries: {}, k = {K}",
        path.display(),
        articles.len(),
        qs.len()
    );
    print_report(&labels, &qs, &results, K);
    Ok(())
}
