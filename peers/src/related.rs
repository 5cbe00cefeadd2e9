//! Related-articles comparison helpers: the labelled corpus, Tantivy MoreLikeThis and an
//! exhaustive TF-IDF cosine baseline, all over the same articles.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::MoreLikeThisQuery;
use tantivy::schema::{Field, Schema, Value, FAST, INDEXED, STORED, TEXT};
use tantivy::{doc, DocAddress, Index, IndexReader, IndexWriter, Searcher, TantivyDocument};
use tintuc::model::{Article, ArticleId, Block, Slug, Status};

/// An article with its (hidden from the rankers) category label.
pub struct Labelled {
    /// Title + body only: no category is given to any ranker.
    pub article: Article,
    /// The category label, for scoring only.
    pub label: String,
}

/// The articles of a shared-data corpus file (`rel` below `../shared/data`), labels
/// dropped; `None` with a visible `SKIP:` line when the file is absent.
///
/// # Panics
/// When the file exists but cannot be read (a benchmark or example must not go on
/// without its data).
pub fn shared_articles(rel: &str) -> Option<Vec<Article>> {
    let path = crate::shared_data(rel);
    if !path.exists() {
        eprintln!("SKIP: {} not found", path.display());
        return None;
    }
    let loaded = load(&path, usize::MAX).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(loaded.into_iter().map(|l| l.article).collect())
}

/// The related examples' corpus: the 3,000-article VNTC sample (`sample`, short enough
/// for callgrind) or VNTC train, with the baomoi titles and leads after it (`baomoi`);
/// `None` (after a `SKIP:` line) when a file is absent.
pub fn example_corpus(sample: bool, baomoi: bool) -> Option<Vec<Article>> {
    let corpus = if sample {
        "vntc/vntc_sample_3000.jsonl"
    } else {
        "vntc/vntc_train.jsonl.gz"
    };
    let mut articles = shared_articles(corpus)?;
    if baomoi {
        articles.extend(shared_articles("baomoi/tc201805_baomoi.jsonl.gz")?);
    }
    Some(articles)
}

/// The build configuration from `TINTUC_RELATED_CONFIG` (a JSON `Config`), else the
/// defaults.
///
/// # Panics
/// When the variable is set but is not a JSON `Config`.
pub fn config_from_env() -> tintuc::related::Config {
    match std::env::var("TINTUC_RELATED_CONFIG") {
        Ok(json) => serde_json::from_str(&json).expect("TINTUC_RELATED_CONFIG: a JSON Config"),
        Err(_) => tintuc::related::Config::default(),
    }
}

/// Reads a JSON Lines file (gzip if it ends in `.gz`) with `id`, `title`, `body` and
/// optionally `category`; de-duplicates exact bodies (first occurrence kept); at most
/// `limit` articles. Titles may be empty in VNTC briefs: the first 80 characters of the
/// body stand in then.
pub fn load(path: &Path, limit: usize) -> std::io::Result<Vec<Labelled>> {
    let file = std::fs::File::open(path)?;
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let slug = Slug::new("a").map_err(std::io::Error::other)?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for line in reader.lines() {
        if out.len() >= limit {
            break;
        }
        let line = line?;
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let s = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let (id, mut title, body) = (s("id"), s("title"), s("body"));
        if body.is_empty() || !seen.insert(body.clone()) || !ids.insert(id.clone()) {
            continue;
        }
        if title.is_empty() {
            title = body.chars().take(80).collect();
        }
        let Ok(id) = ArticleId::new(id) else { continue };
        let mut a = Article::new(id, title, slug.clone());
        a.body = body
            .split('\n')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(Block::paragraph)
            .collect();
        a.status = Status::Published;
        out.push(Labelled {
            article: a,
            label: s("category"),
        });
    }
    Ok(out)
}

/// A deterministic sample of about `n` query positions (every `len/n`-th article).
pub fn sample(len: usize, n: usize) -> Vec<usize> {
    let step = (len / n.max(1)).max(1);
    (0..len).step_by(step).take(n).collect()
}

