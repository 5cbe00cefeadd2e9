//! The JSON API under `/api/articles`: bearer tokens mapped to users and their roles,
//! problem+json for every error, revisions as ETags with `If-Match`, writes checked
//! against the user's rights (see [`write`]), each article's history under
//! `/api/articles/{id}/revisions` and its status changes under `/api/audit` (see
//! [`revisions`]).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::model::{ArticleId, Status};
use crate::store::{Filter, ListQuery, Revision, StoreError, StoredArticle};

use super::body::{invalid, parse_article};
use super::http::{param, percent_decode, query_params, Problem};
use super::state::{store_failure, Failure, Shared};
use super::{ApiUser, ApiUsers};

/// Most articles in one page of `GET /api/articles`.
const MAX_PER_PAGE: usize = 100;

mod revisions;
mod write;

/// What an API path names.
enum Target {
    Collection,
    Item(ArticleId),
    /// `/api/articles/{id}/revisions`
    Revisions(ArticleId),
    /// `/api/articles/{id}/revisions/{rev}`
    Revision(ArticleId, Revision),
    /// `/api/articles/{id}/revisions/{rev}/diff`
    Diff(ArticleId, Revision),
    /// `/api/articles/{id}/revisions/{rev}/restore`
    Restore(ArticleId, Revision),
    /// `/api/audit`
    Audit,
}

/// Every request under `/api`.
pub(crate) async fn handle(State(sh): State<Arc<Shared>>, req: Request) -> Response {
    match serve(&sh, req).await {
        Ok(r) => r,
        Err(p) => p.into_response(),
    }
}

async fn serve(sh: &Arc<Shared>, req: Request) -> Result<Response, Problem> {
    let (parts, body) = req.into_parts();
    let target = target(parts.uri.path())?;
    if sh.users.is_empty() {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            "api off",
            "this site has no API token configured, so the API is off",
        ));
    }
    let user = authorize(&sh.users, &parts.headers)?;
    let params = query_params(parts.uri.query()).map_err(|b| b.problem())?;
    let method = parts.method.clone();
    match (&target, &method) {
        (Target::Collection, &Method::GET | &Method::HEAD) => list(sh, &params).await,
        (Target::Item(id), &Method::GET | &Method::HEAD) => get(sh, id.clone()).await,
        (Target::Collection, &Method::POST) => {
            let bytes = read_body(sh, &parts.headers, body).await?;
            let article = parse_article(&bytes, None)?;
            write::create(sh, user, article).await
        }
        (Target::Item(id), &Method::PUT) => {
            let expected = if_match(&parts.headers)?;
            let bytes = read_body(sh, &parts.headers, body).await?;
            let article = parse_article(&bytes, Some(id.as_str()))?;
            write::update(sh, user, article, expected).await
        }
        (Target::Item(id), &Method::DELETE) => {
            let expected = if_match(&parts.headers)?;
            write::delete(sh, user, id.clone(), expected).await
        }
        (Target::Revisions(id), &Method::GET | &Method::HEAD) => {
            revisions::list(sh, id.clone()).await
        }
        (Target::Revision(id, rev), &Method::GET | &Method::HEAD) => {
            revisions::get(sh, id.clone(), *rev).await
        }
        (Target::Diff(id, rev), &Method::GET | &Method::HEAD) => {
            revisions::diff(sh, id.clone(), *rev, &params).await
        }
        (Target::Restore(id, rev), &Method::POST) => {
            let expected = if_match(&parts.headers)?;
            revisions::restore(sh, user, id.clone(), *rev, expected).await
        }
        (Target::Audit, &Method::GET | &Method::HEAD) => revisions::audit(sh, &params).await,
        (Target::Collection, _) => Err(not_allowed("GET, HEAD, POST")),
        (Target::Item(_), _) => Err(not_allowed("GET, HEAD, PUT, DELETE")),
        (Target::Revisions(_) | Target::Revision(..) | Target::Diff(..), _) => {
            Err(not_allowed("GET, HEAD"))
        }
        (Target::Restore(..), _) => Err(not_allowed("POST")),
        (Target::Audit, _) => Err(not_allowed("GET, HEAD")),
    }
}

fn not_allowed(allow: &'static str) -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed",
        format!("this resource answers {allow}"),
    )
    .field("method")
    .header(header::ALLOW, allow)
}

