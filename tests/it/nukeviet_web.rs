//! A migrated NukeViet site served by `tintuc::web` behind its redirect map: every old
//! URL answers `301` to its new link, and the new pages of the articles readers can see
//! now exist. Needs `TINTUC_MARIADB_URL` (see `nukeviet.rs`); skips without it.
#![cfg(feature = "nukeviet")]

use std::sync::Arc;

use tintuc::import::nukeviet::{percent_encode_path, redirects, resolve, Target, UrlConfig};
use tintuc::model::{Status, VIETNAM_OFFSET};
use tintuc::render::{DefaultUrls, UrlScheme};
use tintuc::store::{ArticleStore, MemoryStore};
use tintuc::web::{Config, Redirects, Service};

use super::nukeviet::{default_link, migrated, server};
use super::web_client::{call, get, site};

#[test]
fn nukeviet_old_urls_answer_301_to_pages_that_exist() {
    let Some(url) = server() else { return };
    let m = migrated(&url);
    let store = MemoryStore::new();
    for a in &m.articles {
        store.put(a, None).unwrap();
    }
    let store: Arc<dyn ArticleStore> = Arc::new(store);
    let all = redirects(&m, &UrlConfig::default());
    let (map, left) = resolve(&all, |t| default_link(&m, t));
    assert!(left.is_empty(), "every old URL has a page: {left:?}");

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let service = rt
        .block_on(Service::new(Arc::clone(&store), Config::new(site(addr))))
        .unwrap();
    let app = Redirects::new(map.clone()).wrap(service.router());
    rt.spawn(async move { axum::serve(listener, app).await.unwrap() });

    for (from, to) in &map {
        let toggled = match from.strip_suffix('/') {
            Some(f) => f.to_string(),
            None => format!("{from}/"),
        };
        for path in [percent_encode_path(from), percent_encode_path(&toggled)] {
            let r = get(addr, &path);
            assert_eq!(r.status, 301, "{path}");
            assert_eq!(
                r.header("location"),
                percent_encode_path(to.as_str()),
                "{path}"
            );
        }
    }
    let r = get(addr, "/vi/news/thong-bao/page-2/?x=1");
    assert_eq!(
        (r.status, r.header("location")),
        (301, "/chuyen-muc/thong-bao")
    );
    // Paths the map does not know, and other methods, reach the service.
    assert_eq!(get(addr, "/vi/news/khong-co/").status, 404);
    let post = call(addr, "POST", "/vi/news/", &[], b"");
    assert_ne!(post.status, 301);

    // The pages the old URLs of published, visible articles lead to exist.
    let now = chrono::Utc::now().with_timezone(&VIETNAM_OFFSET);
    let mut checked = 0;
    for (from, target) in all.iter().map(|r| (&r.from, &r.target)) {
        let Target::Article(id) = target else {
            continue;
        };
        let a = m.articles.iter().find(|a| &a.id == id).unwrap();
        if a.status != Status::Published || !a.is_visible_at(now) {
            continue;
        }
        let location = get(addr, &percent_encode_path(from))
            .header("location")
            .to_string();
        assert_eq!(location, DefaultUrls.article(a).as_str());
        let page = get(addr, &location);
        assert_eq!(page.status, 200, "{from} -> {location}");
        let words: Vec<&str> = a.title.split(' ').take(3).collect();
        assert!(page.text().contains(&words.join(" ")), "{from}");
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} article URLs checked");
    // A topic's old URL leads to its page, which lists the topic's visible articles.
    let topic = get(addr, "/vi/news/topic/bao-so-3-yagi/");
    assert_eq!(topic.header("location"), "/dong-su-kien/bao-so-3-yagi");
    // Row 110 follows the topic and is published with no expiry: listed there.
    let on_topic = m
        .articles
        .iter()
        .find(|a| {
            a.topic
                .as_ref()
                .is_some_and(|t| t.slug.as_str() == "bao-so-3-yagi")
        })
        .unwrap();
    assert!(on_topic.is_visible_at(now));
    let page = get(addr, topic.header("location"));
    assert_eq!(page.status, 200);
    assert!(page.text().contains(DefaultUrls.article(on_topic).as_str()));
    let home = get(addr, "/vi/news/");
    assert_eq!(get(addr, home.header("location")).status, 200);
    // A group has no page of its own: its old URL leads to the home page, which shows
    // the group's visible articles in its block.
    let group = get(addr, "/vi/news/groups/tin-tieu-diem/");
    assert_eq!((group.status, group.header("location")), (301, "/"));
    let page = get(addr, "/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("Tin tiêu điểm"),
        "no group block on the home page"
    );
}