/// Tantivy MoreLikeThis settings.
#[derive(Clone, Copy, Debug)]
pub struct MltSettings {
    /// Name in reports.
    pub name: &'static str,
    /// `None` = Tantivy's default.
    pub min_doc_frequency: Option<u64>,
    /// `None` = Tantivy's default.
    pub min_term_frequency: Option<usize>,
    /// `None` = Tantivy's default.
    pub max_query_terms: Option<usize>,
    /// `None` = Tantivy's default (no limit).
    pub max_doc_frequency: Option<u64>,
}

impl MltSettings {
    /// A MoreLikeThis query builder with these settings.
    pub fn builder(&self) -> tantivy::query::MoreLikeThisQueryBuilder {
        let mut b = MoreLikeThisQuery::builder();
        if let Some(v) = self.min_doc_frequency {
            b = b.with_min_doc_frequency(v);
        }
        if let Some(v) = self.min_term_frequency {
            b = b.with_min_term_frequency(v);
        }
        if let Some(v) = self.max_query_terms {
            b = b.with_max_query_terms(v);
        }
        if let Some(v) = self.max_doc_frequency {
            b = b.with_max_doc_frequency(v);
        }
        b
    }
}

/// Tantivy's defaults (min_doc_frequency 5, min_term_frequency 2, max_query_terms 25).
pub const MLT_DEFAULT: MltSettings = MltSettings {
    name: "tantivy-mlt-default",
    min_doc_frequency: None,
    min_term_frequency: None,
    max_query_terms: None,
    max_doc_frequency: None,
};

/// Tuned for short news: every term counts once, more query terms, very common terms out.
pub const MLT_TUNED: MltSettings = MltSettings {
    name: "tantivy-mlt-tuned",
    min_doc_frequency: Some(2),
    min_term_frequency: Some(1),
    max_query_terms: Some(60),
    max_doc_frequency: Some(5000),
};

/// A Tantivy index of title + body (default tokenizer), in RAM, committed.
pub struct Tantivy {
    /// The index.
    pub index: Index,
    reader: IndexReader,
    /// Stored u64 position field.
    pub pos: Field,
    /// DocAddress of each article position.
    pub addr: Vec<DocAddress>,
}

impl Tantivy {
    /// Builds and commits (50 MB writer heap, as a web node would).
    pub fn build(articles: &[Article]) -> tantivy::Result<Tantivy> {
        let mut sb = Schema::builder();
        let pos = sb.add_u64_field("pos", INDEXED | STORED | FAST);
        let title = sb.add_text_field("title", TEXT | STORED);
        let body = sb.add_text_field("body", TEXT | STORED);
        let index = Index::create_in_ram(sb.build());
        let mut w: IndexWriter = index.writer(50_000_000)?;
        for (i, a) in articles.iter().enumerate() {
            let text: Vec<String> = a
                .body
                .iter()
                .flat_map(|b| b.text_parts())
                .map(String::from)
                .collect();
            w.add_document(
                doc!(pos => i as u64, title => a.title.clone(), body => text.join("\n")),
            )?;
        }
        w.commit()?;
        let reader = index.reader()?;
        let searcher = reader.searcher();
        let mut addr = vec![DocAddress::new(0, 0); articles.len()];
        for (seg_ord, seg) in searcher.segment_readers().iter().enumerate() {
            let col = seg.fast_fields().u64("pos")?;
            for d in 0..seg.max_doc() {
                if let Some(p) = col.first(d)
                    && let Some(slot) = addr.get_mut(p as usize)
                {
                    *slot = DocAddress::new(seg_ord as u32, d);
                }
            }
        }
        Ok(Tantivy {
            index,
            reader,
            pos,
            addr,
        })
    }

