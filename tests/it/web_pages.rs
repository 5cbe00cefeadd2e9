//! `tintuc::web` pages over loopback: every route, validators and `304`s, error pages in
//! the site's frame, bad requests, a failing database.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tintuc::model::{ArticleId, Slug, Status};
use tintuc::render::{DefaultUrls, UrlScheme};
use tintuc::store::{
    ArticleStore, DocumentStore, Filter, ListQuery, Listing, MemoryDocumentStore, Revision,
    StoreError, StoredArticle,
};
use tintuc::web::Config;

use super::web_client::{call, get, raw, sample_store, site, start};

const JSON: (&str, &str) = ("accept", "application/json");

#[test]
fn every_page_over_loopback() {
    let s = start(sample_store(), |addr| Config::new(site(addr)).per_page(3));
    let (addr, store) = (s.addr, &s.store);
    let base = format!("http://{addr}");

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(home.header("cache-control"), "public, max-age=60");
    let body = home.text();
    assert!(body.contains("Cổng thông tin thử nghiệm"));
    assert!(
        body.contains(&format!("href=\"{base}/\"")),
        "canonical with the port"
    );
    let cats = store.categories().unwrap();
    for (c, _) in &cats {
        assert!(
            body.contains(&format!("/chuyen-muc/{}", c.slug)),
            "{}",
            c.slug
        );
    }
    assert_eq!(call(addr, "HEAD", "/", &[], b"").status, 200);

    // A category's pages (`/trang-N` and `?trang=N`) list its articles exactly once.
    let (cat, _) = cats.iter().max_by_key(|(_, n)| *n).unwrap();
    let listed = store
        .list(
            &ListQuery::new(Filter::Category(cat.slug.clone()))
                .status(Status::Published)
                .per_page(1000),
        )
        .unwrap();
    let pages = listed.total.div_ceil(3);
    assert!(pages >= 2, "the sample's largest category spans pages");
    let mut bodies = Vec::new();
    for p in 1..=pages {
        let r = get(addr, DefaultUrls.category(&cat.slug, p).as_str());
        assert_eq!(r.status, 200, "page {p}");
        let q = get(addr, &format!("/chuyen-muc/{}?trang={p}", cat.slug));
        assert_eq!(q.text(), r.text());
        bodies.push(r.text());
    }
    for item in &listed.items {
        let href = format!("href=\"/tin/{}.html\"", item.article.slug);
        let n = bodies.iter().filter(|b| b.contains(&href)).count();
        assert_eq!(n, 1, "{} on {n} pages", item.article.slug);
    }
    assert_eq!(
        get(
            addr,
            &format!("/chuyen-muc/{}/trang-{}", cat.slug, pages + 1)
        )
        .status,
        404
    );
    assert_eq!(
        get(addr, &format!("/chuyen-muc/{}/trang-1", cat.slug)).status,
        404
    );
    let bad = call(
        addr,
        "GET",
        &format!("/chuyen-muc/{}?trang=abc", cat.slug),
        &[JSON],
        b"",
    );
    bad.assert_problem(400, Some("trang"));

    // Tag pages: the most used tag, paginated, each article once.
    let mut by_tag: BTreeMap<Slug, Vec<String>> = BTreeMap::new();
    for item in store
        .list(
            &ListQuery::new(Filter::All)
                .status(Status::Published)
                .per_page(1000),
        )
        .unwrap()
        .items
    {
        let mut seen = Vec::new();
        for t in &item.article.tags {
            let slug = Slug::from_title(t).unwrap();
            if !seen.contains(&slug) {
                seen.push(slug.clone());
                by_tag
                    .entry(slug)
                    .or_default()
                    .push(item.article.slug.to_string());
            }
        }
    }
    let (tag, slugs) = by_tag.iter().max_by_key(|(_, v)| v.len()).unwrap();
    assert!(slugs.len() > 3, "the sample's most used tag spans pages");
    let mut tag_bodies = Vec::new();
    for p in 1..=slugs.len().div_ceil(3) {
        let r = get(addr, DefaultUrls.tag(tag, p).as_str());
        assert_eq!(r.status, 200, "tag {tag} page {p}");
        tag_bodies.push(r.text());
    }
    for slug in slugs {
        let href = format!("href=\"/tin/{slug}.html\"");
        assert_eq!(
            tag_bodies.iter().filter(|b| b.contains(&href)).count(),
            1,
            "{slug}"
        );
    }
    assert_eq!(get(addr, "/the/khong-co-the-nay").status, 404);

    // Article page: related links, more of the category, validators.
    let a = listed
        .items
        .iter()
        .map(|s| &s.article)
        .find(|a| !a.tags.is_empty())
        .unwrap();
    let url = DefaultUrls.article(a);
    let page = get(addr, url.as_str());
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("Tin liên quan"), "related links on {url:?}");
    assert!(
        text.contains(&format!("{base}{}", url.as_str())),
        "canonical with the port"
    );
    let tag_link = DefaultUrls.tag(&Slug::from_title(&a.tags[0]).unwrap(), 1);
    assert!(text.contains(tag_link.as_str()));
    assert_eq!(
        get(addr, tag_link.as_str()).status,
        200,
        "the article's tag link is served"
    );
    let etag = page.header("etag").to_string();
    let lm = page.header("last-modified").to_string();
    assert!(etag.starts_with('"') && !lm.is_empty());
    let weak = format!("W/{etag}");
    for (h, v, want) in [
        ("if-none-match", etag.as_str(), 304),
        ("if-none-match", weak.as_str(), 304),
        ("if-none-match", "\"other\"", 200),
        ("if-modified-since", lm.as_str(), 304),
        ("if-modified-since", "Mon, 01 Jan 2001 00:00:00 GMT", 200),
    ] {
        let r = call(addr, "GET", url.as_str(), &[(h, v)], b"");
        assert_eq!(r.status, want, "{h}: {v}");
        if want == 304 {
            assert!(r.body.is_empty());
            assert_eq!(r.header("etag"), etag);
        }
    }

    // Feeds and sitemaps carry the base URL with its port.
    let all = store
        .list(
            &ListQuery::new(Filter::All)
                .status(Status::Published)
                .per_page(1000),
        )
        .unwrap();
    for (path, ct, item) in [
        ("/rss.xml", "application/rss+xml", "<item>"),
        ("/atom.xml", "application/atom+xml", "<entry>"),
        ("/sitemap.xml", "application/xml", "<url>"),
        ("/sitemap-news.xml", "application/xml", "<urlset"),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").starts_with(ct), "{path}");
        assert!(r.text().contains(item), "{path}");
        if path != "/sitemap-news.xml" {
            assert!(
                r.text().contains(&format!("{base}/tin/")),
                "{path} has absolute URLs with the port"
            );
        }
    }
    assert_eq!(
        get(addr, "/sitemap.xml").text().matches("<url>").count(),
        all.total
    );
    assert_eq!(
        get(addr, "/sitemap-1.xml").status,
        404,
        "no parts under 50,000 URLs"
    );
    let cat_rss = get(addr, &format!("/chuyen-muc/{}/rss.xml", cat.slug));
    assert_eq!(cat_rss.status, 200);
    assert_eq!(
        cat_rss.text().matches("<item>").count(),
        listed.total.min(20)
    );

    // 404: the site's frame in HTML, problem+json when JSON is asked for.
    for missing in [
        "/tin/khong-co.html",
        "/tin/x",
        "/khong-co",
        "/chuyen-muc/khong-co",
    ] {
        let r = get(addr, missing);
        assert_eq!(r.status, 404, "{missing}");
        let t = r.text();
        assert!(t.contains("<h1>Không tìm thấy trang</h1>"), "{missing}");
        assert!(
            t.contains("Cổng thông tin thử nghiệm") && t.contains("<footer"),
            "{missing}: site chrome"
        );
        assert!(
            t.contains(&format!("/chuyen-muc/{}", cat.slug)),
            "{missing}: the menu"
        );
        call(addr, "GET", missing, &[JSON], b"").assert_problem(404, None);
    }
    // Search: marks optional; every page's search box leads there.
    assert!(
        body.contains("role=\"search\""),
        "the home page has a search box"
    );
    let model = "/tin/khoi-thi-dua-1-so-ket-phong-trao-thi-dua-06-thang-dau-nam-2018.html";
    let r = get(addr, "/tim-kiem?q=so+ket+phong+trao+thi+dua");
    assert_eq!(r.status, 200);
    let t = r.text();
    assert!(t.contains(model) && t.contains("<mark>"), "{t}");
    assert!(t.contains("noindex"));
    assert_eq!(get(addr, "/tim-kiem").status, 200, "the empty search page");
    assert_eq!(get(addr, "/tim-kiem?q=so+ket&trang=999").status, 404);
    let long = format!("/tim-kiem?q={}", "thi+dua+".repeat(400));
    let r = get(addr, &long);
    assert_eq!(r.status, 200, "a refused query is a page that says so");
    assert!(r.text().contains("Không thể tìm"));
    let post = call(addr, "POST", "/", &[("content-type", "text/plain")], b"x");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), "GET, HEAD");
}

