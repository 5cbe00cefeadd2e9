//! Several web nodes over one PostgreSQL at VNTC scale: how long a node takes to start
//! (catch up) from the database, and what related-article lists cost per page.
//!
//! ```text
//! gunzip -c ../shared/data/vntc/vntc_train.jsonl.gz > /tmp/vntc_train.jsonl
//! eval "$(scripts/pg-test-server.sh)"     # a throwaway server; exports TINTUC_TEST_PG
//! cargo run --release --example pg_scale --features web,postgres -- \
//!     /tmp/vntc_train.jsonl [--pg PARAMS] [--schema scale] [--queries 300] \
//!     [--pg-queries N] [--reload]
//! scripts/pg-test-server.sh stop "$TINTUC_TEST_PG_DIR"
//! ```
//!
//! `--pg-queries` (default `--queries`) limits the queries sent to PostgreSQL. `--pg` defaults to `$TINTUC_TEST_PG`; without either the example prints `SKIP`. The
//! articles (import format, one JSON object a line; exact duplicate bodies dropped) go
//! into `--schema` through [`tintuc::related::postgres::connect_in_schema`], unless the
//! schema already holds that many articles (`--reload` drops it first).
//!
//! It then prints, each as median and p99 over `--queries` articles spread over the
//! corpus, single-threaded, wall clock:
//! - `related in memory`: [`tintuc::related::Snapshot::related`], what a web node serves
//!   "Tin liên quan" from (kept current across nodes by LISTEN/NOTIFY);
//! - `related via postgres`: [`tintuc::related::Index::related_via`] over the store, the
//!   database's candidates reranked by the crate, and the candidate query alone;
//!
//! and the start of a node: [`tintuc::web::Service::new`] over the store (read every
//! article, build the related and search indexes), with the parts timed on their own;
//! then [`tintuc::web::Service::save_indexes`] and a second start from those
//! ([`tintuc::web::SavedIndexes::load`], [`tintuc::web::Service::with_saved_indexes`]).
//! Wall times on a loaded machine are upper bounds; CPU seconds are printed beside them.
use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tintuc::model::{Article, ArticleId};
use tintuc::related::{CandidateError, CandidateQuery, CandidateSource, Index, QueryOptions};
use tintuc::render::Site;
use tintuc::store::{ArticleStore, PostgresStore, ScanIter};
use tintuc::web::{Config, SavedIndexes, Service};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A candidate source that records how long each call took.
struct Timed<'a> {
    inner: &'a dyn CandidateSource,
    times: RefCell<Vec<Duration>>,
}

impl CandidateSource for Timed<'_> {
    fn candidates(
        &self,
        query: &CandidateQuery<'_>,
    ) -> Result<Vec<(ArticleId, f32)>, CandidateError> {
        let t = Instant::now();
        let r = self.inner.candidates(query);
        self.times.borrow_mut().push(t.elapsed());
        r
    }
}

fn percentile(times: &[Duration], p: f64) -> Duration {
    let mut v = times.to_vec();
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or_default()
}

fn report(name: &str, times: &[Duration]) {
    println!(
        "{name:<32} median {:>8.3} ms   p99 {:>8.3} ms   ({} queries)",
        percentile(times, 0.5).as_secs_f64() * 1e3,
        percentile(times, 0.99).as_secs_f64() * 1e3,
        times.len()
    );
}

/// CPU seconds this process used so far (user + system, Linux `/proc/self/stat`), which
/// other processes on a loaded machine inflate less than wall time.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    // Clock ticks of 1/100 s (Linux's USER_HZ).
    f.iter().sum::<f64>() / 100.0
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

struct Args {
    file: String,
    pg: Option<String>,
    schema: String,
    queries: usize,
    pg_queries: Option<usize>,
    reload: bool,
}

fn args() -> Result<Args, BoxError> {
    let mut a = Args {
        file: "/tmp/vntc_train.jsonl".into(),
        pg: std::env::var("TINTUC_TEST_PG").ok(),
        schema: "scale".into(),
        queries: 300,
        pg_queries: None,
        reload: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--pg" => a.pg = Some(value()?),
            "--schema" => a.schema = value()?,
            "--queries" => a.queries = value()?.parse()?,
            "--pg-queries" => a.pg_queries = Some(value()?.parse()?),
            "--reload" => a.reload = true,
            f if !f.starts_with("--") => a.file = f.to_string(),
            other => return Err(format!("unexpected argument {other:?}").into()),
        }
    }
    Ok(a)
}

fn read_articles(path: &str) -> Result<Vec<Article>, BoxError> {
    let file = std::fs::File::open(path)?;
    let report = tintuc::import::Importer::new().read(std::io::BufReader::new(file))?;
    let mut seen = HashSet::new();
    Ok(report
        .articles
        .into_iter()
        .filter(|a| seen.insert(a.body_text()))
        .collect())
}

