//! A query workload and a build for profilers: builds tintuc's related index (and,
//! with `--tantivy`, Tantivy's) over VNTC train, `--baomoi` adding baomoi (148.8k
//! articles), `--sample` the 3,000-article sample instead; then runs the same
//! `--queries N` (default 1,000, the bench's sample) top-10 queries on each: tintuc's
//! `related` with explanations (as the bench's median), then Tantivy MoreLikeThis
//! (default settings). `--ids`: tintuc without explanations.
//!
//! `--pause` waits for a line on stdin before each phase (`build`, `built`,
//! `queries tintuc`, `queries mlt`, `end`), after printing its name, so that a profiler can be switched
//! on or dumped between phases, e.g. under callgrind with instrumentation off until the
//! queries:
//!
//! ```text
//! valgrind --tool=callgrind --instr-atstart=no target/release/examples/related_profile \
//!   --baomoi --tantivy --pause     # then, at each phase, `callgrind_control -i on` or
//!                                  # `callgrind_control -d`, and a line on its stdin
//! ```
//!
//! `--cpu` prints the process's CPU time (user + system, from `/proc/self/stat`) of each
//! phase: the build with `TINTUC_RELATED_CONFIG` (or the defaults) and, with
//! `--lexical`, the same build without topics (`latent_weight` 0) before it, so that the
//! latent fit's share of the build shows as CPU time. `--threads N` (default 0: all
//! cores).

use std::io::BufRead as _;

use tintuc::related::{Config, Index, QueryOptions};
use tintuc_peers::related::{config_from_env, example_corpus, sample, Tantivy, MLT_DEFAULT};

/// CPU seconds (user + system) of this process so far, 0 when `/proc` is not there.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // the fields after the command name (which is in parentheses): utime is the 14th
    // field of the line, stime the 15th, in clock ticks (100 a second on Linux)
    let rest = stat.rsplit_once(')').map_or("", |x| x.1);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
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
    let (queries, threads) = (value("--queries", 1000), value("--threads", 0));
    let phase = |name: &str| {
        println!("phase {name}");
        if flag("--pause") {
            let mut line = String::new();
            let _ = std::io::stdin().lock().read_line(&mut line);
        }
    };
    // `--sample`: the 3,000-article VNTC sample; TINTUC_RELATED_CONFIG: a JSON `Config`
    let Some(articles) = example_corpus(flag("--sample"), flag("--baomoi")) else {
        return;
    };
    let config: Config = config_from_env();
    let cpu = flag("--cpu");
    if flag("--lexical") {
        let lexical = Config {
            latent_weight: 0.0,
            ..config.clone()
        };
        let before = cpu_seconds();
        let built = Index::builder()
            .config(lexical)
            .threads(threads)
            .build(&articles);
        if cpu {
            println!(
                "cpu lexical build (latent_weight 0) {:.2} s",
                cpu_seconds() - before
            );
        }
        drop(built);
    }
    phase("build");
    let before = cpu_seconds();
    let index = Index::builder()
        .config(config)
        .threads(threads)
        .build(&articles);
    if cpu {
        println!("cpu build {:.2} s", cpu_seconds() - before);
    }
    phase("built");
    let tantivy = flag("--tantivy").then(|| Tantivy::build(&articles).expect("tantivy"));
    let qs = sample(articles.len(), queries);
    let options = if flag("--ids") {
        QueryOptions::top(10).without_explanations()
    } else {
        QueryOptions::top(10)
    };
    phase("queries tintuc");
    let before = cpu_seconds();
    let mut found = 0usize;
    for &q in &qs {
        if let Some(a) = articles.get(q) {
            found += std::hint::black_box(index.related(&a.id, &options)).len();
        }
    }
    if cpu {
        println!("cpu tintuc queries {:.2} s", cpu_seconds() - before);
    }
    println!("tintuc queries {} results {found}", qs.len());
    phase("queries mlt");
    if let Some(t) = &tantivy {
        let searcher = t.searcher();
        let before = cpu_seconds();
        let mut found = 0usize;
        for &q in &qs {
            found += std::hint::black_box(t.related(&searcher, &MLT_DEFAULT, q, 10)).len();
        }
        if cpu {
            println!("cpu mlt queries {:.2} s", cpu_seconds() - before);
        }
        println!("mlt queries {} results {found}", qs.len());
    }
    phase("end");
}