    /// A searcher (cheap).
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Top-`k` positions more like article `i` (the article itself removed).
    pub fn related(&self, searcher: &Searcher, s: &MltSettings, i: usize, k: usize) -> Vec<usize> {
        let Some(&addr) = self.addr.get(i) else {
            return Vec::new();
        };
        let q = s.builder().with_document(addr);
        self.top_positions(searcher, &q, k + 1)
            .into_iter()
            .filter(|&p| p != i)
            .take(k)
            .collect()
    }

    /// The corpus positions of `query`'s top `n` hits (empty if the search fails).
    pub fn top_positions(
        &self,
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        n: usize,
    ) -> Vec<usize> {
        let Ok(top) = searcher.search(query, &TopDocs::with_limit(n)) else {
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

/// Exhaustive TF-IDF cosine over full (unpruned) vectors: every article with a shared
/// term is scored exactly. Terms are the crate's tokens (`tintuc::related::terms` of
/// title + body), with or without the syllable bigrams.
pub struct BruteForce {
    vecs: Vec<Vec<(u32, f32)>>,
    postings: Vec<Vec<(u32, f32)>>,
}

impl BruteForce {
    /// Builds the vectors (`1 + ln tf`, `ln(1 + N/df)`, L2-normalised).
    pub fn build(articles: &[Article], bigrams: bool) -> BruteForce {
        let mut dict: HashMap<String, u32> = HashMap::new();
        let mut tfs: Vec<HashMap<u32, f32>> = Vec::with_capacity(articles.len());
        let mut df: Vec<u32> = Vec::new();
        for a in articles {
            let mut text = a.title.clone();
            for b in &a.body {
                for p in b.text_parts() {
                    text.push('\n');
                    text.push_str(p);
                }
            }
            let mut tf: HashMap<u32, f32> = HashMap::new();
            for t in tintuc::related::terms(&text) {
                if !bigrams && t.contains('_') {
                    continue;
                }
                let n = dict.len() as u32;
                let id = *dict.entry(t).or_insert(n);
                if id as usize == df.len() {
                    df.push(0);
                }
                *tf.entry(id).or_default() += 1.0;
            }
            for id in tf.keys() {
                df[*id as usize] += 1;
            }
            tfs.push(tf);
        }
        let n = articles.len() as f32;
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); df.len()];
        let mut vecs = Vec::with_capacity(tfs.len());
        for (d, tf) in tfs.into_iter().enumerate() {
            let mut v: Vec<(u32, f32)> = tf
                .into_iter()
                .map(|(t, f)| (t, (1.0 + f.ln()) * (1.0 + n / df[t as usize] as f32).ln()))
                .collect();
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            for x in &mut v {
                x.1 /= norm;
                postings[x.0 as usize].push((d as u32, x.1));
            }
            vecs.push(v);
        }
        BruteForce { vecs, postings }
    }

    /// Top-`k` positions by exact cosine to article `i` (itself excluded).
    pub fn related(&self, i: usize, k: usize, acc: &mut Vec<f32>) -> Vec<usize> {
        acc.clear();
        acc.resize(self.vecs.len(), 0.0);
        for &(t, w) in &self.vecs[i] {
            for &(d, x) in &self.postings[t as usize] {
                acc[d as usize] += w * x;
            }
        }
        acc[i] = 0.0;
        top_k(acc, k)
    }
}

/// Positions of the `k` best positive scores in `acc`, best first.
pub fn top_k(acc: &[f32], k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..acc.len()).filter(|&d| acc[d] > 0.0).collect();
    let k = k.min(idx.len());
    if k == 0 {
        return Vec::new();
    }
    idx.select_nth_unstable_by(k - 1, |&a, &b| acc[b].total_cmp(&acc[a]));
    idx.truncate(k);
    idx.sort_by(|&a, &b| acc[b].total_cmp(&acc[a]));
    idx
}

