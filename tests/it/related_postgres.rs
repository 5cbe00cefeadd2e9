//! PostgreSQL full-text candidates vs the in-memory index on VNTC: precision@10 by
//! category (same-category results count as relevant), and candidate latency.
//!
//! Needs `TINTUC_TEST_PG` (else `SKIP`) and `../shared/data/vntc/vntc_sample_3000.jsonl`
//! (else `SKIP`). Run with `--nocapture` to see the figures:
//!
//! ```text
//! cargo test --release --features postgres --test it related_postgres:: -- --nocapture
//! ```
#![cfg(feature = "postgres")]

use std::cell::RefCell;
use std::collections::HashSet;
use std::time::{Duration, Instant};

use tintuc::import::Importer;
use tintuc::model::{Article, ArticleId};
use tintuc::related::{
    CandidateError, CandidateQuery, CandidateSource, Config, Index, QueryOptions,
};
use tintuc::store::ArticleStore;

const VNTC: &str = "../shared/data/vntc/vntc_sample_3000.jsonl";

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

#[test]
fn postgres_candidates_match_in_memory_precision_on_vntc() {
    let params = match std::env::var("TINTUC_TEST_PG") {
        Ok(s) if !s.trim().is_empty() => s,
        _ => {
            println!("SKIP: TINTUC_TEST_PG not set");
            return;
        }
    };
    let Ok(file) = std::fs::File::open(VNTC) else {
        println!("SKIP: {VNTC} not found");
        return;
    };
    let report = Importer::new().read(std::io::BufReader::new(file)).unwrap();
    // Exact duplicate bodies would make precision depend on which copy ranks first.
    let mut seen = HashSet::new();
    let mut articles: Vec<Article> = report
        .articles
        .into_iter()
        .filter(|a| seen.insert(a.body_text()))
        .collect();
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(articles.len() > 2500, "{} articles", articles.len());
    // The category is the relevance label: keep it out of the rankers (title and body
    // only), as in the related-articles evaluation.
    let labels: Vec<Option<String>> = articles
        .iter_mut()
        .map(|a| a.category.take().map(|c| c.slug.to_string()))
        .collect();

    let schema = format!("t_relpg_{}", std::process::id());
    let store = tintuc::related::postgres::connect_in_schema(&params, &schema)
        .unwrap_or_else(|e| panic!("TINTUC_TEST_PG is set but connecting failed: {e:?}"));
    let t = Instant::now();
    for a in &articles {
        store.put(a, None).unwrap();
    }
    let load = t.elapsed();
    let mut admin = postgres::Client::connect(&params, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("ANALYZE {schema}.articles"))
        .unwrap();

    let index = Index::build(&articles, Config::default());
    let mem_src = Timed {
        inner: &index,
        times: RefCell::new(Vec::new()),
    };
    let pg_src = Timed {
        inner: &store,
        times: RefCell::new(Vec::new()),
    };
    let category = |id: &ArticleId| {
        articles
            .binary_search_by(|a| a.id.cmp(id))
            .ok()
            .and_then(|i| labels.get(i))
            .cloned()
            .flatten()
    };
    let (mut p_mem, mut p_pg, mut n) = (0.0, 0.0, 0usize);
    let top10 = QueryOptions::top(10);
    for a in articles.iter().step_by(10) {
        let want = category(&a.id);
        let hits = |rs: &[tintuc::related::Related]| {
            rs.iter().filter(|r| category(&r.id) == want).count() as f64 / 10.0
        };
        let mem = index.related_via(&a.id, &top10, &mem_src).unwrap();
        let pg = index.related_via(&a.id, &top10, &pg_src).unwrap();
        p_mem += hits(&mem);
        p_pg += hits(&pg);
        n += 1;
    }
    let (p_mem, p_pg) = (p_mem / n as f64, p_pg / n as f64);
    let (mt, pt) = (mem_src.times.into_inner(), pg_src.times.into_inner());
    println!(
        "VNTC sample: {} articles (deduplicated), {n} queries, load {:.1} s",
        articles.len(),
        load.as_secs_f64()
    );
    println!("p@10 in-memory index: {p_mem:.4}");
    println!("p@10 postgres candidates + crate rerank: {p_pg:.4}");
    println!(
        "candidate latency in-memory: median {:?}, p95 {:?}",
        percentile(&mt, 0.5),
        percentile(&mt, 0.95)
    );
    println!(
        "candidate latency postgres: median {:?}, p95 {:?}",
        percentile(&pt, 0.5),
        percentile(&pt, 0.95)
    );
    drop(store);
    let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
    assert!(
        (p_mem - p_pg).abs() <= 0.02,
        "p@10 differs: in-memory {p_mem:.4}, postgres {p_pg:.4}"
    );
}

/// With `visible_at`, PostgreSQL's candidates follow the clock as the in-memory
/// index's do: the sample's first article, scheduled for 10:00, is among the related articles
/// of the article it is most related to from 10:00 on, and not before.
#[test]
fn postgres_candidates_follow_the_clock() {
    let Some(params) = std::env::var("TINTUC_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty())
    else {
        println!("SKIP: TINTUC_TEST_PG not set");
        return;
    };
    let mut articles = tintuc::import::sample_articles().unwrap();
    let index = Index::build(&articles, Config::default());
    let s_id = articles[0].id.clone();
    // The article whose related list has the first one at the top.
    let host = articles
        .iter()
        .find(|a| {
            index
                .related(&a.id, &QueryOptions::top(1))
                .first()
                .is_some_and(|r| r.id == s_id)
        })
        .map(|a| a.id.clone())
        .expect("an article with the first one most related");
    articles[0].status = tintuc::model::Status::Scheduled;
    articles[0].published = Some("2024-05-01T10:00:00+07:00".parse().unwrap());
    articles[0].updated = None;
    let schema = format!("t_relvis_{}", std::process::id());
    let store = tintuc::related::postgres::connect_in_schema(&params, &schema)
        .unwrap_or_else(|e| panic!("TINTUC_TEST_PG is set but connecting failed: {e:?}"));
    for a in &articles {
        store.put(a, None).unwrap();
    }
    let index = Index::build(&articles, Config::default());
    for (now, shown) in [
        ("2024-05-01T09:59:59+07:00", false),
        ("2024-05-01T10:00:00+07:00", true),
    ] {
        let opts = QueryOptions::top(5).visible_at(now.parse().unwrap());
        let pg = index.related_via(&host, &opts, &store).unwrap();
        let mem = index.related(&host, &opts);
        let ids =
            |v: &[tintuc::related::Related]| v.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        // (PostgreSQL's candidates are not the index's: only the rule is compared)
        assert_eq!(
            mem.iter().any(|r| r.id == s_id),
            shown,
            "{now}: {:?}",
            ids(&mem)
        );
        assert_eq!(
            pg.iter().any(|r| r.id == s_id),
            shown,
            "{now}: {:?}",
            ids(&pg)
        );
    }
    let mut admin = postgres::Client::connect(&params, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .unwrap();
}
