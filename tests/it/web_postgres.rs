//! Two `tintuc::web` nodes over one PostgreSQL: a write through node A's API is on node
//! B's article page, category listing, related list of another article and search
//! within a second (LISTEN/NOTIFY). Needs `TINTUC_TEST_PG` (see `store_postgres`);
//! prints `SKIP` without it.
#![cfg(feature = "postgres")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use tintuc::render::{DefaultUrls, UrlScheme};
use tintuc::store::{ArticleStore, PostgresStore};
use tintuc::web::Config;

use super::web_client::{call, get, site, start, Server};

const ENV: &str = "TINTUC_TEST_PG";

/// Polls `ok` until it holds or `limit` passes; returns how long it took.
fn within(limit: Duration, mut ok: impl FnMut() -> bool) -> Option<Duration> {
    let t = Instant::now();
    while t.elapsed() < limit {
        if ok() {
            return Some(t.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    ok().then(|| t.elapsed())
}

#[test]
fn a_write_on_one_node_is_seen_on_the_other_within_a_second() {
    let params = match std::env::var(ENV) {
        Ok(s) if !s.trim().is_empty() => s,
        _ => {
            println!("SKIP: {ENV} not set");
            return;
        }
    };
    let schema = format!("t_web_nodes_{}", std::process::id());
    let open = || -> Arc<dyn ArticleStore> {
        Arc::new(PostgresStore::connect_in_schema(&params, &schema).unwrap())
    };
    let first = open();
    let sample = tintuc::import::sample_articles().unwrap();
    for a in &sample {
        first.put(a, None).unwrap();
    }
    let node = |token: bool| -> (Server, tintuc::web::PgSync) {
        let s = start(open(), |addr| {
            let c = Config::new(site(addr));
            if token {
                c.token("t")
            } else {
                c
            }
        });
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let sync = rt.block_on(s.service.sync_over_postgres(&params)).unwrap();
        (s, sync)
    };
    let (a, _sync_a) = node(true);
    let (b, _sync_b) = node(false);

    // A new article close to the model article: it joins that article's related list.
    let model = sample
        .iter()
        .find(|x| x.id.as_str() == "vks-st-2018-0817-01")
        .unwrap();
    let model_url = DefaultUrls.article(model);
    let mut new = model.clone();
    new.id = "node-a-1".parse().unwrap();
    new.slug = "khoi-thi-dua-1-so-ket-thi-dua-tren-nut-a".parse().unwrap();
    new.title = format!("{} (bổ sung trên nút A)", model.title);
    new.body.truncate(2);
    new.related.clear();
    let url = DefaultUrls.article(&new);
    let href = format!("href=\"{}\"", url.as_str());
    let category = DefaultUrls.category(&new.category.as_ref().unwrap().slug, 1);
    assert_eq!(get(b.addr, url.as_str()).status, 404);

    let r = call(
        a.addr,
        "POST",
        "/api/articles",
        &[
            ("authorization", "Bearer t"),
            ("content-type", "application/json"),
        ],
        serde_json::to_string(&new).unwrap().as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(
        get(a.addr, model_url.as_str()).text().contains(&href),
        "node A lists the new article under the model article's Tin liên quan"
    );

    let second = Duration::from_secs(1);
    let page = within(second, || get(b.addr, url.as_str()).status == 200);
    assert!(page.is_some(), "node B serves the article page");
    let listing = within(second, || {
        get(b.addr, category.as_str()).text().contains(&href)
    });
    assert!(listing.is_some(), "node B's category listing has it");
    let related = within(second, || {
        get(b.addr, model_url.as_str()).text().contains(&href)
    });
    assert!(
        related.is_some(),
        "node B's related list of the model article has it"
    );
    let search = within(second, || {
        get(b.addr, "/tim-kiem?q=bo+sung+tren+nut+A")
            .text()
            .contains(&href)
    });
    assert!(search.is_some(), "node B's search finds it");
    println!("node B caught up: page {page:?}, related {related:?}, search {search:?}");

    let mut client = postgres::Client::connect(&params, postgres::NoTls).unwrap();
    let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
}
