//! Two `tintuc::web` nodes over one PostgreSQL: a write through node A's API is on node
//! B's article page, category listing, related list of another article and search
//! within a second (LISTEN/NOTIFY); a node started from the indexes another saved
//! catches up with what was written since. Needs `TINTUC_TEST_PG` (see `store_postgres`);
//! prints `SKIP` without it.
#![cfg(feature = "postgres")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use tintuc::render::{DefaultUrls, UrlScheme};
use tintuc::store::{ArticleStore, PostgresStore};
use tintuc::web::{Config, SavedIndexes, Service};

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
    // The newest article, with a tag of its own: the feed, the sitemap and a tag page.
    new.tags.push("Nút A thử".into());
    new.published = Some(chrono::Utc::now().fixed_offset() - chrono::Duration::minutes(1));
    new.updated = None;
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
    for path in [
        "/the/nut-a-thu",
        "/rss.xml",
        "/atom.xml",
        "/sitemap.xml",
        "/",
    ] {
        let shown = within(second, || get(b.addr, path).text().contains(url.as_str()));
        assert!(shown.is_some(), "node B's {path} has it");
    }

    // A delete on A takes it off B's tag page, feed and sitemap.
    let r = call(
        a.addr,
        "DELETE",
        "/api/articles/node-a-1",
        &[("authorization", "Bearer t"), ("if-match", "*")],
        b"",
    );
    assert_eq!(r.status, 204, "{}", r.text());
    let tag_gone = within(second, || get(b.addr, "/the/nut-a-thu").status == 404);
    assert!(tag_gone.is_some(), "node B's tag page is gone");
    for path in ["/rss.xml", "/sitemap.xml", "/"] {
        let gone = within(second, || !get(b.addr, path).text().contains(url.as_str()));
        assert!(gone.is_some(), "node B's {path} no longer has it");
    }

    let mut client = postgres::Client::connect(&params, postgres::NoTls).unwrap();
    let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
}

/// A node serving over loopback.
struct Node {
    addr: std::net::SocketAddr,
    _service: Service,
    _rt: tokio::runtime::Runtime,
}

/// Serves a service started from the saved indexes in `store`'s schema.
fn start_saved(store: Arc<PostgresStore>) -> (Node, usize) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let saved = SavedIndexes::load(&store)
        .unwrap()
        .expect("indexes were saved");
    let held = saved.len();
    let dyn_store: Arc<dyn ArticleStore> = store;
    let service = rt
        .block_on(Service::with_saved_indexes(
            dyn_store,
            Config::new(site(addr)),
            Some(saved),
        ))
        .unwrap();
    let app = service.router();
    rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
    let node = Node {
        addr,
        _service: service,
        _rt: rt,
    };
    (node, held)
}

#[test]
fn a_node_starts_from_indexes_saved_by_another() {
    let params = match std::env::var(ENV) {
        Ok(s) if !s.trim().is_empty() => s,
        _ => {
            println!("SKIP: {ENV} not set");
            return;
        }
    };
    let schema = format!("t_web_saved_{}", std::process::id());
    let pg = Arc::new(PostgresStore::connect_in_schema(&params, &schema).unwrap());
    assert!(SavedIndexes::load(&pg).unwrap().is_none());
    let sample = tintuc::import::sample_articles().unwrap();
    for a in &sample {
        pg.put(a, None).unwrap();
    }
    let a = start(pg.clone(), |addr| Config::new(site(addr)));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let bytes = rt
        .block_on(a.service.save_indexes(Arc::clone(&pg)))
        .unwrap();
    assert!(bytes > 0);
    drop(a);

    // Written after the save, without any node: a new article close to the model
    // article, an edited title, an article deleted.
    let model = sample
        .iter()
        .find(|x| x.id.as_str() == "vks-st-2018-0817-01")
        .unwrap();
    let mut new = model.clone();
    new.id = "sau-khi-luu-1".parse().unwrap();
    new.slug = "khoi-thi-dua-so-ket-sau-khi-luu".parse().unwrap();
    new.title = format!("{} (viết sau khi lưu chỉ mục)", model.title);
    new.related.clear();
    pg.put(&new, None).unwrap();
    let edited_id = sample.iter().find(|x| x.id != model.id).unwrap().id.clone();
    let mut edited = pg.get(&edited_id).unwrap().unwrap();
    edited.article.title = "Tiêu đề đã sửa sau khi lưu chỉ mục xyzzyq".to_string();
    pg.put(&edited.article, Some(edited.revision)).unwrap();
    let gone = sample
        .iter()
        .find(|x| {
            x.id != model.id && x.id != edited_id && x.status == tintuc::model::Status::Published
        })
        .unwrap();
    pg.delete(&gone.id, None).unwrap();

    let (b, held) = start_saved(pg.clone());
    let published = sample
        .iter()
        .filter(|x| x.status == tintuc::model::Status::Published)
        .count();
    assert_eq!(held, published, "the saved indexes hold what node A had");
    let href = format!("href=\"{}\"", DefaultUrls.article(&new).as_str());
    let model_page = get(b.addr, DefaultUrls.article(model).as_str()).text();
    assert!(model_page.contains(&href), "the new article is related");
    let found = get(b.addr, "/tim-kiem?q=viet+sau+khi+luu+chi+muc").text();
    assert!(found.contains(&href), "search finds the new article");
    let found = get(b.addr, "/tim-kiem?q=xyzzyq").text();
    assert!(
        found.contains(&format!(
            "href=\"{}\"",
            DefaultUrls.article(&edited.article).as_str()
        )),
        "search finds the edited title"
    );
    let gone_href = format!("href=\"{}\"", DefaultUrls.article(gone).as_str());
    assert!(!get(b.addr, "/tim-kiem?q=thi+dua")
        .text()
        .contains(&gone_href));
    for x in sample.iter().filter(|x| x.id != gone.id).take(5) {
        let page = get(b.addr, DefaultUrls.article(x).as_str()).text();
        assert!(
            !page.contains(&gone_href),
            "a deleted article is no related link"
        );
    }
    drop(b);
    let mut client = postgres::Client::connect(&params, postgres::NoTls).unwrap();
    let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
}
