//! Known-item search on VNTC through PostgreSQL (`tintuc::search::postgres`) beside the
//! in-memory `tintuc::search::Index`, on the same articles and the same queries.
//!
//! ```text
//! eval "$(scripts/pg-test-server.sh)"     # a throwaway server; exports TINTUC_TEST_PG
//! cargo run --release -p tintuc-peers --features postgres --example search_pg_eval -- \
//!     [FILE.jsonl(.gz)] [--pg PARAMS] [--docs 20000] [--per-kind 200] [--split eval|tune] \
//!     [--seed 1] [--candidates 100] [--schema search_pg_eval] [--keep]
//! scripts/pg-test-server.sh stop "$TINTUC_TEST_PG_DIR"
//! ```
//! `--pg` defaults to `$TINTUC_TEST_PG`; without either the example prints `SKIP`. The
//! articles go into a fresh schema (`--schema`, dropped first, and at the end unless
//! `--keep`) through a plain `PostgresStore`; `PostgresSearch::new` then indexes them in
//! batches (`sync`). The queries are `search_eval`'s: the same five kinds made the same way
//! from the same seed (title fragments folded, in the other tone style, with one typo,
//! with the last syllable cut, body phrases), from the `--split` half of the articles.
//!
//! A query succeeds when its target is in the top 10; MRR@10 is the mean of 1/rank (0
//! beyond 10). Latencies are wall-clock medians and p99 of single-threaded queries, the
//! PostgreSQL one including the round trips and the ranking of the candidates.
use std::collections::HashMap;
use std::time::Instant;

use tintuc::model::{Article, Slug};
use tintuc::search::postgres::PostgresSearch;
use tintuc::search::{Index, Query};
use tintuc::store::{ArticleStore, PostgresStore};
use tintuc_peers::related::{corpus_path, load};
use tintuc_peers::search_queries::{make_queries, percentile, split_targets, Score, KINDS};

const K: usize = 10;

/// Whether `name` is a plain lower-case SQL identifier (safe to splice into SQL).
fn plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let keep = match args.iter().position(|a| a == "--keep") {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    };
    let mut opt = |name: &str, default: &str| -> String {
        match args.iter().position(|a| a == name) {
            Some(i) if i + 1 < args.len() => {
                let v = args[i + 1].clone();
                args.drain(i..=i + 1);
                v
            }
            _ => default.to_string(),
        }
    };
    let docs: usize = opt("--docs", "20000").parse()?;
    let per_kind: usize = opt("--per-kind", "200").parse()?;
    let split = opt("--split", "eval");
    let seed: u64 = opt("--seed", "1").parse()?;
    let candidates: usize = opt("--candidates", "100").parse()?;
    let schema = opt("--schema", "search_pg_eval");
    let pg = opt("--pg", &std::env::var("TINTUC_TEST_PG").unwrap_or_default());
    if pg.trim().is_empty() {
        println!("SKIP: no server (--pg PARAMS or TINTUC_TEST_PG)");
        return Ok(());
    }
    if !plain_identifier(&schema) {
        return Err(format!("--schema {schema:?} must match [a-z_][a-z0-9_]{{0,62}}").into());
    }
    let Some(path) = corpus_path(&args) else {
        return Ok(());
    };
    let mut articles: Vec<Article> = load(&path, docs)?.into_iter().map(|l| l.article).collect();
    // The loader gives every article one slug; a store wants them unique.
    for (i, a) in articles.iter_mut().enumerate() {
        a.slug = Slug::new(format!("tin-{i}"))?;
    }
    let targets = split_targets(&articles, articles.len(), &split);
    println!(
        "{} articles, queries from the {split} split ({} articles), {per_kind} per kind, seed {seed}, {candidates} candidates",
        articles.len(),
        targets.len()
    );

    let queries = make_queries(&articles, &targets, per_kind, seed); // kind, target, text

    let mut admin = postgres::Client::connect(&pg, postgres::NoTls)?;
    admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))?;
    let t0 = Instant::now();
    let store = PostgresStore::connect_in_schema(&pg, &schema)?;
    for a in &articles {
        store.put(a, None)?;
    }
    let load_secs = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let search = PostgresSearch::new(store)?
        .published_only(false)
        .candidates(candidates);
    let sync_secs = t0.elapsed().as_secs_f64();
    let size: i64 = admin
        .query_one(
            &format!("SELECT pg_total_relation_size('{schema}.search_docs')"),
            &[],
        )?
        .get(0);
    let t0 = Instant::now();
    let index = Index::build(&articles);
    let build_secs = t0.elapsed().as_secs_f64();
    println!(
        "postgres: articles stored in {load_secs:.1}s, search rows written in {sync_secs:.1}s, \
         search_docs {:.0} bytes per article (table, TOAST and GIN index); \
         in-memory index built in {build_secs:.1}s (machine under load)",
        size as f64 / articles.len().max(1) as f64
    );

    let pos: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let names = ["tintuc in-memory", "tintuc postgres"];
    let mut scores = vec![vec![Score::default(); KINDS.len() + 1]; 2];
    let mut lat: Vec<Vec<f64>> = vec![Vec::new(); 2];
    let mut errors = [0usize; 2];
    for (kind, target, q) in &queries {
        for e in 0..2 {
            let query = Query::new(q.as_str()).page(0, K);
            let t0 = Instant::now();
            let r = if e == 0 {
                index.search(&query).map_err(|e| e.to_string())
            } else {
                search.search(&query).map_err(|e| e.to_string())
            };
            lat[e].push(t0.elapsed().as_secs_f64() * 1e3);
            let found: Vec<usize> = match r {
                Ok(r) => r
                    .hits
                    .iter()
                    .filter_map(|h| pos.get(h.id.as_str()).copied())
                    .collect(),
                Err(msg) => {
                    if errors[e] == 0 {
                        eprintln!("{}: {msg} for {q:?}", names[e]);
                    }
                    errors[e] += 1;
                    Vec::new()
                }
            };
            let rank = found.iter().take(K).position(|p| p == target);
            scores[e][*kind].add(rank);
            scores[e][KINDS.len()].add(rank);
        }
    }
    println!(
        "\nsuccess@10 / MRR@10 ({} queries; errors: in-memory {}, postgres {})",
        queries.len(),
        errors[0],
        errors[1]
    );
    print!("{:<20}", "engine");
    for k in KINDS.iter().chain(["all"].iter()) {
        print!(" {k:>15}");
    }
    println!();
    for e in 0..2 {
        print!("{:<20}", names[e]);
        for s in &scores[e] {
            print!(" {:>15}", s.show());
        }
        println!();
    }
    println!("\nlatency per query, ms (machine under load: not a comparison)");
    for e in 0..2 {
        let m = percentile(&mut lat[e], 0.5);
        let p99 = percentile(&mut lat[e], 0.99);
        println!("{:<20} median {m:.3}  p99 {p99:.3}", names[e]);
    }
    if !keep {
        admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))?;
    }
    Ok(())
}
