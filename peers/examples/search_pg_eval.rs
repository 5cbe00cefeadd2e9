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
use tintuc::text::{convert_tone_style, fold, syllables, ToneStyle};
use tintuc_peers::related::{corpus_path, load};

const K: usize = 10;
const KINDS: [&str; 5] = [
    "title-folded",
    "title-style",
    "typo",
    "prefix",
    "body-phrase",
];

// The query makers below are search_eval's, unchanged, so both report on one query set.
/// splitmix64: a small deterministic generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A random window of `lo..=hi` syllables of `words` (all of them when shorter).
fn window<'a>(rng: &mut Rng, words: &[&'a str], lo: usize, hi: usize) -> Vec<&'a str> {
    let n = rng.range(lo, hi).min(words.len());
    let start = rng.range(0, words.len() - n);
    words[start..start + n].to_vec()
}

fn folded(words: &[&str]) -> String {
    fold(&words.join(" "))
}

/// QWERTY neighbours of a lower-case letter.
fn neighbours(c: char) -> &'static str {
    const N: [(&str, &str); 26] = [
        ("q", "wa"),
        ("w", "qeas"),
        ("e", "wrsd"),
        ("r", "etdf"),
        ("t", "ryfg"),
        ("y", "tugh"),
        ("u", "yihj"),
        ("i", "uojk"),
        ("o", "ipkl"),
        ("p", "ol"),
        ("a", "qwsz"),
        ("s", "awedxz"),
        ("d", "serfcx"),
        ("f", "drtgvc"),
        ("g", "ftyhbv"),
        ("h", "gyujnb"),
        ("j", "huikmn"),
        ("k", "jiolm"),
        ("l", "kop"),
        ("z", "asx"),
        ("x", "zsdc"),
        ("c", "xdfv"),
        ("v", "cfgb"),
        ("b", "vghn"),
        ("n", "bhjm"),
        ("m", "njk"),
    ];
    N.iter()
        .find(|(k, _)| k.starts_with(c))
        .map_or("", |(_, v)| v)
}

/// One edit to a syllable of >= 4 letters of the folded window.
fn typo(rng: &mut Rng, words: &[String]) -> Option<String> {
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 4 && words[i].is_ascii())
        .collect();
    if long.is_empty() {
        return None;
    }
    let i = long[rng.range(0, long.len() - 1)];
    let mut w: Vec<char> = words[i].chars().collect();
    let p = rng.range(0, w.len() - 1);
    match rng.range(0, 2) {
        0 => {
            let n: Vec<char> = neighbours(w[p]).chars().collect();
            if n.is_empty() {
                return None;
            }
            w[p] = n[rng.range(0, n.len() - 1)];
        }
        1 => {
            w.remove(p);
        }
        _ => {
            let p = p.min(w.len() - 2);
            if w[p] == w[p + 1] {
                return None;
            }
            w.swap(p, p + 1);
        }
    }
    let mut out = words.to_vec();
    out[i] = w.into_iter().collect();
    Some(out.join(" "))
}

/// A query of `kind` made from `a`, or `None` when the article cannot give one.
fn make_query(rng: &mut Rng, kind: usize, a: &Article) -> Option<String> {
    let title: Vec<&str> = syllables(&a.title).map(|s| s.text).collect();
    if kind < 4 && title.len() < 3 {
        return None;
    }
    match kind {
        0 => Some(folded(&window(rng, &title, 3, 6))),
        1 => {
            // Prefer a window whose conversion changes something.
            for _ in 0..8 {
                let w = window(rng, &title, 3, 6).join(" ");
                for style in [ToneStyle::New, ToneStyle::Old] {
                    let c = convert_tone_style(&w, style);
                    if c != w {
                        return Some(c.into_owned());
                    }
                }
            }
            None
        }
        2 => {
            let w: Vec<String> = window(rng, &title, 3, 6).iter().map(|s| fold(s)).collect();
            typo(rng, &w)
        }
        3 => {
            let mut w: Vec<String> = window(rng, &title, 3, 6).iter().map(|s| fold(s)).collect();
            let cut = rng.range(2, 3);
            let last = w.last_mut()?;
            if last.chars().count() <= cut || !last.is_ascii() {
                return None;
            }
            last.truncate(cut);
            Some(w.join(" "))
        }
        _ => {
            let paras: Vec<Vec<&str>> = a
                .body
                .iter()
                .flat_map(|b| b.text_parts())
                .map(|p| syllables(p).map(|s| s.text).collect::<Vec<_>>())
                .filter(|p| p.len() >= 8)
                .collect();
            if paras.is_empty() {
                return None;
            }
            let p = &paras[rng.range(0, paras.len() - 1)];
            Some(folded(&window(rng, p, 5, 8)))
        }
    }
}

#[derive(Default, Clone)]
struct Score {
    n: usize,
    hits: usize,
    rr: f64,
}

impl Score {
    fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank {
            self.hits += 1;
            self.rr += 1.0 / (r + 1) as f64;
        }
    }
    fn show(&self) -> String {
        let n = self.n.max(1) as f64;
        format!("{:.3} / {:.3}", self.hits as f64 / n, self.rr / n)
    }
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(((v.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(0.0)
}

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
    let want = u64::from(split == "eval");
    let targets: Vec<usize> = (0..articles.len())
        .filter(|&i| fnv(articles[i].id.as_str()) % 2 == want)
        .collect();
    println!(
        "{} articles, queries from the {split} split ({} articles), {per_kind} per kind, seed {seed}, {candidates} candidates",
        articles.len(),
        targets.len()
    );

    let mut rng = Rng(seed);
    let mut queries: Vec<(usize, usize, String)> = Vec::new(); // kind, target, text
    for kind in 0..KINDS.len() {
        let mut made = 0;
        let mut tries = 0;
        while made < per_kind && tries < per_kind * 50 {
            tries += 1;
            let t = targets[rng.range(0, targets.len() - 1)];
            if let Some(q) = make_query(&mut rng, kind, &articles[t]) {
                queries.push((kind, t, q));
                made += 1;
            }
        }
    }

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