fn main() -> Result<(), BoxError> {
    let a = args()?;
    let Some(params) = a.pg.clone().filter(|s| !s.trim().is_empty()) else {
        println!("SKIP: no --pg and TINTUC_TEST_PG not set");
        return Ok(());
    };
    if !std::path::Path::new(&a.file).exists() {
        println!("SKIP: {} not found", a.file);
        return Ok(());
    }
    println!("load average at start: {}", load_average());
    let mut admin = postgres::Client::connect(&params, postgres::NoTls)?;
    if a.reload {
        admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", a.schema))?;
    }
    let store = tintuc::related::postgres::connect_in_schema(&params, &a.schema)?;
    let articles = read_articles(&a.file)?;
    if store.count()? != articles.len() {
        let t = Instant::now();
        for (i, art) in articles.iter().enumerate() {
            store.put(art, None)?;
            if i % 5000 == 4999 {
                eprintln!("  {} articles written", i + 1);
            }
        }
        admin.batch_execute(&format!("ANALYZE {}.articles", a.schema))?;
        println!(
            "wrote {} articles in {:.1} s",
            articles.len(),
            t.elapsed().as_secs_f64()
        );
    }
    let n = store.count()?;
    println!("{n} articles in {}.articles", a.schema);

    // A node's start, part by part.
    let (t, c) = (Instant::now(), cpu_seconds());
    let mut published = Vec::with_capacity(n);
    for item in ScanIter::new(&store) {
        published.push(item?.article);
    }
    let scan = t.elapsed();
    let t = Instant::now();
    let index = Index::builder().build(&published);
    let related_build = t.elapsed();
    let t = Instant::now();
    let search = tintuc::search::Index::build(&published);
    let search_build = t.elapsed();
    drop(search);
    println!(
        "node parts: read {:.2} s, related index {:.2} s, search index {:.2} s \
         (wall; {:.2} s CPU in all)",
        scan.as_secs_f64(),
        related_build.as_secs_f64(),
        search_build.as_secs_f64(),
        cpu_seconds() - c
    );

    // Related lists per page.
    let step = (published.len() / a.queries.max(1)).max(1);
    let sample: Vec<&ArticleId> = published
        .iter()
        .step_by(step)
        .take(a.queries)
        .map(|x| &x.id)
        .collect();
    let top = QueryOptions::top(5).without_explanations();
    let snapshot = index.snapshot();
    let mut mem = Vec::new();
    for id in &sample {
        let t = Instant::now();
        let r = snapshot.related(*id, &top);
        mem.push(t.elapsed());
        std::hint::black_box(r);
    }
    let pg = Timed {
        inner: &store,
        times: RefCell::new(Vec::new()),
    };
    let mut via = Vec::new();
    // One warm-up pass over a few queries: the first reads term statistics.
    for id in sample.iter().take(5) {
        index.related_via(id, &top, &store)?;
    }
    for id in sample.iter().take(a.pg_queries.unwrap_or(a.queries)) {
        let t = Instant::now();
        let r = index.related_via(id, &top, &pg)?;
        via.push(t.elapsed());
        std::hint::black_box(r);
    }
    report("related in memory", &mem);
    report("related via postgres", &via);
    report("  of which candidate query", &pg.times.borrow());
    println!("load average after queries: {}", load_average());
    drop((index, snapshot, published));

    // A whole node start: cold (build), then from the indexes it saved.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let pg = Arc::new(PostgresStore::connect_in_schema(&params, &a.schema)?);
    let site = Site::new("pg_scale", "http://127.0.0.1:8080".parse()?);
    let (t, c) = (Instant::now(), cpu_seconds());
    let store: Arc<dyn ArticleStore> = pg.clone();
    let service = rt.block_on(Service::new(store, Config::new(site.clone())))?;
    println!(
        "node start, building the indexes ({n} articles): {:.2} s wall, {:.2} s CPU",
        t.elapsed().as_secs_f64(),
        cpu_seconds() - c
    );
    let t = Instant::now();
    let bytes = rt.block_on(service.save_indexes(Arc::clone(&pg)))?;
    println!(
        "saving the indexes in postgres: {:.1} MB in {:.2} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    rt.block_on(async move { drop(service) });
    let (t, c) = (Instant::now(), cpu_seconds());
    let saved = SavedIndexes::load(&pg)?;
    let loaded = t.elapsed();
    let store: Arc<dyn ArticleStore> = pg.clone();
    let service = rt.block_on(Service::with_saved_indexes(store, Config::new(site), saved))?;
    println!(
        "node start from saved indexes: {:.2} s wall ({:.2} s reading and decoding them), \
         {:.2} s CPU",
        t.elapsed().as_secs_f64(),
        loaded.as_secs_f64(),
        cpu_seconds() - c
    );
    println!("load average at end: {}", load_average());
    rt.block_on(async move { drop(service) });
    Ok(())
}
