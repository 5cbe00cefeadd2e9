//! HTTP mechanics shared by pages and API: validators and `304`s, problem+json,
//! content negotiation for errors, query strings.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Timelike, Utc};

/// Query parameters read at most; a longer query string is a 400.
pub(crate) const MAX_QUERY_PARAMS: usize = 32;

/// `application/problem+json`.
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";

/// A finished page with its validators (what the page cache keeps). The validators'
/// header values are made once with the page, so a cached page's answer only clones
/// them (the `Last-Modified` date alone cost 4,000 instructions a request,
/// scripts/load/page-callgrind.sh).
#[derive(Debug, Clone)]
pub(crate) struct Finished {
    pub content_type: &'static str,
    pub body: Bytes,
    pub etag: String,
    pub last_modified: Option<DateTime<Utc>>,
    etag_header: Option<HeaderValue>,
    last_modified_header: Option<HeaderValue>,
}

impl Finished {
    /// The page `body` as it is (spare capacity and all: a page served once and dropped
    /// is not copied; [`Finished::compact`] trims one the page cache keeps).
    pub fn new(
        content_type: &'static str,
        body: String,
        last_modified: Option<DateTime<Utc>>,
    ) -> Self {
        let etag = etag_of(body.as_bytes());
        // Whole seconds: that is all the header carries.
        let last_modified = last_modified.map(|t| t.with_nanosecond(0).unwrap_or(t));
        Finished {
            content_type,
            etag_header: HeaderValue::from_str(&etag).ok(),
            last_modified_header: last_modified
                .and_then(|t| HeaderValue::from_str(&http_date(t)).ok()),
            etag,
            body: Bytes::from(body),
            last_modified,
        }
    }

    /// The page with its body in a buffer of exactly its size (the page cache holds
    /// thousands of pages; a render's buffer has room to spare). Copies the body once.
    pub fn compact(&self) -> Finished {
        Finished {
            body: Bytes::copy_from_slice(&self.body),
            ..self.clone()
        }
    }
}

/// A strong ETag from the body bytes: their XXH3-64 hash (a fixed, published function,
/// so every node and every version computes the same tag for the same bytes) and the
/// length. A page is hashed on every uncached request: with XXH3 the ETag and the
/// validators of the 16.7 KB model page cost 8,099 instructions, 4,952 of them the hash,
/// against 15,577 with a word-at-a-time hash and a copy of the body
/// (`scripts/load/page-callgrind.sh`).
pub(crate) fn etag_of(body: &[u8]) -> String {
    let h = twox_hash::XxHash3_64::oneshot(body);
    format!("\"{h:016x}-{:x}\"", body.len())
}

