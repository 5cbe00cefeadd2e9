//! Known-item search on VNTC: tintuc's `search` against Tantivy (BM25, title boosted 2×)
//! with its default tokenizer and with ASCII folding, on the same articles and queries.
//!
//! ```text
//! cargo run --release -p tintuc-peers --example search_eval -- [FILE.jsonl(.gz)] \
//!     [--docs 20000] [--per-kind 200] [--split eval|tune] [--seed 1] [--baomoi] \
//!     [--only-tintuc] [--repeat 1]
//! ```
//! Default file: ../shared/data/vntc/vntc_train.jsonl.gz (bodies de-duplicated), first
//! `--docs` articles, all indexed. Each article falls in the `tune` or the `eval` split by a
//! hash of its id; queries are made only from the chosen split's articles, so the crate's
//! weights can be chosen on `tune` and reported on `eval` (same index, disjoint targets).
//! `--baomoi` indexes all of VNTC train (unless `--docs` is given) and the baomoi titles and
//! leads (../shared/data/baomoi, 148.8k articles in all); queries still come from the VNTC
//! articles. `--only-tintuc` skips Tantivy (for profiling, e.g. under callgrind with
//! `--toggle-collect='tintuc::search::score::search*'`); `--repeat N` runs each query N
//! times, every engine in turn, for steadier latency figures.
//!
//! Five kinds of query, `--per-kind` of each, every one made from one article (its target):
//! - `title-folded`: 3–6 consecutive title syllables, folded (`so ket thi dua`);
//! - `title-style`: 3–6 title syllables with marks, in the other tone style (`hoà`);
//! - `typo`: a folded title fragment with one letter of a syllable of >= 4 letters
//!   replaced by a neighbouring key, deleted, or swapped with the next;
//! - `prefix`: a folded title fragment whose last syllable is cut to 2–3 letters;
//! - `body-phrase`: 5–8 consecutive syllables of a body paragraph, folded.
//!
//! A query succeeds when its target is in the top 10; MRR@10 is the mean of 1/rank
//! (0 beyond 10). Latencies are wall-clock medians and p99 of single-threaded queries,
//! overall and per kind; the build time of each engine and its size per article (tintuc:
//! the saved JSON, stored text included; Tantivy: its in-RAM directory after commit, with
//! only a position stored) are printed beside them.
use std::collections::HashMap;
use std::time::Instant;

use tantivy::collector::TopDocs;
use tantivy::directory::RamDirectory;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, TextFieldIndexing, TextOptions, Value, STORED};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{doc, IndexWriter, TantivyDocument};
use tintuc::model::Article;
use tintuc::search::{Index, Query};
use tintuc::text::{convert_tone_style, fold, syllables, ToneStyle};
use tintuc_peers::related::{corpus_path, load, shared_articles};

const K: usize = 10;
const KINDS: [&str; 5] = [
    "title-folded",
    "title-style",
    "typo",
    "prefix",
    "body-phrase",
];

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

struct Peer {
    name: &'static str,
    reader: tantivy::IndexReader,
    parser: QueryParser,
    pos: tantivy::schema::Field,
    /// Bytes of the in-RAM directory after the commit.
    bytes: usize,
}

impl Peer {
    fn build(name: &'static str, articles: &[Article], folding: bool) -> tantivy::Result<Peer> {
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
        let dir = RamDirectory::create();
        let index =
            tantivy::Index::create(dir.clone(), sb.build(), tantivy::IndexSettings::default())?;
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
        w.wait_merging_threads()?;
        let bytes = dir.total_mem_usage();
        let reader = index.reader()?;
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_field_boost(title, 2.0);
        Ok(Peer {
            name,
            reader,
            parser,
            pos,
            bytes,
        })
    }

    fn top(&self, q: &str) -> Vec<usize> {
        let searcher = self.reader.searcher();
        let (query, _) = self.parser.parse_query_lenient(q);
        let Ok(top) = searcher.search(&query, &TopDocs::with_limit(K)) else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(a).ok()?;
                d.get_first(self.pos)
                    .and_then(|v| v.as_u64())
                    .map(|p| p as usize)
            })
            .collect()
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
    let digest = flag("--digest");
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
    let want = u64::from(split == "eval");
    let targets: Vec<usize> = (0..query_pool)
        .filter(|&i| fnv(articles[i].id.as_str()) % 2 == want)
        .collect();
    println!(
        "{} articles indexed, queries from the {split} split ({} articles), {per_kind} per kind, seed {seed}",
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
    for (kind, name) in KINDS.iter().enumerate() {
        if let Some((_, _, q)) = queries.iter().find(|q| q.0 == kind) {
            println!("  e.g. {name:<13} {q}");
        }
    }

    let per_article = |bytes: usize| bytes as f64 / articles.len().max(1) as f64;
    let t0 = Instant::now();
    let index = Index::build(&articles);
    let build_tintuc = t0.elapsed().as_secs_f64();
    let saved = index.to_json()?.len();
    let text: usize = articles
        .iter()
        .map(|a| a.title.len() + a.lead.as_ref().map_or(0, String::len) + a.body_text().len())
        .sum();
    let pos: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut names: Vec<&str> = vec!["tintuc"];
    let mut builds: Vec<(f64, f64)> = vec![(build_tintuc, per_article(saved))];
    let mut peers: Vec<Peer> = Vec::new();
    if !only_tintuc {
        for (name, folding) in [("tantivy default", false), ("tantivy ascii-fold", true)] {
            let t0 = Instant::now();
            let peer = Peer::build(name, &articles, folding)?;
            builds.push((t0.elapsed().as_secs_f64(), per_article(peer.bytes)));
            names.push(peer.name);
            peers.push(peer);
        }
    }
    println!("\nbuild (wall clock; a ratio needs a quiet machine) and size per article");
    for (name, (secs, bytes)) in names.iter().zip(&builds) {
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
    for round in 0..repeat {
        for (kind, target, q) in &queries {
            for e in 0..engines {
                let t0 = Instant::now();
                let found: Vec<usize> = match e {
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
                    _ => peers[e - 1].top(q),
                };
                let ms = t0.elapsed().as_secs_f64() * 1e3;
                lat[e][*kind].push(ms);
                lat[e][KINDS.len()].push(ms);
                if round == 0 {
                    let rank = found.iter().take(K).position(|p| p == target);
                    scores[e][*kind].add(rank);
                    scores[e][KINDS.len()].add(rank);
                }
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
        "\nlatency per query, median / p99 ms, {repeat} run(s) of each query (wall clock: \
         compare engines only on a quiet machine)"
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
