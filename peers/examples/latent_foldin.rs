//! The latent topics' fold-in against a refit, on a 10 % insert test: an index is built
//! over 90 % of the indexed articles, the other 10 % are inserted one by one (their
//! topic vectors folded in by projection onto the fitted topics), and held-out p@10 is
//! measured then, after `Index::refit_latent` (the topics fitted again over all), and
//! after a full rebuild; with the insert and rebuild times.
//!
//! ```text
//! cargo run --release -p tintuc-peers --example latent_foldin -- [FILE.jsonl(.gz)] [--queries N]
//! ```
//!
//! Split as `related_holdout`'s fold 0 (`FOLD=k` for another): articles at positions
//! `i % 5 == fold` are the held-out queries (`--queries N` of them, spread evenly;
//! default all), the others are indexed; of those, every tenth is inserted after the
//! build. `TINTUC_RELATED_CONFIG` builds with a JSON `Config`.
use std::time::Instant;

use tintuc::related::{Config, Index, QueryOptions};
use tintuc_peers::related::{corpus_path, load, precision, Labelled};

const K: usize = 10;

fn p_at_10(index: &Index, corpus: &[Labelled], labels: &[&str], qs: &[usize]) -> f64 {
    let pos: std::collections::HashMap<&str, usize> = corpus
        .iter()
        .enumerate()
        .map(|(i, l)| (l.article.id.as_str(), i))
        .collect();
    let options = QueryOptions::top(K).without_explanations().min_score(0.0);
    let total: f64 = qs
        .iter()
        .map(|&q| {
            let found: Vec<usize> = index
                .related(&corpus[q].article, &options)
                .iter()
                .filter_map(|r| pos.get(r.id.as_str()).copied())
                .collect();
            precision(labels, q, &found, K)
        })
        .sum();
    total / qs.len().max(1) as f64
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut queries = usize::MAX;
    if let Some(i) = args.iter().position(|a| a == "--queries") {
        queries = args.get(i + 1).ok_or("--queries needs a value")?.parse()?;
        args.drain(i..=i + 1);
    }
    let Some(path) = corpus_path(&args) else {
        return Ok(());
    };
    let fold: usize = std::env::var("FOLD")
        .ok()
        .and_then(|f| f.parse().ok())
        .unwrap_or(0)
        % 5;
    let config: Config = match std::env::var("TINTUC_RELATED_CONFIG") {
        Ok(json) => serde_json::from_str(&json)?,
        Err(_) => Config::default(),
    };
    let corpus = load(&path, usize::MAX)?;
    let labels: Vec<&str> = corpus.iter().map(|l| l.label.as_str()).collect();
    let (held, indexed): (Vec<usize>, Vec<usize>) = (0..corpus.len()).partition(|i| i % 5 == fold);
    let n = queries.min(held.len());
    let qs: Vec<usize> = (0..n).map(|j| held[j * held.len() / n]).collect();
    let (later, first): (Vec<usize>, Vec<usize>) =
        indexed.iter().partition(|&&i| (i / 5) % 10 == 0);
    let art = |i: &usize| &corpus[*i].article;

    let t = Instant::now();
    let mut index = Index::build(first.iter().map(art), config.clone());
    let build90 = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for i in &later {
        index.insert(art(i));
    }
    let inserts = t.elapsed().as_secs_f64();
    let drift = index.latent_drift();
    let folded = p_at_10(&index, &corpus, &labels, &qs);
    let t = Instant::now();
    let refitted = index.refit_latent();
    let refit = t.elapsed().as_secs_f64();
    let after_refit = p_at_10(&index, &corpus, &labels, &qs);
    drop(index);
    let t = Instant::now();
    let rebuilt = Index::build(indexed.iter().map(art), config);
    let rebuild = t.elapsed().as_secs_f64();
    let after_rebuild = p_at_10(&rebuilt, &corpus, &labels, &qs);

    println!(
        "corpus: {} ({} unique bodies), fold {fold}: {} indexed ({} built, {} inserted), {} held-out queries, k = {K}",
        path.display(),
        corpus.len(),
        indexed.len(),
        first.len(),
        later.len(),
        qs.len()
    );
    if let Some(d) = drift {
        println!(
            "drift after the inserts: fitted {}, folded {} (share {:.3}), residual fitted {:.4}, folded {:.4} (gain {:+.4})",
            d.fitted,
            d.folded,
            d.folded_share(),
            d.residual_fitted,
            d.residual_folded,
            d.residual_gain()
        );
    } else {
        println!("no latent topics (latent_weight 0 or too few articles)");
    }
    println!("| state | p@10 (no minimum) | time s |");
    println!("|---|---|---|");
    println!("| built on 90 % | – | {build90:.2} |");
    println!(
        "| + 10 % inserted, topics folded in | {folded:.4} | {inserts:.2} ({:.3} ms an insert) |",
        1000.0 * inserts / later.len().max(1) as f64
    );
    println!("| + refit_latent ({refitted}) | {after_refit:.4} | {refit:.2} |");
    println!("| rebuilt over all | {after_rebuild:.4} | {rebuild:.2} |");
    println!(
        "fold-in − refit: {:+.4}; fold-in − rebuild: {:+.4}; an insert / a rebuild: 1/{:.0}",
        folded - after_refit,
        folded - after_rebuild,
        rebuild / (inserts / later.len().max(1) as f64)
    );
    Ok(())
}
