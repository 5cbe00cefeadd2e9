//! Known-item search on VNTC: tintuc's `search` against Tantivy (BM25, title boosted 2×)
//! with its default tokenizer and with ASCII folding, on the same articles and queries.
//!
//! ```text
//! cargo run --release -p tintuc-peers --example search_eval -- [FILE.jsonl(.gz)] \
//!     [--docs 20000] [--per-kind 200] [--split eval|tune] [--seed 1] [--baomoi] \
//!     [--only-tintuc | --only-folded] [--repeat 1] [--kind typo] [--digest] [--wait] \
//!     [--interleaved] [--min-of]
//! ```
//! Default file: ../shared/data/vntc/vntc_train.jsonl.gz (bodies de-duplicated), first
//! `--docs` articles, all indexed. Each article falls in the `tune` or the `eval` split by a
//! hash of its id; queries are made only from the chosen split's articles, so the crate's
//! weights can be chosen on `tune` and reported on `eval` (same index, disjoint targets).
//! `--baomoi` indexes all of VNTC train (unless `--docs` is given) and the baomoi titles and
//! leads (../shared/data/baomoi, 148.8k articles in all); queries still come from the VNTC
//! articles. `--only-tintuc` skips Tantivy (for profiling, e.g. under callgrind with
//! `--toggle-collect='tintuc::search::score::search*'`); `--only-folded` runs only Tantivy
//! with ASCII folding (the same queries, for its instruction counts under callgrind with
//! `--toggle-collect='*TantivySearch::top'`: `scripts/search-callgrind.sh --tantivy`);
//! `--repeat N` runs each query N
//! times, for steadier latency figures; with `--min-of`, a query's latency is the least of
//! its N runs (an A/B of two builds on a host with noisy neighbours: a burst of someone
//! else's work lengthens some runs, never shortens one). Engines are timed one after the other, each over
//! every query; `--interleaved` runs all engines on one query before the next (the later
//! engines on an index then find the query's postings in cache). `--kind K` keeps only the
//! queries of one kind; `--digest` prints a hash of every tintuc result (ranking changes
//! show as a new digest); `--wait` skips the size measurement and waits for a line on
//! stdin before the timed queries, so a profiler can start instrumenting there.
//!
//! Five kinds of query, `--per-kind` of each, every one made from one article (its target):
//! - `title-folded`: 3–6 consecutive title syllables, folded (`so ket thi dua`);
//! - `title-style`: 3–6 title syllables with marks, in the other tone style (`hoà`);
//! - `typo`: a folded title fragment with one letter of a syllable of >= 4 letters
//!   replaced by a neighbouring key, deleted, or swapped with the next;
//! - `prefix`: a folded title fragment whose last syllable is cut to 2–3 letters;
//! - `body-phrase`: 5–8 consecutive syllables of a body paragraph, folded.
//!
//! `tintuc` returns the top 10 with snippets and explanations (`Index::search`),
//! `tintuc ids` only their ids and scores (`Index::search_ids`, same ranking); both also
//! give the exact number of matches. Tantivy returns the top 10 ids, and
//! `tantivy fold+count` (the folded index) also counts its matches (`Count` beside
//! `TopDocs`), the same job as tintuc's for a results page with a total. A query succeeds when its target is in the top 10;
//! MRR@10 is the mean of 1/rank (0 beyond 10). Latencies are wall-clock medians and p99 of single-threaded queries,
//! overall and per kind; the build time of each engine and its size per article (tintuc:
//! the saved JSON, stored text included; Tantivy: its in-RAM directory after commit, with
//! only a position stored) are printed beside them.
use std::collections::HashMap;
use std::time::Instant;

use tintuc::model::Article;
use tintuc::search::{Index, Query};
use tintuc_peers::related::{corpus_path, load, shared_articles};
use tintuc_peers::search_queries::{make_queries, percentile, split_targets, Score, KINDS};
use tintuc_peers::tantivy_search::TantivySearch as Peer;