#[test]
fn bad_requests_get_answers_not_panics() {
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).token("bi-mat").max_body_bytes(4096)
    });
    let addr = s.addr;
    // Invalid UTF-8 in the path and query, percent-encoded.
    call(addr, "GET", "/chuyen-muc/x?trang=%FF", &[JSON], b"").assert_problem(400, Some("query"));
    assert_eq!(get(addr, "/chuyen-muc/x?trang=%FF").status, 400);
    call(addr, "GET", "/tin/%FF%FE.html", &[JSON], b"").assert_problem(404, None);
    let auth = ("authorization", "Bearer bi-mat");
    call(addr, "GET", "/api/articles/%FF", &[auth], b"").assert_problem(400, Some("id"));
    call(addr, "GET", "/api/articles?page=%FF", &[auth], b"").assert_problem(400, Some("query"));
    // Raw bytes that are not UTF-8 (nor ASCII) in the request line: refused by the HTTP
    // parser before any route, with a 400.
    let r = raw(
        addr,
        b"GET /tin/\xff\xfe.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 400);
    // 10,000 query parameters.
    let many = format!("/?{}", vec!["a=1"; 10_000].join("&"));
    call(addr, "GET", &many, &[JSON], b"").assert_problem(400, Some("query"));
    let api_many = format!("/api/articles?{}", vec!["a=1"; 10_000].join("&"));
    call(addr, "GET", &api_many, &[auth], b"").assert_problem(400, Some("query"));
    // Path traversal in slugs and ids.
    for p in [
        "/tin/..%2F..%2FCargo.toml",
        "/tin/../../Cargo.toml",
        "/tin/..%2F..%2Fetc%2Fpasswd.html",
        "/van-ban/../../Cargo.toml",
        "/chuyen-muc/..%2F..",
        "/the/%2e%2e",
    ] {
        let r = call(addr, "GET", p, &[JSON], b"");
        assert!(r.status == 404 || r.status == 400, "{p}: {}", r.status);
        r.assert_problem(r.status, None);
    }
    let r = call(
        addr,
        "GET",
        "/api/articles/..%2F..%2Fetc%2Fpasswd",
        &[auth],
        b"",
    );
    r.assert_problem(404, Some("id"));
    // Oversized bodies: declared, and sent chunked without a length.
    let json = ("content-type", "application/json");
    let big = raw(
        addr,
        b"POST /api/articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer bi-mat\r\n\
          Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n{}",
    );
    big.assert_problem(413, None);
    let chunk = "x".repeat(5000);
    let chunked = raw(
        addr,
        format!(
            "POST /api/articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer bi-mat\r\n\
             Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
            chunk.len()
        )
        .as_bytes(),
    );
    chunked.assert_problem(413, None);
    // Wrong content types, and invalid JSON.
    call(
        addr,
        "POST",
        "/api/articles",
        &[auth, ("content-type", "text/plain")],
        b"{}",
    )
    .assert_problem(415, Some("Content-Type"));
    call(
        addr,
        "POST",
        "/api/articles",
        &[auth, ("content-type", "application/x-www-form-urlencoded")],
        b"a=b",
    )
    .assert_problem(415, Some("Content-Type"));
    call(addr, "POST", "/api/articles", &[auth, json], b"{\"id\":").assert_problem(400, None);
    call(addr, "POST", "/api/articles", &[auth, json], b"\xff\xfe{}").assert_problem(400, None);
}

