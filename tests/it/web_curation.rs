//! Curation in the web service: a topic thread's page and the "Theo dòng sự kiện"
//! block, a curated group's block on the home page, a category page listing an article
//! by its further category, and the source line — each showing only what readers may
//! see at the service's (test-controlled) now: an article scheduled for 10:00 appears
//! at 10:00:00, not at 09:59:59.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tintuc::model::{Article, Block, Category, GroupEntry, Status, Topic};
use tintuc::store::{ArticleStore, MemoryStore};
use tintuc::web::Config;

use super::web_client::{at, from_nanos, get, nanos, site, start};
use crate::common;

const TEN: &str = "2024-05-01T10:00:00+07:00";

fn article(id: &str, title: &str, status: Status, published: &str, position: u32) -> Article {
    let mut a = Article::new(
        id.parse().unwrap(),
        title.into(),
        tintuc::model::Slug::from_title(title).unwrap(),
    );
    a.status = status;
    a.published = Some(at(published));
    a.category = Category::from_name("Phòng chống thiên tai");
    a.topic = Topic::from_name("Bão số 3");
    a.groups = vec![GroupEntry {
        name: "Bão lũ".into(),
        slug: "bao-lu".parse().unwrap(),
        position,
    }];
    a.body = vec![Block::paragraph(format!("{title}. Nội dung."))];
    a
}

/// One (published, filed also under "Thông báo", with a linked source), two
/// (published later), scheduled (10:00), draft: all on the topic and in the group.
fn articles() -> [Article; 4] {
    let mut one = article(
        "bao-1",
        "Bão số 3 đổ bộ vào đất liền",
        Status::Published,
        "2024-04-20T08:00:00+07:00",
        2,
    );
    one.more_categories = vec![Category::from_name("Thông báo").unwrap()];
    one.source_name = Some("Báo <Sóc Trăng>".into());
    one.source_url = Some("https://baosoctrang.example.vn/bai-1".parse().unwrap());
    let two = article(
        "bao-2",
        "Khắc phục hậu quả bão số 3",
        Status::Published,
        "2024-04-25T08:00:00+07:00",
        1,
    );
    let scheduled = article(
        "bao-3",
        "Tổng kết công tác phòng chống bão số 3",
        Status::Scheduled,
        TEN,
        0,
    );
    let draft = article(
        "bao-4",
        "Bản nháp về bão số 3",
        Status::Draft,
        "2024-04-26T08:00:00+07:00",
        0,
    );
    [one, two, scheduled, draft]
}

fn href(a: &Article) -> String {
    format!("/tin/{}.html", a.slug)
}

/// The article links inside the first element of class `class`, in order.
fn links_in(html: &str, class: &str) -> Vec<String> {
    let (root, errors) = common::parse(html);
    assert!(errors.is_empty(), "{errors:?}");
    root.first(|e| e.has_class(class))
        .find(|e| e.name == "a")
        .iter()
        .filter_map(|e| e.attr("href"))
        .filter(|h| h.starts_with("/tin/"))
        .map(str::to_string)
        .collect()
}

#[test]
fn topic_pages_groups_and_further_categories_show_only_visible_articles() {
    let store = MemoryStore::new();
    for a in tintuc::import::sample_articles().unwrap() {
        store.put(&a, None).unwrap();
    }
    for a in articles() {
        store.put(&a, None).unwrap();
    }
    let store: Arc<dyn ArticleStore> = Arc::new(store);
    let clock = Arc::new(AtomicI64::new(nanos(at("2024-05-01T09:59:59+07:00"))));
    let read = Arc::clone(&clock);
    let server = start(store, move |addr| {
        Config::new(site(addr))
            .per_page(100)
            .page_cache(1000)
            .page_ttl(Duration::from_secs(3600))
            .clock(move || from_nanos(read.load(Ordering::SeqCst)))
    });
    let addr = server.addr;
    let [one, two, scheduled, draft] = articles();
    let ok = |path: &str| {
        let reply = get(addr, path);
        assert_eq!(reply.status, 200, "{path}");
        reply.text()
    };

    // 09:59:59: the scheduled article is nowhere yet, the draft never.
    let topic = ok("/dong-su-kien/bao-so-3");
    assert!(topic.contains("<h1>Bão số 3</h1>"), "{topic}");
    assert_eq!(links_in(&topic, "article-list"), [href(&two), href(&one)]);
    let page = ok(&href(&one));
    assert_eq!(links_in(&page, "thread"), [href(&two)]);
    assert!(page.contains(r#"<a href="/dong-su-kien/bao-so-3">Bão số 3</a>"#));
    assert!(page.contains(
        r#"<p class="byline source">Nguồn: <a href="https://baosoctrang.example.vn/bai-1">Báo &lt;Sóc Trăng&gt;</a></p>"#
    ));
    // The primary category still gives the breadcrumb.
    assert!(page.contains(r#"<li><a href="/chuyen-muc/phong-chong-thien-tai">"#));
    // The test's group ("bao-lu") comes before the sample's ("tin-tieu-diem").
    let home = ok("/");
    assert!(home.find("<h2>Bão lũ</h2>").unwrap() < home.find("<h2>Tin tiêu điểm</h2>").unwrap());
    let group = links_in(&home, "home-group");
    assert_eq!(group, [href(&two), href(&one)]);
    assert!(
        home.find("home-group").unwrap() < home.find("class=\"home-section\"").unwrap(),
        "groups come before the category blocks"
    );
    // Filed under "Thông báo" as a further category: listed there, under that name.
    let notices = ok("/chuyen-muc/thong-bao");
    assert!(notices.contains("<h1>Thông báo</h1>"), "{notices}");
    assert_eq!(links_in(&notices, "article-list"), [href(&one)]);
    for body in [&topic, &page, &home, &notices] {
        assert!(!body.contains(&href(&scheduled)) && !body.contains(&href(&draft)));
    }
    assert_eq!(get(addr, "/dong-su-kien/khong-co").status, 404);
    assert_eq!(get(addr, "/dong-su-kien/bao-so-3/trang-2").status, 404);

    // 10:00:00: the scheduled article leads the topic, the thread and the group (its
    // position is 0).
    clock.store(nanos(at(TEN)), Ordering::SeqCst);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    assert_eq!(rt.block_on(server.service.wake()).unwrap(), None);
    let topic = ok("/dong-su-kien/bao-so-3");
    assert_eq!(
        links_in(&topic, "article-list"),
        [href(&scheduled), href(&two), href(&one)]
    );
    let page = ok(&href(&one));
    assert_eq!(links_in(&page, "thread"), [href(&scheduled), href(&two)]);
    let home = ok("/");
    assert_eq!(
        links_in(&home, "home-group"),
        [href(&scheduled), href(&two), href(&one)]
    );
    assert!(!topic.contains(&href(&draft)) && !home.contains(&href(&draft)));
}
