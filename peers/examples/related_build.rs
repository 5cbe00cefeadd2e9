//! Times `tintuc::related::Builder::build` over VNTC train, or with `--baomoi` over VNTC
//! train and baomoi, for profiling and iteration: the best of `--reps N` builds with
//! `--threads N` analysis threads (0: all cores), optionally Tantivy's build in the same
//! process (`--tantivy`) and a digest of the serialised index (`--digest`: two builds of
//! the same corpus give the same digest exactly when they serialise the same), and of
//! every article's top 10 ids and score bits (`--rank-digest`: the same digest exactly
//! when every ranking is the same, whatever the serialised form).
//!
//! `cargo run --release -p tintuc-peers --example related_build -- --reps 2 --digest`
//! (`--sample`: the 3,000-article VNTC sample instead of train, e.g. under callgrind).
//! `TINTUC_RELATED_CONFIG` builds with a JSON `Config` (e.g. `{"latent_weight": 0}`:
//! no latent topics); `--latent-time` also times the same build without topics, so
//! the latent fit's time shows beside the lexical build's.

use std::time::{Duration, Instant};

use tintuc::related::{Config, Index, QueryOptions};
use tintuc_peers::related::{config_from_env, example_corpus, Tantivy};

/// FNV-1a over everything written to it.
struct Digest(u64);

impl std::io::Write for Digest {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let value = |f: &str, d: usize| {
        args.iter()
            .position(|a| a == f)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (reps, threads) = (value("--reps", 1), value("--threads", 0));
    // `--sample`: the 3,000-article VNTC sample; TINTUC_RELATED_CONFIG: a JSON `Config`
    let Some(articles) = example_corpus(flag("--sample"), flag("--baomoi")) else {
        return;
    };
    let config: Config = config_from_env();
    if flag("--latent-time") {
        let lexical = Config {
            latent_weight: 0.0,
            ..config.clone()
        };
        let mut best = Duration::MAX;
        for _ in 0..reps.max(1) {
            let t = Instant::now();
            let built = Index::builder()
                .config(lexical.clone())
                .threads(threads)
                .build(&articles);
            best = best.min(t.elapsed());
            drop(built);
        }
        println!(
            "articles {} lexical build (latent_weight 0) {:.3} s (best of {reps}, threads {threads})",
            articles.len(),
            best.as_secs_f64()
        );
    }
    let mut best = Duration::MAX;
    let mut index = None;
    for _ in 0..reps.max(1) {
        drop(index.take());
        let t = Instant::now();
        let built = Index::builder()
            .config(config.clone())
            .threads(threads)
            .build(&articles);
        best = best.min(t.elapsed());
        index = Some(built);
    }
    println!(
        "articles {} tintuc build {:.3} s (best of {reps}, threads {threads})",
        articles.len(),
        best.as_secs_f64()
    );
    if let Some(index) = &index {
        let m = index.memory_bytes();
        let n = articles.len().max(1);
        println!(
            "query index {} B/article, latent {} B/article, total {} B/article",
            m.index / n,
            m.latent / n,
            m.total() / n
        );
        if flag("--digest") {
            let mut d = Digest(0xcbf2_9ce4_8422_2325);
            serde_json::to_writer(&mut d, index).expect("serialise");
            println!("digest {:016x}", d.0);
        }
        if flag("--rank-digest") {
            use std::io::Write as _;
            let mut d = Digest(0xcbf2_9ce4_8422_2325);
            // no minimum score: every ranking in full
            let options = QueryOptions::top(10).without_explanations().min_score(0.0);
            for a in &articles {
                for r in index.related(&a.id, &options) {
                    let _ = d.write(r.id.as_str().as_bytes());
                    let _ = d.write(&r.score.to_bits().to_le_bytes());
                }
            }
            println!("rank digest {:016x}", d.0);
        }
    }
    if flag("--tantivy") {
        drop(index);
        let mut best = Duration::MAX;
        for _ in 0..reps.max(1) {
            let t = Instant::now();
            let built = Tantivy::build(&articles).expect("tantivy");
            best = best.min(t.elapsed());
            drop(built);
        }
        println!("tantivy build {:.3} s (best of {reps})", best.as_secs_f64());
    }
}
