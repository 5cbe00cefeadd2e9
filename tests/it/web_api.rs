//! The JSON API of `tintuc::web` over loopback: authentication, bodies in both forms,
//! every error status as problem+json, revisions with `If-Match`, and writes visible on
//! the next page.

use tintuc::model::{ArticleId, Status};
use tintuc::render::{DefaultUrls, UrlScheme};
use tintuc::store::{ArticleStore, Revision};
use tintuc::web::Config;

use super::web_client::{call, get, sample_store, site, start};

const AUTH: (&str, &str) = ("authorization", "Bearer bi-mat");
const JSON: (&str, &str) = ("content-type", "application/json");

#[test]
fn api_is_off_without_a_token() {
    let s = start(sample_store(), |addr| Config::new(site(addr)));
    call(s.addr, "POST", "/api/articles", &[AUTH, JSON], b"{}").assert_problem(404, None);
    call(s.addr, "GET", "/api/articles", &[AUTH], b"").assert_problem(404, None);
}

#[test]
fn authorization() {
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).token("bi-mat")
    });
    let addr = s.addr;
    let r = call(addr, "GET", "/api/articles", &[], b"");
    r.assert_problem(401, Some("Authorization"));
    assert_eq!(r.header("www-authenticate"), "Bearer");
    call(
        addr,
        "GET",
        "/api/articles",
        &[("authorization", "Basic Yjpj")],
        b"",
    )
    .assert_problem(401, Some("Authorization"));
    call(
        addr,
        "GET",
        "/api/articles",
        &[("authorization", "Bearer")],
        b"",
    )
    .assert_problem(401, Some("Authorization"));
    call(
        addr,
        "GET",
        "/api/articles",
        &[("authorization", "Bearer sai")],
        b"",
    )
    .assert_problem(403, Some("Authorization"));
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let v = format!("{scheme} bi-mat");
        assert_eq!(
            call(addr, "GET", "/api/articles", &[("authorization", &v)], b"").status,
            200,
            "{scheme}"
        );
    }
    call(addr, "GET", "/api/khac", &[AUTH], b"").assert_problem(404, None);
    let r = call(addr, "PATCH", "/api/articles", &[AUTH], b"");
    r.assert_problem(405, Some("method"));
    assert_eq!(r.header("allow"), "GET, HEAD, POST");
}

