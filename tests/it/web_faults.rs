//! Faults under load, against the server example as its own process (the binary
//! `cargo test --features web,sqlite` builds under `target/<profile>/examples/`):
//!
//! - `kill -9` during a write burst, over SQLite and (with `TINTUC_TEST_PG`) over
//!   PostgreSQL: after a restart on the same database every write that got a 2xx is
//!   there, and no write is half-applied (its page, its API record and its revision
//!   agree);
//! - PostgreSQL stopped and started under load (only with `TINTUC_FAULT_PG_DIR`, the
//!   directory `scripts/pg-test-server.sh` printed, because it takes the server away
//!   from every other test: `.ci/run` runs it alone): the node answers `503`
//!   problem+json while the database is down, never a 500 or a hang, recovers without
//!   a restart, and loses no acknowledged write.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use super::web_client::Reply;

const TOKEN: &str = "bi-mat-tai";
/// Writer threads in a burst.
const WRITERS: usize = 6;

/// The server example's binary, next to this test's `deps` folder.
fn server_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps/it-…");
    let bin = profile_dir
        .join("examples")
        .join(format!("server{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build --example server --features web,sqlite` \
         (plain `cargo test --features web,sqlite` builds it too)",
        bin.display()
    );
    bin
}

/// One server process; killed (SIGKILL) when dropped.
struct Node {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Node {
    /// Starts the server example on `db` on a free loopback port, with the API on.
    fn start(db: &str, extra: &[&str]) -> Node {
        let mut child = Command::new(server_bin())
            .args(["--db", db, "--addr", "127.0.0.1:0", "--token", TOKEN])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawning the server example");
        let stderr = child.stderr.take().expect("piped stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                // "serving DB on http://ADDR as BASE"
                if let Some(addr) = line
                    .split_once(" on http://")
                    .and_then(|(_, rest)| rest.split(' ').next())
                    .and_then(|a| a.parse::<SocketAddr>().ok())
                {
                    let _ = tx.send(addr);
                }
                sink.lock().unwrap().push(line);
            }
        });
        match rx.recv_timeout(Duration::from_secs(180)) {
            Ok(addr) => Node { child, addr, log },
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the server did not start:\n{}",
                    log.lock().unwrap().join("\n")
                );
            }
        }
    }

    /// `kill -9`.
    fn kill9(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaping the server");
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request, `Connection: close`; `Err` when the connection fails or the answer is
/// cut off (the server died), or nothing comes within `timeout`.
fn try_call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> Result<Reply, String> {
    let mut s = TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    s.write_all(&bytes).map_err(|e| format!("write: {e}"))?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).map_err(|e| format!("read: {e}"))?;
    parse(&buf).ok_or_else(|| format!("cut off after {} bytes", buf.len()))
}

/// A whole response (`Content-Length` or chunked), or `None` when it is incomplete.
fn parse(buf: &[u8]) -> Option<Reply> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(buf.get(..end)?).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = buf.get(end + 4..)?;
    let find = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let body = if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        let mut out = Vec::new();
        let mut rest = rest;
        loop {
            let nl = rest.windows(2).position(|w| w == b"\r\n")?;
            let n =
                usize::from_str_radix(std::str::from_utf8(&rest[..nl]).ok()?.trim(), 16).ok()?;
            if n == 0 {
                break out;
            }
            out.extend_from_slice(rest.get(nl + 2..nl + 2 + n)?);
            rest = rest.get(nl + 2 + n + 2..)?;
        }
    } else {
        let n = match find("content-length") {
            Some(v) => v.parse().ok()?,
            None => rest.len(),
        };
        rest.get(..n)?.to_vec()
    };
    Some(Reply {
        status,
        headers,
        body,
    })
}

const AUTH: (&str, &str) = ("authorization", "Bearer bi-mat-tai");
const JSON: (&str, &str) = ("content-type", "application/json");