fn target(path: &str) -> Result<Target, Problem> {
    let not_found = || {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not found",
            "the API has /api/articles, /api/articles/{id}, \
             /api/articles/{id}/revisions[/{rev}[/diff|/restore]] and /api/audit",
        )
    };
    if path == "/api/audit" {
        return Ok(Target::Audit);
    }
    let rest = path.strip_prefix("/api/articles").ok_or_else(not_found)?;
    if rest.is_empty() || rest == "/" {
        return Ok(Target::Collection);
    }
    let path = rest.strip_prefix('/').ok_or_else(not_found)?;
    let mut segments = path.split('/');
    let raw = segments.next().unwrap_or_default();
    let tail: Vec<&str> = segments.collect();
    let id = percent_decode(raw, false).ok_or_else(|| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "id not utf-8",
            "the id in the path decodes to bytes that are not UTF-8",
        )
        .field("id")
    })?;
    let id = ArticleId::new(id)
        .map_err(|e| Problem::new(StatusCode::BAD_REQUEST, "bad id", e.to_string()).field("id"))?;
    let rev = |s: &str| {
        s.parse::<u64>().map(Revision).map_err(|_| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "bad revision",
                "the revision in the path must be a whole number",
            )
            .field("revision")
        })
    };
    match tail.as_slice() {
        [] => Ok(Target::Item(id)),
        ["revisions"] | ["revisions", ""] => Ok(Target::Revisions(id)),
        ["revisions", r] => Ok(Target::Revision(id, rev(r)?)),
        ["revisions", r, "diff"] => Ok(Target::Diff(id, rev(r)?)),
        ["revisions", r, "restore"] => Ok(Target::Restore(id, rev(r)?)),
        _ => Err(not_found()),
    }
}

/// Checks `Authorization: Bearer <token>` (the scheme in any case): the token's user.
fn authorize<'u>(users: &'u ApiUsers, headers: &HeaderMap) -> Result<&'u ApiUser, Problem> {
    let missing = |detail: &'static str| {
        Problem::new(StatusCode::UNAUTHORIZED, "missing bearer token", detail)
            .field("Authorization")
            .header(header::WWW_AUTHENTICATE, "Bearer")
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| missing("send Authorization: Bearer <token>"))?
        .to_str()
        .map_err(|_| missing("the Authorization header is not visible ASCII"))?;
    let (scheme, given) = value
        .trim()
        .split_once(' ')
        .ok_or_else(|| missing("send Authorization: Bearer <token>"))?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(missing("the Authorization scheme must be Bearer"));
    }
    users.find(given.trim()).ok_or_else(|| {
        Problem::new(
            StatusCode::FORBIDDEN,
            "wrong bearer token",
            "the token is not valid",
        )
        .field("Authorization")
    })
}

/// What `If-Match` asks for.
#[derive(Debug, Clone, Copy)]
enum Expected {
    /// `*`: any current revision.
    Any,
    /// `"N"`.
    Revision(u64),
}

/// `If-Match`: required on PUT, DELETE and restore (428 without it).
fn if_match(headers: &HeaderMap) -> Result<Expected, Problem> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Err(Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "missing If-Match",
            "send If-Match: \"<revision>\" with the revision you edited (the ETag of GET /api/articles/{id})",
        )
        .field("If-Match"));
    };
    let bad = || {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad If-Match",
            "If-Match must be \"<revision>\" (a number in quotes) or *",
        )
        .field("If-Match")
    };
    let v = v.to_str().map_err(|_| bad())?.trim();
    if v == "*" {
        return Ok(Expected::Any);
    }
    if v.starts_with("W/") {
        // A weak validator never matches under If-Match's strong comparison.
        return Err(Problem::new(
            StatusCode::PRECONDITION_FAILED,
            "revision mismatch",
            "a weak validator never matches If-Match",
        )
        .field("If-Match"));
    }
    v.strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(v)
        .parse::<u64>()
        .map(Expected::Revision)
        .map_err(|_| bad())
}

/// Reads a JSON body: 415 without a JSON content type, 413 past the limit.
async fn read_body(sh: &Shared, headers: &HeaderMap, body: Body) -> Result<Vec<u8>, Problem> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    let json = content_type.as_deref().is_some_and(|t| {
        t == "application/json" || (t.starts_with("application/") && t.ends_with("+json"))
    });
    if !json {
        let detail = match content_type {
            None => "send Content-Type: application/json".to_string(),
            Some(t) => format!("the body must be application/json, not {t}"),
        };
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported media type",
            detail,
        )
        .field("Content-Type")
        .header(header::ACCEPT, "application/json"));
    }
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body too large",
            format!("the body is larger than {} bytes", sh.max_body),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > sh.max_body as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, sh.max_body)
        .await
        .map(|b| b.to_vec())
        .map_err(|_| too_large())
}

