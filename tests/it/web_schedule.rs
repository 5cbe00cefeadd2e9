//! Scheduled publishing and expiry in the web service: with a clock the test controls,
//! an article scheduled for 10:00 and one expiring at 10:00 switch in every output —
//! article pages, listings, home, tag pages, feeds, sitemaps, the Google News sitemap,
//! related links and search — at 10:00:00 and not at 09:59:59; with the clock running,
//! the service's own wake task applies the change within a second, nobody calling.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tintuc::model::{Article, Block, Category, Status};
use tintuc::store::{ArticleStore, MemoryStore};
use tintuc::web::Config;

use super::web_client::{at, from_nanos, get, nanos, site, start, Reply};

const TEN: &str = "2024-05-01T10:00:00+07:00";

fn article(id: &str, title: &str, status: Status, published: &str, tags: &[&str]) -> Article {
    let mut a = Article::new(
        id.parse().unwrap(),
        title.into(),
        tintuc::model::Slug::from_title(title).unwrap(),
    );
    a.status = status;
    a.published = Some(at(published));
    a.category = Category::from_name("Tiếp công dân");
    a.tags = tags.iter().map(|t| t.to_string()).collect();
    a.body = vec![Block::paragraph(format!(
        "{title}. Viện kiểm sát nhân dân tỉnh tổ chức tiếp công dân định kỳ, tiếp nhận \
         khiếu nại, tố cáo về đất đai và hướng dẫn công dân thực hiện quyền khiếu nại."
    ))];
    a
}

/// The articles of the test: R (always visible, hand-picks S and E as related), S
/// (scheduled for 10:00), E (expires at 10:00), W (withdrawn), D (draft).
fn articles() -> [Article; 5] {
    let mut r = article(
        "r",
        "Tiếp công dân định kỳ tháng tư",
        Status::Published,
        "2024-04-01T08:00:00+07:00",
        &["tiếp dân"],
    );
    r.related = vec!["s".parse().unwrap(), "e".parse().unwrap()];
    let s = article(
        "s",
        "Lịch tiếp công dân tháng năm",
        Status::Scheduled,
        TEN,
        &["tiếp dân", "lịch hẹn giờ"],
    );
    let mut e = article(
        "e",
        "Thông báo tiếp công dân ngày lễ",
        Status::Published,
        "2024-04-30T08:00:00+07:00",
        &["tiếp dân", "thông báo hết hạn"],
    );
    e.expires = Some(at(TEN));
    let w = article(
        "w",
        "Tin tiếp công dân đã gỡ",
        Status::Withdrawn,
        "2024-04-29T08:00:00+07:00",
        &["tiếp dân"],
    );
    let d = article(
        "d",
        "Bản nháp tiếp công dân",
        Status::Draft,
        "2024-04-29T09:00:00+07:00",
        &["tiếp dân"],
    );
    [r, s, e, w, d]
}

fn store() -> Arc<dyn ArticleStore> {
    let store = MemoryStore::new();
    for a in tintuc::import::sample_articles().unwrap() {
        store.put(&a, None).unwrap();
    }
    for a in articles() {
        store.put(&a, None).unwrap();
    }
    Arc::new(store)
}

fn href(a: &Article) -> String {
    format!("/tin/{}.html", a.slug)
}

/// Every output the schedule touches, by name, with its body.
fn outputs(addr: SocketAddr, r: &Article) -> Vec<(&'static str, String)> {
    let ok = |path: &str| {
        let reply: Reply = get(addr, path);
        assert_eq!(reply.status, 200, "{path}");
        reply.text()
    };
    vec![
        ("home", ok("/")),
        ("category listing", ok("/chuyen-muc/tiep-cong-dan")),
        ("category feed", ok("/chuyen-muc/tiep-cong-dan/rss.xml")),
        ("tag page", ok("/the/tiep-dan")),
        ("rss", ok("/rss.xml")),
        ("atom", ok("/atom.xml")),
        ("sitemap", ok("/sitemap.xml")),
        ("news sitemap", ok("/sitemap-news.xml")),
        ("related links of R", ok(&href(r))),
        ("search", ok("/tim-kiem?q=tiep+cong+dan")),
    ]
}

fn assert_in_all(outputs: &[(&str, String)], a: &Article, when: &str) {
    for (name, body) in outputs {
        assert!(
            body.contains(&href(a)),
            "{when}: {} missing from {name}",
            a.id
        );
    }
}