fn api(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut all = vec![AUTH];
    all.extend_from_slice(headers);
    try_call(
        addr,
        method,
        path,
        &all,
        body.as_bytes(),
        Duration::from_secs(60),
    )
    .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

fn new_article(id: &str, title: &str, text: &str) -> String {
    serde_json::json!({
        "id": id,
        "title": title,
        "body": format!("{text}\nĐoạn thứ hai của bài {id}."),
        "category": "Tin thử tải",
        "tags": ["Thử tải", tag_of(id)],
        "published": "17/8/2018",
    })
    .to_string()
}

/// Each article's own tag: its tag page lists it once the service's indexes have it.
fn tag_of(id: &str) -> String {
    format!("Mã {id}")
}

/// The path of the tag page of article `id`.
fn tag_page(id: &str) -> String {
    let slug = tintuc::model::Slug::from_title(&tag_of(id)).expect("a tag slug");
    format!("/the/{slug}")
}

/// Whether `path` on `addr` answers 200 with `needle` in it.
fn shows(addr: SocketAddr, path: &str, needle: &str) -> bool {
    let r = api(addr, "GET", path, &[], "");
    r.status == 200 && String::from_utf8_lossy(&r.body).contains(needle)
}

/// The text an edited article carries at revision `rev`.
fn version_mark(rev: u64) -> String {
    format!("(phiên bản {rev})")
}

/// What a writer sent, and what came back.
#[derive(Debug, Default)]
struct Outcome {
    /// Created with a 201: id → (slug, title).
    created: BTreeMap<String, (String, String)>,
    /// Sent without an answer (the server died or the database was away): id → title.
    unanswered: BTreeMap<String, String>,
    /// Ids created with a 201 after `late` was raised (the database came back).
    late: Vec<String>,
    /// Each edited article's last acknowledged revision.
    edited: BTreeMap<String, u64>,
    /// Answers that are neither a success nor an allowed refusal.
    wrong: Vec<String>,
}

/// How a writer takes failures.
#[derive(Clone, Copy)]
struct Mode {
    /// A request without an answer ends the writer (the server was killed), rather
    /// than being wrong.
    until_dead: bool,
    /// The status a write may get instead of success (503 while the database is
    /// down), always as problem+json.
    refusal: Option<u16>,
}

/// Writers until the server is killed.
const KILLED: Mode = Mode {
    until_dead: true,
    refusal: None,
};

/// Writers while the database goes away and comes back.
const DB_DOWN: Mode = Mode {
    until_dead: false,
    refusal: Some(503),
};

/// Writer `t`: alternately creates articles and edits its own article `sua-{t}` (the
/// revision in its text) until `stop`, or until the server stops answering.
fn writer(
    addr: SocketAddr,
    t: usize,
    stop: &AtomicBool,
    acks: &AtomicUsize,
    mode: Mode,
    late: &AtomicBool,
    out: &Mutex<Outcome>,
) {
    let Mode {
        until_dead,
        refusal,
    } = mode;
    let edit_id = format!("sua-{t}");
    let mut rev = *out
        .lock()
        .unwrap()
        .edited
        .get(&edit_id)
        .expect("edit article");
    let mut i = 0;
    while !stop.load(Ordering::SeqCst) {
        i += 1;
        let (method, path, body, if_match, id, title) = if i % 3 == 0 {
            let title = format!("Bài sửa của luồng {t}");
            let body = new_article(&edit_id, &title, &version_mark(rev + 1));
            let path = format!("/api/articles/{edit_id}");
            (
                "PUT",
                path,
                body,
                Some(format!("\"{rev}\"")),
                edit_id.clone(),
                title,
            )
        } else {
            let id = format!("tai-{t}-{i}");
            let title = format!("Tin thử tải luồng {t} số {i}");
            let body = new_article(&id, &title, "Nội dung thử tải.");
            ("POST", "/api/articles".to_string(), body, None, id, title)
        };
        let mut headers = vec![AUTH, JSON];
        if let Some(m) = &if_match {
            headers.push(("if-match", m.as_str()));
        }
        let r = try_call(
            addr,
            method,
            &path,
            &headers,
            body.as_bytes(),
            Duration::from_secs(60),
        );
        let mut o = out.lock().unwrap();
        match r {
            Err(e) => {
                if method == "POST" {
                    o.unanswered.insert(id, title);
                }
                if until_dead {
                    return;
                }
                o.wrong.push(format!("{method} {path}: no answer: {e}"));
                return;
            }
            Ok(r) if r.status == 201 || r.status == 200 => {
                let j: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                if method == "POST" {
                    let slug = j["slug"].as_str().unwrap().to_string();
                    if late.load(Ordering::SeqCst) {
                        o.late.push(id.clone());
                    }
                    o.created.insert(id, (slug, title));
                } else {
                    rev = j["revision"].as_u64().unwrap();
                    o.edited.insert(id, rev);
                }
                acks.fetch_add(1, Ordering::SeqCst);
            }
            Ok(r) if Some(r.status) == refusal => {
                if r.header("content-type") != "application/problem+json" {
                    o.wrong
                        .push(format!("{method} {path}: {} not problem+json", r.status));
                }
                if method == "POST" {
                    // Refused: it must not be there. Recorded to be checked.
                    o.unanswered.insert(id, title);
                }
            }
            Ok(r) if method == "PUT" && r.status == 412 && refusal.is_some() => {
                // A PUT whose answer was lost may have been applied: take the revision
                // the store has now.
                drop(o);
                let g = try_call(addr, "GET", &path, &[AUTH], b"", Duration::from_secs(60));
                if let Ok(g) = g {
                    if g.status == 200 {
                        let j: serde_json::Value = serde_json::from_slice(&g.body).unwrap();
                        rev = j["revision"].as_u64().unwrap();
                        // Committed, as the store says: from here on it counts as
                        // acknowledged.
                        out.lock().unwrap().edited.insert(id, rev);
                    }
                }
            }
            Ok(r) => o.wrong.push(format!(
                "{method} {path}: {} {}",
                r.status,
                String::from_utf8_lossy(&r.body)
            )),
        }
    }
}

/// Creates each writer's article to edit, at revision 1.
fn prepare(addr: SocketAddr, out: &Mutex<Outcome>) {
    for t in 0..WRITERS {
        let id = format!("sua-{t}");
        let title = format!("Bài sửa của luồng {t}");
        let r = api(
            addr,
            "POST",
            "/api/articles",
            &[JSON],
            &new_article(&id, &title, &version_mark(1)),
        );
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        out.lock().unwrap().edited.insert(id, 1);
    }
}

/// After the faults: every acknowledged write is there, whole, on the API and its
/// page; every write without an answer is there whole or not at all; the listing's
/// total counts exactly the articles there.
fn verify(addr: SocketAddr, base_total: u64, out: &Outcome) {
    let mut present = 0u64;
    for (id, (slug, title)) in &out.created {
        let r = api(addr, "GET", &format!("/api/articles/{id}"), &[], "");
        assert_eq!(r.status, 200, "acknowledged article {id} lost");
        let j: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(j["article"]["title"], title.as_str(), "{id}");
        assert_eq!(j["article"]["slug"], slug.as_str(), "{id}");
        let page = api(addr, "GET", &format!("/tin/{slug}.html"), &[], "");
        assert_eq!(page.status, 200, "page of {id}");
        assert!(
            String::from_utf8_lossy(&page.body).contains(title.as_str()),
            "page of {id}"
        );
        // The indexes have it too: its tag page lists it.
        assert!(
            shows(addr, &tag_page(id), &format!("/tin/{slug}.html")),
            "tag page of {id}"
        );
        present += 1;
    }
    for (id, title) in &out.unanswered {
        let r = api(addr, "GET", &format!("/api/articles/{id}"), &[], "");
        match r.status {
            404 => {}
            200 => {
                // Applied before the kill: then whole.
                let j: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                assert_eq!(j["article"]["title"], title.as_str(), "{id}");
                let slug = j["article"]["slug"].as_str().unwrap();
                let page = api(addr, "GET", &format!("/tin/{slug}.html"), &[], "");
                assert_eq!(page.status, 200, "page of {id}, written but unanswered");
                present += 1;
            }
            s => panic!("GET /api/articles/{id}: {s}"),
        }
    }
    for (id, acked) in &out.edited {
        let r = api(addr, "GET", &format!("/api/articles/{id}"), &[], "");
        assert_eq!(r.status, 200, "{id}");
        let j: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        let rev = j["revision"].as_u64().unwrap();
        // The last PUT may have committed without its answer: one more, never fewer.
        assert!(
            rev == *acked || rev == acked + 1,
            "{id}: revision {rev}, acknowledged {acked}"
        );
        let text = j["article"].to_string();
        assert!(
            text.contains(&version_mark(rev)),
            "{id}: revision {rev} but its text is another version: {text}"
        );
        let slug = j["article"]["slug"].as_str().unwrap();
        let page = api(addr, "GET", &format!("/tin/{slug}.html"), &[], "");
        assert!(
            String::from_utf8_lossy(&page.body).contains(&version_mark(rev)),
            "{id}: the page shows another version than revision {rev}"
        );
    }
    let r = api(addr, "GET", "/api/articles?per_page=1", &[], "");
    let total = serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["total"]
        .as_u64()
        .unwrap();
    assert_eq!(
        total,
        base_total + WRITERS as u64 + present,
        "the listing counts something that is not a whole write"
    );
}

fn total(addr: SocketAddr) -> u64 {
    let r = api(addr, "GET", "/api/articles?per_page=1", &[], "");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["total"]
        .as_u64()
        .unwrap()
}

/// Starts a node on `db`, bursts writes, kills it with SIGKILL mid-burst, restarts it
/// on the same database and checks what it has.
fn kill_during_burst(db: &str) {
    let mut node = Node::start(db, &[]);
    let base = total(node.addr);
    let out = Mutex::new(Outcome::default());
    prepare(node.addr, &out);
    let stop = AtomicBool::new(false);
    let acks = AtomicUsize::new(0);
    let addr = node.addr;
    let never = AtomicBool::new(false);
    std::thread::scope(|s| {
        for t in 0..WRITERS {
            let (stop, acks, out) = (&stop, &acks, &out);
            let never = &never;
            s.spawn(move || writer(addr, t, stop, acks, KILLED, never, out));
        }
        let t0 = Instant::now();
        while acks.load(Ordering::SeqCst) < 60 {
            assert!(
                t0.elapsed() < Duration::from_secs(120),
                "no burst: {}",
                node.log()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        // Mid-burst: every writer has a request in flight or about to be.
        node.kill9();
        stop.store(true, Ordering::SeqCst);
    });
    let out = out.into_inner().unwrap();
    assert!(out.wrong.is_empty(), "{:#?}", out.wrong);
    assert!(
        out.created.len() >= 30,
        "{} creates acknowledged",
        out.created.len()
    );
    drop(node);
    let node = Node::start(db, &[]);
    verify(node.addr, base, &out);
    println!(
        "kill -9 after {} acknowledged creates and edits to {:?}; {} creates unanswered",
        out.created.len(),
        out.edited.values().collect::<Vec<_>>(),
        out.unanswered.len()
    );
}

#[test]
fn kill_9_during_a_write_burst_sqlite() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("web-faults");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("kill9-{}.sqlite3", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    kill_during_burst(db.to_str().unwrap());
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

/// A database of its own on the test server, dropped afterwards.
#[cfg(feature = "postgres")]
struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

#[cfg(feature = "postgres")]
impl PgDatabase {
    /// A fresh database beside the one `params` (a libpq key=value string) names, and
    /// its `postgres://` URL (what the server example takes).
    fn create(params: &str, name: &str) -> PgDatabase {
        let kv: BTreeMap<&str, &str> = params
            .split_whitespace()
            .filter_map(|p| p.split_once('='))
            .collect();
        let host = kv.get("host").copied().unwrap_or("127.0.0.1");
        let port = kv.get("port").copied().unwrap_or("5432");
        let user = kv.get("user").copied().unwrap_or("postgres");
        let auth = match kv.get("password") {
            Some(p) => format!("{user}:{p}"),
            None => user.to_string(),
        };
        let mut c = postgres::Client::connect(params, postgres::NoTls).unwrap();
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        PgDatabase {
            admin: params.to_string(),
            name: name.to_string(),
            url: format!("postgres://{auth}@{host}:{port}/{name}"),
        }
    }
}

#[cfg(feature = "postgres")]
impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

#[cfg(feature = "postgres")]
#[test]
fn kill_9_during_a_write_burst_postgres() {
    let params = match std::env::var("TINTUC_TEST_PG") {
        Ok(s) if !s.trim().is_empty() => s,
        _ => {
            println!("SKIP: TINTUC_TEST_PG not set");
            return;
        }
    };
    let db = PgDatabase::create(&params, &format!("t_kill9_{}", std::process::id()));
    kill_during_burst(&db.url);
}

/// Stops or starts the test cluster with scripts/fault/pg-ctl.sh.
#[cfg(feature = "postgres")]
fn pg_ctl(action: &str, dir: &str) -> bool {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/fault/pg-ctl.sh");
    Command::new("bash")
        .args([script, action, dir])
        .status()
        .is_ok_and(|s| s.success())
}

/// The test cluster, stopped; started again by [`Stopped::start`], or when dropped (a
/// test failing midway leaves it running for the rest of CI).
#[cfg(feature = "postgres")]
struct Stopped<'a> {
    dir: &'a str,
    started: bool,
}

#[cfg(feature = "postgres")]
impl<'a> Stopped<'a> {
    fn stop(dir: &'a str) -> Self {
        assert!(pg_ctl("stop", dir), "pg-ctl.sh stop failed");
        Stopped {
            dir,
            started: false,
        }
    }

    fn start(mut self) {
        self.started = true;
        assert!(pg_ctl("start", self.dir), "pg-ctl.sh start failed");
    }
}

#[cfg(feature = "postgres")]
impl Drop for Stopped<'_> {
    fn drop(&mut self) {
        if !self.started {
            pg_ctl("start", self.dir);
        }
    }
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_restarted_under_load() {
    let (params, dir) = match (
        std::env::var("TINTUC_TEST_PG"),
        std::env::var("TINTUC_FAULT_PG_DIR"),
    ) {
        (Ok(p), Ok(d)) if !p.trim().is_empty() && !d.trim().is_empty() => (p, d),
        _ => {
            println!("SKIP: TINTUC_TEST_PG and TINTUC_FAULT_PG_DIR not both set");
            return;
        }
    };
    let db = PgDatabase::create(&params, &format!("t_pgrestart_{}", std::process::id()));
    // Two nodes over the database (LISTEN/NOTIFY between them), every page rendered per
    // request: the database is read on each. The writes go to A, reads to both.
    let a = Node::start(&db.url, &["--no-page-cache"]);
    let b = Node::start(&db.url, &["--no-page-cache"]);
    let base = total(a.addr);
    let out = Mutex::new(Outcome::default());
    prepare(a.addr, &out);
    // A page that reads the store on each request: an address the node's catalog does
    // not hold (404 while the database is up). Pages the catalog holds — articles,
    // listings, feeds, sitemaps — are served from memory and keep answering 200.
    let (page, up) = ("/tin/khong-co-bai-nay.html", 404);
    let stop = AtomicBool::new(false);
    let late = AtomicBool::new(false);
    let acks = AtomicUsize::new(0);
    // Statuses the readers saw, by node and kind: page (JSON and HTML), API read.
    let seen = Mutex::new(BTreeMap::<(String, u16), usize>::new());
    let reader_wrong = Mutex::new(Vec::<String>::new());
    let kinds = ["page-json", "page-html", "api"];
    std::thread::scope(|s| {
        for t in 0..WRITERS {
            let (stop, acks, out, late, addr) = (&stop, &acks, &out, &late, a.addr);
            s.spawn(move || writer(addr, t, stop, acks, DB_DOWN, late, out));
        }
        for (node, addr) in [("A", a.addr), ("B", b.addr)] {
            for kind in kinds {
                let (stop, seen, wrong, page) = (&stop, &seen, &reader_wrong, page);
                s.spawn(move || {
                    let name = format!("{node} {kind}");
                    while !stop.load(Ordering::SeqCst) {
                        let (path, headers): (&str, Vec<(&str, &str)>) = match kind {
                            "page-json" => (page, vec![("accept", "application/json")]),
                            "page-html" => (page, vec![("accept", "text/html")]),
                            _ => ("/api/articles/sua-0", vec![AUTH]),
                        };
                        let timeout = Duration::from_secs(30);
                        match try_call(addr, "GET", path, &headers, b"", timeout) {
                            Ok(r) => {
                                let ok = match r.status {
                                    s if s == up && kind != "api" => true,
                                    200 if kind == "api" => true,
                                    503 if kind == "page-html" => {
                                        r.header("content-type").starts_with("text/html")
                                    }
                                    503 => r.header("content-type") == "application/problem+json",
                                    _ => false,
                                };
                                if !ok {
                                    wrong.lock().unwrap().push(format!(
                                        "{name}: {} {}",
                                        r.status,
                                        String::from_utf8_lossy(&r.body)
                                    ));
                                }
                                *seen
                                    .lock()
                                    .unwrap()
                                    .entry((name.clone(), r.status))
                                    .or_default() += 1;
                            }
                            Err(e) => wrong
                                .lock()
                                .unwrap()
                                .push(format!("{name}: no answer: {e}")),
                        }
                        std::thread::sleep(Duration::from_millis(10));
                    }
                });
            }
        }
        let wait_acks = |n: usize, what: &str| {
            let t0 = Instant::now();
            let from = acks.load(Ordering::SeqCst);
            while acks.load(Ordering::SeqCst) < from + n {
                assert!(
                    t0.elapsed() < Duration::from_secs(60),
                    "{what}: {}",
                    a.log()
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            t0.elapsed()
        };
        wait_acks(20, "no writes before the stop");
        let stopped = Stopped::stop(&dir);
        let down = Instant::now();
        std::thread::sleep(Duration::from_secs(3));
        let during = acks.load(Ordering::SeqCst);
        std::thread::sleep(Duration::from_secs(1));
        assert_eq!(
            acks.load(Ordering::SeqCst),
            during,
            "writes acknowledged with the database down"
        );
        let down_for = down.elapsed();
        late.store(true, Ordering::SeqCst);
        stopped.start();
        let recovered = wait_acks(20, "no writes after the database came back");
        println!(
            "database down {:.1} s; 20 more writes acknowledged {:.1} s after it was back",
            down_for.as_secs_f64(),
            recovered.as_secs_f64()
        );
        stop.store(true, Ordering::SeqCst);
    });
    let seen = seen.into_inner().unwrap();
    println!("reader statuses: {seen:?}");
    let wrong = reader_wrong.into_inner().unwrap();
    assert!(wrong.is_empty(), "{wrong:#?}");
    for node in ["A", "B"] {
        for kind in kinds {
            let name = format!("{node} {kind}");
            assert!(
                seen.contains_key(&(name.clone(), 503)),
                "{name}: no 503 while the database was down"
            );
            let ok = if kind == "api" { 200 } else { up };
            assert!(seen.contains_key(&(name.clone(), ok)), "{name}: no {ok}");
        }
    }
    let out = out.into_inner().unwrap();
    assert!(out.wrong.is_empty(), "{:#?}", out.wrong);
    assert!(!out.late.is_empty(), "no article created after the restart");
    // Node B, never restarted, has the writes A acknowledged after the database came
    // back in its indexes (its listener reconnected): their tag pages list them.
    let t0 = Instant::now();
    for id in &out.late {
        let (slug, _) = &out.created[id];
        let needle = format!("/tin/{slug}.html");
        while !shows(b.addr, &tag_page(id), &needle) {
            assert!(
                t0.elapsed() < Duration::from_secs(15),
                "node B never listed {id}: {}",
                b.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    println!(
        "node B had the {} writes made on A after the restart {:.1} s after the load stopped",
        out.late.len(),
        t0.elapsed().as_secs_f64()
    );
    // Every acknowledged write whole on both nodes; writes refused with 503 (in
    // `unanswered`) absent or whole.
    verify(a.addr, base, &out);
    verify(b.addr, base, &out);
}