/// Whether `If-None-Match` matches `etag` (weak comparison, RFC 9110 §13.1.2).
fn none_match(value: &str, etag: &str) -> bool {
    let etag = etag.trim_start_matches("W/");
    value
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

/// `200` with the page, or `304` when the request's validators match.
pub(crate) fn conditional(req: &HeaderMap, page: &Finished, max_age: u32) -> Response {
    let not_modified = match req.get(header::IF_NONE_MATCH) {
        // If-None-Match wins over If-Modified-Since when both are sent.
        Some(inm) => inm.to_str().is_ok_and(|v| none_match(v, &page.etag)),
        None => match (req.get(header::IF_MODIFIED_SINCE), page.last_modified) {
            (Some(ims), Some(lm)) => ims
                .to_str()
                .ok()
                .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
                .is_some_and(|since| lm <= since.with_timezone(&Utc)),
            _ => false,
        },
    };
    let mut headers = HeaderMap::with_capacity(4);
    if let Some(v) = &page.etag_header {
        headers.insert(header::ETAG, v.clone());
    }
    if let Some(v) = &page.last_modified_header {
        headers.insert(header::LAST_MODIFIED, v.clone());
    }
    if let Some(v) = cache_control(max_age) {
        headers.insert(header::CACHE_CONTROL, v);
    }
    if not_modified {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(page.content_type),
    );
    (StatusCode::OK, headers, Body::from(page.body.clone())).into_response()
}

/// `Cache-Control: public, max-age=N`, made once for the first `N` asked (a service
/// has one) and fresh for any other.
fn cache_control(max_age: u32) -> Option<HeaderValue> {
    static FIRST: OnceLock<(u32, Option<HeaderValue>)> = OnceLock::new();
    let make = |n: u32| HeaderValue::from_str(&format!("public, max-age={n}")).ok();
    let (n, v) = FIRST.get_or_init(|| (max_age, make(max_age)));
    if *n == max_age {
        v.clone()
    } else {
        make(max_age)
    }
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`). Written by hand: chrono's
/// `format` parses its pattern on every call, 4,000 instructions a page
/// (scripts/load/page-callgrind.sh); the test below checks both agree.
pub(crate) fn http_date(t: DateTime<Utc>) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let year = t.year();
    if !(0..=9999).contains(&year) {
        return t.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    }
    let two = |s: &mut String, n: u32| {
        s.push(char::from(b'0' + (n / 10 % 10) as u8));
        s.push(char::from(b'0' + (n % 10) as u8));
    };
    let mut s = String::with_capacity(29);
    s.push_str(
        DAYS.get(t.weekday().num_days_from_monday() as usize)
            .unwrap_or(&"Mon"),
    );
    s.push_str(", ");
    two(&mut s, t.day());
    s.push(' ');
    s.push_str(MONTHS.get(t.month0() as usize).unwrap_or(&"Jan"));
    s.push(' ');
    let y = year.unsigned_abs();
    two(&mut s, y / 100);
    two(&mut s, y);
    s.push(' ');
    two(&mut s, t.hour());
    s.push(':');
    two(&mut s, t.minute());
    s.push(':');
    two(&mut s, t.second());
    s.push_str(" GMT");
    s
}

/// An RFC 9457 problem: `type` is `about:blank`, `title` the status's phrase or a
/// short summary, `detail` what happened, `field` the request field at fault.
/// Boxed: it travels in `Result::Err` through every handler.
#[derive(Debug)]
pub(crate) struct Problem(Box<ProblemParts>);

/// The members of a [`Problem`].
#[derive(Debug)]
pub(crate) struct ProblemParts {
    pub status: StatusCode,
    pub title: &'static str,
    pub detail: String,
    pub field: Option<String>,
    pub errors: Option<serde_json::Value>,
    /// Further members of the answer (RFC 9457 extension members).
    pub members: Vec<(&'static str, serde_json::Value)>,
    pub headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl Problem {
    pub fn new(status: StatusCode, title: &'static str, detail: impl Into<String>) -> Self {
        Problem(Box::new(ProblemParts {
            status,
            title,
            detail: detail.into(),
            field: None,
            errors: None,
            members: Vec::new(),
            headers: Vec::new(),
        }))
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn member(mut self, name: &'static str, value: serde_json::Value) -> Self {
        self.members.push((name, value));
        self
    }

    pub fn header(mut self, name: header::HeaderName, value: &'static str) -> Self {
        self.headers.push((name, HeaderValue::from_static(value)));
        self
    }
}

impl std::ops::Deref for Problem {
    type Target = ProblemParts;
    fn deref(&self) -> &ProblemParts {
        &self.0
    }
}

impl std::ops::DerefMut for Problem {
    fn deref_mut(&mut self) -> &mut ProblemParts {
        &mut self.0
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let p = *self.0;
        let mut body = serde_json::Map::new();
        body.insert("type".into(), "about:blank".into());
        body.insert("title".into(), p.title.into());
        body.insert("status".into(), p.status.as_u16().into());
        body.insert("detail".into(), p.detail.into());
        if let Some(f) = p.field {
            body.insert("field".into(), f.into());
        }
        if let Some(e) = p.errors {
            body.insert("errors".into(), e);
        }
        for (k, v) in p.members {
            body.insert(k.into(), v);
        }
        let text = serde_json::Value::Object(body).to_string();
        let mut r = (p.status, text).into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        for (k, v) in p.headers {
            h.insert(k, v);
        }
        r
    }
}

/// Whether the client asked for JSON rather than a page (an `Accept` that names a JSON
/// type and not `text/html`).
pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let accept = accept.to_ascii_lowercase();
    accept.contains("json") && !accept.contains("text/html")
}

/// Why a query string was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BadQuery {
    TooMany,
    NotUtf8,
}

impl BadQuery {
    pub fn problem(self) -> Problem {
        match self {
            BadQuery::TooMany => Problem::new(
                StatusCode::BAD_REQUEST,
                "too many query parameters",
                format!("at most {MAX_QUERY_PARAMS} query parameters are read"),
            ),
            BadQuery::NotUtf8 => Problem::new(
                StatusCode::BAD_REQUEST,
                "query not utf-8",
                "the query string decodes to bytes that are not UTF-8",
            ),
        }
        .field("query")
    }
}

/// Decodes `%XX` and `+` (form encoding); `None` when the bytes are not UTF-8. A `%`
/// not followed by two hex digits stays as it is.
pub(crate) fn percent_decode(s: &str, plus_is_space: bool) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = |j: usize| b.get(j).and_then(|&h| (h as char).to_digit(16));
        match c {
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(hi), Some(lo)) => {
                    // Two hex digits: at most 255.
                    out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                    i += 3;
                    continue;
                }
                _ => out.push(c),
            },
            b'+' if plus_is_space => out.push(b' '),
            _ => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The query's `name=value` pairs, decoded; at most [`MAX_QUERY_PARAMS`].
pub(crate) fn query_params(query: Option<&str>) -> Result<Vec<(String, String)>, BadQuery> {
    let Some(q) = query.filter(|q| !q.is_empty()) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, pair) in q.split('&').filter(|p| !p.is_empty()).enumerate() {
        if i >= MAX_QUERY_PARAMS {
            return Err(BadQuery::TooMany);
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = percent_decode(k, true).ok_or(BadQuery::NotUtf8)?;
        let v = percent_decode(v, true).ok_or(BadQuery::NotUtf8)?;
        out.push((k, v));
    }
    Ok(out)
}

/// The value of `name` in decoded query pairs (the first one).
pub(crate) fn param<'q>(params: &'q [(String, String)], name: &str) -> Option<&'q str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_match_chrono_formatting() {
        let mut t = 0i64;
        // Every second of several days, then one instant a day for four centuries.
        while t < 4 * 86_400 {
            let d = DateTime::<Utc>::from_timestamp(t, 0).unwrap();
            assert_eq!(
                http_date(d),
                d.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
            );
            t += 7;
        }
        for day in -200_000i64..60_000 {
            let d = DateTime::<Utc>::from_timestamp(day * 86_400 + 45_296, 0).unwrap();
            assert_eq!(
                http_date(d),
                d.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
            );
        }
        let far = DateTime::<Utc>::from_timestamp(300_000_000_000, 0).unwrap();
        assert_eq!(
            http_date(far),
            far.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
        );
    }

    #[test]
    fn queries_decode_and_refuse() {
        let p = query_params(Some("q=so+k%E1%BA%BFt&trang=2&x")).unwrap();
        assert_eq!(param(&p, "q"), Some("so kết"));
        assert_eq!(param(&p, "trang"), Some("2"));
        assert_eq!(param(&p, "x"), Some(""));
        assert_eq!(query_params(Some("q=%FF")), Err(BadQuery::NotUtf8));
        let many = vec!["a=1"; 10_000].join("&");
        assert_eq!(query_params(Some(&many)), Err(BadQuery::TooMany));
        assert_eq!(percent_decode("100%", false).as_deref(), Some("100%"));
        assert_eq!(percent_decode("%4", false).as_deref(), Some("%4"));
    }

    #[test]
    fn etags_change_with_any_byte() {
        let page = "Trang tin điện tử ".repeat(100);
        let tag = etag_of(page.as_bytes());
        assert_eq!(tag, etag_of(page.as_bytes()));
        let mut seen = std::collections::HashSet::new();
        seen.insert(tag);
        for i in 0..page.len() {
            let mut b = page.clone().into_bytes();
            b[i] ^= 1;
            assert!(seen.insert(etag_of(&b)), "byte {i}");
        }
        for n in 0..20 {
            assert!(seen.insert(etag_of(&vec![0u8; n])), "{n} zero bytes");
        }
    }

    #[test]
    fn weak_and_strong_validators_match() {
        assert!(none_match("\"a-1\"", "\"a-1\""));
        assert!(none_match("W/\"a-1\"", "\"a-1\""));
        assert!(none_match("\"x\", W/\"a-1\"", "\"a-1\""));
        assert!(none_match("*", "\"a-1\""));
        assert!(!none_match("\"a-2\"", "\"a-1\""));
    }
}