const K: usize = 10;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut flag = |name: &str| -> bool {
        let at = args.iter().position(|a| a == name);
        if let Some(i) = at {
            args.remove(i);
        }
        at.is_some()
    };
    let baomoi = flag("--baomoi");
    let only_tintuc = flag("--only-tintuc");
    let only_folded = flag("--only-folded");
    let digest = flag("--digest");
    let wait = flag("--wait");
    let interleaved = flag("--interleaved");
    let min_of = flag("--min-of");
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
    let default_docs = if baomoi { usize::MAX } else { 20_000 };
    let docs: usize = match opt("--docs", "") {
        d if d.is_empty() => default_docs,
        d => d.parse()?,
    };
    let per_kind: usize = opt("--per-kind", "200").parse()?;
    let split = opt("--split", "eval");
    let seed: u64 = opt("--seed", "1").parse()?;
    let repeat: usize = opt("--repeat", "1").parse::<usize>()?.max(1);
    let only_kind = opt("--kind", "");
    let Some(path) = corpus_path(&args) else {
        return Ok(());
    };
    let mut articles: Vec<Article> = load(&path, docs)?.into_iter().map(|l| l.article).collect();
    // Queries come from the first corpus only.
    let query_pool = articles.len();
    if baomoi {
        let Some(extra) = shared_articles("baomoi/tc201805_baomoi.jsonl.gz") else {
            return Ok(());
        };
        articles.extend(extra);
    }
    let targets = split_targets(&articles, query_pool, &split);
    println!(
        "{} articles indexed, queries from the {split} split ({} articles), {per_kind} per kind, seed {seed}",
        articles.len(),
        targets.len()
    );

    let mut queries = make_queries(&articles, &targets, per_kind, seed); // kind, target, text
    if !only_kind.is_empty() {
        queries.retain(|q| KINDS.get(q.0) == Some(&only_kind.as_str()));
    }
    for (kind, name) in KINDS.iter().enumerate() {
        if let Some((_, _, q)) = queries.iter().find(|q| q.0 == kind) {
            println!("  e.g. {name:<13} {q}");
        }
    }

    let per_article = |bytes: usize| bytes as f64 / articles.len().max(1) as f64;
    let t0 = Instant::now();
    let index = if only_folded {
        Index::new()
    } else {
        Index::build(&articles)
    };
    let build_tintuc = t0.elapsed().as_secs_f64();
    // (Skipped under --wait: a profile needs only the queries.)
    let saved = if wait { 0 } else { index.to_json()?.len() };
    let text: usize = articles
        .iter()
        .map(|a| a.title.len() + a.lead.as_ref().map_or(0, String::len) + a.body_text().len())
        .sum();
    let pos: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // The tintuc engines come first (none with --only-folded).
    let ours = if only_folded { 0 } else { 2 };
    let mut names: Vec<&str> = vec!["tintuc", "tintuc ids"];
    names.truncate(ours);
    let mut builds: Vec<(f64, f64)> = vec![(build_tintuc, per_article(saved)); ours];
    let mut peers: Vec<Peer> = Vec::new();
    if !only_tintuc {
        for (name, folding) in [("tantivy default", false), ("tantivy ascii-fold", true)] {
            if only_folded && !folding {
                continue;
            }
            let t0 = Instant::now();
            let peer = Peer::build(name, &articles, folding)?;
            builds.push((t0.elapsed().as_secs_f64(), per_article(peer.bytes)));
            names.push(peer.name);
            peers.push(peer);
        }
        // The folded index again, counting every match beside its top 10 (the job of a
        // results page with a total, as tintuc's `search` does).
        if let Some(&(secs, bytes)) = builds.last() {
            builds.push((secs, bytes));
            names.push("tantivy fold+count");
        }
    }
    println!("\nbuild (wall clock; a ratio needs a quiet machine) and size per article");
    for (name, (secs, bytes)) in names
        .iter()
        .zip(&builds)
        .filter(|(n, _)| **n != "tintuc ids" && **n != "tantivy fold+count")
    {
        println!("{name:<20} build {secs:>7.2} s  {bytes:>8.0} B/article");
    }
    println!(
        "(tintuc: saved JSON incl. {:.0} B/article of stored text for snippets)",
        per_article(text)
    );

    let engines = names.len();
    let mut scores = vec![vec![Score::default(); KINDS.len() + 1]; engines];
    // Latencies by engine, then kind (the last one: all kinds).
    let mut lat: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); KINDS.len() + 1]; engines];
    // With `--min-of`: each engine's least time per query over the rounds.
    let mut least: Vec<Vec<f64>> = vec![vec![f64::INFINITY; queries.len()]; engines];
    let mut errors = 0;
    // FNV-1a over every tintuc result (total, ids, scores, snippets, explanations).
    let mut fnv_all = 0xcbf2_9ce4_8422_2325u64;
    if digest {
        for (_, _, q) in &queries {
            if let Ok(r) = index.search(&Query::new(q.as_str()).page(0, K)) {
                let mut text = format!("{}", r.total);
                for h in &r.hits {
                    let html = h.snippet.to_html(|s, out| out.push_str(s));
                    let terms: Vec<String> = h
                        .explanation
                        .matches
                        .iter()
                        .map(|m| format!("{}:{:?}:{:08x}", m.term, m.kind, m.score.to_bits()))
                        .collect();
                    text += &format!(
                        "|{} {:08x} {html} {}",
                        h.id.as_str(),
                        h.score.to_bits(),
                        terms.join(",")
                    );
                }
                fnv_all = text.bytes().fold(fnv_all, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
                });
            }
        }
        println!("tintuc results digest {fnv_all:016x}");
    }
    if wait {
        // For a profiler that instruments only the queries: e.g. run under
        // `valgrind --tool=callgrind --instr-atstart=no`, then `callgrind_control -i on`
        // when this line shows, then send a line to stdin.
        println!("ready: press Enter to run the queries");
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
    }
    // Engine by engine, every query in turn: each engine meets a query after another
    // query of its own, never right after another engine ran the same query on the same
    // index (which would find that query's postings in cache). `--interleaved` runs every
    // engine on one query before the next query.
    let order: Vec<(usize, usize)> = if interleaved {
        (0..queries.len())
            .flat_map(|i| (0..engines).map(move |e| (e, i)))
            .collect()
    } else {
        (0..engines)
            .flat_map(|e| (0..queries.len()).map(move |i| (e, i)))
            .collect()
    };
    for round in 0..repeat {
        for &(e, i) in &order {
            {
                let Some((kind, target, q)) = queries.get(i) else {
                    continue;
                };
                let t0 = Instant::now();
                let found: Vec<usize> = match e + 2 - ours {
                    0 => match index.search(&Query::new(q.as_str()).page(0, K)) {
                        Ok(r) => r
                            .hits
                            .iter()
                            .filter_map(|h| pos.get(h.id.as_str()).copied())
                            .collect(),
                        Err(_) => {
                            errors += 1;
                            Vec::new()
                        }
                    },
                    1 => match index.search_ids(&Query::new(q.as_str()).page(0, K)) {
                        Ok(r) => r
                            .hits
                            .iter()
                            .filter_map(|h| pos.get(h.id.as_str()).copied())
                            .collect(),
                        Err(_) => Vec::new(),
                    },
                    // the last engine: the folded index with the count
                    _ if e + 1 == engines && !only_tintuc => match peers.last() {
                        Some(p) => p.top_counted(q).0,
                        None => Vec::new(),
                    },
                    _ => peers[e - ours].top(q),
                };
                let ms = t0.elapsed().as_secs_f64() * 1e3;
                if min_of {
                    if let Some(l) = least.get_mut(e).and_then(|l| l.get_mut(i)) {
                        *l = l.min(ms);
                    }
                } else {
                    lat[e][*kind].push(ms);
                    lat[e][KINDS.len()].push(ms);
                }
                if round == 0 {
                    let rank = found.iter().take(K).position(|p| p == target);
                    scores[e][*kind].add(rank);
                    scores[e][KINDS.len()].add(rank);
                }
            }
        }
    }
    if min_of {
        for (e, l) in least.iter().enumerate() {
            for (&ms, (kind, _, _)) in l.iter().zip(queries.iter()) {
                lat[e][*kind].push(ms);
                lat[e][KINDS.len()].push(ms);
            }
        }
    }
    println!(
        "\nsuccess@10 / MRR@10 ({} queries, {errors} tintuc errors)",
        queries.len()
    );
    print!("{:<20}", "engine");
    for k in KINDS.iter().chain(["all"].iter()) {
        print!(" {k:>15}");
    }
    println!();
    for e in 0..engines {
        print!("{:<20}", names[e]);
        for s in &scores[e] {
            print!(" {:>15}", s.show());
        }
        println!();
    }
    println!(
        "\nlatency per query, median / p99 ms, {repeat} run(s) of each query{} (wall clock: \
         compare engines only on a quiet machine)",
        if min_of { ", least of them" } else { "" }
    );
    print!("{:<20}", "engine");
    for k in KINDS.iter().chain(["all"].iter()) {
        print!(" {k:>15}");
    }
    println!();
    for e in 0..engines {
        print!("{:<20}", names[e]);
        for l in lat[e].iter_mut() {
            let m = percentile(l, 0.5);
            let p99 = percentile(l, 0.99);
            print!(" {:>15}", format!("{m:.3} / {p99:.3}"));
        }
        println!();
    }
    Ok(())
}