/// A store whose backend can be switched off, as a database that went away.
struct Flaky {
    inner: Arc<dyn ArticleStore>,
    down: AtomicBool,
}

impl Flaky {
    fn check(&self) -> Result<(), StoreError> {
        if self.down.load(Ordering::SeqCst) {
            Err(StoreError::backend(
                "connecting",
                std::io::Error::other("connection refused"),
            ))
        } else {
            Ok(())
        }
    }
}

impl ArticleStore for Flaky {
    fn get(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        self.check()?;
        self.inner.get(id)
    }
    fn get_by_slug(&self, slug: &Slug) -> Result<Option<StoredArticle>, StoreError> {
        self.check()?;
        self.inner.get_by_slug(slug)
    }
    fn put(&self, a: &tintuc::model::Article, e: Option<Revision>) -> Result<Revision, StoreError> {
        self.check()?;
        self.inner.put(a, e)
    }
    fn delete(&self, id: &ArticleId, e: Option<Revision>) -> Result<(), StoreError> {
        self.check()?;
        self.inner.delete(id, e)
    }
    fn list(&self, q: &ListQuery) -> Result<Listing<StoredArticle>, StoreError> {
        self.check()?;
        self.inner.list(q)
    }
    fn scan(
        &self,
        after: Option<&ArticleId>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        self.check()?;
        self.inner.scan(after, limit)
    }
    fn count(&self) -> Result<usize, StoreError> {
        self.check()?;
        self.inner.count()
    }
}

