//! A `tintuc::web` service on a loopback port, and a raw HTTP/1.1 client for it (raw so
//! that tests can send what real clients never would: bad bytes in the request line,
//! lying headers).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use tintuc::model::Timestamp;
use tintuc::render::Site;
use tintuc::store::{ArticleStore, MemoryStore};
use tintuc::web::{Config, Service};

/// A running service; dropping it stops the runtime.
pub struct Server {
    pub addr: SocketAddr,
    pub service: Service,
    pub store: Arc<dyn ArticleStore>,
    _rt: tokio::runtime::Runtime,
}

/// A store holding the bundled sample articles.
pub fn sample_store() -> Arc<dyn ArticleStore> {
    let store = MemoryStore::new();
    for a in tintuc::import::sample_articles().unwrap() {
        store.put(&a, None).unwrap();
    }
    Arc::new(store)
}

/// The site every test serves: named, at the loopback address with its port.
pub fn site(addr: SocketAddr) -> Site {
    Site::new(
        "Cổng thông tin thử nghiệm",
        format!("http://{addr}").parse().unwrap(),
    )
}

/// Serves `store` with the configuration `config` makes for the bound address.
pub fn start(store: Arc<dyn ArticleStore>, config: impl FnOnce(SocketAddr) -> Config) -> Server {
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
        .block_on(Service::new(Arc::clone(&store), config(addr)))
        .unwrap();
    let app = service.router();
    rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        addr,
        service,
        store,
        _rt: rt,
    }
}

/// A response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text()))
    }

    /// Asserts an RFC 9457 problem with this status (and field, when given).
    pub fn assert_problem(&self, status: u16, field: Option<&str>) -> serde_json::Value {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("content-type"), "application/problem+json");
        let p = self.json();
        assert_eq!(p["status"], status);
        assert!(p["title"].is_string() && p["detail"].is_string(), "{p}");
        if let Some(f) = field {
            assert_eq!(p["field"], f, "{p}");
        }
        p
    }
}

/// Sends raw request bytes (the client adds nothing) and reads the whole response.
pub fn raw(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(request).unwrap();
    let mut buf = Vec::new();
    // The server may close before reading a body it refused; what it sent is read anyway.
    let _ = s.read_to_end(&mut buf);
    parse(&buf)
}

fn parse(buf: &[u8]) -> Reply {
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(buf)));
    let head = std::str::from_utf8(&buf[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = buf[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let nl = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let n = usize::from_str_radix(std::str::from_utf8(&rest[..nl]).unwrap().trim(), 16)
                .unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + n]);
            rest = &rest[nl + 2 + n + 2..];
        }
        body = out;
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// One request with `Connection: close` and a `Content-Length` when there is a body.
pub fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" || method == "PUT" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    raw(addr, &bytes)
}

pub fn get(addr: SocketAddr, path: &str) -> Reply {
    call(addr, "GET", path, &[], b"")
}

/// An instant written in RFC 3339, for the tests that drive the service's clock.
pub fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// `t` as nanoseconds, for a clock kept in an `AtomicI64` the test moves.
pub fn nanos(t: Timestamp) -> i64 {
    t.timestamp_nanos_opt().unwrap()
}

/// The instant `n` nanoseconds after the epoch, in Vietnam's time zone.
pub fn from_nanos(n: i64) -> Timestamp {
    chrono::DateTime::from_timestamp_nanos(n).with_timezone(&tintuc::model::VIETNAM_OFFSET)
}