#[test]
fn create_read_update_delete() {
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).token("bi-mat")
    });
    let (addr, store) = (s.addr, &s.store);
    let base = format!("http://{addr}");

    // Bodies refused before the store: content type, emptiness, JSON, fields.
    call(addr, "POST", "/api/articles", &[AUTH], b"").assert_problem(415, Some("Content-Type"));
    call(addr, "POST", "/api/articles", &[AUTH], b"{}").assert_problem(415, Some("Content-Type"));
    call(addr, "POST", "/api/articles", &[AUTH, JSON], b"").assert_problem(400, None);
    call(addr, "POST", "/api/articles", &[AUTH, JSON], b"{not json").assert_problem(400, None);
    call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        br#"{"id":"x","title":"T"}"#,
    )
    .assert_problem(400, Some("body"));
    call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        br#"{"id":"x","title":"T","body":"b","slug":"Sai Slug"}"#,
    )
    .assert_problem(400, Some("slug"));
    call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        br#"{"id":"x","title":"T","body":"b","tags":"mot"}"#,
    )
    .assert_problem(400, Some("tags"));
    call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        br#"{"id":"x","title":"T","body":[{"kind":"x"}]}"#,
    )
    .assert_problem(400, None);
    let mut model = tintuc::import::sample_articles()
        .unwrap()
        .into_iter()
        .find(|a| a.status == Status::Published && !a.tags.is_empty())
        .unwrap();
    model.id = ArticleId::new("api-moi-2").unwrap();
    model.slug = "bai-moi-dang-day-du".parse().unwrap();
    model.title = "   ".into();
    let p = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        serde_json::to_string(&model).unwrap().as_bytes(),
    )
    .assert_problem(422, Some("title"));
    assert_eq!(p["errors"][0]["field"], "title");

    // The plain import format (the README's example): 201, the page at once.
    let plain = r#"{"id":"api-moi-1","title":"Khối thi đua 1 sơ kết phong trào thi đua khen thưởng qua API",
        "body":"Thực hiện Kế hoạch số 08/KH-UBND ngày 22/01/2018 về thi đua khen thưởng.\nDự hội nghị có đại diện các đơn vị.",
        "category":"Thi đua khen thưởng","tags":["Thi đua","Khen thưởng"],"published":"17/8/2018","author":"Trần Việt Tuấn"}"#;
    let r = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        plain.as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("location"), "/api/articles/api-moi-1");
    assert_eq!(r.header("etag"), "\"1\"");
    let j = r.json();
    let slug = "khoi-thi-dua-1-so-ket-phong-trao-thi-dua-khen-thuong-qua-api";
    assert_eq!(j["slug"], slug);
    assert_eq!(j["revision"], 1);
    assert_eq!(j["url"], format!("{base}/tin/{slug}.html"));
    let page = get(addr, &format!("/tin/{slug}.html"));
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("Tin liên quan"),
        "related links for the new article at once"
    );
    assert!(
        get(addr, "/the/thi-dua")
            .text()
            .contains(&format!("/tin/{slug}.html")),
        "on its tag page"
    );
    assert!(get(addr, "/rss.xml").text().contains(slug), "in the feed");
    let search = "/tim-kiem?q=khen+thuong+qua+API";
    assert!(
        get(addr, search).text().contains(slug),
        "found by search at once"
    );

    // The full model form.
    model.title = "Bài mới đăng qua API ở dạng đầy đủ".into();
    let r = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        serde_json::to_string(&model).unwrap().as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(get(addr, "/tin/bai-moi-dang-day-du.html").status, 200);

    // 409: the id exists; the slug exists.
    let p = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        plain.as_bytes(),
    )
    .assert_problem(409, Some("id"));
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("api-moi-1 already exists"),
        "{p}"
    );
    let clash = plain.replace("api-moi-1", "api-moi-3");
    let p = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        clash.as_bytes(),
    )
    .assert_problem(409, Some("slug"));
    assert!(p["detail"].as_str().unwrap().contains(slug), "{p}");

    // GET one and a page of the listing.
    let r = call(addr, "GET", "/api/articles/api-moi-1", &[AUTH], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("etag"), "\"1\"");
    assert_eq!(r.json()["article"]["slug"], slug);
    call(addr, "GET", "/api/articles/khong-co", &[AUTH], b"").assert_problem(404, Some("id"));
    let r = call(
        addr,
        "GET",
        "/api/articles?per_page=5&page=2&status=published",
        &[AUTH],
        b"",
    );
    assert_eq!(r.status, 200);
    let j = r.json();
    assert_eq!(j["items"].as_array().unwrap().len(), 5);
    assert_eq!(j["page"], 2);
    call(addr, "GET", "/api/articles?per_page=1000", &[AUTH], b"")
        .assert_problem(400, Some("per_page"));
    call(addr, "GET", "/api/articles?status=x", &[AUTH], b"").assert_problem(400, Some("status"));

    // PUT: If-Match required, checked, and the page changes on the next request.
    let edited = plain.replace("Dự hội nghị", "Đã sửa: dự hội nghị");
    let put = |h: &[(&str, &str)], body: &str| {
        let mut all = vec![AUTH, JSON];
        all.extend_from_slice(h);
        call(
            addr,
            "PUT",
            "/api/articles/api-moi-1",
            &all,
            body.as_bytes(),
        )
    };
    put(&[], &edited).assert_problem(428, Some("If-Match"));
    put(&[("if-match", "\"9\"")], &edited).assert_problem(412, Some("If-Match"));
    put(&[("if-match", "W/\"1\"")], &edited).assert_problem(412, Some("If-Match"));
    put(&[("if-match", "abc")], &edited).assert_problem(400, Some("If-Match"));
    put(
        &[("if-match", "\"1\"")],
        &edited.replace("\"api-moi-1\"", "\"khac\""),
    )
    .assert_problem(400, Some("id"));
    let r = put(&[("if-match", "\"1\"")], &edited);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("etag"), "\"2\"");
    assert_eq!(
        store
            .get(&"api-moi-1".parse().unwrap())
            .unwrap()
            .unwrap()
            .revision,
        Revision(2)
    );
    assert!(get(addr, &format!("/tin/{slug}.html"))
        .text()
        .contains("Đã sửa: dự hội nghị"));
    put(&[("if-match", "\"1\"")], &edited).assert_problem(412, Some("If-Match"));
    // No id in the body: the URL's.
    let no_id = edited.replace("\"id\":\"api-moi-1\",", "");
    assert_eq!(put(&[("if-match", "*")], &no_id).status, 200);
    let r = call(
        addr,
        "PUT",
        "/api/articles/khong-co",
        &[AUTH, JSON, ("if-match", "*")],
        no_id.as_bytes(),
    );
    r.assert_problem(404, Some("id"));

    // DELETE: If-Match required; then the page is gone (410) and the API has no article.
    let url = format!("/tin/{slug}.html");
    call(addr, "DELETE", "/api/articles/api-moi-1", &[AUTH], b"")
        .assert_problem(428, Some("If-Match"));
    call(
        addr,
        "DELETE",
        "/api/articles/api-moi-1",
        &[AUTH, ("if-match", "\"1\"")],
        b"",
    )
    .assert_problem(412, Some("If-Match"));
    let r = call(
        addr,
        "DELETE",
        "/api/articles/api-moi-1",
        &[AUTH, ("if-match", "\"3\"")],
        b"",
    );
    assert_eq!(r.status, 204, "{}", r.text());
    let gone = get(addr, &url);
    assert_eq!(gone.status, 410);
    assert!(gone.text().contains("Trang đã bị gỡ bỏ"));
    call(addr, "GET", "/api/articles/api-moi-1", &[AUTH], b"").assert_problem(404, Some("id"));
    call(
        addr,
        "DELETE",
        "/api/articles/api-moi-1",
        &[AUTH, ("if-match", "*")],
        b"",
    )
    .assert_problem(404, Some("id"));
    assert!(
        !get(addr, "/the/thi-dua").text().contains(&url),
        "off its tag page"
    );
    // Publishing it again brings the page back.
    assert_eq!(
        call(
            addr,
            "POST",
            "/api/articles",
            &[AUTH, JSON],
            plain.as_bytes()
        )
        .status,
        201
    );
    assert_eq!(get(addr, &url).status, 200);
}