#[test]
fn database_down_is_503_and_recovers() {
    let flaky = Arc::new(Flaky {
        inner: sample_store(),
        down: AtomicBool::new(false),
    });
    let s = start(Arc::clone(&flaky) as Arc<dyn ArticleStore>, |addr| {
        Config::new(site(addr)).token("t")
    });
    let addr = s.addr;
    assert_eq!(get(addr, "/").status, 200);
    flaky.down.store(true, Ordering::SeqCst);
    // Pages the catalog holds are served from memory while the database is down ...
    for path in ["/", "/rss.xml", "/sitemap.xml", "/the/thi-dua"] {
        assert_eq!(get(addr, path).status, 200, "{path}");
    }
    // ... an address it does not hold reads the store: 503.
    let r = get(addr, "/tin/khong-co-bai-nay.html");
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), "5");
    assert!(r.text().contains("Hệ thống tạm thời gián đoạn"));
    call(addr, "GET", "/tin/x.html", &[JSON], b"").assert_problem(503, None);
    let body = r#"{"id":"moi","title":"Tin mới","body":"Một."}"#.as_bytes();
    let auth = [
        ("authorization", "Bearer t"),
        ("content-type", "application/json"),
    ];
    call(addr, "POST", "/api/articles", &auth, body).assert_problem(503, None);
    flaky.down.store(false, Ordering::SeqCst);
    assert_eq!(get(addr, "/").status, 200);
    assert_eq!(call(addr, "POST", "/api/articles", &auth, body).status, 201);
    assert_eq!(get(addr, "/tin/tin-moi.html").status, 200);
}

#[test]
fn document_section_and_citations() {
    let docs = Arc::new(MemoryDocumentStore::new());
    for d in tintuc::document::sample_documents().unwrap() {
        docs.put_document(&d, None).unwrap();
    }
    let all = docs.all_documents().unwrap();
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).documents(Arc::clone(&docs) as Arc<dyn DocumentStore>)
    });
    let addr = s.addr;
    let plan = all
        .iter()
        .find(|d| d.id.as_str() == "ubnd-st-2018-kh-08")
        .unwrap();
    let plan_url = DefaultUrls.document(plan);
    let r = get(addr, plan_url.as_str());
    assert_eq!(r.status, 200);
    assert!(r.text().contains("08/KH-UBND"));
    assert!(r.text().contains("Bài viết trích dẫn"));
    let etag = r.header("etag").to_string();
    assert_eq!(
        call(
            addr,
            "GET",
            plan_url.as_str(),
            &[("if-none-match", &etag)],
            b""
        )
        .status,
        304
    );
    let listing = get(addr, "/van-ban");
    assert_eq!(listing.status, 200);
    assert!(listing.text().contains(plan_url.as_str()));
    let feed = get(addr, DefaultUrls.documents_feed().as_str());
    assert!(feed
        .header("content-type")
        .starts_with("application/rss+xml"));
    assert_eq!(get(addr, "/van-ban/khong-co.html").status, 404);
    let citing = s
        .store
        .get(&"vks-st-2018-0817-01".parse().unwrap())
        .unwrap()
        .unwrap();
    let page = get(addr, DefaultUrls.article(&citing.article).as_str());
    assert!(page
        .text()
        .contains(&format!("href=\"{}\"", plan_url.as_str())));
}

#[test]
fn page_cache_serves_and_forgets_on_write() {
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).page_cache(100).token("t")
    });
    let addr = s.addr;
    let a = s
        .store
        .list(&ListQuery::new(Filter::All).status(Status::Published))
        .unwrap()
        .items
        .remove(0);
    let url = DefaultUrls.article(&a.article);
    let first = get(addr, url.as_str());
    let second = get(addr, url.as_str());
    assert_eq!((first.status, second.status), (200, 200));
    assert_eq!(first.header("etag"), second.header("etag"));
    let mut changed = a.article.clone();
    changed.title = "Tiêu đề đã sửa qua API".into();
    let r = call(
        addr,
        "PUT",
        &format!("/api/articles/{}", a.article.id),
        &[
            ("authorization", "Bearer t"),
            ("content-type", "application/json"),
            ("if-match", &format!("\"{}\"", a.revision)),
        ],
        serde_json::to_string(&changed).unwrap().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let third = get(addr, url.as_str());
    assert!(
        third.text().contains("Tiêu đề đã sửa qua API"),
        "the cache was emptied by the write"
    );
    assert_ne!(third.header("etag"), first.header("etag"));
}