/// The evaluations' command line: `[FILE.jsonl(.gz)] [--queries N]` (default VNTC train,
/// 2,400 queries). `None` (after printing a `SKIP:` line) when the file is absent.
pub fn eval_args() -> Result<Option<(std::path::PathBuf, usize)>, Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut queries = 2400usize;
    if let Some(i) = args.iter().position(|a| a == "--queries") {
        queries = args.get(i + 1).ok_or("--queries needs a value")?.parse()?;
        args.drain(i..=i + 1);
    }
    Ok(corpus_path(&args).map(|path| (path, queries)))
}

/// The corpus file named first in `args` (default: VNTC train); `None`, after printing a
/// `SKIP:` line, when it is absent.
pub fn corpus_path(args: &[String]) -> Option<std::path::PathBuf> {
    let path = args
        .first()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::shared_data("vntc/vntc_train.jsonl.gz"));
    if !path.exists() {
        println!("SKIP: {} not found", path.display());
        return None;
    }
    Some(path)
}

/// Share of `found` whose label equals the query's (missing results count as misses).
pub fn precision(labels: &[&str], query: usize, found: &[usize], k: usize) -> f64 {
    let q = labels[query];
    let hits = found.iter().take(k).filter(|&&p| labels[p] == q).count();
    hits as f64 / k as f64
}

/// Resident set size of this process in bytes (Linux `/proc/self/statm`), or 0.
pub fn rss_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|x| x.parse::<usize>().ok())
        })
        .map_or(0, |pages| pages * 4096)
}

/// One ranker's results in an evaluation: name, found corpus positions per query,
/// latency in ms per query, build seconds.
pub type Run = (String, Vec<Vec<usize>>, Vec<f64>, f64);

/// Runs `query` for each of `qs`, timing it alone (milliseconds), and turns each result
/// into corpus positions with `positions` (untimed): `(found, latencies)` for a [`Run`].
pub fn timed_queries<R>(
    qs: &[usize],
    mut query: impl FnMut(usize) -> R,
    mut positions: impl FnMut(R) -> Vec<usize>,
) -> (Vec<Vec<usize>>, Vec<f64>) {
    let (mut found, mut lat) = (Vec::with_capacity(qs.len()), Vec::with_capacity(qs.len()));
    for &q in qs {
        let t = std::time::Instant::now();
        let r = query(q);
        lat.push(t.elapsed().as_secs_f64() * 1e3);
        found.push(positions(r));
    }
    (found, lat)
}

/// The `p`-quantile of `v` (nearest rank).
pub fn pct(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(((v.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(0.0)
}

/// Prints the Markdown table of an evaluation: p@k, median and p99 latency, build time
/// and the three weakest categories of every ranker (queries `qs`, positions into
/// `labels`).
pub fn print_report(labels: &[&str], qs: &[usize], results: &[Run], k: usize) {
    println!("| ranker | p@10 | median ms | p99 ms | build s | weakest categories |");
    println!("|---|---|---|---|---|---|");
    for (name, found, lat, build) in results {
        let mut per: std::collections::BTreeMap<&str, (f64, usize)> = Default::default();
        let mut total = 0.0;
        for (q, f) in qs.iter().zip(found) {
            let p = precision(labels, *q, f, k);
            total += p;
            let e = per.entry(labels[*q]).or_default();
            e.0 += p;
            e.1 += 1;
        }
        let mut cats: Vec<(f64, &str)> =
            per.iter().map(|(c, (s, n))| (s / *n as f64, *c)).collect();
        cats.sort_by(|a, b| a.0.total_cmp(&b.0));
        let weakest: Vec<String> = cats
            .iter()
            .take(3)
            .map(|(p, c)| format!("{c} {p:.3}"))
            .collect();
        // P4=1: p@10 with four decimals (0.0001 = one result in 10,000), for trials
        let digits = if std::env::var_os("P4").is_some() {
            4
        } else {
            3
        };
        println!(
            "| {name} | {:.digits$} | {:.3} | {:.3} | {build:.2} | {} |",
            total / qs.len().max(1) as f64,
            pct(lat.clone(), 0.5),
            pct(lat.clone(), 0.99),
            weakest.join(", ")
        );
    }
}