#[test]
fn refresh_applies_writes_made_elsewhere() {
    let s = start(sample_store(), |addr| Config::new(site(addr)));
    let mut a = s
        .store
        .get(&"vks-st-2018-0817-01".parse().unwrap())
        .unwrap()
        .unwrap();
    let url = DefaultUrls.article(&a.article);
    a.article.tags.push("Chủ đề làm mới".into());
    s.store.put(&a.article, Some(a.revision)).unwrap();
    assert_eq!(
        get(s.addr, "/the/chu-de-lam-moi").status,
        404,
        "not seen before the refresh"
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(s.service.refresh(&a.article.id)).unwrap();
    let tag = get(s.addr, "/the/chu-de-lam-moi");
    assert_eq!(tag.status, 200);
    assert!(tag.text().contains(url.as_str()));
}

/// An API request: method, path, extra headers, body, and the status it must get.
type Case = (
    &'static str,
    String,
    Vec<(&'static str, &'static str)>,
    Vec<u8>,
    u16,
);

/// Every hostile request the issue lists, on pages and on the API, with and without
/// `Accept: application/json`: never a 5xx; the API and JSON clients get problem+json,
/// browsers get the site's own error page (its chrome: the site's name).
#[test]
fn hostile_requests_get_problems_or_error_pages_never_5xx() {
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).token("bi-mat").max_body_bytes(4096)
    });
    let addr = s.addr;
    let many = vec!["a=1"; 10_000].join("&");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let long_path = format!("/tin/{}.html", "a".repeat(8_000));
    // (method, path, extra headers, body, expected status)
    let api_cases: Vec<Case> = vec![
        ("GET", "/api/articles/%ff".into(), vec![], vec![], 400),
        ("GET", "/api/articles/%ff%fe%fd".into(), vec![], vec![], 400),
        ("GET", "/api/articles?status=%ff".into(), vec![], vec![], 400),
        ("GET", "/api/articles?q=%c3%28".into(), vec![], vec![], 400),
        ("GET", format!("/api/articles?{many}"), vec![], vec![], 400),
        ("GET", "/api/articles/..".into(), vec![], vec![], 404),
        ("GET", "/api/articles/%2e%2e".into(), vec![], vec![], 404),
        ("GET", "/api/articles/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd".into(), vec![], vec![], 404),
        ("GET", "/api/articles/../../etc/passwd".into(), vec![], vec![], 404),
        ("GET", "/api/articles/a%2Fb".into(), vec![], vec![], 404),
        ("GET", "/api/articles/a%00b".into(), vec![], vec![], 400),
        ("GET", "/api/%2e%2e/articles".into(), vec![], vec![], 404),
        ("POST", "/api/articles".into(), vec![JSON], b"{\"id\":\"x\",".to_vec(), 400),
        ("POST", "/api/articles".into(), vec![JSON], b"null".to_vec(), 400),
        ("POST", "/api/articles".into(), vec![JSON], b"\"chuoi\"".to_vec(), 400),
        ("POST", "/api/articles".into(), vec![JSON], deep.clone().into_bytes(), 413),
        ("POST", "/api/articles".into(), vec![JSON], b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_vec(), 400),
        ("POST", "/api/articles".into(), vec![JSON], br#"{"id":"x","title":"T","body":"b","published":1e999}"#.to_vec(), 400),
        ("POST", "/api/articles".into(), vec![JSON], br#"{"id":"x\u0000y","title":"T","body":"b"}"#.to_vec(), 400),
        ("POST", "/api/articles".into(), vec![JSON], br#"{"id":"x","title":"T","body":"b","slug":"../../etc"}"#.to_vec(), 400),
        ("POST", "/api/articles".into(), vec![JSON], br#"{"id":"x","title":"T","body":"b","slug":"%2e%2e"}"#.to_vec(), 400),
        ("POST", "/api/articles".into(), vec![("content-type", "text/html")], b"{}".to_vec(), 415),
        ("POST", "/api/articles".into(), vec![("content-type", "multipart/form-data; boundary=x")], b"--x--".to_vec(), 415),
        ("POST", "/api/articles".into(), vec![("content-type", "application/jsonx")], b"{}".to_vec(), 415),
        ("PUT", "/api/articles/a1".into(), vec![("content-type", "text/plain"), ("if-match", "*")], b"{}".to_vec(), 415),
        ("PUT", "/api/articles/a1".into(), vec![JSON, ("if-match", "*")], b"{oops".to_vec(), 400),
        ("PUT", "/api/articles/a1".into(), vec![JSON, ("if-match", "\"99999999999999999999999\"")], b"{}".to_vec(), 400),
        ("PUT", "/api/articles/a1".into(), vec![JSON, ("if-match", "*")], vec![b'x'; 5000], 413),
    ];
    let mut wrong = Vec::new();
    for (method, path, extra, body, want) in &api_cases {
        let mut headers = vec![AUTH];
        headers.extend(extra.iter().copied());
        let r = call(addr, method, path, &headers, body);
        if r.status != *want {
            wrong.push(format!("{method} {path}: {} {}", r.status, r.text()));
            continue;
        }
        r.assert_problem(*want, None);
    }
    // Page routes: problem+json when JSON is asked for, the site's page otherwise.
    let page_cases: Vec<(String, u16)> = vec![
        ("/tin/%ff.html".into(), 404),
        ("/tin/%2e%2e.html".into(), 404),
        ("/tin/%2e%2e%2f%2e%2e%2fCargo.toml".into(), 404),
        ("/tin/..%2f..%2fsrc%2flib.rs".into(), 404),
        ("/tin/..%5c..%5cCargo.toml".into(), 404),
        ("/the/..%2f..%2f".into(), 404),
        ("/chuyen-muc/%2e%2e/rss.xml".into(), 404),
        ("/chuyen-muc/%00".into(), 404),
        ("/tin/a%00b.html".into(), 404),
        ("/../../../etc/passwd".into(), 404),
        ("/%2e%2e/%2e%2e/etc/passwd".into(), 404),
        ("/van-ban/%2e%2e%2f%2e%2e".into(), 404),
        (long_path.clone(), 404),
        ("/?trang=%ff".into(), 400),
        ("/tim-kiem?q=%ff%fe".into(), 400),
        ("/tim-kiem?q=%c3%28".into(), 400),
        (format!("/tim-kiem?{many}"), 400),
        (format!("/the/thi-dua?{many}"), 400),
        ("/chuyen-muc/x?trang=99999999999999999999999".into(), 400),
    ];
    for (path, want) in &page_cases {
        let r = call(addr, "GET", path, &[("accept", "application/json")], b"");
        if r.status != *want {
            wrong.push(format!("GET {path}: {} {}", r.status, r.text()));
            continue;
        }
        r.assert_problem(*want, None);
        let r = call(addr, "GET", path, &[("accept", "text/html")], b"");
        assert_eq!(r.status, *want, "{path}");
        assert!(r.header("content-type").starts_with("text/html"), "{path}");
        assert!(
            r.text().contains("Cổng thông tin thử nghiệm"),
            "{path}: the error page has the site's chrome"
        );
    }
    assert!(
        wrong.is_empty(),
        "unexpected answers:\n{}",
        wrong.join("\n")
    );
    // Nothing hostile reached the store.
    assert_eq!(s.store.count().unwrap(), sample_store().count().unwrap());
    // Ids are keys, never paths: one that looks like a traversal is stored as it is and
    // found again by its percent-encoded URL.
    let r = call(
        addr,
        "POST",
        "/api/articles",
        &[AUTH, JSON],
        r#"{"id":"../x","title":"Tin thử","body":"b"}"#.as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("location"), "/api/articles/..%2Fx");
    let r = call(addr, "GET", "/api/articles/..%2Fx", &[AUTH], b"");
    assert_eq!(r.json()["article"]["id"], "../x");
}

/// Writers whose clients hang up, while they wait for their turn or while their write
/// runs: every write the store took ends up on the pages, with no later write to
/// publish it (a write runs to its end in a task of its own).
#[test]
fn writes_whose_clients_hang_up_still_show() {
    use std::io::Write;
    use std::time::{Duration, Instant};
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).token("bi-mat")
    });
    let addr = s.addr;
    let id = ArticleId::new("bo-di").unwrap();
    let create = r#"{"id":"bo-di","slug":"ban-bo-do","title":"Bản số 0 của bài bỏ dở","body":"b","published":"17/8/2018"}"#;
    assert_eq!(
        call(
            addr,
            "POST",
            "/api/articles",
            &[AUTH, JSON],
            create.as_bytes()
        )
        .status,
        201
    );
    let revision = || s.store.get(&id).unwrap().unwrap().revision;
    let first = revision();
    // Clients hang up at once, or 1, 2, 5 or 10 ms after sending: in the queue for
    // their turn, in the store call, or waiting for publication.
    for (round, wait_ms) in [0u64, 1, 2, 5, 10].into_iter().enumerate() {
        let mut gone = Vec::new();
        for n in 1..=16 {
            let body = format!(
                r#"{{"id":"bo-di","slug":"ban-bo-do","title":"Bản số {} của bài bỏ dở","body":"b","published":"17/8/2018"}}"#,
                round * 100 + n
            );
            let request = format!(
                "PUT /api/articles/bo-di HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer bi-mat\r\n\
                 Content-Type: application/json\r\nIf-Match: *\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            let mut c = std::net::TcpStream::connect(addr).unwrap();
            c.write_all(request.as_bytes()).unwrap();
            gone.push(c);
        }
        std::thread::sleep(Duration::from_millis(wait_ms));
        drop(gone);
    }
    // Once the store has settled (no new revision for half a second), its version is
    // the one on the page, without another write.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = (revision(), Instant::now());
    while last.1.elapsed() < Duration::from_millis(500) {
        assert!(Instant::now() < deadline, "the writes never settled");
        std::thread::sleep(Duration::from_millis(20));
        let now = revision();
        if now != last.0 {
            last = (now, Instant::now());
        }
    }
    let stored = s.store.get(&id).unwrap().unwrap();
    assert!(
        stored.revision > first,
        "no write landed, so nothing was tested"
    );
    let page = get(addr, "/tin/ban-bo-do.html");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains(&stored.article.title),
        "the page does not show stored revision {} ({:?})",
        stored.revision,
        stored.article.title
    );
    eprintln!("writes landed: {}", stored.revision.0 - first.0);
}
