//! Old URLs answered with `301 Moved Permanently`: a map from a previous site's paths
//! (a NukeViet module's, from `import::nukeviet::resolve`, or any other) to the
//! new links, put in front of a router.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::model::Link;

/// Old paths and the links they moved to.
///
/// Paths are matched percent-decoded (`/vi/news/tag/b%C3%A3o-l%C5%A9` finds the entry
/// `/vi/news/tag/bão-lũ`), with or without a trailing `/`, ignoring the query; a last
/// segment `page-N` (NukeViet's listing pages) is dropped when the path without it is
/// known, so every page of an old listing leads to the new listing.
///
/// ```
/// use tintuc::model::Link;
/// use tintuc::web::Redirects;
/// let r = Redirects::new([
///     ("/vi/news/tag/bão-lũ".to_string(), Link::new("/the/bao-lu")?),
///     ("/vi/news/thong-bao/".to_string(), Link::new("/chuyen-muc/thong-bao")?),
/// ]);
/// assert_eq!(r.lookup("/vi/news/tag/b%C3%A3o-l%C5%A9").map(Link::as_str), Some("/the/bao-lu"));
/// assert_eq!(r.lookup("/vi/news/thong-bao").map(Link::as_str), Some("/chuyen-muc/thong-bao"));
/// assert_eq!(r.lookup("/vi/news/thong-bao/page-3/").map(Link::as_str), Some("/chuyen-muc/thong-bao"));
/// assert!(r.lookup("/vi/news/khac/").is_none());
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Redirects {
    map: HashMap<String, Link>,
}

impl Redirects {
    /// A map from `(old path, new link)` pairs; old paths percent-decoded or not.
    /// When a path comes twice the first link stays.
    pub fn new(pairs: impl IntoIterator<Item = (String, Link)>) -> Self {
        let mut map = HashMap::new();
        for (from, to) in pairs {
            let key = key(&decode(&from).unwrap_or(from));
            map.entry(key).or_insert(to);
        }
        Redirects { map }
    }

    /// How many old paths the map knows.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The new link for a request path (as sent, percent-encoded or not).
    pub fn lookup(&self, path: &str) -> Option<&Link> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let decoded = decode(path)?;
        let k = key(&decoded);
        if let Some(l) = self.map.get(&k) {
            return Some(l);
        }
        let (base, last) = k.rsplit_once('/')?;
        let n = last.strip_prefix("page-")?;
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.map.get(key(base).as_str())
    }

    /// `router` with the map in front: a `GET` or `HEAD` for a known old path gets
    /// `301` to its new link (non-ASCII bytes percent-encoded in `Location`); every other
    /// request goes on to `router`.
    ///
    /// ```no_run
    /// # async fn serve(service: tintuc::web::Service, redirects: tintuc::web::Redirects) {
    /// let app = redirects.wrap(service.router());
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await.unwrap();
    /// axum::serve(listener, app).await.unwrap();
    /// # }
    /// ```
    pub fn wrap(self, router: Router) -> Router {
        router.layer(axum::middleware::from_fn_with_state(Arc::new(self), answer))
    }
}

async fn answer(State(r): State<Arc<Redirects>>, req: Request, next: Next) -> Response {
    if req.method() == Method::GET || req.method() == Method::HEAD {
        if let Some(to) = r.lookup(req.uri().path()) {
            if let Ok(location) = HeaderValue::from_str(&ascii_location(to.as_str())) {
                return (
                    StatusCode::MOVED_PERMANENTLY,
                    [
                        (header::LOCATION, location),
                        (
                            header::CACHE_CONTROL,
                            HeaderValue::from_static("public, max-age=86400"),
                        ),
                    ],
                )
                    .into_response();
            }
        }
    }
    next.run(req).await
}

/// The map's key: the decoded path without a trailing `/` (the root stays `/`).
fn key(decoded: &str) -> String {
    let t = decoded.trim_end_matches('/');
    if t.is_empty() {
        "/".into()
    } else {
        t.into()
    }
}

/// Percent-decodes a path; `None` when an escape is malformed or the bytes are not UTF-8.
fn decode(path: &str) -> Option<String> {
    if !path.contains('%') {
        return Some(path.to_string());
    }
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A link with its non-ASCII bytes percent-encoded, fit for a `Location` header.
fn ascii_location(link: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for c in link.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_and_keys() {
        assert_eq!(decode("/a%20b/%C4%91").as_deref(), Some("/a b/đ"));
        assert_eq!(decode("/a%2"), None);
        assert_eq!(decode("/a%zz"), None);
        assert_eq!(decode("/%FF"), None);
        assert_eq!(key("/vi/news/"), "/vi/news");
        assert_eq!(key("/"), "/");
        assert_eq!(
            ascii_location("/tin/sơ-kết.html?a=1"),
            "/tin/s%C6%A1-k%E1%BA%BFt.html?a=1"
        );
    }

    #[test]
    fn lookups() {
        let l = |s: &str| Link::new(s).unwrap();
        let r = Redirects::new([
            ("/vi/news/".to_string(), l("/")),
            ("/vi/news/tin-tuc/".to_string(), l("/chuyen-muc/tin-tuc")),
            ("/vi/news/tin-tuc/a-1.html".to_string(), l("/tin/a.html")),
            ("/vi/news/tin-tuc/a-1.html".to_string(), l("/tin/b.html")),
        ]);
        assert_eq!(r.len(), 3);
        let get = |p: &str| r.lookup(p).map(|l| l.as_str().to_string());
        assert_eq!(get("/vi/news").as_deref(), Some("/"));
        assert_eq!(
            get("/vi/news/tin-tuc/a-1.html?x=1").as_deref(),
            Some("/tin/a.html")
        );
        assert_eq!(
            get("/vi/news/tin-tuc/page-2").as_deref(),
            Some("/chuyen-muc/tin-tuc")
        );
        assert_eq!(get("/vi/news/tin-tuc/page-"), None);
        assert_eq!(get("/vi/news/tin-tuc/page-x/"), None);
        assert_eq!(get("/vi/news/khac/page-2"), None);
        assert_eq!(get("/"), None);
        assert_eq!(get("/vi/news/%E0"), None);
    }
}