/// A store error from a write as a problem.
fn write_problem(e: StoreError) -> Problem {
    match e {
        StoreError::Invalid(v) => invalid(std::slice::from_ref(&v)),
        StoreError::Conflict {
            id,
            actual: Some(_),
            expected: None,
        } => Problem::new(
            StatusCode::CONFLICT,
            "id exists",
            format!(
                "an article with id {id} already exists; update it with PUT /api/articles/{{id}}"
            ),
        )
        .field("id"),
        StoreError::Conflict {
            id,
            expected,
            actual,
        } => Problem::new(
            StatusCode::PRECONDITION_FAILED,
            "revision mismatch",
            format!(
                "article {id} is at revision {}, not {}",
                actual.map_or_else(|| "none".into(), |r| r.to_string()),
                expected.map_or_else(|| "none".into(), |r| r.to_string()),
            ),
        )
        .field("If-Match"),
        StoreError::SlugTaken { slug, owner } => Problem::new(
            StatusCode::CONFLICT,
            "slug exists",
            format!("slug {slug} is already used by article {owner}"),
        )
        .field("slug"),
        StoreError::NotFound { id } => Problem::new(
            StatusCode::NOT_FOUND,
            "not found",
            format!("article {id} not found"),
        )
        .field("id"),
        e @ StoreError::RevisionNotFound { .. } => {
            Problem::new(StatusCode::NOT_FOUND, "revision not found", e.to_string())
                .field("revision")
        }
        other => store_failure(other).1,
    }
}

fn failure_problem(f: Failure) -> Problem {
    match f {
        Failure::Store(e) => write_problem(e),
        Failure::BadRequest(p) => p,
        Failure::NotFound => Problem::new(StatusCode::NOT_FOUND, "not found", "not found"),
        Failure::Gone | Failure::Moved(_) => Problem::new(StatusCode::GONE, "gone", "gone"),
        Failure::Task(e) => {
            eprintln!("tintuc::web: api task failed: {e}");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
                "the server failed",
            )
        }
    }
}

fn json(status: StatusCode, value: &serde_json::Value) -> Response {
    let mut r = (status, value.to_string()).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn revision_etag(r: &mut Response, rev: Revision) {
    if let Ok(v) = HeaderValue::from_str(&format!("\"{rev}\"")) {
        r.headers_mut().insert(header::ETAG, v);
    }
}

fn stored_json(s: &StoredArticle) -> serde_json::Value {
    serde_json::json!({"revision": s.revision, "article": s.article})
}

async fn list(sh: &Arc<Shared>, params: &[(String, String)]) -> Result<Response, Problem> {
    let number = |name: &'static str, default: usize, max: usize| -> Result<usize, Problem> {
        match param(params, name) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|&n| (1..=max).contains(&n))
                .ok_or_else(|| {
                    Problem::new(
                        StatusCode::BAD_REQUEST,
                        "bad query parameter",
                        format!("{name} must be a whole number from 1 to {max}"),
                    )
                    .field(name)
                }),
        }
    };
    let page = number("page", 1, usize::MAX / MAX_PER_PAGE)?;
    let per_page = number("per_page", 20, MAX_PER_PAGE)?;
    let mut q = ListQuery::new(Filter::All).page(page).per_page(per_page);
    if let Some(v) = param(params, "status") {
        let status: Status = serde_json::from_value(serde_json::Value::String(v.to_string()))
            .map_err(|_| {
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    "bad query parameter",
                    "status must be draft, in_review, approved, scheduled, published, expired \
                     or withdrawn",
                )
                .field("status")
            })?;
        q = q.status(status);
    }
    let listing = sh
        .with_store(move |s| s.list(&q))
        .await
        .map_err(failure_problem)?;
    let items: Vec<serde_json::Value> = listing.items.iter().map(stored_json).collect();
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({"total": listing.total, "page": page, "per_page": per_page, "items": items}),
    ))
}

async fn get(sh: &Arc<Shared>, id: ArticleId) -> Result<Response, Problem> {
    let key = id.clone();
    let found = sh
        .with_store(move |s| s.get(&key))
        .await
        .map_err(failure_problem)?
        .ok_or_else(|| write_problem(StoreError::NotFound { id }))?;
    let mut r = json(StatusCode::OK, &stored_json(&found));
    revision_etag(&mut r, found.revision);
    Ok(r)
}