/// Tag pages, feeds, sitemaps and the home page are served from memory: a write, a
/// second spelling of a tag, an edit and a delete through the API show in every one of
/// them at once, page cache on.
#[test]
fn api_writes_show_in_tag_pages_feeds_sitemaps_and_home_at_once() {
    const AUTH: (&str, &str) = ("authorization", "Bearer bi-mat");
    const CT: (&str, &str) = ("content-type", "application/json");
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).token("bi-mat").page_cache(100)
    });
    let addr = s.addr;
    let now = chrono::Utc::now() - chrono::Duration::minutes(5);
    let article = |id: &str, tags: &[&str], category: &str| {
        serde_json::json!({
            "id": id,
            "title": format!("Bài {id} về hội nghị sơ kết thi đua"),
            "body": "Hội nghị sơ kết công tác thi đua khen thưởng sáu tháng đầu năm.",
            "category": category,
            "tags": tags,
            "published": now.to_rfc3339(),
        })
        .to_string()
    };
    let page = |path: &str| {
        let r = get(addr, path);
        (r.status, r.text())
    };
    let outputs = || {
        [
            "/rss.xml",
            "/atom.xml",
            "/sitemap.xml",
            "/sitemap-news.xml",
            "/chuyen-muc/chuyen-muc-moi-tinh/rss.xml",
            "/",
        ]
        .map(|p| (p, page(p)))
    };
    let href = |slug: &str| format!("/tin/{slug}.html");
    // Warm the page cache with the pages as they are before the writes.
    assert_eq!(page("/the/the-moi-tinh").0, 404);
    for (p, (status, body)) in outputs() {
        assert!(!body.contains("bai-moi-tinh-1"), "{p} ({status})");
    }

    let r = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, CT],
        article("moi-tinh-1", &["Thẻ mới tinh"], "Chuyên mục mới tinh").as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let slug1 = r.json()["slug"].as_str().unwrap().to_string();
    let (status, tag) = page("/the/the-moi-tinh");
    assert_eq!(status, 200);
    assert!(tag.contains(&href(&slug1)) && tag.contains("Thẻ mới tinh"));
    for (p, (status, body)) in outputs() {
        assert_eq!(status, 200, "{p}");
        assert!(body.contains(&href(&slug1)), "{p} lists the new article");
    }
    assert!(
        page("/").1.contains("Chuyên mục mới tinh"),
        "a new category's block"
    );

    // A second spelling of the tag: one page, both articles, newest first.
    let r = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, CT],
        article("moi-tinh-2", &["thẻ mới tinh"], "Chuyên mục mới tinh").as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let slug2 = r.json()["slug"].as_str().unwrap().to_string();
    let tag = page("/the/the-moi-tinh").1;
    assert!(tag.contains(&href(&slug1)) && tag.contains(&href(&slug2)));

    // An edit takes the tag and the category off the first one.
    let r = call(
        addr,
        "PUT",
        "/api/articles/moi-tinh-1",
        &[AUTH, CT, ("if-match", "*")],
        article("moi-tinh-1", &["Thẻ khác"], "Thi đua khen thưởng").as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let tag = page("/the/the-moi-tinh").1;
    assert!(!tag.contains(&href(&slug1)) && tag.contains(&href(&slug2)));
    assert!(page("/the/the-khac").1.contains(&href(&slug1)));
    let feed = page("/chuyen-muc/chuyen-muc-moi-tinh/rss.xml").1;
    assert!(!feed.contains(&href(&slug1)) && feed.contains(&href(&slug2)));

    // Deletes: the tag page goes, and so does the article from every output.
    for id in ["moi-tinh-1", "moi-tinh-2"] {
        let r = call(
            addr,
            "DELETE",
            &format!("/api/articles/{id}"),
            &[AUTH, ("if-match", "*")],
            b"",
        );
        assert_eq!(r.status, 204, "{}", r.text());
    }
    assert_eq!(page("/the/the-moi-tinh").0, 404);
    assert_eq!(page("/the/the-khac").0, 404);
    assert_eq!(page("/chuyen-muc/chuyen-muc-moi-tinh/rss.xml").0, 404);
    for (p, (_, body)) in outputs() {
        assert!(
            !body.contains(&href(&slug1)) && !body.contains(&href(&slug2)),
            "{p} after the deletes"
        );
    }
    assert!(!page("/").1.contains("Chuyên mục mới tinh"));
}