fn assert_in_none(outputs: &[(&str, String)], a: &Article, when: &str) {
    for (name, body) in outputs {
        assert!(!body.contains(&href(a)), "{when}: {} shown in {name}", a.id);
    }
}

#[test]
fn scheduled_and_expired_articles_switch_in_every_output_at_their_time() {
    let clock = Arc::new(AtomicI64::new(nanos(at("2024-05-01T09:59:59+07:00"))));
    let read = Arc::clone(&clock);
    // A page cache that outlives the test: only the wake may empty it.
    let server = start(store(), move |addr| {
        Config::new(site(addr))
            .per_page(100)
            .page_cache(1000)
            .page_ttl(Duration::from_secs(3600))
            .clock(move || from_nanos(read.load(Ordering::SeqCst)))
    });
    let [r, s, e, w, d] = articles();
    let addr = server.addr;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let before = outputs(addr, &r);
    assert_in_none(&before, &s, "09:59:59");
    assert_in_all(&before, &e, "09:59:59");
    assert_eq!(get(addr, &href(&s)).status, 404, "scheduled, not yet");
    assert_eq!(get(addr, &href(&e)).status, 200);
    assert_eq!(get(addr, "/the/lich-hen-gio").status, 404);
    assert_eq!(get(addr, "/the/thong-bao-het-han").status, 200);
    assert_eq!(rt.block_on(server.service.wake()).unwrap(), Some(at(TEN)));

    clock.store(nanos(at(TEN)), Ordering::SeqCst);
    // The service's own task may get there first; either way nothing is left due.
    assert_eq!(rt.block_on(server.service.wake()).unwrap(), None);
    let after = outputs(addr, &r);
    assert_in_all(&after, &s, "10:00:00");
    assert_in_none(&after, &e, "10:00:00");
    assert_eq!(get(addr, &href(&s)).status, 200);
    assert_eq!(get(addr, &href(&e)).status, 410, "expired: gone");
    assert_eq!(get(addr, "/the/lich-hen-gio").status, 200);
    assert_eq!(get(addr, "/the/thong-bao-het-han").status, 404);

    // Withdrawn and draft articles are never shown; withdrawn is 410, a draft 404.
    for outputs in [&before, &after] {
        assert_in_none(outputs, &w, "any time");
        assert_in_none(outputs, &d, "any time");
    }
    assert_eq!(get(addr, &href(&w)).status, 410);
    assert_eq!(get(addr, &href(&d)).status, 404);
}

/// The clock runs (real time, shifted to just before 10:00); the service is left alone
/// and only searched, which reads the index the wake task keeps: the scheduled article
/// enters it, and the expired one leaves it, within a second of 10:00.
#[test]
fn the_wake_task_applies_the_schedule_on_time_with_nobody_calling() {
    let start_at = at("2024-05-01T09:59:58.500+07:00");
    let t0 = Instant::now();
    let now = move || start_at + chrono::Duration::from_std(t0.elapsed()).unwrap();
    let server = start(store(), move |addr| {
        Config::new(site(addr))
            .per_page(100)
            .page_cache(1000)
            .page_ttl(Duration::from_secs(3600))
            .clock(now)
    });
    let [r, s, e, ..] = articles();
    let addr = server.addr;
    // Cached before 10:00: served until the wake empties the cache.
    let listing = get(addr, "/chuyen-muc/tiep-cong-dan").text();
    assert!(!listing.contains(&href(&s)) && listing.contains(&href(&e)));
    let ten = at(TEN);
    let mut first_seen = None;
    while now() < ten + chrono::Duration::seconds(3) {
        let page = get(addr, "/tim-kiem?q=tiep+cong+dan").text();
        let answered = now();
        assert!(page.contains(&href(&r)));
        let switched = page.contains(&href(&s)) && !page.contains(&href(&e));
        if answered < ten {
            assert!(
                !page.contains(&href(&s)),
                "scheduled article found by {answered}"
            );
            assert!(
                page.contains(&href(&e)),
                "expiring article gone by {answered}"
            );
        }
        if switched {
            first_seen = Some(now());
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let seen = first_seen.expect("the scheduled article never entered the search index");
    assert!(
        seen < ten + chrono::Duration::seconds(1),
        "the schedule was applied at {seen}, more than a second late"
    );
    let listing = get(addr, "/chuyen-muc/tiep-cong-dan").text();
    assert!(listing.contains(&href(&s)) && !listing.contains(&href(&e)));
    let related = get(addr, &href(&r)).text();
    assert!(related.contains(&href(&s)) && !related.contains(&href(&e)));
}
